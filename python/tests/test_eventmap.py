"""The Python package against the behaviour of the command line: the same
JSON, the same gazetteer, errors that name what was wrong. Articles are our
own sentences."""

import json
import os
import shutil
import subprocess
import threading

import pytest

import eventmap

KABUL = "A car bomb exploded near the airport in Kabul on Thursday, killing 12 people."


def test_parse_finds_places_events_and_times():
    r = eventmap.parse(KABUL, date="2021-08-26", id="k1", title="Blast")
    assert r["id"] == "k1" and r["title"] == "Blast" and r["date"] == "2021-08-26"
    kabul = [m for m in r["mentions"] if m["name"] == "Kabul"]
    assert kabul and kabul[0]["geonameid"] == 1138958
    assert KABUL[kabul[0]["start"]:kabul[0]["end"]] == "Kabul"
    attack = [e for e in r["events"] if e["type"] == "attack" and "same_as" not in e]
    assert attack and attack[0]["place"] == "Kabul" and attack[0]["date"] == "2021-08-26"
    assert attack[0]["fatalities"] == 12
    assert [t["date"] for t in r["times"]] == ["2021-08-26"]


def test_parse_is_the_json_the_command_line_writes(tmp_path):
    exe = os.environ.get("EVENTMAP_BIN") or shutil.which("eventmap")
    if not exe:
        pytest.skip("no eventmap binary (set EVENTMAP_BIN)")
    feed = tmp_path / "a.jsonl"
    feed.write_text(json.dumps({"id": "k1", "text": KABUL, "date": "2021-08-26"}) + "\n")
    out = subprocess.run([exe, "parse", str(feed), "--format", "jsonl"],
                         check=True, capture_output=True, text=True).stdout
    assert json.loads(out) == eventmap.parse(KABUL, date="2021-08-26", id="k1")


def test_relative_dates_follow_the_publication_date():
    a = eventmap.parse("Protesters marched in Nairobi on Monday.", date="2024-07-10")
    b = eventmap.parse("Protesters marched in Nairobi on Monday.", date="2024-07-17")
    assert a["events"][0]["date"] == "2024-07-08"
    assert b["events"][0]["date"] == "2024-07-15"


def test_bad_input_gets_a_clear_error():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        eventmap.parse("Floods in Sukkur.", date="26/08/2024")
    with pytest.raises(TypeError, match="str"):
        eventmap.parse(b"Floods in Sukkur.")
    with pytest.raises(ValueError, match="article 1"):
        eventmap.parse_many(["Floods in Sukkur.", {"id": "x"}])
    with pytest.raises(TypeError, match="article 0"):
        eventmap.parse_many([42])
    with pytest.raises(ValueError, match="jobs"):
        eventmap.parse_many(["Floods in Sukkur."], jobs=0)
    with pytest.raises(ValueError, match="not an eventmap result"):
        eventmap.to_geojson([{"id": 3}])


def test_hostile_text_is_read_without_failing():
    for text in ["", "\x00\x01\x02", "\ufffd" * 1000, "Kabul " * 20000, "a" * 200000]:
        r = eventmap.parse(text)
        assert isinstance(r["mentions"], list)


def test_parse_many_keeps_order_and_matches_parse():
    texts = [
        "Shelling hit Kharkiv on Tuesday.",
        {"id": "nbo", "text": "Thousands protested in Nairobi.", "date": "2024-06-25"},
        "The river Indus flooded villages near Sukkur.",
    ] * 5
    many = eventmap.parse_many(texts, jobs=2)
    assert [r["id"] for r in many] == [
        t["id"] if isinstance(t, dict) else str(i) for i, t in enumerate(texts)
    ]
    for i, t in enumerate(texts):
        one = eventmap.parse(t["text"], date=t.get("date"), id=t["id"]) if isinstance(t, dict) \
            else eventmap.parse(t, id=str(i))
        assert many[i] == one
    assert eventmap.parse_many(iter(["Kabul."]))[0]["mentions"][0]["name"] == "Kabul"


def test_parse_many_lets_other_threads_run():
    # A Python thread counts alone for a while (its rate), then while a
    # batch runs. Were the GIL held, it would count only in the switch
    # intervals around the call (a few milliseconds' worth).
    import time

    ticks = [0]
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks[0] += 1

    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.2)
    rate = ticks[0] / 0.2
    batch = [KABUL * 40] * 150
    before, t0 = ticks[0], time.perf_counter()
    eventmap.parse_many(batch, jobs=1)
    during, took = ticks[0] - before, time.perf_counter() - t0
    stop.set()
    t.join()
    assert took > 0.1, f"batch too short to tell ({took:.3f} s)"
    assert during > 0.3 * rate * took, (during, rate, took)


