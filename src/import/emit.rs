//! Writing the inferred configuration as kubeadm documents: InitConfiguration (node-local)
//! then ClusterConfiguration, keys in the order kubeadm prints them (sigs.k8s.io/yaml sorts
//! every mapping), defaults left out unless `--full`; or the `kube-system/kubeadm-config`
//! ConfigMap.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::EnvVar;
use serde_json::{json, Map, Value};

use super::facts::{EtcdFacts, Facts};
use crate::component::Component;
use crate::config::model::{Arg, HostPathMount};
use crate::config::resolve::{
    DEFAULT_BIND_PORT, DEFAULT_CERTIFICATES_DIR, DEFAULT_CLUSTER_NAME, DEFAULT_DNS_DOMAIN,
    DEFAULT_ETCD_DATA_DIR, DEFAULT_HEALTH_CHECK_TIMEOUT, DEFAULT_IMAGE_REPOSITORY,
    DEFAULT_SERVICE_SUBNET,
};
use crate::config::ConfigApi;

/// What the configuration says for one component beyond kubeadm's defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extras {
    /// `extraArgs`, in the order that rebuilds the command.
    pub args: Vec<Arg>,
    /// `extraVolumes` (hostPath volume + mount pairs).
    pub volumes: Vec<HostPathMount>,
    /// `extraEnvs` (v1beta4 only).
    pub envs: Vec<EnvVar>,
}

impl Extras {
    /// Whether the component needs nothing beyond kubeadm's defaults.
    pub fn is_empty(&self) -> bool {
        self.args.is_empty() && self.volumes.is_empty() && self.envs.is_empty()
    }
}

/// Everything the emitted configuration holds.
#[derive(Debug, Clone)]
pub struct Inferred {
    /// The base facts.
    pub facts: Facts,
    /// The configuration API to write.
    pub api: ConfigApi,
    /// Each imported component's extras (a component without any may be absent).
    pub extras: BTreeMap<Component, Extras>,
}

/// How to write it.
#[derive(Debug, Clone, Default)]
pub struct EmitOptions {
    /// Write kubeadm's defaults too (`--full`).
    pub full: bool,
    /// Wrap the ClusterConfiguration as the `kube-system/kubeadm-config` ConfigMap
    /// (`--configmap`).
    pub configmap: bool,
    /// `patches.directory` for the InitConfiguration.
    pub patches_dir: Option<String>,
}

/// Go's `time.Duration.String()` for whole seconds (`4m0s`, `1h0m0s`, `35s`).
pub fn go_duration(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m{s}s"),
        _ => format!("{h}h{m}m{s}s"),
    }
}

/// The configuration text.
pub fn emit(inferred: &Inferred, options: &EmitOptions) -> String {
    let init = crate::yaml::to_yaml(&init_configuration(inferred, options));
    let cluster = crate::yaml::to_yaml(&cluster_configuration(inferred, options.full));
    if options.configmap {
        let configmap = json!({
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "kubeadm-config", "namespace": "kube-system"},
            "data": {"ClusterConfiguration": cluster},
        });
        format!(
            "{}---\n# Node-local: the InitConfiguration is not stored in the kubeadm-config \
             ConfigMap; keep it for `kubeadm` commands on this node.\n{init}",
            crate::yaml::to_yaml(&configmap)
        )
    } else {
        format!("{init}---\n{cluster}")
    }
}

fn insert(map: &mut Map<String, Value>, key: &str, value: Value) {
    map.insert(key.to_string(), value);
}

fn init_configuration(inferred: &Inferred, options: &EmitOptions) -> Value {
    let facts = &inferred.facts;
    let mut endpoint = Map::new();
    if let Some(address) = &facts.advertise_address {
        insert(&mut endpoint, "advertiseAddress", json!(address));
    }
    if options.full || facts.bind_port != DEFAULT_BIND_PORT {
        insert(&mut endpoint, "bindPort", json!(facts.bind_port));
    }
    let mut doc = Map::new();
    insert(&mut doc, "apiVersion", json!(inferred.api.as_str()));
    insert(&mut doc, "kind", json!("InitConfiguration"));
    if !endpoint.is_empty() {
        insert(&mut doc, "localAPIEndpoint", Value::Object(endpoint));
    }
    if let Some(name) = &facts.node_name {
        insert(&mut doc, "nodeRegistration", json!({ "name": name }));
    }
    if let Some(dir) = &options.patches_dir {
        insert(&mut doc, "patches", json!({ "directory": dir }));
    }
    if inferred.api == ConfigApi::V1beta4 && timeout_written(facts, options.full) {
        insert(
            &mut doc,
            "timeouts",
            json!({"controlPlaneComponentHealthCheck": go_duration(facts.health_check_timeout_secs)}),
        );
    }
    Value::Object(doc)
}

fn timeout_written(facts: &Facts, full: bool) -> bool {
    full || facts.health_check_timeout_secs != DEFAULT_HEALTH_CHECK_TIMEOUT.as_secs()
}

