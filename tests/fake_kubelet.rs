//! A fake kubelet for the `--wait` / `restart` tests: it polls a manifests directory every
//! 50 ms and, for each manifest (non-dot regular file), runs a real child process (the
//! `fake_pod` example) whose argv is exactly the manifest container's `command` + `args`
//! (argv[0] set with `Command::arg0`), and serves the manifest's `httpGet` probe port on
//! 127.0.0.1 (HTTPS with a freshly generated self-signed certificate when the probe's scheme
//! is HTTPS). A changed (decoded content, not bytes) or removed file kills the old process (after the slow-shutdown delay)
//! and starts the new one. It keeps a `/proc`-like view (symlinks to `/proc/PID` of its own
//! children, and `stat`) for `--proc`, so parallel tests never see each other's processes.
//!
//! Knobs: `stopped` (never starts anything, and no `kubelet` process is visible) and
//! `slow_shutdown` here; per pod, annotations in the manifest itself, so a new version of a
//! manifest can behave differently from the old one:
//! - `fake-kubelet/healthy-after-ms: "N"`: the probe answers 500 for N ms, then 200;
//! - `fake-kubelet/probe: "500"`: the probe always answers 500;
//! - `fake-kubelet/crash: "true"`: the process exits after 300 ms and is restarted 300 ms later;
//! - `fake-kubelet/start: "never"`: this pod is never started.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The `fake_pod` example binary (`cargo test` builds examples next to the test binary).
pub fn fake_pod_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let debug = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    let examples = debug.join("examples");
    let path = examples.join("fake_pod");
    if path.is_file() {
        return path;
    }
    // Cargo keeps the hashed build even when the plain copy is gone.
    fs_err::read_dir(&examples)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("fake_pod-") && !n.contains('.'))
        })
        .unwrap_or_else(|| {
            panic!(
                "{} is missing: run the tests with `cargo test` (it builds the examples)",
                path.display()
            )
        })
}

/// Global knobs.
#[derive(Debug, Clone, Default)]
pub struct Knobs {
    /// The kubelet is stopped: nothing starts, no `kubelet` process.
    pub stopped: bool,
    /// How long a pod keeps running after its file changed or went away.
    pub slow_shutdown: Duration,
}

/// A free loopback port (bound and released; the OS does not hand it out again at once).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

