//! Writes the worst-case articles of `eventmap::hostile` as JSONL files
//! into a folder, for `scripts/bench_limits`:
//! `cargo run --release --example worst_case_inputs -- DIR 4 60` writes
//! `dense_triggers-4MB.jsonl`, `dense_places-4MB.jsonl`,
//! `repeated_name-4MB.jsonl` and the same at 60 MB.

use eventmap::{hostile, Gazetteer};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: worst_case_inputs DIR MB..."));
    let gaz = Gazetteer::bundled();
    for mb in args {
        let mb: usize = mb.parse().expect("a size in MB");
        let bytes = mb * 1_000_000;
        for (name, text) in [
            ("dense_triggers", hostile::dense_triggers(bytes)),
            ("dense_places", hostile::dense_places(gaz, bytes)),
            ("repeated_name", hostile::repeated_name(bytes)),
        ] {
            let record = serde_json::json!({ "id": name, "text": text });
            std::fs::write(
                dir.join(format!("{name}-{mb}MB.jsonl")),
                format!("{record}\n"),
            )?;
        }
    }
    Ok(())
}
