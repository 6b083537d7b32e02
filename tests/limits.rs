//! Reads that cannot hurt a control-plane node (README "Limits"): every command runs in a child
//! with an address-space limit (`prlimit --as`) and a deadline after which it is killed, on
//! endless devices, FIFOs, a 2 GiB sparse stray and a 100 000-deep document. A hang, an
//! allocation failure (abort) or a crash fails the test; so does an unhelpful message. Nothing
//! here touches /etc/kubernetes.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The child's address space: the binary maps ~110 MiB of debug build, a run needs less than
/// 100 MiB on top; reading `/dev/zero` to the end would need many GiB.
const ADDRESS_SPACE: u64 = 384 * 1024 * 1024;
/// Longer than any honest run on a loaded CI machine; a blocked open never ends.
const DEADLINE: Duration = Duration::from_secs(60);
const EXAMPLE: &str = "golden/example/kubeadm-config.yaml";
const CLEAN: &str = "golden/verify/corpus/v1.25-ubuntu-a/etc/kubernetes/manifests";
const COMPONENTS: [&str; 4] = [
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "etcd",
];

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

impl Run {
    fn both(&self) -> String {
        format!(
            "exit {:?} after {:?}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.took, self.stdout, self.stderr
        )
    }
}

/// `prlimit --as=… staticpod <args>`, killed (and the test failed) after [`DEADLINE`].
fn bounded(args: &[&str]) -> Run {
    let mut child = Command::new("prlimit")
        .arg(format!("--as={ADDRESS_SPACE}"))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_staticpod"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("NO_PROXY")
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        .env_remove("no_proxy")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit (util-linux) runs staticpod");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("staticpod {args:?} hung: killed after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code(),
        stdout: out.join().expect("stdout thread"),
        stderr: err.join().expect("stderr thread"),
        took: start.elapsed(),
    };
    assert!(
        run.code.is_some(),
        "staticpod {args:?} died from a signal (out of memory?): {}",
        run.both()
    );
    run
}

/// A node root with the clean v1.25 manifests.
struct Node {
    root: tempfile::TempDir,
}

impl Node {
    fn new() -> Node {
        let root = tempfile::tempdir().expect("tempdir");
        let manifests = root.path().join("etc/kubernetes/manifests");
        fs_err::create_dir_all(&manifests).expect("mkdir");
        for c in COMPONENTS {
            let from = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(CLEAN)
                .join(format!("{c}.yaml"));
            fs_err::copy(from, manifests.join(format!("{c}.yaml"))).expect("copy");
        }
        Node { root }
    }

    fn root(&self) -> &str {
        self.root.path().to_str().expect("utf-8 temp path")
    }

    fn manifest(&self, name: &str) -> PathBuf {
        self.root.path().join("etc/kubernetes/manifests").join(name)
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["--root", self.root(), "--color", "never"];
        all.extend_from_slice(args);
        bounded(&all)
    }

    fn fifo(&self, name: &str) -> PathBuf {
        let path = self.manifest(name);
        let _ = fs_err::remove_file(&path);
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &path,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .expect("mkfifo");
        path
    }

    fn link_to_dev_zero(&self, name: &str) -> PathBuf {
        let path = self.manifest(name);
        let _ = fs_err::remove_file(&path);
        std::os::unix::fs::symlink("/dev/zero", &path).expect("symlink");
        path
    }
}

#[test]
fn config_dev_zero_is_refused_unread() {
    for command in ["render", "diff", "verify"] {
        let node = Node::new();
        let run = node.run(&[command, "--config", "/dev/zero"]);
        assert_eq!(run.code, Some(2), "{command}: {}", run.both());
        assert!(
            run.stderr
                .contains("/dev/zero: is a character device, not a regular file; not read"),
            "{command}: {}",
            run.both()
        );
    }
}

#[test]
fn a_manifest_linked_to_dev_zero_is_reported_not_read() {
    let node = Node::new();
    let link = node.link_to_dev_zero("kube-apiserver.yaml");
    let verify = node.run(&["verify", "--skip", "files"]);
    assert_eq!(verify.code, Some(1), "{}", verify.both());
    assert!(
        verify.stdout.contains("MANIFEST-UNREADABLE")
            && verify.stdout.contains("is a character device"),
        "{}",
        verify.both()
    );
    let hash = node.run(&["hash", link.to_str().expect("utf-8")]);
    assert_eq!(hash.code, Some(2), "{}", hash.both());
    assert!(hash.stderr.contains("character device"), "{}", hash.both());
    for args in [
        vec!["diff", "--config", EXAMPLE, "--no-proxy-env"],
        vec!["apply", "--config", EXAMPLE, "--no-proxy-env", "--dry-run"],
    ] {
        let run = node.run(&args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.both());
        assert!(run
            .stderr
            .contains("kube-apiserver.yaml: is a character device"));
    }
    let plan = node.run(&["plan", "--target-version", "v1.26.0"]);
    assert!(plan.code.is_some(), "{}", plan.both());
}