fn cluster_configuration(inferred: &Inferred, full: bool) -> Value {
    let facts = &inferred.facts;
    let api = inferred.api;
    let mut doc = Map::new();
    insert(&mut doc, "apiVersion", json!(api.as_str()));
    insert(&mut doc, "kind", json!("ClusterConfiguration"));
    insert(
        &mut doc,
        "kubernetesVersion",
        json!(facts.kubernetes_version.to_string()),
    );
    if full || facts.image_repository != DEFAULT_IMAGE_REPOSITORY {
        insert(&mut doc, "imageRepository", json!(facts.image_repository));
    }
    if full || facts.certificates_dir != DEFAULT_CERTIFICATES_DIR {
        insert(&mut doc, "certificatesDir", json!(facts.certificates_dir));
    }
    let name = facts
        .cluster_name
        .as_deref()
        .unwrap_or(DEFAULT_CLUSTER_NAME);
    if full || name != DEFAULT_CLUSTER_NAME {
        insert(&mut doc, "clusterName", json!(name));
    }
    let mut networking = Map::new();
    if full || facts.service_subnet != DEFAULT_SERVICE_SUBNET {
        insert(
            &mut networking,
            "serviceSubnet",
            json!(facts.service_subnet),
        );
    }
    if let Some(pods) = &facts.pod_subnet {
        insert(&mut networking, "podSubnet", json!(pods));
    }
    if full || facts.dns_domain != DEFAULT_DNS_DOMAIN {
        insert(&mut networking, "dnsDomain", json!(facts.dns_domain));
    }
    if !networking.is_empty() {
        insert(&mut doc, "networking", Value::Object(networking));
    }
    if let Some(etcd) = etcd(inferred, full) {
        insert(&mut doc, "etcd", etcd);
    }
    let none = Extras::default();
    let extras = |c: Component| inferred.extras.get(&c).unwrap_or(&none);
    let mut apiserver = component(extras(Component::KubeApiserver), api);
    if api == ConfigApi::V1beta3 && timeout_written(facts, full) {
        insert(
            &mut apiserver,
            "timeoutForControlPlane",
            json!(go_duration(facts.health_check_timeout_secs)),
        );
    }
    for (key, section) in [
        ("apiServer", apiserver),
        (
            "controllerManager",
            component(extras(Component::KubeControllerManager), api),
        ),
        (
            "scheduler",
            component(extras(Component::KubeScheduler), api),
        ),
    ] {
        if !section.is_empty() {
            insert(&mut doc, key, Value::Object(section));
        }
    }
    Value::Object(doc)
}

fn etcd(inferred: &Inferred, full: bool) -> Option<Value> {
    match &inferred.facts.etcd {
        EtcdFacts::External(external) => {
            let mut map = Map::new();
            insert(&mut map, "endpoints", json!(external.endpoints));
            for (key, value) in [
                ("caFile", &external.ca_file),
                ("certFile", &external.cert_file),
                ("keyFile", &external.key_file),
            ] {
                if !value.is_empty() {
                    insert(&mut map, key, json!(value));
                }
            }
            Some(json!({ "external": map }))
        }
        EtcdFacts::Local(local) => {
            let mut map = Map::new();
            if full || local.data_dir != DEFAULT_ETCD_DATA_DIR {
                insert(&mut map, "dataDir", json!(local.data_dir));
            }
            if let Some(repository) = &local.image_repository {
                insert(&mut map, "imageRepository", json!(repository));
            }
            if let Some(tag) = &local.image_tag {
                insert(&mut map, "imageTag", json!(tag));
            }
            if let Some(extras) = inferred.extras.get(&Component::Etcd) {
                if !extras.args.is_empty() {
                    insert(
                        &mut map,
                        "extraArgs",
                        extra_args(&extras.args, inferred.api),
                    );
                }
                if !extras.envs.is_empty() {
                    insert(&mut map, "extraEnvs", envs(&extras.envs));
                }
            }
            (!map.is_empty()).then(|| json!({ "local": map }))
        }
    }
}

fn component(extras: &Extras, api: ConfigApi) -> Map<String, Value> {
    let mut map = Map::new();
    if !extras.args.is_empty() {
        insert(&mut map, "extraArgs", extra_args(&extras.args, api));
    }
    if !extras.volumes.is_empty() {
        let volumes: Vec<Value> = extras
            .volumes
            .iter()
            .map(|v| {
                let mut m = Map::new();
                insert(&mut m, "name", json!(v.name));
                insert(&mut m, "hostPath", json!(v.host_path));
                insert(&mut m, "mountPath", json!(v.mount_path));
                if v.read_only {
                    insert(&mut m, "readOnly", json!(true));
                }
                if !v.path_type.is_empty() {
                    insert(&mut m, "pathType", json!(v.path_type));
                }
                Value::Object(m)
            })
            .collect();
        insert(&mut map, "extraVolumes", Value::Array(volumes));
    }
    if !extras.envs.is_empty() {
        insert(&mut map, "extraEnvs", envs(&extras.envs));
    }
    map
}

/// v1beta4: an ordered list of name/value; v1beta3: a map.
fn extra_args(args: &[Arg], api: ConfigApi) -> Value {
    match api {
        ConfigApi::V1beta4 => Value::Array(
            args.iter()
                .map(|a| json!({"name": a.name, "value": a.value}))
                .collect(),
        ),
        ConfigApi::V1beta3 => Value::Object(
            args.iter()
                .map(|a| (a.name.clone(), json!(a.value)))
                .collect(),
        ),
    }
}

fn envs(envs: &[EnvVar]) -> Value {
    Value::Array(
        envs.iter()
            .map(|e| serde_json::to_value(e).unwrap_or(Value::Null))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_go_prints_them() {
        assert_eq!(go_duration(240), "4m0s");
        assert_eq!(go_duration(95), "1m35s");
        assert_eq!(go_duration(30), "30s");
        assert_eq!(go_duration(3600), "1h0m0s");
    }
}
