//! Property tests for rendering: any valid generated config renders deterministically, every
//! output parses back as a `k8s_openapi` Pod, every mapping is sorted in go-yaml's order, and
//! emitting the parsed output again gives the same bytes.

use std::path::{Path, PathBuf};

use k8s_openapi::api::core::v1::Pod;
use proptest::prelude::*;
use staticpod::config::{self, NodeOverrides};
use staticpod::kubeadm::release::all_known;
use staticpod::kubeadm::{Profile, Release};
use staticpod::render::{self, RenderRequest};
use staticpod::yaml;

#[derive(Debug, Clone)]
struct Generated {
    release: Release,
    v1beta4: bool,
    text: String,
    host: &'static str,
    environment: Vec<(String, String)>,
}

fn releases() -> Vec<Release> {
    all_known().collect()
}

const FLAG_NAMES: &[&str] = &[
    "v",
    "audit-log-path",
    "bind-address",
    "feature-gates",
    "profiling",
    "advertise-address",
    "authorization-mode",
    "listen-metrics-urls",
    "max-requests-inflight",
];
const FLAG_VALUES: &[&str] = &[
    "4",
    "",
    "0.0.0.0",
    "/var/log/a b.log",
    "true",
    "Node,RBAC",
    "x: y",
    "http://[::1]:2382",
    "AllAlpha=true,Foo=false",
    "#1",
];

