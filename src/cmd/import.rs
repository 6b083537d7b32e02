//! `staticpod import`: infer the kubeadm configuration (and patches) that reproduces the
//! manifests on disk; print or write it once the self-check passed.

use std::path::{Path, PathBuf};

use super::{exit, manifests_dir, Code, Output};
use crate::cli::{GlobalArgs, ImportApi, ImportArgs, OutputFormat};
use crate::component::Component;
use crate::config::ConfigApi;
use crate::fsx;
use crate::import::{self, ImportReport, ImportRequest};
use crate::render::patches::{parse_file_name, FileName};

pub fn run(global: &GlobalArgs, args: &ImportArgs, out: &Output) -> Code {
    let request = match request(global, args) {
        Ok(request) => request,
        Err(message) => {
            out.error(&message);
            return exit::BAD_INPUT;
        }
    };
    let report = match import::import(&request) {
        Ok(report) => report,
        Err(e) => {
            out.error(&e.to_string());
            return exit::BAD_INPUT;
        }
    };
    for warning in &report.warnings {
        out.warn(warning);
    }
    for c in &report.components {
        out.note(&summary(c));
    }

    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if let Some(path) = &args.out {
        files.push((path.clone(), report.config.clone().into_bytes()));
    }
    if let Some(dir) = &args.patches_out {
        if let Err(message) = check_patch_dir(dir, &report) {
            out.error(&message);
            return exit::BAD_INPUT;
        }
    }
    let patches_written = match &args.patches_out {
        Some(dir) if !report.patches.is_empty() => {
            if let Err(e) = fs_err::create_dir_all(dir) {
                out.error(&format!("--patches-out: {e}"));
                return exit::FAILED_RESTORED;
            }
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
        let written = fsx::write_set(&files, 0o600);
        if let Some(error) = &written.error {
            out.error(&error.to_string());
            for path in &written.written {
                out.error(&format!(
                    "{} was written before the failure",
                    path.display()
                ));
            }
            return if written.written.is_empty() {
                exit::FAILED_RESTORED
            } else {
                exit::FAILED_PARTIAL
            };
        }
        for path in &written.written {
            out.note(&format!("wrote {}", path.display()));
        }
    }
    match out.format {
        OutputFormat::Json => match serde_json::to_value(&report) {
            Ok(value) => out.json(&value),
            Err(e) => {
                out.error(&format!("cannot encode the report as JSON: {e}"));
                return exit::BAD_INPUT;
            }
        },
        OutputFormat::Text if args.out.is_none() => out.stdout(&report.config),
        OutputFormat::Text => {}
    }
    report.exit_code(patches_written)
}

fn request(global: &GlobalArgs, args: &ImportArgs) -> Result<ImportRequest, String> {
    let mut components = Vec::new();
    for name in &args.components {
        let component: Component = name.parse()?;
        if !components.contains(&component) {
            components.push(component);
        }
    }
    Ok(ImportRequest {
        manifests_dir: manifests_dir(global),
        root: global.root.clone(),
        components,
        kubeadm_version: args.kubeadm_version.clone(),
        api: args.api.map(|api| match api {
            ImportApi::V1beta3 => ConfigApi::V1beta3,
            ImportApi::V1beta4 => ConfigApi::V1beta4,
        }),
        full: args.full,
        configmap: args.configmap,
        patches_dir: args.patches_out.clone(),
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

fn summary(c: &import::ComponentReport) -> String {
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
        import::Reproduced::Identical => "reproduced byte for byte",
        import::Reproduced::Cosmetic => "reproduced up to formatting",
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
