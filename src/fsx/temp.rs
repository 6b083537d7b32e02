//! Names of staticpod's temp files, and the clean-up of the ones left by dead runs.
//!
//! A temp file is `.staticpod-<target>.<pid>-<start>.<6 random alphanumerics>.tmp`: the
//! writer's process id and its start time (field 22 of `/proc/<pid>/stat`, in clock ticks
//! since boot). Together they name one process for the life of the machine (a pid alone is
//! reused), so [`cleanup_stale_temps`] can tell a temp file of a run that died (its pid is gone,
//! or now belongs to a process that started at another time) from one of a run that is still
//! writing — whatever lock that run holds — and removes only the former. When `/proc` cannot be
//! read, nothing is provably dead and nothing is removed. It is a dot-file, so the kubelet never
//! runs it as a pod.

use std::path::{Path, PathBuf};

use super::protocol::{fsync_dir, Hooks, Step};
use super::read::{read, Limit};
use super::FsError;

pub(crate) const TEMP_PREFIX: &str = ".staticpod-";
pub(crate) const TEMP_SUFFIX: &str = ".tmp";
/// Length of the random part.
pub(crate) const TEMP_RANDOM_LEN: usize = 6;

/// A process: its id and start time (0 when it could not be read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcessId {
    /// The process id.
    pub pid: u32,
    /// Field 22 of `/proc/<pid>/stat`.
    pub start: u64,
}

/// The start time of `pid` from `/proc/<pid>/stat`, if it can be read.
fn start_time(pid: &str) -> Option<u64> {
    let stat = read(&Path::new("/proc").join(pid).join("stat"), Limit::SYSTEM).ok()?;
    let stat = String::from_utf8_lossy(&stat);
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses; the fields after the
    // last `)` are fixed. starttime is field 22, the 20th after the `)`.
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(19)?.parse().ok()
}

/// This process.
pub fn this_process() -> ProcessId {
    ProcessId {
        pid: std::process::id(),
        start: start_time("self").unwrap_or(0),
    }
}

/// Whether `process` has provably ended: `Some(true)` when its pid is gone or belongs to a
/// process started at another time; `None` when `/proc` cannot tell.
pub fn has_ended(process: ProcessId) -> Option<bool> {
    start_time("self")?;
    match start_time(&process.pid.to_string()) {
        None => Some(!Path::new("/proc").join(process.pid.to_string()).exists()),
        Some(start) if process.start != 0 => Some(start != process.start),
        Some(_) => Some(false),
    }
}

/// The temp-name prefix for `target_name` written by this process.
pub(crate) fn prefix_for(target_name: &str) -> String {
    let me = this_process();
    format!("{TEMP_PREFIX}{target_name}.{}-{}.", me.pid, me.start)
}

/// The target's name and the writer of a temp file name, when it is one of staticpod's.
pub fn parse_temp_name(name: &str) -> Option<(&str, ProcessId)> {
    let middle = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (rest, random) = middle.rsplit_once('.')?;
    if random.len() != TEMP_RANDOM_LEN || !random.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let (target, writer) = rest.rsplit_once('.')?;
    let (pid, start) = writer.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if target.is_empty() || !digits(pid) || !digits(start) {
        return None;
    }
    Some((
        target,
        ProcessId {
            pid: pid.parse().ok()?,
            start: start.parse().ok()?,
        },
    ))
}

/// Whether `name` is one of staticpod's temp files (see the module docs).
pub fn is_staticpod_temp(name: &str) -> bool {
    parse_temp_name(name).is_some()
}

/// Remove the temp files of dead staticpod runs (regular files with a temp name whose writer
/// has provably ended) from `dir`, nothing else; fsync the directory when something was
/// removed. Returns the removed paths. A live run's temp file is never touched.
pub fn cleanup_stale_temps(dir: &Path, hooks: &dyn Hooks) -> Result<Vec<PathBuf>, FsError> {
    let mut removed = Vec::new();
    let entries = fs_err::read_dir(dir).map_err(|e| FsError::at(dir, Step::Inspect, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| FsError::at(dir, Step::Inspect, e))?;
        let name = entry.file_name();
        let Some((_, writer)) = name.to_str().and_then(parse_temp_name) else {
            continue;
        };
        if has_ended(writer) != Some(true) {
            continue;
        }
        let path = entry.path();
        let file_type = entry
            .file_type()
            .map_err(|e| FsError::at(&path, Step::Inspect, e))?;
        if !file_type.is_file() {
            continue;
        }
        hooks
            .before(Step::Remove, &path)
            .and_then(|()| fs_err::remove_file(&path))
            .map_err(|e| FsError::at(&path, Step::Remove, e))?;
        removed.push(path);
    }
    if !removed.is_empty() {
        fsync_dir(dir, hooks)?;
    }
    removed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fsx::protocol::NoHooks;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs_err::read_dir(dir)
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn names_carry_the_writer() {
        let me = this_process();
        assert!(me.start > 0, "/proc/self/stat is readable in tests");
        let name = format!("{}AbC123.tmp", prefix_for("etcd.yaml"));
        let (target, writer) = parse_temp_name(&name).expect("ours");
        assert_eq!((target, writer), ("etcd.yaml", me));
        assert_eq!(has_ended(me), Some(false));
        assert_eq!(
            has_ended(ProcessId {
                pid: me.pid,
                start: me.start + 1
            }),
            Some(true),
            "same pid, other start time: a reused pid"
        );
    }

    /// Issue 12 item 6: clean-up removed a concurrent run's temp file. Only temp files of
    /// provably dead writers go.
    #[test]
    fn cleanup_removes_only_temp_files_of_dead_runs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let me = this_process();
        // A child that has exited: its pid is gone (or reused with another start time).
        let mut child = std::process::Command::new("true").spawn().expect("spawn");
        let dead_pid = child.id();
        child.wait().expect("wait");
        let dead = format!(".staticpod-etcd.yaml.{dead_pid}-1.AbC123.tmp");
        let live = format!(".staticpod-etcd.yaml.{}-{}.x9Y8z7.tmp", me.pid, me.start);
        for name in [
            dead.as_str(),
            live.as_str(),
            ".staticpod-etcd.yaml.AbC123.tmp",
            ".staticpod.lock",
            ".staticpod-etcd.yaml.1-2.AbC12.tmp",
            "etcd.yaml",
        ] {
            fs_err::write(dir.path().join(name), "x").expect("seed");
        }
        let removed = cleanup_stale_temps(dir.path(), &NoHooks).expect("cleanup");
        assert_eq!(removed, [dir.path().join(&dead)]);
        assert!(entries(dir.path()).contains(&live));
        assert_eq!(entries(dir.path()).len(), 5);
    }
}
