"""The feeds a build writes: RSS 2.0, Atom 1.0 and JSON Feed 1.1, whole and per place/tag.

Each is parsed with feedparser (bozo must be 0; feedparser accepts nearly anything, so that
alone proves little) and checked against the format's rules:

- Atom 1.0: validated with lxml (libxml2) against RFC 4287's RELAX NG schema
  (tests/schemas/atom.rng: no package here ships it, so it is written out from the RFC's
  Appendix B), plus by hand what the schema cannot say: RFC 3339 dates with a time zone,
  an author for every entry, a self link;
- RSS 2.0 has no official schema: its required channel elements, permalink guids and
  RFC 822 dates are checked by hand;
- JSON Feed 1.1: a JSON Schema written from the spec (https://jsonfeed.org/version/1.1).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import jsonschema
import pytest
from lxml import etree

ATOM_SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "schemas" / "atom.rng")))

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "format": "uri"},
        "feed_url": {"type": "string", "format": "uri"},
        "description": {"type": "string"},
        "authors": {
            "type": "array",
            "items": {"type": "object", "properties": {"name": {"type": "string"}}},
        },
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "summary": {"type": "string"},
                    "date_published": {"type": "string", "pattern": RFC3339.pattern},
                    "date_modified": {"type": "string", "pattern": RFC3339.pattern},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
                "additionalProperties": False,
            },
        },
    },
}


def _article(place: str, outlet: str, published: str, body: str, title: str) -> str:
    return f"---\ntitle: {title}\noutlet: {outlet}\npublished: {published}\n---\n{place.upper()} ({outlet}) — {body}\n"


BRIDGE = _article(
    "Karvan",
    "Basin Wire",
    "2026-02-02T09:00:00Z",
    "Engineers closed the Old Mill bridge over the Velda River on Monday after finding deep cracks "
    "in two of its stone piers, the city's roads department said. About 9,000 vehicles a day cross "
    "the bridge, the department said.",
    "Old Mill bridge closed after cracks found in piers",
)
BRIDGE_LATER = _article(
    "Karvan",
    "Meridian",
    "2026-02-03T15:30:00Z",
    "The Old Mill bridge over the Velda River in Karvan stayed closed on Tuesday after engineers "
    "from the roads department found deep cracks in two stone piers of the bridge. The bridge "
    "carries about 9,000 vehicles a day.",
    "Old Mill bridge stays closed as engineers inspect cracked piers",
)
FIRE = _article(
    "Deltaport",
    "Harbour News",
    "2026-02-05T22:00:00Z",
    "A warehouse fire at the container terminal burned through the night and destroyed grain "
    "stores, firefighters said. No one was hurt in the blaze.",
    "Warehouse fire burns through the night at Deltaport terminal",
)
OLD_FLOOD = _article(
    "Halvik",
    "Valley Daily",
    "2025-11-10T07:00:00Z",
    "Floodwaters from the swollen river swept through three villages overnight, forcing hundreds "
    "of residents from their homes, local officials said.",
    "Floods force hundreds from homes in Halvik villages",
)


def _build(run: Callable[..., object], project: Path) -> None:
    result = run("build", "-f", project / "mkdocs.yml")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]


def _feed_files(site: Path) -> list[Path]:
    nested = [
        p for name in ("feed.xml", "atom.xml", "feed.json") for p in site.glob(f"feeds/*/*/{name}")
    ]
    return sorted([site / "feed.xml", site / "atom.xml", site / "feed.json", *nested])


def _check_atom(path: Path) -> None:
    document = etree.parse(str(path))
    assert ATOM_SCHEMA.validate(document), (path, str(ATOM_SCHEMA.error_log))
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{ATOM}feed", path
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None, (path, name)
    assert RFC3339.match(root.findtext(f"{ATOM}updated") or ""), path
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    selfs = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert len(selfs) == 1 and selfs[0].get("href", "").endswith(path.name)
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), (path, name)
        assert RFC3339.match(entry.findtext(f"{ATOM}updated") or "")
        published = entry.findtext(f"{ATOM}published")
        assert published is None or RFC3339.match(published)
        assert feed_author or entry.find(f"{ATOM}author") is not None
        alternate = [
            link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"
        ]
        assert alternate or entry.find(f"{ATOM}content") is not None
        content = entry.find(f"{ATOM}content")
        assert content is not None and content.get("type") == "html"


def _check_rss(path: Path) -> None:
    root = ElementTree.parse(path).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    for name in ("title", "link", "description"):
        assert (channel.findtext(name) or "").strip(), (path, name)
    for item in channel.findall("item"):
        assert item.findtext("title") or item.findtext("description")
        guid = item.find("guid")
        assert guid is not None and guid.get("isPermaLink") == "true"
        if item.findtext("pubDate"):
            assert parsedate_to_datetime(item.findtext("pubDate") or "").tzinfo is not None


def test_the_atom_schema_rejects_what_rfc_4287_forbids(feed_project: Path) -> None:
    # The schema is ours to write, so it is shown to refuse broken feeds, not only to pass.
    good = (feed_project / "site" / "atom.xml").read_text(encoding="utf-8")
    assert ATOM_SCHEMA.validate(etree.fromstring(good.encode()))
    broken = {
        "no feed id": re.sub(r"<id>[^<]*</id>", "", good, count=1),
        "a date that is not a date": re.sub(
            r"<updated>[^<]*</updated>", "<updated>Mon, 2 Feb 2026</updated>", good, count=1
        ),
        "an unknown Atom element": good.replace("<generator>", "<bogus/><generator>", 1),
        "a second feed title": good.replace("<subtitle>", "<title>x</title><subtitle>", 1),
        "an entry without a title": re.sub(
            r"(<entry>.*?)<title>[^<]*</title>", r"\1", good, count=1, flags=re.S
        ),
    }
    for what, text in broken.items():
        assert text != good, what
        assert not ATOM_SCHEMA.validate(etree.fromstring(text.encode())), what


def _entries(path: Path) -> list[tuple[str, str | None, str | None]]:
    """(id, published, updated) of each item, in feed order."""
    if path.suffix == ".json":
        # feedparser 6 does not read JSON Feed: the schema check stands in for it.
        document = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(document, JSON_FEED_SCHEMA)
        return [
            (i["id"], i.get("date_published"), i.get("date_modified")) for i in document["items"]
        ]
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.version in ("rss20", "atom10"), (path, parsed.version)
    assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    # dict.get: feedparser's own get() maps a missing "updated" to "published".
    return [(e.id, dict.get(e, "published"), dict.get(e, "updated")) for e in parsed.entries]


@pytest.fixture
def feed_project(make_project: Callable[..., Path], run: Callable[..., object]) -> Path:
    project = make_project({"wire/bridge.md": BRIDGE, "harbour/fire.md": FIRE})
    _build(run, project)
    return project


def test_every_feed_is_written_in_three_valid_formats(feed_project: Path) -> None:
    site = feed_project / "site"
    files = _feed_files(site)
    # The briefing's three, and three per place (Karvan, Deltaport) and per tag.
    places = sorted(p.name for p in (site / "feeds" / "places").iterdir())
    tags = sorted(p.name for p in (site / "feeds" / "tags").iterdir())
    assert places == ["deltaport", "karvan"]
    assert "fire" in tags and "transport" in tags
    assert len(files) == 3 * (1 + len(places) + len(tags))
    for path in files:
        assert _entries(path), path
        if path.name == "atom.xml":
            _check_atom(path)
        elif path.name == "feed.xml":
            _check_rss(path)
        else:
            document = json.loads(path.read_text(encoding="utf-8"))
            jsonschema.validate(document, JSON_FEED_SCHEMA)
            assert document["feed_url"].endswith(path.relative_to(site).as_posix())
    fire_only = _entries(site / "feeds" / "tags" / "fire" / "atom.xml")
    assert len(fire_only) == 1 and "warehouse-fire" in fire_only[0][0]


def test_ids_and_order_survive_a_new_report_and_updated_moves(
    feed_project: Path, run: Callable[..., object]
) -> None:
    site = feed_project / "site"
    before = {name: _entries(site / name) for name in ("feed.xml", "atom.xml", "feed.json")}
    karvan_before = _entries(site / "feeds" / "places" / "karvan" / "atom.xml")
    # A later report of the bridge closure joins the existing incident.
    (feed_project / "articles" / "meridian").mkdir()
    (feed_project / "articles" / "meridian" / "bridge.md").write_text(BRIDGE_LATER, "utf-8")
    _build(run, feed_project)
    for name, entries in before.items():
        after = _entries(site / name)
        assert [e[0] for e in after] == [e[0] for e in entries], name
        assert [e[1] for e in after] == [e[1] for e in entries], name
    atom_before = dict((e[0], e[2]) for e in before["atom.xml"])
    atom_after = dict((e[0], e[2]) for e in _entries(site / "atom.xml"))
    bridge = next(i for i in atom_before if "bridge" in i)
    fire = next(i for i in atom_before if "fire" in i)
    assert atom_after[bridge] != atom_before[bridge]
    assert atom_after[bridge].startswith("2026-02-03T15:30:00")
    assert atom_after[fire] == atom_before[fire]
    json_items = {i["id"]: i for i in json.loads((site / "feed.json").read_text())["items"]}
    assert json_items[bridge]["date_published"] == "2026-02-02T09:00:00Z"
    assert json_items[bridge]["date_modified"] == "2026-02-03T15:30:00Z"
    assert [e[0] for e in _entries(site / "feeds" / "places" / "karvan" / "atom.xml")] == [
        e[0] for e in karvan_before
    ]
    # The item's body now lists both sources.
    assert "Meridian" in json_items[bridge]["content_html"]


def test_back_filled_old_reports_do_not_jump_to_the_top(
    feed_project: Path, run: Callable[..., object]
) -> None:
    site = feed_project / "site"
    first = [e[0] for e in _entries(site / "feed.xml")]
    (feed_project / "articles" / "valley").mkdir()
    (feed_project / "articles" / "valley" / "flood.md").write_text(OLD_FLOOD, "utf-8")
    _build(run, feed_project)
    for name in ("feed.xml", "atom.xml", "feed.json"):
        ids = [e[0] for e in _entries(site / name)]
        assert ids[: len(first)] == first, name
        assert "flood" in ids[-1], name


def test_item_limit_and_formats_are_configurable(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    project = make_project(
        {"wire/bridge.md": BRIDGE, "harbour/fire.md": FIRE},
        replace={
            "limit: 50 ": "limit: 1 ",
            "formats: [rss, atom, json]": "formats: [atom]",
            "per_place: true": "per_place: false",
        },
    )
    _build(run, project)
    site = project / "site"
    assert not (site / "feed.xml").exists() and not (site / "feed.json").exists()
    assert not (site / "feeds" / "places").exists()
    (entry,) = _entries(site / "atom.xml")
    assert "warehouse-fire" in entry[0]  # the newest first report
    assert all(len(_entries(p)) == 1 for p in (site / "feeds" / "tags").rglob("atom.xml"))


def test_unknown_feed_format_is_a_config_error(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    project = make_project(replace={"formats: [rss, atom, json]": "formats: [rss, rdf]"})
    result = run("build", "-f", project / "mkdocs.yml")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "digest.syndication.formats: unknown feed format 'rdf'" in result.output  # type: ignore[attr-defined]


def test_hostile_text_stays_text_in_every_format(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    hostile = (
        '---\ntitle: "<script>alert(1)</script> & \\x0b ]]> title"\noutlet: Wire\n'
        "published: 2026-02-01T10:00:00Z\n---\n"
        "KARVAN (Wire) — Officials said the <b>bridge</b> closed \x0c on Monday after cracks "
        "were found in the piers ]]> of the span.\n"
    )
    project = make_project({"hostile.md": hostile})
    _build(run, project)
    site = project / "site"
    for path in _feed_files(site):
        _entries(path)
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".xml":  # JSON Feed titles and summaries are plain text, kept as is
            assert "<script>" not in raw and "<b>bridge" not in raw, path
        assert "\x0b" not in raw and "\x0c" not in raw
    item = json.loads((site / "feed.json").read_text())["items"][0]
    assert "&lt;script&gt;" not in item["title"] and "<script>" in item["title"]
    assert "<script>" not in item["content_html"] and "&lt;b&gt;bridge" in item["content_html"]
