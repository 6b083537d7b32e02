//! An exclusive advisory lock on `<backup-dir>/.staticpod.lock`, so two staticpod runs never
//! swap or back up manifests at the same time.
//!
//! `flock(2)` (through rustix: `std::fs::File::lock` needs Rust 1.89, above the crate's MSRV).
//! The lock belongs to the open file description: it is released when the [`DirLock`] is
//! dropped, and by the kernel when the process dies, so a crash never leaves a stale lock.
//! After taking it, the holder writes its pid into the file; a run that cannot get the lock
//! names that pid in its error. The file itself is never removed (removing a flock file races
//! with a process that opened it but has not locked it yet). It is opened with `O_NOFOLLOW`,
//! so a symlink planted at its name is refused rather than followed. kubeadm does not take
//! this lock: it protects staticpod against itself only.

use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::protocol::{Hooks, Step};
use super::FsError;

/// The lock file's name inside the backup directory.
pub const LOCK_FILE: &str = ".staticpod.lock";

/// How often a waiting [`lock`] retries.
const POLL: Duration = Duration::from_millis(50);

/// Why the lock could not be taken in time (the `source` of the [`FsError`]; see
/// [`lock_busy`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "held by another staticpod ({}); gave up after {:.1}s — wait for it to finish, or \
     check that process",
    .holder.as_deref().map_or_else(|| "holder unknown".to_string(), |h| format!("pid {h}")),
    .waited.as_secs_f64()
)]
pub struct LockBusy {
    /// What the holder wrote into the lock file (its pid), when it could be read.
    pub holder: Option<String>,
    pub waited: Duration,
}

/// The [`LockBusy`] behind an error of [`lock`], if that is why it failed.
pub fn lock_busy(error: &FsError) -> Option<&LockBusy> {
    error.source.get_ref()?.downcast_ref::<LockBusy>()
}

/// A held lock; dropping it releases the lock.
#[derive(Debug)]
pub struct DirLock {
    file: fs_err::File,
}

impl DirLock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        self.file.path()
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Forget our pid so nobody names us as the holder later; closing releases the lock.
        let _ = self.file.file().set_len(0);
    }
}

/// The lock file of `backup_dir`.
pub fn lock_path(backup_dir: &Path) -> PathBuf {
    backup_dir.join(LOCK_FILE)
}

/// Take the exclusive lock on `<backup_dir>/.staticpod.lock` (creating the file, mode 0600;
/// `backup_dir` must exist), retrying every 50 ms for up to `timeout` (zero: one try).
pub fn lock(backup_dir: &Path, timeout: Duration, hooks: &dyn Hooks) -> Result<DirLock, FsError> {
    use fs_err::os::unix::fs::OpenOptionsExt;
    let path = lock_path(backup_dir);
    let fail = |e: std::io::Error| FsError::at(&path, Step::Lock, e);
    hooks.before(Step::Lock, &path).map_err(fail)?;
    let mut file = fs_err::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(&path)
        .map_err(fail)?;
    let start = Instant::now();
    loop {
        match rustix::fs::flock(
            file.file(),
            rustix::fs::FlockOperation::NonBlockingLockExclusive,
        ) {
            Ok(()) => break,
            Err(e) if e == rustix::io::Errno::WOULDBLOCK || e == rustix::io::Errno::INTR => {
                let waited = start.elapsed();
                if waited >= timeout {
                    let busy = LockBusy {
                        holder: read_holder(&mut file),
                        waited,
                    };
                    return Err(fail(std::io::Error::new(
                        std::io::ErrorKind::WouldBlock,
                        busy,
                    )));
                }
                std::thread::sleep(POLL.min(timeout - waited));
            }
            Err(e) => return Err(fail(e.into())),
        }
    }
    let record = format!("{}\n", std::process::id());
    file.set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(record.as_bytes()))
        .map_err(fail)?;
    Ok(DirLock { file })
}

fn read_holder(file: &mut fs_err::File) -> Option<String> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.take(64).read_to_string(&mut text).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fsx::protocol::{FailAt, NoHooks};

    #[test]
    fn second_lock_times_out_naming_the_holder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = lock(dir.path(), Duration::ZERO, &NoHooks).expect("first");
        assert_eq!(first.path(), lock_path(dir.path()));
        let pid = std::process::id().to_string();
        assert_eq!(
            fs_err::read_to_string(first.path()).expect("read").trim(),
            pid
        );

        let start = Instant::now();
        let err = lock(dir.path(), Duration::from_millis(200), &NoHooks).expect_err("busy");
        assert!(start.elapsed() >= Duration::from_millis(200));
        let busy = lock_busy(&err).expect("a LockBusy");
        assert_eq!(busy.holder.as_deref(), Some(pid.as_str()));
        let text = err.to_string();
        assert!(text.contains(".staticpod.lock"), "{text}");
        assert!(text.contains(&format!("pid {pid}")), "{text}");

        drop(first);
        let again = lock(dir.path(), Duration::ZERO, &NoHooks).expect("free again");
        drop(again);
    }

    #[test]
    fn lock_is_released_while_waiting() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = lock(dir.path(), Duration::ZERO, &NoHooks).expect("first");
        let releaser = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(150));
            drop(first);
        });
        lock(dir.path(), Duration::from_secs(10), &NoHooks).expect("acquired after release");
        releaser.join().expect("join");
    }

    #[test]
    fn refuses_a_symlinked_lock_file_and_injected_failures() {
        let dir = tempfile::tempdir().expect("tempdir");
        let elsewhere = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&elsewhere, lock_path(dir.path())).expect("symlink");
        assert!(lock(dir.path(), Duration::ZERO, &NoHooks).is_err());
        assert!(!elsewhere.exists());

        let dir = tempfile::tempdir().expect("tempdir");
        let err = lock(dir.path(), Duration::ZERO, &FailAt::new(Step::Lock, 1)).expect_err("x");
        assert_eq!(err.failed_step(), Some(Step::Lock));
        assert!(!lock_path(dir.path()).exists());
    }
}
