use super::table::Content;
use super::table::*;
use super::*;
use std::fs::Permissions;
use std::os::unix::fs::{chown, PermissionsExt};

const KUBEADM_APISERVER: &[&str] = &[
    "kube-apiserver",
    "--advertise-address=192.168.0.10",
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
    "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
];
const APISERVER_HARDENING: &[&str] = &[
    "--anonymous-auth=false",
    "--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt",
    "--profiling=false",
    "--audit-log-path=/var/log/kubernetes/audit/audit.log",
    "--audit-log-maxage=30",
    "--audit-log-maxbackup=10",
    "--audit-log-maxsize=100",
    "--encryption-provider-config=/etc/kubernetes/enc/enc.yaml",
    "--service-account-extend-token-expiration=false",
    // Appends to kubeadm's `--enable-admission-plugins=NodeRestriction` (a StringSlice).
    "--enable-admission-plugins=DenyServiceExternalIPs,EventRateLimit,AlwaysPullImages",
    "--admission-control-config-file=/etc/kubernetes/admission.yaml",
    "--tls-cipher-suites=TLS_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
];
const KUBEADM_CONTROLLER_MANAGER: &[&str] = &[
    "kube-controller-manager",
    "--allocate-node-cidrs=true",
    "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
    "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf",
    "--bind-address=127.0.0.1",
    "--client-ca-file=/etc/kubernetes/pki/ca.crt",
    "--cluster-name=kubernetes",
    "--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt",
    "--cluster-signing-key-file=/etc/kubernetes/pki/ca.key",
    "--controllers=*,bootstrapsigner,tokencleaner",
    "--kubeconfig=/etc/kubernetes/controller-manager.conf",
    "--leader-elect=true",
    "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
    "--root-ca-file=/etc/kubernetes/pki/ca.crt",
    "--service-account-private-key-file=/etc/kubernetes/pki/sa.key",
    "--use-service-account-credentials=true",
];
const CONTROLLER_MANAGER_HARDENING: &[&str] =
    &["--profiling=false", "--terminated-pod-gc-threshold=10"];
const KUBEADM_SCHEDULER: &[&str] = &[
    "kube-scheduler",
    "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
    "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
    "--bind-address=127.0.0.1",
    "--kubeconfig=/etc/kubernetes/scheduler.conf",
    "--leader-elect=true",
];
const SCHEDULER_HARDENING: &[&str] = &["--profiling=false"];
const KUBEADM_ETCD: &[&str] = &[
    "etcd",
    "--advertise-client-urls=https://192.168.0.10:2379",
    "--cert-file=/etc/kubernetes/pki/etcd/server.crt",
    "--client-cert-auth=true",
    "--data-dir=/var/lib/etcd",
    "--initial-advertise-peer-urls=https://192.168.0.10:2380",
    "--initial-cluster=cp=https://192.168.0.10:2380",
    "--key-file=/etc/kubernetes/pki/etcd/server.key",
    "--listen-client-urls=https://127.0.0.1:2379,https://192.168.0.10:2379",
    "--listen-metrics-urls=http://127.0.0.1:2381",
    "--listen-peer-urls=https://192.168.0.10:2380",
    "--name=cp",
    "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt",
    "--peer-client-cert-auth=true",
    "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key",
    "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
    "--snapshot-count=10000",
    "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
];

fn hardened(component: &str) -> Vec<String> {
    let (base, extra) = match component {
        APISERVER => (KUBEADM_APISERVER, APISERVER_HARDENING),
        CONTROLLER_MANAGER => (KUBEADM_CONTROLLER_MANAGER, CONTROLLER_MANAGER_HARDENING),
        SCHEDULER => (KUBEADM_SCHEDULER, SCHEDULER_HARDENING),
        _ => (KUBEADM_ETCD, &[][..]),
    };
    base.iter().chain(extra).map(|s| s.to_string()).collect()
}

fn set_mode(path: &Path, mode: u32) {
    fs_err::set_permissions(path, Permissions::from_mode(mode)).unwrap();
}

fn write(path: &Path, mode: u32) {
    fs_err::create_dir_all(path.parent().unwrap()).unwrap();
    fs_err::write(path, "x").unwrap();
    set_mode(path, mode);
}

fn manifest_path(root: &Path, component: &str) -> PathBuf {
    root.join(format!("etc/kubernetes/manifests/{component}.yaml"))
}

