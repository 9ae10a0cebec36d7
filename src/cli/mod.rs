//! Command-line interface: one file per subcommand, each a thin layer over the library.

/// Prints a line on stdout; a closed pipe (`parallax quotes | head`) ends the program quietly
/// instead of panicking as `println!` would, and any other failure (a full disk) ends it with an
/// error, since the output the user asked for is incomplete.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = writeln!(stdout, $($arg)*).and_then(|_| stdout.flush()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("parallax: error: writing to standard output: {e}");
            std::process::exit(1);
        }
    }};
}

mod completions;
mod data;
mod eval;
mod explain;
mod framing;
mod progress;
mod quotes;
mod report;
mod templates;
mod worksheet;

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use parallax::config::Config;
use parallax::resources::{ResourcePaths, Resources};

#[derive(Debug, Parser)]
#[command(
    name = "parallax",
    version,
    about = "Line up news coverage of the same events across outlets and show, with evidence, how each frames the story."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Ingest, cluster, compare and write the briefing (HTML, Markdown, CSV, JSON).
    #[command(
        after_help = "Examples:\n  parallax report                          # corpus/ -> output/\n  parallax report my-articles -o briefing  # then open briefing/index.html"
    )]
    Report(report::ReportArgs),
    /// Print the quotations of a corpus with their speakers.
    #[command(after_help = "Example:\n  parallax quotes corpus > quotes.txt")]
    Quotes(quotes::QuotesArgs),
    /// Print the framing indicators per outlet.
    #[command(after_help = "Example:\n  parallax framing corpus --lexicons my-lexicons")]
    Framing(framing::FramingArgs),
    /// Explain why two articles are, or are not, clustered together.
    #[command(
        after_help = "Example (ids from articles.csv; a unique prefix or a file name is enough):\n  parallax explain 4cb82788 9d0e --corpus corpus"
    )]
    Explain(explain::ExplainArgs),
    /// Write a classroom worksheet and its answer key (HTML and Markdown).
    #[command(
        after_help = "Example (a storyline id from clusters.csv):\n  parallax worksheet corpus --cluster s-f7ef149300 -o handouts"
    )]
    Worksheet(worksheet::WorksheetArgs),
    /// Measure accuracy against gold labels.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Export the default templates to customise them.
    #[command(subcommand)]
    Templates(templates::TemplatesCommand),
    /// Export the built-in data files (outlets, actors, lexicons, web residue) to edit them.
    #[command(subcommand)]
    Data(data::DataCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(
        after_help = "Example:\n  parallax completions bash > ~/.local/share/bash-completion/completions/parallax"
    )]
    Completions(completions::CompletionsArgs),
}

/// Options shared by every command that runs the pipeline.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Settings file (TOML) with thresholds; flags override it.
    #[arg(long, value_name = "FILE", global = true)]
    config: Option<PathBuf>,
    /// Your own outlet registry instead of the built-in one.
    #[arg(long, value_name = "FILE", global = true)]
    outlets: Option<PathBuf>,
    /// Your own known-actors file instead of the built-in one.
    #[arg(long, value_name = "FILE", global = true)]
    actors: Option<PathBuf>,
    /// Folder with your own lexicons (attribution.toml, hedges.toml, labels.toml).
    #[arg(long, value_name = "DIR", global = true)]
    lexicons: Option<PathBuf>,
    /// Your own web-residue rules (web_residue.toml from `parallax data export`).
    #[arg(long, value_name = "FILE", global = true)]
    residue: Option<PathBuf>,
    /// Average-link similarity for two articles to be one event.
    #[arg(long, global = true)]
    event_threshold: Option<f64>,
    /// Average-link similarity for two events to be one storyline.
    #[arg(long, global = true)]
    storyline_threshold: Option<f64>,
    /// Articles further apart than this many days are never one event.
    #[arg(long, value_name = "DAYS", global = true)]
    time_window: Option<i64>,
    /// Skip files larger than this many megabytes.
    #[arg(long, value_name = "MB", global = true)]
    max_file_mb: Option<f64>,
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
}

impl Common {
    fn config(&self) -> Result<Config> {
        let mut config = match &self.config {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        if let Some(x) = self.event_threshold {
            config.cluster.event_threshold = x;
        }
        if let Some(x) = self.storyline_threshold {
            config.cluster.storyline_threshold = x;
        }
        if let Some(x) = self.time_window {
            config.cluster.time_window_days = x;
        }
        if let Some(x) = self.max_file_mb {
            config.ingest.max_file_mb = x;
        }
        // Checked after the file and the flags are merged, so a bad value from either is named.
        let unit = |name: &str, x: f64| -> Result<()> {
            if x.is_finite() && (0.0..=1.0).contains(&x) {
                Ok(())
            } else {
                Err(parallax::Error::Usage(format!(
                    "{name} is {x}; a similarity threshold lies between 0 and 1"
                ))
                .into())
            }
        };
        unit("the event threshold", config.cluster.event_threshold)?;
        unit(
            "the storyline threshold",
            config.cluster.storyline_threshold,
        )?;
        if config.cluster.time_window_days < 0 {
            return Err(parallax::Error::Usage(format!(
                "the time window is {} days; it cannot be negative",
                config.cluster.time_window_days
            ))
            .into());
        }
        let mb = config.ingest.max_file_mb;
        if !(mb.is_finite() && mb > 0.0) {
            return Err(parallax::Error::Usage(format!(
                "the file size limit is {mb} MB; give a positive number"
            ))
            .into());
        }
        Ok(config)
    }

    fn resources(&self) -> Result<Resources> {
        Ok(Resources::load(&ResourcePaths {
            outlets: self.outlets.clone(),
            actors: self.actors.clone(),
            lexicons: self.lexicons.clone(),
            residue: self.residue.clone(),
        })?)
    }
}

/// Prints ingest warnings on stderr, one `path:line: message` per line.
fn print_warnings(warnings: &[parallax::model::Warning], quiet: bool) {
    if quiet {
        return;
    }
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

fn corpus_or_default(path: &Option<PathBuf>) -> &Path {
    path.as_deref().unwrap_or(Path::new("corpus"))
}

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Report(args) => report::run(args),
        Command::Quotes(args) => quotes::run(args),
        Command::Framing(args) => framing::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Eval(command) => eval::run(command),
        Command::Worksheet(args) => worksheet::run(args),
        Command::Templates(command) => templates::run(command),
        Command::Data(command) => data::run(command),
        Command::Completions(args) => completions::run(args),
    }
}
