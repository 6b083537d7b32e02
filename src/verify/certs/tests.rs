//! Certificate checks on a generated PKI tree (rcgen), one finding class per test.

use super::validity::fmt_date;
use super::*;
use crate::verify::finding::Severity;
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer,
    KeyPair,
};
use std::time::Duration;
use std::time::UNIX_EPOCH;

/// RSA-2048, PKCS#8 (`openssl genpkey`): the cluster CA key.
const RSA_A_PKCS8: &str = r"-----BEGIN PRIVATE KEY-----
MIIEvwIBADANBgkqhkiG9w0BAQEFAASCBKkwggSlAgEAAoIBAQCzT0usQq4b1nwr
FTyAhJ4aoG1egK2/UUYOVdnTFcVDbha0U9vIjl1HjzPF8q3uv1ZCNy/YIktYTj9n
vqYXqeMBNvFgQX0ZQpPmMvG4NeBs11qMkEM8ECK7ErawK1ryP1aHnER9by6iSY/w
P6+a31ECiWGEQJLIy7Lk1fgxmPH3d0xkB1l6zW5I2w3lHeM2uN/ypIubOpjnLNjK
TLcRYgRUuCN7be/pNae91MqBGkgNZVCXtwn10WV3giZKSm+2bDk27bCLhUm0P9Ai
3OqMZvVExwEvCLRt9XXnL6+gS4aOC5h0OkAiUFuH7xN1sF/FhzCEfHSlokwH0J2W
YFhOP+pfAgMBAAECggEAAJm946RPh/lWbiCClN2c1/L8msnsiwz/IpIoChxzDjBC
tDTpsgjECDbTEhEngvqyE8OyjdNDlFaiwLqzPLYNdBYWhd+CR0DhVO6Lv7WyfDrW
a00aZIubSiwcX4etpM0QgaDE2/Sw38tGR6Q29tpTn6INKQ+8Th7ciQasb6IXAWCr
98koUk7HXvLbH///226jBrh3rtS9VYjU06fEUWi4FhNN95fkx3y6oL1es7apBJbu
2oPZaYubFCYIvwmx+UaQsEgUpu6SpQR5E1iGHVFtT9DwQJdusDBLm3iK1tfQzNLi
hjaf/L8WoW6t+Z2705K8n8TCR0dE14MZKKIqd9ZNWQKBgQDuoO5OVvuvhMiUTRD3
B6qIMjXY5rKr/rBYf5461WIf3h17edLUTexhhbtF4VbG047CaGm+jG/nXFisFstr
xYOlKcQh6as4CsR6L2cz2Qd2BtE/gYqcOg4xdK2h2yYrGhbnHy/snDayfAFsLu1/
ow1pOftpQGvWWG3aRRX+BL5/VwKBgQDAXObEnr7gUq2BV8JyYvZ7fWDQrjTtK/Ag
FqwvDeNS6sbs77DVL2UhhH54R96kgZ85Gz0NI2HuWy0ZULi7qk2A/IUwJfaNxCtW
KZOAEcs6JcJcLPxPddFYi/3m1UsYOpeRJQxsv75ADnt3HR1UZ8vFiQlx/DESORPW
38gxdqzwOQKBgQC19jWBu0ZUgtZIb7O+CzR4goEZEmGwUZe7BCVuC4S1dDPbEfw4
M+tKOiWhlcEMAApeKCxqRsCWFY7wOrmHRqep6/1JNtt+8ob7/OWfXaEY2P36hRdj
Jcno4GX+hBPIzi4ks11h+YSj+XdEPUyRBY6WbMZPbfZNDkVGKWQpvQheJQKBgQC7
U30TKng9IaZ/V8Qu+nqHxZAbiBpYgLpFtW6WIBMo8yMnJz/wS0hTvKAgZ/TEBMrW
pNTuT2+V28puZbKQZoc1PjRBsCaK5edB8BkI1csv5AeDFffbNaPZc/Kc8UdA4AYr
vYV8/bi6zp+jXoHqaW4B/rJpAyuSUG0miiR9LtG42QKBgQCAL27t1YTVVNfV8iv8
k/8RxNAyseDeSUMnKHxwjJCreyE98Wi46GDkwpHdckJqThS/ewrxnnu0UtoNeUtO
yYHs8dRB9oZFSvPxD4BhhfafXr3nVeg5ELm3PeMLjWZcgPfog5duTzIZXhum5YDP
XhAxpJDqCV43ZRAbg0MX57sHIQ==
-----END PRIVATE KEY-----";
/// RSA-2048, PKCS#1 (`openssl rsa -traditional`): sa.key.
const RSA_B_PKCS1: &str = r"-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEAvFZuyUcdb6GVGn/QcJyFaAkyXvIQvyIQ/2m8DQkVXFjwC1a8
PCIIE6yDxo5jkF3TUURZvPdETA4oFV2IRcysbKXwwj1mnZNufMCanht7qEd6rY8I
BDBPsghYAnrqTQ5aWoDYK53w/qW8CcIG4OjBGTGkVsunI8QgS0DKnx03xndLzi/O
x2R0YIL1KE9CMQ+cZv4YRQnBv7cYBl1htW1TG3kukZRoxxCCZlKEbLPhxI4/MpRy
CicsQ6E//OCBrBuXCt7x6GjQEmsNqaD/CtPZ49iyrz/+f5tJdHeR+9wf0PFa1ill
DjXJ70ltif4bR1/CYKLxoNYDBKviFCURD6CKgwIDAQABAoIBABqgtnF9vP3bS2X0
5pGtXOKR06Mp4qVAr0Tf/FGe1FF7VOuoJofyoHq2RuahRha+CpJbBrxZUg4raDkR
Fs3A5itG+4xdkFm8uP/UCWhLkXGq3X+Wu+GVD7Inoi3Y7AcwqCSol9JJi9kCXLId
J8olDlFou91Lq4S6hihYRO2MfNDHL0OVM0F4fQ5qu1oN/4FMVENTi2QNprpo2MXT
0SEtn2PkE4mDErwsK4UFzdcZEhjxlHZMe4uCKGt1yP1cJ21h5vU1NhS9XMlnIyQY
Nn/djcy7w2eHakKD0h2fvbMwBLLAh6OEbRU9x22GhDMKmcILiA/v9lDFl4ycUBcR
ul1YnJUCgYEA50Tl7ACM5T20aS/yHBblzecEVe/NUIobRPIvAUmqcIXiFGcp3ZCB
PN4VNSLb0k/4Z7E2YqRdiQJrQyMNA4DAjqRYjG3i4Wfc1dT/5eKqnnY7cxxjjxAL
FmRI7h0O4esmIJ9oi2arIyc3vmL1s7jjp4/BFPMUQG4bg6kTmsu1ny8CgYEA0HpD
rbPWDqccdxbJb8dnB4n8rVeGA3CuQu1ywz9wOUNu/g0ma1BgW5/9r3J4KVVm25V5
I+l0TglMl/1NNy+5wH6cvWJfd97j8XIKm8SVENXv8guCj7eGFqYhRwbwkoskuAAA
VAjMHeumwGQXrLvpYsePxpVYW7CZKbTfjZmblO0CgYEAz0mE36x6nPpamzFbS2wG
nDAlRbWDjF3NJVYBZaEWgHav9eOlta7Q97KCxbax2ubM2nwPKAj0wVoGtA1Vm78q
WG/b4jqX8br7SDn7B5zLmu6USI+4eMFDftVyPOKUtU/kQ7c9qDzkxcRgBWiDm4vr
mQOTZ2iczUcjqDXCmate5gcCgYEAihL/8fJyah/5tVHtNc/+B7s3E2MtSef+Mitr
X68LV5G22CHDeT2xo91xuhp5RP7f8bysj8FVmz2DcgJ8enlsb/YrPy8BBbYkh8u9
BO+MvqrCkS9YWHD3KNb8oTsSaCwptIejsARnk8V4GmHwYCHQb/C145MUAx4SQtId
YX4D0f0CgYA5zB8HndRWdtjnnIk9tqijnpqd42Wgs+js3pdfwh9UvJuVBaE6jIev
xxgaO/tEuks4gnEyrf9t9WlllBxRgNajyiC6oHzzhtbhHBN6cy/mDE68WjFQMecj
t3naG3sqfdCYbACwN/furUQi7o8BVeUORJBKjFeBerYF/qnX0UuQdQ==
-----END RSA PRIVATE KEY-----";
/// Public half of RSA_B (`openssl rsa -pubout`): sa.pub.
const RSA_B_PUB: &str = r"-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvFZuyUcdb6GVGn/QcJyF
aAkyXvIQvyIQ/2m8DQkVXFjwC1a8PCIIE6yDxo5jkF3TUURZvPdETA4oFV2IRcys
bKXwwj1mnZNufMCanht7qEd6rY8IBDBPsghYAnrqTQ5aWoDYK53w/qW8CcIG4OjB
GTGkVsunI8QgS0DKnx03xndLzi/Ox2R0YIL1KE9CMQ+cZv4YRQnBv7cYBl1htW1T
G3kukZRoxxCCZlKEbLPhxI4/MpRyCicsQ6E//OCBrBuXCt7x6GjQEmsNqaD/CtPZ
49iyrz/+f5tJdHeR+9wf0PFa1illDjXJ70ltif4bR1/CYKLxoNYDBKviFCURD6CK
gwIDAQAB
-----END PUBLIC KEY-----";

