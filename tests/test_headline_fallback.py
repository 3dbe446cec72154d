"""A page whose text makes no headline says so (a placeholder naming its source and date),
rather than show its menu or a widget's sentence as news; a short note keeps its own words.

The shapes are written here by hand after the kinds of line real page openings put on top.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from digest.briefs.headline import choose_headline
from digest.incidents.identity import new_incident_id
from digest.model import Brief, Document
from digest.normalise import normalise
from digest.publish.taxonomy import tags_of
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
    assert article.title_derived and article.title_placeholder
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
    assert not note.title_placeholder
    assert fallback_title("Storm closes schools.") == "Storm closes schools"
    assert fallback_title("You can change the location at any time.") is None


def test_the_placeholder_is_no_headline_and_any_real_one_outranks_it() -> None:
    placeholder = untitled_headline("example.com", datetime(2020, 3, 4, tzinfo=UTC))
    assert placeholder == "Untitled report from example.com, 2020-03-04"
    assert untitled_headline("", None) == "Untitled report"
    widget = normalise(Document(path="a-widget.txt", text="\n".join(WIDGET)))
    report = normalise(Document(path="z-report.txt", text=LEAD))
    assert choose_headline([widget, report]) == report.title
    assert not report.title.startswith("Untitled")


def test_a_placeholder_names_no_topic_and_no_incident() -> None:
    # The source's name is no word of the story: a host that holds a tag's word ("fire")
    # tags nothing, and the incident's id is made of the report's own words.
    widget = normalise(
        Document(
            path="w.txt",
            text="\n".join(WIDGET),
            url="https://www.firestone-gazette.example/weather",
        )
    )
    assert widget.title_placeholder and "firestone" in widget.title
    brief = Brief(incident_id="x", headline=widget.title, articles=(widget,))
    assert "fire" not in tags_of(brief)
    assert "untitled" not in new_incident_id([widget])
    assert "firestone" not in new_incident_id([widget])
    # A real title that holds the same word still tags its incident.
    titled = replace(widget, title="Fire crews tackle blaze at harbour warehouse")
    titled = replace(titled, title_placeholder=False)
    assert "fire" in tags_of(Brief(incident_id="y", headline=titled.title, articles=(titled,)))


def test_a_real_title_that_begins_like_the_placeholder_is_a_title() -> None:
    title = "Untitled report from the harbour inquiry leaks to the press"
    article = normalise(Document(path="a.md", text=LEAD, title=title))
    assert article.title == title and not article.title_placeholder
    widget = normalise(Document(path="a-widget.txt", text="\n".join(WIDGET)))
    assert choose_headline([widget, article]) == title
    assert new_incident_id([article]).startswith("untitled-report-harbour-inquiry")
