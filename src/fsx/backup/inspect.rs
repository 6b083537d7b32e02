//! Reading backup folders: list them with their status, verify one, read its record, and
//! choose the one `restore --latest` means. Every file inside a folder is read with
//! [`read_no_follow`]: only regular files count, a symlink, FIFO or device is never followed,
//! opened for long or read to the end.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use super::{
    io_error, BackupKind, BackupRecord, RunState, KUBEADM_PREFIX, OUR_PREFIX, RECORD_FILE,
    SUMS_FILE,
};
use crate::fsx::protocol::Step;
use crate::fsx::read::{kind_of, read, read_no_follow, Limit, ReadError};
use crate::fsx::FsError;
use crate::manifest::sha256_hex;

/// Read a staticpod backup folder's `record.json` (a regular file of at most 1 MiB).
pub fn read_record(folder: &Path) -> Result<BackupRecord, FsError> {
    let path = folder.join(RECORD_FILE);
    let bytes = read_no_follow(&path, Limit::LIST)
        .map_err(|e| FsError::at(&path, Step::Inspect, e.into()))?;
    serde_json::from_slice(&bytes).map_err(|e| FsError::at(&path, Step::Inspect, e.into()))
}

/// What a folder is worth as a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Ours, with a record whose run finished (or a plain snapshot).
    Complete,
    /// Ours, complete, but its run did not finish: killed, or failed without putting every
    /// manifest back ([`RunState::Pending`]).
    Interrupted,
    /// Ours, without a readable record: a run killed while backing up, or a folder being
    /// written right now. Never a backup.
    Incomplete,
    /// kubeadm's (it writes no record; [`verify_backup`] judges its files).
    Kubeadm,
}

impl Status {
    /// `complete`, `interrupted`, `incomplete`, `kubeadm`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Complete => "complete",
            Status::Interrupted => "interrupted",
            Status::Incomplete => "incomplete",
            Status::Kubeadm => "kubeadm",
        }
    }

    /// Whether the folder holds a whole backup (everything but [`Status::Incomplete`]).
    pub fn is_backup(self) -> bool {
        self != Status::Incomplete
    }
}

/// One backup folder found by [`list_backups`].
#[derive(Debug, Clone, PartialEq)]
pub struct BackupListing {
    /// The folder.
    pub path: PathBuf,
    /// Its name.
    pub name: String,
    /// Who wrote it.
    pub kind: BackupKind,
    /// The time in the name, `YYYY-MM-DD HH:MM:SS` (UTC for ours, the node's local time for
    /// kubeadm's).
    pub time: String,
    /// The `-N` suffix (0 without one).
    pub seq: u32,
    /// What it is worth as a backup.
    pub status: Status,
    /// Its record (ours, when readable).
    pub record: Option<BackupRecord>,
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
/// only, not symlinks), newest first by the time in the name, then by `-N`, each with its
/// [`Status`]. A missing `backup_dir` has none.
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
        let (status, record) = match kind {
            BackupKind::Kubeadm => (Status::Kubeadm, None),
            BackupKind::Staticpod => match read_record(&path) {
                Err(_) => (Status::Incomplete, None),
                Ok(record) if !path.join(SUMS_FILE).is_file() => (Status::Incomplete, Some(record)),
                Ok(record) => (
                    match record.state {
                        RunState::Done => Status::Complete,
                        RunState::Pending => Status::Interrupted,
                    },
                    Some(record),
                ),
            },
        };
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
                status,
                record,
            },
        ));
    }
    found.sort_by(|a, b| (b.0, b.1, &b.2.name).cmp(&(a.0, a.1, &a.2.name)));
    Ok(found.into_iter().map(|(_, _, listing)| listing).collect())
}

/// What `restore --latest` restores, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Latest {
    /// The folder to restore.
    pub folder: PathBuf,
    /// Newer folders passed over, each with the reason (for `-v`).
    pub skipped: Vec<String>,
}

