//! The checks: read each referenced file once (bounded), parse it, and report what is
//! missing, unparseable, expired, mismatched or signed by the wrong CA.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use x509_parser::prelude::{parse_x509_certificate, X509Certificate};

use super::chain::{verify_chain, Verdict};
use super::keys::{
    describe_blocks, pem_blocks, private_key_from_pem, public_keys_from_pem, spki_public_key,
    PubKey,
};
use super::spec::{default_ca_for, Ref};
use super::validity::{unix_secs, validity, Hints};
use crate::fsx::read::{read, Limit};
use crate::verify::finding::{Finding, Severity};

pub(super) struct Ctx<'a> {
    root: &'a Path,
    now: i64,
    pub(super) findings: Vec<Finding>,
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

impl<'a> Ctx<'a> {
    pub(super) fn new(root: &'a Path, now: SystemTime) -> Self {
        Ctx {
            root,
            now: unix_secs(now),
            findings: Vec::new(),
            cert_cache: HashMap::new(),
            key_cache: HashMap::new(),
            pub_cache: HashMap::new(),
            failed: HashSet::new(),
            ca_checked: HashSet::new(),
            done: HashSet::new(),
        }
    }

    fn push(&mut self, id: &str, severity: Severity, r: &Ref, message: String) {
        self.findings.push(Finding {
            id: id.to_string(),
            severity,
            component: Some(r.component.clone()),
            file: Some(r.disk.clone()),
            message,
        });
    }

    /// Read a file (bounded: certificates, keys and CA bundles are small); reports
    /// `CERT-MISSING` / `CERT-UNREADABLE` / `PATH-OUTSIDE-ROOT` once per file.
    pub(super) fn read(&mut self, r: &Ref) -> Option<Vec<u8>> {
        if let Some(outside) = &r.outside {
            if self.failed.insert(r.node.clone()) {
                let msg = format!("`--{}` {outside}", r.flag);
                self.push("PATH-OUTSIDE-ROOT", Severity::Error, r, msg);
            }
            return None;
        }
        match read(&r.disk, Limit::PKI) {
            Ok(data) => Some(data),
            Err(e) => {
                if self.failed.insert(r.disk.clone()) {
                    if e.is_not_found() {
                        let msg = format!(
                            "{} does not exist (looked under {}); {}",
                            r.what(),
                            self.root.display(),
                            r.recreate_hint()
                        );
                        self.push("CERT-MISSING", Severity::Error, r, msg);
                    } else {
                        let msg = format!(
                            "{} cannot be read ({}); fix its type/permissions or {}",
                            r.what(),
                            e.reason(),
                            r.recreate_hint()
                        );
                        self.push("CERT-UNREADABLE", Severity::Error, r, msg);
                    }
                }
                None
            }
        }
    }

    pub(super) fn parse_error(&mut self, r: &Ref, expected: &str, problem: &str) {
        let msg = format!(
            "{} is not a valid {expected}: {problem}; {}",
            r.what(),
            r.recreate_hint()
        );
        self.push("CERT-PARSE", Severity::Error, r, msg);
    }

    /// Load a certificate file (a single cert, a chain, or a CA bundle). First load reports
    /// parse errors and expiry; `as_ca` additionally checks basicConstraints (once per file).
    pub(super) fn load_certs(&mut self, r: &Ref, as_ca: bool) -> Option<Vec<Vec<u8>>> {
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

    pub(super) fn parse_certs(&mut self, r: &Ref, data: &[u8]) -> Option<Vec<Vec<u8>>> {
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

    pub(super) fn check_validity(
        &mut self,
        r: &Ref,
        cert: &X509Certificate<'_>,
        is_ca: bool,
        bundle: bool,
    ) {
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
    pub(super) fn load_private_key(&mut self, r: &Ref) -> Option<Option<PubKey>> {
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
    pub(super) fn load_public_keys(&mut self, r: &Ref) -> Option<Vec<PubKey>> {
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

    pub(super) fn check_pair(
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
    pub(super) fn check_sa_key(&mut self, kr: &Ref, key: &PubKey, publics: &[(Ref, Vec<PubKey>)]) {
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
