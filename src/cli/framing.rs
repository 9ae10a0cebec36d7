use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use parallax::pipeline;

use super::quotes::clip;
use super::{corpus_or_default, print_warnings, Common};

#[derive(Debug, Args)]
pub struct FramingArgs {
    /// A folder of articles or a single file (default: corpus/).
    corpus: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
}

pub fn run(args: FramingArgs) -> Result<()> {
    let config = args.common.config()?;
    let resources = args.common.resources()?;
    let (analysis, _) = pipeline::analyse(corpus_or_default(&args.corpus), &resources, &config)?;
    print_warnings(&analysis.corpus.warnings, args.common.quiet);
    outln!(
        "{:<22} {:<40} {:>10} {:>7} {:>8}",
        "OUTLET",
        "INDICATOR",
        "PER 1,000",
        "COUNT",
        "WORDS"
    );
    for r in &analysis.comparison.outlet_rates {
        outln!(
            "{:<22} {:<40} {:>10.2} {:>7} {:>8}",
            clip(&r.outlet, 22),
            clip(&r.indicator, 40),
            r.rate_per_1000,
            r.count,
            r.words
        );
    }
    Ok(())
}
