//! `apply --wait` / `restore --wait`: print the report of [`crate::ops::rollout`].

use super::{exit, Code, Output};
use crate::cli::OutputFormat;
use crate::ops::rollout::RolloutReport;
use crate::ops::OpError;

/// Print the rollout's report (also when it failed), then its error; the exit code.
pub(super) fn print(report: &RolloutReport, result: Result<(), OpError>, out: &Output) -> Code {
    match out.format {
        OutputFormat::Json => out.json(&serde_json::to_value(report).unwrap_or_default()),
        OutputFormat::Text if out.verbose => {
            let mut text = String::new();
            for c in &report.components {
                let outcome = match (c.outcome, c.waited) {
                    (Some(o), _) => serde_json::to_value(o)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default(),
                    (None, false) if c.action != "unchanged" => "not waited".to_string(),
                    _ => String::new(),
                };
                text += &format!(
                    "{:<25} {:<10} {:<12} {}\n",
                    c.component, c.action, outcome, c.path
                );
            }
            if let Some(backup) = &report.backup {
                text += &format!("backup: {backup}\n");
            }
            out.stdout(&text);
        }
        OutputFormat::Text => {}
    }
    match result {
        Ok(()) => exit::OK,
        Err(e) => {
            out.error(&e.to_string());
            e.exit_code()
        }
    }
}
