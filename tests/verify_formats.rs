//! `verify -o prometheus`, `verify --textfile-dir` and `verify -o junit` end to end, on the
//! kubeadm nodes of [`crate::verify_cli::Node`]: a healthy one and ones with findings.
//!
//! The exposition text is read by a strict parser here (HELP and TYPE before each family's
//! samples, families contiguous, label values unescaped) and compared with `-o json`'s
//! findings; when `STATICPOD_PROMTOOL` names a `promtool` binary (`.ci/run` sets it), every
//! output also passes `promtool check metrics`. JUnit XML is parsed with roxmltree.

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;

use serde_json::Value;

use crate::support::staticpod;
use crate::verify_cli::{Node, Signer, Validity};

const DAY: i64 = 86_400;

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// `staticpod --root <node> --color never <args> verify <verify_args> --now <node clock>`.
fn verify(node: &Node, global: &[&str], args: &[&str]) -> Out {
    let mut full = vec!["--root", node.root_str(), "--color", "never"];
    full.extend_from_slice(global);
    full.push("verify");
    full.extend_from_slice(args);
    full.extend_from_slice(&["--now", &node.now]);
    let o = staticpod(&full);
    Out {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn findings(node: &Node, args: &[&str]) -> Vec<Value> {
    let out = verify(node, &["-o", "json"], args);
    let json: Value = serde_json::from_str(&out.stdout).expect("verify -o json");
    json["findings"].as_array().expect("findings").clone()
}

#[derive(Debug, Clone, PartialEq)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Parse the text exposition format strictly: every family has `# HELP` then `# TYPE gauge`
/// before its samples, a family's samples are contiguous, label values are unescaped.
fn parse_exposition(text: &str) -> Vec<Sample> {
    assert!(text.ends_with('\n'), "no final line feed");
    let mut samples = Vec::new();
    let mut help: Vec<String> = Vec::new();
    let mut typed: Vec<String> = Vec::new();
    let mut finished: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            let (name, doc) = rest.split_once(' ').expect("HELP name text");
            assert!(
                !doc.is_empty() && !help.contains(&name.to_string()),
                "{line}"
            );
            help.push(name.to_string());
            continue;
        }
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
            assert_eq!(kind, "gauge", "{line}");
            assert!(help.contains(&name.to_string()), "TYPE before HELP: {line}");
            typed.push(name.to_string());
            continue;
        }
        assert!(
            !line.starts_with('#') && !line.is_empty(),
            "stray line {line:?}"
        );
        let name_end = line.find(['{', ' ']).expect("sample name");
        let name = &line[..name_end];
        assert!(
            typed.contains(&name.to_string()),
            "sample before TYPE: {line}"
        );
        if name != current {
            assert!(
                !finished.contains(&name.to_string()),
                "{name} is not contiguous"
            );
            finished.push(std::mem::replace(&mut current, name.to_string()));
        }
        let mut labels = BTreeMap::new();
        let mut rest = &line[name_end..];
        if let Some(inner) = rest.strip_prefix('{') {
            let mut chars = inner.char_indices().peekable();
            let mut key = String::new();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                match c {
                    '}' => {
                        end = Some(i);
                        break;
                    }
                    ',' => {}
                    '=' => {
                        assert_eq!(chars.next().map(|(_, c)| c), Some('"'), "{line}");
                        let mut value = String::new();
                        loop {
                            match chars.next().expect("unterminated label value").1 {
                                '"' => break,
                                '\\' => match chars.next().expect("escape").1 {
                                    '\\' => value.push('\\'),
                                    '"' => value.push('"'),
                                    'n' => value.push('\n'),
                                    other => panic!("bad escape \\{other} in {line}"),
                                },
                                '\n' => panic!("raw line feed"),
                                c => value.push(c),
                            }
                        }
                        assert!(
                            labels.insert(std::mem::take(&mut key), value).is_none(),
                            "{line}"
                        );
                    }
                    c => key.push(c),
                }
            }
            rest = &inner[end.expect("unterminated labels") + 1..];
        }
        let value: f64 = rest.trim_start_matches(' ').parse().expect("sample value");
        assert!(rest.starts_with(' ') && !rest[1..].contains(' '), "{line}");
        samples.push(Sample {
            name: name.to_string(),
            labels,
            value,
        });
    }
    let mut keys: Vec<_> = samples.iter().map(|s| (&s.name, &s.labels)).collect();
    keys.sort();
    let before = keys.len();
    keys.dedup();
    assert_eq!(before, keys.len(), "duplicate series");
    samples
}

