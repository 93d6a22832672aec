#!/usr/bin/env python3
"""Check the project's own event annotations (Python 3 standard library only).

    python3 scripts/check_annotations.py                       # the two default files
    python3 scripts/check_annotations.py FILE.jsonl ...        # any files in the same schema
    python3 scripts/check_annotations.py --stats               # also print counts per type, sub-type, reason

Checks, per record (errors make the exit status 1):
  - schema: id, text, date (YYYY-MM-DD), mentions; ids unique across the files;
  - every mention: text[start:end] == mention text (Unicode character offsets,
    Python indexing, end exclusive), no two mentions overlap;
  - an event mention has a valid eventmap type (the nine, or arrest,
    weapons_seizure, looting), an ACLED event type and sub-event type that are
    both null or a valid pair spelled as in ACLED's codebook, and one allowed for
    that type; place null or a span inside the text whose text matches;
    fatalities/injured non-negative integers; approximate/anaphoric booleans;
  - a non-event mention has a `why` in hypothetical, negated, planned,
    history, generic, other_sense;
  - every trigger form of src/events/triggers.tsv found in the text (lower
    case, whole words, longest match first) overlaps a labelled mention, so the
    data carries real negatives;
  - in a record where any event mention has an `occurrence` (all articles),
    every event mention has one.
Warnings (printed, not fatal): a mention whose text is not a lexicon form.
"""

import argparse
import collections
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_FILES = [os.path.join(ROOT, "tests", "data", "events_annotated.jsonl"),
                 os.path.join(ROOT, "tests", "data", "events_articles.jsonl")]
TRIGGERS = os.path.join(ROOT, "src", "events", "triggers.tsv")

TYPES = ["attack", "armed_clash", "protest", "natural_disaster", "accident", "military_movement",
         "political", "displacement", "territorial_control", "arrest", "weapons_seizure", "looting"]
WHY = ["hypothetical", "negated", "planned", "history", "generic", "other_sense"]
ACLED = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"],
}
SUB_TO_EVENT = {s: e for e, subs in ACLED.items() for s in subs}
# Which ACLED sub-event types each eventmap type may carry (None: no ACLED type).
ALLOWED = {
    "attack": {None, "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
               "Suicide bomb", "Grenade", "Chemical weapon", "Attack", "Abduction/forced disappearance",
               "Sexual violence"},
    "armed_clash": {None, "Armed clash"},
    "territorial_control": {None, "Government regains territory", "Non-state actor overtakes territory",
                            "Non-violent transfer of territory", "Armed clash"},
    "protest": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters",
                "Violent demonstration", "Mob violence"},
    "political": {None, "Agreement", "Other"},
    "military_movement": {None, "Headquarters or base established", "Change to group/activity"},
    "arrest": {"Arrests"},
    "weapons_seizure": {"Disrupted weapons use"},
    "looting": {"Looting/property destruction"},
    "natural_disaster": {None},
    "accident": {None},
    "displacement": {None},
}

WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load_lexicon(path=TRIGGERS):
    forms = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("form\t"):
                continue
            cols = line.rstrip("\n").split("\t")
            forms[tuple(cols[0].split(" "))] = cols
    return forms


def lexicon_hits(text, forms, maxlen=None):
    """[(start, end, form)] for the trigger forms in text: whole words, lower case,
    longest match first, words of a multi-word form separated by spaces only."""
    if maxlen is None:
        maxlen = max(len(k) for k in forms)
    toks = [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]
    hits = []
    i = 0
    while i < len(toks):
        found = 0
        for n in range(min(maxlen, len(toks) - i), 0, -1):
            seq = toks[i:i + n]
            if any(text[seq[k][1]:seq[k + 1][0]].strip(" ") for k in range(n - 1)):
                continue  # something other than spaces between the words
            key = tuple(t[2] for t in seq)
            if key in forms:
                hits.append((seq[0][0], seq[-1][1], " ".join(key)))
                found = n
                break
        i += found or 1
    return hits


