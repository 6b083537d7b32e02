//! Offline checks of the certificates and keys that control-plane static pods reference.
//!
//! [`check`] reads the certificate/key flags of `kube-apiserver`, `kube-controller-manager`,
//! `kube-scheduler` and `etcd`, resolves each node path under a root directory, and checks
//! every referenced file once (even if several flags or components reference it).
//!
//! # Flags read (last occurrence wins, empty values are ignored)
//!
//! | component | CA files | cert + key pairs (signed by) | keys |
//! | --- | --- | --- | --- |
//! | kube-apiserver | `client-ca-file`, `etcd-cafile`, `requestheader-client-ca-file` | `tls-cert-file`+`tls-private-key-file` (`client-ca-file`), `kubelet-client-certificate`+`kubelet-client-key` (`client-ca-file`), `etcd-certfile`+`etcd-keyfile` (`etcd-cafile`), `proxy-client-cert-file`+`proxy-client-key-file` (`requestheader-client-ca-file`) | `service-account-key-file` (public keys or certs; every occurrence counts, as the flag may be repeated during key rotation), `service-account-signing-key-file` (must match one of them) |
//! | kube-controller-manager | `root-ca-file`, `client-ca-file`, `requestheader-client-ca-file` | `cluster-signing-cert-file`+`cluster-signing-key-file` (a CA; empty values = external CA, skipped), `tls-cert-file`+`tls-private-key-file` | `service-account-private-key-file` (must match a kube-apiserver `service-account-key-file` key when kube-apiserver is checked too) |
//! | kube-scheduler | `client-ca-file`, `requestheader-client-ca-file` | `tls-cert-file`+`tls-private-key-file` | |
//! | etcd | `trusted-ca-file`, `peer-trusted-ca-file` | `cert-file`+`key-file` (`trusted-ca-file`), `peer-cert-file`+`peer-key-file` (`peer-trusted-ca-file`) | |
//!
//! Node paths are resolved under `root`: `/etc/kubernetes/pki/ca.crt` with root `/tmp/node`
//! is read from `/tmp/node/etc/kubernetes/pki/ca.crt`. [`Finding::file`] holds that resolved
//! path; messages name the node path as written in the flag.
//!
//! # Findings
//!
//! | id | severity | meaning |
//! | --- | --- | --- |
//! | `CERT-MISSING` | error | a referenced file does not exist |
//! | `CERT-UNREADABLE` | error | a referenced file exists but cannot be read (e.g. a directory, permissions) |
//! | `CERT-PARSE` | error | the file is not what the flag expects: PEM certificate, PEM private key, or PEM public key/certificate |
//! | `CERT-EXPIRED` | error | a certificate's notAfter is in the past |
//! | `CERT-NOT-YET-VALID` | error | a certificate's notBefore is in the future (clock skew or a mis-issued cert) |
//! | `CERT-EXPIRING` | warning | fewer than 30 days left |
//! | `CERT-EXPIRY` | info | `expires <date>, <N> days left`, one per certificate, like `kubeadm certs check-expiration` |
//! | `CERT-WRONG-CA` | error | the certificate's signature does not verify with any certificate in the CA file its flags name |
//! | `CERT-NOT-CA` | warning | a file used as a CA lacks basicConstraints `CA:TRUE` |
//! | `CERT-KEY-MISMATCH` | error | a private key's public half differs from the certificate's (or the service-account public keys') SubjectPublicKeyInfo |
//!
//! Private keys: RSA (PKCS#1 `RSA PRIVATE KEY`, PKCS#8 `PRIVATE KEY`) and ECDSA (SEC1
//! `EC PRIVATE KEY`, PKCS#8). An ECDSA key without its embedded public key, or a key of
//! another algorithm (e.g. Ed25519), is parsed but not compared (no finding).
//! Signatures are verified with x509-parser's `verify` feature (RSA PKCS#1 v1.5/PSS, ECDSA
//! P-256/P-384, Ed25519); an unsupported signature algorithm yields no `CERT-WRONG-CA`.

use super::finding::{Finding, Severity};
use super::flags::Flags;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};
use x509_parser::error::X509Error;
use x509_parser::pem::Pem;
use x509_parser::prelude::{parse_x509_certificate, X509Certificate};

/// Certificates with fewer days left than this get `CERT-EXPIRING`.
const EXPIRING_DAYS: i64 = 30;
const DAY: i64 = 86_400;

/// DER of OID 1.2.840.113549.1.1.1 (rsaEncryption), content bytes only.
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// DER of OID 1.2.840.10045.2.1 (id-ecPublicKey), content bytes only.
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];

/// Check every certificate/key a control-plane component's flags reference.
/// `components`: (component name, its container command: `["kube-apiserver", "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt", …]`).
/// Node paths are absolute and resolved under `root` (e.g. root=/tmp/node → /tmp/node/etc/kubernetes/pki/ca.crt).
/// `now` makes expiry deterministic in tests.
pub fn check(root: &Path, components: &[(String, Vec<String>)], now: SystemTime) -> Vec<Finding> {
    let mut ctx = Ctx {
        root,
        now: unix_secs(now),
        findings: Vec::new(),
        cert_cache: HashMap::new(),
        key_cache: HashMap::new(),
        pub_cache: HashMap::new(),
        failed: HashSet::new(),
        ca_checked: HashSet::new(),
        done: HashSet::new(),
    };
    // kube-apiserver's service-account public keys, for the controller-manager cross-check.
    let mut sa_public: Vec<(Ref, Vec<PubKey>)> = Vec::new();
    let mut cm_sa_keys: Vec<(Ref, PubKey)> = Vec::new();

    for (name, command) in components {
        let spec = spec_for(name).or_else(|| {
            command
                .first()
                .and_then(|c| Path::new(c).file_name())
                .and_then(|c| c.to_str())
                .and_then(spec_for)
        });
        let Some(spec) = spec else { continue };
        let flags = Flags::parse(command);
        let mk = |flag: &'static str| flags.get(flag).map(|v| Ref::new(root, name, flag, v));

        for &flag in spec.cas {
            if let Some(r) = mk(flag) {
                ctx.load_certs(&r, true);
            }
        }
        for pair in spec.pairs {
            let ca = pair.ca.and_then(mk);
            ctx.check_pair(mk(pair.cert), mk(pair.key), ca.as_ref(), pair.cert_is_ca);
        }
        if let Some((pub_flag, key_flag)) = spec.sa_pair {
            let mut publics = Vec::new();
            for value in flags.all(pub_flag).iter().filter(|v| !v.trim().is_empty()) {
                let r = Ref::new(root, name, pub_flag, value);
                if let Some(keys) = ctx.load_public_keys(&r) {
                    publics.push((r, keys));
                }
            }
            if let Some(kr) = mk(key_flag) {
                if let Some(Some(key)) = ctx.load_private_key(&kr) {
                    ctx.check_sa_key(&kr, &key, &publics);
                }
            }
            sa_public.extend(publics);
        }
        if let Some(kr) = spec.sa_private.and_then(&mk) {
            if let Some(Some(key)) = ctx.load_private_key(&kr) {
                cm_sa_keys.push((kr, key));
            }
        }
    }
    if !sa_public.is_empty() {
        for (kr, key) in &cm_sa_keys {
            ctx.check_sa_key(kr, key, &sa_public);
        }
    }
    ctx.findings
}

// ---------------------------------------------------------------------------------------------
// Component specs and flags

struct Pair {
    cert: &'static str,
    key: &'static str,
    /// Flag naming the CA that must have signed `cert`.
    ca: Option<&'static str>,
    /// The certificate is itself a CA (controller-manager cluster signing).
    cert_is_ca: bool,
}

struct Spec {
    cas: &'static [&'static str],
    pairs: &'static [Pair],
    /// (public keys flag, signing key flag) that must match.
    sa_pair: Option<(&'static str, &'static str)>,
    /// A private key that must match the apiserver's service-account public keys.
    sa_private: Option<&'static str>,
}

const fn pair(cert: &'static str, key: &'static str, ca: Option<&'static str>) -> Pair {
    Pair {
        cert,
        key,
        ca,
        cert_is_ca: false,
    }
}

static APISERVER: Spec = Spec {
    cas: &[
        "client-ca-file",
        "etcd-cafile",
        "requestheader-client-ca-file",
    ],
    pairs: &[
        pair(
            "tls-cert-file",
            "tls-private-key-file",
            Some("client-ca-file"),
        ),
        pair(
            "kubelet-client-certificate",
            "kubelet-client-key",
            Some("client-ca-file"),
        ),
        pair("etcd-certfile", "etcd-keyfile", Some("etcd-cafile")),
        pair(
            "proxy-client-cert-file",
            "proxy-client-key-file",
            Some("requestheader-client-ca-file"),
        ),
    ],
    sa_pair: Some((
        "service-account-key-file",
        "service-account-signing-key-file",
    )),
    sa_private: None,
};

