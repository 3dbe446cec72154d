"""Furniture that reads like a headline or a sentence is none: a widget talking to its
reader, a language picker, a blog's link disclosure, an agency's file-photo caption, the
current item of a video playlist, a breadcrumb trail glued to the title, a tag cloud, a
list's comment counts; and a head's date line with its time in capitals still anchors it.

The shapes are written here by hand after the kinds of line real page openings put on top.
"""

from __future__ import annotations

import pytest

from digest.model import Document
from digest.normalise import normalise
from digest.text.headline_checks import (
    addresses_reader,
    headline_faults,
    is_date_line,
    is_headline,
)
from digest.text.titles import find_title_line, gallery_lines, lead_index

LEAD = (
    "The county council voted on Tuesday to close the old harbour bridge to lorries after "
    "engineers found cracks in two of its steel supports during a routine inspection."
)


@pytest.mark.parametrize(
    "line",
    [
        "You can change the location at any time",
        "You'll need to sign in again to see your saved stories",
        "Your forecast is set to Riverton",
    ],
)
def test_the_site_telling_its_reader_what_to_do_is_no_headline(line: str) -> None:
    assert addresses_reader(line)
    # Not made into a headline where the text has none: the placeholder instead.
    article = normalise(Document(path="w.txt", text=f"Menu\n{line}.\nRadar"))
    assert article.title_placeholder


def test_a_pages_own_head_speaking_to_its_reader_is_its_title() -> None:
    # The check is for derived titles only: a head with its byline and date below is the
    # page's own title, however it speaks.
    title = "You can now pay parking fines by phone"
    lead = (
        "Drivers in Riverton can now pay their parking fines by phone, the council said on "
        "Tuesday, after a trial cut the queues at the town hall by half."
    )
    lines = ["Home", "News", title, "By A. Writer", "March 4, 2020", lead]
    found = find_title_line(lines, lines.index(lead))
    assert found is not None and found.title == title
    assert normalise(Document(path="p.txt", text="\n".join(lines))).title == title


def test_a_title_speaking_to_its_reader_stays_a_title() -> None:
    # Only a derived headline may not address the reader; a given title may.
    article = normalise(
        Document(path="a.md", text=LEAD, title="You can now ride the harbour ferry for free")
    )
    assert article.title == "You can now ride the harbour ferry for free"
    assert is_headline("Youth league fines coach over touchline brawl")


def test_a_language_picker_is_a_menu() -> None:
    line = "Choose edition: Brasil (português) Canada (français) Deutschland (Deutsch) Italia (italiano)"
    assert "listing" in headline_faults(line)
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


@pytest.mark.parametrize(
    "line",
    [
        "Published Mar 4, 2020 at 4:07 PM | Updated at 5:36 PM CST on Mar 4, 2020",
        "Updated March 4, 2020 10:15 AM, 11:40 AM",
    ],
)
def test_a_time_in_capitals_is_part_of_a_date_line(line: str) -> None:
    assert is_date_line(line)


def test_a_head_dated_with_a_time_in_capitals_is_the_title_over_a_tv_promo() -> None:
    # A station's "on now" box above the article's head; the head's date line prints its
    # times in capitals; the excerpt ends inside the lead.
    lines = [
        "LIVE TV",
        "ON NOW",
        "Channel 7 Midday News at 12pm",
        "ON DEMAND",
        "Watch the latest news and full episodes of your favourite Channel 7 shows anytime.",
        "Click for full schedule",
        *["Contact Us", "Newsletters", "Send Tips", "Terms of Service", "Privacy Policy"],
        "Council closes harbour bridge to lorries after cracks found",
        "The repairs could take until the summer, engineers say",
        "By",
        "A. Writer",
        "Published Mar 4, 2020 at 4:07 PM | Updated at 5:36 PM CST on Mar 4, 2020",
        "NEWSLETTERS",
        "UP NEXT",
        LEAD.rsplit(" ", 8)[0],
    ]
    # The promo's blurb is no lead: the head below it, dated, marks where the article starts.
    lead = lead_index(lines)
    assert lead == len(lines) - 1
    found = find_title_line(lines, lead)
    assert found is not None
    assert found.title == "Council closes harbour bridge to lorries after cracks found"


