//! Release files: the completion scripts and the man page shipped under `contrib/` are what
//! the binary generates (bless with `STATICPOD_BLESS=1`), the bash script completes, the man
//! page renders.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap_complete::Shell;
use staticpod::cmd::{completions, man};

use crate::support::staticpod;

fn contrib(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("contrib")
        .join(rel)
}

/// Compare `generated` with the shipped file, or rewrite it when blessing.
fn shipped_matches(path: &Path, generated: &[u8]) -> Result<(), String> {
    if std::env::var_os("STATICPOD_BLESS").is_some() {
        fs_err::write(path, generated).map_err(|e| e.to_string())?;
        return Ok(());
    }
    match fs_err::read(path) {
        Ok(shipped) if shipped == generated => Ok(()),
        Ok(_) => Err(format!(
            "{} is stale: regenerate with `STATICPOD_BLESS=1 cargo test release`",
            path.display()
        )),
        Err(e) => Err(format!(
            "{e} (generate with `STATICPOD_BLESS=1 cargo test release`)"
        )),
    }
}

const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

#[test]
fn shipped_completions_and_man_page_are_current() {
    let mut stale = Vec::new();
    for shell in SHELLS {
        let path = contrib(&format!("completions/{}", completions::file_name(shell)));
        if let Err(e) = shipped_matches(&path, &completions::script(shell)) {
            stale.push(e);
        }
    }
    if let Err(e) = shipped_matches(&contrib("man/staticpod.1"), &man::page()) {
        stale.push(e);
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

#[test]
fn completions_command_prints_the_shipped_script() {
    for shell in SHELLS {
        let out = staticpod(&["completions", &shell.to_string()]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert_eq!(out.stdout, completions::script(shell), "{shell}");
        assert!(!out.stdout.is_empty(), "{shell}");
    }
    let out = staticpod(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Ask bash's completion function what `staticpod <words>` completes to.
fn bash_complete(words: &[&str]) -> Vec<String> {
    let script = contrib("completions/staticpod.bash");
    let line = words.join(" ");
    let words_array = words
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let program = format!(
        "source '{}' || exit 9\n\
         COMP_WORDS=({words_array}); COMP_CWORD={}; COMP_LINE='{line}'; COMP_POINT={}\n\
         _staticpod staticpod '{}' '{}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        words.len() - 1,
        line.len(),
        words.last().copied().unwrap_or_default(),
        words
            .get(words.len().wrapping_sub(2))
            .copied()
            .unwrap_or("staticpod"),
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "bash: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completion_loads_and_completes_subcommands_and_flags() {
    let all = bash_complete(&["staticpod", ""]);
    for sub in [
        "render",
        "diff",
        "hash",
        "plan",
        "apply",
        "backups",
        "restore",
        "verify",
        "completions",
        "man",
    ] {
        assert!(all.iter().any(|w| w == sub), "{sub} not in {all:?}");
    }
    assert_eq!(bash_complete(&["staticpod", "ve"]), ["verify"]);
    let flags = bash_complete(&["staticpod", "plan", "--tar"]);
    assert_eq!(flags, ["--target-version"]);
    let shells = bash_complete(&["staticpod", "completions", "z"]);
    assert_eq!(shells, ["zsh"]);
}

#[test]
fn man_page_renders_with_every_subcommand() {
    let page = man::page();
    let text = String::from_utf8(page.clone()).expect("roff is UTF-8");
    assert!(
        text.starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "{}",
        &text[..40]
    );
    assert!(text.contains(".TH staticpod 1"));
    // Every request line uses a man(7) macro or a roff request clap_mangen emits.
    for line in text.lines().filter(|l| l.starts_with('.')) {
        let request = line.split_whitespace().next().unwrap_or(".");
        assert!(
            [
                ".", ".\\\"", ".TH", ".SH", ".TP", ".IP", ".RS", ".RE", ".br", ".ie", ".el", ".PP",
                ".B", ".I", ".SS"
            ]
            .contains(&request),
            "unexpected roff request {line:?}"
        );
    }
    // Rendered by groff's man macros (what `man -l` uses) without a warning.
    let mut child = Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("groff (man's formatter) is installed");
    std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), &page).expect("write");
    let out = child.wait_with_output().expect("groff");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "groff warnings");
    let rendered = Command::new("sh")
        .args(["-c", "groff -k -man -Tutf8 | col -b"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            std::io::Write::write_all(c.stdin.as_mut().expect("stdin"), &page)?;
            drop(c.stdin.take());
            c.wait_with_output()
        })
        .expect("groff | col");
    // One space between words: groff justifies lines.
    let rendered = String::from_utf8_lossy(&rendered.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for section in ["NAME", "SYNOPSIS", "GLOBAL OPTIONS", "SUBCOMMANDS"] {
        assert!(rendered.contains(section), "{section} missing");
    }
    for sub in [
        "render", "diff", "hash", "plan", "apply", "backups", "restore", "verify",
    ] {
        assert!(
            rendered.contains(&format!("staticpod {sub} [")),
            "no synopsis for {sub}"
        );
    }
    assert!(rendered.contains("--target-version"));
}

#[test]
fn global_options_have_their_own_help_heading_and_say_where_they_apply() {
    let out = staticpod(&["plan", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    let heading = help
        .find("Global options:")
        .expect("a Global options heading");
    let backup = help.find("--backup-dir").expect("--backup-dir listed");
    let target = help
        .find("--target-version")
        .expect("--target-version listed");
    assert!(target < heading && heading < backup, "{help}");
    assert!(
        help.contains("Backup directory (apply, backups, restore, restart)"),
        "{help}"
    );
}

#[test]
fn ci_refuses_snapshot_updating_variables() {
    for var in ["INSTA_UPDATE", "INSTA_FORCE_PASS", "STATICPOD_BLESS"] {
        let out = Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/run"))
            .env(var, "1")
            .output()
            .expect("run .ci/run");
        assert_eq!(out.status.code(), Some(2), "{var}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("{var} is set")), "{stderr}");
        assert!(out.stdout.is_empty(), "ran checks with {var} set");
    }
}

#[test]
fn deb_package_ships_files_that_exist() {
    let manifest = fs_err::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .expect("Cargo.toml");
    let section = manifest
        .split("[package.metadata.deb]")
        .nth(1)
        .expect("cargo-deb metadata");
    let sources: Vec<&str> = section
        .lines()
        .filter_map(|l| l.trim().strip_prefix("[\""))
        .filter_map(|l| l.split('"').next())
        .collect();
    for wanted in [
        "target/release/staticpod",
        "contrib/man/staticpod.1",
        "contrib/completions/staticpod.bash",
        "contrib/completions/_staticpod",
        "contrib/completions/staticpod.fish",
    ] {
        assert!(
            sources.contains(&wanted),
            "{wanted} not packaged: {sources:?}"
        );
    }
    for source in sources.iter().filter(|s| !s.starts_with("target/")) {
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(source).is_file(),
            "{source} is packaged but missing"
        );
    }
}

/// Issue 11 item 5: one module owns YAML input, so the decoder can be changed in one place.
#[test]
fn yaml_is_decoded_only_in_src_yaml() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offenders = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("src")) {
        let entry = entry.expect("walk src");
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "rs")
            && !path.starts_with(root.join("src/yaml"))
            && fs_err::read_to_string(path)
                .expect("read source")
                .contains("serde_yaml")
        {
            offenders.push(path.display().to_string());
        }
    }
    assert!(
        offenders.is_empty(),
        "serde_yaml used outside src/yaml: {offenders:?}"
    );
}
