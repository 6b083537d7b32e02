//! Checks that read a file a flag names, at the host path behind its volume mount: the
//! admission configuration (1.2.9), the encryption configuration (1.2.28) and etcd's CA
//! (2.7). Files are read with [`crate::fsx::read`] (regular files only, size-capped).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::evaluate::under_root;
use super::table::{Check, Content};
use super::{fail_severity, finding, Present, APISERVER, ETCD};
use crate::fsx::read::{read, Limit};
use crate::verify::finding::Finding;

/// The bytes of a regular file of at most `limit` ([`crate::fsx::read`]: type checked first,
/// never blocks), or why not.
pub(super) fn read_small(path: &Path, limit: Limit) -> Result<Vec<u8>, String> {
    read(path, limit).map_err(|e| {
        if e.is_not_found() {
            "it does not exist".to_string()
        } else {
            e.reason()
        }
    })
}

/// A YAML or JSON configuration file as a JSON value.
fn read_config(path: &Path) -> Result<Value, String> {
    let bytes = read_small(path, Limit::CONFIG)?;
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8".to_string())?;
    crate::yaml::decode::first_document(&text, crate::yaml::decode::DuplicateKeys::LastWins)
        .map(|document| document.value)
        .map_err(|e| format!("not YAML: {e}"))
}

