#!/usr/bin/env python3
"""Learn the past/future decision of the time normaliser (src/events/times/direction.tsv).

    cargo build --release
    python3 scripts/train_times.py                  # cross-validate, then write direction.tsv
    python3 scripts/train_times.py --no-write       # cross-validation figures only

Python standard library only. The training set is TimeBank 1.2 + AQUAINT as cleaned for
TempEval-3 (../shared/eval/events/data/dates-tbaq.{jsonl,gold.json}; not part of the
repository, and no text of it is copied into it). Without it the script says so and exits 0.

What is learned: for each calendar expression that does not say which way it points ("Friday",
"in April", "Aug. 7", "the fourth quarter", "Thanksgiving"), `eventmap features --times` writes
its cue features and its value read to the past and to the future. An expression is a training
example when its gold TIMEX3 value equals exactly one of the two readings (label 1 = future).
The model is logistic regression with an L2 penalty, fitted by gradient descent. It is scored
with 5-fold cross-validation grouped by document (every expression of a document in the same
fold), against always reading to the past; the weights written are then fitted on all of it.
"""

import argparse
import json
import math
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_DATA = os.path.join(ROOT, "..", "shared", "eval", "events", "data", "dates-tbaq")
OUT = os.path.join(ROOT, "src", "events", "times", "direction.tsv")


def gold_value(v):
    """A gold TIMEX3 value without its time of day."""
    return v.split("T")[0] if len(v) > 10 and v[10] == "T" else v


def load(prefix, features_path, binary):
    gold = json.load(open(prefix + ".gold.json", encoding="utf-8"))
    if features_path:
        lines = open(features_path, encoding="utf-8").read().splitlines()
    else:
        if not os.path.exists(binary):
            sys.exit(f"train_times.py: no eventmap binary at {binary} (run cargo build --release)")
        run = subprocess.run([binary, "features", "--times", prefix + ".jsonl"],
                             capture_output=True, text=True, check=True)
        lines = run.stdout.splitlines()
    rows = []
    for line in lines:
        if not line.strip():
            continue
        d = json.loads(line)
        g = gold.get(d["id"])
        if g is None:
            continue
        for r in d["times"]:
            over = [t for t in g["timex"] if t["start"] < r["end"] and r["start"] < t["end"]]
            if not over:
                continue
            v = gold_value(over[0]["value"])
            if r["past"] == r["future"] or v not in (r["past"], r["future"]):
                continue
            kind = next((k[5:] for k in r["features"] if k.startswith("kind_")), "other")
            rows.append((d["id"], kind, r["features"], 1 if v == r["future"] else 0))
    return rows


def fit(data, names, l2=0.001, epochs=1000, rate=0.5):
    """Logistic regression by full-batch gradient descent; data = [(features dict, label)]."""
    idx = {n: i for i, n in enumerate(names)}
    w = [0.0] * len(names)
    xs = [[(idx[k], v) for k, v in f.items() if k in idx] for f, _ in data]
    ys = [y for _, y in data]
    n = max(len(data), 1)
    for _ in range(epochs):
        grad = [0.0] * len(names)
        for x, y in zip(xs, ys):
            z = sum(w[i] * v for i, v in x)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            for i, v in x:
                grad[i] += (p - y) * v
        for i, name in enumerate(names):
            reg = 0.0 if name == "bias" else l2 * w[i]
            w[i] -= rate * (grad[i] / n + reg)
    return w


def predict(w, names, f):
    idx = {n: i for i, n in enumerate(names)}
    z = sum(w[idx[k]] * v for k, v in f.items() if k in idx)
    return 1 if z > 0 else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=DEFAULT_DATA, help="set prefix: PREFIX.jsonl, PREFIX.gold.json")
    ap.add_argument("--features", help="output of `eventmap features --times` (default: run it)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "eventmap"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=0.001)
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    if not os.path.exists(a.data + ".gold.json"):
        print(f"train_times.py: no training data at {a.data}.gold.json (../shared is absent); nothing to do.")
        return 0
    rows = load(a.data, a.features, a.bin)
    names = sorted({k for _, _, f, _ in rows for k in f} | {"bias"})
    docs = sorted({d for d, _, _, _ in rows})
    random.Random(15).shuffle(docs)
    fold_of = {d: i % a.folds for i, d in enumerate(docs)}
    right = past_right = 0
    by_kind = {}
    for k in range(a.folds):
        train = [(f, y) for d, _, f, y in rows if fold_of[d] != k]
        w = fit(train, names, a.l2)
        for d, kind, f, y in rows:
            if fold_of[d] != k:
                continue
            ok = predict(w, names, f) == y
            right += ok
            past_right += y == 0
            c = by_kind.setdefault(kind, [0, 0, 0])
            c[0] += 1
            c[1] += ok
            c[2] += y == 0
    n = len(rows)
    print(f"{n} open expressions whose gold value is exactly one reading, in {len(docs)} documents "
          f"({sum(y for *_, y in rows)} future)")
    print(f"out-of-fold accuracy ({a.folds} folds grouped by document): {right / n:.3f}; "
          f"always past: {past_right / n:.3f}")
    for kind, (m, ok, past) in sorted(by_kind.items(), key=lambda kv: -kv[1][0]):
        print(f"  {kind:8s} n={m:4d}  model {ok / m:.3f}  always past {past / m:.3f}")
    w = fit([(f, y) for _, _, f, y in rows], names, a.l2)
    print("weights fitted on all:")
    for name, v in sorted(zip(names, w), key=lambda kv: -abs(kv[1])):
        print(f"  {name:16s} {v:+.3f}")
    if a.no_write:
        return 0
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# Past/future weights of the time normaliser: written by scripts/train_times.py"
                  " (do not edit by hand).\n")
        out.write(f"# Trained on TimeBank/AQUAINT (TempEval-3 train): {n} open expressions, "
                  f"{len(docs)} documents; out-of-fold accuracy {right / n:.3f} "
                  f"(always past {past_right / n:.3f}).\n")
        for name, v in zip(names, w):
            out.write(f"{name}\t{v:.6g}\n")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
