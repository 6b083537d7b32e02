//! Writing a backup folder (see [`super`] for its layout).

use fs_err::os::unix::fs::OpenOptionsExt;
use std::collections::BTreeSet;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{
    io_error, BackedUpFile, BackupFolder, BackupRecord, RunState, OUR_PREFIX, RECORD_FILE,
    SUMS_FILE,
};
use crate::fsx::protocol::{fsync_dir, parent_dir, Hooks, Step};
use crate::fsx::read::{read, Limit, ReadError};
use crate::fsx::FsError;
use crate::manifest::sha256_hex;

/// What a backup is for, beyond the files: written into its record.
#[derive(Debug, Clone, Default)]
pub struct RecordInfo {
    /// [`RunState::Pending`] for a swap that has yet to happen; `Done` for a plain snapshot.
    pub state: Option<RunState>,
    /// Per file (same order as the files), the SHA-256 of what will replace it.
    pub new_sha256: Vec<Option<String>>,
    /// The folder a restore restores.
    pub restored_from: Option<PathBuf>,
    /// Whatever the caller adds.
    pub extra: serde_json::Value,
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
    let info = RecordInfo {
        extra: record_extra,
        ..RecordInfo::default()
    };
    create_with(backup_dir, files, info, now, hooks)
}

/// [`create_backup_at`] with everything its record says.
pub fn create_with(
    backup_dir: &Path,
    files: &[(&str, &Path)],
    info: RecordInfo,
    now: SystemTime,
    hooks: &dyn Hooks,
) -> Result<BackupFolder, FsError> {
    check_components(backup_dir, files)?;
    let stamp = UtcTime::from_system(now);
    hooks
        .before(Step::CreateDir, backup_dir)
        .map_err(|e| FsError::at(backup_dir, Step::CreateDir, e))?;
    let folder = create_folder(backup_dir, &stamp)?;
    match fill_folder(&folder, files, info, &stamp, hooks) {
        Ok(record) => Ok(BackupFolder {
            path: folder,
            record,
        }),
        Err(e) => {
            // Our own new, incomplete folder: remove it (best effort; an incomplete folder
            // left behind never counts as a backup).
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
            format!("invalid component name \"{component}\" for a backup file")
        } else if !seen.insert(*component) {
            format!("component \"{component}\" given twice")
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
    // A partial file a killed run left behind (our own folder, under the lock).
    match fs_err::remove_file(&partial) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(FsError::at(&partial, step, e)),
    }
    write_new(&partial, bytes, 0o600, step)?;
    fs_err::rename(&partial, path).map_err(|e| FsError::at(path, step, e))
}

fn fill_folder(
    folder: &Path,
    files: &[(&str, &Path)],
    info: RecordInfo,
    stamp: &UtcTime,
    hooks: &dyn Hooks,
) -> Result<BackupRecord, FsError> {
    let mut record = BackupRecord {
        tool: "staticpod".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        time: stamp.rfc3339(),
        files: Vec::with_capacity(files.len()),
        state: info.state.unwrap_or(RunState::Done),
        restored_from: info.restored_from,
        extra: info.extra,
    };
    let mut sums = String::new();
    for (i, (component, original)) in files.iter().enumerate() {
        let backup_name = format!("{component}.yaml");
        let copy = folder.join(&backup_name);
        let new_sha256 = info.new_sha256.get(i).cloned().flatten();
        hooks
            .before(Step::CopyBackup, &copy)
            .map_err(|e| FsError::at(&copy, Step::CopyBackup, e))?;
        let bytes = match read(original, Limit::MANIFEST) {
            Ok(bytes) => bytes,
            Err(ReadError::NotFound { .. }) => {
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
                    new_sha256,
                });
                continue;
            }
            Err(e) => {
                return Err(FsError::at(
                    original,
                    Step::CopyBackup,
                    io_error(
                        std::io::ErrorKind::InvalidInput,
                        format!("{}; refusing to back it up", e.reason()),
                    ),
                ))
            }
        };
        let meta =
            fs_err::metadata(original).map_err(|e| FsError::at(original, Step::CopyBackup, e))?;
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
            new_sha256,
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
    fsync_dir(&parent_dir(folder), hooks)?;
    Ok(record)
}

/// Rewrite a folder's record as [`RunState::Done`] (atomically: the record is either the
/// pending one or the done one), then fsync the folder.
pub fn mark_done(folder: &mut BackupFolder, hooks: &dyn Hooks) -> Result<(), FsError> {
    let record_path = folder.path.join(RECORD_FILE);
    hooks
        .before(Step::WriteRecord, &record_path)
        .map_err(|e| FsError::at(&record_path, Step::WriteRecord, e))?;
    let mut record = folder.record.clone();
    record.state = RunState::Done;
    let mut json = serde_json::to_vec_pretty(&record)
        .map_err(|e| FsError::at(&record_path, Step::WriteRecord, e.into()))?;
    json.push(b'\n');
    write_whole(&record_path, &json, Step::WriteRecord)?;
    fsync_dir(&folder.path, hooks)?;
    folder.record = record;
    Ok(())
}

/// `path` with every existing ancestor resolved (`realpath` of the longest existing prefix,
/// then the rest), so that two spellings of one directory compare equal.
fn resolved(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut existing = path.to_path_buf();
    loop {
        if let Ok(real) = fs_err::canonicalize(&existing) {
            return rest
                .iter()
                .rev()
                .fold(real, |acc: PathBuf, part| acc.join(part));
        }
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Refuse a backup directory that is the manifests directory or inside it: the kubelet would
/// run the backed-up manifests as pods.
pub fn check_placement(manifests_dir: &Path, backup_dir: &Path) -> Result<(), String> {
    let (manifests, backups) = (resolved(manifests_dir), resolved(backup_dir));
    if backups.starts_with(&manifests) {
        let where_ = if backups == manifests {
            "is the manifests directory"
        } else {
            "is inside the manifests directory"
        };
        return Err(format!(
            "--backup-dir {} {where_} ({}): the kubelet would run the backed-up manifests as \
             pods; choose a directory outside it (default <root>/etc/kubernetes/tmp)",
            backup_dir.display(),
            manifests_dir.display()
        ));
    }
    Ok(())
}

/// Create `backup_dir` (mode 0700, as kubeadm creates `/etc/kubernetes/tmp`) if it does not
/// exist, fsyncing its parent.
pub fn ensure_backup_dir(backup_dir: &Path, hooks: &dyn Hooks) -> Result<(), FsError> {
    match fs_err::symlink_metadata(backup_dir) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(meta) => {
            let kind = crate::fsx::read::kind_of(meta.file_type()).unwrap_or("regular file");
            let hint = if meta.file_type().is_symlink() {
                "; staticpod keeps backups only in a real directory: give the directory it \
                 points to with --backup-dir"
            } else {
                ""
            };
            return Err(FsError::at(
                backup_dir,
                Step::CreateDir,
                io_error(
                    std::io::ErrorKind::AlreadyExists,
                    format!("is a {kind}, not a directory{hint}"),
                ),
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(FsError::at(backup_dir, Step::CreateDir, e)),
    }
    hooks
        .before(Step::CreateDir, backup_dir)
        .and_then(|()| fs_err::create_dir(backup_dir))
        .and_then(|()| fs_err::set_permissions(backup_dir, std::fs::Permissions::from_mode(0o700)))
        .map_err(|e| FsError::at(backup_dir, Step::CreateDir, e))?;
    fsync_dir(&parent_dir(backup_dir), hooks)
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
    use crate::fsx::backup::test_support::*;
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
}
