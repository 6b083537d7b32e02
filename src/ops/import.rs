//! `import`: infer the kubeadm configuration (and patches) that reproduces the manifests on
//! disk ([`crate::import`]), then write it once the self-check passed.

use std::path::{Path, PathBuf};

use super::output_files::{self, WriteError};
use super::{OpError, Say};
use crate::import::{self, ComponentReport, ImportReport, ImportRequest, Reproduced};
use crate::render::patches::{parse_file_name, FileName};

/// What an import found and wrote; `report` is what `-o json` prints.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The checked configuration, patches and per-component findings.
    pub report: ImportReport,
    /// Whether the patches were written (`--patches-out`).
    pub patches_written: bool,
}

impl Imported {
    /// 0, or 1 when a component is only reproduced up to formatting or needs patches that
    /// were not written.
    pub fn exit_code(&self) -> u8 {
        self.report.exit_code(self.patches_written)
    }
}

/// Import; write the configuration to `out` and the patches to the request's `patches_dir`
/// when given (atomically, mode 0600). Warnings and a one-line summary per component (a
/// note) go through `say`. Err: bad input (exit 2), nothing written (exit 3), some files
/// written (exit 4).
pub fn run(
    request: &ImportRequest,
    out: Option<&Path>,
    say: &Say<'_>,
) -> Result<Imported, WriteError> {
    let report = import::import(request).map_err(|e| OpError::BadInput(e.to_string()))?;
    for warning in &report.warnings {
        (say.warn)(warning);
    }
    for c in &report.components {
        (say.note)(&summary(c));
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if let Some(path) = out {
        files.push((path.to_path_buf(), report.config.clone().into_bytes()));
    }
    if let Some(dir) = &request.patches_dir {
        check_patch_dir(dir, &report).map_err(OpError::BadInput)?;
    }
    let patches_written = match &request.patches_dir {
        Some(dir) if !report.patches.is_empty() => {
            fs_err::create_dir_all(dir)
                .map_err(|e| OpError::FailedRestored(format!("--patches-out: {e}")))?;
            for patch in &report.patches {
                files.push((
                    dir.join(&patch.file_name),
                    patch.content.clone().into_bytes(),
                ));
            }
            true
        }
        _ => false,
    };
    if !files.is_empty() {
        output_files::write(&files, 0o600, say)?;
    }
    Ok(Imported {
        report,
        patches_written,
    })
}

/// Another patch file for an imported component in `--patches-out` would be applied by
/// kubeadm too, and the self-check did not include it: refuse rather than write.
fn check_patch_dir(dir: &Path, report: &ImportReport) -> Result<(), String> {
    let entries = match fs_err::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("--patches-out: {e}")),
    };
    for entry in entries {
        let entry = entry.map_err(|e| format!("--patches-out: {e}"))?;
        let name = entry.file_name().to_string_lossy().to_string();
        let FileName::Patch { target, .. } = parse_file_name(&name) else {
            continue;
        };
        let imported = report.components.iter().any(|c| c.component == target);
        let ours = report.patches.iter().any(|p| p.file_name == name);
        if imported && !ours {
            return Err(format!(
                "{}: kubeadm would apply this patch to {target} too, and the import was checked \
                 without it; move it away or choose another --patches-out",
                entry.path().display()
            ));
        }
    }
    Ok(())
}

/// One line per component: how it was reproduced, and with what.
fn summary(c: &ComponentReport) -> String {
    let mut parts = Vec::new();
    for (label, names) in [
        ("extraArgs", &c.extra_args),
        ("extraVolumes", &c.extra_volumes),
        ("extraEnvs", &c.extra_envs),
    ] {
        if !names.is_empty() {
            parts.push(format!("{label} {}", names.join(",")));
        }
    }
    if let Some(patch) = &c.patch {
        parts.push(format!("patch {patch}"));
    }
    let reproduced = match c.reproduced {
        Reproduced::Identical => "reproduced byte for byte",
        Reproduced::Cosmetic => "reproduced up to formatting",
    };
    if parts.is_empty() {
        format!(
            "{}: {reproduced} by the configuration's defaults",
            c.component
        )
    } else {
        format!("{}: {reproduced} with {}", c.component, parts.join("; "))
    }
}
