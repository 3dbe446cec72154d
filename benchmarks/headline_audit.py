"""How often digest's headline of a raw scraped page is the page's own headline.

    python benchmarks/headline_audit.py [--flattener NAME] [--show wrong|all] [--feeds] [--dates]

Each page of ``../shared/extraction/html`` is flattened to its visible text, one block a
line, by each flattener of ``extraction_eval.py`` (lxml, html-text, inscriptis), with its
``<title>`` taken out first (excerpts saved without the head: a menu on top, no title), and
read as a ``.txt`` article, whole and cut to its OPENING (the first 2,000 bytes, where the
menu is a big share). Its headline is scored against the page's real headings (``<h1>``,
``og:title``, ``<title>`` and its longest segment) and the article body a person marked:

- ``title``: its words are a real heading's (token-set F1 >= 0.6 with one of them);
- ``lead``:  it is a run of the article's own words (a title derived from a sentence of the
  marked body: a full news sentence, not the page's furniture);
- ``wrong``: neither (a menu, a notice, another story's title, breadcrumbs glued on...);
- ``no-art``: an opening that holds none of the article (fewer than 10 of its 4-word
  shingles): no headline to find, only furniture not to show (``flagged`` counts those the
  checks find: refused as no article, or a headline with a fault).

``untitled`` counts the texts (of any kind) given the placeholder "Untitled report from
SOURCE, DATE" because no line or sentence of theirs makes a headline; on a text that holds
its article it also counts as ``wrong``.

Pages split into two halves by a hash of their key (``A`` is the half rules were developed
on, ``B`` was only looked at for the figures): one row per flattener, text and half.
``--show wrong`` lists every wrong headline beside the page's real one. ``--feeds`` builds
the shared real feeds' items into incidents and checks each incident's headline.
``--dates`` measures the dates read from the text against the metadata and URL dates.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from extraction_eval import EXTRACTION, FLATTENERS, gold_bodies, load_page, shingles
from extraction_eval import half_of as parity_half

from digest.errors import SourceError
from digest.model import Article, Document
from digest.normalise import normalise
from digest.sources.feeds import parse_feed
from digest.text.dates import page_date
from digest.text.headline_checks import FURNITURE, headline_faults

FEED_SUFFIXES = (".xml", ".rss", ".atom", ".json", ".rdf")
OPENING_BYTES = 2000
_TOKEN = re.compile(r"[^\W_]+")
_SEPARATOR = re.compile(r"\s+[|•·»›:–—-]\s+|\s*\|\s*")
_TITLE_ELEMENT = re.compile(r"(?is)<title\b[^>]*>.*?</title\s*>")
_TITLE_AGREEMENT = 0.6
_LEAD_SHARE = 0.9
_ARTICLE_SHINGLES = 10


def half_of(key: str) -> str:
    """``A`` (development) or ``B`` (held out): extraction_eval's even and odd halves."""
    return "A" if parity_half(key) == "even" else "B"


def untitled(html: str) -> str:
    """The page without its ``<title>``: what a scraper that skips the head saves."""
    return _TITLE_ELEMENT.sub("", html)


def opening(text: str) -> str:
    """The first :data:`OPENING_BYTES` bytes of ``text`` (cut mid-line, as excerpts are)."""
    return text.encode("utf-8")[:OPENING_BYTES].decode("utf-8", "ignore")


def real_headings(html: str) -> list[str]:
    """The page's own headline as its HTML gives it: ``<h1>``s, ``og:title``, ``<title>``
    and its longest segment (a title with the site's name glued to it), four words or more."""
    root = lxml.html.document_fromstring(html)
    found = [element.text_content() for element in root.iter("h1")]
    found += [
        element.get("content") or ""
        for element in root.iter("meta")
        if element.get("property") in ("og:title", "twitter:title")
        or element.get("name") in ("og:title", "twitter:title")
    ]
    title = root.find(".//title")
    if title is not None:
        found.append(title.text_content())
        found.append(max(_SEPARATOR.split(title.text_content()), key=len))
    headings = [" ".join(text.split()) for text in found]
    return list(dict.fromkeys(h for h in headings if len(_TOKEN.findall(h)) >= 4))


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def title_agreement(headline: str, headings: list[str]) -> float:
    """The best token-set F1 of ``headline`` with one of the real ``headings``."""
    mine = set(_tokens(headline))
    best = 0.0
    for heading in headings:
        theirs = set(_tokens(heading))
        common = len(mine & theirs)
        if common:
            best = max(best, 2 * common / (len(mine) + len(theirs)))
    return best


def is_body_run(headline: str, body: str) -> bool:
    """The headline is words of the marked article, in its order (a derived title drops a
    time phrase or an attribution: 90 % of its word pairs are pairs of the body)."""
    tokens = _tokens(headline)
    if len(tokens) < 2:
        return False
    text = _tokens(body)
    pairs = set(pairwise(text))
    found = sum(pair in pairs for pair in pairwise(tokens))
    return found / (len(tokens) - 1) >= _LEAD_SHARE


