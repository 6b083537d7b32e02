//! Comparing a manifest on disk with its replacement the way the kubelet will see it:
//! `unchanged` (same bytes), `cosmetic` (text differs, same pod hash: no restart), `changed`
//! (the pod hash differs: restart), `missing` / `unexpected` (one side absent).

use serde_json::Value;

use crate::manifest::{self, kubelet, DecodedPod};

/// diff's verdict for one component's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The same bytes.
    Unchanged,
    /// Different text, the same pod for the kubelet: no restart.
    Cosmetic,
    /// A different pod: the kubelet restarts it (see [`Verdict::restart`]).
    Changed,
    /// Rendered, but no file on disk.
    Missing,
    /// On disk, but not rendered (e.g. etcd.yaml with external etcd).
    Unexpected,
}

impl Status {
    /// The lowercase name reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unchanged => "unchanged",
            Status::Cosmetic => "cosmetic",
            Status::Changed => "changed",
            Status::Missing => "missing",
            Status::Unexpected => "unexpected",
        }
    }
}

/// The verdict for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Unchanged, cosmetic, changed, missing or unexpected.
    pub status: Status,
    /// Whether the kubelet will (re)start or stop the pod when the new file replaces the old.
    pub restart: bool,
    /// Why, in the kubelet's terms (empty for `unchanged`).
    pub reasons: Vec<String>,
}

/// Classify replacing `old` (on disk) by `new` (rendered); `None` is an absent file.
pub fn classify(old: Option<&[u8]>, new: Option<&[u8]>) -> Verdict {
    match (old, new) {
        (None, None) => Verdict {
            status: Status::Unchanged,
            restart: false,
            reasons: vec![],
        },
        (None, Some(_)) => Verdict {
            status: Status::Missing,
            restart: true,
            reasons: vec!["not on disk: writing it starts a new pod".into()],
        },
        (Some(_), None) => Verdict {
            status: Status::Unexpected,
            restart: true,
            reasons: vec![
                "on disk but not rendered: the kubelet runs it; removing it stops the pod".into(),
            ],
        },
        (Some(old), Some(new)) if old == new => Verdict {
            status: Status::Unchanged,
            restart: false,
            reasons: vec![],
        },
        (Some(old), Some(new)) => classify_texts(old, new),
    }
}

fn classify_texts(old: &[u8], new: &[u8]) -> Verdict {
    let (old, new) = match (manifest::decode(old), manifest::decode(new)) {
        (Err(e), Ok(_)) => {
            return Verdict {
                status: Status::Changed,
                restart: true,
                reasons: vec![format!(
                    "the file on disk is not a valid static pod ({e}): the kubelet runs no pod from it; the new file starts one"
                )],
            }
        }
        (Ok(_), Err(e)) => {
            return Verdict {
                status: Status::Changed,
                restart: true,
                reasons: vec![format!("the new file is not a valid static pod ({e}): the kubelet would stop the pod")],
            }
        }
        (Err(a), Err(b)) => {
            return Verdict {
                status: Status::Changed,
                restart: false,
                reasons: vec![format!("neither file is a valid static pod (on disk: {a}; new: {b}): no pod runs either way")],
            }
        }
        (Ok(a), Ok(b)) => (a, b),
    };
    let mut reasons = Vec::new();
    for (side, pod) in [("file on disk", &old), ("new file", &new)] {
        if let Some(uid) = fixed_uid(pod) {
            reasons.push(format!(
                "the {side} sets metadata.uid {uid:?}: the kubelet keeps that pod identity and applies \
                 only image changes without recreating the pod; remove metadata.uid (and the other \
                 `kubectl get -o yaml` fields)"
            ));
        }
    }
    let old_normal = kubelet::normal_form(&old.json);
    let new_normal = kubelet::normal_form(&new.json);
    if old_normal == new_normal {
        let mut changes = Vec::new();
        field_changes(&old.json, &new.json, String::new(), &mut changes);
        if changes.is_empty() {
            reasons.push(
                "text only (formatting, key order, comments or fields the kubelet does not know)"
                    .into(),
            );
        } else {
            for change in changes.into_iter().take(MAX_REASONS) {
                reasons.push(format!(
                    "{}: the kubelet defaults it to the same value",
                    change.path
                ));
            }
        }
        return Verdict {
            status: Status::Cosmetic,
            restart: false,
            reasons,
        };
    }
    let mut changes = Vec::new();
    field_changes(&old_normal, &new_normal, String::new(), &mut changes);
    let count = changes.len();
    for change in changes.into_iter().take(MAX_REASONS) {
        reasons.push(change.describe());
    }
    if count > MAX_REASONS {
        reasons.push(format!("… and {} more field changes", count - MAX_REASONS));
    }
    let restart = fixed_uid(&old).is_none()
        || fixed_uid(&old) != fixed_uid(&new)
        || image_changed(&old, &new);
    Verdict {
        status: Status::Changed,
        restart,
        reasons,
    }
}

