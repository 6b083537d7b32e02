//! `staticpod apply`: back up, then atomically and durably swap in new manifests.
//!
//! The install path (shared with `restore`) runs in phases, each its own function so that a
//! per-component loop can reuse them: [`validate`] (bad input → exit 2, nothing created) →
//! [`take_lock`] (the manifests directory's lock, stale temp files of dead runs removed) →
//! [`classify`] (read the current files under the lock, compare) → [`swap`] (back up, swap,
//! put back on failure) → [`finish`] (report, exit code). With `--wait`, the swap phase is
//! [`super::rollout`] (one component at a time, waiting for each).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;

use super::{backup_dir, exit, manifests_dir, Code, Output};
use crate::cli::{ApplyArgs, GlobalArgs, OutputFormat};
use crate::component::Component;
use crate::diff::{self, Status};
use crate::fsx::read::{read, Limit, ReadError};
use crate::fsx::{self, DirLock, NoHooks, SwapOutcome, SwapTarget};
use crate::manifest::{self, strays};
use crate::render;

/// A new manifest to install, and where it came from (named in every message about it).
pub(super) struct NewManifest {
    pub component: Component,
    pub bytes: Vec<u8>,
    /// `--from /x/etcd.yaml`, `the rendered etcd`, a backup copy's path.
    pub source: String,
}

/// Everything the install path needs.
pub(super) struct Install<'a> {
    pub dir: &'a Path,
    pub backups: &'a Path,
    pub new: Vec<NewManifest>,
    pub extra: serde_json::Value,
    /// For `restore`: the folder restored.
    pub restored_from: Option<PathBuf>,
    pub dry_run: bool,
    pub lock_timeout: u64,
    /// `--wait`: swap one component at a time and wait for each ([`super::rollout`]).
    pub wait: Option<crate::ops::WaitOptions>,
}

/// One manifest to install: where it goes and its new bytes.
pub(super) struct Planned {
    pub component: Component,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub verdict: diff::Verdict,
}

