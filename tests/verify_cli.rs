//! `staticpod verify` end to end, on a complete kubeadm node built under a temporary root.
//!
//! [`Node::healthy`] renders the four manifests of the bundled example config with the real
//! binary (`render --out`), then writes everything they reference the way kubeadm does: the
//! PKI (generated with rcgen, validity relative to the system clock that `verify` reads), the
//! kubeconfigs, the audit policy and the etcd data directory, with kubeadm's file modes. Each
//! test then breaks one thing and checks the finding ids, severities, components, files and
//! the exit code (0: no error-level finding, 1: some, 2: bad usage).
//!
//! Every run goes through [`Node::run`], which hashes the whole tree before and after and
//! fails when `verify` changed anything. Nothing here touches /etc/kubernetes: every run gets
//! `--root <tempdir>`.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use serde_json::Value;

const EXAMPLE: &str = "golden/example/kubeadm-config.yaml";
const DAY: i64 = 86_400;

const APISERVER: &str = "kube-apiserver";
const CONTROLLER_MANAGER: &str = "kube-controller-manager";
const SCHEDULER: &str = "kube-scheduler";
const ETCD: &str = "etcd";
const COMPONENTS: [&str; 4] = [APISERVER, CONTROLLER_MANAGER, SCHEDULER, ETCD];

// ---------------------------------------------------------------------------------------------
// Running the binary

use crate::support::staticpod;

/// One `verify` run.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr)
        })
    }

    fn findings(&self) -> Vec<Finding> {
        self.json()["findings"]
            .as_array()
            .unwrap_or_else(|| panic!("no findings array:\n{}", self.stdout))
            .iter()
            .map(Finding::from_json)
            .collect()
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\nstdout:\n{}stderr:\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// A finding as `-o json` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Finding {
    id: String,
    severity: String,
    component: Option<String>,
    file: Option<String>,
    message: String,
}

impl Finding {
    fn from_json(v: &Value) -> Finding {
        let text = |key: &str| -> Option<String> {
            assert!(v.get(key).is_some(), "finding without {key}: {v}");
            match &v[key] {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                other => panic!("{key} is not a string or null: {other} in {v}"),
            }
        };
        Finding {
            id: text("id").expect("id"),
            severity: text("severity").expect("severity"),
            component: text("component"),
            file: text("file"),
            message: text("message").expect("message"),
        }
    }

    fn is(&self, id: &str, component: &str) -> bool {
        self.id == id && self.component.as_deref() == Some(component)
    }
}

fn ids(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.id.as_str()).collect()
}

fn with_severity<'a>(findings: &'a [Finding], severity: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.severity == severity).collect()
}

fn with_id<'a>(findings: &'a [Finding], id: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.id == id).collect()
}

fn id_starts<'a>(findings: &'a [Finding], prefix: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.id.starts_with(prefix))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Certificates

/// Seconds since the epoch, now.
fn unix_now() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    i64::try_from(secs).expect("seconds fit i64")
}

/// notBefore / notAfter, in seconds relative to now.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Validity {
    pub(crate) from: i64,
    pub(crate) to: i64,
}

impl Validity {
    /// What kubeadm issues: valid since yesterday, for a year.
    const HEALTHY: Validity = Validity {
        from: -DAY,
        to: 365 * DAY,
    };
    const CA: Validity = Validity {
        from: -DAY,
        to: 3650 * DAY,
    };

    fn apply(self, params: &mut CertificateParams) {
        let epoch = rcgen::date_time_ymd(1970, 1, 1);
        let at = |offset: i64| {
            let secs = u64::try_from(unix_now() + offset).expect("after 1970");
            epoch + Duration::from_secs(secs)
        };
        params.not_before = at(self.from);
        params.not_after = at(self.to);
    }
}

fn ca_params(cn: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name.push(DnType::CommonName, cn);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
        KeyUsagePurpose::KeyCertSign,
    ];
    Validity::CA.apply(&mut params);
    params
}

/// A self-signed CA: its PEM and the issuer that signs leaves.
fn new_ca(cn: &str) -> (String, String, Issuer<'static, KeyPair>) {
    let key = KeyPair::generate().expect("CA key");
    let params = ca_params(cn);
    let cert = params.self_signed(&key).expect("self-sign").pem();
    let key_pem = key.serialize_pem();
    (cert, key_pem, Issuer::new(params, key))
}

/// A leaf signed by `issuer`: (certificate PEM, key PEM).
fn new_leaf(cn: &str, issuer: &Issuer<'_, KeyPair>, validity: Validity) -> (String, String) {
    let key = KeyPair::generate().expect("leaf key");
    (
        leaf_for_key(cn, &key, issuer, validity),
        key.serialize_pem(),
    )
}

fn leaf_for_key(
    cn: &str,
    key: &KeyPair,
    issuer: &Issuer<'_, KeyPair>,
    validity: Validity,
) -> String {
    let mut params =
        CertificateParams::new(vec![cn.to_string(), "localhost".to_string()]).expect("SANs");
    params.distinguished_name.push(DnType::CommonName, cn);
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::ServerAuth,
        ExtendedKeyUsagePurpose::ClientAuth,
    ];
    validity.apply(&mut params);
    params.signed_by(key, issuer).expect("sign").pem()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signer {
    Ca,
    EtcdCa,
    FrontProxyCa,
}

/// kubeadm's leaf certificates: path under pki (without extension) and issuing CA.
const LEAVES: [(&str, Signer); 7] = [
    ("apiserver", Signer::Ca),
    ("apiserver-kubelet-client", Signer::Ca),
    ("apiserver-etcd-client", Signer::EtcdCa),
    ("front-proxy-client", Signer::FrontProxyCa),
    ("etcd/server", Signer::EtcdCa),
    ("etcd/peer", Signer::EtcdCa),
    ("etcd/healthcheck-client", Signer::EtcdCa),
];

// ---------------------------------------------------------------------------------------------
// The node

/// kubeadm's kubeconfig files: file name and the client certificate's common name.
const KUBECONFIGS: [(&str, &str); 5] = [
    ("admin.conf", "kubernetes-admin"),
    ("super-admin.conf", "kubernetes-super-admin"),
    ("controller-manager.conf", "system:kube-controller-manager"),
    ("scheduler.conf", "system:kube-scheduler"),
    ("kubelet.conf", "system:node:cp-1"),
];

