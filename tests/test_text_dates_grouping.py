"""A raw page's own date line bounds its incident in time, as a metadata date does: two
press releases of one company, months apart and alike in their "About" paragraph, are two
incidents; the same release copied by two sites on one day is one."""

from __future__ import annotations

from digest.config import ClusterSettings
from digest.incidents import build_incidents
from digest.model import Document
from digest.pipeline import normalise_all

_ABOUT = (
    "About Corvane\n"
    "Corvane builds clinical alarm software for hospitals in Europe and North America. "
    "Its platform connects bedside monitors, nurse call systems and mobile devices so that "
    "care teams receive the right alert at the right time. Corvane is listed on the Zurich "
    "exchange and employs 1,300 people worldwide."
)


def _release(path: str, stated: str, title: str, lead: str) -> Document:
    text = f"{title}\n{stated}\n{lead}\n{_ABOUT}\n"
    return Document(path=path, text=text)


def _incidents(documents: list[Document]) -> int:
    articles, refused = normalise_all(tuple(documents))
    assert not refused
    assert all(article.date_source == "text" for article in articles)
    return len(build_incidents(articles, ClusterSettings()))


def test_raw_pages_dated_months_apart_are_two_incidents() -> None:
    first = _release(
        "a/partnership.txt",
        "October 12, 2017",
        "Corvane announces a distribution partnership with a German device maker",
        "Corvane said on Thursday that a German device maker will sell its clinical alarm "
        "software to hospitals in Germany, Austria and Switzerland from next year.",
    )
    second = _release(
        "b/solution.txt",
        "August 23, 2018",
        "Corvane and a monitor maker introduce an integrated alarm solution",
        "Corvane said on Thursday that its clinical alarm software now runs on a monitor "
        "maker's bedside devices in North American hospitals.",
    )
    assert _incidents([first, second]) == 2


def test_one_release_copied_on_one_day_is_one_incident() -> None:
    lead = (
        "Corvane said on Thursday that a German device maker will sell its clinical alarm "
        "software to hospitals in Germany, Austria and Switzerland from next year."
    )
    title = "Corvane announces a distribution partnership with a German device maker"
    copies = [
        _release("a/partnership.txt", "October 12, 2017", title, lead),
        _release("b/partnership.txt", "12 Oct 2017", title, lead),
    ]
    assert _incidents(copies) == 1