static CONTROLLER_MANAGER: Spec = Spec {
    cas: &[
        "root-ca-file",
        "client-ca-file",
        "requestheader-client-ca-file",
    ],
    pairs: &[
        Pair {
            cert: "cluster-signing-cert-file",
            key: "cluster-signing-key-file",
            ca: None,
            cert_is_ca: true,
        },
        pair("tls-cert-file", "tls-private-key-file", None),
    ],
    sa_pair: None,
    sa_private: Some("service-account-private-key-file"),
};

static SCHEDULER: Spec = Spec {
    cas: &["client-ca-file", "requestheader-client-ca-file"],
    pairs: &[pair("tls-cert-file", "tls-private-key-file", None)],
    sa_pair: None,
    sa_private: None,
};

static ETCD: Spec = Spec {
    cas: &["trusted-ca-file", "peer-trusted-ca-file"],
    pairs: &[
        pair("cert-file", "key-file", Some("trusted-ca-file")),
        pair(
            "peer-cert-file",
            "peer-key-file",
            Some("peer-trusted-ca-file"),
        ),
    ],
    sa_pair: None,
    sa_private: None,
};

/// Every flag [`check`] reads for `component` (other checks skip these files).
pub fn checked_flags(component: &str) -> Vec<&'static str> {
    let Some(spec) = spec_for(component) else {
        return Vec::new();
    };
    let mut flags: Vec<&'static str> = spec.cas.to_vec();
    for pair in spec.pairs {
        flags.extend([pair.cert, pair.key]);
    }
    if let Some((public, private)) = spec.sa_pair {
        flags.extend([public, private]);
    }
    flags.extend(spec.sa_private);
    flags
}

fn spec_for(name: &str) -> Option<&'static Spec> {
    match name {
        "kube-apiserver" => Some(&APISERVER),
        "kube-controller-manager" => Some(&CONTROLLER_MANAGER),
        "kube-scheduler" => Some(&SCHEDULER),
        "etcd" => Some(&ETCD),
        _ => None,
    }
}

/// A file referenced by a flag.
#[derive(Clone, Debug)]
struct Ref {
    component: String,
    flag: &'static str,
    /// As written in the flag.
    node: PathBuf,
    /// Resolved under the root.
    disk: PathBuf,
}

impl Ref {
    fn new(root: &Path, component: &str, flag: &'static str, value: &str) -> Self {
        let node = PathBuf::from(value.trim());
        let rel = node.strip_prefix("/").unwrap_or(&node);
        Ref {
            component: component.to_string(),
            flag,
            disk: root.join(rel),
            node,
        }
    }

    /// "`--flag` /node/path"
    fn what(&self) -> String {
        format!("`--{}` {}", self.flag, self.node.display())
    }

