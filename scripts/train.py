#!/usr/bin/env python3
"""Learn the resolver's weights (src/resolve/weights.tsv) from an annotated corpus.

    cargo build --release
    target/release/eventmap features ../shared/eval/dev.jsonl > /tmp/features.jsonl
    python3 scripts/train.py --gold ../shared/eval/dev.jsonl --features /tmp/features.jsonl \
        [--write src/resolve/weights.tsv]

(`scripts/train` runs all three steps.) Python standard library only.

Two models, both linear (see src/resolve/model.rs):
  * candidate ranker: softmax over a span's candidates; a candidate is right when it is
    within 161 km of the gold place (or has its GeoNames id). Trained on spans that
    overlap a gold toponym with coordinates and have a right candidate.
  * keep model: logistic regression; a mention is right when it overlaps a gold toponym
    and its chosen place is within 161 km. The threshold is the lowest that keeps
    cross-validated end-to-end precision at or above --min-precision.
Both are fitted with 5-fold cross-validation by article; the figures printed are
out-of-fold. The weights written are then fitted on the whole corpus.
"""

import argparse
import json
import math
import random
import sys

ACC_KM = 161.0
SAME_PLACE_KM = 50.0  # resolve::SAME_PLACE_KM
CAND_FEATURES = ["log_pop", "country", "admin1", "admin2", "region", "capital", "rank", "name_match",
                 "country_share", "admin1_named", "admin1_share", "qualifier", "near50", "near200",
                 "shadowed", "capital_governs"]
MENTION_FEATURES = ["bias", "confidence", "log_pop", "major_kind", "admin2", "capital", "surname",
                    "first_name", "common", "needs_context", "zipf", "sentence_start", "multi_word",
                    "all_caps", "abbrev", "after_locative", "log_repeats", "log_candidates",
                    "country_share", "admin1_share", "near50", "qualified", "lone", "speaker", "short_text"]
C = {n: i for i, n in enumerate(CAND_FEATURES)}
M = {n: i for i, n in enumerate(MENTION_FEATURES)}


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, max(0.0, a))))


def match_overlap(gold, sys_spans):
    """The scorer's one-to-one matching: largest overlap first."""
    cands = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(sys_spans):
            ov = max(0, min(g[1], s[1]) - max(g[0], s[0]))
            if ov > 0:
                cands.append((-ov, abs(g[0] - s[0]) + abs(g[1] - s[1]), gi, si))
    cands.sort()
    ug, us, pairs = set(), set(), {}
    for _, _, gi, si in cands:
        if gi in ug or si in us:
            continue
        ug.add(gi)
        us.add(si)
        pairs[si] = gi
    return pairs


def load(gold_path, feat_path):
    gold = {}
    for line in open(gold_path, encoding="utf-8"):
        d = json.loads(line)
        gold[d["id"]] = d
    corpus = gold_path.split("/")[-1].removesuffix(".jsonl")
    docs = []
    for line in open(feat_path, encoding="utf-8"):
        d = json.loads(line)
        g = gold.get(d["id"])
        if g is None:
            continue
        tops = g["toponyms"]
        n_gold = sum(1 for t in tops if t.get("lat") is not None)
        spans = d["spans"]
        pairs = match_overlap([(t["start"], t["end"]) for t in tops], [(s["start"], s["end"]) for s in spans])
        rows = []
        for si, s in enumerate(spans):
            gi = pairs.get(si)
            t = tops[gi] if gi is not None else None
            if t is not None and t.get("lat") is None:
                continue  # matched to a toponym without coordinates: the scorer ignores it
            right = []
            for c in s["cands"]:
                ok = False
                if t is not None:
                    ok = (c["geonameid"] is not None and c["geonameid"] == t.get("geonameid")) or \
                        haversine_km(t["lat"], t["lon"], c["lat"], c["lon"]) <= ACC_KM
                right.append(ok)
            rows.append({"key": s["key"], "qualified": s["qualified"], "mention": s["mention"],
                         "f": [c["f"] for c in s["cands"]], "ll": [(c["lat"], c["lon"]) for c in s["cands"]],
                         "right": right, "matched": t is not None})
        docs.append({"id": d["id"], "corpus": corpus, "n_gold": n_gold, "spans": rows})
    return docs


def dot(w, x):
    return sum(a * b for a, b in zip(w, x))


# The prior part of the candidate score stays as set here rather than learned:
# it is world knowledge (a capital is the usual sense of its name), while a
# corpus of local US news would teach that "Paris" and "Athens" are small
# American towns. Only the article-context weights are learned.
FIXED_CAND = {"log_pop": 1.0, "country": 3.0, "admin1": 1.0, "admin2": 0.0, "region": 2.5, "capital": 2.0,
              "shadowed": -1.5, "capital_governs": 2.0}