/// A kubeconfig as kubeadm writes it: the cluster CA and an embedded client certificate.
fn kubeconfig(ca_pem: &str, user: &str, cert_pem: &str, key_pem: &str) -> String {
    format!(
        "apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: {ca}
    server: https://k8s-api.example.internal:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: {user}
  name: {user}@kubernetes
current-context: {user}@kubernetes
preferences: {{}}
users:
- name: {user}
  user:
    client-certificate-data: {cert}
    client-key-data: {key}
",
        ca = base64(ca_pem.as_bytes()),
        cert = base64(cert_pem.as_bytes()),
        key = base64(key_pem.as_bytes()),
    )
}

/// Standard base64 with padding (kubeconfig `*-data` fields).
fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                let index = usize::try_from((n >> (18 - 6 * i)) & 63).expect("6 bits");
                out.push(char::from(ALPHABET[index]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

const AUDIT_POLICY: &str = "apiVersion: audit.k8s.io/v1
kind: Policy
rules:
- level: Metadata
";

/// A kubeadm control-plane node under a temporary root (also used by `verify_formats`).
pub(crate) struct Node {
    dir: tempfile::TempDir,
    /// The clock every `verify` run of this node reads (`--now`, RFC 3339): fixed when the node
    /// is built, so two runs report the same "days left" even across a second boundary.
    pub(crate) now: String,
    ca: Issuer<'static, KeyPair>,
    etcd_ca: Issuer<'static, KeyPair>,
    front_proxy_ca: Issuer<'static, KeyPair>,
}

impl Node {
    /// A node as `kubeadm init` with the example config leaves it.
    pub(crate) fn healthy() -> Node {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        // The CA-certificate directories kubeadm probes (as in golden/example/node).
        for d in ["etc/ca-certificates", "usr/share/ca-certificates"] {
            fs_err::create_dir_all(root.join(d)).expect("mkdir");
        }
        let root_str = root.to_str().expect("UTF-8 temp path");
        let out = root.join("etc/kubernetes/manifests");
        let render = staticpod(&[
            "-q",
            "--root",
            root_str,
            "render",
            "--config",
            EXAMPLE,
            "--no-proxy-env",
            "--out",
            out.to_str().expect("UTF-8"),
        ]);
        assert_eq!(
            render.status.code(),
            Some(0),
            "render failed: {}",
            String::from_utf8_lossy(&render.stderr)
        );

        let (ca_pem, ca_key, ca) = new_ca("kubernetes");
        let (etcd_pem, etcd_key, etcd_ca) = new_ca("etcd-ca");
        let (fp_pem, fp_key, front_proxy_ca) = new_ca("front-proxy-ca");
        let node = Node {
            dir,
            now: rfc3339_in(0),
            ca,
            etcd_ca,
            front_proxy_ca,
        };
        node.write_pki("ca.crt", &ca_pem);
        node.write_pki("ca.key", &ca_key);
        node.write_pki("etcd/ca.crt", &etcd_pem);
        node.write_pki("etcd/ca.key", &etcd_key);
        node.write_pki("front-proxy-ca.crt", &fp_pem);
        node.write_pki("front-proxy-ca.key", &fp_key);
        for (name, signer) in LEAVES {
            node.reissue(name, signer, Validity::HEALTHY);
        }
        let sa = KeyPair::generate().expect("sa key");
        node.write_pki("sa.key", &sa.serialize_pem());
        node.write_pki("sa.pub", &sa.public_key_pem());

        for (conf, user) in KUBECONFIGS {
            let (cert, key) = new_leaf(user, &node.ca, Validity::HEALTHY);
            let content = kubeconfig(&ca_pem, user, &cert, &key);
            node.write(&format!("/etc/kubernetes/{conf}"), &content, 0o600);
        }
        node.write("/etc/kubernetes/audit-policy.yaml", AUDIT_POLICY, 0o600);
        node.mkdir("/var/log/kubernetes", 0o755);
        node.mkdir("/var/lib/etcd", 0o700);
        node
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn root_str(&self) -> &str {
        self.root().to_str().expect("UTF-8 temp path")
    }

    /// A node path (`/etc/kubernetes/...`) under the root.
    pub(crate) fn path(&self, node_path: &str) -> PathBuf {
        self.root().join(node_path.trim_start_matches('/'))
    }

    pub(crate) fn manifest(&self, component: &str) -> PathBuf {
        self.path(&format!("/etc/kubernetes/manifests/{component}.yaml"))
    }

    fn pki(&self, name: &str) -> PathBuf {
        self.path(&format!("/etc/kubernetes/pki/{name}"))
    }

    fn write(&self, node_path: &str, content: &str, mode: u32) {
        let path = self.path(node_path);
        fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs_err::write(&path, content).expect("write");
        fs_err::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }

    fn mkdir(&self, node_path: &str, mode: u32) {
        let path = self.path(node_path);
        fs_err::create_dir_all(&path).expect("mkdir");
        fs_err::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }

    /// A pki file with kubeadm's mode: keys 0600, the rest 0644.
    fn write_pki(&self, name: &str, content: &str) {
        let mode = if name.ends_with(".key") { 0o600 } else { 0o644 };
        self.write(&format!("/etc/kubernetes/pki/{name}"), content, mode);
    }

    fn issuer(&self, signer: Signer) -> &Issuer<'static, KeyPair> {
        match signer {
            Signer::Ca => &self.ca,
            Signer::EtcdCa => &self.etcd_ca,
            Signer::FrontProxyCa => &self.front_proxy_ca,
        }
    }

    /// A new key and certificate for a kubeadm leaf (`apiserver`, `etcd/server`, …).
    pub(crate) fn reissue(&self, name: &str, signer: Signer, validity: Validity) {
        let (cert, key) = new_leaf(name, self.issuer(signer), validity);
        self.write_pki(&format!("{name}.crt"), &cert);
        self.write_pki(&format!("{name}.key"), &key);
    }

    /// `kube-apiserver.yaml` etc. as text.
    pub(crate) fn read_manifest(&self, component: &str) -> String {
        fs_err::read_to_string(self.manifest(component)).expect("read manifest")
    }

    pub(crate) fn write_manifest(&self, component: &str, content: &str) {
        fs_err::write(self.manifest(component), content).expect("write manifest");
    }

    /// Run `staticpod --root <root> --color never <args>`, asserting that it changed nothing
    /// under the root.
    fn run(&self, args: &[&str]) -> Run {
        let before = tree_state(self.root());
        let mut full = vec!["--root", self.root_str(), "--color", "never"];
        full.extend_from_slice(args);
        let o = staticpod(&full);
        let run = Run {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        };
        let after = tree_state(self.root());
        assert_tree_unchanged(&before, &after, &format!("staticpod {args:?}"));
        run
    }

    /// `verify <args>` (text output), at the node's clock unless `args` set `--now`.
    fn verify_text(&self, args: &[&str]) -> Run {
        let mut full = vec!["verify"];
        full.extend_from_slice(args);
        if !args.contains(&"--now") {
            full.extend_from_slice(&["--now", &self.now]);
        }
        self.run(&full)
    }

    /// `-o json verify <args>`: the exit code and the findings, after checking that the
    /// report's summary agrees with its findings and the exit code with the errors.
    fn verify(&self, args: &[&str]) -> (Option<i32>, Vec<Finding>) {
        let mut full = vec!["-o", "json", "verify"];
        full.extend_from_slice(args);
        if !args.contains(&"--now") {
            full.extend_from_slice(&["--now", &self.now]);
        }
        let run = self.run(&full);
        let json = run.json();
        let findings = run.findings();
        for (key, severity) in [
            ("errors", "error"),
            ("warnings", "warning"),
            ("info", "info"),
        ] {
            assert_eq!(
                json["summary"][key].as_u64(),
                Some(with_severity(&findings, severity).len() as u64),
                "summary.{key} disagrees with the findings: {run}"
            );
        }
        for f in &findings {
            assert!(
                ["error", "warning", "info"].contains(&f.severity.as_str()),
                "{f:?}"
            );
        }
        let expected_code = i32::from(!with_severity(&findings, "error").is_empty());
        assert_eq!(
            run.code,
            Some(expected_code),
            "exit code vs findings: {run}"
        );
        (run.code, findings)
    }

    /// `verify` on a node broken in exactly one way: exit 1 and exactly one error-level
    /// finding, `id`, returned for the test's own further assertions.
    fn sole_error(&self, id: &str) -> Finding {
        let (code, findings) = self.verify(&[]);
        assert_eq!(code, Some(1), "{findings:#?}");
        let errors = with_severity(&findings, "error");
        assert_eq!(ids_of(&errors), [id], "{findings:#?}");
        errors[0].clone()
    }
}

// ---------------------------------------------------------------------------------------------
// Tree snapshots (verify never writes)

/// Every entry under `root`: kind, mode, and for files the SHA-256 of the content.
fn tree_state(root: &Path) -> BTreeMap<PathBuf, String> {
    use sha2::Digest;
    let mut state = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.expect("walk");
        let meta = entry.path().symlink_metadata().expect("lstat");
        let mode = meta.permissions().mode();
        let what = if meta.is_file() {
            let bytes = fs_err::read(entry.path()).expect("read");
            let digest: String = sha2::Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("file {mode:o} {digest}")
        } else if meta.is_dir() {
            format!("dir {mode:o}")
        } else {
            format!("other {mode:o}")
        };
        let rel = entry
            .path()
            .strip_prefix(root)
            .expect("under root")
            .to_path_buf();
        state.insert(rel, what);
    }
    state
}

fn assert_tree_unchanged(
    before: &BTreeMap<PathBuf, String>,
    after: &BTreeMap<PathBuf, String>,
    what: &str,
) {
    if before == after {
        return;
    }
    let mut changes = Vec::new();
    for (path, state) in before {
        match after.get(path) {
            None => changes.push(format!("removed {}", path.display())),
            Some(now) if now != state => {
                changes.push(format!("changed {}: {state} -> {now}", path.display()))
            }
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        changes.push(format!("created {}", path.display()));
    }
    panic!("{what} wrote under the root:\n{}", changes.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// 1. A healthy node

/// The certificates the manifests' flags name, as pki-relative paths.
const REFERENCED_CERTS: [&str; 9] = [
    "ca.crt",
    "etcd/ca.crt",
    "front-proxy-ca.crt",
    "apiserver.crt",
    "apiserver-kubelet-client.crt",
    "apiserver-etcd-client.crt",
    "front-proxy-client.crt",
    "etcd/server.crt",
    "etcd/peer.crt",
];

/// The fixture itself: every absolute path a flag of the rendered manifests names (other than
/// what the components create) and every checked hostPath exists under the root.
#[test]
fn fixture_has_every_file_the_manifests_reference() {
    let node = Node::healthy();
    let outputs = ["--audit-log-path=", "--data-dir="];
    let mut checked = 0;
    for component in COMPONENTS {
        let text = node.read_manifest(component);
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for line in &lines {
            let Some(flag) = line.strip_prefix("- --") else {
                continue;
            };
            if outputs.iter().any(|o| line.contains(o)) {
                continue;
            }
            let Some((_, value)) = flag.split_once('=') else {
                continue;
            };
            for path in value.split(',').filter(|p| p.starts_with('/')) {
                assert!(node.path(path).exists(), "{component}: --{flag}: missing");
                checked += 1;
            }
        }
        for pair in lines.windows(2) {
            if let (Some(path), Some(kind)) = (
                pair[0].strip_prefix("path: /"),
                pair[1].strip_prefix("type: "),
            ) {
                let path = node.path(path);
                match kind {
                    "File" => assert!(path.is_file(), "{component}: {}", path.display()),
                    "Directory" => assert!(path.is_dir(), "{component}: {}", path.display()),
                    _ => {}
                }
            }
        }
    }
    // 14 kube-apiserver, 9 kube-controller-manager, 3 kube-scheduler and 6 etcd flags.
    assert_eq!(checked, 32, "file flags found");
    assert!(node.pki("etcd/healthcheck-client.crt").is_file());
}

/// A fresh node: exit 0, no error or warning, one CERT-EXPIRY line per certificate, and the
/// JSON report's shape.
#[test]
fn healthy_node_passes_with_expiry_info() {
    let node = Node::healthy();
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(0));
    assert!(
        with_severity(&findings, "error").is_empty(),
        "{findings:#?}"
    );
    assert!(
        with_severity(&findings, "warning").is_empty(),
        "{findings:#?}"
    );
    // Only certificate expiry lines: no validity, stray, skew, consistency or file finding.
    assert!(
        findings.iter().all(|f| f.id == "CERT-EXPIRY"),
        "{findings:#?}"
    );

    let expiry = with_id(&findings, "CERT-EXPIRY");
    for cert in REFERENCED_CERTS {
        let file = node.pki(cert).display().to_string();
        let lines: Vec<&&Finding> = expiry
            .iter()
            .filter(|f| f.file.as_deref() == Some(file.as_str()))
            .collect();
        assert_eq!(lines.len(), 1, "{cert}: {findings:#?}");
        let f = lines[0];
        assert_eq!(f.severity, "info");
        assert!(
            COMPONENTS.contains(&f.component.as_deref().unwrap_or("")),
            "{f:?}"
        );
        let leaf_days = ["364 days left", "365 days left"];
        let ca_days = ["3649 days left", "3650 days left"];
        let days = if cert.ends_with("ca.crt") {
            ca_days
        } else {
            leaf_days
        };
        assert!(
            days.iter().any(|d| f.message.contains(d)),
            "{cert}: {}",
            f.message
        );
    }
    for f in &findings {
        let file = f.file.as_deref().expect("CERT-EXPIRY names its file");
        assert!(Path::new(file).starts_with(node.root()), "{f:?}");
    }

    // The JSON document itself.
    let run = node.run(&["-o", "json", "verify"]);
    let json = run.json();
    assert!(json.is_object(), "{json}");
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["warnings"], 0);
    assert_eq!(
        json["summary"]["info"].as_u64(),
        Some(findings.len() as u64)
    );
    assert_eq!(
        json["manifestsDir"].as_str(),
        node.path("/etc/kubernetes/manifests").to_str()
    );
    for item in json["findings"].as_array().expect("findings array") {
        let object = item.as_object().expect("finding object");
        for key in ["id", "severity", "component", "file", "message"] {
            assert!(object.contains_key(key), "{key} missing in {item}");
        }
        assert!(
            item["id"].is_string() && item["message"].is_string(),
            "{item}"
        );
    }

    // The text report lists the same findings and ends with the summary.
    let text = node.verify_text(&[]);
    assert_eq!(text.code, Some(0), "{text}");
    let lines = text.stdout.lines().filter(|l| l.starts_with("  ")).count();
    assert_eq!(lines, findings.len(), "{text}");
    assert!(
        text.stdout.ends_with(&format!(
            "0 error(s), 0 warning(s), {} info\n",
            findings.len()
        )),
        "{text}"
    );
    assert!(!text.stdout.contains('\x1b'), "--color never: {text}");
}

// ---------------------------------------------------------------------------------------------
// 2. Certificate lifetimes

#[test]
fn expired_certificate_is_an_error() {
    let node = Node::healthy();
    node.reissue(
        "apiserver",
        Signer::Ca,
        Validity {
            from: -400 * DAY,
            to: -2 * DAY,
        },
    );
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(1));
    let errors = with_severity(&findings, "error");
    assert_eq!(ids_of(&errors), ["CERT-EXPIRED"], "{findings:#?}");
    let expired = errors[0];
    assert_eq!(expired.component.as_deref(), Some(APISERVER));
    assert_eq!(
        expired.file,
        Some(node.pki("apiserver.crt").display().to_string())
    );
    assert!(
        expired.message.contains("kubeadm certs renew apiserver"),
        "{}",
        expired.message
    );
    // Its CERT-EXPIRY line says so too, and no other certificate is affected.
    let line = findings
        .iter()
        .find(|f| f.id == "CERT-EXPIRY" && f.file == expired.file)
        .expect("CERT-EXPIRY for apiserver.crt");
    assert!(line.message.contains("expired"), "{}", line.message);
    assert!(
        with_severity(&findings, "warning").is_empty(),
        "{findings:#?}"
    );
}

#[test]
fn certificate_expiring_within_30_days_is_a_warning() {
    let node = Node::healthy();
    node.reissue(
        "apiserver",
        Signer::Ca,
        Validity {
            from: -DAY,
            to: 10 * DAY + 3600,
        },
    );
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(0), "a warning does not fail verify");
    assert!(
        with_severity(&findings, "error").is_empty(),
        "{findings:#?}"
    );
    let warnings = with_severity(&findings, "warning");
    assert_eq!(ids_of(&warnings), ["CERT-EXPIRING"], "{findings:#?}");
    assert!(warnings[0].is("CERT-EXPIRING", APISERVER));
    assert_eq!(
        warnings[0].file,
        Some(node.pki("apiserver.crt").display().to_string())
    );
    assert!(
        warnings[0].message.contains("10 days left"),
        "{}",
        warnings[0].message
    );
}

