//! `staticpod diff`: parse, call [`crate::ops::diff`], print its report.

use super::{exit, manifests_dir, Code, Output};
use crate::cli::{DiffArgs, GlobalArgs, OutputFormat};
use crate::diff::Status;
use crate::ops::diff::{self, DiffComponent, DiffRequest};

pub fn run(global: &GlobalArgs, args: &DiffArgs, out: &Output) -> Code {
    let render = match super::render::request(global, &args.input) {
        Ok(request) => request,
        Err(message) => {
            out.error(&message);
            return exit::BAD_INPUT;
        }
    };
    let request = DiffRequest {
        dir: &manifests_dir(global),
        render,
        context: args.context,
    };
    let report = match out.with_say(|say| diff::run(request, say)) {
        Ok(report) => report,
        Err(e) => {
            out.error(&e.to_string());
            return e.exit_code();
        }
    };
    match out.format {
        OutputFormat::Json => out.json_report(&report),
        OutputFormat::Text => out.stdout(&text(&report.components, out)),
    }
    if report.differs() {
        exit::DIFFERENT
    } else {
        exit::OK
    }
}

fn text(rows: &[DiffComponent], out: &Output) -> String {
    let mut text = String::new();
    for r in rows {
        let status = r.status;
        let (color, effect) = match (r.verdict_status, r.restart) {
            (Status::Unchanged, _) => (32, ""),
            (Status::Cosmetic, _) => (36, "no restart"),
            (_, true) => (31, "restart"),
            (_, false) => (33, "no restart"),
        };
        text += &format!(
            "{:<25} {} {:<11} {}\n",
            r.component,
            out.paint(color, &format!("{status:<10}")),
            effect,
            r.path
        );
        for reason in &r.reasons {
            text += &format!("    {}\n", out.symbols(reason));
        }
        if r.hand_edited {
            text += "    hand edits here are dropped by the next `kubeadm upgrade`; \
                     `staticpod import --patches-out DIR` writes the config and patches that keep them\n";
        }
    }
    for r in rows.iter().filter(|r| !r.diff.is_empty()) {
        text.push('\n');
        for line in r.diff.lines() {
            let painted = match line.chars().next() {
                Some('+') if !line.starts_with("+++") => out.paint(32, line),
                Some('-') if !line.starts_with("---") => out.paint(31, line),
                Some('@') => out.paint(36, line),
                _ => line.to_string(),
            };
            text += &painted;
            text.push('\n');
        }
    }
    text
}