    /// The kubeadm name of this file (`apiserver`, `etcd-server`, `front-proxy-ca`, `sa`…).
    fn kubeadm_name(&self) -> Option<&'static str> {
        let stem = self.node.file_stem()?.to_str()?;
        let in_etcd = self
            .node
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|d| d == "etcd");
        let name = match (in_etcd, stem) {
            (true, "ca") => "etcd-ca",
            (true, "server") => "etcd-server",
            (true, "peer") => "etcd-peer",
            (true, "healthcheck-client") => "etcd-healthcheck-client",
            (false, "ca") => "ca",
            (false, "apiserver") => "apiserver",
            (false, "apiserver-kubelet-client") => "apiserver-kubelet-client",
            (false, "apiserver-etcd-client") => "apiserver-etcd-client",
            (false, "front-proxy-ca") => "front-proxy-ca",
            (false, "front-proxy-client") => "front-proxy-client",
            (false, "sa") => "sa",
            _ => return None,
        };
        Some(name)
    }

    fn is_kubeadm_ca(&self) -> bool {
        matches!(
            self.kubeadm_name(),
            Some("ca" | "etcd-ca" | "front-proxy-ca")
        )
    }

    /// How to replace a broken or missing file.
    fn recreate_hint(&self) -> String {
        match self.kubeadm_name() {
            Some(n) if self.is_kubeadm_ca() => format!(
                "restore it from a backup (recreating with `kubeadm init phase certs {n}` invalidates every certificate it signed)"
            ),
            Some("sa") => "restore it from a backup or regenerate the pair with `kubeadm init phase certs sa` (invalidates existing service-account tokens)".to_string(),
            Some(n) => format!("recreate it with `kubeadm init phase certs {n}`"),
            None => format!("restore the file or fix `--{}`", self.flag),
        }
    }

    /// How to renew an expired / expiring certificate.
    fn renew_hint(&self, is_ca: bool) -> String {
        match self.kubeadm_name() {
            _ if is_ca || self.is_kubeadm_ca() => "CA certificates are not renewed by `kubeadm certs renew`; rotate the CA (see \"Manual rotation of CA certificates\")".to_string(),
            Some("sa") | None => "renew or re-issue the certificate".to_string(),
            Some(n) => format!("renew with `kubeadm certs renew {n}`"),
        }
    }

    fn reissue_hint(&self) -> String {
        match self.kubeadm_name() {
            Some(n) if !self.is_kubeadm_ca() && n != "sa" => {
                format!("`kubeadm certs renew {n}`")
            }
            _ => "re-issue it".to_string(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Checking context

struct Ctx<'a> {
    root: &'a Path,
    now: i64,
    findings: Vec<Finding>,
    /// Parsed certificates (DER, each known to parse) by resolved path; `None` = failed.
    cert_cache: HashMap<PathBuf, Option<Vec<Vec<u8>>>>,
    /// Public half of a private key; `Some(None)` = parsed but not comparable.
    key_cache: HashMap<PathBuf, Option<Option<PubKey>>>,
    pub_cache: HashMap<PathBuf, Option<Vec<PubKey>>>,
    /// Files already reported missing/unreadable.
    failed: HashSet<PathBuf>,
    /// CA files whose basicConstraints were checked.
    ca_checked: HashSet<PathBuf>,
    /// Relationship checks already done: (kind, a, b).
    done: HashSet<(&'static str, PathBuf, PathBuf)>,
}

impl Ctx<'_> {
    fn push(&mut self, id: &str, severity: Severity, r: &Ref, message: String) {
        self.findings.push(Finding {
            id: id.to_string(),
            severity,
            component: Some(r.component.clone()),
            file: Some(r.disk.clone()),
            message,
        });
    }

    /// Read a file; reports `CERT-MISSING` / `CERT-UNREADABLE` once per file.
    fn read(&mut self, r: &Ref) -> Option<Vec<u8>> {
        match fs_err::read(&r.disk) {
            Ok(data) => Some(data),
            Err(e) => {
                if self.failed.insert(r.disk.clone()) {
                    if e.kind() == std::io::ErrorKind::NotFound {
                        let msg = format!(
                            "{} does not exist (looked under {}); {}",
                            r.what(),
                            self.root.display(),
                            r.recreate_hint()
                        );
                        self.push("CERT-MISSING", Severity::Error, r, msg);
                    } else {
                        let msg = format!(
                            "{} cannot be read: {}; fix its type/permissions or {}",
                            r.what(),
                            e.kind(),
                            r.recreate_hint()
                        );
                        self.push("CERT-UNREADABLE", Severity::Error, r, msg);
                    }
                }
                None
            }
        }
    }

    fn parse_error(&mut self, r: &Ref, expected: &str, problem: &str) {
        let msg = format!(
            "{} is not a valid {expected}: {problem}; {}",
            r.what(),
            r.recreate_hint()
        );
        self.push("CERT-PARSE", Severity::Error, r, msg);
    }

    /// Load a certificate file (a single cert, a chain, or a CA bundle). First load reports
    /// parse errors and expiry; `as_ca` additionally checks basicConstraints (once per file).
    fn load_certs(&mut self, r: &Ref, as_ca: bool) -> Option<Vec<Vec<u8>>> {
        let loaded = match self.cert_cache.get(&r.disk) {
            Some(cached) => cached.clone(),
            None => {
                let loaded = self.read(r).and_then(|data| self.parse_certs(r, &data));
                if let Some(ders) = &loaded {
                    for der in ders {
                        if let Ok((_, cert)) = parse_x509_certificate(der) {
                            self.check_validity(r, &cert, as_ca || cert.is_ca(), ders.len() > 1);
                        }
                    }
                }
                self.cert_cache.insert(r.disk.clone(), loaded.clone());
                loaded
            }
        };
        let ders = loaded.as_ref().filter(|_| as_ca);
        if let Some(ders) = ders.filter(|_| self.ca_checked.insert(r.disk.clone())) {
            for der in ders {
                let Ok((_, cert)) = parse_x509_certificate(der) else {
                    continue;
                };
                if !cert.is_ca() {
                    let msg = format!(
                        "{} ({}) is used as a CA but lacks basicConstraints CA:TRUE; point `--{}` at the issuing CA certificate (kubeadm: {})",
                        r.what(),
                        cert.subject(),
                        r.flag,
                        default_ca_for(r.flag)
                    );
                    self.push("CERT-NOT-CA", Severity::Warning, r, msg);
                }
            }
        }
        loaded
    }

    fn parse_certs(&mut self, r: &Ref, data: &[u8]) -> Option<Vec<Vec<u8>>> {
        const EXPECTED: &str = "PEM certificate";
        let blocks = match pem_blocks(data) {
            Ok(b) => b,
            Err(e) => {
                self.parse_error(r, EXPECTED, &e);
                return None;
            }
        };
        let mut ders = Vec::new();
        for (i, block) in blocks
            .iter()
            .filter(|b| b.label == "CERTIFICATE")
            .enumerate()
        {
            if let Err(e) = parse_x509_certificate(&block.contents) {
                self.parse_error(
                    r,
                    EXPECTED,
                    &format!("certificate #{} is not valid X.509 ({e})", i + 1),
                );
                return None;
            }
            ders.push(block.contents.clone());
        }
        if ders.is_empty() {
            let found = describe_blocks(&blocks);
            self.parse_error(
                r,
                EXPECTED,
                &format!("no `BEGIN CERTIFICATE` block ({found})"),
            );
            return None;
        }
        Some(ders)
    }

    fn check_validity(&mut self, r: &Ref, cert: &X509Certificate<'_>, is_ca: bool, bundle: bool) {
        let who = if bundle || is_ca {
            format!("{} ({})", r.what(), cert.subject())
        } else {
            r.what()
        };
        let hints = Hints {
            renew: r.renew_hint(is_ca),
            reissue: r.reissue_hint(),
        };
        for (id, severity, msg) in validity(&who, cert, self.now, &hints) {
            self.push(id, severity, r, msg);
        }
    }

    /// Load a private key; `Some(None)` = parsed but its public key cannot be derived.
    fn load_private_key(&mut self, r: &Ref) -> Option<Option<PubKey>> {
        if let Some(cached) = self.key_cache.get(&r.disk) {
            return cached.clone();
        }
        let loaded = self
            .read(r)
            .and_then(|data| match private_key_from_pem(&data) {
                Ok(k) => Some(k),
                Err(e) => {
                    self.parse_error(r, "PEM private key", &e);
                    None
                }
            });
        self.key_cache.insert(r.disk.clone(), loaded.clone());
        loaded
    }

    /// Load public keys (`PUBLIC KEY`, `RSA PUBLIC KEY` or `CERTIFICATE` blocks).
    fn load_public_keys(&mut self, r: &Ref) -> Option<Vec<PubKey>> {
        if let Some(cached) = self.pub_cache.get(&r.disk) {
            return cached.clone();
        }
        let loaded = self
            .read(r)
            .and_then(|data| match public_keys_from_pem(&data) {
                Ok(k) => Some(k),
                Err(e) => {
                    self.parse_error(r, "PEM public key or certificate", &e);
                    None
                }
            });
        self.pub_cache.insert(r.disk.clone(), loaded.clone());
        loaded
    }

    fn check_pair(
        &mut self,
        cert: Option<Ref>,
        key: Option<Ref>,
        ca: Option<&Ref>,
        cert_is_ca: bool,
    ) {
        let certs = cert.as_ref().and_then(|r| self.load_certs(r, cert_is_ca));
        let pk = key.as_ref().and_then(|r| self.load_private_key(r));
        let leaf_der = certs.as_ref().and_then(|c| c.first());

        // Key ↔ certificate.
        let mismatch = match (&cert, &key, leaf_der, &pk) {
            (Some(cr), Some(kr), Some(der), Some(Some(pk)))
                if self.done.insert(("key", cr.disk.clone(), kr.disk.clone())) =>
            {
                parse_x509_certificate(der)
                    .ok()
                    .and_then(|(_, leaf)| spki_public_key(leaf.public_key().raw))
                    .is_some_and(|cert_key| cert_key != *pk)
                    .then_some((cr, kr))
            }
            _ => None,
        };
        if let Some((cr, kr)) = mismatch {
            let msg = format!(
                "{} does not match the public key of {}; restore the matching pair or write a new one with {}",
                kr.what(),
                cr.what(),
                cr.reissue_hint()
            );
            self.push("CERT-KEY-MISMATCH", Severity::Error, kr, msg);
        }

        // Certificate ↔ issuing CA.
        let (Some(cr), Some(ca), Some(certs)) = (&cert, ca, &certs) else {
            return;
        };
        let Some(cas) = self.load_certs(ca, true) else {
            return;
        };
        if !self.done.insert(("ca", cr.disk.clone(), ca.disk.clone())) {
            return;
        }
        if let Verdict::Wrong { issuer } = verify_chain(certs, &cas) {
            let ca_subjects = cas
                .iter()
                .filter_map(|d| parse_x509_certificate(d).ok())
                .map(|(_, c)| c.subject().to_string())
                .collect::<Vec<_>>()
                .join("; ");
            let msg = format!(
                "{} (issuer {issuer}) is not signed by {} ({ca_subjects}); re-issue it from that CA ({}) or point `--{}` at the CA that issued it",
                cr.what(),
                ca.what(),
                cr.reissue_hint(),
                ca.flag
            );
            self.push("CERT-WRONG-CA", Severity::Error, cr, msg);
        }
    }

    /// A service-account signing key must match one of the public keys.
    fn check_sa_key(&mut self, kr: &Ref, key: &PubKey, publics: &[(Ref, Vec<PubKey>)]) {
        if publics.is_empty() || publics.iter().any(|(_, keys)| keys.contains(key)) {
            return;
        }
        let first = publics
            .iter()
            .map(|(r, _)| r.disk.clone())
            .next()
            .unwrap_or_default();
        if !self.done.insert(("sa", kr.disk.clone(), first)) {
            return;
        }
        let names = publics
            .iter()
            .map(|(r, _)| r.what())
            .collect::<Vec<_>>()
            .join(", ");
        let msg = format!(
            "{} does not match any public key in kube-apiserver's {names}; service-account tokens it signs will be rejected — restore the matching pair or regenerate both with `kubeadm init phase certs sa` (invalidates existing tokens)",
            kr.what()
        );
        self.push("CERT-KEY-MISMATCH", Severity::Error, kr, msg);
    }
}

/// What to tell the operator for an expired / not-yet-valid certificate.
struct Hints {
    renew: String,
    reissue: String,
}

/// CERT-NOT-YET-VALID / CERT-EXPIRED / CERT-EXPIRING and the CERT-EXPIRY line for one
/// certificate described as `who`.
fn validity(
    who: &str,
    cert: &X509Certificate<'_>,
    now: i64,
    hints: &Hints,
) -> Vec<(&'static str, Severity, String)> {
    let not_before = cert.validity().not_before.timestamp();
    let not_after = cert.validity().not_after.timestamp();
    let left = not_after - now;
    let days = left.div_euclid(DAY);
    let mut out = Vec::new();
    if now < not_before {
        out.push((
            "CERT-NOT-YET-VALID",
            Severity::Error,
            format!(
                "{who} is not valid until {}; check the node clock, or {}",
                fmt_date(not_before),
                hints.reissue
            ),
        ));
    } else if left < 0 {
        out.push((
            "CERT-EXPIRED",
            Severity::Error,
            format!(
                "{who} expired {} ({} days ago); {}",
                fmt_date(not_after),
                (-left).div_euclid(DAY),
                hints.renew
            ),
        ));
    } else if days < EXPIRING_DAYS {
        out.push((
            "CERT-EXPIRING",
            Severity::Warning,
            format!(
                "{who} expires {}, {days} days left (under {EXPIRING_DAYS}); {}",
                fmt_date(not_after),
                hints.renew
            ),
        ));
    }
    let line = if left < 0 {
        format!("{who} expired {}", fmt_date(not_after))
    } else {
        format!("{who} expires {}, {days} days left", fmt_date(not_after))
    };
    out.push(("CERT-EXPIRY", Severity::Info, line));
    out
}

/// Is the first certificate in `cert_pem` issued by a certificate in `ca_pem` (directly or
/// through intermediates shipped with it)? `Some(Err(issuer))` when not; None when it cannot be
/// decided (no parseable certificate, an unsupported signature algorithm).
pub fn issued_by(cert_pem: &[u8], ca_pem: &[u8]) -> Option<Result<(), String>> {
    let ders = |pem: &[u8]| -> Vec<Vec<u8>> {
        pem_blocks(pem)
            .unwrap_or_default()
            .into_iter()
            .filter(|b| b.label == "CERTIFICATE")
            .map(|b| b.contents)
            .collect()
    };
    let (chain, cas) = (ders(cert_pem), ders(ca_pem));
    if chain.is_empty() || cas.is_empty() || parse_all(&chain).len() != chain.len() {
        return None;
    }
    match verify_chain(&chain, &cas) {
        Verdict::Ok => Some(Ok(())),
        Verdict::Unknown => None,
        Verdict::Wrong { issuer } => Some(Err(issuer)),
    }
}

/// Validity findings for a client certificate embedded in (or named by) a kubeconfig:
/// `who` describes it (`client certificate of /etc/kubernetes/scheduler.conf`), `renew_name`
/// is its `kubeadm certs renew` name when kubeadm manages it. Returns a CERT-PARSE finding
/// when `pem` holds no parseable certificate.
pub fn embedded_cert(
    component: Option<&str>,
    disk: &Path,
    who: &str,
    renew_name: Option<&str>,
    pem: &[u8],
    now: SystemTime,
) -> Vec<Finding> {
    let finding = |id: &str, severity, message: String| Finding {
        id: id.to_string(),
        severity,
        component: component.map(str::to_string),
        file: Some(disk.to_path_buf()),
        message,
    };
    let renew = match renew_name {
        Some(name) => format!("renew with `kubeadm certs renew {name}`"),
        None => "renew or re-issue the certificate".to_string(),
    };
    let der = pem_blocks(pem)
        .ok()
        .and_then(|blocks| blocks.into_iter().find(|b| b.label == "CERTIFICATE"))
        .map(|b| b.contents);
    let Some(der) = der else {
        return vec![finding(
            "CERT-PARSE",
            Severity::Error,
            format!("{who} is not a PEM certificate; {renew}"),
        )];
    };
    let Ok((_, cert)) = parse_x509_certificate(&der) else {
        return vec![finding(
            "CERT-PARSE",
            Severity::Error,
            format!("{who} does not parse as X.509; {renew}"),
        )];
    };
    let hints = Hints {
        reissue: renew.clone(),
        renew,
    };
    validity(who, &cert, unix_secs(now), &hints)
        .into_iter()
        .map(|(id, severity, message)| finding(id, severity, message))
        .collect()
}

fn default_ca_for(flag: &str) -> &'static str {
    match flag {
        "etcd-cafile" | "trusted-ca-file" | "peer-trusted-ca-file" => {
            "/etc/kubernetes/pki/etcd/ca.crt"
        }
        "requestheader-client-ca-file" => "/etc/kubernetes/pki/front-proxy-ca.crt",
        _ => "/etc/kubernetes/pki/ca.crt",
    }
}

enum Verdict {
    Ok,
    /// No supported algorithm to verify with: say nothing.
    Unknown,
    Wrong {
        issuer: String,
    },
}

/// Key family of a signature or public-key algorithm OID.
fn alg_family(oid: &str) -> Option<&'static str> {
    if oid.starts_with("1.2.840.113549.1.1.") {
        Some("rsa")
    } else if oid.starts_with("1.2.840.10045.") {
        Some("ec")
    } else if oid == "1.3.101.112" {
        Some("ed25519")
    } else {
        None
    }
}

