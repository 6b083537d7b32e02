//! The write protocol for replacing one manifest, with a fault-injection hook before every
//! file-system step.
//!
//! [`replace_file`] replaces a target in these steps (each is a [`Step`], and
//! [`Hooks::before`] is called before each one):
//!
//! 1. `Inspect`: `lstat` the target and its directory (symlink policy below); read the old
//!    file's mode and owner.
//! 2. `CreateTemp`: create `.staticpod-<name>.<pid>-<start>.<random>.tmp` ([`super::temp`]) in the target's own directory
//!    (`O_EXCL`, mode 0600). It is a dot-file, so the kubelet never runs it as a pod.
//! 3. `Write`: write the new bytes.
//! 4. `Chown`, `Chmod`: give the temp file the old file's owner and mode (a new file: 0600 and
//!    the owner it was created with, i.e. this process's uid/gid), or the caller's explicit
//!    [`ModeOwner`]. Chown comes first because it may clear set-id bits.
//! 5. `Fsync`: fsync the temp file (after chmod/chown, so one fsync makes data and metadata
//!    durable before the rename can be).
//! 6. `VerifyUnchanged`: re-read the target and check it still is what the caller read
//!    ([`Expected`]); refuse with [`Refusal::ChangedConcurrently`] (or `CreatedConcurrently`,
//!    `Vanished`) if someone edited it meanwhile.
//! 7. `Rename`: `rename(2)` the temp file over the target: one atomic step, so there is never a
//!    moment without a manifest, and the kubelet sees either the whole old or the whole new file.
//! 8. `FsyncDir`: fsync the directory, making the rename durable.
//!
//! An error at steps 1–7 removes the temp file and leaves the target untouched (byte-identical,
//! same inode). An error at step 8 happens after the rename: the target already holds the new
//! content, only its durability across a power cut is in doubt ([`FsError::after_rename`]).
//!
//! The check at step 6 is the best a POSIX file system allows: there is no compare-and-rename,
//! so an edit landing in the microseconds between the check and the rename is overwritten.
//! Callers that can (staticpod against itself) also hold the [`mod@super::lock`] lock.
//!
//! # Symlink policy
//!
//! By default [`replace_file`] refuses ([`Refusal::Symlink`], [`Refusal::SymlinkDirectory`]) to
//! replace a target that is a symbolic link or whose directory (the target's immediate parent)
//! is one: renaming over a symlink would replace the link with a regular file, silently cutting
//! it from the file it pointed to, and a symlinked manifests directory usually means a layout
//! the operator built on purpose. With [`ReplaceOptions::follow_symlinks`] the links are
//! resolved first (`realpath`): the file the link points to is replaced (the temp file is
//! created beside it), and the link itself is kept. A dangling link is an error either way.
//! Targets that are neither regular files nor absent (directories, sockets…) are always refused.
//!
//! # Stale temp files
//!
//! A crash between steps 2 and 7 leaves a `.staticpod-*.tmp` dot-file (harmless to the
//! kubelet). Its name carries the writer's pid and start time, and
//! [`super::temp::cleanup_stale_temps`] removes it only once that process has provably ended.

use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::FsError;
use crate::manifest::sha256_hex;

/// Every file-system step of the protocols in [`crate::fsx`], in the order they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// `lstat` the target and its directory.
    Inspect,
    /// Create the temp dot-file beside the target.
    CreateTemp,
    /// Write the new bytes to the temp file.
    Write,
    /// Give the temp file its owner.
    Chown,
    /// Give the temp file its mode.
    Chmod,
    /// fsync a file.
    Fsync,
    /// Re-read the target and compare it with what the caller expects.
    VerifyUnchanged,
    /// Rename the temp file over the target.
    Rename,
    /// fsync a directory.
    FsyncDir,
    /// Remove a file (a stale temp file, or a manifest that did not exist before a swap).
    Remove,
    /// Create a backup folder.
    CreateDir,
    /// Copy one file into a backup folder (create, write, fsync).
    CopyBackup,
    /// Write a backup folder's `SHA256SUMS`.
    WriteSums,
    /// Write a backup folder's `record.json`.
    WriteRecord,
    /// Take the advisory lock.
    Lock,
}