struct Server {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn shut(mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// One running (or crash-looping) pod.
struct Pod {
    bytes: Vec<u8>,
    spec: PodSpec,
    child: Option<Child>,
    started: Instant,
    server: Option<Server>,
    /// When set, the pod is being stopped and is killed at this instant.
    kill_at: Option<Instant>,
    /// Crash loop: when the next start is due.
    restart_at: Option<Instant>,
}

#[derive(Debug, Clone)]
struct PodSpec {
    argv: Vec<String>,
    probe: Option<(bool, u16)>,
    healthy_after: Duration,
    always_500: bool,
    crash: bool,
    never: bool,
}

/// What the kubelet compares: the decoded pod (comments and formatting do not restart it).
fn decoded(bytes: &[u8]) -> Option<serde_json::Value> {
    serde_yaml::from_slice(bytes).ok()
}

fn spec_of(bytes: &[u8]) -> Option<PodSpec> {
    let value: serde_json::Value = serde_yaml::from_slice(bytes).ok()?;
    let container = &value["spec"]["containers"][0];
    let mut argv: Vec<String> = Vec::new();
    for key in ["command", "args"] {
        if let Some(list) = container[key].as_array() {
            argv.extend(list.iter().filter_map(|v| v.as_str().map(String::from)));
        }
    }
    let probe = ["startupProbe", "readinessProbe", "livenessProbe"]
        .iter()
        .find_map(|p| container[p]["httpGet"].as_object().cloned())
        .and_then(|http| {
            let https = http
                .get("scheme")
                .and_then(|s| s.as_str())
                .is_some_and(|s| s.eq_ignore_ascii_case("https"));
            let port = http.get("port")?.as_u64()?;
            Some((https, u16::try_from(port).ok()?))
        });
    let annotations = &value["metadata"]["annotations"];
    let annotation = |key: &str| annotations[key].as_str().map(String::from);
    Some(PodSpec {
        argv,
        probe,
        healthy_after: Duration::from_millis(
            annotation("fake-kubelet/healthy-after-ms")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0),
        ),
        always_500: annotation("fake-kubelet/probe").as_deref() == Some("500"),
        crash: annotation("fake-kubelet/crash").as_deref() == Some("true"),
        never: annotation("fake-kubelet/start").as_deref() == Some("never"),
    })
}

struct State {
    pods: BTreeMap<PathBuf, Pod>,
    /// Pods whose file changed or went away, being stopped.
    stopping: Vec<Pod>,
    kubelet: Option<Child>,
    /// Every pod process started: (argv[0], pid, when), in order.
    starts: Vec<(String, u32, Instant)>,
}

/// The fake kubelet; stops everything when dropped.
pub struct FakeKubelet {
    pub view: tempfile::TempDir,
    dir: PathBuf,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    state: Arc<Mutex<State>>,
}

impl FakeKubelet {
    pub fn start(manifests: &Path, knobs: Knobs) -> FakeKubelet {
        let view = tempfile::tempdir().expect("proc view dir");
        std::os::unix::fs::symlink("/proc/stat", view.path().join("stat")).expect("stat link");
        let state = Arc::new(Mutex::new(State {
            pods: BTreeMap::new(),
            stopping: Vec::new(),
            kubelet: None,
            starts: Vec::new(),
        }));
        if !knobs.stopped {
            let child = spawn(&["kubelet".to_string(), "--fake".to_string()], view.path());
            state.lock().unwrap().kubelet = Some(child);
        }
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (stop, state) = (stop.clone(), state.clone());
            let (dir, view_dir) = (manifests.to_path_buf(), view.path().to_path_buf());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    if !knobs.stopped {
                        sync(&dir, &view_dir, &knobs, &mut state.lock().unwrap());
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
            })
        };
        FakeKubelet {
            view,
            dir: manifests.to_path_buf(),
            stop,
            thread: Some(thread),
            state,
        }
    }

    /// The `--proc` directory to give staticpod.
    pub fn proc_dir(&self) -> &Path {
        self.view.path()
    }

    /// Pids of the running pods' processes, by manifest file name.
    pub fn pids(&self) -> BTreeMap<String, u32> {
        let state = self.state.lock().unwrap();
        state
            .pods
            .iter()
            .filter_map(|(path, pod)| {
                let name = path.file_name()?.to_string_lossy().into_owned();
                Some((name, pod.child.as_ref()?.id()))
            })
            .collect()
    }

    /// Every pod process started so far: (argv[0], pid, when), in order.
    pub fn starts(&self) -> Vec<(String, u32, Instant)> {
        self.state.lock().unwrap().starts.clone()
    }

    /// Wait (bounded) until every manifest's pod runs and its probe answers 200.
    pub fn wait_all_healthy(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let files = fs_err::read_dir(&self.dir)
                .map(|d| {
                    d.flatten()
                        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                        .count()
                })
                .unwrap_or(0);
            let ready = {
                let state = self.state.lock().unwrap();
                state.pods.len() == files
                    && state.pods.values().all(|pod| {
                        pod.child.is_some()
                            && pod.server.is_some()
                            && pod.started.elapsed() >= pod.spec.healthy_after
                    })
            };
            if ready {
                return;
            }
            assert!(Instant::now() < deadline, "fake pods did not come up");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for FakeKubelet {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let mut state = self.state.lock().unwrap();
        let pods: Vec<Pod> = std::mem::take(&mut state.pods).into_values().collect();
        for pod in pods.into_iter().chain(std::mem::take(&mut state.stopping)) {
            kill(pod, self.view.path());
        }
        if let Some(mut k) = state.kubelet.take() {
            let _ = k.kill();
            let _ = k.wait();
        }
    }
}

