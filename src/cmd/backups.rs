//! `staticpod backups list | show ID | prune --keep N`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;

use super::{backup_dir, exit, Code, Output};
use crate::cli::{BackupsArgs, BackupsCommand, GlobalArgs, OutputFormat};
use crate::fsx::{self, BackupKind, BackupListing, NoHooks};

pub fn run(global: &GlobalArgs, args: &BackupsArgs, out: &Output) -> Code {
    let dir = backup_dir(global);
    match &args.command {
        BackupsCommand::List => list(&dir, out),
        BackupsCommand::Show { id } => show(&dir, id, out),
        BackupsCommand::Prune {
            keep,
            dry_run,
            lock_timeout,
        } => prune(&dir, *keep, *dry_run, *lock_timeout, out),
    }
}

fn kind(kind: BackupKind) -> &'static str {
    match kind {
        BackupKind::Staticpod => "staticpod",
        BackupKind::Kubeadm => "kubeadm",
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
                "id": b.name, "kind": kind(b.kind), "time": b.time, "path": b.path.display().to_string(),
            })).collect::<Vec<_>>(),
        })),
        OutputFormat::Text => {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|b| vec![b.name.clone(), kind(b.kind).to_string(), b.time.clone()])
                .collect();
            let text = super::table::columns(&[48, 10], &rows);
            out.stdout(&text);
        }
    }
    exit::OK
}

/// A folder named in the backup dir, or a path.
pub(super) fn resolve(dir: &Path, id: &str) -> Option<PathBuf> {
    let named = dir.join(id);
    if !id.contains('/') && named.is_dir() {
        return Some(named);
    }
    let path = PathBuf::from(id);
    path.is_dir().then_some(path)
}

fn show(dir: &Path, id: &str, out: &Output) -> Code {
    let Some(folder) = resolve(dir, id) else {
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
    match out.format {
        OutputFormat::Json => out.json(&json!({
            "path": folder.display().to_string(),
            "kind": kind(verification.kind),
            "verified": verification.ok(),
            "files": verification.files.iter().map(|f| json!({"name": f.name, "status": format!("{:?}", f.status)})).collect::<Vec<_>>(),
            "problems": verification.problems,
            "record": record.map(|r| serde_json::to_value(r).unwrap_or_default()),
        })),
        OutputFormat::Text => {
            let mut text = format!("{} ({})\n", folder.display(), kind(verification.kind));
            if let Some(record) = &record {
                text += &format!("written {} by staticpod {}\n", record.time, record.version);
            }
            for file in &verification.files {
                text += &format!("  {:<32} {:?}\n", file.name, file.status);
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

fn prune(dir: &Path, keep: usize, dry_run: bool, lock_timeout: u64, out: &Output) -> Code {
    if keep == 0 {
        out.error("--keep must be at least 1: the newest backup is never removed");
        return exit::BAD_INPUT;
    }
    let _lock = if dry_run {
        None
    } else {
        match fsx::lock(dir, Duration::from_secs(lock_timeout), &NoHooks) {
            Ok(lock) => Some(lock),
            Err(e) => {
                out.error(&e.to_string());
                return exit::FAILED_RESTORED;
            }
        }
    };
    let Some(list) = listings(dir, out) else {
        return exit::BAD_INPUT;
    };
    let doomed: Vec<&BackupListing> = list.iter().skip(keep).collect();
    let mut removed = Vec::new();
    for backup in &doomed {
        if !dry_run {
            if let Err(e) = fs_err::remove_dir_all(&backup.path) {
                out.error(&e.to_string());
                return exit::FAILED_PARTIAL;
            }
        }
        removed.push(backup.name.clone());
    }
    match out.format {
        OutputFormat::Json => out.json(
            &json!({"dryRun": dry_run, "removed": removed, "kept": list.len() - removed.len()}),
        ),
        OutputFormat::Text => {
            let verb = if dry_run { "would remove" } else { "removed" };
            let text: String = removed
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
