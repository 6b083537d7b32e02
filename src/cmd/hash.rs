//! `staticpod hash [FILE…]` and `staticpod hash --check SUMS`.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::{exit, manifests_dir, Code, Output};
use crate::cli::{GlobalArgs, HashArgs, OutputFormat};
use crate::fsx::read::{self, Limit};
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
        let bytes = match read::read(path, Limit::MANIFEST) {
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
                    format!(
                        "{sha}  {}  {}\n",
                        semantic.as_deref().unwrap_or("-"),
                        path.display()
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

/// One line of a `sha256sum` list: `<64 hex>  <path>` (text) or `<64 hex> *<path>` (binary).
fn parse_sum_line(line: &str) -> Option<(String, String)> {
    let (hex, rest) = line.split_at_checked(64)?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let path = rest
        .strip_prefix("  ")
        .or_else(|| rest.strip_prefix(" *"))?;
    (!path.is_empty()).then(|| (hex.to_ascii_lowercase(), path.to_string()))
}

fn check(sums: &Path, out: &Output) -> Code {
    let text = match read::read_to_string(sums, Limit::LIST) {
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
        let status = match read::read(Path::new(&path), Limit::MANIFEST) {
            Ok(bytes) if sha256_hex(&bytes) == want => "OK",
            Ok(_) => "FAILED",
            Err(_) => "FAILED open or read",
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
    let failed = results.iter().filter(|(_, _, s)| *s != "OK").count();
    match out.format {
        OutputFormat::Json => out.json(&json!({
            "ok": failed == 0,
            "malformedLines": malformed,
            "files": results.iter().map(|(path, want, status)| json!({
                "path": path, "sha256": want, "status": status,
            })).collect::<Vec<_>>(),
        })),
        OutputFormat::Text => {
            let text: String = results
                .iter()
                .map(|(path, _, status)| {
                    let painted = if *status == "OK" {
                        out.paint(32, status)
                    } else {
                        out.paint(31, status)
                    };
                    format!("{path}: {painted}\n")
                })
                .collect();
            out.stdout(&text);
        }
    }
    if failed == 0 {
        exit::OK
    } else {
        out.warn(&format!(
            "{failed} of {} computed checksums did NOT match",
            results.len()
        ));
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
}