pub(super) fn check(
    chk: &Check,
    kind: Content,
    root: &Path,
    present: &[Present<'_>],
    out: &mut Vec<Finding>,
) {
    let component = match kind {
        Content::EtcdCa => ETCD,
        Content::EventRateLimit | Content::EncryptionProviders => APISERVER,
    };
    for p in present.iter().filter(|p| p.input.component == component) {
        let verdict = match kind {
            Content::EventRateLimit => event_rate_limit(root, p),
            Content::EncryptionProviders => encryption_providers(root, p),
            Content::EtcdCa => etcd_ca(root, p, present),
        };
        if let Err((file, found)) = verdict {
            out.push(finding(
                chk,
                fail_severity(chk),
                Some(component),
                Some(file.as_deref().unwrap_or(&p.input.manifest)),
                format!("{found}; fix: {}", chk.fix),
            ));
        }
    }
}

/// Ok, or the file the failure is about (None: the manifest) and what was found.
type Verdict = Result<(), (Option<PathBuf>, String)>;

fn flag_file(
    root: &Path,
    p: &Present<'_>,
    flag: &str,
    what: &str,
) -> Result<PathBuf, (Option<PathBuf>, String)> {
    match p.host.get(flag) {
        Some(path) if path.starts_with('/') => Ok(under_root(root, path)),
        Some(path) => Err((
            None,
            format!("`--{flag}={path}` is a relative path: it cannot be read on the node"),
        )),
        None => Err((None, format!("`--{flag}` is not set, {what}"))),
    }
}

fn event_rate_limit(root: &Path, p: &Present<'_>) -> Verdict {
    let plugins = p.host.list("enable-admission-plugins");
    if !plugins.contains(&"EventRateLimit") {
        return Err((
            None,
            "`--enable-admission-plugins` does not include `EventRateLimit`".to_string(),
        ));
    }
    let path = flag_file(
        root,
        p,
        "admission-control-config-file",
        "so EventRateLimit has no limits configured",
    )?;
    let shown = path.display().to_string();
    let config = read_config(&path).map_err(|why| {
        (
            Some(path.clone()),
            format!("the admission configuration `{shown}` cannot be read: {why}"),
        )
    })?;
    let entry = config
        .get("plugins")
        .and_then(Value::as_array)
        .and_then(|plugins| {
            plugins
                .iter()
                .find(|e| e.get("name").and_then(Value::as_str) == Some("EventRateLimit"))
        });
    let Some(entry) = entry else {
        return Err((
            Some(path),
            format!("`{shown}` has no `plugins` entry named `EventRateLimit`"),
        ));
    };
    let (limits_config, source) = match (
        entry.get("configuration"),
        entry.get("path").and_then(Value::as_str),
    ) {
        (Some(inline), _) => (
            inline.clone(),
            format!("`{shown}` plugins[EventRateLimit].configuration"),
        ),
        (None, Some(file)) => {
            // A relative path is relative to the admission configuration's directory.
            let file_path = if file.starts_with('/') {
                under_root(root, file)
            } else {
                path.parent()
                    .map_or_else(|| PathBuf::from(file), |dir| dir.join(file))
            };
            let file_shown = file_path.display().to_string();
            let value = read_config(&file_path).map_err(|why| {
                (Some(file_path.clone()), format!("the EventRateLimit configuration `{file_shown}` (plugins[EventRateLimit].path of `{shown}`) cannot be read: {why}"))
            })?;
            (value, format!("`{file_shown}`"))
        }
        (None, None) => {
            return Err((
                Some(path),
                format!("`{shown}` plugins[EventRateLimit] has neither `configuration` nor `path`"),
            ));
        }
    };
    let has_limits = limits_config
        .get("limits")
        .and_then(Value::as_array)
        .is_some_and(|l| !l.is_empty());
    if has_limits {
        Ok(())
    } else {
        Err((Some(path), format!("{source} has no `limits`")))
    }
}

/// Providers that encrypt: kube-bench cis-1.12 1.2.28 accepts aescbc, kms and secretbox;
/// kms only as apiVersion v2 (v1 is deprecated and off by default since v1.29).
fn strong_provider(provider: &Value) -> Result<&str, String> {
    let Some((name, settings)) = provider.as_object().and_then(|o| o.iter().next()) else {
        return Err("not a mapping".to_string());
    };
    match name.as_str() {
        "aescbc" | "secretbox" => Ok(name),
        "kms" if settings.get("apiVersion").and_then(Value::as_str) == Some("v2") => Ok(name),
        "kms" => Err("`kms` with apiVersion v1 (deprecated; v2 wanted)".to_string()),
        other => Err(format!("`{other}`")),
    }
}

fn encryption_providers(root: &Path, p: &Present<'_>) -> Verdict {
    let path = flag_file(
        root,
        p,
        "encryption-provider-config",
        "so secrets are stored unencrypted",
    )?;
    let shown = path.display().to_string();
    let config = read_config(&path).map_err(|why| {
        (
            Some(path.clone()),
            format!("the encryption configuration `{shown}` cannot be read: {why}"),
        )
    })?;
    let entries = config
        .get("resources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if entries.is_empty() {
        return Err((Some(path), format!("`{shown}` has no `resources` entries")));
    }
    let mut weak = Vec::new();
    let mut covers_secrets = false;
    for (i, entry) in entries.iter().enumerate() {
        let resources = entry
            .get("resources")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let first = entry
            .get("providers")
            .and_then(Value::as_array)
            .and_then(|p| p.first());
        match first.map(strong_provider) {
            Some(Ok(_)) => {
                covers_secrets |= resources
                    .iter()
                    .filter_map(Value::as_str)
                    .any(|r| matches!(r, "secrets" | "*.*" | "*."));
            }
            Some(Err(why)) => weak.push(format!("resources[{i}].providers[0] is {why}")),
            None => weak.push(format!("resources[{i}] has no providers")),
        }
    }
    if !weak.is_empty() {
        return Err((
            Some(path),
            format!(
                "`{shown}`: {}, want aescbc, kms (apiVersion v2) or secretbox first",
                weak.join("; ")
            ),
        ));
    }
    if !covers_secrets {
        return Err((Some(path), format!("`{shown}`: no entry covers `secrets`")));
    }
    Ok(())
}

fn etcd_ca(root: &Path, etcd: &Present<'_>, present: &[Present<'_>]) -> Verdict {
    let ca = flag_file(
        root,
        etcd,
        "trusted-ca-file",
        "so etcd accepts clients without checking their CA",
    )?;
    let Some(api) = present.iter().find(|p| p.input.component == APISERVER) else {
        return Ok(());
    };
    let Some(cluster) = api
        .host
        .get("client-ca-file")
        .filter(|c| c.starts_with('/'))
    else {
        return Ok(());
    };
    let cluster = under_root(root, cluster);
    let same_file = ca == cluster;
    let same_bytes = !same_file
        && matches!((read_small(&ca, Limit::PKI), read_small(&cluster, Limit::PKI)), (Ok(a), Ok(b)) if a.trim_ascii() == b.trim_ascii());
    if same_file || same_bytes {
        let how = if same_file {
            "is"
        } else {
            "holds the same certificates as"
        };
        return Err((
            Some(ca.clone()),
            format!(
                "etcd's `--trusted-ca-file` `{}` {how} kube-apiserver's `--client-ca-file` `{}`: every client certificate the cluster CA signs can talk to etcd",
                ca.display(),
                cluster.display()
            ),
        ));
    }
    Ok(())
}
