"""Paragraphs that pages of different stories share are the site's; those that reports of
one story share are news (digest.text.shared_lines, applied by the pipeline)."""

from __future__ import annotations

from digest.config import ClusterSettings
from digest.incidents import build_incidents
from digest.model import Document
from digest.normalise import normalise
from digest.pipeline import normalise_all
from digest.text.shared_lines import site_lines

BIO = (
    "Jane Moss is a freelance writer based in Leeds. Her work has appeared in several "
    "national newspapers, and she writes a weekly column on gardening and local history."
)
DISCLAIMER = (
    "The information on this website is for general guidance only and is not intended to "
    "replace the advice of a qualified professional; results vary from person to person."
)
FERRY = [
    "Ferry crews went on a 24-hour strike over pay on Thursday, cancelling all crossings to "
    "the islands and stranding hundreds of passengers at the terminal.",
    "The union said talks with the operator had broken down after the company offered a "
    "rise of two per cent, well below the rate of inflation.",
    "Passengers queued for hours at the ticket office before being told to go home.",
]
BREWERY = [
    "A local brewery won a national award for its winter ale on Wednesday, beating more than "
    "300 entries from across the country at the annual beer festival.",
    "The brewery, founded by two sisters in a former dairy in 2015, employs eleven people "
    "and sells most of its beer in pubs within twenty miles.",
    "The judges praised the ale's balance of malt and spice, the organisers said.",
]
WIRE = [
    "Engineers began draining the Lower Mill reservoir on Tuesday after inspectors found a "
    "crack running along the base of its 90-year-old dam, the regional water authority said.",
    "About 1,200 residents of two villages below the dam were told to leave their homes as a "
    "precaution and were being housed in a school gymnasium and a sports hall.",
    "There is no danger to the public, the authority's chief engineer told reporters, and "
    "the water level would fall by a metre a day.",
    "The dam was last inspected in 2019. Repairs are expected to take at least six weeks.",
]


def _page(number: int, headline: str, paragraphs: list[str], *extra: str) -> Document:
    return Document(path=f"articles/{number}.txt", text="\n".join([headline, *paragraphs, *extra]))


def _articles(*documents: Document):  # type: ignore[no-untyped-def]
    return [normalise(document) for document in documents]


def test_a_bio_and_a_disclaimer_two_stories_share_are_the_sites() -> None:
    pages = (
        _page(1, "Ferry crews strike over pay", FERRY, BIO, DISCLAIMER),
        _page(2, "Village brewery wins national award", BREWERY, BIO, DISCLAIMER),
    )
    found = site_lines(_articles(*pages))
    assert found == {page.path: frozenset({BIO, DISCLAIMER}) for page in pages}
    articles, problems = normalise_all(pages)
    assert not problems
    for article, own in zip(articles, (FERRY, BREWERY), strict=True):
        assert BIO not in article.text and DISCLAIMER not in article.text
        assert all(paragraph in article.text for paragraph in own[1:])
    assert len(build_incidents(articles, ClusterSettings())) == 2


def test_wire_copies_keep_what_they_share() -> None:
    copies = (
        _page(1, "Reservoir drained after crack found in dam", WIRE, BIO),
        _page(2, "Reservoir drained after crack found in dam", WIRE, DISCLAIMER),
    )
    assert site_lines(_articles(*copies)) == {}
    articles, _ = normalise_all(copies)
    assert all(WIRE[2] in article.text for article in articles)
    assert len(build_incidents(articles, ClusterSettings())) == 1


def test_reports_of_one_story_with_their_own_leads_keep_the_paragraphs_they_share() -> None:
    rewritten = (
        "Residents below the 90-year-old Lower Mill dam were evacuated on Tuesday as "
        "engineers drained the reservoir after finding a crack at the base of the dam."
    )
    reports = (
        _page(1, "Reservoir drained after crack found in dam", WIRE),
        _page(
            2,
            "Villages evacuated as engineers drain cracked Lower Mill dam",
            [rewritten, *WIRE[1:]],
        ),
    )
    assert site_lines(_articles(*reports)) == {}


def test_a_paragraph_three_stories_share_goes_from_each() -> None:
    pages = (
        _page(1, "Ferry crews strike over pay", FERRY, BIO),
        _page(2, "Village brewery wins national award", BREWERY, BIO),
        _page(3, "Reservoir drained after crack found in dam", WIRE, BIO),
    )
    found = site_lines(_articles(*pages))
    assert found == {page.path: frozenset({BIO}) for page in pages}


def test_a_copy_of_one_story_beside_another_story_keeps_the_paragraph() -> None:
    """A bio under two copies of one story and under one other story: the copies tell the
    same story, so it is not the site's for them; for the other story it is."""
    pages = (
        _page(1, "Reservoir drained after crack found in dam", WIRE, BIO),
        _page(2, "Reservoir drained after crack found in dam", WIRE, BIO),
        _page(3, "Ferry crews strike over pay", FERRY, BIO),
    )
    assert site_lines(_articles(*pages)) == {"articles/3.txt": frozenset({BIO})}


def test_a_sentence_shared_between_paragraphs_of_their_own_is_kept() -> None:
    """Two reports whose leads differ (two angles on one day's news) both quote one
    sentence between paragraphs of their own: a quote or a wire paragraph, the story's.
    The bio both print below their last paragraph is still the site's."""
    quote = (
        "The mayor said the town would ask the government for emergency funds to cover "
        "the cost of the clean-up before the end of the month."
    )
    pages = (
        _page(1, "Ferry crews strike over pay", [FERRY[0], quote, *FERRY[1:]], BIO),
        _page(2, "Village brewery wins national award", [BREWERY[0], quote, *BREWERY[1:]], BIO),
    )
    found = site_lines(_articles(*pages))
    assert found == {page.path: frozenset({BIO}) for page in pages}
