//! Entry points of the cargo-fuzz targets (`fuzz/`). `cargo test` replays every committed
//! seed and regression input through these same functions, so the targets never rot.
//! Each function panics only on a real bug: an invariant that must hold for any input.

// Panicking is how a fuzz target reports a broken invariant.
#![allow(clippy::panic)]

use std::path::Path;

use crate::config::{self, NodeOverrides};
use crate::kubeadm::release::all_known;
use crate::render::{self, RenderRequest};

/// Config parsing must return a value or an error for any bytes, never panic.
pub fn config_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let overrides = NodeOverrides::default();
    if let Ok(loaded) = config::load_str(Path::new("fuzz.yaml"), text, &overrides) {
        // A loaded model is internally consistent.
        assert!(loaded.model.certificates_dir.starts_with('/'));
        assert!(loaded.model.bind_port > 0);
    }
}

/// YAML input ([`crate::yaml::decode`]) on any text: never panics, refuses deep nesting before
/// parsing, and what decodes is emitted by [`crate::yaml::to_yaml`] so that it decodes back to
/// the same value (the emitter's quoting and the decoder's YAML 1.1 resolution agree).
pub fn yaml_decode(data: &[u8]) {
    use crate::yaml::decode::{documents, first_document, DuplicateKeys, MAX_DEPTH};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = documents(text, DuplicateKeys::Refuse);
    let Ok(document) = first_document(text, DuplicateKeys::LastWins) else {
        return;
    };
    // go-yaml v2 itself writes a "<<" key plain, which reads back as a merge key: not
    // round-trippable in Go either, so not an invariant here.
    if depth(&document.value) + 10 > MAX_DEPTH || has_merge_key(&document.value) {
        return;
    }
    let emitted = crate::yaml::to_yaml(&document.value);
    match first_document(&emitted, DuplicateKeys::Refuse) {
        Ok(again) => assert_eq!(
            again.value, document.value,
            "emit then decode changed the value:\n{emitted}"
        ),
        Err(e) => panic!("emitted YAML does not decode: {e}\n{emitted}"),
    }
}

fn has_merge_key(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Array(items) => items.iter().any(has_merge_key),
        serde_json::Value::Object(map) => map.contains_key("<<") || map.values().any(has_merge_key),
        _ => false,
    }
}

fn depth(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        serde_json::Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Render any config under any known release: never panic; whatever renders must parse back
/// as a Pod and re-emit to the same bytes.
pub fn render(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let releases: Vec<_> = all_known().collect();
    let release = releases[usize::from(selector) % releases.len()];
    let overrides = NodeOverrides {
        advertise_address: (selector & 1 == 1).then(|| "10.0.0.1".to_string()),
        node_name: Some("fuzz".to_string()),
        kubernetes_version: None,
    };
    let Ok(loaded) = config::load_str(Path::new("fuzz.yaml"), text, &overrides) else {
        return;
    };
    let request = RenderRequest {
        config: "fuzz.yaml".into(),
        kubeadm_version: Some(release.to_string()),
        root: "/nonexistent-staticpod-fuzz-root".into(),
        ..Default::default()
    };
    let Ok(rendered) = render::render_loaded(&request, loaded) else {
        return;
    };
    for manifest in rendered.manifests {
        // Read back as the kubelet reads it (YAML 1.1): the emitter must have quoted every
        // string that would read back as something else.
        let json = match crate::yaml::decode::first_document(
            &manifest.yaml,
            crate::yaml::decode::DuplicateKeys::Refuse,
        ) {
            Ok(document) => document.value,
            Err(e) => panic!(
                "{}: rendered YAML does not decode: {e}\n{}",
                manifest.component, manifest.yaml
            ),
        };
        assert_eq!(
            crate::yaml::to_yaml(&json),
            manifest.yaml,
            "re-emitting changed the bytes"
        );
    }
}

/// Manifest decoding and classification: the input is two manifests separated by the first
/// `\0` byte (or split in half). Never panics; a file compared with itself is `unchanged`; equal
/// semantic digests imply a non-restart verdict.
pub fn manifest_diff(data: &[u8]) {
    let (a, b) = match data.iter().position(|&byte| byte == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => data.split_at(data.len() / 2),
    };
    let same = crate::diff::classify(Some(a), Some(a));
    assert_eq!(same.status, crate::diff::Status::Unchanged);
    let verdict = crate::diff::classify(Some(a), Some(b));
    if let (Ok(da), Ok(db)) = (crate::manifest::decode(a), crate::manifest::decode(b)) {
        let equal_digest =
            crate::manifest::semantic_digest(&da) == crate::manifest::semantic_digest(&db);
        let quiet = matches!(
            verdict.status,
            crate::diff::Status::Unchanged | crate::diff::Status::Cosmetic
        );
        assert_eq!(
            equal_digest, quiet,
            "digest equality must match the verdict: {verdict:?}"
        );
    }
}

/// The clock of the verify fuzz target, in seconds since the epoch (2027-01-15T08:00:00Z): a
/// generated node root issues its certificates relative to it, so a crash input replays the same
/// findings on any day.
pub const VERIFY_NOW_UNIX: u64 = 1_800_000_000;

/// [`VERIFY_NOW_UNIX`] as a [`std::time::SystemTime`].
pub fn verify_now() -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(VERIFY_NOW_UNIX)
}

