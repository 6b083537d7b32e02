#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| staticpod::fuzzing::yaml_decode(data));
