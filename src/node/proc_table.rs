//! The process table as the kernel shows it under `/proc` (or a directory laid out like it,
//! `--proc DIR`): for each numeric entry, `cmdline` (argv, NUL-separated) and `stat` (field 22:
//! start time in clock ticks since boot); `stat` at the top holds `btime` (boot time, Unix
//! seconds). Every read goes through `fsx::read` (type checked, non-blocking, capped), so a
//! strange directory cannot make a scan block or read without bound.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The longest `cmdline` read (kube-apiserver's argv is a few KiB).
const MAX_CMDLINE: u64 = 256 * 1024;
/// The longest `stat` read.
const MAX_STAT: u64 = 64 * 1024;

/// One process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    /// Its process id.
    pub pid: u32,
    /// argv, as `/proc/PID/cmdline` gives it (lossy UTF-8).
    pub argv: Vec<String>,
    /// Start time in clock ticks since boot (`/proc/PID/stat` field 22).
    pub start_ticks: u64,
}

impl Process {
    /// What tells this process from a later one that reuses its pid.
    pub fn identity(&self) -> (u32, u64) {
        (self.pid, self.start_ticks)
    }
}

/// A `/proc`-like directory.
#[derive(Debug, Clone)]
pub struct ProcTable {
    dir: PathBuf,
    ticks_per_second: u64,
}

impl ProcTable {
    /// The table under `dir` (`/proc`, or a fake one in tests).
    pub fn new(dir: &Path) -> ProcTable {
        ProcTable {
            dir: dir.to_path_buf(),
            ticks_per_second: rustix::param::clock_ticks_per_second().max(1),
        }
    }

    /// The directory it reads.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every process readable now (processes that exit during the scan are skipped).
    pub fn scan(&self) -> Result<Vec<Process>, String> {
        let entries = fs_err::read_dir(&self.dir).map_err(|e| {
            format!(
                "{}: cannot read the process table: {e} (see --proc)",
                self.dir.display()
            )
        })?;
        let mut processes = Vec::new();
        for entry in entries.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            if let Some(process) = self.process(pid) {
                processes.push(process);
            }
        }
        processes.sort_by_key(|p| p.pid);
        Ok(processes)
    }

    /// Processes whose argv is exactly `argv`.
    pub fn matching(&self, argv: &[String]) -> Result<Vec<Process>, String> {
        Ok(self
            .scan()?
            .into_iter()
            .filter(|p| p.argv == argv)
            .collect())
    }

    /// One process, if it exists (and is not a zombie: a zombie has no argv).
    pub fn process(&self, pid: u32) -> Option<Process> {
        let dir = self.dir.join(pid.to_string());
        let cmdline = read_capped(&dir.join("cmdline"), MAX_CMDLINE)?;
        if cmdline.is_empty() {
            return None;
        }
        let stat = read_capped(&dir.join("stat"), MAX_STAT)?;
        let start_ticks = start_ticks(&String::from_utf8_lossy(&stat))?;
        Some(Process {
            pid,
            argv: split_cmdline(&cmdline),
            start_ticks,
        })
    }

    /// Whether `process` (same pid, same start time) still runs.
    pub fn alive(&self, process: &Process) -> bool {
        self.process(process.pid)
            .is_some_and(|p| p.start_ticks == process.start_ticks)
    }

    /// Boot time (`btime` in `stat`), if readable.
    pub fn boot_time(&self) -> Option<SystemTime> {
        let stat = read_capped(&self.dir.join("stat"), MAX_STAT)?;
        let text = String::from_utf8_lossy(&stat);
        let seconds = text
            .lines()
            .find_map(|line| line.strip_prefix("btime "))?
            .trim()
            .parse::<u64>()
            .ok()?;
        Some(UNIX_EPOCH + Duration::from_secs(seconds))
    }

    /// When `process` started (boot time + start ticks), if the boot time is readable.
    pub fn started_at(&self, process: &Process) -> Option<SystemTime> {
        let boot = self.boot_time()?;
        let nanos =
            u128::from(process.start_ticks) * 1_000_000_000 / u128::from(self.ticks_per_second);
        Some(boot + Duration::from_nanos(u64::try_from(nanos).ok()?))
    }

    /// Whether a process that looks like the kubelet (`argv[0]` is `kubelet` or `…/kubelet`) runs.
    pub fn kubelet_visible(&self) -> bool {
        self.scan().is_ok_and(|processes| {
            processes.iter().any(|p| {
                p.argv
                    .first()
                    .is_some_and(|a| a == "kubelet" || a.ends_with("/kubelet"))
            })
        })
    }
}

