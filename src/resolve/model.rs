//! The resolver's two linear models and their weights.
//!
//! * The **candidate score** ranks the places a name may refer to: a
//!   weighted sum of [`CAND_FEATURES`] (population, kind, what the article
//!   says about countries, first-level areas and nearby places). The chosen
//!   place is the best score; its confidence is its softmax share.
//! * The **keep model** is a logistic regression over [`MENTION_FEATURES`]
//!   (the recogniser's cues and the chosen candidate's evidence) giving the
//!   probability that the mention is a place resolved within 161 km of the
//!   right one. Mentions below the threshold are dropped: a sparse map beats
//!   a map of false places.
//!
//! The weights are data (`weights.tsv` beside this file), written by
//! `scripts/train.py` from features that `eventmap features` dumps for an
//! annotated corpus.

use std::sync::OnceLock;

use super::SpanCandidates;
use crate::recognize::Span;

/// Candidate feature names, in order.
pub const CAND_FEATURES: [&str; N_CAND] = [
    "log_pop",
    "country",
    "admin1",
    "admin2",
    "region",
    "capital",
    "rank",
    "name_match",
    "country_share",
    "admin1_named",
    "admin1_share",
    "qualifier",
    "near50",
    "near200",
    "shadowed",
    "capital_governs",
];
/// Number of candidate features.
pub const N_CAND: usize = 16;
pub(crate) const LOG_POP: usize = 0;
pub(crate) const COUNTRY: usize = 1;
pub(crate) const ADMIN1: usize = 2;
pub(crate) const ADMIN2: usize = 3;
pub(crate) const REGION: usize = 4;
pub(crate) const CAPITAL: usize = 5;
pub(crate) const RANK: usize = 6;
pub(crate) const NAME_MATCH: usize = 7;
pub(crate) const COUNTRY_SHARE: usize = 8;
pub(crate) const ADMIN1_NAMED: usize = 9;
pub(crate) const ADMIN1_SHARE: usize = 10;
pub(crate) const QUALIFIER: usize = 11;
pub(crate) const NEAR50: usize = 12;
pub(crate) const NEAR200: usize = 13;
pub(crate) const SHADOWED: usize = 14;
pub(crate) const CAPITAL_GOVERNS: usize = 15;

/// Mention feature names, in order.
pub const MENTION_FEATURES: [&str; N_MENTION] = [
    "bias",
    "confidence",
    "log_pop",
    "major_kind",
    "admin2",
    "capital",
    "surname",
    "first_name",
    "common",
    "needs_context",
    "zipf",
    "sentence_start",
    "multi_word",
    "all_caps",
    "abbrev",
    "after_locative",
    "log_repeats",
    "log_candidates",
    "country_share",
    "admin1_share",
    "near50",
    "qualified",
    "lone",
    "speaker",
    "short_text",
];
/// Number of mention features.
pub const N_MENTION: usize = 25;
/// Length in bytes up to which a text is short (a post, a headline): the
/// `short_text` feature.
pub const SHORT_TEXT: usize = 320;
const M_CONFIDENCE: usize = 1;
const M_LOG_POP: usize = 2;
const M_MAJOR_KIND: usize = 3;
const M_SURNAME: usize = 6;
const M_FIRST_NAME: usize = 7;
const M_COMMON: usize = 8;
const M_NEEDS_CONTEXT: usize = 9;
const M_SPEAKER: usize = 23;

/// `(n as f64).ln()`, read from a table for the small counts of spans and
/// candidates that articles have.
pub(crate) fn ln_count(n: usize) -> f64 {
    static LN: OnceLock<[f64; 64]> = OnceLock::new();
    let table = LN.get_or_init(|| std::array::from_fn(|n| (n as f64).ln()));
    match table.get(n) {
        Some(&x) => x,
        None => (n as f64).ln(),
    }
}

/// Mention features of a span resolved to a candidate with features
/// `cand` and softmax confidence `confidence`.
pub fn mention_features(
    span: &Span,
    sc: &SpanCandidates,
    cand: &[f64; N_CAND],
    confidence: f64,
) -> [f64; N_MENTION] {
    let c = &span.cues;
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    [
        1.0,
        confidence,
        cand[LOG_POP],
        cand[COUNTRY].max(cand[ADMIN1]).max(cand[REGION]),
        cand[ADMIN2],
        cand[CAPITAL],
        b(c.surname),
        b(c.first_name),
        b(c.common),
        b(c.needs_context),
        f64::from(c.zipf),
        b(c.sentence_start),
        b(c.multi_word),
        b(c.all_caps),
        b(c.abbrev),
        b(c.after_locative),
        ln_count(sc.repeats.max(1)),
        ln_count(1 + sc.cands.len()),
        cand[COUNTRY_SHARE],
        cand[ADMIN1_SHARE],
        cand[NEAR50],
        b(cand[QUALIFIER] > 0.0 || sc.qualified),
        b(sc.other_names == 0),
        // "X said" is a speaker unless X is a capital or a country.
        b(c.governs && cand[CAPITAL] == 0.0 && cand[COUNTRY] == 0.0),
        b(sc.short_text),
    ]
}

/// Confidence from which a major place is kept whatever the keep model says.
pub const SAFE_CONFIDENCE: f64 = 0.8;
/// Population (log10) from which a city counts as major for that rule.
pub const SAFE_LOG_POP: f64 = 5.7;
/// Population (log10) from which a person's name ("Houston", "Sydney") is
/// no doubt about a city for that rule.
pub const MILLION_LOG_POP: f64 = 6.0;