/// A node root on which every file check passes.
fn good_root() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for c in [APISERVER, CONTROLLER_MANAGER, SCHEDULER, ETCD] {
        write(&manifest_path(root, c), 0o600);
    }
    for f in [
        "admin.conf",
        "super-admin.conf",
        "scheduler.conf",
        "controller-manager.conf",
    ] {
        write(&root.join("etc/kubernetes").join(f), 0o600);
    }
    write(&root.join("etc/kubernetes/pki/ca.crt"), 0o644);
    write(&root.join("etc/kubernetes/pki/ca.key"), 0o600);
    write(&root.join("etc/kubernetes/pki/etcd/ca.crt"), 0o444);
    write(&root.join("etc/kubernetes/pki/etcd/ca.key"), 0o400);
    set_mode(&root.join("etc/kubernetes/pki/etcd"), 0o755);
    fs_err::create_dir_all(root.join("var/lib/etcd/member")).unwrap();
    set_mode(&root.join("var/lib/etcd"), 0o700);
    chown(root.join("var/lib/etcd"), Some(ETCD_ID), Some(ETCD_ID)).unwrap();
    write_text(
        &root.join("etc/passwd"),
        "root:x:0:0:root:/root:/bin/bash\netcd:x:998:998:etcd user:/var/lib/etcd:/sbin/nologin\n",
    );
    write_text(&root.join("etc/group"), "root:x:0:\netcd:x:998:\n");
    write_text(&root.join("etc/kubernetes/pki/ca.crt"), "cluster CA\n");
    set_mode(&root.join("etc/kubernetes/pki/ca.crt"), 0o644);
    write_text(&root.join("etc/kubernetes/pki/etcd/ca.crt"), "etcd CA\n");
    set_mode(&root.join("etc/kubernetes/pki/etcd/ca.crt"), 0o444);
    write_text(&root.join("etc/kubernetes/enc/enc.yaml"), ENCRYPTION_AESCBC);
    write_text(
        &root.join("etc/kubernetes/admission.yaml"),
        ADMISSION_INLINE,
    );
    dir
}

const ETCD_ID: u32 = 998;

const ENCRYPTION_AESCBC: &str = "apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==
      - identity: {}
";

const ADMISSION_INLINE: &str = "apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
  - name: EventRateLimit
    configuration:
      apiVersion: eventratelimit.admission.k8s.io/v1alpha1
      kind: Configuration
      limits:
        - type: Server
          qps: 50
          burst: 100
";

fn write_text(path: &Path, text: &str) {
    fs_err::create_dir_all(path.parent().unwrap()).unwrap();
    fs_err::write(path, text).unwrap();
}

fn input(root: &Path, component: &str, command: Vec<String>) -> ComponentInput {
    ComponentInput {
        component: component.to_string(),
        manifest: manifest_path(root, component),
        host_command: command.clone(),
        command,
    }
}

fn all_hardened(root: &Path) -> Vec<ComponentInput> {
    [APISERVER, CONTROLLER_MANAGER, SCHEDULER, ETCD]
        .into_iter()
        .map(|c| input(root, c, hardened(c)))
        .collect()
}

