#![no_main]
//! `verify` against a generated kubeadm node root (built once per process), so the file,
//! certificate and kubeconfig checks read real files. Bit 7 of the first byte (which also
//! means "no upgrade target") picks the root whose files are broken in several ways.

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use staticpod_fuzz::node_root::{self, Faults};

struct Roots {
    healthy: tempfile::TempDir,
    broken: tempfile::TempDir,
}

fn roots() -> &'static Roots {
    static ROOTS: OnceLock<Roots> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let healthy = tempfile::tempdir().expect("tempdir");
        node_root::build(healthy.path(), Faults::None);
        let broken = tempfile::tempdir().expect("tempdir");
        node_root::build(broken.path(), Faults::Several);
        Roots { healthy, broken }
    })
}

fuzz_target!(|data: &[u8]| {
    let roots = roots();
    let root = match data.first() {
        Some(selector) if selector & 0x80 != 0 => roots.broken.path(),
        _ => roots.healthy.path(),
    };
    let _report = staticpod::fuzzing::verify_in(data, root, staticpod::fuzzing::verify_now());
});
