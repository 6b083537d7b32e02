use std::path::PathBuf;
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Stable id, e.g. `CERT-EXPIRED` or `CIS-1.2.15`.
    pub id: String,
    pub severity: Severity,
    /// `kube-apiserver`, …, or None for node-wide findings.
    pub component: Option<String>,
    /// The file the finding is about (the certificate, or the manifest).
    pub file: Option<PathBuf>,
    /// One line, including the fix.
    pub message: String,
}