/// 2025-01-01T00:00:00Z
fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_735_689_600)
}

type Ymd = (i32, u8, u8);
const NB: Ymd = (2024, 1, 1);
const NA: Ymd = (2026, 1, 1);

fn params(cn: &str, nb: Ymd, na: Ymd, ca: bool) -> CertificateParams {
    let mut p = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, cn);
    p.distinguished_name = dn;
    p.not_before = date_time_ymd(nb.0, nb.1, nb.2);
    p.not_after = date_time_ymd(na.0, na.1, na.2);
    if ca {
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    }
    p
}

struct Ca {
    issuer: Issuer<'static, KeyPair>,
    cert_pem: String,
    key_pem: String,
}

fn new_ca(cn: &str, key: KeyPair) -> Ca {
    let p = params(cn, (2020, 1, 1), (2035, 1, 1), true);
    let cert_pem = p.self_signed(&key).expect("self-sign").pem();
    let key_pem = key.serialize_pem();
    Ca {
        issuer: Issuer::new(p, key),
        cert_pem,
        key_pem,
    }
}

fn leaf(cn: &str, key: &KeyPair, ca: &Ca, nb: Ymd, na: Ymd) -> String {
    params(cn, nb, na, false)
        .signed_by(key, &ca.issuer)
        .expect("sign")
        .pem()
}

