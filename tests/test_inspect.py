"""``digest inspect FILE``: what digest made of one article and where each fact came from."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

FOOTER = "Get the Courier's morning briefing in your inbox every weekday"
STORY = """Dam crack forces evacuation of two villages

Share on Facebook

LOWER MILL, Northshire (Valley Courier) — Engineers began draining the Lower Mill reservoir on Tuesday after inspectors found a crack along the base of its dam, the regional water authority said.

About 1,200 residents were evacuated from two villages below the dam.

"There is no immediate danger, but we are not taking any chances," the authority's chief engineer, Maria Lund, told reporters.

{footer}
"""
OTHERS = [
    "The council approved a budget of $48 million for road repairs on Monday.",
    "A fire destroyed a furniture warehouse in the industrial park overnight.",
    "Students at the agricultural college staged a sit-in against higher fees.",
    "Ferry crews went on strike over pay, cancelling all crossings to the islands.",
]


def _project(make_project: Callable[..., Path]) -> Path:
    articles: dict[str, str | bytes | Path] = {"courier/dam.txt": STORY.format(footer=FOOTER)}
    for number, text in enumerate(OTHERS):
        articles[f"courier/other-{number}.txt"] = f"{text}\n\n{FOOTER}\n"
    return make_project(articles)


def test_inspect_shows_each_fact_and_where_it_came_from(
    make_project: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = _project(make_project)
    result = run("inspect", root / "articles/courier/dam.txt", "-f", root / "mkdocs.yml", "--json")
    assert result.exit_code == 0, result.output
    facts = json.loads(result.output)
    assert facts["title"] == {
        "text": "Dam crack forces evacuation of two villages",
        "from": "heading",
    }
    assert facts["outlet"] == {"name": "Valley Courier", "from": "dateline"}
    assert facts["date"]["value"] is None and facts["date"]["from"] == "none"
    assert facts["dateline"]["place"] == "Lower Mill"
    assert facts["dateline"]["region"] == "Northshire"
    dropped = {entry["line"]: entry["reason"] for entry in facts["dropped"]}
    # The footer recurs in all five of the outlet's articles: its template.
    assert dropped[FOOTER] == "template of outlet courier"
    assert dropped["Share on Facebook"] == "page furniture (per-page rule)"
    assert facts["sentences"][0].startswith("Engineers began draining")
    assert len(facts["sentences"]) == 3
    quote = facts["quotes"][0]
    assert quote["text"].startswith("There is no immediate danger")
    assert "Maria Lund" in quote["speaker"]
    evacuated = facts["figures"][0]
    assert (evacuated["qualifier"], evacuated["number"], evacuated["counted"]) == (
        "About",
        "1,200",
        "residents",
    )
    assert evacuated["category"] == "displaced"
    assert "Lower Mill" in facts["places"]


def test_inspect_reads_as_text_by_default(
    make_project: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = _project(make_project)
    result = run("inspect", root / "articles/courier/dam.txt", "-f", root / "mkdocs.yml")
    assert result.exit_code == 0, result.output
    assert "title:      Dam crack forces evacuation of two villages  [heading]" in result.output
    assert f"{FOOTER}  [template of outlet courier]" in result.output
    assert "dateline:   raw LOWER MILL, Northshire (Valley Courier) —" in result.output


def test_an_article_alone_has_no_template_and_its_footer_stays(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    article = tmp_path / "dam.txt"
    article.write_text(STORY.format(footer=FOOTER), encoding="utf-8")
    result = run("inspect", article, "-f", tmp_path / "none.yml", "--json")
    assert result.exit_code == 0, result.output
    facts = json.loads(result.output)
    assert all("template" not in entry["reason"] for entry in facts["dropped"])
    assert any(FOOTER in sentence for sentence in facts["sentences"])


def test_an_article_with_no_text_is_an_error_naming_the_file(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    article = tmp_path / "empty.txt"
    article.write_text("Share on Facebook\n", encoding="utf-8")
    result = run("inspect", article, "-f", tmp_path / "none.yml")
    assert result.exit_code == 1
    assert str(article) in result.output and "no article text" in result.output
