//! kubeadm's `--patches DIR`: load a patches directory with kubeadm's file
//! naming rules and apply the patches to a target document.
//!
//! Ported from `cmd/kubeadm/app/util/patches/patches.go`:
//!
//! * The directory is walked like Go's `filepath.Walk`: entries in byte-wise
//!   lexical order, and sub-directories *are* descended into (kubeadm's
//!   callback returns `nil` for directories, which does not skip them), their
//!   files taking the sub-directory's place in the order. Entries are not
//!   followed through symlinks when deciding whether they are directories, and
//!   the patches path itself must be a directory, not a symlink to one.
//! * A file name must end in `.json` or `.yaml` (not `.yml`) and start with a
//!   known target, optionally followed by a suffix and `+json`, `+merge` or
//!   `+strategic`; other files are ignored with a warning, a `+` without a
//!   known patch type is an error, an empty file is ignored with a warning.
//! * A file is split into YAML documents on lines starting with `---`
//!   (apimachinery's `YAMLReader`); each non-blank document is one patch.
//! * Patches for a target are applied file by file, document by document.

use super::strategic_merge::{self, PatchSchema};
use crate::fsx::read::{self, Limit};
use crate::yaml::decode::{first_document, DuplicateKeys};
use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};

/// kubeadm's `patches.KnownTargets()`, in its order.
pub const KNOWN_TARGETS: [&str; 6] = [
    "etcd",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "kubeletconfiguration",
    "corednsdeployment",
];

const KNOWN_TARGETS_TEXT: &str = "[etcd kube-apiserver kube-controller-manager kube-scheduler kubeletconfiguration corednsdeployment]";
const EXTENSION_WARNING: &str = "the file extension must be one of [json yaml]";
const PATCH_TYPE_ERROR: &str =
    "unknown or missing patch type after '+', must be one of [json merge strategic]";

/// How a patch file's documents are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchKind {
    /// Strategic merge patch (`+strategic`, or no `+type`).
    Strategic,
    /// JSON merge patch, RFC 7386 (`+merge`).
    Merge,
    /// JSON patch, RFC 6902 (`+json`).
    Json,
}

impl PatchKind {
    /// The name used in file names.
    pub fn as_str(self) -> &'static str {
        match self {
            PatchKind::Strategic => "strategic",
            PatchKind::Merge => "merge",
            PatchKind::Json => "json",
        }
    }

    /// The `types.PatchType` kubeadm prints in its messages.
    pub fn media_type(self) -> &'static str {
        match self {
            PatchKind::Strategic => "application/strategic-merge-patch+json",
            PatchKind::Merge => "application/merge-patch+json",
            PatchKind::Json => "application/json-patch+json",
        }
    }
}

impl fmt::Display for PatchKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One patch file and its documents, each converted from YAML to JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchFile {
    /// The file, as found under the patches directory.
    pub path: PathBuf,
    /// The target its name starts with, one of [`KNOWN_TARGETS`].
    pub target: String,
    /// How its documents are applied (from the `+type` in its name).
    pub kind: PatchKind,
    /// Its non-blank documents in file order, as JSON.
    pub patches: Vec<Value>,
}

/// The patch files of a directory, in the order kubeadm applies them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PatchSet {
    /// The patch files, in walk order (byte-wise lexical, sub-directories in place).
    pub files: Vec<PatchFile>,
    /// One message per ignored file, worded as kubeadm prints them after
    /// `[patches] `: `Ignoring file "foo.txt": the file extension must be one
    /// of [json yaml]`, `Ignoring empty file: "etcd.yaml"`.
    pub warnings: Vec<String>,
    /// Base names of the ignored files, for kubeadm's `[patches] Ignored the
    /// following files: [...]` line.
    pub ignored: Vec<String>,
}

