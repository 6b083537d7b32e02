//! Backup folders: staticpod's own (`staticpod-backup-manifests-YYYY-MM-DD-HH-MM-SS[-N]/`) and
//! kubeadm's (`kubeadm-backup-manifests-YYYY-MM-DD-HH-MM-SS/`, which `kubeadm upgrade` writes
//! into `/etc/kubernetes/tmp` with mode 0700).
//!
//! A staticpod backup folder (mode 0700) holds, written in this order and each fsynced:
//!
//! 1. one copy per backed-up manifest, named `<component>.yaml`, with the original's mode;
//! 2. `SHA256SUMS` in `sha256sum` format (`<hex>  <file>`), so
//!    `cd <folder> && sha256sum -c SHA256SUMS` checks it by hand;
//! 3. `record.json` ([`BackupRecord`]): time, tool version, per file its original path, mode,
//!    owner and SHA-256 (or that it did not exist), plus the caller's extra data.
//!
//! Then the folder and the backup directory are fsynced. `record.json` is written last, so a
//! folder without it (a crash while backing up) is incomplete and fails [`verify_backup`]; a
//! failed [`create_backup`] removes its folder.
//!
//! Time: our folder names use UTC; kubeadm's use the node's local time (Go's
//! `time.Now().Format("2006-01-02-15-04-05")`). [`list_backups`] orders by the time in the name,
//! so on a node whose zone is not UTC, ours and kubeadm's interleave by up to the zone offset.

use fs_err::os::unix::fs::OpenOptionsExt;
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::protocol::{fsync_dir, replace_file, Expected, Hooks, ModeOwner, ReplaceOptions, Step};
use super::FsError;
use crate::manifest::sha256_hex;

/// Name prefix of staticpod's backup folders.
pub const OUR_PREFIX: &str = "staticpod-backup-manifests-";
/// Name prefix of kubeadm's manifest backup folders.
pub const KUBEADM_PREFIX: &str = "kubeadm-backup-manifests-";
pub const SUMS_FILE: &str = "SHA256SUMS";
pub const RECORD_FILE: &str = "record.json";

/// `record.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupRecord {
    /// Always `staticpod`.
    pub tool: String,
    /// staticpod's version that wrote it.
    pub version: String,
    /// UTC, RFC 3339 (`2026-05-01T12:34:56Z`).
    pub time: String,
    pub files: Vec<BackedUpFile>,
    /// Whatever the caller added (command line, target version, …).
    pub extra: serde_json::Value,
}

/// One manifest in a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackedUpFile {
    pub component: String,
    /// Where the manifest lives (as given to [`create_backup`]).
    pub original_path: PathBuf,
    /// False when there was no file to back up: restoring means removing the file.
    pub existed: bool,
    /// The copy's name inside the folder (`<component>.yaml`), when it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_file: Option<String>,
    /// Permission bits in octal (`"0600"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gid: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// SHA-256 of the original content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

impl BackedUpFile {
    /// The original mode and owner, when the file existed.
    pub fn mode_owner(&self) -> Option<ModeOwner> {
        Some(ModeOwner {
            mode: u32::from_str_radix(self.mode.as_deref()?, 8).ok()?,
            uid: self.uid?,
            gid: self.gid?,
        })
    }
}

/// A backup folder [`create_backup`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupFolder {
    pub path: PathBuf,
    pub record: BackupRecord,
}

impl BackupFolder {
    /// The copy of `component`'s manifest, when it existed.
    pub fn copy_of(&self, component: &str) -> Option<PathBuf> {
        let file = self
            .record
            .files
            .iter()
            .find(|f| f.component == component)?;
        Some(self.path.join(file.backup_file.as_deref()?))
    }
}

fn io_error(kind: std::io::ErrorKind, message: String) -> std::io::Error {
    std::io::Error::new(kind, message)
}

/// Create `<backup_dir>/staticpod-backup-manifests-<UTC now>[-N]/` holding a copy of each
/// `(component, current path)` (see the module docs). `backup_dir` must exist (see
/// [`ensure_backup_dir`]). A missing current file is recorded as not existing.
pub fn create_backup(
    backup_dir: &Path,
    files: &[(&str, &Path)],
    record_extra: serde_json::Value,
    hooks: &dyn Hooks,
) -> Result<BackupFolder, FsError> {
    create_backup_at(backup_dir, files, record_extra, SystemTime::now(), hooks)
}

/// [`create_backup`] at a given time (deterministic names for tests).
pub fn create_backup_at(
    backup_dir: &Path,
    files: &[(&str, &Path)],
    record_extra: serde_json::Value,
    now: SystemTime,
    hooks: &dyn Hooks,
) -> Result<BackupFolder, FsError> {
    check_components(backup_dir, files)?;
    let stamp = UtcTime::from_system(now);
    hooks
        .before(Step::CreateDir, backup_dir)
        .map_err(|e| FsError::at(backup_dir, Step::CreateDir, e))?;
    let folder = create_folder(backup_dir, &stamp)?;
    match fill_folder(&folder, files, record_extra, &stamp, hooks) {
        Ok(record) => Ok(BackupFolder {
            path: folder,
            record,
        }),
        Err(e) => {
            // Our own new, incomplete folder: remove it (best effort; an incomplete folder
            // left behind fails verification anyway).
            let _ = fs_err::remove_dir_all(&folder);
            Err(e)
        }
    }
}

fn check_components(backup_dir: &Path, files: &[(&str, &Path)]) -> Result<(), FsError> {
    let mut seen = BTreeSet::new();
    for (component, _) in files {
        let valid = !component.is_empty()
            && !component.starts_with('.')
            && component
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
        let problem = if !valid {
            format!("invalid component name {component:?} for a backup file")
        } else if !seen.insert(*component) {
            format!("component {component:?} given twice")
        } else {
            continue;
        };
        return Err(FsError::at(
            backup_dir,
            Step::CreateDir,
            io_error(std::io::ErrorKind::InvalidInput, problem),
        ));
    }
    Ok(())
}

