#![no_main]
//! `eventmap::fuzzing::read_inputs` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| eventmap::fuzzing::read_inputs(data));
