"""Quote evaluation (``digest eval-quotes``): found quotes scored against hand-labelled ones.

The gold file has the format of ``../shared/seeds/quotes.json``; each file it names is read
like an article of a project (front matter, sidecar, HTML all work), normalised, and its
quotes are scored with :func:`score_quotes`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.model import Article, Quote
from digest.normalise import normalise
from digest.sources.files import read_article_file
from digest.text.quotes import explain_quotes

_MAX_BYTES = 5_000_000

_VARIANTS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'"})
_TRAILING = re.compile(r"^[\s,.;:!?…'\"—–-]*$")


@dataclass(frozen=True)
class QuoteScore:
    """How well the quotes found in one article match its gold quotes.

    Ratios with a zero denominator are 1.0: nothing was there to get wrong.
    """

    gold_full: int
    gold_partial: int
    gold_scare: int
    found_full_matched: int
    """Gold full quotes that a found quote matches."""
    found_partial_matched: int
    """Gold partial quotes that a found quote matches."""
    found_non_scare: int
    found_non_scare_matched: int
    speakers_correct: int
    scare_misattributed: int
    """Gold scare quotes found with a speaker: attributing a scare quote is wrong."""
    precision: float
    """Found full/partial quotes that match a gold quote, over found full/partial quotes."""
    recall: float
    """Gold full/partial quotes matched, over gold full/partial quotes."""
    speaker_accuracy: float
    """Matched gold full/partial quotes found with an acceptable speaker, over those matched."""
    missed: tuple[str, ...] = ()
    """Gold full or partial quotes nothing matched."""
    wrong_speakers: tuple[tuple[str, str | None], ...] = ()
    """``(gold quote, found speaker)`` for matched quotes whose speaker is not acceptable."""
    why_wrong: tuple[str, ...] = ()
    """For each of ``wrong_speakers`` (and then each scare quote given a speaker): the
    speaker expected and the ``notes`` of the found quote (its sentence, cue, subject, rule)."""


def score_quotes(
    gold: Sequence[Mapping], found: Sequence[Quote], notes: Sequence[str] = ()
) -> QuoteScore:
    """Match ``found`` against ``gold`` (items with "quote", "kind", "speaker", "accept").

    Each gold quote and each found quote is matched at most once, in text order. ``notes``,
    one per found quote, explain wrong speakers in :attr:`QuoteScore.why_wrong`.
    """
    free = list(range(len(found)))
    counts = {"full": 0, "partial": 0, "scare": 0}
    matched = {"full": 0, "partial": 0, "scare": 0}
    correct = misattributed = 0
    missed: list[str] = []
    wrong: list[tuple[str, str | None]] = []
    why: list[str] = []
    scare_why: list[str] = []
    for item in gold:
        kind = item.get("kind") if item.get("kind") in counts else "full"
        counts[kind] += 1
        hit = next((i for i in free if _same_text(item["quote"], found[i].text)), None)
        if hit is None:
            if kind != "scare":
                missed.append(item["quote"])
            continue
        free.remove(hit)
        matched[kind] += 1
        speaker = found[hit].speaker
        note = notes[hit] if hit < len(notes) else ""
        if kind == "scare":
            misattributed += speaker is not None
            if speaker is not None:
                scare_why.append(f"scare quote “{item['quote']}” given “{speaker}”: {note}")
        elif any(
            _same_speaker(name, speaker) for name in (item.get("speaker"), *item.get("accept", ()))
        ):
            correct += 1
        else:
            wrong.append((item["quote"], speaker))
            why.append(f"expected “{item.get('speaker')}”: {note}")
    used = set(range(len(found))) - set(free)
    non_scare = [i for i, quote in enumerate(found) if quote.kind != "scare"]
    hits = matched["full"] + matched["partial"]
    return QuoteScore(
        gold_full=counts["full"],
        gold_partial=counts["partial"],
        gold_scare=counts["scare"],
        found_full_matched=matched["full"],
        found_partial_matched=matched["partial"],
        found_non_scare=len(non_scare),
        found_non_scare_matched=sum(i in used for i in non_scare),
        speakers_correct=correct,
        scare_misattributed=misattributed,
        precision=_ratio(sum(i in used for i in non_scare), len(non_scare)),
        recall=_ratio(hits, counts["full"] + counts["partial"]),
        speaker_accuracy=_ratio(correct, hits),
        missed=tuple(missed),
        wrong_speakers=tuple(wrong),
        why_wrong=tuple(why + scare_why),
    )


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _normal(text: str) -> str:
    return " ".join(text.translate(_VARIANTS).split()).casefold().strip()


def _same_text(gold: str, found: str) -> bool:
    a, b = _normal(gold), _normal(found)
    if not a or not b:
        return a == b
    # "in strongest terms" and "in strongest terms," are one quote.
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and bool(_TRAILING.match(long[len(short) :]))


def _same_speaker(gold: str | None, found: str | None) -> bool:
    if gold is None or found is None:
        return gold is None and found is None
    return _speaker_key(gold) == _speaker_key(found)


def _speaker_key(name: str) -> str:
    key = _normal(name)
    return key.removeprefix("the ")


def combine(scores: Sequence[QuoteScore]) -> QuoteScore:
    """One score over many articles: counts summed, ratios recomputed from the sums."""
    gold_full = sum(s.gold_full for s in scores)
    gold_partial = sum(s.gold_partial for s in scores)
    full = sum(s.found_full_matched for s in scores)
    partial = sum(s.found_partial_matched for s in scores)
    found = sum(s.found_non_scare for s in scores)
    found_matched = sum(s.found_non_scare_matched for s in scores)
    correct = sum(s.speakers_correct for s in scores)
    return QuoteScore(
        gold_full=gold_full,
        gold_partial=gold_partial,
        gold_scare=sum(s.gold_scare for s in scores),
        found_full_matched=full,
        found_partial_matched=partial,
        found_non_scare=found,
        found_non_scare_matched=found_matched,
        speakers_correct=correct,
        scare_misattributed=sum(s.scare_misattributed for s in scores),
        precision=_ratio(found_matched, found),
        recall=_ratio(full + partial, gold_full + gold_partial),
        speaker_accuracy=_ratio(correct, full + partial),
        missed=tuple(q for s in scores for q in s.missed),
        wrong_speakers=tuple(w for s in scores for w in s.wrong_speakers),
        why_wrong=tuple(w for s in scores for w in s.why_wrong),
    )


@dataclass(frozen=True)
class QuoteReport:
    files: tuple[tuple[str, QuoteScore], ...]
    total: QuoteScore


def evaluate_files(gold_file: Path, folder: Path) -> QuoteReport:
    """Score every file the gold file names; raises ValueError on a malformed gold file."""
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    items = gold.get("quotes") if isinstance(gold, dict) else gold
    if not isinstance(items, list):
        raise ValueError(f"{gold_file}: expected {{'quotes': [...]}}")
    by_file: dict[str, list[dict]] = {}
    for item in items:
        if not isinstance(item, dict) or "file" not in item or "quote" not in item:
            raise ValueError(f"{gold_file}: every quote needs 'file' and 'quote': {item!r}")
        by_file.setdefault(str(item["file"]), []).append(item)
    files = []
    for name in sorted(by_file):
        document = read_article_file(folder / name, name, folder, _MAX_BYTES)
        article = normalise(document)
        explained = explain_quotes(article.text, article.sentences)
        found = tuple(quote for quote, _ in explained)
        notes = [_note(article, quote, why) for quote, why in explained]
        files.append((name, score_quotes(by_file[name], found, notes)))
    return QuoteReport(files=tuple(files), total=combine([score for _, score in files]))


def _note(article: Article, quote: Quote, why: str) -> str:
    sentence = article.sentences[quote.sentence] if article.sentences else None
    said = " ".join(article.text[sentence.start : sentence.end].split()) if sentence else ""
    return f"{why}\n      in: {said[:300]}"
