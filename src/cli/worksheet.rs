use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use parallax::pipeline;
use parallax::report::output::{Kind, OutputFolder};
use parallax::report::{self, Templates};

use super::{corpus_or_default, print_warnings, Common};

#[derive(Debug, Args)]
pub struct WorksheetArgs {
    /// A folder of articles or a single file (default: corpus/).
    corpus: Option<PathBuf>,
    /// A storyline or event id (from clusters.csv); without it, one worksheet per storyline.
    #[arg(long)]
    cluster: Option<String>,
    /// Where to write the worksheets.
    #[arg(short, long, default_value = "output")]
    output: PathBuf,
    /// Use your own templates from this folder.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
}

pub fn run(args: WorksheetArgs) -> Result<()> {
    let config = args.common.config()?;
    let resources = args.common.resources()?;
    let templates = Templates::load(args.templates.as_deref())?;
    let corpus = corpus_or_default(&args.corpus);
    let _folder = OutputFolder::claim(&args.output, Some(corpus), Kind::Worksheet)?;
    let ingested = pipeline::ingest(corpus, &resources, &config)?;
    let (analysis, _) = pipeline::analyse_corpus(ingested, &resources, &config);
    print_warnings(&analysis.corpus.warnings, args.common.quiet);
    let written = report::write_worksheets(
        &analysis,
        &resources.lexicons,
        &templates,
        &args.output,
        args.cluster.as_deref(),
    )?;
    if !args.common.quiet {
        for path in &written {
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(())
}
