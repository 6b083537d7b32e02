//! Every file-system effect staticpod has lives here.
//!
//! - [`protocol`]: the step-by-step replace protocol for one manifest (stage, then commit),
//!   with fault-injection hooks, concurrent-edit check and symlink policy;
//! - [`atomic`]: a set of new files (`render --out`) written with that same protocol;
//! - [`temp`]: temp-file names (carrying their writer) and the clean-up of dead runs' ones;
//! - [`mod@lock`]: the advisory lock in the manifests directory that keeps two staticpod runs
//!   apart;
//! - [`backup`]: backup folders (ours and kubeadm's): create, inspect (list, verify, record,
//!   `--latest`), swap a set of manifests, prune;
//! - [`mod@read`]: bounded, non-blocking reads of files staticpod did not write.
//! - [`remove`]: durable removal of a manifest that still holds the expected content.

pub mod atomic;
pub mod backup;
mod error;
pub mod lock;
pub mod protocol;
pub mod read;
pub mod remove;
pub mod temp;

pub use atomic::{write_set, WriteReport};
pub use backup::{
    create_backup, ensure_backup_dir, latest, list_backups, prune, swap_set, verify_backup,
    BackupFolder, BackupKind, BackupListing, BackupRecord, RunState, Status, SwapOutcome,
    SwapTarget, Verification,
};
pub use error::FsError;
pub use lock::{lock, DirLock, LockBusy};
pub use protocol::{
    replace_file, stage, Expected, FailAt, Hooks, ModeOwner, NoHooks, Refusal, ReplaceOptions,
    Staged, Step,
};
pub use temp::{cleanup_stale_temps, is_staticpod_temp};