fn b64(data: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(data)
}

fn pem(label: &str, der: &[u8]) -> String {
    let body: Vec<String> = b64(der)
        .as_bytes()
        .chunks(64)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        body.join("\n")
    )
}

/// ECDSA key as SEC1 `EC PRIVATE KEY` (what kubeadm writes for ECDSA), via the PKCS#8 inner key.
fn sec1_pem(key: &KeyPair) -> String {
    let der = key.serialize_der();
    let info = pkcs8::PrivateKeyInfoRef::try_from(der.as_slice()).unwrap();
    pem("EC PRIVATE KEY", info.private_key.as_bytes())
}

fn ec() -> KeyPair {
    KeyPair::generate().unwrap()
}

struct Node {
    dir: tempfile::TempDir,
}

impl Node {
    fn write(&self, node_path: &str, content: &str) {
        let p = self.dir.path().join(node_path.trim_start_matches('/'));
        fs_err::create_dir_all(p.parent().unwrap()).unwrap();
        fs_err::write(p, content).unwrap();
    }
    fn remove(&self, node_path: &str) {
        fs_err::remove_file(self.dir.path().join(node_path.trim_start_matches('/'))).unwrap();
    }
    fn check(&self, components: &[(String, Vec<String>)]) -> Vec<Finding> {
        check(self.dir.path(), components, now())
    }
}

