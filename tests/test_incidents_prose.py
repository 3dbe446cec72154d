"""Features from the text that reads as prose: a page's menus and link lists neither lead
nor name the story, so two pages of one outlet do not look alike for their chrome and two
outlets' reports of one event are not kept apart by it."""

from __future__ import annotations

from digest.config import ClusterSettings
from digest.incidents.cluster import cluster_articles
from digest.incidents.features import featurise
from digest.incidents.prose import prose_sentences, reads_as_prose, without_fragments
from digest.model import Article
from digest.text.sentences import split_sentences

_MENU_A = """Home
World
Africa
Asia
Europe
Business Markets
Tech Science
Sports
Video
Subscribe"""

_MENU_B = """News
Local News
Politics
Health Care
Entertainment
Opinion Columns
Weather
Newsletters
Contact Us"""

_QUAKE_1 = (
    "A magnitude 6.4 earthquake struck the island of Luzon early on Tuesday, collapsing a "
    "church in the town of Porac and killing at least five people, the national disaster "
    "agency said. Rescuers searched the rubble of a supermarket in Pampanga province."
)
_QUAKE_2 = (
    "At least five people died when a strong earthquake shook Luzon on Tuesday, toppling "
    "an old church in Porac, disaster officials said. Rescue teams dug through a collapsed "
    "supermarket in Pampanga as aftershocks rattled the province."
)
_BUDGET = (
    "The city council approved a budget that raises spending on schools and road repairs, "
    "after a debate that ran past midnight. The mayor said the plan keeps property taxes "
    "flat for a third year."
)


def _page(path: str, menu: str, story: str) -> Article:
    """A page's opening as the cleaner may leave it: its menus kept (the cleaner does not
    know every outlet's), no title, no date."""
    text = f"{menu}\n{story}"
    return Article(
        id=path.replace("/", "-").removesuffix(".txt"),
        path=path,
        text=text,
        title=story.split(",")[0],
        title_derived=True,
        sentences=split_sentences(text),
    )


def test_menu_lines_and_link_words_do_not_read_as_prose() -> None:
    for line in ("Home", "Columns & Blogs", "Truck & Bus News", "Contact Us", "Search for:"):
        assert not reads_as_prose(line), line
    for sentence in (
        "The court ruled on Monday that the ban was lawful.",
        "He was 45.",
        "Border wall fundraiser to seek approval on a project in Texas",
    ):
        assert reads_as_prose(sentence), sentence


def test_the_lead_and_names_come_from_the_prose_not_the_menu() -> None:
    article = _page("a.txt", _MENU_A, _QUAKE_1)
    prose = prose_sentences(article)
    assert prose[0].startswith("A magnitude 6.4 earthquake struck")
    assert not any("Subscribe" in sentence for sentence in prose)
    assert "Asia" not in without_fragments(article)
    names = featurise([article]).names[0]
    assert {"Luzon", "Porac"} <= names
    assert not names & {"Home", "World", "Africa", "Asia", "Europe", "Video", "Subscribe"}


def test_a_page_that_is_all_menus_has_no_prose() -> None:
    article = _page("menus.txt", _MENU_A, _MENU_B)
    assert prose_sentences(article) == ()


def test_text_without_function_words_keeps_its_long_sentences() -> None:
    """Keyword lists and other languages have no English function words but are no menu:
    their long sentences stand in for prose, their short lines still do not."""
    keywords = "quake luzon porac church collapse five dead pampanga supermarket rescue"
    article = _page("keywords.txt", _MENU_A, keywords)
    assert prose_sentences(article) == (keywords,)
    assert without_fragments(article) == keywords


def test_one_event_under_two_outlets_menus_is_one_incident_and_one_menu_joins_nothing() -> None:
    articles = sorted(
        (
            _page("outlet-a/quake.txt", _MENU_A, _QUAKE_1),
            _page("outlet-b/quake.txt", _MENU_B, _QUAKE_2),
            _page("outlet-a/budget.txt", _MENU_A, _BUDGET),
        ),
        key=lambda article: article.id,
    )
    groups = cluster_articles(articles, ClusterSettings()).groups
    paths = sorted(sorted(articles[index].path for index in group) for group in groups)
    assert paths == [["outlet-a/budget.txt"], ["outlet-a/quake.txt", "outlet-b/quake.txt"]]