fn ids(findings: &[Finding]) -> Vec<(&str, Severity)> {
    findings
        .iter()
        .map(|f| (f.id.as_str(), f.severity))
        .collect()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn kubeadm_default_apiserver_fails_exactly_the_expected_checks() {
    let dir = good_root();
    let found = check(
        dir.path(),
        &[input(dir.path(), APISERVER, args(KUBEADM_APISERVER))],
    );
    use Severity::{Error as E, Warning as W};
    assert_eq!(
        ids(&found),
        vec![
            ("CIS-1.2.1", W),
            ("CIS-1.2.3", W),
            ("CIS-1.2.5", E),
            ("CIS-1.2.9", W),
            ("CIS-1.2.11", W),
            ("CIS-1.2.15", E),
            ("CIS-1.2.16", E),
            ("CIS-1.2.17", E),
            ("CIS-1.2.18", E),
            ("CIS-1.2.19", E),
            ("CIS-1.2.27", W),
            ("CIS-1.2.28", W),
            ("CIS-1.2.29", W),
            ("CIS-1.2.30", E),
        ]
    );
    for f in &found {
        assert_eq!(f.component.as_deref(), Some(APISERVER));
        assert_eq!(
            f.file.as_deref(),
            Some(manifest_path(dir.path(), APISERVER).as_path())
        );
        assert!(f.message.contains("fix: "), "{}", f.message);
        assert!(!f.message.contains('\n'));
    }
    let profiling = &found[5];
    assert_eq!(
        profiling.message,
        "`--profiling` is not set (defaults to true), want `false`; fix: add `--profiling=false` (kubeadm: apiServer.extraArgs)"
    );
}

#[test]
fn kubeadm_defaults_of_other_components() {
    let dir = good_root();
    let root = dir.path();
    let found = check(
        root,
        &[
            input(root, CONTROLLER_MANAGER, args(KUBEADM_CONTROLLER_MANAGER)),
            input(root, SCHEDULER, args(KUBEADM_SCHEDULER)),
            input(root, ETCD, args(KUBEADM_ETCD)),
        ],
    );
    assert_eq!(
        ids(&found),
        vec![
            ("CIS-1.3.1", Severity::Warning),
            ("CIS-1.3.2", Severity::Error),
            ("CIS-1.4.1", Severity::Error),
        ]
    );
}

#[test]
fn hardened_node_passes() {
    let dir = good_root();
    assert_eq!(check(dir.path(), &all_hardened(dir.path())), vec![]);
}

/// (id, component, extra args that pass, flags to drop + args to add so it fails)
type FlagCase = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);
#[rustfmt::skip]
const FLAG_CASES: &[FlagCase] = &[
    ("1.2.1", APISERVER, &["--anonymous-auth=false"], &["anonymous-auth"], &[]),
    ("1.2.2", APISERVER, &[], &[], &["--token-auth-file=/etc/tokens.csv"]),
    ("1.2.3", APISERVER, &[], &["enable-admission-plugins"], &["--enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages"]),
    ("1.2.4", APISERVER, &[], &["kubelet-client-key"], &[]),
    ("1.2.5", APISERVER, &[], &[], &["--kubelet-certificate-authority="]),
    ("1.2.6", APISERVER, &["--authorization-mode=RBAC,Node,Webhook"], &[], &["--authorization-mode=Node,RBAC,AlwaysAllow"]),
    ("1.2.7", APISERVER, &["--authorization-mode=RBAC,Node"], &["authorization-mode"], &["--authorization-mode=RBAC"]),
    ("1.2.8", APISERVER, &["--authorization-mode=Node, RBAC"], &["authorization-mode"], &["--authorization-mode=Node,ABAC"]),
    ("1.2.10", APISERVER, &["--enable-admission-plugins=NodeRestriction,AlwaysPullImages"], &[], &["--enable-admission-plugins=NodeRestriction,AlwaysAdmit"]),
    ("1.2.11", APISERVER, &[], &["enable-admission-plugins"], &["--enable-admission-plugins=NodeRestriction", "--enable-admission-plugins=EventRateLimit,DenyServiceExternalIPs"]),
    ("1.2.12", APISERVER, &["--disable-admission-plugins=DefaultStorageClass"], &[], &["--disable-admission-plugins=ServiceAccount"]),
    ("1.2.13", APISERVER, &["--disable-admission-plugins=DefaultStorageClass"], &[], &["--disable-admission-plugins=DefaultStorageClass,NamespaceLifecycle"]),
    ("1.2.14", APISERVER, &["--enable-admission-plugins=EventRateLimit,NodeRestriction"], &["enable-admission-plugins"], &["--enable-admission-plugins=DenyServiceExternalIPs,EventRateLimit,AlwaysPullImages"]),
    ("1.2.15", APISERVER, &["--profiling=False"], &[], &["--profiling"]),
    ("1.2.16", APISERVER, &[], &["audit-log-path"], &[]),
    ("1.2.17", APISERVER, &["--audit-log-maxage=90"], &[], &["--audit-log-maxage=29"]),
    ("1.2.18", APISERVER, &["--audit-log-maxbackup=10"], &[], &["--audit-log-maxbackup=ten"]),
    ("1.2.19", APISERVER, &["--audit-log-maxsize=200"], &["audit-log-maxsize"], &[]),
    ("1.2.21", APISERVER, &["--service-account-lookup"], &[], &["--service-account-lookup=false"]),
    ("1.2.22", APISERVER, &[], &["service-account-key-file"], &[]),
    ("1.2.23", APISERVER, &[], &["etcd-certfile", "etcd-keyfile"], &[]),
    ("1.2.24", APISERVER, &[], &["tls-cert-file"], &[]),
    ("1.2.25", APISERVER, &[], &["client-ca-file"], &[]),
    ("1.2.26", APISERVER, &[], &["etcd-cafile"], &[]),
    ("1.2.27", APISERVER, &[], &["encryption-provider-config"], &[]),
    // A list flag appends: a weak suite in a second occurrence fails.
    ("1.2.29", APISERVER, &["--tls-cipher-suites=TLS_AES_256_GCM_SHA384"], &[], &["--tls-cipher-suites=TLS_RSA_WITH_AES_128_CBC_SHA"]),
    ("1.2.30", APISERVER, &[], &[], &["--service-account-extend-token-expiration=true"]),
    ("1.3.1", CONTROLLER_MANAGER, &[], &["terminated-pod-gc-threshold"], &[]),
    ("1.3.2", CONTROLLER_MANAGER, &["--profiling=0"], &["profiling"], &[]),
    ("1.3.3", CONTROLLER_MANAGER, &["--use-service-account-credentials"], &["use-service-account-credentials"], &[]),
    ("1.3.4", CONTROLLER_MANAGER, &[], &["service-account-private-key-file"], &[]),
    ("1.3.5", CONTROLLER_MANAGER, &[], &["root-ca-file"], &[]),
    ("1.3.6", CONTROLLER_MANAGER, &["--feature-gates=RotateKubeletServerCertificate=true"], &[], &["--feature-gates=Foo=true,RotateKubeletServerCertificate=false"]),
    // Absent, --bind-address is 0.0.0.0 (the binary's default).
    ("1.3.7", CONTROLLER_MANAGER, &[], &["bind-address"], &[]),
    ("1.4.1", SCHEDULER, &[], &[], &["--profiling=true"]),
    // A scalar given twice: the last wins.
    ("1.4.2", SCHEDULER, &[], &[], &["--bind-address=0.0.0.0"]),
    ("2.1", ETCD, &[], &["key-file"], &[]),
    ("2.2", ETCD, &[], &["client-cert-auth"], &[]),
    ("2.3", ETCD, &["--auto-tls=false"], &[], &["--auto-tls"]),
    ("2.4", ETCD, &[], &["peer-cert-file"], &[]),
    ("2.5", ETCD, &[], &[], &["--peer-client-cert-auth=false"]),
    ("2.6", ETCD, &["--peer-auto-tls=false"], &[], &["--peer-auto-tls=true"]),
];

