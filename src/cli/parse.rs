//! `parse`, `geojson` and the hidden `features`: text outputs, one record
//! per article or one collection for all.

use super::inputs::Inputs;
use super::out::{default_output, Out};
use super::{FeaturesArgs, GeojsonArgs, LayerArg, ParseArgs, ParseFormat};
use anyhow::Result;
use eventmap::export::{self, GeoJsonSeqWriter};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

pub(super) fn run_parse(args: ParseArgs) -> Result<ExitCode> {
    let mut inputs = Inputs::from_args(&args.input);
    inputs.places.candidates = args.candidates.unwrap_or(0) as usize;
    let json = args.format == ParseFormat::Json;
    let default = match (inputs.sample, args.output.is_some()) {
        (true, false) => Some(default_output(
            "sample",
            if json { "json" } else { "jsonl" },
        )?),
        _ => None,
    };
    let mut out = Out::open(args.output.as_deref(), default)?;
    if json {
        out.write_all(b"[")?;
    }
    let mut first = true;
    let batch = inputs.each(|result| {
        let mut record = Vec::with_capacity(512);
        if json {
            record.extend_from_slice(if first { b"\n" } else { b",\n" });
        }
        serde_json::to_writer(&mut record, &result)?;
        if !json {
            record.push(b'\n');
        }
        first = false;
        out.write_all(&record)?;
        out.flush_stdout()
    })?;
    if json {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    out.finish_for(&batch)?;
    Ok(batch.exit_code())
}

pub(super) fn run_geojson(args: GeojsonArgs) -> Result<ExitCode> {
    let inputs = Inputs::from_args(&args.input);
    if args.seq {
        let out = Out::open(args.output.as_deref(), None)?;
        let mut writer = GeoJsonSeqWriter::with_layer(out, args.layer.into());
        let batch =
            inputs.each(|result| writer.write_article(&result).map_err(anyhow::Error::from))?;
        writer.into_inner().finish_for(&batch)?;
        return Ok(batch.exit_code());
    }
    let default = match (inputs.sample, args.output.is_some()) {
        (true, false) => Some(default_output("sample", "geojson")?),
        _ => None,
    };
    let csv = args
        .output
        .as_deref()
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let mut out = Out::open(args.output.as_deref(), default)?;
    let (results, batch) = inputs.collect()?;
    if csv && matches!(args.layer, LayerArg::Events) {
        // The events layer as CSV: the rows of batch's events.csv.
        out.write_all(export::events_csv(&results).as_bytes())?;
    } else if csv {
        let places = export::aggregate(&results);
        out.write_all(export::places_csv(&places).as_bytes())?;
    } else {
        let fc = export::results_collection(&results, args.layer.into());
        let mut bytes = serde_json::to_vec(&fc)?;
        bytes.push(b'\n');
        out.write_all(&bytes)?;
    }
    out.finish_for(&batch)?;
    Ok(batch.exit_code())
}

pub(super) fn run_features(args: FeaturesArgs) -> Result<ExitCode> {
    let inputs = Inputs::from_args(&args.input);
    let gaz = super::gazetteer();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let batch = inputs.each_loaded(|_, loaded| {
        let a = &loaded.article;
        let dump = if args.events {
            let spans = eventmap::recognize::recognize(gaz, &a.text);
            let mentions = eventmap::resolve::resolve(gaz, &a.text, &spans);
            eventmap::events::feature_dump(gaz, &a.id, &a.text, &mentions, a.date.as_deref())
        } else if args.times {
            let published = a
                .date
                .as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            let rows = eventmap::events::times::direction_rows(&a.text, published);
            serde_json::json!({"id": a.id, "times": rows})
        } else {
            eventmap::resolve::feature_dump(gaz, &a.id, &a.text)
        };
        serde_json::to_writer(&mut out, &dump)?;
        out.write_all(b"\n")?;
        Ok(true)
    })?;
    out.flush()?;
    Ok(batch.exit_code())
}
