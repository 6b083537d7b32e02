//! A kubeadm control-plane node root for the `verify` target: the PKI (rcgen), the
//! kubeconfigs with embedded client certificates, the audit policy and the host directories
//! kubeadm's manifests mount, laid out as `kubeadm init` leaves them, so that the fuzzed
//! manifests' flag paths resolve through their volume mounts to real files.
//!
//! Certificates are issued relative to [`staticpod::fuzzing::VERIFY_NOW_UNIX`] (the target's
//! clock), never the system clock: an input replays the same findings on any day. Built once
//! per fuzzing process; a failure here is a broken harness, so it panics.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};

const DAY: i64 = 86_400;

/// What the node's files look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Faults {
    /// As kubeadm writes them.
    None,
    /// Broken in several ways at once: the apiserver certificate expired, the front-proxy
    /// client certificate missing, the etcd peer key not matching its certificate, `sa.pub`
    /// not PEM, `scheduler.conf` truncated, `ca.key` readable by everyone and the etcd data
    /// directory absent.
    Several,
}

/// Build a node root under `root` (an empty directory).
pub fn build(root: &Path, faults: Faults) {
    let node = Writer { root };
    for dir in [
        "etc/ca-certificates",
        "etc/pki",
        "etc/ssl/certs",
        "usr/local/share/ca-certificates",
        "usr/share/ca-certificates",
        "usr/libexec/kubernetes/kubelet-plugins/volume/exec",
        "etc/kubernetes/manifests",
        "var/log/kubernetes",
    ] {
        node.mkdir(dir, 0o755);
    }
    if faults == Faults::None {
        node.mkdir("var/lib/etcd", 0o700);
    }
    node.write("etc/kubernetes/audit-policy.yaml", AUDIT_POLICY, 0o600);

    let (ca_pem, ca) = node.ca("ca", "kubernetes");
    let (_, etcd_ca) = node.ca("etcd/ca", "etcd-ca");
    let (_, front_proxy_ca) = node.ca("front-proxy-ca", "front-proxy-ca");
    let healthy = (-DAY, 365 * DAY);
    for (name, issuer) in [
        ("apiserver", &ca),
        ("apiserver-kubelet-client", &ca),
        ("apiserver-etcd-client", &etcd_ca),
        ("front-proxy-client", &front_proxy_ca),
        ("etcd/server", &etcd_ca),
        ("etcd/peer", &etcd_ca),
        ("etcd/healthcheck-client", &etcd_ca),
    ] {
        let (cert, key) = leaf(name, issuer, healthy);
        node.pki(&format!("{name}.crt"), &cert);
        node.pki(&format!("{name}.key"), &key);
    }
    let sa = KeyPair::generate().expect("sa key");
    node.pki("sa.key", &sa.serialize_pem());
    node.pki("sa.pub", &sa.public_key_pem());

    for (conf, user) in [
        ("admin.conf", "kubernetes-admin"),
        ("super-admin.conf", "kubernetes-super-admin"),
        ("controller-manager.conf", "system:kube-controller-manager"),
        ("scheduler.conf", "system:kube-scheduler"),
        ("kubelet.conf", "system:node:cp-1"),
    ] {
        let (cert, key) = leaf(user, &ca, healthy);
        let text = kubeconfig(&ca_pem, user, &cert, &key);
        node.write(&format!("etc/kubernetes/{conf}"), &text, 0o600);
    }

    if faults == Faults::Several {
        let (cert, key) = leaf("apiserver", &ca, (-400 * DAY, -DAY));
        node.pki("apiserver.crt", &cert);
        node.pki("apiserver.key", &key);
        fs_err::remove_file(root.join("etc/kubernetes/pki/front-proxy-client.crt"))
            .expect("remove");
        let other = KeyPair::generate().expect("key");
        node.pki("etcd/peer.key", &other.serialize_pem());
        node.pki("sa.pub", "not a public key\n");
        let conf = root.join("etc/kubernetes/scheduler.conf");
        let text = fs_err::read_to_string(&conf).expect("read");
        node.write(
            "etc/kubernetes/scheduler.conf",
            &text[..text.len() / 2],
            0o600,
        );
        node.chmod("etc/kubernetes/pki/ca.key", 0o644);
    }
}

struct Writer<'a> {
    root: &'a Path,
}

