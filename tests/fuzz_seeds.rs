//! Replays every committed fuzz seed and regression input (`fuzz/corpus/<target>/`) through
//! the fuzz targets' entry points.

use std::path::Path;
use std::time::SystemTime;

use staticpod::verify::Report;

use crate::verify_cli::{Node, Signer, Validity};

fn replay(target: &str, mut run: impl FnMut(&[u8])) {
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

const DAY: i64 = 86_400;

/// The two node roots the verify target runs against (`fuzz/fuzz_targets/verify.rs` builds its
/// own, with the same roles): a healthy kubeadm node, and one whose apiserver certificate
/// expired yesterday. Bit 7 of an input's first byte picks the broken one, as in the target.
struct VerifyRoots {
    healthy: Node,
    broken: Node,
}

impl VerifyRoots {
    fn new() -> VerifyRoots {
        let broken = Node::healthy();
        let expired = Validity {
            from: -400 * DAY,
            to: -DAY,
        };
        broken.reissue("apiserver", Signer::Ca, expired);
        VerifyRoots {
            healthy: Node::healthy(),
            broken,
        }
    }

    fn for_input(&self, data: &[u8]) -> &Node {
        match data.first() {
            Some(selector) if selector & 0x80 != 0 => &self.broken,
            _ => &self.healthy,
        }
    }
}

/// The Node's certificates are issued relative to the system clock, so is this check.
fn verify_on(node: &Node, data: &[u8]) -> Report {
    staticpod::fuzzing::verify_in(data, node.root(), SystemTime::now())
}

fn ids(report: &Report) -> Vec<&str> {
    report.findings.iter().map(|f| f.id.as_str()).collect()
}

#[test]
fn verify_seeds() {
    let roots = VerifyRoots::new();
    let (mut read_component_certs, mut expired) = (0, 0);
    replay("verify", |data| {
        let report = verify_on(roots.for_input(data), data);
        // A certificate a manifest names, found through its mounts, read and parsed.
        if report
            .findings
            .iter()
            .any(|f| f.id == "CERT-EXPIRY" && f.component.is_some())
        {
            read_component_certs += 1;
        }
        if ids(&report).contains(&"CERT-EXPIRED") {
            expired += 1;
        }
    });
    // The committed seeds hold real kubeadm manifests: most name certificates that exist, and
    // those with bit 7 set meet the broken root's expired apiserver certificate.
    assert!(
        read_component_certs >= 60,
        "only {read_component_certs} seeds read a component's certificate from the root"
    );
    assert!(
        expired >= 20,
        "only {expired} seeds met the expired certificate"
    );
}

/// A fuzz input made of the node's own four manifests (first byte 0x0f: all present, no
/// upgrade target).
fn node_input(node: &Node) -> Vec<u8> {
    let mut data = vec![0x0f];
    for (i, component) in [
        "kube-apiserver",
        "kube-controller-manager",
        "kube-scheduler",
        "etcd",
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            data.push(0);
        }
        data.extend_from_slice(node.read_manifest(component).as_bytes());
    }
    data
}

/// The fuzz path really reads the node root: the certificates' expiry is reported from the
/// files, an expired one is an error, and without a root the same input finds them missing.
#[test]
fn verify_fuzz_path_reads_certificates_and_kubeconfigs_from_the_root() {
    let roots = VerifyRoots::new();
    let data = node_input(&roots.healthy);

    let healthy = verify_on(&roots.healthy, &data);
    let expiry: Vec<_> = healthy
        .findings
        .iter()
        .filter(|f| f.id == "CERT-EXPIRY")
        .collect();
    assert!(
        expiry
            .iter()
            .any(|f| f.message.contains("pki/apiserver.crt")),
        "{healthy:#?}"
    );
    assert!(
        expiry
            .iter()
            .any(|f| f.message.contains("controller-manager.conf")),
        "kubeconfig client certificates: {healthy:#?}"
    );
    for absent in [
        "CERT-MISSING",
        "CERT-EXPIRED",
        "FILE-MISSING",
        "KUBECONFIG-PARSE",
    ] {
        assert!(!ids(&healthy).contains(&absent), "{absent}: {healthy:#?}");
    }

    let broken = verify_on(&roots.broken, &data);
    let expired: Vec<_> = broken
        .findings
        .iter()
        .filter(|f| f.id == "CERT-EXPIRED")
        .collect();
    assert_eq!(expired.len(), 1, "{broken:#?}");
    assert!(expired[0].message.contains("apiserver.crt"), "{broken:#?}");

    let nowhere = staticpod::fuzzing::verify_in(
        &data,
        Path::new("/nonexistent-staticpod-fuzz-root"),
        staticpod::fuzzing::verify_now(),
    );
    assert!(ids(&nowhere).contains(&"CERT-MISSING"), "{nowhere:#?}");
    assert!(!ids(&nowhere).contains(&"CERT-EXPIRY"), "{nowhere:#?}");
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