fn create_folder(backup_dir: &Path, stamp: &UtcTime) -> Result<PathBuf, FsError> {
    let base = format!("{OUR_PREFIX}{}", stamp.name_form());
    for n in 0..1000u32 {
        let name = if n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let folder = backup_dir.join(name);
        match fs_err::create_dir(&folder) {
            Ok(()) => {
                fs_err::set_permissions(&folder, std::fs::Permissions::from_mode(0o700))
                    .map_err(|e| FsError::at(&folder, Step::CreateDir, e))?;
                return Ok(folder);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(FsError::at(&folder, Step::CreateDir, e)),
        }
    }
    Err(FsError::at(
        &backup_dir.join(base),
        Step::CreateDir,
        io_error(
            std::io::ErrorKind::AlreadyExists,
            "1000 backup folders with this timestamp already exist".into(),
        ),
    ))
}

/// Create `path` (it must not exist) with `mode`, write `bytes`, fsync.
fn write_new(path: &Path, bytes: &[u8], mode: u32, step: Step) -> Result<(), FsError> {
    let mut file = fs_err::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| FsError::at(path, step, e))?;
    file.write_all(bytes)
        .and_then(|()| {
            file.file()
                .set_permissions(std::fs::Permissions::from_mode(mode))
        })
        .and_then(|()| file.sync_all())
        .map_err(|e| FsError::at(path, step, e))
}

/// Write `path` (mode 0600) so that it exists either whole or not at all: a process killed
/// mid-write must not leave a truncated SHA256SUMS whose last line names a file that does not
/// exist (found by the SIGKILL crash test). The bytes go to a dot-file first (ignored by
/// verification), are fsynced, then renamed into place.
fn write_whole(path: &Path, bytes: &[u8], step: Step) -> Result<(), FsError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}.partial"));
    write_new(&partial, bytes, 0o600, step)?;
    fs_err::rename(&partial, path).map_err(|e| FsError::at(path, step, e))
}