#[test]
fn certificate_not_yet_valid_is_an_error() {
    let node = Node::healthy();
    node.reissue(
        "etcd/server",
        Signer::EtcdCa,
        Validity {
            from: 2 * DAY,
            to: 365 * DAY,
        },
    );
    let error = node.sole_error("CERT-NOT-YET-VALID");
    assert!(error.is("CERT-NOT-YET-VALID", ETCD));
}

// ---------------------------------------------------------------------------------------------
// 3. Signatures and key pairs

#[test]
fn certificate_signed_by_another_ca_is_reported() {
    let node = Node::healthy();
    let (_, _, rogue) = new_ca("kubernetes");
    let (cert, key) = new_leaf("kube-apiserver", &rogue, Validity::HEALTHY);
    node.write_pki("apiserver.crt", &cert);
    node.write_pki("apiserver.key", &key);
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(1));
    let all_errors = with_severity(&findings, "error");
    // The key still matches its certificate: only the signature is wrong. Every kubeconfig's
    // CA therefore no longer verifies the serving certificate either.
    let (errors, kubeconfigs): (Vec<_>, Vec<_>) = all_errors
        .into_iter()
        .partition(|f| f.id != "KUBECONFIG-CA");
    assert_eq!(ids_of(&errors), ["CERT-WRONG-CA"], "{findings:#?}");
    assert!(errors[0].is("CERT-WRONG-CA", APISERVER));
    assert!(!kubeconfigs.is_empty(), "{findings:#?}");
    for f in &kubeconfigs {
        assert!(f.message.contains("unknown authority"), "{}", f.message);
    }
    assert_eq!(
        errors[0].file,
        Some(node.pki("apiserver.crt").display().to_string())
    );
    assert!(
        errors[0].message.contains("/etc/kubernetes/pki/ca.crt"),
        "{}",
        errors[0].message
    );
}