pub fn run(global: &GlobalArgs, args: &ApplyArgs, out: &Output) -> Code {
    let dir = manifests_dir(global);
    let new = if args.from.is_empty() {
        rendered(global, args, out)
    } else {
        from_files(&args.from, &args.input.components)
    };
    let new = match new {
        Ok(new) => new,
        Err(message) => {
            out.error(&message);
            return exit::BAD_INPUT;
        }
    };
    let extra = json!({
        "command": "apply",
        "source": if args.from.is_empty() { "render" } else { "files" },
    });
    install(
        Install {
            dir: &dir,
            backups: &backup_dir(global),
            new,
            extra,
            restored_from: None,
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

/// Validate, lock, compare, back up and swap; shared by `apply` and `restore`.
pub(super) fn install(request: Install<'_>, out: &Output) -> Code {
    if let Err(message) = validate(&request) {
        out.error(&message);
        return exit::BAD_INPUT;
    }
    let expected: Vec<String> = Component::ALL.iter().map(|c| c.file_name()).collect();
    for stray in strays::find(request.dir, &expected) {
        out.warn(&format!("{}: {}", stray.path.display(), stray.message));
    }
    // Hold the lock from before reading the current files until the swap is done, so what is
    // compared and backed up is what gets replaced (other staticpod runs wait).
    let _lock = if request.dry_run {
        None
    } else {
        match take_lock(request.dir, request.lock_timeout, out) {
            Ok(lock) => Some(lock),
            Err(message) => {
                out.error(&message);
                return exit::FAILED_RESTORED;
            }
        }
    };
    let planned = match classify(request.dir, request.new) {
        Ok(planned) => planned,
        Err(message) => {
            out.error(&message);
            return exit::BAD_INPUT;
        }
    };
    let changing: Vec<&Planned> = planned
        .iter()
        .filter(|p| p.verdict.status != Status::Unchanged)
        .collect();
    if request.dry_run || changing.is_empty() {
        let verb = if request.dry_run {
            "would replace"
        } else {
            "replaced"
        };
        report(&planned, None, verb, out);
        return exit::OK;
    }
    if let Some(wait) = &request.wait {
        if let Err(e) = fsx::ensure_backup_dir(request.backups, &NoHooks) {
            out.error(&format!("{e}; every manifest was left as it was"));
            return exit::FAILED_RESTORED;
        }
        let from = request.restored_from.as_deref();
        return super::rollout::run(request.backups, &planned, from, request.extra, wait, out);
    }
    let outcome = swap(
        request.backups,
        &changing,
        request.restored_from.as_deref(),
        request.extra,
    );
    finish(&planned, outcome, out)
}

/// Phase 1: everything that can be judged without the lock. Bad input changes nothing and
/// creates nothing (no lock file, no backup directory).
pub(super) fn validate(request: &Install<'_>) -> Result<(), String> {
    let dir = request.dir;
    if !dir.is_dir() {
        return Err(format!(
            "{}: no such manifests directory (see --root / --manifests-dir)",
            dir.display()
        ));
    }
    fsx::backup::create::check_placement(dir, request.backups)?;
    // Never install something the kubelet cannot run, or a pod under another component's name.
    for new in &request.new {
        let component = new.component;
        match manifest::decode(&new.bytes) {
            Ok(pod) if pod.pod.metadata.name.as_deref() == Some(component.name()) => {}
            Ok(pod) => {
                return Err(format!(
                    "{}: the pod is named \"{}\", not \"{}\"; refusing to install it as {}",
                    new.source,
                    pod.pod.metadata.name.unwrap_or_default(),
                    component.name(),
                    component.file_name()
                ))
            }
            Err(e) => {
                return Err(format!(
                    "{}: not a valid static pod, refusing to install it as {}: {e}",
                    new.source,
                    component.file_name()
                ))
            }
        }
        // What is there now must be a file staticpod can replace (symlinks are judged by the
        // swap protocol, which refuses them and puts everything back).
        let path = dir.join(component.file_name());
        if let Ok(meta) = fs_err::symlink_metadata(&path) {
            if let Some(kind) = fsx::read::kind_of(meta.file_type()) {
                if !meta.file_type().is_symlink() {
                    return Err(format!(
                        "{}: is a {kind}, not a regular file; refusing to replace it (nothing was \
                         changed)",
                        path.display()
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Phase 2: the lock of the manifests directory; then remove temp files of dead runs.
pub(super) fn take_lock(dir: &Path, timeout: u64, out: &Output) -> Result<DirLock, String> {
    let lock = fsx::lock(dir, Duration::from_secs(timeout), &NoHooks).map_err(|e| e.to_string())?;
    match fsx::cleanup_stale_temps(dir, &NoHooks) {
        Ok(removed) => {
            for path in removed {
                out.note(&format!(
                    "removed a temp file left by an interrupted run: {}",
                    path.display()
                ));
            }
        }
        Err(e) => out.warn(&format!("could not clean up old temp files: {e}")),
    }
    Ok(lock)
}

/// Phase 3: read each current file (under the lock) and compare it with the new one.
pub(super) fn classify(dir: &Path, new: Vec<NewManifest>) -> Result<Vec<Planned>, String> {
    let mut planned = Vec::new();
    for NewManifest {
        component, bytes, ..
    } in new
    {
        let path = dir.join(component.file_name());
        let old = match read(&path, Limit::MANIFEST) {
            Ok(old) => Some(old),
            Err(ReadError::NotFound { .. }) => None,
            Err(e) => return Err(format!("{e} (nothing was changed)")),
        };
        let verdict = diff::classify(old.as_deref(), Some(&bytes));
        planned.push(Planned {
            component,
            path,
            bytes,
            verdict,
        });
    }
    Ok(planned)
}

/// Phase 4: back up the files that change, swap them, put them back on failure.
pub(super) fn swap(
    backups: &Path,
    changing: &[&Planned],
    restored_from: Option<&Path>,
    extra: serde_json::Value,
) -> SwapOutcome {
    if let Err(error) = fsx::ensure_backup_dir(backups, &NoHooks) {
        return SwapOutcome::FailedRestored {
            error,
            backup: None,
        };
    }
    let targets: Vec<SwapTarget<'_>> = changing
        .iter()
        .map(|p| SwapTarget {
            component: p.component.name(),
            path: &p.path,
            new_bytes: &p.bytes,
        })
        .collect();
    fsx::backup::swap::swap_set_restoring(backups, &targets, restored_from, extra, &NoHooks)
}

/// Phase 5: say what happened; the exit code.
pub(super) fn finish(planned: &[Planned], outcome: SwapOutcome, out: &Output) -> Code {
    match outcome {
        SwapOutcome::Swapped { backup } => {
            report(planned, Some(&backup.path), "replaced", out);
            exit::OK
        }
        SwapOutcome::FailedRestored { error, backup } => {
            out.error(&format!("{error}; every manifest was left as it was"));
            if let Some(backup) = backup {
                out.warn(&format!(
                    "{}: this run's backup folder could not be removed; `restore --latest` \
                     skips it (it changed nothing)",
                    backup.path.display()
                ));
            }
            exit::FAILED_RESTORED
        }
        SwapOutcome::FailedUnrestored {
            error,
            backup,
            files,
        } => {
            out.error(&format!("{error}; some manifests could NOT be put back:"));
            for file in &files {
                let copy = file.backup.as_ref().map_or(
                    "there is none (it did not exist before: remove it to go back)".to_string(),
                    |p| p.display().to_string(),
                );
                let why = file
                    .restore_error
                    .as_ref()
                    .map(|e| format!(" Putting it back failed: {e}."))
                    .unwrap_or_default();
                out.error(&format!(
                    "  {} {}; its backup copy: {copy}.{why}",
                    file.path.display(),
                    file.state,
                ));
            }
            out.error(&format!(
                "backup folder: {} (`staticpod restore --latest` restores it)",
                backup.path.display()
            ));
            exit::FAILED_PARTIAL
        }
    }
}

fn report(planned: &[Planned], backup: Option<&Path>, verb: &str, out: &Output) {
    let action = |p: &Planned| match p.verdict.status {
        Status::Unchanged => "unchanged".to_string(),
        Status::Missing => verb.replace("replace", "create"),
        _ => verb.to_string(),
    };
    match out.format {
        OutputFormat::Json => out.json(&json!({
            "backup": backup.map(|b| b.display().to_string()),
            "components": planned.iter().map(|p| json!({
                "component": p.component.name(),
                "path": p.path.display().to_string(),
                "action": action(p),
                "status": p.verdict.status.as_str(),
                "restart": p.verdict.restart,
                "backup": backup.filter(|_| p.verdict.status != Status::Unchanged && p.verdict.status != Status::Missing)
                    .map(|b| b.join(p.component.file_name()).display().to_string()),
            })).collect::<Vec<_>>(),
        })),
        OutputFormat::Text => {
            let mut text = String::new();
            for p in planned {
                let restart = match (p.verdict.status, p.verdict.restart) {
                    (Status::Unchanged, _) => "",
                    (_, true) => "restart",
                    (_, false) => "no restart",
                };
                text += &format!("{:<25} {:<14} {:<11} {}\n", p.component.name(), action(p), restart, p.path.display());
            }
            if let Some(backup) = backup {
                text += &format!("backup: {}\n", backup.display());
            }
            // Quiet on success (DESIGN principle 4; `-v` shows it); a dry run always says.
            if verb != "replaced" || out.verbose {
                out.stdout(&text);
            }
        }
    }
}

fn rendered(
    global: &GlobalArgs,
    args: &ApplyArgs,
    out: &Output,
) -> Result<Vec<NewManifest>, String> {
    let request = super::render::request(global, &args.input)?;
    let rendered = render::render(&request).map_err(|e| e.to_string())?;
    for note in &rendered.notes {
        out.note(note);
    }
    for warning in &rendered.warnings {
        out.warn(warning);
    }
    Ok(rendered
        .manifests
        .into_iter()
        .map(|m| NewManifest {
            component: m.component,
            source: format!("the rendered {}", m.component.file_name()),
            bytes: m.yaml.into_bytes(),
        })
        .collect())
}

/// `--from DIR|FILE…`: a directory contributes its `<component>.yaml` files; a file must be
/// named `<component>.yaml`. With `--component`, only those (each must be given).
fn from_files(from: &[PathBuf], only: &[String]) -> Result<Vec<NewManifest>, String> {
    let mut wanted = Vec::new();
    for name in only {
        let component: Component = name.parse().map_err(|e| format!("--component: {e}"))?;
        if !wanted.contains(&component) {
            wanted.push(component);
        }
    }
    let mut files: Vec<(Component, PathBuf)> = Vec::new();
    for path in from {
        if path.is_dir() {
            for component in Component::ALL {
                let file = path.join(component.file_name());
                if fs_err::symlink_metadata(&file).is_ok() {
                    files.push((component, file));
                }
            }
        } else {
            let stem = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".yaml"))
                .unwrap_or("");
            let component: Component = stem
                .parse()
                .map_err(|_| format!("--from {}: expected a directory, or a file named <component>.yaml (kube-apiserver.yaml, kube-controller-manager.yaml, kube-scheduler.yaml, etcd.yaml)", path.display()))?;
            files.push((component, path.clone()));
        }
    }
    if !wanted.is_empty() {
        for component in &wanted {
            if !files.iter().any(|(c, _)| c == component) {
                return Err(format!(
                    "--component {component}: --from holds no {}",
                    component.file_name()
                ));
            }
        }
        files.retain(|(c, _)| wanted.contains(c));
    }
    if files.is_empty() {
        return Err("--from: no <component>.yaml files found".into());
    }
    let mut out: Vec<NewManifest> = Vec::new();
    for (component, path) in files {
        if let Some(first) = out.iter().find(|n| n.component == component) {
            return Err(format!(
                "--from {}: {component} is given twice (also {})",
                path.display(),
                first.source.trim_start_matches("--from ")
            ));
        }
        let bytes = read(&path, Limit::MANIFEST).map_err(|e| format!("--from {e}"))?;
        out.push(NewManifest {
            component,
            bytes,
            source: format!("--from {}", path.display()),
        });
    }
    out.sort_by_key(|n| n.component);
    Ok(out)
}