/// Why loading or applying patches failed.
#[derive(Debug, thiserror::Error)]
pub enum PatchError {
    /// The patches path cannot be inspected or listed.
    #[error("could not list patch files for path {path:?}: {source}")]
    ListDir {
        /// The patches directory given to [`load_patch_dir`].
        path: PathBuf,
        /// The failed `lstat` or directory listing.
        source: std::io::Error,
    },
    /// The patches path is not a directory (a symlink to one is not either).
    #[error("could not list patch files for path {path:?}: not a directory")]
    NotADirectory {
        /// The patches path given to [`load_patch_dir`].
        path: PathBuf,
    },
    /// A file name has a `+` without a known patch type.
    #[error("could not list patch files for path {dir:?}: file {file:?}: {reason}")]
    InvalidFileName {
        /// The patches directory given to [`load_patch_dir`].
        dir: PathBuf,
        /// The offending file.
        file: PathBuf,
        /// kubeadm's error text.
        reason: String,
    },
    /// A patch file cannot be read.
    #[error("could not read the file {path:?}: {source}")]
    ReadFile {
        /// The patch file.
        path: PathBuf,
        /// The failed read (including a refused file type or size).
        source: std::io::Error,
    },
    /// A patch file is not UTF-8.
    #[error("patch file {path:?} is not valid UTF-8")]
    NotUtf8 {
        /// The patch file.
        path: PathBuf,
    },
    /// A line starts with `---` followed by something other than a comment.
    #[error("could not split patches in file {path:?}: {message}")]
    SplitDocuments {
        /// The patch file.
        path: PathBuf,
        /// What is wrong with the separator line.
        message: String,
    },
    /// A document is not valid YAML or has no JSON form. `document` counts
    /// the file's non-blank documents from 0.
    #[error("could not convert patch document {} of file {path:?} to JSON: {message}", .document + 1)]
    YamlToJson {
        /// The patch file.
        path: PathBuf,
        /// Index of the document among the file's non-blank ones, from 0.
        document: usize,
        /// The decoder's or converter's message.
        message: String,
    },
    /// [`PatchSet::apply`] was asked for a target kubeadm does not know.
    #[error("unknown patch target name {target:?}, must be one of {KNOWN_TARGETS_TEXT}")]
    UnknownTarget {
        /// The target asked for.
        target: String,
    },
    /// A patch failed to apply. `document` counts from 0.
    #[error("could not apply patch document {} of file {path:?} (type {:?}) to target {target:?}: {message}", .document + 1, .kind.media_type())]
    Apply {
        /// The patch file.
        path: PathBuf,
        /// Index of the document in [`PatchFile::patches`], from 0.
        document: usize,
        /// The target being patched.
        target: String,
        /// The patch type applied.
        kind: PatchKind,
        /// Why the patch did not apply.
        message: String,
    },
}

/// What a file name means to kubeadm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileName {
    /// A patch file for `target`.
    Patch {
        /// The known target the name starts with.
        target: &'static str,
        /// The patch type from the `+type` suffix ([`PatchKind::Strategic`] without one).
        kind: PatchKind,
    },
    /// Not a patch file; `reason` is kubeadm's warning text.
    Ignored {
        /// kubeadm's warning text.
        reason: String,
    },
    /// A `+` without a known patch type; kubeadm stops with this error.
    Invalid {
        /// kubeadm's error text.
        reason: String,
    },
}

/// kubeadm's `parseFilename` for a base name.
pub fn parse_file_name(name: &str) -> FileName {
    // regExtension: `.+\.(json|yaml)$` (`.` does not match a newline).
    let stem = name
        .strip_suffix(".json")
        .or_else(|| name.strip_suffix(".yaml"));
    let extension_ok = stem.is_some_and(|stem| stem.chars().last().is_some_and(|c| c != '\n'));
    if !extension_ok {
        return FileName::Ignored {
            reason: EXTENSION_WARNING.to_string(),
        };
    }

    // `^(targets)([^.+\n]*)?(\+)?(json|merge|strategic)?`, leftmost-first.
    let Some(target) = KNOWN_TARGETS.iter().find(|t| name.starts_with(**t)) else {
        return FileName::Ignored {
            reason: format!("unknown target, must be one of {KNOWN_TARGETS_TEXT}"),
        };
    };
    let rest = &name[target.len()..];
    let suffix_len = rest.find(['.', '+', '\n']).unwrap_or(rest.len());
    let rest = &rest[suffix_len..];
    let Some(after_plus) = rest.strip_prefix('+') else {
        return FileName::Patch {
            target,
            kind: PatchKind::Strategic,
        };
    };
    let kind = [PatchKind::Json, PatchKind::Merge, PatchKind::Strategic]
        .into_iter()
        .find(|kind| after_plus.starts_with(kind.as_str()));
    match kind {
        Some(kind) => FileName::Patch { target, kind },
        None => FileName::Invalid {
            reason: PATCH_TYPE_ERROR.to_string(),
        },
    }
}

