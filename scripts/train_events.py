#!/usr/bin/env python3
"""Learn the events stage's two models: the detector (src/events/detect.tsv) and the place
linker (src/events/link.tsv). Python standard library only.

    cargo build --release
    scripts/train_events                 # dumps features, trains, writes both files, rebuilds
    scripts/train_events --no-write      # cross-validated figures only

Data, each a JSONL of articles and its annotations:
  * Halterman (2019) event sentences, ../shared/eval/events/data/location-halterman-ra.{jsonl,gold.json}
    (MIT): 9,143 sentences, each with one annotated event verb and where that event happened
    (or nowhere). Used for the linker, and as events for the detector (the annotated verb is
    an event; the other forms of the sentence are not labelled and are left out).
  * Our own annotated sentences, tests/data/events_annotated.jsonl: every trigger form in them
    is labelled event or not (negated, hedged, planned, history, other sense), with the place.
    They give the detector its non-events, and the linker more places.
The annotated sets are read only here, for training; none of their text enters the project.

Features come from the binary (`eventmap features --events`), so training and use cannot
disagree on them: per trigger form, the detector's feature names, and the linker's for
"none" and for each place of the sentence (src/events/detect.rs, link.rs).

Models:
  * detector: logistic regression with L2; examples weighted so that each source and class
    counts alike. The threshold is the one that maximises cross-validated F1 on our own
    annotations (the only set with non-events).
  * linker: a softmax over "none" and the sentence's places; the right answer is the place
    overlapping the gold location, or "none" when the gold gives no location. Sentences whose
    gold place the recogniser did not find are left out (no choice is right there).
Both are cross-validated with 5 folds grouped by text (Halterman repeats many sentences); the
figures printed are out-of-fold. The weights written are then fitted on all the data.
"""

import argparse
import json
import math
import os
import random
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def features(binary, path):
    out = subprocess.run([binary, "features", "--events", path], check=True,
                         capture_output=True, text=True).stdout
    return {d["id"]: d for d in map(json.loads, out.splitlines()) if d}


def overlaps(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) > 0


# ---------------------------------------------------------------- examples

def halterman_examples(root, binary):
    """(detector examples, linker examples) from Halterman's sentences."""
    base = os.path.join(root, "location-halterman-ra")
    if not os.path.exists(base + ".jsonl"):
        return [], []
    gold = json.load(open(base + ".gold.json", encoding="utf-8"))
    texts = {d["id"]: d["text"] for d in load_jsonl(base + ".jsonl")}
    feats = features(binary, base + ".jsonl")
    det, link = [], []
    for rid, g in gold.items():
        f = feats.get(rid)
        if not f:
            continue
        group = "h:" + texts[rid]
        verb = g["verb"]
        for c in f["candidates"]:
            if not overlaps((c["start"], c["end"]), verb):
                continue
            det.append((group, c["detect"], 1, "halterman"))
            ex = link_example(c, [tuple(l[:2]) for l in g["locs"]], group, "halterman")
            if ex:
                link.append(ex)
            break
    return det, link


def link_example(c, locs, group, source):
    """A linker example for candidate `c` with gold location spans `locs` (empty: none)."""
    choices = [c["none"]] + [p["f"] for p in c["places"]]
    if not locs:
        right = {0}
    else:
        right = {k + 1 for k, p in enumerate(c["places"])
                 if any(overlaps((p["start"], p["end"]), l) for l in locs)}
        if not right:
            return None  # the gold place was not recognised: no choice is right
    return (group, choices, right, source)


def own_examples(path, binary):
    """(detector examples, linker examples) from our own annotated sentences."""
    if not os.path.exists(path):
        return [], []
    records = load_jsonl(path)
    feats = features(binary, path)
    det, link = [], []
    for r in records:
        f = feats.get(r["id"])
        if not f:
            continue
        group = "o:" + r["id"]
        for c in f["candidates"]:
            span = (c["start"], c["end"])
            label = next((m for m in r.get("mentions", []) if overlaps(span, (m["start"], m["end"]))), None)
            if label is None:
                continue  # a form the annotation does not label
            det.append((group, c["detect"], 1 if label.get("event") else 0, "own"))
            if label.get("event"):
                p = label.get("place")
                locs = [(p["start"], p["end"])] if p else []
                ex = link_example(c, locs, group, "own")
                if ex:
                    link.append(ex)
    return det, link