def fit_ranker(docs, l2=0.01, iters=300, lr=0.1):
    """Softmax ranking: maximise log sum of right candidates' probabilities."""
    data = [(s["f"], s["right"]) for d in docs for s in d["spans"]
            if any(s["right"]) and not all(s["right"])]
    n = len(CAND_FEATURES)
    allf = [f for fs, _ in data for f in fs]
    mean = [sum(f[j] for f in allf) / len(allf) for j in range(n)]
    sd = [max(1e-6, math.sqrt(sum((f[j] - mean[j]) ** 2 for f in allf) / len(allf))) for j in range(n)]
    data = [([[x / sd[j] for j, x in enumerate(f)] for f in fs], r) for fs, r in data]
    w = [0.0] * n
    for name, value in FIXED_CAND.items():
        w[C[name]] = value * sd[C[name]]
    free = [j for j in range(n) if CAND_FEATURES[j] not in FIXED_CAND]
    m, v = [0.0] * n, [0.0] * n
    for it in range(1, iters + 1):
        grad = [l2 * x for x in w]
        for fs, right in data:
            sc = [dot(w, f) for f in fs]
            mx = max(sc)
            e = [math.exp(x - mx) for x in sc]
            z = sum(e)
            zr = sum(x for x, r in zip(e, right) if r)
            for f, ei, r in zip(fs, e, right):
                # d(-log(zr/z))/dw = sum_c p_c f_c - sum_{right} (e_c/zr) f_c
                g = ei / z - (ei / zr if r else 0.0)
                if g:
                    for j in free:
                        grad[j] += g * f[j] / len(data)
        for j in free:  # Adam
            m[j] = 0.9 * m[j] + 0.1 * grad[j]
            v[j] = 0.999 * v[j] + 0.001 * grad[j] ** 2
            w[j] -= lr * (m[j] / (1 - 0.9 ** it)) / (math.sqrt(v[j] / (1 - 0.999 ** it)) + 1e-8)
    return [w[j] / sd[j] for j in range(n)]


def choose(w, spans):
    """Best candidate per span, confidence, one sense per key (as the resolver does)."""
    out = []
    for s in spans:
        sc = [dot(w, f) for f in s["f"]]
        mx = max(sc)
        z = sum(math.exp(x - mx) for x in sc)
        best = max(range(len(sc)), key=lambda i: (sc[i], -i))
        # confidence: the share of the candidates at the chosen place (resolve::SAME_PLACE_KM)
        blat, blon = s["ll"][best]
        here = sum(math.exp(x - mx) for x, (la, lo) in zip(sc, s["ll"])
                   if haversine_km(blat, blon, la, lo) <= SAME_PLACE_KM)
        out.append([best, here / z])
    by_key = {}
    for i, s in enumerate(spans):
        if s["f"][out[i][0]][C["qualifier"]] > 0 or any(f[C["qualifier"]] > 0 for f in s["f"]):
            continue
        if s["key"] not in by_key or out[i][1] > out[by_key[s["key"]]][1]:
            by_key[s["key"]] = i
    for i, s in enumerate(spans):
        if any(f[C["qualifier"]] > 0 for f in s["f"]):
            continue
        j = by_key.get(s["key"])
        if j is not None and j != i and len(spans[j]["f"]) == len(s["f"]):
            out[i] = list(out[j])
    return out


def mention_vec(s, best, conf):
    """Mirror of model::mention_features for the chosen candidate."""
    x = list(s["mention"])
    f = s["f"][best]
    x[M["confidence"]] = conf
    x[M["log_pop"]] = f[C["log_pop"]]
    x[M["major_kind"]] = max(f[C["country"]], f[C["admin1"]], f[C["region"]])
    x[M["admin2"]] = f[C["admin2"]]
    x[M["capital"]] = f[C["capital"]]
    x[M["country_share"]] = f[C["country_share"]]
    x[M["admin1_share"]] = f[C["admin1_share"]]
    x[M["near50"]] = f[C["near50"]]
    x[M["qualified"]] = 1.0 if f[C["qualifier"]] > 0 or s["qualified"] else 0.0
    if f[C["capital"]] > 0 or f[C["country"]] > 0:
        x[M["speaker"]] = 0.0  # the dump has the cue; a capital or country is no speaker
    return x


def mention_rows(w, docs):
    rows = []
    for d in docs:
        for s, (best, conf) in zip(d["spans"], choose(w, d["spans"])):
            rows.append((mention_vec(s, best, conf), 1 if s["right"][best] else 0))
    return rows


def fit_logistic(rows, l2=0.01, iters=400, lr=0.05):
    n = len(MENTION_FEATURES)
    xs = [x for x, _ in rows]
    mean = [sum(x[j] for x in xs) / len(xs) for j in range(n)]
    sd = [max(1e-6, math.sqrt(sum((x[j] - mean[j]) ** 2 for x in xs) / len(xs))) for j in range(n)]
    mean[M["bias"]], sd[M["bias"]] = 0.0, 1.0
    data = [([(x[j] - mean[j]) / sd[j] for j in range(n)], y) for x, y in rows]
    w = [0.0] * n
    m, v = [0.0] * n, [0.0] * n
    for it in range(1, iters + 1):
        grad = [l2 * x if j != M["bias"] else 0.0 for j, x in enumerate(w)]
        for x, y in data:
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, dot(w, x)))))
            g = (p - y) / len(data)
            for j in range(n):
                grad[j] += g * x[j]
        for j in range(n):
            m[j] = 0.9 * m[j] + 0.1 * grad[j]
            v[j] = 0.999 * v[j] + 0.001 * grad[j] ** 2
            w[j] -= lr * (m[j] / (1 - 0.9 ** it)) / (math.sqrt(v[j] / (1 - 0.999 ** it)) + 1e-8)
    raw = [w[j] / sd[j] for j in range(n)]
    raw[M["bias"]] = w[M["bias"]] - sum(w[j] * mean[j] / sd[j] for j in range(n) if j != M["bias"])
    return raw