fn fill_folder(
    folder: &Path,
    files: &[(&str, &Path)],
    extra: serde_json::Value,
    stamp: &UtcTime,
    hooks: &dyn Hooks,
) -> Result<BackupRecord, FsError> {
    let mut record = BackupRecord {
        tool: "staticpod".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        time: stamp.rfc3339(),
        files: Vec::with_capacity(files.len()),
        extra,
    };
    let mut sums = String::new();
    for (component, original) in files {
        let backup_name = format!("{component}.yaml");
        let copy = folder.join(&backup_name);
        hooks
            .before(Step::CopyBackup, &copy)
            .map_err(|e| FsError::at(&copy, Step::CopyBackup, e))?;
        let source = match fs_err::File::open(original) {
            Ok(file) => Some(file),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(FsError::at(original, Step::CopyBackup, e)),
        };
        let Some(mut source) = source else {
            record.files.push(BackedUpFile {
                component: component.to_string(),
                original_path: original.to_path_buf(),
                existed: false,
                backup_file: None,
                mode: None,
                uid: None,
                gid: None,
                size: None,
                sha256: None,
            });
            continue;
        };
        let meta = source
            .metadata()
            .map_err(|e| FsError::at(original, Step::CopyBackup, e))?;
        if !meta.is_file() {
            return Err(FsError::at(
                original,
                Step::CopyBackup,
                io_error(
                    std::io::ErrorKind::InvalidInput,
                    "not a regular file; refusing to back it up".into(),
                ),
            ));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        source
            .read_to_end(&mut bytes)
            .map_err(|e| FsError::at(original, Step::CopyBackup, e))?;
        let mode = meta.mode() & 0o7777;
        write_new(&copy, &bytes, mode, Step::CopyBackup)?;
        let sha256 = sha256_hex(&bytes);
        sums.push_str(&format!("{sha256}  {backup_name}\n"));
        record.files.push(BackedUpFile {
            component: component.to_string(),
            original_path: original.to_path_buf(),
            existed: true,
            backup_file: Some(backup_name),
            mode: Some(format!("{mode:04o}")),
            uid: Some(meta.uid()),
            gid: Some(meta.gid()),
            size: Some(bytes.len() as u64),
            sha256: Some(sha256),
        });
    }

    let sums_path = folder.join(SUMS_FILE);
    hooks
        .before(Step::WriteSums, &sums_path)
        .map_err(|e| FsError::at(&sums_path, Step::WriteSums, e))?;
    write_whole(&sums_path, sums.as_bytes(), Step::WriteSums)?;

    let record_path = folder.join(RECORD_FILE);
    hooks
        .before(Step::WriteRecord, &record_path)
        .map_err(|e| FsError::at(&record_path, Step::WriteRecord, e))?;
    let mut json = serde_json::to_vec_pretty(&record)
        .map_err(|e| FsError::at(&record_path, Step::WriteRecord, e.into()))?;
    json.push(b'\n');
    write_whole(&record_path, &json, Step::WriteRecord)?;

    fsync_dir(folder, hooks)?;
    fsync_dir(&super::protocol::parent_dir(folder), hooks)?;
    Ok(record)
}

/// Create `backup_dir` (mode 0700, as kubeadm creates `/etc/kubernetes/tmp`) if it does not
/// exist, fsyncing its parent.
pub fn ensure_backup_dir(backup_dir: &Path, hooks: &dyn Hooks) -> Result<(), FsError> {
    match fs_err::symlink_metadata(backup_dir) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => {
            return Err(FsError::at(
                backup_dir,
                Step::CreateDir,
                io_error(
                    std::io::ErrorKind::AlreadyExists,
                    "exists and is not a directory".into(),
                ),
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(FsError::at(backup_dir, Step::CreateDir, e)),
    }
    hooks
        .before(Step::CreateDir, backup_dir)
        .and_then(|()| fs_err::create_dir(backup_dir))
        .and_then(|()| fs_err::set_permissions(backup_dir, std::fs::Permissions::from_mode(0o700)))
        .map_err(|e| FsError::at(backup_dir, Step::CreateDir, e))?;
    fsync_dir(&super::protocol::parent_dir(backup_dir), hooks)
}

/// Read a staticpod backup folder's `record.json`.
pub fn read_record(folder: &Path) -> Result<BackupRecord, FsError> {
    let path = folder.join(RECORD_FILE);
    let bytes = fs_err::read(&path).map_err(|e| FsError::at(&path, Step::Inspect, e))?;
    serde_json::from_slice(&bytes).map_err(|e| FsError::at(&path, Step::Inspect, e.into()))
}

/// Who wrote a backup folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    Staticpod,
    Kubeadm,
}

/// One backup folder found by [`list_backups`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupListing {
    pub path: PathBuf,
    pub name: String,
    pub kind: BackupKind,
    /// The time in the name, `YYYY-MM-DD HH:MM:SS` (UTC for ours, the node's local time for
    /// kubeadm's).
    pub time: String,
    /// The `-N` suffix (0 without one).
    pub seq: u32,
}

/// Parse a backup folder name into (kind, `[y, mo, d, h, mi, s]`, seq).
fn parse_name(name: &str) -> Option<(BackupKind, [u32; 6], u32)> {
    let (kind, rest) = if let Some(rest) = name.strip_prefix(OUR_PREFIX) {
        (BackupKind::Staticpod, rest)
    } else {
        (BackupKind::Kubeadm, name.strip_prefix(KUBEADM_PREFIX)?)
    };
    let stamp = rest.get(..19)?;
    let suffix = rest.get(19..)?;
    let seq = match (kind, suffix) {
        (_, "") => 0,
        (BackupKind::Staticpod, s) => {
            let digits = s.strip_prefix('-')?;
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse().ok()?
        }
        (BackupKind::Kubeadm, _) => return None,
    };
    let mut parts = [0u32; 6];
    let mut fields = stamp.split('-');
    for (slot, width) in parts.iter_mut().zip([4, 2, 2, 2, 2, 2]) {
        let field = fields.next()?;
        if field.len() != width || !field.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = field.parse().ok()?;
    }
    Some((kind, parts, seq))
}

/// Every backup folder in `backup_dir` (ours and kubeadm's manifest backups; real directories
/// only, not symlinks), newest first by the time in the name, then by `-N`. A missing
/// `backup_dir` has none.
pub fn list_backups(backup_dir: &Path) -> Result<Vec<BackupListing>, FsError> {
    let entries = match fs_err::read_dir(backup_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(FsError::at(backup_dir, Step::Inspect, e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| FsError::at(backup_dir, Step::Inspect, e))?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let Some((kind, parts, seq)) = parse_name(&name) else {
            continue;
        };
        let path = entry.path();
        let is_dir = entry
            .file_type()
            .map_err(|e| FsError::at(&path, Step::Inspect, e))?
            .is_dir();
        if !is_dir {
            continue;
        }
        let [y, mo, d, h, mi, s] = parts;
        let time = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}");
        found.push((
            parts,
            seq,
            BackupListing {
                path,
                name,
                kind,
                time,
                seq,
            },
        ));
    }
    found.sort_by(|a, b| (b.0, b.1, &b.2.name).cmp(&(a.0, a.1, &a.2.name)));
    Ok(found.into_iter().map(|(_, _, listing)| listing).collect())
}

/// The result of checking one file of a backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckStatus {
    Ok,
    /// The content's SHA-256 is not the one listed.
    Mismatch {
        expected: String,
        found: String,
    },
    /// Listed in `SHA256SUMS`, not in the folder.
    Missing,
    Unreadable(String),
    /// (kubeadm folders) The kubelet could not run it.
    NotAManifest(String),
    /// (kubeadm folders) `metadata.name` is not the file's stem.
    NameMismatch {
        name: String,
    },
    /// (staticpod folders) A file that `SHA256SUMS` does not list.
    Unlisted,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCheck {
    pub name: String,
    pub status: CheckStatus,
}

/// What [`verify_backup`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub folder: PathBuf,
    pub kind: BackupKind,
    pub files: Vec<FileCheck>,
    /// Problems of the folder as a whole (no `SHA256SUMS`, bad line, no manifests…).
    pub problems: Vec<String>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.problems.is_empty() && self.files.iter().all(|f| f.status == CheckStatus::Ok)
    }
}

/// Check a backup folder: ours against every `SHA256SUMS` entry (and `record.json` against
/// `SHA256SUMS`); kubeadm's (which have no sums) by decoding each `*.yaml` as the kubelet would
/// and checking that its `metadata.name` is the file's stem. Errors are only for a folder that
/// cannot be read; what is wrong inside it is in the [`Verification`].
pub fn verify_backup(folder: &Path) -> Result<Verification, FsError> {
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let kind = if name.starts_with(KUBEADM_PREFIX) {
        BackupKind::Kubeadm
    } else if name.starts_with(OUR_PREFIX) || folder.join(SUMS_FILE).exists() {
        BackupKind::Staticpod
    } else {
        BackupKind::Kubeadm
    };
    let names = folder_files(folder)?;
    let mut verification = Verification {
        folder: folder.to_path_buf(),
        kind,
        files: Vec::new(),
        problems: Vec::new(),
    };
    match kind {
        BackupKind::Staticpod => verify_ours(folder, &names, &mut verification),
        BackupKind::Kubeadm => verify_kubeadm(folder, &names, &mut verification),
    }
    Ok(verification)
}

