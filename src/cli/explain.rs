use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Args;
use parallax::{cluster, pipeline};

use super::{corpus_or_default, Common};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// First article: its id, input id, or file name (a unique prefix is enough).
    a: String,
    /// Second article.
    b: String,
    /// A folder of articles or a single file (default: corpus/).
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    common: Common,
}

pub fn run(args: ExplainArgs) -> Result<()> {
    let config = args.common.config()?;
    let resources = args.common.resources()?;
    let corpus = pipeline::ingest(corpus_or_default(&args.corpus), &resources, &config)?;
    let find = |key: &str| -> Result<usize> {
        let hits: Vec<usize> = corpus
            .articles
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                a.id.starts_with(key)
                    || a.given_id.as_deref() == Some(key)
                    || a.display_name().starts_with(key)
            })
            .map(|(i, _)| i)
            .collect();
        match hits.as_slice() {
            [one] => Ok(*one),
            [] => Err(parallax::Error::Usage(format!("no article matches `{key}`")).into()),
            _ => bail!(parallax::Error::Usage(format!(
                "`{key}` matches {} articles; give more of the id",
                hits.len()
            ))),
        }
    };
    let (a, b) = (find(&args.a)?, find(&args.b)?);
    let model = cluster::cluster(&corpus.articles, &config.cluster);
    let e = cluster::explain(&model, &corpus.articles, a, b, &config.cluster);
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&e)?);
        return Ok(());
    }
    let (ta, tb) = (&corpus.articles[a].title, &corpus.articles[b].title);
    outln!("A: {ta}\nB: {tb}\n");
    outln!(
        "Similarity of the texts: {:.3} (event threshold {})",
        e.similarity,
        e.event_threshold
    );
    outln!(
        "Similarity of the names they carry: {:.3} (storyline threshold {})",
        e.names_similarity,
        e.storyline_threshold
    );
    outln!(
        "Same event: {}; same storyline: {}",
        yes(e.same_event),
        yes(e.same_storyline)
    );
    if let Some(days) = e.days_apart {
        outln!(
            "Days apart: {days} (event window {} days)",
            config.cluster.time_window_days
        );
    }
    for (heading, terms) in [
        ("Shared words of the texts", &e.shared_terms),
        ("Shared names", &e.shared_names),
    ] {
        outln!("{heading} (contribution to the similarity):");
        for (term, weight) in terms {
            outln!("  {term:<30} {weight:.3}");
        }
    }
    outln!("Shared actors: {}", list(&e.shared_actors));
    outln!("Shared numbers: {}", list(&e.shared_numbers));
    Ok(())
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}
