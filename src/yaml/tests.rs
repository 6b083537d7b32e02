use super::float::*;
use super::resolve::*;
use super::sort::*;
use super::style::*;
use super::*;
use proptest::prelude::*;
use serde_json::json;
use serde_json::{Map, Value};
use std::cmp::Ordering;

fn y(v: Value) -> String {
    to_yaml(&v)
}

/// A kube-apiserver manifest as kubeadm v1.30 writes it (checked against
/// Go's sigs.k8s.io/yaml.JSONToYAML).
#[test]
fn kubeadm_kube_apiserver_pod() {
    let mounts = [
        ("/etc/ssl/certs", "ca-certs"),
        ("/etc/ca-certificates", "etc-ca-certificates"),
        ("/etc/kubernetes/pki", "k8s-certs"),
        (
            "/usr/local/share/ca-certificates",
            "usr-local-share-ca-certificates",
        ),
        ("/usr/share/ca-certificates", "usr-share-ca-certificates"),
    ];
    let volume_mounts: Vec<Value> = mounts
        .iter()
        .map(|(path, name)| json!({"mountPath": path, "name": name, "readOnly": true}))
        .collect();
    let volumes: Vec<Value> = mounts
            .iter()
            .map(|(path, name)| {
                json!({"hostPath": {"path": path, "type": "DirectoryOrCreate"}, "name": name})
            })
            .collect();
    let probe = |path: &str, failure: u32, initial: Option<u32>, period: u32| {
        let mut p = json!({
            "failureThreshold": failure,
            "httpGet": {"host": "10.0.0.1", "path": path, "port": 6443, "scheme": "HTTPS"},
            "periodSeconds": period,
            "timeoutSeconds": 15
        });
        if let (Some(i), Some(m)) = (initial, p.as_object_mut()) {
            m.insert("initialDelaySeconds".into(), json!(i));
        }
        p
    };
    let pod = json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "annotations": {
                "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": "10.0.0.1:6443"
            },
            "creationTimestamp": null,
            "labels": {"component": "kube-apiserver", "tier": "control-plane"},
            "name": "kube-apiserver",
            "namespace": "kube-system"
        },
        "spec": {
            "containers": [{
                "command": [
                    "kube-apiserver",
                    "--advertise-address=10.0.0.1",
                    "--allow-privileged=true",
                    "--authorization-mode=Node,RBAC",
                    "--client-ca-file=/etc/kubernetes/pki/ca.crt",
                    "--enable-admission-plugins=NodeRestriction",
                    "--enable-bootstrap-token-auth=true",
                    "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
                    "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
                    "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
                    "--etcd-servers=https://127.0.0.1:2379",
                    "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
                    "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
                    "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
                    "--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt",
                    "--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key",
                    "--requestheader-allowed-names=front-proxy-client",
                    "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
                    "--requestheader-extra-headers-prefix=X-Remote-Extra-",
                    "--requestheader-group-headers=X-Remote-Group",
                    "--requestheader-username-headers=X-Remote-User",
                    "--secure-port=6443",
                    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                    "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
                    "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key",
                    "--service-cluster-ip-range=10.96.0.0/12",
                    "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
                    "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key"
                ],
                "image": "registry.k8s.io/kube-apiserver:v1.30.2",
                "imagePullPolicy": "IfNotPresent",
                "livenessProbe": probe("/livez", 8, Some(10), 10),
                "name": "kube-apiserver",
                "readinessProbe": probe("/readyz", 3, None, 1),
                "resources": {"requests": {"cpu": "250m"}},
                "startupProbe": probe("/livez", 24, Some(10), 10),
                "volumeMounts": volume_mounts
            }],
            "hostNetwork": true,
            "priority": 2000001000,
            "priorityClassName": "system-node-critical",
            "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
            "volumes": volumes
        },
        "status": {}
    });
    let expected = r#"apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: 10.0.0.1:6443
  creationTimestamp: null
  labels:
    component: kube-apiserver
    tier: control-plane
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
    - --advertise-address=10.0.0.1
    - --allow-privileged=true
    - --authorization-mode=Node,RBAC
    - --client-ca-file=/etc/kubernetes/pki/ca.crt
    - --enable-admission-plugins=NodeRestriction
    - --enable-bootstrap-token-auth=true
    - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
    - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
    - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
    - --etcd-servers=https://127.0.0.1:2379
    - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
    - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
    - --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname
    - --proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt
    - --proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key
    - --requestheader-allowed-names=front-proxy-client
    - --requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt
    - --requestheader-extra-headers-prefix=X-Remote-Extra-
    - --requestheader-group-headers=X-Remote-Group
    - --requestheader-username-headers=X-Remote-User
    - --secure-port=6443
    - --service-account-issuer=https://kubernetes.default.svc.cluster.local
    - --service-account-key-file=/etc/kubernetes/pki/sa.pub
    - --service-account-signing-key-file=/etc/kubernetes/pki/sa.key
    - --service-cluster-ip-range=10.96.0.0/12
    - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
    image: registry.k8s.io/kube-apiserver:v1.30.2
    imagePullPolicy: IfNotPresent
    livenessProbe:
      failureThreshold: 8
      httpGet:
        host: 10.0.0.1
        path: /livez
        port: 6443
        scheme: HTTPS
      initialDelaySeconds: 10
      periodSeconds: 10
      timeoutSeconds: 15
    name: kube-apiserver
    readinessProbe:
      failureThreshold: 3
      httpGet:
        host: 10.0.0.1
        path: /readyz
        port: 6443
        scheme: HTTPS
      periodSeconds: 1
      timeoutSeconds: 15
    resources:
      requests:
        cpu: 250m
    startupProbe:
      failureThreshold: 24
      httpGet:
        host: 10.0.0.1
        path: /livez
        port: 6443
        scheme: HTTPS
      initialDelaySeconds: 10
      periodSeconds: 10
      timeoutSeconds: 15
    volumeMounts:
    - mountPath: /etc/ssl/certs
      name: ca-certs
      readOnly: true
    - mountPath: /etc/ca-certificates
      name: etc-ca-certificates
      readOnly: true
    - mountPath: /etc/kubernetes/pki
      name: k8s-certs
      readOnly: true
    - mountPath: /usr/local/share/ca-certificates
      name: usr-local-share-ca-certificates
      readOnly: true
    - mountPath: /usr/share/ca-certificates
      name: usr-share-ca-certificates
      readOnly: true
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - hostPath:
      path: /etc/ssl/certs
      type: DirectoryOrCreate
    name: ca-certs
  - hostPath:
      path: /etc/ca-certificates
      type: DirectoryOrCreate
    name: etc-ca-certificates
  - hostPath:
      path: /etc/kubernetes/pki
      type: DirectoryOrCreate
    name: k8s-certs
  - hostPath:
      path: /usr/local/share/ca-certificates
      type: DirectoryOrCreate
    name: usr-local-share-ca-certificates
  - hostPath:
      path: /usr/share/ca-certificates
      type: DirectoryOrCreate
    name: usr-share-ca-certificates
