//! The `staticpod` binary: parse the command line, run, map the outcome to an exit code.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = staticpod::cli::Cli::parse();
    let code = staticpod::cmd::run(cli);
    std::process::ExitCode::from(code)
}