@dataclass(frozen=True)
class Verdict:
    key: str
    flattener: str
    text: str
    """``whole`` or ``opening``."""
    headline: str
    derived: bool
    kind: str
    """``title``, ``lead``, ``wrong`` or ``no-art``."""
    faults: tuple[str, ...]
    real: str


def holds_article(text: str, body: str) -> bool:
    """``text`` holds some of the marked article ``body`` (10 of its 4-word shingles): an
    opening cut before it holds only the page's furniture, perhaps its title."""
    return sum((shingles(body) & shingles(text)).values()) >= _ARTICLE_SHINGLES


def judge(key: str, flattener: str, text: str, flat: str, html: str, body: str) -> Verdict:
    headings = real_headings(html)
    try:
        article = normalise(Document(path=f"extraction/{key[:12]}.txt", text=flat))
        headline, derived, faults = article.title, article.title_derived, faults_of(article)
    except SourceError:
        headline, derived, faults = "", True, ["empty"]
    if not holds_article(flat, body):
        kind = "no-art"
    elif title_agreement(headline, headings) >= _TITLE_AGREEMENT:
        kind = "title"
    elif is_body_run(headline, body):
        kind = "lead"
    else:
        kind = "wrong"
    return Verdict(
        key=key,
        flattener=flattener,
        text=text,
        headline=headline,
        derived=derived,
        kind=kind,
        faults=tuple(faults),
        real=headings[0] if headings else "",
    )


def page_text(html: str, flattener: str, variant: str) -> str:
    """The page flattened as a scraper saves it: ``titled`` (its ``<title>`` on top),
    ``untitled`` (no head) or ``opening`` (untitled, cut to :data:`OPENING_BYTES`)."""
    flat = FLATTENERS[flattener](html if variant == "titled" else untitled(html))
    return opening(flat) if variant == "opening" else flat


def page_articles(
    flattener: str = "lxml", variant: str = "untitled"
) -> Iterator[tuple[str, Article]]:
    """Every extraction page read as a raw ``.txt`` article (see :func:`page_text`)."""
    for key in gold_bodies():
        text = page_text(load_page(key), flattener, variant)
        try:
            yield key, normalise(Document(path=f"extraction/{key[:12]}.txt", text=text))
        except SourceError:
            continue


def judge_page(job: tuple[str, str, tuple[str, ...]]) -> list[Verdict]:
    key, body, flatteners = job
    html = load_page(key)
    verdicts = []
    for name in flatteners:
        for text, variant in (("whole", "untitled"), ("opening", "opening")):
            verdicts.append(judge(key, name, text, page_text(html, name, variant), html, body))
    return verdicts


def page_verdicts(flatteners: tuple[str, ...], workers: int = 2) -> list[Verdict]:
    bodies = gold_bodies()
    jobs = [(key, body, flatteners) for key, body in bodies.items()]
    with ProcessPoolExecutor(max_workers=max(1, min(workers, 2))) as pool:
        return [v for page in pool.map(judge_page, jobs, chunksize=4) for v in page]


def report(verdicts: list[Verdict], show: str | None) -> None:
    rows: Counter[tuple[str, str, str, str]] = Counter()
    for verdict in verdicts:
        for half in (half_of(verdict.key), "all"):
            rows[(verdict.flattener, verdict.text, half, verdict.kind)] += 1
            rows[(verdict.flattener, verdict.text, half, "pages")] += 1
            rows[(verdict.flattener, verdict.text, half, "flagged")] += bool(verdict.faults)
            rows[(verdict.flattener, verdict.text, half, "untitled")] += (
                PLACEHOLDER in verdict.faults
            )
    print(f"{'flattener':11} {'text':8} {'half':4} {'pages':>5} {'title':>6} {'lead':>6} "
          f"{'wrong':>6} {'no-art':>6} {'flagged':>7} {'untitled':>8}")  # fmt: skip
    for flattener, text, half in sorted({row[:3] for row in rows}):
        pages = rows[(flattener, text, half, "pages")]
        missing = rows[(flattener, text, half, "no-art")]
        shares = [rows[(flattener, text, half, kind)] for kind in ("title", "lead", "wrong")]
        flagged = rows[(flattener, text, half, "flagged")]
        print(
            f"{flattener:11} {text:8} {half:4} {pages - missing:5} "
            + " ".join(f"{count / ((pages - missing) or 1):6.1%}" for count in shares)
            + f" {missing:6} {flagged:7} {rows[(flattener, text, half, 'untitled')]:8}"
        )
    if show:
        print()
        for verdict in sorted(verdicts, key=lambda v: (v.key, v.flattener, v.text)):
            if show == "all" or verdict.kind in ("wrong", "no-art"):
                print(
                    f"{verdict.key[:10]} {half_of(verdict.key)} {verdict.flattener:10} "
                    f"{verdict.text:7} {verdict.kind:5} {','.join(verdict.faults) or '-':10} "
                    f"{'*' if verdict.derived else ' '} {verdict.headline[:90]!r}"
                    f"  real: {verdict.real[:70]!r}"
                )


# --- the shared feeds -------------------------------------------------------------------


