//! Every `-o json` report validates against its versioned schema in `schema/v1/` (checked with
//! the `jsonschema` crate): the real output of every command on the golden nodes — every
//! golden render case, every verify corpus node, and a diff / hash / plan / apply / backups /
//! restore round on a temp node.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::support::staticpod;

const EXAMPLE: &str = "golden/example/kubeadm-config.yaml";
const EXAMPLE_ROOT: &str = "golden/example/node";

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn schema(name: &str) -> Value {
    let text = fs_err::read_to_string(repo(&format!("schema/v1/{name}.json"))).expect("schema");
    serde_json::from_str(&text).expect("schema is JSON")
}

/// The schemas that validated at least one real report.
#[derive(Default)]
struct Checked(BTreeSet<String>);

impl Checked {
    /// Validate `o`'s stdout against `schema/v1/<name>.json`.
    fn report(&mut self, name: &str, what: &str, o: &Output) -> Value {
        let stdout = String::from_utf8_lossy(&o.stdout);
        let value: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!(
                "{what}: stdout is not JSON ({e}): {stdout}\nstderr: {}",
                String::from_utf8_lossy(&o.stderr)
            )
        });
        let validator = jsonschema::validator_for(&schema(name)).expect("schema compiles");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{what} against {name}.json:\n{}\n{value:#}",
            errors.join("\n")
        );
        self.0.insert(name.to_string());
        value
    }
}

fn run(args: &[&str]) -> Output {
    let mut all = vec!["-o", "json", "-q"];
    all.extend_from_slice(args);
    staticpod(&all)
}

#[test]
fn every_schema_is_a_valid_draft_2020_12_schema() {
    for entry in fs_err::read_dir(repo("schema/v1")).expect("schema/v1") {
        let path = entry.expect("entry").path();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("name")
            .to_string();
        let schema = schema(&name);
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        assert_eq!(schema["$id"], format!("urn:staticpod:schema:v1:{name}"));
        jsonschema::meta::validate(&schema)
            .unwrap_or_else(|e| panic!("{name}.json is not a valid schema: {e}"));
    }
}

#[test]
fn a_report_missing_a_field_or_with_a_wrong_type_is_rejected() {
    let mut checked = Checked::default();
    let o = run(&["--root", EXAMPLE_ROOT, "render", "--config", EXAMPLE]);
    let value = checked.report("render", "render", &o);
    let validator = jsonschema::validator_for(&schema("render")).expect("compiles");
    let mut missing = value.clone();
    missing
        .as_object_mut()
        .expect("object")
        .remove("kubeadmVersion");
    assert!(!validator.is_valid(&missing));
    let mut wrong = value.clone();
    wrong["manifests"][0]["sha256"] = Value::from(42);
    assert!(!validator.is_valid(&wrong));
    // New fields (another version of staticpod) are allowed.
    let mut extra = value;
    extra["somethingNew"] = Value::from(true);
    extra["manifests"][0]["alsoNew"] = Value::from(1);
    assert!(validator.is_valid(&extra));
}

/// Each golden render case's flags (as `tests/golden.rs` reads them), with its root and
/// patches; `None` for the error cases.
fn golden_render_args(case: &Path) -> Option<Vec<String>> {
    if case.join("expected/error.txt").exists() {
        return None;
    }
    let flags: Vec<String> = fs_err::read_to_string(case.join("flags"))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    let mut args = vec![
        "render".to_string(),
        "--config".to_string(),
        case.join("config.yaml").display().to_string(),
    ];
    if !flags.iter().any(|f| f == "--no-proxy-env") {
        args.push("--no-proxy-env".to_string());
    }
    if !flags.iter().any(|f| f == "--root") {
        args.extend([
            "--root".to_string(),
            case.join("root").display().to_string(),
        ]);
    }
    if case.join("patches").is_dir() {
        args.extend([
            "--patches".to_string(),
            case.join("patches").display().to_string(),
        ]);
    }
    args.extend(flags);
    Some(args)
}

