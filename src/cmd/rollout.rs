//! `apply --wait` / `restore --wait`: hand the planned swap to [`crate::ops::rollout`] and
//! print its report.

use std::path::Path;

use super::apply::Planned;
use super::{exit, Code, Output};
use crate::cli::OutputFormat;
use crate::node::Progress;
use crate::ops::rollout::{self, Change};
use crate::ops::{Say, WaitOptions};

pub(super) fn run(
    backups: &Path,
    planned: &[Planned],
    restored_from: Option<&Path>,
    extra: serde_json::Value,
    wait: &WaitOptions,
    out: &Output,
) -> Code {
    let changes: Vec<Change> = planned
        .iter()
        .map(|p| Change {
            component: p.component,
            path: p.path.clone(),
            bytes: p.bytes.clone(),
            status: p.verdict.status,
            restart: p.verdict.restart,
        })
        .collect();
    let progress = Progress::new(out.quiet);
    let warn = |m: &str| out.warn(m);
    let note = |m: &str| out.note(m);
    let (report, result) = rollout::run(
        backups,
        &changes,
        restored_from,
        extra,
        wait,
        &progress,
        &Say {
            warn: &warn,
            note: &note,
        },
    );
    drop(progress);
    match out.format {
        OutputFormat::Json => out.json(&serde_json::to_value(&report).unwrap_or_default()),
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
