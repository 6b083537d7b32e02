//! `staticpod restore [ID|PATH|--latest]`: verify a backup folder, back up the current files,
//! then swap the backup's files in with the same protocol as `apply`.

use serde_json::json;

use super::{backup_dir, exit, manifests_dir, Code, Output};
use crate::cli::{GlobalArgs, RestoreArgs};
use crate::component::Component;
use crate::fsx::{self, BackupKind};

pub fn run(global: &GlobalArgs, args: &RestoreArgs, out: &Output) -> Code {
    let backups = backup_dir(global);
    let folder = if args.latest {
        let list = match fsx::list_backups(&backups) {
            Ok(list) => list,
            Err(e) => {
                out.error(&e.to_string());
                return exit::BAD_INPUT;
            }
        };
        // The newest folder, even when it does not verify: falling back to an older one would
        // roll back further than the operator asked. (A folder left incomplete by a crash
        // mid-backup means that run changed no manifest: its backup is written first.)
        match list.into_iter().next() {
            Some(newest) => {
                let incomplete = newest.kind == BackupKind::Staticpod
                    && !newest.path.join("record.json").exists();
                if incomplete && !args.force {
                    out.error(&format!(
                        "{}: the newest backup is incomplete (a run was interrupted while backing up, \
                         before it changed any manifest, so nothing of it needs undoing); restore an \
                         older folder by name to go further back",
                        newest.path.display()
                    ));
                    return exit::BAD_INPUT;
                }
                newest.path
            }
            None => {
                out.error(&format!("{}: no backup folders", backups.display()));
                return exit::BAD_INPUT;
            }
        }
    } else {
        let id = args.id.as_deref().unwrap_or_default();
        match super::backups::resolve(&backups, id) {
            Some(folder) => folder,
            None => {
                out.error(&format!(
                    "{id}: no such backup folder in {} (see `staticpod backups list`)",
                    backups.display()
                ));
                return exit::BAD_INPUT;
            }
        }
    };
    let mut components = Vec::new();
    for name in &args.components {
        match name.parse::<Component>() {
            Ok(c) => components.push(c),
            Err(e) => {
                out.error(&e);
                return exit::BAD_INPUT;
            }
        }
    }

    let verification = match fsx::verify_backup(&folder) {
        Ok(v) => v,
        Err(e) => {
            out.error(&e.to_string());
            return exit::BAD_INPUT;
        }
    };
    if !verification.ok() {
        let problems: Vec<String> = verification
            .files
            .iter()
            .filter(|f| f.status != fsx::backup::CheckStatus::Ok)
            .map(|f| format!("{}: {:?}", f.name, f.status))
            .chain(verification.problems.iter().cloned())
            .collect();
        if args.force {
            out.warn(&format!(
                "{} does not verify ({}); restoring anyway (--force)",
                folder.display(),
                problems.join("; ")
            ));
        } else {
            out.error(&format!(
                "{} does not verify: {}; nothing was changed (--force restores anyway)",
                folder.display(),
                problems.join("; ")
            ));
            return exit::BAD_INPUT;
        }
    }

    let mut new = Vec::new();
    for component in Component::ALL {
        if !components.is_empty() && !components.contains(&component) {
            continue;
        }
        let copy = folder.join(component.file_name());
        match fs_err::read(&copy) {
            Ok(bytes) => new.push((component, bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if components.contains(&component) {
                    out.error(&format!(
                        "{}: the backup holds no {}",
                        folder.display(),
                        component.file_name()
                    ));
                    return exit::BAD_INPUT;
                }
            }
            Err(e) => {
                out.error(&e.to_string());
                return exit::BAD_INPUT;
            }
        }
    }
    if new.is_empty() {
        out.error(&format!("{}: no manifests to restore", folder.display()));
        return exit::BAD_INPUT;
    }
    if verification.kind == BackupKind::Staticpod {
        if let Ok(record) = fsx::backup::read_record(&folder) {
            for file in record.files.iter().filter(|f| !f.existed) {
                out.warn(&format!(
                    "{} did not exist before that change; restore leaves the current file (remove it by hand to stop that pod)",
                    file.original_path.display()
                ));
            }
        }
    }
    let extra = json!({"command": "restore", "from": folder.display().to_string()});
    super::apply::install(
        &manifests_dir(global),
        &backups,
        new,
        extra,
        &super::apply::InstallOptions {
            dry_run: args.dry_run,
            lock_timeout: args.lock_timeout,
            wait: args
                .wait
                .wait
                .then(|| super::wait_options(global, &args.wait.watch)),
        },
        out,
    )
}
