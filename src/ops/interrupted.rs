//! While `restart` has a manifest out of the directory it leaves a marker beside it,
//! `.staticpod-restart-<component>` (a dot-file: the kubelet ignores it), holding the backup
//! folder with the manifest's copy. A marker whose manifest is absent means a restart was
//! interrupted between "out" and "back": every command warns about it and says how to finish.

use std::path::{Path, PathBuf};

use crate::component::Component;
use crate::fsx::{self, Expected, NoHooks, ReplaceOptions};

const PREFIX: &str = ".staticpod-restart-";

/// The marker's path for `component` in `dir`.
pub fn marker_path(dir: &Path, component: Component) -> PathBuf {
    dir.join(format!("{PREFIX}{}", component.name()))
}

/// Write the marker durably (before the manifest goes out).
pub fn mark(dir: &Path, component: Component, backup: &Path) -> Result<(), fsx::FsError> {
    let text = format!("{}\n", backup.display());
    fsx::replace_file(
        &marker_path(dir, component),
        text.as_bytes(),
        &ReplaceOptions {
            expected: Expected::Anything,
            ..ReplaceOptions::default()
        },
        &NoHooks,
    )
}

/// Remove the marker (after the manifest is back); a missing marker is fine.
pub fn clear(dir: &Path, component: Component) -> std::io::Result<()> {
    match fs_err::remove_file(marker_path(dir, component)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Remove markers whose manifest is back in place (a restart interrupted, then finished by
/// `restore`): they no longer mean anything. Hold the lock.
pub fn clear_stale(dir: &Path) {
    for component in Component::ALL {
        if marker_path(dir, component).is_file() && dir.join(component.file_name()).exists() {
            let _ = clear(dir, component);
        }
    }
}

/// A restart that was interrupted with the manifest out of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interrupted {
    /// The component whose manifest is out.
    pub component: Component,
    /// The backup folder holding its copy, as the marker names it.
    pub backup: Option<PathBuf>,
}

impl Interrupted {
    /// The warning every command prints.
    pub fn warning(&self, dir: &Path) -> String {
        let file = dir.join(self.component.file_name());
        match &self.backup {
            Some(backup) => format!(
                "an interrupted `staticpod restart` left {} out of {} (its pod is stopped); \
                 its copy is in {}: put it back with `staticpod restore {} --component {}` \
                 (or `staticpod restore --latest` when that is the newest backup)",
                self.component,
                dir.display(),
                backup.display(),
                backup.display(),
                self.component
            ),
            None => format!(
                "an interrupted `staticpod restart` left {} out of {} (its pod is stopped): put \
                 it back with `staticpod restore --latest --component {}`",
                file.display(),
                dir.display(),
                self.component
            ),
        }
    }
}

/// Every interrupted restart in `dir` (a marker, and no manifest).
pub fn find(dir: &Path) -> Vec<Interrupted> {
    Component::ALL
        .into_iter()
        .filter(|c| marker_path(dir, *c).is_file() && !dir.join(c.file_name()).exists())
        .map(|component| {
            let backup = fsx::read::read(&marker_path(dir, component), fsx::read::Limit::SYSTEM)
                .ok()
                .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_string())
                .filter(|text| !text.is_empty())
                .map(PathBuf::from);
            Interrupted { component, backup }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_counts_only_while_the_manifest_is_out() {
        let dir = tempfile::tempdir().unwrap();
        mark(dir.path(), Component::Etcd, Path::new("/b/one")).unwrap();
        let found = find(dir.path());
        assert_eq!(
            found,
            vec![Interrupted {
                component: Component::Etcd,
                backup: Some(PathBuf::from("/b/one"))
            }]
        );
        assert!(found[0]
            .warning(dir.path())
            .contains("staticpod restore /b/one --component etcd"));
        fs_err::write(dir.path().join("etcd.yaml"), "x").unwrap();
        assert_eq!(find(dir.path()), vec![]);
        clear_stale(dir.path());
        assert!(!marker_path(dir.path(), Component::Etcd).exists());
        clear(dir.path(), Component::Etcd).unwrap();
        assert!(!marker_path(dir.path(), Component::Etcd).exists());
    }
}