const PKI: &str = "/etc/kubernetes/pki";

struct Tree {
    node: Node,
    ca: Ca,
    etcd_ca: Ca,
    front_proxy_ca: Ca,
}

/// A kubeadm-like pki tree: RSA cluster CA (PKCS#8), ECDSA everything else, mixing SEC1
/// and PKCS#8 key encodings; RSA PKCS#1 sa.key with an SPKI sa.pub.
fn tree() -> Tree {
    let node = Node {
        dir: tempfile::tempdir().unwrap(),
    };
    let ca = new_ca("kubernetes", KeyPair::from_pem(RSA_A_PKCS8).unwrap());
    let etcd_ca = new_ca("etcd-ca", ec());
    let front_proxy_ca = new_ca("front-proxy-ca", ec());
    let w = |p: &str, c: &str| node.write(&format!("{PKI}/{p}"), c);
    w("ca.crt", &ca.cert_pem);
    w("ca.key", &ca.key_pem);
    w("etcd/ca.crt", &etcd_ca.cert_pem);
    w("etcd/ca.key", &etcd_ca.key_pem);
    w("front-proxy-ca.crt", &front_proxy_ca.cert_pem);
    w("front-proxy-ca.key", &front_proxy_ca.key_pem);
    for (name, issuer, sec1) in [
        ("apiserver", &ca, true),
        ("apiserver-kubelet-client", &ca, false),
        ("apiserver-etcd-client", &etcd_ca, true),
        ("etcd/server", &etcd_ca, true),
        ("etcd/peer", &etcd_ca, false),
        ("front-proxy-client", &front_proxy_ca, false),
    ] {
        let key = ec();
        w(&format!("{name}.crt"), &leaf(name, &key, issuer, NB, NA));
        let key_pem = if sec1 {
            sec1_pem(&key)
        } else {
            key.serialize_pem()
        };
        w(&format!("{name}.key"), &key_pem);
    }
    w("sa.key", RSA_B_PKCS1);
    w("sa.pub", RSA_B_PUB);
    Tree {
        node,
        ca,
        etcd_ca,
        front_proxy_ca,
    }
}

fn cmd(name: &str, flags: &[(&str, &str)]) -> (String, Vec<String>) {
    let mut c = vec![name.to_string()];
    c.extend(flags.iter().map(|(f, v)| format!("--{f}={v}")));
    (name.to_string(), c)
}

fn p(rel: &str) -> String {
    format!("{PKI}/{rel}")
}

