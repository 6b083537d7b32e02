//! Operations: one use case each (apply, restore, diff, a rollout with `--wait`, a restart),
//! taking plain inputs (never the clap types) and returning a typed report
//! (`#[derive(Serialize)]`, what `-o json` prints) and, on failure, an [`OpError`] carrying
//! its exit code (the install path's [`install::InstallError`] adds the lines that go with it). Nothing here prints to stdout; progress goes to the
//! [`crate::node::Progress`] line and warnings through [`Say`].
//!
//! - [`rollout`]: swap components one at a time in kubeadm's order, wait for each to be up
//!   and healthy, put back everything this run swapped when one is not;
//! - [`restart`]: back a manifest up, move it out, wait for its process to stop, put it back,
//!   wait for the new process and its health;
//! - [`interrupted`]: the marker a restart leaves while a manifest is out of the directory;
//! - [`install`]: the install path of `apply` and `restore` (validate, lock, classify, back
//!   up, swap, put back on failure);
//! - [`apply`]: render or read the new manifests, then install them;
//! - [`restore`]: verify a backup folder, then install its files;
//! - [`diff`]: render for the node (node facts from the manifests on disk) and compare;
//! - [`hash`]: SHA-256 and semantic digests of manifests, and checking a checksum list;
//! - [`plan`]: judge an upgrade to a target version from the versions on disk;
//! - [`backups`]: list backup folders, check one, prune the oldest under the lock;
//! - [`render`]: render the manifests (and write them with `--out`);
//! - [`verify`]: run the checks (with the drift render) and write the textfile metrics;
//! - [`import`]: infer the config and patches, self-check them, write them;
//! - [`output_files`]: the atomic writer `render --out` and `import` share.

pub mod apply;
pub mod backups;
pub mod diff;
pub mod hash;
pub mod import;
pub mod install;
pub mod interrupted;
pub mod output_files;
pub mod plan;
pub mod render;
pub mod restart;
pub mod restore;
pub mod rollout;
pub mod verify;

use std::path::PathBuf;
use std::time::Duration;

use crate::component::Component;

/// Exit codes (README "Exit codes"); every command and operation maps its outcome to one.
pub mod exit {
    /// Success, no differences.
    pub const OK: u8 = 0;
    /// Differences found, or the plan / check is refused.
    pub const DIFFERENT: u8 = 1;
    /// Bad usage or bad input: nothing was changed.
    pub const BAD_INPUT: u8 = 2;
    /// An operation failed and every file was left (or put back) as it was.
    pub const FAILED_RESTORED: u8 = 3;
    /// An operation failed and the state could not be fully restored.
    pub const FAILED_PARTIAL: u8 = 4;
}

/// `--wait` settings.
#[derive(Debug, Clone)]
pub struct WaitOptions {
    /// Per component (`--timeout`, default 5m: kubeadm's `UpgradeManifestTimeout`).
    pub timeout: Duration,
    /// The process table (`--proc`, default `<root>/proc`).
    pub proc_dir: PathBuf,
}

/// The default `--timeout`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// Warnings and `-v` notes from an operation, for the command to print.
pub struct Say<'a> {
    /// A warning (printed unless `-q`).
    pub warn: &'a dyn Fn(&str),
    /// A note (printed with `-v`).
    pub note: &'a dyn Fn(&str),
}

/// How an operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpError {
    /// Bad input: nothing was changed (exit 2).
    #[error("{0}")]
    BadInput(String),
    /// It failed and every file is as it was (exit 3).
    #[error("{0}")]
    FailedRestored(String),
    /// It failed and the state could not be fully restored; the message lists each file and
    /// its backup (exit 4).
    #[error("{0}")]
    FailedPartial(String),
}

impl OpError {
    /// The exit code: 2, 3 or 4 (README "Exit codes").
    pub fn exit_code(&self) -> u8 {
        match self {
            OpError::BadInput(_) => exit::BAD_INPUT,
            OpError::FailedRestored(_) => exit::FAILED_RESTORED,
            OpError::FailedPartial(_) => exit::FAILED_PARTIAL,
        }
    }
}

/// kubeadm's upgrade order (cmd/kubeadm/app/phases/upgrade/staticpods.go): etcd first, then
/// kube-apiserver, kube-controller-manager, kube-scheduler.
pub fn kubeadm_order(component: Component) -> u8 {
    match component {
        Component::Etcd => 0,
        Component::KubeApiserver => 1,
        Component::KubeControllerManager => 2,
        Component::KubeScheduler => 3,
    }
}