fn run_one(root: &Path, component: &str, command: Vec<String>) -> Vec<Finding> {
    let mut inputs = all_hardened(root);
    for i in &mut inputs {
        if i.component == component {
            i.command = command.clone();
            i.host_command = command.clone();
        }
    }
    check(root, &inputs)
}

#[test]
fn every_flag_rule_has_a_passing_and_a_failing_fixture() {
    let dir = good_root();
    let root = dir.path();
    for chk in CHECKS {
        if let Kind::Flag { component, .. } = chk.kind {
            let case = FLAG_CASES.iter().find(|c| c.0 == chk.id);
            let Some((id, comp, pass, drop, add)) = case else {
                panic!("no fixture for {}", chk.id);
            };
            assert_eq!(*comp, component, "{id}");
            let mut ok = hardened(component);
            ok.extend(args(pass));
            assert_eq!(run_one(root, component, ok), vec![], "{id} should pass");

            let mut bad: Vec<String> = hardened(component)
                .into_iter()
                .filter(|a| {
                    let name = a.trim_start_matches("--").split('=').next().unwrap_or("");
                    !drop.contains(&name)
                })
                .collect();
            bad.extend(args(add));
            let mut found = run_one(root, component, bad);
            if *id == "1.2.27" {
                // Without the flag there is no encryption configuration to read either.
                found.retain(|f| f.id != "CIS-1.2.28");
            }
            let want = if chk.automated {
                Severity::Error
            } else {
                Severity::Warning
            };
            assert_eq!(
                ids(&found),
                vec![(format!("CIS-{id}").as_str(), want)],
                "{id} should fail: {found:?}"
            );
            assert_eq!(found[0].component.as_deref(), Some(component));
            assert!(found[0].message.contains(chk.fix), "{}", found[0].message);
        }
    }
}

enum Mutation {
    Mode(u32),
    Owner(Option<u32>, Option<u32>),
}

#[rustfmt::skip]
const FILE_CASES: &[(&str, &str, Mutation)] = &[
    ("1.1.1", "etc/kubernetes/manifests/kube-apiserver.yaml", Mutation::Mode(0o644)),
    ("1.1.2", "etc/kubernetes/manifests/kube-apiserver.yaml", Mutation::Owner(Some(1000), None)),
    ("1.1.3", "etc/kubernetes/manifests/kube-controller-manager.yaml", Mutation::Mode(0o640)),
    ("1.1.4", "etc/kubernetes/manifests/kube-controller-manager.yaml", Mutation::Owner(None, Some(1000))),
    ("1.1.5", "etc/kubernetes/manifests/kube-scheduler.yaml", Mutation::Mode(0o700)),
    ("1.1.6", "etc/kubernetes/manifests/kube-scheduler.yaml", Mutation::Owner(Some(1000), Some(1000))),
    ("1.1.7", "etc/kubernetes/manifests/etcd.yaml", Mutation::Mode(0o4600)),
    ("1.1.8", "etc/kubernetes/manifests/etcd.yaml", Mutation::Owner(Some(1000), None)),
    ("1.1.11", "var/lib/etcd", Mutation::Mode(0o755)),
    ("1.1.12", "var/lib/etcd", Mutation::Owner(Some(0), None)),
    ("1.1.12", "var/lib/etcd", Mutation::Owner(None, Some(0))),
    ("1.1.13", "etc/kubernetes/admin.conf", Mutation::Mode(0o644)),
    ("1.1.13", "etc/kubernetes/super-admin.conf", Mutation::Mode(0o660)),
    ("1.1.14", "etc/kubernetes/admin.conf", Mutation::Owner(Some(1000), None)),
    ("1.1.14", "etc/kubernetes/super-admin.conf", Mutation::Owner(None, Some(1000))),
    ("1.1.15", "etc/kubernetes/scheduler.conf", Mutation::Mode(0o604)),
    ("1.1.16", "etc/kubernetes/scheduler.conf", Mutation::Owner(Some(1000), None)),
    ("1.1.17", "etc/kubernetes/controller-manager.conf", Mutation::Mode(0o644)),
    ("1.1.18", "etc/kubernetes/controller-manager.conf", Mutation::Owner(Some(1000), None)),
    ("1.1.19", "etc/kubernetes/pki", Mutation::Owner(Some(1000), None)),
    ("1.1.19", "etc/kubernetes/pki/etcd", Mutation::Owner(None, Some(1000))),
    ("1.1.19", "etc/kubernetes/pki/etcd/ca.key", Mutation::Owner(Some(1000), None)),
    ("1.1.20", "etc/kubernetes/pki/etcd/ca.crt", Mutation::Mode(0o664)),
    ("1.1.21", "etc/kubernetes/pki/ca.key", Mutation::Mode(0o640)),
];

