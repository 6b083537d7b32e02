use std::path::Path;

use super::*;
use crate::verify::scan::{members_from, Member};

/// A consistent stacked control plane, kubeadm-shaped (trimmed to what the rules read).
const API: &str = r#"apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: 10.0.0.5:6443
  name: kube-apiserver
  namespace: kube-system
spec:
  hostNetwork: true
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.31.14
    command:
    - kube-apiserver
    - --advertise-address=10.0.0.5
    - --client-ca-file=/etc/kubernetes/pki/ca.crt
    - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
    - --etcd-prefix=/registry
    - --etcd-servers=https://127.0.0.1:2379
    - --secure-port=6443
    - --service-cluster-ip-range=10.96.0.0/12
    livenessProbe:
      httpGet:
        host: 10.0.0.5
        path: /livez
        port: 6443
        scheme: HTTPS
    volumeMounts:
    - name: k8s-certs
      mountPath: /etc/kubernetes/pki
  volumes:
  - name: k8s-certs
    hostPath:
      path: /etc/kubernetes/pki
      type: DirectoryOrCreate
"#;

const KCM: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: kube-controller-manager
  namespace: kube-system
spec:
  hostNetwork: true
  containers:
  - name: kube-controller-manager
    image: registry.k8s.io/kube-controller-manager:v1.31.14
    command:
    - kube-controller-manager
    - --allocate-node-cidrs=true
    - --bind-address=127.0.0.1
    - --cluster-cidr=10.244.0.0/16
    - --kubeconfig=/etc/kubernetes/controller-manager.conf
    - --root-ca-file=/etc/kubernetes/pki/ca.crt
    - --service-cluster-ip-range=10.96.0.0/12
    livenessProbe:
      httpGet:
        host: 127.0.0.1
        path: /healthz
        port: 10257
        scheme: HTTPS
    volumeMounts:
    - name: k8s-certs
      mountPath: /etc/kubernetes/pki
    - name: kubeconfig
      mountPath: /etc/kubernetes/controller-manager.conf
  volumes:
  - name: k8s-certs
    hostPath:
      path: /etc/kubernetes/pki
  - name: kubeconfig
    hostPath:
      path: /etc/kubernetes/controller-manager.conf
"#;

const ETCD: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: etcd
  namespace: kube-system
spec:
  hostNetwork: true
  containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.5.24-0
    command:
    - etcd
    - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    - --data-dir=/var/lib/etcd
    - --listen-client-urls=https://127.0.0.1:2379,https://10.0.0.5:2379
    - --listen-metrics-urls=http://127.0.0.1:2381
    livenessProbe:
      httpGet:
        host: 127.0.0.1
        path: /livez
        port: 2381
        scheme: HTTP
    volumeMounts:
    - name: etcd-data
      mountPath: /var/lib/etcd
    - name: etcd-certs
      mountPath: /etc/kubernetes/pki/etcd
  volumes:
  - name: etcd-data
    hostPath:
      path: /var/lib/etcd
  - name: etcd-certs
    hostPath:
      path: /etc/kubernetes/pki/etcd
"#;

fn run(api: &str, kcm: &str, etcd: &str) -> Vec<Finding> {
    let members: Vec<Member> = members_from(
        Path::new("/m"),
        &[
            (Component::KubeApiserver, Some(api.as_bytes().to_vec())),
            (
                Component::KubeControllerManager,
                Some(kcm.as_bytes().to_vec()),
            ),
            (Component::Etcd, Some(etcd.as_bytes().to_vec())),
        ],
    );
    let pods: Vec<PodView<'_>> = members.iter().filter_map(Member::pod).collect();
    assert_eq!(pods.len(), 3, "fixtures must decode");
    check(&pods)
}

fn ids(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.id.as_str()).collect()
}

#[test]
fn a_consistent_control_plane_passes() {
    let found = run(API, KCM, ETCD);
    assert_eq!(ids(&found), Vec::<&str>::new(), "{found:#?}");
}

#[test]
fn service_cidr_must_agree() {
    let kcm = KCM.replace(
        "--service-cluster-ip-range=10.96.0.0/12",
        "--service-cluster-ip-range=10.100.0.0/16",
    );
    assert_eq!(ids(&run(API, &kcm, ETCD)), ["CONSIST-SERVICE-CIDR"]);
    // The same network written differently is the same.
    let same = KCM.replace(
        "--service-cluster-ip-range=10.96.0.0/12",
        "--service-cluster-ip-range=10.96.0.1/12",
    );
    assert_eq!(ids(&run(API, &same, ETCD)), Vec::<&str>::new());
}

