use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the default templates into DIR (existing files are kept).
    #[command(
        after_help = "Example:\n  parallax templates export my-templates && parallax report --templates my-templates"
    )]
    Export {
        dir: PathBuf,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
}

pub fn run(command: TemplatesCommand) -> Result<()> {
    match command {
        TemplatesCommand::Export { dir, quiet } => {
            let written = parallax::report::templates::export(&dir)?;
            if quiet {
                return Ok(());
            }
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
