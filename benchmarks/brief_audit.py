"""How much of a raw page's brief is the article, and how much the page around it.

    python benchmarks/brief_audit.py [-v] [--flattener NAME] [--worst N] [--feeds]

Each page of ``../shared/extraction/html`` is flattened to its visible text by each
flattener of ``extraction_eval.py`` (lxml, html-text, inscriptis), without its ``<title>``,
whole and cut to its OPENING (the first 2,000 bytes), exactly as ``headline_audit.py``
does, read as a ``.txt`` article and briefed the normal way (normalise, then
``brief_of_articles``). Each thing the brief shows is checked against the article body a
person marked on the page:

- ``summary``: each summary sentence;
- ``facts``:   the sentence each key figure is taken from;
- ``quotes``:  each quote the page shows;
- ``speaker``: the speaker of each of those quotes;
- ``where``:   each place of the where line.

A sentence or quote is the article's when at least half of its word pairs are word pairs
of the body (a scraper's flattening may join or split words around links, so a sentence
need not be found verbatim); a speaker or a place when all its words are words of the
body. Anything else is the page's furniture leaking into the brief: its share of all the
items of that part is printed per flattener, text and half. ``no-art`` counts the texts
(openings cut before the article) that hold none of the article: whatever their brief
shows is furniture, counted in the ``shown`` column and not in the shares. ``refused``
counts the texts digest declined as no article.

Pages split into halves ``A`` and ``B`` by a hash of their key, as ``headline_audit.py``
does (rules were developed on A; B is checked). ``-v`` lists the leaking items.
``--feeds`` briefs the shared feeds' items (no gold there) and prints every summary
sentence, to compare two versions of digest with ``diff``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import pairwise

from extraction_eval import EXTRACTION, FLATTENERS, gold_bodies, load_page
from headline_audit import feed_articles, half_of, holds_article, page_text

from digest.briefs import brief_of_articles
from digest.briefs.furniture import story_sentences
from digest.errors import SourceError
from digest.model import Article, Brief, Document, Place
from digest.normalise import normalise
from digest.text.places import resolve_place
from digest.text.stop_words import ENGLISH_STOP_WORDS

PARTS = ("summary", "facts", "quotes", "speaker", "where")
_TOKEN = re.compile(r"[^\W_]+")
_NAME = re.compile(r"[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*)*")
_PAIR_SHARE = 0.5
"""Share of an item's word pairs found in the body that makes it the article's."""


def _letters(name: str) -> str:
    """``name`` casefolded without accents ("Zürich" and "Zurich" agree)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True)
class Body:
    """The marked article as the checks need it: its words and its word pairs."""

    words: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    places: frozenset[Place]
    """The gazetteer entries of the body's capitalised names ("St. Petersburg" is the
    where line's "Saint Petersburg")."""

    @classmethod
    def of(cls, text: str) -> Body:
        found = tokens(text)
        # Every run of one to three capitalised words ("In New York" names "New York").
        names = {
            " ".join(run[start:end])
            for match in _NAME.finditer(text)
            for run in [match.group().split()]
            for start in range(len(run))
            for end in range(start + 1, len(run) + 1)
        }
        # Another spelling of the place's name ("St. Petersburg", "Kiev"), not any word the
        # gazetteer lists among its other names ("For", "Add", "LED", "White House").
        places = {
            place
            for name in names
            if len(name) >= 4
            and name.casefold() not in ENGLISH_STOP_WORDS
            and (place := resolve_place(name)) is not None
            and _letters(place.name)[:2] == _letters(name)[:2]
        }
        return cls(
            words=frozenset(found), pairs=frozenset(pairwise(found)), places=frozenset(places)
        )

    def holds_run(self, text: str) -> bool:
        """At least half of the word pairs of ``text`` are the body's (one word: the word)."""
        found = tokens(text)
        if len(found) < 2:
            return all(word in self.words for word in found)
        pairs = list(pairwise(found))
        return sum(pair in self.pairs for pair in pairs) >= _PAIR_SHARE * len(pairs)

    def holds_name(self, text: str) -> bool:
        """Every word of a name (a speaker, a place) is a word of the body."""
        return all(word in self.words for word in tokens(text))

    def holds_place(self, name: str) -> bool:
        """The where line's place is named in the body, in a spelling the gazetteer knows."""
        return self.holds_name(name) or resolve_place(name) in self.places


def brief_items(brief: Brief) -> Iterator[tuple[str, str]]:
    """``(part, text)`` of everything the incident page shows of ``brief`` but its
    headline (which ``headline_audit.py`` judges) and its sources list."""
    for sentence in brief.summary:
        yield "summary", sentence.text
    for group in brief.figures:
        for report in group.reports:
            yield "facts", report.figure.sentence
    for quote in brief.quotes:
        yield "quotes", quote.text
        yield "speaker", quote.speaker or ""
    for place in brief.places:
        yield "where", place


