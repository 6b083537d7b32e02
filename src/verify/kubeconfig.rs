//! Client certificates in kubeconfig files: the ones the components' flags name
//! (`--kubeconfig`, `--authentication-kubeconfig`, `--authorization-kubeconfig`) and kubeadm's
//! `admin.conf` / `super-admin.conf`. `kubeadm certs check-expiration` lists them next to the
//! PKI; an expired `controller-manager.conf` stops the control plane just like an expired
//! `apiserver.crt`. Embedded (`client-certificate-data`) and file (`client-certificate`) forms
//! are read; node paths resolve under the root.

use std::path::Path;
use std::time::SystemTime;

use base64::Engine;
use serde_yaml::Value;

use super::files::under_root;
use super::finding::{Finding, Severity};
use super::scan::PodView;

const FLAGS: &[&str] = &[
    "kubeconfig",
    "authentication-kubeconfig",
    "authorization-kubeconfig",
];

/// kubeadm's kubeconfig files not referenced by a manifest but checked by
/// `kubeadm certs check-expiration`.
const NODE_FILES: &[&str] = &[
    "/etc/kubernetes/admin.conf",
    "/etc/kubernetes/super-admin.conf",
];

pub fn check(root: &Path, pods: &[PodView<'_>], now: SystemTime) -> Vec<Finding> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for pod in pods {
        for flag in FLAGS {
            let Some(path) = pod.flags.get(flag) else {
                continue;
            };
            // The host file behind the container path (the same path in kubeadm's manifests).
            let path = super::files::host_path_of(pod, path).unwrap_or_else(|| path.to_string());
            if seen.insert(path.clone()) {
                // A missing file is FILE-MISSING's finding.
                out.extend(one(root, Some(pod.component.name()), &path, now));
            }
        }
    }
    for path in NODE_FILES {
        if seen.insert(path.to_string()) && under_root(root, path).exists() {
            out.extend(one(root, None, path, now));
        }
    }
    out
}

/// `kubeadm certs renew` knows these kubeconfigs by file name.
fn renew_name(node_path: &str) -> Option<&str> {
    let name = node_path.rsplit('/').next()?;
    [
        "admin.conf",
        "super-admin.conf",
        "controller-manager.conf",
        "scheduler.conf",
    ]
    .into_iter()
    .find(|n| *n == name)
}

fn one(root: &Path, component: Option<&str>, node_path: &str, now: SystemTime) -> Vec<Finding> {
    let disk = under_root(root, node_path);
    let Ok(bytes) = fs_err::read(&disk) else {
        return Vec::new();
    };
    let parse_error = |why: String| {
        vec![Finding {
            id: "KUBECONFIG-PARSE".into(),
            severity: Severity::Error,
            component: component.map(str::to_string),
            file: Some(disk.clone()),
            message: format!("{node_path} is not a usable kubeconfig ({why}); regenerate it (kubeadm init phase kubeconfig …) or restore it"),
        }]
    };
    let config: Value = match serde_yaml::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => return parse_error(e.to_string()),
    };
    let Some(user) = current_user(&config) else {
        return parse_error("no user for the current context".into());
    };
    let who = format!("the client certificate in {node_path}");
    let renew = renew_name(node_path);
    if let Some(data) = user.get("client-certificate-data").and_then(Value::as_str) {
        let compact: String = data.split_whitespace().collect();
        return match base64::engine::general_purpose::STANDARD.decode(compact) {
            Ok(pem) => super::certs::embedded_cert(component, &disk, &who, renew, &pem, now),
            Err(e) => parse_error(format!("client-certificate-data is not base64: {e}")),
        };
    }
    if let Some(file) = user.get("client-certificate").and_then(Value::as_str) {
        let cert_disk = under_root(root, file);
        return match fs_err::read(&cert_disk) {
            Ok(pem) => super::certs::embedded_cert(component, &cert_disk, &format!("{file} (client certificate of {node_path})"), renew, &pem, now),
            Err(_) => vec![Finding {
                id: "CERT-MISSING".into(),
                severity: Severity::Error,
                component: component.map(str::to_string),
                file: Some(cert_disk),
                message: format!("{file}, the client certificate {node_path} names, does not exist; restore it or regenerate the kubeconfig"),
            }],
        };
    }
    Vec::new() // token or exec credentials: nothing to check offline
}

