//! Bounded, non-blocking reads of files staticpod did not write itself.
//!
//! A control-plane node is the one place where a tool must never hang or eat memory, and
//! every file staticpod reads (configs, manifests, strays, patches, kubeconfigs, certificates,
//! backup copies, checksum lists, `/proc` entries) may be something else than it seems: a
//! symlink to `/dev/zero`, a FIFO named like a manifest, a 2 GiB `*.bak`. [`read`] therefore:
//!
//! 1. `stat`s the path (following links, as `open` would) and refuses anything that is not a
//!    regular file, naming what it is, before opening it;
//! 2. opens it with `O_NONBLOCK | O_NOCTTY`, so that a file swapped for a FIFO or a device
//!    between the check and the open cannot block, and checks the opened file's type again;
//! 3. reads at most `limit + 1` bytes, so a file larger than its cap (or one that grows while
//!    it is read, or a `/proc` entry whose size says 0) is refused without being read to the end.
//!
//! The caps are per kind of file ([`Limit`]): the kubelet's own 10 MiB for manifests, smaller
//! ones where real files are small.

use fs_err::os::unix::fs::OpenOptionsExt;
use std::fmt;
use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

/// The largest file of each kind staticpod reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(pub u64);

impl Limit {
    /// A static pod manifest (and a stray file in the manifests directory): the kubelet's
    /// `maxConfigLength`, 10 MiB (pkg/kubelet/config/common.go).
    pub const MANIFEST: Limit = Limit(10 * 1024 * 1024);
    /// A kubeadm configuration file or ConfigMap dump.
    pub const CONFIG: Limit = Limit(10 * 1024 * 1024);
    /// A kubeadm patch file.
    pub const PATCH: Limit = Limit(10 * 1024 * 1024);
    /// A kubeconfig, certificate, key, encryption or admission configuration.
    pub const PKI: Limit = Limit(4 * 1024 * 1024);
    /// A checksum list (`SHA256SUMS`) or a backup folder's record.
    pub const LIST: Limit = Limit(1024 * 1024);
    /// A small system file (`/etc/passwd`, `/proc/PID/stat`, `/proc/PID/cmdline`, a lock file).
    pub const SYSTEM: Limit = Limit(1024 * 1024);

    /// The cap in bytes.
    pub fn bytes(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        human_size(self.0, f)
    }
}

/// Why a bounded read did not return the file's bytes.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// There is no file at the path (or a link in it dangles).
    #[error("{}: no such file", path.display())]
    NotFound {
        /// The path that was read.
        path: PathBuf,
    },
    /// The path names something else than a regular file; it was not read.
    #[error("{}: is a {kind}, not a regular file; not read", path.display())]
    NotRegular {
        /// The path that was read.
        path: PathBuf,
        /// What it is ("directory", "FIFO", "socket", "character device", "block device").
        kind: &'static str,
    },
    /// The file is larger than the cap for its kind; reading stopped at the cap.
    #[error("{}: larger than {limit}, the limit for this kind of file; not read", path.display())]
    TooLarge {
        /// The path that was read.
        path: PathBuf,
        /// The cap that was exceeded.
        limit: Limit,
    },
    /// The file could not be read (permissions, I/O error).
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The path that was read.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

impl ReadError {
    /// The path the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ReadError::NotFound { path }
            | ReadError::NotRegular { path, .. }
            | ReadError::TooLarge { path, .. }
            | ReadError::Io { path, .. } => path,
        }
    }

    /// True when there is no file at the path.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::NotFound { .. })
    }

    /// The error without its path, for messages that name the file already.
    pub fn reason(&self) -> String {
        match self {
            ReadError::NotFound { .. } => "no such file".to_string(),
            ReadError::NotRegular { kind, .. } => {
                format!("is a {kind}, not a regular file; not read")
            }
            ReadError::TooLarge { limit, .. } => {
                format!("larger than {limit}, the limit for this kind of file; not read")
            }
            ReadError::Io { source, .. } => format!("cannot read: {source}"),
        }
    }

    fn io(path: &Path, source: std::io::Error) -> ReadError {
        if source.kind() == std::io::ErrorKind::NotFound {
            ReadError::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            ReadError::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    }
}

impl From<ReadError> for std::io::Error {
    fn from(error: ReadError) -> std::io::Error {
        let kind = match &error {
            ReadError::NotFound { .. } => std::io::ErrorKind::NotFound,
            ReadError::NotRegular { .. } | ReadError::TooLarge { .. } => {
                std::io::ErrorKind::InvalidData
            }
            ReadError::Io { source, .. } => source.kind(),
        };
        std::io::Error::new(kind, error)
    }
}

/// What a file-system entry is, in words, when it is not a regular file.
pub fn kind_of(file_type: std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        None
    } else if file_type.is_dir() {
        Some("directory")
    } else if file_type.is_symlink() {
        Some("symbolic link")
    } else if file_type.is_fifo() {
        Some("FIFO")
    } else if file_type.is_socket() {
        Some("socket")
    } else if file_type.is_char_device() {
        Some("character device")
    } else if file_type.is_block_device() {
        Some("block device")
    } else {
        Some("special file")
    }
}

/// Read a regular file (following symlinks), at most `limit` bytes, without ever blocking.
pub fn read(path: &Path, limit: Limit) -> Result<Vec<u8>, ReadError> {
    read_with(path, limit, true)
}

/// [`read`], except that a symbolic link at `path` is refused (`NotRegular`, "symbolic link")
/// and never followed, not even when it is swapped in between the check and the open
/// (`O_NOFOLLOW`). For files inside backup folders, which must be what they claim to be.
pub fn read_no_follow(path: &Path, limit: Limit) -> Result<Vec<u8>, ReadError> {
    read_with(path, limit, false)
}

