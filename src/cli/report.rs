use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use parallax::pipeline;
use parallax::progress::Progress;
use parallax::report::output::{Kind, OutputFolder};
use parallax::report::{self, ReportOptions, Templates};

use super::progress::Stages;
use super::{corpus_or_default, print_warnings, Common};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A folder of articles or a single file (default: corpus/).
    corpus: Option<PathBuf>,
    /// Where to write the briefing.
    #[arg(short, long, default_value = "output")]
    output: PathBuf,
    /// Use your own templates from this folder (see `parallax templates export`).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Start CSV files with a UTF-8 byte-order mark (for spreadsheet programs that need it).
    #[arg(long)]
    csv_bom: bool,
    #[command(flatten)]
    common: Common,
}

pub fn run(args: ReportArgs) -> Result<()> {
    let config = args.common.config()?;
    let resources = args.common.resources()?;
    // Load templates before the work, so a broken template fails fast.
    let templates = Templates::load(args.templates.as_deref())?;
    let corpus = corpus_or_default(&args.corpus);
    // The output folder is checked and locked before the work: a folder that is or holds the
    // corpus, holds files Parallax did not write, or is being written by another run is refused.
    let _folder = OutputFolder::claim(&args.output, Some(corpus), Kind::Report)?;
    let progress = Stages::new(args.common.quiet);
    progress.begin(&format!("reading {}", corpus.display()), "articles", None);
    let ingested = pipeline::ingest(corpus, &resources, &config)?;
    progress.advance(ingested.articles.len() as u64);
    progress.end();
    let (analysis, _) =
        pipeline::analyse_corpus_reporting(ingested, &resources, &config, &progress);
    let written = report::write(
        &analysis,
        &resources.outlets,
        &templates,
        &args.output,
        &ReportOptions {
            csv_bom: args.csv_bom,
        },
        &progress,
    );
    progress.end();
    let written = written?;
    print_warnings(&analysis.corpus.warnings, args.common.quiet);
    print_warnings(&analysis.comparison.warnings, args.common.quiet);
    if !args.common.quiet {
        eprintln!(
            "Read {} from {} ({}); found {}, {}, {} in {}. Wrote {} to {}/ — open {}/index.html.",
            counted(analysis.corpus.articles.len(), "article"),
            corpus.display(),
            counted(
                analysis.corpus.warnings.len() + analysis.comparison.warnings.len(),
                "warning"
            ),
            counted(analysis.clustering.storylines.len(), "storyline"),
            counted(analysis.clustering.events().count(), "event"),
            counted(analysis.comparison.quotes.len(), "quotation"),
            counted(analysis.comparison.quote_groups.len(), "aligned group"),
            counted(written.len(), "file"),
            args.output.display(),
            args.output.display()
        );
    }
    Ok(())
}

/// "1 storyline", "5 events".
fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
