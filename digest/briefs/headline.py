"""The headline of an incident: the best existing title among its reports.

Best = most central (its words are the words the reports share), informative (a full
clause, not a two-word label) and not clickbait (no question, no "here's what we know", no
"LIVE:" tag). Derived titles (built from a lead sentence's own words) come after real ones,
and a title that is page furniture (a menu, a dateline, a notice: what
:func:`digest.text.headline_checks.headline_faults` finds) after any that is not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

from digest.model import Article
from digest.text.headline_checks import FURNITURE, headline_faults

_WORD = re.compile(r"\w+")
_CLICKBAIT = re.compile(
    r"\?|!|^(?:live|watch|video|breaking|opinion|analysis|explainer|update|updated|photos?)\b"
    r"|\b(?:here['’]s|what we know|what to know|you need to know|things to know|you won['’]t"
    r"|this is why|why it matters|everything we know|in pictures|live updates|the latest)\b",
    re.IGNORECASE,
)
_GOOD_WORDS = (6, 16)
"""A headline this many words long says who did what; shorter is a label, longer a lead."""


def choose_headline(articles: Sequence[Article]) -> str:
    # The same checks that chose each article's title: furniture never heads an incident
    # while one of its reports has a real headline.
    sound = [article for article in articles if not _is_furniture(article)] or list(articles)
    titled = [article for article in sound if not article.title_derived] or sound
    if len(titled) == 1:
        return titled[0].title
    # Document frequency over the reports: a title built of words every report uses is
    # about the event they share, not one outlet's angle on it.
    support = Counter(
        word for article in articles for word in set(_WORD.findall(article.text.lower()))
    )

    def rank(article: Article) -> tuple[bool, float, str]:
        words = _WORD.findall(article.title.lower())
        score = sum(support[word] for word in set(words)) / (len(set(words)) or 1)
        score /= len(articles)
        if _CLICKBAIT.search(article.title):
            score -= 1.0
        low, high = _GOOD_WORDS
        if not low <= len(words) <= high:
            score -= 0.25
        if article.title.isupper():
            score -= 0.5
        # A placeholder ("Untitled report from ...") says no words of the story: last.
        return (article.title_placeholder, -score, article.id)

    return min(titled, key=rank).title


def is_placeholder(headline: str, articles: Sequence[Article]) -> bool:
    """``headline`` is the placeholder of a report whose text makes no headline (none of
    the story's words: only its source and date)."""
    return any(article.title_placeholder and article.title == headline for article in articles)


def _is_furniture(article: Article) -> bool:
    if article.title_placeholder:
        return True
    host = urlsplit(article.url).hostname if article.url else None
    faults = set(headline_faults(article.title, article.outlet, host))
    # A title its source gave may be short ("Mapping the proteome"); one derived from the
    # text must also be a full clause.
    return bool(faults & (FURNITURE if not article.title_derived else FURNITURE | _SHORT))


_SHORT = frozenset({"fragment"})
