//! The patch-strategy table ([`super::schema`]) checked against the Kubernetes API metadata
//! `k8s-openapi` carries.
//!
//! `k8s-openapi` does not expose `x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key`
//! at run time. What it generates from the OpenAPI document is each type's `DeepMerge` impl,
//! whose list strategies come from `x-kubernetes-list-type` / `x-kubernetes-list-map-keys`
//! (`merge_strategies::list::map(…, &[|lhs, rhs| lhs.name == rhs.name])`, `list::set`,
//! `list::atomic`). This test reads that generated source of the `k8s-openapi` the build uses
//! (located with `cargo metadata --offline`), walks every type reachable from `v1.Pod`, and
//! requires: every list the API keys by a field (`map`) or treats as a set is a merge list in
//! our table with that key (the first list-map key), and every merge list in our table is keyed
//! or a set in the API. The differences that are real (the list-map key and the patch merge
//! key are separate annotations) are listed in [`KNOWN`] with the reason.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::schema::Node;
use super::MERGE_DIRECTIVE;

/// (type, JSON field, what k8s-openapi says, why our table differs). Checked against the Go
/// struct tags of github.com/kubernetes/api `core/v1/types.go` @ 10b39a39bcee995dfe7cd5e8e7b922be5e46f1e2.
#[rustfmt::skip]
const KNOWN: &[(&str, &str, &str, &str)] = &[
    // `+listType=map` (server-side apply) without a `patchStrategy` tag: a strategic merge
    // patch replaces these lists whole.
    ("PodStatus", "volumeHealth", "map:name", "no patchStrategy tag in types.go"),
    ("ResourceRequirements", "claims", "map:name", "no patchStrategy tag in types.go"),
    ("NodeAllocatableResourceClaimStatus", "containers", "set", "no patchStrategy tag in types.go"),
    ("ResourceStatus", "resources", "map:resourceId", "no patchStrategy tag in types.go"),
    ("VolumeMount", "bindMountOptions", "set", "no patchStrategy tag in types.go"),
    ("ContainerRestartRuleOnExitCodes", "values", "set", "no patchStrategy tag in types.go"),
    // Tagged in Go, but only reachable through a list that has no patch strategy
    // (`containerStatuses`, `volumeHealth`): that list is replaced whole, so these tags never apply.
    ("ContainerStatus", "volumeMounts", "map:mountPath", "inside the replaced containerStatuses lists"),
    ("ContainerStatus", "allocatedResourcesStatus", "map:name", "inside the replaced containerStatuses lists"),
    ("PodVolumeHealth", "healthConditions", "map:status", "inside the replaced volumeHealth list"),
];

fn k8s_openapi_src() -> PathBuf {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    let manifest = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["name"] == "k8s-openapi")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("k8s-openapi in the dependency graph");
    let src = Path::new(manifest).parent().expect("crate dir").join("src");
    // The `latest` feature enables the newest API version the crate generates.
    let newest = fs_err::read_dir(&src)
        .expect("k8s-openapi src")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("v1_"))
        .max_by_key(|n| n.trim_start_matches("v1_").parse::<u32>().unwrap_or(0))
        .expect("a v1_* module");
    src.join(newest)
}

