//! `verify`: findings about the manifest set ([`crate::verify`]), the drift check's render
//! (node facts from disk, like `diff`), the `--component` filter and the `--textfile-dir`
//! metrics file. Formatting the findings (text, Prometheus, JUnit) is the caller's.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;

use super::{OpError, Say};
use crate::component::Component;
use crate::kubeadm::version::KubeVersion;
use crate::render::RenderRequest;
use crate::verify::{self, drift, report, Check, Options, Profile, Report, Severity};

/// What to verify and how.
#[derive(Debug, Clone)]
pub struct VerifyRequest {
    /// The node root.
    pub root: PathBuf,
    /// The manifests directory.
    pub dir: PathBuf,
    /// The clock for certificate expiry.
    pub now: SystemTime,
    /// Also judge the upgrade path to this version.
    pub target: Option<KubeVersion>,
    /// Default or CIS.
    pub profile: Profile,
    /// Groups of checks not to run.
    pub skip: Vec<Check>,
    /// The render for the drift check (ignored when drift is skipped).
    pub render: Option<RenderRequest>,
    /// Keep only findings about these components (and node-wide ones); all when empty.
    pub components: Vec<Component>,
    /// Compute the Prometheus metrics (`-o prometheus`; always with `textfile_dir`).
    pub metrics: bool,
    /// `--textfile-dir`: write the metrics to `DIR/staticpod.prom`.
    pub textfile_dir: Option<PathBuf>,
}

/// What `verify` found.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The options the checks ran with (the report formats name the manifests directory).
    pub options: Options,
    /// The findings, filtered by component.
    pub report: Report,
    /// The Prometheus metrics (empty unless asked for).
    pub metrics: String,
    /// Writing `--textfile-dir` failed (exit 3); the previous file was left as it was.
    pub textfile_error: Option<OpError>,
}

impl Verified {
    /// The exit code: 3 when the metrics file could not be written, 1 with an error
    /// finding, else 0.
    pub fn exit_code(&self) -> u8 {
        match &self.textfile_error {
            Some(e) => e.exit_code(),
            None if self.report.has_errors() => super::exit::DIFFERENT,
            None => super::exit::OK,
        }
    }

    /// The `-o json` report.
    pub fn json(&self) -> VerifyReport {
        VerifyReport {
            manifests_dir: self.options.manifests_dir.display().to_string(),
            summary: Summary {
                errors: self.report.count(Severity::Error),
                warnings: self.report.count(Severity::Warning),
                info: self.report.count(Severity::Info),
            },
            findings: self
                .report
                .findings
                .iter()
                .map(|f| FindingReport {
                    id: f.id.clone(),
                    severity: f.severity,
                    component: f.component.clone(),
                    file: f.file.as_ref().map(|p| p.display().to_string()),
                    message: f.message.clone(),
                })
                .collect(),
        }
    }
}

/// `verify -o json`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyReport {
    /// The manifests directory verified.
    pub manifests_dir: String,
    /// How many findings of each severity.
    pub summary: Summary,
    /// The findings, node-wide first, then by component.
    pub findings: Vec<FindingReport>,
}

/// Findings per severity.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Errors (exit 1).
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Informational findings.
    pub info: usize,
}

/// One finding (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub struct FindingReport {
    /// Stable id, e.g. `CERT-EXPIRED`.
    pub id: String,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// The component, or null for node-wide findings.
    pub component: Option<String>,
    /// The file the finding is about.
    pub file: Option<String>,
    /// One line, including the fix.
    pub message: String,
}

/// Run the checks. Notes and warnings (the drift render's) go through `say`; a metrics file
/// that cannot be written is reported in [`Verified::textfile_error`] so the findings still
/// print. Err: bad input (exit 2).
pub fn run(request: VerifyRequest, say: &Say<'_>) -> Result<Verified, OpError> {
    if let Some(textfile_dir) = &request.textfile_dir {
        if !textfile_dir.is_dir() {
            return Err(OpError::BadInput(format!(
                "--textfile-dir {}: no such directory; create it (node_exporter's --collector.textfile.directory)",
                textfile_dir.display()
            )));
        }
    }
    let dir = request.dir;
    if !dir.is_dir() {
        // Before rendering: a missing directory is the problem to report, not the render.
        return Err(OpError::BadInput(
            verify::VerifyError::NoManifestsDir(dir).to_string(),
        ));
    }
    let rendered = match request.render {
        Some(render) if !request.skip.contains(&Check::Drift) => {
            Some(rendered(render, &dir, say).map_err(OpError::BadInput)?)
        }
        _ => None,
    };
    let options = Options {
        root: request.root,
        manifests_dir: dir,
        now: request.now,
        target: request.target,
        profile: request.profile,
        skip: request.skip,
        rendered,
    };
    let mut report = verify::verify(&options).map_err(|e| OpError::BadInput(e.to_string()))?;
    if !request.components.is_empty() {
        report.findings.retain(|f| match &f.component {
            None => true,
            Some(name) => request.components.iter().any(|c| c.name() == name),
        });
    }
    // Computed once: `-o prometheus` prints what `--textfile-dir` writes.
    let metrics = if request.metrics || request.textfile_dir.is_some() {
        report::metrics(&options, &report)
    } else {
        String::new()
    };
    let textfile_error = request
        .textfile_dir
        .as_deref()
        .and_then(|dir| write_textfile(dir, &metrics, say).err());
    Ok(Verified {
        options,
        report,
        metrics,
        textfile_error,
    })
}

/// `--textfile-dir`: `DIR/staticpod.prom`, atomically (temp file in DIR, fsync, rename, fsync
/// of DIR); on failure the previous file is left as it was (exit 3).
fn write_textfile(dir: &Path, metrics: &str, say: &Say<'_>) -> Result<(), OpError> {
    let target = dir.join(report::TEXTFILE_NAME);
    let written = crate::fsx::write_set(&[(target.clone(), metrics.as_bytes().to_vec())], 0o644);
    if let Some(e) = written.error {
        return Err(OpError::FailedRestored(format!(
            "--textfile-dir: {e}; {} was left as it was",
            target.display()
        )));
    }
    (say.note)(&format!("wrote {}", target.display()));
    Ok(())
}

/// The render for the drift check, with node facts taken from disk like `diff` does.
fn rendered(request: RenderRequest, dir: &Path, say: &Say<'_>) -> Result<drift::Rendered, String> {
    let (_, rendered) = super::diff::render_for_node(request, dir, say)?;
    Ok(drift::Rendered {
        release: format!("kubeadm {}", rendered.release),
        manifests: rendered
            .manifests
            .iter()
            .map(|m| (m.component, m.yaml.clone()))
            .collect(),
    })
}
