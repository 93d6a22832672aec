#![no_main]
//! `eventmap::fuzzing::writers` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| eventmap::fuzzing::writers(data));
