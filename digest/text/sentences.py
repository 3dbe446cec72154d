"""Sentence splitting that survives abbreviations ("U.S.", "Gen.", "Jan.") and quotations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import pysbd

from digest.model import Sentence


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    # pysbd's rules handle abbreviations, initials and quoted speech; building the
    # segmenter compiles its rules, so one instance is shared (it holds no per-call state).
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


# pysbd's time grows with the square of the paragraph it is given (8,000 short sentences in
# one line take a minute), so long paragraphs are cut into pieces first, at a sentence end
# where there is one, else at a space, else anywhere. Real paragraphs are far shorter.
MAX_CHUNK_CHARS = 2_000
MAX_SENTENCES = 5_000
_SENTENCE_END = re.compile(r"[.!?][”\"’']?\s+(?=[“\"‘A-Z0-9])")


def _chunks(paragraph: str) -> Iterator[tuple[int, str]]:
    start = 0
    while len(paragraph) - start > MAX_CHUNK_CHARS:
        window = paragraph[start : start + MAX_CHUNK_CHARS]
        ends = [match.end() for match in _SENTENCE_END.finditer(window)]
        cut = ends[-1] if ends and ends[-1] > MAX_CHUNK_CHARS // 4 else window.rfind(" ") + 1
        if cut <= 0:
            cut = MAX_CHUNK_CHARS
        yield start, paragraph[start : start + cut]
        start += cut
    yield start, paragraph[start:]


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split cleaned text into sentences with offsets into ``text``.

    Paragraphs are the lines of ``text``; a sentence never spans two paragraphs.
    Leading and trailing whitespace is left out of each sentence's span.
    """
    sentences: list[Sentence] = []
    offset = 0
    for index, paragraph in enumerate(text.split("\n")):
        for chunk_start, chunk in _chunks(paragraph) if paragraph.strip() else ():
            cursor = 0
            # Offsets are found by searching forward rather than trusting pysbd's spans,
            # so a sentence's text is always exactly text[start:end].
            for segment in _segmenter().segment(chunk):
                stripped = segment.sent.strip()
                found = chunk.find(stripped, cursor) if stripped else -1
                if found < 0:
                    continue
                cursor = found + len(stripped)
                start = offset + chunk_start + found
                sentences.append(
                    Sentence(text=stripped, start=start, end=start + len(stripped), paragraph=index)
                )
                if len(sentences) >= MAX_SENTENCES:
                    return tuple(sentences)
        offset += len(paragraph) + 1
    return tuple(sentences)
