//! `staticpod restart COMPONENT… [--wait|--no-wait]`: see [`crate::ops::restart`].

use std::time::Duration;

use super::{backup_dir, exit, manifests_dir, wait_options, Code, Output};
use crate::cli::{GlobalArgs, OutputFormat, RestartArgs};
use crate::component::Component;
use crate::fsx::{self, NoHooks};
use crate::node::Progress;
use crate::ops::restart::{self, RestartRequest};
use crate::ops::Say;

pub fn run(global: &GlobalArgs, args: &RestartArgs, out: &Output) -> Code {
    let mut components = Vec::new();
    for name in &args.components {
        match name.parse::<Component>() {
            Ok(c) => components.push(c),
            Err(e) => {
                out.error(&e);
                return exit::BAD_INPUT;
            }
        }
    }
    let dir = manifests_dir(global);
    if !dir.is_dir() {
        out.error(&format!(
            "{}: no such manifests directory (see --root / --manifests-dir)",
            dir.display()
        ));
        return exit::BAD_INPUT;
    }
    let backups = backup_dir(global);
    if let Err(e) = fsx::ensure_backup_dir(&backups, &NoHooks) {
        out.error(&e.to_string());
        return exit::FAILED_RESTORED;
    }
    // The manifests directory's lock, the one apply, restore and prune take.
    let _lock = match fsx::lock(&dir, Duration::from_secs(args.lock_timeout), &NoHooks) {
        Ok(lock) => lock,
        Err(e) => {
            out.error(&e.to_string());
            return exit::FAILED_RESTORED;
        }
    };
    let wait = wait_options(global, &args.watch);
    let request = RestartRequest {
        dir: &dir,
        backups: &backups,
        components: &components,
        wait: &wait,
        wait_healthy: !args.no_wait,
    };
    let progress = Progress::new(out.quiet);
    let warn = |m: &str| out.warn(m);
    let note = |m: &str| out.note(m);
    let (report, result) = restart::run(
        &request,
        &progress,
        &Say {
            warn: &warn,
            note: &note,
        },
    );
    drop(progress);
    match out.format {
        OutputFormat::Json => out.json(&serde_json::to_value(&report).unwrap_or_default()),
        OutputFormat::Text => {
            if out.verbose {
                if let Some(backup) = &report.backup {
                    out.stdout(&format!("backup: {backup}\n"));
                }
            }
        }
    }
    match result {
        Ok(()) => exit::OK,
        Err(e) => {
            out.error(&e.to_string());
            e.exit_code()
        }
    }
}
