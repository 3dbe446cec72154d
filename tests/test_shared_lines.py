"""Paragraphs that pages of different stories share are the site's; those that reports of
one story share are news (digest.text.shared_lines, applied by the pipeline)."""

from __future__ import annotations

import random
from pathlib import Path

from digest.cache import Readings
from digest.config import ClusterSettings
from digest.errors import SourceError
from digest.incidents import build_incidents
from digest.model import Article, Document
from digest.normalise import normalise
from digest.pipeline import normalise_all
from digest.site_lines_cache import cached_site_lines
from digest.text.shared_lines import site_lines, site_lines_since

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


NOTICES = [
    BIO,
    DISCLAIMER,
    "Sign up to our morning newsletter for the day's top stories from the islands and the "
    "valley, delivered to your inbox before seven o'clock.",
    "Our reporting is funded by readers like you; a gift of any size keeps the newsroom "
    "independent and the site free to read for everyone.",
]


def test_site_lines_since_the_last_build_equal_site_lines_of_all() -> None:
    """Pages added, edited and removed build after build, at random (more holders of a
    notice than an article's partners): found again only where they can change, the
    site lines equal those found over the whole archive."""
    rng = random.Random(5)

    def sentence(words: int) -> str:
        return " ".join(_word(rng) for _ in range(words)) + "."

    # Forty stories of made-up words (a few pages tell each: wire copies of one story).
    stories = [
        (sentence(5).rstrip(".").capitalize(), [sentence(14).capitalize() for _ in range(3)])
        for _ in range(40)
    ]
    normalised: dict[Document, Article] = {}

    def page(number: int) -> Document:
        headline, story = rng.choice(stories)
        above = [line for line in NOTICES[2:] if rng.random() < 0.3]
        below = [line for line in NOTICES[:2] if rng.random() < 0.6]
        text = "\n".join([headline, *above, *story[: rng.randint(1, len(story))], *below])
        return Document(path=f"articles/{number:03d}.txt", text=text)

    def read(pages: dict[int, Document]) -> list[Article]:
        for document in pages.values():
            if document not in normalised:
                normalised[document] = normalise(document)
        return [normalised[pages[number]] for number in sorted(pages)]

    pages = {number: page(number) for number in range(0, 240, 2)}
    kept: dict = {}
    asked: list[int] = []
    for step in range(6):
        # Changes among all the pages, then (a line's first holders left as they were)
        # among the last ones only.
        start = 0 if step < 3 else 180
        if step:
            for number in rng.sample(range(start + 1, 240, 2), 4):  # added, among the others
                pages[number] = page(number)
            for number in rng.sample([n for n in pages if n >= start], 3):  # edited
                pages[number] = page(number)
            for number in rng.sample([n for n in pages if n >= start], 3):  # removed
                del pages[number]
        articles = read(pages)
        versions = [(article.path, article.text) for article in articles]
        asked.clear()

        def article(index: int) -> Article:
            asked.append(index)
            return articles[index]  # noqa: B023 (called before the next step)

        found, kept = site_lines_since(kept, versions, article)
        assert found == site_lines(articles), step
        assert found, step
        if step >= 3:
            assert len(set(asked)) < len(articles), step
    assert site_lines_since(kept, versions, article)[0] == found
    asked.clear()
    site_lines_since(kept, versions, article)
    assert asked == []  # nothing changed: nothing read


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3))


def test_a_partner_that_now_tells_the_same_story_is_seen_since_the_last_build() -> None:
    """Page 2 is rewritten to tell page 1's story in other words: the bio they share stays
    shared by the same two pages, yet it is no longer the site's for page 1 either."""
    before = _articles(
        _page(1, "Ferry crews strike over pay", FERRY, BIO),
        _page(2, "Village brewery wins national award", BREWERY, BIO),
    )
    lead = (
        "Ferry crews stopped work on Thursday in a strike over pay, cancelling crossings to "
        "the islands and stranding hundreds of passengers."
    )
    after = [before[0], *_articles(_page(2, "Ferry strike strands passengers", [lead], BIO))]
    found, kept = site_lines_since({}, [(a.path, "first") for a in before], before.__getitem__)
    assert found == {a.path: frozenset({BIO}) for a in before}
    versions = [(after[0].path, "first"), (after[1].path, "rewritten")]
    assert site_lines_since(kept, versions, after.__getitem__)[0] == site_lines(after) == {}


def test_a_stored_article_that_reads_as_none_is_left_out(tmp_path: Path) -> None:
    """A row of the article cache taken for an article that, read, is none (damaged, and
    its file refused): the site lines of the others, found over the whole archive."""
    pages = [
        _page(1, "Ferry crews strike over pay", FERRY, BIO),
        _page(2, "Village brewery wins national award", BREWERY, BIO),
        _page(3, "Reservoir drained after crack found in dam", WIRE, BIO),
    ]
    articles = _articles(*pages)
    first = Readings(
        [*articles[:2], b"damaged"], ["1", "2", "3"], lambda k, row: SourceError("refused")
    )
    found = cached_site_lines(pages, first, tmp_path)
    assert found == site_lines(articles[:2]) == {page.path: frozenset({BIO}) for page in pages[:2]}
