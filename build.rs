//! Unpacks the bundled gazetteer (`gazetteer/eventmap.gaz.gz`, stored
//! gzipped to keep the repository small) into `OUT_DIR`, where
//! `src/gazetteer/mod.rs` includes it with `include_bytes!`.

use std::io::Read;

fn main() {
    let src = "gazetteer/eventmap.gaz.gz";
    println!("cargo:rerun-if-changed={src}");
    let packed = std::fs::read(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let mut blob = Vec::with_capacity(32 << 20);
    flate2::read::GzDecoder::new(&packed[..])
        .read_to_end(&mut blob)
        .unwrap_or_else(|e| panic!("{src}: not a gzip file: {e}"));
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("eventmap.gaz");
    // Only when it changed, so that the crate is not rebuilt for nothing.
    if std::fs::read(&out).ok().as_deref() != Some(&blob[..]) {
        std::fs::write(&out, &blob).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    }
}