status: {}
"#;
    assert_eq!(y(pod), expected);
}

/// IPv6 endpoints, etcd's probe path, the controllers flag and values that
/// must be double-quoted, as they appear in kubeadm manifests.
#[test]
fn kubeadm_etcd_style_pod() {
    let pod = json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "annotations": {
                "kubeadm.kubernetes.io/etcd.advertise-client-urls": "https://10.0.0.1:2379",
                "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": "[2001:db8::1]:6443"
            },
            "creationTimestamp": null,
            "labels": {"component": "etcd", "tier": "control-plane"},
            "name": "etcd",
            "namespace": "kube-system"
        },
        "spec": {
            "containers": [{
                "command": [
                    "etcd",
                    "--controllers=*,bootstrapsigner,tokencleaner",
                    "--listen-metrics-urls=http://127.0.0.1:2381"
                ],
                "image": "registry.k8s.io/etcd:3.5.12-0",
                "livenessProbe": {
                    "failureThreshold": 8,
                    "httpGet": {
                        "host": "2001:db8::1",
                        "path": "/health?exclude=NOSPACE&serializable=true",
                        "port": 2381,
                        "scheme": "HTTP"
                    }
                },
                "name": "etcd",
                "resources": {"requests": {"cpu": "100m", "memory": "100Mi"}},
                "env": [
                    {"name": "GODEBUG", "value": "true"},
                    {"name": "N", "value": "5"},
                    {"name": "E", "value": ""}
                ]
            }],
            "volumes": [{"hostPath": {"path": "/var/lib/etcd", "type": ""}, "name": "etcd-data"}]
        },
        "status": {}
    });
    let expected = r#"apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubeadm.kubernetes.io/etcd.advertise-client-urls: https://10.0.0.1:2379
    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: '[2001:db8::1]:6443'
  creationTimestamp: null
  labels:
    component: etcd
    tier: control-plane
  name: etcd
  namespace: kube-system
spec:
  containers:
  - command:
    - etcd
    - --controllers=*,bootstrapsigner,tokencleaner
    - --listen-metrics-urls=http://127.0.0.1:2381
    env:
    - name: GODEBUG
      value: "true"
    - name: "N"
      value: "5"
    - name: E
      value: ""
    image: registry.k8s.io/etcd:3.5.12-0
    livenessProbe:
      failureThreshold: 8
      httpGet:
        host: 2001:db8::1
        path: /health?exclude=NOSPACE&serializable=true
        port: 2381
        scheme: HTTP
    name: etcd
    resources:
      requests:
        cpu: 100m
        memory: 100Mi
  volumes:
  - hostPath:
      path: /var/lib/etcd
      type: ""
    name: etcd-data
status: {}
"#;
    assert_eq!(y(pod), expected);
}

