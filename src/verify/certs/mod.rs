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

mod chain;
mod checks;
mod keys;
mod spec;
#[cfg(test)]
mod tests;
mod validity;

use std::path::Path;
use std::time::SystemTime;

use self::checks::Ctx;
use self::keys::PubKey;
use self::spec::{spec_for, Ref};
use super::finding::Finding;
use super::flags::Flags;

pub use self::chain::issued_by;
pub use self::spec::checked_flags;
pub use self::validity::embedded_cert;

/// Check every certificate/key a control-plane component's flags reference.
/// `components`: (component name, its container command: `["kube-apiserver", "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt", …]`).
/// Node paths are absolute and resolved under `root` (e.g. root=/tmp/node → /tmp/node/etc/kubernetes/pki/ca.crt).
/// `now` makes expiry deterministic in tests.
pub fn check(root: &Path, components: &[(String, Vec<String>)], now: SystemTime) -> Vec<Finding> {
    let mut ctx = Ctx::new(root, now);
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