impl Step {
    /// Every step, each once.
    pub const ALL: [Step; 15] = [
        Step::Inspect,
        Step::CreateTemp,
        Step::Write,
        Step::Chown,
        Step::Chmod,
        Step::Fsync,
        Step::VerifyUnchanged,
        Step::Rename,
        Step::FsyncDir,
        Step::Remove,
        Step::CreateDir,
        Step::CopyBackup,
        Step::WriteSums,
        Step::WriteRecord,
        Step::Lock,
    ];

    /// The text used as [`FsError::step`].
    pub fn label(self) -> &'static str {
        match self {
            Step::Inspect => "inspect",
            Step::CreateTemp => "create temp file",
            Step::Write => "write",
            Step::Chown => "chown",
            Step::Chmod => "chmod",
            Step::Fsync => "fsync",
            Step::VerifyUnchanged => "verify unchanged",
            Step::Rename => "rename into place",
            Step::FsyncDir => "fsync directory",
            Step::Remove => "remove",
            Step::CreateDir => "create directory",
            Step::CopyBackup => "copy into backup",
            Step::WriteSums => "write SHA256SUMS",
            Step::WriteRecord => "write record.json",
            Step::Lock => "lock",
        }
    }

    /// The step whose [`Step::label`] is `label`.
    pub fn from_label(label: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.label() == label)
    }
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Called before every file-system step; an error makes that step fail with it (as if the
/// system call had returned it). Production code passes [`NoHooks`].
pub trait Hooks {
    /// Runs just before `step` on `path`; an `Err` is returned as that step's failure.
    fn before(&self, step: Step, path: &Path) -> std::io::Result<()>;
}

/// The production hooks: every step goes ahead.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHooks;

impl Hooks for NoHooks {
    fn before(&self, _step: Step, _path: &Path) -> std::io::Result<()> {
        Ok(())
    }
}

/// Fault injection: fails the `nth` (1-based) call of `step` with an I/O error (and, with
/// [`FailAt::and_after`], every later call of it too).
#[derive(Debug)]
pub struct FailAt {
    step: Step,
    nth: usize,
    sticky: bool,
    seen: AtomicUsize,
}

impl FailAt {
    /// Fail only the `nth` (from 1) call of `step`.
    pub fn new(step: Step, nth: usize) -> FailAt {
        FailAt {
            step,
            nth,
            sticky: false,
            seen: AtomicUsize::new(0),
        }
    }

    /// Also fail every call of the step after the `nth`.
    pub fn and_after(mut self) -> FailAt {
        self.sticky = true;
        self
    }

    /// How many times the step was reached.
    pub fn calls(&self) -> usize {
        self.seen.load(Ordering::SeqCst)
    }
}

impl Hooks for FailAt {
    fn before(&self, step: Step, path: &Path) -> std::io::Result<()> {
        if step != self.step {
            return Ok(());
        }
        let n = self.seen.fetch_add(1, Ordering::SeqCst) + 1;
        if n == self.nth || (self.sticky && n > self.nth) {
            return Err(std::io::Error::other(format!(
                "injected failure at {step} #{n} ({})",
                path.display()
            )));
        }
        Ok(())
    }
}

/// Why the protocol refused to go on (carried as the `source` of an [`FsError`]; see
/// [`FsError::refusal`]). Nothing was changed when one of these is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The target's content is not the one the caller read ([`Expected::Sha256`]).
    #[error(
        "changed since it was read (expected sha256 {expected}, found {found}): someone edited \
         it concurrently; nothing was replaced"
    )]
    ChangedConcurrently {
        /// SHA-256 (lower-case hex) of the content the caller read.
        expected: String,
        /// SHA-256 (lower-case hex) of the content found.
        found: String,
    },
    /// The caller expected no file ([`Expected::Absent`]), and there is one.
    #[error(
        "was created since the directory was read (expected no file, found sha256 {found}): \
         someone wrote it concurrently; nothing was replaced"
    )]
    CreatedConcurrently {
        /// SHA-256 (lower-case hex) of the file found.
        found: String,
    },
    /// The file the caller read ([`Expected::Sha256`]) is gone.
    #[error(
        "vanished since it was read (expected sha256 {expected}): someone removed it \
         concurrently; nothing was replaced"
    )]
    Vanished {
        /// SHA-256 (lower-case hex) of the content the caller read.
        expected: String,
    },
    /// The target is a symbolic link and [`ReplaceOptions`] does not allow following it.
    #[error(
        "is a symbolic link to {}; staticpod replaces only regular files (renaming over the link \
         would cut it from its target): replace the link by the file it points to, or edit that \
         file yourself", .points_to.display()
    )]
    Symlink {
        /// The link's target, as stored in the link.
        points_to: PathBuf,
    },
    /// The target's directory is a symbolic link and following is not allowed.
    #[error(
        "its directory {} is a symbolic link; staticpod does not write through it: give the \
         real directory with --manifests-dir", .dir.display()
    )]
    SymlinkDirectory {
        /// The symlinked directory.
        dir: PathBuf,
    },
    /// The target exists and is neither a regular file nor a symbolic link.
    #[error("is not a regular file ({kind}); refusing to replace it")]
    NotRegularFile {
        /// What it is: `a directory`, `a FIFO`, `a socket`, ….
        kind: &'static str,
    },
}

