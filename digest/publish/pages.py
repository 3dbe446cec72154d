"""Stage 5a: briefs become the generated Markdown pages of ``content/``.

Generated pages carry ``generator: digest`` in their front matter. That marker is how a
build tells its own pages (which it may replace or delete) from hand-written ones (which
it never touches), and the front matter of incident pages (id → article ids) is what lets
the next build keep incident ids, even with the cache deleted.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import jinja2
import yaml
from markupsafe import Markup

from digest.model import Brief, PreviousBrief, Update
from digest.publish.memo import PageMemo, memoised, memoised_page
from digest.publish.plan import (
    ACTORS_DIR,
    ARCHIVE_DIR,
    INCIDENTS_DIR,
    PLACES_DIR,
    TAGS_DIR,
    THREADS_DIR,
    UNDATED,
    ListingPage,
    SitePlan,
    group_path,
    incident_path,
    link,
    month_path,
    oldest_first,
    relative_url,
    thread_path,
)
from digest.publish.taxonomy import actors_of, slugify, tags_of
from digest.publish.templates import default_templates_dir, human_date, md_escape, safe_url

log = logging.getLogger(__name__)

# Listing pages repeat the incidents' own text: leaving them out keeps search results to
# the incident itself and the index small (Material reads this front matter key).
NO_SEARCH = {"search": {"exclude": True}}

GENERATOR = "digest"

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_HEAD_BYTES = 64 * 1024
INCIDENT_TEMPLATE = "incident.md.j2"
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
EARLIER_SHOWN = 2
"""Earlier incidents of its story thread an incident's page shows: the ones its strongest
links reach (digest.incidents keeps those links); its thread page has them all. A page
shows no later incident and nothing of the thread's size, so an incident newer than it
never changes it, and one dated before it only when it becomes one of its strongest links
(a window of the incidents before and after in time changed the pages around every new
incident, and around every old one the thread gained or lost)."""


@dataclass(frozen=True)
class Page:
    path: str
    """Path relative to docs_dir, with forward slashes."""
    text: str


def coverage(brief: Brief) -> str:
    articles = len(brief.articles)
    if articles == 1:
        return "single source"
    outlets = len(brief.outlets)
    return f"{articles} reports from {outlets} outlet{'s' if outlets != 1 else ''}"


# libyaml when PyYAML was built with it: the pure-Python emitter and parser were a third
# of a large rebuild's time.
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def front_matter(data: Mapping[str, Any]) -> Markup:
    dumped = yaml.dump(
        {"generator": GENERATOR, **data},
        Dumper=_YAML_DUMPER,
        allow_unicode=True,
        sort_keys=False,
        width=1000,
    )
    return Markup(f"---\n{dumped}---\n")


def _date(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%d") if value else None


def render_pages(
    plan: SitePlan, environment: jinja2.Environment, memo: PageMemo | None = None
) -> Iterator[Page]:
    """The pages of the incidents themselves: one per incident, one at each merged
    incident's old URL, and the archive by month. With a ``memo``, an incident's page
    is rendered only when its inputs changed."""
    own = is_digests_own(environment, INCIDENT_TEMPLATE)
    for brief in plan.briefs:
        path = incident_path(brief.incident_id)
        text = memoised(
            memo,
            path,
            lambda brief=brief, memo=memo: _incident_inputs(plan, brief, memo, own),  # type: ignore[misc]
            lambda brief=brief: _incident_page(plan, brief, environment).text,
        )
        yield Page(path=path, text=text)
    yield from _redirect_pages(plan)
    yield from _archive_pages(plan, environment, memo)


def _topic_links(brief: Brief, path: str) -> dict[str, list[dict[str, Any]]]:
    """Links from an incident page to its place, actor and tag pages."""

    def links(kind: str, names: Sequence[str]) -> list[dict[str, Any]]:
        return [{"name": n, "url": link(path, group_path(kind, slugify(n)))} for n in names]

    return {
        "place_links": links(PLACES_DIR, brief.places),
        "actor_links": links(ACTORS_DIR, actors_of(brief)),
        "tag_links": links(TAGS_DIR, tags_of(brief)),
    }


def source_list(brief: Brief) -> list[dict[str, Any]]:
    return [
        {"number": number, "article": article, "url": safe_url(article.url)}
        for number, article in enumerate(brief.articles, start=1)
    ]


@dataclass(frozen=True)
class _Shown:
    """The part of an incident's story thread its page shows."""

    thread_id: str
    earlier: tuple[Brief, ...]
    """Up to ``EARLIER_SHOWN`` earlier incidents of the thread, its strongest links first."""


