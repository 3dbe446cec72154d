"""A page whose text makes no headline says so (a placeholder naming its source and date),
rather than show its menu or a widget's sentence as news; a short note keeps its own words.

The shapes are written here by hand after the kinds of line real page openings put on top.
"""

from __future__ import annotations

from datetime import UTC, datetime

from digest.briefs.headline import choose_headline
from digest.model import Document
from digest.normalise import normalise
from digest.text.headline_checks import headline_faults
from digest.text.titles import fallback_title, untitled_headline

LEAD = (
    "The county council voted on Tuesday to close the old harbour bridge to lorries after "
    "engineers found cracks in two of its steel supports during a routine inspection."
)
# A weather widget and a market-data notice: sentences of the site, no article.
WIDGET = [
    "Menu",
    "Customise your forecast",
    "Set your location:",
    "Your forecast is set to Riverton. You can change the location at any time.",
    "Radar",
]


def test_a_text_of_furniture_gets_a_placeholder_naming_its_source() -> None:
    article = normalise(Document(path="feeds/widget.txt", text="\n".join(WIDGET)))
    assert article.title == "Untitled report from widget.txt"
    assert article.title_derived
    dated = normalise(
        Document(
            path="widget.txt",
            text="\n".join(WIDGET),
            url="https://www.riverton-gazette.example/weather",
            published=datetime(2020, 3, 4, 9, 30, tzinfo=UTC),
        )
    )
    assert dated.title == "Untitled report from www.riverton-gazette.example, 2020-03-04"


def test_a_short_note_keeps_its_own_words_as_its_headline() -> None:
    note = normalise(Document(path="note.txt", text="Storm closes schools.\nAll reopen today."))
    assert note.title == "Storm closes schools"
    assert fallback_title("Storm closes schools.", "note.txt", None) == "Storm closes schools"


def test_the_placeholder_is_no_headline_and_any_real_one_outranks_it() -> None:
    placeholder = untitled_headline("example.com", datetime(2020, 3, 4, tzinfo=UTC))
    assert placeholder == "Untitled report from example.com, 2020-03-04"
    assert "untitled" in headline_faults(placeholder)
    widget = normalise(Document(path="a-widget.txt", text="\n".join(WIDGET)))
    report = normalise(Document(path="z-report.txt", text=LEAD))
    assert choose_headline([widget, report]) == report.title
    assert not report.title.startswith("Untitled")