impl Refusal {
    fn into_io(self) -> std::io::Error {
        std::io::Error::other(self)
    }
}

impl From<Refusal> for std::io::Error {
    fn from(refusal: Refusal) -> std::io::Error {
        refusal.into_io()
    }
}

impl FsError {
    /// An error at `step` on `path`.
    pub fn at(path: &Path, step: Step, source: std::io::Error) -> FsError {
        FsError {
            path: path.to_path_buf(),
            step: step.label(),
            source,
        }
    }

    /// The step that failed, when it is one of [`Step`]'s.
    pub fn failed_step(&self) -> Option<Step> {
        Step::from_label(self.step)
    }

    /// The protocol's refusal, when that is why it stopped.
    pub fn refusal(&self) -> Option<&Refusal> {
        self.source.get_ref()?.downcast_ref::<Refusal>()
    }

    /// True when the error came after [`replace_file`]'s rename: the target holds the new
    /// content (only the directory fsync failed).
    pub fn after_rename(&self) -> bool {
        self.failed_step() == Some(Step::FsyncDir)
    }
}

/// What the target must be when it is replaced (checked just before the rename).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Expected {
    /// No check.
    #[default]
    Anything,
    /// There must be no file: the caller is creating it.
    Absent,
    /// The target's SHA-256 (lower-case hex) must be this: the content the caller read.
    Sha256(String),
}

/// Explicit mode and owner for the new file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModeOwner {
    /// Permission bits (`0o600`); bits above `0o7777` are ignored.
    pub mode: u32,
    /// Owner user id.
    pub uid: u32,
    /// Owner group id.
    pub gid: u32,
}

/// Options of [`replace_file`]; the default checks nothing, keeps the old mode and owner and
/// refuses symlinks.
#[derive(Debug, Clone, Default)]
pub struct ReplaceOptions {
    /// What the target must be just before the rename.
    pub expected: Expected,
    /// `None`: keep the old file's mode and owner (a new file: 0600 and this process's ids).
    pub mode_owner: Option<ModeOwner>,
    /// Replace the file a symlinked target (or a target in a symlinked directory) points to
    /// instead of refusing. See the module docs.
    pub follow_symlinks: bool,
}