fn parse_all(ders: &[Vec<u8>]) -> Vec<X509Certificate<'_>> {
    ders.iter()
        .filter_map(|d| parse_x509_certificate(d).ok().map(|(_, c)| c))
        .collect()
}

/// Does the first certificate chain (through any further certificates of its own file) to a
/// certificate of the CA file?
fn verify_chain(chain: &[Vec<u8>], cas: &[Vec<u8>]) -> Verdict {
    let chain = parse_all(chain);
    let cas = parse_all(cas);
    let Some(leaf) = chain.first() else {
        return Verdict::Unknown;
    };
    let mut unsupported = false;
    let mut current = leaf;
    let mut used = vec![false; chain.len()];
    for _ in 0..chain.len() {
        for ca in &cas {
            match current.verify_signature(Some(ca.public_key())) {
                Ok(()) => return Verdict::Ok,
                Err(X509Error::SignatureUnsupportedAlgorithm) => {
                    // A key of another type cannot have made the signature: that is a wrong
                    // CA, not an unsupported algorithm.
                    let sig = alg_family(&current.signature_algorithm.algorithm.to_id_string());
                    let key = alg_family(&ca.public_key().algorithm.algorithm.to_id_string());
                    if sig.is_none() || key.is_none() || sig == key {
                        unsupported = true;
                    }
                }
                Err(_) => {}
            }
        }
        // Walk up through an intermediate shipped in the certificate file.
        let next = chain.iter().enumerate().skip(1).find(|(i, c)| {
            !used.get(*i).copied().unwrap_or(true)
                && current.verify_signature(Some(c.public_key())).is_ok()
        });
        match next {
            Some((i, c)) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                current = c;
            }
            None => break,
        }
    }
    if unsupported {
        Verdict::Unknown
    } else {
        Verdict::Wrong {
            issuer: leaf.issuer().to_string(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// PEM / DER key handling

fn pem_blocks(data: &[u8]) -> Result<Vec<Pem>, String> {
    Pem::iter_from_buffer(data)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("invalid PEM ({e})"))
}

fn describe_blocks(blocks: &[Pem]) -> String {
    if blocks.is_empty() {
        "no PEM block found".to_string()
    } else {
        let labels: Vec<&str> = blocks.iter().map(|b| b.label.as_str()).collect();
        format!("found {}", labels.join(", "))
    }
}

/// A public key, normalised for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PubKey {
    /// Modulus and public exponent, without leading zero bytes.
    Rsa { n: Vec<u8>, e: Vec<u8> },
    /// The encoded EC point.
    Ec { point: Vec<u8> },
    /// Any other algorithm: the raw SubjectPublicKeyInfo.
    Other(Vec<u8>),
}

fn private_key_from_pem(data: &[u8]) -> Result<Option<PubKey>, String> {
    let blocks = pem_blocks(data)?;
    for b in &blocks {
        let parsed = match b.label.as_str() {
            "RSA PRIVATE KEY" => rsa_private_key(&b.contents).map(Some),
            "EC PRIVATE KEY" => sec1_private_key(&b.contents),
            "PRIVATE KEY" => pkcs8_private_key(&b.contents),
            "ENCRYPTED PRIVATE KEY" => {
                return Err(
                    "the key is encrypted, control-plane components need an unencrypted key"
                        .to_string(),
                );
            }
            _ => continue,
        };
        return parsed.ok_or_else(|| format!("malformed `{}` block", b.label));
    }
    Err(format!(
        "no `BEGIN RSA PRIVATE KEY`, `BEGIN EC PRIVATE KEY` or `BEGIN PRIVATE KEY` block ({})",
        describe_blocks(&blocks)
    ))
}

fn public_keys_from_pem(data: &[u8]) -> Result<Vec<PubKey>, String> {
    let blocks = pem_blocks(data)?;
    let mut keys = Vec::new();
    for b in &blocks {
        let key = match b.label.as_str() {
            "PUBLIC KEY" => spki_public_key(&b.contents),
            "RSA PUBLIC KEY" => rsa_public_key(&b.contents),
            "CERTIFICATE" => parse_x509_certificate(&b.contents)
                .ok()
                .and_then(|(_, c)| spki_public_key(c.public_key().raw)),
            _ => continue,
        };
        keys.push(key.ok_or_else(|| format!("malformed `{}` block", b.label))?);
    }
    if keys.is_empty() {
        return Err(format!(
            "no `BEGIN PUBLIC KEY`, `BEGIN RSA PUBLIC KEY` or `BEGIN CERTIFICATE` block ({})",
            describe_blocks(&blocks)
        ));
    }
    Ok(keys)
}

/// Minimal DER reader: enough for SPKI, PKCS#1, PKCS#8 and SEC1 structures.
struct Der<'a>(&'a [u8]);

