"""`digest build` end to end on real files, with the real MkDocs build."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest

from digest.publish.pages import read_front_matter


def _build(run: Callable[..., object], project: Path, *args: str) -> str:
    result = run("build", "-f", project / "mkdocs.yml", *args)
    assert result.exit_code == 0, result.output
    return result.output


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_demo_builds_into_a_briefing(demo_project: Path, run: Callable[..., object]) -> None:
    output = _build(run, demo_project)
    assert "Read 18 articles (0 skipped), 8 incidents" in output
    # As in a fresh clone: every page is new, none is left from a build in the repository.
    assert re.search(r"pages: [1-9]\d* written, 0 unchanged, 0 removed", output), output
    site = demo_project / "site"
    for name in (
        "index.html",
        "feed.xml",
        "incidents.json",
        "archive/index.html",
        "about/index.html",
    ):
        assert (site / name).is_file(), name
    incidents = json.loads((site / "incidents.json").read_text(encoding="utf-8"))["incidents"]
    assert len(incidents) == 8
    # The four reports of the Halvik floods, two of them copies of one wire story, are one incident.
    floods = [i for i in incidents if any("halvik-floods" in a["path"] for a in i["articles"])]
    assert len(floods) == 1
    assert len(floods[0]["articles"]) == 4
    # Two drone attacks on the same crossing three weeks apart: two incidents, linked.
    drones = sorted(
        (i for i in incidents if "drone" in i["headline"].lower()), key=lambda i: i["date"]
    )
    assert len(drones) == 2
    assert drones[0]["date"][:10] == "2026-01-19" and drones[1]["date"][:10] == "2026-02-09"
    assert drones[1]["id"] in [link["id"] for link in drones[0]["related"]]
    # Newest first on the home page and in incidents.json; undated ones would come last.
    dates = [i["date"] for i in incidents]
    assert dates == sorted(dates, reverse=True)


def test_incidents_json_has_the_documented_shape(
    demo_project: Path, run: Callable[..., object]
) -> None:
    _build(run, demo_project)
    incidents = json.loads((demo_project / "site" / "incidents.json").read_text())["incidents"]
    for incident in incidents:
        assert {"id", "url", "headline", "date", "places", "articles", "summary", "quotes"} <= set(
            incident
        )
        assert incident["url"] == f"https://example.org/velda-briefing/incidents/{incident['id']}/"
        for article in incident["articles"]:
            assert {"id", "title", "outlet", "url", "published", "path"} <= set(article)
            assert (demo_project / article["path"]).is_file()
        texts = {
            a["id"]: (demo_project / a["path"]).read_text(encoding="utf-8")
            for a in incident["articles"]
        }
        for sentence in incident["summary"]:
            assert " ".join(sentence["text"].split()) in " ".join(
                texts[sentence["article_id"]].split()
            )
        for quote in incident["quotes"]:
            assert set(quote) >= {"text", "speaker", "article_id"}


def test_rss_feed_is_valid_and_has_one_item_per_incident(
    demo_project: Path, run: Callable[..., object]
) -> None:
    _build(run, demo_project)
    feed = feedparser.parse((demo_project / "site" / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title == "Velda Basin Briefing"
    incidents = json.loads((demo_project / "site" / "incidents.json").read_text())["incidents"]
    assert [entry.id for entry in feed.entries] == [i["url"] for i in incidents]
    assert all(entry.link == entry.id for entry in feed.entries)
    first = feed.entries[0]
    assert first.published_parsed[:3] == (2026, 2, 24)
    assert "<blockquote>" in first.description or "<p>" in first.description


def test_same_project_in_two_directories_is_byte_identical(
    demo_project: Path, tmp_path: Path, run: Callable[..., object]
) -> None:
    import shutil

    other = tmp_path / "elsewhere" / "demo-copy"
    shutil.copytree(demo_project, other)
    _build(run, demo_project)
    # A second process with another hash seed: nothing may depend on it.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-m", "digest", "build", "-q", "-f", str(other / "mkdocs.yml")],
        check=True,
        env=env,
    )
    for folder in ("content", "site"):
        assert _tree(demo_project / folder) == _tree(other / folder), folder


def test_rebuild_changes_nothing(demo_project: Path, run: Callable[..., object]) -> None:
    _build(run, demo_project)
    before = _tree(demo_project / "site")
    output = _build(run, demo_project)
    assert "0 written" in output
    assert _tree(demo_project / "site") == before


def test_incidents_are_not_in_the_nav(demo_project: Path, run: Callable[..., object]) -> None:
    _build(run, demo_project)
    home = (demo_project / "site" / "index.html").read_text(encoding="utf-8")
    about = (demo_project / "site" / "about" / "index.html").read_text(encoding="utf-8")
    # The home page links its incidents in its body; other pages carry only the nav.
    assert "incidents/" in home
    assert "incidents/" not in about


def test_hand_written_page_is_never_overwritten(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    project = make_project(
        {
            "a.txt": "KARVAN (Wire) — The bridge over the river closed on Monday after cracks were found.\n"
        }
    )
    home = project / "content" / "index.md"
    home.write_text("# My own home page\n", encoding="utf-8")
    result = run("build", "-f", project / "mkdocs.yml")
    assert result.exit_code == 0
    assert home.read_text(encoding="utf-8") == "# My own home page\n"
    assert "content/index.md: hand-written page" in result.output
    assert "My own home page" in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_pages_of_vanished_incidents_are_removed(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    project = make_project(
        {
            "bridge.txt": "KARVAN (Wire) — The old bridge over the Velda closed on Monday after engineers found cracks in two piers.\n",
            "fire.txt": "DELTAPORT (Wire) — A warehouse fire at the container terminal burned through the night, firefighters said.\n",
        }
    )
    _build(run, project)
    pages = sorted(p.name for p in (project / "content" / "incidents").glob("*.md"))
    assert len(pages) == 2
    (project / "articles" / "fire.txt").unlink()
    output = _build(run, project)
    # The fire's page, and the pages of its place (Deltaport) and tag (fire), which only it had.
    assert "3 removed" in output
    remaining = sorted(p.name for p in (project / "content" / "incidents").glob("*.md"))
    assert len(remaining) == 1 and remaining[0] in pages
    assert not any("fire" in p for p in _tree(project / "site"))


def test_incident_keeps_its_id_when_a_report_is_added(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    first = (
        "KARVAN (Basin Wire) — Engineers closed the Old Mill bridge over the Velda River on Monday "
        "after finding deep cracks in two of its stone piers, the city's roads department said.\n"
        "About 9,000 vehicles a day cross the bridge, the department said.\n"
    )
    project = make_project({"wire/bridge.txt": first})
    _build(run, project)
    (before,) = (project / "content" / "incidents").glob("*.md")
    later = (
        "KARVAN (Meridian) — The Old Mill bridge over the Velda River in Karvan was closed on "
        "Monday after engineers from the roads department found deep cracks in two stone piers.\n"
        "The bridge carries about 9,000 vehicles a day.\n"
    )
    (project / "articles" / "meridian").mkdir()
    (project / "articles" / "meridian" / "bridge.txt").write_text(later, encoding="utf-8")
    _build(run, project)
    (after,) = (project / "content" / "incidents").glob("*.md")
    assert after.name == before.name
    front = read_front_matter(after)
    assert front is not None and len(front["articles"]) == 2


def test_broken_inputs_are_reported_and_the_build_goes_on(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    good = "KARVAN (Wire) — The old bridge over the Velda closed on Monday after engineers found cracks.\n"
    project = make_project(
        {
            "good.txt": good,
            "latin1.txt": "DELTAPORT - Caf\xe9 owners protested.".encode("latin-1"),
            "bad-front.md": "---\ntitle: [unclosed\n---\nText of the article goes here.\n",
            "empty.txt": "",
            "binary.txt": b"\x00\x01\x02binary",
        }
    )
    result = run("build", "-f", project / "mkdocs.yml")
    assert result.exit_code == 0, result.output
    assert "Read 1 articles (4 skipped), 1 incidents" in result.output
    assert "articles/latin1.txt: line 1: not valid UTF-8" in result.output
    assert "articles/bad-front.md: line 2: front matter is not valid YAML" in result.output
    assert "articles/empty.txt: empty file" in result.output
    assert "articles/binary.txt: binary file" in result.output
    strict = run("build", "--strict", "-f", project / "mkdocs.yml")
    assert strict.exit_code == 1


def test_article_text_cannot_inject_markup(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    hostile = (
        "---\n"
        "title: '<script>document.title=\"pwned\"</script> [click](javascript:alert(1))'\n"
        "url: 'javascript:alert(1)'\n"
        "outlet: '<img src=x onerror=alert(1)>'\n"
        "published: 2026-02-01T10:00:00Z\n"
        "---\n"
        "Officials said the <b>bridge</b> was closed on Monday after cracks were found in the piers. "
        "# Not a heading [link](javascript:alert(2)) and ![img](http://x/y.png) and {{ jinja }}.\n\n"
        "“<script>alert(3)</script> is what we found,” the engineer said.\n"
    )
    project = make_project({"hostile.md": hostile})
    _build(run, project)
    for path in (project / "site").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>document.title" not in html
        assert "<script>alert" not in html
        assert 'href="javascript:' not in html
        assert "<img src=x" not in html
        assert "<b>bridge</b>" not in html
    page = (project / "site" / "incidents").glob("*/index.html")
    text = next(page).read_text(encoding="utf-8")
    assert "&lt;script&gt;document.title" in text
    feed_xml = (project / "site" / "feed.xml").read_bytes()
    assert feedparser.parse(feed_xml).bozo == 0
    # feedparser sanitises what it reads, so the item's HTML is checked as written.
    (description,) = [
        element.text for element in ElementTree.fromstring(feed_xml).iter("description")
    ][1:]
    assert "&lt;script&gt;alert(3)" in description
    assert "<script" not in description
    assert 'href="javascript:' not in description
    assert "<img" not in description


def test_site_url_is_required_for_the_feed(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    project = make_project(replace={"site_url: http://127.0.0.1:8000/\n": ""})
    result = run("build", "-f", project / "mkdocs.yml")
    assert result.exit_code == 2
    assert "mkdocs.yml: site_url: required to write feed.xml" in result.output
    assert not (project / "site").exists()


def test_a_build_freezes_what_it_holds_for_the_collector_and_thaws_it(
    demo_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The articles and briefs are out of the cyclic collector's walks while the build runs
    (gc.freeze), with no automatic full collection until the publish, and back as they
    were once it ends; a caller's own frozen objects stay so."""
    import gc

    from digest.config import load_project
    from digest.pipeline import build
    from digest.publish import render, site

    seen: dict[str, list[tuple[int, tuple[int, int, int]]]] = {"render": [], "publish": []}

    def watched(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            seen[name].append((gc.get_freeze_count(), gc.get_threshold()))
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(render, "render_site", watched("render", render.render_site))
    monkeypatch.setattr(site, "publish", watched("publish", site.publish))
    thresholds = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    build(load_project(demo_project / "mkdocs.yml"), build_site=False)
    (frozen, during), (_, publishing) = seen["render"][0], seen["publish"][0]
    assert frozen > 0
    assert during[:2] == thresholds[:2] and during[2] > 1000 * thresholds[2]
    assert publishing == thresholds
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == thresholds
    # Frozen by the caller: left frozen, nothing more frozen by the build.
    (demo_project / "articles" / "extra.txt").write_text(
        "Extra report\n\nA bridge reopened in Halvik on Monday after repairs.\n", encoding="utf-8"
    )
    held = [object()]
    gc.freeze()
    try:
        count = gc.get_freeze_count()
        build(load_project(demo_project / "mkdocs.yml"), build_site=False)
        # (Fewer when some of them were freed: frozen objects are freed by their count
        # of references.)
        assert seen["render"][1][0] <= count and gc.get_freeze_count() <= count
        assert seen["render"][1][1] == thresholds
    finally:
        gc.unfreeze()
    assert held