/// True for a mention the keep model may not drop: resolved with
/// confidence to a country, first-level area or region, or to a city of
/// 500,000 or more, with no cue that the name is a person's or a word. The
/// keep model learns from local news, where "Paris" is often Paris,
/// Tennessee; in international news such mentions are nearly always right,
/// and on dev they are right 85% of the time.
pub fn is_safe(f: &[f64; N_MENTION]) -> bool {
    // A person's name is no doubt about a city of a million ("Houston
    // would host the meeting").
    let person_doubt = f[M_LOG_POP] < MILLION_LOG_POP;
    let doubt = [
        (M_SURNAME, person_doubt),
        (M_FIRST_NAME, person_doubt),
        (M_COMMON, true),
        (M_NEEDS_CONTEXT, person_doubt),
        (M_SPEAKER, true),
    ]
    .iter()
    .any(|&(i, counts)| counts && f[i] > 0.0);
    f[M_CONFIDENCE] >= SAFE_CONFIDENCE
        && (f[M_MAJOR_KIND] > 0.0 || f[M_LOG_POP] >= SAFE_LOG_POP)
        && !doubt
}

/// Weights of both models.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    /// Candidate score weights, [`CAND_FEATURES`] order.
    pub cand: [f64; N_CAND],
    /// Keep model weights, [`MENTION_FEATURES`] order.
    pub keep: [f64; N_MENTION],
    /// Mentions whose keep probability is below this are dropped.
    pub keep_threshold: f64,
}

impl Weights {
    /// The candidate's score.
    pub fn cand_score(&self, f: &[f64; N_CAND]) -> f64 {
        self.cand.iter().zip(f).map(|(w, x)| w * x).sum()
    }

    /// Probability that a mention with these features is right.
    pub fn keep_probability(&self, f: &[f64; N_MENTION]) -> f64 {
        let z: f64 = self.keep.iter().zip(f).map(|(w, x)| w * x).sum();
        1.0 / (1.0 + (-z).exp())
    }

    /// Parses the weights file: `model<TAB>feature<TAB>value` lines
    /// (`cand`, `keep`, or `keep_threshold` with feature `-`); `#` comments.
    pub fn parse(src: &str) -> Result<Weights, String> {
        let mut w = Weights {
            cand: [f64::NAN; N_CAND],
            keep: [f64::NAN; N_MENTION],
            keep_threshold: f64::NAN,
        };
        for (n, line) in src.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [model, feature, value] = cols[..] else {
                return Err(format!("line {}: expected 3 tab-separated fields", n + 1));
            };
            let v: f64 = value
                .parse()
                .map_err(|_| format!("line {}: bad number {value:?}", n + 1))?;
            let slot = match model {
                "cand" => CAND_FEATURES
                    .iter()
                    .position(|f| *f == feature)
                    .map(|i| &mut w.cand[i]),
                "keep" => MENTION_FEATURES
                    .iter()
                    .position(|f| *f == feature)
                    .map(|i| &mut w.keep[i]),
                "keep_threshold" => Some(&mut w.keep_threshold),
                _ => None,
            };
            *slot.ok_or_else(|| format!("line {}: unknown {model} {feature}", n + 1))? = v;
        }
        if w.cand.iter().chain(&w.keep).any(|x| x.is_nan()) || w.keep_threshold.is_nan() {
            return Err("a weight is missing".into());
        }
        Ok(w)
    }
}

/// The bundled weights (`src/resolve/weights.tsv`).
pub fn weights() -> &'static Weights {
    static W: OnceLock<Weights> = OnceLock::new();
    W.get_or_init(|| {
        // Checked by the `bundled_weights_parse` test: a bad file cannot ship.
        Weights::parse(include_str!("weights.tsv")).expect("bundled weights.tsv is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mention_feature_indices_match_names() {
        for (i, name) in [
            (M_CONFIDENCE, "confidence"),
            (M_LOG_POP, "log_pop"),
            (M_MAJOR_KIND, "major_kind"),
            (M_SURNAME, "surname"),
            (M_FIRST_NAME, "first_name"),
            (M_COMMON, "common"),
            (M_NEEDS_CONTEXT, "needs_context"),
            (M_SPEAKER, "speaker"),
        ] {
            assert_eq!(MENTION_FEATURES[i], name);
        }
        for (i, name) in [
            (LOG_POP, "log_pop"),
            (CAPITAL, "capital"),
            (NAME_MATCH, "name_match"),
            (COUNTRY_SHARE, "country_share"),
            (QUALIFIER, "qualifier"),
            (NEAR200, "near200"),
            (SHADOWED, "shadowed"),
            (CAPITAL_GOVERNS, "capital_governs"),
        ] {
            assert_eq!(CAND_FEATURES[i], name);
        }
    }

    #[test]
    fn ln_count_is_the_log() {
        for n in [0usize, 1, 2, 3, 7, 40, 41, 63, 64, 65, 1000] {
            assert_eq!(ln_count(n).to_bits(), (n as f64).ln().to_bits(), "{n}");
        }
        for n in 0..40usize {
            assert_eq!(ln_count(1 + n).to_bits(), (1.0 + n as f64).ln().to_bits());
        }
    }

    #[test]
    fn bundled_weights_parse() {
        let w = Weights::parse(include_str!("weights.tsv")).unwrap();
        assert!(w.keep_threshold > 0.0 && w.keep_threshold < 1.0);
    }

    #[test]
    fn parse_rejects_bad_files() {
        let good = include_str!("weights.tsv");
        assert!(
            Weights::parse("cand\tlog_pop\t1").is_err(),
            "missing weights"
        );
        let unknown = format!("{good}\ncand\tnonsense\t1\n");
        assert!(Weights::parse(&unknown).unwrap_err().contains("unknown"));
        let bad = format!("{good}\nkeep\tbias\tx\n");
        assert!(Weights::parse(&bad).unwrap_err().contains("bad number"));
    }
}