/// (string, as a mapping value, as a mapping key, as the whole document),
    /// each expectation produced by Go's JSONToYAML (go-yaml v2.4.0).
    #[rustfmt::skip]
    const SCALARS: &[(&str, &str, &str, &str)] = &[
        ("a", "k: a\n", "a: v\n", "a\n"),
        ("kube-system", "k: kube-system\n", "kube-system: v\n", "kube-system\n"),
        ("10.0.0.1:6443", "k: 10.0.0.1:6443\n", "10.0.0.1:6443: v\n", "10.0.0.1:6443\n"),
        ("https://10.0.0.1:2379", "k: https://10.0.0.1:2379\n", "https://10.0.0.1:2379: v\n", "https://10.0.0.1:2379\n"),
        ("/health?exclude=NOSPACE&serializable=true", "k: /health?exclude=NOSPACE&serializable=true\n", "/health?exclude=NOSPACE&serializable=true: v\n", "/health?exclude=NOSPACE&serializable=true\n"),
        ("--controllers=*,bootstrapsigner,tokencleaner", "k: --controllers=*,bootstrapsigner,tokencleaner\n", "--controllers=*,bootstrapsigner,tokencleaner: v\n", "--controllers=*,bootstrapsigner,tokencleaner\n"),
        ("2001:db8::1", "k: 2001:db8::1\n", "2001:db8::1: v\n", "2001:db8::1\n"),
        ("::1", "k: ::1\n", "::1: v\n", "::1\n"),
        ("a:b", "k: a:b\n", "a:b: v\n", "a:b\n"),
        ("a#b", "k: a#b\n", "a#b: v\n", "a#b\n"),
        ("a b", "k: a b\n", "a b: v\n", "a b\n"),
        ("a  b", "k: a  b\n", "a  b: v\n", "a  b\n"),
        ("-a", "k: -a\n", "-a: v\n", "-a\n"),
        ("?a", "k: ?a\n", "?a: v\n", "?a\n"),
        (":a", "k: :a\n", ":a: v\n", ":a\n"),
        ("a,b", "k: a,b\n", "a,b: v\n", "a,b\n"),
        ("a[b]", "k: a[b]\n", "a[b]: v\n", "a[b]\n"),
        ("{a}x", "k: '{a}x'\n", "'{a}x': v\n", "'{a}x'\n"),
        ("<<", "k: <<\n", "<<: v\n", "<<\n"),
        ("=", "k: =\n", "=: v\n", "=\n"),
        ("~a", "k: ~a\n", "~a: v\n", "~a\n"),
        ("tRue", "k: tRue\n", "tRue: v\n", "tRue\n"),
        ("nUll", "k: nUll\n", "nUll: v\n", "nUll\n"),
        ("yes please", "k: yes please\n", "yes please: v\n", "yes please\n"),
        ("0xg", "k: 0xg\n", "0xg: v\n", "0xg\n"),
        ("08a", "k: 08a\n", "08a: v\n", "08a\n"),
        ("1.5.5", "k: 1.5.5\n", "1.5.5: v\n", "1.5.5\n"),
        ("1e3e3", "k: 1e3e3\n", "1e3e3: v\n", "1e3e3\n"),
        ("1_0:20", "k: \"1_0:20\"\n", "\"1_0:20\": v\n", "\"1_0:20\"\n"),
        ("1:200", "k: 1:200\n", "1:200: v\n", "1:200\n"),
        ("1:60", "k: 1:60\n", "1:60: v\n", "1:60\n"),
        ("2001-13-01", "k: 2001-13-01\n", "2001-13-01: v\n", "2001-13-01\n"),
        ("2001-02-29", "k: 2001-02-29\n", "2001-02-29: v\n", "2001-02-29\n"),
        ("2001-12-14T21:59:43", "k: 2001-12-14T21:59:43\n", "2001-12-14T21:59:43: v\n", "2001-12-14T21:59:43\n"),
        ("\u{e9}", "k: \u{e9}\n", "\u{e9}: v\n", "\u{e9}\n"),
        ("na\u{ef}ve caf\u{e9}", "k: na\u{ef}ve caf\u{e9}\n", "na\u{ef}ve caf\u{e9}: v\n", "na\u{ef}ve caf\u{e9}\n"),
        ("\u{4e2d}\u{6587}", "k: \u{4e2d}\u{6587}\n", "\u{4e2d}\u{6587}: v\n", "\u{4e2d}\u{6587}\n"),
        ("\u{a0}a", "k: \u{a0}a\n", "\u{a0}a: v\n", "\u{a0}a\n"),
        ("\u{2028}", "k: '\u{2028}'\n", "? '\u{2028}'\n: v\n", "'\u{2028}'\n"),
        ("_1", "k: _1\n", "_1: v\n", "_1\n"),
        (".", "k: .\n", ".: v\n", ".\n"),
        ("..", "k: ..\n", "..: v\n", "..\n"),
        (".e3", "k: .e3\n", ".e3: v\n", ".e3\n"),
        ("._5", "k: ._5\n", "._5: v\n", "._5\n"),
        (".5_", "k: .5_\n", ".5_: v\n", ".5_\n"),
        ("1e999", "k: 1e999\n", "1e999: v\n", "1e999\n"),
        ("0b", "k: 0b\n", "0b: v\n", "0b\n"),
        ("0x", "k: 0x\n", "0x: v\n", "0x\n"),
        ("inf", "k: inf\n", "inf: v\n", "inf\n"),
        ("nan", "k: nan\n", "nan: v\n", "nan\n"),
        ("Infinity", "k: Infinity\n", "Infinity: v\n", "Infinity\n"),
        ("", "k: \"\"\n", "\"\": v\n", "\"\"\n"),
        ("true", "k: \"true\"\n", "\"true\": v\n", "\"true\"\n"),
        ("True", "k: \"True\"\n", "\"True\": v\n", "\"True\"\n"),
        ("TRUE", "k: \"TRUE\"\n", "\"TRUE\": v\n", "\"TRUE\"\n"),
        ("false", "k: \"false\"\n", "\"false\": v\n", "\"false\"\n"),
        ("yes", "k: \"yes\"\n", "\"yes\": v\n", "\"yes\"\n"),
        ("Yes", "k: \"Yes\"\n", "\"Yes\": v\n", "\"Yes\"\n"),
        ("YES", "k: \"YES\"\n", "\"YES\": v\n", "\"YES\"\n"),
        ("no", "k: \"no\"\n", "\"no\": v\n", "\"no\"\n"),
        ("NO", "k: \"NO\"\n", "\"NO\": v\n", "\"NO\"\n"),
        ("y", "k: \"y\"\n", "\"y\": v\n", "\"y\"\n"),
        ("Y", "k: \"Y\"\n", "\"Y\": v\n", "\"Y\"\n"),
        ("n", "k: \"n\"\n", "\"n\": v\n", "\"n\"\n"),
        ("N", "k: \"N\"\n", "\"N\": v\n", "\"N\"\n"),
        ("on", "k: \"on\"\n", "\"on\": v\n", "\"on\"\n"),
        ("On", "k: \"On\"\n", "\"On\": v\n", "\"On\"\n"),
        ("off", "k: \"off\"\n", "\"off\": v\n", "\"off\"\n"),
        ("OFF", "k: \"OFF\"\n", "\"OFF\": v\n", "\"OFF\"\n"),
        ("null", "k: \"null\"\n", "\"null\": v\n", "\"null\"\n"),
        ("Null", "k: \"Null\"\n", "\"Null\": v\n", "\"Null\"\n"),
        ("NULL", "k: \"NULL\"\n", "\"NULL\": v\n", "\"NULL\"\n"),
        ("~", "k: \"~\"\n", "\"~\": v\n", "\"~\"\n"),
        ("0", "k: \"0\"\n", "\"0\": v\n", "\"0\"\n"),
        ("5", "k: \"5\"\n", "\"5\": v\n", "\"5\"\n"),
        ("-1", "k: \"-1\"\n", "\"-1\": v\n", "\"-1\"\n"),
        ("+1", "k: \"+1\"\n", "\"+1\": v\n", "\"+1\"\n"),
        ("01", "k: \"01\"\n", "\"01\": v\n", "\"01\"\n"),
        ("08", "k: \"08\"\n", "\"08\": v\n", "\"08\"\n"),
        ("0755", "k: \"0755\"\n", "\"0755\": v\n", "\"0755\"\n"),
        ("0o17", "k: \"0o17\"\n", "\"0o17\": v\n", "\"0o17\"\n"),
        ("0x1F", "k: \"0x1F\"\n", "\"0x1F\": v\n", "\"0x1F\"\n"),
        ("0X1f", "k: \"0X1f\"\n", "\"0X1f\": v\n", "\"0X1f\"\n"),
        ("0b101", "k: \"0b101\"\n", "\"0b101\": v\n", "\"0b101\"\n"),
        ("0b-101", "k: \"0b-101\"\n", "\"0b-101\": v\n", "\"0b-101\"\n"),
        ("-0b101", "k: \"-0b101\"\n", "\"-0b101\": v\n", "\"-0b101\"\n"),
        ("1_000", "k: \"1_000\"\n", "\"1_000\": v\n", "\"1_000\"\n"),
        ("1_", "k: \"1_\"\n", "\"1_\": v\n", "\"1_\"\n"),
        ("9223372036854775808", "k: \"9223372036854775808\"\n", "\"9223372036854775808\": v\n", "\"9223372036854775808\"\n"),
        ("18446744073709551616", "k: \"18446744073709551616\"\n", "\"18446744073709551616\": v\n", "\"18446744073709551616\"\n"),
        ("1e3", "k: \"1e3\"\n", "\"1e3\": v\n", "\"1e3\"\n"),
        ("1.", "k: \"1.\"\n", "\"1.\": v\n", "\"1.\"\n"),
        ("1.5", "k: \"1.5\"\n", "\"1.5\": v\n", "\"1.5\"\n"),
        ("+1.5", "k: \"+1.5\"\n", "\"+1.5\": v\n", "\"+1.5\"\n"),
        (".5", "k: \".5\"\n", "\".5\": v\n", "\".5\"\n"),
        ("-.5", "k: \"-.5\"\n", "\"-.5\": v\n", "\"-.5\"\n"),
        (".5_5", "k: \".5_5\"\n", "\".5_5\": v\n", "\".5_5\"\n"),
        ("1e-999", "k: \"1e-999\"\n", "\"1e-999\": v\n", "\"1e-999\"\n"),
        (".inf", "k: \".inf\"\n", "\".inf\": v\n", "\".inf\"\n"),
        ("-.Inf", "k: \"-.Inf\"\n", "\"-.Inf\": v\n", "\"-.Inf\"\n"),
        ("+.INF", "k: \"+.INF\"\n", "\"+.INF\": v\n", "\"+.INF\"\n"),
        (".nan", "k: \".nan\"\n", "\".nan\": v\n", "\".nan\"\n"),
        (".NaN", "k: \".NaN\"\n", "\".NaN\": v\n", "\".NaN\"\n"),
        ("1:20", "k: \"1:20\"\n", "\"1:20\": v\n", "\"1:20\"\n"),
        ("-1:20", "k: \"-1:20\"\n", "\"-1:20\": v\n", "\"-1:20\"\n"),
        ("+1:20:30.5", "k: \"+1:20:30.5\"\n", "\"+1:20:30.5\": v\n", "\"+1:20:30.5\"\n"),
        ("10:00:00", "k: \"10:00:00\"\n", "\"10:00:00\": v\n", "\"10:00:00\"\n"),
        ("2001-12-14", "k: \"2001-12-14\"\n", "\"2001-12-14\": v\n", "\"2001-12-14\"\n"),
        ("2001-1-1", "k: \"2001-1-1\"\n", "\"2001-1-1\": v\n", "\"2001-1-1\"\n"),
        ("2000-02-29", "k: \"2000-02-29\"\n", "\"2000-02-29\": v\n", "\"2000-02-29\"\n"),
        ("2001-12-14t21:59:43.10-05:00", "k: \"2001-12-14t21:59:43.10-05:00\"\n", "\"2001-12-14t21:59:43.10-05:00\": v\n", "\"2001-12-14t21:59:43.10-05:00\"\n"),
        ("2001-12-14T21:59:43Z", "k: \"2001-12-14T21:59:43Z\"\n", "\"2001-12-14T21:59:43Z\": v\n", "\"2001-12-14T21:59:43Z\"\n"),
        ("2001-12-14 21:59:43.10", "k: \"2001-12-14 21:59:43.10\"\n", "\"2001-12-14 21:59:43.10\": v\n", "\"2001-12-14 21:59:43.10\"\n"),
        ("2001-12-14  21:59:43", "k: \"2001-12-14  21:59:43\"\n", "\"2001-12-14  21:59:43\": v\n", "\"2001-12-14  21:59:43\"\n"),
        ("2001-12-14T21:59:43,5Z", "k: \"2001-12-14T21:59:43,5Z\"\n", "\"2001-12-14T21:59:43,5Z\": v\n", "\"2001-12-14T21:59:43,5Z\"\n"),
        ("[2001:db8::1]:6443", "k: '[2001:db8::1]:6443'\n", "'[2001:db8::1]:6443': v\n", "'[2001:db8::1]:6443'\n"),
        ("- a", "k: '- a'\n", "'- a': v\n", "'- a'\n"),
        ("-", "k: '-'\n", "'-': v\n", "'-'\n"),
        ("--", "k: --\n", "--: v\n", "--\n"),
        ("---", "k: '---'\n", "'---': v\n", "'---'\n"),
        ("--- a", "k: '--- a'\n", "'--- a': v\n", "'--- a'\n"),
        ("...", "k: '...'\n", "'...': v\n", "'...'\n"),
        ("? a", "k: '? a'\n", "'? a': v\n", "'? a'\n"),
        ("?", "k: '?'\n", "'?': v\n", "'?'\n"),
        (": a", "k: ': a'\n", "': a': v\n", "': a'\n"),
        (":", "k: ':'\n", "':': v\n", "':'\n"),
        ("a:", "k: 'a:'\n", "'a:': v\n", "'a:'\n"),
        ("a: b", "k: 'a: b'\n", "'a: b': v\n", "'a: b'\n"),
        ("a #b", "k: 'a #b'\n", "'a #b': v\n", "'a #b'\n"),
        ("#a", "k: '#a'\n", "'#a': v\n", "'#a'\n"),
        ("@a", "k: '@a'\n", "'@a': v\n", "'@a'\n"),
        ("`a", "k: '`a'\n", "'`a': v\n", "'`a'\n"),
        ("%a", "k: '%a'\n", "'%a': v\n", "'%a'\n"),
        ("!a", "k: '!a'\n", "'!a': v\n", "'!a'\n"),
        ("&a", "k: '&a'\n", "'&a': v\n", "'&a'\n"),
        ("*a", "k: '*a'\n", "'*a': v\n", "'*a'\n"),
        ("|", "k: '|'\n", "'|': v\n", "'|'\n"),
        (">", "k: '>'\n", "'>': v\n", "'>'\n"),
        ("'a", "k: '''a'\n", "'''a': v\n", "'''a'\n"),
        ("a'b", "k: a'b\n", "a'b: v\n", "a'b\n"),
        ("\"a", "k: '\"a'\n", "'\"a': v\n", "'\"a'\n"),
        ("[a]", "k: '[a]'\n", "'[a]': v\n", "'[a]'\n"),
        ("{a}", "k: '{a}'\n", "'{a}': v\n", "'{a}'\n"),
        (",a", "k: ',a'\n", "',a': v\n", "',a'\n"),
        (" a", "k: ' a'\n", "' a': v\n", "' a'\n"),
        ("a ", "k: 'a '\n", "'a ': v\n", "'a '\n"),
        (" ", "k: ' '\n", "' ': v\n", "' '\n"),
        ("  ", "k: '  '\n", "'  ': v\n", "'  '\n"),
        ("a\u{2028}b", "k: 'a\u{2028}  b'\n", "? 'a\u{2028}  b'\n: v\n", "'a\u{2028}  b'\n"),
        ("a\tb", "k: \"a\\tb\"\n", "\"a\\tb\": v\n", "\"a\\tb\"\n"),
        ("\ta", "k: \"\\ta\"\n", "\"\\ta\": v\n", "\"\\ta\"\n"),
        ("a\rb", "k: \"a\\rb\"\n", "? \"a\\rb\"\n: v\n", "\"a\\rb\"\n"),
        ("\u{0}", "k: \"\\0\"\n", "\"\\0\": v\n", "\"\\0\"\n"),
        ("a\u{7}b", "k: \"a\\ab\"\n", "\"a\\ab\": v\n", "\"a\\ab\"\n"),
        ("\u{1b}[0m", "k: \"\\e[0m\"\n", "\"\\e[0m\": v\n", "\"\\e[0m\"\n"),
        ("\u{7f}", "k: \"\\x7F\"\n", "\"\\x7F\": v\n", "\"\\x7F\"\n"),
        ("\u{80}", "k: \"\\x80\"\n", "\"\\x80\": v\n", "\"\\x80\"\n"),
        ("\u{85}", "k: \"\\N\"\n", "? \"\\N\"\n: v\n", "\"\\N\"\n"),
        ("\u{9f}", "k: \"\\x9F\"\n", "\"\\x9F\": v\n", "\"\\x9F\"\n"),
        ("\u{feff}", "k: \"\\uFEFF\"\n", "\"\\uFEFF\": v\n", "\"\\uFEFF\"\n"),
        ("\u{feff}ab", "k: \"\\uFEFF\\x61\\x62\"\n", "\"\\uFEFF\\x61\\x62\": v\n", "\"\\uFEFF\\x61\\x62\"\n"),
        ("a\u{feff}b", "k: \"a\\uFEFFb\"\n", "\"a\\uFEFFb\": v\n", "\"a\\uFEFFb\"\n"),
        ("\u{fffe}", "k: \"\\uFFFE\"\n", "\"\\uFFFE\": v\n", "\"\\uFFFE\"\n"),
        ("\u{1f600}", "k: \"\\U0001F600\"\n", "\"\\U0001F600\": v\n", "\"\\U0001F600\"\n"),
        ("a\u{1f600}b", "k: \"a\\U0001F600b\"\n", "\"a\\U0001F600b\": v\n", "\"a\\U0001F600b\"\n"),
        ("\u{10ffff}", "k: \"\\U0010FFFF\"\n", "\"\\U0010FFFF\": v\n", "\"\\U0010FFFF\"\n"),
        ("a\\b\"c", "k: a\\b\"c\n", "a\\b\"c: v\n", "a\\b\"c\n"),
        ("a \u{2028}b", "k: \"a \\Lb\"\n", "? \"a \\Lb\"\n: v\n", "\"a \\Lb\"\n"),
        ("\u{2028} a", "k: \"\\L a\"\n", "? \"\\L a\"\n: v\n", "\"\\L a\"\n"),
        ("a\nb", "k: |-\n  a\n  b\n", "? |-\n  a\n  b\n: v\n", "|-\n  a\n  b\n"),
        ("a\nb\n", "k: |\n  a\n  b\n", "? |\n  a\n  b\n: v\n", "|\n  a\n  b\n"),
        ("a\nb\n\n", "k: |+\n  a\n  b\n\n", "? |+\n  a\n  b\n\n: v\n", "|+\n  a\n  b\n\n"),
        ("\n", "k: |2+\n\n", "? |2+\n\n: v\n", "|2+\n\n"),
        ("\n\n", "k: |2+\n\n\n", "? |2+\n\n\n: v\n", "|2+\n\n\n"),
        ("a\n", "k: |\n  a\n", "? |\n  a\n: v\n", "|\n  a\n"),
        (" a\nb", "k: |2-\n   a\n  b\n", "? |2-\n   a\n  b\n: v\n", "|2-\n   a\n  b\n"),
        ("\na", "k: |2-\n\n  a\n", "? |2-\n\n  a\n: v\n", "|2-\n\n  a\n"),
        ("a\n b", "k: |-\n  a\n   b\n", "? |-\n  a\n   b\n: v\n", "|-\n  a\n   b\n"),
        ("a\n\nb", "k: |-\n  a\n\n  b\n", "? |-\n  a\n\n  b\n: v\n", "|-\n  a\n\n  b\n"),
        ("a \nb", "k: \"a \\nb\"\n", "? \"a \\nb\"\n: v\n", "\"a \\nb\"\n"),
        ("a\nb ", "k: \"a\\nb \"\n", "? \"a\\nb \"\n: v\n", "\"a\\nb \"\n"),
        ("a\tb\nc", "k: \"a\\tb\\nc\"\n", "? \"a\\tb\\nc\"\n: v\n", "\"a\\tb\\nc\"\n"),
        ("a\u{2028}b\nc", "k: |-\n  a\u{2028}  b\n  c\n", "? |-\n  a\u{2028}  b\n  c\n: v\n", "|-\n  a\u{2028}  b\n  c\n"),
        ("\u{feff}\nb", "k: \"\\uFEFF\\n\\x62\"\n", "? \"\\uFEFF\\n\\x62\"\n: v\n", "\"\\uFEFF\\n\\x62\"\n"),
        ("true\n", "k: |\n  true\n", "? |\n  true\n: v\n", "|\n  true\n"),
        ("#x\n- y\n", "k: |\n  #x\n  - y\n", "? |\n  #x\n  - y\n: v\n", "|\n  #x\n  - y\n"),
    ];

