//! `staticpod apply`: parse, call [`crate::ops::apply`], print its report.

use super::{backup_dir, exit, install, manifests_dir, Code, Output};
use crate::cli::{ApplyArgs, GlobalArgs};
use crate::node::Progress;
use crate::ops::apply::{self, ApplyRequest, Source};

pub fn run(global: &GlobalArgs, args: &ApplyArgs, out: &Output) -> Code {
    let source = if args.from.is_empty() {
        match super::render::request(global, &args.input) {
            Ok(request) => Source::Render(Box::new(request)),
            Err(message) => {
                out.error(&message);
                return exit::BAD_INPUT;
            }
        }
    } else {
        Source::Files {
            from: args.from.clone(),
            components: args.input.components.clone(),
        }
    };
    let request = ApplyRequest {
        dir: &manifests_dir(global),
        backups: &backup_dir(global),
        source,
        dry_run: args.dry_run,
        lock_timeout: args.lock_timeout,
        wait: args
            .wait
            .wait
            .then(|| super::wait_options(global, &args.wait.watch)),
    };
    let progress = Progress::new(out.quiet);
    let result = out.with_say(|say| apply::run(request, &progress, say));
    drop(progress);
    install::print(result, out)
}
