//! The pod as the kubelet hashes it: decoded, defaulted (`SetObjectDefaults_Pod`), with Go's
//! value-vs-pointer rules applied, so that two manifests have the same normal form exactly when
//! the kubelet computes the same pod hash for them (at the same path, on the same node).
//!
//! The kubelet hashes a go-spew dump of the defaulted internal pod (`DeepHashObject`):
//! - map key order never matters, list order always does;
//! - an absent list/map differs from an explicit empty one (`args: []`, `labels: {}`);
//! - an absent pointer field differs from a pointer to a zero value (`privileged: false`), but
//!   a value-typed field set to its zero value equals an absent one (`readOnly: false`);
//! - quantities are hashed with their parsed form *and* cached original text, so `0.1` and
//!   `100m` differ (kept as written here: the conservative reading);
//! - API defaults applied before hashing make explicit defaults equal to omitted ones.

use serde_json::{Map, Value};

use super::gotypes::{POINTER_STRINGS, VALUE_BOOLS, VALUE_INTS};

/// The kubelet's normal form of a decoded pod (`DecodedPod::json`).
pub fn normal_form(pod: &Value) -> Value {
    let mut value = pod.clone();
    collapse_value_zeros(&mut value, "");
    if let Value::Object(root) = &mut value {
        // `status` and `metadata` are value structs: `{}` equals absent.
        if root.get("status").is_some_and(is_empty_object) {
            root.remove("status");
        }
        let host_network = root
            .get("spec")
            .and_then(|s| s.get("hostNetwork"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if let Some(Value::Object(spec)) = root.get_mut("spec") {
            default_pod_spec(spec, host_network);
        }
    }
    value
}

fn is_empty_object(v: &Value) -> bool {
    v.as_object().is_some_and(Map::is_empty)
}

fn collapse_value_zeros(value: &mut Value, parent: &str) {
    match value {
        Value::Object(map) => {
            map.retain(|key, v| {
                let k = key.as_str();
                let pointer_string =
                    POINTER_STRINGS.contains(&k) && !(k == "type" && parent != "hostPath");
                !(v.is_null()
                    || VALUE_BOOLS.contains(&k) && *v == Value::Bool(false)
                    || VALUE_INTS.contains(&k) && v.as_i64() == Some(0)
                    || !pointer_string && v.as_str() == Some(""))
            });
            for (key, child) in map.iter_mut() {
                collapse_value_zeros(child, key);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| collapse_value_zeros(item, parent)),
        _ => {}
    }
}

fn set_default(map: &mut Map<String, Value>, key: &str, value: Value) {
    if !map.contains_key(key) {
        map.insert(key.to_string(), value);
    }
}

/// `SetDefaults_PodSpec` and the generated walkers over containers, volumes and probes.
fn default_pod_spec(spec: &mut Map<String, Value>, host_network: bool) {
    set_default(spec, "dnsPolicy", Value::from("ClusterFirst"));
    set_default(spec, "restartPolicy", Value::from("Always"));
    set_default(spec, "securityContext", Value::Object(Map::new()));
    set_default(spec, "terminationGracePeriodSeconds", Value::from(30));
    set_default(spec, "schedulerName", Value::from("default-scheduler"));
    set_default(spec, "enableServiceLinks", Value::Bool(true));
    for list in ["containers", "initContainers", "ephemeralContainers"] {
        if let Some(Value::Array(containers)) = spec.get_mut(list) {
            for container in containers.iter_mut().filter_map(Value::as_object_mut) {
                default_container(
                    container,
                    host_network && list != "ephemeralContainers",
                    list != "ephemeralContainers",
                );
            }
        }
    }
    if let Some(Value::Array(volumes)) = spec.get_mut("volumes") {
        for volume in volumes.iter_mut().filter_map(Value::as_object_mut) {
            default_volume(volume);
        }
    }
}

fn default_container(c: &mut Map<String, Value>, host_network: bool, copy_limits: bool) {
    let image = c.get("image").and_then(Value::as_str).unwrap_or("");
    let policy = if image_uses_latest(image) {
        "Always"
    } else {
        "IfNotPresent"
    };
    set_default(c, "imagePullPolicy", Value::from(policy));
    set_default(
        c,
        "terminationMessagePath",
        Value::from("/dev/termination-log"),
    );
    set_default(c, "terminationMessagePolicy", Value::from("File"));
    if let Some(Value::Array(ports)) = c.get_mut("ports") {
        for port in ports.iter_mut().filter_map(Value::as_object_mut) {
            set_default(port, "protocol", Value::from("TCP"));
            if host_network && !port.contains_key("hostPort") {
                if let Some(cp) = port.get("containerPort").cloned() {
                    port.insert("hostPort".into(), cp);
                }
            }
        }
    }
    if copy_limits {
        if let Some(Value::Object(resources)) = c.get_mut("resources") {
            if let Some(Value::Object(limits)) = resources.get("limits").cloned() {
                let requests = resources
                    .entry("requests")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(requests) = requests {
                    for (name, quantity) in limits {
                        requests.entry(name).or_insert(quantity);
                    }
                }
            }
        }
    }
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(Value::Object(p)) = c.get_mut(probe) {
            set_default(p, "timeoutSeconds", Value::from(1));
            set_default(p, "periodSeconds", Value::from(10));
            set_default(p, "successThreshold", Value::from(1));
            set_default(p, "failureThreshold", Value::from(3));
            if let Some(Value::Object(get)) = p.get_mut("httpGet") {
                default_http_get(get);
            }
        }
    }
    if let Some(Value::Object(lifecycle)) = c.get_mut("lifecycle") {
        for hook in lifecycle.values_mut().filter_map(Value::as_object_mut) {
            if let Some(Value::Object(get)) = hook.get_mut("httpGet") {
                default_http_get(get);
            }
        }
    }
    if let Some(Value::Array(env)) = c.get_mut("env") {
        for var in env.iter_mut() {
            if let Some(Value::Object(field_ref)) = var.pointer_mut("/valueFrom/fieldRef") {
                set_default(field_ref, "apiVersion", Value::from("v1"));
            }
        }
    }
}

fn default_http_get(get: &mut Map<String, Value>) {
    set_default(get, "path", Value::from("/"));
    set_default(get, "scheme", Value::from("HTTP"));
}

/// Volume sources other than the name: a volume with none becomes `emptyDir: {}`.
fn default_volume(volume: &mut Map<String, Value>) {
    if volume.keys().all(|k| k == "name") {
        volume.insert("emptyDir".into(), Value::Object(Map::new()));
    }
    if let Some(Value::Object(host_path)) = volume.get_mut("hostPath") {
        set_default(host_path, "type", Value::from(""));
    }
    for (source, field) in [
        ("secret", "defaultMode"),
        ("configMap", "defaultMode"),
        ("downwardAPI", "defaultMode"),
        ("projected", "defaultMode"),
    ] {
        if let Some(Value::Object(s)) = volume.get_mut(source) {
            set_default(s, field, Value::from(420));
        }
    }
}

/// `imagePullPolicy` defaults to `Always` when the tag is `latest` or missing (and there is no
/// digest), else `IfNotPresent`.
pub fn image_uses_latest(image: &str) -> bool {
    let (name, digest) = match image.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (image, None),
    };
    let last = name.rsplit('/').next().unwrap_or(name);
    match last.split_once(':') {
        Some((_, tag)) => tag == "latest",
        None => digest.is_none(),
    }
}

/// Canonical text of a normal form (keys sorted) for digests and comparisons.
pub fn canonical_text(normal: &Value) -> String {
    serde_json::to_string(normal).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(spec: Value) -> Value {
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": spec})
    }

    fn same(a: Value, b: Value) -> bool {
        normal_form(&pod(a)) == normal_form(&pod(b))
    }

    #[test]
    fn explicit_defaults_equal_omitted() {
        let base = json!({"containers": [{"name": "c", "image": "k:v1", "livenessProbe": {"httpGet": {"port": 1}}}]});
        let explicit = json!({
            "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
            "terminationGracePeriodSeconds": 30, "enableServiceLinks": true, "securityContext": {},
            "containers": [{"name": "c", "image": "k:v1", "imagePullPolicy": "IfNotPresent",
                "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                "livenessProbe": {"httpGet": {"port": 1, "path": "/", "scheme": "HTTP"},
                    "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}}]
        });
        assert!(same(base, explicit));
    }

    #[test]
    fn value_zero_equals_absent_but_pointer_zero_does_not() {
        let a = json!({"containers": [{"name": "c", "volumeMounts": [{"name": "v", "mountPath": "/v"}]}]});
        let b = json!({"containers": [{"name": "c", "volumeMounts": [{"name": "v", "mountPath": "/v", "readOnly": false}]}]});
        assert!(same(a.clone(), b));
        let c = json!({"containers": [{"name": "c", "volumeMounts": [{"name": "v", "mountPath": "/v"}], "securityContext": {"privileged": false}}]});
        assert!(!same(a, c));
    }

    #[test]
    fn empty_list_differs_from_absent() {
        assert!(!same(
            json!({"containers": [{"name": "c"}]}),
            json!({"containers": [{"name": "c", "args": []}]})
        ));
    }

    #[test]
    fn host_network_ports_get_host_port() {
        let a = json!({"hostNetwork": true, "containers": [{"name": "c", "ports": [{"containerPort": 2381}]}]});
        let b = json!({"hostNetwork": true, "containers": [{"name": "c", "ports": [{"containerPort": 2381, "hostPort": 2381, "protocol": "TCP"}]}]});
        assert!(same(a, b));
    }

    #[test]
    fn latest_rule() {
        assert!(image_uses_latest("busybox"));
        assert!(image_uses_latest("registry:5000/busybox:latest"));
        assert!(image_uses_latest("registry:5000/busybox"));
        assert!(!image_uses_latest("busybox@sha256:abc"));
        assert!(!image_uses_latest("registry.k8s.io/etcd:3.5.12-0"));
    }
}