#[test]
fn etcd_certificate_signed_by_the_cluster_ca_is_reported() {
    let node = Node::healthy();
    // A classic mix-up: the etcd server certificate issued by the cluster CA.
    node.reissue("etcd/server", Signer::Ca, Validity::HEALTHY);
    let error = node.sole_error("CERT-WRONG-CA");
    assert!(error.is("CERT-WRONG-CA", ETCD));
    assert_eq!(
        error.file,
        Some(node.pki("etcd/server.crt").display().to_string())
    );
}

#[test]
fn private_key_of_another_pair_is_a_mismatch() {
    let node = Node::healthy();
    let other = KeyPair::generate().expect("key");
    node.write_pki("apiserver.key", &other.serialize_pem());
    let error = node.sole_error("CERT-KEY-MISMATCH");
    assert!(error.is("CERT-KEY-MISMATCH", APISERVER));
    assert_eq!(
        error.file,
        Some(node.pki("apiserver.key").display().to_string())
    );
}

#[test]
fn service_account_keys_that_do_not_match_are_a_mismatch() {
    let node = Node::healthy();
    let other = KeyPair::generate().expect("key");
    node.write_pki("sa.pub", &other.public_key_pem());
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(1));
    let errors = with_severity(&findings, "error");
    assert!(!errors.is_empty(), "{findings:#?}");
    for f in &errors {
        assert_eq!(f.id, "CERT-KEY-MISMATCH", "{findings:#?}");
        assert_eq!(f.file, Some(node.pki("sa.key").display().to_string()));
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Referenced files

#[test]
fn missing_kubeconfig_is_file_missing() {
    let node = Node::healthy();
    let conf = node.path("/etc/kubernetes/scheduler.conf");
    fs_err::remove_file(&conf).expect("rm");
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(1));
    let errors = with_severity(&findings, "error");
    assert!(!errors.is_empty(), "{findings:#?}");
    for f in &errors {
        assert!(f.is("FILE-MISSING", SCHEDULER), "{findings:#?}");
        // The path under the temp root, never the real /etc/kubernetes.
        assert_eq!(f.file, Some(conf.display().to_string()));
        assert!(
            f.message.contains("/etc/kubernetes/scheduler.conf"),
            "{}",
            f.message
        );
    }
    // One finding naming --kubeconfig, --authentication-kubeconfig and --authorization-kubeconfig.
    assert_eq!(errors.len(), 1, "{findings:#?}");
    for flag in [
        "--kubeconfig",
        "--authentication-kubeconfig",
        "--authorization-kubeconfig",
    ] {
        assert!(errors[0].message.contains(flag), "{}", errors[0].message);
    }
}