#[test]
fn every_file_rule_has_a_passing_and_a_failing_fixture() {
    for chk in CHECKS {
        if matches!(chk.kind, Kind::File { .. }) {
            assert!(
                FILE_CASES.iter().any(|c| c.0 == chk.id),
                "no fixture for {}",
                chk.id
            );
        }
    }
    for (id, rel, mutation) in FILE_CASES {
        let dir = good_root();
        let root = dir.path();
        assert_eq!(check(root, &all_hardened(root)), vec![], "{id} should pass");
        let path = root.join(rel);
        match mutation {
            Mutation::Mode(m) => set_mode(&path, *m),
            Mutation::Owner(u, g) => chown(&path, *u, *g).unwrap(),
        }
        let found = check(root, &all_hardened(root));
        let chk = CHECKS.iter().find(|c| c.id == *id).unwrap();
        let want = if chk.automated {
            Severity::Error
        } else {
            Severity::Warning
        };
        assert_eq!(
            ids(&found),
            vec![(format!("CIS-{id}").as_str(), want)],
            "{id} {rel}: {found:?}"
        );
        assert_eq!(found[0].file.as_deref(), Some(path.as_path()), "{id}");
        assert!(
            found[0].message.contains(&path.display().to_string()),
            "{}",
            found[0].message
        );
    }
}

#[test]
fn manifest_mode_0644_fails_1_1_1_with_chmod_fix() {
    let dir = good_root();
    let root = dir.path();
    let path = manifest_path(root, APISERVER);
    set_mode(&path, 0o644);
    let found = check(root, &all_hardened(root));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, "CIS-1.1.1");
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(
        found[0].message,
        format!(
            "`{p}` has mode 0644, want 600 or stricter; fix: run `chmod 600 {p}`",
            p = path.display()
        )
    );
}

#[test]
fn manifest_owned_by_uid_1000_fails_1_1_2() {
    let dir = good_root();
    let root = dir.path();
    chown(manifest_path(root, APISERVER), Some(1000), Some(1000)).unwrap();
    let found = check(root, &all_hardened(root));
    assert_eq!(ids(&found), vec![("CIS-1.1.2", Severity::Error)]);
    assert!(
        found[0].message.contains("uid:gid 1000:1000"),
        "{}",
        found[0].message
    );
    assert!(found[0].message.contains("chown root:root"));
}

#[test]
fn etcd_data_dir_0755_fails_1_1_11() {
    let dir = good_root();
    let root = dir.path();
    set_mode(&root.join("var/lib/etcd"), 0o755);
    let found = check(root, &all_hardened(root));
    assert_eq!(ids(&found), vec![("CIS-1.1.11", Severity::Error)]);
    assert_eq!(found[0].component.as_deref(), Some(ETCD));
    assert!(found[0].message.contains("chmod 700"));
}

#[test]
fn missing_files_are_skipped_but_no_admin_conf_fails() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing exists: no manifests, no kubeconfigs, no PKI, no data dir. kube-bench's loop over
    // admin.conf / super-admin.conf prints nothing, and nothing to test fails.
    let found = check(dir.path(), &all_hardened(dir.path()));
    assert_eq!(
        ids(&found),
        vec![
            ("CIS-1.1.13", Severity::Error),
            ("CIS-1.1.14", Severity::Error)
        ]
    );
    assert!(
        found[0].message.starts_with("neither `"),
        "{}",
        found[0].message
    );
    // One of the two is enough.
    let dir = good_root();
    fs_err::remove_file(dir.path().join("etc/kubernetes/super-admin.conf")).unwrap();
    assert_eq!(check(dir.path(), &all_hardened(dir.path())), vec![]);
    fs_err::remove_file(dir.path().join("etc/kubernetes/admin.conf")).unwrap();
    assert_eq!(ids(&check(dir.path(), &all_hardened(dir.path()))).len(), 2);
}