/// k8s-openapi's file name of a type: `PodIP` → `pod_ip`, `CSIVolumeSource` → `csi_volume_source`.
fn snake(camel: &str) -> String {
    let chars: Vec<char> = camel.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn camel(snake: &str) -> String {
    let snake = snake.trim_end_matches('_');
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A generated type: its fields' referenced types and its list strategies.
struct Type {
    /// JSON field → referenced crate type path (`api::core::v1::PodSpec`).
    refs: Vec<(String, String)>,
    /// JSON field → `map:<first key>` / `set` / `atomic`.
    lists: BTreeMap<String, String>,
    fields: Vec<String>,
    /// JSON field → Rust type text (`Option<bool>`).
    types: Vec<(String, String)>,
}

fn read_type(root: &Path, path: &str) -> Type {
    let mut parts: Vec<&str> = path.split("::").collect();
    let name = parts.pop().expect("type name");
    let file = root
        .join(parts.join("/"))
        .join(format!("{}.rs", snake(name)));
    let text = fs_err::read_to_string(&file).expect("generated type");
    // JSON names from the generated Deserialize impl: `"podIPs" => Field::Key_pod_ips,`.
    let json: BTreeMap<String, String> = text
        .lines()
        .filter_map(|l| {
            let (name, key) = l.trim().split_once(" => Field::Key_")?;
            Some((
                key.trim_end_matches(',').to_string(),
                name.trim_matches('"').to_string(),
            ))
        })
        .collect();
    let camel = |snake: &str| json.get(snake).cloned().unwrap_or_else(|| camel(snake));
    let mut refs = Vec::new();
    let mut fields = Vec::new();
    let mut types = Vec::new();
    for line in text.lines().map(str::trim) {
        let Some(rest) = line.strip_prefix("pub ") else {
            continue;
        };
        let Some((field, ty)) = rest.split_once(": ") else {
            continue;
        };
        if field.contains(' ') || field.contains('(') {
            continue;
        }
        fields.push(camel(field));
        types.push((camel(field), ty.trim_end_matches(',').to_string()));
        if let Some(start) = ty.find("crate::") {
            let tail = &ty[start + "crate::".len()..];
            let end = tail.find(['>', ',']).unwrap_or(tail.len());
            refs.push((camel(field), tail[..end].to_string()));
        }
    }
    let mut lists = BTreeMap::new();
    let mut lines = text.lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        for kind in ["map", "set", "atomic"] {
            let call = format!("crate::merge_strategies::list::{kind}(");
            if !line.starts_with(&call) {
                continue;
            }
            // The call spans lines when it has keys: `&mut self.x,` / `other.x,` / `&[|lhs, rhs| lhs.k == rhs.k …]`.
            let mut whole = line.to_string();
            while !whole.contains(");") {
                match lines.next() {
                    Some(next) => whole.push_str(next),
                    None => break,
                }
            }
            let field = whole
                .split("&mut self.")
                .nth(1)
                .and_then(|r| r.split(',').next())
                .expect("field");
            let strategy = match kind {
                "map" => {
                    let key = whole
                        .split("lhs.")
                        .nth(1)
                        .and_then(|r| r.split(' ').next())
                        .expect("map key");
                    format!("map:{}", camel(key))
                }
                other => other.to_string(),
            };
            lists.insert(camel(field), strategy);
        }
    }
    Type {
        refs,
        lists,
        fields,
        types,
    }
}

fn node_of(type_path: &str) -> Node {
    match type_path.rsplit("::").next().unwrap_or("") {
        "Pod" => Node::Pod,
        "ObjectMeta" => Node::ObjectMeta,
        "PodSpec" => Node::PodSpec,
        "PodStatus" => Node::PodStatus,
        "Container" | "EphemeralContainer" => Node::Container,
        "Volume" => Node::Volume,
        "EphemeralVolumeSource" => Node::EphemeralVolumeSource,
        "PersistentVolumeClaimTemplate" => Node::PersistentVolumeClaimTemplate,
        "NodeAllocatableResourceClaimStatus" => Node::AllocatableClaimStatus,
        _ => Node::Opaque,
    }
}

#[test]
fn patch_strategy_table_matches_the_api_list_metadata() {
    let root = k8s_openapi_src();
    let mut seen = BTreeSet::new();
    let mut queue = vec!["api::core::v1::Pod".to_string()];
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut used = BTreeSet::new();
    let mut field_types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let ty = read_type(&root, &path);
        let name = path.rsplit("::").next().unwrap_or("").to_string();
        let node = node_of(&path);
        for (field, ty) in &ty.types {
            field_types
                .entry(field.clone())
                .or_default()
                .insert(ty.clone());
        }
        for (_, r) in &ty.refs {
            // `crate::ByteString` and friends are not generated types.
            if r.contains("::") {
                queue.push(r.clone());
            }
        }
        for field in &ty.fields {
            let meta = node.lookup(field);
            let ours = if meta.strategy == MERGE_DIRECTIVE {
                if meta.merge_key.is_empty() {
                    "set".to_string()
                } else {
                    format!("map:{}", meta.merge_key)
                }
            } else {
                "atomic".to_string()
            };
            let api = ty.lists.get(field).cloned();
            let Some(api) = api else {
                if ours != "atomic" {
                    problems.push(format!("{name}.{field}: our table merges it ({ours}) but it is not a list in the API"));
                }
                continue;
            };
            checked += 1;
            if api == ours || (api == "set" && ours == "set") {
                continue;
            }
            if let Some(k) = KNOWN
                .iter()
                .find(|k| k.0 == name && k.1 == field && k.2 == api)
            {
                used.insert(k.1);
                continue;
            }
            problems.push(format!(
                "{name}.{field}: the API says {api}, our table says {ours}"
            ));
        }
    }
    assert!(seen.len() > 40, "walked only {} types", seen.len());
    assert!(checked > 20, "checked only {checked} lists");
    for k in KNOWN {
        if !used.contains(k.1) {
            problems.push(format!("{}.{}: the exception no longer applies", k.0, k.1));
        }
    }
    assert!(
        problems.is_empty(),
        "patch-strategy table vs k8s-openapi:\n{}",
        problems.join("\n")
    );

    // The Go zero-value table (`manifest::gotypes`) names fields of the Pod tree with the
    // Rust type k8s-openapi generates for them.
    use crate::manifest::gotypes;
    let tables: [(&str, &[&str], &[&str]); 5] = [
        ("VALUE_BOOLS", gotypes::VALUE_BOOLS, &["bool"]),
        ("VALUE_INTS", gotypes::VALUE_INTS, &["i32"]),
        (
            "STRING_MAPS",
            gotypes::STRING_MAPS,
            &["BTreeMap<std::string::String"],
        ),
        ("KEPT_SLICES", gotypes::KEPT_SLICES, &["Vec<"]),
        (
            "POINTER_STRINGS",
            gotypes::POINTER_STRINGS,
            &["std::string::String"],
        ),
    ];
    for (table, names, rust) in tables {
        for name in names {
            let types = field_types.get(*name);
            assert!(
                types.is_some_and(|ts| ts.iter().any(|t| rust.iter().any(|r| t.contains(r)))),
                "gotypes::{table}: `{name}` is not a field of the Pod tree of type {rust:?} in k8s-openapi (found {types:?})"
            );
        }
    }
}