/// `promtool check metrics` when `STATICPOD_PROMTOOL` is set (CI).
fn promtool_check(text: &str) {
    let Some(promtool) = std::env::var_os("STATICPOD_PROMTOOL") else {
        return;
    };
    let mut child = std::process::Command::new(promtool)
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run promtool");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("feed promtool");
    let out = child.wait_with_output().expect("promtool");
    assert!(
        out.status.success(),
        "promtool check metrics failed:\n{}{}\n--- input:\n{text}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn series<'a>(samples: &'a [Sample], name: &str) -> Vec<&'a Sample> {
    samples.iter().filter(|s| s.name == name).collect()
}

fn one(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    let found: Vec<&Sample> = samples
        .iter()
        .filter(|s| {
            s.name == name
                && labels
                    .iter()
                    .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .collect();
    assert_eq!(found.len(), 1, "{name} {labels:?}: {found:?}");
    found[0].value
}

fn rfc3339_seconds(text: &str) -> f64 {
    let t = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .expect("RFC 3339");
    t.unix_timestamp() as f64
}

/// The node path of a finding's file (`--root` stripped).
fn node_path(node: &Node, file: &str) -> String {
    let root = node.root_str();
    format!(
        "/{}",
        file.strip_prefix(root)
            .expect("under root")
            .trim_start_matches('/')
    )
}

#[test]
fn prometheus_on_a_healthy_node() {
    let node = Node::healthy();
    let out = verify(&node, &["-o", "prometheus"], &[]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    promtool_check(&out.stdout);
    let samples = parse_exposition(&out.stdout);

    assert_eq!(one(&samples, "staticpod_verify_success", &[]), 1.0);
    assert_eq!(
        one(
            &samples,
            "staticpod_verify_findings",
            &[("severity", "error")]
        ),
        0.0
    );
    assert_eq!(
        one(
            &samples,
            "staticpod_verify_findings",
            &[("severity", "warning")]
        ),
        0.0
    );
    assert!(series(&samples, "staticpod_verify_finding").is_empty());
    assert_eq!(
        one(&samples, "staticpod_verify_last_run_timestamp_seconds", &[]),
        rfc3339_seconds(&node.now)
    );
    let json = findings(&node, &[]);
    let infos = json.iter().filter(|f| f["severity"] == "info").count();
    assert_eq!(
        one(
            &samples,
            "staticpod_verify_findings",
            &[("severity", "info")]
        ),
        infos as f64
    );

    // One expiry series per certificate file and kubeconfig that verify read.
    let certs = series(&samples, "staticpod_certificate_expiry_timestamp_seconds");
    let mut expiry_files: Vec<String> = json
        .iter()
        .filter(|f| f["id"] == "CERT-EXPIRY")
        .map(|f| node_path(&node, f["file"].as_str().expect("file")))
        .collect();
    expiry_files.sort();
    expiry_files.dedup();
    let mut cert_paths: Vec<String> = certs.iter().map(|s| s.labels["path"].clone()).collect();
    cert_paths.sort();
    cert_paths.dedup();
    assert_eq!(cert_paths, expiry_files);
    for kubeconfig in [
        "/etc/kubernetes/admin.conf",
        "/etc/kubernetes/scheduler.conf",
    ] {
        assert!(
            cert_paths.iter().any(|p| p == kubeconfig),
            "{kubeconfig}: {cert_paths:?}"
        );
    }
    // The leaves were issued for a year from the node's build time.
    let apiserver = one(
        &samples,
        "staticpod_certificate_expiry_timestamp_seconds",
        &[
            ("path", "/etc/kubernetes/pki/apiserver.crt"),
            ("subject", "CN=apiserver"),
        ],
    );
    let expected = rfc3339_seconds(&node.now) + (365 * DAY) as f64;
    assert!(
        (apiserver - expected).abs() < 120.0,
        "{apiserver} vs {expected}"
    );

    // manifest_info: image, tag and the file's SHA-256.
    let infos = series(&samples, "staticpod_manifest_info");
    assert_eq!(infos.len(), 4);
    for info in infos {
        let component = &info.labels["component"];
        let bytes = fs_err::read(node.manifest(component)).expect("manifest");
        assert_eq!(
            info.labels["sha256"],
            staticpod::manifest::sha256_hex(&bytes)
        );
        assert!(info.labels["image"].ends_with(&format!(":{}", info.labels["version"])));
        assert_eq!(info.value, 1.0);
    }
    assert_eq!(
        one(
            &samples,
            "staticpod_manifest_info",
            &[("component", "kube-apiserver")]
        ),
        1.0
    );
}

#[test]
fn prometheus_on_nodes_with_findings() {
    let node = Node::healthy();
    node.reissue(
        "apiserver",
        Signer::Ca,
        Validity {
            from: -400 * DAY,
            to: -2 * DAY,
        },
    );
    node.reissue(
        "etcd/server",
        Signer::EtcdCa,
        Validity {
            from: -DAY,
            to: 10 * DAY,
        },
    );
    // A stray whose name needs escaping in a label value.
    let stray = node.path("/etc/kubernetes/manifests/kube-apiserver \"old\\copy\".yaml");
    fs_err::copy(node.manifest("kube-apiserver"), &stray).expect("stray copy");

    let out = verify(&node, &["-o", "prometheus"], &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    promtool_check(&out.stdout);
    assert!(
        out.stdout.contains(r#"kube-apiserver \"old\\copy\".yaml"#),
        "{}",
        out.stdout
    );
    let samples = parse_exposition(&out.stdout);
    let json = findings(&node, &[]);

    for severity in ["error", "warning", "info"] {
        let n = json.iter().filter(|f| f["severity"] == severity).count();
        assert_eq!(
            one(
                &samples,
                "staticpod_verify_findings",
                &[("severity", severity)]
            ),
            n as f64,
            "{severity}"
        );
    }
    assert_eq!(one(&samples, "staticpod_verify_success", &[]), 0.0);
    let per_finding = series(&samples, "staticpod_verify_finding");
    let total: f64 = per_finding.iter().map(|s| s.value).sum();
    let errors_and_warnings = json.iter().filter(|f| f["severity"] != "info").count();
    assert_eq!(total, errors_and_warnings as f64);
    assert_eq!(
        one(
            &samples,
            "staticpod_verify_finding",
            &[
                ("id", "CERT-EXPIRED"),
                ("component", "kube-apiserver"),
                ("file", "/etc/kubernetes/pki/apiserver.crt")
            ]
        ),
        1.0
    );
    assert_eq!(
        one(
            &samples,
            "staticpod_verify_finding",
            &[
                ("id", "CERT-EXPIRING"),
                ("severity", "warning"),
                ("component", "etcd")
            ]
        ),
        1.0
    );
    assert_eq!(
        one(
            &samples,
            "staticpod_verify_finding",
            &[
                ("id", "STRAY-FILE"),
                ("component", ""),
                (
                    "file",
                    "/etc/kubernetes/manifests/kube-apiserver \"old\\copy\".yaml"
                )
            ]
        ),
        1.0
    );
    // The expired certificate's notAfter is in the past of the run's clock.
    let expired = one(
        &samples,
        "staticpod_certificate_expiry_timestamp_seconds",
        &[("path", "/etc/kubernetes/pki/apiserver.crt")],
    );
    assert!(expired < rfc3339_seconds(&node.now));

    // A broken manifest: no manifest_info for it, the others stay.
    node.write_manifest("kube-scheduler", "apiVersion: v1\nkind: Pod\nspec: [\n");
    let out = verify(&node, &["-o", "prometheus"], &[]);
    promtool_check(&out.stdout);
    let samples = parse_exposition(&out.stdout);
    let components: Vec<&str> = series(&samples, "staticpod_manifest_info")
        .iter()
        .map(|s| s.labels["component"].as_str())
        .collect();
    assert_eq!(
        components,
        ["kube-apiserver", "kube-controller-manager", "etcd"]
    );
    assert_eq!(
        one(
            &samples,
            "staticpod_verify_finding",
            &[("id", "MANIFEST-INVALID"), ("component", "kube-scheduler")]
        ),
        1.0
    );
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs_err::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn textfile_dir_gets_exactly_the_metrics_file_atomically() {
    let node = Node::healthy();
    let dir = tempfile::tempdir().expect("tempdir");
    let textfiles = dir.path().to_str().expect("UTF-8");
    fs_err::write(dir.path().join("staticpod.prom"), "# old\n").expect("old file");
    fs_err::write(dir.path().join("node.prom"), "other 1\n").expect("other file");

    let out = verify(&node, &["-q"], &["--textfile-dir", textfiles]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // Text report on stdout as usual; the metrics in the file.
    assert!(out.stdout.contains("0 error(s)"), "{}", out.stdout);
    assert_eq!(entries(dir.path()), ["node.prom", "staticpod.prom"]);
    let written = fs_err::read_to_string(dir.path().join("staticpod.prom")).expect("metrics");
    let printed = verify(&node, &["-o", "prometheus"], &[]).stdout;
    assert_eq!(written, printed);
    let mode = fs_err::metadata(dir.path().join("staticpod.prom"))
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
    assert_eq!(
        fs_err::read_to_string(dir.path().join("node.prom")).expect("other"),
        "other 1\n"
    );

    // Readers never see a partial file: while verify rewrites it, every read is complete.
    let path = dir.path().join("staticpod.prom");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (path, stop) = (path.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut reads = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let text = fs_err::read_to_string(&path).expect("the file is always there");
                assert!(
                    text.ends_with("staticpod_verify_success 1\n"),
                    "partial: {text:?}"
                );
                reads += 1;
            }
            reads
        })
    };
    for _ in 0..5 {
        let out = verify(&node, &[], &["--textfile-dir", textfiles]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(reader.join().expect("reader") > 0);
    assert_eq!(entries(dir.path()), ["node.prom", "staticpod.prom"]);
}

#[test]
fn textfile_dir_problems_change_nothing() {
    let node = Node::healthy();
    let dir = tempfile::tempdir().expect("tempdir");
    // No such directory: exit 2, nothing created.
    let missing = dir.path().join("missing");
    let out = verify(
        &node,
        &[],
        &["--textfile-dir", missing.to_str().expect("UTF-8")],
    );
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("--textfile-dir") && out.stderr.contains("missing"),
        "{}",
        out.stderr
    );
    assert!(!missing.exists());
    // The target cannot be replaced (a directory is in the way): exit 3, no temp file left.
    fs_err::create_dir(dir.path().join("staticpod.prom")).expect("blocking dir");
    let out = verify(
        &node,
        &[],
        &["--textfile-dir", dir.path().to_str().expect("UTF-8")],
    );
    assert_eq!(out.code, Some(3), "{}", out.stderr);
    assert!(out.stderr.contains("staticpod.prom"), "{}", out.stderr);
    assert_eq!(entries(dir.path()), ["staticpod.prom"]);
    assert!(dir.path().join("staticpod.prom").is_dir());
}

#[test]
fn report_formats_are_verify_only() {
    for format in ["prometheus", "junit"] {
        let o = staticpod(&["-o", format, "hash", "golden/example/kubeadm-config.yaml"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("verify"));
    }
}

/// (suite name, tests, failures) and every testcase as (suite, id, failure text or None).
type Junit = (
    Vec<(String, usize, usize)>,
    Vec<(String, String, Option<String>)>,
);

fn parse_junit(xml: &str) -> Junit {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let attr = |n: roxmltree::Node<'_, '_>, a: &str| -> usize {
        n.attribute(a)
            .unwrap_or_else(|| panic!("no {a}"))
            .parse()
            .expect("number")
    };
    let (mut suites, mut cases) = (Vec::new(), Vec::new());
    let (mut all_tests, mut all_failures) = (0, 0);
    for suite in root.children().filter(|n| n.is_element()) {
        assert_eq!(suite.tag_name().name(), "testsuite");
        let name = suite.attribute("name").expect("suite name").to_string();
        for required in ["hostname", "timestamp", "errors", "time", "package", "id"] {
            assert!(
                suite.attribute(required).is_some(),
                "testsuite without {required}"
            );
        }
        let mut tests = 0;
        let mut failures = 0;
        for case in suite.children().filter(|n| n.has_tag_name("testcase")) {
            tests += 1;
            assert_eq!(
                case.attribute("classname"),
                Some(format!("staticpod.verify.{name}").as_str())
            );
            let failure = case.children().find(|n| n.has_tag_name("failure"));
            if failure.is_some() {
                failures += 1;
            }
            cases.push((
                name.clone(),
                case.attribute("name").expect("case name").to_string(),
                failure.map(|f| f.text().unwrap_or_default().to_string()),
            ));
        }
        assert_eq!(attr(suite, "tests"), tests, "{name}");
        assert_eq!(attr(suite, "failures"), failures, "{name}");
        all_tests += tests;
        all_failures += failures;
        suites.push((name, tests, failures));
    }
    assert_eq!(attr(root, "tests"), all_tests);
    assert_eq!(attr(root, "failures"), all_failures);
    (suites, cases)
}

#[test]
fn junit_has_one_testcase_per_check_and_a_failure_per_erroring_check() {
    let node = Node::healthy();
    fs_err::write(node.path("/etc/hostname"), "cp-7\n").expect("hostname");
    let out = verify(&node, &["-o", "junit"], &[]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout.matches(r#" hostname="cp-7" "#).count(),
        5,
        "{}",
        out.stdout
    );
    let (suites, cases) = parse_junit(&out.stdout);
    let names: Vec<&str> = suites.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(
        names,
        ["validity", "strays", "skew", "consistency", "files"]
    );
    assert!(cases.iter().all(|c| c.2.is_none()));
    let ids: Vec<&str> = cases.iter().map(|c| c.1.as_str()).collect();
    for id in [
        "MANIFEST-MISSING",
        "STRAY-FILE",
        "SKEW-NEWER",
        "CONSIST-ADVERTISE",
        "CERT-EXPIRED",
    ] {
        assert_eq!(ids.iter().filter(|i| **i == id).count(), 1, "{id}");
    }

    // Findings: errors become failures, one per check id, listing each error finding.
    node.reissue(
        "apiserver",
        Signer::Ca,
        Validity {
            from: -400 * DAY,
            to: -2 * DAY,
        },
    );
    node.reissue(
        "front-proxy-client",
        Signer::FrontProxyCa,
        Validity {
            from: -400 * DAY,
            to: -DAY,
        },
    );
    let stray = node.path("/etc/kubernetes/manifests/kube-apiserver.yaml.bak <&>");
    fs_err::copy(node.manifest("kube-apiserver"), &stray).expect("stray");
    let args = ["--profile", "cis", "--target-version", "v1.34.1"];
    let out = verify(&node, &["-o", "junit"], &args);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let (suites, cases) = parse_junit(&out.stdout);
    let names: Vec<&str> = suites.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "validity",
            "strays",
            "skew",
            "upgrade",
            "consistency",
            "files",
            "cis"
        ]
    );
    let json = findings(&node, &args);
    let mut erroring: Vec<&str> = json
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["id"].as_str().expect("id"))
        .collect();
    erroring.sort();
    erroring.dedup();
    let mut failed: Vec<&str> = cases
        .iter()
        .filter(|c| c.2.is_some())
        .map(|c| c.1.as_str())
        .collect();
    failed.sort();
    assert_eq!(failed, erroring);
    for (_, id, text) in &cases {
        let errors = json
            .iter()
            .filter(|f| f["severity"] == "error" && f["id"] == id.as_str())
            .count();
        let lines = text.as_deref().map_or(0, |t| t.lines().count());
        assert_eq!(lines, errors, "{id}: {text:?}");
    }
    let expired = cases
        .iter()
        .find(|c| c.1 == "CERT-EXPIRED")
        .and_then(|c| c.2.clone())
        .expect("CERT-EXPIRED failed");
    assert!(expired.contains("apiserver.crt") && expired.contains("front-proxy-client.crt"));
    let stray_text = cases
        .iter()
        .find(|c| c.1 == "STRAY-FILE")
        .and_then(|c| c.2.clone());
    assert!(stray_text.expect("STRAY-FILE failed").contains(".bak <&>"));

    // Skipped groups have no suite.
    let out = verify(
        &node,
        &["-o", "junit"],
        &["--skip", "files", "--skip", "strays"],
    );
    let (suites, _) = parse_junit(&out.stdout);
    let names: Vec<&str> = suites.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["validity", "skew", "consistency"]);
}