/// `verify` over any manifest set, against the kubeadm node under `root` (manifests directory
/// `root/etc/kubernetes/manifests`; a generated PKI and kubeconfigs make the file, certificate
/// and kubeconfig checks read real files), with `now` as the expiry clock.
///
/// The first byte picks which components are present (bits 0–3) and an upgrade target (bits
/// 4–7); the rest holds up to four manifests separated by `\0`, given to kube-apiserver,
/// kube-controller-manager, kube-scheduler and etcd in turn (they are checked from memory:
/// nothing is written under `root`). Never panics; always a report; every finding has an id and
/// a one-line message; the report is deterministic and already sorted. Returns the report (for
/// the tests that prove which checks ran).
pub fn verify_in(data: &[u8], root: &Path, now: std::time::SystemTime) -> crate::verify::Report {
    use crate::component::Component;
    use crate::kubeadm::version::KubeVersion;
    use crate::verify::{self, scan, Options, Profile};

    let Some((&selector, rest)) = data.split_first() else {
        return verify::Report::default();
    };
    let mut parts = rest.split(|&b| b == 0);
    let files: Vec<(Component, Option<Vec<u8>>)> = Component::ALL
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let part = parts.next().map(<[u8]>::to_vec);
            (c, part.filter(|_| selector & (1 << i) != 0))
        })
        .collect();
    let targets = ["v1.29.15", "v1.31.14", "v1.34.12", "v1.37.1", "v1.40.0"];
    let target = match usize::from(selector >> 4) {
        n if n < targets.len() => KubeVersion::parse(targets[n]).ok(),
        _ => None,
    };
    let options = Options {
        root: root.to_path_buf(),
        manifests_dir: root.join("etc/kubernetes/manifests"),
        now,
        target,
        profile: Profile::Cis,
        skip: Vec::new(),
        rendered: None,
    };
    let members = scan::members_from(&options.manifests_dir, &files);
    let report = verify::sorted(verify::check_members(&options, &members));
    for f in &report.findings {
        assert!(!f.id.is_empty(), "finding without id: {f:?}");
        assert!(!f.message.is_empty(), "finding without message: {f:?}");
        assert!(!f.message.contains('\n'), "multi-line message: {f:?}");
    }
    let again = verify::sorted(verify::check_members(&options, &members));
    assert_eq!(report, again, "verify is not deterministic");
    assert_eq!(
        verify::sorted(report.findings.clone()),
        report,
        "sorting is not idempotent"
    );
    report
}

