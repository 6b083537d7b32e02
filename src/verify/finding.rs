use std::path::PathBuf;
/// How serious a finding is: any error makes `verify` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For information (e.g. a certificate's expiry date).
    Info,
    /// Worth fixing; the node runs.
    Warning,
    /// Broken or unsafe.
    Error,
}
/// One thing `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Stable id, e.g. `CERT-EXPIRED` or `CIS-1.2.15`.
    pub id: String,
    /// Error, warning or info.
    pub severity: Severity,
    /// `kube-apiserver`, …, or None for node-wide findings.
    pub component: Option<String>,
    /// The file the finding is about (the certificate, or the manifest).
    pub file: Option<PathBuf>,
    /// One line, including the fix.
    pub message: String,
}