impl Writer<'_> {
    fn write(&self, rel: &str, content: &str, mode: u32) {
        let path = self.root.join(rel);
        fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs_err::write(&path, content).expect("write");
        self.chmod(rel, mode);
    }

    fn mkdir(&self, rel: &str, mode: u32) {
        fs_err::create_dir_all(self.root.join(rel)).expect("mkdir");
        self.chmod(rel, mode);
    }

    fn chmod(&self, rel: &str, mode: u32) {
        let permissions = std::fs::Permissions::from_mode(mode);
        fs_err::set_permissions(self.root.join(rel), permissions).expect("chmod");
    }

    /// A pki file with kubeadm's mode: keys 0600, the rest 0644.
    fn pki(&self, name: &str, content: &str) {
        let mode = if name.ends_with(".key") { 0o600 } else { 0o644 };
        self.write(&format!("etc/kubernetes/pki/{name}"), content, mode);
    }

    /// A self-signed CA written as `<name>.crt`/`<name>.key`: its PEM and its issuer.
    fn ca(&self, name: &str, cn: &str) -> (String, Issuer<'static, KeyPair>) {
        let key = KeyPair::generate().expect("CA key");
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CommonName, cn);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
            KeyUsagePurpose::KeyCertSign,
        ];
        validity(&mut params, (-DAY, 3650 * DAY));
        let pem = params.self_signed(&key).expect("self-sign").pem();
        self.pki(&format!("{name}.crt"), &pem);
        self.pki(&format!("{name}.key"), &key.serialize_pem());
        (pem, Issuer::new(params, key))
    }
}

/// notBefore/notAfter at these offsets (seconds) from the target's clock.
fn validity(params: &mut CertificateParams, (from, to): (i64, i64)) {
    let now = i64::try_from(staticpod::fuzzing::VERIFY_NOW_UNIX).expect("fits");
    let epoch = rcgen::date_time_ymd(1970, 1, 1);
    let at = |offset: i64| epoch + Duration::from_secs(u64::try_from(now + offset).expect("> 0"));
    params.not_before = at(from);
    params.not_after = at(to);
}

/// A leaf for `cn` (also its DNS SAN, with localhost): (certificate PEM, key PEM).
fn leaf(cn: &str, issuer: &Issuer<'_, KeyPair>, at: (i64, i64)) -> (String, String) {
    let key = KeyPair::generate().expect("leaf key");
    let san = cn.replace(':', "-").replace('/', ".");
    let mut params = CertificateParams::new(vec![san, "localhost".to_string()]).expect("SANs");
    params.distinguished_name.push(DnType::CommonName, cn);
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::ServerAuth,
        ExtendedKeyUsagePurpose::ClientAuth,
    ];
    validity(&mut params, at);
    let cert = params.signed_by(&key, issuer).expect("sign").pem();
    (cert, key.serialize_pem())
}

const AUDIT_POLICY: &str = "apiVersion: audit.k8s.io/v1
kind: Policy
rules:
- level: Metadata
";

/// A kubeconfig as kubeadm writes it: the cluster CA and an embedded client certificate.
fn kubeconfig(ca_pem: &str, user: &str, cert_pem: &str, key_pem: &str) -> String {
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
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
        ca = b64(ca_pem),
        cert = b64(cert_pem),
        key = b64(key_pem),
    )
}

#[cfg(test)]
mod tests {
    use super::{build, Faults};
    use std::path::Path;

    /// A committed seed (kubeadm v1.21's four manifests) with the first byte `selector`.
    fn seed(selector: u8) -> Vec<u8> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/verify/seed-v1.21-aws-a-15");
        let mut data = fs_err::read(path).expect("seed");
        data[0] = selector;
        data
    }

    fn ids(faults: Faults, selector: u8) -> Vec<String> {
        let root = tempfile::tempdir().expect("tempdir");
        build(root.path(), faults);
        let data = seed(selector);
        let report =
            staticpod::fuzzing::verify_in(&data, root.path(), staticpod::fuzzing::verify_now());
        report.findings.into_iter().map(|f| f.id).collect()
    }

    #[test]
    fn healthy_root_satisfies_the_manifests_file_checks() {
        let ids = ids(Faults::None, 0x0f);
        assert!(
            ids.iter().filter(|id| *id == "CERT-EXPIRY").count() > 10,
            "{ids:?}"
        );
        for absent in [
            "CERT-MISSING",
            "CERT-EXPIRED",
            "CERT-KEY-MISMATCH",
            "CERT-WRONG-CA",
            "FILE-MISSING",
            "KUBECONFIG-PARSE",
        ] {
            assert!(!ids.iter().any(|id| id == absent), "{absent}: {ids:?}");
        }
    }

    #[test]
    fn broken_root_is_found_broken() {
        let ids = ids(Faults::Several, 0x8f);
        for present in ["CERT-EXPIRED", "CERT-MISSING", "CERT-KEY-MISMATCH"] {
            assert!(ids.iter().any(|id| id == present), "{present}: {ids:?}");
        }
    }
}
