//! `hash`: the SHA-256 and semantic digest of manifests, and `hash --check` of a checksum
//! list (`sha256sum`'s format or `hash`'s own three columns).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{OpError, Say};
use crate::fsx::read::{read, read_to_string, Limit, ReadError};
use crate::manifest::{self, sha256_hex};

/// One hashed file (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub struct HashedFile {
    /// Its path as given (or found in the manifests directory).
    pub path: String,
    /// The SHA-256 of its bytes.
    pub sha256: String,
    /// The semantic digest, when it is a valid static pod.
    pub semantic: Option<String>,
    /// Why it has no semantic digest.
    pub error: Option<String>,
}

/// What `hash` computed (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub struct HashReport {
    /// One entry per file, in the order hashed.
    pub files: Vec<HashedFile>,
}

/// Hash `files`, or every file the kubelet would read in `dir` when `files` is empty. A file
/// that is not a valid static pod gets no semantic digest (a warning through `say`).
/// Err: an unreadable directory or file (exit 2).
pub fn hash(dir: &Path, files: &[PathBuf], say: &Say<'_>) -> Result<HashReport, OpError> {
    let files: Vec<PathBuf> = if files.is_empty() {
        manifest_files(dir).map_err(|e| OpError::BadInput(format!("{}: {e}", dir.display())))?
    } else {
        files.to_vec()
    };
    let mut rows = Vec::new();
    for path in &files {
        let bytes = read(path, Limit::MANIFEST).map_err(|e| OpError::BadInput(e.to_string()))?;
        let (semantic, error) = match manifest::decode(&bytes) {
            Ok(decoded) => (Some(manifest::semantic_digest(&decoded)), None),
            Err(e) => {
                (say.warn)(&format!(
                    "{}: not a valid static pod, no semantic digest: {e}",
                    path.display()
                ));
                (None, Some(e.to_string()))
            }
        };
        rows.push(HashedFile {
            path: path.display().to_string(),
            sha256: sha256_hex(&bytes),
            semantic,
            error,
        });
    }
    Ok(HashReport { files: rows })
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
/// feed or a carriage return, the line starts with `\\` (the returned mark) and those become
/// `\\\\`, `\\n`, `\\r`.
pub fn escape_name(name: &str) -> (&'static str, String) {
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
pub enum Checked {
    /// Its SHA-256 matches.
    Ok,
    /// It was read and its SHA-256 differs.
    Mismatch,
    /// It could not be read.
    Unreadable,
}

impl Checked {
    /// GNU's label: `OK`, `FAILED`, `FAILED open or read`.
    pub fn label(self) -> &'static str {
        match self {
            Checked::Ok => "OK",
            Checked::Mismatch => "FAILED",
            Checked::Unreadable => "FAILED open or read",
        }
    }
}

/// One listed file (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub struct CheckedFile {
    /// Its path as listed.
    pub path: String,
    /// The SHA-256 the list wants.
    pub sha256: String,
    /// [`Checked::label`].
    pub status: &'static str,
    /// Whether it could not be read.
    pub unreadable: bool,
    /// How it checked out, for the text report.
    #[serde(skip)]
    pub checked: Checked,
}

/// What `hash --check` found (`-o json`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckReport {
    /// Every listed file matches.
    pub ok: bool,
    /// Lines that are not in `sha256sum` format (each warned about).
    pub malformed_lines: usize,
    /// One entry per well-formed line, in the list's order.
    pub files: Vec<CheckedFile>,
}

impl CheckReport {
    /// How many listed files were read and did not match.
    pub fn mismatched(&self) -> usize {
        self.count(Checked::Mismatch)
    }

    /// How many listed files could not be read.
    pub fn unreadable(&self) -> usize {
        self.count(Checked::Unreadable)
    }

    fn count(&self, wanted: Checked) -> usize {
        self.files.iter().filter(|f| f.checked == wanted).count()
    }
}

/// Check every file listed in `sums`. Malformed lines and unreadable files are warned about
/// through `say`. Err: an unreadable list, or one without a single well-formed line (exit 2).
pub fn check(sums: &Path, say: &Say<'_>) -> Result<CheckReport, OpError> {
    let text = read_to_string(sums, Limit::LIST).map_err(|e| OpError::BadInput(e.to_string()))?;
    let mut files = Vec::new();
    let mut malformed = 0;
    for (number, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let Some((want, path)) = parse_sum_line(line) else {
            malformed += 1;
            (say.warn)(&format!(
                "{}: line {}: not in sha256sum format",
                sums.display(),
                number + 1
            ));
            continue;
        };
        let checked = match read(Path::new(&path), Limit::MANIFEST) {
            Ok(bytes) if sha256_hex(&bytes) == want => Checked::Ok,
            Ok(_) => Checked::Mismatch,
            Err(e) => {
                let reason = match &e {
                    ReadError::NotFound { .. } => "no such file".to_string(),
                    other => other.reason(),
                };
                (say.warn)(&format!("{path}: {reason}"));
                Checked::Unreadable
            }
        };
        files.push(CheckedFile {
            path,
            sha256: want,
            status: checked.label(),
            unreadable: checked == Checked::Unreadable,
            checked,
        });
    }
    if files.is_empty() {
        return Err(OpError::BadInput(format!(
            "{}: no properly formatted sha256sum lines",
            sums.display()
        )));
    }
    let ok = files.iter().all(|f| f.checked == Checked::Ok);
    Ok(CheckReport {
        ok,
        malformed_lines: malformed,
        files,
    })
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
