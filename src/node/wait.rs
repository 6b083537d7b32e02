//! The bounded waits: for a process running the target's argv that is new (started after the
//! swap) to come up and pass its probes; for a set of processes to go away. Every wait ends
//! at its deadline. The process table is scanned every tick (100 ms) only while no process is
//! tracked; a tracked one is re-read by pid; probes run at most every 200 ms.

use std::collections::HashSet;
use std::time::{Duration, Instant, SystemTime};

use serde::Serialize;

use super::probe::ProbeResult;
use super::proc_table::{ProcTable, Process};
use super::progress::Progress;
use super::target::WaitTarget;

/// How long and how often.
#[derive(Debug, Clone, Copy)]
pub struct WaitSettings {
    /// The whole wait's deadline, from its start.
    pub timeout: Duration,
    /// The pause between two looks at the process table.
    pub tick: Duration,
    /// The least time between two probes.
    pub probe_every: Duration,
}

impl WaitSettings {
    /// `timeout`, with the default tick (100 ms) and probe interval (200 ms).
    pub fn with_timeout(timeout: Duration) -> WaitSettings {
        WaitSettings {
            timeout,
            tick: Duration::from_millis(100),
            probe_every: Duration::from_millis(200),
        }
    }
}

/// The processes running an argv before a swap: what is *not* the new pod.
#[derive(Debug, Clone)]
pub struct Baseline {
    before: HashSet<(u32, u64)>,
    swapped_at: SystemTime,
}

impl Baseline {
    /// Take it just before the swap.
    pub fn take(table: &ProcTable, argv: &[String]) -> Baseline {
        let before = table
            .matching(argv)
            .unwrap_or_default()
            .iter()
            .map(Process::identity)
            .collect();
        Baseline {
            before,
            swapped_at: SystemTime::now(),
        }
    }

    /// New: not seen before the swap, and (when the boot time is readable) started no earlier
    /// than a second before it (`btime` has whole seconds).
    fn is_new(&self, table: &ProcTable, process: &Process) -> bool {
        if self.before.contains(&process.identity()) {
            return false;
        }
        match table.started_at(process) {
            Some(started) => started + Duration::from_secs(1) >= self.swapped_at,
            None => true,
        }
    }
}

/// Which process counts.
#[derive(Debug, Clone)]
pub enum Need {
    /// One started after the swap (`Baseline` taken before it).
    New(Baseline),
    /// Any process with the argv: after a put-back, the old pod may never have stopped.
    Any,
}

/// How a wait ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WaitOutcome {
    /// Whether a process came up (new, if that was needed) and passed every probe stage.
    pub healthy: bool,
    /// The process found last.
    pub pid: Option<u32>,
    /// How long the wait took, in milliseconds.
    pub elapsed_ms: u64,
    /// The probe checked (`GET https://127.0.0.1:6443/livez`), if any.
    pub probe: Option<String>,
    /// How many times a process seen up went away.
    pub restarts: u32,
    /// Why it is not healthy, as a sentence fragment.
    pub reason: Option<String>,
}

/// The kubelet-not-running hint, used wherever no process appears.
pub const KUBELET_HINT: &str =
    "the kubelet did not start it — is the kubelet running and is staticPodPath this directory?";

struct Tracker {
    process: Option<Process>,
    stage: usize,
    streak: u32,
    last_probe: Option<(ProbeResult, String)>,
    failing_since: Option<Instant>,
    next_probe: Instant,
    seen: bool,
    restarts: u32,
}

