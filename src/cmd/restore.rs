//! `staticpod restore [ID|PATH|--latest]`: verify a backup folder, back up the current files,
//! then swap the backup's files in with the same install path as `apply`.

use serde_json::json;

use super::apply::{install, Install, NewManifest};
use super::{backup_dir, exit, manifests_dir, Code, Output};
use crate::cli::{GlobalArgs, RestoreArgs};
use crate::component::Component;
use crate::fsx::backup::inspect::read_copy;
use crate::fsx::{self, BackupKind};
use crate::manifest::sha256_hex;

pub fn run(global: &GlobalArgs, args: &RestoreArgs, out: &Output) -> Code {
    let backups = backup_dir(global);
    let folder = if args.latest {
        // The state before the last change that was made (fsx::backup::inspect::latest):
        // never an incomplete folder, never a run that changed nothing; an interrupted
        // restore is finished.
        match fsx::latest(&backups) {
            Ok(latest) => {
                for skipped in &latest.skipped {
                    out.note(&format!("--latest: passed over {skipped}"));
                }
                latest.folder
            }
            Err(message) => {
                out.error(&message);
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
        let problems = verification.problem_sentences();
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
        match read_copy(&copy) {
            Ok(bytes) => {
                // What is installed is exactly what was verified: a copy swapped after the
                // check is refused.
                let verified = verification.verified_sha256(&component.file_name());
                if verified.is_some_and(|sha| sha != sha256_hex(&bytes)) {
                    out.error(&format!(
                        "{}: changed since it was verified a moment ago; nothing was changed",
                        copy.display()
                    ));
                    return exit::BAD_INPUT;
                }
                new.push(NewManifest {
                    component,
                    bytes,
                    source: copy.display().to_string(),
                });
            }
            Err(fsx::backup::CheckStatus::Missing) => {
                if components.contains(&component) {
                    out.error(&format!(
                        "{}: the backup holds no {}",
                        folder.display(),
                        component.file_name()
                    ));
                    return exit::BAD_INPUT;
                }
            }
            Err(status) => {
                out.error(&format!("{} {status}; nothing was changed", copy.display()));
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
    install(
        Install {
            dir: &manifests_dir(global),
            backups: &backups,
            new,
            extra,
            // A whole-folder restore is recorded as such: `--latest` then leads back to the
            // same folder (idempotent after a kill). A restore of some components only is
            // undone like an apply (going to the folder would restore the others too).
            restored_from: components.is_empty().then_some(folder),
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
