//! `staticpod hash [FILE…]` and `staticpod hash --check SUMS`.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::{exit, manifests_dir, Code, Output};
use crate::cli::{GlobalArgs, HashArgs, OutputFormat};
use crate::fsx::read::{read, read_to_string, Limit, ReadError};
use crate::manifest::{self, sha256_hex};

pub fn run(global: &GlobalArgs, args: &HashArgs, out: &Output) -> Code {
    match &args.check {
        Some(sums) => check(sums, out),
        None => hash(global, &args.files, out),
    }
}

fn hash(global: &GlobalArgs, files: &[PathBuf], out: &Output) -> Code {
    let files: Vec<PathBuf> = if files.is_empty() {
        let dir = manifests_dir(global);
        match manifest_files(&dir) {
            Ok(files) => files,
            Err(e) => {
                out.error(&format!("{}: {e}", dir.display()));
                return exit::BAD_INPUT;
            }
        }
    } else {
        files.to_vec()
    };
    let mut rows = Vec::new();
    for path in &files {
        let bytes = match read(path, Limit::MANIFEST) {
            Ok(bytes) => bytes,
            Err(e) => {
                out.error(&e.to_string());
                return exit::BAD_INPUT;
            }
        };
        let (semantic, error) = match manifest::decode(&bytes) {
            Ok(decoded) => (Some(manifest::semantic_digest(&decoded)), None),
            Err(e) => {
                out.warn(&format!(
                    "{}: not a valid static pod, no semantic digest: {e}",
                    path.display()
                ));
                (None, Some(e.to_string()))
            }
        };
        rows.push((path.clone(), sha256_hex(&bytes), semantic, error));
    }
    match out.format {
        OutputFormat::Json => out.json(&json!({
            "files": rows.iter().map(|(path, sha, semantic, error)| json!({
                "path": path.display().to_string(),
                "sha256": sha,
                "semantic": semantic,
                "error": error,
            })).collect::<Vec<_>>(),
        })),
        OutputFormat::Text => {
            let text: String = rows
                .iter()
                .map(|(path, sha, semantic, _)| {
                    // GNU's escaping, so that `hash --check` (and `sha256sum -c` for the
                    // two-column form) read a name with `\` or a line break back.
                    let (mark, name) = escape_name(&path.display().to_string());
                    format!(
                        "{mark}{sha}  {}  {name}\n",
                        semantic.as_deref().unwrap_or("-")
                    )
                })
                .collect();
            out.stdout(&text);
        }
    }
    exit::OK
}

/// Every file the kubelet would read in `dir` (no dot-files, no directories), sorted.
fn manifest_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs_err::read_dir(dir)?
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// GNU coreutils' escaping of a file name in a checksum line: when the name holds `\\`, a line
/// feed or a carriage return, the line starts with `\\` and those become `\\\\`, `\\n`, `\\r`.
fn escape_name(name: &str) -> (&'static str, String) {
    if !name.contains(['\\', '\n', '\r']) {
        return ("", name.to_string());
    }
    let escaped = name
        .replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r");
    ("\\", escaped)
}

fn unescape_name(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            _ => return None,
        }
    }
    Some(out)
}

/// One line of a checksum list: `sha256sum`'s `<64 hex>  <path>` (text) or `<64 hex> *<path>`
/// (binary), or `staticpod hash`'s own `<64 hex>  <semantic digest or ->  <path>`; either
/// with GNU's leading `\\` for an escaped name.
fn parse_sum_line(line: &str) -> Option<(String, String)> {
    let (escaped, line) = match line.strip_prefix('\\') {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let (hex, rest) = line.split_at_checked(64)?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let mut path = rest
        .strip_prefix("  ")
        .or_else(|| rest.strip_prefix(" *"))?;
    // staticpod's three columns: the semantic digest (64 hex) or `-`, two spaces, the path.
    let semantic = path.split_once("  ").filter(|(digest, _)| {
        *digest == "-" || (digest.len() == 64 && digest.chars().all(|c| c.is_ascii_hexdigit()))
    });
    if let Some((_, rest)) = semantic {
        path = rest;
    }
    let path = if escaped {
        unescape_name(path)?
    } else {
        path.to_string()
    };
    (!path.is_empty()).then(|| (hex.to_ascii_lowercase(), path))
}

/// How one listed file checked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Checked {
    Ok,
    Mismatch,
    Unreadable,
}

