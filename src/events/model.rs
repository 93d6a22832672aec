//! The linear models of the events stage (the detector and the place
//! linker): weights over named features, learned by
//! `scripts/train_events.py` and shipped as data (`detect.tsv`,
//! `link.tsv`), like the resolver's `weights.tsv`.
//!
//! A feature is a name such as `lemma=kill` or `prev=could`, made of a few
//! parts. Scoring never builds the name: its parts are hashed (FNV-1a, 64
//! bits) one after the other, and the hash is looked up among the hashes of
//! the names the model knows. The same code writes the names out for
//! training ([`Names`]), so the two cannot disagree.

use crate::resolve::KeyHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A linear model: a weight per feature name, and the decision threshold
/// on its probability.
pub(crate) struct Model {
    weights: HashMap<u64, f64, BuildHasherDefault<KeyHasher>>,
    /// Probability at or above which the model says yes.
    pub threshold: f64,
}

impl Model {
    /// A model from its TSV: `name<TAB>weight` lines, `#` comments, and a
    /// `__threshold__` line.
    pub(crate) fn parse(tsv: &str) -> Model {
        let mut weights = HashMap::default();
        let mut threshold = 0.5;
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((name, w)) = line.rsplit_once('\t') else {
                continue;
            };
            let Ok(w) = w.trim().parse::<f64>() else {
                continue;
            };
            if name == "__threshold__" {
                threshold = w;
            } else {
                *weights.entry(hash(&[name])).or_insert(0.0) += w;
            }
        }
        Model { weights, threshold }
    }

    /// The weight of the feature whose name hashes to `h` (0 if unknown).
    fn weight(&self, h: u64) -> f64 {
        self.weights.get(&h).copied().unwrap_or(0.0)
    }
}

/// The FNV-1a hash of the concatenation of `parts`.
fn hash(parts: &[&str]) -> u64 {
    let mut h = crate::gazetteer::FNV_OFFSET;
    for p in parts {
        h = crate::gazetteer::fnv1a64_from(h, p.as_bytes());
    }
    h
}

/// Where features go: summed into a score, or written out by name.
pub(crate) trait Sink {
    /// The feature whose name is the concatenation of `parts`.
    fn add(&mut self, parts: &[&str]);
}

/// Sums the weights of the features it is given.
pub(crate) struct Score<'m> {
    model: &'m Model,
    /// The sum so far.
    pub sum: f64,
}

impl<'m> Score<'m> {
    pub(crate) fn new(model: &'m Model) -> Self {
        Score { model, sum: 0.0 }
    }

    /// The logistic of the sum.
    pub(crate) fn probability(&self) -> f64 {
        1.0 / (1.0 + (-self.sum).exp())
    }
}

impl Sink for Score<'_> {
    fn add(&mut self, parts: &[&str]) {
        self.sum += self.model.weight(hash(parts));
    }
}

/// Collects feature names, for `eventmap features --events`.
#[derive(Default)]
pub(crate) struct Names(pub Vec<String>);

impl Sink for Names {
    fn add(&mut self, parts: &[&str]) {
        self.0.push(parts.concat());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_sum_known_features_by_parts() {
        let m =
            Model::parse("# test\nbias\t0.5\nlemma=kill\t2\nprev=could\t-3\n__threshold__\t0.4\n");
        assert_eq!(m.threshold, 0.4);
        let mut s = Score::new(&m);
        s.add(&["bias"]);
        s.add(&["lemma=", "kill"]);
        s.add(&["prev=", "would"]); // unknown: 0
        assert!((s.sum - 2.5).abs() < 1e-12);
        let mut n = Names::default();
        n.add(&["lemma=", "kill"]);
        assert_eq!(n.0, ["lemma=kill"]);
    }
}
