//! A static pod manifest as the kubelet reads it (pkg/kubelet/config: `extractFromFile`,
//! `tryDecodeSinglePod`): at most 10 MiB; bytes starting with `{` are JSON, anything else is
//! YAML of which only the first document counts; `apiVersion: v1`, `kind: Pod`; decoded into
//! the typed v1 Pod, so unknown fields vanish and type mismatches make the file invalid.

pub mod flags;
pub mod gotypes;
pub mod kubelet;
pub mod strays;

use std::path::{Path, PathBuf};

use k8s_openapi::api::core::v1::Pod;
use serde::Deserialize;
use serde_json::Value;

/// `maxConfigLength` in the kubelet's file source.
pub const MAX_MANIFEST_BYTES: usize = 10 * 1024 * 1024;

/// A manifest that decoded as a Pod.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedPod {
    pub pod: Pod,
    /// The typed pod back as JSON: what the kubelet sees (unknown fields dropped).
    pub json: Value,
}

/// Why the kubelet could not run a manifest (its pod would stop).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    #[error("{size} bytes is over the kubelet's 10 MiB limit for a manifest")]
    TooLarge { size: usize },
    #[error("not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("invalid YAML{location}: {message}")]
    Yaml { location: String, message: String },
    #[error("invalid JSON at line {line} column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("empty file: the kubelet needs a Pod")]
    Empty,
    #[error("not a Pod: apiVersion {api_version:?}, kind {kind:?} (the kubelet reads apiVersion v1, kind Pod)")]
    NotAPod { api_version: String, kind: String },
    #[error("{field}: {message}")]
    Field { field: String, message: String },
    #[error("metadata.name is missing: the kubelet rejects a static pod without a name")]
    NoName,
}

/// Decode manifest bytes the way the kubelet does.
pub fn decode(bytes: &[u8]) -> Result<DecodedPod, ManifestError> {
    if bytes.len() > MAX_MANIFEST_BYTES {
        return Err(ManifestError::TooLarge { size: bytes.len() });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ManifestError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    let mut json = to_json(text)?;
    if json.is_null() {
        return Err(ManifestError::Empty);
    }
    let field = |name: &str| {
        json.get(name)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let (api_version, kind) = (field("apiVersion"), field("kind"));
    if api_version != "v1" || kind != "Pod" {
        return Err(ManifestError::NotAPod { api_version, kind });
    }
    quantities_as_strings(&mut json);
    let is_yaml = !text.trim_start().starts_with('{');
    let pod = decode_pod(json, is_yaml).map_err(|e| match e {
        ManifestError::Field { field, message } if is_yaml => {
            let field = match field_location(text, &field) {
                Some(location) => format!("{field} ({location})"),
                None => field,
            };
            ManifestError::Field { field, message }
        }
        other => other,
    })?;
    if pod.metadata.name.as_deref().unwrap_or("").is_empty() {
        return Err(ManifestError::NoName);
    }
    let json = serde_json::to_value(&pod).map_err(|e| ManifestError::Field {
        field: ".".into(),
        message: e.to_string(),
    })?;
    Ok(DecodedPod { pod, json })
}

/// JSON → typed Pod. YAML input is read by the kubelet with YAML 1.1 rules (go-yaml v2), where
/// plain `yes`/`on`/`off`… are booleans and `0644` is octal; the YAML parser here follows 1.2
/// and keeps them as strings. When the typed decode fails on such a string where a boolean or
/// an integer is expected, it is converted at that path and the decode is retried.
fn decode_pod(mut json: Value, is_yaml: bool) -> Result<Pod, ManifestError> {
    for _ in 0..256 {
        let error = match serde_path_to_error::deserialize::<_, Pod>(json.clone()) {
            Ok(pod) => return Ok(pod),
            Err(error) => error,
        };
        let field = error.path().to_string();
        let message = error.inner().to_string();
        let fixed = is_yaml
            && yaml11_fix(&message)
                .zip(json_pointer(error.path()))
                .and_then(|(value, pointer)| json.pointer_mut(&pointer).map(|slot| *slot = value))
                .is_some();
        if !fixed {
            return Err(ManifestError::Field { field, message });
        }
    }
    Err(ManifestError::Field {
        field: ".".into(),
        message: "too many YAML 1.1 scalars to convert".into(),
    })
}

/// The YAML 1.1 reading of a string the typed decode rejected (`invalid type: string "yes",
/// expected a boolean`).
fn yaml11_fix(message: &str) -> Option<Value> {
    let rest = message.strip_prefix("invalid type: string \"")?;
    let (text, expected) = rest.split_once("\", expected ")?;
    if expected.contains("bool") {
        return match text {
            "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(Value::Bool(true)),
            "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(Value::Bool(false)),
            _ => None,
        };
    }
    if expected.starts_with('i') || expected.starts_with('u') || expected.contains("integer") {
        let digits = text
            .strip_prefix('0')
            .filter(|d| !d.is_empty() && d.chars().all(|c| ('0'..='7').contains(&c)))?;
        return i64::from_str_radix(digits, 8).ok().map(Value::from);
    }
    None
}

fn json_pointer(path: &serde_path_to_error::Path) -> Option<String> {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                pointer.push_str(&format!("/{}", key.replace('~', "~0").replace('/', "~1")))
            }
            Segment::Enum { .. } | Segment::Unknown => return None,
        }
    }
    Some(pointer)
}

