use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use parallax::pipeline;

use super::{corpus_or_default, print_warnings, Common};

#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// A folder of articles or a single file (default: corpus/).
    corpus: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
}

pub fn run(args: QuotesArgs) -> Result<()> {
    let config = args.common.config()?;
    let resources = args.common.resources()?;
    let (analysis, _) = pipeline::analyse(corpus_or_default(&args.corpus), &resources, &config)?;
    print_warnings(&analysis.corpus.warnings, args.common.quiet);
    let names: std::collections::HashMap<&str, (&str, &str)> = analysis
        .corpus
        .articles
        .iter()
        .map(|a| (a.id.as_str(), (a.display_name(), a.outlet_name())))
        .collect();
    outln!(
        "{:<28} {:<12} {:<26} {:<10} {:<14} {:<8} TEXT",
        "ARTICLE",
        "OUTLET",
        "SPEAKER",
        "SIDE",
        "VERB",
        "KIND"
    );
    for q in &analysis.comparison.quotes {
        let (name, outlet) = names[q.article.as_str()];
        let speaker = q
            .speaker
            .as_ref()
            .map(|s| s.name.as_str())
            .unwrap_or("unattributed");
        let side = q
            .speaker
            .as_ref()
            .and_then(|s| s.side.as_deref())
            .unwrap_or("");
        outln!(
            "{:<28} {:<12} {:<26} {:<10} {:<14} {:<8} {}",
            clip(name, 28),
            clip(outlet, 12),
            clip(speaker, 26),
            clip(side, 10),
            clip(q.verb.as_deref().unwrap_or(""), 14),
            q.kind.label(),
            parallax::text::preview(&q.text, 90)
        );
    }
    if !args.common.quiet {
        outln!(
            "\n{} quotations; {} groups of the same quotation across articles.",
            analysis.comparison.quotes.len(),
            analysis.comparison.quote_groups.len()
        );
    }
    Ok(())
}

pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n - 1).collect();
        out.push('…');
        out
    }
}
