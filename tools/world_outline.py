"""Make ``digest/data/world_outline.txt``, the country outlines the map of places is drawn on.

The source is Natural Earth's 1:110m admin-0 countries (public domain), as shipped in the
geopandas 0.14 wheel on PyPI (``geopandas/datasets/naturalearth_lowres/``), so it can be
made again without fetching anything else::

    pip download --no-deps geopandas==0.14.4 && unzip geopandas-0.14.4-*.whl 'geopandas/datasets/*'
    python tools/world_outline.py geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Each ring is simplified (Douglas-Peucker, ``--tolerance`` degrees) and written as one line of
integer points in tenths of a degree, equirectangular: x = (lon + 180) × 10, y = (90 − lat) × 10.
Rings that simplify to fewer than four points (small islands) are dropped.
"""

from __future__ import annotations

import argparse
import struct
from collections.abc import Iterator, Sequence
from pathlib import Path

Point = tuple[float, float]
HEADER = """\
# Country outlines for digest's map of places: Natural Earth 1:110m admin-0 countries
# (public domain, naturalearthdata.com), from the geopandas 0.14.4 wheel on PyPI
# (geopandas/datasets/naturalearth_lowres), simplified by tools/world_outline.py
# (Douglas-Peucker, {tolerance} degrees). One ring a line: x,y points in tenths of a degree,
# x = (longitude + 180) * 10, y = (90 - latitude) * 10.
"""


def polygons(shp: bytes) -> Iterator[list[list[Point]]]:
    """The rings of each polygon record of an ESRI shapefile (type 5)."""
    offset = 100
    while offset < len(shp):
        _, length = struct.unpack(">ii", shp[offset : offset + 8])
        record = shp[offset + 8 : offset + 8 + 2 * length]
        offset += 8 + 2 * length
        (shape_type,) = struct.unpack("<i", record[:4])
        if shape_type != 5:
            continue
        parts, count = struct.unpack("<ii", record[36:44])
        starts = [*struct.unpack(f"<{parts}i", record[44 : 44 + 4 * parts]), count]
        base = 44 + 4 * parts
        points = [
            struct.unpack("<dd", record[base + 16 * i : base + 16 * i + 16]) for i in range(count)
        ]
        yield [points[starts[k] : starts[k + 1]] for k in range(parts)]


def dbf_records(dbf: bytes) -> Iterator[dict[str, str]]:
    """The records of a dBase III table (the shapefile's attributes), as text."""
    count, header, size = struct.unpack("<IHH", dbf[4:12])
    fields = []
    for start in range(32, header - 1, 32):
        name = dbf[start : start + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, dbf[start + 16]))
    for index in range(count):
        record = dbf[header + index * size : header + (index + 1) * size]
        position, values = 1, {}
        for name, width in fields:
            values[name] = record[position : position + width].decode("utf-8", "replace").strip()
            position += width
        yield values


def centroid(ring: Sequence[Point]) -> tuple[float, float, float]:
    """Area and centroid (lon, lat) of a ring, by the shoelace formula."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if not area:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area / 2), cx / (3 * area), cy / (3 * area)


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            if norm:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            else:
                distance = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def grid(lon: float, lat: float) -> tuple[int, int]:
    return round((lon + 180) * 10), round((90 - lat) * 10)


def ring_line(ring: Sequence[Point], tolerance: float) -> str | None:
    simple = simplify(ring, tolerance)
    points: list[tuple[int, int]] = []
    for lon, lat in simple:
        point = grid(lon, lat)
        if not points or points[-1] != point:
            points.append(point)
    if len(points) < 4:
        return None
    return " ".join(f"{x},{y}" for x, y in points)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shapefile", type=Path)
    parser.add_argument("--tolerance", type=float, default=0.4)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "digest" / "data" / "world_outline.txt",
    )
    args = parser.parse_args()
    import pycountry  # a dependency of digest: ISO 3166 alpha-3 to the alpha-2 GeoNames uses

    lines, labels = [], []
    records = dbf_records(args.shapefile.with_suffix(".dbf").read_bytes())
    for polygon, record in zip(polygons(args.shapefile.read_bytes()), records, strict=True):
        lines += [line for ring in polygon if (line := ring_line(ring, args.tolerance))]
        # A country is marked at the centroid of its largest ring (France's mainland, not
        # its average with French Guiana).
        country = pycountry.countries.get(alpha_3=record["iso_a3"])
        if country is not None:
            _, lon, lat = max(centroid(ring) for ring in polygon)
            x, y = grid(lon, lat)
            labels.append(f"country {country.alpha_2} {x},{y}")
    lines = sorted(labels) + lines
    args.out.write_text(HEADER.format(tolerance=args.tolerance) + "\n".join(lines) + "\n")
    print(f"{args.out}: {len(lines)} rings, {sum(len(line.split()) for line in lines)} points")


if __name__ == "__main__":
    main()
