//! Rendering an import again from its texts alone (the configuration and the patch files, as
//! `staticpod render --patches` reads them): the independent proof the tests and the fuzz
//! target use that the self-check did not lie.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::check::{CONFIG_NAME, PLACEHOLDER_ADDRESS};
use super::{ImportReport, ImportRequest};
use crate::component::Component;
use crate::config::{self, NodeOverrides};
use crate::render::patches::{self, PatchFile, PatchSet};
use crate::render::{self, RenderRequest};

/// Render a report's configuration text and patch files again, from their text alone (as
/// `staticpod render --patches` reads them): each rendered manifest by component. For tests
/// and the fuzz target, which prove the self-check did not lie.
pub fn rerender(
    request: &ImportRequest,
    report: &ImportReport,
) -> Result<BTreeMap<Component, String>, String> {
    let mut set = PatchSet::default();
    for patch in &report.patches {
        let FileNameKind { target, kind } = parse_patch_name(&patch.file_name)?;
        set.files.push(PatchFile {
            path: PathBuf::from(&patch.file_name),
            target,
            kind,
            patches: patches::split_documents(&patch.content)?
                .iter()
                .map(|d| patches::yaml_to_json(d))
                .collect::<Result<_, _>>()?,
        });
    }
    let components: Vec<Component> = report
        .components
        .iter()
        .map(|c| c.component.parse::<Component>())
        .collect::<Result<_, _>>()?;
    let advertise =
        (!report.config.contains("advertiseAddress")).then(|| PLACEHOLDER_ADDRESS.to_string());
    let loaded = config::load_str(
        Path::new(CONFIG_NAME),
        &report.config,
        &NodeOverrides {
            advertise_address: advertise,
            ..Default::default()
        },
    )
    .map_err(|e| e.to_string())?;
    let render_request = RenderRequest {
        config: CONFIG_NAME.into(),
        kubeadm_version: Some(report.kubeadm_version.clone()),
        root: request.root.clone(),
        components,
        patch_set: Some(set),
        ..Default::default()
    };
    let rendered = render::render_loaded(&render_request, loaded).map_err(|e| e.to_string())?;
    Ok(rendered
        .manifests
        .into_iter()
        .map(|m| (m.component, m.yaml))
        .collect())
}

struct FileNameKind {
    target: String,
    kind: patches::PatchKind,
}

fn parse_patch_name(name: &str) -> Result<FileNameKind, String> {
    match patches::parse_file_name(name) {
        patches::FileName::Patch { target, kind } => Ok(FileNameKind {
            target: target.to_string(),
            kind,
        }),
        _ => Err(format!("{name}: not a kubeadm patch file name")),
    }
}
