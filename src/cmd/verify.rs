//! `staticpod verify`: parse, call [`crate::ops::verify`], print its findings (text,
//! `-o json`, `-o prometheus`, `-o junit`).

use std::time::SystemTime;

use super::{exit, manifests_dir, Code, Output};
use crate::cli::{GlobalArgs, OutputChoice, SkipCheck, VerifyArgs, VerifyProfile};
use crate::component::Component;
use crate::kubeadm::version::KubeVersion;
use crate::ops::{self, verify::VerifyRequest};
use crate::verify::{report, Check, Finding, Profile, Report, Severity};

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
    let render = match &args.input.config {
        Some(_) if !skip.contains(&Check::Drift) => {
            match super::render::request(global, &args.input) {
                Ok(request) => Some(request),
                Err(message) => {
                    out.error(&message);
                    return exit::BAD_INPUT;
                }
            }
        }
        _ => None,
    };
    let request = VerifyRequest {
        root: global.root.clone(),
        dir: manifests_dir(global),
        now,
        target,
        profile: match args.profile {
            VerifyProfile::Default => Profile::Default,
            VerifyProfile::Cis => Profile::Cis,
        },
        skip,
        render,
        components: selected,
        metrics: out.choice == OutputChoice::Prometheus,
        textfile_dir: args.textfile_dir.clone(),
    };
    let verified = match out.with_say(|say| ops::verify::run(request, say)) {
        Ok(verified) => verified,
        Err(e) => {
            out.error(&e.to_string());
            return e.exit_code();
        }
    };
    let (options, report) = (&verified.options, &verified.report);
    match out.choice {
        OutputChoice::Prometheus => out.stdout(&verified.metrics),
        OutputChoice::Junit => out.stdout(&report::junit(options, report)),
        OutputChoice::Json => out.json_report(&verified.json()),
        OutputChoice::Text => out.report(&text(report, &options.manifests_dir, out)),
    }
    if let Some(e) = &verified.textfile_error {
        out.error(&e.to_string());
    }
    verified.exit_code()
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