fn check(sums: &Path, out: &Output) -> Code {
    let text = match read_to_string(sums, Limit::LIST) {
        Ok(text) => text,
        Err(e) => {
            out.error(&e.to_string());
            return exit::BAD_INPUT;
        }
    };
    let mut results = Vec::new();
    let mut malformed = 0;
    for (number, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let Some((want, path)) = parse_sum_line(line) else {
            malformed += 1;
            out.warn(&format!(
                "{}: line {}: not in sha256sum format",
                sums.display(),
                number + 1
            ));
            continue;
        };
        let status = match read(Path::new(&path), Limit::MANIFEST) {
            Ok(bytes) if sha256_hex(&bytes) == want => Checked::Ok,
            Ok(_) => Checked::Mismatch,
            Err(e) => {
                let reason = match &e {
                    ReadError::NotFound { .. } => "no such file".to_string(),
                    other => other.reason(),
                };
                out.warn(&format!("{path}: {reason}"));
                Checked::Unreadable
            }
        };
        results.push((path, want, status));
    }
    if results.is_empty() {
        out.error(&format!(
            "{}: no properly formatted sha256sum lines",
            sums.display()
        ));
        return exit::BAD_INPUT;
    }
    let label = |status: Checked| match status {
        Checked::Ok => "OK",
        Checked::Mismatch => "FAILED",
        Checked::Unreadable => "FAILED open or read",
    };
    let count = |wanted: Checked| results.iter().filter(|(_, _, s)| *s == wanted).count();
    let (mismatched, unreadable) = (count(Checked::Mismatch), count(Checked::Unreadable));
    match out.format {
        OutputFormat::Json => out.json(&json!({
            "ok": mismatched + unreadable == 0,
            "malformedLines": malformed,
            "files": results.iter().map(|(path, want, status)| json!({
                "path": path, "sha256": want, "status": label(*status),
                "unreadable": *status == Checked::Unreadable,
            })).collect::<Vec<_>>(),
        })),
        OutputFormat::Text => {
            let text: String = results
                .iter()
                .map(|(path, _, status)| {
                    let painted = if *status == Checked::Ok {
                        out.paint(32, label(*status))
                    } else {
                        out.paint(31, label(*status))
                    };
                    let (mark, name) = escape_name(path);
                    format!("{mark}{name}: {painted}\n")
                })
                .collect();
            out.stdout(&text);
        }
    }
    // GNU's two summary lines: a file that could not be read did not "not match".
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
    if mismatched + unreadable == 0 {
        exit::OK
    } else {
        exit::DIFFERENT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_lines() {
        let hex = "a".repeat(64);
        assert_eq!(
            parse_sum_line(&format!("{hex}  x.yaml")),
            Some((hex.clone(), "x.yaml".into()))
        );
        assert_eq!(
            parse_sum_line(&format!("{hex} *x.yaml")),
            Some((hex.clone(), "x.yaml".into()))
        );
        assert_eq!(parse_sum_line(&format!("{hex} x.yaml")), None);
        assert_eq!(parse_sum_line("zz  x.yaml"), None);
    }

    /// Issue 12 item 12: `hash > SUMS; hash --check SUMS` round-trips (staticpod's own three
    /// columns), and GNU's `\`-escaped names are understood.
    #[test]
    fn own_format_and_gnu_escapes() {
        let hex = "a".repeat(64);
        let semantic = "b".repeat(64);
        assert_eq!(
            parse_sum_line(&format!("{hex}  {semantic}  /m/etcd.yaml")),
            Some((hex.clone(), "/m/etcd.yaml".into()))
        );
        assert_eq!(
            parse_sum_line(&format!("{hex}  -  /m/x.yaml")),
            Some((hex.clone(), "/m/x.yaml".into()))
        );
        for name in ["a\\b.yaml", "line\nbreak.yaml", "cr\r.yaml", "plain.yaml"] {
            let (mark, escaped) = escape_name(name);
            assert_eq!(mark.is_empty(), name == "plain.yaml");
            let line = format!("{mark}{hex}  {escaped}");
            assert!(!line.contains('\n'));
            assert_eq!(
                parse_sum_line(&line),
                Some((hex.clone(), name.to_string())),
                "{line}"
            );
        }
        // What GNU sha256sum writes for a name with a backslash.
        assert_eq!(
            parse_sum_line(&format!("\\{hex}  dir\\\\x.yaml")),
            Some((hex.clone(), "dir\\x.yaml".into()))
        );
        assert_eq!(parse_sum_line(&format!("\\{hex}  bad\\q")), None);
    }
}