fn read_with(path: &Path, limit: Limit, follow: bool) -> Result<Vec<u8>, ReadError> {
    let metadata = if follow {
        fs_err::metadata(path)
    } else {
        fs_err::symlink_metadata(path)
    }
    .map_err(|e| ReadError::io(path, e))?;
    if let Some(kind) = kind_of(metadata.file_type()) {
        return Err(ReadError::NotRegular {
            path: path.to_path_buf(),
            kind,
        });
    }
    let mut flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
    if !follow {
        flags |= rustix::fs::OFlags::NOFOLLOW;
    }
    let file = fs_err::OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
        .map_err(|e| {
            if !follow && e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
                return ReadError::NotRegular {
                    path: path.to_path_buf(),
                    kind: "symbolic link",
                };
            }
            ReadError::io(path, e)
        })?;
    // The entry may have been swapped between the stat and the open.
    let opened = file.metadata().map_err(|e| ReadError::io(path, e))?;
    if let Some(kind) = kind_of(opened.file_type()) {
        return Err(ReadError::NotRegular {
            path: path.to_path_buf(),
            kind,
        });
    }
    let capacity = usize::try_from(opened.len().min(limit.bytes())).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit.bytes().saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::io(path, e))?;
    if bytes.len() as u64 > limit.bytes() {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    Ok(bytes)
}

/// [`read`], then UTF-8.
pub fn read_to_string(path: &Path, limit: Limit) -> Result<String, ReadError> {
    let bytes = read(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        let at =
            crate::yaml::decode::invalid_utf8_position(e.as_bytes(), e.utf8_error().valid_up_to());
        ReadError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not UTF-8 text (an invalid byte at {at})"),
            ),
        }
    })
}

fn human_size(bytes: u64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    const MIB: u64 = 1024 * 1024;
    const KIB: u64 = 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        write!(f, "{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        write!(f, "{} KiB", bytes / KIB)
    } else {
        write!(f, "{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.yaml");
        fs_err::write(&path, b"kind: Pod\n").expect("write");
        assert_eq!(read(&path, Limit::MANIFEST).expect("read"), b"kind: Pod\n");
        assert_eq!(
            read_to_string(&path, Limit(10)).expect("read"),
            "kind: Pod\n"
        );
    }

    #[test]
    fn a_file_one_byte_over_the_cap_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big");
        fs_err::write(&path, vec![b'x'; 11]).expect("write");
        let error = read(&path, Limit(10)).expect_err("too large");
        assert!(matches!(error, ReadError::TooLarge { .. }), "{error}");
        assert!(
            error.to_string().contains("larger than 10 bytes"),
            "{error}"
        );
        assert_eq!(read(&path, Limit(11)).expect("at the cap").len(), 11);
    }

    #[test]
    fn an_endless_device_is_refused_before_it_is_read() {
        let error = read(Path::new("/dev/zero"), Limit::MANIFEST).expect_err("device");
        assert!(
            matches!(
                error,
                ReadError::NotRegular {
                    kind: "character device",
                    ..
                }
            ),
            "{error}"
        );
    }

    #[test]
    fn a_symlink_to_a_device_is_judged_by_its_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        let link = dir.path().join("etcd.yaml");
        std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
        let error = read(&link, Limit::MANIFEST).expect_err("device behind a link");
        assert!(error.to_string().contains("character device"), "{error}");
        assert!(error.to_string().contains("etcd.yaml"), "{error}");
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("kube-apiserver.yaml");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .expect("mkfifo");
        let error = read(&fifo, Limit::MANIFEST).expect_err("fifo");
        assert!(
            matches!(error, ReadError::NotRegular { kind: "FIFO", .. }),
            "{error}"
        );
    }

    #[test]
    fn a_directory_and_a_missing_file_say_what_they_are() {
        let dir = tempfile::tempdir().expect("tempdir");
        let error = read(dir.path(), Limit::MANIFEST).expect_err("dir");
        assert!(matches!(
            error,
            ReadError::NotRegular {
                kind: "directory",
                ..
            }
        ));
        let error = read(&dir.path().join("absent"), Limit::MANIFEST).expect_err("absent");
        assert!(error.is_not_found());
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).expect("symlink");
        assert!(read(&dangling, Limit::MANIFEST)
            .expect_err("dangling")
            .is_not_found());
    }

    #[test]
    fn no_follow_refuses_a_symlink_to_a_regular_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real");
        fs_err::write(&real, "x").expect("write");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        assert_eq!(read(&link, Limit::SYSTEM).expect("followed"), b"x");
        let err = read_no_follow(&link, Limit::SYSTEM).expect_err("refused");
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(read_no_follow(&real, Limit::SYSTEM).expect("regular"), b"x");
    }

    #[test]
    fn proc_files_with_size_zero_are_read() {
        let bytes = read(Path::new("/proc/self/stat"), Limit::SYSTEM).expect("proc");
        assert!(!bytes.is_empty());
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_with_its_line_and_column() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("hostname");
        fs_err::write(&path, b"cp-1\nab\xffc\n").expect("write");
        let error = read_to_string(&path, Limit::SYSTEM).expect_err("not UTF-8");
        assert!(error.to_string().contains("line 2 column 3"), "{error}");
        assert!(!error.to_string().contains("offset"), "{error}");
    }

    #[test]
    fn limits_print_in_binary_units() {
        assert_eq!(Limit::MANIFEST.to_string(), "10 MiB");
        assert_eq!(Limit(2048).to_string(), "2 KiB");
        assert_eq!(Limit(1000).to_string(), "1000 bytes");
    }
}