/// Read a `/proc` file through [`crate::fsx::read`] (type checked, non-blocking, capped);
/// `None` when it is missing or unreadable (the process exited).
fn read_capped(path: &Path, cap: u64) -> Option<Vec<u8>> {
    crate::fsx::read::read(path, crate::fsx::read::Limit(cap)).ok()
}

/// argv from `cmdline` bytes: NUL-separated, with a trailing NUL.
fn split_cmdline(bytes: &[u8]) -> Vec<String> {
    let bytes = bytes.strip_suffix(b"\0").unwrap_or(bytes);
    bytes
        .split(|b| *b == 0)
        .map(|arg| String::from_utf8_lossy(arg).into_owned())
        .collect()
}

/// Field 22 of `/proc/PID/stat`. Field 2 (the command name, in parentheses) may hold spaces
/// and parentheses, so the fields are counted from the last `)`.
fn start_ticks(stat: &str) -> Option<u64> {
    let after = &stat[stat.rfind(')')? + 1..];
    // After `)`: field 3 (state) is the first; field 22 is the 20th.
    after.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_process(dir: &Path, pid: u32, argv: &[&str], start: u64) {
        let p = dir.join(pid.to_string());
        fs_err::create_dir_all(&p).unwrap();
        let mut cmdline = argv.join("\0");
        cmdline.push('\0');
        fs_err::write(p.join("cmdline"), cmdline).unwrap();
        let mut fields = vec!["S".to_string()];
        fields.extend((4..=21).map(|i| i.to_string()));
        fields.push(start.to_string());
        fields.extend((23..=52).map(|i| i.to_string()));
        fs_err::write(
            p.join("stat"),
            format!("{pid} (odd ) name) {}\n", fields.join(" ")),
        )
        .unwrap();
    }

    #[test]
    fn scans_a_fake_proc_dir() {
        let dir = tempfile::tempdir().unwrap();
        write_process(dir.path(), 10, &["etcd", "--name=a"], 500);
        write_process(dir.path(), 11, &["kubelet", "--config=x"], 100);
        fs_err::create_dir(dir.path().join("12")).unwrap(); // exited: no files
        fs_err::write(dir.path().join("stat"), "cpu 1 2\nbtime 1000\n").unwrap();
        fs_err::create_dir(dir.path().join("self")).unwrap();
        let table = ProcTable::new(dir.path());
        let all = table.scan().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].argv, vec!["etcd", "--name=a"]);
        assert_eq!(all[0].start_ticks, 500);
        let argv = vec!["etcd".to_string(), "--name=a".to_string()];
        assert_eq!(table.matching(&argv).unwrap().len(), 1);
        assert!(table.kubelet_visible());
        let ticks = rustix::param::clock_ticks_per_second();
        let started = table.started_at(&all[0]).unwrap();
        assert_eq!(
            started.duration_since(UNIX_EPOCH).unwrap(),
            Duration::from_secs(1000) + Duration::from_secs_f64(500.0 / ticks as f64)
        );
        assert!(table.alive(&all[0]));
        let mut other = all[0].clone();
        other.start_ticks += 1;
        assert!(!table.alive(&other));
    }

    #[test]
    fn reads_this_process_from_real_proc() {
        let table = ProcTable::new(Path::new("/proc"));
        let me = table.process(std::process::id()).unwrap();
        let argv: Vec<String> = std::env::args().collect();
        assert_eq!(me.argv, argv);
        let started = table.started_at(&me).unwrap();
        let age = SystemTime::now()
            .duration_since(started)
            .unwrap_or_default();
        assert!(age < Duration::from_secs(3600), "started {age:?} ago");
    }

    #[test]
    fn a_fifo_is_skipped_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("7");
        fs_err::create_dir(&p).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            p.join("cmdline"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        assert_eq!(ProcTable::new(dir.path()).scan().unwrap(), vec![]);
    }

    #[test]
    fn stat_field_22_after_a_name_with_parentheses() {
        let stat = "42 (a) b) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 777 19";
        assert_eq!(start_ticks(stat), Some(777));
        assert_eq!(start_ticks("42 (x) S 1"), None);
    }
}