def test_an_agencys_file_photo_caption_is_no_headline_nor_lead() -> None:
    caption = (
        "In this Aug. 9, 2014, file photo, made available by the council, engineers inspect "
        "the harbour bridge, left, from a boat."
    )
    assert "photo" in headline_faults(caption)
    lines = ["Home", "News", "Harbour bridge shut to lorries as cracks spread", caption,
             "The Associated Press", "Published Wednesday, March 4, 2020 8:22AM EST", LEAD,
             "Lorries will be diverted through the town centre until repairs are finished."]  # fmt: skip
    assert lead_index(lines) == lines.index(LEAD)


def test_a_tag_cloud_is_a_list_not_the_lead() -> None:
    tags = (
        "arts bakery bridge bus closures council cycling elections festival flooding harbour "
        "health housing library markets parking police schools sport traffic weather."
    )
    assert "listing" in headline_faults(tags)
    # A sentence is no alphabetical list, even one with a run of words in order.
    assert is_headline("A big council decision expected on harbour bridge repairs today")
    lines = ["Home", "Topics", tags, "Harbour bridge shut to lorries as cracks spread",
             "March 4, 2020 - Posted by A. Writer", LEAD]  # fmt: skip
    assert lead_index(lines) == lines.index(LEAD)


def test_a_gallerys_counted_caption_is_no_headline() -> None:
    assert "photo" in headline_faults("2of6Engineers lower a camera under the harbour bridge")
    # With spaces, a counter is a caption where the page repeats it with the same count.
    captions = [
        "1 of 6 Riverton's harbour master Jo Bell inspects a crack in the bridge before the vote",
        "2 of 6 Engineers lower a camera under the harbour bridge on Monday",
    ]
    lines = ["Harbour bridge shut to lorries as cracks spread", captions[0], "Jo Bell/Council",
             captions[1], "March 4, 2020", LEAD]  # fmt: skip
    assert gallery_lines(lines) == {1, 3}
    assert (
        gallery_lines([captions[0], "3 of 5 councillors back the bridge plan, poll finds"]) == set()
    )


def test_a_statistic_of_a_group_is_a_headline() -> None:
    assert is_headline("1 of 4 commuters say they will drive less after the bridge closes")


def test_a_heading_printed_again_below_its_standfirst_beats_the_standfirst() -> None:
    # The heading, the writer's name and handle, the standfirst with the date below, then
    # the heading again in the share bar: printed twice, it is the page's title.
    title = "Engineers find cracks in harbour bridge supports"
    standfirst = "The council voted to close the old bridge to lorries until the spring repairs"
    lines = ["Menu", "Sign in", title, "By", "A. Writer", "@awriter", standfirst, "Share",
             "Tweet", "Mar 4, 2020, 7:53pm EST", "Share this story", "Facebook", title,
             LEAD]  # fmt: skip
    found = find_title_line(lines, lines.index(LEAD))
    assert found is not None and found.title == title


def test_a_list_item_with_its_comment_count_is_no_headline() -> None:
    assert "listing" in headline_faults(
        "Coach fined after touchline brawl at the harbour derby (142)"
    )
    # A year in brackets is a title's, not a count, however old.
    assert is_headline("The harbour bridge that outlived its builders (1898)")
    assert is_headline("Riverton's founders sign the harbour charter (1776)")


def test_a_motto_shouted_as_a_banner_beside_an_app_promo_is_a_slogan() -> None:
    banner = "The Riverton Gazette App: THE VALLEY'S MOST TRUSTED NEWS. ANYTIME. ANYWHERE"
    assert "slogan" in headline_faults(banner)
    # A shouted headline that reports something is no motto.
    assert "slogan" not in headline_faults("UPDATE: YOUR TRUSTED BRIDGE IS SHUT TO LORRIES")


def test_a_comments_header_is_a_byline() -> None:
    assert "byline" in headline_faults("Jo Bell on March 4, 2020 at 9:15 am said:")
    # A sentence reporting what was said on a day is no comment's header.
    assert "byline" not in headline_faults("Minister said on March 4 the harbour bridge would shut")
