"""The shared labelled corpora as records, and the held-out-like variant of each.

The sets in ``../shared/eval/`` are JSON Lines; the extraction benchmark's pages
(``../shared/extraction/``, with ``events.json``) are read as ``digest build`` reads a saved
``.html`` page (``extraction-html``) and as a scraper saves it: the page flattened to its
visible text, one block a line, menus and all, read as a ``.txt`` article with its raw-text
cleaning (``extraction-txt``). The *degraded* variant of a corpus looks like the excerpts
digest is judged on and nobody here sees: no titles, text cut near 2,000 bytes at a word, and
60 % of the dates removed (chosen by a hash of the id, so the same articles every run). Cut
from ``extraction-txt`` it is a *page opening*: the raw page cut before any cleaning, so the
menus at its top take their share of the 2,000 bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import pickle
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from digest.evaluation.data import LabelledArticle, load_labelled
from digest.evaluation.run import Prepared, prepare
from digest.incidents.features import Features, featurise

JSONL_SETS = ("ecbplus", "allsides", "basil-dev", "googlenews-ts")
EXTRACTION = "extraction-html"
EXTRACTION_TEXT = "extraction-txt"
CUT_BYTES = 2000
UNDATED_SHARE = 0.6


def load_corpus(shared: Path, name: str, limit: int | None = None) -> tuple[LabelledArticle, ...]:
    """One corpus by name: a JSONL set of ``shared/eval``, ``extraction-html`` or
    ``extraction-txt``. With ``limit``, a random sample of that many articles (seeded: the
    same sample each run)."""
    if name in (EXTRACTION, EXTRACTION_TEXT):
        records = _extraction_pages(shared / "extraction", raw=name == EXTRACTION_TEXT)
    else:
        records = load_labelled(shared / "eval" / f"{name}.jsonl")
    if limit is not None and len(records) > limit:
        chosen = sorted(random.Random(13).sample(range(len(records)), limit))
        records = tuple(records[index] for index in chosen)
    return records


def _extraction_pages(folder: Path, raw: bool) -> tuple[LabelledArticle, ...]:
    """The labelled pages, as ``digest build`` reads a saved ``.html`` page, or (``raw``)
    flattened as a scraper saves it: the whole visible text, no title, no outlet, no date
    but the one the page prints."""
    from digest.errors import SourceError
    from digest.evaluation.data import _date
    from digest.evaluation.pages import flatten_lxml
    from digest.sources.files import extract_html

    events = json.loads((folder / "events.json").read_text(encoding="utf-8"))["events"]
    records = []
    for key, label in sorted(events.items()):
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        page = html.decode("utf-8", errors="replace")
        if raw:
            # A raw page states its date in its text only, as a scraper's copy does.
            records.append(LabelledArticle(id=key[:16], text=flatten_lxml(page), cluster=label))
            continue
        try:
            metadata, text = extract_html(page)
        except SourceError:
            continue
        published = metadata.get("published")
        date = _date(published) if published else None
        records.append(
            LabelledArticle(
                id=key[:16],
                text=text,
                cluster=label,
                title=metadata.get("title"),
                date=date,
                source=metadata.get("outlet"),
                url=metadata.get("url"),
            )
        )
    return tuple(records)


def degraded(records: Sequence[LabelledArticle]) -> tuple[LabelledArticle, ...]:
    """The held-out-like variant: untitled, cut near 2,000 bytes, 60 % undated."""
    return tuple(
        replace(
            record,
            title=None,
            text=_cut(record.text, CUT_BYTES),
            date=None if _share(record.id) < UNDATED_SHARE else record.date,
        )
        for record in records
    )


def multi_outlet(records: Sequence[LabelledArticle]) -> tuple[LabelledArticle, ...]:
    """The mix of the held-out excerpt sets drawn from one corpus: every report of the
    events that have several, and as many lone reports as there are such events (the
    held-out sets hold 17 and 20 such events beside 12 and 11 unrelated reports), the lone
    ones chosen by a hash of their id. The extraction pages are mostly lone reports (138 of
    155 events), which hides how an event with several outlets is split."""
    sizes = Counter(record.cluster for record in records)
    several = [record for record in records if sizes[record.cluster] > 1]
    events = len({record.cluster for record in several})
    lone = sorted(
        (record for record in records if sizes[record.cluster] == 1),
        key=lambda record: _share(record.id),
    )[:events]
    return tuple(sorted((*several, *lone), key=lambda record: record.id))


def _cut(text: str, limit: int) -> str:
    """The text's first ``limit`` bytes (UTF-8), back to the last space or line break."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    head = encoded[:limit].decode("utf-8", errors="ignore")
    space = max(head.rfind(" "), head.rfind("\n"))
    return head[:space] if space > len(head) // 2 else head


def _share(key: str) -> float:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass(frozen=True)
class Variant:
    """One corpus (full or degraded), normalised once for every setting tried on it."""

    corpus: str
    degraded: bool
    records: tuple[LabelledArticle, ...]
    prepared: Prepared
    features: Features

    @property
    def label(self) -> str:
        if not self.degraded:
            return self.corpus
        return f"{self.corpus} ({'opening' if self.corpus == EXTRACTION_TEXT else 'cut'})"

    @property
    def family(self) -> str:
        """The corpus its articles come from: the extraction pages read two ways are one
        corpus, left out together (fitting on one reading and scoring the other would
        score on labels the fit has seen)."""
        return "extraction" if self.corpus in (EXTRACTION, EXTRACTION_TEXT) else self.corpus


def load_variants(
    shared: Path, names: Sequence[str], limits: dict[str, int], cache: Path | None = None
) -> list[Variant]:
    """Each named corpus, full and degraded, normalised. With ``cache``, normalised
    articles are kept there between runs, keyed by the records and the source of
    everything that normalises them."""
    variants = []
    for name in names:
        records = load_corpus(shared, name, limits.get(name))
        for cut in (False, True):
            chosen = degraded(records) if cut else records
            variants.append(_variant(name, cut, chosen, cache))
    return variants


def multi_outlet_openings(shared: Path, cache: Path | None = None) -> Variant:
    """The extraction pages' raw openings in the held-out sets' mix (:func:`multi_outlet`):
    a diagnostic of how a multi-outlet set is split, never used for fitting."""
    records = multi_outlet(load_corpus(shared, EXTRACTION_TEXT))
    return _variant(EXTRACTION_TEXT, True, degraded(records), cache)


def _variant(
    name: str, cut: bool, records: tuple[LabelledArticle, ...], cache: Path | None
) -> Variant:
    prepared = _prepared(records, cache)
    return Variant(name, cut, records, prepared, featurise(prepared.articles))


def _prepared(records: tuple[LabelledArticle, ...], cache: Path | None) -> Prepared:
    if cache is None:
        return prepare(records)
    key = hashlib.sha256(repr(records).encode("utf-8"))
    package = Path(__file__).resolve().parents[1]
    for source in sorted(package.rglob("*.py")):
        if source.parent.name not in ("incidents", "evaluation"):
            key.update(source.read_bytes())
    path = cache / f"{key.hexdigest()[:24]}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    prepared = prepare(records)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(prepared))
    return prepared
