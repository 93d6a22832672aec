#!/usr/bin/env python3
"""Builds tests/data/events.jsonl: short news articles we wrote ourselves
(invented but plausible events, real place names) with gold events.

    cargo build --release && python3 scripts/make_event_gold.py

Articles and annotations are Python data below. Each gold event names its
trigger word and a prefix of the text that comes before it; the offsets are
found with str.index (trigger searched from where the prefix starts), so they
are exact Unicode character offsets (Python indices, end exclusive). Places
are keys into PLACES; their geonameid is checked against, and lat/lon taken
from, `eventmap lookup --json` (the project's gazetteer).

Date conventions (the date we intend an extractor to produce):
  * an expression in the event's own sentence gives the date, normalised
    against the publication date; weekdays ("on Monday", "last Sunday") are
    the most recent such day strictly before publication (no article here is
    published on the weekday it names);
  * ranges give their first day in `date` and the last in `end_date`:
    "from 3 to 5 May" -> 05-03..05-05; "last week" -> Monday..Sunday of the
    previous ISO week; "earlier this month" -> the 1st of the month..the day
    before publication; "in 2019" -> 2019-01-01..2019-12-31; "in March 2016"
    -> 2016-03-01..2016-03-31; "since Sunday" -> that Sunday;
  * expressions relative to another date in the text ("the next day")
    count from that date;
  * no date expression in the sentence -> the publication date.
The place is the most specific gazetteer place the event happened at; it may
be named only in an earlier sentence ("the town").
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "events.jsonl"
BIN = ROOT / "target" / "release" / "eventmap"

# key -> (query for `eventmap lookup`, intended geonameid)
PLACES = {
    "Kabul": ("Kabul", 1138958),
    "Afghanistan": ("Afghanistan", 1149361),
    "Tajikistan": ("Tajikistan", 1220409),
    "Chaman": ("Chaman", 1181611),
    "Kupyansk": ("Kupiansk", 703656),
    "Dvorichna": ("Dvorichna", 709399),
    "Chuhuyiv": ("Chuhuiv", 710374),
    "Kharkiv": ("Kharkiv", 706483),
    "Kharkiv Oblast": ("Kharkiv Oblast", 706482),
    "Konduga": ("Konduga", 2334044),
    "Bama": ("Bama", 2347954),
    "Gwoza": ("Gwoza", 2339665),
    "Antwerp": ("Antwerp", 2803138),
    "Brussels": ("Brussels", 2800866),
    "Ghent": ("Ghent", 2797656),
    "Sindh": ("Sindh", 1164807),
    "Sukkur": ("Sukkur", 1164408),
    "Chilas": ("Chilas", 1181138),
    "Quetta": ("Quetta", 1167528),
    "Karachi": ("Karachi", 1174872),
    "Tczew": ("Tczew", 3083426),
    "Zakopane": ("Zakopane", 3080866),
    "Puławy": ("Puławy", 760924),
    "Gdańsk": ("Gdańsk", 3099434),
    "Arusha": ("Arusha", 161325),
    "Kampala": ("Kampala", 232422),
    "Blantyre": ("Blantyre", 931755),
    "Aberdeen": ("Aberdeen", 2657832),
    "Ballater": ("Ballater", 2656565),
    "Kirkwall": ("Kirkwall", 2645198),
    "Perth": ("Perth", 2640358),  # Scotland, not Western Australia
    "Ménaka": ("Ménaka", 2453514),
    "Gao": ("Gao", 2457163),  # the town in Mali
    "Ansongo": ("Ansongo", 2461003),
    "Croix-des-Bouquets": ("Croix-des-Bouquets", 3727135),
    "Port-au-Prince": ("Port-au-Prince", 3718426),
    "Cap-Haïtien": ("Cap-Haïtien", 3728474),
}

# Each event: (prefix, trigger, type, date, place, extra fields)
ARTICLES = [
    {
        # The seed-like article.
        "id": "ev-01",
        "date": "2021-09-01",  # Wednesday
        "title": "Last US flight leaves Afghanistan",
        "text": (
            "An explosion near the gates of Kabul's airport on August 26 killed almost 200 "
            "people, most of them civilians hoping to board flights out of the country. "
            "The US withdrawal from Afghanistan ended on the night of August 31, when the "
            "last American transport plane took off. "
            "Last week thousands of families crossed into Pakistan at Chaman, south of Kandahar. "
            "Russian and Tajik troops began joint military exercises yesterday at a training "
            "range in Tajikistan, about 20 kilometres from the border. "
            "Officials in Dushanbe described the border as calm. "
            "The Pentagon said it had no plans to send soldiers back."
        ),
        "events": [
            ("", "explosion", "attack", "2021-08-26", "Kabul",
             {"fatalities": 200, "approximate": True}),
            ("The US", "withdrawal", "military_movement", "2021-08-31", "Afghanistan",
             {"subtype": "withdrawal"}),
            ("Last week", "crossed", "displacement", "2021-08-23", "Chaman",
             {"end_date": "2021-08-29"}),
            ("Russian and Tajik", "exercises", "military_movement", "2021-08-31", "Tajikistan",
             {"subtype": "exercise"}),
        ],
    },
    {
        "id": "ev-02",
        "date": "2023-05-17",  # Wednesday
        "text": (
            "Heavy fighting broke out on Monday near Kupiansk, a railway town east of Kharkiv, "
            "the regional governor said. "
            "Ukrainian troops retook the village of Dvorichna the next day. "
            "A drone strike destroyed a fuel depot in Chuhuiv on Saturday. "
            "Russian artillery also shelled the centre of Kharkiv, wounding five people, "
            "the mayor said. "
            "About 400 people have fled frontline villages in the Kharkiv region since Sunday, "
            "volunteers said. "
            "The governor urged residents to stay close to shelters."
        ),
        "events": [
            ("", "fighting", "armed_clash", "2023-05-15", "Kupyansk", {}),
            ("Ukrainian", "retook", "territorial_control", "2023-05-16", "Dvorichna", {}),
            ("A drone", "strike", "attack", "2023-05-13", "Chuhuyiv", {}),
            ("Russian artillery", "shelled", "attack", "2023-05-17", "Kharkiv", {}),
            ("About 400", "fled", "displacement", "2023-05-14", "Kharkiv Oblast", {}),
        ],
    },
    {
        "id": "ev-03",
        "date": "2023-06-21",  # Wednesday
        "text": (
            "A suicide bombing at a crowded market in Konduga, in Borno state, killed at "
            "least 12 people and injured dozens last Sunday, police said. "
            "The wounded were taken to hospitals in Maiduguri, the state capital. "
            "Hundreds of families have since fled Konduga for Maiduguri. "
            "The army deployed additional troops to the town on Tuesday. "
            "In a separate incident on Monday, gunmen ambushed a convoy of traders on the "
            "road to Bama, killing two people. "
            "Soldiers fought insurgents for several hours near Gwoza on Saturday and retook "
            "two villages, the army said. "
            "The state governor said the region needed more help from the federal government. "
            "Borno has suffered attacks by Islamist insurgents for more than a decade."
        ),
        "events": [
            ("A suicide", "bombing", "attack", "2023-06-18", "Konduga", {"fatalities": 12}),
            ("Hundreds of families", "fled", "displacement", "2023-06-21", "Konduga", {}),
            ("The army", "deployed", "military_movement", "2023-06-20", "Konduga",
             {"subtype": "deployment"}),
            ("In a separate", "ambushed", "attack", "2023-06-19", "Bama", {"fatalities": 2}),
            ("Soldiers", "fought", "armed_clash", "2023-06-17", "Gwoza", {}),
            ("Soldiers", "retook", "territorial_control", "2023-06-17", "Gwoza", {}),
        ],
    },
    {
        "id": "ev-04",
        "date": "2024-05-08",  # Wednesday
        "text": (
            "Dock workers at the port of Antwerp held a strike from 3 to 5 May over plans "
            "to automate cargo handling. "
            "Dozens of ships waited off the coast of Zeeland while the terminals were closed. "
            "On Monday, several thousand people marched through Brussels in support of the dockers. "
            "The prime minister met union leaders in Brussels on Tuesday, but no agreement "
            "was reached. "
            "In Ghent, a crane collapsed at a container terminal on Tuesday, injuring two workers. "
            "Unions said another walkout was possible in June. "
            "The employers' federation said it respected the right to protest."
        ),
        "events": [
            ("", "strike", "protest", "2024-05-03", "Antwerp", {"end_date": "2024-05-05"}),
            ("On Monday", "marched", "protest", "2024-05-06", "Brussels", {}),
            ("The prime minister", "met", "political", "2024-05-07", "Brussels", {}),
            ("In Ghent", "collapsed", "accident", "2024-05-07", "Ghent", {}),
        ],
    },
    {
        "id": "ev-05",
        "date": "2024-08-22",  # Thursday
        "text": (
            "Floods caused by monsoon rains earlier this month killed at least 35 people in "
            "Sindh province, the provincial disaster authority said on Tuesday. "
            "More than 100,000 people have been displaced in the districts around Sukkur, "
            "officials said. "
            "In the north, a landslide blocked the Karakoram Highway near Chilas on Friday, "
            "stranding hundreds of travellers. "
            "An earthquake of magnitude 5.1 shook Quetta on Sunday, damaging several houses "
            "but causing no deaths. "
            "Doctors warned that cholera could spread in crowded relief camps. "
            "Karachi suffered a severe outbreak of dengue fever in 2019, when thousands of "
            "patients filled its hospitals. "
            "The federal government said on Wednesday that it would release emergency funds."
        ),
        "events": [
            ("", "Floods", "natural_disaster", "2024-08-01", "Sindh",
             {"fatalities": 35, "end_date": "2024-08-21"}),
            ("More than", "displaced", "displacement", "2024-08-22", "Sukkur", {}),
            ("In the north", "landslide", "natural_disaster", "2024-08-16", "Chilas", {}),
            ("An earthquake", "earthquake", "natural_disaster", "2024-08-18", "Quetta", {}),
            ("Karachi suffered", "outbreak", "natural_disaster", "2019-01-01", "Karachi",
             {"end_date": "2019-12-31"}),
        ],
    },
    {
        "id": "ev-06",
        "date": "2023-10-12",  # Thursday
        "text": (
            "Two people died and about 30 were injured yesterday when a regional train "
            "derailed near Tczew in northern Poland. "
            "Investigators from Warsaw reached the scene in the evening. "
            "On Monday, a bus carrying tourists crashed into a ravine near Zakopane, killing "
            "four passengers. "
            "A gas explosion at a fertiliser plant in Puławy injured three workers on Tuesday, "
            "the company said. "
            "As a precaution, about 150 residents of nearby streets were evacuated on Tuesday "
            "evening. "
            "Last week a cargo ship sank in the Gulf of Gdańsk; all 12 crew members were rescued. "
            "The transport minister said rail safety rules would be reviewed."
        ),
        "events": [
            ("Two people", "derailed", "accident", "2023-10-11", "Tczew", {"fatalities": 2}),
            ("On Monday", "crashed", "accident", "2023-10-09", "Zakopane", {"fatalities": 4}),
            ("A gas", "explosion", "accident", "2023-10-10", "Puławy", {}),
            ("As a precaution", "evacuated", "displacement", "2023-10-10", "Puławy", {}),
            ("Last week", "sank", "accident", "2023-10-02", "Gdańsk",
             {"end_date": "2023-10-08"}),
        ],
    },
    {
        "id": "ev-07",
        "date": "2019-11-22",  # Friday
        "text": (
            "Foreign ministers from Kenya, Uganda and Tanzania met in Arusha on Monday to "
            "discuss a planned regional railway. "
            "Outside the conference centre, hundreds of traders demonstrated on Monday against "
            "higher border fees. "
            "On Tuesday the ministers signed an agreement on shared customs posts. "
            "The three countries first backed the railway at a summit in Kampala in March 2016. "
            "Kenya's trade minister said the arrangement would halve transit times. "
            "In Malawi, voters in Blantyre elected a new mayor on Saturday after the previous "
            "mayor resigned in October. "
            "Observers from Lilongwe described the day as calm."
        ),
        "events": [
            ("", "met", "political", "2019-11-18", "Arusha", {}),
            ("Outside", "demonstrated", "protest", "2019-11-18", "Arusha", {}),
            ("On Tuesday", "signed", "political", "2019-11-19", "Arusha", {}),
            ("The three countries", "summit", "political", "2016-03-01", "Kampala",
             {"end_date": "2016-03-31"}),
            ("In Malawi", "elected", "political", "2019-11-16", "Blantyre", {}),
            ("In Malawi", "resigned", "political", "2019-10-01", "Blantyre",
             {"end_date": "2019-10-31"}),
        ],
    },
    {
        # Published just after New Year; the events are in the previous year.
        "id": "ev-08",
        "date": "2024-01-02",  # Tuesday
        "text": (
            "A storm with gusts of up to 150 km/h struck Aberdeen and the north-east of "
            "Scotland on 30 December, leaving 20,000 homes without power. "
            "About 300 residents of Ballater were evacuated last week as the River Dee rose. "
            "A ferry ran aground outside the harbour at Kirkwall, in Orkney, on Sunday; none "
            "of its 80 passengers was hurt. "
            "Fireworks displays in Edinburgh were cancelled on New Year's Eve because of the wind. "
            "On New Year's Day, hundreds of farmers rallied in Perth against new land taxes. "
            "Rail services between Aberdeen and Edinburgh resumed yesterday."
        ),
        "events": [
            ("", "storm", "natural_disaster", "2023-12-30", "Aberdeen", {}),
            ("About 300", "evacuated", "displacement", "2023-12-25", "Ballater",
             {"end_date": "2023-12-31"}),
            ("A ferry", "aground", "accident", "2023-12-31", "Kirkwall", {}),
            ("On New Year's Day", "rallied", "protest", "2024-01-01", "Perth", {}),
        ],
    },
    {
        "id": "ev-09",
        "date": "2018-04-10",  # Tuesday
        "text": (
            "Government troops and rebel fighters clashed on 2 April 2018 outside Ménaka, in "
            "eastern Mali; at least seven soldiers were killed. "
            "On 4 April the rebels captured the town. "
            "Thousands of residents fled, aid agencies said. "
            "The army deployed reinforcements to Gao on Sunday. "
            "A roadside bomb hit a supply convoy near Ansongo on Monday, wounding three soldiers. "
            "A military spokesman in Paris said French aircraft were monitoring the area."
        ),
        "events": [
            ("", "clashed", "armed_clash", "2018-04-02", "Ménaka", {"fatalities": 7}),
            ("On 4 April", "captured", "territorial_control", "2018-04-04", "Ménaka", {}),
            ("Thousands of residents", "fled", "displacement", "2018-04-10", "Ménaka", {}),
            ("The army", "deployed", "military_movement", "2018-04-08", "Gao",
             {"subtype": "deployment"}),
            ("A roadside", "bomb", "attack", "2018-04-09", "Ansongo", {}),
        ],
    },
    {
        "id": "ev-10",
        "date": "2021-10-20",  # Wednesday
        "text": (
            "Six passengers were killed on Monday in a shooting on a minibus in "
            "Croix-des-Bouquets, east of Port-au-Prince. "
            "Rival gangs fought for control of the Cité Soleil district of the capital on "
            "8 October. "
            "Thousands of families have fled the district, according to aid groups. "
            "Health officials confirmed an outbreak of cholera in Port-au-Prince on 2 October. "
            "Hundreds of people protested in Cap-Haïtien on Tuesday to demand the prime "
            "minister's resignation. "
            "The government said it would ask foreign partners for help with policing."
        ),
        "events": [
            ("", "shooting", "attack", "2021-10-18", "Croix-des-Bouquets", {"fatalities": 6}),
            ("Rival gangs", "fought", "armed_clash", "2021-10-08", "Port-au-Prince", {}),
            ("Thousands of families", "fled", "displacement", "2021-10-20", "Port-au-Prince", {}),
            ("Health officials", "outbreak", "natural_disaster", "2021-10-02", "Port-au-Prince", {}),
            ("Hundreds of people", "protested", "protest", "2021-10-19", "Cap-Haïtien", {}),
        ],
    },
]

TYPES = {
    "attack", "armed_clash", "protest", "natural_disaster", "accident",
    "military_movement", "political", "displacement", "territorial_control",
}


def gazetteer(binary):
    """PLACES resolved through `eventmap lookup --json`: key -> record."""
    out = {}
    for key, (query, gid) in PLACES.items():
        res = subprocess.run(
            [str(binary), "lookup", "--json", "--limit", "20", query],
            check=True, capture_output=True, text=True,
        )
        cands = [c for c in json.loads(res.stdout) if c["geonameid"] == gid]
        if not cands:
            sys.exit(f"{key}: geonameid {gid} is not a candidate for {query!r}")
        c = cands[0]
        out[key] = {"place": c["name"], "geonameid": gid, "lat": c["lat"], "lon": c["lon"]}
    return out


def build(places):
    lines = []
    for art in ARTICLES:
        text = art["text"]
        n_sent = text.count(". ") + 1
        assert 4 <= n_sent <= 10, (art["id"], n_sent)
        events = []
        for prefix, trigger, kind, date, place, extra in art["events"]:
            assert kind in TYPES, kind
            start = text.index(trigger, text.index(prefix))
            end = start + len(trigger)
            assert text[start:end] == trigger
            ev = {"start": start, "end": end, "trigger": trigger, "type": kind}
            if "subtype" in extra:
                ev["subtype"] = extra["subtype"]
            ev["date"] = date
            if "end_date" in extra:
                ev["end_date"] = extra["end_date"]
            ev.update(places[place])
            for k in ("fatalities", "approximate"):
                if k in extra:
                    ev[k] = extra[k]
            events.append(ev)
        events.sort(key=lambda e: e["start"])
        spans = [(e["start"], e["end"]) for e in events]
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), art["id"]
        rec = {"id": art["id"], "corpus": "events", "date": art["date"]}
        if "title" in art:
            rec["title"] = art["title"]
        rec["text"] = text
        rec["events"] = events
        lines.append(json.dumps(rec, ensure_ascii=False))
    return lines


def main():
    binary = Path(sys.argv[1]) if len(sys.argv) > 1 else BIN
    lines = build(gazetteer(binary))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = {}
    for art in ARTICLES:
        for e in art["events"]:
            counts[e[2]] = counts.get(e[2], 0) + 1
    print(f"{OUT}: {len(lines)} articles, {sum(counts.values())} events")
    for k in sorted(counts):
        print(f"  {k:20} {counts[k]}")


if __name__ == "__main__":
    main()
