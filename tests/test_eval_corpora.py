"""The corpora the clustering benchmark scores: the held-out-like cut, and the extraction
pages read as a scraper saves them (raw text, menus and all)."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import shared_folder

from digest.evaluation.corpora import EXTRACTION_TEXT, degraded, load_corpus, multi_outlet
from digest.evaluation.data import LabelledArticle
from digest.evaluation.pages import flatten_lxml


def test_flattening_puts_each_block_on_a_line_and_drops_scripts() -> None:
    page = (
        "<html><head><style>p {}</style></head><body><nav><a>Home</a> <a>World</a></nav>"
        "<h1>Quake  hits island</h1><p>A strong <b>quake</b> hit.</p>"
        "<script>var x = 1;</script><p>Second</p></body></html>"
    )
    assert flatten_lxml(page).split("\n") == [
        "Home World",
        "Quake hits island",
        "A strong quake hit.",
        "Second",
    ]


def test_the_cut_keeps_at_most_2000_bytes_ending_at_a_word() -> None:
    text = "é" * 600 + " " + "word " * 400
    record = LabelledArticle(
        id="a", text=text, cluster="x", title="T", date=datetime(2020, 1, 1, tzinfo=UTC)
    )
    (cut,) = degraded([record])
    assert len(cut.text.encode("utf-8")) <= 2000
    assert text.startswith(cut.text) and cut.text.endswith("word")
    assert cut.title is None


def test_degraded_removes_about_60_percent_of_dates() -> None:
    records = [
        LabelledArticle(id=f"a{n}", text="x", cluster="c", date=datetime(2020, 1, 1, tzinfo=UTC))
        for n in range(400)
    ]
    undated = sum(record.date is None for record in degraded(records))
    assert 200 < undated < 280


def test_the_multi_outlet_mix_keeps_every_shared_event_and_as_many_lone_reports() -> None:
    shared = [LabelledArticle(id=f"s{n}", text="x", cluster=f"e{n % 3}") for n in range(7)]
    lone = [LabelledArticle(id=f"l{n}", text="x", cluster=f"l{n}") for n in range(20)]
    mix = multi_outlet([*lone, *shared])
    assert {record.id for record in shared} <= {record.id for record in mix}
    assert sum(record.id.startswith("l") for record in mix) == 3  # one per shared event
    # The same pages whatever the order they come in, and in id order.
    assert mix == multi_outlet([*reversed(shared), *reversed(lone)])
    assert [record.id for record in mix] == sorted(record.id for record in mix)
    # The lone reports are a spread of the set, not its first ids.
    assert [record.id for record in mix if record.id.startswith("l")] != ["l0", "l1", "l10"]


def test_the_extraction_pages_as_raw_text_keep_the_menus() -> None:
    shared = shared_folder("extraction").parent
    records = load_corpus(shared, EXTRACTION_TEXT)
    assert len(records) == 181
    assert all(record.title is None and record.source is None for record in records)
    # The whole page's visible text: far longer than the article bodies (menus, footers).
    assert sum(len(record.text) for record in records) / len(records) > 5000
    assert len({record.cluster for record in records}) == 155