/// The names of the entries in `folder`, sorted.
fn folder_files(folder: &Path) -> Result<Vec<String>, FsError> {
    let mut names = Vec::new();
    for entry in fs_err::read_dir(folder).map_err(|e| FsError::at(folder, Step::Inspect, e))? {
        let entry = entry.map_err(|e| FsError::at(folder, Step::Inspect, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // `.SHA256SUMS.partial` / `.record.json.partial`: left by a killed run (write_whole).
        if !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Parse `sha256sum` output lines: `<64 hex>  <name>` or `<64 hex> *<name>`.
pub fn parse_sums(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed = line.split_once(' ').and_then(|(hex, rest)| {
            let name = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('*'))?;
            let valid = hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit());
            valid.then(|| (hex.to_ascii_lowercase(), name.to_string()))
        });
        match parsed {
            Some(entry) => entries.push(entry),
            None => {
                return Err(format!(
                    "{SUMS_FILE} line {}: not `<sha256>  <file>`",
                    n + 1
                ))
            }
        }
    }
    Ok(entries)
}

fn verify_ours(folder: &Path, names: &[String], out: &mut Verification) {
    let sums = match fs_err::read_to_string(folder.join(SUMS_FILE)) {
        Ok(text) => text,
        Err(e) => {
            out.problems.push(format!(
                "cannot read {SUMS_FILE} ({e}): the backup is incomplete or damaged"
            ));
            return;
        }
    };
    let entries = match parse_sums(&sums) {
        Ok(entries) => entries,
        Err(problem) => {
            out.problems.push(problem);
            return;
        }
    };
    let mut listed = BTreeSet::new();
    for (expected, name) in &entries {
        listed.insert(name.clone());
        if name.is_empty() || name.contains('/') || name.starts_with('.') {
            out.problems.push(format!(
                "{SUMS_FILE} names {name:?}, which is not a file of the folder"
            ));
            continue;
        }
        let status = match fs_err::read(folder.join(name)) {
            Ok(bytes) => {
                let found = sha256_hex(&bytes);
                if &found == expected {
                    CheckStatus::Ok
                } else {
                    CheckStatus::Mismatch {
                        expected: expected.clone(),
                        found,
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => CheckStatus::Missing,
            Err(e) => CheckStatus::Unreadable(e.to_string()),
        };
        out.files.push(FileCheck {
            name: name.clone(),
            status,
        });
    }
    for name in names {
        if name != SUMS_FILE && name != RECORD_FILE && !listed.contains(name) {
            out.files.push(FileCheck {
                name: name.clone(),
                status: CheckStatus::Unlisted,
            });
        }
    }
    match read_record(folder) {
        Err(e) => out.problems.push(format!(
            "{RECORD_FILE}: {}: the backup is incomplete or damaged",
            e.source
        )),
        Ok(record) => {
            for file in record.files.iter().filter(|f| f.existed) {
                let agrees = entries.iter().any(|(hex, name)| {
                    Some(name.as_str()) == file.backup_file.as_deref()
                        && Some(hex.as_str()) == file.sha256.as_deref()
                });
                if !agrees {
                    out.problems.push(format!(
                        "{RECORD_FILE} and {SUMS_FILE} disagree about {}",
                        file.component
                    ));
                }
            }
        }
    }
}

fn verify_kubeadm(folder: &Path, names: &[String], out: &mut Verification) {
    for name in names.iter().filter(|n| n.ends_with(".yaml")) {
        let stem = name.trim_end_matches(".yaml");
        let status = match fs_err::read(folder.join(name)) {
            Err(e) => CheckStatus::Unreadable(e.to_string()),
            Ok(bytes) => match crate::manifest::decode(&bytes) {
                Err(e) => CheckStatus::NotAManifest(e.to_string()),
                Ok(decoded) => {
                    let pod_name = decoded.pod.metadata.name.unwrap_or_default();
                    if pod_name == stem {
                        CheckStatus::Ok
                    } else {
                        CheckStatus::NameMismatch { name: pod_name }
                    }
                }
            },
        };
        out.files.push(FileCheck {
            name: name.clone(),
            status,
        });
    }
    if out.files.is_empty() {
        out.problems
            .push("no *.yaml manifest in the folder".to_string());
    }
}

/// One manifest for [`swap_set`].
#[derive(Debug, Clone, Copy)]
pub struct SwapTarget<'a> {
    /// The backup file's stem (`kube-apiserver`).
    pub component: &'a str,
    pub path: &'a Path,
    pub new_bytes: &'a [u8],
}

/// What a file holds after a failed [`swap_set`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    /// The content it had before the swap (or still no file, if it had none).
    Old,
    /// The swap's new content.
    New,
    /// No file, where there was one before.
    Missing,
    /// Something else (edited concurrently) or unreadable; the text says what.
    Other(String),
}

/// One target after a failed swap that could not be fully undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetReport {
    pub path: PathBuf,
    pub state: FileState,
    /// Its copy in the backup folder (`None`: there was no file before the swap; restoring it
    /// means removing it).
    pub backup: Option<PathBuf>,
    /// Why putting it back failed, if it was tried.
    pub restore_error: Option<String>,
}

/// How a [`swap_set`] ended.
#[derive(Debug)]
pub enum SwapOutcome {
    /// Every target holds its new content; `backup` holds the old ones.
    Swapped { backup: BackupFolder },
    /// It failed and every target is as it was before (untouched, or put back from the backup).
    /// `backup` is `None` when the backup itself failed (then nothing was touched).
    FailedRestored {
        error: FsError,
        backup: Option<BackupFolder>,
    },
    /// It failed and some targets could not be put back: `files` gives every target's state
    /// and its backup copy, for the operator to finish by hand.
    FailedUnrestored {
        error: FsError,
        backup: BackupFolder,
        files: Vec<TargetReport>,
    },
}

/// Back up every target into a new folder of `backup_dir`, then replace the targets one by
/// one with [`replace_file`] (each checked against the content just backed up, so a concurrent
/// edit stops the swap). When target N fails, the targets already replaced (and N itself if
/// the failure came after its rename) are put back from the backup, newest first, again with
/// [`replace_file`] (checked to still hold the new content; a target that did not exist is
/// removed). Hold the [`mod@super::lock`] lock around it.
pub fn swap_set(
    backup_dir: &Path,
    targets: &[SwapTarget<'_>],
    record_extra: serde_json::Value,
    hooks: &dyn Hooks,
) -> SwapOutcome {
    let files: Vec<(&str, &Path)> = targets.iter().map(|t| (t.component, t.path)).collect();
    let backup = match create_backup(backup_dir, &files, record_extra, hooks) {
        Ok(backup) => backup,
        Err(error) => {
            return SwapOutcome::FailedRestored {
                error,
                backup: None,
            }
        }
    };
    for (i, target) in targets.iter().enumerate() {
        let before = &backup.record.files[i];
        let options = ReplaceOptions {
            expected: match &before.sha256 {
                Some(sha) => Expected::Sha256(sha.clone()),
                None => Expected::Absent,
            },
            ..ReplaceOptions::default()
        };
        if let Err(error) = replace_file(target.path, target.new_bytes, &options, hooks) {
            let touched = if error.after_rename() { i + 1 } else { i };
            return roll_back(targets, touched, backup, error, hooks);
        }
    }
    SwapOutcome::Swapped { backup }
}

fn roll_back(
    targets: &[SwapTarget<'_>],
    touched: usize,
    backup: BackupFolder,
    error: FsError,
    hooks: &dyn Hooks,
) -> SwapOutcome {
    let mut restore_errors: Vec<Option<String>> = vec![None; targets.len()];
    for j in (0..touched).rev() {
        if let Err(e) = restore_one(&targets[j], &backup.record.files[j], &backup.path, hooks) {
            restore_errors[j] = Some(e.to_string());
        }
    }
    let files: Vec<TargetReport> = targets
        .iter()
        .zip(&backup.record.files)
        .zip(restore_errors)
        .map(|((target, before), restore_error)| TargetReport {
            path: target.path.to_path_buf(),
            state: state_of(target, before),
            backup: before.backup_file.as_ref().map(|f| backup.path.join(f)),
            restore_error,
        })
        .collect();
    if files.iter().all(|f| f.state == FileState::Old) {
        SwapOutcome::FailedRestored {
            error,
            backup: Some(backup),
        }
    } else {
        SwapOutcome::FailedUnrestored {
            error,
            backup,
            files,
        }
    }
}

/// Put one target back as the backup recorded it.
fn restore_one(
    target: &SwapTarget<'_>,
    before: &BackedUpFile,
    folder: &Path,
    hooks: &dyn Hooks,
) -> Result<(), FsError> {
    let new_sha = sha256_hex(target.new_bytes);
    let Some(copy) = before.backup_file.as_ref().map(|f| folder.join(f)) else {
        // There was no file: remove the one the swap created, if it still is ours.
        verify_unchanged_for_removal(target.path, &new_sha)?;
        hooks
            .before(Step::Remove, target.path)
            .and_then(|()| fs_err::remove_file(target.path))
            .map_err(|e| FsError::at(target.path, Step::Remove, e))?;
        return fsync_dir(&super::protocol::parent_dir(target.path), hooks);
    };
    let bytes = fs_err::read(&copy).map_err(|e| FsError::at(&copy, Step::Inspect, e))?;
    let found = sha256_hex(&bytes);
    if Some(found.as_str()) != before.sha256.as_deref() {
        return Err(FsError::at(
            &copy,
            Step::Inspect,
            io_error(
                std::io::ErrorKind::InvalidData,
                format!(
                    "backup copy is damaged (sha256 {found}, recorded {}); not restoring from it",
                    before.sha256.as_deref().unwrap_or("none")
                ),
            ),
        ));
    }
    let options = ReplaceOptions {
        expected: Expected::Sha256(new_sha),
        mode_owner: before.mode_owner(),
        follow_symlinks: false,
    };
    replace_file(target.path, &bytes, &options, hooks)
}

fn verify_unchanged_for_removal(path: &Path, new_sha: &str) -> Result<(), FsError> {
    let bytes = fs_err::read(path).map_err(|e| FsError::at(path, Step::VerifyUnchanged, e))?;
    let found = sha256_hex(&bytes);
    if found != new_sha {
        return Err(FsError::at(
            path,
            Step::VerifyUnchanged,
            super::protocol::Refusal::ChangedConcurrently {
                expected: new_sha.to_string(),
                found,
            }
            .into(),
        ));
    }
    Ok(())
}

fn state_of(target: &SwapTarget<'_>, before: &BackedUpFile) -> FileState {
    match fs_err::read(target.path) {
        Ok(bytes) => {
            let sha = sha256_hex(&bytes);
            if before.sha256.as_deref() == Some(sha.as_str()) {
                FileState::Old
            } else if bytes == target.new_bytes {
                FileState::New
            } else {
                FileState::Other(format!("unexpected content (sha256 {sha})"))
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if before.existed {
                FileState::Missing
            } else {
                FileState::Old
            }
        }
        Err(e) => FileState::Other(format!("unreadable: {e}")),
    }
}

/// A UTC civil time, from [`SystemTime`] by hand (no time-zone database needed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct UtcTime {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

impl UtcTime {
    fn from_system(time: SystemTime) -> UtcTime {
        let secs = time
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()) as i64;
        let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        UtcTime {
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem % 3600 / 60) as u32,
            second: (rem % 60) as u32,
        }
    }

    /// `YYYY-MM-DD-HH-MM-SS`, as in kubeadm's folder names.
    fn name_form(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}-{:02}-{:02}-{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fsx::protocol::tests::entries;
    use crate::fsx::protocol::{FailAt, NoHooks};
    use std::time::Duration;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn pod(name: &str) -> String {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers: []\n")
    }

    /// A manifests dir with two manifests (mode 0600 and 0644) and a backup dir.
    fn node() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let root = tempfile::tempdir().expect("tempdir");
        let manifests = root.path().join("manifests");
        let backups = root.path().join("tmp");
        fs_err::create_dir(&manifests).expect("mkdir");
        ensure_backup_dir(&backups, &NoHooks).expect("backup dir");
        for (name, mode) in [("etcd", 0o600), ("kube-apiserver", 0o644)] {
            let path = manifests.join(format!("{name}.yaml"));
            fs_err::write(&path, pod(name)).expect("seed");
            fs_err::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
        }
        (root, manifests, backups)
    }

    fn files(manifests: &Path) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("etcd", manifests.join("etcd.yaml")),
            ("kube-apiserver", manifests.join("kube-apiserver.yaml")),
            ("kube-scheduler", manifests.join("kube-scheduler.yaml")),
        ]
    }

    fn refs<'a>(files: &'a [(&'static str, PathBuf)]) -> Vec<(&'a str, &'a Path)> {
        files.iter().map(|(c, p)| (*c, p.as_path())).collect()
    }

    #[test]
    fn utc_formatting() {
        assert_eq!(
            UtcTime::from_system(at(0)).name_form(),
            "1970-01-01-00-00-00"
        );
        // 2024-02-29T23:59:59Z (leap day).
        assert_eq!(
            UtcTime::from_system(at(1_709_251_199)).rfc3339(),
            "2024-02-29T23:59:59Z"
        );
        assert_eq!(
            UtcTime::from_system(at(1_735_689_600)).name_form(),
            "2025-01-01-00-00-00"
        );
    }

    #[test]
    fn creates_a_complete_backup() {
        let (_root, manifests, backups) = node();
        let files = files(&manifests);
        let extra = serde_json::json!({"command": "apply"});
        let folder = create_backup_at(
            &backups,
            &refs(&files),
            extra.clone(),
            at(1_709_251_199),
            &NoHooks,
        )
        .expect("backup");
        assert_eq!(
            folder.path,
            backups.join("staticpod-backup-manifests-2024-02-29-23-59-59")
        );
        let meta = fs_err::metadata(&folder.path).expect("meta");
        assert_eq!(meta.permissions().mode() & 0o777, 0o700);
        assert_eq!(
            entries(&folder.path),
            [
                "SHA256SUMS",
                "etcd.yaml",
                "kube-apiserver.yaml",
                "record.json"
            ]
        );
        let mode = |p: PathBuf| fs_err::metadata(p).expect("m").permissions().mode() & 0o7777;
        assert_eq!(mode(folder.path.join("etcd.yaml")), 0o600);
        assert_eq!(mode(folder.path.join("kube-apiserver.yaml")), 0o644);
        assert_eq!(
            fs_err::read_to_string(folder.path.join("etcd.yaml")).expect("read"),
            pod("etcd")
        );

        // sha256sum format, byte for byte.
        let sums = fs_err::read_to_string(folder.path.join(SUMS_FILE)).expect("sums");
        assert_eq!(
            sums,
            format!(
                "{}  etcd.yaml\n{}  kube-apiserver.yaml\n",
                sha256_hex(pod("etcd").as_bytes()),
                sha256_hex(pod("kube-apiserver").as_bytes())
            )
        );
        // And the real tool agrees, when it is installed.
        if let Ok(out) = std::process::Command::new("sha256sum")
            .args(["-c", SUMS_FILE])
            .current_dir(&folder.path)
            .output()
        {
            assert!(out.status.success(), "{out:?}");
        }

        let record = read_record(&folder.path).expect("record");
        assert_eq!(record, folder.record);
        assert_eq!(record.time, "2024-02-29T23:59:59Z");
        assert_eq!(record.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(record.extra, extra);
        assert_eq!(record.files.len(), 3);
        assert_eq!(record.files[1].mode.as_deref(), Some("0644"));
        assert_eq!(record.files[1].mode_owner().map(|m| m.mode), Some(0o644));
        assert!(!record.files[2].existed, "kube-scheduler had no manifest");
        assert_eq!(folder.copy_of("kube-scheduler"), None);
        assert_eq!(folder.copy_of("etcd"), Some(folder.path.join("etcd.yaml")));

        let verification = verify_backup(&folder.path).expect("verify");
        assert!(verification.ok(), "{verification:?}");
        assert_eq!(verification.kind, BackupKind::Staticpod);
    }

    #[test]
    fn same_second_gets_a_suffix() {
        let (_root, manifests, backups) = node();
        let files = files(&manifests);
        let names: Vec<String> = (0..3)
            .map(|_| {
                let folder = create_backup_at(
                    &backups,
                    &refs(&files),
                    serde_json::Value::Null,
                    at(0),
                    &NoHooks,
                )
                .expect("backup");
                folder
                    .path
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            names,
            [
                "staticpod-backup-manifests-1970-01-01-00-00-00",
                "staticpod-backup-manifests-1970-01-01-00-00-00-1",
                "staticpod-backup-manifests-1970-01-01-00-00-00-2",
            ]
        );
    }

    #[test]
    fn failure_at_any_step_leaves_no_folder() {
        let (_root, manifests, backups) = node();
        let files = files(&manifests);
        for step in [
            Step::CreateDir,
            Step::CopyBackup,
            Step::WriteSums,
            Step::WriteRecord,
            Step::FsyncDir,
        ] {
            for nth in 1..=2 {
                let hooks = FailAt::new(step, nth);
                let result = create_backup_at(
                    &backups,
                    &refs(&files),
                    serde_json::Value::Null,
                    at(0),
                    &hooks,
                );
                if hooks.calls() < nth {
                    // The step does not happen that often: the backup went through.
                    let folder = result.expect("no failure injected");
                    fs_err::remove_dir_all(folder.path).expect("clean up");
                    continue;
                }
                let err = result.expect_err("injected");
                assert_eq!(err.failed_step(), Some(step), "{err}");
                assert!(entries(&backups).is_empty(), "{step} #{nth}");
            }
        }
        // The originals are untouched.
        assert_eq!(
            fs_err::read_to_string(manifests.join("etcd.yaml")).expect("read"),
            pod("etcd")
        );
    }

    #[test]
    fn rejects_bad_component_names() {
        let (_root, manifests, backups) = node();
        let path = manifests.join("etcd.yaml");
        for bad in [
            vec![("../etcd", path.as_path())],
            vec![(".hidden", path.as_path())],
            vec![("", path.as_path())],
            vec![("etcd", path.as_path()), ("etcd", path.as_path())],
        ] {
            assert!(create_backup(&backups, &bad, serde_json::Value::Null, &NoHooks).is_err());
        }
        assert!(entries(&backups).is_empty());
    }

    #[test]
    fn verify_detects_corruption_and_incompleteness() {
        let (_root, manifests, backups) = node();
        let files = files(&manifests);
        let folder = create_backup(&backups, &refs(&files), serde_json::Value::Null, &NoHooks)
            .expect("backup");
        let copy = folder.path.join("kube-apiserver.yaml");
        fs_err::write(
            &copy,
            pod("kube-apiserver").replace("containers", "kontainers"),
        )
        .expect("corrupt");
        let verification = verify_backup(&folder.path).expect("verify");
        assert!(!verification.ok());
        assert!(matches!(
            &verification.files[1],
            FileCheck { name, status: CheckStatus::Mismatch { .. } } if name == "kube-apiserver.yaml"
        ));
        assert_eq!(verification.files[0].status, CheckStatus::Ok);

        fs_err::remove_file(&copy).expect("rm");
        fs_err::write(folder.path.join("stray.yaml"), "x").expect("stray");
        let verification = verify_backup(&folder.path).expect("verify");
        assert_eq!(verification.files[1].status, CheckStatus::Missing);
        assert_eq!(verification.files[2].status, CheckStatus::Unlisted);

        fs_err::remove_file(folder.path.join(RECORD_FILE)).expect("rm");
        fs_err::remove_file(folder.path.join(SUMS_FILE)).expect("rm");
        let verification = verify_backup(&folder.path).expect("verify");
        assert!(!verification.ok());
        assert!(
            verification.problems[0].contains("incomplete"),
            "{verification:?}"
        );
    }

    #[test]
    fn verify_kubeadm_folders_by_decoding() {
        let (_root, _manifests, backups) = node();
        let folder = backups.join("kubeadm-backup-manifests-2024-01-02-03-04-05");
        fs_err::create_dir(&folder).expect("mkdir");
        fs_err::write(folder.join("etcd.yaml"), pod("etcd")).expect("w");
        fs_err::write(folder.join("kube-scheduler.yaml"), pod("kube-scheduler")).expect("w");
        let verification = verify_backup(&folder).expect("verify");
        assert_eq!(verification.kind, BackupKind::Kubeadm);
        assert!(verification.ok(), "{verification:?}");

        fs_err::write(folder.join("kube-scheduler.yaml"), pod("etcd")).expect("w");
        fs_err::write(folder.join("kube-apiserver.yaml"), "kind: Pod\n").expect("w");
        let verification = verify_backup(&folder).expect("verify");
        assert!(!verification.ok());
        let statuses: Vec<_> = verification.files.iter().map(|f| &f.status).collect();
        assert!(matches!(statuses[0], CheckStatus::Ok));
        assert!(matches!(statuses[1], CheckStatus::NotAManifest(_)));
        assert!(matches!(statuses[2], CheckStatus::NameMismatch { name } if name == "etcd"));

        let empty = backups.join("kubeadm-backup-manifests-2024-01-02-03-04-06");
        fs_err::create_dir(&empty).expect("mkdir");
        assert!(!verify_backup(&empty).expect("verify").ok());
    }

    #[test]
    fn lists_newest_first_with_kubeadm_folders() {
        let (_root, manifests, backups) = node();
        let files = files(&manifests);
        for secs in [1_709_251_199, 1_735_689_600, 1_735_689_600] {
            create_backup_at(
                &backups,
                &refs(&files),
                serde_json::Value::Null,
                at(secs),
                &NoHooks,
            )
            .expect("backup");
        }
        for name in [
            "kubeadm-backup-manifests-2024-12-31-12-00-00",
            "kubeadm-backup-manifests-2023-06-01-00-00-00",
            "kubeadm-backup-etcd-2024-12-31-12-00-00",
            "kubeadm-upgraded-manifests123456",
            "staticpod-backup-manifests-2024-13",
        ] {
            fs_err::create_dir(backups.join(name)).expect("mkdir");
        }
        fs_err::write(
            backups.join("kubeadm-backup-manifests-2030-01-01-00-00-00"),
            "file",
        )
        .expect("not a dir");
        let listed: Vec<(String, BackupKind, u32)> = list_backups(&backups)
            .expect("list")
            .into_iter()
            .map(|l| (l.name, l.kind, l.seq))
            .collect();
        use BackupKind::{Kubeadm, Staticpod};
        assert_eq!(
            listed,
            [
                (
                    "staticpod-backup-manifests-2025-01-01-00-00-00-1".into(),
                    Staticpod,
                    1
                ),
                (
                    "staticpod-backup-manifests-2025-01-01-00-00-00".into(),
                    Staticpod,
                    0
                ),
                (
                    "kubeadm-backup-manifests-2024-12-31-12-00-00".into(),
                    Kubeadm,
                    0
                ),
                (
                    "staticpod-backup-manifests-2024-02-29-23-59-59".into(),
                    Staticpod,
                    0
                ),
                (
                    "kubeadm-backup-manifests-2023-06-01-00-00-00".into(),
                    Kubeadm,
                    0
                ),
            ]
        );
        let first = &list_backups(&backups).expect("list")[0];
        assert_eq!(first.time, "2025-01-01 00:00:00");
        assert!(list_backups(&backups.join("missing"))
            .expect("none")
            .is_empty());
    }

    /// The manifests dir's non-dot names with their content.
    fn manifests_state(manifests: &Path) -> Vec<(String, String)> {
        entries(manifests)
            .into_iter()
            .filter(|n| !n.starts_with('.'))
            .map(|n| {
                let content = fs_err::read_to_string(manifests.join(&n)).expect("read");
                (n, content)
            })
            .collect()
    }

    const NEW_ETCD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n# v2\n";
    const NEW_API: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n# v2\n";
    const NEW_SCHED: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-scheduler\n";

    fn swap_targets(manifests: &Path) -> Vec<(&'static str, PathBuf, &'static str)> {
        vec![
            ("etcd", manifests.join("etcd.yaml"), NEW_ETCD),
            (
                "kube-apiserver",
                manifests.join("kube-apiserver.yaml"),
                NEW_API,
            ),
            (
                "kube-scheduler",
                manifests.join("kube-scheduler.yaml"),
                NEW_SCHED,
            ),
        ]
    }

    fn as_targets<'a>(list: &'a [(&'static str, PathBuf, &'static str)]) -> Vec<SwapTarget<'a>> {
        list.iter()
            .map(|(component, path, new)| SwapTarget {
                component,
                path,
                new_bytes: new.as_bytes(),
            })
            .collect()
    }

    #[test]
    fn swap_set_replaces_everything() {
        let (_root, manifests, backups) = node();
        let list = swap_targets(&manifests);
        let outcome = swap_set(
            &backups,
            &as_targets(&list),
            serde_json::Value::Null,
            &NoHooks,
        );
        let SwapOutcome::Swapped { backup } = outcome else {
            panic!("expected success, got {outcome:?}");
        };
        assert_eq!(
            manifests_state(&manifests),
            [
                ("etcd.yaml".to_string(), NEW_ETCD.to_string()),
                ("kube-apiserver.yaml".to_string(), NEW_API.to_string()),
                ("kube-scheduler.yaml".to_string(), NEW_SCHED.to_string()),
            ]
        );
        assert!(verify_backup(&backup.path).expect("verify").ok());
        let mode = |p: PathBuf| fs_err::metadata(p).expect("m").permissions().mode() & 0o7777;
        assert_eq!(mode(manifests.join("kube-apiserver.yaml")), 0o644);
        assert_eq!(mode(manifests.join("kube-scheduler.yaml")), 0o600);
    }

    #[test]
    fn swap_set_failing_anywhere_restores_everything() {
        let mut outcomes = BTreeSet::new();
        for step in Step::ALL {
            for nth in 1..=6 {
                let (_root, manifests, backups) = node();
                let original = manifests_state(&manifests);
                let list = swap_targets(&manifests);
                let hooks = FailAt::new(step, nth);
                let outcome = swap_set(
                    &backups,
                    &as_targets(&list),
                    serde_json::Value::Null,
                    &hooks,
                );
                if hooks.calls() < nth {
                    assert!(
                        matches!(outcome, SwapOutcome::Swapped { .. }),
                        "{outcome:?}"
                    );
                    continue;
                }
                match outcome {
                    SwapOutcome::FailedRestored { error, backup } => {
                        assert_eq!(error.failed_step(), Some(step), "{error}");
                        assert_eq!(manifests_state(&manifests), original, "{step} #{nth}");
                        outcomes.insert(format!("{step} #{nth}: restored"));
                        if let Some(backup) = backup {
                            assert!(verify_backup(&backup.path).expect("verify").ok());
                        }
                    }
                    other => panic!("{step} #{nth}: {other:?}"),
                }
                let leftovers: Vec<String> = entries(&manifests)
                    .into_iter()
                    .filter(|n| n.starts_with('.'))
                    .collect();
                assert!(leftovers.is_empty(), "{step} #{nth}: {leftovers:?}");
            }
        }
        // The interesting cases did happen: a rename failing after two targets were swapped,
        // and a directory fsync failing after a target's rename.
        assert!(outcomes.contains("rename into place #3: restored"));
        assert!(outcomes.contains("fsync directory #4: restored"));
    }

    #[test]
    fn swap_set_reports_what_it_could_not_restore() {
        let (_root, manifests, backups) = node();
        let list = swap_targets(&manifests);
        // The third rename fails, and so does every rename of the roll-back.
        let hooks = FailAt::new(Step::Rename, 3).and_after();
        let outcome = swap_set(
            &backups,
            &as_targets(&list),
            serde_json::Value::Null,
            &hooks,
        );
        let SwapOutcome::FailedUnrestored {
            error,
            backup,
            files,
        } = outcome
        else {
            panic!("expected an unrestored failure, got {outcome:?}");
        };
        assert_eq!(error.failed_step(), Some(Step::Rename));
        let states: Vec<&FileState> = files.iter().map(|f| &f.state).collect();
        assert_eq!(states, [&FileState::New, &FileState::New, &FileState::Old]);
        assert_eq!(files[0].backup, Some(backup.path.join("etcd.yaml")));
        assert_eq!(files[2].backup, None, "kube-scheduler had no file");
        assert!(files[0].restore_error.is_some());
        assert!(files[2].restore_error.is_none());
        // The backup holds what is needed to finish by hand.
        assert_eq!(
            fs_err::read_to_string(backup.path.join("etcd.yaml")).expect("read"),
            pod("etcd")
        );
    }

    #[test]
    fn swap_set_stops_on_a_concurrent_edit() {
        let (_root, manifests, backups) = node();
        let list = swap_targets(&manifests);
        // Someone edits kube-apiserver.yaml after the backup was taken.
        struct EditAfterBackup(PathBuf);
        impl Hooks for EditAfterBackup {
            fn before(&self, step: Step, _path: &Path) -> std::io::Result<()> {
                if step == Step::CreateTemp {
                    fs_err::write(&self.0, "hand edit\n")?;
                }
                Ok(())
            }
        }
        let hooks = EditAfterBackup(manifests.join("kube-apiserver.yaml"));
        let outcome = swap_set(
            &backups,
            &as_targets(&list),
            serde_json::Value::Null,
            &hooks,
        );
        let SwapOutcome::FailedUnrestored { error, files, .. } = outcome else {
            panic!("{outcome:?}");
        };
        assert!(error.refusal().is_some(), "{error}");
        // etcd was put back; the edited file keeps the hand edit, reported as such.
        assert_eq!(files[0].state, FileState::Old);
        assert!(matches!(files[1].state, FileState::Other(_)));
        assert_eq!(
            fs_err::read_to_string(manifests.join("kube-apiserver.yaml")).expect("read"),
            "hand edit\n"
        );
        assert!(!manifests.join("kube-scheduler.yaml").exists());
    }
}