def _thread_shown(plan: SitePlan, brief: Brief) -> _Shown | None:
    thread_id = plan.thread_of.get(brief.incident_id)
    if thread_id is None:
        return None
    here = oldest_first(brief)
    earlier = []
    # brief.related is strongest first.
    for relation in brief.related:
        other = plan.by_id.get(relation.incident_id)
        if (
            other is not None
            and plan.thread_of.get(other.incident_id) == thread_id
            and oldest_first(other) < here
        ):
            earlier.append(other)
            if len(earlier) == EARLIER_SHOWN:
                break
    return _Shown(thread_id, tuple(earlier))


def _thread_timeline(plan: SitePlan, brief: Brief, path: str) -> dict[str, Any] | None:
    """The incident's story thread as its page shows it: the earlier incidents it is most
    like, oldest first, then itself. Nothing of the thread's size or later incidents."""
    shown = _thread_shown(plan, brief)
    if shown is None:
        return None
    shared = {relation.incident_id: relation.shared for relation in brief.related}
    return {
        "url": link(path, thread_path(shown.thread_id)),
        "timeline": [
            {
                "brief": other,
                "url": link(path, incident_path(other.incident_id)),
                "current": other.incident_id == brief.incident_id,
                "shared": shared.get(other.incident_id, ()),
            }
            for other in (*sorted(shown.earlier, key=oldest_first), brief)
        ],
    }


def is_digests_own(environment: jinja2.Environment, name: str) -> bool:
    """Whether ``name`` is digest's own template, not one of the project's."""
    _, filename, _ = environment.loader.get_source(environment, name)  # type: ignore[union-attr]
    return filename is not None and Path(filename) == default_templates_dir() / name


def _incident_inputs(
    plan: SitePlan, brief: Brief, memo: PageMemo, own_template: bool
) -> Iterator[str]:
    """What an incident's page is rendered from besides the templates and settings: its
    brief, the related incidents' headlines and dates, the thread incidents it shows.
    digest's own template shows only the id, headline and date of those (a new
    incident's links change the rest of their briefs, which the next pages of the
    thread do not show); a project's own template may show anything of them."""
    yield memo.fingerprint(brief)
    for relation in brief.related:
        other = plan.by_id.get(relation.incident_id)
        if other is not None:
            yield repr((other.incident_id, other.headline, other.date_start))
    shown = _thread_shown(plan, brief)
    if shown is not None:
        yield repr(shown.thread_id)
        for other in shown.earlier:
            if own_template:
                yield repr((other.incident_id, other.headline, other.date_start))
            else:
                yield memo.fingerprint(other)


def _incident_page(plan: SitePlan, brief: Brief, environment: jinja2.Environment) -> Page:
    path = incident_path(brief.incident_id)
    related = []
    for relation in brief.related:
        other = plan.by_id.get(relation.incident_id)
        if other is not None:
            related.append(
                {
                    "headline": other.headline,
                    "date": other.date_start,
                    "url": link(path, incident_path(other.incident_id)),
                    "shared": relation.shared,
                }
            )
    text = environment.get_template(INCIDENT_TEMPLATE).render(
        brief=brief,
        front_matter=front_matter(
            {
                # MkDocs themes print the page title as HTML without escaping it (and
                # Material's <title> unescapes the H1's text with striptags), so the title
                # is given here, escaped once for HTML.
                "title": html.escape(brief.headline),
                "id": brief.incident_id,
                "date": _date(brief.date_start),
                "date_end": _date(brief.date_end),
                "places": list(brief.places),
                "outlets": list(brief.outlets),
                "articles": [article.id for article in brief.articles],
                "aliases": list(brief.aliases),
                # What this build published, so the next one can say what changed (issue 5).
                **update_state(brief),
            }
        ),
        coverage=coverage(brief),
        sources=source_list(brief),
        cite={article.id: number for number, article in enumerate(brief.articles, start=1)},
        related=related,
        thread=_thread_timeline(plan, brief, path),
        **_topic_links(brief, path),
    )
    return Page(path=path, text=text)


def card(brief: Brief, from_path: str, sentences: int = 1) -> dict[str, Any]:
    """What a listing shows of an incident, linked from the page at ``from_path``."""
    return {
        "brief": brief,
        "url": link(from_path, incident_path(brief.incident_id)),
        "coverage": coverage(brief),
        "outlets": len(brief.outlets),
        "lead": " ".join(sentence.text for sentence in brief.summary[:sentences]),
    }


