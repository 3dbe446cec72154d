"""`digest check` and `build --strict` verify every brief against its sources: on the seeds,
the demo and a sample of ../shared/eval, and on briefs tampered with by hand."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import shared_folder

from digest.publish.pages import read_front_matter

SEEDS = ("000_09e08a2c46b66f0c.txt", "004_a944a7f57a6c4bec.txt")


def _incidents(project: Path) -> list[dict]:
    data = json.loads((project / "site" / "incidents.json").read_text(encoding="utf-8"))
    return data["incidents"]


def _built_and_checked(project: Path, run: Callable) -> list[dict]:
    result = run("build", "-f", project / "mkdocs.yml", "--strict")
    assert result.exit_code == 0, result.output
    result = run("check", "-f", project / "mkdocs.yml")
    assert result.exit_code == 0, result.output
    assert "every statement found in its source" in result.output
    return _incidents(project)


def test_seeds_pass_the_check(seeds_dir: Path, make_project: Callable, run: Callable) -> None:
    project = make_project({name: seeds_dir / name for name in SEEDS})
    incidents = _built_and_checked(project, run)
    assert len(incidents) == 2
    rudaw = next(i for i in incidents if i["outlets"] == ["Rudaw"])
    killed = next(g for g in rudaw["key_figures"] if g["category"] == "killed")
    assert killed["reports"][0]["number"] == "16"
    assert {g["category"] for g in rudaw["key_figures"]} >= {"targets", "munitions", "killed"}
    esta = next(i for i in incidents if i["outlets"] == ["ESTA"])
    assert esta["locations"][0]["name"] == "Sulaimani"
    assert esta["locations"][0]["country"] == "IQ"
    # `digest check` compares with digest's own cleaned text; the raw seed files are the
    # independent witness: every statement is in them too (whitespace aside).
    raw = {
        article["id"]: " ".join((seeds_dir / Path(article["path"]).name).read_text("utf-8").split())
        for incident in incidents
        for article in incident["articles"]
    }
    statements = [
        (item.get("sentence") or item["text"], item["article_id"])
        for incident in incidents
        for item in (*incident["summary"], *incident["quotes"], *incident["figures"])
    ]
    assert len(statements) > 20
    for text, article_id in statements:
        assert " ".join(text.split()) in raw[article_id], text


def test_demo_passes_the_check_and_flags_the_halvik_tolls(
    demo_project: Path, run: Callable
) -> None:
    incidents = _built_and_checked(demo_project, run)
    assert len(incidents) == 8
    floods = next(
        i for i in incidents if "Halvik" in i["headline"] and "flood" in i["headline"].lower()
    )
    killed = next(g for g in floods["key_figures"] if g["category"] == "killed")
    assert killed["disputed"]
    assert {r["value"] for r in killed["reports"]} == {9.0, 12.0, 14.0}
    page = (demo_project / "content" / "incidents" / f"{floods['id']}.md").read_text("utf-8")
    assert "## Key numbers" in page and "the sources disagree" in page
    assert page.index("## Key numbers") < page.index("## Sources")


def test_sample_of_the_eval_data_passes_the_check(make_project: Callable, run: Callable) -> None:
    folder = shared_folder("eval")
    rows = [json.loads(line) for line in (folder / "basil-dev.jsonl").open(encoding="utf-8")]
    rows += [json.loads(line) for line in (folder / "allsides.jsonl").open(encoding="utf-8")][:60]
    files: dict[str, str] = {}
    for row in rows[:30] + rows[-60:]:
        meta = {
            "title": row.get("title"),
            "outlet": row.get("source"),
            "published": row.get("date"),
        }
        front = json.dumps({k: v for k, v in meta.items() if v})  # JSON is YAML
        files[f"{row['id'].replace('/', '-')}.md"] = f"---\n{front}\n---\n{row['text']}"
    project = make_project(files)
    result = run("build", "-f", project / "mkdocs.yml", "--no-site", "--strict")
    assert result.exit_code == 0, result.output
    # --no-site writes no incidents.json: build the site for `check` to read.
    assert run("build", "-f", project / "mkdocs.yml").exit_code == 0
    result = run("check", "-f", project / "mkdocs.yml")
    assert result.exit_code == 0, result.output
    incidents = _incidents(project)
    assert sum(len(i["summary"]) for i in incidents) > 2 * len(incidents)


def test_check_names_the_incident_and_article_of_a_tampered_brief(
    seeds_dir: Path, make_project: Callable, run: Callable
) -> None:
    project = make_project({name: seeds_dir / name for name in SEEDS})
    _built_and_checked(project, run)
    data_file = project / "site" / "incidents.json"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    incident = data["incidents"][0]
    incident["summary"][0]["text"] = incident["summary"][0]["text"].replace("Iraq", "Iran", 1)
    incident["quotes"][0]["text"] += " and more"
    data_file.write_text(json.dumps(data), encoding="utf-8")
    result = run("check", "-f", project / "mkdocs.yml")
    assert result.exit_code == 1
    article = incident["summary"][0]["article_id"]
    assert (
        f"incident {incident['id']}: summary sentence not found in article {article}"
        in result.output
    )
    assert "quote not found" in result.output


def test_check_catches_a_number_missing_from_its_sentence_and_a_made_up_headline(
    seeds_dir: Path, make_project: Callable, run: Callable
) -> None:
    project = make_project({name: seeds_dir / name for name in SEEDS})
    _built_and_checked(project, run)
    data_file = project / "site" / "incidents.json"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    rudaw = next(i for i in data["incidents"] if i["outlets"] == ["Rudaw"])
    rudaw["key_figures"][0]["reports"][0]["number"] = "61"
    rudaw["headline"] = "Iraq furious at Washington"
    data_file.write_text(json.dumps(data), encoding="utf-8")
    result = run("check", "-f", project / "mkdocs.yml")
    assert result.exit_code == 1
    assert "figure not found" in result.output and "“61”" in result.output
    assert "headline not found" in result.output


def test_check_catches_offsets_that_do_not_point_at_the_quote(
    seeds_dir: Path, make_project: Callable, run: Callable
) -> None:
    project = make_project({name: seeds_dir / name for name in SEEDS})
    incidents = _built_and_checked(project, run)
    # Every quote of incidents.json carries its offsets in the article's cleaned text.
    assert all(
        isinstance(q["start"], int) and q["end"] > q["start"] for q in incidents[0]["quotes"]
    )
    data_file = project / "site" / "incidents.json"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    quote = data["incidents"][0]["quotes"][0]
    quote["start"] += 1  # the text is still in the article, but not where the offsets say
    data_file.write_text(json.dumps(data), encoding="utf-8")
    result = run("check", "-f", project / "mkdocs.yml")
    assert result.exit_code == 1
    assert "quote offsets not found" in result.output and "quote not found" not in result.output


def test_check_without_a_built_site_says_to_build(make_project: Callable, run: Callable) -> None:
    project = make_project({"a.txt": "Floods killed nine people in the district on Tuesday."})
    result = run("check", "-f", project / "mkdocs.yml")
    assert result.exit_code == 1
    assert "run 'digest build' first" in result.output


def test_update_log_survives_deleting_the_cache(make_project: Callable, run: Callable) -> None:
    first = "Floods killed at least nine people in the Halvik District on Tuesday, officials said."
    second = (
        "At least 12 people were killed by floods in the Halvik District on Tuesday, the civil "
        "protection office said.\n“We are going house by house,” said Col. Idris Maklan."
    )
    project = make_project({"wire/a.md": "---\npublished: 2026-01-13T08:00:00Z\n---\n" + first})
    assert run("build", "-f", project / "mkdocs.yml", "--no-site").exit_code == 0
    (page,) = (project / "content" / "incidents").glob("*.md")
    assert "## Updates" not in page.read_text("utf-8")
    shutil.rmtree(project / ".digest", ignore_errors=True)
    (project / "articles" / "post").mkdir()
    (project / "articles" / "post" / "b.md").write_text(
        "---\npublished: 2026-01-14T08:00:00Z\noutlet: Post\n---\n" + second, encoding="utf-8"
    )
    assert run("build", "-f", project / "mkdocs.yml", "--no-site").exit_code == 0
    (page,) = (project / "content" / "incidents").glob("*.md")
    text = page.read_text("utf-8")
    assert "## Updates" in text
    updates = read_front_matter(page)["updates"]  # type: ignore[index]
    kinds = sorted({u["kind"] for u in updates})
    assert kinds == ["figure", "quote", "source"]
    assert {u["date"] for u in updates} == {"2026-01-14"}
    # A rebuild with nothing new keeps the log byte for byte.
    assert run("build", "-f", project / "mkdocs.yml", "--no-site").exit_code == 0
    assert page.read_text("utf-8") == text


def test_eval_quotes_on_the_seeds(seeds_dir: Path, run: Callable) -> None:
    result = run("eval-quotes", seeds_dir / "quotes.json", seeds_dir)
    assert result.exit_code == 0, result.output
    assert "span precision 1.000  recall 1.000" in result.output
    assert "speaker accuracy 1.000 (9/9); scare quotes given a speaker: 0" in result.output


def test_eval_quotes_reports_misses(tmp_path: Path, run: Callable) -> None:
    (tmp_path / "a.txt").write_text(
        "“We will rebuild,” the mayor said. The council's “plan” was dropped in March.",
        encoding="utf-8",
    )
    gold = {
        "quotes": [
            {
                "file": "a.txt",
                "quote": "We will rebuild",
                "kind": "full",
                "speaker": "the governor",
            },
            {"file": "a.txt", "quote": "never again", "kind": "full", "speaker": "x"},
            {"file": "a.txt", "quote": "plan", "kind": "scare", "speaker": None},
        ]
    }
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    result = run("eval-quotes", "-v", tmp_path / "gold.json", tmp_path)
    assert result.exit_code == 0, result.output
    assert "recall 0.500" in result.output
    assert "speaker accuracy 0.000 (0/1)" in result.output
    assert "missed  a.txt: “never again”" in result.output
    assert "→ the mayor" in result.output
    assert "scare quotes given a speaker: 0" in result.output


@pytest.mark.parametrize("bad", ["[1, 2]", '{"quotes": [{"quote": "x"}]}'])
def test_eval_quotes_rejects_a_malformed_gold_file(tmp_path: Path, run: Callable, bad: str) -> None:
    (tmp_path / "gold.json").write_text(bad, encoding="utf-8")
    result = run("eval-quotes", tmp_path / "gold.json", tmp_path)
    assert result.exit_code == 1
