//! `staticpod backups list | show ID | prune --keep N`: parse, call [`crate::ops::backups`],
//! print its report.

use serde::Serialize;

use super::{backup_dir, exit, manifests_dir, Code, Output};
use crate::cli::{BackupsArgs, BackupsCommand, GlobalArgs, OutputFormat};
use crate::fsx::{self, RunState};
use crate::ops::backups::{self, BackupList, BackupShow, PruneOutcome, PruneRequest};
use crate::ops::OpError;

pub fn run(global: &GlobalArgs, args: &BackupsArgs, out: &Output) -> Code {
    let dir = backup_dir(global);
    match &args.command {
        BackupsCommand::List => print(backups::list(&dir), out, |list| {
            out.stdout(&list_text(list));
        }),
        BackupsCommand::Show { id } => print(backups::show(&dir, id), out, |shown| {
            out.stdout(&show_text(shown));
        }),
        BackupsCommand::Prune {
            keep,
            dry_run,
            lock_timeout,
        } => {
            let request = PruneRequest {
                backups: &dir,
                manifests: &manifests_dir(global),
                keep: *keep,
                dry_run: *dry_run,
                lock_timeout: *lock_timeout,
            };
            let result = out.with_say(|say| backups::prune(request, say));
            print(result, out, |outcome| prune_text(outcome, out))
        }
    }
}

/// An exit code a report implies beyond success (`show` of a folder that does not verify).
trait Verdict {
    fn code(&self) -> Code {
        exit::OK
    }
}

impl Verdict for BackupList {}
impl Verdict for PruneOutcome {}
impl Verdict for BackupShow {
    fn code(&self) -> Code {
        if self.verified {
            exit::OK
        } else {
            exit::DIFFERENT
        }
    }
}

/// The error, or the report as JSON or (through `text`) as text; then the report's exit code.
fn print<R: Serialize + Verdict>(
    result: Result<R, OpError>,
    out: &Output,
    text: impl FnOnce(&R),
) -> Code {
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            out.error(&e.to_string());
            return e.exit_code();
        }
    };
    match out.format {
        OutputFormat::Json => out.json_report(&report),
        OutputFormat::Text => text(&report),
    }
    report.code()
}

fn list_text(list: &BackupList) -> String {
    let rows: Vec<Vec<String>> = list
        .backups
        .iter()
        .map(|b| {
            let mark = match b.folder_status {
                fsx::Status::Incomplete => "  incomplete (not a backup)",
                fsx::Status::Interrupted => "  interrupted",
                _ => "",
            };
            vec![
                b.id.clone(),
                b.kind.to_string(),
                format!("{}{mark}", b.time),
            ]
        })
        .collect();
    super::table::columns(&[48, 10], &rows)
}

fn show_text(shown: &BackupShow) -> String {
    let mut text = format!("{} ({})\n", shown.path, shown.kind);
    if let Some(record) = &shown.record {
        let state = match record.state {
            RunState::Done => "",
            RunState::Pending => " (its run was interrupted)",
        };
        text += &format!(
            "written {} by staticpod {}{state}\n",
            record.time, record.version
        );
    }
    for file in &shown.files {
        text += &format!("  {:<32} {}\n", file.name, file.status);
    }
    for problem in &shown.problems {
        text += &format!("  problem: {problem}\n");
    }
    text += if shown.verified {
        "verified: yes\n"
    } else {
        "verified: NO\n"
    };
    text
}

fn prune_text(outcome: &PruneOutcome, out: &Output) {
    let verb = if outcome.dry_run {
        "would remove"
    } else {
        "removed"
    };
    let text: String = outcome
        .removed
        .iter()
        .map(|name| format!("{verb} {name}\n"))
        .collect();
    if outcome.dry_run || out.verbose {
        out.stdout(&text);
    }
}
