"""Text stage: whitespace and boilerplate, datelines, sentences, derived titles, normalise."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.errors import SourceError
from digest.model import Document
from digest.normalise import article_id, normalise
from digest.text.cleaning import clean, normalise_whitespace, remove_boilerplate
from digest.text.datelines import split_dateline
from digest.text.sentences import split_sentences
from digest.text.titles import derive_title

# --- whitespace ------------------------------------------------------------------------------


def test_crlf_and_lone_cr_end_lines() -> None:
    raw = "Rain fell all night.\r\nThe river rose.\rRoads closed.\r\n"
    assert normalise_whitespace(raw) == ["Rain fell all night.", "The river rose.", "Roads closed."]


def test_crlf_blank_lines_separate_hard_wrapped_paragraphs() -> None:
    raw = "The river rose\r\nquickly overnight.\r\n\r\nRoads closed.\r\n"
    assert normalise_whitespace(raw) == ["The river rose quickly overnight.", "Roads closed."]


def test_nbsp_and_other_spaces_become_one_space() -> None:
    raw = "Water\u00a0prices rose\u00a0\u00a0by\u202f8%\tin   March."
    assert normalise_whitespace(raw) == ["Water prices rose by 8% in March."]


def test_zero_width_characters_soft_hyphen_and_bom_removed() -> None:
    raw = "\ufeffMo\u200bsul market re\u00adopened\u2060 on\u200d Mon\u200cday."
    assert normalise_whitespace(raw) == ["Mosul market reopened on Monday."]


def test_blank_line_separated_paragraphs_are_unwrapped() -> None:
    raw = (
        "The mayor said the old\n"
        "bridge would stay closed\n"
        "until spring.\n"
        "\n"
        "Traders on both banks\n"
        "want a ferry service.\n"
    )
    assert normalise_whitespace(raw) == [
        "The mayor said the old bridge would stay closed until spring.",
        "Traders on both banks want a ferry service.",
    ]


def test_blank_lines_with_spaces_and_runs_of_blank_lines_separate_paragraphs() -> None:
    raw = "First block here.\n \t \nSecond block here.\n\n\n\nThird block here."
    assert normalise_whitespace(raw) == [
        "First block here.",
        "Second block here.",
        "Third block here.",
    ]


def test_a_line_of_a_zero_width_space_is_no_blank_line() -> None:
    """A page's spacer (a zero-width space alone on a line) does not make a page flattened
    one block a line read as hard-wrapped: its menu lines stay lines."""
    raw = "Home\nNews\nSport\n\u200b\nRiver port workers walk out\nThe union said so."
    assert normalise_whitespace(raw) == [
        "Home",
        "News",
        "Sport",
        "River port workers walk out",
        "The union said so.",
    ]


def test_a_list_between_blank_lines_is_no_wrapped_paragraph() -> None:
    menu = ["Home", "World", "Business", "Sport", "Weather", "Opinion"]
    raw = "\n".join(menu) + "\n\nThe mayor said the old\nbridge would stay closed.\n"
    assert normalise_whitespace(raw) == [*menu, "The mayor said the old bridge would stay closed."]


def test_without_blank_lines_each_line_is_a_paragraph() -> None:
    raw = "The mayor spoke first.\n  Traders replied.  \nThe meeting ended late."
    assert normalise_whitespace(raw) == [
        "The mayor spoke first.",
        "Traders replied.",
        "The meeting ended late.",
    ]


def test_unicode_line_separators_end_lines() -> None:
    assert normalise_whitespace("First part.\u2028Second part.") == ["First part.", "Second part."]


def test_whitespace_only_text_has_no_paragraphs() -> None:
    assert normalise_whitespace(" \n\u00a0\n\u200b\t\n") == []


# --- boilerplate -----------------------------------------------------------------------------

STORY = [
    "Volunteers cleared the flooded school on Monday.",
    "Classes will resume next week, the head teacher said.",
]


@pytest.mark.parametrize("heading", ["Comments", "3 Comments", "Comments:", "Leave a reply"])
def test_comments_heading_ends_article_and_policy_after_it_goes(heading: str) -> None:
    policy = [
        heading,
        "Valley Times moderates all comments. Abusive posts will not be published.",
        "Please read the community guidelines before posting.",
        "Naz: I hope the school gets new desks.",
    ]
    result = remove_boilerplate([*STORY, *policy])
    assert result.text == "\n".join(STORY)
    assert result.removed == tuple(policy)
    assert result.publisher == "Valley Times"


def test_publisher_named_with_the_from_moderation_line() -> None:
    result = remove_boilerplate(
        [*STORY, "Comments", "The Valley Times moderates all comments before publication."]
    )
    assert result.text == "\n".join(STORY)
    assert result.publisher == "The Valley Times"


def test_clean_removes_furniture_lines_and_finds_copyright_publisher() -> None:
    raw = (
        "Volunteers cleared the flooded\nschool on Monday.\n\n"
        "Read more: Floods close roads across the valley\n\n"
        "The head teacher said classes\nwould resume next week.\n\n"
        "Share this article\n\n"
        "Subscribe to our newsletter\n\n"
        "© 2026 Some Outlet. All rights reserved.\n"
    )
    result = clean(raw)
    assert result.text == (
        "Volunteers cleared the flooded school on Monday.\n"
        "The head teacher said classes would resume next week."
    )
    assert result.removed == (
        "Read more: Floods close roads across the valley",
        "Share this article",
        "Subscribe to our newsletter",
        "© 2026 Some Outlet. All rights reserved.",
    )
    assert result.publisher == "Some Outlet"


@pytest.mark.parametrize(
    ("footer", "publisher"),
    [
        ("© 2026 Some Outlet. All rights reserved.", "Some Outlet"),
        ("Copyright © 2025-2026 The Valley Times", "The Valley Times"),
        ("Copyright 2026 River Post. All rights reserved.", "River Post"),
        ("All rights reserved.", None),
    ],
)
def test_publisher_from_copyright_footer(footer: str, publisher: str | None) -> None:
    result = remove_boilerplate([*STORY, footer])
    assert result.text == "\n".join(STORY)
    assert result.removed == (footer,)
    assert result.publisher == publisher


def test_no_boilerplate_no_publisher() -> None:
    result = remove_boilerplate(list(STORY))
    assert result.text == "\n".join(STORY)
    assert result.removed == ()
    assert result.publisher is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister declined to comment on the report.",
        "Shares in the company fell 4%.",
        "Share prices in the region rose on Tuesday.",
        "Comments by the governor angered the farmers.",
        "The governor's comments on water policy angered farmers downstream.",
        "“We have not approved any comments on the deal,” a company spokesman said.",
        "Subscribers to the water service will get a refund.",
        "Sign up sheets for volunteers were posted at the mosque.",
        "Copyright lawyers for the station filed a complaint.",
        "Related talks will continue in the capital next month.",
        "Tags were fixed to the ears of the rescued cattle.",
        "The post office in Halvik reopened on Monday, the first on the flooded street.",
    ],
)
def test_body_sentence_mentioning_comments_or_sharing_is_kept(sentence: str) -> None:
    paragraphs = ["Farmers protested in the town.", sentence, "Police watched."]
    result = remove_boilerplate(paragraphs)
    assert result.text == "\n".join(paragraphs)
    assert result.removed == ()


def test_feed_footers_are_removed_and_the_excerpt_kept() -> None:
    """A WordPress feed item: an excerpt cut off with "[…]", "Continue reading", and the
    "appeared first on" footer. The excerpt is the article; it must not be taken for a
    headline above the footer and dropped (the article would be the footer alone)."""
    excerpt = (
        "The harbour at Deltaport reopened on Tuesday after three weeks of repairs, "
        "the port authority said, and the first ships […]"
    )
    paragraphs = [
        excerpt,
        "Continue reading →",
        "The post Harbour reopens after repairs appeared first on Delta Current.",
    ]
    result = remove_boilerplate(paragraphs)
    assert result.text == excerpt
    assert result.removed == tuple(paragraphs[1:])
    article = normalise(Document(path="articles/x.md", text="\n\n".join(paragraphs)))
    assert article.text == excerpt


def test_short_first_paragraph_is_kept() -> None:
    result = clean("Power is back.\nThe grid failed for six hours after the storm.")
    assert result.text == "Power is back.\nThe grid failed for six hours after the storm."
    assert result.removed == ()


def test_short_heading_word_first_is_not_an_end_heading() -> None:
    # Only a heading *after* some article text ends the article.
    result = remove_boilerplate(["Trending", "Wheat prices rose sharply this week."])
    assert result.text == "Trending\nWheat prices rose sharply this week."


def test_advertisement_between_paragraphs_does_not_end_article() -> None:
    result = remove_boilerplate(
        ["The market reopened on Sunday.", "Advertisement", "Traders said sales were slow."]
    )
    assert result.text == "The market reopened on Sunday.\nTraders said sales were slow."
    assert result.removed == ("Advertisement",)


def test_comment_policy_paragraph_without_heading_removed() -> None:
    result = remove_boilerplate(
        [
            "The market reopened on Sunday.",
            "Comments are moderated and your email address will not be published.",
            "Traders said sales were slow.",
        ]
    )
    assert result.text == "The market reopened on Sunday.\nTraders said sales were slow."


def test_comment_policy_quoting_a_button_label_is_still_removed() -> None:
    policy = 'Comments are moderated. Press "Post your comment" only once.'
    result = remove_boilerplate(["The market reopened on Sunday.", policy])
    assert result.text == "The market reopened on Sunday."
    assert result.removed == (policy,)


# --- datelines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "place", "region", "outlet", "rest"),
    [
        (
            "SULAIMANI (ESTA) — Farmers blocked the road to the dam on Sunday.",
            "Sulaimani",
            None,
            "ESTA",
            "Farmers blocked the road to the dam on Sunday.",
        ),
        (
            "ERBIL, Kurdistan Region - The regional cabinet met on Monday to discuss salaries.",
            "Erbil",
            "Kurdistan Region",
            None,
            "The regional cabinet met on Monday to discuss salaries.",
        ),
        (
            "WASHINGTON (Reuters) – Officials said the sanctions would stay.",
            "Washington",
            None,
            "Reuters",
            "Officials said the sanctions would stay.",
        ),
        (
            "LONDON, Jan. 5, 2024 (AP) — Wheat prices rose for a third day.",
            "London",
            None,
            "AP",
            "Wheat prices rose for a third day.",
        ),
        (
            "AL-QAIM, Iraq — Border guards reopened the crossing.",
            "Al-Qaim",
            "Iraq",
            None,
            "Border guards reopened the crossing.",
        ),
        (
            "KABUL (Reuters) — 12 people were hurt in the blast.",
            "Kabul",
            None,
            "Reuters",
            "12 people were hurt in the blast.",
        ),
        (
            "ST. LOUIS (AP) — Storms knocked out power to the city.",
            "St. Louis",
            None,
            "AP",
            "Storms knocked out power to the city.",
        ),
        (
            "KIRKUK — “We are tired,” a shopkeeper said.",
            "Kirkuk",
            None,
            None,
            "“We are tired,” a shopkeeper said.",
        ),
    ],
)
def test_dateline_split(
    paragraph: str, place: str, region: str | None, outlet: str | None, rest: str
) -> None:
    dateline, remainder = split_dateline(paragraph)
    assert dateline is not None
    assert (dateline.place, dateline.region, dateline.outlet) == (place, region, outlet)
    assert remainder == rest
    assert paragraph.startswith(dateline.raw)


def test_dateline_raw_is_the_text_before_the_dash() -> None:
    dateline, _ = split_dateline("SULAIMANI (ESTA) — Farmers blocked the road.")
    assert dateline is not None
    assert dateline.raw == "SULAIMANI (ESTA) —"


@pytest.mark.parametrize(
    "paragraph",
    [
        "NATO - the alliance said it would send more ships.",
        "The US - Iraq talks resumed in Baghdad.",
        "UPDATE: The ministry revised the death toll.",
        "BREAKING: Two bridges collapsed.",
        "Farmers in the north said the rains came late.",
        "Baghdad - Officials said the curfew was lifted.",
        "",
    ],
)
def test_non_datelines_left_unchanged(paragraph: str) -> None:
    assert split_dateline(paragraph) == (None, paragraph)


# --- sentences -------------------------------------------------------------------------------


def texts(text: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(text)]


def test_abbreviations_do_not_split() -> None:
    text = (
        "U.S. envoys met Gen. Karim Salih on Jan. 12 at 3 p.m. in the capital. "
        "Dr. Hana Aziz joined them later."
    )
    assert texts(text) == [
        "U.S. envoys met Gen. Karim Salih on Jan. 12 at 3 p.m. in the capital.",
        "Dr. Hana Aziz joined them later.",
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("“The pumps have stopped working,” the mayor said.", "Engineers arrived on Friday."),
        ('"We will rebuild the bridge," the governor said.', "Work starts in May."),
        ("“The water is gone. We have nothing left,” said one farmer.", "Officials were silent."),
    ],
)
def test_quote_followed_by_attribution_is_one_sentence(first: str, second: str) -> None:
    assert texts(f"{first} {second}") == [first, second]


def test_offsets_and_paragraph_indexes() -> None:
    text = "The dam held.\nWater levels fell overnight. Crews stayed on site.\nNo one was hurt."
    assert [(s.text, s.start, s.end, s.paragraph) for s in split_sentences(text)] == [
        ("The dam held.", 0, 13, 0),
        ("Water levels fell overnight.", 14, 42, 1),
        ("Crews stayed on site.", 43, 64, 1),
        ("No one was hurt.", 65, 81, 2),
    ]


def test_sentence_never_spans_a_newline() -> None:
    assert [(s.text, s.paragraph) for s in split_sentences("Roads closed\nSchools shut.")] == [
        ("Roads closed", 0),
        ("Schools shut.", 1),
    ]


def test_no_text_no_sentences() -> None:
    assert split_sentences("") == ()


_SENTENCE_WORDS = st.sampled_from(
    [
        "U.S.",
        "Gen.",
        "Jan.",
        "p.m.",
        "Dr.",
        "the",
        "army",
        "said",
        "“We",
        "left,”",
        '"No',
        'way,"',
        "5",
        "4%",
        "1,200",
        "3:30",
        ".",
        "?",
        "!",
        "—",
        "(AP)",
        "it's",
        "...",
    ]
)
_PARAGRAPHS = st.lists(
    st.lists(_SENTENCE_WORDS, min_size=1, max_size=20).map(" ".join), min_size=1, max_size=4
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_PARAGRAPHS)
def test_sentence_spans_are_exact_in_order_and_cover_the_text(text: str) -> None:
    sentences = split_sentences(text)
    covered: set[int] = set()
    previous_end = 0
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert "\n" not in sentence.text
        assert sentence.text == sentence.text.strip()
        assert sentence.start >= previous_end
        assert sentence.paragraph == text.count("\n", 0, sentence.start)
        previous_end = sentence.end
        covered.update(range(sentence.start, sentence.end))
    assert all(char.isspace() or i in covered for i, char in enumerate(text))


# --- derived titles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "title"),
    [
        (
            "Gunmen attacked a police checkpoint outside the town on Saturday.",
            "Gunmen attacked a police checkpoint outside the town",
        ),
        (
            "Turkish drones struck a village near the border on Saturday, killing two "
            "shepherds, local officials said.",
            "Turkish drones struck a village near the border",
        ),
        (
            "Heavy rain flooded the old market late on Friday night.",
            "Heavy rain flooded the old market",
        ),
        (
            "The council approved a new water plan that farmers had opposed for years.",
            "The council approved a new water plan",
        ),
        (
            "Engineers repaired the main pipeline which had leaked for months.",
            "Engineers repaired the main pipeline",
        ),
        (
            "Rockets hit the airport at 3:30 local time, the army said.",
            "Rockets hit the airport at 3:30 local time",
        ),
        (
            "The storm killed 1,200 sheep in two valleys.",
            "The storm killed 1,200 sheep in two valleys",
        ),
        (
            "Dozens of tonnes of aid arrived from the U.S.",
            "Dozens of tonnes of aid arrived from the U.S.",
        ),
    ],
)
def test_derive_title(lead: str, title: str) -> None:
    assert derive_title(lead) == title


def test_derive_title_at_most_14_words_and_no_hanging_word() -> None:
    lead = (
        "Engineers from three provinces inspected the damaged dam near the small mountain "
        "town of Darband and the old road bridge."
    )
    title = derive_title(lead)
    # The first 14 words end on "of", which would leave the headline hanging.
    assert title == (
        "Engineers from three provinces inspected the damaged dam near the small mountain town"
    )
    assert len(title.split()) <= 14


_TITLE_WORDS = st.sampled_from(
    [
        "Police",
        "arrested",
        "three",
        "men",
        "who",
        "that",
        "after",
        "on",
        "Saturday",
        "Friday,",
        "night",
        "late",
        "the",
        "of",
        "border,",
        "river;",
        "3:30",
        "1,200",
        "U.S.",
        "said.",
        "according",
        "to",
        "and",
        "“We",
        "left,”",
    ]
)


def _bare(word: str) -> str:
    return word.strip(",;:.!?")


@settings(max_examples=500, deadline=None)
@given(st.lists(_TITLE_WORDS, min_size=1, max_size=30))
def test_derived_title_words_are_lead_words_in_order(words: list[str]) -> None:
    lead = " ".join(words) + "."
    title = derive_title(lead)
    assert len(title.split()) <= 14
    assert not title.endswith((",", ";", ":", " "))
    remaining = iter(_bare(word).casefold() for word in lead.split())
    # Each title word is found among the lead's words after the previous one (the first
    # capitalised where an attribution in front came off: "according to X, police ...").
    assert all(_bare(word).casefold() in remaining for word in title.split())


# --- normalise -------------------------------------------------------------------------------


def test_dateline_split_off_and_names_the_outlet() -> None:
    article = normalise(
        Document(
            path="articles/dam.txt",
            text=(
                "SULAIMANI (ESTA) — Farmers blocked the road to the Darbandikhan dam on "
                "Sunday. They want more water for their fields.\n"
                "The governor promised to meet them."
            ),
        )
    )
    assert article.dateline is not None
    assert article.dateline.place == "Sulaimani"
    assert article.outlet == "ESTA"
    assert "SULAIMANI" not in article.text
    assert article.text.startswith("Farmers blocked the road")
    assert article.sentences[0].text == (
        "Farmers blocked the road to the Darbandikhan dam on Sunday."
    )
    assert article.title == "Farmers blocked the road to the Darbandikhan dam"
    assert article.title_derived is True
    assert article.published is None


def test_headline_line_becomes_title_and_leaves_text() -> None:
    article = normalise(
        Document(
            path="articles/dam.txt",
            text=(
                "Farmers block road to dam over water\n"
                "SULAIMANI (ESTA) — Farmers blocked the road on Sunday.\n"
                "The governor promised to meet them."
            ),
        )
    )
    assert article.title == "Farmers block road to dam over water"
    assert article.title_derived is False
    assert article.text == (
        "Farmers blocked the road on Sunday.\nThe governor promised to meet them."
    )
    assert article.dateline is not None
    assert article.dateline.outlet == "ESTA"


def test_known_title_repeated_at_top_of_text_is_removed() -> None:
    article = normalise(
        Document(
            path="articles/dam.txt",
            title="Dam reopens after repairs.",
            text="Dam reopens after repairs.\nThe spillway was fixed in four months.",
        )
    )
    assert article.title == "Dam reopens after repairs."
    assert article.text == "The spillway was fixed in four months."


def test_share_bar_at_top_is_not_the_title() -> None:
    article = normalise(
        Document(
            path="articles/dam.txt",
            text="Share this article\nFarmers blocked the road on Sunday.\nThe governor came.",
        )
    )
    assert article.title == "Farmers blocked the road"
    assert article.title_derived is True
    assert article.text == "Farmers blocked the road on Sunday.\nThe governor came."


def test_outlet_precedence() -> None:
    text = "SULAIMANI (ESTA) — Farmers blocked the road."
    given_outlet = Document(path="a/x.txt", text=text, outlet="Basin Wire", folder_outlet="Esta")
    assert normalise(given_outlet).outlet == "Basin Wire"
    footer = Document(
        path="a/x.txt",
        text="Farmers blocked the road.\n© 2026 Valley Times. All rights reserved.",
        folder_outlet="Valley",
    )
    assert normalise(footer).outlet == "Valley Times"
    folder = Document(path="a/x.txt", text="Farmers blocked the road.", folder_outlet="Basin Wire")
    assert normalise(folder).outlet == "Basin Wire"
    assert normalise(Document(path="a/x.txt", text="Farmers blocked the road.")).outlet is None


def test_published_passes_through_and_is_never_invented() -> None:
    text = "On 3 March 2026 farmers blocked the road.\nThe governor came the next day."
    assert normalise(Document(path="a/x.txt", text=text)).published is None
    when = datetime(2026, 3, 4, 8, 15, tzinfo=UTC)
    assert normalise(Document(path="a/x.txt", text=text, published=when)).published == when


@pytest.mark.parametrize(
    "text",
    [
        "Share this article\nSubscribe to our newsletter\n© 2026 Some Outlet. All rights reserved.",
        " \n\u200b\n\t",
        "",
    ],
)
def test_only_boilerplate_raises_source_error(text: str) -> None:
    with pytest.raises(SourceError):
        normalise(Document(path="articles/empty.txt", text=text))


@pytest.mark.parametrize(
    "path",
    [
        "articles/a_b.txt",
        "articles/a-b.txt",
        "articles/rudaw/2024-02-03 Strikes.txt",
        "articles/Überschwemmung in Mosul!.txt",
        "articles/___.txt",
        "x.txt",
    ],
)
def test_article_id_is_a_slug(path: str) -> None:
    assert re.fullmatch(r"[a-z0-9-]+", article_id(path))


def test_article_id_readable_and_unique_for_paths_that_slug_alike() -> None:
    assert re.fullmatch(
        r"rudaw-2024-02-03-strikes-[0-9a-f]{6}", article_id("articles/rudaw/2024-02-03 Strikes.txt")
    )
    underscore, hyphen = article_id("articles/a_b.txt"), article_id("articles/a-b.txt")
    assert underscore.startswith("a-b-")
    assert hyphen.startswith("a-b-")
    assert underscore != hyphen


def test_article_id_depends_only_on_the_path() -> None:
    first = normalise(Document(path="articles/a-b.txt", text="Farmers blocked the road."))
    second = normalise(
        Document(
            path="articles/a-b.txt",
            text="Completely different words here.",
            title="Other",
            outlet="Other Outlet",
            published=datetime(2020, 1, 1, tzinfo=UTC),
        )
    )
    assert first.id == second.id == article_id("articles/a-b.txt")
    assert normalise(Document(path="articles/a_b.txt", text="Farmers blocked the road.")).id != (
        first.id
    )


def test_no_ends_a_sentence_unless_a_number_follows() -> None:
    text = "Asked if talks would resume, he said no. Then he left for No. 10 Downing Street."
    assert [s.text for s in split_sentences(text)] == [
        "Asked if talks would resume, he said no.",
        "Then he left for No. 10 Downing Street.",
    ]


def test_a_long_paragraph_is_split_at_every_sentence() -> None:
    text = "The crossing reopened. " * 3_000
    assert len(split_sentences(text)) == 3_000