/// Load every patch file under `dir`, the way kubeadm's
/// `GetPatchManagerForPath` does. Ignored files become warnings.
pub fn load_patch_dir(dir: &Path) -> Result<PatchSet, PatchError> {
    let metadata = fs_err::symlink_metadata(dir).map_err(|source| PatchError::ListDir {
        path: dir.to_path_buf(),
        source,
    })?;
    if !metadata.is_dir() {
        return Err(PatchError::NotADirectory {
            path: dir.to_path_buf(),
        });
    }
    let mut set = PatchSet::default();
    walk(dir, dir, &mut set)?;
    Ok(set)
}

fn walk(root: &Path, dir: &Path, set: &mut PatchSet) -> Result<(), PatchError> {
    let list_error = |source| PatchError::ListDir {
        path: root.to_path_buf(),
        source,
    };
    let mut names = Vec::new();
    for entry in fs_err::read_dir(dir).map_err(list_error)? {
        names.push(entry.map_err(list_error)?.file_name());
    }
    names.sort_by(|a, b| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));

    for name in names {
        let path = dir.join(&name);
        let metadata = fs_err::symlink_metadata(&path).map_err(list_error)?;
        if metadata.is_dir() {
            walk(root, &path, set)?;
            continue;
        }
        let base = name.to_string_lossy().into_owned();
        let (target, kind) = match parse_file_name(&base) {
            FileName::Patch { target, kind } => (target, kind),
            FileName::Ignored { reason } => {
                set.warnings
                    .push(format!("Ignoring file {base:?}: {reason}"));
                set.ignored.push(base);
                continue;
            }
            FileName::Invalid { reason } => {
                return Err(PatchError::InvalidFileName {
                    dir: root.to_path_buf(),
                    file: path,
                    reason,
                })
            }
        };

        // Bounded and non-blocking: a FIFO or device named like a patch is refused unread.
        let data = read::read(&path, Limit::PATCH).map_err(|e| {
            // The message names the file already; keep only the reason.
            let reason = e.reason();
            let kind = std::io::Error::from(e).kind();
            PatchError::ReadFile {
                path: path.clone(),
                source: std::io::Error::new(kind, reason),
            }
        })?;
        if data.is_empty() {
            set.warnings.push(format!("Ignoring empty file: {base:?}"));
            set.ignored.push(base);
            continue;
        }
        let Ok(text) = String::from_utf8(data) else {
            return Err(PatchError::NotUtf8 { path });
        };
        let documents = split_documents(&text).map_err(|message| PatchError::SplitDocuments {
            path: path.clone(),
            message,
        })?;
        let mut patches = Vec::with_capacity(documents.len());
        for document in documents {
            let json = yaml_to_json(&document).map_err(|message| PatchError::YamlToJson {
                path: path.clone(),
                document: patches.len(),
                message,
            })?;
            patches.push(json);
        }
        set.files.push(PatchFile {
            path,
            target: target.to_string(),
            kind,
            patches,
        });
    }
    Ok(())
}

/// apimachinery's `YAMLReader` over a `LineReader`, then kubeadm's
/// `bytes.TrimSpace` and skipping of blank documents.
///
/// Lines end at `\n` (a `\r` before it is dropped). A line starting with
/// `---` ends the current document; anything after the `---` other than
/// spaces and a `#` comment is an error. A `---` line met while the document is still
/// empty stays part of the next document, so a trailing `---` after a `---`
/// gives a document holding only `---`, which reads as `null`.
pub fn split_documents(data: &str) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        match rest.find('\n') {
            Some(end) => {
                let line = &rest[..end];
                lines.push(line.strip_suffix('\r').unwrap_or(line));
                rest = &rest[end + 1..];
            }
            None => {
                lines.push(rest);
                rest = "";
            }
        }
    }

    let mut documents = Vec::new();
    let mut buffer = String::new();
    for line in lines {
        if let Some(after) = line.strip_prefix("---") {
            let trimmed = after.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err(format!("invalid Yaml document separator: {trimmed}"));
            }
            if !buffer.is_empty() {
                documents.push(std::mem::take(&mut buffer));
                continue;
            }
        }
        buffer.push_str(line);
        buffer.push('\n');
    }
    if !buffer.is_empty() {
        documents.push(buffer);
    }

    Ok(documents
        .into_iter()
        .map(|document| document.trim().to_string())
        .filter(|document| !document.is_empty())
        .collect())
}