#[test]
fn every_command_reports_json_that_matches_its_schema() {
    let mut checked = Checked::default();

    // render, on every golden render case.
    let mut cases: Vec<PathBuf> = fs_err::read_dir(repo("golden/render"))
        .expect("golden/render")
        .map(|e| e.expect("entry").path())
        .collect();
    cases.sort();
    let mut rendered = 0;
    for case in &cases {
        let Some(args) = golden_render_args(case) else {
            continue;
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0), "{}", case.display());
        checked.report("render", &case.display().to_string(), &o);
        rendered += 1;
    }
    assert!(rendered >= 40, "only {rendered} golden render cases");

    // verify, on every verify corpus node (and with drift on the example).
    let corpus = repo("golden/verify/corpus");
    let mut nodes = 0;
    for entry in fs_err::read_dir(&corpus).expect("corpus") {
        let node = entry.expect("entry").path();
        if !node.is_dir() {
            continue;
        }
        let o = run(&[
            "--root",
            node.to_str().expect("utf8"),
            "verify",
            "--skip",
            "files",
        ]);
        checked.report("verify", &node.display().to_string(), &o);
        nodes += 1;
    }
    assert!(nodes >= 30, "only {nodes} verify corpus nodes");

    // A temp node for the commands that read or change a manifests directory.
    let tmp = tempfile::tempdir().expect("tempdir");
    let manifests = tmp.path().join("manifests");
    let backups = tmp.path().join("backups");
    let (m, b) = (
        manifests.to_str().expect("utf8"),
        backups.to_str().expect("utf8"),
    );
    let o = run(&[
        "--root",
        EXAMPLE_ROOT,
        "render",
        "--config",
        EXAMPLE,
        "--out",
        m,
    ]);
    checked.report("render-out", "render --out", &o);
    let at = |args: &[&str]| {
        let mut all = vec![
            "--root",
            EXAMPLE_ROOT,
            "--manifests-dir",
            m,
            "--backup-dir",
            b,
        ];
        all.extend_from_slice(args);
        run(&all)
    };
    let o = at(&[
        "verify",
        "--config",
        EXAMPLE,
        "--no-proxy-env",
        "--profile",
        "cis",
    ]);
    checked.report("verify", "verify --config --profile cis", &o);
    checked.report(
        "diff",
        "diff (unchanged)",
        &at(&["diff", "--config", EXAMPLE, "--no-proxy-env"]),
    );
    checked.report("hash", "hash", &at(&["hash"]));
    checked.report(
        "plan",
        "plan",
        &at(&["plan", "--target-version", "v1.99.0"]),
    );

    // A hand edit to apply, then to diff, restore and prune.
    let edited_dir = tmp.path().join("edited");
    fs_err::create_dir(&edited_dir).expect("mkdir");
    let scheduler = fs_err::read_to_string(manifests.join("kube-scheduler.yaml")).expect("read");
    let edited = scheduler.replacen(
        "    - kube-scheduler\n",
        "    - kube-scheduler\n    - --v=4\n",
        1,
    );
    assert_ne!(edited, scheduler);
    let edited_file = edited_dir.join("kube-scheduler.yaml");
    fs_err::write(&edited_file, edited).expect("write");
    let e = edited_file.to_str().expect("utf8");
    checked.report(
        "apply",
        "apply --dry-run",
        &at(&["apply", "--from", e, "--dry-run"]),
    );
    let o = at(&["apply", "--from", e]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let applied = checked.report("apply", "apply", &o);
    assert!(applied["backup"].is_string(), "{applied}");
    checked.report(
        "diff",
        "diff (changed)",
        &at(&["diff", "--config", EXAMPLE, "--no-proxy-env"]),
    );

    let list = checked.report("backups-list", "backups list", &at(&["backups", "list"]));
    let id = list["backups"][0]["id"]
        .as_str()
        .expect("a backup")
        .to_string();
    checked.report(
        "backups-show",
        "backups show",
        &at(&["backups", "show", &id]),
    );
    checked.report(
        "restore",
        "restore --dry-run",
        &at(&["restore", "--latest", "--dry-run"]),
    );
    let o = at(&["restore", "--latest"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    checked.report("restore", "restore", &o);
    let o = at(&["import"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    checked.report("import", "import", &o);

    // restart without waiting for health, on an empty process table (no kubelet here).
    let proc_dir = tmp.path().join("proc");
    fs_err::create_dir(&proc_dir).expect("mkdir proc");
    let o = at(&[
        "restart",
        "kube-scheduler",
        "--no-wait",
        "--timeout",
        "10s",
        "--proc",
        proc_dir.to_str().expect("utf8"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    checked.report("restart", "restart --no-wait", &o);
    checked.report(
        "backups-prune",
        "prune --dry-run",
        &at(&["backups", "prune", "--keep", "1", "--dry-run"]),
    );
    checked.report(
        "backups-prune",
        "prune",
        &at(&["backups", "prune", "--keep", "1"]),
    );

    // hash --check on a list written by hash (text).
    let sums = staticpod(&["--manifests-dir", m, "hash"]);
    let sums_file = tmp.path().join("SUMS");
    let list: String = String::from_utf8_lossy(&sums.stdout)
        .lines()
        .filter_map(|l| {
            let mut cells = l.split_whitespace();
            let (sha, _semantic, path) = (cells.next()?, cells.next()?, cells.next()?);
            Some(format!("{sha}  {path}\n"))
        })
        .collect();
    fs_err::write(&sums_file, list).expect("write SUMS");
    let o = run(&["hash", "--check", sums_file.to_str().expect("utf8")]);
    let check = checked.report("hash-check", "hash --check", &o);
    assert_eq!(check["ok"], true, "{check}");

    // Every schema file validated at least one real report.
    let schemas: BTreeSet<String> = fs_err::read_dir(repo("schema/v1"))
        .expect("schema/v1")
        .filter_map(|e| {
            let path = e.ok()?.path();
            Some(path.file_stem()?.to_str()?.to_string())
        })
        .collect();
    assert_eq!(
        checked.0, schemas,
        "schemas without a real report (or reports without a schema)"
    );
}