#[test]
fn missing_host_path_file_is_reported() {
    let node = Node::healthy();
    let policy = node.path("/etc/kubernetes/audit-policy.yaml");
    fs_err::remove_file(&policy).expect("rm");
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(1));
    let errors = with_severity(&findings, "error");
    // The flag's file is the volume of type File: reported once, as the hostPath.
    assert_eq!(ids_of(&errors), ["HOSTPATH-MISSING"], "{findings:#?}");
    for f in &errors {
        assert_eq!(f.component.as_deref(), Some(APISERVER));
        assert_eq!(f.file, Some(policy.display().to_string()));
    }

    // A directory where the File should be.
    fs_err::create_dir(&policy).expect("mkdir");
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(1));
    assert!(
        findings.iter().any(|f| f.is("HOSTPATH-TYPE", APISERVER)),
        "{findings:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Strays: files the kubelet would also run

#[test]
fn backup_copy_in_manifests_dir_is_a_stray_and_a_duplicate() {
    let node = Node::healthy();
    let bak = node.path("/etc/kubernetes/manifests/kube-apiserver.yaml.bak");
    fs_err::copy(node.manifest(APISERVER), &bak).expect("cp");
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(1));
    let errors = with_severity(&findings, "error");
    assert_eq!(
        ids_of(&errors),
        ["STRAY-DUPLICATE", "STRAY-FILE"],
        "{findings:#?}"
    );
    let stray = with_id(&findings, "STRAY-FILE")[0];
    assert_eq!(stray.file, Some(bak.display().to_string()));
    assert_eq!(stray.component, None);
    let duplicate = with_id(&findings, "STRAY-DUPLICATE")[0];
    assert!(
        duplicate.message.contains("kube-system/kube-apiserver"),
        "{}",
        duplicate.message
    );
    assert!(
        duplicate.message.contains("kube-apiserver.yaml.bak"),
        "{}",
        duplicate.message
    );
    // --skip strays turns both off.
    let (code, skipped) = node.verify(&["--skip", "strays"]);
    assert_eq!(code, Some(0), "{skipped:#?}");
    assert!(id_starts(&skipped, "STRAY-").is_empty(), "{skipped:#?}");
}

#[test]
fn sub_directory_is_a_warning_and_dot_files_are_ignored() {
    let node = Node::healthy();
    let (_, baseline) = node.verify(&[]);

    let old = node.path("/etc/kubernetes/manifests/old");
    fs_err::create_dir(&old).expect("mkdir");
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(0), "a warning does not fail verify");
    let warnings = with_severity(&findings, "warning");
    assert_eq!(ids_of(&warnings), ["STRAY-DIR"], "{findings:#?}");
    assert_eq!(warnings[0].file, Some(old.display().to_string()));
    assert!(
        with_severity(&findings, "error").is_empty(),
        "{findings:#?}"
    );
    fs_err::remove_dir(&old).expect("rmdir");

    // The kubelet skips dot-files, even a full copy of a manifest.
    fs_err::copy(
        node.manifest(APISERVER),
        node.path("/etc/kubernetes/manifests/.kube-apiserver.yaml.swp"),
    )
    .expect("cp");
    fs_err::create_dir(node.path("/etc/kubernetes/manifests/.git")).expect("mkdir");
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        sorted_ids(&findings),
        sorted_ids(&baseline),
        "{findings:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// 6. Manifests the kubelet cannot decode

