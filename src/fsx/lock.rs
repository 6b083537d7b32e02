//! An exclusive advisory lock on `<manifests-dir>/.staticpod.lock`, so two staticpod runs never
//! swap or back up the manifests of one directory at the same time, whatever their
//! `--backup-dir`. The kubelet ignores dot-files, so the lock file is never run as a pod.
//!
//! `flock(2)` (through rustix: `std::fs::File::lock` needs Rust 1.89, above the crate's MSRV).
//! The lock belongs to the open file description: it is released when the [`DirLock`] is
//! dropped, and by the kernel when the process dies, so a crash never leaves a stale lock.
//! After taking it, the holder writes its pid into the file; a run that cannot get the lock
//! names that pid in its error. The file itself is never removed (removing a flock file races
//! with a process that opened it but has not locked it yet).
//!
//! The lock file is opened without truncation, with `O_NOFOLLOW | O_NONBLOCK`, and used only
//! when it is a regular file with one link, owned by this process's user: a symlink, hard
//! link, FIFO or someone else's file planted at its name is refused (naming what it is) and
//! never written. kubeadm does not take this lock: it protects staticpod against itself only.

use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::protocol::{Hooks, Step};
use super::FsError;

/// The lock file's name inside the manifests directory.
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
    /// How long [`lock`] waited before giving up.
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

/// The lock file of `dir` (a manifests directory).
pub fn lock_path(dir: &Path) -> PathBuf {
    dir.join(LOCK_FILE)
}

/// Why an existing lock file is not used (see the module docs).
fn unusable(meta: &std::fs::Metadata) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    if let Some(kind) = super::read::kind_of(meta.file_type()) {
        return Some(format!(
            "is a {kind}, not a regular file; refusing to use it as the lock file (remove it; \
             staticpod creates its own)"
        ));
    }
    if meta.nlink() != 1 {
        return Some(format!(
            "has {} hard links; refusing to use it as the lock file, as writing it would \
             change the other names too (remove it; staticpod creates its own)",
            meta.nlink()
        ));
    }
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me {
        return Some(format!(
            "is owned by uid {}, not by this user (uid {me}); refusing to use it as the lock \
             file (remove it, or run staticpod as its owner)",
            meta.uid()
        ));
    }
    None
}

/// Take the exclusive lock on `<dir>/.staticpod.lock` (creating the file, mode 0600; `dir`
/// must exist), retrying every 50 ms for up to `timeout` (zero: one try).
pub fn lock(dir: &Path, timeout: Duration, hooks: &dyn Hooks) -> Result<DirLock, FsError> {
    use fs_err::os::unix::fs::OpenOptionsExt;
    let path = lock_path(dir);
    let fail = |e: std::io::Error| FsError::at(&path, Step::Lock, e);
    let refuse = |why: String| fail(std::io::Error::new(std::io::ErrorKind::InvalidData, why));
    hooks.before(Step::Lock, &path).map_err(fail)?;
    match fs_err::symlink_metadata(&path) {
        Ok(meta) => {
            if let Some(why) = unusable(&meta) {
                return Err(refuse(why));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(fail(e)),
    }
    let mut file = fs_err::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags((rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits() as i32)
        .open(&path)
        .map_err(|e| {
            if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
                refuse(
                    "is a symbolic link; refusing to use it as the lock file (remove it; \
                        staticpod creates its own)"
                        .into(),
                )
            } else {
                fail(e)
            }
        })?;
    // The name may have been swapped between the check and the open.
    let opened = file.metadata().map_err(fail)?;
    if let Some(why) = unusable(&opened) {
        return Err(refuse(why));
    }
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

    /// Issue 12 item 5: a lock file that is a hard link to another file got that file
    /// truncated. It is refused and neither name is written.
    #[test]
    fn refuses_a_hard_linked_lock_file_without_touching_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let precious = dir.path().join("precious");
        fs_err::write(&precious, "keep me\n").expect("write");
        fs_err::hard_link(&precious, lock_path(dir.path())).expect("link");
        let err = lock(dir.path(), Duration::ZERO, &NoHooks).expect_err("refused");
        assert!(err.to_string().contains("2 hard links"), "{err}");
        assert_eq!(
            fs_err::read_to_string(&precious).expect("read"),
            "keep me\n"
        );

        let dir = tempfile::tempdir().expect("tempdir");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            lock_path(dir.path()),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .expect("mkfifo");
        let err = lock(dir.path(), Duration::ZERO, &NoHooks).expect_err("refused");
        assert!(err.to_string().contains("is a FIFO"), "{err}");
    }

    #[test]
    fn refuses_a_symlinked_lock_file_and_injected_failures() {
        let dir = tempfile::tempdir().expect("tempdir");
        let elsewhere = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&elsewhere, lock_path(dir.path())).expect("symlink");
        assert!(lock(dir.path(), Duration::ZERO, &NoHooks).is_err());
        assert!(!elsewhere.exists());

        let err = lock(dir.path(), Duration::ZERO, &NoHooks).expect_err("refused");
        assert!(
            err.to_string()
                .contains("is a symbolic link, not a regular file; refusing to use it"),
            "issue 12 item 16: no bare `os error 40`: {err}"
        );

        let dir = tempfile::tempdir().expect("tempdir");
        let err = lock(dir.path(), Duration::ZERO, &FailAt::new(Step::Lock, 1)).expect_err("x");
        assert_eq!(err.failed_step(), Some(Step::Lock));
        assert!(!lock_path(dir.path()).exists());
    }
}
