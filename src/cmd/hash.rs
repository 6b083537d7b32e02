//! `staticpod hash [FILE…]` and `staticpod hash --check SUMS`: parse, call
//! [`crate::ops::hash`], print its report.

use super::{exit, manifests_dir, Code, Output};
use crate::cli::{GlobalArgs, HashArgs, OutputFormat};
use crate::ops::hash::{self, escape_name, CheckReport, Checked, HashReport};

pub fn run(global: &GlobalArgs, args: &HashArgs, out: &Output) -> Code {
    match &args.check {
        Some(sums) => match out.with_say(|say| hash::check(sums, say)) {
            Ok(report) => print_check(&report, out),
            Err(e) => {
                out.error(&e.to_string());
                e.exit_code()
            }
        },
        None => {
            let dir = manifests_dir(global);
            match out.with_say(|say| hash::hash(&dir, &args.files, say)) {
                Ok(report) => print_hash(&report, out),
                Err(e) => {
                    out.error(&e.to_string());
                    e.exit_code()
                }
            }
        }
    }
}

fn print_hash(report: &HashReport, out: &Output) -> Code {
    match out.format {
        OutputFormat::Json => out.json_report(report),
        OutputFormat::Text => {
            let text: String = report
                .files
                .iter()
                .map(|f| {
                    // GNU's escaping, so that `hash --check` (and `sha256sum -c` for the
                    // two-column form) read a name with `\` or a line break back.
                    let (mark, name) = escape_name(&f.path);
                    format!(
                        "{mark}{}  {}  {name}\n",
                        f.sha256,
                        f.semantic.as_deref().unwrap_or("-")
                    )
                })
                .collect();
            out.stdout(&text);
        }
    }
    exit::OK
}

fn print_check(report: &CheckReport, out: &Output) -> Code {
    match out.format {
        OutputFormat::Json => out.json_report(report),
        OutputFormat::Text => {
            let text: String = report
                .files
                .iter()
                .map(|f| {
                    let painted = if f.checked == Checked::Ok {
                        out.paint(32, f.status)
                    } else {
                        out.paint(31, f.status)
                    };
                    let (mark, name) = escape_name(&f.path);
                    format!("{mark}{name}: {painted}\n")
                })
                .collect();
            out.stdout(&text);
        }
    }
    // GNU's two summary lines: a file that could not be read did not "not match".
    let (mismatched, unreadable) = (report.mismatched(), report.unreadable());
    if unreadable > 0 {
        let files = if unreadable == 1 { "file" } else { "files" };
        out.warn(&format!("{unreadable} listed {files} could not be read"));
    }
    if mismatched > 0 {
        let sums = if mismatched == 1 {
            "checksum"
        } else {
            "checksums"
        };
        out.warn(&format!("{mismatched} computed {sums} did NOT match",));
    }
    if report.ok {
        exit::OK
    } else {
        exit::DIFFERENT
    }
}
