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
use serde_json::Value;

use crate::yaml::decode::{
    first_document, invalid_utf8_position, is_json, DecodeError, Document, DuplicateKeys, Position,
};

/// `maxConfigLength` in the kubelet's file source.
pub const MAX_MANIFEST_BYTES: usize = 10 * 1024 * 1024;

/// A manifest that decoded as a Pod.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedPod {
    /// The typed v1 Pod the kubelet decodes.
    pub pod: Pod,
    /// The typed pod back as JSON: what the kubelet sees (unknown fields dropped).
    pub json: Value,
}

/// Why the kubelet could not run a manifest (its pod would stop).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    /// Over [`MAX_MANIFEST_BYTES`].
    #[error("{size} bytes is over the kubelet's 10 MiB limit for a manifest")]
    TooLarge {
        /// The manifest's size in bytes.
        size: usize,
    },
    /// Bytes that are not UTF-8.
    #[error("not UTF-8 text (invalid byte at {position})")]
    NotUtf8 {
        /// Line and column of the first invalid byte.
        position: Position,
    },
    /// A YAML syntax error.
    #[error("invalid YAML{location}: {message}")]
    Yaml {
        /// ` at <position>`, or empty when the parser gave none.
        location: String,
        /// The parser's message.
        message: String,
    },
    /// Too deep to parse, or without a JSON form (see [`crate::yaml::decode`]).
    #[error("{0}")]
    Input(DecodeError),
    /// Bytes starting with `{` that are not valid JSON.
    #[error("invalid JSON at line {line} column {column}: {message}")]
    Json {
        /// Line of the error, from 1.
        line: usize,
        /// Column of the error, from 1.
        column: usize,
        /// serde_json's message.
        message: String,
    },
    /// No document, or a null one.
    #[error("empty file: the kubelet needs a Pod")]
    Empty,
    /// A document other than `apiVersion: v1`, `kind: Pod`.
    #[error("not a Pod: apiVersion \"{api_version}\", kind \"{kind}\" (the kubelet reads apiVersion v1, kind Pod)")]
    NotAPod {
        /// The document's `apiVersion` (empty when missing or not a string).
        api_version: String,
        /// The document's `kind` (empty when missing or not a string).
        kind: String,
    },
    /// A field the typed Pod cannot hold (wrong type, bad value).
    #[error("{field}: {message}")]
    Field {
        /// The field path, followed by ` (<position>)` when the YAML node is known.
        field: String,
        /// The typed decoder's message.
        message: String,
    },
    /// An unquoted scalar that YAML 1.1 reads as a boolean or a number where the Pod wants a
    /// string (`value: yes`, `- 0644`): the kubelet's decode fails on it.
    #[error("{field}{}: the kubelet reads the unquoted {shown} as {became} (YAML 1.1, as the kubelet decodes manifests), but a string is expected here; quote it: \"{shown}\"", position.map(|p| format!(" ({p})")).unwrap_or_default())]
    Unquoted {
        /// The field path.
        field: String,
        /// Where the scalar is, when known.
        position: Option<Position>,
        /// The scalar as written.
        shown: String,
        /// What YAML 1.1 made of it (`a boolean`, `an integer`, …).
        became: &'static str,
    },
    /// A Pod without `metadata.name`, or with an empty one.
    #[error("metadata.name is missing: the kubelet rejects a static pod without a name")]
    NoName,
}

impl From<DecodeError> for ManifestError {
    fn from(error: DecodeError) -> ManifestError {
        match error {
            DecodeError::Syntax {
                location, message, ..
            } => ManifestError::Yaml {
                location: location.map(|p| format!(" at {p}")).unwrap_or_default(),
                message,
            },
            other => ManifestError::Input(other),
        }
    }
}

