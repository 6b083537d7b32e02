//! One module per subcommand; the only code that prints.

mod apply;
mod backups;
pub mod completions;
mod diff;
mod hash;
mod import;
mod install;
pub mod man;
mod plan;
pub mod render;
mod restart;
mod restore;
mod rollout;
mod table;
mod terminal;
mod verify;

use std::io::Write;

use std::io::IsTerminal;

use crate::cli::{Cli, Command, GlobalArgs, OutputChoice, OutputFormat};

/// Exit codes (README "Exit codes").
pub mod exit {
    /// Success, no differences.
    pub const OK: u8 = 0;
    /// Differences found, or the plan / check is refused.
    pub const DIFFERENT: u8 = 1;
    /// Bad usage or bad input: nothing was changed.
    pub const BAD_INPUT: u8 = 2;
    /// An operation failed and every file was left (or put back) as it was.
    pub const FAILED_RESTORED: u8 = 3;
    /// An operation failed and the state could not be fully restored.
    pub const FAILED_PARTIAL: u8 = 4;
}

/// What a command reports back: its exit code.
pub type Code = u8;

/// Run the parsed command line.
pub fn run(cli: Cli) -> Code {
    let out = Output::new(&cli.global);
    if out.is_report_format() && !matches!(cli.command, Command::Verify(_)) {
        out.error(
            "-o prometheus and -o junit are formats of `verify` only; use -o text or -o json",
        );
        return exit::BAD_INPUT;
    }
    warn_interrupted_restarts(&cli.global, &out);
    match cli.command {
        Command::Render(args) => render::run(&cli.global, &args, &out),
        Command::Diff(args) => diff::run(&cli.global, &args, &out),
        Command::Hash(args) => hash::run(&cli.global, &args, &out),
        Command::Plan(args) => plan::run(&cli.global, &args, &out),
        Command::Apply(args) => apply::run(&cli.global, &args, &out),
        Command::Backups(args) => backups::run(&cli.global, &args, &out),
        Command::Restore(args) => restore::run(&cli.global, &args, &out),
        Command::Verify(args) => verify::run(&cli.global, &args, &out),
        Command::Completions(args) => completions::run(&args, &out),
        Command::Man => man::run(&out),
        Command::Import(args) => import::run(&cli.global, &args, &out),
        Command::Restart(args) => restart::run(&cli.global, &args, &out),
    }
}

/// Every command warns when a `restart` was interrupted with a manifest out of the directory.
fn warn_interrupted_restarts(global: &GlobalArgs, out: &Output) {
    let dir = manifests_dir(global);
    for interrupted in crate::ops::interrupted::find(&dir) {
        out.warn(&interrupted.warning(&dir));
    }
}

/// `--timeout` and `--proc` (default `<root>/proc`) as the operations take them.
pub fn wait_options(global: &GlobalArgs, watch: &crate::cli::WatchArgs) -> crate::ops::WaitOptions {
    crate::ops::WaitOptions {
        timeout: watch.timeout,
        proc_dir: watch
            .proc_dir
            .clone()
            .unwrap_or_else(|| global.root.join("proc")),
    }
}

/// `--manifests-dir`, or `<root>/etc/kubernetes/manifests`.
pub fn manifests_dir(global: &GlobalArgs) -> std::path::PathBuf {
    global
        .manifests_dir
        .clone()
        .unwrap_or_else(|| global.root.join("etc/kubernetes/manifests"))
}

/// `--backup-dir`, or `<root>/etc/kubernetes/tmp`.
pub fn backup_dir(global: &GlobalArgs) -> std::path::PathBuf {
    global
        .backup_dir
        .clone()
        .unwrap_or_else(|| global.root.join("etc/kubernetes/tmp"))
}

/// Printing helpers honouring `-q`, `-v` and `-o`.
pub struct Output {
    /// `text` for the report formats (`prometheus`, `junit`), which only `verify` prints.
    pub format: OutputFormat,
    /// What `-o` asked for.
    pub choice: OutputChoice,
    pub quiet: bool,
    pub verbose: bool,
    /// ANSI colours on stdout.
    pub color: bool,
    /// The locale is not UTF-8: messages get ASCII instead of arrows and dashes.
    pub ascii: bool,
}

impl Output {
    fn new(global: &GlobalArgs) -> Self {
        let env = |name: &str| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned());
        let color = terminal::color(global.color, &env, std::io::stdout().is_terminal());
        Output {
            format: match global.output {
                OutputChoice::Json => OutputFormat::Json,
                _ => OutputFormat::Text,
            },
            choice: global.output,
            quiet: global.quiet,
            verbose: global.verbose,
            color,
            ascii: !terminal::locale_is_utf8(&env),
        }
    }

    /// `text` as this terminal can show it: arrows, dashes and ellipses in ASCII when the
    /// locale is not UTF-8 (messages only: manifest content is never rewritten).
    pub fn symbols<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        if self.ascii {
            terminal::ascii_symbols(text)
        } else {
            std::borrow::Cow::Borrowed(text)
        }
    }

    /// `-o prometheus` or `-o junit` (formats of `verify` only).
    pub fn is_report_format(&self) -> bool {
        matches!(self.choice, OutputChoice::Prometheus | OutputChoice::Junit)
    }

    pub fn warn(&self, message: &str) {
        if !self.quiet {
            eprintln!("staticpod: warning: {}", self.symbols(message));
        }
    }

    pub fn note(&self, message: &str) {
        if self.verbose {
            eprintln!("staticpod: {}", self.symbols(message));
        }
    }

    pub fn error(&self, message: &str) {
        eprintln!("staticpod: error: {}", self.symbols(message));
    }

    /// Write to stdout; a closed pipe (e.g. `| head`) is not an error worth a panic.
    pub fn stdout(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout
            .write_all(text.as_bytes())
            .and_then(|_| stdout.flush());
    }

    /// Write a text report (not file content) to stdout, in ASCII when the locale needs it.
    pub fn report(&self, text: &str) {
        self.stdout(&self.symbols(text));
    }

    /// Write raw bytes to stdout (generated files), like [`Output::stdout`].
    pub fn stdout_bytes(&self, bytes: &[u8]) {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(bytes).and_then(|_| stdout.flush());
    }

    /// Wrap `text` in an ANSI colour when colours are on (31 red, 32 green, 33 yellow, 36 cyan).
    pub fn paint(&self, code: u8, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Run `f` with this output's warnings and notes as an operation's [`crate::ops::Say`].
    pub fn with_say<T>(&self, f: impl FnOnce(&crate::ops::Say<'_>) -> T) -> T {
        let warn = |m: &str| self.warn(m);
        let note = |m: &str| self.note(m);
        f(&crate::ops::Say {
            warn: &warn,
            note: &note,
        })
    }

    /// Write a typed report as `-o json` (the same bytes as its [`serde_json::Value`]).
    pub fn json_report<T: serde::Serialize>(&self, report: &T) {
        match serde_json::to_value(report) {
            Ok(value) => self.json(&value),
            Err(e) => self.error(&format!("could not write the JSON report: {e}")),
        }
    }

    pub fn json(&self, value: &serde_json::Value) {
        let text = serde_json::to_string_pretty(value)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        self.stdout(&format!("{text}\n"));
    }
}
