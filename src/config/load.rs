//! Reading a kubeadm config file: multi-document YAML with kubeadm kinds, or a
//! `kubectl get cm kubeadm-config -o yaml` dump.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::yaml::decode::{documents, DecodeError, Document, DuplicateKeys};

use super::api::{ClusterConfiguration, InitConfiguration, JoinConfiguration};
use super::error::ConfigError;

/// The kubeadm config API versions staticpod reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConfigApi {
    V1beta3,
    V1beta4,
}

impl ConfigApi {
    pub fn as_str(self) -> &'static str {
        match self {
            ConfigApi::V1beta3 => "kubeadm.k8s.io/v1beta3",
            ConfigApi::V1beta4 => "kubeadm.k8s.io/v1beta4",
        }
    }
}

/// A kubeadm document together with the API version it was written in.
#[derive(Debug)]
pub struct Versioned<T> {
    pub api: ConfigApi,
    pub label: String,
    pub doc: T,
}

/// Everything read from one config file, before defaulting.
#[derive(Debug, Default)]
pub struct Documents {
    pub cluster: Option<Versioned<ClusterConfiguration>>,
    pub init: Option<Versioned<InitConfiguration>>,
    pub join: Option<Versioned<JoinConfiguration>>,
    /// The file was a `kube-system/kubeadm-config` ConfigMap dump.
    pub from_configmap: bool,
    /// Unknown fields and skipped documents (kubeadm warns about both and goes on).
    pub warnings: Vec<String>,
}

/// API groups of component configs that may share a file with kubeadm's kinds; skipped.
const SKIPPED_GROUPS: &[&str] = &["kubelet.config.k8s.io/", "kubeproxy.config.k8s.io/"];

/// Parse the text of a config file.
pub fn parse_documents(file: &Path, text: &str) -> Result<Documents, ConfigError> {
    let mut out = Documents::default();
    for (index, document) in documents(text, DuplicateKeys::Refuse)
        .into_iter()
        .enumerate()
    {
        let number = index + 1;
        let document = document.map_err(|err| {
            ConfigError::file(file, yaml_message(&err)).in_document(format!("document {number}"))
        })?;
        read_document(file, &format!("document {number}"), &document, &mut out)?;
    }
    if out.cluster.is_none() && out.init.is_none() && out.join.is_none() {
        return Err(ConfigError::file(
            file,
            "no kubeadm configuration found: expected an InitConfiguration, ClusterConfiguration \
             or JoinConfiguration of kubeadm.k8s.io/v1beta3 or v1beta4, or a kubeadm-config \
             ConfigMap",
        ));
    }
    Ok(out)
}

/// A YAML error in the words the parser uses (`… at line 5 column 1, while parsing …`).
fn yaml_message(error: &DecodeError) -> String {
    match error {
        DecodeError::Syntax { parser_text, .. } => format!("invalid YAML: {parser_text}"),
        other => format!("invalid YAML: {other}"),
    }
}

fn read_document(
    file: &Path,
    label: &str,
    document: &Document,
    out: &mut Documents,
) -> Result<(), ConfigError> {
    let value = &document.value;
    if value.is_null() {
        return Ok(()); // an empty document, e.g. after a trailing `---`
    }
    let err = |message: String| ConfigError::file(file, message).in_document(label);
    let Value::Object(map) = value else {
        return Err(err(format!(
            "expected a mapping with apiVersion and kind, found {}",
            describe(value)
        )));
    };
    let field = |name: &str| -> Result<String, ConfigError> {
        match map.get(name) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => {
                Err(err(format!("expected a string, found {}", describe(other))).at(name))
            }
            None => Err(err("missing; every document needs apiVersion and kind".into()).at(name)),
        }
    };
    let api_version = field("apiVersion")?;
    let kind = field("kind")?;
    let yaml = document;
    let document = label;
    let label = format!("{document} ({kind})");

    if api_version == "v1" && kind == "ConfigMap" {
        return read_configmap(file, &label, map, out);
    }
    if SKIPPED_GROUPS.iter().any(|g| api_version.starts_with(g)) {
        out.warnings.push(format!(
            "{}: {label}: {api_version} is not read by staticpod; skipped",
            file.display()
        ));
        return Ok(());
    }
    let api = match api_version.as_str() {
        "kubeadm.k8s.io/v1beta3" => ConfigApi::V1beta3,
        "kubeadm.k8s.io/v1beta4" => ConfigApi::V1beta4,
        "kubeadm.k8s.io/v1beta1" | "kubeadm.k8s.io/v1beta2" => {
            return Err(err(format!(
                "{api_version} is no longer supported by kubeadm 1.28+; migrate it with \
                 `kubeadm config migrate` (expected kubeadm.k8s.io/v1beta3 or v1beta4)"
            ))
            .at("apiVersion"))
        }
        other => {
            return Err(err(format!(
                "unknown apiVersion {other:?}: expected kubeadm.k8s.io/v1beta3 or \
                 kubeadm.k8s.io/v1beta4 (or a kubeadm-config ConfigMap)"
            ))
            .at("apiVersion"))
        }
    };
    let label = format!("{document} ({api_version} {kind})");
    match kind.as_str() {
        "ClusterConfiguration" => {
            let doc = decode(file, &label, yaml, &mut out.warnings)?;
            set_once(
                file,
                &label,
                &mut out.cluster,
                Versioned {
                    api,
                    label: label.clone(),
                    doc,
                },
            )
        }
        "InitConfiguration" => {
            let doc = decode(file, &label, yaml, &mut out.warnings)?;
            set_once(
                file,
                &label,
                &mut out.init,
                Versioned {
                    api,
                    label: label.clone(),
                    doc,
                },
            )
        }
        "JoinConfiguration" => {
            let doc = decode(file, &label, yaml, &mut out.warnings)?;
            set_once(
                file,
                &label,
                &mut out.join,
                Versioned {
                    api,
                    label: label.clone(),
                    doc,
                },
            )
        }
        "UpgradeConfiguration" | "ResetConfiguration" => {
            out.warnings.push(format!(
                "{}: {label}: {kind} does not shape the manifests; skipped",
                file.display()
            ));
            Ok(())
        }
        other => Err(err(format!(
            "unknown kind {other:?}: expected InitConfiguration, ClusterConfiguration or \
             JoinConfiguration"
        ))
        .in_document(label)
        .at("kind")),
    }
}

