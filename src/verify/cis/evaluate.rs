//! The evaluator: a flag row against a component's flags, a file row against the files
//! under the node root.

use std::collections::HashMap;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::owners::Owners;
use super::table::{Check, Cond, Target, Want};
use super::{fail_severity, finding, Present, ETCD};
use crate::verify::finding::{Finding, Severity};

/// Go's `strconv.ParseBool`.
pub(super) fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

pub(super) fn list(v: &str) -> impl Iterator<Item = &str> {
    v.split(',').map(str::trim).filter(|s| !s.is_empty())
}

pub(super) enum Outcome {
    Pass,
    /// What was found.
    Fail(String),
    /// Full message of an "undecidable" warning.
    Undecided(String),
}

pub(super) fn eval_flags(
    args: &HashMap<&str, &str>,
    flags: &[&str],
    default: Option<&str>,
    cond: Cond,
    undecided_by: Option<&str>,
) -> Outcome {
    if let Cond::Set = cond {
        let missing: Vec<String> = flags
            .iter()
            .filter(|f| args.get(**f).is_none_or(|v| v.is_empty()))
            .map(|f| format!("`--{f}`"))
            .collect();
        return if missing.is_empty() {
            Outcome::Pass
        } else {
            Outcome::Fail(format!("{} not set", missing.join(" and ")))
        };
    }
    let mut fails = Vec::new();
    for name in flags {
        let explicit = args.get(name).copied();
        if let (None, Some(other)) = (explicit, undecided_by) {
            if let Some(path) = args.get(other) {
                return Outcome::Undecided(format!(
                    "`--{name}` is not set and `--{other}={path}` is used: cannot be decided from flags; review the authorizers in that file manually"
                ));
            }
        }
        if let Some(found) = eval_one(name, explicit, default, cond) {
            fails.push(found);
        }
    }
    if fails.is_empty() {
        Outcome::Pass
    } else {
        Outcome::Fail(fails.join("; "))
    }
}

/// Evaluates one flag; returns what was found when the condition fails.
pub(super) fn eval_one(
    name: &str,
    explicit: Option<&str>,
    default: Option<&str>,
    cond: Cond,
) -> Option<String> {
    let shown = match (explicit, default) {
        (Some(v), _) => format!("`--{name}={v}`"),
        (None, Some(d)) => format!("`--{name}` is not set (defaults to {d})"),
        (None, None) => format!("`--{name}` is not set"),
    };
    let value = explicit.or(default);
    let ok = match cond {
        Cond::Set => value.is_some_and(|v| !v.is_empty()),
        Cond::Unset => explicit.is_none(),
        Cond::Bool(want) => value.and_then(parse_bool) == Some(want),
        Cond::Has(item) => value.is_some_and(|v| list(v).any(|x| x == item)),
        Cond::Lacks(item) => value.is_none_or(|v| list(v).all(|x| x != item)),
        Cond::GateNotFalse(gate) => value.is_none_or(|v| {
            list(v)
                .filter_map(|g| g.split_once('='))
                .filter(|(k, _)| k.trim() == gate)
                .last()
                .is_none_or(|(_, b)| parse_bool(b.trim()) != Some(false))
        }),
        Cond::AtLeast(min) => value
            .and_then(|v| v.trim().parse::<u64>().ok())
            .is_some_and(|n| n >= min),
        Cond::Eq(want) => value == Some(want),
        Cond::AllIn(allowed) => value.is_some_and(|v| list(v).all(|x| allowed.contains(&x))),
    };
    if ok {
        return None;
    }
    let expectation = match cond {
        Cond::Set => "want it set".to_owned(),
        Cond::Unset => "want it absent".to_owned(),
        Cond::Bool(b) => format!("want `{b}`"),
        Cond::Has(item) => format!("want it to include `{item}`"),
        Cond::Lacks(item) => format!("want it without `{item}`"),
        Cond::GateNotFalse(gate) => format!("want `{gate}` not turned off"),
        Cond::AtLeast(n) => format!("want an integer >= {n}"),
        Cond::Eq(v) => format!("want `{v}`"),
        Cond::AllIn(allowed) => {
            let weak: Vec<&str> = value
                .map(|v| list(v).filter(|x| !allowed.contains(x)).collect())
                .unwrap_or_default();
            if weak.is_empty() {
                "want only strong suites (Go's default list includes CBC and RSA key-exchange suites)".to_owned()
            } else {
                format!("want only strong suites, not `{}`", weak.join("`, `"))
            }
        }
    };
    Some(format!("{shown}, {expectation}"))
}

/// `/etc/kubernetes/x` → `<root>/etc/kubernetes/x`.
pub(super) fn under_root(root: &Path, node_path: &str) -> PathBuf {
    root.join(node_path.trim_start_matches('/'))
}