#[test]
fn cluster_cidr_needed_and_disjoint() {
    let none = KCM.replace("    - --cluster-cidr=10.244.0.0/16\n", "");
    assert_eq!(ids(&run(API, &none, ETCD)), ["CONSIST-CLUSTER-CIDR"]);
    let overlap = KCM.replace(
        "--cluster-cidr=10.244.0.0/16",
        "--cluster-cidr=10.96.0.0/16",
    );
    assert_eq!(ids(&run(API, &overlap, ETCD)), ["CONSIST-CIDR-OVERLAP"]);
    let not_allocating = none.replace("--allocate-node-cidrs=true", "--allocate-node-cidrs=false");
    assert_eq!(ids(&run(API, &not_allocating, ETCD)), Vec::<&str>::new());
}

#[test]
fn one_certificates_dir() {
    let kcm = KCM.replace(
        "--root-ca-file=/etc/kubernetes/pki/ca.crt",
        "--root-ca-file=/var/lib/minikube/certs/ca.crt",
    );
    let found = run(API, &kcm, ETCD);
    assert_eq!(ids(&found), ["CONSIST-CERT-DIR", "CONSIST-UNMOUNTED-PATH"]);
    assert!(
        found[0].message.contains("/var/lib/minikube/certs"),
        "{}",
        found[0].message
    );
}

#[test]
fn etcd_servers_must_reach_local_etcd() {
    let api = API.replace("https://127.0.0.1:2379", "https://127.0.0.1:12379");
    assert_eq!(ids(&run(&api, KCM, ETCD)), ["CONSIST-ETCD-SERVERS"]);
    let http = API.replace("https://127.0.0.1:2379", "http://127.0.0.1:2379");
    assert_eq!(ids(&run(&http, KCM, ETCD)), ["CONSIST-ETCD-SERVERS"]);
    // localhost and the node address reach etcd too.
    let node = API.replace("https://127.0.0.1:2379", "https://10.0.0.5:2379");
    assert_eq!(ids(&run(&node, KCM, ETCD)), Vec::<&str>::new());
    let localhost = API.replace("https://127.0.0.1:2379", "https://localhost:2379");
    assert_eq!(ids(&run(&localhost, KCM, ETCD)), Vec::<&str>::new());
}

#[test]
fn advertise_address_everywhere() {
    let annotation = API.replace("endpoint: 10.0.0.5:6443", "endpoint: 10.0.0.6:6443");
    assert_eq!(ids(&run(&annotation, KCM, ETCD)), ["CONSIST-ADVERTISE"]);
    let port = API.replace("endpoint: 10.0.0.5:6443", "endpoint: 10.0.0.5:443");
    assert_eq!(ids(&run(&port, KCM, ETCD)), ["CONSIST-ADVERTISE"]);
    let probe = API.replace("        host: 10.0.0.5\n", "        host: 10.0.0.9\n");
    assert_eq!(ids(&run(&probe, KCM, ETCD)), ["CONSIST-ADVERTISE"]);
}

#[test]
fn probes_aim_at_the_served_port_and_host() {
    let api = API.replace("--secure-port=6443", "--secure-port=8443");
    let found = run(&api, KCM, ETCD);
    assert!(ids(&found).contains(&"CONSIST-PROBE-PORT"), "{found:#?}");
    let kcm = KCM.replace("        port: 10257\n", "        port: 10252\n");
    assert_eq!(ids(&run(API, &kcm, ETCD)), ["CONSIST-PROBE-PORT"]);
    let scheme = KCM.replace("        scheme: HTTPS\n", "        scheme: HTTP\n");
    assert_eq!(ids(&run(API, &scheme, ETCD)), ["CONSIST-PROBE-PORT"]);
    let host = KCM.replace("        host: 127.0.0.1\n", "        host: 10.0.0.5\n");
    assert_eq!(ids(&run(API, &host, ETCD)), ["CONSIST-PROBE-HOST"]);
    let named = ETCD.replace("        port: 2381\n", "        port: probe-port\n");
    assert_eq!(ids(&run(API, KCM, &named)), ["CONSIST-PROBE-PORT"]);
    let named_ok = named.replace(
        "    livenessProbe:\n",
        "    ports:\n    - name: probe-port\n      containerPort: 2381\n    livenessProbe:\n",
    );
    assert_eq!(ids(&run(API, KCM, &named_ok)), Vec::<&str>::new());
}

