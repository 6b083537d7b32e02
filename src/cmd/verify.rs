//! `staticpod verify`: findings about the manifest set, grouped by component.

use std::time::SystemTime;

use serde_json::json;

use super::{exit, manifests_dir, Code, Output};
use crate::cli::{GlobalArgs, OutputChoice, SkipCheck, VerifyArgs, VerifyProfile};
use crate::component::Component;
use crate::kubeadm::version::KubeVersion;
use crate::verify::{self, drift, report, Check, Finding, Options, Profile, Report, Severity};

pub fn run(global: &GlobalArgs, args: &VerifyArgs, out: &Output) -> Code {
    let target = match args.target_version.as_deref().map(KubeVersion::parse) {
        None => None,
        Some(Ok(v)) => Some(v),
        Some(Err(e)) => {
            out.error(&format!("--target-version: {e}"));
            return exit::BAD_INPUT;
        }
    };
    let now = match args.now.as_deref().map(parse_time) {
        None => SystemTime::now(),
        Some(Ok(t)) => t,
        Some(Err(message)) => {
            out.error(&message);
            return exit::BAD_INPUT;
        }
    };
    let mut selected = Vec::new();
    for name in &args.input.components {
        match name.parse::<Component>() {
            Ok(c) => selected.push(c),
            Err(e) => {
                out.error(&format!("--component: {e}"));
                return exit::BAD_INPUT;
            }
        }
    }
    let dir = manifests_dir(global);
    let skip: Vec<Check> = args
        .skip
        .iter()
        .map(|s| match s {
            SkipCheck::Strays => Check::Strays,
            SkipCheck::Skew => Check::Skew,
            SkipCheck::Consistency => Check::Consistency,
            SkipCheck::Files => Check::Files,
            SkipCheck::Drift => Check::Drift,
        })
        .collect();
    if let Some(textfile_dir) = &args.textfile_dir {
        if !textfile_dir.is_dir() {
            out.error(&format!(
                "--textfile-dir {}: no such directory; create it (node_exporter's --collector.textfile.directory)",
                textfile_dir.display()
            ));
            return exit::BAD_INPUT;
        }
    }
    if !dir.is_dir() {
        // Before rendering: a missing directory is the problem to report, not the render.
        out.error(&verify::VerifyError::NoManifestsDir(dir).to_string());
        return exit::BAD_INPUT;
    }
    let rendered = match (&args.input.config, skip.contains(&Check::Drift)) {
        (Some(_), false) => match rendered(global, args, &dir, out) {
            Ok(r) => Some(r),
            Err(message) => {
                out.error(&message);
                return exit::BAD_INPUT;
            }
        },
        _ => None,
    };
    let options = Options {
        root: global.root.clone(),
        manifests_dir: dir,
        now,
        target,
        profile: match args.profile {
            VerifyProfile::Default => Profile::Default,
            VerifyProfile::Cis => Profile::Cis,
        },
        skip,
        rendered,
    };
    let mut report = match verify::verify(&options) {
        Ok(report) => report,
        Err(e) => {
            out.error(&e.to_string());
            return exit::BAD_INPUT;
        }
    };
    if !selected.is_empty() {
        report.findings.retain(|f| match &f.component {
            None => true,
            Some(name) => selected.iter().any(|c| c.name() == name),
        });
    }
    // Computed once: `-o prometheus` prints what `--textfile-dir` writes.
    let metrics = if out.choice == OutputChoice::Prometheus || args.textfile_dir.is_some() {
        report::metrics(&options, &report)
    } else {
        String::new()
    };
    match out.choice {
        OutputChoice::Prometheus => out.stdout(&metrics),
        OutputChoice::Junit => out.stdout(&report::junit(&options, &report)),
        OutputChoice::Json => out.json(&to_json(&report, &options)),
        OutputChoice::Text => out.report(&text(&report, &options.manifests_dir, out)),
    }
    if let Some(textfile_dir) = &args.textfile_dir {
        if let Err(code) = write_textfile(textfile_dir, metrics, out) {
            return code;
        }
    }
    if report.has_errors() {
        exit::DIFFERENT
    } else {
        exit::OK
    }
}

