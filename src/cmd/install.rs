//! The report of the install path (`apply`, `restore`): text or JSON, then the exit code.

use super::{exit, Code, Output};
use crate::cli::OutputFormat;
use crate::diff::Status;
use crate::ops::install::{InstallError, InstallReport, Installed};

/// Print what an install did (or why it failed); the exit code.
pub(super) fn print(result: Result<Installed, InstallError>, out: &Output) -> Code {
    match result {
        Ok(Installed::Swapped(report)) => {
            match out.format {
                OutputFormat::Json => out.json_report(&report),
                // Quiet on success (DESIGN principle 4; `-v` shows it); a dry run always says.
                OutputFormat::Text if report.dry_run || out.verbose => out.stdout(&text(&report)),
                OutputFormat::Text => {}
            }
            exit::OK
        }
        Ok(Installed::RolledOut(report, result)) => super::rollout::print(&report, result, out),
        Err(e) => {
            out.error(&e.error.to_string());
            for line in &e.details {
                out.error(line);
            }
            for warning in &e.warnings {
                out.warn(warning);
            }
            e.exit_code()
        }
    }
}

fn text(report: &InstallReport) -> String {
    let mut text = String::new();
    for c in &report.components {
        let restart = match (c.verdict_status, c.restart) {
            (Status::Unchanged, _) => "",
            (_, true) => "restart",
            (_, false) => "no restart",
        };
        text += &format!(
            "{:<25} {:<14} {:<11} {}\n",
            c.component, c.action, restart, c.path
        );
    }
    if let Some(backup) = &report.backup {
        text += &format!("backup: {backup}\n");
    }
    text
}