/// The flags kubeadm writes.
fn components() -> Vec<(String, Vec<String>)> {
    vec![
        cmd(
            "kube-apiserver",
            &[
                ("advertise-address", "10.0.0.1"),
                ("allow-privileged", "true"),
                ("client-ca-file", &p("ca.crt")),
                ("etcd-cafile", &p("etcd/ca.crt")),
                ("etcd-certfile", &p("apiserver-etcd-client.crt")),
                ("etcd-keyfile", &p("apiserver-etcd-client.key")),
                (
                    "kubelet-client-certificate",
                    &p("apiserver-kubelet-client.crt"),
                ),
                ("kubelet-client-key", &p("apiserver-kubelet-client.key")),
                ("proxy-client-cert-file", &p("front-proxy-client.crt")),
                ("proxy-client-key-file", &p("front-proxy-client.key")),
                ("requestheader-client-ca-file", &p("front-proxy-ca.crt")),
                ("service-account-key-file", &p("sa.pub")),
                ("service-account-signing-key-file", &p("sa.key")),
                ("tls-cert-file", &p("apiserver.crt")),
                ("tls-private-key-file", &p("apiserver.key")),
            ],
        ),
        cmd(
            "kube-controller-manager",
            &[
                ("client-ca-file", &p("ca.crt")),
                ("cluster-signing-cert-file", &p("ca.crt")),
                ("cluster-signing-key-file", &p("ca.key")),
                ("requestheader-client-ca-file", &p("front-proxy-ca.crt")),
                ("root-ca-file", &p("ca.crt")),
                ("service-account-private-key-file", &p("sa.key")),
            ],
        ),
        cmd(
            "etcd",
            &[
                ("cert-file", &p("etcd/server.crt")),
                ("key-file", &p("etcd/server.key")),
                ("peer-cert-file", &p("etcd/peer.crt")),
                ("peer-key-file", &p("etcd/peer.key")),
                ("peer-trusted-ca-file", &p("etcd/ca.crt")),
                ("trusted-ca-file", &p("etcd/ca.crt")),
            ],
        ),
    ]
}

fn non_info(f: &[Finding]) -> Vec<&Finding> {
    f.iter().filter(|f| f.severity != Severity::Info).collect()
}

fn ids(f: &[Finding]) -> Vec<&str> {
    non_info(f).iter().map(|f| f.id.as_str()).collect()
}

fn only<'a>(f: &'a [Finding], id: &str) -> &'a Finding {
    let all = non_info(f);
    assert_eq!(all.len(), 1, "expected exactly {id}: {all:#?}");
    assert_eq!(all[0].id, id, "{all:#?}");
    all[0]
}

#[test]
fn full_kubeadm_tree_is_clean() {
    let t = tree();
    let f = t.node.check(&components());
    assert!(non_info(&f).is_empty(), "{f:#?}");
    // One CERT-EXPIRY per certificate file, even though ca.crt etc. are referenced many times:
    // ca, etcd/ca, front-proxy-ca, 6 leaves.
    let expiry: Vec<_> = f.iter().filter(|f| f.id == "CERT-EXPIRY").collect();
    assert_eq!(expiry.len(), 9, "{expiry:#?}");
    let api = expiry
        .iter()
        .find(|f| f.message.contains("apiserver.crt"))
        .unwrap();
    assert!(
        api.message
            .contains("expires Jan 01, 2026 00:00 UTC, 365 days left"),
        "{}",
        api.message
    );
    assert_eq!(api.component.as_deref(), Some("kube-apiserver"));
    assert_eq!(
        api.file.as_deref(),
        Some(
            t.node
                .dir
                .path()
                .join("etc/kubernetes/pki/apiserver.crt")
                .as_path()
        )
    );
    let ca = expiry
        .iter()
        .find(|f| f.message.contains("/ca.crt` ") || f.message.contains("pki/ca.crt"))
        .unwrap();
    assert!(
        ca.message.contains("expires Jan 01, 2035"),
        "{}",
        ca.message
    );
    // Serializes with lowercase severity.
    let json = serde_json::to_string(&f[0]).unwrap();
    assert!(json.contains("\"severity\":\"info\""), "{json}");
}

#[test]
fn expired() {
    let t = tree();
    let key = ec();
    t.node.write(
        &p("apiserver.crt"),
        &leaf("apiserver", &key, &t.ca, NB, (2024, 12, 1)),
    );
    t.node.write(&p("apiserver.key"), &key.serialize_pem());
    let f = t.node.check(&components());
    let e = only(&f, "CERT-EXPIRED");
    assert_eq!(e.severity, Severity::Error);
    assert!(e.message.contains("`--tls-cert-file` /etc/kubernetes/pki/apiserver.crt expired Dec 01, 2024 00:00 UTC (31 days ago)"), "{}", e.message);
    assert!(
        e.message.contains("`kubeadm certs renew apiserver`"),
        "{}",
        e.message
    );
}