#[test]
fn scalar_styles_match_go() {
    for &(input, as_value, as_key, as_doc) in SCALARS {
        assert_eq!(y(json!({ "k": input })), as_value, "value {input:?}");
        assert_eq!(y(json!({ input: "v" })), as_key, "key {input:?}");
        assert_eq!(y(json!(input)), as_doc, "document {input:?}");
    }
}

#[test]
fn scalar_style_classes() {
    // plain
    assert_eq!(y(json!("host")), "host\n");
    assert_eq!(y(json!({"host": "2001:db8::1"})), "host: 2001:db8::1\n");
    // double-quoted because a plain scalar would not read back as a string
    assert_eq!(
        y(json!({"a": "true", "b": "5", "c": "", "d": "1:20"})),
        "a: \"true\"\nb: \"5\"\nc: \"\"\nd: \"1:20\"\n"
    );
    // single-quoted because plain is not allowed; quotes doubled
    assert_eq!(
        y(json!({"a": "[::1]:6443", "b": "'x'"})),
        "a: '[::1]:6443'\nb: '''x'''\n"
    );
    // double-quoted because of characters that need escapes
    assert_eq!(
        y(json!({"a": "x\ty", "b": "\u{1F600}"})),
        "a: \"x\\ty\"\nb: \"\\U0001F600\"\n"
    );
    // literal block for newlines
    assert_eq!(y(json!({"a": "x\ny"})), "a: |-\n  x\n  y\n");
    // null, booleans
    assert_eq!(
        y(json!({"a": null, "b": true, "c": false})),
        "a: null\nb: true\nc: false\n"
    );
}

