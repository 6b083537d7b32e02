//! Client certificates in kubeconfig files: the ones the components' flags name
//! (`--kubeconfig`, `--authentication-kubeconfig`, `--authorization-kubeconfig`) and kubeadm's
//! `admin.conf` / `super-admin.conf`. `kubeadm certs check-expiration` lists them next to the
//! PKI; an expired `controller-manager.conf` stops the control plane just like an expired
//! `apiserver.crt`. Embedded (`client-certificate-data`) and file (`client-certificate`) forms
//! are read; node paths resolve under the root.

use std::path::Path;
use std::time::SystemTime;

use base64::Engine;
use serde_json::Value;

use super::finding::{Finding, Severity};
use super::flags::Flags;
use super::scan::PodView;
use crate::component::Component;
use crate::fsx::read::{read, Limit};
use crate::node_path::under_root;
use crate::yaml;

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
    let trust = ApiTrust::read(root, pods);
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
                out.extend(one(root, Some(pod.component.name()), &path, &trust, now));
            }
        }
    }
    for path in NODE_FILES {
        let exists = under_root(root, path).is_ok_and(|disk| disk.exists());
        if seen.insert(path.to_string()) && exists {
            out.extend(one(root, None, path, &trust, now));
        }
    }
    out
}

/// What kube-apiserver presents and accepts, read from its flags (PEM bytes; None when it is
/// not on this node or the file cannot be read — the certificate checks report that).
struct ApiTrust {
    /// `--tls-cert-file`: what a kubeconfig's CA must verify.
    serving: Option<Vec<u8>>,
    /// `--client-ca-file`: what must have signed a kubeconfig's client certificate.
    client_ca: Option<Vec<u8>>,
}