/// Wait until a process with `target`'s argv (new, per `need`) is up and passes its probes in
/// order, `successThreshold` times in a row each; or until `settings.timeout`.
pub fn wait_healthy(
    table: &ProcTable,
    target: &WaitTarget,
    need: &Need,
    settings: WaitSettings,
    progress: &Progress,
) -> WaitOutcome {
    let name = target.component.name();
    let start = Instant::now();
    let deadline = start + settings.timeout;
    let mut t = Tracker {
        process: None,
        stage: 0,
        streak: 0,
        last_probe: None,
        failing_since: None,
        next_probe: start,
        seen: false,
        restarts: 0,
    };
    let waiting_text = match need {
        Need::New(_) => "waiting for a new process",
        Need::Any => "waiting for its process",
    };
    progress.update(name, waiting_text);
    loop {
        let now = Instant::now();
        if let Some(p) = &t.process {
            if !table.alive(p) {
                progress.update(name, &format!("pid {} exited", p.pid));
                t.process = None;
                t.restarts += 1;
                t.stage = 0;
                t.streak = 0;
            }
        }
        if t.process.is_none() {
            let found = table
                .matching(&target.argv)
                .unwrap_or_default()
                .into_iter()
                .filter(|p| match need {
                    Need::New(baseline) => baseline.is_new(table, p),
                    Need::Any => true,
                })
                .max_by_key(|p| p.start_ticks);
            if let Some(p) = found {
                progress.update(name, &format!("pid {} up", p.pid));
                t.seen = true;
                t.process = Some(p);
                t.next_probe = now;
            }
        }
        if let Some(p) = &t.process {
            let Some(stage) = target.stages.get(t.stage) else {
                return outcome(target, &t, start, true, None);
            };
            if now >= t.next_probe {
                let remaining = deadline.saturating_duration_since(now);
                let result = stage
                    .check
                    .run(stage.timeout.min(remaining).max(Duration::from_millis(50)));
                t.next_probe = Instant::now() + settings.probe_every;
                progress.update(
                    name,
                    &format!(
                        "pid {} up, probe {} → {}",
                        p.pid, stage.check, result.detail
                    ),
                );
                if result.success {
                    t.streak += 1;
                    t.failing_since = None;
                    if t.streak >= stage.success_threshold {
                        t.stage += 1;
                        t.streak = 0;
                        t.next_probe = Instant::now();
                        if t.stage == target.stages.len() {
                            return outcome(target, &t, start, true, None);
                        }
                    }
                } else {
                    t.streak = 0;
                    t.failing_since.get_or_insert(now);
                }
                t.last_probe = Some((result, stage.check.to_string()));
            }
        }
        let now = Instant::now();
        if now >= deadline {
            let reason = timeout_reason(&t, need, settings.timeout, now);
            return outcome(target, &t, start, false, Some(reason));
        }
        std::thread::sleep(settings.tick.min(deadline - now));
    }
}

fn timeout_reason(t: &Tracker, need: &Need, timeout: Duration, now: Instant) -> String {
    let within = format_duration(timeout);
    let restarts = match t.restarts {
        0 => String::new(),
        1 => "; the process restarted once".to_string(),
        k => format!("; the process restarted {k} times"),
    };
    if !t.seen {
        return match need {
            Need::New(_) => format!("no new process appeared within {within}: {KUBELET_HINT}"),
            Need::Any => {
                format!("no process with its command line ran within {within}: {KUBELET_HINT}")
            }
        };
    }
    match (&t.process, &t.last_probe) {
        (None, _) => {
            format!("its process exited and no new one stayed up within {within}{restarts}")
        }
        (Some(p), Some((result, check))) if !result.success => {
            let failing = t
                .failing_since
                .map(|since| now.duration_since(since))
                .unwrap_or_default();
            format!(
                "process {} is up but its probe {check} gave {} for {}{restarts}",
                p.pid,
                result.detail,
                format_duration(failing)
            )
        }
        (Some(p), _) => format!(
            "process {} is up but its probes did not pass the required number of times within \
             {within}{restarts}",
            p.pid
        ),
    }
}

fn outcome(
    target: &WaitTarget,
    t: &Tracker,
    start: Instant,
    healthy: bool,
    reason: Option<String>,
) -> WaitOutcome {
    WaitOutcome {
        healthy,
        pid: t.process.as_ref().map(|p| p.pid),
        elapsed_ms: u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
        probe: target.probe_text(),
        restarts: t.restarts,
        reason,
    }
}