fn args_strategy() -> impl Strategy<Value = Vec<(usize, usize)>> {
    prop::collection::vec((0..FLAG_NAMES.len(), 0..FLAG_VALUES.len()), 0..5)
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn render_args(v1beta4: bool, args: &[(usize, usize)], indent: &str) -> String {
    if args.is_empty() {
        return String::new();
    }
    let mut out = format!("{indent}extraArgs:\n");
    if v1beta4 {
        for (n, v) in args {
            out += &format!(
                "{indent}- name: {}\n{indent}  value: {}\n",
                FLAG_NAMES[*n],
                quote(FLAG_VALUES[*v])
            );
        }
    } else {
        let mut seen = std::collections::BTreeMap::new();
        for (n, v) in args {
            seen.insert(FLAG_NAMES[*n], FLAG_VALUES[*v]);
        }
        for (n, v) in seen {
            out += &format!("{indent}  {n}: {}\n", quote(v));
        }
    }
    out
}

prop_compose! {
    fn generated()(
        release_index in 0..releases().len(),
        prefer_v1beta4 in any::<bool>(),
        ipv6 in any::<bool>(),
        octet in 1u8..250,
        bind_port in prop_oneof![Just(6443u16), 1024u16..65535],
        pod_subnet in any::<bool>(),
        external in any::<bool>(),
        etcd_tag in prop_oneof![Just(None), Just(Some("3.6.0-0")), Just(Some("3.5.21-0")), Just(Some("3.6.5-0"))],
        api_args in args_strategy(),
        kcm_args in args_strategy(),
        sched_args in args_strategy(),
        etcd_args in args_strategy(),
        volumes in prop::collection::vec((0..3usize, any::<bool>()), 0..3),
        host in prop::sample::select(vec!["ubuntu", "rhel", "rhel-old", "minimal"]),
        proxy in any::<bool>(),
        certs_dir in prop::sample::select(vec!["/etc/kubernetes/pki", "/var/lib/minikube/certs/", "/srv/pki"]),
    ) -> Generated {
        let release = releases()[release_index];
        let profile = Profile::for_release(release);
        let v1beta4 = profile.accepts_v1beta4 && (prefer_v1beta4 || !profile.accepts_v1beta3);
        let api = if v1beta4 { "v1beta4" } else { "v1beta3" };
        let address = if ipv6 { format!("fd00::{octet}") } else { format!("10.1.2.{octet}") };
        let mut text = format!(
            "apiVersion: kubeadm.k8s.io/{api}\nkind: InitConfiguration\nlocalAPIEndpoint:\n  advertiseAddress: {address}\n  bindPort: {bind_port}\nnodeRegistration:\n  name: node-{octet}\n---\napiVersion: kubeadm.k8s.io/{api}\nkind: ClusterConfiguration\nkubernetesVersion: v1.{}.{}\ncertificatesDir: {certs_dir}\n",
            release.minor, release.patch
        );
        if pod_subnet {
            text += if ipv6 { "networking:\n  podSubnet: fd00:244::/56\n  serviceSubnet: fd00:96::/112\n" } else { "networking:\n  podSubnet: 10.244.0.0/16\n" };
        } else if ipv6 {
            text += "networking:\n  serviceSubnet: fd00:96::/112\n";
        }
        text += "apiServer:\n";
        text += &render_args(v1beta4, &api_args, "  ");
        if !volumes.is_empty() {
            text += "  extraVolumes:\n";
            for (i, (kind, read_only)) in volumes.iter().enumerate() {
                let path_type = ["", "DirectoryOrCreate", "File"][*kind];
                text += &format!("  - name: extra-{i}\n    hostPath: /srv/extra/{i}\n    mountPath: /extra/{i}\n    readOnly: {read_only}\n");
                if !path_type.is_empty() {
                    text += &format!("    pathType: {path_type}\n");
                }
            }
        }
        text += "controllerManager:\n";
        text += &render_args(v1beta4, &kcm_args, "  ");
        text += "scheduler:\n";
        text += &render_args(v1beta4, &sched_args, "  ");
        if external {
            text += "etcd:\n  external:\n    endpoints:\n    - https://10.9.0.1:2379\n    caFile: /etc/etcd/ca.crt\n    certFile: /etc/etcd/client.crt\n    keyFile: /etc/etcd/client.key\n";
        } else {
            text += "etcd:\n  local:\n";
            if let Some(tag) = etcd_tag {
                text += &format!("    imageTag: {tag}\n");
            }
            text += &render_args(v1beta4, &etcd_args, "    ");
        }
        let environment = if proxy {
            vec![("HTTP_PROXY".to_string(), "http://p:3128".to_string()), ("no_proxy".to_string(), "10.0.0.0/8".to_string())]
        } else {
            Vec::new()
        };
        Generated { release, v1beta4, text, host, environment }
    }
}

fn render_generated(g: &Generated) -> Result<render::Rendered, String> {
    let path = PathBuf::from("generated.yaml");
    let loaded =
        config::load_str(&path, &g.text, &NodeOverrides::default()).map_err(|e| e.to_string())?;
    let request = RenderRequest {
        config: path,
        kubeadm_version: Some(g.release.to_string()),
        root: Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("golden/hosts")
            .join(g.host),
        environment: g.environment.clone(),
        ..Default::default()
    };
    render::render_loaded(&request, loaded).map_err(|e| e.to_string())
}

/// Every mapping's keys appear in go-yaml's order.
fn assert_sorted(value: &serde_yaml::Value, at: &str) -> Result<(), TestCaseError> {
    match value {
        serde_yaml::Value::Mapping(map) => {
            let keys: Vec<&str> = map.keys().filter_map(|k| k.as_str()).collect();
            for pair in keys.windows(2) {
                prop_assert!(
                    yaml::go_yaml_key_cmp(pair[0], pair[1]) == std::cmp::Ordering::Less,
                    "{at}: keys {:?} and {:?} out of order",
                    pair[0],
                    pair[1]
                );
            }
            for (k, v) in map {
                assert_sorted(v, &format!("{at}.{}", k.as_str().unwrap_or("?")))?;
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                assert_sorted(item, &format!("{at}[{i}]"))?;
            }
        }
        _ => {}
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn valid_configs_render_deterministically_to_sorted_parseable_pods(g in generated()) {
        let first = render_generated(&g);
        prop_assert!(first.is_ok(), "v1beta4={} config:\n{}\nerror: {:?}", g.v1beta4, g.text, first.err());
        let first = first.unwrap_or_else(|_| unreachable!());
        let second = render_generated(&g).map_err(TestCaseError::fail)?;
        prop_assert_eq!(&first, &second);
        prop_assert!(!first.manifests.is_empty());
        for manifest in &first.manifests {
            let text = &manifest.yaml;
            prop_assert!(text.ends_with('\n') && !text.ends_with("\n\n"));
            let pod: Pod = serde_yaml::from_str(text).map_err(|e| TestCaseError::fail(format!("{}: {e}\n{text}", manifest.component)))?;
            prop_assert_eq!(pod.metadata.name.as_deref(), Some(manifest.component.name()));
            let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| TestCaseError::fail(e.to_string()))?;
            assert_sorted(&value, manifest.component.name())?;
            let json = serde_json::to_value(&value).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&yaml::to_yaml(&json), text);
        }
    }
}
