//! `staticpod restore [ID|PATH|--latest]`: parse, call [`crate::ops::restore`], print its
//! report.

use super::{backup_dir, exit, install, manifests_dir, Code, Output};
use crate::cli::{GlobalArgs, RestoreArgs};
use crate::node::Progress;
use crate::ops::restore::{self, RestoreRequest, Which};

pub fn run(global: &GlobalArgs, args: &RestoreArgs, out: &Output) -> Code {
    let backups = backup_dir(global);
    let which = if args.latest {
        Which::Latest
    } else {
        let id = args.id.as_deref().unwrap_or_default();
        match restore::resolve(&backups, id) {
            Some(folder) => Which::Folder(folder),
            None => {
                out.error(&format!(
                    "{id}: no such backup folder in {} (see `staticpod backups list`)",
                    backups.display()
                ));
                return exit::BAD_INPUT;
            }
        }
    };
    let request = RestoreRequest {
        dir: &manifests_dir(global),
        backups: &backups,
        which,
        components: args.components.clone(),
        force: args.force,
        dry_run: args.dry_run,
        lock_timeout: args.lock_timeout,
        wait: args
            .wait
            .wait
            .then(|| super::wait_options(global, &args.wait.watch)),
    };
    let progress = Progress::new(out.quiet);
    let result = out.with_say(|say| restore::run(request, &progress, say));
    drop(progress);
    install::print(result, out)
}