/// The directory holding `path` (`.` for a bare file name).
pub(crate) fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn file_kind(file_type: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_fifo() {
        "a FIFO"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

/// The target to write after applying the symlink policy, with its old mode and owner.
struct Resolved {
    target: PathBuf,
    dir: PathBuf,
    old: Option<ModeOwner>,
}

fn resolve(target: &Path, follow: bool) -> Result<Resolved, FsError> {
    let inspect = |path: &Path, e: std::io::Error| FsError::at(path, Step::Inspect, e);
    let name = target.file_name().ok_or_else(|| {
        inspect(
            target,
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"),
        )
    })?;
    let mut dir = parent_dir(target);
    let dir_meta = fs_err::symlink_metadata(&dir).map_err(|e| inspect(&dir, e))?;
    if dir_meta.file_type().is_symlink() {
        if !follow {
            return Err(inspect(
                target,
                Refusal::SymlinkDirectory { dir: dir.clone() }.into_io(),
            ));
        }
        dir = fs_err::canonicalize(&dir).map_err(|e| inspect(&dir, e))?;
    }
    let mut target = dir.join(name);
    let mut meta = match fs_err::symlink_metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(inspect(&target, e)),
    };
    if meta.as_ref().is_some_and(|m| m.file_type().is_symlink()) {
        if !follow {
            let points_to = fs_err::read_link(&target).unwrap_or_default();
            return Err(inspect(&target, Refusal::Symlink { points_to }.into_io()));
        }
        target = fs_err::canonicalize(&target).map_err(|e| inspect(&target, e))?;
        meta = Some(fs_err::symlink_metadata(&target).map_err(|e| inspect(&target, e))?);
    }
    let old = match meta {
        None => None,
        Some(m) if m.file_type().is_file() => Some(ModeOwner {
            mode: m.permissions().mode() & 0o7777,
            uid: m.uid(),
            gid: m.gid(),
        }),
        Some(m) => {
            let kind = file_kind(m.file_type());
            return Err(inspect(&target, Refusal::NotRegularFile { kind }.into_io()));
        }
    };
    let dir = parent_dir(&target);
    Ok(Resolved { target, dir, old })
}

/// Replace `target` with `new_bytes` by the protocol in the module docs: [`stage`], then
/// [`Staged::commit`].
pub fn replace_file(
    target: &Path,
    new_bytes: &[u8],
    options: &ReplaceOptions,
    hooks: &dyn Hooks,
) -> Result<(), FsError> {
    stage(target, new_bytes, options, hooks)?.commit(hooks)
}

/// A temp file holding a target's new bytes, durable and with its final mode and owner, not
/// yet renamed into place (steps 1–5 done). Dropping it removes the temp file.
#[derive(Debug)]
pub struct Staged {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
    dir: PathBuf,
    expected: Expected,
}

impl Staged {
    /// The file the temp file will replace (after the symlink policy).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Steps 6–8: check the target is still what the caller read, rename over it, fsync the
    /// directory.
    pub fn commit(self, hooks: &dyn Hooks) -> Result<(), FsError> {
        let Staged {
            temp,
            target,
            dir,
            expected,
        } = self;
        hooks
            .before(Step::VerifyUnchanged, &target)
            .map_err(|e| FsError::at(&target, Step::VerifyUnchanged, e))?;
        verify_unchanged(&target, &expected)?;
        hooks
            .before(Step::Rename, &target)
            .map_err(|e| FsError::at(&target, Step::Rename, e))?;
        temp.persist(&target)
            .map_err(|e| FsError::at(&target, Step::Rename, e.error))?;
        fsync_dir(&dir, hooks)
    }
}

/// Steps 1–5 of the protocol: inspect, create the temp file beside the target, write, chown,
/// chmod, fsync. Nothing visible to the kubelet changes.
pub fn stage(
    target: &Path,
    new_bytes: &[u8],
    options: &ReplaceOptions,
    hooks: &dyn Hooks,
) -> Result<Staged, FsError> {
    let step = |step: Step, path: &Path| {
        hooks
            .before(step, path)
            .map_err(|e| FsError::at(path, step, e))
    };
    step(Step::Inspect, target)?;
    let Resolved { target, dir, old } = resolve(target, options.follow_symlinks)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();

    step(Step::CreateTemp, &target)?;
    let mut temp = tempfile::Builder::new()
        .prefix(&super::temp::prefix_for(&name))
        .suffix(super::temp::TEMP_SUFFIX)
        .rand_bytes(super::temp::TEMP_RANDOM_LEN)
        .tempfile_in(&dir)
        .map_err(|e| FsError::at(&target, Step::CreateTemp, e))?;
    // From here on, an early return drops `temp`, which removes the temp file.
    let temp_path = temp.path().to_path_buf();

    step(Step::Write, &temp_path)?;
    temp.write_all(new_bytes)
        .map_err(|e| FsError::at(&temp_path, Step::Write, e))?;

    let wanted = options.mode_owner.or(old);
    step(Step::Chown, &temp_path)?;
    if let Some(owner) = wanted {
        let meta = temp
            .as_file()
            .metadata()
            .map_err(|e| FsError::at(&temp_path, Step::Chown, e))?;
        if (meta.uid(), meta.gid()) != (owner.uid, owner.gid) {
            std::os::unix::fs::fchown(temp.as_file(), Some(owner.uid), Some(owner.gid))
                .map_err(|e| FsError::at(&temp_path, Step::Chown, e))?;
        }
    }

    step(Step::Chmod, &temp_path)?;
    let mode = wanted.map_or(0o600, |w| w.mode & 0o7777);
    temp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(mode))
        .map_err(|e| FsError::at(&temp_path, Step::Chmod, e))?;

    step(Step::Fsync, &temp_path)?;
    temp.as_file()
        .sync_all()
        .map_err(|e| FsError::at(&temp_path, Step::Fsync, e))?;
    Ok(Staged {
        temp,
        target,
        dir,
        expected: options.expected.clone(),
    })
}