def is_safe(x):
    """Mirror of model::is_safe: confident major places are always kept."""
    person = x[M["log_pop"]] < 6.0  # a person's name is no doubt about a city of a million
    doubt = any(x[M[n]] > 0 for n in ("common", "speaker")) or \
        (person and any(x[M[n]] > 0 for n in ("surname", "first_name", "needs_context")))
    return x[M["confidence"]] >= 0.8 and (x[M["major_kind"]] > 0 or x[M["log_pop"]] >= 5.7) and not doubt


def prob(w, x):
    """Keep probability; 1 for a mention the keep model may not drop."""
    if is_safe(x):
        return 1.0
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, dot(w, x)))))


def prf(scored, n_gold, threshold):
    tp = sum(1 for p, y in scored if p >= threshold and y)
    fp = sum(1 for p, y in scored if p >= threshold and not y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pick_threshold(scored, n_gold, min_precision):
    best = None
    for t in [i / 100 for i in range(1, 100)]:
        p, r, f = prf(scored, n_gold, t)
        if p >= min_precision and (best is None or f > best[1]):
            best = (t, f)
    return best[0] if best else 0.99


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", required=True, action="append",
                    help="an annotated corpus (repeatable; the i-th goes with the i-th --features)")
    ap.add_argument("--features", required=True, action="append")
    ap.add_argument("--min-precision", type=float, default=0.80)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--write", help="write the weights file here")
    args = ap.parse_args()

    if len(args.gold) != len(args.features):
        ap.error("give one --features per --gold")
    docs = [d for g, f in zip(args.gold, args.features) for d in load(g, f)]
    n_gold = sum(d["n_gold"] for d in docs)
    order = sorted(docs, key=lambda d: d["id"])
    random.Random(7).shuffle(order)
    folds = [order[k::args.folds] for k in range(args.folds)]
    scored, acc_right, acc_n = [], 0, 0
    by_corpus = {}
    for k in range(args.folds):
        train = [d for j, f in enumerate(folds) if j != k for d in f]
        wc = fit_ranker(train)
        wk = fit_logistic(mention_rows(wc, train))
        for d in folds[k]:
            for s, (best, conf) in zip(d["spans"], choose(wc, d["spans"])):
                if s["matched"]:
                    acc_n += 1
                    acc_right += s["right"][best]
                row = (prob(wk, mention_vec(s, best, conf)), 1 if s["right"][best] else 0)
                scored.append(row)
                by_corpus.setdefault(d["corpus"], []).append(row)
        print(f"fold {k + 1}/{args.folds} done", file=sys.stderr)
    t = pick_threshold(scored, n_gold, args.min_precision)
    print(f"out-of-fold, {len(docs)} articles, {n_gold} gold toponyms with coordinates")
    print(f"  resolution acc@161 over matched spans: {acc_right / max(1, acc_n):.3f} ({acc_n} spans)")
    print("  threshold  e2e P     R     F1")
    for th in (0.0, 0.3, 0.4, 0.5, t, 0.6, 0.7):
        p, r, f = prf(scored, n_gold, th)
        print(f"  {th:9.2f}  {p:.3f} {r:.3f} {f:.3f}{'  <- chosen' if th == t else ''}")
    if len(by_corpus) > 1:
        for name, rows in sorted(by_corpus.items()):
            ng = sum(d["n_gold"] for d in docs if d["corpus"] == name)
            p, r, f = prf(rows, ng, t)
            print(f"  {name}: at {t:.2f}  P {p:.3f} R {r:.3f} F1 {f:.3f}")

    wc = fit_ranker(docs)
    wk = fit_logistic(mention_rows(wc, docs))
    lines = ["# Resolver weights: written by scripts/train.py (do not edit by hand).",
             f"# Trained on {' + '.join(g.split('/')[-1] for g in args.gold)}: {len(docs)} articles; keep threshold chosen for "
             f"out-of-fold end-to-end precision >= {args.min_precision}."]
    lines += [f"cand\t{n}\t{w:.6g}" for n, w in zip(CAND_FEATURES, wc)]
    lines += [f"keep\t{n}\t{w:.6g}" for n, w in zip(MENTION_FEATURES, wk)]
    lines.append(f"keep_threshold\t-\t{t}")
    text = "\n".join(lines) + "\n"
    if args.write:
        with open(args.write, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {args.write}")
    else:
        print(text)


if __name__ == "__main__":
    main()
