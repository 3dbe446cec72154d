"""Sentence splitting that survives abbreviations ("U.S.", "Gen.", "Jan.") and quotations."""

from __future__ import annotations

from functools import lru_cache

import pysbd

from digest.model import Sentence


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    # pysbd's rules handle abbreviations, initials and quoted speech; building the
    # segmenter compiles its rules, so one instance is shared (it holds no per-call state).
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split cleaned text into sentences with offsets into ``text``.

    Paragraphs are the lines of ``text``; a sentence never spans two paragraphs.
    Leading and trailing whitespace is left out of each sentence's span.
    """
    sentences: list[Sentence] = []
    offset = 0
    for index, paragraph in enumerate(text.split("\n")):
        if paragraph.strip():
            cursor = 0
            # Offsets are found by searching forward rather than trusting pysbd's spans,
            # so a sentence's text is always exactly text[start:end].
            for segment in _segmenter().segment(paragraph):
                stripped = segment.sent.strip()
                found = paragraph.find(stripped, cursor) if stripped else -1
                if found < 0:
                    continue
                cursor = found + len(stripped)
                start = offset + found
                sentences.append(
                    Sentence(text=stripped, start=start, end=start + len(stripped), paragraph=index)
                )
        offset += len(paragraph) + 1
    return tuple(sentences)
