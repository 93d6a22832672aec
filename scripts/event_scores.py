#!/usr/bin/env python3
"""Event extraction scores, computed as tests/events.rs computes them.

    python3 scripts/event_scores.py                    # runs target/release/eventmap
    python3 scripts/event_scores.py --system out.jsonl # scores saved `parse` output
    python3 scripts/event_scores.py -v                 # also lists every miss

Per article, system events are matched one to one to gold events by
trigger-span overlap (greedy, largest overlap first; ties: closest
boundaries, then document order). A matched pair is a detection hit; also a
type hit (same type), date hit (same `date`) and place hit (same geonameid,
or within 161 km). Precision = hits / system events; recall = hits / gold
events. Output without an "events" array counts as no events.
"""

import argparse
import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACC_KM = 161.0


def haversine_km(a, b):
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))


def match_overlap(gold, sys_):
    cands = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(sys_):
            ov = min(g[1], s[1]) - max(g[0], s[0])
            if ov > 0:
                cands.append((-ov, abs(g[0] - s[0]) + abs(g[1] - s[1]), gi, si))
    cands.sort()
    used_g, used_s, pairs = set(), set(), []
    for _, _, gi, si in cands:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            pairs.append((gi, si))
    return pairs


def same_place(g, s):
    if g.get("geonameid") is not None and g.get("geonameid") == s.get("geonameid"):
        return True
    vals = (g.get("lat"), g.get("lon"), s.get("lat"), s.get("lon"))
    if any(v is None for v in vals):
        return False
    return haversine_km(vals[:2], vals[2:]) <= ACC_KM


def jsonl(path):
    return [json.loads(l) for l in Path(path).read_text(encoding="utf-8").splitlines() if l.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=ROOT / "tests/data/events.jsonl")
    ap.add_argument("--system", help="saved `eventmap parse` output (default: run the binary)")
    ap.add_argument("--bin", default=ROOT / "target/release/eventmap")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    gold = jsonl(args.gold)
    if args.system:
        system = jsonl(args.system)
    else:
        out = subprocess.run([str(args.bin), "parse", str(args.gold)],
                             check=True, capture_output=True, text=True)
        system = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
    by_id = {s["id"]: s for s in system}

    n = dict(gold=0, system=0, detection=0, type=0, date=0, place=0)
    for art in gold:
        out = by_id.get(art["id"])
        if out is None:
            sys.exit(f"no output for {art['id']}")
        g_ev, s_ev = art["events"], out.get("events") or []
        n["gold"] += len(g_ev)
        n["system"] += len(s_ev)
        pairs = match_overlap([(e["start"], e["end"]) for e in g_ev],
                              [(e["start"], e["end"]) for e in s_ev])
        for gi, si in pairs:
            g, s = g_ev[gi], s_ev[si]
            n["detection"] += 1
            ok_t = g["type"] == s.get("type")
            ok_d = g["date"] is not None and g["date"] == s.get("date")
            ok_p = same_place(g, s)
            n["type"] += ok_t
            n["date"] += ok_d
            n["place"] += ok_p
            if args.verbose and not (ok_t and ok_d and ok_p):
                print(f"{art['id']} {g['trigger']!r}: "
                      + ("" if ok_t else f"type {s.get('type')} (gold {g['type']}) ")
                      + ("" if ok_d else f"date {s.get('date')} (gold {g['date']}) ")
                      + ("" if ok_p else f"place {s.get('place')} {s.get('geonameid')} (gold {g['place']} {g['geonameid']})"))
        if args.verbose:
            matched_g = {gi for gi, _ in pairs}
            matched_s = {si for _, si in pairs}
            for gi, g in enumerate(g_ev):
                if gi not in matched_g:
                    print(f"{art['id']} missed {g['trigger']!r} ({g['type']}, {g['place']}, {g['date']})")
            for si, s in enumerate(s_ev):
                if si not in matched_s:
                    print(f"{art['id']} spurious {s.get('trigger')!r} ({s.get('type')}, {s.get('place')}, {s.get('date')})")

    ratio = lambda h, d: h / d if d else 0.0
    print(f"events: {n['gold']} gold, {n['system']} system, over {len(gold)} articles")
    print(f"{'':10} {'hits':>5} {'P':>7} {'R':>7}")
    for k in ("detection", "type", "date", "place"):
        print(f"{k:10} {n[k]:>5} {ratio(n[k], n['system']):>7.3f} {ratio(n[k], n['gold']):>7.3f}")


if __name__ == "__main__":
    main()