@dataclass(frozen=True)
class Verdict:
    key: str
    flattener: str
    text: str
    """``whole`` or ``opening``."""
    article: bool
    """The text holds some of the marked article."""
    refused: bool
    items: tuple[tuple[str, str, bool], ...]
    """``(part, text, leaks)`` of each item the brief shows."""
    body_sentences: int = 0
    """Sentences of the text that are the marked article's (see :meth:`Body.holds_run`)."""
    lost: tuple[str, ...] = ()
    """Those of them the brief's filter takes for furniture or unfinished."""


def article_of_text(key: str, flat: str) -> Article | None:
    """digest's article of one raw page text read as a ``.txt`` file; None if refused."""
    try:
        return normalise(Document(path=f"extraction/{key[:12]}.txt", text=flat))
    except SourceError:
        return None


def lost_sentences(article: Article, body: Body) -> tuple[int, tuple[str, ...]]:
    """How many sentences of ``article`` are the marked body's, and those of them that
    :func:`story_sentences` excludes: what the filter takes from the story."""
    kept = {sentence.start for sentence in story_sentences(article)}
    found = [
        sentence
        for sentence in article.sentences
        if len(tokens(sentence.text)) >= _LOST_MIN_WORDS and body.holds_run(sentence.text)
    ]
    return len(found), tuple(s.text for s in found if s.start not in kept)


_LOST_MIN_WORDS = 4
"""Shorter runs of the body ("Share", "Advertisement") are more often the page's."""


def judge(key: str, flattener: str, text: str, flat: str, gold: str) -> Verdict:
    body = Body.of(gold)
    article = article_of_text(key, flat)
    brief = brief_of_articles((article,)) if article else None
    counted, lost = lost_sentences(article, body) if article else (0, ())
    items = []
    for part, shown in brief_items(brief) if brief else ():
        if part == "where":
            inside = body.holds_place(shown)
        else:
            inside = body.holds_name(shown) if part == "speaker" else body.holds_run(shown)
        items.append((part, shown, not inside))
    return Verdict(
        key=key,
        flattener=flattener,
        text=text,
        article=holds_article(flat, gold),
        refused=brief is None,
        items=tuple(items),
        body_sentences=counted,
        lost=lost,
    )


def judge_page(job: tuple[str, str, tuple[str, ...]]) -> list[Verdict]:
    key, gold, flatteners = job
    html = load_page(key)
    return [
        judge(key, name, text, page_text(html, name, variant), gold)
        for name in flatteners
        for text, variant in (("whole", "untitled"), ("opening", "opening"))
    ]


def page_verdicts(
    flatteners: tuple[str, ...], workers: int = 2, keys: tuple[str, ...] | None = None
) -> list[Verdict]:
    bodies = gold_bodies()
    jobs = [(key, body, flatteners) for key, body in bodies.items() if not keys or key in keys]
    if workers <= 1:
        return [verdict for job in jobs for verdict in judge_page(job)]
    with ProcessPoolExecutor(max_workers=min(workers, 2)) as pool:
        return [v for page in pool.map(judge_page, jobs, chunksize=4) for v in page]


def leak_shares(verdicts: list[Verdict]) -> dict[tuple[str, str, str], tuple[int, int]]:
    """``(flattener, text, half)`` → per part ``(leaking, shown)``, over texts that hold
    the article; the half ``all`` counts both halves. Key ``(..., "all")`` sums the parts."""
    counts: Counter[tuple[str, str, str, str, str]] = Counter()
    for verdict in verdicts:
        if not verdict.article:
            continue
        for half in (half_of(verdict.key), "all"):
            row = (verdict.flattener, verdict.text, half)
            for part, _, leaks in verdict.items:
                for name in (part, "all"):
                    counts[(*row, name, "shown")] += 1
                    counts[(*row, name, "leaks")] += leaks
    shares: dict[tuple[str, str, str], tuple[int, int]] = {}
    for *row, name, kind in counts:
        if kind == "shown":
            shares[(*row, name)] = (counts[(*row, name, "leaks")], counts[(*row, name, "shown")])  # type: ignore[index]
    return shares