/// `--textfile-dir`: `DIR/staticpod.prom`, atomically (temp file in DIR, fsync, rename, fsync
/// of DIR); on failure the previous file is left as it was (exit 3).
fn write_textfile(dir: &std::path::Path, metrics: String, out: &Output) -> Result<(), Code> {
    let target = dir.join(report::TEXTFILE_NAME);
    let written = crate::fsx::write_set(&[(target.clone(), metrics.into_bytes())], 0o644);
    if let Some(e) = written.error {
        out.error(&format!(
            "--textfile-dir: {e}; {} was left as it was",
            target.display()
        ));
        return Err(exit::FAILED_RESTORED);
    }
    out.note(&format!("wrote {}", target.display()));
    Ok(())
}

/// The render for the drift check, with node facts taken from disk like `diff` does.
fn rendered(
    global: &GlobalArgs,
    args: &VerifyArgs,
    dir: &std::path::Path,
    out: &Output,
) -> Result<drift::Rendered, String> {
    let request = super::render::request(global, &args.input)?;
    let (_, rendered) = out.with_say(|say| crate::ops::diff::render_for_node(request, dir, say))?;
    Ok(drift::Rendered {
        release: format!("kubeadm {}", rendered.release),
        manifests: rendered
            .manifests
            .iter()
            .map(|m| (m.component, m.yaml.clone()))
            .collect(),
    })
}

pub fn to_json(report: &Report, options: &Options) -> serde_json::Value {
    json!({
        "manifestsDir": options.manifests_dir.display().to_string(),
        "summary": {
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "info": report.count(Severity::Info),
        },
        "findings": report.findings.iter().map(|f| json!({
            "id": f.id,
            "severity": f.severity,
            "component": f.component,
            "file": f.file.as_ref().map(|p| p.display().to_string()),
            "message": f.message,
        })).collect::<Vec<_>>(),
    })
}

/// Findings grouped by component (node-wide first), then a summary line.
pub fn text(report: &Report, manifests_dir: &std::path::Path, out: &Output) -> String {
    let mut text = String::new();
    let mut current: Option<Option<&str>> = None;
    for f in &report.findings {
        let group = f.component.as_deref();
        if current != Some(group) {
            if current.is_some() {
                text.push('\n');
            }
            let heading = match group {
                None => "node".to_string(),
                Some(name) => {
                    format!(
                        "{name} ({})",
                        manifests_dir.join(format!("{name}.yaml")).display()
                    )
                }
            };
            text += &format!("{heading}\n");
            current = Some(group);
        }
        text += &line(f, out);
    }
    if !report.findings.is_empty() {
        text.push('\n');
    }
    let errors = report.count(Severity::Error);
    let summary = format!(
        "{} error(s), {} warning(s), {} info\n",
        errors,
        report.count(Severity::Warning),
        report.count(Severity::Info)
    );
    text += &if errors > 0 {
        out.paint(31, &summary)
    } else {
        out.paint(32, &summary)
    };
    text
}

fn line(f: &Finding, out: &Output) -> String {
    let (color, label) = match f.severity {
        Severity::Error => (31, "error  "),
        Severity::Warning => (33, "warning"),
        Severity::Info => (36, "info   "),
    };
    // The component's own manifest is implied by the group; other files are named.
    let own_manifest = |p: &std::path::Path| {
        f.component.as_deref().is_some_and(|c| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy() == format!("{c}.yaml"))
        })
    };
    let file = f
        .file
        .as_deref()
        .filter(|p| !own_manifest(p))
        .map(|p| format!(" [{}]", p.display()))
        .unwrap_or_default();
    format!(
        "  {} {}: {}{file}\n",
        out.paint(color, label),
        f.id,
        f.message
    )
}

/// `--now`: an RFC 3339 time.
fn parse_time(text: &str) -> Result<SystemTime, String> {
    let parsed = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map_err(|e| {
            format!("--now {text:?}: {e}; expected RFC 3339, e.g. 2027-01-15T00:00:00Z")
        })?;
    let nanos = parsed.unix_timestamp_nanos();
    let magnitude =
        std::time::Duration::from_nanos(u64::try_from(nanos.unsigned_abs()).unwrap_or(u64::MAX));
    Ok(if nanos >= 0 {
        SystemTime::UNIX_EPOCH + magnitude
    } else {
        SystemTime::UNIX_EPOCH - magnitude
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_rfc3339() {
        let t = parse_time("2027-01-15T00:00:00Z").expect("time");
        assert_eq!(
            t.duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .ok(),
            Some(1_799_971_200)
        );
        assert!(parse_time("2027-01-15").is_err());
        assert!(parse_time("tomorrow").is_err());
    }
}
