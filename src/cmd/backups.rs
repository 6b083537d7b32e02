//! `staticpod backups list | show ID | prune --keep N`.

use std::path::Path;

use serde_json::json;

use super::{backup_dir, exit, manifests_dir, Code, Output};
use crate::cli::{BackupsArgs, BackupsCommand, GlobalArgs, OutputFormat};
use crate::fsx::{self, BackupListing, NoHooks};

pub fn run(global: &GlobalArgs, args: &BackupsArgs, out: &Output) -> Code {
    let dir = backup_dir(global);
    match &args.command {
        BackupsCommand::List => list(&dir, out),
        BackupsCommand::Show { id } => show(&dir, id, out),
        BackupsCommand::Prune {
            keep,
            dry_run,
            lock_timeout,
        } => prune(global, &dir, *keep, *dry_run, *lock_timeout, out),
    }
}

fn listings(dir: &Path, out: &Output) -> Option<Vec<BackupListing>> {
    match fsx::list_backups(dir) {
        Ok(list) => Some(list),
        Err(e) => {
            out.error(&e.to_string());
            None
        }
    }
}

fn list(dir: &Path, out: &Output) -> Code {
    let Some(list) = listings(dir, out) else {
        return exit::BAD_INPUT;
    };
    match out.format {
        OutputFormat::Json => out.json(&json!({
            "backupDir": dir.display().to_string(),
            "backups": list.iter().map(|b| json!({
                "id": b.name, "kind": b.kind.as_str(), "time": b.time,
                "path": b.path.display().to_string(), "status": b.status.as_str(),
            })).collect::<Vec<_>>(),
        })),
        OutputFormat::Text => {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|b| {
                    let mark = match b.status {
                        fsx::Status::Incomplete => "  incomplete (not a backup)",
                        fsx::Status::Interrupted => "  interrupted",
                        _ => "",
                    };
                    vec![
                        b.name.clone(),
                        b.kind.as_str().to_string(),
                        format!("{}{mark}", b.time),
                    ]
                })
                .collect();
            let text = super::table::columns(&[48, 10], &rows);
            out.stdout(&text);
        }
    }
    exit::OK
}

fn show(dir: &Path, id: &str, out: &Output) -> Code {
    let Some(folder) = crate::ops::restore::resolve(dir, id) else {
        out.error(&format!(
            "{id}: no such backup folder in {} (see `staticpod backups list`)",
            dir.display()
        ));
        return exit::BAD_INPUT;
    };
    let verification = match fsx::verify_backup(&folder) {
        Ok(v) => v,
        Err(e) => {
            out.error(&e.to_string());
            return exit::BAD_INPUT;
        }
    };
    let record = fsx::backup::read_record(&folder).ok();
    let status = |s: &fsx::backup::CheckStatus| match s {
        fsx::backup::CheckStatus::Ok => "ok".to_string(),
        other => other.to_string(),
    };
    match out.format {
        OutputFormat::Json => out.json(&json!({
            "path": folder.display().to_string(),
            "kind": verification.kind.as_str(),
            "verified": verification.ok(),
            "files": verification.files.iter().map(|f| json!({"name": f.name, "status": status(&f.status)})).collect::<Vec<_>>(),
            "problems": verification.problems,
            "record": record.map(|r| serde_json::to_value(r).unwrap_or_default()),
        })),
        OutputFormat::Text => {
            let mut text = format!("{} ({})\n", folder.display(), verification.kind.as_str());
            if let Some(record) = &record {
                let state = match record.state {
                    fsx::RunState::Done => "",
                    fsx::RunState::Pending => " (its run was interrupted)",
                };
                text += &format!(
                    "written {} by staticpod {}{state}\n",
                    record.time, record.version
                );
            }
            for file in &verification.files {
                text += &format!("  {:<32} {}\n", file.name, status(&file.status));
            }
            for problem in &verification.problems {
                text += &format!("  problem: {problem}\n");
            }
            text += if verification.ok() { "verified: yes\n" } else { "verified: NO\n" };
            out.stdout(&text);
        }
    }
    if verification.ok() {
        exit::OK
    } else {
        exit::DIFFERENT
    }
}

fn prune(
    global: &GlobalArgs,
    dir: &Path,
    keep: usize,
    dry_run: bool,
    lock_timeout: u64,
    out: &Output,
) -> Code {
    if keep == 0 {
        out.error("--keep must be at least 1: the newest backup is never removed");
        return exit::BAD_INPUT;
    }
    // The manifests directory's lock, the one apply and restore take: no folder is removed
    // while a run on this node backs up or reads one.
    let manifests = manifests_dir(global);
    let _lock = if dry_run || !manifests.is_dir() {
        None
    } else {
        match out.with_say(|say| crate::ops::install::take_lock(&manifests, lock_timeout, say)) {
            Ok(lock) => Some(lock),
            Err(message) => {
                out.error(&message);
                return exit::FAILED_RESTORED;
            }
        }
    };
    let report = match fsx::prune(dir, keep, dry_run, &NoHooks) {
        Ok(report) => report,
        Err(e) => {
            out.error(&format!(
                "{e}; every backup folder is either whole or gone (run prune again to finish)"
            ));
            return exit::FAILED_PARTIAL;
        }
    };
    match out.format {
        OutputFormat::Json => out.json(
            &json!({"dryRun": dry_run, "removed": report.removed, "kept": report.kept.len()}),
        ),
        OutputFormat::Text => {
            let verb = if dry_run { "would remove" } else { "removed" };
            let text: String = report
                .removed
                .iter()
                .map(|name| format!("{verb} {name}\n"))
                .collect();
            if dry_run || out.verbose {
                out.stdout(&text);
            }
        }
    }
    exit::OK
}
