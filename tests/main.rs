//! staticpod's integration tests: one test binary, one module per concern.

mod apply;
mod cli;
mod corpus_damaged;
mod diff_properties;
mod fuzz_seeds;
mod golden;
mod golden_diff;
mod golden_verify;
mod hash_check;
mod render_properties;
mod support;
mod verify_cli;
