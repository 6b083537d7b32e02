//! The Prometheus text exposition format (version 0.0.4) of a verify run, as node_exporter's
//! textfile collector reads it: `# HELP` and `# TYPE` before each family's samples, label
//! values escaped (`\` → `\\`, `"` → `\"`, line feed → `\n`), no timestamps on samples.

use std::path::Path;

use super::certificates::CertExpiry;
use super::inventory::ManifestInfo;
use super::node_path;
use crate::verify::{Report, Severity};

/// Everything the metrics say about one run.
#[derive(Debug, Clone)]
pub struct Metrics<'a> {
    /// The run's findings.
    pub report: &'a Report,
    /// The certificates the manifests use and their expiry.
    pub certificates: &'a [CertExpiry],
    /// What each component's manifest runs.
    pub manifests: &'a [ManifestInfo],
    /// The run's clock (`--now` or the time it ran), seconds since the Unix epoch.
    pub now: i64,
    /// The node root: findings' files are labelled with their node paths.
    pub root: &'a Path,
}

/// The exposition text, ending in a line feed.
pub fn render(metrics: &Metrics<'_>) -> String {
    let mut out = String::new();
    let report = metrics.report;

    let by_severity: Vec<Sample> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|s| Sample {
            labels: vec![("severity", severity_name(s).to_string())],
            value: count_value(report.count(s)),
        })
        .collect();
    family(
        &mut out,
        "staticpod_verify_findings",
        "Findings of the last staticpod verify run, by severity.",
        &by_severity,
    );

    let mut per_finding: Vec<Sample> = Vec::new();
    for f in &report.findings {
        if f.severity == Severity::Info {
            continue;
        }
        let labels = vec![
            ("id", f.id.clone()),
            ("severity", severity_name(f.severity).to_string()),
            ("component", f.component.clone().unwrap_or_default()),
            (
                "file",
                f.file
                    .as_deref()
                    .map(|p| node_path(metrics.root, p))
                    .unwrap_or_default(),
            ),
        ];
        match per_finding.iter_mut().find(|s| s.labels == labels) {
            Some(sample) => sample.value = add_one(&sample.value),
            None => per_finding.push(Sample {
                labels,
                value: "1".into(),
            }),
        }
    }
    family(
        &mut out,
        "staticpod_verify_finding",
        "One series per error or warning finding of the last staticpod verify run (findings with the same labels add up); component is empty for node-wide findings.",
        &per_finding,
    );

    let certificates: Vec<Sample> = metrics
        .certificates
        .iter()
        .map(|c| Sample {
            labels: vec![("path", c.path.clone()), ("subject", c.subject.clone())],
            value: c.not_after.to_string(),
        })
        .collect();
    family(
        &mut out,
        "staticpod_certificate_expiry_timestamp_seconds",
        "notAfter of each certificate and kubeconfig client certificate staticpod verify read, in seconds since the Unix epoch.",
        &certificates,
    );

    let manifests: Vec<Sample> = metrics
        .manifests
        .iter()
        .map(|m| Sample {
            labels: vec![
                ("component", m.component.name().to_string()),
                ("image", m.image.clone()),
                ("version", m.version.clone()),
                ("sha256", m.sha256.clone()),
            ],
            value: "1".into(),
        })
        .collect();
    family(
        &mut out,
        "staticpod_manifest_info",
        "The control-plane static pod manifests on this node: image, image tag and SHA-256 of the file (value 1).",
        &manifests,
    );

    family(
        &mut out,
        "staticpod_verify_last_run_timestamp_seconds",
        "When staticpod verify ran (its clock: --now when given), in seconds since the Unix epoch.",
        &[Sample {
            labels: Vec::new(),
            value: metrics.now.to_string(),
        }],
    );
    family(
        &mut out,
        "staticpod_verify_success",
        "1 when the last staticpod verify run found no error-level finding, else 0.",
        &[Sample {
            labels: Vec::new(),
            value: if report.has_errors() { "0" } else { "1" }.into(),
        }],
    );
    out
}

struct Sample {
    labels: Vec<(&'static str, String)>,
    value: String,
}

fn count_value(n: usize) -> String {
    n.to_string()
}

fn add_one(value: &str) -> String {
    value
        .parse::<u64>()
        .map_or_else(|_| value.to_string(), |n| (n + 1).to_string())
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// `# HELP`, `# TYPE … gauge` and the samples; nothing for a family without samples.
fn family(out: &mut String, name: &str, help: &str, samples: &[Sample]) {
    if samples.is_empty() {
        return;
    }
    out.push_str(&format!("# HELP {name} {}\n", escape_help(help)));
    out.push_str(&format!("# TYPE {name} gauge\n"));
    for sample in samples {
        out.push_str(name);
        if !sample.labels.is_empty() {
            let labels: Vec<String> = sample
                .labels
                .iter()
                .map(|(k, v)| format!("{k}=\"{}\"", escape_label(v)))
                .collect();
            out.push_str(&format!("{{{}}}", labels.join(",")));
        }
        out.push_str(&format!(" {}\n", sample.value));
    }
}

/// A label value: backslash, double quote and line feed escaped.
pub fn escape_label(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// HELP text: backslash and line feed escaped.
fn escape_help(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::Finding;

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape_label(r#"a\b"c"#), r#"a\\b\"c"#);
        assert_eq!(escape_label("line\nbreak"), r"line\nbreak");
        assert_eq!(escape_label("plain /etc/x.crt"), "plain /etc/x.crt");
    }

    #[test]
    fn same_labels_add_up_and_info_is_left_out() {
        let finding = |id: &str, severity| Finding {
            id: id.into(),
            severity,
            component: Some("kube-apiserver".into()),
            file: None,
            message: "m".into(),
        };
        let report = Report {
            findings: vec![
                finding("CONSIST-PROBE-PORT", Severity::Error),
                finding("CONSIST-PROBE-PORT", Severity::Error),
                finding("CERT-EXPIRY", Severity::Info),
            ],
        };
        let text = render(&Metrics {
            report: &report,
            certificates: &[],
            manifests: &[],
            now: 1_800_000_000,
            root: Path::new("/"),
        });
        assert!(text.contains("staticpod_verify_finding{id=\"CONSIST-PROBE-PORT\",severity=\"error\",component=\"kube-apiserver\",file=\"\"} 2\n"), "{text}");
        assert!(!text.contains("id=\"CERT-EXPIRY\""), "{text}");
        assert!(text.contains("staticpod_verify_findings{severity=\"info\"} 1\n"));
        assert!(text.contains("staticpod_verify_success 0\n"));
        assert!(text.contains("staticpod_verify_last_run_timestamp_seconds 1800000000\n"));
        assert!(!text.contains("staticpod_certificate_expiry_timestamp_seconds"));
    }
}
