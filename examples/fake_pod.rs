//! Test-only stand-in for a control-plane container process, used by the test suite's fake
//! kubelet (tests/fake_kubelet.rs): it is started with `argv[0]` and arguments equal to a
//! manifest's `command` + `args`, ignores them, and runs until killed, or until its parent
//! (the fake kubelet) is gone, so a crashed test leaves nothing behind. Not part of the
//! `staticpod` binary; `cargo test` builds it with the other examples.

use std::time::Duration;

fn main() {
    let parent = std::os::unix::process::parent_id();
    loop {
        std::thread::sleep(Duration::from_millis(200));
        if std::os::unix::process::parent_id() != parent {
            return;
        }
    }
}
