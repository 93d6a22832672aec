#!/usr/bin/env python3
"""Turn the hand-marked sources in tests/data/events_src/ into the annotation JSONL files.

    python3 scripts/build_event_annotations.py     # writes tests/data/events_annotated.jsonl
                                                   #    and tests/data/events_articles.jsonl, then checks them

Python 3 standard library only. Every text in tests/data/events_src/ was written
for eventmap (none is taken from any annotated corpus). Offsets are computed
here, never typed by hand, and scripts/check_annotations.py verifies them.

Source format
-------------
records/*.txt: one record per line, `DATE | text`; lines starting with "#" are
comments. Records are numbered own-0001, own-0002, ... in file-name and line order.

articles.txt: articles separated by a line "===". The first line of an article is
`DATE | title`; the rest is the text (paragraphs separated by blank lines). Articles
are numbered own-art-01, own-art-02, ...

In the text a mention is written [surface|spec]; only `surface` stays in the text.
spec is space-separated:
  TYPE[:SUB]   an event: TYPE one of att cla pro nat acc mil pol dis ter arr wea loo,
               SUB an ACLED sub-event code (see ACLED in build_triggers.py)
  -REASON      not an event: hyp neg plan hist gen sense
  @Place       the place where the event happened (underscores for spaces); the
               occurrence of that text in the record nearest the mention is used
  f=N i=N      fatalities / injured stated in the text
  ~            approximate count ("dozens", "about 200")
  ana          anaphoric: refers back to an event already mentioned
  o=K          occurrence id (required on every event mention of an article)
"""

import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "data", "events_src")
OUT_RECORDS = os.path.join(ROOT, "tests", "data", "events_annotated.jsonl")
OUT_ARTICLES = os.path.join(ROOT, "tests", "data", "events_articles.jsonl")

# The type and ACLED codes of the markup are the lexicon's (one table for both).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_triggers import ACLED, TYPES  # noqa: E402

# The extra classes always carry their one ACLED sub-event type.
DEFAULT_SUB = {"arr": "arr", "wea": "dwu", "loo": "loot"}
WHY = {"hyp": "hypothetical", "neg": "negated", "plan": "planned", "hist": "history",
       "gen": "generic", "sense": "other_sense"}
MARK = re.compile(r"\[([^\[\]|]+)\|([^\[\]]*)\]")


class SourceError(Exception):
    pass


def parse_marked(marked, where):
    """(plain text, [(start, end, surface, spec)])."""
    out, marks, pos = [], [], 0
    for m in MARK.finditer(marked):
        out.append(marked[pos:m.start()])
        start = sum(len(x) for x in out)
        surface = m.group(1)
        out.append(surface)
        marks.append((start, start + len(surface), surface, m.group(2).split()))
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "[" in text or "]" in text or "|" in text:
        raise SourceError(f"{where}: stray bracket or bar in text: {text!r}")
    return text, marks


def nearest(text, name, s, e, where):
    best = None
    for m in re.finditer(re.escape(name), text):
        # whole words only
        if (m.start() > 0 and text[m.start() - 1].isalnum()) or (m.end() < len(text) and text[m.end()].isalnum()):
            continue
        d = min(abs(m.start() - e), abs(s - m.end()))
        if best is None or d < best[0]:
            best = (d, m.start(), m.end())
    if best is None:
        raise SourceError(f"{where}: place {name!r} not in text")
    return {"start": best[1], "end": best[2], "text": name}


def mention(text, s, e, surface, spec, where):
    if not spec:
        raise SourceError(f"{where}: empty spec for {surface!r}")
    head, rest = spec[0], spec[1:]
    m = {"start": s, "end": e, "text": surface}
    if head.startswith("-"):
        why = WHY.get(head[1:])
        if why is None:
            raise SourceError(f"{where}: bad reason {head!r}")
        m["event"] = False
        m["why"] = why
        if rest:
            raise SourceError(f"{where}: a non-event takes no {rest!r}")
        return m
    tcode, _, sub = head.partition(":")
    if tcode not in TYPES:
        raise SourceError(f"{where}: bad type {tcode!r}")
    sub = sub or DEFAULT_SUB.get(tcode, "")
    if sub and sub not in ACLED:
        raise SourceError(f"{where}: bad ACLED code {sub!r}")
    m["event"] = True
    m["type"] = TYPES[tcode]
    m["acled_event_type"] = ACLED[sub][0] if sub else None
    m["acled_sub_event_type"] = ACLED[sub][1] if sub else None
    m["place"] = None
    for tok in rest:
        if tok.startswith("@"):
            m["place"] = nearest(text, tok[1:].replace("_", " "), s, e, where)
        elif tok.startswith("f="):
            m["fatalities"] = int(tok[2:])
        elif tok.startswith("i="):
            m["injured"] = int(tok[2:])
        elif tok == "~":
            m["approximate"] = True
        elif tok == "ana":
            m["anaphoric"] = True
        elif tok.startswith("o="):
            m["occurrence"] = tok[2:]
        else:
            raise SourceError(f"{where}: unknown spec token {tok!r}")
    return m


def record(rid, date, marked, where, title=None):
    text, marks = parse_marked(marked, where)
    rec = {"id": rid}
    if title:
        rec["title"] = title
    rec["date"] = date
    rec["text"] = text
    rec["mentions"] = [mention(text, s, e, surf, spec, where) for s, e, surf, spec in marks]
    return rec


def read_records():
    folder = os.path.join(SRC, "records")
    recs, problems = [], []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for ln, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                date, sep, marked = line.partition(" | ")
                where = f"records/{name}:{ln}"
                if not sep:
                    raise SourceError(f"{where}: expected 'DATE | text'")
                try:
                    recs.append(record(f"own-{len(recs) + 1:04d}", date.strip(), marked.strip(), where))
                except SourceError as e:
                    problems.append(str(e))
    if problems:
        raise SourceError("\n".join(problems))
    return recs


def read_articles():
    with open(os.path.join(SRC, "articles.txt"), encoding="utf-8") as f:
        raw = f.read()
    arts = []
    for block in raw.split("\n===\n"):
        lines = [ln for ln in block.strip("\n").split("\n") if not ln.startswith("#")]
        while lines and not lines[0].strip():
            lines.pop(0)
        if not lines:
            continue
        date, sep, title = lines[0].partition(" | ")
        where = f"articles.txt, article {len(arts) + 1}"
        if not sep:
            raise SourceError(f"{where}: first line must be 'DATE | title'")
        body = "\n".join(lines[1:]).strip("\n")
        rec = record(f"own-art-{len(arts) + 1:02d}", date.strip(), body, where, title.strip())
        for m in rec["mentions"]:
            if m["event"] and "occurrence" not in m:
                raise SourceError(f"{where}: event {m['text']!r} at {m['start']} without o=")
        arts.append(rec)
    return arts


def write(path, recs):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main():
    try:
        recs = read_records()
        arts = read_articles()
    except SourceError as e:
        sys.exit(f"build_event_annotations: {e}")
    write(OUT_RECORDS, recs)
    write(OUT_ARTICLES, arts)
    print(f"{len(recs)} records, {len(arts)} articles written")
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import check_annotations
    sys.argv = [sys.argv[0], "--stats", OUT_RECORDS, OUT_ARTICLES]
    check_annotations.main()


if __name__ == "__main__":
    main()
