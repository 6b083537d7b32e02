//! Golden render cases: `golden/render/<case>/` holds the input (`config.yaml`, optional
//! `flags` with one command-line argument per line, `env` with the `NAME=value` environment
//! kubeadm would see, `root/` host tree, `patches/`) and the expected output (`expected/*.yaml`
//! or `expected/error.txt`). Cases with a `SOURCE` file are real kubeadm outputs from public
//! repositories and are never rewritten; the others can be re-blessed with
//! `STATICPOD_BLESS=1 cargo test`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Parser;
use staticpod::cli::{Cli, Command};
use staticpod::render::{self, Rendered};

pub struct Case {
    pub dir: PathBuf,
}

impl Case {
    pub fn name(&self) -> String {
        self.dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    fn lines(&self, file: &str) -> Vec<String> {
        fs_err::read_to_string(self.dir.join(file))
            .map(|text| {
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Render the case as `staticpod render` would, with the case's environment.
    pub fn render(&self) -> Result<Rendered, String> {
        let root = self.dir.join("root");
        let flags = self.lines("flags");
        let mut argv: Vec<String> = vec!["staticpod".into()];
        if !flags.iter().any(|f| f == "--root") {
            argv.push("--root".into());
            argv.push(root.display().to_string());
        }
        argv.extend([
            "render".into(),
            "--config".into(),
            self.dir.join("config.yaml").display().to_string(),
        ]);
        if self.dir.join("patches").is_dir() {
            argv.push("--patches".into());
            argv.push(self.dir.join("patches").display().to_string());
        }
        argv.extend(flags);
        let cli = Cli::try_parse_from(&argv).map_err(|e| e.to_string())?;
        let Command::Render(args) = &cli.command else {
            return Err("golden flags must describe a render".into());
        };
        let environment = self
            .lines("env")
            .into_iter()
            .filter_map(|l| {
                l.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
            })
            .collect();
        let request = staticpod::cmd::render::request_with_environment(
            &cli.global,
            &args.input,
            environment,
        )?;
        render::render(&request).map_err(|e| e.to_string())
    }

    pub fn expected(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Ok(entries) = fs_err::read_dir(self.dir.join("expected")) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if let Ok(text) = fs_err::read_to_string(entry.path()) {
                    out.insert(name, text);
                }
            }
        }
        out
    }

    pub fn is_real_kubeadm_output(&self) -> bool {
        self.dir.join("SOURCE").exists()
    }
}

pub fn cases() -> Vec<Case> {
    let mut dirs: Vec<PathBuf> = fs_err::read_dir("golden/render")
        .expect("golden/render exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("config.yaml").exists())
        .collect();
    dirs.sort();
    dirs.into_iter().map(|dir| Case { dir }).collect()
}

/// What a render produced, as files: `<component>.yaml` or `error.txt`.
pub fn outcome(result: &Result<Rendered, String>) -> BTreeMap<String, String> {
    match result {
        Ok(rendered) => rendered
            .manifests
            .iter()
            .map(|m| (m.component.file_name(), m.yaml.clone()))
            .collect(),
        Err(message) => BTreeMap::from([("error.txt".to_string(), format!("{message}\n"))]),
    }
}

fn bless(case: &Case, files: &BTreeMap<String, String>) {
    let dir = case.dir.join("expected");
    let _ = fs_err::remove_dir_all(&dir);
    fs_err::create_dir_all(&dir).expect("create expected/");
    for (name, text) in files {
        fs_err::write(dir.join(name), text).expect("write expected file");
    }
}

fn unified(expected: &str, actual: &str, name: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .header(&format!("expected/{name}"), "rendered")
        .to_string()
}

#[test]
fn golden_cases_render_exactly_and_stably() {
    let blessing = std::env::var_os("STATICPOD_BLESS").is_some();
    let cases = cases();
    assert!(cases.len() >= 30, "only {} golden cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let first = case.render();
        let second = case.render();
        let got = outcome(&first);
        assert_eq!(
            got,
            outcome(&second),
            "{}: rendering twice gave different bytes",
            case.name()
        );
        if blessing && !case.is_real_kubeadm_output() {
            bless(case, &got);
            continue;
        }
        let want = case.expected();
        if want.is_empty() {
            failures.push(format!(
                "{}: no expected/ files (bless with STATICPOD_BLESS=1)",
                case.name()
            ));
            continue;
        }
        for (name, text) in &want {
            match got.get(name) {
                None => failures.push(format!(
                    "{}: expected/{name} was not produced (got {:?})",
                    case.name(),
                    got.keys().collect::<Vec<_>>()
                )),
                Some(actual) if actual != text => {
                    failures.push(format!("{}:\n{}", case.name(), unified(text, actual, name)))
                }
                Some(_) => {}
            }
        }
        for name in got.keys().filter(|n| !want.contains_key(*n)) {
            failures.push(format!(
                "{}: produced {name}, which is not in expected/",
                case.name()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A readable report per case: release, warnings, then every file (or the error).
fn report(case: &Case) -> String {
    let result = case.render();
    let mut out = String::new();
    match &result {
        Ok(rendered) => {
            out.push_str(&format!(
                "# kubeadm {} rendering Kubernetes {}\n",
                rendered.release, rendered.kubernetes_version
            ));
            for warning in &rendered.warnings {
                // Paths in warnings are relative to the crate root already.
                out.push_str(&format!("# warning: {warning}\n"));
            }
        }
        Err(_) => out.push_str("# error\n"),
    }
    for (name, text) in outcome(&result) {
        out.push_str(&format!("--- {name}\n{text}"));
    }
    out
}

#[test]
fn golden_reports() {
    let crate_root = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::glob!("../golden/render", "*/config.yaml", |config: &Path| {
        let dir = config.parent().expect("case dir");
        // Relative paths keep file names in messages the same on every machine.
        let case = Case {
            dir: dir.strip_prefix(crate_root).unwrap_or(dir).to_path_buf(),
        };
        insta::assert_snapshot!(report(&case));
    });
}
