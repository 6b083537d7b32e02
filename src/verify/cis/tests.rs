use super::evaluate::*;
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
    dir
}

fn input(root: &Path, component: &str, command: Vec<String>) -> ComponentInput {
    ComponentInput {
        component: component.to_string(),
        manifest: manifest_path(root, component),
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
            ("CIS-1.2.5", E),
            ("CIS-1.2.15", E),
            ("CIS-1.2.16", E),
            ("CIS-1.2.17", E),
            ("CIS-1.2.18", E),
            ("CIS-1.2.19", E),
            ("CIS-1.2.27", W),
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
    let profiling = &found[2];
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
    ("1.2.4", APISERVER, &[], &["kubelet-client-key"], &[]),
    ("1.2.5", APISERVER, &[], &[], &["--kubelet-certificate-authority="]),
    ("1.2.6", APISERVER, &["--authorization-mode=RBAC,Node,Webhook"], &[], &["--authorization-mode=Node,RBAC,AlwaysAllow"]),
    ("1.2.7", APISERVER, &["--authorization-mode=RBAC,Node"], &["authorization-mode"], &["--authorization-mode=RBAC"]),
    ("1.2.8", APISERVER, &["--authorization-mode=Node, RBAC"], &["authorization-mode"], &["--authorization-mode=Node,ABAC"]),
    ("1.2.10", APISERVER, &["--enable-admission-plugins=NodeRestriction,AlwaysPullImages"], &[], &["--enable-admission-plugins=NodeRestriction,AlwaysAdmit"]),
    ("1.2.12", APISERVER, &["--disable-admission-plugins=DefaultStorageClass"], &[], &["--disable-admission-plugins=ServiceAccount"]),
    ("1.2.13", APISERVER, &["--disable-admission-plugins=DefaultStorageClass"], &[], &["--disable-admission-plugins=DefaultStorageClass,NamespaceLifecycle"]),
    ("1.2.14", APISERVER, &["--enable-admission-plugins=EventRateLimit,NodeRestriction"], &["enable-admission-plugins"], &[]),
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
    ("1.2.30", APISERVER, &[], &[], &["--service-account-extend-token-expiration=true"]),
    ("1.3.1", CONTROLLER_MANAGER, &[], &["terminated-pod-gc-threshold"], &[]),
    ("1.3.2", CONTROLLER_MANAGER, &["--profiling=0"], &["profiling"], &[]),
    ("1.3.3", CONTROLLER_MANAGER, &["--use-service-account-credentials"], &["use-service-account-credentials"], &[]),
    ("1.3.4", CONTROLLER_MANAGER, &[], &["service-account-private-key-file"], &[]),
    ("1.3.5", CONTROLLER_MANAGER, &[], &["root-ca-file"], &[]),
    ("1.3.6", CONTROLLER_MANAGER, &["--feature-gates=RotateKubeletServerCertificate=true"], &[], &["--feature-gates=Foo=true,RotateKubeletServerCertificate=false"]),
    ("1.3.7", CONTROLLER_MANAGER, &[], &[], &["--bind-address=0.0.0.0"]),
    ("1.4.1", SCHEDULER, &[], &[], &["--profiling=true"]),
    ("1.4.2", SCHEDULER, &[], &["bind-address"], &["--bind-address=0.0.0.0"]),
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
            let found = run_one(root, component, bad);
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
fn missing_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing exists: no manifests, no kubeconfigs, no PKI, no data dir.
    assert_eq!(check(dir.path(), &all_hardened(dir.path())), vec![]);
    let bad = input(dir.path(), APISERVER, args(&["kube-apiserver"]));
    assert_eq!(check(dir.path(), &[bad]), vec![]);
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
    inputs[3].command = args(KUBEADM_APISERVER); // apiserver
    inputs[0].command = args(&["etcd", "--data-dir=/var/lib/etcd"]);
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
            "CIS-1.2.5",
            "CIS-1.2.15"
        ]),
        "{order:?}"
    );
    assert_eq!(order.last(), Some(&"CIS-2.5"));
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
    assert_eq!(manual, ["1.1.20", "1.1.21", "1.2.1", "1.2.27", "1.3.1"]);
}
