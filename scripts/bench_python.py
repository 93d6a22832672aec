#!/usr/bin/env python3
"""Throughput of eventmap.parse_many from Python against the command line on
the same articles (issue 18: within 20% of the CLI).

    python scripts/bench_python.py [--bin target/release/eventmap] [--rounds 5]

The articles are ../shared/eval/dev.jsonl when it is there (1.1 MB of local
news), else the bundled sample articles repeated to about 1 MB. Each side
reads the same JSONL lines on one thread (`eventmap parse` reads one
article at a time): the CLI time is the wall time of `eventmap parse FILE -o
OUT` (its whole process, start-up and writing included), Python's is
`parse_many(..., jobs=1)` (results turned into dicts included). The best of
--rounds runs of each, alternated, is reported.
"""
import argparse, json, os, subprocess, sys, tempfile, time

import eventmap

HERE = os.path.dirname(os.path.abspath(__file__))  # scripts/
ROOT = os.path.dirname(HERE)


def articles():
    dev = os.path.join(ROOT, "..", "shared", "eval", "dev.jsonl")
    if os.path.exists(dev):
        return [json.loads(l) for l in open(dev, encoding="utf-8")], "dev.jsonl (LGL)"
    lines = open(os.path.join(ROOT, "examples", "articles", "sample.jsonl"), encoding="utf-8").read()
    lines = lines * (1_000_000 // len(lines) + 1)
    return [json.loads(l) for l in lines.splitlines() if l.strip()], "bundled samples, repeated"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "eventmap"))
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    arts, name = articles()
    jobs = [{"id": str(r.get("id", i)), "text": r["text"], **({"date": r["date"]} if r.get("date") else {})}
            for i, r in enumerate(arts)]
    mb = sum(len(j["text"].encode()) for j in jobs) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            for j in jobs:
                f.write(json.dumps(j) + "\n")
        cli, py = [], []
        for _ in range(a.rounds):
            t = time.perf_counter()
            subprocess.run([a.bin, "parse", src, "-o", os.path.join(tmp, "out.jsonl")],
                           check=True, stderr=subprocess.DEVNULL)
            cli.append(time.perf_counter() - t)
            t = time.perf_counter()
            eventmap.parse_many(jobs, jobs=1)
            py.append(time.perf_counter() - t)
    c, p = min(cli), min(py)
    print(f"{len(jobs)} articles, {mb:.2f} MB ({name}), one thread, best of {a.rounds}")
    print(f"  CLI parse         {c:6.3f} s  {mb / c:6.2f} MB/s")
    print(f"  Python parse_many {p:6.3f} s  {mb / p:6.2f} MB/s  ({(p / c - 1) * 100:+.0f}% time vs CLI)")


if __name__ == "__main__":
    sys.exit(main())