impl<'a> Der<'a> {
    /// Next TLV (low tag numbers only): (tag, content).
    fn next(&mut self) -> Option<(u8, &'a [u8])> {
        let (&tag, rest) = self.0.split_first()?;
        if tag & 0x1f == 0x1f {
            return None;
        }
        let (&first, mut rest) = rest.split_first()?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 {
                return None;
            }
            let (bytes, after) = rest.split_at_checked(n)?;
            rest = after;
            bytes
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b))
        };
        let (content, after) = rest.split_at_checked(len)?;
        self.0 = after;
        Some((tag, content))
    }

    fn take(&mut self, tag: u8) -> Option<&'a [u8]> {
        match self.next()? {
            (t, c) if t == tag => Some(c),
            _ => None,
        }
    }

    /// The only element, which must be a `tag`.
    fn whole(data: &'a [u8], tag: u8) -> Option<Der<'a>> {
        let mut outer = Der(data);
        let inner = outer.take(tag)?;
        Some(Der(inner))
    }
}

const SEQ: u8 = 0x30;
const INT: u8 = 0x02;
const BITS: u8 = 0x03;
const OCTETS: u8 = 0x04;
const OID: u8 = 0x06;

fn strip_zeros(b: &[u8]) -> Vec<u8> {
    let start = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    b.get(start..).unwrap_or_default().to_vec()
}

/// BIT STRING content without its unused-bits byte.
fn bit_string(content: &[u8]) -> Option<&[u8]> {
    match content.split_first()? {
        (0, rest) => Some(rest),
        _ => None,
    }
}

/// SubjectPublicKeyInfo DER → key.
fn spki_public_key(der: &[u8]) -> Option<PubKey> {
    let mut spki = Der::whole(der, SEQ)?;
    let mut alg = Der(spki.take(SEQ)?);
    let oid = alg.take(OID)?;
    let key = bit_string(spki.take(BITS)?)?;
    if oid == OID_RSA {
        rsa_public_key(key)
    } else if oid == OID_EC {
        Some(PubKey::Ec {
            point: key.to_vec(),
        })
    } else {
        Some(PubKey::Other(der.to_vec()))
    }
}

/// PKCS#1 RSAPublicKey.
fn rsa_public_key(der: &[u8]) -> Option<PubKey> {
    let mut seq = Der::whole(der, SEQ)?;
    let n = seq.take(INT)?;
    let e = seq.take(INT)?;
    Some(PubKey::Rsa {
        n: strip_zeros(n),
        e: strip_zeros(e),
    })
}

/// PKCS#1 RSAPrivateKey.
fn rsa_private_key(der: &[u8]) -> Option<PubKey> {
    let mut seq = Der::whole(der, SEQ)?;
    seq.take(INT)?; // version
    let n = seq.take(INT)?;
    let e = seq.take(INT)?;
    seq.take(INT)?; // privateExponent: make sure this is a private key
    Some(PubKey::Rsa {
        n: strip_zeros(n),
        e: strip_zeros(e),
    })
}

/// SEC1 ECPrivateKey; `Some(None)` when it carries no public key.
fn sec1_private_key(der: &[u8]) -> Option<Option<PubKey>> {
    let mut seq = Der::whole(der, SEQ)?;
    seq.take(INT)?; // version
    seq.take(OCTETS)?; // privateKey
    while let Some((tag, content)) = seq.next() {
        if tag == 0xa1 {
            let point = bit_string(Der::whole(content, BITS)?.0)?;
            return Some(Some(PubKey::Ec {
                point: point.to_vec(),
            }));
        }
    }
    Some(None)
}

/// PKCS#8 PrivateKeyInfo (RSA or EC inside); `Some(None)` for other algorithms.
fn pkcs8_private_key(der: &[u8]) -> Option<Option<PubKey>> {
    let mut seq = Der::whole(der, SEQ)?;
    seq.take(INT)?; // version
    let mut alg = Der(seq.take(SEQ)?);
    let oid = alg.take(OID)?;
    let inner = seq.take(OCTETS)?;
    if oid == OID_RSA {
        rsa_private_key(inner).map(Some)
    } else if oid == OID_EC {
        sec1_private_key(inner)
    } else {
        Some(None)
    }
}

// ---------------------------------------------------------------------------------------------
// Time