#[test]
fn numbers_match_go() {
    let v = json!({
        "i": 5, "n": -7, "u": 18_446_744_073_709_551_615_u64, "f": 1.5, "g": 1.0, "h": 1e6,
        "j": 1e21, "k": 1.5e-7, "l": 0.0001, "m": 123_456.789, "t": true, "z": false, "o": -0.0
    });
    let expected = r#"f: 1.5
g: 1
h: 1e+06
i: 5
j: 1e+21
k: 1.5e-07
l: 0.0001
m: 123456.789
"n": -7
o: -0
t: true
u: 18446744073709551615
z: false
"#;
    assert_eq!(y(v), expected);
    assert_eq!(go_format_float(f64::NAN), ".nan");
    assert_eq!(go_format_float(f64::INFINITY), ".inf");
    assert_eq!(go_format_float(f64::NEG_INFINITY), "-.inf");
    assert_eq!(go_format_float(123_456_789.0), "1.23456789e+08");
    assert_eq!(go_format_float(100_000.0), "100000");
    assert_eq!(go_format_float(0.000_012_34), "1.234e-05");
    assert_eq!(go_format_float(5e-324), "5e-324");
    assert_eq!(
        go_format_float(1.797_693_134_862_315_7e308),
        "1.7976931348623157e+308"
    );
    assert_eq!(y(json!(i64::MIN)), "-9223372036854775808\n");
    // Exact ties between two shortest candidates go to the even digit, as
    // in Go's Ryu (Rust's own formatting rounds them up).
    assert_eq!(
        go_format_float(-(1_575_350_604_463_897.0 + 0.25)),
        "-1.5753506044638972e+15"
    );
    assert_eq!(
        go_format_float(2_181_505_130_186_063.0 + 0.25),
        "2.1815051301860632e+15"
    );
    assert_eq!(
        go_format_float(665_670_454_349_987.0 + 0.25),
        "6.656704543499872e+14"
    );
}