pub(super) fn file_check(
    chk: &Check,
    target: Target,
    want: Want,
    root: &Path,
    present: &[Present<'_>],
    out: &mut Vec<Finding>,
) {
    // (component, path, follow symlinks?)
    let mut paths: Vec<(Option<&str>, PathBuf)> = Vec::new();
    let mut follow = true;
    match target {
        Target::Manifest(component) => {
            for p in present.iter().filter(|p| p.input.component == component) {
                paths.push((Some(component), p.input.manifest.clone()));
            }
        }
        Target::EtcdDataDir => {
            for p in present.iter().filter(|p| p.input.component == ETCD) {
                let missing = match p.host.get("data-dir") {
                    Some(dir) if dir.starts_with('/') => {
                        let path = under_root(root, dir);
                        if fs_err::metadata(&path).is_ok_and(|m| m.is_dir()) {
                            paths.push((Some(ETCD), path));
                            continue;
                        }
                        format!("the etcd data directory `{}` (`--data-dir`) does not exist", path.display())
                    }
                    Some(dir) => format!("`--data-dir={dir}` is relative to etcd's working directory in the container: it cannot be checked on the node"),
                    None => "`--data-dir` is not set: etcd keeps its data in `<name>.etcd` under its working directory in the container".to_string(),
                };
                let fix = "set `--data-dir` to a hostPath-mounted directory (kubeadm: /var/lib/etcd) and create it";
                out.push(finding(
                    chk,
                    fail_severity(chk),
                    Some(ETCD),
                    Some(&p.input.manifest),
                    format!("{missing}; fix: {fix}"),
                ));
            }
        }
        Target::SomeOf(files) => {
            let existing: Vec<PathBuf> = files
                .iter()
                .map(|f| under_root(root, f))
                .filter(|p| fs_err::symlink_metadata(p).is_ok())
                .collect();
            if existing.is_empty() {
                let shown: Vec<String> = files
                    .iter()
                    .map(|f| format!("`{}`", under_root(root, f).display()))
                    .collect();
                let first = under_root(root, files.first().copied().unwrap_or_default());
                let listed = match shown.as_slice() {
                    [a, b] => format!("neither {a} nor {b} exists"),
                    _ => format!("none of {} exists", shown.join(", ")),
                };
                out.push(finding(
                    chk,
                    fail_severity(chk),
                    None,
                    Some(&first),
                    format!(
                        "{listed}: nothing to check; fix: write the administrator kubeconfig again (`kubeadm init phase kubeconfig admin`)"
                    ),
                ));
            }
            paths.extend(existing.into_iter().map(|p| (None, p)));
        }
        Target::NodeFiles(component, files) => {
            paths.extend(files.iter().map(|f| (component, under_root(root, f))));
        }
        Target::PkiTree | Target::PkiFiles(_) => {
            follow = false;
            let pki = under_root(root, "/etc/kubernetes/pki");
            let mut errors = Vec::new();
            let mut found = Vec::new();
            walk(&pki, &mut found, &mut errors);
            for e in errors {
                out.push(finding(
                    chk,
                    Severity::Warning,
                    None,
                    Some(&pki),
                    format!("could not read the PKI tree: {e}; fix: make it readable and re-run"),
                ));
            }
            for (path, is_file) in found {
                let wanted = match target {
                    Target::PkiFiles(ext) => is_file && path.extension().is_some_and(|x| x == ext),
                    _ => true,
                };
                if wanted {
                    paths.push((None, path));
                }
            }
        }
    }
    let mut owners: Option<Owners> = None;
    for (component, path) in paths {
        let meta = if follow {
            fs_err::metadata(&path)
        } else {
            fs_err::symlink_metadata(&path)
        };
        let meta = match meta {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => {
                out.push(finding(
                    chk,
                    Severity::Warning,
                    component,
                    Some(&path),
                    format!("could not stat: {e}; fix: make it readable and re-run"),
                ));
                continue;
            }
        };
        let shown = path.display();
        let found =
            match want {
                Want::ModeWithin(mask) => {
                    let mode = meta.mode() & 0o7777;
                    (mode & !mask != 0).then(|| {
                        format!("`{shown}` has mode {mode:04o}, want {mask:o} or stricter")
                    })
                }
                Want::OwnedBy(user, group) => owners
                    .get_or_insert_with(|| Owners::read(root))
                    .judge(&shown.to_string(), meta.uid(), meta.gid(), user, group),
                Want::RootOwned => (meta.uid() != 0 || meta.gid() != 0).then(|| {
                    format!(
                        "`{shown}` is owned by uid:gid {}:{}, want root:root (0:0)",
                        meta.uid(),
                        meta.gid()
                    )
                }),
            };
        if let Some(found) = found {
            let fix = chk.fix.replace("{path}", &shown.to_string());
            out.push(finding(
                chk,
                fail_severity(chk),
                component,
                Some(&path),
                format!("{found}; fix: {fix}"),
            ));
        }
    }
}

/// Collects `dir` and everything below it as (path, is regular file), without
/// following symlinks. A missing `dir` yields nothing.
pub(super) fn walk(dir: &Path, found: &mut Vec<(PathBuf, bool)>, errors: &mut Vec<io::Error>) {
    let meta = match fs_err::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return,
        Err(e) => {
            errors.push(e);
            return;
        }
    };
    found.push((dir.to_path_buf(), meta.is_file()));
    if !meta.is_dir() {
        return;
    }
    let entries = match fs_err::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(e);
            return;
        }
    };
    for entry in entries {
        match entry {
            Ok(entry) => walk(&entry.path(), found, errors),
            Err(e) => errors.push(e),
        }
    }
}
