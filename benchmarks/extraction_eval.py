"""How much of the article digest keeps from a real page, read as raw text and as HTML.

    python benchmarks/extraction_eval.py [-v] [--pages N] [--half {all,even,odd}]

Each page of ../shared/extraction/html is flattened to its visible text, one block a line,
by several flatteners (lxml ``text_content`` by block, ``html-text``, ``inscriptis``), as a
scraper would save it, and read the way digest reads a ``.txt`` article: the normalise
stage, keeping what ends up in ``Article.text`` and the headline it took from the text.
Scored against the gold article body with the benchmark's shingle metric (see the set's
README). Also printed: the ``.html`` path (trafilatura, as digest reads ``.html`` files)
and "keep everything" (the flattened text whole, no cleaning). ``-v`` lists the worst
pages per flattener. ``--half even|odd`` scores one half of the pages (split by the parity
of the first byte of the SHA-1 of the key; the cleaning was developed on "even"), so what
was tuned on one half is reported on the other.

Needs the ``test`` extra (html-text, inscriptis). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from digest.errors import SourceError
from digest.evaluation.pages import flatten_lxml, one_block_a_line
from digest.model import Document
from digest.normalise import normalise
from digest.sources.files import extract_html

EXTRACTION = Path(__file__).resolve().parents[2] / "shared" / "extraction"
_TOKEN = re.compile(r"\w+")
_SHINGLE = 4


@dataclass(frozen=True)
class Score:
    """One page's shingle counts: true positives, false positives, false negatives."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of 4-token shingles of ``text`` (tokens are ``\\w+`` runs, lowercased)."""
    tokens = _TOKEN.findall(text.lower())
    if len(tokens) < _SHINGLE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1))


def score(gold: str, predicted: str) -> Score:
    g, p = shingles(gold), shingles(predicted)
    tp = sum((g & p).values())
    return Score(tp=tp, fp=sum((p - g).values()), fn=sum((g - p).values()))


def summary(scores: Iterable[Score]) -> tuple[float, float, float]:
    """Precision and recall are means over pages; F1 is the harmonic mean of the two means."""
    listed = list(scores)
    if not listed:
        return 0.0, 0.0, 0.0
    precision = sum(s.precision for s in listed) / len(listed)
    recall = sum(s.recall for s in listed) / len(listed)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --- flatteners: a page's visible text, one block a line -------------------------------


def flatten_html_text(html: str) -> str:
    import html_text

    return one_block_a_line(html_text.extract_text(html, guess_layout=True))


def flatten_inscriptis(html: str) -> str:
    from inscriptis import get_text

    return one_block_a_line(get_text(html))


FLATTENERS: dict[str, Callable[[str], str]] = {
    "lxml": flatten_lxml,
    "html-text": flatten_html_text,
    "inscriptis": flatten_inscriptis,
}


# --- digest's two reading paths ------------------------------------------------------


def read_as_text(flat: str) -> str:
    """What digest keeps of a ``.txt`` article: its text, and the headline it found on top."""
    try:
        article = normalise(Document(path="page.txt", text=flat))
    except SourceError:
        return ""
    heading = "" if article.title_derived else article.title + "\n"
    return heading + article.text


def read_as_html(html: str) -> str:
    """What digest keeps of an ``.html`` article (the title comes from the page's metadata)."""
    try:
        metadata, body = extract_html(html)
        article = normalise(Document(path="page.html", text=body, title=metadata.get("title")))
    except SourceError:
        return ""
    return article.text


def load_page(key: str) -> str:
    """The page's HTML, decoded as digest decodes an ``.html`` file."""
    from w3lib.encoding import html_to_unicode

    data = gzip.decompress((EXTRACTION / "html" / f"{key}.html.gz").read_bytes())
    return html_to_unicode(None, data)[1]


def gold_bodies() -> dict[str, str]:
    truth = json.loads((EXTRACTION / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: entry["articleBody"] for key, entry in sorted(truth.items())}


def score_page(
    job: tuple[str, str, tuple[str, ...], bool],
) -> tuple[str, dict[str, Score]]:
    """Scores of one page for each flattener (cleaned, and kept whole) and the .html path."""
    key, gold, flatteners, with_html = job
    html = load_page(key)
    scores: dict[str, Score] = {}
    for name in flatteners:
        flat = FLATTENERS[name](html)
        scores[name] = score(gold, read_as_text(flat))
        scores[f"{name} (keep all)"] = score(gold, flat)
    if with_html:
        scores[".html (trafilatura)"] = score(gold, read_as_html(html))
    return key, scores


def half_of(key: str) -> str:
    """``"even"`` or ``"odd"``: a split of the pages that does not follow their order."""
    return "odd" if hashlib.sha1(key.encode()).digest()[0] % 2 else "even"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list the worst pages")
    parser.add_argument("--pages", type=int, help="score only the first N pages (by key)")
    parser.add_argument(
        "--half",
        choices=("all", "even", "odd"),
        default="all",
        help="score every page, or one half (by the parity of a hash of the key)",
    )
    parser.add_argument(
        "--flattener", action="append", choices=sorted(FLATTENERS), help="default: all"
    )
    parser.add_argument("--no-html", action="store_true", help="skip the .html path")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    args = parser.parse_args()
    if not EXTRACTION.is_dir():
        sys.exit(f"{EXTRACTION} is absent: the extraction set lives beside the repository")
    bodies = gold_bodies()
    keys = list(bodies)
    if args.half != "all":
        keys = [key for key in keys if half_of(key) == args.half]
    keys = keys[: args.pages] if args.pages else keys
    flatteners = tuple(args.flattener or FLATTENERS)
    jobs = [(key, bodies[key], flatteners, not args.no_html) for key in keys]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, min(args.workers, 2))) as pool:
        results = dict(pool.map(score_page, jobs, chunksize=4))
    seconds = time.perf_counter() - started
    systems = list(next(iter(results.values())))
    print(f"{len(keys)} pages, {seconds:.1f} s\n")
    print(f"{'input':28} {'P':>6} {'R':>6} {'F1':>6}")
    for system in systems:
        precision, recall, f1 = summary(results[key][system] for key in keys)
        print(f"{system:28} {precision:6.3f} {recall:6.3f} {f1:6.3f}")
    if args.verbose:
        for name in flatteners:
            print(f"\nworst pages, {name}: F1 P R  (keep-all F1)  key")
            ranked = sorted(keys, key=lambda key: results[key][name].f1)
            for key in ranked[:15]:
                page = results[key][name]
                whole = results[key][f"{name} (keep all)"]
                print(
                    f"  {page.f1:.3f} {page.precision:.3f} {page.recall:.3f}  "
                    f"({whole.f1:.3f})  {key[:16]}"
                )


if __name__ == "__main__":
    main()