def feed_documents(shared: Path) -> Iterator[tuple[str, Document]]:
    """Every item of every feed file under ``feeds/``, as ``digest fetch`` would store it."""
    for path in sorted((shared / "feeds").rglob("*")):
        if not path.is_file() or path.suffix.lower() not in FEED_SUFFIXES:
            continue
        try:
            feed = parse_feed(path.read_bytes(), path.resolve().as_uri())
        except SourceError:
            continue
        outlet = feed.title or None
        relative = path.relative_to(shared).as_posix()
        for index, item in enumerate(feed.items):
            if not item.text.strip() and not item.title:
                continue
            yield (
                f"{relative}#{index}",
                Document(
                    path=f"{relative}-{index}.md",
                    text=item.text or item.title or "",
                    title=item.title,
                    url=item.url,
                    outlet=outlet,
                    published=item.published,
                ),
            )


def feed_articles(shared: Path) -> Iterator[tuple[str, Article]]:
    for where, document in feed_documents(shared):
        try:
            yield where, normalise(document)
        except SourceError:
            continue


def faults_of(article: Article) -> list[str]:
    """The kinds of non-headline the article's title is; :data:`PLACEHOLDER` for the
    placeholder of a text that makes no headline."""
    host = urlsplit(article.url).hostname if article.url else None
    faults = headline_faults(article.title, article.outlet, host)
    return [*faults, PLACEHOLDER] if article.title_placeholder else faults


PLACEHOLDER = "untitled"


def feed_report(shared: Path, show: str | None) -> None:
    """Each incident of the shared feeds' items: whether its headline is page furniture."""
    from digest.briefs.headline import choose_headline, is_placeholder
    from digest.config import ClusterSettings
    from digest.incidents import build_incidents

    articles = tuple(article for _, article in feed_articles(shared))
    incidents = build_incidents(articles, ClusterSettings())
    counts: Counter[str] = Counter()
    for incident in incidents:
        headline = choose_headline(incident.articles)
        # A feed's own title may be short ("Mapping the proteome"): only furniture is wrong.
        # The placeholder of an item whose text makes no headline is counted apart.
        faults = sorted(set(headline_faults(headline)) & FURNITURE)
        counts["incidents"] += 1
        counts["untitled"] += is_placeholder(headline, incident.articles)
        counts["furniture"] += bool(faults)
        counts.update(faults)
        if show == "all" or (show and faults):
            print(f"{len(incident.articles):3} {','.join(faults) or '-':12} {headline[:100]!r}")
    print(f"feed items {len(articles)}; " + ", ".join(f"{k} {v}" for k, v in counts.items()))


# --- dates from the text ----------------------------------------------------------------


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|-|\b)")


def url_date(url: str) -> date | None:
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def metadata_date(html: str) -> date | None:
    from htmldate import find_date

    found = find_date(html, original_date=True, extensive_search=False)
    return date.fromisoformat(found) if found else None


def date_report() -> None:
    """Dates from the flattened text (lxml) against two golds: the page's metadata date
    (htmldate, as trafilatura reads it, metadata only) and the date in its URL."""
    import json

    truth = json.loads((EXTRACTION / "ground-truth.json").read_text(encoding="utf-8"))
    pages = found = 0
    agree: Counter[str] = Counter()
    compared: Counter[str] = Counter()
    seconds = 0.0
    for key in sorted(truth):
        html = load_page(key)
        text = FLATTENERS["lxml"](html)
        pages += 1
        started = time.perf_counter()
        stated = page_date(text)
        seconds += time.perf_counter() - started
        found += stated is not None
        golds = {"metadata": metadata_date(html), "url": url_date(truth[key]["url"])}
        golds["either"] = golds["url"] or golds["metadata"]
        for name, gold in golds.items():
            if stated is not None and gold is not None:
                compared[name] += 1
                agree[name] += stated.date() == gold
                if name == "either" and stated.date() != gold:
                    print(f"{key[:12]} text {stated.date()} gold {gold}")
        compared["gold any"] += golds["either"] is not None
    print(f"pages {pages}; a date found in the text of {found} ({found / pages:.0%})")
    print(f"pages with a gold date (URL or metadata): {compared['gold any']}")
    for name in ("metadata", "url", "either"):
        share = agree[name] / (compared[name] or 1)
        print(f"agree with {name:8} gold: {agree[name]}/{compared[name]} ({share:.1%})")
    print(f"time {seconds / pages * 1000:.2f} ms/page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flattener", action="append", choices=sorted(FLATTENERS))
    parser.add_argument("--show", choices=("wrong", "all"), help="list headlines")
    parser.add_argument("--feeds", action="store_true", help="the shared feeds' incidents")
    parser.add_argument("--dates", action="store_true", help="measure dates from the text")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    args = parser.parse_args()
    if not EXTRACTION.is_dir():
        sys.exit(f"{EXTRACTION} is absent: the extraction set lives beside the repository")
    if args.dates:
        date_report()
    elif args.feeds:
        feed_report(EXTRACTION.parent, args.show)
    else:
        started = time.perf_counter()
        verdicts = page_verdicts(tuple(args.flattener or FLATTENERS), args.workers)
        report(verdicts, args.show)
        print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
