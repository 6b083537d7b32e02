//! Certificate validity: expired, not yet valid, expiring soon, and the expiry line
//! `kubeadm certs check-expiration` prints; also for certificates embedded in kubeconfigs.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use time::macros::format_description;
use time::OffsetDateTime;
use x509_parser::prelude::{parse_x509_certificate, X509Certificate};

use super::keys::pem_blocks;
use crate::verify::finding::{Finding, Severity};

/// Certificates with fewer days left than this get `CERT-EXPIRING`.
const EXPIRING_DAYS: i64 = 30;
const DAY: i64 = 86_400;

/// What to tell the operator for an expired / not-yet-valid certificate.
pub(super) struct Hints {
    pub(super) renew: String,
    pub(super) reissue: String,
}

/// CERT-NOT-YET-VALID / CERT-EXPIRED / CERT-EXPIRING and the CERT-EXPIRY line for one
/// certificate described as `who`.
pub(super) fn validity(
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

/// Seconds since the Unix epoch (negative before it).
pub(super) fn unix_secs(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// `Jan 02, 2006 15:04 UTC`, the format of `kubeadm certs check-expiration`.
pub(super) fn fmt_date(ts: i64) -> String {
    let format = format_description!("[month repr:short] [day], [year] [hour]:[minute] UTC");
    OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.format(format).ok())
        .unwrap_or_else(|| format!("{ts} seconds after 1970-01-01 UTC"))
}