#[test]
fn expiring_in_10_days() {
    let t = tree();
    let key = ec();
    t.node.write(
        &p("etcd/server.crt"),
        &leaf("etcd", &key, &t.etcd_ca, NB, (2025, 1, 11)),
    );
    t.node.write(&p("etcd/server.key"), &sec1_pem(&key));
    let f = t.node.check(&components());
    let e = only(&f, "CERT-EXPIRING");
    assert_eq!(e.severity, Severity::Warning);
    assert_eq!(e.component.as_deref(), Some("etcd"));
    assert!(e.message.contains("10 days left"), "{}", e.message);
    assert!(
        e.message.contains("`kubeadm certs renew etcd-server`"),
        "{}",
        e.message
    );
    let info = f
        .iter()
        .find(|f| f.id == "CERT-EXPIRY" && f.message.contains("etcd/server.crt"))
        .unwrap();
    assert!(
        info.message
            .ends_with("expires Jan 11, 2025 00:00 UTC, 10 days left"),
        "{}",
        info.message
    );
}

#[test]
fn not_yet_valid() {
    let t = tree();
    let key = ec();
    t.node.write(
        &p("front-proxy-client.crt"),
        &leaf(
            "front-proxy-client",
            &key,
            &t.front_proxy_ca,
            (2025, 2, 1),
            NA,
        ),
    );
    t.node
        .write(&p("front-proxy-client.key"), &key.serialize_pem());
    let f = t.node.check(&components());
    let e = only(&f, "CERT-NOT-YET-VALID");
    assert!(
        e.message.contains("not valid until Feb 01, 2025"),
        "{}",
        e.message
    );
}

#[test]
fn signed_by_wrong_ca() {
    let t = tree();
    let key = ec();
    // apiserver serving cert signed by the etcd CA instead of the cluster CA.
    t.node.write(
        &p("apiserver.crt"),
        &leaf("kube-apiserver", &key, &t.etcd_ca, NB, NA),
    );
    t.node.write(&p("apiserver.key"), &sec1_pem(&key));
    let f = t.node.check(&components());
    let e = only(&f, "CERT-WRONG-CA");
    assert_eq!(e.severity, Severity::Error);
    assert!(e.message.contains("apiserver.crt (issuer CN=etcd-ca) is not signed by `--client-ca-file` /etc/kubernetes/pki/ca.crt (CN=kubernetes)"), "{}", e.message);

    // Same subject/issuer name but a different CA key: only the signature tells.
    let t = tree();
    let impostor = new_ca("kubernetes", ec());
    let key = ec();
    t.node.write(
        &p("apiserver-kubelet-client.crt"),
        &leaf("kubelet-client", &key, &impostor, NB, NA),
    );
    t.node
        .write(&p("apiserver-kubelet-client.key"), &key.serialize_pem());
    let f = t.node.check(&components());
    let e = only(&f, "CERT-WRONG-CA");
    assert!(
        e.message.contains("`--kubelet-client-certificate`"),
        "{}",
        e.message
    );

    // Same key type (ECDSA P-256): the signature itself fails to verify.
    let t = tree();
    let key = ec();
    t.node.write(
        &p("etcd/peer.crt"),
        &leaf("etcd-peer", &key, &t.front_proxy_ca, NB, NA),
    );
    t.node.write(&p("etcd/peer.key"), &key.serialize_pem());
    let f = t.node.check(&components());
    let e = only(&f, "CERT-WRONG-CA");
    assert_eq!(e.component.as_deref(), Some("etcd"));
    assert!(e.message.contains("`--peer-cert-file` /etc/kubernetes/pki/etcd/peer.crt (issuer CN=front-proxy-ca) is not signed by `--peer-trusted-ca-file`"), "{}", e.message);
    assert!(
        e.message.contains("`kubeadm certs renew etcd-peer`"),
        "{}",
        e.message
    );
}