#[test]
fn etcd_data_dir_absent_fails_1_1_11_and_1_1_12() {
    let dir = good_root();
    let root = dir.path();
    fs_err::remove_dir_all(root.join("var/lib/etcd")).unwrap();
    let found = check(root, &all_hardened(root));
    assert_eq!(
        ids(&found),
        vec![
            ("CIS-1.1.11", Severity::Error),
            ("CIS-1.1.12", Severity::Error)
        ]
    );
    assert!(
        found[0].message.contains("does not exist"),
        "{}",
        found[0].message
    );
    assert_eq!(
        found[0].file.as_deref(),
        Some(manifest_path(root, ETCD).as_path())
    );
}

#[test]
fn etcd_data_dir_owner_names_come_from_the_node_passwd_and_group() {
    let dir = good_root();
    let root = dir.path();
    // Owned by root: `stat -c %U:%G` says root:root.
    chown(root.join("var/lib/etcd"), Some(0), Some(0)).unwrap();
    let found = check(root, &all_hardened(root));
    assert_eq!(ids(&found), vec![("CIS-1.1.12", Severity::Error)]);
    assert!(
        found[0]
            .message
            .contains("owned by root:root (uid:gid 0:0), want etcd:etcd;"),
        "{}",
        found[0].message
    );
    // No etcd user on the node: the finding says so (kubeadm runs etcd as root).
    chown(root.join("var/lib/etcd"), Some(ETCD_ID), Some(ETCD_ID)).unwrap();
    write_text(
        &root.join("etc/passwd"),
        "root:x:0:0:root:/root:/bin/bash\n",
    );
    let found = check(root, &all_hardened(root));
    assert_eq!(ids(&found), vec![("CIS-1.1.12", Severity::Error)]);
    let want = format!(
        "owned by UNKNOWN:etcd (uid:gid 998:998), want etcd:etcd; there is no user `etcd` in `{}`",
        root.join("etc/passwd").display()
    );
    assert!(found[0].message.contains(&want), "{}", found[0].message);
    // The name, not the id, decides: another id named etcd passes.
    write_text(
        &root.join("etc/passwd"),
        "etcd:x:998:998::/:/sbin/nologin\n",
    );
    assert_eq!(check(root, &all_hardened(root)), vec![]);
}

#[test]
fn authorization_config_makes_authz_checks_undecidable() {
    let dir = good_root();
    let root = dir.path();
    let command: Vec<String> = hardened(APISERVER)
        .into_iter()
        .filter(|a| !a.starts_with("--authorization-mode"))
        .chain(["--authorization-config=/etc/kubernetes/authz.yaml".to_string()])
        .collect();
    let found = run_one(root, APISERVER, command);
    assert_eq!(
        ids(&found),
        vec![
            ("CIS-1.2.6", Severity::Warning),
            ("CIS-1.2.7", Severity::Warning),
            ("CIS-1.2.8", Severity::Warning),
        ]
    );
    assert!(found[0].message.contains("cannot be decided from flags"));
    // Without either flag the apiserver defaults to AlwaysAllow.
    let command: Vec<String> = hardened(APISERVER)
        .into_iter()
        .filter(|a| !a.starts_with("--authorization-mode"))
        .collect();
    let found = run_one(root, APISERVER, command);
    assert_eq!(
        ids(&found),
        vec![
            ("CIS-1.2.6", Severity::Error),
            ("CIS-1.2.7", Severity::Error),
            ("CIS-1.2.8", Severity::Error),
        ]
    );
}

#[test]
fn flag_parsing_last_wins_and_bare_is_true() {
    let cmd = args(&[
        "x",
        "--a=1",
        "--a=2",
        "--b",
        "-v=3",
        "positional",
        "--c=k=v",
    ]);
    let flags = Flags::parse(&cmd);
    assert_eq!(flags.get("a"), Some("2"));
    assert_eq!(flags.get("b"), Some("true"));
    assert_eq!(flags.get("c"), Some("k=v"));
    assert_eq!(flags.get("v"), Some("3"));
    assert_eq!(flags.iter().count(), 4);
    let dir = good_root();
    let mut cmd = hardened(APISERVER);
    cmd.push("--profiling".into());
    cmd.push("--profiling=false".into());
    assert_eq!(run_one(dir.path(), APISERVER, cmd), vec![]);
}

