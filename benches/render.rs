//! `cargo bench`: rendering all four manifests of the bundled example, in-process and as a
//! cold `staticpod render` process. Prints min / median / mean per iteration.

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
}