#[test]
fn key_mismatch() {
    let t = tree();
    // ECDSA SEC1 key of another cert.
    let other =
        fs_err::read_to_string(t.node.dir.path().join("etc/kubernetes/pki/etcd/server.key"))
            .unwrap();
    t.node.write(&p("apiserver.key"), &other);
    let f = t.node.check(&components());
    let e = only(&f, "CERT-KEY-MISMATCH");
    assert!(e.message.contains("`--tls-private-key-file` /etc/kubernetes/pki/apiserver.key does not match the public key of `--tls-cert-file`"), "{}", e.message);

    // RSA: sa.pub of another key (PKCS#1 sa.key vs SPKI sa.pub); the controller-manager's
    // copy of sa.key is reported too.
    let t = tree();
    let a = KeyPair::from_pem(RSA_A_PKCS8).unwrap();
    t.node.write(&p("sa.pub"), &a.public_key_pem());
    let f = t.node.check(&components());
    // sa.key is checked against sa.pub once, though two flags name it.
    let e = only(&f, "CERT-KEY-MISMATCH");
    assert!(e.message.contains("`--service-account-signing-key-file` /etc/kubernetes/pki/sa.key does not match any public key in kube-apiserver's `--service-account-key-file` /etc/kubernetes/pki/sa.pub"), "{}", e.message);

    // The controller-manager signing tokens with a key the apiserver does not know.
    let t = tree();
    t.node.write(&p("cm-sa.key"), &sec1_pem(&ec()));
    let mut comps = components();
    comps[1].1.push(format!(
        "--service-account-private-key-file={}",
        p("cm-sa.key")
    ));
    let f = t.node.check(&comps);
    let e = only(&f, "CERT-KEY-MISMATCH");
    assert_eq!(e.component.as_deref(), Some("kube-controller-manager"));
    assert!(
        e.message
            .contains("`--service-account-private-key-file` /etc/kubernetes/pki/cm-sa.key"),
        "{}",
        e.message
    );

    // RSA PKCS#8 cluster-signing key vs a cert of another key.
    let t = tree();
    t.node.write(&p("ca.key"), &ec().serialize_pem());
    let f = t.node.check(&components());
    let e = only(&f, "CERT-KEY-MISMATCH");
    assert!(
        e.message.contains("`--cluster-signing-key-file`"),
        "{}",
        e.message
    );
}

#[test]
fn missing_file() {
    let t = tree();
    t.node.remove(&p("front-proxy-client.key"));
    t.node.remove(&p("ca.crt"));
    let f = t.node.check(&components());
    let missing: Vec<_> = non_info(&f);
    // ca.crt is referenced by 5 flags but reported once.
    assert_eq!(ids(&f), ["CERT-MISSING", "CERT-MISSING"], "{missing:#?}");
    assert!(
        missing[0]
            .message
            .contains("`--client-ca-file` /etc/kubernetes/pki/ca.crt does not exist"),
        "{}",
        missing[0].message
    );
    assert!(
        missing[1]
            .message
            .contains("`kubeadm init phase certs front-proxy-client`"),
        "{}",
        missing[1].message
    );
}

#[test]
fn garbage_files() {
    let t = tree();
    t.node
        .write(&p("apiserver.crt"), "this is not a certificate\n");
    t.node.write(&p("etcd/peer.key"), &t.etcd_ca.cert_pem);
    t.node.write(
        &p("sa.pub"),
        "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n",
    );
    let f = t.node.check(&components());
    assert_eq!(
        ids(&f),
        ["CERT-PARSE", "CERT-PARSE", "CERT-PARSE"],
        "{f:#?}"
    );
    let msgs: Vec<&str> = f
        .iter()
        .filter(|f| f.id == "CERT-PARSE")
        .map(|f| f.message.as_str())
        .collect();
    assert!(msgs[0].contains("apiserver.crt is not a valid PEM certificate: no `BEGIN CERTIFICATE` block (no PEM block found)"), "{}", msgs[0]);
    assert!(
        msgs.iter()
            .any(|m| m.contains("sa.pub is not a valid PEM public key or certificate")),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter().any(
            |m| m.contains("etcd/peer.key is not a valid PEM private key")
                && m.contains("found CERTIFICATE")
        ),
        "{msgs:#?}"
    );
}