/// Key sets in the order Go's JSONToYAML writes them.
    #[rustfmt::skip]
    const KEY_ORDERS: &[&[&str]] = &[
        &["-", "_", "_a", "0", "1", "A", "B", "a", "a-b", "a.b", "a/b", "a_b", "a0", "aB", "ab", "b"],
        &["a1", "a2", "a9", "a10", "a20", "a100", "b1"],
        &["a1", "a01"],
        &["a01", "a001"],
        &["a10", "a010"],
        &["a0", "a00"],
        &["1", "01", "001"],
        &["x1y2", "x1y10", "x2y1", "x9y9"],
        &["args", "command", "env", "image", "imagePullPolicy", "livenessProbe", "name", "ports", "readinessProbe", "resources", "securityContext", "startupProbe", "volumeMounts"],
        &["+1", "-1", "~", "1", "2", "10", "Z", "a", "z", "\u{e4}", "\u{e9}", "\u{e9}1", "\u{e9}2", "\u{e9}10", "\u{4e2d}"],
        &["apiVersion", "kind", "metadata", "spec", "status"],
        &["v1.1", "v1.9", "v1.9.10", "v1.10", "v1.10.1"],
        &["component", "k8s.io/A", "k8s.io/a", "kubeadm.kubernetes.io/etcd.advertise-client-urls", "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint", "tier"],
    ];

#[test]
fn key_order_matches_go() {
    for &expected in KEY_ORDERS {
        // Insert in reverse so the input order is never the answer.
        let mut map = Map::new();
        for (i, k) in expected.iter().enumerate().rev() {
            map.insert((*k).to_owned(), json!(i));
        }
        let got: Vec<&str> = sorted_entries(&map)
            .into_iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(got, expected);
        for pair in expected.windows(2) {
            assert_eq!(
                go_yaml_key_cmp(pair[0], pair[1]),
                Ordering::Less,
                "{pair:?}"
            );
            assert_eq!(
                go_yaml_key_cmp(pair[1], pair[0]),
                Ordering::Greater,
                "{pair:?}"
            );
        }
    }
}

#[test]
fn key_cmp_edge_cases() {
    use Ordering::{Equal, Greater, Less};
    assert_eq!(go_yaml_key_cmp("a", "a"), Equal);
    assert_eq!(go_yaml_key_cmp("", "a"), Less);
    assert_eq!(go_yaml_key_cmp("a", "a-b"), Less); // prefix first
    assert_eq!(go_yaml_key_cmp("a-b", "a_b"), Less); // non-letters by code point
    assert_eq!(go_yaml_key_cmp("a9", "a10"), Less); // digit runs numerically
    assert_eq!(go_yaml_key_cmp("a10", "a010"), Less); // equal numbers: shorter run first
    assert_eq!(go_yaml_key_cmp("B", "a"), Less); // letters by code point: upper first
    assert_eq!(go_yaml_key_cmp("_", "a"), Less); // non-letter before letter
    assert_eq!(go_yaml_key_cmp("zz", "_"), Greater);
    assert_eq!(go_yaml_key_cmp("1", "a"), Less);
    assert_eq!(go_yaml_key_cmp("image", "imagePullPolicy"), Less);
    // A zero continuing a non-zero number counts as part of it.
    assert_eq!(go_yaml_key_cmp("a10", "a1a"), Less);
    // Non-ASCII digits (Nd) are digit runs too; letters beat them.
    assert_eq!(go_yaml_key_cmp("a\u{663}", "ab"), Less);
    assert!(is_digit('\u{663}') && is_digit('\u{1D7CE}') && is_digit('\u{1D7FF}'));
    assert!(!is_digit('\u{B2}') && !is_digit('\u{2160}') && !is_digit('a'));
    assert!(is_letter('\u{E9}') && is_letter('\u{4E2D}') && !is_letter('\u{2160}'));
}

