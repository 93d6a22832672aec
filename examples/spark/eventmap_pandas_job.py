#!/usr/bin/env python3
"""Run eventmap over a JSONL article set on Apache Spark, with the eventmap
Python package (mapInPandas) instead of the binary.

Each Arrow batch of articles goes to eventmap.parse_many inside the Python
worker, so no binary has to be shipped: the package (pip install ./python)
must be installed where the executors run Python. The job writes what
eventmap_job.py writes:

  OUTPUT/articles/part-*   one JSON object per article (eventmap's parse
                           output: id, title, date, mentions, events, times)
  OUTPUT/places/part-*     one JSON object per place, most mentioned first:
                           name, geonameid, kind, country_code, lat, lon,
                           mentions, articles (how many)

Local (pip install pyspark pandas pyarrow ./python; Java 17+):
    python3 examples/spark/eventmap_pandas_job.py --input feed.jsonl --output out --master 'local[2]'
"""

import argparse
import json
import os
import sys

RESULT_SCHEMA = "id string, result string"
MENTION_SCHEMA = (
    "array<struct<name:string, geonameid:long, kind:string, country_code:string,"
    " lat:double, lon:double>>"
)


def parse_batches(frames):
    """mapInPandas: articles (id, text, date?, title?) in, (id, result JSON) out."""
    import pandas as pd

    import eventmap

    for frame in frames:
        def field(row, name):
            v = row.get(name)
            return v if isinstance(v, str) else None

        articles = [
            {"id": str(row["id"]), "text": row["text"] if isinstance(row["text"], str) else "",
             "date": field(row, "date"), "title": field(row, "title")}
            for row in frame.to_dict("records")
        ]
        # One thread per Python worker: Spark already runs one per core.
        results = eventmap.parse_many(articles, jobs=1)
        yield pd.DataFrame({
            "id": [r["id"] for r in results],
            "result": [json.dumps(r, ensure_ascii=False) for r in results],
        })


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", required=True, help="JSONL articles: {id, text, date?, title?} per line")
    ap.add_argument("--output", required=True, help="output folder (must not exist)")
    ap.add_argument("--master", default=None, help="Spark master when not run by spark-submit (e.g. local[2])")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    builder = SparkSession.builder.appName("eventmap-pandas")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")

    articles = spark.read.json(args.input)
    for col in ("date", "title"):
        if col not in articles.columns:
            articles = articles.withColumn(col, F.lit(None).cast("string"))
    articles = articles.select(F.col("id").cast("string"), "text", "date", "title")
    results = articles.mapInPandas(parse_batches, schema=RESULT_SCHEMA).cache()
    results.select("result").write.text(os.path.join(args.output, "articles"))

    # Places: every mappable mention (demonyms are no places), one row per
    # GeoNames id (or name and rounded point without one).
    mentions = F.from_json(F.get_json_object("result", "$.mentions"), MENTION_SCHEMA)
    m = (
        results.select("id", F.explode(mentions).alias("m"))
        .select("id", "m.*")
        .where((F.col("kind") != "demonym") & F.col("lat").isNotNull() & F.col("lon").isNotNull())
        .withColumn("key", F.coalesce(
            F.col("geonameid").cast("string"),
            F.concat_ws("|", "name", F.round("lat", 4).cast("string"), F.round("lon", 4).cast("string"))))
    )
    places = (
        m.groupBy("key")
        .agg(F.first("name").alias("name"), F.first("geonameid").alias("geonameid"),
             F.first("kind").alias("kind"), F.first("country_code").alias("country_code"),
             F.first("lat").alias("lat"), F.first("lon").alias("lon"),
             F.count(F.lit(1)).alias("mentions"), F.countDistinct("id").alias("articles"))
        .orderBy(F.desc("mentions"), "name", F.coalesce("geonameid", F.lit(0)))
        .drop("key")
    )
    places.coalesce(1).write.json(os.path.join(args.output, "places"))
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
