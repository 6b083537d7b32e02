//! Running the `staticpod` binary from the integration tests: from the repository root, with
//! none of the caller's proxy, colour or locale variables (they would leak into renders and output).

use std::process::{Command, Output};

/// The command, not yet run (for tests that add environment or stdin).
pub fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_staticpod"));
    cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "NO_PROXY",
        "http_proxy",
        "https_proxy",
        "no_proxy",
        "NO_COLOR",
        // The locale decides between UTF-8 and ASCII symbols in messages: unset means UTF-8.
        "LC_ALL",
        "LC_CTYPE",
        "LANG",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Run `staticpod <args>` to completion.
pub fn staticpod(args: &[&str]) -> Output {
    command(args).output().expect("run staticpod")
}
