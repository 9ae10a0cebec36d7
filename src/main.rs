//! The `parallax` binary: parses arguments, runs the library, maps errors to exit codes
//! (0 ok, 1 failure, 2 bad usage or input).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("parallax: error: {error:#}");
            let bad_input = error.chain().any(|cause| {
                cause
                    .downcast_ref::<parallax::Error>()
                    .is_some_and(parallax::Error::is_bad_input)
            });
            ExitCode::from(if bad_input { 2 } else { 1 })
        }
    }
}
