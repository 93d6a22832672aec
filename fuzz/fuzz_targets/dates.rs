#![no_main]
//! `eventmap::fuzzing::dates` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| eventmap::fuzzing::dates(data));