const MAX_REASONS: usize = 12;

fn fixed_uid(pod: &DecodedPod) -> Option<&str> {
    pod.pod.metadata.uid.as_deref().filter(|u| !u.is_empty())
}

fn image_changed(old: &DecodedPod, new: &DecodedPod) -> bool {
    let images = |p: &DecodedPod| -> Vec<Option<String>> {
        p.pod
            .spec
            .as_ref()
            .map(|s| s.containers.iter().map(|c| c.image.clone()).collect())
            .unwrap_or_default()
    };
    images(old) != images(new)
}

/// One differing field between two JSON trees.
#[derive(Debug, Clone, PartialEq)]
struct FieldChange {
    path: String,
    old: Option<Value>,
    new: Option<Value>,
}

impl FieldChange {
    fn describe(&self) -> String {
        let show = |v: &Option<Value>| match v {
            None => "absent".to_string(),
            Some(v) => short(v),
        };
        let (old, new) = (&self.old, &self.new);
        if let (Some(Value::Array(a)), Some(Value::Array(b))) = (old, new) {
            let mut sa: Vec<String> = a.iter().map(|v| v.to_string()).collect();
            let mut sb: Vec<String> = b.iter().map(|v| v.to_string()).collect();
            sa.sort();
            sb.sort();
            if sa == sb {
                return format!(
                    "{}: same items in a different order (list order matters to the kubelet)",
                    self.path
                );
            }
        }
        if let (Some(Value::String(a)), Some(Value::String(b))) = (old, new) {
            if same_quantity(a, b) {
                return format!(
                    "{}: {a} → {b}: the same quantity, but the kubelet hashes how it is written",
                    self.path
                );
            }
        }
        if let (Some(Value::Array(a)), Some(Value::Array(b))) = (old, new) {
            if a.iter().chain(b).all(|v| !v.is_object() && !v.is_array()) {
                let (removed, added) = multiset_difference(a, b);
                let mut parts = Vec::new();
                if !removed.is_empty() {
                    parts.push(format!("removed {}", removed.join(", ")));
                }
                if !added.is_empty() {
                    parts.push(format!("added {}", added.join(", ")));
                }
                return format!("{}: {}", self.path, parts.join("; "));
            }
        }
        if let (Some(Value::Array(a)), Some(Value::Array(b))) = (old, new) {
            if let (Some(ka), Some(kb)) = (item_keys(a), item_keys(b)) {
                let removed: Vec<&str> = ka
                    .iter()
                    .filter(|k| !kb.contains(k))
                    .map(|k| k.as_str())
                    .collect();
                let added: Vec<&str> = kb
                    .iter()
                    .filter(|k| !ka.contains(k))
                    .map(|k| k.as_str())
                    .collect();
                let changed: Vec<&str> = ka
                    .iter()
                    .zip(a)
                    .filter(|(k, item)| {
                        kb.iter()
                            .zip(b)
                            .any(|(k2, item2)| k2 == *k && item2 != *item)
                    })
                    .map(|(k, _)| k.as_str())
                    .collect();
                let mut parts = Vec::new();
                for (label, list) in [("removed", removed), ("added", added), ("changed", changed)]
                {
                    if !list.is_empty() {
                        parts.push(format!("{label} {}", list.join(", ")));
                    }
                }
                if parts.is_empty() {
                    parts.push(
                        "same items in a different order (list order matters to the kubelet)"
                            .into(),
                    );
                }
                return format!("{}: {}", self.path, parts.join("; "));
            }
        }
        let empty = |v: &Option<Value>| {
            matches!(v, Some(Value::Array(a)) if a.is_empty())
                || matches!(v, Some(Value::Object(o)) if o.is_empty())
        };
        if (empty(old) && new.is_none()) || (old.is_none() && empty(new)) {
            return format!(
                "{}: {} → {}: an explicit empty list/map is not the same as none to the kubelet",
                self.path,
                show(old),
                show(new)
            );
        }
        format!("{}: {} → {}", self.path, show(old), show(new))
    }
}