def _month_label(key: str) -> str:
    if key == UNDATED:
        return "Undated"
    return datetime.strptime(key, "%Y-%m").strftime("%B %Y")


def _archive_pages(
    plan: SitePlan, environment: jinja2.Environment, memo: PageMemo | None = None
) -> Iterator[Page]:
    """The archive's index (the months) and its pages (see
    :func:`digest.publish.plan.archive_pages`), out of the search index like the other
    listings: their cards repeat the incidents' own text."""
    index_path = f"{ARCHIVE_DIR}/index.md"
    yield Page(
        path=index_path,
        text=environment.get_template("archive.md.j2").render(
            front_matter=front_matter({"title": "Archive"}),
            months=[
                {
                    "label": _month_label(key),
                    "url": link(index_path, month_path(key)),
                    "count": len(briefs),
                }
                for key, briefs in plan.months
            ],
        ),
    )
    template = environment.get_template("archive_month.md.j2")
    for page in plan.archive:
        # archive/<month>.md, or archive/<month>/<incident id>.md for a further page.
        _, month, *further_page = page.path.removesuffix(".md").split("/")
        label = _month_label(month)
        further = span(page.briefs) if further_page else None
        context = {
            "front_matter": front_matter(
                {"title": f"{label}: {further}" if further else label, **NO_SEARCH}
            ),
            "label": label,
            "incidents": [card(brief, page.path) for brief in page.briefs],
            "index_url": link(page.path, index_path),
            **pager(page, further, first=label),
        }
        yield Page(path=page.path, text=memoised_page(memo, page.path, template, context))


def span(chunk: Sequence[Brief]) -> str:
    """What a further page of a listing holds: "3 March 2026 to 9 March 2026", the first
    and last date of its incidents."""
    dates = sorted(b.date_start for b in chunk if b.date_start)
    if not dates:
        return "date unknown"
    oldest, newest = human_date(dates[0]), human_date(dates[-1])
    return newest if newest == oldest else f"{oldest} to {newest}"


def pager(page: ListingPage, label: str | None, first: str = "Newest") -> dict[str, Any]:
    """What a page of a listing cut into pages shows of its place among them (see
    :func:`digest.publish.plan.listing_pages` and ``pager.md.j2``): ``page``, what it holds
    (None on the first page), ``here``, its name in the pager (``first`` on the first
    page), ``previous_page_url``, ``next_page_url``."""
    return {
        "page": label,
        "here": label or first,
        "previous_page_url": link(page.path, page.previous) if page.previous else None,
        "next_page_url": link(page.path, page.next) if page.next else None,
    }


