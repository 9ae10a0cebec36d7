use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Write the built-in outlets, actors, lexicons and residue rules into DIR (existing files are kept).
    #[command(
        after_help = "Example:\n  parallax data export my-data && parallax report --outlets my-data/outlets.toml"
    )]
    Export {
        dir: PathBuf,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
}

pub fn run(command: DataCommand) -> Result<()> {
    match command {
        DataCommand::Export { dir, quiet } => {
            let written = parallax::resources::export(&dir)?;
            if !quiet {
                for path in &written {
                    eprintln!("wrote {}", path.display());
                }
                eprintln!("Use them with --outlets, --actors and --lexicons.");
            }
            Ok(())
        }
    }
}
