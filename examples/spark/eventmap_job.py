#!/usr/bin/env python3
"""Run eventmap over a JSONL article set on Apache Spark.

Each partition of the input is piped through the single eventmap binary
(`eventmap parse - --format jsonl`: one JSON line in, one JSON line out,
flushed per article), so Spark only moves text around and eventmap does the
geoparsing. The job writes:

  OUTPUT/articles/part-*   one JSON object per article (eventmap's parse
                           output: id, title, date, mentions, events)
  OUTPUT/places/part-00000 one JSON object per place, most mentioned first:
                           name, geonameid, kind, country_code, lat, lon,
                           mentions, articles (how many)

Local (pip install pyspark; Java 17+):
    python3 examples/spark/eventmap_job.py --input feed.jsonl --output out \
        --eventmap target/release/eventmap

Cluster (ship the binary with the job; it lands in each executor's working
directory):
    spark-submit --master yarn --files target/release/eventmap \
        examples/spark/eventmap_job.py --input hdfs:///news/2024-05-06.jsonl \
        --output hdfs:///eventmap/2024-05-06 --eventmap ./eventmap
"""

import argparse
import json
import os
import shlex
import sys


def place_key(m):
    """One place: its GeoNames id, or name and rounded point without one."""
    if m.get("geonameid") is not None:
        return ("id", m["geonameid"])
    return ("pt", m["name"], round(m["lat"], 4), round(m["lon"], 4))


def mentions_of(line):
    """(place key, (place fields, mentions, {article id})) for each mappable
    mention of one parse output line; demonyms are not places."""
    record = json.loads(line)
    out = []
    for m in record.get("mentions", []):
        if m.get("kind") == "demonym" or m.get("lat") is None or m.get("lon") is None:
            continue
        fields = {k: m.get(k) for k in ("name", "geonameid", "kind", "country_code", "lat", "lon")}
        out.append((place_key(m), (fields, 1, {record["id"]})))
    return out


def merge(a, b):
    return (a[0], a[1] + b[1], a[2] | b[2])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", required=True, help="JSONL articles: {id, text, date?, title?} per line")
    ap.add_argument("--output", required=True, help="output folder (must not exist)")
    ap.add_argument("--eventmap", default="./eventmap", help="path of the eventmap binary on the workers")
    ap.add_argument("--master", default=None, help="Spark master when not run by spark-submit (e.g. local[2])")
    ap.add_argument("--partitions", type=int, default=None, help="input partitions (default: Spark's)")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("eventmap")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")

    binary = args.eventmap
    if os.path.sep in binary and os.path.exists(binary):
        binary = os.path.abspath(binary)  # local mode: workers share this machine

    lines = sc.textFile(args.input, minPartitions=args.partitions)
    # Blank lines would only produce an eventmap warning; drop them here.
    lines = lines.filter(lambda l: l.strip() != "")
    # eventmap exits 1 when a record is malformed (it still answers every
    # good one); Spark's pipe would fail the task on it, so the wrapper keeps
    # the exit status for real failures only (2: fatal).
    script = f"{shlex.quote(binary)} parse - --format jsonl; s=$?; [ $s -le 1 ]"
    command = "sh -c " + shlex.quote(script)  # RDD.pipe splits it with shlex
    results = lines.pipe(command)
    results.saveAsTextFile(os.path.join(args.output, "articles"))

    places = (
        results.flatMap(mentions_of)
        .reduceByKey(merge)
        .map(lambda kv: dict(kv[1][0], mentions=kv[1][1], articles=len(kv[1][2])))
        .sortBy(lambda p: (-p["mentions"], p["name"], p.get("geonameid") or 0), numPartitions=1)
        .map(lambda p: json.dumps(p, ensure_ascii=False))
    )
    places.saveAsTextFile(os.path.join(args.output, "places"))
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
