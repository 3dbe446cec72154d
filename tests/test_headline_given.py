"""A title the source gives, and a sentence of the article, are never vetoed by the shapes
that mark a raw page's furniture (a language picker, a gallery's counter, an agency's
file-photo caption, a list's comment count): the source's title is its title, and a lead
that names people with their states in brackets or mentions a file photo is still prose.

The lines are written here by hand in the shapes news titles and leads take.
"""

from __future__ import annotations

import pytest

from digest.model import Document
from digest.normalise import normalise
from digest.text.titles import lead_index

BODY = (
    "The council voted on Tuesday to fund the new bus lanes after a year of delays, and "
    "the first work on the ring road is due to start in the spring."
)


@pytest.mark.parametrize(
    "title",
    [
        "3 of 5 Democrats back transport plan, poll finds",
        "Cruz (R-Texas), Cornyn (R-Texas) and Pelosi (D-Calif.) clash over border funding",
        "Police file photo appeal after bank raid",
        "Coach fined after touchline brawl (142)",
        "Founders sign the harbour charter (1776)",
        "FTC cracks down on undisclosed affiliate links",
    ],
)
def test_a_title_the_source_gives_is_kept(title: str) -> None:
    article = normalise(Document(path="a.md", text=BODY, title=title))
    assert article.title == title
    assert not article.title_derived


@pytest.mark.parametrize(
    "lead",
    [
        "Police released a file photo of the suspect on Tuesday and asked anyone who saw "
        "him near the harbour to call the incident line.",
        "Senators Lisa Murkowski (Alaska), Mitt Romney (Utah) and Susan Collins (Maine) broke "
        "ranks with their party on Tuesday to back the bill.",
        "3 of 5 voters in the county back the new bus lanes, according to a poll the "
        "council published on Tuesday.",
    ],
)
def test_a_lead_in_those_words_is_the_lead(lead: str) -> None:
    lines = ["Home", "News", "Sport", "Council backs bus lanes", "March 4, 2020", lead, BODY]
    assert lead_index(lines) == lines.index(lead)