/// Whether the run that wrote `record` (pending) changed any manifest: some file is no longer
/// what it backed up. Unreadable counts as changed.
fn changed_anything(record: &BackupRecord) -> bool {
    record
        .files
        .iter()
        .any(|file| match read(&file.original_path, Limit::MANIFEST) {
            Ok(bytes) => file.sha256.as_deref() != Some(sha256_hex(&bytes).as_str()),
            Err(ReadError::NotFound { .. }) => file.existed,
            Err(_) => true,
        })
}

/// The folder `restore --latest` means: the state before the last change that was made.
/// Newest first: an incomplete folder is never a backup; an interrupted `apply` that changed
/// no manifest is skipped (it made no change); a `restore` (finished or interrupted) leads to
/// the folder it restored, so `restore --latest` run again — after a kill at any step, or
/// not — goes where the first one went (undo a restore by naming its folder); a run that
/// writes back the same content (`restart`) is passed over; otherwise the newest complete (or
/// kubeadm's) folder.
pub fn latest(backup_dir: &Path) -> Result<Latest, String> {
    let list = list_backups(backup_dir).map_err(|e| e.to_string())?;
    if list.is_empty() {
        return Err(format!("{}: no backup folders", backup_dir.display()));
    }
    let mut skipped = Vec::new();
    for listing in &list {
        let record = listing.record.as_ref();
        if listing.status == Status::Incomplete {
            skipped.push(format!(
                "{}: incomplete (a run was interrupted while backing up, before it changed \
                 any manifest)",
                listing.name
            ));
            continue;
        }
        // A restore (finished or not) was going to its source folder: --latest goes there
        // too, so that repeating `restore --latest` (after a kill, or not) is idempotent.
        if let Some(from) = record.and_then(|r| r.restored_from.as_ref()) {
            if !from.is_dir() {
                return Err(format!(
                    "{}: the last change was a restore of {}, which no longer exists; restore \
                     a folder by name",
                    listing.path.display(),
                    from.display()
                ));
            }
            skipped.push(format!(
                "{}: the last change restored {}: going there",
                listing.name,
                from.display()
            ));
            return Ok(Latest {
                folder: from.clone(),
                skipped,
            });
        }
        // A run that writes every file back with its own content (`restart`) changes nothing
        // — once its files are back (one killed with a manifest out is the latest change).
        let same_content = record.is_some_and(|r| {
            !r.files.is_empty()
                && r.files
                    .iter()
                    .all(|f| f.existed && f.new_sha256.is_some() && f.new_sha256 == f.sha256)
                && !changed_anything(r)
        });
        if same_content {
            skipped.push(format!(
                "{}: its run put every file back with the same content (restart)",
                listing.name
            ));
            continue;
        }
        match (listing.status, record) {
            (Status::Interrupted, Some(record)) if !changed_anything(record) => {
                skipped.push(format!(
                    "{}: its run was interrupted before it changed any manifest",
                    listing.name
                ));
            }
            _ => {
                return Ok(Latest {
                    folder: listing.path.clone(),
                    skipped,
                })
            }
        }
    }
    Err(format!(
        "{}: no complete backup folder ({})",
        backup_dir.display(),
        skipped.join("; ")
    ))
}

/// The result of checking one file of a backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckStatus {
    /// As recorded.
    Ok,
    /// The content's SHA-256 is not the one listed.
    Mismatch {
        /// Listed.
        expected: String,
        /// Found.
        found: String,
    },
    /// Listed in `SHA256SUMS`, not in the folder.
    Missing,
    /// Not a regular file (a symlink, FIFO, device, directory): never read, never restored.
    NotRegular {
        /// What it is.
        kind: &'static str,
    },
    /// Could not be read; why.
    Unreadable(String),
    /// (kubeadm folders) The kubelet could not run it; why.
    NotAManifest(String),
    /// (kubeadm folders) `metadata.name` is not the file's stem.
    NameMismatch {
        /// The pod's name.
        name: String,
    },
    /// (staticpod folders) A file that `SHA256SUMS` does not list.
    Unlisted,
}