/// kubeadm `--patches`: the first byte picks the patch type (strategic, merge, json) and the
/// target; the rest is `document \0 patch` (YAML or JSON; without `\0` it is the patch and the
/// document is a small kube-apiserver pod). Never panics; a JSON merge patch applied twice
/// gives what it gave once (RFC 7386 is idempotent); an empty strategic patch changes nothing.
pub fn kubeadm_patches(data: &[u8]) {
    use crate::render::patches::{self, PatchFile, PatchKind, PatchSet, KNOWN_TARGETS};

    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let kind = [PatchKind::Strategic, PatchKind::Merge, PatchKind::Json][usize::from(selector % 3)];
    let target = KNOWN_TARGETS[usize::from(selector / 3) % KNOWN_TARGETS.len()];
    let (document, patch_text) = match text.split_once('\0') {
        Some((document, patch)) => (document, patch),
        None => (
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"kube-apiserver\",\"namespace\":\"kube-system\"},\
             \"spec\":{\"containers\":[{\"name\":\"kube-apiserver\",\"image\":\"registry.k8s.io/kube-apiserver:v1.33.0\",\
             \"command\":[\"kube-apiserver\",\"--secure-port=6443\"],\"env\":[{\"name\":\"A\",\"value\":\"1\"}],\
             \"volumeMounts\":[{\"name\":\"k8s-certs\",\"mountPath\":\"/etc/kubernetes/pki\"}]}],\
             \"volumes\":[{\"name\":\"k8s-certs\",\"hostPath\":{\"path\":\"/etc/kubernetes/pki\"}}]}}",
            text,
        ),
    };
    let Ok(doc) = patches::yaml_to_json(document) else {
        return;
    };
    let Ok(documents) = patches::split_documents(patch_text) else {
        return;
    };
    let converted: Result<Vec<serde_json::Value>, String> =
        documents.iter().map(|d| patches::yaml_to_json(d)).collect();
    let Ok(list) = converted else {
        return;
    };
    let set = |patches: Vec<serde_json::Value>| PatchSet {
        files: vec![PatchFile {
            path: format!("{target}+{}.yaml", kind.as_str()).into(),
            target: target.to_string(),
            kind,
            patches,
        }],
        ..PatchSet::default()
    };
    let Ok(once) = set(list.clone()).apply(target, doc.clone()) else {
        return;
    };
    if kind == PatchKind::Merge {
        let twice = set(list.clone()).apply(target, once.clone());
        assert!(
            matches!(&twice, Ok(v) if *v == once),
            "a merge patch applied twice differs from once: {twice:?} vs {once}"
        );
    }
    if kind == PatchKind::Strategic && doc.is_object() {
        let empty = set(vec![serde_json::json!({})]).apply(target, doc.clone());
        if let Ok(same) = empty {
            let mut normalized = doc.clone();
            crate::render::strategic_merge::normalize_numbers(&mut normalized);
            let mut same = same;
            crate::render::strategic_merge::normalize_numbers(&mut same);
            assert_eq!(
                same, normalized,
                "an empty strategic patch changed the document"
            );
        }
    }
}

/// `import` over any manifest set: the first byte picks which components are present (bits
/// 0–3, kube-apiserver, kube-controller-manager, kube-scheduler, etcd), the rest holds the
/// manifests separated by `\0`. Never panics; whatever it imports renders again, from the
/// configuration and patch texts alone, to the bytes it claims.
pub fn import(data: &[u8]) {
    use crate::component::Component;
    use crate::import::{self, read, recheck, ImportRequest, Reproduced};

    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mut parts = rest.split(|&b| b == 0);
    let mut manifests = Vec::new();
    for (i, component) in Component::ALL.into_iter().enumerate() {
        let part = parts.next().map(<[u8]>::to_vec);
        let Some(bytes) = part.filter(|_| selector & (1 << i) != 0) else {
            continue;
        };
        match read::decode(component, component.file_name().into(), bytes) {
            Ok(manifest) => manifests.push(manifest),
            Err(e) => {
                assert!(!e.to_string().is_empty());
                return;
            }
        }
    }
    if manifests.is_empty() {
        return;
    }
    let request = ImportRequest {
        root: "/nonexistent-staticpod-fuzz-root".into(),
        patches_dir: Some("/etc/kubernetes/patches".into()),
        ..Default::default()
    };
    let Ok(report) = import::import_manifests(&request, &manifests) else {
        return;
    };
    let rendered = match recheck::rerender(&request, &report) {
        Ok(rendered) => rendered,
        Err(e) => panic!(
            "an imported configuration does not render again: {e}\n{}",
            report.config
        ),
    };
    for c in &report.components {
        let Some(manifest) = manifests.iter().find(|m| m.component.name() == c.component) else {
            panic!("{}: reported but not imported", c.component);
        };
        let Some(yaml) = rendered.get(&manifest.component) else {
            panic!("{}: imported but not rendered again", c.component);
        };
        let verdict = crate::diff::classify(Some(&manifest.bytes), Some(yaml.as_bytes()));
        let expected = match c.reproduced {
            Reproduced::Identical => crate::diff::Status::Unchanged,
            Reproduced::Cosmetic => crate::diff::Status::Cosmetic,
        };
        assert_eq!(
            verdict.status, expected,
            "{}: {:?}",
            c.component, verdict.reasons
        );
    }
}