#[test]
fn a_checksum_list_naming_an_endless_device_fails_that_line_only() {
    let node = Node::new();
    let good = node.manifest("etcd.yaml");
    let sums = node.root.path().join("SUMS");
    let digest = staticpod::manifest::sha256_hex(&fs_err::read(&good).expect("read"));
    fs_err::write(
        &sums,
        format!(
            "{digest}  {}\n{}  /dev/zero\n",
            good.display(),
            "0".repeat(64)
        ),
    )
    .expect("write");
    let run = node.run(&["hash", "--check", sums.to_str().expect("utf-8")]);
    assert_eq!(run.code, Some(1), "{}", run.both());
    assert!(run.stdout.contains("/dev/zero: FAILED"), "{}", run.both());
    // The list itself may not be a device either.
    let run = node.run(&["hash", "--check", "/dev/zero"]);
    assert_eq!(run.code, Some(2), "{}", run.both());
    assert!(run.stderr.contains("character device"), "{}", run.both());
}

#[test]
fn a_sparse_2_gib_backup_stray_is_judged_without_being_read() {
    let node = Node::new();
    let stray = node.manifest("kube-apiserver.yaml.bak");
    let file = fs_err::File::create(&stray).expect("create");
    file.set_len(2 * 1024 * 1024 * 1024).expect("sparse 2 GiB");
    drop(file);
    let run = node.run(&["verify", "--skip", "files"]);
    assert_eq!(run.code, Some(1), "{}", run.both());
    assert!(
        run.stdout.contains("STRAY-FILE")
            && run.stdout.contains("kube-apiserver.yaml.bak")
            && run.stdout.contains("larger than 10 MiB"),
        "{}",
        run.both()
    );
    let diff = node.run(&["diff", "--config", EXAMPLE, "--no-proxy-env"]);
    assert!(matches!(diff.code, Some(0 | 1)), "{}", diff.both());
}

#[test]
fn fifos_named_like_a_component_or_a_stray_never_block() {
    let node = Node::new();
    node.fifo("kube-scheduler.yaml");
    node.fifo("etcd.yaml.orig");
    let verify = node.run(&["verify", "--skip", "files"]);
    assert_eq!(verify.code, Some(1), "{}", verify.both());
    assert!(
        verify.stdout.contains("MANIFEST-UNREADABLE") && verify.stdout.contains("is a FIFO"),
        "{}",
        verify.both()
    );
    assert!(
        verify
            .stdout
            .lines()
            .any(|l| l.contains("STRAY-FILE") && l.contains("is a FIFO")),
        "{}",
        verify.both()
    );
    for args in [
        vec!["diff", "--config", EXAMPLE, "--no-proxy-env"],
        vec!["apply", "--config", EXAMPLE, "--no-proxy-env"],
    ] {
        let run = node.run(&args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.both());
        assert!(
            run.stderr.contains("kube-scheduler.yaml: is a FIFO"),
            "{args:?}: {}",
            run.both()
        );
    }
    let plan = node.run(&["plan", "--target-version", "v1.26.0"]);
    assert!(plan.code.is_some(), "{}", plan.both());
    // Nothing was changed: the FIFO is still a FIFO.
    let meta = fs_err::symlink_metadata(node.manifest("kube-scheduler.yaml")).expect("stat");
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()));
}

#[test]
fn apply_from_a_fifo_is_refused_with_a_sentence() {
    let node = Node::new();
    let from = tempfile::tempdir().expect("tempdir");
    rustix::fs::mknodat(
        rustix::fs::CWD,
        from.path().join("etcd.yaml"),
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .expect("mkfifo");
    // A directory lists regular files only; a FIFO named on the command line is refused.
    let fifo = from.path().join("etcd.yaml");
    let run = node.run(&["apply", "--from", fifo.to_str().expect("utf-8")]);
    assert_eq!(run.code, Some(2), "{}", run.both());
    assert!(
        run.stderr.contains("etcd.yaml: is a FIFO"),
        "{}",
        run.both()
    );
}

#[test]
fn a_100k_deep_document_is_refused_in_moments() {
    let node = Node::new();
    let deep = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec: {}\n",
        "[".repeat(100_000)
    );
    fs_err::write(node.manifest("kube-apiserver.yaml"), &deep).expect("write");
    let verify = node.run(&["verify", "--skip", "files"]);
    assert_eq!(verify.code, Some(1), "{}", verify.both());
    assert!(
        verify.stdout.contains("MANIFEST-INVALID")
            && verify.stdout.contains("nested deeper than 100 levels"),
        "{}",
        verify.both()
    );
    assert!(verify.took < Duration::from_secs(20), "{}", verify.both());
    let config = node.root.path().join("deep.yaml");
    fs_err::write(
        &config,
        format!(
            "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nx: {}\n",
            "{a: ".repeat(100_000)
        ),
    )
    .expect("write");
    let render = node.run(&["render", "--config", config.to_str().expect("utf-8")]);
    assert_eq!(render.code, Some(2), "{}", render.both());
    assert!(
        render
            .stderr
            .contains("nested deeper than 100 levels at line 3"),
        "{}",
        render.both()
    );
    assert!(render.took < Duration::from_secs(20), "{}", render.both());
}

#[test]
fn a_10_mib_flat_list_is_refused_before_the_parser_spends_gigabytes() {
    let node = Node::new();
    let mut text = String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nx: [");
    while text.len() < 10 * 1024 * 1024 - 8 {
        text.push_str("1,");
    }
    text.push_str("1]\n");
    fs_err::write(node.manifest("kube-apiserver.yaml"), &text).expect("write");
    let verify = node.run(&["verify", "--skip", "files"]);
    assert_eq!(verify.code, Some(1), "{}", verify.both());
    assert!(
        verify.stdout.contains("MANIFEST-INVALID")
            && verify.stdout.contains("more than 200000 YAML nodes"),
        "{}",
        verify.both()
    );
}