impl ApiTrust {
    fn read(root: &Path, pods: &[PodView<'_>]) -> ApiTrust {
        let api = pods
            .iter()
            .find(|p| p.component == Component::KubeApiserver);
        let flags = api.map(|p| Flags::parse(&super::files::host_command(p)));
        let file = |flag: &str| {
            let path = flags.as_ref()?.get(flag)?;
            read(&under_root(root, path).ok()?, Limit::PKI).ok()
        };
        ApiTrust {
            serving: file("tls-cert-file"),
            client_ca: file("client-ca-file"),
        }
    }
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

fn decode_data(data: &str) -> Result<Vec<u8>, String> {
    let compact: String = data.split_whitespace().collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .map_err(|e| e.to_string())
}

fn one(
    root: &Path,
    component: Option<&str>,
    node_path: &str,
    trust: &ApiTrust,
    now: SystemTime,
) -> Vec<Finding> {
    let disk = match under_root(root, node_path) {
        Ok(disk) => disk,
        Err(e) => {
            return vec![Finding {
                id: "PATH-OUTSIDE-ROOT".into(),
                severity: Severity::Error,
                component: component.map(str::to_string),
                file: Some(root.to_path_buf()),
                message: e.to_string(),
            }]
        }
    };
    let bytes = match read(&disk, Limit::PKI) {
        Ok(bytes) => Ok(bytes),
        // A missing file is FILE-MISSING's finding.
        Err(e) if e.is_not_found() => return Vec::new(),
        Err(e) => Err(e.reason()),
    };
    let finding = |id: &str, file: &Path, message: String| Finding {
        id: id.to_string(),
        severity: Severity::Error,
        component: component.map(str::to_string),
        file: Some(file.to_path_buf()),
        message,
    };
    let parse_error = |why: String| {
        vec![finding(
            "KUBECONFIG-PARSE",
            &disk,
            format!("{node_path} is not a usable kubeconfig ({why}); regenerate it (kubeadm init phase kubeconfig …) or restore it"),
        )]
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(why) => return parse_error(why),
    };
    // client-go reads kubeconfigs through sigs.k8s.io/yaml, as the kubelet reads manifests.
    let Ok(text) = String::from_utf8(bytes) else {
        return parse_error("not UTF-8 text".into());
    };
    let config = match yaml::decode::first_document(&text, yaml::decode::DuplicateKeys::LastWins) {
        Ok(document) => document.value,
        Err(e) => return parse_error(e.to_string()),
    };
    let Some((user, cluster)) = current(&config) else {
        return parse_error("no user for the current context".into());
    };
    let renew = renew_name(node_path);
    let mut out = Vec::new();

    // The client certificate: embedded or a file.
    let client = if let Some(data) = user.get("client-certificate-data").and_then(Value::as_str) {
        match decode_data(data) {
            Ok(pem) => Some((
                pem,
                disk.clone(),
                format!("the client certificate in {node_path}"),
            )),
            Err(e) => return parse_error(format!("client-certificate-data is not base64: {e}")),
        }
    } else if let Some(file) = user.get("client-certificate").and_then(Value::as_str) {
        let cert_disk = match under_root(root, file) {
            Ok(cert_disk) => cert_disk,
            Err(e) => {
                return vec![finding(
                    "PATH-OUTSIDE-ROOT",
                    root,
                    format!("{e} (the client certificate {node_path} names)"),
                )]
            }
        };
        match read(&cert_disk, Limit::PKI) {
            Ok(pem) => Some((pem, cert_disk, format!("{file} (client certificate of {node_path})"))),
            Err(e) if e.is_not_found() => {
                return vec![finding(
                    "CERT-MISSING",
                    &cert_disk,
                    format!("{file}, the client certificate {node_path} names, does not exist; restore it or regenerate the kubeconfig"),
                )]
            }
            Err(e) => {
                return vec![finding(
                    "CERT-UNREADABLE",
                    &cert_disk,
                    format!("{file}, the client certificate {node_path} names, {}; restore it or regenerate the kubeconfig", e.reason()),
                )]
            }
        }
    } else {
        None // token or exec credentials: nothing to check offline
    };
    if let Some((pem, file, who)) = &client {
        out.extend(super::certs::embedded_cert(
            component, file, who, renew, pem, now,
        ));
        if let Some(Err(issuer)) = trust
            .client_ca
            .as_ref()
            .and_then(|ca| super::certs::issued_by(pem, ca))
        {
            let fix = match renew {
                Some(name) => format!("renew it with `kubeadm certs renew {name}`"),
                None => "re-issue it from the cluster CA".to_string(),
            };
            out.push(finding(
                "KUBECONFIG-CLIENT-CA",
                file,
                format!("{who} (issuer {issuer}) is not signed by kube-apiserver's --client-ca-file: kube-apiserver rejects it (401 Unauthorized); {fix}"),
            ));
        }
    }

    // The cluster CA must verify kube-apiserver's serving certificate.
    let Some(cluster) = cluster else { return out };
    if cluster
        .get("insecure-skip-tls-verify")
        .and_then(Value::as_bool)
        == Some(true)
    {
        return out;
    }
    let ca = if let Some(data) = cluster
        .get("certificate-authority-data")
        .and_then(Value::as_str)
    {
        match decode_data(data) {
            Ok(pem) => Some(pem),
            Err(e) => {
                out.extend(parse_error(format!(
                    "certificate-authority-data is not base64: {e}"
                )));
                return out;
            }
        }
    } else {
        cluster
            .get("certificate-authority")
            .and_then(Value::as_str)
            .and_then(|file| read(&under_root(root, file).ok()?, Limit::PKI).ok())
    };
    if let (Some(ca), Some(serving)) = (ca, &trust.serving) {
        if let Some(Err(issuer)) = super::certs::issued_by(serving, &ca) {
            out.push(finding(
                "KUBECONFIG-CA",
                &disk,
                format!("the CA in {node_path} does not sign kube-apiserver's serving certificate (issuer {issuer}): its user fails with \"x509: certificate signed by unknown authority\"; regenerate the kubeconfig (kubeadm init phase kubeconfig …) after a CA change"),
            ));
        }
    }
    out
}

/// The `user` map of the current context's user (or of the only user), and the `cluster` map
/// of its cluster (or of the only cluster).
fn current(config: &Value) -> Option<(&Value, Option<&Value>)> {
    let context = config
        .get("current-context")
        .and_then(Value::as_str)
        .and_then(|current| {
            config
                .get("contexts")?
                .as_array()?
                .iter()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(current))?
                .get("context")
        });
    let pick = |list: &str, field: &str, inner: &str| -> Option<&Value> {
        let entries = config.get(list)?.as_array()?;
        let wanted = context.and_then(|c| c.get(field)).and_then(Value::as_str);
        let entry = match wanted {
            Some(name) => entries
                .iter()
                .find(|e| e.get("name").and_then(Value::as_str) == Some(name))?,
            None if entries.len() == 1 => entries.first()?,
            None => return None,
        };
        entry.get(inner)
    };
    let user = pick("users", "user", "user")?;
    Some((user, pick("clusters", "cluster", "cluster")))
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

    mod trust {
        use super::*;
        use rcgen::{BasicConstraints, IsCa, Issuer};

        const API: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  namespace: kube-system\nspec:\n  hostNetwork: true\n  containers:\n  - name: kube-apiserver\n    image: registry.k8s.io/kube-apiserver:v1.31.2\n    command:\n    - kube-apiserver\n    - --client-ca-file=/etc/kubernetes/pki/ca.crt\n    - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt\n";

        struct Ca {
            pem: String,
            issuer: Issuer<'static, KeyPair>,
        }

        fn ca(name: &str) -> Ca {
            let mut params = CertificateParams::new(Vec::new()).expect("params");
            params
                .distinguished_name
                .push(rcgen::DnType::CommonName, name);
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            params.not_before = rcgen::date_time_ymd(2026, 1, 1);
            params.not_after = rcgen::date_time_ymd(2036, 1, 1);
            let key = KeyPair::generate().expect("key");
            let pem = params.self_signed(&key).expect("ca").pem();
            Ca {
                pem,
                issuer: Issuer::new(params, key),
            }
        }

        fn leaf(name: &str, ca: &Ca) -> String {
            let mut params = CertificateParams::new(vec![name.into()]).expect("params");
            params.not_before = rcgen::date_time_ymd(2026, 1, 1);
            params.not_after = rcgen::date_time_ymd(2027, 1, 1);
            let key = KeyPair::generate().expect("key");
            params.signed_by(&key, &ca.issuer).expect("sign").pem()
        }

        fn kubeconfig(ca_pem: &str, client_pem: &str) -> String {
            let b64 = |t: &str| base64::engine::general_purpose::STANDARD.encode(t);
            format!(
                "apiVersion: v1\nkind: Config\ncurrent-context: s@k\nclusters:\n- name: k\n  cluster:\n    server: https://10.0.0.5:6443\n    certificate-authority-data: {}\ncontexts:\n- name: s@k\n  context: {{cluster: k, user: s}}\nusers:\n- name: s\n  user:\n    client-certificate-data: {}\n",
                b64(ca_pem),
                b64(client_pem)
            )
        }

        fn run(root: &Path) -> Vec<String> {
            let members: Vec<Member> = members_from(
                Path::new("/m"),
                &[
                    (Component::KubeApiserver, Some(API.as_bytes().to_vec())),
                    (
                        Component::KubeScheduler,
                        Some(SCHEDULER.as_bytes().to_vec()),
                    ),
                ],
            );
            let pods: Vec<PodView<'_>> = members.iter().filter_map(Member::pod).collect();
            check(root, &pods, now())
                .into_iter()
                .map(|f| f.id)
                .filter(|id| id != "CERT-EXPIRY")
                .collect()
        }

        #[test]
        fn kubeconfigs_must_trust_and_be_trusted_by_the_apiserver() {
            let root = tempfile::tempdir().expect("tempdir");
            let pki = root.path().join("etc/kubernetes/pki");
            fs_err::create_dir_all(&pki).expect("mkdir");
            let (cluster, other) = (ca("kubernetes"), ca("someone-else"));
            fs_err::write(pki.join("ca.crt"), &cluster.pem).expect("write");
            fs_err::write(pki.join("apiserver.crt"), leaf("kube-apiserver", &cluster))
                .expect("write");
            let conf = root.path().join("etc/kubernetes/scheduler.conf");

            fs_err::write(
                &conf,
                kubeconfig(&cluster.pem, &leaf("system:kube-scheduler", &cluster)),
            )
            .expect("write");
            assert_eq!(run(root.path()), Vec::<String>::new());

            fs_err::write(
                &conf,
                kubeconfig(&cluster.pem, &leaf("system:kube-scheduler", &other)),
            )
            .expect("write");
            assert_eq!(run(root.path()), ["KUBECONFIG-CLIENT-CA"]);

            fs_err::write(
                &conf,
                kubeconfig(&other.pem, &leaf("system:kube-scheduler", &cluster)),
            )
            .expect("write");
            assert_eq!(run(root.path()), ["KUBECONFIG-CA"]);

            // Without kube-apiserver's files nothing can be compared: no trust finding.
            fs_err::remove_file(pki.join("ca.crt")).expect("rm");
            fs_err::remove_file(pki.join("apiserver.crt")).expect("rm");
            assert_eq!(run(root.path()), Vec::<String>::new());
        }
    }
}
