"""A page whose text makes no headline says so, and furniture that reads like a sentence
(a widget talking to its reader, a language picker, a blog's link disclosure, the current
item of a video playlist, a breadcrumb trail glued to the title) is no headline.

The shapes are written here by hand after the kinds of line real page openings put on top.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from digest.briefs.headline import choose_headline
from digest.model import Document
from digest.normalise import normalise
from digest.text.headline_checks import headline_faults, is_headline
from digest.text.titles import fallback_title, find_title_line, untitled_headline

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


@pytest.mark.parametrize(
    "line",
    [
        "You can change the location at any time",
        "You'll need to sign in again to see your saved stories",
        "Your forecast is set to Riverton",
    ],
)
def test_the_site_telling_its_reader_what_to_do_is_no_headline(line: str) -> None:
    assert "address" in headline_faults(line)


def test_a_title_speaking_to_its_reader_stays_a_title() -> None:
    # Only a derived headline may not address the reader; a given title may.
    article = normalise(
        Document(path="a.md", text=LEAD, title="You can now ride the harbour ferry for free")
    )
    assert article.title == "You can now ride the harbour ferry for free"
    assert is_headline("Youth league fines coach over touchline brawl")


def test_a_language_picker_is_a_menu() -> None:
    line = "Choose edition: Brasil (português) Canada (français) Deutschland (Deutsch) Italia (italiano)"
    assert "menu" in headline_faults(line)
    assert is_headline("Harbour bridge (built 1898) closed to lorries after cracks found")


def test_a_blogs_link_disclosure_is_the_sites_own_text() -> None:
    line = "This article may contain affiliate links, which help support the blog."
    assert "site" in headline_faults(line)


def test_the_current_item_of_a_playlist_above_it_is_no_title() -> None:
    # The article's head (title, byline, date), a chat notice, then the video player:
    # its current item printed above its playlist, whose first item it repeats.
    playing = "Council engineers find cracks in harbour bridge supports"
    playlist = [
        playing,
        "Ferry fares to rise in the spring as fuel costs climb",
        "New lifeboat station opens on the north quay",
        "Fishermen protest over quota cuts at the harbour",
        "Storm damage closes coastal path for a month",
    ]
    lines = [
        "Home",
        "Why the harbour bridge was always going to close",
        "Analysis by A. Writer, Riverton Gazette",
        "Updated 10:42 GMT, March 4, 2020",
        "Chat with us on the messenger. Find out what's happening as it unfolds.",
        "JUST WATCHED",
        playing,
        "Now playing",
        "Replay",
        "More videos",
        *playlist,
        LEAD,
        "Lorries will be diverted through the town centre until repairs are finished.",
    ]
    found = find_title_line(lines, lines.index(LEAD))
    assert found is not None
    assert found.title == "Why the harbour bridge was always going to close"


def test_a_breadcrumb_glued_to_the_title_gives_way_to_the_title_alone() -> None:
    title = "Pickled Wild Garlic for the Spring Table"
    lines = [
        "Home",
        "Recipes",
        "Preserves",
        f"Home Recipes Preserves {title}",
        "Jump to recipe",
        title,
        "by A. Cook March 4, 2020",
        "Wild garlic grows in damp woods from late winter, and a jar of it pickled keeps "
        "its flavour until the autumn.",
    ]
    found = find_title_line(lines, len(lines) - 1)
    assert found is not None and found.title == title