#[test]
fn badly_indented_manifest_is_invalid_with_its_line() {
    let node = Node::healthy();
    let text = node.read_manifest(SCHEDULER);
    let broken = text.replacen(
        "  name: kube-scheduler\n",
        "  name: kube-scheduler\n   labels: misindented\n",
        1,
    );
    assert_ne!(broken, text);
    node.write_manifest(SCHEDULER, &broken);
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(1));
    let invalid = with_id(&findings, "MANIFEST-INVALID");
    assert_eq!(invalid.len(), 1, "{findings:#?}");
    assert!(invalid[0].is("MANIFEST-INVALID", SCHEDULER));
    assert_eq!(invalid[0].severity, "error");
    assert_eq!(
        invalid[0].file,
        Some(node.manifest(SCHEDULER).display().to_string())
    );
    assert!(
        invalid[0].message.contains("line"),
        "{}",
        invalid[0].message
    );

    // A tab used for indentation.
    node.write_manifest(
        SCHEDULER,
        &text.replacen("\n  containers:", "\n\tcontainers:", 1),
    );
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(1));
    let invalid = with_id(&findings, "MANIFEST-INVALID");
    assert_eq!(invalid.len(), 1, "{findings:#?}");
    assert!(
        invalid[0].message.contains("line"),
        "{}",
        invalid[0].message
    );
}

#[test]
fn truncated_manifest_is_invalid() {
    let node = Node::healthy();
    let text = node.read_manifest(SCHEDULER);
    // Cut inside a line: the rest of the pod is gone and a key is cut in half.
    let cut = text.find("      failureThreshold").expect("a probe") + 10;
    node.write_manifest(SCHEDULER, &text[..cut]);
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(1));
    let invalid = with_id(&findings, "MANIFEST-INVALID");
    assert_eq!(invalid.len(), 1, "{findings:#?}");
    assert!(invalid[0].is("MANIFEST-INVALID", SCHEDULER));
    // The message locates the problem: the field path of the half key's parent.
    assert!(
        invalid[0].message.contains("spec.containers[0]"),
        "{}",
        invalid[0].message
    );

    // Cut at a line end inside a flow mapping: a YAML syntax error, with its line.
    let cut = text.find("status: {}").expect("status") + "status: {".len();
    node.write_manifest(SCHEDULER, &text[..cut]);
    let (code, findings) = node.verify(&[]);
    assert_eq!(code, Some(1));
    let invalid = with_id(&findings, "MANIFEST-INVALID");
    assert_eq!(invalid.len(), 1, "{findings:#?}");
    assert!(
        invalid[0].message.contains("line"),
        "{}",
        invalid[0].message
    );
}

// ---------------------------------------------------------------------------------------------
// 7. Drift: manifests against what kubeadm writes for the config

#[test]
fn drift_is_reported_only_for_hand_edits() {
    let node = Node::healthy();
    let with_config = ["--config", EXAMPLE, "--no-proxy-env"];
    let (code, findings) = node.verify(&with_config);
    assert_eq!(code, Some(0), "{findings:#?}");
    assert!(id_starts(&findings, "DRIFT-").is_empty(), "{findings:#?}");

    let text = node.read_manifest(APISERVER);
    let edited = text.replacen(
        "    - kube-apiserver\n",
        "    - kube-apiserver\n    - --profiling=false\n",
        1,
    );
    assert_ne!(edited, text);
    node.write_manifest(APISERVER, &edited);
    let (code, findings) = node.verify(&with_config);
    assert_eq!(code, Some(0), "drift is a warning: {findings:#?}");
    let drift = id_starts(&findings, "DRIFT-");
    assert_eq!(drift.len(), 1, "{findings:#?}");
    assert!(drift[0].is("DRIFT-CHANGED", APISERVER), "{drift:?}");
    assert_eq!(drift[0].severity, "warning");
    assert_eq!(
        drift[0].file,
        Some(node.manifest(APISERVER).display().to_string())
    );
    assert!(
        drift[0].message.contains("profiling"),
        "{}",
        drift[0].message
    );

    // Without a config, or with --skip drift, there is nothing to compare with.
    for args in [
        &[][..],
        &["--config", EXAMPLE, "--no-proxy-env", "--skip", "drift"],
    ] {
        let (code, findings) = node.verify(args);
        assert_eq!(code, Some(0));
        assert!(
            id_starts(&findings, "DRIFT-").is_empty(),
            "{args:?}: {findings:#?}"
        );
    }
}

#[test]
fn comment_only_edit_is_cosmetic_drift() {
    let node = Node::healthy();
    // The same pod for the kubelet: only the text differs.
    let text = node.read_manifest(SCHEDULER);
    node.write_manifest(SCHEDULER, &format!("# edited by hand\n{text}"));
    let (code, findings) = node.verify(&["--config", EXAMPLE, "--no-proxy-env"]);
    assert_eq!(code, Some(0));
    let drift = id_starts(&findings, "DRIFT-");
    assert_eq!(drift.len(), 1, "{findings:#?}");
    assert!(drift[0].is("DRIFT-COSMETIC", SCHEDULER), "{drift:?}");
    assert_eq!(drift[0].severity, "info");
}

// ---------------------------------------------------------------------------------------------
// 8. --target-version (the node runs v1.33.9)

