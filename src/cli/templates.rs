use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the default templates into DIR (existing files are kept).
    Export { dir: PathBuf },
}

pub fn run(command: TemplatesCommand) -> Result<()> {
    match command {
        TemplatesCommand::Export { dir } => {
            let written = parallax::report::templates::export(&dir)?;
            eprintln!(
                "Wrote {} templates to {}; use them with `parallax report --templates {}`.",
                written.len(),
                dir.display(),
                dir.display()
            );
            Ok(())
        }
    }
}