fn verify_unchanged(target: &Path, expected: &Expected) -> Result<(), FsError> {
    let fail = |e: std::io::Error| FsError::at(target, Step::VerifyUnchanged, e);
    let current = match fs_err::read(target) {
        Ok(bytes) => Some(sha256_hex(&bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(e)),
    };
    let refusal = match (expected, current) {
        (Expected::Anything, _) | (Expected::Absent, None) => return Ok(()),
        (Expected::Absent, Some(found)) => Refusal::CreatedConcurrently { found },
        (Expected::Sha256(expected), None) => Refusal::Vanished {
            expected: expected.clone(),
        },
        (Expected::Sha256(expected), Some(found)) => {
            if found.eq_ignore_ascii_case(expected) {
                return Ok(());
            }
            Refusal::ChangedConcurrently {
                expected: expected.clone(),
                found,
            }
        }
    };
    Err(fail(refusal.into_io()))
}

/// fsync a directory (step [`Step::FsyncDir`]).
pub(crate) fn fsync_dir(dir: &Path, hooks: &dyn Hooks) -> Result<(), FsError> {
    hooks
        .before(Step::FsyncDir, dir)
        .and_then(|()| fs_err::File::open(dir).and_then(|d| d.sync_all()))
        .map_err(|e| FsError::at(dir, Step::FsyncDir, e))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every name in `dir`, sorted.
    pub(crate) fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs_err::read_dir(dir)
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn mode(path: &Path) -> u32 {
        fs_err::metadata(path).expect("meta").permissions().mode() & 0o7777
    }

    const OLD: &[u8] = b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n";
    const NEW: &[u8] = b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n# new\n";

    fn seeded() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("etcd.yaml");
        fs_err::write(&target, OLD).expect("seed");
        fs_err::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        (dir, target)
    }

    fn expect_old() -> ReplaceOptions {
        ReplaceOptions {
            expected: Expected::Sha256(sha256_hex(OLD)),
            ..ReplaceOptions::default()
        }
    }

    const REPLACE_STEPS: [Step; 9] = [
        Step::Inspect,
        Step::CreateTemp,
        Step::Write,
        Step::Chown,
        Step::Chmod,
        Step::Fsync,
        Step::VerifyUnchanged,
        Step::Rename,
        Step::FsyncDir,
    ];

    #[test]
    fn replaces_keeping_mode_and_leaving_no_temp() {
        let (dir, target) = seeded();
        let ino = fs_err::metadata(&target).expect("meta").ino();
        replace_file(&target, NEW, &expect_old(), &NoHooks).expect("replace");
        assert_eq!(fs_err::read(&target).expect("read"), NEW);
        assert_eq!(mode(&target), 0o640);
        assert_ne!(fs_err::metadata(&target).expect("meta").ino(), ino);
        assert_eq!(entries(dir.path()), ["etcd.yaml"]);
    }

    #[test]
    fn every_step_failure_leaves_old_or_new_never_a_mix() {
        for step in REPLACE_STEPS {
            let (dir, target) = seeded();
            let hooks = FailAt::new(step, 1);
            let err = replace_file(&target, NEW, &expect_old(), &hooks)
                .expect_err(&format!("failure injected at {step}"));
            assert_eq!(err.failed_step(), Some(step), "{err}");
            assert!(err.to_string().contains("injected failure"), "{err}");
            let content = fs_err::read(&target).expect("target still there");
            if step == Step::FsyncDir {
                assert!(err.after_rename());
                assert_eq!(content, NEW, "after the rename the target is wholly new");
            } else {
                assert!(!err.after_rename());
                assert_eq!(content, OLD, "{step}: target must be untouched");
                assert_eq!(mode(&target), 0o640);
            }
            assert_eq!(entries(dir.path()), ["etcd.yaml"], "{step}: no leftovers");
        }
    }

    #[test]
    fn failure_creating_a_new_file_adds_nothing() {
        for step in REPLACE_STEPS {
            let dir = tempfile::tempdir().expect("tempdir");
            let target = dir.path().join("kube-scheduler.yaml");
            let options = ReplaceOptions {
                expected: Expected::Absent,
                ..ReplaceOptions::default()
            };
            let err =
                replace_file(&target, NEW, &options, &FailAt::new(step, 1)).expect_err("injected");
            if step == Step::FsyncDir {
                assert_eq!(fs_err::read(&target).expect("new"), NEW);
                assert_eq!(mode(&target), 0o600);
            } else {
                assert!(!target.exists(), "{step}: {err}");
                assert!(entries(dir.path()).is_empty(), "{step}: no leftovers");
            }
        }
    }

    #[test]
    fn new_file_gets_0600_and_our_ids() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("etcd.yaml");
        let options = ReplaceOptions {
            expected: Expected::Absent,
            ..ReplaceOptions::default()
        };
        replace_file(&target, NEW, &options, &NoHooks).expect("create");
        assert_eq!(mode(&target), 0o600);
        let probe = dir.path().join(".probe");
        fs_err::write(&probe, "").expect("probe");
        let (meta, ours) = (
            fs_err::metadata(&target).expect("meta"),
            fs_err::metadata(&probe).expect("meta"),
        );
        assert_eq!((meta.uid(), meta.gid()), (ours.uid(), ours.gid()));
    }

    #[test]
    fn explicit_mode_and_owner() {
        let (_dir, target) = seeded();
        let meta = fs_err::metadata(&target).expect("meta");
        let options = ReplaceOptions {
            mode_owner: Some(ModeOwner {
                mode: 0o100_644,
                uid: meta.uid(),
                gid: meta.gid(),
            }),
            ..expect_old()
        };
        replace_file(&target, NEW, &options, &NoHooks).expect("replace");
        assert_eq!(mode(&target), 0o644);
    }

    #[test]
    fn concurrent_edit_is_refused() {
        let (dir, target) = seeded();
        // Someone edits the file after the caller read OLD.
        fs_err::write(&target, b"edited by hand\n").expect("edit");
        let err = replace_file(&target, NEW, &expect_old(), &NoHooks).expect_err("refused");
        assert!(matches!(
            err.refusal(),
            Some(Refusal::ChangedConcurrently { .. })
        ));
        assert!(err.to_string().contains("edited it concurrently"), "{err}");
        assert_eq!(fs_err::read(&target).expect("read"), b"edited by hand\n");
        assert_eq!(entries(dir.path()), ["etcd.yaml"]);

        let created = ReplaceOptions {
            expected: Expected::Absent,
            ..ReplaceOptions::default()
        };
        let err = replace_file(&target, NEW, &created, &NoHooks).expect_err("refused");
        assert!(matches!(
            err.refusal(),
            Some(Refusal::CreatedConcurrently { .. })
        ));

        fs_err::remove_file(&target).expect("rm");
        let err = replace_file(&target, NEW, &expect_old(), &NoHooks).expect_err("refused");
        assert!(matches!(err.refusal(), Some(Refusal::Vanished { .. })));
        assert!(entries(dir.path()).is_empty());
    }

    #[test]
    fn symlinks_are_refused_unless_followed() {
        let (dir, real) = seeded();
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        let err = replace_file(&link, NEW, &expect_old(), &NoHooks).expect_err("refused");
        assert!(
            matches!(err.refusal(), Some(Refusal::Symlink { .. })),
            "{err}"
        );
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(fs_err::read(&real).expect("read"), OLD);

        let linked_dir = tempfile::tempdir().expect("tempdir");
        let dir_link = linked_dir.path().join("manifests");
        std::os::unix::fs::symlink(dir.path(), &dir_link).expect("symlink");
        let via_dir = dir_link.join("etcd.yaml");
        let err = replace_file(&via_dir, NEW, &expect_old(), &NoHooks).expect_err("refused");
        assert!(
            matches!(err.refusal(), Some(Refusal::SymlinkDirectory { .. })),
            "{err}"
        );
        assert_eq!(fs_err::read(&real).expect("read"), OLD);
        assert_eq!(entries(dir.path()), ["etcd.yaml", "link.yaml"]);

        // Following: the file pointed to is replaced, the link stays a link.
        let follow = ReplaceOptions {
            follow_symlinks: true,
            ..expect_old()
        };
        replace_file(&link, NEW, &follow, &NoHooks).expect("followed");
        assert_eq!(fs_err::read(&real).expect("read"), NEW);
        assert!(fs_err::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink());
        let follow_new = ReplaceOptions {
            follow_symlinks: true,
            expected: Expected::Sha256(sha256_hex(NEW)),
            ..ReplaceOptions::default()
        };
        replace_file(&via_dir, OLD, &follow_new, &NoHooks).expect("followed dir");
        assert_eq!(fs_err::read(&real).expect("read"), OLD);
        assert_eq!(entries(dir.path()), ["etcd.yaml", "link.yaml"]);
    }

    #[test]
    fn directories_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("etcd.yaml");
        fs_err::create_dir(&sub).expect("mkdir");
        let err =
            replace_file(&sub, NEW, &ReplaceOptions::default(), &NoHooks).expect_err("refused");
        assert!(matches!(
            err.refusal(),
            Some(Refusal::NotRegularFile { .. })
        ));
        assert!(sub.is_dir());
    }

    #[test]
    fn step_labels_round_trip() {
        for step in Step::ALL {
            assert_eq!(Step::from_label(step.label()), Some(step));
        }
    }
}
