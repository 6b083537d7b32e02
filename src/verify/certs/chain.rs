//! Who signed a certificate: walk a certificate file's chain (through intermediates shipped
//! with it) up to a certificate of a CA file, verifying signatures with x509-parser.

use x509_parser::error::X509Error;
use x509_parser::prelude::{parse_x509_certificate, X509Certificate};

use super::keys::pem_blocks;

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

/// The verdict of [`verify_chain`].
pub(super) enum Verdict {
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
pub(super) fn verify_chain(chain: &[Vec<u8>], cas: &[Vec<u8>]) -> Verdict {
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
