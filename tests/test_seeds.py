"""The two seed articles (../shared/seeds) are the canonical input: they must always work."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest

from digest.evaluation.quotes import score_quotes
from digest.model import Quote
from digest.publish.pages import read_front_matter

SEEDS = ("000_09e08a2c46b66f0c.txt", "004_a944a7f57a6c4bec.txt")
# Lines of the second seed's comment policy: none may reach a page, the index or the feed.
POLICY_MARKERS = ("moderates all comments", "community guidelines", "Post a comment", "profanity")


@pytest.fixture
def built(seeds_dir: Path, make_project: Callable[..., Path], run: Callable[..., object]) -> Path:
    project = make_project({name: seeds_dir / name for name in SEEDS})
    result = run("build", "-f", project / "mkdocs.yml")
    assert result.exit_code == 0, result.output
    return project


def _incidents(project: Path) -> list[dict]:
    return json.loads((project / "site" / "incidents.json").read_text(encoding="utf-8"))[
        "incidents"
    ]


def test_two_incidents_not_one(built: Path) -> None:
    incidents = _incidents(built)
    assert len(incidents) == 2
    assert sorted(len(incident["articles"]) for incident in incidents) == [1, 1]
    pages = sorted((built / "content" / "incidents").glob("*.md"))
    assert len(pages) == 2


def test_the_two_incidents_are_linked_as_one_story(built: Path) -> None:
    first, second = _incidents(built)
    assert [link["id"] for link in first["related"]] == [second["id"]]
    assert [link["id"] for link in second["related"]] == [first["id"]]


def test_no_comment_policy_anywhere(built: Path) -> None:
    outputs = [*(built / "content").rglob("*.md"), *(built / "site").rglob("*")]
    checked = [
        path
        for path in outputs
        if path.is_file() and path.suffix in (".md", ".html", ".json", ".xml")
    ]
    assert built / "site" / "search" / "search_index.json" in checked
    assert built / "site" / "feed.xml" in checked
    for path in checked:
        text = path.read_text(encoding="utf-8")
        for marker in POLICY_MARKERS:
            assert marker not in text, f"{marker!r} in {path}"


def test_datelines_give_places_and_outlet(built: Path) -> None:
    articles = {a["path"].rsplit("/", 1)[-1]: a for i in _incidents(built) for a in i["articles"]}
    esta, rudaw = articles[SEEDS[0]], articles[SEEDS[1]]
    assert esta["dateline"]["place"].upper() == "SULAIMANI"
    assert esta["dateline"]["outlet"] == "ESTA"
    assert esta["outlet"] == "ESTA"
    assert rudaw["dateline"]["place"].upper() == "ERBIL"
    assert rudaw["dateline"]["region"] == "Kurdistan Region"
    # The site names itself in the comment policy it appends: that is the outlet.
    assert rudaw["outlet"] == "Rudaw"
    # The dateline is not part of the first sentence of the summary or the title.
    for incident in _incidents(built):
        assert "(ESTA)" not in incident["headline"]
        assert all(
            "ERBIL" not in s["text"] and "(ESTA)" not in s["text"] for s in incident["summary"]
        )


def test_quotes_found_with_acceptable_speakers(built: Path, seeds_dir: Path) -> None:
    gold = json.loads((seeds_dir / "quotes.json").read_text(encoding="utf-8"))["quotes"]
    by_article = {
        a["id"]: a["path"].rsplit("/", 1)[-1] for i in _incidents(built) for a in i["articles"]
    }
    found: dict[str, list[Quote]] = {}
    for incident in _incidents(built):
        for quote in incident["quotes"]:
            found.setdefault(by_article[quote["article_id"]], []).append(
                Quote(
                    text=quote["text"],
                    start=0,
                    end=0,
                    speaker=quote["speaker"],
                    kind=quote["kind"],
                    sentence=0,
                )
            )
    full = partial = full_ok = partial_ok = 0
    for name in SEEDS:
        score = score_quotes([q for q in gold if q["file"] == name], found.get(name, []))
        assert score.scare_misattributed == 0, name
        assert score.missed == (), (name, score.missed)
        assert score.wrong_speakers == (), (name, score.wrong_speakers)
        full, partial = full + score.gold_full, partial + score.gold_partial
        full_ok += score.found_full_matched
        partial_ok += score.found_partial_matched
    print(f"seed quotes: full {full_ok}/{full}, partial {partial_ok}/{partial}")
    assert (full_ok, partial_ok) == (full, partial) == (5, 4)


def test_no_date_is_invented(built: Path) -> None:
    for incident in _incidents(built):
        assert incident["date"] is None
        assert all(article["published"] is None for article in incident["articles"])
    for page in (built / "content" / "incidents").glob("*.md"):
        front = read_front_matter(page)
        assert front is not None and front["date"] is None
        assert "Date unknown" in page.read_text(encoding="utf-8")
    feed = feedparser.parse((built / "site" / "feed.xml").read_bytes())
    assert feed.bozo == 0
    assert len(feed.entries) == 2
    assert all("published" not in entry for entry in feed.entries)
    assert "pubDate" not in (built / "site" / "feed.xml").read_text(encoding="utf-8")


def test_summary_sentences_are_verbatim_source_sentences(built: Path, seeds_dir: Path) -> None:
    raw = {name: (seeds_dir / name).read_text(encoding="utf-8") for name in SEEDS}
    for incident in _incidents(built):
        paths = {a["id"]: a["path"].rsplit("/", 1)[-1] for a in incident["articles"]}
        assert 2 <= len(incident["summary"]) <= 4
        for sentence in incident["summary"]:
            assert sentence["text"] in raw[paths[sentence["article_id"]]]


def _by_seed(project: Path) -> dict[str, dict]:
    return {i["articles"][0]["path"].rsplit("/", 1)[-1]: i for i in _incidents(project)}


def test_places_are_where_it_happened_not_who_backed_whom(built: Path) -> None:
    # Both seeds say "Iran-backed" militias (an actor) and strike sites "in Iraq and Syria".
    for incident in _incidents(built):
        assert "Iran" not in incident["places"]
        assert {"Iraq", "Syria"} <= set(incident["places"])


def test_summary_tells_the_strikes_not_a_quote_restating_the_lead(built: Path) -> None:
    rudaw = _by_seed(built)[SEEDS[1]]
    texts = [sentence["text"] for sentence in rudaw["summary"]]
    assert any("more than 85 targets" in text for text in texts)
    assert not any(text.startswith(("“", '"')) for text in texts)
    # The ministry's statement is still on the page, as a quote with its speaker.
    assert any(q["text"].startswith("The Ministry of Foreign Affairs") for q in rudaw["quotes"])


def test_targets_listed_together_are_shown_together(built: Path) -> None:
    # "two locations in Syria and one location in Iraq": three targets, not two.
    esta = _by_seed(built)[SEEDS[0]]
    (targets,) = [g for g in esta["key_figures"] if g["category"] == "targets"]
    (report,) = targets["reports"]
    assert report["value"] == 3
    assert f"{report['number']} {report['counted']}" in report["sentence"]
    assert "one location" in report["counted"]