#[test]
fn unreadable_directory() {
    let t = tree();
    t.node.remove(&p("apiserver.crt"));
    fs_err::create_dir(t.node.dir.path().join("etc/kubernetes/pki/apiserver.crt")).unwrap();
    let f = t.node.check(&components());
    only(&f, "CERT-UNREADABLE");
}

#[test]
fn external_ca_skips_cluster_signing() {
    let t = tree();
    t.node.remove(&p("ca.key"));
    let mut comps = components();
    comps[1] = cmd(
        "kube-controller-manager",
        &[
            ("client-ca-file", &p("ca.crt")),
            ("cluster-signing-cert-file", ""),
            ("cluster-signing-key-file", ""),
            ("root-ca-file", &p("ca.crt")),
        ],
    );
    let f = t.node.check(&comps);
    assert!(non_info(&f).is_empty(), "{f:#?}");
}

#[test]
fn ca_flag_pointing_at_leaf_is_not_ca() {
    let t = tree();
    let mut comps = components();
    comps[2]
        .1
        .push(format!("--trusted-ca-file={}", p("etcd/server.crt"))); // last wins
    let f = t.node.check(&comps);
    let not_ca: Vec<_> = non_info(&f);
    assert!(not_ca.iter().any(|f| f.id == "CERT-NOT-CA"), "{not_ca:#?}");
    // etcd/server.crt is not signed by itself either.
    assert!(
        not_ca.iter().any(|f| f.id == "CERT-WRONG-CA"),
        "{not_ca:#?}"
    );
}

#[test]
fn flags_last_wins_and_space_form() {
    let f = Flags::parse(&[
        "etcd".into(),
        "--cert-file=/a".into(),
        "--cert-file".into(),
        "/b".into(),
        "--cluster-signing-cert-file=".into(),
        "--v=2".into(),
    ]);
    assert_eq!(f.get("cert-file"), Some("/b"));
    assert_eq!(f.get("cluster-signing-cert-file"), None);
    assert_eq!(f.get("key-file"), None);
}

#[test]
fn date_format() {
    assert_eq!(fmt_date(0), "Jan 01, 1970 00:00 UTC");
    assert_eq!(
        fmt_date(1_735_689_600 + 59 * 86_400 + 3_660),
        "Mar 01, 2025 01:01 UTC"
    );
    assert_eq!(fmt_date(951_782_400), "Feb 29, 2000 00:00 UTC");
}

#[test]
fn a_path_climbing_out_of_the_root_is_refused_not_read() {
    let t = tree();
    // A real file next to the root that `..` would reach.
    let outside = t.node.dir.path().parent().unwrap().join("outside.crt");
    let mut comps = components();
    comps[0]
        .1
        .push("--tls-cert-file=/etc/kubernetes/../../../outside.crt".to_string());
    let f = t.node.check(&comps);
    let e = only(&f, "PATH-OUTSIDE-ROOT");
    assert!(
        e.message.starts_with(
            "`--tls-cert-file` /etc/kubernetes/../../../outside.crt: the path climbs out of the node's / with `..`"
        ),
        "{}",
        e.message
    );
    assert_eq!(e.file.as_deref(), Some(t.node.dir.path()));
    assert!(!outside.exists());
}

#[test]
fn a_fifo_named_as_a_certificate_is_unreadable_without_blocking() {
    let t = tree();
    let path = t.node.dir.path().join("etc/kubernetes/pki/apiserver.crt");
    fs_err::remove_file(&path).unwrap();
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &path,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
    let f = t.node.check(&components());
    let e = only(&f, "CERT-UNREADABLE");
    assert!(e.message.contains("is a FIFO"), "{}", e.message);
}