/// go-yaml's keyList.Less is not transitive: a10 < a20 < a2b < a10. Go's
/// own output for such a map depends on its random map iteration order;
/// ours must merely be deterministic, complete and panic-free.
#[test]
fn non_transitive_keys_do_not_panic() {
    assert_eq!(go_yaml_key_cmp("a10", "a20"), Ordering::Less);
    assert_eq!(go_yaml_key_cmp("a20", "a2b"), Ordering::Less);
    assert_eq!(go_yaml_key_cmp("a2b", "a10"), Ordering::Less);
    let v = json!({"a10": 1, "a20": 2, "a2b": 3, "x1y2": 4, "x10y1": 5, "x9y9": 6});
    let out = y(v.clone());
    assert_eq!(out, y(v));
    assert_eq!(out.lines().count(), 6);
}

/// Folding at best_width 80 (go-yaml v2.4.0 emitterc.go, allow_breaks):
/// at a space, if the previous character was not a space, the column is
/// already past 80 and the next character is not a space, the writer
/// emits a line break plus the scalar's indentation instead of the space.
#[test]
fn plain_scalar_folds_past_column_80() {
    let words: Vec<String> = (0..40).map(|i| format!("word{i:02}")).collect();
    let words = words.join(" ");
    // "description: " ends at column 13 and word k ends at column
    // 19 + 7k, so the first space seen past column 80 is the one after
    // word09 (column 82). Continuation lines are indented by the scalar's
    // indent, 2 under a top-level key: word j of a line ends at column
    // 8 + 7j, past 80 first for j = 11 (column 85), so 12 words per line.
    let expected = r#"description: word00 word01 word02 word03 word04 word05 word06 word07 word08 word09
  word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21
  word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33
  word34 word35 word36 word37 word38 word39
"#;
    assert_eq!(y(json!({ "description": words })), expected);
    // Under spec.containers[0].args the items are at column 4 and the
    // scalar indent is 6: "    - " ends at column 6, word k at 12 + 7k,
    // first > 80 at k = 10 (column 82); then 6 + 6 + 7j > 80 at j = 10.
    let expected = r#"spec:
  containers:
  - args:
    - word00 word01 word02 word03 word04 word05 word06 word07 word08 word09 word10
      word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21
      word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32
      word33 word34 word35 word36 word37 word38 word39
    name: x
"#;
    assert_eq!(
        y(json!({"spec": {"containers": [{"args": [words], "name": "x"}]}})),
        expected
    );
    // A fold never happens inside a run of spaces: the space after the
    // 8th word is at column 82 but is followed by another space, and the
    // next spaces are not the first of their run.
    let runs = format!("{}   bbbbbbb ccccccc", "aaaaaaaaa ".repeat(8));
    let expected = r#"k: aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa    bbbbbbb
  ccccccc
"#;
    assert_eq!(y(json!({ "k": runs })), expected);
}

#[test]
fn quoted_scalars_fold_past_column_80() {
    let words: Vec<String> = (0..40).map(|i| format!("word{i:02}")).collect();
    let words = words.join(" ");
    // Single-quoted: same rule, continuation at the scalar indent.
    let expected = r#"k: '@word00 word01 word02 word03 word04 word05 word06 word07 word08 word09 word10
  word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22
  word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34
  word35 word36 word37 word38 word39'
"#;
    assert_eq!(y(json!({ "k": format!("@{words}") })), expected);
    // Double-quoted: "k: \"\t" ends at column 6, the x run at 80, " y"
    // is written (column 80 is not past 80) and the first space of "  z"
    // is at column 82: it becomes a line break, and because the next
    // character is a space the continuation line starts with "\" so that
    // the space survives reading.
    let double = format!("\t{} y  z {words}", "x".repeat(74));
    let expected = r#"k: "\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y
  \ z word00 word01 word02 word03 word04 word05 word06 word07 word08 word09 word10
  word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22
  word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34
  word35 word36 word37 word38 word39"
"#;
    assert_eq!(y(json!({ "k": double })), expected);
}

#[test]
fn long_and_multiline_keys() {
    // Keys up to 128 bytes are simple keys and never fold.
    let simple = format!("{} ", "k".repeat(60)).repeat(2);
    let expected = r#"'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk ': v
"#;
    assert_eq!(y(json!({ simple: "v" })), expected);
    // Longer keys are written as "? key" / ": value" and may fold.
    let complex = format!("{} ", "k".repeat(40)).repeat(4);
    let expected = r#"? 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk
  kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk '
: a: 1
"#;
    assert_eq!(y(json!({ complex: {"a": 1} })), expected);
    // Multi-line keys are complex keys in literal style.
    let expected = r#"? |
  a
: - x
? |-
  a
  b
: v
"#;
    assert_eq!(y(json!({"a\nb": "v", "a\n": ["x"]})), expected);
    // 128 bytes of two-byte characters is still a simple key; 130 is not.
    assert!(y(json!({ "\u{e9}".repeat(64): 1 })).starts_with('\u{e9}'));
    assert!(y(json!({ "\u{e9}".repeat(65): 1 })).starts_with("? "));
}

#[test]
fn literal_block_scalars() {
    let expected = r#"a:
  b:
  - |
    line one
    line two

      indented
  - |
    x
"#;
    let v = json!({"a": {"b": ["line one\nline two\n\n  indented\n", "x\n"]}});
    assert_eq!(y(v), expected);
    // chomping: strip, clip, keep; indentation indicator for a leading
    // space or break
    assert_eq!(y(json!({"k": "a\nb"})), "k: |-\n  a\n  b\n");
    assert_eq!(y(json!({"k": "a\nb\n"})), "k: |\n  a\n  b\n");
    assert_eq!(y(json!({"k": "a\nb\n\n"})), "k: |+\n  a\n  b\n\n");
    assert_eq!(y(json!({"k": " a\nb"})), "k: |2-\n   a\n  b\n");
    assert_eq!(y(json!({"k": "\n"})), "k: |2+\n\n");
    assert_eq!(y(json!("a\n")), "|\n  a\n");
    // not allowed in block style: space before a break, trailing space,
    // non-printable characters
    assert_eq!(y(json!({"k": "a \nb"})), "k: \"a \\nb\"\n");
    assert_eq!(y(json!({"k": "a\nb "})), "k: \"a\\nb \"\n");
    assert_eq!(y(json!({"k": "a\tb\nc"})), "k: \"a\\tb\\nc\"\n");
}