/// `sigs.k8s.io/yaml.YAMLToJSON` for one document (kubeadm converts each patch document with
/// it, no target type): YAML 1.1 scalars, merge keys (`<<`) applied, scalar keys turned into
/// strings, and floats with integral values written as integers (as Go's encoder does). The
/// conversion itself is [`crate::yaml::decode`]'s.
pub fn yaml_to_json(document: &str) -> Result<Value, String> {
    let mut json = first_document(document, DuplicateKeys::LastWins)
        .map_err(|e| e.to_string())?
        .value;
    strategic_merge::normalize_numbers(&mut json);
    Ok(json)
}

impl PatchSet {
    /// Apply every patch for `target` (e.g. "kube-apiserver") to `doc` in
    /// kubeadm's order: file by file, document by document. Strategic merge
    /// patches use the `v1.Pod` patch tags for the static pod targets, the
    /// `apps/v1.Deployment` ones for `corednsdeployment` and none for
    /// `kubeletconfiguration`.
    pub fn apply(&self, target: &str, doc: Value) -> Result<Value, PatchError> {
        if !KNOWN_TARGETS.contains(&target) {
            return Err(PatchError::UnknownTarget {
                target: target.to_string(),
            });
        }
        let schema = match target {
            "corednsdeployment" => PatchSchema::Deployment,
            "kubeletconfiguration" => PatchSchema::Untyped,
            _ => PatchSchema::Pod,
        };
        let mut doc = doc;
        for file in self.files.iter().filter(|file| file.target == target) {
            for (index, patch) in file.patches.iter().enumerate() {
                doc = apply_one(file.kind, schema, doc, patch).map_err(|message| {
                    PatchError::Apply {
                        path: file.path.clone(),
                        document: index,
                        target: target.to_string(),
                        kind: file.kind,
                        message,
                    }
                })?;
            }
        }
        Ok(doc)
    }

    /// The targets that have patch files, in file order, without repeats.
    pub fn targets(&self) -> Vec<&str> {
        let mut targets: Vec<&str> = Vec::new();
        for file in &self.files {
            if !targets.contains(&file.target.as_str()) {
                targets.push(&file.target);
            }
        }
        targets
    }
}

