//! `staticpod plan --target-version V`: parse, call [`crate::ops::plan`], print its report.

use super::{exit, manifests_dir, Code, Output};
use crate::cli::{GlobalArgs, OutputFormat, PlanArgs};
use crate::ops::plan::{self, PlanReport, PlanRequest};

pub fn run(global: &GlobalArgs, args: &PlanArgs, out: &Output) -> Code {
    let request = PlanRequest {
        dir: &manifests_dir(global),
        target_version: &args.target_version,
        allow_downgrade: args.allow_downgrade,
    };
    let report = match out.with_say(|say| plan::run(request, say)) {
        Ok(report) => report,
        Err(e) => {
            out.error(&e.to_string());
            return e.exit_code();
        }
    };
    match out.format {
        OutputFormat::Json => out.json_report(&report),
        OutputFormat::Text => out.report(&text(&report)),
    }
    if report.allowed {
        exit::OK
    } else {
        exit::DIFFERENT
    }
}

fn text(plan: &PlanReport) -> String {
    let header = ["COMPONENT", "CURRENT", "TARGET", "VERDICT"].map(String::from);
    let rows = plan.components.iter().map(|r| {
        vec![
            r.component.to_string(),
            r.current.clone(),
            r.target.clone(),
            r.verdict.to_string(),
        ]
    });
    let rows: Vec<Vec<String>> = std::iter::once(header.to_vec()).chain(rows).collect();
    let mut text = super::table::columns(&[25, 14, 14], &rows);
    if plan.allowed {
        let release = plan
            .kubeadm_version
            .as_ref()
            .map(|r| format!(" (manifests as kubeadm {r} writes them)"))
            .unwrap_or_default();
        text += &format!("\nUpgrade to {} is allowed{release}.\n", plan.target);
    } else {
        text += &format!("\nUpgrade to {} is NOT allowed:\n", plan.target);
        for reason in &plan.reasons {
            text += &format!("  - {reason}\n");
        }
    }
    text
}