fn unix_secs(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// `Jan 02, 2006 15:04 UTC`, the format of `kubeadm certs check-expiration`.
fn fmt_date(ts: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = ts.div_euclid(DAY);
    let secs = ts.rem_euclid(DAY);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let name = usize::try_from(month - 1)
        .ok()
        .and_then(|m| MONTHS.get(m))
        .copied()
        .unwrap_or("???");
    format!(
        "{name} {day:02}, {year} {:02}:{:02} UTC",
        secs / 3600,
        (secs % 3600) / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{
        date_time_ymd, BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa,
        Issuer, KeyPair,
    };
    use std::time::Duration;

    /// RSA-2048, PKCS#8 (`openssl genpkey`): the cluster CA key.
    const RSA_A_PKCS8: &str = r"-----BEGIN PRIVATE KEY-----
MIIEvwIBADANBgkqhkiG9w0BAQEFAASCBKkwggSlAgEAAoIBAQCzT0usQq4b1nwr
FTyAhJ4aoG1egK2/UUYOVdnTFcVDbha0U9vIjl1HjzPF8q3uv1ZCNy/YIktYTj9n
vqYXqeMBNvFgQX0ZQpPmMvG4NeBs11qMkEM8ECK7ErawK1ryP1aHnER9by6iSY/w
P6+a31ECiWGEQJLIy7Lk1fgxmPH3d0xkB1l6zW5I2w3lHeM2uN/ypIubOpjnLNjK
TLcRYgRUuCN7be/pNae91MqBGkgNZVCXtwn10WV3giZKSm+2bDk27bCLhUm0P9Ai
3OqMZvVExwEvCLRt9XXnL6+gS4aOC5h0OkAiUFuH7xN1sF/FhzCEfHSlokwH0J2W
YFhOP+pfAgMBAAECggEAAJm946RPh/lWbiCClN2c1/L8msnsiwz/IpIoChxzDjBC
tDTpsgjECDbTEhEngvqyE8OyjdNDlFaiwLqzPLYNdBYWhd+CR0DhVO6Lv7WyfDrW
a00aZIubSiwcX4etpM0QgaDE2/Sw38tGR6Q29tpTn6INKQ+8Th7ciQasb6IXAWCr
98koUk7HXvLbH///226jBrh3rtS9VYjU06fEUWi4FhNN95fkx3y6oL1es7apBJbu
2oPZaYubFCYIvwmx+UaQsEgUpu6SpQR5E1iGHVFtT9DwQJdusDBLm3iK1tfQzNLi
hjaf/L8WoW6t+Z2705K8n8TCR0dE14MZKKIqd9ZNWQKBgQDuoO5OVvuvhMiUTRD3
B6qIMjXY5rKr/rBYf5461WIf3h17edLUTexhhbtF4VbG047CaGm+jG/nXFisFstr
xYOlKcQh6as4CsR6L2cz2Qd2BtE/gYqcOg4xdK2h2yYrGhbnHy/snDayfAFsLu1/
ow1pOftpQGvWWG3aRRX+BL5/VwKBgQDAXObEnr7gUq2BV8JyYvZ7fWDQrjTtK/Ag
FqwvDeNS6sbs77DVL2UhhH54R96kgZ85Gz0NI2HuWy0ZULi7qk2A/IUwJfaNxCtW
KZOAEcs6JcJcLPxPddFYi/3m1UsYOpeRJQxsv75ADnt3HR1UZ8vFiQlx/DESORPW
38gxdqzwOQKBgQC19jWBu0ZUgtZIb7O+CzR4goEZEmGwUZe7BCVuC4S1dDPbEfw4
M+tKOiWhlcEMAApeKCxqRsCWFY7wOrmHRqep6/1JNtt+8ob7/OWfXaEY2P36hRdj
Jcno4GX+hBPIzi4ks11h+YSj+XdEPUyRBY6WbMZPbfZNDkVGKWQpvQheJQKBgQC7
U30TKng9IaZ/V8Qu+nqHxZAbiBpYgLpFtW6WIBMo8yMnJz/wS0hTvKAgZ/TEBMrW
pNTuT2+V28puZbKQZoc1PjRBsCaK5edB8BkI1csv5AeDFffbNaPZc/Kc8UdA4AYr
vYV8/bi6zp+jXoHqaW4B/rJpAyuSUG0miiR9LtG42QKBgQCAL27t1YTVVNfV8iv8
k/8RxNAyseDeSUMnKHxwjJCreyE98Wi46GDkwpHdckJqThS/ewrxnnu0UtoNeUtO
yYHs8dRB9oZFSvPxD4BhhfafXr3nVeg5ELm3PeMLjWZcgPfog5duTzIZXhum5YDP
XhAxpJDqCV43ZRAbg0MX57sHIQ==
-----END PRIVATE KEY-----";
    /// RSA-2048, PKCS#1 (`openssl rsa -traditional`): sa.key.
    const RSA_B_PKCS1: &str = r"-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEAvFZuyUcdb6GVGn/QcJyFaAkyXvIQvyIQ/2m8DQkVXFjwC1a8
PCIIE6yDxo5jkF3TUURZvPdETA4oFV2IRcysbKXwwj1mnZNufMCanht7qEd6rY8I
BDBPsghYAnrqTQ5aWoDYK53w/qW8CcIG4OjBGTGkVsunI8QgS0DKnx03xndLzi/O
x2R0YIL1KE9CMQ+cZv4YRQnBv7cYBl1htW1TG3kukZRoxxCCZlKEbLPhxI4/MpRy
CicsQ6E//OCBrBuXCt7x6GjQEmsNqaD/CtPZ49iyrz/+f5tJdHeR+9wf0PFa1ill
DjXJ70ltif4bR1/CYKLxoNYDBKviFCURD6CKgwIDAQABAoIBABqgtnF9vP3bS2X0
5pGtXOKR06Mp4qVAr0Tf/FGe1FF7VOuoJofyoHq2RuahRha+CpJbBrxZUg4raDkR
Fs3A5itG+4xdkFm8uP/UCWhLkXGq3X+Wu+GVD7Inoi3Y7AcwqCSol9JJi9kCXLId
J8olDlFou91Lq4S6hihYRO2MfNDHL0OVM0F4fQ5qu1oN/4FMVENTi2QNprpo2MXT
0SEtn2PkE4mDErwsK4UFzdcZEhjxlHZMe4uCKGt1yP1cJ21h5vU1NhS9XMlnIyQY
Nn/djcy7w2eHakKD0h2fvbMwBLLAh6OEbRU9x22GhDMKmcILiA/v9lDFl4ycUBcR
ul1YnJUCgYEA50Tl7ACM5T20aS/yHBblzecEVe/NUIobRPIvAUmqcIXiFGcp3ZCB
PN4VNSLb0k/4Z7E2YqRdiQJrQyMNA4DAjqRYjG3i4Wfc1dT/5eKqnnY7cxxjjxAL
FmRI7h0O4esmIJ9oi2arIyc3vmL1s7jjp4/BFPMUQG4bg6kTmsu1ny8CgYEA0HpD
rbPWDqccdxbJb8dnB4n8rVeGA3CuQu1ywz9wOUNu/g0ma1BgW5/9r3J4KVVm25V5
I+l0TglMl/1NNy+5wH6cvWJfd97j8XIKm8SVENXv8guCj7eGFqYhRwbwkoskuAAA
VAjMHeumwGQXrLvpYsePxpVYW7CZKbTfjZmblO0CgYEAz0mE36x6nPpamzFbS2wG
nDAlRbWDjF3NJVYBZaEWgHav9eOlta7Q97KCxbax2ubM2nwPKAj0wVoGtA1Vm78q
WG/b4jqX8br7SDn7B5zLmu6USI+4eMFDftVyPOKUtU/kQ7c9qDzkxcRgBWiDm4vr
mQOTZ2iczUcjqDXCmate5gcCgYEAihL/8fJyah/5tVHtNc/+B7s3E2MtSef+Mitr
X68LV5G22CHDeT2xo91xuhp5RP7f8bysj8FVmz2DcgJ8enlsb/YrPy8BBbYkh8u9
BO+MvqrCkS9YWHD3KNb8oTsSaCwptIejsARnk8V4GmHwYCHQb/C145MUAx4SQtId
YX4D0f0CgYA5zB8HndRWdtjnnIk9tqijnpqd42Wgs+js3pdfwh9UvJuVBaE6jIev
xxgaO/tEuks4gnEyrf9t9WlllBxRgNajyiC6oHzzhtbhHBN6cy/mDE68WjFQMecj
t3naG3sqfdCYbACwN/furUQi7o8BVeUORJBKjFeBerYF/qnX0UuQdQ==
-----END RSA PRIVATE KEY-----";
    /// Public half of RSA_B (`openssl rsa -pubout`): sa.pub.
    const RSA_B_PUB: &str = r"-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvFZuyUcdb6GVGn/QcJyF
aAkyXvIQvyIQ/2m8DQkVXFjwC1a8PCIIE6yDxo5jkF3TUURZvPdETA4oFV2IRcys
bKXwwj1mnZNufMCanht7qEd6rY8IBDBPsghYAnrqTQ5aWoDYK53w/qW8CcIG4OjB
GTGkVsunI8QgS0DKnx03xndLzi/Ox2R0YIL1KE9CMQ+cZv4YRQnBv7cYBl1htW1T
G3kukZRoxxCCZlKEbLPhxI4/MpRyCicsQ6E//OCBrBuXCt7x6GjQEmsNqaD/CtPZ
49iyrz/+f5tJdHeR+9wf0PFa1illDjXJ70ltif4bR1/CYKLxoNYDBKviFCURD6CK
gwIDAQAB
-----END PUBLIC KEY-----";

    /// 2025-01-01T00:00:00Z
    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_735_689_600)
    }

    type Ymd = (i32, u8, u8);
    const NB: Ymd = (2024, 1, 1);
    const NA: Ymd = (2026, 1, 1);

    fn params(cn: &str, nb: Ymd, na: Ymd, ca: bool) -> CertificateParams {
        let mut p = CertificateParams::default();
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, cn);
        p.distinguished_name = dn;
        p.not_before = date_time_ymd(nb.0, nb.1, nb.2);
        p.not_after = date_time_ymd(na.0, na.1, na.2);
        if ca {
            p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        }
        p
    }

    struct Ca {
        issuer: Issuer<'static, KeyPair>,
        cert_pem: String,
        key_pem: String,
    }

    fn new_ca(cn: &str, key: KeyPair) -> Ca {
        let p = params(cn, (2020, 1, 1), (2035, 1, 1), true);
        let cert_pem = p.self_signed(&key).expect("self-sign").pem();
        let key_pem = key.serialize_pem();
        Ca {
            issuer: Issuer::new(p, key),
            cert_pem,
            key_pem,
        }
    }

    fn leaf(cn: &str, key: &KeyPair, ca: &Ca, nb: Ymd, na: Ymd) -> String {
        params(cn, nb, na, false)
            .signed_by(key, &ca.issuer)
            .expect("sign")
            .pem()
    }

    fn b64(data: &[u8]) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(data)
    }

    fn pem(label: &str, der: &[u8]) -> String {
        let body: Vec<String> = b64(der)
            .as_bytes()
            .chunks(64)
            .map(|c| String::from_utf8(c.to_vec()).unwrap())
            .collect();
        format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            body.join("\n")
        )
    }

    /// ECDSA key as SEC1 `EC PRIVATE KEY` (what kubeadm writes for ECDSA), via the PKCS#8 inner key.
    fn sec1_pem(key: &KeyPair) -> String {
        let der = key.serialize_der();
        let mut seq = Der::whole(&der, SEQ).unwrap();
        seq.take(INT).unwrap();
        seq.take(SEQ).unwrap();
        let inner = seq.take(OCTETS).unwrap();
        pem("EC PRIVATE KEY", inner)
    }

    fn ec() -> KeyPair {
        KeyPair::generate().unwrap()
    }

    struct Node {
        dir: tempfile::TempDir,
    }

    impl Node {
        fn write(&self, node_path: &str, content: &str) {
            let p = self.dir.path().join(node_path.trim_start_matches('/'));
            fs_err::create_dir_all(p.parent().unwrap()).unwrap();
            fs_err::write(p, content).unwrap();
        }
        fn remove(&self, node_path: &str) {
            fs_err::remove_file(self.dir.path().join(node_path.trim_start_matches('/'))).unwrap();
        }
        fn check(&self, components: &[(String, Vec<String>)]) -> Vec<Finding> {
            check(self.dir.path(), components, now())
        }
    }

    const PKI: &str = "/etc/kubernetes/pki";

    struct Tree {
        node: Node,
        ca: Ca,
        etcd_ca: Ca,
        front_proxy_ca: Ca,
    }

    /// A kubeadm-like pki tree: RSA cluster CA (PKCS#8), ECDSA everything else, mixing SEC1
    /// and PKCS#8 key encodings; RSA PKCS#1 sa.key with an SPKI sa.pub.
    fn tree() -> Tree {
        let node = Node {
            dir: tempfile::tempdir().unwrap(),
        };
        let ca = new_ca("kubernetes", KeyPair::from_pem(RSA_A_PKCS8).unwrap());
        let etcd_ca = new_ca("etcd-ca", ec());
        let front_proxy_ca = new_ca("front-proxy-ca", ec());
        let w = |p: &str, c: &str| node.write(&format!("{PKI}/{p}"), c);
        w("ca.crt", &ca.cert_pem);
        w("ca.key", &ca.key_pem);
        w("etcd/ca.crt", &etcd_ca.cert_pem);
        w("etcd/ca.key", &etcd_ca.key_pem);
        w("front-proxy-ca.crt", &front_proxy_ca.cert_pem);
        w("front-proxy-ca.key", &front_proxy_ca.key_pem);
        for (name, issuer, sec1) in [
            ("apiserver", &ca, true),
            ("apiserver-kubelet-client", &ca, false),
            ("apiserver-etcd-client", &etcd_ca, true),
            ("etcd/server", &etcd_ca, true),
            ("etcd/peer", &etcd_ca, false),
            ("front-proxy-client", &front_proxy_ca, false),
        ] {
            let key = ec();
            w(&format!("{name}.crt"), &leaf(name, &key, issuer, NB, NA));
            let key_pem = if sec1 {
                sec1_pem(&key)
            } else {
                key.serialize_pem()
            };
            w(&format!("{name}.key"), &key_pem);
        }
        w("sa.key", RSA_B_PKCS1);
        w("sa.pub", RSA_B_PUB);
        Tree {
            node,
            ca,
            etcd_ca,
            front_proxy_ca,
        }
    }

    fn cmd(name: &str, flags: &[(&str, &str)]) -> (String, Vec<String>) {
        let mut c = vec![name.to_string()];
        c.extend(flags.iter().map(|(f, v)| format!("--{f}={v}")));
        (name.to_string(), c)
    }

    fn p(rel: &str) -> String {
        format!("{PKI}/{rel}")
    }

    /// The flags kubeadm writes.
    fn components() -> Vec<(String, Vec<String>)> {
        vec![
            cmd(
                "kube-apiserver",
                &[
                    ("advertise-address", "10.0.0.1"),
                    ("allow-privileged", "true"),
                    ("client-ca-file", &p("ca.crt")),
                    ("etcd-cafile", &p("etcd/ca.crt")),
                    ("etcd-certfile", &p("apiserver-etcd-client.crt")),
                    ("etcd-keyfile", &p("apiserver-etcd-client.key")),
                    (
                        "kubelet-client-certificate",
                        &p("apiserver-kubelet-client.crt"),
                    ),
                    ("kubelet-client-key", &p("apiserver-kubelet-client.key")),
                    ("proxy-client-cert-file", &p("front-proxy-client.crt")),
                    ("proxy-client-key-file", &p("front-proxy-client.key")),
                    ("requestheader-client-ca-file", &p("front-proxy-ca.crt")),
                    ("service-account-key-file", &p("sa.pub")),
                    ("service-account-signing-key-file", &p("sa.key")),
                    ("tls-cert-file", &p("apiserver.crt")),
                    ("tls-private-key-file", &p("apiserver.key")),
                ],
            ),
            cmd(
                "kube-controller-manager",
                &[
                    ("client-ca-file", &p("ca.crt")),
                    ("cluster-signing-cert-file", &p("ca.crt")),
                    ("cluster-signing-key-file", &p("ca.key")),
                    ("requestheader-client-ca-file", &p("front-proxy-ca.crt")),
                    ("root-ca-file", &p("ca.crt")),
                    ("service-account-private-key-file", &p("sa.key")),
                ],
            ),
            cmd(
                "etcd",
                &[
                    ("cert-file", &p("etcd/server.crt")),
                    ("key-file", &p("etcd/server.key")),
                    ("peer-cert-file", &p("etcd/peer.crt")),
                    ("peer-key-file", &p("etcd/peer.key")),
                    ("peer-trusted-ca-file", &p("etcd/ca.crt")),
                    ("trusted-ca-file", &p("etcd/ca.crt")),
                ],
            ),
        ]
    }

    fn non_info(f: &[Finding]) -> Vec<&Finding> {
        f.iter().filter(|f| f.severity != Severity::Info).collect()
    }

    fn ids(f: &[Finding]) -> Vec<&str> {
        non_info(f).iter().map(|f| f.id.as_str()).collect()
    }

    fn only<'a>(f: &'a [Finding], id: &str) -> &'a Finding {
        let all = non_info(f);
        assert_eq!(all.len(), 1, "expected exactly {id}: {all:#?}");
        assert_eq!(all[0].id, id, "{all:#?}");
        all[0]
    }

    #[test]
    fn full_kubeadm_tree_is_clean() {
        let t = tree();
        let f = t.node.check(&components());
        assert!(non_info(&f).is_empty(), "{f:#?}");
        // One CERT-EXPIRY per certificate file, even though ca.crt etc. are referenced many times:
        // ca, etcd/ca, front-proxy-ca, 6 leaves.
        let expiry: Vec<_> = f.iter().filter(|f| f.id == "CERT-EXPIRY").collect();
        assert_eq!(expiry.len(), 9, "{expiry:#?}");
        let api = expiry
            .iter()
            .find(|f| f.message.contains("apiserver.crt"))
            .unwrap();
        assert!(
            api.message
                .contains("expires Jan 01, 2026 00:00 UTC, 365 days left"),
            "{}",
            api.message
        );
        assert_eq!(api.component.as_deref(), Some("kube-apiserver"));
        assert_eq!(
            api.file.as_deref(),
            Some(
                t.node
                    .dir
                    .path()
                    .join("etc/kubernetes/pki/apiserver.crt")
                    .as_path()
            )
        );
        let ca = expiry
            .iter()
            .find(|f| f.message.contains("/ca.crt` ") || f.message.contains("pki/ca.crt"))
            .unwrap();
        assert!(
            ca.message.contains("expires Jan 01, 2035"),
            "{}",
            ca.message
        );
        // Serializes with lowercase severity.
        let json = serde_json::to_string(&f[0]).unwrap();
        assert!(json.contains("\"severity\":\"info\""), "{json}");
    }

    #[test]
    fn expired() {
        let t = tree();
        let key = ec();
        t.node.write(
            &p("apiserver.crt"),
            &leaf("apiserver", &key, &t.ca, NB, (2024, 12, 1)),
        );
        t.node.write(&p("apiserver.key"), &key.serialize_pem());
        let f = t.node.check(&components());
        let e = only(&f, "CERT-EXPIRED");
        assert_eq!(e.severity, Severity::Error);
        assert!(e.message.contains("`--tls-cert-file` /etc/kubernetes/pki/apiserver.crt expired Dec 01, 2024 00:00 UTC (31 days ago)"), "{}", e.message);
        assert!(
            e.message.contains("`kubeadm certs renew apiserver`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn expiring_in_10_days() {
        let t = tree();
        let key = ec();
        t.node.write(
            &p("etcd/server.crt"),
            &leaf("etcd", &key, &t.etcd_ca, NB, (2025, 1, 11)),
        );
        t.node.write(&p("etcd/server.key"), &sec1_pem(&key));
        let f = t.node.check(&components());
        let e = only(&f, "CERT-EXPIRING");
        assert_eq!(e.severity, Severity::Warning);
        assert_eq!(e.component.as_deref(), Some("etcd"));
        assert!(e.message.contains("10 days left"), "{}", e.message);
        assert!(
            e.message.contains("`kubeadm certs renew etcd-server`"),
            "{}",
            e.message
        );
        let info = f
            .iter()
            .find(|f| f.id == "CERT-EXPIRY" && f.message.contains("etcd/server.crt"))
            .unwrap();
        assert!(
            info.message
                .ends_with("expires Jan 11, 2025 00:00 UTC, 10 days left"),
            "{}",
            info.message
        );
    }

    #[test]
    fn not_yet_valid() {
        let t = tree();
        let key = ec();
        t.node.write(
            &p("front-proxy-client.crt"),
            &leaf(
                "front-proxy-client",
                &key,
                &t.front_proxy_ca,
                (2025, 2, 1),
                NA,
            ),
        );
        t.node
            .write(&p("front-proxy-client.key"), &key.serialize_pem());
        let f = t.node.check(&components());
        let e = only(&f, "CERT-NOT-YET-VALID");
        assert!(
            e.message.contains("not valid until Feb 01, 2025"),
            "{}",
            e.message
        );
    }

    #[test]
    fn signed_by_wrong_ca() {
        let t = tree();
        let key = ec();
        // apiserver serving cert signed by the etcd CA instead of the cluster CA.
        t.node.write(
            &p("apiserver.crt"),
            &leaf("kube-apiserver", &key, &t.etcd_ca, NB, NA),
        );
        t.node.write(&p("apiserver.key"), &sec1_pem(&key));
        let f = t.node.check(&components());
        let e = only(&f, "CERT-WRONG-CA");
        assert_eq!(e.severity, Severity::Error);
        assert!(e.message.contains("apiserver.crt (issuer CN=etcd-ca) is not signed by `--client-ca-file` /etc/kubernetes/pki/ca.crt (CN=kubernetes)"), "{}", e.message);

        // Same subject/issuer name but a different CA key: only the signature tells.
        let t = tree();
        let impostor = new_ca("kubernetes", ec());
        let key = ec();
        t.node.write(
            &p("apiserver-kubelet-client.crt"),
            &leaf("kubelet-client", &key, &impostor, NB, NA),
        );
        t.node
            .write(&p("apiserver-kubelet-client.key"), &key.serialize_pem());
        let f = t.node.check(&components());
        let e = only(&f, "CERT-WRONG-CA");
        assert!(
            e.message.contains("`--kubelet-client-certificate`"),
            "{}",
            e.message
        );

        // Same key type (ECDSA P-256): the signature itself fails to verify.
        let t = tree();
        let key = ec();
        t.node.write(
            &p("etcd/peer.crt"),
            &leaf("etcd-peer", &key, &t.front_proxy_ca, NB, NA),
        );
        t.node.write(&p("etcd/peer.key"), &key.serialize_pem());
        let f = t.node.check(&components());
        let e = only(&f, "CERT-WRONG-CA");
        assert_eq!(e.component.as_deref(), Some("etcd"));
        assert!(e.message.contains("`--peer-cert-file` /etc/kubernetes/pki/etcd/peer.crt (issuer CN=front-proxy-ca) is not signed by `--peer-trusted-ca-file`"), "{}", e.message);
        assert!(
            e.message.contains("`kubeadm certs renew etcd-peer`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn key_mismatch() {
        let t = tree();
        // ECDSA SEC1 key of another cert.
        let other =
            fs_err::read_to_string(t.node.dir.path().join("etc/kubernetes/pki/etcd/server.key"))
                .unwrap();
        t.node.write(&p("apiserver.key"), &other);
        let f = t.node.check(&components());
        let e = only(&f, "CERT-KEY-MISMATCH");
        assert!(e.message.contains("`--tls-private-key-file` /etc/kubernetes/pki/apiserver.key does not match the public key of `--tls-cert-file`"), "{}", e.message);

        // RSA: sa.pub of another key (PKCS#1 sa.key vs SPKI sa.pub); the controller-manager's
        // copy of sa.key is reported too.
        let t = tree();
        let a = KeyPair::from_pem(RSA_A_PKCS8).unwrap();
        t.node.write(&p("sa.pub"), &a.public_key_pem());
        let f = t.node.check(&components());
        // sa.key is checked against sa.pub once, though two flags name it.
        let e = only(&f, "CERT-KEY-MISMATCH");
        assert!(e.message.contains("`--service-account-signing-key-file` /etc/kubernetes/pki/sa.key does not match any public key in kube-apiserver's `--service-account-key-file` /etc/kubernetes/pki/sa.pub"), "{}", e.message);

        // The controller-manager signing tokens with a key the apiserver does not know.
        let t = tree();
        t.node.write(&p("cm-sa.key"), &sec1_pem(&ec()));
        let mut comps = components();
        comps[1].1.push(format!(
            "--service-account-private-key-file={}",
            p("cm-sa.key")
        ));
        let f = t.node.check(&comps);
        let e = only(&f, "CERT-KEY-MISMATCH");
        assert_eq!(e.component.as_deref(), Some("kube-controller-manager"));
        assert!(
            e.message
                .contains("`--service-account-private-key-file` /etc/kubernetes/pki/cm-sa.key"),
            "{}",
            e.message
        );

        // RSA PKCS#8 cluster-signing key vs a cert of another key.
        let t = tree();
        t.node.write(&p("ca.key"), &ec().serialize_pem());
        let f = t.node.check(&components());
        let e = only(&f, "CERT-KEY-MISMATCH");
        assert!(
            e.message.contains("`--cluster-signing-key-file`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn missing_file() {
        let t = tree();
        t.node.remove(&p("front-proxy-client.key"));
        t.node.remove(&p("ca.crt"));
        let f = t.node.check(&components());
        let missing: Vec<_> = non_info(&f);
        // ca.crt is referenced by 5 flags but reported once.
        assert_eq!(ids(&f), ["CERT-MISSING", "CERT-MISSING"], "{missing:#?}");
        assert!(
            missing[0]
                .message
                .contains("`--client-ca-file` /etc/kubernetes/pki/ca.crt does not exist"),
            "{}",
            missing[0].message
        );
        assert!(
            missing[1]
                .message
                .contains("`kubeadm init phase certs front-proxy-client`"),
            "{}",
            missing[1].message
        );
    }

    #[test]
    fn garbage_files() {
        let t = tree();
        t.node
            .write(&p("apiserver.crt"), "this is not a certificate\n");
        t.node.write(&p("etcd/peer.key"), &t.etcd_ca.cert_pem);
        t.node.write(
            &p("sa.pub"),
            "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n",
        );
        let f = t.node.check(&components());
        assert_eq!(
            ids(&f),
            ["CERT-PARSE", "CERT-PARSE", "CERT-PARSE"],
            "{f:#?}"
        );
        let msgs: Vec<&str> = f
            .iter()
            .filter(|f| f.id == "CERT-PARSE")
            .map(|f| f.message.as_str())
            .collect();
        assert!(msgs[0].contains("apiserver.crt is not a valid PEM certificate: no `BEGIN CERTIFICATE` block (no PEM block found)"), "{}", msgs[0]);
        assert!(
            msgs.iter()
                .any(|m| m.contains("sa.pub is not a valid PEM public key or certificate")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter().any(
                |m| m.contains("etcd/peer.key is not a valid PEM private key")
                    && m.contains("found CERTIFICATE")
            ),
            "{msgs:#?}"
        );
    }

    #[test]
    fn unreadable_directory() {
        let t = tree();
        t.node.remove(&p("apiserver.crt"));
        fs_err::create_dir(t.node.dir.path().join("etc/kubernetes/pki/apiserver.crt")).unwrap();
        let f = t.node.check(&components());
        only(&f, "CERT-UNREADABLE");
    }

    #[test]
    fn external_ca_skips_cluster_signing() {
        let t = tree();
        t.node.remove(&p("ca.key"));
        let mut comps = components();
        comps[1] = cmd(
            "kube-controller-manager",
            &[
                ("client-ca-file", &p("ca.crt")),
                ("cluster-signing-cert-file", ""),
                ("cluster-signing-key-file", ""),
                ("root-ca-file", &p("ca.crt")),
            ],
        );
        let f = t.node.check(&comps);
        assert!(non_info(&f).is_empty(), "{f:#?}");
    }

    #[test]
    fn ca_flag_pointing_at_leaf_is_not_ca() {
        let t = tree();
        let mut comps = components();
        comps[2]
            .1
            .push(format!("--trusted-ca-file={}", p("etcd/server.crt"))); // last wins
        let f = t.node.check(&comps);
        let not_ca: Vec<_> = non_info(&f);
        assert!(not_ca.iter().any(|f| f.id == "CERT-NOT-CA"), "{not_ca:#?}");
        // etcd/server.crt is not signed by itself either.
        assert!(
            not_ca.iter().any(|f| f.id == "CERT-WRONG-CA"),
            "{not_ca:#?}"
        );
    }

    #[test]
    fn flags_last_wins_and_space_form() {
        let f = Flags::parse(&[
            "etcd".into(),
            "--cert-file=/a".into(),
            "--cert-file".into(),
            "/b".into(),
            "--cluster-signing-cert-file=".into(),
            "--v=2".into(),
        ]);
        assert_eq!(f.get("cert-file"), Some("/b"));
        assert_eq!(f.get("cluster-signing-cert-file"), None);
        assert_eq!(f.get("key-file"), None);
    }

    #[test]
    fn date_format() {
        assert_eq!(fmt_date(0), "Jan 01, 1970 00:00 UTC");
        assert_eq!(
            fmt_date(1_735_689_600 + 59 * DAY + 3_660),
            "Mar 01, 2025 01:01 UTC"
        );
        assert_eq!(fmt_date(951_782_400), "Feb 29, 2000 00:00 UTC");
    }
}