fn short(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(79).collect::<String>())
    } else {
        text
    }
}

/// Walk two trees; lists of equal length are compared item by item, others as a whole.
fn field_changes(a: &Value, b: &Value, path: String, out: &mut Vec<FieldChange>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(ma), Value::Object(mb)) => {
            let keys: std::collections::BTreeSet<&String> = ma.keys().chain(mb.keys()).collect();
            for key in keys {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match (ma.get(key), mb.get(key)) {
                    (Some(x), Some(y)) => field_changes(x, y, child, out),
                    (x, y) => out.push(FieldChange {
                        path: child,
                        old: x.cloned(),
                        new: y.cloned(),
                    }),
                }
            }
        }
        (Value::Array(xa), Value::Array(xb))
            if xa.len() == xb.len()
                && !same_items(xa, xb)
                && xa.iter().chain(xb).any(|v| v.is_object() || v.is_array()) =>
        {
            for (i, (x, y)) in xa.iter().zip(xb).enumerate() {
                field_changes(x, y, format!("{path}[{i}]"), out);
            }
        }
        _ => out.push(FieldChange {
            path,
            old: Some(a.clone()),
            new: Some(b.clone()),
        }),
    }
}

/// The identifying key of each object in a list (`name`, else `mountPath`), if all have one.
fn item_keys(items: &[Value]) -> Option<Vec<String>> {
    items
        .iter()
        .map(|item| {
            let object = item.as_object()?;
            let key = object.get("name").or_else(|| object.get("mountPath"))?;
            key.as_str().map(str::to_string)
        })
        .collect()
}

/// Items of `a` not in `b` and of `b` not in `a`, counting repeats, as short texts.
fn multiset_difference(a: &[Value], b: &[Value]) -> (Vec<String>, Vec<String>) {
    let mut rest: Vec<&Value> = b.iter().collect();
    let mut removed = Vec::new();
    for item in a {
        match rest.iter().position(|x| *x == item) {
            Some(i) => {
                rest.remove(i);
            }
            None => removed.push(short(item)),
        }
    }
    (removed, rest.into_iter().map(short).collect())
}

fn same_items(a: &[Value], b: &[Value]) -> bool {
    let mut sa: Vec<String> = a.iter().map(|v| v.to_string()).collect();
    let mut sb: Vec<String> = b.iter().map(|v| v.to_string()).collect();
    sa.sort();
    sb.sort();
    sa == sb
}

/// Whether two quantity strings denote the same amount (`0.1` and `100m`, `1Gi` and `1024Mi`).
pub fn same_quantity(a: &str, b: &str) -> bool {
    match (quantity_value(a), quantity_value(b)) {
        (Some(x), Some(y)) => (x - y).abs() <= f64::EPSILON * x.abs().max(y.abs()).max(1.0),
        _ => false,
    }
}

fn quantity_value(text: &str) -> Option<f64> {
    const SUFFIXES: &[(&str, f64)] = &[
        ("Ki", 1024.0),
        ("Mi", 1_048_576.0),
        ("Gi", 1_073_741_824.0),
        ("Ti", 1_099_511_627_776.0),
        ("Pi", 1_125_899_906_842_624.0),
        ("Ei", 1_152_921_504_606_846_976.0),
        ("n", 1e-9),
        ("u", 1e-6),
        ("m", 1e-3),
        ("k", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
        ("P", 1e15),
        ("E", 1e18),
    ];
    let text = text.trim();
    for (suffix, scale) in SUFFIXES {
        if let Some(number) = text.strip_suffix(suffix) {
            if !number.is_empty()
                && number
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '+' | '-'))
            {
                return number.parse::<f64>().ok().map(|n| n * scale);
            }
        }
    }
    if text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | '+' | '-'))
    {
        return text.parse::<f64>().ok();
    }
    None
}