impl fmt::Display for CheckStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckStatus::Ok => f.write_str("ok"),
            CheckStatus::Mismatch { expected, found } => write!(
                f,
                "its sha256 is {found}, but {SUMS_FILE} lists {expected}: the copy is damaged"
            ),
            CheckStatus::Missing => write!(f, "listed in {SUMS_FILE} but not in the folder"),
            CheckStatus::NotRegular { kind } => write!(
                f,
                "is a {kind}, not a regular file: a backup folder holds regular files only; \
                 not read"
            ),
            CheckStatus::Unreadable(why) => write!(f, "cannot be read: {why}"),
            CheckStatus::NotAManifest(why) => write!(f, "is not a static pod manifest: {why}"),
            CheckStatus::NameMismatch { name } => {
                write!(f, "holds the pod \"{name}\", not the one its name says")
            }
            CheckStatus::Unlisted => write!(f, "is not listed in {SUMS_FILE}"),
        }
    }
}

/// One file of a folder and what [`verify_backup`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCheck {
    /// Its name in the folder.
    pub name: String,
    /// What was found.
    pub status: CheckStatus,
    /// The SHA-256 of the content that was checked (when it was read).
    pub sha256: Option<String>,
}

/// What [`verify_backup`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// The folder.
    pub folder: PathBuf,
    /// Whose format.
    pub kind: BackupKind,
    /// Every file checked.
    pub files: Vec<FileCheck>,
    /// Problems of the folder as a whole (no `SHA256SUMS`, bad line, no manifests…).
    pub problems: Vec<String>,
}

impl Verification {
    /// Everything checked out.
    pub fn ok(&self) -> bool {
        self.problems.is_empty() && self.files.iter().all(|f| f.status == CheckStatus::Ok)
    }

    /// Every problem as a sentence (`<file>: <status>`, then the folder's problems).
    pub fn problem_sentences(&self) -> Vec<String> {
        self.files
            .iter()
            .filter(|f| f.status != CheckStatus::Ok)
            .map(|f| format!("{} {}", f.name, f.status))
            .chain(self.problems.iter().cloned())
            .collect()
    }

    /// The verified SHA-256 of `name`'s content, when it checked out.
    pub fn verified_sha256(&self, name: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.name == name && f.status == CheckStatus::Ok)
            .and_then(|f| f.sha256.as_deref())
    }
}

/// Check a backup folder: ours against every `SHA256SUMS` entry (and `record.json` against
/// `SHA256SUMS`); kubeadm's (which have no sums) by decoding each `*.yaml` as the kubelet would
/// and checking that its `metadata.name` is the file's stem. In both, every entry that is not
/// a dot-file must be a regular file. Errors are only for a folder that cannot be read; what is
/// wrong inside it is in the [`Verification`].
pub fn verify_backup(folder: &Path) -> Result<Verification, FsError> {
    let meta =
        fs_err::symlink_metadata(folder).map_err(|e| FsError::at(folder, Step::Inspect, e))?;
    if !meta.is_dir() {
        let kind = kind_of(meta.file_type()).unwrap_or("regular file");
        return Err(FsError::at(
            folder,
            Step::Inspect,
            io_error(
                std::io::ErrorKind::InvalidInput,
                format!("is a {kind}, not a backup folder"),
            ),
        ));
    }
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
    let mut verification = Verification {
        folder: folder.to_path_buf(),
        kind,
        files: Vec::new(),
        problems: Vec::new(),
    };
    let names = folder_files(folder, &mut verification)?;
    match kind {
        BackupKind::Staticpod => verify_ours(folder, &names, &mut verification),
        BackupKind::Kubeadm => verify_kubeadm(folder, &names, &mut verification),
    }
    Ok(verification)
}

