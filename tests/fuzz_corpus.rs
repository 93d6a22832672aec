//! Replays every input kept in `fuzz/regressions/<target>/` through the
//! fuzz target of that name (`eventmap::fuzzing`), on stable Rust: each is
//! a crash or a hostile case found once, by hand or by the fuzzer, and must
//! stay fixed. A file named for a target that does not exist fails the
//! test, so none is silently skipped.

use std::path::Path;

#[test]
fn fuzz_regressions_replay_without_a_failure() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut replayed = 0;
    for dir in std::fs::read_dir(&root).expect("fuzz/regressions") {
        let dir = dir.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let target = eventmap::fuzzing::TARGETS
            .iter()
            .find(|(t, _)| *t == name)
            .unwrap_or_else(|| panic!("fuzz/regressions/{name}: no such fuzz target"))
            .1;
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| target(&data));
            assert!(outcome.is_ok(), "{} fails {name}", file.display());
            replayed += 1;
        }
    }
    assert!(replayed >= 10, "only {replayed} inputs replayed");
}