#[test]
fn flag_paths_must_be_mounted() {
    let api = API.replace(
        "    - --secure-port=6443\n",
        "    - --secure-port=6443\n    - --audit-policy-file=/etc/kubernetes/audit/policy.yaml\n",
    );
    let found = run(&api, KCM, ETCD);
    assert_eq!(ids(&found), ["CONSIST-UNMOUNTED-PATH"]);
    assert!(
        found[0].message.contains("--audit-policy-file"),
        "{}",
        found[0].message
    );
}

#[test]
fn external_etcd_is_recognised() {
    let members = members_from(
        Path::new("/m"),
        &[(
            Component::KubeApiserver,
            Some(
                API.replace(
                    "https://127.0.0.1:2379",
                    "https://10.1.0.1:2379,https://10.1.0.2:2379",
                )
                .into_bytes(),
            ),
        )],
    );
    let pods: Vec<PodView<'_>> = members.iter().filter_map(Member::pod).collect();
    assert!(is_external_etcd(pods.first()));
    let members = members_from(
        Path::new("/m"),
        &[(Component::KubeApiserver, Some(API.as_bytes().to_vec()))],
    );
    let pods: Vec<PodView<'_>> = members.iter().filter_map(Member::pod).collect();
    assert!(!is_external_etcd(pods.first()));
    // kine on loopback over plain http is not kubeadm's etcd either.
    let kine = API.replace("https://127.0.0.1:2379", "http://127.0.0.1:2379");
    let members = members_from(
        Path::new("/m"),
        &[(Component::KubeApiserver, Some(kine.into_bytes()))],
    );
    let pods: Vec<PodView<'_>> = members.iter().filter_map(Member::pod).collect();
    assert!(is_external_etcd(pods.first()));
}

#[test]
fn endpoints_parse() {
    let e = Endpoint::parse("https://[fd00::1]:2379").expect("endpoint");
    assert_eq!(
        (e.scheme.as_str(), e.host.as_str(), e.port),
        ("https", "fd00::1", Some(2379))
    );
    assert_eq!(
        Endpoint::parse("http://10.0.0.1").and_then(|e| e.port),
        Some(80)
    );
    assert_eq!(Endpoint::parse("10.0.0.1:2379"), None);
}

#[test]
fn written_paths_unmounted_are_warnings() {
    let api = API.replace(
        "    - --secure-port=6443\n",
        "    - --secure-port=6443\n    - --audit-log-path=/var/log/kubernetes/audit.log\n",
    );
    let found = run(&api, KCM, ETCD);
    assert_eq!(ids(&found), ["CONSIST-UNMOUNTED-PATH"]);
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn old_insecure_health_ports() {
    // kubeadm 1.16 probed kube-controller-manager over HTTP on 10252.
    let old = KCM
        .replace(
            "kube-controller-manager:v1.31.14",
            "kube-controller-manager:v1.16.2",
        )
        .replace(
            "        port: 10257\n        scheme: HTTPS\n",
            "        port: 10252\n        scheme: HTTP\n",
        );
    assert_eq!(ids(&run(API, &old, ETCD)), Vec::<&str>::new());
    let disabled = old.replace(
        "    - --bind-address=127.0.0.1\n",
        "    - --bind-address=127.0.0.1\n    - --port=0\n",
    );
    assert_eq!(ids(&run(API, &disabled, ETCD)), ["CONSIST-PROBE-PORT"]);
}

#[test]
fn an_unmounted_flexvolume_dir_is_a_warning() {
    let kcm = KCM.replace(
        "    - --kubeconfig=/etc/kubernetes/controller-manager.conf\n",
        "    - --kubeconfig=/etc/kubernetes/controller-manager.conf\n    - --flex-volume-plugin-dir=/usr/libexec/kubernetes/kubelet-plugins/volume/exec\n",
    );
    let found = run(API, &kcm, ETCD);
    assert_eq!(ids(&found), ["CONSIST-UNMOUNTED-PATH"]);
    assert_eq!(found[0].severity, Severity::Warning);
}
