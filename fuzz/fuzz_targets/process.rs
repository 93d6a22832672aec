#![no_main]
//! `eventmap::fuzzing::process` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| eventmap::fuzzing::process(data));
