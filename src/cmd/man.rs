//! `staticpod man`: the man page (roff) generated from the command line's definition.

use clap::CommandFactory;

use super::{exit, Code, Output};
use crate::cli::Cli;

/// The man page, as shipped in `contrib/man/staticpod.1`: the synopsis, every option and
/// every subcommand with its own options.
pub fn page() -> Vec<u8> {
    let command = Cli::command();
    let mut roff = Vec::new();
    // Rendering into a Vec cannot fail: only the writer's errors are returned.
    let _ = clap_mangen::Man::new(command.clone()).render(&mut roff);
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("staticpod {}", sub.get_name());
        let nested = sub.has_subcommands();
        let sub = sub.clone().display_name(name.clone()).bin_name(name);
        roff.extend_from_slice(b".\\\" ----------------------------------------\n");
        let man = clap_mangen::Man::new(sub);
        let _ = man.render_name_section(&mut roff);
        let _ = man.render_synopsis_section(&mut roff);
        let _ = man.render_description_section(&mut roff);
        let _ = man.render_options_section(&mut roff);
        if nested {
            let _ = man.render_subcommands_section(&mut roff);
        }
    }
    roff
}

pub fn run(out: &Output) -> Code {
    out.stdout_bytes(&page());
    exit::OK
}