/// Where in the YAML text the typed decode fails at `field`: the same decode straight from the
/// YAML parser (which knows positions) fails at the same path. None when it does not (e.g. the
/// JSON route converted a YAML 1.1 scalar first), so no wrong line is ever named.
fn field_location(text: &str, field: &str) -> Option<String> {
    let document = serde_yaml::Deserializer::from_str(text).next()?;
    let error = serde_path_to_error::deserialize::<_, Pod>(document).err()?;
    if error.path().to_string() != field {
        return None;
    }
    let location = error.inner().location()?;
    Some(format!(
        "line {} column {}",
        location.line(),
        location.column()
    ))
}

/// Bytes → JSON: JSON as-is when the text starts with `{`, else the first YAML document.
fn to_json(text: &str) -> Result<Value, ManifestError> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| ManifestError::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        });
    }
    let Some(first) = serde_yaml::Deserializer::from_str(text).next() else {
        return Ok(Value::Null);
    };
    Value::deserialize(first).map_err(|e| {
        let location = e
            .location()
            .map(|l| format!(" at line {} column {}", l.line(), l.column()))
            .unwrap_or_default();
        // serde_yaml's message repeats the location it starts with; say it once.
        let text = e.to_string();
        let message = match text.split_once(&location) {
            Some((head, tail)) if !location.is_empty() => format!("{head}{tail}"),
            _ => text,
        };
        ManifestError::Yaml { location, message }
    })
}

/// A Quantity may be written as a YAML/JSON number (`cpu: 1`); the kubelet's decoder accepts
/// that, the typed Rust model wants the string.
fn quantities_as_strings(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if matches!(
                    key.as_str(),
                    "requests" | "limits" | "overhead" | "capacity"
                ) {
                    if let Value::Object(list) = child {
                        for quantity in list.values_mut() {
                            if let Value::Number(n) = quantity {
                                *quantity = Value::String(n.to_string());
                            }
                        }
                    }
                }
                quantities_as_strings(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(quantities_as_strings),
        _ => {}
    }
}

/// One file of a manifests directory.
#[derive(Debug, Clone)]
pub struct ManifestFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub decoded: Result<DecodedPod, ManifestError>,
}

impl ManifestFile {
    pub fn read(path: &Path) -> std::io::Result<ManifestFile> {
        let bytes = fs_err::read(path)?;
        let decoded = decode(&bytes);
        Ok(ManifestFile {
            path: path.to_path_buf(),
            bytes,
            decoded,
        })
    }

    /// The first container's image, if the file decoded.
    pub fn image(&self) -> Option<&str> {
        let pod = &self.decoded.as_ref().ok()?.pod;
        pod.spec.as_ref()?.containers.first()?.image.as_deref()
    }

    /// The first container's command.
    pub fn command(&self) -> &[String] {
        self.decoded
            .as_ref()
            .ok()
            .and_then(|d| d.pod.spec.as_ref())
            .and_then(|s| s.containers.first())
            .and_then(|c| c.command.as_deref())
            .unwrap_or(&[])
    }

    /// The effective value of a flag of the first container's command ([`flags::Flags`]: the
    /// last non-empty occurrence, `--name=value` or `--name value`).
    pub fn flag(&self, name: &str) -> Option<String> {
        flags::Flags::parse(self.command())
            .get(name)
            .map(str::to_string)
    }

    pub fn annotation(&self, key: &str) -> Option<&str> {
        let pod = &self.decoded.as_ref().ok()?.pod;
        pod.metadata
            .annotations
            .as_ref()?
            .get(key)
            .map(String::as_str)
    }
}