# ---------------------------------------------------------------- models

def sigmoid(z):
    if z < -30:
        return 0.0
    if z > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


def train_logistic(examples, weights_of, epochs=12, lr=0.2, l2=1e-4, seed=7):
    """examples: (features, label, weight). Adagrad SGD on the L2-regularised log loss."""
    w = defaultdict(float)
    g2 = defaultdict(lambda: 1e-8)
    rng = random.Random(seed)
    order = list(range(len(examples)))
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            fs, y, sw = examples[i]
            p = sigmoid(sum(w[f] for f in fs))
            grad = (p - y) * sw
            for f in fs:
                g = grad + l2 * w[f]
                g2[f] += g * g
                w[f] -= lr * g / math.sqrt(g2[f])
    return w


def train_softmax(examples, epochs=10, lr=0.2, l2=1e-4, seed=11):
    """examples: (choices: [features], right: set of indices, weight)."""
    w = defaultdict(float)
    g2 = defaultdict(lambda: 1e-8)
    rng = random.Random(seed)
    order = list(range(len(examples)))
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            choices, right, sw = examples[i]
            scores = [sum(w[f] for f in fs) for fs in choices]
            m = max(scores)
            exps = [math.exp(s - m) for s in scores]
            z = sum(exps)
            probs = [e / z for e in exps]
            pr = sum(probs[k] for k in right)
            # Gradient of -log(sum of the right choices' probabilities).
            grads = defaultdict(float)
            for k, fs in enumerate(choices):
                target = probs[k] / pr if k in right else 0.0
                for f in fs:
                    grads[f] += (probs[k] - target) * sw
            for f, g in grads.items():
                g += l2 * w[f]
                g2[f] += g * g
                w[f] -= lr * g / math.sqrt(g2[f])
    return w


def score(w, fs):
    return sum(w.get(f, 0.0) for f in fs)


def folds_of(groups, k=5, seed=3):
    keys = sorted(set(groups))
    random.Random(seed).shuffle(keys)
    fold = {g: i % k for i, g in enumerate(keys)}
    return [fold[g] for g in groups]


# ---------------------------------------------------------------- detector

def detector_examples(det):
    """Weighted examples: each (source, label) class gets the same total weight."""
    counts = defaultdict(int)
    for _, _, y, src in det:
        counts[(src, y)] += 1
    n_classes = len(counts)
    total = len(det)
    return [(fs, y, total / (n_classes * counts[(src, y)])) for _, fs, y, src in det]


def cross_validate_detector(det):
    if not any(y == 0 for _, _, y, _ in det):
        print("detector: no non-events to learn from (tests/data/events_annotated.jsonl); not trained")
        return None
    folds = folds_of([g for g, _, _, _ in det])
    oof = [None] * len(det)
    for k in range(5):
        train = [det[i] for i in range(len(det)) if folds[i] != k]
        w = train_logistic(detector_examples(train), None)
        for i in range(len(det)):
            if folds[i] == k:
                oof[i] = sigmoid(score(w, det[i][1]))
    # Threshold: best F1 on our own annotations (the set with non-events).
    best = (0.0, 0.5)
    for t in [x / 100 for x in range(5, 96)]:
        tp = sum(1 for (g, f, y, s), p in zip(det, oof) if s == "own" and y == 1 and p >= t)
        fp = sum(1 for (g, f, y, s), p in zip(det, oof) if s == "own" and y == 0 and p >= t)
        fn = sum(1 for (g, f, y, s), p in zip(det, oof) if s == "own" and y == 1 and p < t)
        f1 = 2 * tp / max(1, 2 * tp + fp + fn)
        if f1 > best[0]:
            best = (f1, t)
    f1, t = best
    own = [(y, p) for (g, f, y, s), p in zip(det, oof) if s == "own"]
    halt = [p for (g, f, y, s), p in zip(det, oof) if s == "halterman"]
    tp = sum(1 for y, p in own if y and p >= t)
    fp = sum(1 for y, p in own if not y and p >= t)
    fn = sum(1 for y, p in own if y and p < t)
    for tt in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        tp_ = sum(1 for y, p in own if y and p >= tt)
        fp_ = sum(1 for y, p in own if not y and p >= tt)
        fn_ = sum(1 for y, p in own if y and p < tt)
        print(f"  at {tt:.1f}: own P {tp_ / max(1, tp_ + fp_):.3f} R {tp_ / max(1, tp_ + fn_):.3f}; "
              f"Halterman kept {sum(p >= tt for p in halt) / max(1, len(halt)):.3f}")
    print(f"detector (5-fold by text, out of fold): own annotations n={len(own)}: "
          f"P {tp / max(1, tp + fp):.3f} R {tp / max(1, tp + fn):.3f} F1 {f1:.3f} at threshold {t:.2f}; "
          f"Halterman annotated verbs kept {sum(p >= t for p in halt) / max(1, len(halt)):.3f} (n={len(halt)})")
    return t