#[test]
fn target_version_judges_the_upgrade_path() {
    let node = Node::healthy();
    let (code, findings) = node.verify(&["--target-version", "v1.34.0"]);
    assert_eq!(code, Some(0), "{findings:#?}");
    let allowed = with_id(&findings, "UPGRADE-ALLOWED");
    assert_eq!(allowed.len(), 1, "{findings:#?}");
    assert_eq!(allowed[0].severity, "info");
    assert_eq!(allowed[0].component, None);
    assert!(
        with_id(&findings, "UPGRADE-PATH").is_empty(),
        "{findings:#?}"
    );

    // One minor at a time.
    let (code, findings) = node.verify(&["--target-version", "v1.35.0"]);
    assert_eq!(code, Some(1));
    let path = with_id(&findings, "UPGRADE-PATH");
    assert_eq!(path.len(), 1, "{findings:#?}");
    assert_eq!(path[0].severity, "error");
    assert!(
        path[0].message.contains("skips a minor"),
        "{}",
        path[0].message
    );
    assert!(
        with_id(&findings, "UPGRADE-ALLOWED").is_empty(),
        "{findings:#?}"
    );

    // No downgrade.
    let (code, findings) = node.verify(&["--target-version", "v1.32.0"]);
    assert_eq!(code, Some(1));
    assert_eq!(with_id(&findings, "UPGRADE-PATH").len(), 1, "{findings:#?}");

    // Without a target, no upgrade finding at all.
    let (_, findings) = node.verify(&[]);
    assert!(id_starts(&findings, "UPGRADE-").is_empty(), "{findings:#?}");
}

#[test]
fn malformed_target_version_is_bad_usage() {
    let node = Node::healthy();
    for bad in ["banana", "v1.34", "1.x.0", ""] {
        let run = node.verify_text(&["--target-version", bad]);
        assert_eq!(run.code, Some(2), "{bad:?}: {run}");
        assert!(run.stdout.is_empty(), "{bad:?}: {run}");
        assert!(run.stderr.contains("--target-version"), "{bad:?}: {run}");
    }
}

// ---------------------------------------------------------------------------------------------
// 9. --profile cis

#[test]
fn cis_profile_adds_cis_findings() {
    let node = Node::healthy();
    let (_, default) = node.verify(&[]);
    assert!(id_starts(&default, "CIS-").is_empty(), "{default:#?}");
    let (_, explicit) = node.verify(&["--profile", "default"]);
    assert!(id_starts(&explicit, "CIS-").is_empty(), "{explicit:#?}");

    let (code, cis) = node.verify(&["--profile", "cis"]);
    assert_eq!(
        code,
        Some(1),
        "kubeadm's defaults fail automated CIS checks"
    );
    // --profiling defaults to true in all three components.
    for (id, component) in [
        ("CIS-1.2.15", APISERVER),
        ("CIS-1.3.2", CONTROLLER_MANAGER),
        ("CIS-1.4.1", SCHEDULER),
    ] {
        let f = cis
            .iter()
            .find(|f| f.is(id, component))
            .unwrap_or_else(|| panic!("no {id} for {component}: {cis:#?}"));
        assert_eq!(f.severity, "error");
        assert!(f.message.contains("--profiling"), "{}", f.message);
    }
    // The fixture's modes are kubeadm's: no file-permission finding; only 1.1.12, because
    // kubeadm's etcd data directory is root's (kube-bench fails it too).
    let files: Vec<&str> = id_starts(&cis, "CIS-1.1.")
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(files, ["CIS-1.1.12"], "{cis:#?}");
    // The non-CIS findings are the default profile's.
    let rest: Vec<Finding> = cis
        .iter()
        .filter(|f| !f.id.starts_with("CIS-"))
        .cloned()
        .collect();
    assert_eq!(rest, default);

    // A world-readable manifest and key.
    let mode = |path: PathBuf, mode: u32| {
        fs_err::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod")
    };
    mode(node.manifest(APISERVER), 0o644);
    mode(node.pki("apiserver.key"), 0o644);
    let (_, cis) = node.verify(&["--profile", "cis"]);
    let manifest_mode = with_id(&cis, "CIS-1.1.1");
    assert_eq!(manifest_mode.len(), 1, "{cis:#?}");
    assert_eq!(
        manifest_mode[0].file,
        Some(node.manifest(APISERVER).display().to_string())
    );
    let key_mode = with_id(&cis, "CIS-1.1.21");
    assert!(
        key_mode
            .iter()
            .any(|f| f.file == Some(node.pki("apiserver.key").display().to_string())),
        "{cis:#?}"
    );

    // Fixing the flag removes the finding.
    let text = node.read_manifest(APISERVER);
    node.write_manifest(
        APISERVER,
        &text.replacen(
            "    - kube-apiserver\n",
            "    - kube-apiserver\n    - --profiling=false\n",
            1,
        ),
    );
    let (_, cis) = node.verify(&["--profile", "cis"]);
    assert!(
        !cis.iter().any(|f| f.is("CIS-1.2.15", APISERVER)),
        "{cis:#?}"
    );
    assert!(cis.iter().any(|f| f.is("CIS-1.3.2", CONTROLLER_MANAGER)));
}

// ---------------------------------------------------------------------------------------------
// 10. Bad usage, --skip and --component