#[test]
fn findings_are_sorted_numerically() {
    let dir = good_root();
    let root = dir.path();
    set_mode(&root.join("var/lib/etcd"), 0o755);
    set_mode(&manifest_path(root, APISERVER), 0o644);
    let mut inputs = all_hardened(root);
    inputs.reverse();
    inputs[3] = input(root, APISERVER, args(KUBEADM_APISERVER));
    inputs[0] = input(root, ETCD, args(&["etcd", "--data-dir=/var/lib/etcd"]));
    let found = check(root, &inputs);
    let keys: Vec<Vec<u32>> = found.iter().map(|f| id_key(&f.id)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let order: Vec<&str> = found.iter().map(|f| f.id.as_str()).collect();
    assert!(
        order.starts_with(&[
            "CIS-1.1.1",
            "CIS-1.1.11",
            "CIS-1.2.1",
            "CIS-1.2.3",
            "CIS-1.2.5",
            "CIS-1.2.9",
            "CIS-1.2.11",
            "CIS-1.2.15"
        ]),
        "{order:?}"
    );
    assert_eq!(order.last(), Some(&"CIS-2.7"));
}

#[test]
fn catalogue_matches_table_and_is_ordered() {
    let cat = catalogue();
    assert_eq!(cat.len(), CHECKS.len());
    for (row, chk) in cat.iter().zip(CHECKS) {
        assert_eq!(*row, (chk.id, chk.title, chk.automated));
        assert!(!row.1.contains('('), "{}", row.1);
    }
    for pair in cat.windows(2) {
        assert!(
            id_key(pair[0].0) < id_key(pair[1].0),
            "{} !< {}",
            pair[0].0,
            pair[1].0
        );
    }
    let manual: Vec<&str> = cat.iter().filter(|r| !r.2).map(|r| r.0).collect();
    assert_eq!(
        manual,
        [
            "1.1.20", "1.1.21", "1.2.1", "1.2.3", "1.2.9", "1.2.11", "1.2.27", "1.2.28", "1.2.29",
            "1.3.1", "2.7"
        ]
    );
}

/// Replaces a file of the good root, or the apiserver/etcd command, and returns the CIS ids.
fn content_case(
    edit: impl Fn(&Path),
    component: &str,
    drop: &[&str],
    add: &[&str],
) -> Vec<(String, Severity, String)> {
    let dir = good_root();
    let root = dir.path();
    edit(root);
    let command: Vec<String> = hardened(component)
        .into_iter()
        .filter(|a| {
            let name = a.trim_start_matches("--").split('=').next().unwrap_or("");
            !drop.contains(&name)
        })
        .chain(args(add))
        .collect();
    run_one(root, component, command)
        .into_iter()
        .map(|f| (f.id, f.severity, f.message))
        .collect()
}

fn only(found: &[(String, Severity, String)], id: &str, message_part: &str) {
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, id);
    assert_eq!(found[0].1, Severity::Warning, "Manual checks warn");
    assert!(found[0].2.contains(message_part), "{}", found[0].2);
}

#[test]
fn every_content_rule_has_passing_and_failing_cases() {
    for chk in CHECKS {
        if let Kind::Content(kind) = chk.kind {
            assert!(!chk.automated, "{}", chk.id);
            assert!(
                matches!(
                    kind,
                    Content::EventRateLimit | Content::EncryptionProviders | Content::EtcdCa
                ),
                "{}",
                chk.id
            );
        }
    }
    // Passing: the good root (aescbc, EventRateLimit inline, a separate etcd CA).
    assert!(content_case(|_| {}, APISERVER, &[], &[]).is_empty());
}

#[test]
fn event_rate_limit_1_2_9() {
    let enc = |text: &'static str| {
        move |root: &Path| write_text(&root.join("etc/kubernetes/admission.yaml"), text)
    };
    // Enabled but no plugin entry.
    let found = content_case(
        enc("apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins: []\n"),
        APISERVER,
        &[],
        &[],
    );
    only(
        &found,
        "CIS-1.2.9",
        "has no `plugins` entry named `EventRateLimit`",
    );
    // Configured in a file next to the admission configuration (relative path).
    let by_path = |root: &Path| {
        write_text(
            &root.join("etc/kubernetes/admission.yaml"),
            "plugins:\n- name: EventRateLimit\n  path: eventconfig.yaml\n",
        );
        write_text(
            &root.join("etc/kubernetes/eventconfig.yaml"),
            "kind: Configuration\nlimits:\n- type: Namespace\n  qps: 50\n  burst: 100\n",
        );
    };
    assert!(content_case(by_path, APISERVER, &[], &[]).is_empty());
    let no_limits = |root: &Path| {
        by_path(root);
        write_text(
            &root.join("etc/kubernetes/eventconfig.yaml"),
            "kind: Configuration\nlimits: []\n",
        );
    };
    only(
        &content_case(no_limits, APISERVER, &[], &[]),
        "CIS-1.2.9",
        "has no `limits`",
    );
    // The flag naming the configuration is missing.
    let found = content_case(|_| {}, APISERVER, &["admission-control-config-file"], &[]);
    only(
        &found,
        "CIS-1.2.9",
        "`--admission-control-config-file` is not set",
    );
    // The plugin is not enabled (only the second StringSlice occurrence names it).
    let found = content_case(
        |_| {},
        APISERVER,
        &["enable-admission-plugins"],
        &["--enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs,AlwaysPullImages"],
    );
    only(&found, "CIS-1.2.9", "does not include `EventRateLimit`");
}

