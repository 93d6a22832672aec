//! The `times` array end to end: the real binary parses a short article we
//! wrote (a results story with a dateline and a look ahead), and every
//! calendar expression comes out once, in text order, with character
//! offsets that index the text, its days and its granularity; events take
//! the time expression of their own sentence.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `eventmap parse -` on one JSONL record and returns the result.
fn parse_one(record: &Value) -> Value {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eventmap"))
        .args(["parse", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("eventmap runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{record}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn times_of_a_results_story() {
    // Published on Monday 2 November 1998.
    let text = "Zürich, Oct. 30 — Helvetia Steel said third-quarter profit fell 12% from \
                a year ago. The quarter was hurt by floods in late September. \
                A strike began last summer and ended on Aug. 7, 1998; the next day, \
                workers returned. The company expects sales to recover in next year's \
                first quarter and will report again on Wednesday. It has made steel since \
                1952, and through the nineties. The talks lasted two days, and prices \
                are reviewed daily.";
    let record = serde_json::json!({"id": "t1", "text": text, "date": "1998-11-02"});
    let result = parse_one(&record);
    let times = result["times"].as_array().expect("a times array");
    let chars: Vec<char> = text.chars().collect();
    let got: Vec<(String, String, Option<String>, String)> = times
        .iter()
        .map(|t| {
            let (s, e) = (
                t["start"].as_u64().unwrap() as usize,
                t["end"].as_u64().unwrap() as usize,
            );
            // Character offsets ("Zürich" has a two-byte letter before).
            let written: String = chars[s..e].iter().collect();
            assert_eq!(written, t["text"].as_str().unwrap());
            (
                written,
                t["date"].as_str().unwrap().to_string(),
                t["end_date"].as_str().map(str::to_string),
                t["granularity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(&str, &str, Option<&str>, &str)> = vec![
        ("Oct. 30", "1998-10-30", None, "day"),
        ("third-quarter", "1998-07-01", Some("1998-09-30"), "quarter"),
        // In results, a year ago is the quarter under discussion, a year
        // back.
        ("a year ago", "1997-07-01", Some("1997-09-30"), "quarter"),
        ("The quarter", "1998-07-01", Some("1998-09-30"), "quarter"),
        ("late September", "1998-09-01", Some("1998-09-30"), "month"),
        ("last summer", "1998-06-01", Some("1998-08-31"), "season"),
        ("Aug. 7, 1998", "1998-08-07", None, "day"),
        ("the next day", "1998-08-08", None, "day"),
        (
            "next year's first quarter",
            "1999-01-01",
            Some("1999-03-31"),
            "quarter",
        ),
        // "will report again on Wednesday" looks forward.
        ("Wednesday", "1998-11-04", None, "day"),
        ("1952", "1952-01-01", Some("1952-12-31"), "year"),
        ("the nineties", "1990-01-01", Some("1999-12-31"), "decade"),
    ];
    let want: Vec<(String, String, Option<String>, String)> = want
        .into_iter()
        .map(|(a, b, c, d)| (a.into(), b.into(), c.map(Into::into), d.into()))
        .collect();
    assert_eq!(got, want);
    // No two expressions overlap, and they come in text order.
    for pair in times.windows(2) {
        assert!(pair[0]["end"].as_u64() <= pair[1]["start"].as_u64());
    }
    // Values are TIMEX3-like.
    let values: Vec<&str> = times.iter().map(|t| t["value"].as_str().unwrap()).collect();
    assert!(values.contains(&"1998-Q3") && values.contains(&"1998-SU"));
    assert!(values.contains(&"199"));
}

#[test]
fn events_take_the_time_of_their_own_sentence() {
    let text = "A bomb exploded in Kabul on Thursday. Protesters marched in Herat \
                last week. Floods hit Dhaka.";
    let record = serde_json::json!({"id": "t2", "text": text, "date": "2021-09-01"});
    let result = parse_one(&record);
    let events = result["events"].as_array().unwrap();
    let by_trigger = |t: &str| {
        events
            .iter()
            .find(|e| e["trigger"] == t)
            .unwrap_or_else(|| panic!("no event {t} in {events:?}"))
    };
    let bomb = by_trigger("bomb");
    assert_eq!(bomb["date"], "2021-08-26");
    assert_eq!(bomb["date_text"], "Thursday");
    assert_eq!(bomb["date_source"], "text");
    let march = by_trigger("Protesters");
    assert_eq!(march["date"], "2021-08-23");
    assert_eq!(march["end_date"], "2021-08-29");
    let floods = by_trigger("Floods");
    assert_eq!(floods["date"], "2021-09-01");
    assert_eq!(floods["date_source"], "publication");
    assert_eq!(result["times"].as_array().unwrap().len(), 2);
}

#[test]
fn the_probe_sentence_dates_its_event() {
    // How ../shared/eval/events/run.sh probes the normaliser.
    for (expr, date, end) in [
        ("in the third quarter", "1989-07-01", Some("1989-09-30")),
        ("on Friday", "1989-10-27", None),
        ("in mid-1996", "1996-01-01", Some("1996-12-31")),
        ("two years ago", "1987-01-01", Some("1987-12-31")),
    ] {
        let text = format!("The attack happened {expr}.");
        let record = serde_json::json!({"id": "p", "text": text, "date": "1989-10-30"});
        let result = parse_one(&record);
        let e = &result["events"][0];
        assert_eq!(e["date_source"], "text", "{text}");
        assert_eq!(e["date"], date, "{text}");
        assert_eq!(e["end_date"].as_str(), end, "{text}");
    }
}