def read_head(path: Path) -> str | None:
    """The start of a Markdown file, where its front matter must stand (None: unreadable)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(_HEAD_BYTES)
    except OSError:
        return None


def front_matter_text(head: str) -> str | None:
    """The YAML text of the front matter at the start of ``head``, or None if it has none:
    all that :func:`parse_front_matter` reads of ``head``."""
    match = _FRONT_MATTER.match(head.replace("\r\n", "\n"))
    return match.group(1) if match else None


def parse_front_matter(head: str) -> dict[str, Any] | None:
    """The YAML front matter at the start of ``head``, or None if it has none."""
    text = front_matter_text(head)
    if text is None:
        return None
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


class FrontMatterReader(Protocol):
    def read(self, path: Path) -> dict[str, Any] | None: ...


def read_front_matter(path: Path, reader: FrontMatterReader | None = None) -> dict[str, Any] | None:
    """The YAML front matter of a Markdown file, or None if it has none (or is unreadable);
    through ``reader`` (a cache of parsed front matter, see
    :mod:`digest.publish.frontmatter`) when given."""
    if reader is not None:
        return reader.read(path)
    head = read_head(path)
    return None if head is None else parse_front_matter(head)


def is_generated(path: Path, reader: FrontMatterReader | None = None) -> bool:
    data = read_front_matter(path, reader) if path.suffix == ".md" else None
    return bool(data) and data.get("generator") == GENERATOR  # type: ignore[union-attr]


def _redirect_pages(plan: SitePlan) -> Iterator[Page]:
    """A page at each merged incident's old URL, sending readers (and, through the
    redirect meta that digest.publish.theme adds, browsers) to the incident it joined."""
    site = plan.site
    for brief in plan.briefs:
        target = incident_path(brief.incident_id)
        for alias in brief.aliases:
            if alias in plan.by_id or not _SAFE_ID.fullmatch(alias):
                continue
            path = incident_path(alias)
            relative = relative_url(path, target, site.use_directory_urls)
            text = front_matter(
                {
                    "title": html.escape(brief.headline),
                    "id": alias,
                    "redirect": relative,
                    "search": {"exclude": True},
                }
            ) + Markup(
                f"\nThis incident was merged into another report of the same event: "
                f"[{md_escape(brief.headline)}]({link(path, target)}).\n"
            )
            yield Page(path=path, text=str(text))


def published_incidents(
    docs_dir: Path, reader: FrontMatterReader | None = None
) -> dict[str, dict[str, Any]]:
    """Incident id → front matter of each incident page the last build generated, read
    once for every use."""
    return dict(_generated_pages(docs_dir / INCIDENTS_DIR, "id", reader))


def published_threads(
    docs_dir: Path, reader: FrontMatterReader | None = None
) -> dict[str, frozenset[str]]:
    """Thread id → its incident ids, of each thread page the last build generated (its
    front matter names them), for threads to keep their ids."""
    return {
        thread: frozenset(str(incident) for incident in data["incidents"])
        for thread, data in _generated_pages(docs_dir / THREADS_DIR, "thread", reader)
        if isinstance(data.get("incidents"), list)
    }


def _generated_pages(
    folder: Path, id_key: str, reader: FrontMatterReader | None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(id, front matter) of each page in ``folder`` the last build generated. The id
    becomes a file name: an edited page must not steer a write elsewhere ("../../index"),
    so only an id that matches its own file name is kept."""
    for path in sorted(folder.glob("*.md")):
        data = read_front_matter(path, reader)
        if (
            data
            and data.get("generator") == GENERATOR
            and data.get(id_key) == path.stem
            and _SAFE_ID.fullmatch(path.stem)
        ):
            yield path.stem, data


def previous_aliases(published: Mapping[str, Mapping[str, Any]]) -> dict[str, tuple[str, ...]]:
    """Incident id → ids merged into it, from :func:`published_incidents`."""
    return {
        incident_id: tuple(str(a) for a in data["aliases"] if _SAFE_ID.fullmatch(str(a)))
        for incident_id, data in published.items()
        if isinstance(data.get("aliases"), list)
    }


def previous_incidents(published: Mapping[str, Mapping[str, Any]]) -> dict[str, frozenset[str]]:
    """Incident id → article ids, from :func:`published_incidents`."""
    return {
        incident_id: frozenset(str(article) for article in data["articles"])
        for incident_id, data in published.items()
        if isinstance(data.get("articles"), list)
    }


def update_state(brief: Brief) -> dict[str, Any]:
    """The front-matter keys the next build's update log is computed against."""
    from digest.briefs.updates import figure_key, quote_key

    return {
        "figures": sorted({figure_key(c) for group in brief.figures for c in group.reports}),
        "quotes": sorted({quote_key(q) for q in brief.all_quotes if q.speaker}),
        "updates": [
            {
                "date": _date(update.date),
                "kind": update.kind,
                "text": update.text,
                "article": update.article_id,
            }
            for update in brief.updates
        ],
    }


def previous_briefs(published: Mapping[str, Mapping[str, Any]]) -> dict[str, PreviousBrief]:
    """Incident id → what the last build published of it, from :func:`published_incidents`."""
    return {
        incident_id: PreviousBrief(
            articles=_keys(data.get("articles")) or frozenset(),
            figures=_keys(data.get("figures")),
            quotes=_keys(data.get("quotes")),
            updates=tuple(_updates(data.get("updates"))),
        )
        for incident_id, data in published.items()
    }


def _keys(value: Any) -> frozenset[str] | None:
    return frozenset(str(item) for item in value) if isinstance(value, list) else None


def _updates(value: Any) -> Iterator[Update]:
    for item in value if isinstance(value, list) else ():
        if not isinstance(item, dict) or item.get("kind") not in ("source", "figure", "quote"):
            continue
        date = item.get("date")
        try:
            when = datetime.strptime(str(date), "%Y-%m-%d").replace(tzinfo=UTC) if date else None
        except ValueError:
            when = None
        yield Update(
            date=when,
            kind=item["kind"],
            text=str(item.get("text", "")),
            article_id=str(item.get("article", "")),
        )
