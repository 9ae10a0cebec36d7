use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Write the built-in outlets, actors, lexicons and residue rules into DIR (existing files are kept).
    Export { dir: PathBuf },
}

pub fn run(command: DataCommand) -> Result<()> {
    match command {
        DataCommand::Export { dir } => {
            let written = parallax::resources::export(&dir)?;
            for path in &written {
                eprintln!("wrote {}", path.display());
            }
            eprintln!("Use them with --outlets, --actors and --lexicons.");
            Ok(())
        }
    }
}
