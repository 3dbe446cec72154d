"""Outlet and feed templates: lines a source prints around every article are not news.

The real feeds of ``../shared/feeds/rss-parser/test/input/`` (Reddit's "submitted by ...
[link] [N comments]", the Guardian's "Continue reading...", Medium's "... was originally
published in ...") are fetched from a real HTTP server on 127.0.0.1 with two outlets that
carry one wire story, and grouped as ``digest build`` groups them.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import shared_folder
from feed_server import Feed, FeedServer, configure_feeds, rss

from digest.config import load_project
from digest.incidents import build_incidents
from digest.model import Document, Incident
from digest.pipeline import read_articles
from digest.sources.fetch import feed_sources, fetch_feeds
from digest.text.outlet_templates import MIN_ARTICLES, learn, strip, strip_all

REAL_FEEDS = "rss-parser/test/input"

WIRE = [
    "Engineers began draining the Lower Mill reservoir on Tuesday after inspectors found a "
    "crack running along the base of its 90-year-old dam, the regional water authority said.",
    "About 1,200 residents of two villages below the dam were told to leave their homes as a "
    "precaution and were being housed in a school gymnasium and a sports hall.",
    '"There is no immediate danger, but we are not taking any chances," the authority\'s chief '
    "engineer, Maria Lund, told reporters at the site.",
    "The dam was last inspected in 2019. Repairs are expected to take at least six weeks.",
]
OWN_STORIES = {
    "Valley Courier": [
        "The city council approved a budget of $48 million for road repairs on Monday, "
        "ending a three-month dispute over the cost of resurfacing the ring road.",
        "A fire destroyed a furniture warehouse in the industrial park overnight; nobody was "
        "hurt, and the cause is being investigated by the fire service.",
        "Students at the agricultural college staged a sit-in against a planned rise in "
        "tuition fees, the second protest on the campus this term.",
        "The county's only maternity ward will close at weekends from March because of a "
        "shortage of midwives, the hospital trust announced.",
    ],
    "Harbour Post": [
        "Ferry crews went on a 24-hour strike over pay on Thursday, cancelling all crossings "
        "to the islands and stranding hundreds of passengers at the terminal.",
        "The harbour master closed the northern quay after a cargo ship lost part of its load "
        "of timber in a storm, and divers were sent to clear the channel.",
        "A local brewery won a national award for its winter ale, beating more than 300 "
        "entries from across the country.",
        "Police arrested two men after a series of break-ins at holiday cottages along the "
        "coast road during the autumn, officers said.",
    ],
}
OWN_TITLES = {
    "Valley Courier": [
        "Council approves road repair budget",
        "Warehouse fire in industrial park",
        "College students protest fee rise",
        "Maternity ward to close at weekends",
    ],
    "Harbour Post": [
        "Ferry crews strike over pay",
        "Northern quay closed after timber spill",
        "Brewery wins national award",
        "Two arrested over cottage break-ins",
    ],
}
# What each outlet prints around every item: a newsletter line, a share row, a footer.
FURNITURE = {
    "Valley Courier": [
        "Get the Courier's morning briefing in your inbox every weekday.",
        "Share: Facebook | X | Email",
    ],
    "Harbour Post": [
        "Support local journalism: become a Harbour Post member today.",
        "Tip us off at the newsroom desk, day or night",
    ],
}


def _outlet_feed(outlet: str) -> bytes:
    slug = outlet.lower().replace(" ", "-")
    stories = [WIRE, *([story] for story in OWN_STORIES[outlet])]
    titles = ["Reservoir drained after crack found in dam", *OWN_TITLES[outlet]]
    items = []
    for number, (title, paragraphs) in enumerate(zip(titles, stories, strict=True)):
        body = "".join(f"<p>{paragraph}</p>" for paragraph in [*paragraphs, *FURNITURE[outlet]])
        items.append(
            {
                "title": title,
                "link": f"https://{slug}.example/news/{number}",
                "guid": f"https://{slug}.example/news/{number}",
                "description": f"<![CDATA[{body}]]>",
                "pubDate": f"Tue, {3 + number:02d} Feb 2026 0{number}:00:00 GMT",
            }
        )
    return rss(items, title=outlet, link=f"https://{slug}.example/")


@pytest.fixture(scope="module")
def grouped(
    feed_server: FeedServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Incident, ...]:
    """Every real feed of the shared set and the two wire outlets, fetched and grouped."""
    from digest.scaffold import create_project

    feeds = shared_folder("feeds") / REAL_FEEDS
    root = tmp_path_factory.mktemp("feed-templates") / "project"
    create_project(root, "Feed templates")
    urls = [
        feed_server.url(f"/shared/{REAL_FEEDS}/{path.name}") for path in sorted(feeds.iterdir())
    ]
    for outlet in OWN_STORIES:
        urls.append(feed_server.add(f"/wire/{outlet.split()[0]}.xml", Feed(_outlet_feed(outlet))))
    configure_feeds(
        root, urls, max_bytes=4_000_000, total_timeout=20.0, read_timeout=5.0, per_host=8
    )
    project = load_project(root / "mkdocs.yml")
    fetch_feeds(project, feed_sources(project))
    articles, _ = read_articles(project)
    return build_incidents(articles, project.digest.cluster)


def test_no_incident_of_the_real_feeds_is_made_of_template_text(
    grouped: tuple[Incident, ...],
) -> None:
    reddit = [i for i in grouped if any("reddit" in (a.outlet or "") for a in i.articles)]
    assert sum(len(incident.articles) for incident in reddit) > 60
    # Link posts whose body is only "submitted by ... [link] [N comments]" read as their
    # titles. (Three self-posts of reddit-atom.rss are HTML escaped twice, so their text
    # starts with the same literal markup, "<!-- SC_OFF --><div class=...": they may stay
    # together.)
    assert max(len(incident.articles) for incident in reddit) <= 3, [
        [a.title for a in incident.articles] for incident in reddit if len(incident.articles) > 2
    ]
    for incident in reddit:
        for article in incident.articles:
            lines = article.text.split("\n")
            assert not any(line.startswith(("submitted by", "[link]")) for line in lines)
    guardian = [a for i in grouped for a in i.articles if a.outlet == "The Guardian"]
    assert len(guardian) >= 50
    assert not any("Continue reading" in article.text for article in guardian)
    # Larger groups are one outlet's reports of one occasion (a State of the Union, a
    # podcast's week of episodes, one landlord's listings), never a feed's whole output.
    sizes = Counter(len(incident.articles) for incident in grouped)
    assert max(sizes) <= 8, sizes


def test_two_outlets_wire_copies_of_one_story_stay_one_incident(
    grouped: tuple[Incident, ...],
) -> None:
    wire = [i for i in grouped if any(a.title.startswith("Reservoir drained") for a in i.articles)]
    assert len(wire) == 1
    assert sorted(a.outlet for a in wire[0].articles) == ["Harbour Post", "Valley Courier"]
    for article in wire[0].articles:
        # The shared story is kept whole; each outlet's own furniture is gone.
        assert all(paragraph[:60] in article.text for paragraph in WIRE[:3])
        assert "inbox" not in article.text and "Facebook" not in article.text
        assert "newsroom desk" not in article.text and "member today" not in article.text
    own = [i for i in grouped if any(a.outlet in OWN_STORIES for a in i.articles)]
    assert sorted(len(incident.articles) for incident in own) == [1] * 8 + [2]


def _document(number: int, text: str, **fields: str) -> Document:
    return Document(path=f"articles/{number}.md", text=text, **fields)


def test_a_slotted_line_recurs_with_its_user_and_count_masked() -> None:
    users = ["neuhmz", "RootDeliver", "James_Lowry", "coder13", "benjaab"]
    documents = [
        _document(
            n,
            f"submitted by {user} to r{n}\n\n[link] [{9 * n} comments]",
            feed="f",
            title=f"Post {n}",
        )
        for n, user in enumerate(users)
    ]
    stripped, dropped = strip_all(documents)
    assert [d.text for d in stripped] == [f"Post {n}" for n in range(5)]
    assert dropped["articles/0.md"][0].line == "submitted by neuhmz to r0"
    assert dropped["articles/0.md"][0].reason == "template of feed f"


def test_an_outlets_reports_of_one_event_keep_the_sentences_they_share() -> None:
    shared = "About 1,200 residents were told to leave their homes as a precaution."
    reports = [
        _document(n, f"Update {n}: engineers worked through the night.\n{shared}", outlet="Courier")
        for n in range(MIN_ARTICLES - 1)
    ]
    others = [_document(10 + n, _unique_words(n), outlet="Courier") for n in range(40)]
    templates = learn(reports + others)
    assert templates == {}
    assert strip(reports[0], templates) == (reports[0], ())


def _unique_words(seed: int) -> str:
    """A line of words no other line has (letters only: digits would be masked alike)."""
    letters = "".join(c for c in hashlib.sha1(str(seed).encode()).hexdigest() if c.isalpha())
    return " ".join(letters[i : i + 3] + "q" * (seed + 1) for i in range(0, 12, 3)) + "."


_FOOTER = "Read our award-winning newsletter on weekdays"


def _outlet_documents(name: str, count: int) -> list[Document]:
    """``count`` articles of outlet ``name``, each of its own words, all ending in one
    footer line."""
    return [
        Document(
            path=f"articles/{name}/{n}.txt",
            text=f"{_unique_words(n if name == 'north' else 50 + n)}\n{_FOOTER}",
            outlet=name,
        )
        for n in range(count)
    ]


def test_the_title_is_masked_in_a_footer_that_names_it() -> None:
    documents = [
        _document(
            n,
            f"{_unique_words(n)}\n\nThe post Story {n} headline appeared first on Example Site.",
            outlet="Example Site",
            title=f"Story {n} headline",
        )
        for n in range(6)
    ]
    stripped, dropped = strip_all(documents)
    assert all(len(dropped[d.path]) == 1 for d in documents)
    assert all("appeared first" not in d.text for d in stripped)


def test_the_labelled_sets_have_no_outlet_template() -> None:
    """The clean labelled corpora, grouped by outlet, have no line in MIN_ARTICLES
    articles of one outlet: stripping templates leaves the evaluation figures as they were."""
    from digest.evaluation.data import load_labelled, to_documents

    folder = shared_folder("eval")
    for name in ("allsides.jsonl", "basil-dev.jsonl"):
        documents = to_documents(load_labelled(folder / name))
        assert learn(documents.values()) == {}, name


def test_a_new_article_that_changes_a_template_renormalises_only_its_outlet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import digest.normalise as normalising
    import digest.pipeline as pipeline

    normalised: list[str] = []
    original = normalising.normalise

    def counting(document: Document):  # type: ignore[no-untyped-def]
        normalised.append(document.path)
        return original(document)

    # The pipeline imports the stage where it runs (a build with nothing to do needs none).
    monkeypatch.setattr(normalising, "normalise", counting)

    first = _outlet_documents("north", MIN_ARTICLES - 1) + _outlet_documents("south", 5)
    articles, _ = pipeline.normalise_all(tuple(first), cache_dir=tmp_path)
    assert all(_FOOTER not in a.text for a in articles if a.outlet == "south")
    # North's three are below the floor of a template; the footer still goes from them as
    # a line that pages of different stories share (digest.text.shared_lines), read again.
    assert all(_FOOTER not in a.text for a in articles if a.outlet == "north")
    assert sorted(normalised).count("articles/north/0.txt") == 2
    normalised.clear()
    # North's fourth article makes the footer its template: north is cleaned again, south not.
    articles, _ = pipeline.normalise_all(
        tuple(_outlet_documents("north", MIN_ARTICLES) + _outlet_documents("south", 5)),
        cache_dir=tmp_path,
    )
    assert sorted(normalised) == [f"articles/north/{n}.txt" for n in range(MIN_ARTICLES)]
    assert all(_FOOTER not in a.text for a in articles)
    print(json.dumps(sorted(normalised)))


def test_a_sources_template_is_learned_again_only_when_its_articles_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import digest.templates_cache as cache

    learned: list[int] = []
    original = cache.learn_source

    def counting(documents):  # type: ignore[no-untyped-def]
        learned.append(len(documents))
        return original(documents)

    monkeypatch.setattr(cache, "learn_source", counting)

    first = cache.cached_templates(
        _outlet_documents("north", 5) + _outlet_documents("south", 6), tmp_path
    )
    assert sorted(learned) == [5, 6] and set(first) == {"outlet north", "outlet south"}
    learned.clear()
    again = cache.cached_templates(
        _outlet_documents("north", 5) + _outlet_documents("south", 6), tmp_path
    )
    assert learned == [] and again == first
    # One new south article: south is learned again from its seven, north is reused.
    cache.cached_templates(_outlet_documents("north", 5) + _outlet_documents("south", 7), tmp_path)
    assert learned == [7]