#[test]
fn missing_manifests_dir_is_bad_usage() {
    let node = Node::healthy();
    let missing = node.path("/srv/no-such-manifests");
    let run = node.verify_text(&["--manifests-dir", missing.to_str().expect("UTF-8")]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stdout.is_empty(), "{run}");
    assert!(
        run.stderr.contains(missing.to_str().expect("UTF-8")),
        "{run}"
    );

    // A root without a manifests directory, in JSON mode too.
    let empty = tempfile::tempdir().expect("tempdir");
    let o = staticpod(&[
        "--root",
        empty.path().to_str().expect("UTF-8"),
        "-o",
        "json",
        "verify",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(
            empty
                .path()
                .join("etc/kubernetes/manifests")
                .to_str()
                .expect("UTF-8")
        ),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // A file where the directory should be.
    let file = node.path("/etc/kubernetes/audit-policy.yaml");
    let run = node.verify_text(&["--manifests-dir", file.to_str().expect("UTF-8")]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains(file.to_str().expect("UTF-8")), "{run}");
}

#[test]
fn unknown_options_are_bad_usage() {
    let node = Node::healthy();
    for args in [
        &["--skip", "everything"][..],
        &["--profile", "nsa"],
        &["--component", "kube-proxy"],
    ] {
        let run = node.verify_text(args);
        assert_eq!(run.code, Some(2), "{args:?}: {run}");
        assert!(!run.stderr.is_empty(), "{args:?}: {run}");
    }
}

#[test]
fn skip_files_removes_every_file_and_certificate_finding() {
    let node = Node::healthy();
    // Break files of every kind, and add a stray that --skip files must not hide.
    node.reissue(
        "apiserver",
        Signer::Ca,
        Validity {
            from: -400 * DAY,
            to: -DAY,
        },
    );
    node.write_pki("apiserver-kubelet-client.key", "not a key\n");
    fs_err::remove_file(node.pki("etcd/peer.crt")).expect("rm");
    fs_err::remove_file(node.path("/etc/kubernetes/scheduler.conf")).expect("rm");
    fs_err::remove_file(node.path("/etc/kubernetes/audit-policy.yaml")).expect("rm");
    fs_err::create_dir(node.path("/etc/kubernetes/manifests/old")).expect("mkdir");

    let (code, all) = node.verify(&[]);
    assert_eq!(code, Some(1));
    let file_ids = |f: &&Finding| {
        ["CERT-", "FILE-", "HOSTPATH-", "KUBECONFIG-"]
            .iter()
            .any(|p| f.id.starts_with(p))
    };
    let present: Vec<&str> = all.iter().filter(file_ids).map(|f| f.id.as_str()).collect();
    for id in [
        "CERT-EXPIRED",
        "CERT-PARSE",
        "CERT-MISSING",
        "CERT-EXPIRY",
        "FILE-MISSING",
        "HOSTPATH-MISSING",
    ] {
        assert!(present.contains(&id), "{id} missing: {all:#?}");
    }

    let (code, skipped) = node.verify(&["--skip", "files"]);
    assert_eq!(
        code,
        Some(0),
        "only the STRAY-DIR warning is left: {skipped:#?}"
    );
    assert!(!skipped.iter().any(|f| file_ids(&f)), "{skipped:#?}");
    let rest: Vec<Finding> = all.iter().filter(|f| !file_ids(f)).cloned().collect();
    assert_eq!(skipped, rest);
    assert_eq!(ids(&skipped), ["STRAY-DIR"]);
}

#[test]
fn component_filter_keeps_node_findings_and_sets_the_exit_code() {
    let node = Node::healthy();
    node.reissue(
        "apiserver",
        Signer::Ca,
        Validity {
            from: -400 * DAY,
            to: -DAY,
        },
    );
    let (code, findings) = node.verify(&["--component", SCHEDULER]);
    assert_eq!(code, Some(0), "kube-apiserver's error is filtered out");
    assert!(
        findings
            .iter()
            .all(|f| f.component.as_deref().is_none_or(|c| c == SCHEDULER)),
        "{findings:#?}"
    );
    let (code, findings) = node.verify(&["--component", APISERVER]);
    assert_eq!(code, Some(1));
    assert!(findings.iter().any(|f| f.is("CERT-EXPIRED", APISERVER)));
}

// ---------------------------------------------------------------------------------------------
// 11. Read-only

/// verify reads, never writes. Every run above already compares the tree before and after
/// ([`Node::run`]); this one does it explicitly over every mode, on a broken node.
#[test]
fn verify_never_writes_under_the_root() {
    let node = Node::healthy();
    node.reissue(
        "apiserver",
        Signer::Ca,
        Validity {
            from: -400 * DAY,
            to: -DAY,
        },
    );
    fs_err::copy(
        node.manifest(APISERVER),
        node.path("/etc/kubernetes/manifests/kube-apiserver.yaml.bak"),
    )
    .expect("cp");
    let text = node.read_manifest(SCHEDULER);
    node.write_manifest(SCHEDULER, &text[..text.len() / 2]);
    let before = tree_state(node.root());
    assert!(before.len() > 40, "{}", before.len());
    let runs: [&[&str]; 7] = [
        &["verify"],
        &["-o", "json", "verify"],
        &["verify", "--profile", "cis"],
        &["verify", "--config", EXAMPLE, "--no-proxy-env"],
        &["verify", "--config", EXAMPLE, "--target-version", "v1.34.0"],
        &["-v", "verify", "--skip", "files", "--skip", "strays"],
        &["verify", "--manifests-dir", "/nonexistent"],
    ];
    for args in runs {
        let mut full = vec!["--root", node.root_str()];
        full.extend_from_slice(args);
        let o = staticpod(&full);
        assert!(
            matches!(o.status.code(), Some(0..=2)),
            "{args:?}: {:?}",
            o.status
        );
        assert_tree_unchanged(&before, &tree_state(node.root()), &format!("{args:?}"));
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers over findings

fn ids_of<'a>(findings: &[&'a Finding]) -> Vec<&'a str> {
    findings.iter().map(|f| f.id.as_str()).collect()
}

fn sorted_ids(findings: &[Finding]) -> Vec<String> {
    let mut ids: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {:?} {:?}", f.id, f.component, f.file))
        .collect();
    ids.sort();
    ids
}

// ---------------------------------------------------------------------------------------------
// --now: expiry judged at another time

/// RFC 3339 for now + `days`.
fn rfc3339_in(days: i64) -> String {
    (time::OffsetDateTime::now_utc() + time::Duration::days(days))
        .format(&time::format_description::well_known::Rfc3339)
        .expect("format")
}

#[test]
fn now_moves_the_expiry_clock() {
    let node = Node::healthy();
    // Leaf certificates are valid for 365 days from yesterday.
    let soon = rfc3339_in(350);
    let (code, findings) = node.verify(&["--now", &soon]);
    assert_eq!(code, Some(0), "{findings:#?}");
    assert!(
        findings.iter().any(|f| f.id == "CERT-EXPIRING"),
        "{findings:#?}"
    );
    let later = rfc3339_in(400);
    let (code, findings) = node.verify(&["--now", &later]);
    assert_eq!(code, Some(1));
    assert!(
        findings.iter().any(|f| f.is("CERT-EXPIRED", APISERVER)),
        "{findings:#?}"
    );
    for bad in ["2027-01-15", "tomorrow", ""] {
        let run = node.verify_text(&["--now", bad]);
        assert_eq!(run.code, Some(2), "{bad:?}: {run}");
        assert!(run.stderr.contains("--now"), "{bad:?}: {run}");
    }
}