/// The `user` map of the current context's user (or of the only user).
fn current_user(config: &Value) -> Option<&Value> {
    let users = config.get("users")?.as_sequence()?;
    let wanted = config
        .get("current-context")
        .and_then(Value::as_str)
        .and_then(|current| {
            config
                .get("contexts")?
                .as_sequence()?
                .iter()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(current))?
                .get("context")?
                .get("user")?
                .as_str()
        });
    let entry = match wanted {
        Some(name) => users
            .iter()
            .find(|u| u.get("name").and_then(Value::as_str) == Some(name))?,
        None if users.len() == 1 => users.first()?,
        None => return None,
    };
    entry.get("user")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::Component;
    use crate::verify::scan::{members_from, Member};
    use rcgen::{CertificateParams, KeyPair};

    const SCHEDULER: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-scheduler\n  namespace: kube-system\nspec:\n  hostNetwork: true\n  containers:\n  - name: kube-scheduler\n    image: registry.k8s.io/kube-scheduler:v1.31.2\n    command:\n    - kube-scheduler\n    - --kubeconfig=/etc/kubernetes/scheduler.conf\n    - --authentication-kubeconfig=/etc/kubernetes/scheduler.conf\n";

    /// "now" for these tests: 2026-06-01T00:00:00Z.
    fn now() -> SystemTime {
        SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_780_272_000)
    }

    /// A certificate valid from 2026-01-01 until `until` (year, month, day).
    fn cert_pem(until: (i32, u8, u8)) -> String {
        let mut params =
            CertificateParams::new(vec!["system:kube-scheduler".into()]).expect("params");
        params.not_before = rcgen::date_time_ymd(2026, 1, 1);
        params.not_after = rcgen::date_time_ymd(until.0, until.1, until.2);
        let key = KeyPair::generate().expect("key");
        params.self_signed(&key).expect("cert").pem()
    }

    fn kubeconfig(pem: &str) -> String {
        let data = base64::engine::general_purpose::STANDARD.encode(pem);
        format!("apiVersion: v1\nkind: Config\ncurrent-context: s@k\ncontexts:\n- name: s@k\n  context: {{cluster: k, user: s}}\nusers:\n- name: other\n  user: {{token: x}}\n- name: s\n  user:\n    client-certificate-data: {data}\n    client-key-data: eA==\n")
    }

    fn run(root: &Path) -> Vec<Finding> {
        let members: Vec<Member> = members_from(
            Path::new("/m"),
            &[(
                Component::KubeScheduler,
                Some(SCHEDULER.as_bytes().to_vec()),
            )],
        );
        let pods: Vec<PodView<'_>> = members.iter().filter_map(Member::pod).collect();
        check(root, &pods, now())
    }

    fn ids(found: &[Finding]) -> Vec<&str> {
        found.iter().map(|f| f.id.as_str()).collect()
    }

    #[test]
    fn embedded_client_certificates_are_checked_once() {
        let root = tempfile::tempdir().expect("tempdir");
        let conf = root.path().join("etc/kubernetes/scheduler.conf");
        fs_err::create_dir_all(root.path().join("etc/kubernetes")).expect("mkdir");
        fs_err::write(&conf, kubeconfig(&cert_pem((2027, 1, 1)))).expect("write");
        let healthy = run(root.path());
        assert_eq!(ids(&healthy), ["CERT-EXPIRY"], "{healthy:#?}");
        assert!(healthy[0].message.contains("scheduler.conf"));

        fs_err::write(&conf, kubeconfig(&cert_pem((2026, 5, 30)))).expect("write");
        let expired = run(root.path());
        assert_eq!(
            ids(&expired),
            ["CERT-EXPIRED", "CERT-EXPIRY"],
            "{expired:#?}"
        );
        assert!(expired[0]
            .message
            .contains("kubeadm certs renew scheduler.conf"));

        fs_err::write(&conf, kubeconfig(&cert_pem((2026, 6, 6)))).expect("write");
        assert_eq!(ids(&run(root.path())), ["CERT-EXPIRING", "CERT-EXPIRY"]);
    }

    #[test]
    fn admin_conf_and_broken_files() {
        let root = tempfile::tempdir().expect("tempdir");
        fs_err::create_dir_all(root.path().join("etc/kubernetes")).expect("mkdir");
        // No kubeconfig at all: nothing here (FILE-MISSING reports the referenced one).
        assert_eq!(run(root.path()), Vec::new());
        fs_err::write(
            root.path().join("etc/kubernetes/admin.conf"),
            kubeconfig(&cert_pem((2026, 5, 1))),
        )
        .expect("write");
        fs_err::write(
            root.path().join("etc/kubernetes/scheduler.conf"),
            "users: [",
        )
        .expect("write");
        let found = run(root.path());
        assert_eq!(
            ids(&found),
            ["KUBECONFIG-PARSE", "CERT-EXPIRED", "CERT-EXPIRY"],
            "{found:#?}"
        );
        assert_eq!(found[1].component, None);
    }
}