# ---------------------------------------------------------------- linker

def linker_examples(link):
    counts = defaultdict(int)
    for _, _, _, src in link:
        counts[src] += 1
    return [(ch, right, len(link) / (len(counts) * counts[src])) for _, ch, right, src in link]


def cross_validate_linker(link):
    folds = folds_of([g for g, _, _, _ in link])
    stats = defaultdict(lambda: [0, 0])
    for k in range(5):
        train = [link[i] for i in range(len(link)) if folds[i] != k]
        w = train_softmax(linker_examples(train))
        for i in range(len(link)):
            if folds[i] != k:
                continue
            _, choices, right, src = link[i]
            scores = [score(w, fs) for fs in choices]
            pick = max(range(len(choices)), key=lambda j: (scores[j], -j))
            kind = "none" if right == {0} else "place"
            stats[(src, kind)][0] += pick in right
            stats[(src, kind)][1] += 1
    for (src, kind), (ok, n) in sorted(stats.items()):
        what = "right place chosen" if kind == "place" else "'none' chosen"
        print(f"linker (5-fold by text, out of fold): {src}, gold {kind}: {what} {ok}/{n} = {ok / max(1, n):.3f}")


def write_model(path, w, threshold, header):
    rows = sorted((f, v) for f, v in w.items() if abs(v) >= 1e-3)
    with open(path, "w", encoding="utf-8") as out:
        out.write(header)
        for f, v in rows:
            out.write(f"{f}\t{v:.4f}\n")
        out.write(f"__threshold__\t{threshold:.2f}\n")
    print(f"wrote {path}: {len(rows)} weights")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/eventmap"))
    ap.add_argument("--events-data", default=os.path.join(ROOT, "..", "shared", "eval", "events", "data"))
    ap.add_argument("--own", default=os.path.join(ROOT, "tests/data/events_annotated.jsonl"))
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--only", choices=["detector", "linker"],
                    help="write only this model's weights (both are cross-validated): a change "
                         "to the linker's features need not move the detector's threshold")
    args = ap.parse_args()
    if not os.path.isdir(args.events_data):
        print(f"train_events: no annotated event data at {args.events_data}; nothing to do.")
        return 0
    h_det, h_link = halterman_examples(args.events_data, args.binary)
    o_det, o_link = own_examples(args.own, args.binary)
    det, link = h_det + o_det, h_link + o_link
    print(f"examples: detector {len(h_det)} Halterman + {len(o_det)} own; linker {len(h_link)} Halterman + {len(o_link)} own")
    threshold = cross_validate_detector(det)
    cross_validate_linker(link)
    if args.no_write:
        return 0
    src = os.path.join(ROOT, "src", "events")
    if threshold is not None and args.only != "linker":
        w = train_logistic(detector_examples(det), None)
        write_model(os.path.join(src, "detect.tsv"), w, threshold,
                    "# Detector weights, learned by scripts/train_events.py (see its docstring).\n")
    if args.only != "detector":
        w = train_softmax(linker_examples(link))
        write_model(os.path.join(src, "link.tsv"), w, 0.5,
                    "# Place linker weights, learned by scripts/train_events.py (see its docstring).\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
