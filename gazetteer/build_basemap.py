#!/usr/bin/env python3
"""Build gazetteer/basemap.bin, the basemap bundled into the eventmap renderer.

Source: the npm package world-atlas@2.0.2 (Mike Bostock, ISC licence), which
holds Natural Earth (public domain) land and country shapes as TopoJSON at
1:110m and 1:50m. The script fetches it with the ordinary npm client
(`npm pack`), decodes the TopoJSON itself (standard library only) and writes
one compact little-endian file. The layout is documented at the top of
src/render/basemap.rs, which reads it; keep the two in step.

Usage:
    python3 gazetteer/build_basemap.py                 # fetch with npm, write gazetteer/basemap.bin
    python3 gazetteer/build_basemap.py --from DIR      # use an unpacked package/ dir instead
    python3 gazetteer/build_basemap.py --out PATH
"""

import argparse
import json
import os
import struct
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "world-atlas@2.0.2"
FILES = ["land-110m.json", "land-50m.json", "countries-110m.json", "countries-50m.json"]
MAGIC = b"EMBASE\x00\x01"


def fetch(tmp):
    """Runs `npm pack` in tmp and unpacks the files we need; returns the dir holding them."""
    out = subprocess.run(
        ["npm", "pack", PACKAGE, "--silent"],
        cwd=tmp,
        check=True,
        capture_output=True,
        text=True,
    )
    tgz = out.stdout.strip().splitlines()[-1]
    with tarfile.open(os.path.join(tmp, tgz)) as tar:
        for name in FILES:
            member = tar.getmember("package/" + name)
            with tar.extractfile(member) as src, open(os.path.join(tmp, name), "wb") as dst:
                dst.write(src.read())
    return tmp


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


def land_polygons(topo):
    """Polygons (outer ring then holes), largest first, none crossing the
    antimeridian.

    The renderer fills an outer ring with land and its holes with sea, in
    this order; sorting by area puts an island in a lake after the land
    around the lake, so painting in order gets the nesting right.
    """
    arcs = decode_arcs(topo)
    polys = []
    for geometry in topo["objects"]["land"]["geometries"]:
        for rings in polygons_of(geometry):
            pieces = [[piece] for _, piece in sorted(cut_ring(ring(arcs, rings[0])).items())]
            # A hole goes with the piece that surrounds it. (Window numbers
            # do not match up: Eurasia's ring starts in Chukotka, so most of
            # it lands in the window west of the Caspian's.)
            for r in rings[1:]:
                pts = ring(arcs, r)
                if len({y for _, y in pts}) == 1:
                    continue  # a zero-area "hole" along the pole left by stitching
                for _, hole in sorted(cut_ring(pts).items()):
                    home = [p for p in pieces if inside(hole[0], p[0])] or pieces
                    home[0].append(hole)
            polys.extend(pieces)
    polys.sort(key=lambda p: -abs(signed_area(p[0])))
    return polys


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


def pack_points(pts):
    return struct.pack("<I", len(pts)) + b"".join(struct.pack("<ff", x, y) for x, y in pts)


def pack_polygons(polys):
    out = [struct.pack("<I", len(polys))]
    for rings in polys:
        out.append(struct.pack("<I", len(rings)))
        out.extend(pack_points(r) for r in rings)
    return b"".join(out)


def pack_lines(lines):
    return struct.pack("<I", len(lines)) + b"".join(pack_points(l) for l in lines)


def build(src):
    def load(name):
        with open(os.path.join(src, name), encoding="utf-8") as f:
            return json.load(f)

    sections = [
        (b"land110\x00", pack_polygons(land_polygons(load("land-110m.json")))),
        (b"bord110\x00", pack_lines(border_lines(load("countries-110m.json")))),
        (b"land50\x00\x00", pack_polygons(land_polygons(load("land-50m.json")))),
        (b"bord50\x00\x00", pack_lines(border_lines(load("countries-50m.json")))),
    ]
    header_len = len(MAGIC) + 4 + 16 * len(sections)
    table, body, offset = [], [], header_len
    for tag, data in sections:
        table.append(tag + struct.pack("<II", offset, len(data)))
        body.append(data)
        offset += len(data)
    return MAGIC + struct.pack("<I", len(sections)) + b"".join(table) + b"".join(body)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="src", help="directory holding the world-atlas JSON files (skips npm)")
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
