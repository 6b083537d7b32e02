//! staticpod's integration tests: one test binary, one module per concern.

mod apply;
mod cli;
mod corpus_damaged;
mod diff_properties;
mod fake_kubelet;
mod fuzz_seeds;
mod golden;
mod golden_diff;
mod golden_verify;
mod golden_verify_cis;
mod hash_check;
mod import;
mod json_schema;
mod limits;
mod oracle_gourl;
mod oracle_pflag;
mod oracle_strategic_merge;
mod oracle_yaml;
mod release;
mod render_properties;
mod support;
mod terminal_output;
mod verify_cli;
mod verify_formats;
mod wait;
mod yaml_input;
