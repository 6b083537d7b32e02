//! `staticpod apply`: back up, then atomically and durably swap in new manifests.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;

use super::{backup_dir, exit, manifests_dir, Code, Output};
use crate::cli::{ApplyArgs, GlobalArgs, OutputFormat};
use crate::component::Component;
use crate::diff::{self, Status};
use crate::fsx::{self, NoHooks, SwapOutcome, SwapTarget};
use crate::manifest::{self, strays};
use crate::render;

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
        from_files(&args.from)
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
        &dir,
        &backup_dir(global),
        new,
        extra,
        &InstallOptions {
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

/// How [`install`] runs: `--dry-run`, `--lock-timeout`, `--wait`.
pub(super) struct InstallOptions {
    pub dry_run: bool,
    pub lock_timeout: u64,
    pub wait: Option<crate::ops::WaitOptions>,
}

/// Validate, compare, lock, back up and swap; shared by `apply` and `restore`.
pub(super) fn install(
    dir: &Path,
    backups: &Path,
    new: Vec<(Component, Vec<u8>)>,
    extra: serde_json::Value,
    options: &InstallOptions,
    out: &Output,
) -> Code {
    let InstallOptions {
        dry_run,
        lock_timeout,
        ref wait,
    } = *options;
    if !dir.is_dir() {
        out.error(&format!(
            "{}: no such manifests directory (see --root / --manifests-dir)",
            dir.display()
        ));
        return exit::BAD_INPUT;
    }
    // Never install something the kubelet cannot run, or a pod under another component's name.
    for (component, bytes) in &new {
        match manifest::decode(bytes) {
            Ok(pod) if pod.pod.metadata.name.as_deref() == Some(component.name()) => {}
            Ok(pod) => {
                out.error(&format!(
                    "{component}: the new manifest's pod is named {:?}, not {:?}; refusing to install it",
                    pod.pod.metadata.name.unwrap_or_default(),
                    component.name()
                ));
                return exit::BAD_INPUT;
            }
            Err(e) => {
                out.error(&format!(
                    "{component}: the new manifest is not a valid static pod: {e}"
                ));
                return exit::BAD_INPUT;
            }
        }
    }
    let expected: Vec<String> = Component::ALL.iter().map(|c| c.file_name()).collect();
    for stray in strays::find(dir, &expected) {
        out.warn(&format!("{}: {}", stray.path.display(), stray.message));
    }

    // Hold the lock from before reading the current files until the swap is done, so what is
    // compared and backed up is what gets replaced (other staticpod runs wait).
    let _lock = if dry_run {
        None
    } else {
        if let Err(e) = fsx::ensure_backup_dir(backups, &NoHooks) {
            out.error(&e.to_string());
            return exit::FAILED_RESTORED;
        }
        let lock = match fsx::lock(backups, Duration::from_secs(lock_timeout), &NoHooks) {
            Ok(lock) => lock,
            Err(e) => {
                out.error(&e.to_string());
                return exit::FAILED_RESTORED;
            }
        };
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
        Some(lock)
    };

    let mut planned = Vec::new();
    for (component, bytes) in new {
        let path = dir.join(component.file_name());
        let old = match crate::fsx::read::read(&path, crate::fsx::read::Limit::MANIFEST) {
            Ok(old) => Some(old),
            Err(e) if e.is_not_found() => None,
            Err(e) => {
                out.error(&e.to_string());
                return exit::BAD_INPUT;
            }
        };
        let verdict = diff::classify(old.as_deref(), Some(&bytes));
        planned.push(Planned {
            component,
            path,
            bytes,
            verdict,
        });
    }
    let changing: Vec<&Planned> = planned
        .iter()
        .filter(|p| p.verdict.status != Status::Unchanged)
        .collect();
    if dry_run || changing.is_empty() {
        report(
            &planned,
            None,
            if dry_run { "would replace" } else { "replaced" },
            out,
        );
        return exit::OK;
    }

    if let Some(wait) = wait {
        return super::rollout::run(backups, &planned, extra, wait, out);
    }
    let targets: Vec<SwapTarget<'_>> = changing
        .iter()
        .map(|p| SwapTarget {
            component: p.component.name(),
            path: &p.path,
            new_bytes: &p.bytes,
        })
        .collect();
    match fsx::swap_set(backups, &targets, extra, &NoHooks) {
        SwapOutcome::Swapped { backup } => {
            report(&planned, Some(&backup.path), "replaced", out);
            exit::OK
        }
        SwapOutcome::FailedRestored { error, backup } => {
            out.error(&format!("{error}; every manifest was left as it was"));
            if let Some(backup) = backup {
                out.error(&format!(
                    "backup of the old manifests: {}",
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
                out.error(&format!(
                    "  {}: {:?}; its backup: {}{}",
                    file.path.display(),
                    file.state,
                    file.backup
                        .as_ref()
                        .map_or("none (it did not exist before)".to_string(), |p| p
                            .display()
                            .to_string()),
                    file.restore_error
                        .as_ref()
                        .map(|e| format!(" ({e})"))
                        .unwrap_or_default()
                ));
            }
            out.error(&format!("backup folder: {}", backup.path.display()));
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
) -> Result<Vec<(Component, Vec<u8>)>, String> {
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
        .map(|m| (m.component, m.yaml.into_bytes()))
        .collect())
}

/// `--from DIR|FILE…`: a directory contributes its `<component>.yaml` files; a file must be
/// named `<component>.yaml`.
fn from_files(from: &[PathBuf]) -> Result<Vec<(Component, Vec<u8>)>, String> {
    let mut files: Vec<(Component, PathBuf)> = Vec::new();
    for path in from {
        if path.is_dir() {
            for component in Component::ALL {
                let file = path.join(component.file_name());
                if file.is_file() {
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
                .map_err(|_| format!("--from {}: expected a file named <component>.yaml (kube-apiserver.yaml, kube-controller-manager.yaml, kube-scheduler.yaml, etcd.yaml)", path.display()))?;
            files.push((component, path.clone()));
        }
    }
    if files.is_empty() {
        return Err("--from: no <component>.yaml files found".into());
    }
    let mut out: Vec<(Component, Vec<u8>)> = Vec::new();
    for (component, path) in files {
        if out.iter().any(|(c, _)| *c == component) {
            return Err(format!("--from: {component} is given twice"));
        }
        let bytes = crate::fsx::read::read(&path, crate::fsx::read::Limit::MANIFEST)
            .map_err(|e| format!("--from: {e}"))?;
        out.push((component, bytes));
    }
    out.sort_by_key(|(c, _)| *c);
    Ok(out)
}
