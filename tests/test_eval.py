"""Scoring and the `digest eval` command on a small labelled sample written here."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from conftest import shared_folder

from digest.evaluation import bcubed, evaluate, load_labelled, pairwise
from digest.evaluation.baseline import baseline_assignments

# Two floods in different towns, and a drone attack: three events, six reports.
SAMPLE = [
    (
        "flood-a1",
        "Floods cut off Halvik",
        "Floodwater cut off the town of Halvik on Monday after the Sarin river burst its banks, and 300 families left their homes.",
        "halvik-flood",
    ),
    (
        "flood-a2",
        "Halvik flooded as Sarin river bursts banks",
        "The Sarin river burst its banks and flooded Halvik on Monday, forcing 300 families from their homes, the governor said.",
        "halvik-flood",
    ),
    (
        "flood-b1",
        "Storm floods Dorava market",
        "A storm flooded the market in Dorava on Thursday, destroying stalls and closing the Medan road bridge.",
        "dorava-flood",
    ),
    (
        "flood-b2",
        "Dorava market under water",
        "Traders in Dorava lost their stalls when a storm flooded the market on Thursday; the Medan road bridge was closed.",
        "dorava-flood",
    ),
    (
        "drone-1",
        "Drone strikes Northgate depot",
        "A drone struck a fuel depot at Northgate airbase overnight, starting a fire that burned until dawn, the base commander said.",
        "northgate-drone",
    ),
    (
        "drone-2",
        "Fire at Northgate after drone attack",
        "A fire burned until dawn at the Northgate airbase fuel depot after a drone attack overnight, according to the commander.",
        "northgate-drone",
    ),
]


def _write(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    lines = [
        json.dumps(
            {
                "id": i,
                "title": t,
                "text": x,
                "date": None,
                "source": None,
                "url": None,
                "cluster": c,
            }
        )
        for i, t, x, c in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bcubed_by_hand() -> None:
    gold = {"a": "1", "b": "1", "c": "2"}
    predicted = {"a": "x", "b": "y", "c": "y"}
    scores = bcubed(gold, predicted)
    # precision: a 1, b 1/2, c 1/2 → 2/3; recall: a 1/2, b 1/2, c 1 → 2/3
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(2 / 3)


def test_pairwise_by_hand() -> None:
    gold = {"a": "1", "b": "1", "c": "1", "d": "2"}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y"}
    scores = pairwise(gold, predicted)
    # predicted pairs ab (right), cd (wrong); gold pairs ab, ac, bc.
    assert scores.precision == pytest.approx(1 / 2)
    assert scores.recall == pytest.approx(1 / 3)


def test_perfect_and_all_in_one() -> None:
    gold = {"a": "1", "b": "1", "c": "2"}
    assert bcubed(gold, gold).f1 == 1.0
    lumped = bcubed(gold, dict.fromkeys(gold, "z"))
    assert lumped.recall == 1.0 and lumped.precision == pytest.approx(5 / 9)


def test_scores_refuse_different_articles() -> None:
    with pytest.raises(ValueError, match="different articles"):
        bcubed({"a": "1"}, {"b": "1"})


def test_duplicate_ids_are_kept_apart(tmp_path: Path) -> None:
    rows = [(*SAMPLE[0][:3], "x"), ("flood-a1", *SAMPLE[1][1:3], "y")]
    records = load_labelled(_write(tmp_path / "dup.jsonl", rows))
    assert [r.id for r in records] == ["flood-a1", "flood-a1@2"]


def test_evaluate_sample_finds_the_three_events(tmp_path: Path) -> None:
    report = evaluate(_write(tmp_path / "sample.jsonl", SAMPLE))
    assert report.articles == 6 and report.gold_incidents == 3
    assert report.predicted_incidents == 3
    assert report.bcubed.f1 == 1.0
    assert set(report.assignments) == {row[0] for row in SAMPLE}


def test_gold_labels_are_never_used(tmp_path: Path) -> None:
    """Shuffled gold labels change the score, never the predicted incidents."""
    honest = evaluate(_write(tmp_path / "a.jsonl", SAMPLE))
    scrambled = [(i, t, x, str(n % 2)) for n, (i, t, x, _) in enumerate(SAMPLE)]
    other = evaluate(_write(tmp_path / "b.jsonl", scrambled))
    assert other.assignments == honest.assignments
    assert other.bcubed.f1 < 1.0


def test_eval_command_prints_figures_and_writes_assignments(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    sample = _write(tmp_path / "sample.jsonl", SAMPLE)
    out = tmp_path / "assigned.json"
    result = run("eval", sample, "--assignments", out)
    assert result.exit_code == 0, result.output
    assert "6 articles, 3 gold incidents, 3 predicted" in result.output
    assert "B-cubed   P 1.000  R 1.000  F1 1.000" in result.output
    assigned = json.loads(out.read_text(encoding="utf-8"))
    assert assigned["flood-a1"] == assigned["flood-a2"] != assigned["flood-b1"]
    figures = json.loads(run("eval", sample, "--json").output)
    assert figures["bcubed"]["f1"] == 1.0 and figures["predicted_incidents"] == 3


def test_eval_command_reports_a_bad_line(tmp_path: Path, run: Callable[..., Result]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    result = run("eval", bad)
    assert result.exit_code == 1
    assert "bad.jsonl:1" in result.output


def test_baseline_on_the_sample(tmp_path: Path) -> None:
    records = load_labelled(_write(tmp_path / "s.jsonl", SAMPLE))
    assigned = baseline_assignments(records)
    assert assigned["flood-a1"] == assigned["flood-a2"]


def test_ecbplus_is_grouped_more_precisely_than_the_baseline() -> None:
    """ECB+ is undated but for the dates its texts print, and its labels count follow-ups
    weeks to years later (a trial under the shooting) as the event itself. digest bounds an
    incident in time by a printed date as by a metadata date (the same reports from a feed
    would be split by the window anyway; story threads link such follow-ups), so here it
    splits what ECB+ joins: its recall is below the baseline's, its precision well above."""
    path = shared_folder("eval") / "ecbplus.jsonl"
    report = evaluate(path)
    # Baseline (TF-IDF + average link at 0.8): P 0.850 R 0.890 F1 0.869. digest measured
    # at e5f2e29: P 0.897 R 0.801 F1 0.846 (0.895 before printed dates bounded incidents).
    assert report.bcubed.precision > 0.88
    assert report.bcubed.f1 > 0.83
    assert report.bcubed.precision >= report.bcubed.recall