def report(verdicts: list[Verdict], verbose: bool, worst: int) -> None:
    shares = leak_shares(verdicts)
    pages: Counter[tuple[str, str, str, str]] = Counter()
    for verdict in verdicts:
        for half in (half_of(verdict.key), "all"):
            row = (verdict.flattener, verdict.text, half)
            pages[(*row, "pages")] += 1
            pages[(*row, "refused")] += verdict.refused and verdict.article
            pages[(*row, "no-art")] += not verdict.article
            pages[(*row, "shown")] += 0 if verdict.article else len(verdict.items)
            pages[(*row, "leaky")] += verdict.article and any(leak for *_, leak in verdict.items)
            pages[(*row, "body")] += verdict.body_sentences
            pages[(*row, "lost")] += len(verdict.lost)
    print("leaking items / items shown, on texts that hold their article; lost: the text's"
          " sentences of the article that are no story sentences / all of them")  # fmt: skip
    header = "".join(f" {part:<15}" for part in (*PARTS, "all"))
    print(f"{'flattener':11} {'text':8} {'half':4} {'pages':>5} {'refused':>7}{header}"
          f" {'leaky':>5} {'no-art':>6} {'shown':>5} {'lost':<16}")  # fmt: skip
    for row in sorted({key[:3] for key in pages}):
        cells = []
        for part in (*PARTS, "all"):
            leaks, shown = shares.get((*row, part), (0, 0))
            cells.append(f" {leaks / (shown or 1):5.1%} {leaks:>3}/{shown:<4}")
        print(
            f"{row[0]:11} {row[1]:8} {row[2]:4} {pages[(*row, 'pages')]:5}"
            f" {pages[(*row, 'refused')]:7}"
            + "".join(cells)
            + f" {pages[(*row, 'leaky')]:5} {pages[(*row, 'no-art')]:6}"
            f" {pages[(*row, 'shown')]:5}"
            f" {pages[(*row, 'lost')] / (pages[(*row, 'body')] or 1):5.1%}"
            f" {pages[(*row, 'lost')]:>4}/{pages[(*row, 'body')]:<5}"
        )
    if verbose:
        # Each leaking item once, with the texts (flattener and whole or opening) it leaks
        # from: the most widespread first.
        found: dict[tuple[str, str, str], list[str]] = {}
        for verdict in verdicts:
            for part, shown, leaks in verdict.items:
                if leaks and verdict.article:
                    found.setdefault((verdict.key, part, shown), []).append(
                        f"{verdict.flattener[:4]}/{verdict.text[0]}"
                    )
        ranked = sorted(found.items(), key=lambda item: (-len(item[1]), item[0]))
        print(f"\nleaking items, the most widespread first (at most {worst}):")
        for (key, part, shown), texts in ranked[:worst]:
            print(f"{key[:10]} {half_of(key)} {part:8} {','.join(texts):36} {shown[:150]!r}")
        lost: dict[tuple[str, str], list[str]] = {}
        for verdict in verdicts:
            if verdict.text == "whole":
                for sentence in verdict.lost:
                    lost.setdefault((verdict.key, sentence), []).append(verdict.flattener[:4])
        print(f"\nlost sentences of the article, whole texts (at most {worst}):")
        for (key, sentence), names in sorted(lost.items())[:worst]:
            print(f"{key[:10]} {half_of(key)} {','.join(names):15} {sentence[:150]!r}")


def feed_report() -> None:
    """Every feed item's brief, one line per item shown: for ``diff`` between versions."""
    for where, article in feed_articles(EXTRACTION.parent):
        brief = brief_of_articles((article,))
        for part, shown in brief_items(brief):
            print(f"{where}\t{part}\t{shown}")


EVAL_SETS = ("basil-dev", "allsides", "ecbplus")
"""Edited news articles (no page around them) of ``../shared/eval``."""


def eval_report(verbose: bool, worst: int) -> None:
    """What the brief's filter takes from edited articles, which hold no page furniture:
    the share of their sentences it calls furniture or unfinished (a summary's length)."""
    import json

    counts: Counter[str] = Counter()
    dropped: list[str] = []
    for name in EVAL_SETS:
        path = EXTRACTION.parent / "eval" / f"{name}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            try:
                article = normalise(
                    Document(
                        path=f"{name}/{record['id']}.md",
                        text=record["text"],
                        title=record.get("title"),
                    )
                )
            except SourceError:
                continue
            kept = {sentence.start for sentence in story_sentences(article)}
            for sentence in article.sentences:
                if not 6 <= len(sentence.text.split()) <= 70:
                    continue
                counts["sentences"] += 1
                if sentence.start not in kept:
                    counts["dropped"] += 1
                    dropped.append(sentence.text)
    share = counts["dropped"] / (counts["sentences"] or 1)
    print(f"{counts['sentences']} sentences of {', '.join(EVAL_SETS)}: {counts['dropped']} "
          f"({share:.2%}) not story sentences")  # fmt: skip
    if verbose:
        for text in dropped[:worst]:
            print(f"  {text[:150]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list leaking items")
    parser.add_argument("--worst", type=int, default=60, help="how many to list with -v")
    parser.add_argument("--flattener", action="append", choices=sorted(FLATTENERS))
    parser.add_argument("--feeds", action="store_true", help="print the feed items' briefs")
    parser.add_argument("--eval", action="store_true", help="what is dropped of edited news")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    args = parser.parse_args()
    if not EXTRACTION.is_dir():
        sys.exit(f"{EXTRACTION} is absent: the extraction set lives beside the repository")
    if args.feeds:
        feed_report()
        return
    if args.eval:
        eval_report(args.verbose, args.worst)
        return
    started = time.perf_counter()
    verdicts = page_verdicts(tuple(args.flattener or FLATTENERS), args.workers)
    report(verdicts, args.verbose, args.worst)
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
