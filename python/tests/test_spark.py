"""The Spark example that uses the package (examples/spark/eventmap_pandas_job.py),
run in Spark local mode on articles of our own: its articles are the
package's results, and its places count what those results mention. Needs
pyspark, pandas, pyarrow and Java; skipped without them."""

import collections
import glob
import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

import eventmap

ROOT = pathlib.Path(__file__).resolve().parents[2]
JOB = ROOT / "examples" / "spark" / "eventmap_pandas_job.py"

ARTICLES = [
    {"id": "a1", "text": "Floods swept through Sukkur and Larkana on Monday.", "date": "2024-08-26"},
    {"id": "a2", "text": "Police fired tear gas at protesters in Nairobi on Tuesday.", "date": "2024-06-25",
     "title": "Nairobi protest"},
    {"id": "a3", "text": "Rescuers reached villages near Sukkur after the Indus burst its banks."},
    {"id": "a4", "text": "Shelling hit Kharkiv and Izium overnight, officials in Kharkiv said."},
]


def test_pandas_job_matches_the_package(tmp_path):
    pytest.importorskip("pyspark")
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    if not shutil.which("java"):
        pytest.skip("no java")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    out = tmp_path / "out"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    run = subprocess.run(
        [sys.executable, str(JOB), "--input", str(feed), "--output", str(out), "--master", "local[2]"],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]

    got = {}
    for part in glob.glob(str(out / "articles" / "part-*")):
        for line in open(part, encoding="utf-8"):
            r = json.loads(line)
            got[r["id"]] = r
    want = {r["id"]: r for r in eventmap.parse_many(ARTICLES)}
    assert got == want

    places = [json.loads(line) for part in sorted(glob.glob(str(out / "places" / "part-*")))
              for line in open(part, encoding="utf-8")]
    counts = collections.Counter()
    arts = collections.defaultdict(set)
    for r in want.values():
        for m in r["mentions"]:
            if m["kind"] != "demonym" and m.get("lat") is not None:
                key = m.get("geonameid") or m["name"]
                counts[key] += 1
                arts[key].add(r["id"])
    # Spark's JSON writer leaves out a null geonameid (a place with none).
    assert {p.get("geonameid") or p["name"]: (p["mentions"], p["articles"]) for p in places} == \
        {g: (n, len(arts[g])) for g, n in counts.items()}
    assert [p["mentions"] for p in places] == sorted((p["mentions"] for p in places), reverse=True)
    assert places[0]["name"] in ("Sukkur", "Kharkiv")
