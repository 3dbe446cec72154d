"""Every headline digest gives the shared real pages and feed items, for a person to read.

    python benchmarks/headline_audit.py [--shared ../shared] [--bad] [--dates]

Each page of ``extraction/`` is flattened to raw text (one block a line, as a naive scraper
saves it) and read as a ``.txt`` article; each item of every feed under ``feeds/`` is read
as ``digest fetch`` stores it. Prints one line per article: where it came from, the faults
:mod:`digest.text.headline_checks` finds in its headline (``-`` for none) and the headline,
then a count of faults by kind. ``--bad`` prints only the faulty ones. ``--dates`` prints
instead how many extraction pages state a date in their text and how many of those agree
with the page's metadata date (trafilatura's) or the date in its URL.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from raw_pages import extraction_pages  # benchmarks/ is the script's folder: on the path

from digest.errors import SourceError
from digest.model import Article, Document
from digest.normalise import normalise
from digest.sources.feeds import parse_feed
from digest.text.dates import page_date
from digest.text.headline_checks import headline_faults

FEED_SUFFIXES = (".xml", ".rss", ".atom", ".json", ".rdf")


def page_articles(shared: Path, title: bool = True) -> Iterator[tuple[str, Article]]:
    """The extraction pages read as raw ``.txt`` articles (``title``: with the page's
    ``<title>`` as the first line, as some scrapers save it)."""
    for page in extraction_pages(shared / "extraction", title):
        document = Document(path=f"extraction/{page.key[:12]}.txt", text=page.text)
        try:
            yield page.key[:12], normalise(document)
        except SourceError:
            continue


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
    host = urlsplit(article.url).hostname if article.url else None
    return headline_faults(article.title, article.outlet, host)


def audit(shared: Path, only_bad: bool) -> Counter[str]:
    counts: Counter[str] = Counter()
    for source, articles in (
        ("page", page_articles(shared)),
        ("page-untitled", page_articles(shared, title=False)),
        ("feed", feed_articles(shared)),
    ):
        for where, article in articles:
            faults = faults_of(article)
            counts[f"{source} articles"] += 1
            counts.update(f"{source} {fault}" for fault in faults)
            counts[f"{source} bad"] += bool(faults)
            if faults or not only_bad:
                derived = "*" if article.title_derived else " "
                print(f"{where[:48]:48} {','.join(faults) or '-':18} {derived} {article.title}")
    return counts


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


def date_report(shared: Path) -> None:
    """Dates from the flattened text against two golds: the page's metadata date
    (htmldate, as trafilatura reads it, metadata only) and the date in its URL."""
    pages = found = 0
    agree: Counter[str] = Counter()
    compared: Counter[str] = Counter()
    seconds = 0.0
    for page in extraction_pages(shared / "extraction"):
        pages += 1
        started = time.perf_counter()
        stated = page_date(page.text)
        seconds += time.perf_counter() - started
        found += stated is not None
        golds = {"metadata": metadata_date(page.html), "url": url_date(page.url)}
        golds["either"] = golds["url"] or golds["metadata"]
        for name, gold in golds.items():
            if stated is not None and gold is not None:
                compared[name] += 1
                agree[name] += stated.date() == gold
                if name == "either" and stated.date() != gold:
                    print(f"{page.key[:12]} text {stated.date()} gold {gold}")
        compared["gold any"] += golds["either"] is not None
    print(f"pages {pages}; a date found in the text of {found} ({found / pages:.0%})")
    print(f"pages with a gold date (URL or metadata): {compared['gold any']}")
    for name in ("metadata", "url", "either"):
        share = agree[name] / (compared[name] or 1)
        print(f"agree with {name:8} gold: {agree[name]}/{compared[name]} ({share:.1%})")
    print(f"time {seconds / pages * 1000:.2f} ms/page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--bad", action="store_true", help="print only faulty headlines")
    parser.add_argument("--dates", action="store_true", help="measure dates from the text")
    args = parser.parse_args()
    if not (args.shared / "extraction").is_dir():
        sys.exit(f"{args.shared / 'extraction'} not found: pass --shared")
    if args.dates:
        date_report(args.shared)
        return
    counts = audit(args.shared, args.bad)
    for key, value in sorted(counts.items()):
        print(f"{key:24} {value}")


if __name__ == "__main__":
    main()