def check_record(rec, forms, errors, warnings, need_occurrence):
    rid = rec.get("id", "?")

    def err(msg):
        errors.append(f"{rid}: {msg}")

    for key in ("id", "text", "date", "mentions"):
        if key not in rec:
            err(f"missing {key}")
            return
    text = rec["text"]
    if not isinstance(rec["date"], str) or not DATE.match(rec["date"]):
        err(f"bad date {rec['date']!r}")
    spans = []
    for i, m in enumerate(rec["mentions"]):
        s, e = m.get("start"), m.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
            err(f"mention {i}: bad span {s}..{e}")
            continue
        if text[s:e] != m.get("text"):
            err(f"mention {i}: text[{s}:{e}] = {text[s:e]!r} != {m.get('text')!r}")
        spans.append((s, e, i))
        if tuple(m.get("text", "").lower().split(" ")) not in forms:
            warnings.append(f"{rid}: mention {m.get('text')!r} is not a lexicon form")
        ev = m.get("event")
        if ev is True:
            t = m.get("type")
            if t not in TYPES:
                err(f"mention {i}: bad type {t!r}")
                continue
            et, st = m.get("acled_event_type"), m.get("acled_sub_event_type")
            if st is None:
                if et is not None:
                    err(f"mention {i}: ACLED event type without sub-event type")
            elif SUB_TO_EVENT.get(st) != et:
                err(f"mention {i}: bad ACLED pair {et!r} / {st!r}")
            if st not in ALLOWED[t]:
                err(f"mention {i}: ACLED sub-event {st!r} not allowed for type {t}")
            p = m.get("place", "missing")
            if p == "missing":
                err(f"mention {i}: no place key (null when none)")
            elif p is not None:
                ps, pe = p.get("start"), p.get("end")
                if not (isinstance(ps, int) and isinstance(pe, int) and 0 <= ps < pe <= len(text)):
                    err(f"mention {i}: bad place span")
                elif text[ps:pe] != p.get("text"):
                    err(f"mention {i}: place text[{ps}:{pe}] = {text[ps:pe]!r} != {p.get('text')!r}")
            for k in ("fatalities", "injured"):
                if k in m and not (isinstance(m[k], int) and m[k] >= 0):
                    err(f"mention {i}: bad {k}")
            for k in ("approximate", "anaphoric"):
                if k in m and not isinstance(m[k], bool):
                    err(f"mention {i}: {k} must be a boolean")
            if "why" in m:
                err(f"mention {i}: an event has no why")
            if need_occurrence and not m.get("occurrence"):
                err(f"mention {i}: article event without occurrence")
        elif ev is False:
            if m.get("why") not in WHY:
                err(f"mention {i}: bad why {m.get('why')!r}")
            for k in ("type", "place", "fatalities", "injured", "occurrence"):
                if k in m:
                    err(f"mention {i}: a non-event carries {k}")
        else:
            err(f"mention {i}: event must be true or false")
    spans.sort()
    for (s1, e1, i1), (s2, e2, i2) in zip(spans, spans[1:]):
        if s2 < e1:
            err(f"mentions {i1} and {i2} overlap")
    for hs, he, form in lexicon_hits(text, forms):
        if not any(s < he and hs < e for s, e, _ in spans):
            err(f"unlabelled lexicon form {form!r} at {hs}: ...{text[max(0, hs - 30):he + 30]}...")


def stats(records):
    c = collections.Counter()
    for rec in records:
        for m in rec["mentions"]:
            if m["event"]:
                c["pos"] += 1
                c["type", m["type"]] += 1
                c["sub", m.get("acled_sub_event_type") or "-"] += 1
                c["place", m["place"] is not None] += 1
                for k in ("fatalities", "injured", "approximate", "anaphoric"):
                    if k in m:
                        c["flag", k] += 1
            else:
                c["neg"] += 1
                c["why", m["why"]] += 1
    return c


def print_stats(name, records):
    c = stats(records)
    print(f"{name}: {len(records)} records, {c['pos']} event mentions, {c['neg']} non-event mentions")
    print("  types:", ", ".join(f"{t} {c['type', t]}" for t in TYPES))
    subs = [s for subs in ACLED.values() for s in subs]
    print("  ACLED:", ", ".join(f"{s} {c['sub', s]}" for s in subs) + f", none {c['sub', '-']}")
    print("  why:", ", ".join(f"{w} {c['why', w]}" for w in WHY))
    print("  placed:", c["place", True], " unplaced:", c["place", False], " flags:",
          ", ".join(f"{k} {c['flag', k]}" for k in ("fatalities", "injured", "approximate", "anaphoric")))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", default=DEFAULT_FILES)
    ap.add_argument("--stats", action="store_true")
    ap.add_argument("--warnings", action="store_true", help="list every warning")
    args = ap.parse_args()
    forms = load_lexicon()
    errors, warnings, ids = [], [], set()
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        for rec in records:
            need_occ = any("occurrence" in m for m in rec.get("mentions", []))
            if rec.get("id") in ids:
                errors.append(f"{rec.get('id')}: duplicate id")
            ids.add(rec.get("id"))
            check_record(rec, forms, errors, warnings, need_occ)
        if args.stats:
            print_stats(os.path.relpath(path, ROOT), records)
    for e in errors:
        print("ERROR", e)
    if args.warnings:
        for w in warnings:
            print("warning", w)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
