"""Markup under a .txt name: is it found, and is text without markup left alone?

    python benchmarks/markup_input.py [--pages N] [--before]

1. Each page of ../shared/extraction/html is saved twice in a temporary folder, as
   ``NAME.html`` and as ``NAME.txt`` (the same bytes), and both are read and normalised as
   a build reads them. Printed: how each ``.txt`` copy was read, and how many give an
   Article equal to the ``.html`` copy's (title, text, date, sentences). The same for the
   inside of each page's <body> alone (no doctype, no html, head or body tag). Also the
   shingle precision, recall and F1 of each reading's Article.text against the gold article
   body (the metric of benchmarks/extraction_eval.py), and (``--before``) of the .txt copy
   read as plain text, as digest read every .txt before it looked for markup.
2. The same pages flattened to visible text, one block a line (what a scraper saves as
   ``.txt``: digest.evaluation.pages.flatten_lxml), and every article text of the
   ../shared/eval corpora and ../shared/seeds: none has markup, so every one should be
   read as it is. Printed: how many were taken for markup, by kind, with examples.

Not part of the test suite.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from extraction_eval import Score, gold_bodies, score, summary

from digest.errors import SourceError
from digest.evaluation.pages import flatten_lxml
from digest.model import Article, Document
from digest.normalise import normalise
from digest.sources.files import read_article_file
from digest.sources.markup import sniff

SHARED = Path(__file__).resolve().parents[2] / "shared"
_MAX_BYTES = 20_000_000
_BODY = re.compile(rb"<body\b[^>]*>(.*)</body\s*>", re.I | re.S)


def _article(path: Path) -> Article | str:
    try:
        return _normalised(read_article_file(path, path.name, path.parent, _MAX_BYTES))
    except SourceError as error:
        return f"error: {error}"


def _fields(article: Article | str) -> object:
    if isinstance(article, str):
        return article
    published = article.published.isoformat() if article.published else None
    return (article.title, article.text, published, [s.text for s in article.sentences])


def _body(data: bytes) -> bytes:
    """The inside of a page's <body>: what a scraper saving an element's HTML keeps (no
    doctype, no <html>, <head> or <body> tag)."""
    match = _BODY.search(data)
    return match.group(1) if match else data


def pages_as_txt(pages: list[Path], cut: Callable[[bytes], bytes], what: str, before: bool) -> None:
    gold = gold_bodies()
    kinds: Counter[str] = Counter()
    same = errors = 0
    differing: list[str] = []
    scores: dict[str, list[Score]] = {"as .html": [], "as .txt": [], "as .txt before": []}
    with tempfile.TemporaryDirectory() as folder:
        for page in pages:
            key = page.name.removesuffix(".html.gz")
            data = cut(gzip.decompress(page.read_bytes()))
            as_html, as_txt = Path(folder, key[:16] + ".html"), Path(folder, key[:16] + ".txt")
            as_html.write_bytes(data)
            as_txt.write_bytes(data)
            html_article, txt_article = _article(as_html), _article(as_txt)
            try:
                markup = read_article_file(as_txt, as_txt.name, as_txt.parent, _MAX_BYTES).markup
            except SourceError:
                markup = "error"
            kinds[str(markup)] += 1
            errors += isinstance(html_article, str)
            if _fields(html_article) == _fields(txt_article):
                same += 1
            else:
                differing.append(f"{key[:16]}: .txt read as {markup}")
            articles = {"as .html": html_article, "as .txt": txt_article}
            if before:
                # The bytes read as plain text, as digest read every .txt (slow: a minute
                # and more for some pages, whose raw HTML is taken for lines of text).
                text = data.decode("utf-8", "replace")
                articles["as .txt before"] = _normalised(Document(path=as_txt.name, text=text))
            for name, article in articles.items():
                text = "" if isinstance(article, str) else article.text
                scores[name].append(score(gold[key], text))
    print(f"{what}: {len(pages)} saved as .html and as .txt")
    print(f"   .txt read as: {dict(sorted(kinds.items()))}")
    print(f"   same Article as the .html copy: {same}/{len(pages)} ({errors} .html copies fail)")
    for line in differing[:10]:
        print(f"     differs: {line}")
    for name, listed in scores.items():
        if not listed:
            continue
        precision, recall, f1 = summary(listed)
        print(f"   shingle P/R/F1 vs gold, {name:15} {precision:.3f} {recall:.3f} {f1:.3f}")


def _normalised(document: Document) -> Article | str:
    try:
        return normalise(document)
    except SourceError as error:
        return f"error: {error}"


def texts_without_markup(pages: list[Path]) -> None:
    corpora: dict[str, list[str]] = {"flattened pages": []}
    for page in pages:
        html = gzip.decompress(page.read_bytes()).decode("utf-8", "replace")
        corpora["flattened pages"].append(flatten_lxml(html))
    for corpus in sorted((SHARED / "eval").glob("*.jsonl")):
        with corpus.open(encoding="utf-8") as lines:
            records = (json.loads(line) for line in lines if line.strip())
            corpora[corpus.name] = [r["text"] for r in records if isinstance(r.get("text"), str)]
    corpora["seeds"] = [p.read_text("utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    corpora["quotes-dev articles"] = [
        p.read_text("utf-8") for p in sorted((SHARED / "eval" / "quotes-dev").rglob("*.txt"))
    ]
    print("texts with no markup, read as they are?")
    for name, texts in corpora.items():
        found = [(kind, text) for text in texts if (kind := sniff(text)) is not None]
        kinds = Counter(kind for kind, _ in found)
        print(f"   {name}: {len(texts)} texts, taken for markup: {len(found)} {dict(kinds)}")
        for kind, text in found[:3]:
            at = max(0, min(i for i in (text.find("<"), text.find("&")) if i >= 0) - 40)
            print(f"     {kind}: …{text[at : at + 100]!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages")
    parser.add_argument(
        "--before", action="store_true", help="also score the .txt read as plain text (slow)"
    )
    args = parser.parse_args()
    html = SHARED / "extraction" / "html"
    if not html.is_dir():
        print(f"{html} not found: nothing to measure", file=sys.stderr)
        return 1
    pages = sorted(html.glob("*.html.gz"))[: args.pages or None]
    pages_as_txt(pages, lambda data: data, "whole pages", args.before)
    pages_as_txt(pages, _body, "the inside of their <body>", args.before)
    texts_without_markup(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
