//! The certificates `verify` read, with their expiry: every file of a `CERT-EXPIRY` finding
//! (one per certificate file and per kubeconfig client certificate the checks parsed) is read
//! again (bounded, non-blocking: [`crate::fsx::read`]) for each certificate's subject and notAfter.

use std::path::{Path, PathBuf};

use base64::Engine;
use x509_parser::pem::Pem;
use x509_parser::prelude::parse_x509_certificate;

use super::node_path;
use crate::fsx::read::Limit;
use crate::verify::Report;

/// One certificate and when it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertExpiry {
    /// The node path of the file holding it (a PEM file or a kubeconfig).
    pub path: String,
    /// The subject, as `CN=kube-apiserver, O=…`.
    pub subject: String,
    /// notAfter, seconds since the Unix epoch.
    pub not_after: i64,
}

/// Each certificate behind the report's `CERT-EXPIRY` findings, in the findings' order.
pub fn expiries(root: &Path, report: &Report) -> Vec<CertExpiry> {
    let mut files: Vec<&PathBuf> = Vec::new();
    for finding in &report.findings {
        if let (true, Some(file)) = (finding.id == "CERT-EXPIRY", &finding.file) {
            if !files.contains(&file) {
                files.push(file);
            }
        }
    }
    let mut out: Vec<CertExpiry> = Vec::new();
    for file in files {
        let Ok(bytes) = crate::fsx::read::read(file, Limit::PKI) else {
            continue;
        };
        for pem in certificate_pems(&bytes) {
            for (subject, not_after) in certificates(&pem) {
                let entry = CertExpiry {
                    path: node_path(root, file),
                    subject,
                    not_after,
                };
                if !out.contains(&entry) {
                    out.push(entry);
                }
            }
        }
    }
    out
}

/// The PEM text of a certificate file, or the client certificates embedded in a kubeconfig
/// (`client-certificate-data` of its users).
fn certificate_pems(bytes: &[u8]) -> Vec<Vec<u8>> {
    if bytes
        .windows(b"-----BEGIN".len())
        .any(|w| w == b"-----BEGIN")
    {
        return vec![bytes.to_vec()];
    }
    let Some(config) = std::str::from_utf8(bytes).ok().and_then(|text| {
        crate::yaml::decode::first_document(text, crate::yaml::decode::DuplicateKeys::LastWins).ok()
    }) else {
        return Vec::new();
    };
    let users = config
        .value
        .get("users")
        .and_then(serde_json::Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    users
        .iter()
        .filter_map(|u| u.get("user")?.get("client-certificate-data")?.as_str())
        .filter_map(|data| {
            let compact: String = data.split_whitespace().collect();
            base64::engine::general_purpose::STANDARD
                .decode(compact)
                .ok()
        })
        .collect()
}

/// (subject, notAfter) of every certificate in a PEM text.
fn certificates(pem: &[u8]) -> Vec<(String, i64)> {
    Pem::iter_from_buffer(pem)
        .filter_map(Result::ok)
        .filter(|block| block.label == "CERTIFICATE")
        .filter_map(|block| {
            let (_, cert) = parse_x509_certificate(&block.contents).ok()?;
            Some((
                cert.subject().to_string(),
                cert.validity().not_after.timestamp(),
            ))
        })
        .collect()
}
