//! Every file-system effect staticpod has lives here.
//!
//! - [`atomic`]: atomic durable writes of a set of new files (`render --out`);
//! - [`protocol`]: the step-by-step replace protocol for one manifest, with fault-injection
//!   hooks, concurrent-edit check and symlink policy;
//! - [`mod@lock`]: the advisory lock that keeps two staticpod runs apart;
//! - [`backup`]: backup folders (ours and kubeadm's): create, list, verify; and
//!   [`swap_set`]: back up, replace a set of manifests, put them back on failure;
//! - [`mod@read`]: bounded, non-blocking reads of files staticpod did not write;
//! - [`remove`]: durable removal of a manifest that still holds the expected content.

pub mod atomic;
pub mod backup;
pub mod lock;
pub mod protocol;
pub mod read;
pub mod remove;

pub use atomic::{write_set, FsError, WriteReport};
pub use backup::{
    create_backup, ensure_backup_dir, list_backups, swap_set, verify_backup, BackupFolder,
    BackupKind, BackupListing, BackupRecord, SwapOutcome, SwapTarget, Verification,
};
pub use lock::{lock, DirLock, LockBusy};
pub use protocol::{
    cleanup_stale_temps, replace_file, Expected, FailAt, Hooks, ModeOwner, NoHooks, Refusal,
    ReplaceOptions, Step,
};