fn set_once<T>(
    file: &Path,
    label: &str,
    slot: &mut Option<Versioned<T>>,
    value: Versioned<T>,
) -> Result<(), ConfigError> {
    if let Some(previous) = slot {
        return Err(ConfigError::file(
            file,
            format!(
                "a second document of this kind; the first was {}",
                previous.label
            ),
        )
        .in_document(label));
    }
    *slot = Some(value);
    Ok(())
}

/// A `kubectl get cm kubeadm-config -n kube-system -o yaml` dump: the ClusterConfiguration is
/// a YAML string under `data.ClusterConfiguration`.
fn read_configmap(
    file: &Path,
    label: &str,
    map: &Map<String, Value>,
    out: &mut Documents,
) -> Result<(), ConfigError> {
    let err = |message: &str| ConfigError::file(file, message).in_document(label);
    let data = map.get("data").and_then(Value::as_object).ok_or_else(|| {
        err("a ConfigMap without data; expected the kube-system/kubeadm-config ConfigMap")
            .at("data")
    })?;
    let text = data
        .get("ClusterConfiguration")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            err("expected a string holding the ClusterConfiguration (is this the kubeadm-config ConfigMap?)")
                .at("data.ClusterConfiguration")
        })?;
    let inner_label = format!("{label} data.ClusterConfiguration");
    for (index, document) in documents(text, DuplicateKeys::Refuse)
        .into_iter()
        .enumerate()
    {
        let document = document.map_err(|e| {
            err(&yaml_message(&e).replace(
                "invalid YAML: ",
                "invalid YAML in data.ClusterConfiguration: ",
            ))
        })?;
        read_document(
            file,
            &format!("{inner_label} document {}", index + 1),
            &document,
            out,
        )?;
    }
    out.from_configmap = true;
    Ok(())
}

/// Decode one document into its type, collecting unknown fields as warnings and reporting
/// type errors with the field path.
fn decode<T: DeserializeOwned>(
    file: &Path,
    label: &str,
    document: &Document,
    warnings: &mut Vec<String>,
) -> Result<T, ConfigError> {
    let mut unknown = Vec::new();
    let mut record = |path: serde_ignored::Path<'_>| unknown.push(field_path(&path));
    let ignored = serde_ignored::Deserializer::new(document.value.clone(), &mut record);
    let decoded: Result<T, _> = serde_path_to_error::deserialize(ignored);
    for path in unknown {
        warnings.push(format!(
            "{}: {label}: {path}: unknown field (kubeadm ignores it with a warning)",
            file.display()
        ));
    }
    decoded.map_err(|e| {
        let path = e.path().to_string();
        let mut error = ConfigError::file(file, e.into_inner().to_string()).in_document(label);
        if path != "." {
            error = match document.position(&path) {
                Some(position) => error.at(format!("{path} ({position})")),
                None => error.at(path),
            };
        }
        error
    })
}

/// `apiServer.extraVolumes[0].name` from serde_ignored's path (Option/newtype layers skipped).
fn field_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", field_path(parent)),
        Path::Map { parent, key } => {
            let head = field_path(parent);
            if head.is_empty() {
                key.clone()
            } else {
                format!("{head}.{key}")
            }
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => field_path(parent),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => format!("string \"{s}\""),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}