/// Decode manifest bytes the way the kubelet does: [`crate::yaml::decode`] says how the
/// kubelet reads YAML (YAML 1.1 scalars, first document, BOM skipped), then the JSON is
/// decoded into the typed v1 Pod, where a value of the wrong type makes the file invalid.
pub fn decode(bytes: &[u8]) -> Result<DecodedPod, ManifestError> {
    if bytes.len() > MAX_MANIFEST_BYTES {
        return Err(ManifestError::TooLarge { size: bytes.len() });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ManifestError::NotUtf8 {
        position: invalid_utf8_position(bytes, e.valid_up_to()),
    })?;
    let (mut json, document) = if is_json(text) {
        let json = serde_json::from_str(text).map_err(|e| ManifestError::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        (json, None)
    } else {
        let document = first_document(text, DuplicateKeys::LastWins)?;
        (document.value.clone(), Some(document))
    };
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
    let pod = serde_path_to_error::deserialize::<_, Pod>(json)
        .map_err(|e| field_error(&e, document.as_ref()))?;
    if pod.metadata.name.as_deref().unwrap_or("").is_empty() {
        return Err(ManifestError::NoName);
    }
    let json = serde_json::to_value(&pod).map_err(|e| ManifestError::Field {
        field: ".".into(),
        message: e.to_string(),
    })?;
    Ok(DecodedPod { pod, json })
}

/// A typed-decode error at a field, with the line and column of the YAML node, and for an
/// unquoted YAML 1.1 scalar where a string is expected, the advice to quote it.
fn field_error(
    error: &serde_path_to_error::Error<serde_json::Error>,
    document: Option<&Document>,
) -> ManifestError {
    let field = error.path().to_string();
    let message = error.inner().to_string();
    let Some(document) = document else {
        return ManifestError::Field { field, message };
    };
    let position = document.position(&field);
    if message.contains("expected a string") {
        if let Some(implicit) = document.implicit(&field) {
            let shown = implicit
                .text
                .clone()
                .unwrap_or_else(|| message.split('`').nth(1).unwrap_or_default().to_string());
            return ManifestError::Unquoted {
                field,
                position,
                shown,
                became: implicit.became,
            };
        }
    }
    let field = match position {
        Some(p) => format!("{field} ({p})"),
        None => field,
    };
    ManifestError::Field { field, message }
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
    /// The file read.
    pub path: PathBuf,
    /// Its bytes, as read.
    pub bytes: Vec<u8>,
    /// The Pod the kubelet would run, or why it would not run one.
    pub decoded: Result<DecodedPod, ManifestError>,
}

impl ManifestFile {
    /// Read a manifest: bounded (the kubelet's 10 MiB) and non-blocking; anything but a
    /// regular file is refused unread.
    pub fn read(path: &Path) -> std::io::Result<ManifestFile> {
        let bytes = crate::fsx::read::read(path, crate::fsx::read::Limit::MANIFEST)?;
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

    /// The value of annotation `key`, if the file decoded and has it.
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
        assert_eq!(
            decode(wrong_type.as_bytes())
                .expect_err("a number is no image")
                .to_string(),
            "spec.containers[0].image (line 8 column 12): the kubelet reads the unquoted 5 as an \
             integer (YAML 1.1, as the kubelet decodes manifests), but a string is expected here; \
             quote it: \"5\""
        );
        let wrong_shape = POD.replace("image: registry.k8s.io/etcd:3.5.12-0", "image: [a]");
        assert!(matches!(
            decode(wrong_shape.as_bytes()),
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
        // Where the Pod wants a string, YAML 1.1 booleans and numbers make the file invalid,
        // in every position: an annotation, an env value, a command element.
        for (from, to, field, shown, became) in [
            (
                "metadata:\n  name: x\n",
                "metadata:\n  annotations:\n    a: yes\n  name: x\n",
                "metadata.annotations.a (line 5 column 8)",
                "yes",
                "a boolean",
            ),
            (
                "    image:",
                "    env:\n    - name: E\n      value: off\n    image:",
                "spec.containers[0].env[0].value (line 10 column 14)",
                "off",
                "a boolean",
            ),
            (
                "[etcd, --name=cp1, --name=cp2]",
                "[etcd, 0644]",
                "spec.containers[0].command[1] (line 9 column 21)",
                "0644",
                "an integer",
            ),
            (
                "    image:",
                "    args: [1_000]\n    image:",
                "spec.containers[0].args[0] (line 8 column 12)",
                "1_000",
                "an integer",
            ),
            (
                "    image:",
                "    workingDir: 1.5 # a comment\n    image:",
                "spec.containers[0].workingDir (line 8 column 17)",
                "1.5",
                "a number",
            ),
        ] {
            let text = POD.replacen(from, to, 1);
            let error = decode(text.as_bytes()).expect_err(to).to_string();
            assert!(
                error.starts_with(&format!(
                    "{field}: the kubelet reads the unquoted {shown} as {became}"
                )),
                "{error}"
            );
            assert!(
                error.ends_with(&format!("quote it: \"{shown}\"")),
                "{error}"
            );
            // Quoted, the same value is a string and the file decodes.
            let quoted = POD.replacen(from, &to.replacen(shown, &format!("'{shown}'"), 1), 1);
            assert!(decode(quoted.as_bytes()).is_ok(), "{quoted}");
        }
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
    fn invalid_utf8_is_located_by_line_and_column_not_byte_offset() {
        let error = decode(b"apiVersion: v1\nkind: P\xc3\xb6d\xff\n").expect_err("not UTF-8");
        assert_eq!(
            error.to_string(),
            "not UTF-8 text (invalid byte at line 2 column 10)"
        );
    }

    #[test]
    fn a_utf8_bom_is_skipped_as_the_kubelet_skips_it() {
        let with_bom = format!("\u{FEFF}{POD}");
        let pod = decode(with_bom.as_bytes()).expect("a BOM does not hide the Pod");
        assert_eq!(pod, decode(POD.as_bytes()).expect("valid"));
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let start = std::time::Instant::now();
        let deep = format!("apiVersion: v1\nkind: Pod\nx: {}\n", "[".repeat(100_000));
        let error = decode(deep.as_bytes()).expect_err("too deep");
        assert!(
            error
                .to_string()
                .starts_with("nested deeper than 100 levels at line 3"),
            "{error}"
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
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
