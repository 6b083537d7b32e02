//! `cargo bench --bench wait` (after `cargo build --release --examples`, which builds the fake
//! pod process): how fast `apply --wait` notices a healthy pod, and how much CPU it uses while
//! waiting, against the test suite's fake kubelet on loopback.
//!
//! - detection latency: from the fake probe turning healthy (200 instead of 500) to the
//!   `staticpod apply --wait` process having exited; median over 15 runs;
//! - CPU while waiting (utime + stime of the staticpod process over its wall time), in three
//!   waits of 5 s: a probe failing over HTTPS (a TLS handshake per probe), no process
//!   appearing in the fake kubelet's small process table, and no process appearing in this
//!   machine's real `/proc`.

#[path = "../tests/fake_kubelet.rs"]
#[allow(dead_code)]
mod fake_kubelet;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fake_kubelet::{free_port, FakeKubelet, Knobs};

fn manifest(port: u16, marker: &str, arg: &str, annotations: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n{annotations}    x: \"y\"\n  name: kube-apiserver\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n    - kube-apiserver\n    - --marker={marker}\n    - {arg}\n    image: registry.k8s.io/kube-apiserver:v1\n    livenessProbe:\n      httpGet:\n        host: 127.0.0.1\n        path: /livez\n        port: {port}\n        scheme: HTTPS\n    name: kube-apiserver\n  hostNetwork: true\n"
    )
}

/// Run `apply --wait`; return (wall time, CPU seconds of the staticpod process, exit code).
fn apply(
    root: &Path,
    proc_dir: &Path,
    from: &Path,
    timeout: &str,
) -> (Instant, f64, Duration, i32) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_staticpod"))
        .arg("--root")
        .arg(root)
        .args(["-q", "apply", "--wait", "--timeout", timeout, "--proc"])
        .arg(proc_dir)
        .arg("--from")
        .arg(from)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run staticpod");
    let stat = format!("/proc/{}/stat", child.id());
    let mut ticks = 0u64;
    let code = loop {
        if let Ok(text) = fs_err::read_to_string(&stat) {
            let after = &text[text.rfind(')').unwrap_or(0) + 1..];
            let fields: Vec<&str> = after.split_whitespace().collect();
            // utime and stime: fields 14 and 15 (11th and 12th after the name).
            if fields.len() > 12 && fields[0] != "Z" {
                ticks =
                    fields[11].parse::<u64>().unwrap_or(0) + fields[12].parse::<u64>().unwrap_or(0);
            }
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code().unwrap_or(-1);
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let end = Instant::now();
    let cpu = ticks as f64 / 100.0;
    (end, cpu, end - start, code)
}

fn main() {
    let root = tempfile::tempdir().expect("root");
    let manifests = root.path().join("etc/kubernetes/manifests");
    fs_err::create_dir_all(&manifests).expect("manifests dir");
    let port = free_port();
    let marker = format!("bench-{}", std::process::id());
    let path = manifests.join("kube-apiserver.yaml");
    fs_err::write(&path, manifest(port, &marker, "--v=0", "")).expect("write");
    let kubelet = FakeKubelet::start(&manifests, Knobs::default());
    kubelet.wait_all_healthy(Duration::from_secs(10));
    let from = tempfile::tempdir().expect("from");
    let new = from.path().join("kube-apiserver.yaml");

    let mut latencies = Vec::new();
    for i in 1..=15 {
        let healthy_after = 1000;
        let text = manifest(
            port,
            &marker,
            &format!("--v={i}"),
            &format!("    fake-kubelet/healthy-after-ms: \"{healthy_after}\"\n"),
        );
        fs_err::write(&new, text).expect("write new");
        let (end, _, _, code) = apply(root.path(), kubelet.proc_dir(), from.path(), "10s");
        assert_eq!(code, 0, "apply --wait failed");
        let (_, _, started) = *kubelet.starts().last().expect("a start");
        let healthy_at = started + Duration::from_millis(healthy_after);
        latencies.push(end.saturating_duration_since(healthy_at));
    }
    latencies.sort();
    println!(
        "detection latency (probe healthy → staticpod exited) n=15 min={:?} median={:?} max={:?}",
        latencies[0], latencies[7], latencies[14]
    );

    // CPU while the HTTPS probe keeps failing for the whole 5 s.
    let text = manifest(port, &marker, "--v=99", "    fake-kubelet/probe: \"500\"\n");
    fs_err::write(&new, text).expect("write new");
    let (_, cpu, wall, code) = apply(root.path(), kubelet.proc_dir(), from.path(), "5s");
    println!(
        "CPU while probing a failing HTTPS endpoint: {:.2} s over {:.1} s = {:.2}% of one core (exit {code})",
        cpu,
        wall.as_secs_f64(),
        100.0 * cpu / wall.as_secs_f64()
    );
    drop(kubelet);

    // CPU while no process appears: the fake kubelet's view, then the real /proc.
    let stopped = FakeKubelet::start(
        &manifests,
        Knobs {
            stopped: true,
            ..Knobs::default()
        },
    );
    for (label, dir) in [
        ("fake kubelet view", stopped.proc_dir().to_path_buf()),
        ("real /proc", "/proc".into()),
    ] {
        let text = manifest(port, &marker, &format!("--v={}", label.len()), "");
        fs_err::write(&new, text).expect("write new");
        let (_, cpu, wall, code) = apply(root.path(), &dir, from.path(), "5s");
        let processes = fs_err::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
        println!(
            "CPU while no process appears ({label}, {processes} entries): {:.2} s over {:.1} s = {:.2}% of one core (exit {code})",
            cpu,
            wall.as_secs_f64(),
            100.0 * cpu / wall.as_secs_f64()
        );
    }
}