fn spawn(argv: &[String], view: &Path) -> Child {
    let child = Command::new(fake_pod_binary())
        .arg0(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn fake pod");
    let pid = child.id().to_string();
    let _ = std::os::unix::fs::symlink(format!("/proc/{pid}"), view.join(&pid));
    child
}

fn reap(mut child: Child, view: &Path) {
    let _ = fs_err::remove_file(view.join(child.id().to_string()));
    let _ = child.kill();
    let _ = child.wait();
}

fn kill(mut pod: Pod, view: &Path) {
    if let Some(server) = pod.server.take() {
        server.shut();
    }
    if let Some(child) = pod.child.take() {
        reap(child, view);
    }
}

fn sync(dir: &Path, view: &Path, knobs: &Knobs, state: &mut State) {
    let now = Instant::now();
    // Finish stopping pods whose shutdown delay is over.
    let (due, pending): (Vec<Pod>, Vec<Pod>) = std::mem::take(&mut state.stopping)
        .into_iter()
        .partition(|p| p.kill_at.is_some_and(|t| t <= now));
    state.stopping = pending;
    for pod in due {
        kill(pod, view);
    }
    // The directory as the kubelet reads it.
    let mut files: BTreeMap<PathBuf, Vec<u8>> = BTreeMap::new();
    if let Ok(entries) = fs_err::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            if let Ok(bytes) = fs_err::read(entry.path()) {
                files.insert(entry.path(), bytes);
            }
        }
    }
    let gone: Vec<PathBuf> = state
        .pods
        .iter()
        .filter(|(path, pod)| files.get(*path).map(|b| decoded(b)) != Some(decoded(&pod.bytes)))
        .map(|(path, _)| path.clone())
        .collect();
    for path in gone {
        if let Some(mut pod) = state.pods.remove(&path) {
            pod.kill_at = Some(now + knobs.slow_shutdown);
            state.stopping.push(pod);
        }
    }
    for (path, bytes) in files {
        if state.pods.contains_key(&path) {
            continue;
        }
        let Some(spec) = spec_of(&bytes) else {
            continue;
        };
        // A new pod starts once the old one of the same file is gone (its port is free).
        if state
            .stopping
            .iter()
            .any(|p| p.spec.argv.first() == spec.argv.first())
        {
            continue;
        }
        let mut pod = Pod {
            bytes,
            spec,
            child: None,
            started: now,
            server: None,
            kill_at: None,
            restart_at: Some(now),
        };
        run(&mut pod, view, now, &mut state.starts);
        state.pods.insert(path, pod);
    }
    // Crash loops: the process dies after 300 ms and comes back 300 ms later.
    let State { pods, starts, .. } = state;
    for pod in pods.values_mut() {
        if pod.spec.crash
            && pod.child.is_some()
            && pod.started.elapsed() > Duration::from_millis(300)
        {
            if let Some(child) = pod.child.take() {
                reap(child, view);
            }
            pod.restart_at = Some(now + Duration::from_millis(300));
        }
        run(pod, view, now, starts);
    }
}

/// Start the pod's process (and probe server) if it is due.
fn run(pod: &mut Pod, view: &Path, now: Instant, starts: &mut Vec<(String, u32, Instant)>) {
    if pod.spec.never || pod.child.is_some() || pod.spec.argv.is_empty() {
        return;
    }
    if pod.restart_at.is_none_or(|t| t > now) {
        return;
    }
    pod.restart_at = None;
    pod.started = now;
    let child = spawn(&pod.spec.argv, view);
    starts.push((pod.spec.argv[0].clone(), child.id(), now));
    pod.child = Some(child);
    if pod.server.is_none() && !pod.spec.crash {
        if let Some((https, port)) = pod.spec.probe {
            let healthy_at = if pod.spec.always_500 {
                None
            } else {
                Some(now + pod.spec.healthy_after)
            };
            pod.server = serve(port, https, healthy_at);
        }
    }
}

fn tls_config() -> Arc<rustls::ServerConfig> {
    static CONFIG: OnceLock<Arc<rustls::ServerConfig>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let key = rcgen::generate_simple_self_signed(vec!["localhost".to_string()])
                .expect("self-signed cert");
            let cert = key.cert.der().clone();
            let private =
                rustls::pki_types::PrivateKeyDer::Pkcs8(key.signing_key.serialize_der().into());
            let config = rustls::ServerConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(vec![cert], private)
            .expect("server cert");
            Arc::new(config)
        })
        .clone()
}

/// Serve any GET on 127.0.0.1:`port`: 200 from `healthy_at` on, 500 before (or always, when
/// `None`).
fn serve(port: u16, https: bool, healthy_at: Option<Instant>) -> Option<Server> {
    let deadline = Instant::now() + Duration::from_secs(2);
    let listener = loop {
        match TcpListener::bind(("127.0.0.1", port)) {
            Ok(l) => break l,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Err(_) => return None,
        }
    };
    listener.set_nonblocking(true).ok()?;
    let stop = Arc::new(AtomicBool::new(false));
    let thread = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let healthy = healthy_at.is_some_and(|t| Instant::now() >= t);
                        let _ = answer(stream, https, if healthy { 200 } else { 500 });
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        })
    };
    Some(Server {
        stop,
        thread: Some(thread),
    })
}

fn answer(stream: TcpStream, https: bool, status: u16) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    let reply = format!(
        "HTTP/1.1 {status} {}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
        if status == 200 {
            "OK"
        } else {
            "Internal Server Error"
        }
    );
    if https {
        let conn = rustls::ServerConnection::new(tls_config())
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let mut tls = rustls::StreamOwned::new(conn, stream);
        read_request(&mut tls)?;
        tls.write_all(reply.as_bytes())?;
        tls.conn.send_close_notify();
        tls.flush()
    } else {
        let mut stream = stream;
        read_request(&mut stream)?;
        stream.write_all(reply.as_bytes())
    }
}

fn read_request(stream: &mut impl Read) -> std::io::Result<()> {
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        request.extend_from_slice(&buf[..n]);
    }
    Ok(())
}
