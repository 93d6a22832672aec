#![no_main]
//! `eventmap::fuzzing::file_names` under libFuzzer.

libfuzzer_sys::fuzz_target!(|data: &[u8]| eventmap::fuzzing::file_names(data));