/// The tag of an image reference (`registry:5000/name:tag@sha256:…` → `tag`).
pub fn image_tag(image: &str) -> Option<&str> {
    let without_digest = image.split('@').next().unwrap_or(image);
    let last_segment = without_digest.rsplit('/').next().unwrap_or(without_digest);
    last_segment.split_once(':').map(|(_, tag)| tag)
}

/// SHA-256 in lower-case hex (the same text `sha256sum` prints).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The semantic digest: SHA-256 of the kubelet's normal form ([`kubelet::normal_form`]). Two
/// files at the same path on the same node have equal digests exactly when `diff` calls them
/// `unchanged` or `cosmetic`.
pub fn semantic_digest(decoded: &DecodedPod) -> String {
    sha256_hex(kubelet::canonical_text(&kubelet::normal_form(&decoded.json)).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: c\n    image: registry.k8s.io/etcd:3.5.12-0\n    command: [etcd, --name=cp1, --name=cp2]\n    resources:\n      requests:\n        cpu: 1\n";

    #[test]
    fn decodes_yaml_and_json() {
        let pod = decode(POD.as_bytes()).expect("valid");
        assert_eq!(pod.pod.metadata.name.as_deref(), Some("x"));
        let json = serde_json::to_string(&pod.json).expect("json");
        assert!(decode(json.as_bytes()).is_ok());
    }

    #[test]
    fn only_the_first_yaml_document_counts_and_unknown_fields_drop() {
        let text = format!("{POD}    bogusField: 1\n---\nnot: [valid\n");
        let pod = decode(text.as_bytes()).expect("first document only");
        assert!(!serde_json::to_string(&pod.json)
            .expect("json")
            .contains("bogusField"));
    }

    #[test]
    fn rejects_what_the_kubelet_rejects() {
        assert!(matches!(decode(b""), Err(ManifestError::Empty)));
        assert!(matches!(
            decode(b"piVersion: v1\nkind: Pod\n"),
            Err(ManifestError::NotAPod { .. })
        ));
        assert!(matches!(
            decode(b"apiVersion: v1\nkind: Pod\nmetadata: {}\n"),
            Err(ManifestError::NoName)
        ));
        let wrong_type = POD.replace("image: registry.k8s.io/etcd:3.5.12-0", "image: 5");
        assert!(matches!(
            decode(wrong_type.as_bytes()),
            Err(ManifestError::Field { .. })
        ));
        assert!(matches!(
            decode(b"a: [b\n"),
            Err(ManifestError::Yaml { .. })
        ));
        assert!(matches!(
            decode(&[0xff, 0xfe]),
            Err(ManifestError::NotUtf8 { .. })
        ));
    }

    #[test]
    fn yaml_1_1_scalars_are_read_as_the_kubelet_reads_them() {
        let text = POD.replace("spec:\n", "spec:\n  hostNetwork: yes\n  volumes:\n  - name: s\n    secret:\n      secretName: x\n      defaultMode: 0644\n");
        let pod = decode(text.as_bytes()).expect("YAML 1.1 forms decode");
        let spec = pod.pod.spec.expect("spec");
        assert_eq!(spec.host_network, Some(true));
        let mode = spec
            .volumes
            .and_then(|v| v[0].secret.as_ref().and_then(|s| s.default_mode));
        assert_eq!(mode, Some(420));
        // JSON input is used as-is: no YAML 1.1 reading.
        let json = r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"hostNetwork":"yes","containers":[]}}"#;
        assert!(matches!(
            decode(json.as_bytes()),
            Err(ManifestError::Field { .. })
        ));
        // Not a YAML 1.1 boolean: still an error that names the field.
        let bad = POD.replace("spec:\n", "spec:\n  hostNetwork: maybe\n");
        match decode(bad.as_bytes()) {
            Err(ManifestError::Field { field, .. }) => {
                assert_eq!(field, "spec.hostNetwork (line 6 column 16)")
            }
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn file_accessors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("etcd.yaml");
        fs_err::write(&path, POD).expect("write");
        let file = ManifestFile::read(&path).expect("read");
        assert_eq!(file.image(), Some("registry.k8s.io/etcd:3.5.12-0"));
        assert_eq!(file.flag("name").as_deref(), Some("cp2"));
        assert_eq!(
            image_tag("registry:5000/a/etcd:3.5.1-0@sha256:ab"),
            Some("3.5.1-0")
        );
        assert_eq!(image_tag("registry:5000/a/etcd"), None);
    }
}
