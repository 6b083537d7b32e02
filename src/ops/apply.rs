//! `apply`: the new manifests (rendered, or read from `--from` files) installed with the
//! install path ([`super::install`]).

use std::path::{Path, PathBuf};

use serde_json::json;

use super::install::{self, InstallError, InstallRequest, Installed, NewManifest};
use super::{OpError, Say, WaitOptions};
use crate::component::Component;
use crate::fsx::read::{read, Limit};
use crate::node::Progress;
use crate::render::{self, RenderRequest};

/// Where the new manifests come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// Rendered from a config, as kubeadm would write them.
    Render(Box<RenderRequest>),
    /// `--from DIR|FILE…`, restricted to `components` (`--component`) when not empty.
    Files {
        /// Directories holding `<component>.yaml` files, or such files.
        from: Vec<PathBuf>,
        /// Component names as given; each must be found.
        components: Vec<String>,
    },
}

/// What to apply and how.
#[derive(Debug, Clone)]
pub struct ApplyRequest<'a> {
    /// The manifests directory.
    pub dir: &'a Path,
    /// The backup directory.
    pub backups: &'a Path,
    /// The new manifests.
    pub source: Source,
    /// Compare and report only.
    pub dry_run: bool,
    /// Seconds to wait for the manifests directory's lock.
    pub lock_timeout: u64,
    /// `--wait`: swap one component at a time and wait for each.
    pub wait: Option<WaitOptions>,
}

/// Get the new manifests (bad input → exit 2), then install them.
pub fn run(
    request: ApplyRequest<'_>,
    progress: &Progress,
    say: &Say<'_>,
) -> Result<Installed, InstallError> {
    let (new, source) = match &request.source {
        Source::Render(render) => (rendered(render, say), "render"),
        Source::Files { from, components } => (from_files(from, components), "files"),
    };
    let new = new.map_err(OpError::BadInput)?;
    install::run(
        InstallRequest {
            dir: request.dir,
            backups: request.backups,
            new,
            extra: json!({"command": "apply", "source": source}),
            restored_from: None,
            dry_run: request.dry_run,
            lock_timeout: request.lock_timeout,
            wait: request.wait,
        },
        progress,
        say,
    )
}

fn rendered(request: &RenderRequest, say: &Say<'_>) -> Result<Vec<NewManifest>, String> {
    let rendered = render::render(request).map_err(|e| e.to_string())?;
    for note in &rendered.notes {
        (say.note)(note);
    }
    for warning in &rendered.warnings {
        (say.warn)(warning);
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
