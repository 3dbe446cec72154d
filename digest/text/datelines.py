"""Datelines: ``SULAIMANI (ESTA) —``, ``ERBIL, Kurdistan Region -``, ``WASHINGTON (Reuters) –``."""

from __future__ import annotations

import re

from digest.model import Dateline

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,3})"
    rf"(?:,\s*(?P<date>{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?))?"
    r"(?:,\s*(?P<region>[A-Z][\w'’.\-]*(?: [\w'’.\-]+){0,3}?))?"
    rf"(?:,\s*(?P<date2>{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?))?"
    r"\s*(?:\((?P<outlet>[^()\n]{1,40})\))?"
    r"\s*(?:[—–]|--?|:)\s+"
)


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """Split a dateline off the first paragraph: ``(dateline, rest)``.

    A dateline is an upper-case place, optionally a region, a date and the outlet in
    parentheses, then a dash. Without one, returns ``(None, paragraph)`` unchanged.
    """
    match = _DATELINE.match(paragraph)
    if not match or sum(ch.isupper() for ch in match.group("place")) < 2:
        return None, paragraph
    rest = paragraph[match.end() :]
    # What follows a dateline starts a sentence: a capital, a quotation mark, or a number
    # ("KABUL (Reuters) — 12 people ...") where an outlet, region or date shows it is one.
    qualified = any(match.group(name) for name in ("outlet", "region", "date", "date2"))
    if not rest or not (
        rest[0].isupper() or rest[0] in "“\"‘'" or (qualified and rest[0].isdigit())
    ):
        return None, paragraph
    place = match.group("place")
    # "LONDON: ..." reads like "NOTE: ..." or "UPDATE: ...", so a colon counts as a
    # dateline only with an outlet or a region beside the place.
    if ":" in match.group(0) and not (match.group("outlet") or match.group("region")):
        return None, paragraph
    return (
        Dateline(
            raw=match.group(0).strip(),
            place=_display_place(place),
            region=match.group("region"),
            outlet=(match.group("outlet") or "").strip() or None,
        ),
        rest,
    )


def _display_place(place: str) -> str:
    """``SULAIMANI`` → ``Sulaimani``, ``AL-QAIM`` → ``Al-Qaim``, ``ST. LOUIS`` → ``St. Louis``;
    initials (``U.S.``) stay."""
    return re.sub(r"[A-Z]{2,}", lambda match: match.group(0).capitalize(), place)
