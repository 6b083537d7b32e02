//! Keys in PEM files, normalised so a private key can be compared with a certificate's or a
//! public key file's key: private keys (PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY`,
//! PKCS#8 `PRIVATE KEY`) decoded with the RustCrypto `pkcs1`, `sec1` and `pkcs8` types;
//! public keys (`PUBLIC KEY`, `RSA PUBLIC KEY`, a certificate's) with x509-parser's
//! SubjectPublicKeyInfo and `pkcs1`.

use x509_parser::pem::Pem;
use x509_parser::prelude::{parse_x509_certificate, FromDer};
use x509_parser::public_key::PublicKey;
use x509_parser::x509::SubjectPublicKeyInfo;

/// Every PEM block of `data`.
pub(super) fn pem_blocks(data: &[u8]) -> Result<Vec<Pem>, String> {
    Pem::iter_from_buffer(data)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("invalid PEM ({e})"))
}

/// `found CERTIFICATE, PUBLIC KEY` / `no PEM block found`, for a parse error.
pub(super) fn describe_blocks(blocks: &[Pem]) -> String {
    if blocks.is_empty() {
        "no PEM block found".to_string()
    } else {
        let labels: Vec<&str> = blocks.iter().map(|b| b.label.as_str()).collect();
        format!("found {}", labels.join(", "))
    }
}

/// A public key, normalised for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum PubKey {
    /// Modulus and public exponent, without leading zero bytes.
    Rsa { n: Vec<u8>, e: Vec<u8> },
    /// The encoded EC point.
    Ec { point: Vec<u8> },
    /// Any other algorithm: the raw SubjectPublicKeyInfo.
    Other(Vec<u8>),
}

/// The public half of the first private key in `data`; `Ok(None)` when the key parses but its
/// public half cannot be compared (an EC key without its public key, another algorithm).
pub(super) fn private_key_from_pem(data: &[u8]) -> Result<Option<PubKey>, String> {
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

/// Every public key in `data` (`PUBLIC KEY`, `RSA PUBLIC KEY` or `CERTIFICATE` blocks).
pub(super) fn public_keys_from_pem(data: &[u8]) -> Result<Vec<PubKey>, String> {
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

fn strip_zeros(b: &[u8]) -> Vec<u8> {
    let start = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    b.get(start..).unwrap_or_default().to_vec()
}

/// SubjectPublicKeyInfo DER → key.
pub(super) fn spki_public_key(der: &[u8]) -> Option<PubKey> {
    let (_, spki) = SubjectPublicKeyInfo::from_der(der).ok()?;
    match spki.parsed().ok()? {
        PublicKey::RSA(rsa) => Some(PubKey::Rsa {
            n: strip_zeros(rsa.modulus),
            e: strip_zeros(rsa.exponent),
        }),
        PublicKey::EC(point) => Some(PubKey::Ec {
            point: point.data().to_vec(),
        }),
        _ => Some(PubKey::Other(der.to_vec())),
    }
}

/// PKCS#1 RSAPublicKey.
fn rsa_public_key(der: &[u8]) -> Option<PubKey> {
    let key = pkcs1::RsaPublicKeyRef::try_from(der).ok()?;
    Some(PubKey::Rsa {
        n: strip_zeros(key.modulus.as_bytes()),
        e: strip_zeros(key.public_exponent.as_bytes()),
    })
}

/// PKCS#1 RSAPrivateKey.
fn rsa_private_key(der: &[u8]) -> Option<PubKey> {
    let key = pkcs1::RsaPrivateKeyRef::try_from(der).ok()?;
    Some(PubKey::Rsa {
        n: strip_zeros(key.modulus.as_bytes()),
        e: strip_zeros(key.public_exponent.as_bytes()),
    })
}

/// SEC1 ECPrivateKey; `Some(None)` when it carries no public key.
fn sec1_private_key(der: &[u8]) -> Option<Option<PubKey>> {
    let key = sec1::EcPrivateKey::try_from(der).ok()?;
    Some(key.public_key.map(|point| PubKey::Ec {
        point: point.to_vec(),
    }))
}

/// PKCS#8 PrivateKeyInfo (RSA or EC inside); `Some(None)` for other algorithms.
fn pkcs8_private_key(der: &[u8]) -> Option<Option<PubKey>> {
    let info = pkcs8::PrivateKeyInfoRef::try_from(der).ok()?;
    let inner = info.private_key.as_bytes();
    if info.algorithm.oid == pkcs1::ALGORITHM_OID {
        rsa_private_key(inner).map(Some)
    } else if info.algorithm.oid == sec1::ALGORITHM_OID {
        sec1_private_key(inner)
    } else {
        Some(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ec_keys_in_sec1_and_pkcs8_have_the_certificates_public_key() {
        let key = rcgen::KeyPair::generate().expect("P-256 key");
        let public = public_keys_from_pem(key.public_key_pem().as_bytes()).expect("SPKI");
        let pkcs8 = private_key_from_pem(key.serialize_pem().as_bytes()).expect("PKCS#8");
        assert_eq!(pkcs8.as_ref(), public.first());
        assert!(matches!(pkcs8, Some(PubKey::Ec { .. })));
    }

    #[test]
    fn truncated_and_encrypted_keys_are_refused_with_a_reason() {
        let key = rcgen::KeyPair::generate().expect("P-256 key");
        let der = key.serialize_der();
        let truncated = der.get(..der.len() / 2).expect("half");
        let pem = |label: &str, der: &[u8]| {
            use base64::Engine;
            let b64 = base64::engine::general_purpose::STANDARD.encode(der);
            format!("-----BEGIN {label}-----\n{b64}\n-----END {label}-----\n")
        };
        let err = private_key_from_pem(pem("PRIVATE KEY", truncated).as_bytes()).expect_err("cut");
        assert_eq!(err, "malformed `PRIVATE KEY` block");
        let err = private_key_from_pem(pem("RSA PRIVATE KEY", &der).as_bytes()).expect_err("EC");
        assert_eq!(err, "malformed `RSA PRIVATE KEY` block");
        let err = private_key_from_pem(pem("ENCRYPTED PRIVATE KEY", &der).as_bytes())
            .expect_err("encrypted");
        assert!(err.starts_with("the key is encrypted"), "{err}");
    }
}