/// A unified diff of two texts (`old` on disk, `new` rendered) with `context` lines.
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str, context: usize) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(context)
        .header(old_name, new_name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n  namespace: kube-system\nspec:\n  hostNetwork: true\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.12-0\n    command:\n    - etcd\n    - --a=1\n    - --b=2\n    resources:\n      requests:\n        cpu: 100m\nstatus: {}\n";

    fn verdict(new: &str) -> Verdict {
        classify(Some(POD.as_bytes()), Some(new.as_bytes()))
    }

    #[test]
    fn same_bytes_are_unchanged() {
        assert_eq!(verdict(POD).status, Status::Unchanged);
    }

    #[test]
    fn formatting_is_cosmetic() {
        let reindented = "{\"kind\": \"Pod\", \"apiVersion\": \"v1\", \"metadata\": {\"namespace\": \"kube-system\", \"name\": \"etcd\"},\n \"spec\": {\"containers\": [{\"resources\": {\"requests\": {\"cpu\": \"100m\"}}, \"name\": \"etcd\", \"image\": \"registry.k8s.io/etcd:3.5.12-0\", \"command\": [\"etcd\", \"--a=1\", \"--b=2\"]}], \"hostNetwork\": true}}";
        let v = verdict(reindented);
        assert_eq!(v.status, Status::Cosmetic, "{:?}", v.reasons);
        assert!(!v.restart);
        let commented = POD.replace("    - --a=1\n", "    # a comment\n    - --a=1\n");
        assert_eq!(verdict(&commented).status, Status::Cosmetic);
        let defaulted = POD.replace(
            "    image:",
            "    imagePullPolicy: IfNotPresent\n    image:",
        );
        let v = verdict(&defaulted);
        assert_eq!(v.status, Status::Cosmetic);
        assert!(v.reasons[0].contains("imagePullPolicy"), "{:?}", v.reasons);
    }

    #[test]
    fn semantic_changes_restart_and_say_why() {
        let reordered = POD.replace("    - --a=1\n    - --b=2\n", "    - --b=2\n    - --a=1\n");
        let v = verdict(&reordered);
        assert_eq!((v.status, v.restart), (Status::Changed, true));
        assert!(v.reasons[0].contains("different order"), "{:?}", v.reasons);
        let quantity = POD.replace("cpu: 100m", "cpu: \"0.1\"");
        let v = verdict(&quantity);
        assert_eq!(v.status, Status::Changed);
        assert!(v.reasons[0].contains("same quantity"), "{:?}", v.reasons);
        let flag = POD.replace("--b=2", "--b=3");
        let v = verdict(&flag);
        assert_eq!(
            v.reasons,
            ["spec.containers[0].command: removed --b=2; added --b=3"]
        );
        let volume = POD.replace(
            "status: {}",
            "  volumes:\n  - name: data\n    hostPath:\n      path: /var/lib/etcd\nstatus: {}",
        );
        let v = classify(Some(POD.as_bytes()), Some(volume.as_bytes()));
        assert_eq!(v.reasons, ["spec.volumes: absent → [{\"hostPath\":{\"path\":\"/var/lib/etcd\",\"type\":\"\"},\"name\":\"data\"}]"]);
        let empty = POD.replace("    resources:", "    args: []\n    resources:");
        let v = verdict(&empty);
        assert!(v.reasons[0].contains("explicit empty"), "{:?}", v.reasons);
    }

    #[test]
    fn invalid_files_and_fixed_uids() {
        let broken = "apiVersion: v1\nkind: Pod\nmetadata: [\n";
        let v = classify(Some(broken.as_bytes()), Some(POD.as_bytes()));
        assert_eq!((v.status, v.restart), (Status::Changed, true));
        assert!(v.reasons[0].contains("not a valid static pod"));
        let with_uid = POD.replace("  name: etcd\n", "  name: etcd\n  uid: \"1234\"\n");
        let edited = with_uid.replace("--b=2", "--b=3");
        let v = classify(Some(with_uid.as_bytes()), Some(edited.as_bytes()));
        assert_eq!((v.status, v.restart), (Status::Changed, false));
        assert!(v.reasons.iter().any(|r| r.contains("metadata.uid")));
    }

    #[test]
    fn quantities() {
        assert!(same_quantity("0.1", "100m"));
        assert!(same_quantity("1Gi", "1024Mi"));
        assert!(!same_quantity("1G", "1Gi"));
        assert!(!same_quantity("abc", "abc"));
    }
}
