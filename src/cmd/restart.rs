//! `staticpod restart COMPONENT… [--wait|--no-wait]`: parse, call
//! [`crate::ops::restart::run_locked`], print its report.

use std::time::Duration;

use super::{backup_dir, exit, manifests_dir, wait_options, Code, Output};
use crate::cli::{GlobalArgs, OutputFormat, RestartArgs};
use crate::component::Component;
use crate::node::Progress;
use crate::ops::restart::{self, RestartRequest};

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
    let backups = backup_dir(global);
    let wait = wait_options(global, &args.watch);
    let request = RestartRequest {
        dir: &dir,
        backups: &backups,
        components: &components,
        wait: &wait,
        wait_healthy: !args.no_wait,
    };
    let progress = Progress::new(out.quiet);
    let lock_timeout = Duration::from_secs(args.lock_timeout);
    let outcome = out.with_say(|say| restart::run_locked(&request, lock_timeout, &progress, say));
    let (report, result) = match outcome {
        Ok(outcome) => outcome,
        Err(e) => {
            drop(progress);
            out.error(&e.to_string());
            return e.exit_code();
        }
    };
    drop(progress);
    match out.format {
        OutputFormat::Json => out.json_report(&report),
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
