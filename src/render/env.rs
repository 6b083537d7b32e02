//! Container environment: the `*_proxy` variables of kubeadm's own process
//! (`GetProxyEnvVars`) and, from 1.31, the user's `extraEnvs` (`MergeKubeadmEnvVars`).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::EnvVar;

/// `GetProxyEnvVars`: every variable whose name ends in `_proxy` (any case) with a non-empty
/// value, in process-environment order.
pub fn proxy_vars(environment: &[(String, String)]) -> Vec<EnvVar> {
    environment
        .iter()
        .filter(|(name, value)| name.to_ascii_lowercase().ends_with("_proxy") && !value.is_empty())
        .map(|(name, value)| EnvVar {
            name: name.clone(),
            value: Some(value.clone()),
            value_from: None,
        })
        .collect()
}

/// `MergeKubeadmEnvVars`: later lists override earlier ones by name; sorted by name.
pub fn merge_sorted(lists: &[&[EnvVar]]) -> Vec<EnvVar> {
    let mut merged: BTreeMap<String, EnvVar> = BTreeMap::new();
    for list in lists {
        for env in *list {
            merged.insert(env.name.clone(), env.clone());
        }
    }
    merged.into_values().collect()
}

/// The warning that says which proxy variables of this process went into which manifests
/// (kube-apiserver, kube-controller-manager, kube-scheduler: etcd gets none), as kubeadm
/// copies them; `None` when there are none. Operators are often surprised to find their
/// shell's proxy in a control-plane pod.
pub fn proxy_announcement(
    environment: &[(String, String)],
    manifests: &[super::RenderedManifest],
) -> Option<String> {
    let names: Vec<String> = proxy_vars(environment)
        .into_iter()
        .map(|var| var.name)
        .collect();
    let components: Vec<&str> = manifests
        .iter()
        .filter(|m| m.component != crate::component::Component::Etcd)
        .map(|m| m.component.name())
        .collect();
    if names.is_empty() || components.is_empty() {
        return None;
    }
    Some(format!(
        "copied the proxy variables {} from this environment into {} (as kubeadm does); \
         use --no-proxy-env to leave them out",
        names.join(", "),
        components.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    #[test]
    fn proxy_vars_keep_process_order_and_skip_empty() {
        let vars = proxy_vars(&[
            env("NO_PROXY", "localhost"),
            env("PATH", "/bin"),
            env("http_proxy", "http://p:3128"),
            env("HTTPS_PROXY", ""),
        ]);
        let names: Vec<&str> = vars.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["NO_PROXY", "http_proxy"]);
    }

    #[test]
    fn merge_overrides_and_sorts() {
        let proxy = proxy_vars(&[env("NO_PROXY", "a"), env("HTTP_PROXY", "b")]);
        let extra = vec![EnvVar {
            name: "NO_PROXY".into(),
            value: Some("c".into()),
            value_from: None,
        }];
        let merged = merge_sorted(&[&proxy, &extra]);
        let pairs: Vec<(&str, Option<&str>)> = merged
            .iter()
            .map(|e| (e.name.as_str(), e.value.as_deref()))
            .collect();
        assert_eq!(pairs, [("HTTP_PROXY", Some("b")), ("NO_PROXY", Some("c"))]);
    }

    #[test]
    fn proxy_announcement_names_the_variables_and_the_components() {
        use super::super::RenderedManifest;
        use crate::component::Component;
        let manifests: Vec<RenderedManifest> = Component::ALL
            .into_iter()
            .map(|component| RenderedManifest {
                component,
                yaml: String::new(),
            })
            .collect();
        let environment = [
            env("https_proxy", "http://p:3128"),
            env("HTTP_PROXY", ""),
            env("no_proxy", "10.0.0.0/8"),
            env("PATH", "/bin"),
        ];
        let warning = proxy_announcement(&environment, &manifests).expect("announced");
        assert_eq!(
            warning,
            "copied the proxy variables https_proxy, no_proxy from this environment into \
             kube-apiserver, kube-controller-manager, kube-scheduler (as kubeadm does); use \
             --no-proxy-env to leave them out"
        );
        assert_eq!(proxy_announcement(&[env("PATH", "/bin")], &manifests), None);
        let etcd_only: Vec<RenderedManifest> = manifests
            .into_iter()
            .filter(|m| m.component == Component::Etcd)
            .collect();
        assert_eq!(proxy_announcement(&environment, &etcd_only), None);
    }
}