fn apply_one(
    kind: PatchKind,
    schema: PatchSchema,
    mut doc: Value,
    patch: &Value,
) -> Result<Value, String> {
    match kind {
        PatchKind::Json => {
            // evanphx/json-patch decodes `null` as an empty patch.
            if patch.is_null() {
                return Ok(doc);
            }
            let operations: json_patch::Patch = serde_json::from_value(patch.clone())
                .map_err(|e| format!("could not decode JSON patch: {e}"))?;
            json_patch::patch(&mut doc, &operations).map_err(|e| e.to_string())?;
            Ok(doc)
        }
        PatchKind::Merge => {
            // evanphx/json-patch's MergePatch rejects a patch that is neither
            // an object nor an array ("Invalid JSON Patch").
            if !(patch.is_object() || patch.is_array()) {
                return Err("Invalid JSON Patch".to_string());
            }
            json_patch::merge(&mut doc, patch);
            Ok(doc)
        }
        PatchKind::Strategic => {
            strategic_merge::strategic_merge(&doc, patch, schema).map_err(|e| e.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn write(dir: &Path, name: &str, data: &str) {
        if let Err(e) = fs_err::write(dir.join(name), data) {
            panic!("write {name}: {e}");
        }
    }

    fn tempdir() -> tempfile::TempDir {
        match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("tempdir: {e}"),
        }
    }

    #[test]
    fn a_fifo_named_like_a_patch_is_refused_without_blocking() {
        let dir = tempdir();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            dir.path().join("kube-apiserver.yaml"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .expect("mkfifo");
        let error = load_patch_dir(dir.path()).expect_err("a FIFO is no patch");
        assert!(
            error
                .to_string()
                .contains("is a FIFO, not a regular file; not read"),
            "{error}"
        );
    }

    fn load(dir: &Path) -> PatchSet {
        match load_patch_dir(dir) {
            Ok(s) => s,
            Err(e) => panic!("load: {e}"),
        }
    }

    fn apply(set: &PatchSet, target: &str, doc: Value) -> Value {
        match set.apply(target, doc) {
            Ok(v) => v,
            Err(e) => panic!("apply: {e}"),
        }
    }

    /// What kubeadm renders for kube-apiserver, as JSON.
    fn apiserver_pod() -> Value {
        json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "annotations": {
                    "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": "10.0.0.1:6443"
                },
                "creationTimestamp": null,
                "labels": {"component": "kube-apiserver", "tier": "control-plane"},
                "name": "kube-apiserver",
                "namespace": "kube-system"
            },
            "spec": {
                "containers": [{
                    "command": [
                        "kube-apiserver",
                        "--advertise-address=10.0.0.1",
                        "--allow-privileged=true"
                    ],
                    "image": "registry.k8s.io/kube-apiserver:v1.30.0",
                    "imagePullPolicy": "IfNotPresent",
                    "livenessProbe": {
                        "failureThreshold": 8,
                        "httpGet": {"host": "10.0.0.1", "path": "/livez", "port": 6443, "scheme": "HTTPS"},
                        "initialDelaySeconds": 10,
                        "periodSeconds": 10,
                        "timeoutSeconds": 15
                    },
                    "name": "kube-apiserver",
                    "resources": {"requests": {"cpu": "250m"}},
                    "volumeMounts": [
                        {"mountPath": "/etc/ssl/certs", "name": "ca-certs", "readOnly": true},
                        {"mountPath": "/etc/kubernetes/pki", "name": "k8s-certs", "readOnly": true}
                    ]
                }],
                "hostNetwork": true,
                "priority": 2000001000,
                "priorityClassName": "system-node-critical",
                "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
                "volumes": [
                    {"hostPath": {"path": "/etc/ssl/certs", "type": "DirectoryOrCreate"}, "name": "ca-certs"},
                    {"hostPath": {"path": "/etc/kubernetes/pki", "type": "DirectoryOrCreate"}, "name": "k8s-certs"}
                ]
            },
            "status": {}
        })
    }

    #[test]
    fn file_names() {
        let patch = |target, kind| FileName::Patch { target, kind };
        let cases = [
            (
                "kube-apiserver0+merge.yaml",
                patch("kube-apiserver", PatchKind::Merge),
            ),
            ("etcd+json.json", patch("etcd", PatchKind::Json)),
            (
                "kube-scheduler.yaml",
                patch("kube-scheduler", PatchKind::Strategic),
            ),
            ("etcd0.yaml", patch("etcd", PatchKind::Strategic)),
            (
                "kube-controller-manager-b+strategic.json",
                patch("kube-controller-manager", PatchKind::Strategic),
            ),
            (
                "kubeletconfiguration.json",
                patch("kubeletconfiguration", PatchKind::Strategic),
            ),
            (
                "corednsdeployment+merge.yaml",
                patch("corednsdeployment", PatchKind::Merge),
            ),
            // The regexp is not anchored at the end.
            (
                "kube-apiserver+jsonx.yaml",
                patch("kube-apiserver", PatchKind::Json),
            ),
            // The suffix stops at the first '.', so the '+' is never seen.
            ("etcd.+foo.yaml", patch("etcd", PatchKind::Strategic)),
        ];
        for (name, expected) in cases {
            assert_eq!(parse_file_name(name), expected, "{name}");
        }

        let extension = FileName::Ignored {
            reason: EXTENSION_WARNING.to_string(),
        };
        for name in [
            "etcd.yml",
            "etcd",
            "etcd.foo",
            ".json",
            "kube-apiserver.YAML",
        ] {
            assert_eq!(parse_file_name(name), extension, "{name}");
        }
        for name in ["foo.yaml", "bar.json", "Etcd.yaml", "xetcd.yaml"] {
            assert!(
                matches!(parse_file_name(name), FileName::Ignored { ref reason } if reason.starts_with("unknown target")),
                "{name}"
            );
        }
        for name in ["etcd+.json", "etcd+foo.json", "kube-scheduler1+yaml.yaml"] {
            assert_eq!(
                parse_file_name(name),
                FileName::Invalid {
                    reason: PATCH_TYPE_ERROR.to_string()
                },
                "{name}"
            );
        }
    }

    #[test]
    fn files_are_loaded_in_lexical_order_and_others_ignored() {
        let dir = tempdir();
        let p = dir.path();
        write(p, "kube-scheduler+merge.json", r#"{"foo":"bar"}"#);
        write(
            p,
            "kube-apiserver1+merge.yaml",
            "metadata:\n  labels:\n    order: merge\n",
        );
        write(
            p,
            "kube-apiserver0.yaml",
            "metadata:\n  labels:\n    order: strategic\n    s: x\n",
        );
        write(
            p,
            "kube-apiserver+json.json",
            r#"[{"op": "add", "path": "/metadata/labels/order", "value": "json"}, {"op": "add", "path": "/metadata/labels/j", "value": "x"}]"#,
        );
        write(p, "etcd.yaml", "foo: bar");
        write(p, "README.md", "hello");
        write(p, "etcd.yml", "foo: bar");
        write(p, "kube-scheduler.json", "");

        let set = load(p);
        let files: Vec<String> = set
            .files
            .iter()
            .map(|f| {
                f.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(
            files,
            [
                "etcd.yaml",
                "kube-apiserver+json.json",
                "kube-apiserver0.yaml",
                "kube-apiserver1+merge.yaml",
                "kube-scheduler+merge.json"
            ]
        );
        assert_eq!(
            set.ignored,
            ["README.md", "etcd.yml", "kube-scheduler.json"]
        );
        assert_eq!(
            set.warnings,
            [
                "Ignoring file \"README.md\": the file extension must be one of [json yaml]",
                "Ignoring file \"etcd.yml\": the file extension must be one of [json yaml]",
                "Ignoring empty file: \"kube-scheduler.json\"",
            ]
        );
        assert_eq!(set.targets(), ["etcd", "kube-apiserver", "kube-scheduler"]);
        assert_eq!(set.files[1].kind, PatchKind::Json);
        assert_eq!(set.files[3].kind, PatchKind::Merge);

        let out = apply(&set, "kube-apiserver", apiserver_pod());
        assert_eq!(out["metadata"]["labels"]["order"], "merge");
        assert_eq!(out["metadata"]["labels"]["j"], "x");
        assert_eq!(out["metadata"]["labels"]["s"], "x");
        assert_eq!(out["metadata"]["labels"]["component"], "kube-apiserver");
        // No patches for this target: unchanged.
        assert_eq!(
            apply(&set, "kube-controller-manager", json!({"a": 1})),
            json!({"a": 1})
        );
    }

    #[test]
    fn sub_directories_are_walked_like_filepath_walk() {
        let dir = tempdir();
        let p = dir.path();
        if let Err(e) = fs_err::create_dir(p.join("b-dir")) {
            panic!("{e}");
        }
        write(p, "a.yaml", "x: 1");
        write(&p.join("b-dir"), "etcd.yaml", "x: 1");
        write(p, "etcd.yaml", "x: 2");
        let set = load(p);
        let paths: Vec<PathBuf> = set.files.iter().map(|f| f.path.clone()).collect();
        assert_eq!(
            paths,
            [p.join("b-dir").join("etcd.yaml"), p.join("etcd.yaml")]
        );
        assert_eq!(set.ignored, ["a.yaml"]);
    }

    #[test]
    fn multi_document_files() {
        let dir = tempdir();
        let p = dir.path();
        write(
            p,
            "etcd+merge.yaml",
            "---\na: 1\n---\n\n---   # comment\nb: 2\r\n---\r\nc: 3\n---\n",
        );
        write(
            p,
            "kube-scheduler.json",
            "{\"a\":1}\n---\n     ---\n{\"b\":2}",
        );
        let set = load(p);
        assert_eq!(
            set.files[0].patches,
            vec![json!({"a": 1}), json!({"b": 2}), json!({"c": 3})]
        );
        assert_eq!(set.files[1].patches, vec![json!({"a": 1}), json!({"b": 2})]);
        let out = apply(&set, "etcd", json!({"a": 0, "z": 0}));
        assert_eq!(out, json!({"a": 1, "b": 2, "c": 3, "z": 0}));
    }

    #[test]
    fn document_splitting_edge_cases() {
        let split = |s: &str| split_documents(s);
        assert_eq!(
            split("a: 1\n---\nb: 2"),
            Ok(vec!["a: 1".to_string(), "b: 2".to_string()])
        );
        // A `---` meeting an empty buffer stays in the next document.
        assert_eq!(
            split("a: 1\n---\n---\n"),
            Ok(vec!["a: 1".to_string(), "---".to_string()])
        );
        assert_eq!(yaml_to_json("---"), Ok(Value::Null));
        assert_eq!(split("# only\n"), Ok(vec!["# only".to_string()]));
        assert_eq!(yaml_to_json("# only"), Ok(Value::Null));
        assert_eq!(split("  \n\n"), Ok(vec![]));
        assert_eq!(
            split("a: 1\n---x\n"),
            Err("invalid Yaml document separator: x".to_string())
        );
        assert_eq!(
            split("a: 1\n----\n"),
            Err("invalid Yaml document separator: -".to_string())
        );
    }

    #[test]
    fn yaml_to_json_conversion() {
        assert_eq!(
            yaml_to_json("a: 1.0\nb: 1.5\nc: 1e3\n1: x\ntrue: 'y'"),
            Ok(json!({"a": 1, "b": 1.5, "c": 1000, "1": "x", "true": "y"}))
        );
        // YAML 1.1, as kubeadm's YAMLToJSON reads patches: unquoted `y` and `on` are true.
        assert_eq!(
            yaml_to_json("on: y\nmode: 0644"),
            Ok(json!({"true": true, "mode": 420}))
        );
        assert_eq!(
            yaml_to_json("base: &b {x: 1}\nd:\n  <<: *b\n  z: 2"),
            Ok(json!({"base": {"x": 1}, "d": {"x": 1, "z": 2}}))
        );
        assert!(yaml_to_json("a: .inf").is_err());
        assert!(yaml_to_json("? [1]\n: x").is_err());
    }

    #[test]
    fn strategic_patch_on_apiserver_pod() {
        let dir = tempdir();
        let p = dir.path();
        write(
            p,
            "kube-apiserver.yaml",
            r#"spec:
  containers:
  - name: kube-apiserver
    command:
    - kube-apiserver
    - --audit-log-path=/var/log/audit.log
    resources:
      requests:
        cpu: 500m
        memory: 512Mi
    env:
    - name: GOMAXPROCS
      value: "2"
    volumeMounts:
    - mountPath: /var/log
      name: audit
    - mountPath: /etc/kubernetes/pki
      name: k8s-certs
      readOnly: false
  volumes:
  - name: audit
    hostPath:
      path: /var/log/kubernetes
      type: DirectoryOrCreate
"#,
        );
        let set = load(p);
        let out = apply(&set, "kube-apiserver", apiserver_pod());
        let container = &out["spec"]["containers"][0];
        assert_eq!(
            container["command"],
            json!(["kube-apiserver", "--audit-log-path=/var/log/audit.log"])
        );
        assert_eq!(
            container["resources"],
            json!({"requests": {"cpu": "500m", "memory": "512Mi"}})
        );
        assert_eq!(container["image"], "registry.k8s.io/kube-apiserver:v1.30.0");
        assert_eq!(
            container["env"],
            json!([{"name": "GOMAXPROCS", "value": "2"}])
        );
        // Merged by mountPath: k8s-certs updated in place; /var/log is new and
        // goes before the unmentioned ca-certs mount (apimachinery's order).
        assert_eq!(
            container["volumeMounts"],
            json!([
                {"mountPath": "/var/log", "name": "audit"},
                {"mountPath": "/etc/ssl/certs", "name": "ca-certs", "readOnly": true},
                {"mountPath": "/etc/kubernetes/pki", "name": "k8s-certs", "readOnly": false}
            ])
        );
        let volumes: Vec<&str> = out["spec"]["volumes"]
            .as_array()
            .map(|v| v.iter().filter_map(|v| v["name"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(volumes, ["audit", "ca-certs", "k8s-certs"]);
        assert_eq!(out["spec"]["hostNetwork"], true);
        assert_eq!(out["metadata"], apiserver_pod()["metadata"]);
    }

    #[test]
    fn strategic_env_merge_and_volume_delete() {
        let mut pod = apiserver_pod();
        pod["spec"]["containers"][0]["env"] = json!([
            {"name": "A", "value": "1"},
            {"name": "C", "value": "3"}
        ]);
        let dir = tempdir();
        let p = dir.path();
        write(
            p,
            "kube-apiserver.yaml",
            r#"spec:
  containers:
  - name: kube-apiserver
    env:
    - name: C
      value: "30"
    - name: B
      value: "2"
    volumeMounts:
    - mountPath: /etc/ssl/certs
      $patch: delete
  volumes:
  - name: ca-certs
    $patch: delete
"#,
        );
        let out = apply(&load(p), "kube-apiserver", pod);
        let container = &out["spec"]["containers"][0];
        assert_eq!(
            container["env"],
            json!([{"name": "A", "value": "1"}, {"name": "C", "value": "30"}, {"name": "B", "value": "2"}])
        );
        assert_eq!(
            container["volumeMounts"],
            json!([{"mountPath": "/etc/kubernetes/pki", "name": "k8s-certs", "readOnly": true}])
        );
        assert_eq!(
            out["spec"]["volumes"],
            json!([{"hostPath": {"path": "/etc/kubernetes/pki", "type": "DirectoryOrCreate"}, "name": "k8s-certs"}])
        );
    }

    #[test]
    fn json_patch_replaces_command() {
        let dir = tempdir();
        let p = dir.path();
        write(
            p,
            "kube-apiserver+json.yaml",
            "- op: replace\n  path: /spec/containers/0/command/0\n  value: /usr/local/bin/kube-apiserver\n",
        );
        let out = apply(&load(p), "kube-apiserver", apiserver_pod());
        assert_eq!(
            out["spec"]["containers"][0]["command"][0],
            "/usr/local/bin/kube-apiserver"
        );
        assert_eq!(
            out["spec"]["containers"][0]["command"][1],
            "--advertise-address=10.0.0.1"
        );
    }

    #[test]
    fn merge_patch_nulls_a_key_and_replaces_lists() {
        let dir = tempdir();
        let p = dir.path();
        write(
            p,
            "kube-apiserver+merge.json",
            r#"{"metadata": {"annotations": null}, "spec": {"volumes": [{"name": "only"}]}}"#,
        );
        let out = apply(&load(p), "kube-apiserver", apiserver_pod());
        assert!(out["metadata"].get("annotations").is_none());
        assert_eq!(out["metadata"]["name"], "kube-apiserver");
        assert_eq!(out["spec"]["volumes"], json!([{"name": "only"}]));
    }

    #[test]
    fn errors_name_the_file() {
        let dir = tempdir();
        let p = dir.path();
        write(p, "kube-scheduler+foo.json", "{}");
        let err = load_patch_dir(p).map(|_| ()).map_err(|e| e.to_string());
        assert!(
            matches!(&err, Err(m) if m.contains("kube-scheduler+foo.json") && m.contains(PATCH_TYPE_ERROR)),
            "{err:?}"
        );

        let dir = tempdir();
        let p = dir.path();
        write(p, "etcd.yaml", "a: 1\n---\nb: [unclosed\n");
        let err = load_patch_dir(p).map(|_| ()).map_err(|e| e.to_string());
        assert!(
            matches!(&err, Err(m) if m.contains("etcd.yaml") && m.contains("document 2")),
            "{err:?}"
        );

        let dir = tempdir();
        let p = dir.path();
        write(p, "etcd+json.json", r#"{"foo":"zzz"}"#);
        write(
            p,
            "kube-apiserver.yaml",
            "spec:\n  volumes:\n  - hostPath: {}\n",
        );
        write(p, "kube-scheduler+merge.yaml", "just a string");
        let set = load(p);
        for (target, file) in [
            ("etcd", "etcd+json.json"),
            ("kube-apiserver", "kube-apiserver.yaml"),
            ("kube-scheduler", "kube-scheduler+merge.yaml"),
        ] {
            let err = set
                .apply(target, apiserver_pod())
                .map_err(|e| e.to_string());
            assert!(
                matches!(&err, Err(m) if m.contains(file) && m.contains("document 1")),
                "{err:?}"
            );
        }
        let err = set.apply("kube-apiserver", apiserver_pod());
        assert!(
            matches!(err, Err(PatchError::Apply { ref message, .. }) if message.contains("merge key: name"))
        );

        assert!(matches!(
            set.apply("kube-proxy", json!({})),
            Err(PatchError::UnknownTarget { .. })
        ));
        assert!(matches!(
            load_patch_dir(&p.join("missing")),
            Err(PatchError::ListDir { .. })
        ));
        assert!(matches!(
            load_patch_dir(&p.join("etcd+json.json")),
            Err(PatchError::NotADirectory { .. })
        ));
        assert_eq!(
            split_documents("a: 1\n--- x\n"),
            Err("invalid Yaml document separator: x".to_string())
        );
    }

    #[test]
    fn null_documents_follow_kubeadm() {
        let pod = apiserver_pod();
        // A comment-only document reads as `null`.
        assert_eq!(
            apply_one(
                PatchKind::Strategic,
                PatchSchema::Pod,
                pod.clone(),
                &Value::Null
            ),
            Ok(pod.clone())
        );
        assert_eq!(
            apply_one(PatchKind::Json, PatchSchema::Pod, pod.clone(), &Value::Null),
            Ok(pod.clone())
        );
        assert!(apply_one(PatchKind::Merge, PatchSchema::Pod, pod, &Value::Null).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_patch_dir_is_not_a_directory() {
        let dir = tempdir();
        let link = dir.path().join("link");
        if let Err(e) = fs_err::os::unix::fs::symlink(dir.path(), &link) {
            panic!("{e}");
        }
        assert!(matches!(
            load_patch_dir(&link),
            Err(PatchError::NotADirectory { .. })
        ));
    }
}