/// The names of the regular files in `folder` that are not dot-files, sorted; anything else
/// (a symlink, FIFO, device, directory) goes into `out` as [`CheckStatus::NotRegular`].
fn folder_files(folder: &Path, out: &mut Verification) -> Result<Vec<String>, FsError> {
    let mut names = Vec::new();
    for entry in fs_err::read_dir(folder).map_err(|e| FsError::at(folder, Step::Inspect, e))? {
        let entry = entry.map_err(|e| FsError::at(folder, Step::Inspect, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // `.SHA256SUMS.partial` / `.record.json.partial`: left by a killed run (write_whole).
        if name.starts_with('.') {
            continue;
        }
        let file_type = entry
            .file_type()
            .map_err(|e| FsError::at(&entry.path(), Step::Inspect, e))?;
        match kind_of(file_type) {
            None => names.push(name),
            Some(kind) => out.files.push(FileCheck {
                name,
                status: CheckStatus::NotRegular { kind },
                sha256: None,
            }),
        }
    }
    names.sort();
    out.files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(names)
}

/// Read one file of a backup folder: a regular file only (never through a symlink), at most
/// the kubelet's 10 MiB; the status when it cannot be.
pub fn read_copy(path: &Path) -> Result<Vec<u8>, CheckStatus> {
    read_no_follow(path, Limit::MANIFEST).map_err(|e| match e {
        ReadError::NotFound { .. } => CheckStatus::Missing,
        ReadError::NotRegular { kind, .. } => CheckStatus::NotRegular { kind },
        other => CheckStatus::Unreadable(other.reason()),
    })
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
    let sums = match read_no_follow(&folder.join(SUMS_FILE), Limit::LIST) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            out.problems.push(format!(
                "{SUMS_FILE} {}: the backup is incomplete or damaged",
                e.reason()
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
                "{SUMS_FILE} names \"{name}\", which is not a file of the folder"
            ));
            continue;
        }
        if out.files.iter().any(|f| &f.name == name) {
            continue; // not a regular file: already reported
        }
        let (status, sha256) = match read_copy(&folder.join(name)) {
            Ok(bytes) => {
                let found = sha256_hex(&bytes);
                if &found == expected {
                    (CheckStatus::Ok, Some(found))
                } else {
                    (
                        CheckStatus::Mismatch {
                            expected: expected.clone(),
                            found: found.clone(),
                        },
                        Some(found),
                    )
                }
            }
            Err(status) => (status, None),
        };
        out.files.push(FileCheck {
            name: name.clone(),
            status,
            sha256,
        });
    }
    for name in names {
        if name != SUMS_FILE && name != RECORD_FILE && !listed.contains(name) {
            out.files.push(FileCheck {
                name: name.clone(),
                status: CheckStatus::Unlisted,
                sha256: None,
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
        let (status, sha256) = match read_copy(&folder.join(name)) {
            Err(status) => (status, None),
            Ok(bytes) => {
                let sha = Some(sha256_hex(&bytes));
                match crate::manifest::decode(&bytes) {
                    Err(e) => (CheckStatus::NotAManifest(e.to_string()), sha),
                    Ok(decoded) => {
                        let pod_name = decoded.pod.metadata.name.unwrap_or_default();
                        if pod_name == stem {
                            (CheckStatus::Ok, sha)
                        } else {
                            (CheckStatus::NameMismatch { name: pod_name }, sha)
                        }
                    }
                }
            }
        };
        out.files.push(FileCheck {
            name: name.clone(),
            status,
            sha256,
        });
    }
    if out.files.is_empty() {
        out.problems
            .push("no *.yaml manifest in the folder".to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fsx::backup::test_support::*;
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
            FileCheck { name, status: CheckStatus::Mismatch { .. }, .. } if name == "kube-apiserver.yaml"
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
}