/// Wait until none of `processes` runs any more; `Err` with how many still run at the deadline.
pub fn wait_gone(
    table: &ProcTable,
    component: &str,
    processes: &[Process],
    settings: WaitSettings,
    progress: &Progress,
) -> Result<Duration, Vec<u32>> {
    let start = Instant::now();
    let deadline = start + settings.timeout;
    loop {
        let left: Vec<u32> = processes
            .iter()
            .filter(|p| table.alive(p))
            .map(|p| p.pid)
            .collect();
        if left.is_empty() {
            return Ok(start.elapsed());
        }
        let pids: Vec<String> = left.iter().map(u32::to_string).collect();
        progress.update(
            component,
            &format!("waiting for pid {} to stop", pids.join(", ")),
        );
        let now = Instant::now();
        if now >= deadline {
            return Err(left);
        }
        std::thread::sleep(settings.tick.min(deadline - now));
    }
}

/// `7.2 s`, `5m0s`-style text for messages.
pub fn format_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        let whole = d.as_secs();
        format!("{}m{}s", whole / 60, whole % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::Component;
    use crate::node::probe::Check;
    use crate::node::target::Stage;
    use std::os::unix::process::CommandExt;

    fn sleeper(argv0: &str, marker: &str) -> std::process::Child {
        std::process::Command::new("sleep")
            .arg0(argv0)
            .arg("30")
            .arg(marker)
            .spawn()
            .unwrap()
    }

    fn target(argv: Vec<String>, stages: Vec<Stage>) -> WaitTarget {
        WaitTarget {
            component: Component::Etcd,
            argv,
            stages,
        }
    }

    // `sleep 30 <marker>` sleeps 30 s + <marker> seconds: the marker is a unique number.
    fn marker() -> String {
        format!(
            "0.{}{}",
            std::process::id(),
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        )
    }

    #[test]
    fn a_process_started_before_the_baseline_is_not_new() {
        let table = ProcTable::new(std::path::Path::new("/proc"));
        let m = marker();
        let mut old = sleeper("etcd-old", &m);
        let argv = vec!["etcd-old".to_string(), "30".to_string(), m.clone()];
        std::thread::sleep(Duration::from_millis(100));
        let baseline = Baseline::take(&table, &argv);
        let settings = WaitSettings::with_timeout(Duration::from_millis(400));
        let t = target(argv.clone(), vec![]);
        let outcome = wait_healthy(
            &table,
            &t,
            &Need::New(baseline.clone()),
            settings,
            &Progress::hidden(),
        );
        assert!(!outcome.healthy);
        assert!(outcome.reason.unwrap().contains(KUBELET_HINT));
        // The same argv started after the baseline is new; with no probe, up is healthy.
        let mut new = sleeper("etcd-old", &m);
        let outcome = wait_healthy(
            &table,
            &t,
            &Need::New(baseline),
            settings,
            &Progress::hidden(),
        );
        assert!(outcome.healthy, "{outcome:?}");
        assert_eq!(outcome.pid, Some(new.id()));
        // Gone: both exit when killed.
        let procs = table.matching(&argv).unwrap();
        assert_eq!(procs.len(), 2);
        old.kill().unwrap();
        new.kill().unwrap();
        old.wait().unwrap();
        new.wait().unwrap();
        assert!(wait_gone(&table, "etcd", &procs, settings, &Progress::hidden()).is_ok());
    }

    #[test]
    fn a_failing_probe_is_named_in_the_timeout() {
        let table = ProcTable::new(std::path::Path::new("/proc"));
        let m = marker();
        let mut child = sleeper("etcd-probe", &m);
        let argv = vec!["etcd-probe".to_string(), "30".to_string(), m];
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let stage = Stage {
            field: "livenessProbe",
            check: Check::Http {
                scheme: "http",
                host: "127.0.0.1".into(),
                port,
                path: "/health".into(),
            },
            success_threshold: 1,
            timeout: Duration::from_secs(1),
        };
        let t = target(argv, vec![stage]);
        let settings = WaitSettings::with_timeout(Duration::from_millis(600));
        let outcome = wait_healthy(&table, &t, &Need::Any, settings, &Progress::hidden());
        child.kill().unwrap();
        child.wait().unwrap();
        let reason = outcome.reason.unwrap();
        assert!(
            reason.starts_with(&format!(
                "process {} is up but its probe GET http://127.0.0.1:{port}/health gave connection refused for",
                child.id()
            )),
            "{reason}"
        );
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(format_duration(Duration::from_millis(7200)), "7.2 s");
        assert_eq!(format_duration(Duration::from_secs(300)), "5m0s");
    }
}