#[test]
fn nested_and_empty_collections() {
    let v = json!({
        "a": [], "b": {}, "c": [[], {}, [[1, 2], []], {"d": []}],
        "e": [{"f": 1, "g": [{"h": null}]}], "i": null
    });
    let expected = r#"a: []
b: {}
c:
- []
- {}
- - - 1
    - 2
  - []
- d: []
e:
- f: 1
  g:
  - h: null
i: null
"#;
    assert_eq!(y(v), expected);
    let expected = r#"- - 1
  - - 2
    - a: b
- {}
- []
- s
"#;
    assert_eq!(y(json!([[1, [2, {"a": "b"}]], {}, [], "s"])), expected);
    assert_eq!(y(json!({})), "{}\n");
    assert_eq!(y(json!([])), "[]\n");
    assert_eq!(y(json!(null)), "null\n");
    assert_eq!(y(json!(7)), "7\n");
    assert_eq!(y(json!({"status": {}})), "status: {}\n");
}

#[test]
fn resolver_details() {
    for s in [
        "0x1F", "0o17", "0b101", "0b-1", "-0b101", "0755", "08", "1_000", "1__", "+1", "1e3", ".5",
        "1:20",
    ] {
        assert!(!resolves_to_str(s) || is_base60_float(s), "{s}");
    }
    for s in [
        "0x",
        "0b",
        "1e999",
        "._5",
        ".5_",
        "2001:db8::1",
        "1.5.5",
        "<<",
        "tRUE",
    ] {
        assert!(resolves_to_str(s) && !is_base60_float(s), "{s}");
    }
    assert!(parse_timestamp("2001-12-14"));
    assert!(parse_timestamp("2000-02-29"));
    assert!(!parse_timestamp("1900-02-29"));
    assert!(parse_timestamp("2001-12-14t21:59:43.10-05:00"));
    assert!(parse_timestamp("2001-12-14 21:59:43.10"));
    assert!(!parse_timestamp("2001-12-14 21:59:43.10Z"));
    assert!(!parse_timestamp("2001-12-14T21:59:43"));
    assert!(!parse_timestamp("2001-12-14T24:00:00Z"));
    assert!(!parse_timestamp("2001-12-14T21:59:43+25:00"));
    assert!(parse_timestamp("2001-12-14T21:59:43.1234567891Z"));
}

/// Keys a proptest may use: letters, digits and a few punctuation marks.
fn key_strategy() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9_./-]{1,6}"
}

/// Non-empty nested mappings whose leaves are small integers.
fn nested_maps() -> impl Strategy<Value = Value> {
    let leaf = (0u32..100).prop_map(|n| json!(n));
    let tree = leaf.prop_recursive(4, 64, 8, |inner| {
        prop::collection::btree_map(key_strategy(), inner, 0..8)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
    });
    prop::collection::btree_map(key_strategy(), tree, 1..8)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

/// Any JSON value, with arbitrary strings.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        any::<String>().prop_map(Value::String),
        "[ a-z:#'\"\n\t-]{0,120}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Reads back the key structure of `to_yaml` output for nested mappings
/// with integer leaves: each key line is "<2*depth spaces><key>:" plus
/// " <int>" or " {}". Returns, per mapping in document order, its keys.
fn sibling_key_lists(yaml: &str) -> Vec<Vec<String>> {
    let mut done = Vec::new();
    let mut stack: Vec<Vec<String>> = vec![Vec::new()];
    for line in yaml.lines() {
        let depth = (line.len() - line.trim_start().len()) / 2;
        while stack.len() > depth + 1 {
            done.extend(stack.pop());
        }
        let body = line.trim_start();
        let key = match body.rfind(": ") {
            Some(i) => &body[..i],
            None => body.trim_end_matches(':'),
        };
        let key = key
            .strip_prefix('"')
            .and_then(|k| k.strip_suffix('"'))
            .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
            .unwrap_or(key);
        if let Some(top) = stack.last_mut() {
            top.push(key.to_owned());
        }
        if !body.contains(": ") {
            stack.push(Vec::new());
        }
    }
    done.extend(stack.into_iter().rev());
    done
}

fn all_key_lists(v: &Value, out: &mut Vec<Vec<String>>) {
    if let Value::Object(m) = v {
        if !m.is_empty() {
            out.push(m.keys().cloned().collect());
        }
        for child in m.values() {
            all_key_lists(child, out);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn mapping_keys_come_out_in_go_yaml_order(v in nested_maps()) {
        let out = to_yaml(&v);
        prop_assert!(out.ends_with('\n') && !out.ends_with("\n\n"));
        let mut seen = sibling_key_lists(&out);
        for keys in &seen {
            for pair in keys.windows(2) {
                prop_assert_ne!(go_yaml_key_cmp(&pair[0], &pair[1]), Ordering::Greater, "{:?}", pair);
            }
        }
        // Same keys as the input, level by level (compared as sorted sets).
        let mut expected = Vec::new();
        all_key_lists(&v, &mut expected);
        for list in seen.iter_mut().chain(expected.iter_mut()) {
            list.sort();
        }
        seen.retain(|l| !l.is_empty());
        seen.sort();
        expected.sort();
        prop_assert_eq!(seen, expected);
    }

    #[test]
    fn output_is_stable(v in any_value()) {
        let out = to_yaml(&v);
        prop_assert_eq!(&out, &to_yaml(&v.clone()));
        prop_assert!(out.ends_with('\n'));
        prop_assert!(!out.starts_with("---"));
        // Insertion order does not matter, even with serde_json's
        // preserve_order feature.
        if let Value::Object(m) = &v {
            let reversed: Map<String, Value> =
                m.iter().rev().map(|(k, v)| (k.clone(), v.clone())).collect();
            prop_assert_eq!(&out, &to_yaml(&Value::Object(reversed)));
        }
    }

    #[test]
    fn key_cmp_is_antisymmetric(a in any::<String>(), b in any::<String>()) {
        prop_assert_eq!(go_yaml_key_cmp(&a, &b), go_yaml_key_cmp(&b, &a).reverse());
        prop_assert_eq!(go_yaml_key_cmp(&a, &b) == Ordering::Equal, a == b);
    }

    #[test]
    fn no_line_is_folded_before_column_80(words in prop::collection::vec("x[a-z]{0,11}", 1..60)) {
        // Words start with "x" so that no single word is a YAML 1.1
        // bool/null ("n", "y", "on", ...), which go-yaml quotes (CI
        // found "n"; `scalar_styles_match_go` covers those).
        let text = words.join(" ");
        let out = to_yaml(&json!({ "k": text.clone() }));
        let lines: Vec<&str> = out.lines().collect();
        for line in &lines[..lines.len().saturating_sub(1)] {
            prop_assert!(line.chars().count() > 80, "{:?}", line);
        }
        let rejoined: Vec<&str> = lines.iter().map(|l| l.trim_start()).collect();
        prop_assert_eq!(rejoined.join(" "), format!("k: {text}"));
    }
}