def test_beats_the_baseline_on_allsides() -> None:
    """Short headline-and-lead reports of many events in the same weeks, undated."""
    report = evaluate(shared_folder("eval") / "allsides.jsonl")
    # Baseline (TF-IDF + average link at 0.8) scores 0.756 here (P 0.728). Splitting an
    # event fails readers as surely as merging two: no side is favoured, but neither may
    # collapse.
    assert report.bcubed.f1 > 0.76
    assert report.bcubed.precision > 0.72 and report.bcubed.recall > 0.75


def test_eval_command_scores_several_files_with_settings_tried(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    first = _write(tmp_path / "first.jsonl", SAMPLE)
    second = _write(tmp_path / "second.jsonl", SAMPLE[:4])
    result = run("eval", first, second)
    assert result.exit_code == 0, result.output
    assert "first.jsonl: 6 articles, 3 gold incidents, 3 predicted" in result.output
    assert "second.jsonl: 4 articles, 2 gold incidents, 2 predicted" in result.output
    # A threshold no pair reaches leaves every report alone.
    alone = json.loads(run("eval", first, "--threshold", "0.999", "--json").output)
    assert alone["predicted_incidents"] == 6
    apart = json.loads(run("eval", first, "--set", "threshold=0.999", "--json").output)
    assert apart["predicted_incidents"] == 6
    # A threshold any shared word reaches merges reports of different events.
    merged = json.loads(run("eval", first, "--set", "threshold=0.001", "--json").output)
    assert merged["predicted_incidents"] < 3
    both = json.loads(run("eval", first, second, "--json").output)
    assert set(both) == {"first.jsonl", "second.jsonl"}


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("colour=3", "--set colour=3: expected KEY=NUMBER"),
        ("window_days=soon", "'soon' is not a number"),
    ],
)
def test_eval_command_names_a_bad_setting(
    tmp_path: Path, run: Callable[..., Result], setting: str, message: str
) -> None:
    result = run("eval", _write(tmp_path / "s.jsonl", SAMPLE), "--set", setting)
    assert result.exit_code == 2
    assert message in result.output


def test_eval_command_explains_a_pair(tmp_path: Path, run: Callable[..., Result]) -> None:
    sample = _write(tmp_path / "sample.jsonl", SAMPLE)
    result = run("eval", sample, "--explain", "flood-a1", "flood-a2")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "flood-a1 × flood-a2"
    shown = dict(line.strip().rsplit(None, 1) for line in lines[1:-2])
    parts = [float(shown[f"similarity: {name}"]) for name in ("title", "lead", "body", "names")]
    assert abs(sum(parts) - float(shown["similarity"])) < 0.003  # shown to 3 places
    assert float(shown["similarity"]) > float(shown["threshold"])
    # Both leads name Monday: no penalty; undated: no time factor below 1.
    assert float(shown["weekday penalty"]) == 0.0 and float(shown["time factor"]) == 1.0
    assert float(shown["score"]) == float(shown["similarity"])
    assert "Halvik" in lines[-2] and "Sarin" in lines[-2]
    assert "clustered together; gold: same event" in lines[-1]
    apart = run("eval", sample, "--explain", "flood-a1", "drone-1")
    assert "clustered apart; gold: different events" in apart.output
    missing = run("eval", sample, "--explain", "flood-a1", "nope")
    assert missing.exit_code == 1 and "no file holds both flood-a1 and nope" in missing.output


def test_shared_recall_counts_only_events_with_several_reports() -> None:
    from digest.evaluation.metrics import shared_recall

    gold = {"a": "x", "b": "x", "c": "y", "d": "z"}
    # The two reports of x split: each finds half its event; lone reports do not count.
    assert shared_recall(gold, {"a": "1", "b": "2", "c": "3", "d": "4"}) == 0.5
    assert shared_recall(gold, {"a": "1", "b": "1", "c": "1", "d": "4"}) == 1.0
    assert shared_recall({"a": "x"}, {"a": "1"}) == 1.0
