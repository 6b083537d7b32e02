//! What this node is running, seen without the API server: the process table under `/proc`
//! and the static pods' own probes. `--wait` and `restart` are built on it.
//!
//! - [`proc_table`]: processes (pid, argv, start time) read from a `/proc`-like directory;
//! - [`duration`]: Go-style durations (`90s`, `2m30s`) for `--timeout`;
//! - [`target`]: what to look for once a manifest is in place: its argv and its probes;
//! - [`probe`]: one probe run the way the kubelet runs it;
//! - [`wait`]: the bounded wait loops (new process up and healthy; process gone);
//! - [`progress`]: the progress line on stderr.

pub mod duration;
pub mod probe;
pub mod proc_table;
pub mod progress;
pub mod target;
pub mod wait;

pub use duration::parse_go_duration;
pub use proc_table::{ProcTable, Process};
pub use progress::Progress;
pub use target::WaitTarget;
pub use wait::{Baseline, WaitOutcome, WaitSettings};
