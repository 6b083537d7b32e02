//! `staticpod plan --target-version V`.

use serde_json::json;

use super::{exit, manifests_dir, Code, Output};
use crate::cli::{GlobalArgs, OutputFormat, PlanArgs};
use crate::component::Component;
use crate::kubeadm::version::KubeVersion;
use crate::manifest::ManifestFile;
use crate::plan::{self, Current};

pub fn run(global: &GlobalArgs, args: &PlanArgs, out: &Output) -> Code {
    let target = match KubeVersion::parse(&args.target_version) {
        Ok(v) => v,
        Err(e) => {
            out.error(&format!("--target-version: {e}"));
            return exit::BAD_INPUT;
        }
    };
    let dir = manifests_dir(global);
    if !dir.is_dir() {
        out.error(&format!(
            "{}: no such manifests directory (see --root / --manifests-dir)",
            dir.display()
        ));
        return exit::BAD_INPUT;
    }
    let current: Vec<Current> = Component::ALL
        .into_iter()
        .map(|component| read_current(&dir.join(component.file_name()), component))
        .collect();
    let plan = plan::plan(&current, &target, args.allow_downgrade);
    for note in &plan.notes {
        out.note(note);
    }
    match out.format {
        OutputFormat::Json => out.json(&json!({
            "target": plan.target.to_string(),
            "kubeadmVersion": plan.release.map(|r| r.to_string()),
            "allowed": plan.allowed(),
            "reasons": plan.reasons,
            "notes": plan.notes,
            "components": plan.rows.iter().map(|r| json!({
                "component": r.component.name(),
                "current": r.current,
                "target": r.target,
                "verdict": r.verdict.as_str(),
            })).collect::<Vec<_>>(),
        })),
        OutputFormat::Text => {
            // Columns as wide as their longest value (a long "current" such as a reason for
            // "unknown" must not run into the next column).
            let width = |min: usize, values: &mut dyn Iterator<Item = usize>| {
                values.max().unwrap_or(0).max(min)
            };
            let current = width(14, &mut plan.rows.iter().map(|r| r.current.chars().count()));
            let target = width(14, &mut plan.rows.iter().map(|r| r.target.chars().count()));
            let mut text = format!(
                "{:<25} {:<current$} {:<target$} {}\n",
                "COMPONENT", "CURRENT", "TARGET", "VERDICT"
            );
            for r in &plan.rows {
                text += &format!(
                    "{:<25} {:<current$} {:<target$} {}\n",
                    r.component.name(),
                    r.current,
                    r.target,
                    r.verdict.as_str()
                );
            }
            if plan.allowed() {
                let release = plan
                    .release
                    .map(|r| format!(" (manifests as kubeadm {r} writes them)"))
                    .unwrap_or_default();
                text += &format!("\nUpgrade to {} is allowed{release}.\n", plan.target);
            } else {
                text += &format!("\nUpgrade to {} is NOT allowed:\n", plan.target);
                for reason in &plan.reasons {
                    text += &format!("  - {reason}\n");
                }
            }
            out.stdout(&text);
        }
    }
    if plan.allowed() {
        exit::OK
    } else {
        exit::DIFFERENT
    }
}

fn read_current(path: &std::path::Path, component: Component) -> Current {
    let missing = |why: String| Current {
        component,
        version: Err(why),
        tag: None,
    };
    let file = match ManifestFile::read(path) {
        Ok(file) => file,
        Err(_) if !path.exists() => return missing("absent".into()),
        Err(e) => return missing(format!("unreadable: {e}")),
    };
    if let Err(e) = &file.decoded {
        return missing(format!("invalid manifest: {e}"));
    }
    Current::from_image(component, file.image())
}