def test_lookup_lists_candidates_best_first():
    paris = eventmap.lookup("Paris", limit=3)
    assert len(paris) == 3 and paris[0]["country_code"] == "FR"
    texas = eventmap.lookup("Paris, Texas")
    assert texas[0]["admin1"] == "Texas" and texas[0]["country"] == "United States"
    assert texas[0]["admin2"] == "Lamar County"
    assert texas[0]["feature_class"] == "P" and abs(texas[0]["lat"] - 33.66) < 0.01
    assert eventmap.lookup("Qwxzv Nowhere") == []


def test_to_geojson_is_a_feature_collection_of_places_and_events():
    rs = eventmap.parse_many([KABUL, "Protesters marched in Nairobi on Friday."])
    fc = eventmap.to_geojson(rs)
    assert fc["type"] == "FeatureCollection"
    names = {f["properties"].get("name") for f in fc["features"]}
    assert {"Kabul", "Nairobi"} <= names
    assert any(f["properties"].get("event_type") == "attack" or
               f["properties"].get("type") == "attack" for f in fc["features"])
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert eventmap.to_geojson(rs[0])["features"]


def test_to_geodataframe():
    gpd = pytest.importorskip("geopandas")
    gdf = eventmap.to_geodataframe(eventmap.parse_many([KABUL]))
    assert isinstance(gdf, gpd.GeoDataFrame)
    assert gdf.crs.to_epsg() == 4326
    row = gdf[gdf["name"] == "Kabul"].iloc[0]
    assert abs(row.geometry.x - 69.17) < 0.05 and abs(row.geometry.y - 34.53) < 0.05


BORDER = ("Officials in Laredo, Brownsville and Paris said the storm closed roads. "
          "Crews from Laredo reached Paris by night.")


def test_options_are_the_command_line_options():
    paris = lambda r: [m for m in r["mentions"] if m["text"] == "Paris"]
    plain = eventmap.parse(BORDER)
    us = eventmap.parse(BORDER, focus="US")
    assert paris(us) and all(m["country_code"] == "US" for m in paris(us))
    assert eventmap.parse(BORDER, focus=["us"]) == us
    assert eventmap.parse_many([BORDER], focus="US")[0]["mentions"] == us["mentions"]
    assert len(plain["mentions"]) <= len(us["mentions"])
    only = eventmap.parse("Clashes in Kabul and Peshawar.", only_in="AF")
    assert [m["name"] for m in only["mentions"]] == ["Kabul"]
    boxed = eventmap.parse("Clashes in Kabul and Peshawar.", only_in=(60, 29, 75, 39))
    assert len(boxed["mentions"]) == 2
    countries = eventmap.parse("Clashes in Kabul, Afghanistan.", kinds=["country"])
    assert [m["kind"] for m in countries["mentions"]] == ["country"]
    ranked = eventmap.parse("Talks in Paris.", candidates=3)
    assert len(ranked["mentions"][0]["candidates"]) == 3
    assert "focus" in ranked
    with pytest.raises(ValueError, match="focus"):
        eventmap.parse("x", focus="ZZ")
    with pytest.raises(ValueError, match="town"):
        eventmap.parse("x", kinds="town")
    with pytest.raises(ValueError, match="candidates"):
        eventmap.parse("x", candidates=-1)


def test_the_hierarchy_reaches_python():
    m = eventmap.parse("Floods hit Sukkur.")["mentions"][0]
    assert m["country"] == "Pakistan" and m["admin1"] == "Sindh" and m["population"] > 100000


def test_use_gazetteer_adds_the_users_places(tmp_path):
    camps = tmp_path / "camps.tsv"
    camps.write_text("name\tlat\tlon\tkind\tcountry_code\taliases\n"
                     "Zamzam camp\t13.4833\t25.3167\tcamp\tSD\tZamzam\n")
    text = "Families reached Zamzam on Tuesday after fighting near El Fasher."
    assert not [m for m in eventmap.parse(text)["mentions"] if m["text"] == "Zamzam"]
    try:
        eventmap.use_gazetteer(camps)
        z = [m for m in eventmap.parse(text)["mentions"] if m["text"] == "Zamzam"]
        assert z and z[0]["place_id"] == "user:1" and z[0]["name"] == "Zamzam camp"
        many = eventmap.parse_many([text, text], jobs=2)
        assert all(any(m.get("place_id") == "user:1" for m in r["mentions"]) for r in many)
        assert eventmap.lookup("zamzam")[0]["place_id"] == "user:1"
    finally:
        eventmap.use_gazetteer()
    assert not [m for m in eventmap.parse(text)["mentions"] if m["text"] == "Zamzam"]
    bad = tmp_path / "bad.tsv"
    bad.write_text("name\tlat\tlon\nX\t95\t1\n")
    with pytest.raises(ValueError, match=r"bad.tsv:2: lat 95"):
        eventmap.use_gazetteer(bad)
