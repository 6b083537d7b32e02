//! `cargo bench`: rendering all four manifests of the bundled example (in-process and as a
//! cold `staticpod render` process), and `staticpod diff` end-to-end on a four-manifest node
//! against `diff -u` over the same files (the floor), `staticpod verify` with every check, and a
//! four-file `staticpod apply` with the
//! number of fsync/rename calls per file. Prints min / median / mean.

use std::path::{Path, PathBuf};
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

    // verify with every check (drift against the config, CIS) on the same node; it has no PKI
    // and an edited port, so it reports errors (exit 1).
    let mut verify = Command::new(binary);
    verify
        .args(["-q", "--root"])
        .arg(&node_root)
        .args(["verify", "--profile", "cis", "--no-proxy-env", "--config"])
        .arg(&config_path);
    summary(
        "staticpod verify --profile cis --config (cold process)",
        time(verify, 1),
    );

    // import: the four rendered manifests back into a config (inference + self-check
    // renders), and the node with the edited port (one more flag, a patch for the probes).
    let mut import_clean = Command::new(binary);
    import_clean
        .args(["-q", "--root"])
        .arg(&node_root)
        .arg("--manifests-dir")
        .arg(&rendered_dir)
        .arg("import");
    summary(
        "staticpod import (4 manifests, cold process)",
        time(import_clean, 0),
    );
    let mut import_edited = Command::new(binary);
    import_edited
        .args(["-q", "--root"])
        .arg(&node_root)
        .args(["import", "--patches-out"])
        .arg(scratch.path().join("patches"));
    summary(
        "staticpod import, one hand edit + patch (cold)",
        time(import_edited, 0),
    );

    apply_bench(binary, &node_root, &config_path, scratch.path());
}

/// Counts every protocol step.
#[derive(Default)]
struct Counter(std::sync::Mutex<std::collections::BTreeMap<&'static str, usize>>);

impl staticpod::fsx::Hooks for Counter {
    fn before(&self, step: staticpod::fsx::Step, _path: &Path) -> std::io::Result<()> {
        if let Ok(mut map) = self.0.lock() {
            *map.entry(step.label()).or_default() += 1;
        }
        Ok(())
    }
}

fn apply_bench(binary: &str, node_root: &Path, config_path: &Path, scratch: &Path) {
    // Two complete manifest sets (1.33 and 1.34 renders); each apply swaps all four files.
    let sets = [scratch.join("set-a"), scratch.join("set-b")];
    for (set, version) in sets.iter().zip(["v1.33.9", "v1.34.12"]) {
        let status = Command::new(binary)
            .args(["-q", "--root"])
            .arg(node_root)
            .args([
                "render",
                "--no-proxy-env",
                "--kubernetes-version",
                version,
                "--config",
            ])
            .arg(config_path)
            .arg("--out")
            .arg(set)
            .status()
            .expect("render");
        assert!(status.success());
    }
    let mut samples = Vec::new();
    for i in 0..100 {
        let start = Instant::now();
        let status = Command::new(binary)
            .args(["-q", "--root"])
            .arg(node_root)
            .arg("apply")
            .arg("--from")
            .arg(&sets[i % 2])
            .status()
            .expect("apply");
        assert!(status.success());
        samples.push(start.elapsed());
    }
    summary("staticpod apply (4 files replaced, cold)", samples);

    // Protocol steps of one four-file swap, counted in-process.
    let manifests = node_root.join("etc/kubernetes/manifests");
    let backups = scratch.join("count-backups");
    fs_err::create_dir_all(&backups).expect("mkdir");
    let names = [
        "kube-apiserver",
        "kube-controller-manager",
        "kube-scheduler",
        "etcd",
    ];
    let current: Vec<Vec<u8>> = names
        .iter()
        .map(|n| fs_err::read(manifests.join(format!("{n}.yaml"))).expect("read"))
        .collect();
    let next: Vec<Vec<u8>> = names
        .iter()
        .zip(&current)
        .map(|(n, cur)| {
            let a = fs_err::read(sets[0].join(format!("{n}.yaml"))).expect("read");
            if &a == cur {
                fs_err::read(sets[1].join(format!("{n}.yaml"))).expect("read")
            } else {
                a
            }
        })
        .collect();
    let paths: Vec<PathBuf> = names
        .iter()
        .map(|n| manifests.join(format!("{n}.yaml")))
        .collect();
    let targets: Vec<staticpod::fsx::SwapTarget<'_>> = names
        .iter()
        .zip(&paths)
        .zip(&next)
        .map(|((n, p), b)| staticpod::fsx::SwapTarget {
            component: n,
            path: p,
            new_bytes: b,
        })
        .collect();
    let counter = Counter::default();
    match staticpod::fsx::swap_set(&backups, &targets, serde_json::json!({}), &counter) {
        staticpod::fsx::SwapOutcome::Swapped { .. } => {}
        other => panic!("swap failed: {other:?}"),
    }
    let counts = counter.0.lock().map(|m| m.clone()).unwrap_or_default();
    let per_step: Vec<String> = counts.iter().map(|(k, v)| format!("{k}={v}")).collect();
    println!(
        "protocol steps for a 4-file swap (backup + replace): {}",
        per_step.join(" ")
    );
}
