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
}
