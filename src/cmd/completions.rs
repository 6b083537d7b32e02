//! `staticpod completions SHELL`: a completion script generated from the command line's
//! definition, so it can never list a flag the binary does not have.

use clap::CommandFactory;
use clap_complete::Shell;

use super::{exit, Code, Output};
use crate::cli::{Cli, CompletionsArgs};

/// The completion script for `shell`, as shipped under `contrib/completions/`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "staticpod", &mut script);
    script
}

/// The file name under `contrib/completions/` (the one each shell looks for).
pub fn file_name(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "staticpod.bash",
        Shell::Zsh => "_staticpod",
        Shell::Fish => "staticpod.fish",
        Shell::Elvish => "staticpod.elv",
        Shell::PowerShell => "_staticpod.ps1",
        _ => "staticpod.completion",
    }
}

pub fn run(args: &CompletionsArgs, out: &Output) -> Code {
    out.stdout_bytes(&script(args.shell));
    exit::OK
}
