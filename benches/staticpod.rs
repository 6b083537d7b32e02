//! `cargo bench`: rendering all four manifests of the bundled example (in-process and as a
//! cold `staticpod render` process), and `staticpod diff` end-to-end on a four-manifest node
//! against `diff -u` over the same files (the floor). Prints min / median / mean.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use staticpod::config::{self, NodeOverrides};
use staticpod::render::{self, RenderRequest};

fn summary(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let total: Duration = samples.iter().sum();
    let mean = total / samples.len() as u32;
    let median = samples[samples.len() / 2];
    println!(
        "{name:<44} n={:<5} min={:>10.1?} median={:>10.1?} mean={:>10.1?}",
        samples.len(),
        samples[0],
        median,
        mean
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config_path = root.join("golden/example/kubeadm-config.yaml");
    let node = root.join("golden/example/node");
    let text = fs_err::read_to_string(&config_path).expect("example config");
    let request = RenderRequest {
        config: config_path.clone(),
        root: node.clone(),
        ..Default::default()
    };

    // In-process: parse + default + render + emit the four manifests.
    let mut samples = Vec::new();
    for _ in 0..2000 {
        let start = Instant::now();
        let loaded =
            config::load_str(&config_path, &text, &NodeOverrides::default()).expect("config");
        let rendered = render::render_loaded(&request, loaded).expect("render");
        assert_eq!(rendered.manifests.len(), 4);
        samples.push(start.elapsed());
    }
    summary("render 4 manifests, in-process", samples);

    // Cold process: the whole `staticpod render` command, output discarded.
    let binary = env!("CARGO_BIN_EXE_staticpod");
    let mut samples = Vec::new();
    for _ in 0..200 {
        let start = Instant::now();
        let status = Command::new(binary)
            .args(["-q", "--root"])
            .arg(&node)
            .args(["render", "--config"])
            .arg(&config_path)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run staticpod");
        assert!(status.success());
        samples.push(start.elapsed());
    }
    summary("staticpod render (cold process)", samples);

    // diff on a node whose manifests are the render with one flag edited.
    let scratch = tempfile::tempdir().expect("tempdir");
    let node_root = scratch.path().join("node");
    for dir in ["etc/ca-certificates", "usr/share/ca-certificates"] {
        fs_err::create_dir_all(node_root.join(dir)).expect("mkdir");
    }
    let manifests = node_root.join("etc/kubernetes/manifests");
    let rendered_dir = scratch.path().join("rendered");
    for out in [&manifests, &rendered_dir] {
        let status = Command::new(binary)
            .args(["-q", "--root"])
            .arg(&node_root)
            .args(["render", "--no-proxy-env", "--config"])
            .arg(&config_path)
            .arg("--out")
            .arg(out)
            .status()
            .expect("render");
        assert!(status.success());
    }
    let api = manifests.join("kube-apiserver.yaml");
    let text = fs_err::read_to_string(&api).expect("read");
    fs_err::write(
        &api,
        text.replace("--secure-port=6443", "--secure-port=6444"),
    )
    .expect("write");

    let time = |mut command: Command, expect: i32| {
        let mut samples = Vec::new();
        for _ in 0..200 {
            let start = Instant::now();
            let status = command
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .expect("run");
            assert_eq!(status.code(), Some(expect));
            samples.push(start.elapsed());
        }
        samples
    };
    let mut staticpod_diff = Command::new(binary);
    staticpod_diff
        .args(["-q", "--root"])
        .arg(&node_root)
        .args(["diff", "--no-proxy-env", "--config"])
        .arg(&config_path);
    let ours = time(staticpod_diff, 1);
    let mut plain_diff = Command::new("diff");
    plain_diff.arg("-u").arg(&manifests).arg(&rendered_dir);
    let floor = time(plain_diff, 1);
    let median = |s: &[Duration]| {
        let mut v = s.to_vec();
        v.sort();
        v[v.len() / 2]
    };
    let ratio = median(&ours).as_secs_f64() / median(&floor).as_secs_f64();
    summary("staticpod diff (4 manifests, cold process)", ours);
    summary("diff -u over the same 4 files (floor)", floor);
    println!("ratio staticpod diff / diff -u (medians): {ratio:.2}x");
}
