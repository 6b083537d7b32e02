//! Replays every committed fuzz seed and regression input (`fuzz/corpus/<target>/`) through
//! the fuzz targets' entry points.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut count = 0;
    for entry in fs_err::read_dir(&dir).expect("corpus dir") {
        let path = entry.expect("entry").path();
        let data = fs_err::read(&path).expect("read seed");
        run(&data);
        count += 1;
    }
    assert!(count > 10, "{target}: only {count} seeds");
}

#[test]
fn config_parse_seeds() {
    replay("config_parse", staticpod::fuzzing::config_parse);
}

#[test]
fn render_seeds() {
    replay("render", staticpod::fuzzing::render);
}

#[test]
fn manifest_diff_seeds() {
    replay("manifest_diff", staticpod::fuzzing::manifest_diff);
}

#[test]
fn verify_seeds() {
    replay("verify", staticpod::fuzzing::verify);
}

#[test]
fn yaml_decode_seeds() {
    replay("yaml_decode", staticpod::fuzzing::yaml_decode);
}

#[test]
fn kubeadm_patches_seeds() {
    replay("kubeadm_patches", staticpod::fuzzing::kubeadm_patches);
}

#[test]
fn import_seeds() {
    replay("import", staticpod::fuzzing::import);
}