#[test]
fn encryption_providers_1_2_28() {
    let enc = |text: &'static str| {
        move |root: &Path| write_text(&root.join("etc/kubernetes/enc/enc.yaml"), text)
    };
    for pass in [
        "resources:\n- resources: [secrets]\n  providers:\n  - secretbox: {keys: [{name: k, secret: x}]}\n",
        "resources:\n- resources: [secrets, configmaps]\n  providers:\n  - kms: {apiVersion: v2, name: p, endpoint: unix:///k.sock}\n  - identity: {}\n",
        "{\"resources\": [{\"resources\": [\"*.*\"], \"providers\": [{\"aescbc\": {}}]}]}",
    ] {
        assert!(content_case(enc(pass), APISERVER, &[], &[]).is_empty(), "{pass}");
    }
    let cases = [
        (
            "resources:\n- resources: [secrets]\n  providers:\n  - identity: {}\n  - aescbc: {}\n",
            "resources[0].providers[0] is `identity`",
        ),
        (
            "resources:\n- resources: [secrets]\n  providers:\n  - kms: {name: p}\n",
            "`kms` with apiVersion v1",
        ),
        (
            "resources:\n- resources: [secrets]\n  providers:\n  - aesgcm: {}\n",
            "is `aesgcm`, want aescbc, kms (apiVersion v2) or secretbox first",
        ),
        (
            "resources:\n- resources: [configmaps]\n  providers:\n  - aescbc: {}\n",
            "no entry covers `secrets`",
        ),
        ("resources: []\n", "has no `resources` entries"),
        ("[not: yaml", "cannot be read: not YAML"),
    ];
    for (text, part) in cases {
        only(
            &content_case(enc(text), APISERVER, &[], &[]),
            "CIS-1.2.28",
            part,
        );
    }
    let missing =
        |root: &Path| fs_err::remove_file(root.join("etc/kubernetes/enc/enc.yaml")).unwrap();
    only(
        &content_case(missing, APISERVER, &[], &[]),
        "CIS-1.2.28",
        "it does not exist",
    );
    // Unset: 1.2.27 fails too.
    let found = content_case(|_| {}, APISERVER, &["encryption-provider-config"], &[]);
    assert_eq!(
        found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["CIS-1.2.27", "CIS-1.2.28"]
    );
}

#[test]
fn separate_etcd_ca_2_7() {
    let same =
        |root: &Path| write_text(&root.join("etc/kubernetes/pki/etcd/ca.crt"), "cluster CA\n");
    only(
        &content_case(same, ETCD, &[], &[]),
        "CIS-2.7",
        "holds the same certificates as",
    );
    let found = content_case(
        |_| {},
        ETCD,
        &["trusted-ca-file"],
        &["--trusted-ca-file=/etc/kubernetes/pki/ca.crt"],
    );
    only(
        &found,
        "CIS-2.7",
        "/etc/kubernetes/pki/ca.crt` is kube-apiserver's `--client-ca-file`",
    );
    let found = content_case(|_| {}, ETCD, &["trusted-ca-file"], &[]);
    only(&found, "CIS-2.7", "`--trusted-ca-file` is not set");
}

#[test]
fn absent_bind_address_is_all_interfaces() {
    let dir = good_root();
    let cmd: Vec<String> = hardened(SCHEDULER)
        .into_iter()
        .filter(|a| !a.starts_with("--bind-address"))
        .collect();
    let found = run_one(dir.path(), SCHEDULER, cmd);
    assert_eq!(ids(&found), vec![("CIS-1.4.2", Severity::Error)]);
    assert!(
        found[0]
            .message
            .starts_with("`--bind-address` is not set (defaults to 0.0.0.0), want `127.0.0.1`"),
        "{}",
        found[0].message
    );
}

#[test]
fn boolean_followed_by_false_is_still_true() {
    // `--profiling false`: pflag sets profiling=true and `false` is a stray positional.
    let dir = good_root();
    let mut cmd: Vec<String> = hardened(APISERVER)
        .into_iter()
        .filter(|a| !a.starts_with("--profiling"))
        .collect();
    cmd.extend(args(&["--profiling", "false"]));
    let found = run_one(dir.path(), APISERVER, cmd);
    assert_eq!(ids(&found), vec![("CIS-1.2.15", Severity::Error)]);
    assert!(
        found[0].message.starts_with("`--profiling=true`"),
        "{}",
        found[0].message
    );
}
