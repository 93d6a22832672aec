#!/usr/bin/env python3
"""Generate tests/data/events_heldout.jsonl: a small, independently written
held-out set of invented news articles with hand-annotated events.

Offsets are Unicode character offsets of the trigger word in `text`.
Places were resolved with `target/release/eventmap lookup --json NAME`.
"""
import json
import os

# (geonameid, lat, lon) from the gazetteer
G = {
    "Djibo": (2361177, 14.0986, -1.6266),
    "Dori": (2361082, 14.0333, -0.0333),
    "Kaya": (2359608, 13.0883, -1.0837),
    "Aribinda": (2363174, 14.2296, -0.8654),
    "Ouagadougou": (2357048, 12.3657, -1.5339),
    "Arequipa (region)": (3947319, -15.9659, -72.2629),
    "Arequipa": (3947322, -16.3990, -71.5375),
    "Chivay": (3943626, -15.6383, -71.6011),
    "Cabanaconde": (3946475, -15.6214, -71.9789),
    "Cusco": (3941584, -13.5319, -71.9670),
    "Tbilisi": (611717, 41.6914, 44.8341),
    "Brussels": (2800866, 50.8505, 4.3488),
    "Batumi": (615532, 41.6408, 41.6306),
    "Ajaria": (615929, 41.6738, 41.8948),
    "Rutshuru": (206047, -1.1867, 29.4467),
    "Sake": (205970, -1.5739, 29.0434),
    "Goma": (216281, -1.6741, 29.2284),
    "Rwanda": (49518, -1.9903, 29.9198),
    "Bunia": (217695, 1.5594, 30.2522),
}

# Each event: (trigger, occurrence index of trigger in text, type, date, place, fatalities or None)
ARTICLES = [
    {
        "id": "ho-01",
        "date": "2023-11-09",  # Thursday
        "text": (
            "Gunmen attacked a crowded market in the northern town of Djibo on Tuesday, "
            "killing at least 14 people, local officials said. "
            "The following day, soldiers clashed with the militants near Dori, and the army said "
            "nine fighters died in the exchange. "
            "Hundreds of families have fled to Kaya to escape the violence. "
            "Ouagadougou and Niamey have long shared intelligence about the border region. "
            "Residents of Djibo said the militants threatened to return and burn the remaining shops. "
            "Last month, the army announced that it had recaptured the town of Aribinda. "
            "Protesters marched through Ouagadougou yesterday to demand better protection for the north."
        ),
        "events": [
            ("attacked", 0, "attack", "2023-11-07", "Djibo", 14),
            ("clashed", 0, "armed_clash", "2023-11-08", "Dori", 9),
            ("fled", 0, "displacement", "2023-11-09", "Kaya", None),
            ("recaptured", 0, "territorial_control", "2023-10-01", "Aribinda", None),
            ("marched", 0, "protest", "2023-11-08", "Ouagadougou", None),
        ],
    },
    {
        "id": "ho-02",
        "date": "2024-02-20",  # Tuesday
        "text": (
            "A strong earthquake shook the southern Peruvian region of Arequipa on 12 February, "
            "damaging hundreds of adobe homes. "
            "Chivay, a market town in the Colca valley, was among the worst affected places. "
            "Yesterday a landslide buried the main road leading into it, and rescuers recovered three bodies. "
            "About 600 residents of Cabanaconde were evacuated on Friday as cracks spread across the hillside. "
            "Separately, a bus plunged into a ravine near Cusco two days ago, killing 11 passengers. "
            "Meteorologists warned that more rain could trigger further landslides across the Andes. "
            "Residents of the city of Arequipa protested on Monday over the slow delivery of aid."
        ),
        "events": [
            ("earthquake", 0, "natural_disaster", "2024-02-12", "Arequipa (region)", None),
            ("landslide", 0, "natural_disaster", "2024-02-19", "Chivay", 3),
            ("evacuated", 0, "displacement", "2024-02-16", "Cabanaconde", None),
            ("plunged", 0, "accident", "2024-02-18", "Cusco", 11),
            ("protested", 0, "protest", "2024-02-19", "Arequipa", None),
        ],
    },
    {
        "id": "ho-03",
        "date": "2024-10-04",  # Friday
        "text": (
            "Thousands of people rallied in Tbilisi on Sunday against a proposed law on foreign-funded media. "
            "The following day, the interior minister announced his resignation at a news conference in the capital, "
            "citing pressure from within the ruling party. "
            "On Thursday, the prime minister met European Union officials in Brussels to discuss the dispute. "
            "Georgia and Armenia signed an agreement on cross-border rail traffic in Batumi on 27 September. "
            "Last month, voters in the Black Sea region of Ajaria elected a new regional council."
        ),
        "events": [
            ("rallied", 0, "protest", "2024-09-29", "Tbilisi", None),
            ("resignation", 0, "political", "2024-09-30", "Tbilisi", None, "resignation"),
            ("met", 0, "political", "2024-10-03", "Brussels", None, "meeting"),
            ("signed", 0, "political", "2024-09-27", "Batumi", None, "agreement"),
            ("elected", 0, "political", "2024-09-01", "Ajaria", None, "election"),
        ],
    },
    {
        "id": "ho-04",
        "date": "2024-06-07",  # Friday
        "text": (
            "Rebel fighters seized the town of Rutshuru in eastern Congo on Wednesday, a local administrator said. "
            "Government troops had already withdrawn from the lakeside town of Sake on Tuesday. "
            "Burundi deployed about 1,000 soldiers to Goma yesterday to shore up the city's defences. "
            "Across the border, Rwanda's army held live-fire exercises on 3 June, the defence ministry in Kigali said. "
            "Militiamen armed with machetes attacked a camp for displaced people near Bunia, killing six, aid workers said."
        ),
        "events": [
            ("seized", 0, "territorial_control", "2024-06-05", "Rutshuru", None),
            ("withdrawn", 0, "military_movement", "2024-06-04", "Sake", None, "withdrawal"),
            ("deployed", 0, "military_movement", "2024-06-06", "Goma", None, "deployment"),
            ("exercises", 0, "military_movement", "2024-06-03", "Rwanda", None, "exercise"),
            ("attacked", 0, "attack", "2024-06-07", "Bunia", 6),
        ],
    },
]


def find_nth(text, word, n):
    pos = -1
    for _ in range(n + 1):
        pos = text.find(word, pos + 1)
        if pos < 0:
            raise ValueError(f"trigger {word!r} #{n} not found")
    return pos


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(root, "tests", "data", "events_heldout.jsonl")
    with open(out, "w", encoding="utf-8") as f:
        for art in ARTICLES:
            text = art["text"]
            events = []
            for ev in art["events"]:
                trigger, nth, typ, date, place, fat = ev[:6]
                subtype = ev[6] if len(ev) > 6 else None
                start = find_nth(text, trigger, nth)
                end = start + len(trigger)
                assert text[start:end] == trigger
                gid, lat, lon = G[place]
                rec = {
                    "start": start,
                    "end": end,
                    "trigger": trigger,
                    "type": typ,
                }
                if subtype:
                    rec["subtype"] = subtype
                rec.update({
                    "date": date,
                    "place": place.split(" (")[0],
                    "geonameid": gid,
                    "lat": lat,
                    "lon": lon,
                })
                if fat is not None:
                    rec["fatalities"] = fat
                events.append(rec)
            events.sort(key=lambda e: e["start"])
            obj = {
                "id": art["id"],
                "corpus": "events-heldout",
                "date": art["date"],
                "text": text,
                "events": events,
            }
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
