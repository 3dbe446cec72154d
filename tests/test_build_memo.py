"""What a build keeps so as not to redo it: parsed front matter, the per-incident pieces of
incidents.json and the feeds, each article's tokens for clustering. Each must give what
computing afresh gives."""

from __future__ import annotations

import functools
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest.incidents.features import Tokens
from digest.model import Article, Brief, Related
from digest.publish import frontmatter
from digest.publish.data import incident_record, render_json
from digest.publish.frontmatter import FrontMatters
from digest.publish.memo import PageMemo
from digest.publish.pages import read_front_matter
from digest.publish.plan import Site, SitePlan

SITE = Site(
    name="Test",
    description=None,
    url="https://example.org/",
    use_directory_urls=True,
    home_limit=10,
)


def _briefs() -> list[Brief]:
    # Line and paragraph separators that JSON leaves as they are, and a real line break.
    odd = 'Bridge\u2028reopened\x85 after "repairs"\nat last'
    return [
        Brief(incident_id="a-1", headline=odd, articles=(), places=("Karvan",)),
        Brief(
            incident_id="b-2",
            headline="Floods",
            articles=(),
            date_start=datetime(2024, 3, 1, tzinfo=UTC),
            places=("Halvik", "Ostra"),
        ),
        Brief(incident_id="c-3", headline="", articles=()),
    ]


def _whole(briefs: list[Brief]) -> str:
    document = {"incidents": [incident_record(brief, SITE) for brief in briefs]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("count", [0, 1, 3])
def test_incidents_json_from_pieces_is_one_json_dumps_of_the_whole(
    count: int, tmp_path: Path
) -> None:
    briefs = _briefs()[:count]
    assert render_json(briefs, SITE) == _whole(briefs)
    memo = PageMemo(tmp_path / "cache", tmp_path / "content", salt="s")
    assert render_json(briefs, SITE, memo) == _whole(briefs)
    memo.save()
    # From the stored pieces, with one brief changed: that one is serialised again.
    changed = [*briefs[:-1], Brief(incident_id="z-9", headline="New", articles=())]
    again = PageMemo(tmp_path / "cache", tmp_path / "content", salt="s")
    assert render_json(changed[:count], SITE, again) == _whole(changed[:count])


def test_a_stored_piece_is_used_only_for_the_same_inputs(tmp_path: Path) -> None:
    memo = PageMemo(tmp_path, tmp_path, salt="s")
    assert memo.fragment("x", ["1"], lambda: "one") == "one"
    memo.save()
    memo = PageMemo(tmp_path, tmp_path, salt="s")
    assert memo.fragment("x", ["1"], lambda: "other") == "one"
    assert memo.fragment("y", ["1"], lambda: "why") == "why"
    memo.save()
    memo = PageMemo(tmp_path, tmp_path, salt="s")
    assert memo.fragment("x", ["2"], lambda: "two") == "two"
    memo.save()
    # Another salt (templates, settings, digest's code) is another key.
    assert PageMemo(tmp_path, tmp_path, salt="t").fragment("x", ["2"], lambda: "t") == "t"
    # "y" was not used by the last build that saved: its row is gone.
    assert PageMemo(tmp_path, tmp_path, salt="s").fragment("y", ["1"], lambda: "new") == "new"


def test_a_site_file_is_read_back_only_for_the_same_inputs_and_the_same_bytes(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    (site / "feeds").mkdir(parents=True)

    def memo() -> PageMemo:
        return PageMemo(tmp_path / "cache", tmp_path / "content", salt="s", site_dir=site)

    first = memo()
    assert first.site_file("feeds/feed.xml", ["1"], lambda: "<rss/>") == "<rss/>"
    first.save()
    assert memo().site_file("feeds/feed.xml", ["1"], lambda: "new") == "new"  # not published
    (site / "feeds" / "feed.xml").write_text("<rss/>", encoding="utf-8")
    again = memo()
    assert again.site_file("feeds/feed.xml", ["1"], lambda: "new") == "<rss/>"
    assert again.site_file("feeds/feed.xml", ["2"], lambda: "two") == "two"
    again.save()
    (site / "feeds" / "feed.xml").write_text("two, edited", encoding="utf-8")
    assert memo().site_file("feeds/feed.xml", ["2"], lambda: "two") == "two"
    # No site folder (a build without the site): every file is rendered.
    assert (
        PageMemo(tmp_path / "cache", tmp_path, salt="s").site_file(
            "feeds/feed.xml", ["2"], lambda: "rendered"
        )
        == "rendered"
    )


def test_front_matter_is_parsed_once_per_text_and_read_as_without_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, cache = tmp_path / "content", tmp_path / "cache"
    docs.mkdir()
    pages = {
        "a.md": "---\ntitle: A\ngenerator: digest\nids: [1, 2]\n---\nText\n",
        "b.md": "No front matter\n",
        "c.md": "---\r\ntitle: [unclosed\r\n---\r\n",
        "d.md": "---\ntitle: D\n---\n" + "x" * 100_000,
    }
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    paths = [docs / name for name in sorted(pages)] + [docs / "missing.md"]
    parsed: list[str] = []
    parse = frontmatter.parse_front_matter

    def counted(head: str) -> object:
        parsed.append(head[:12])
        return parse(head)

    monkeypatch.setattr(frontmatter, "parse_front_matter", counted)
    first = FrontMatters(cache)
    expected = [read_front_matter(path) for path in paths]
    assert [first.read(path) for path in paths] == expected
    assert [first.read(path) for path in paths] == expected
    assert len(parsed) == 4  # each text once; a missing file is not parsed
    first.save()
    # The next build parses only what changed since.
    (docs / "a.md").write_text(pages["a.md"].replace("ids: [1, 2]", "ids: [1, 3]"), "utf-8")
    parsed.clear()
    second = FrontMatters(cache)
    assert [second.read(path) for path in paths] == [read_front_matter(p) for p in paths]
    assert second.read(docs / "a.md") == {"title": "A", "generator": "digest", "ids": [1, 3]}
    assert len(parsed) == 1
    second.save()
    # Text changed below the front matter: read, not parsed again.
    edited = (docs / "a.md").read_text(encoding="utf-8") + "More text\n"
    (docs / "a.md").write_text(edited, encoding="utf-8")
    parsed.clear()
    assert second.read(docs / "a.md") == {"title": "A", "generator": "digest", "ids": [1, 3]}
    assert FrontMatters(cache).read(docs / "a.md") == second.read(docs / "a.md")
    assert parsed == []
    # What a caller is given is its own: changing it changes nothing for the next.
    second.read(docs / "a.md")["ids"].append(4)  # type: ignore[index]
    assert second.read(docs / "a.md")["ids"] == [1, 3]  # type: ignore[index]
    # Without a cache folder it only parses.
    assert FrontMatters(None).read(docs / "a.md") == read_front_matter(docs / "a.md")


def test_kept_tokens_cluster_as_tokens_computed_afresh(demo_project: Path, tmp_path: Path) -> None:
    from dataclasses import replace

    from digest.cache import cached_tokens
    from digest.config import load_project
    from digest.incidents import build_incidents
    from digest.incidents.features import featurise, tokens_of
    from digest.pipeline import read_articles

    project = load_project(demo_project / "mkdocs.yml")
    articles, _ = read_articles(project)
    assert len(articles) > 10
    computed: list[str] = []

    def counted(article: Article) -> Tokens:
        computed.append(article.id)
        return tokens_of(article)

    first = cached_tokens(articles, tmp_path, counted)
    assert len(computed) == len(articles)
    computed.clear()
    assert cached_tokens(articles, tmp_path, counted) == first
    assert computed == []
    # An article that changed is tokenised again, and only it.
    title = "Engineers reopen the Old Mill bridge at Karvan"
    edited = [replace(articles[0], title=title, title_derived=False)]
    again = cached_tokens(edited + list(articles[1:]), tmp_path, counted)
    assert computed == [articles[0].id]
    assert again[0] == tokens_of(edited[0]) != first[0]

    plain, kept = featurise(articles), featurise(articles, first)
    assert (plain.matrix != kept.matrix).nnz == 0
    assert plain.names == kept.names and plain.widths == kept.widths
    settings = project.digest.cluster
    provider = functools.partial(cached_tokens, folder=tmp_path, tokens_of=tokens_of)
    assert build_incidents(articles, settings, None, provider) == build_incidents(
        articles, settings
    )


def _thread(neighbour: Brief) -> list[Brief]:
    def dated(incident_id: str, day: int, *related: str) -> Brief:
        return Brief(
            incident_id=incident_id,
            headline=f"Headline {incident_id}",
            articles=(),
            date_start=datetime(2024, 1, day, tzinfo=UTC),
            related=tuple(Related(incident_id=o, shared=("Erbil", "KDP")) for o in related),
        )

    return [dated("a-one", 1, "b-two"), neighbour, dated("c-three", 9, "b-two")]


def test_a_thread_neighbour_counts_by_what_the_incident_template_shows(tmp_path: Path) -> None:
    from dataclasses import replace

    from digest.config import SyndicationSettings
    from digest.model import CitedSentence
    from digest.publish import pages
    from digest.publish.plan import plan_site
    from digest.publish.templates import markdown_environment

    base = Brief(
        incident_id="b-two",
        headline="Headline b-two",
        articles=(),
        date_start=datetime(2024, 1, 5, tzinfo=UTC),
        related=(Related(incident_id="a-one", shared=("Erbil",)),),
    )
    # Everything of the neighbour but its id, headline and date, changed.
    changed = replace(
        base,
        summary=(CitedSentence(text="Talks resumed.", article_id="x"),),
        places=("Erbil",),
        outlets=("Wire",),
        date_end=datetime(2024, 1, 6, tzinfo=UTC),
        related=(*base.related, Related(incident_id="c-three", shared=("KDP",))),
    )
    plans = [
        plan_site(_thread(neighbour), SITE, SyndicationSettings(enabled=False))
        for neighbour in (base, changed)
    ]
    # The latest incident's page shows its earlier thread neighbour b-two.
    page = plans[0].by_id["c-three"]
    assert plans[0].thread_of == plans[1].thread_of
    assert {"a-one", "b-two", "c-three"} <= set(plans[0].thread_of)
    own = markdown_environment(None)
    texts = [pages._incident_page(plan, page, own).text for plan in plans]
    assert texts[0] == texts[1]
    assert "Headline b-two" in texts[0]

    def inputs(plan: SitePlan, own_template: bool) -> list[str]:
        memo = PageMemo(tmp_path, tmp_path, salt="s")  # fresh: it keeps fingerprints by id
        return list(pages._incident_inputs(plan, page, memo, own_template))

    assert inputs(plans[0], True) == inputs(plans[1], True)
    # A project's own template may show anything of a neighbour.
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / pages.INCIDENT_TEMPLATE).write_text("{{ thread }}\n", encoding="utf-8")
    assert pages.is_digests_own(own, pages.INCIDENT_TEMPLATE)
    assert not pages.is_digests_own(markdown_environment(folder), pages.INCIDENT_TEMPLATE)
    assert inputs(plans[0], False) != inputs(plans[1], False)


def test_a_build_parses_only_the_front_matter_of_the_pages_it_writes(
    demo_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from digest.config import load_project
    from digest.pipeline import build

    build(load_project(demo_project / "mkdocs.yml"))
    parsed: list[str] = []
    parse = frontmatter.parse_front_matter

    def counted(head: str) -> object:
        parsed.append(head)
        return parse(head)

    monkeypatch.setattr(frontmatter, "parse_front_matter", counted)
    (demo_project / "articles" / "extra.txt").write_text(
        "KARVAN (Basin Wire) — Engineers reopened the Old Mill bridge on Sunday.\n",
        encoding="utf-8",
    )
    before = {
        path: frontmatter.front_matter_text(path.read_text(encoding="utf-8"))
        for path in (demo_project / "content").rglob("*.md")
    }
    report = build(load_project(demo_project / "mkdocs.yml"))
    pages = list((demo_project / "content").rglob("*.md"))
    # Those it wrote whose front matter changed (read back for the next build); every
    # other page's front matter was parsed before.
    changed = [
        path
        for path in pages
        if frontmatter.front_matter_text(path.read_text(encoding="utf-8")) != before.get(path)
    ]
    assert 0 < len(parsed) == len(changed) < report.pages_written < len(pages)


def test_article_prints_follow_the_article_not_its_id(tmp_path: Path) -> None:
    """One build hashes each article once for every key that holds it: an edited article
    keeps its id and path but is another object, and must change every such key."""
    from dataclasses import replace

    from digest.cache import ArticlePrints

    article = Article(id="a-1", path="articles/a.md", text="Bridge reopens.", title="Bridge")
    edited = replace(article, text="Bridge stays shut.")
    prints = ArticlePrints()
    first = prints.of(article)
    assert prints.of(edited) != first
    assert prints.of(article) == first
    # Equal articles read from a cache or computed afresh hash alike, in any build.
    assert ArticlePrints().of(replace(edited, text="Bridge reopens.")) == first
    memo = PageMemo(tmp_path, tmp_path, salt="s", prints=prints)
    brief = Brief(incident_id="i-1", headline="Bridge", articles=(article,))
    edited_brief = replace(brief, articles=(edited,))
    fresh = PageMemo(tmp_path, tmp_path, salt="s", prints=prints)
    assert memo.fingerprint(brief) != fresh.fingerprint(edited_brief)
    assert memo.fingerprint(brief) == PageMemo(tmp_path, tmp_path, salt="s").fingerprint(brief)


def _counting_heads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every head :class:`FrontMatters` reads from disk, listed."""
    read: list[Path] = []
    read_head = frontmatter.read_head

    def counted(path: Path) -> str | None:
        read.append(path)
        return read_head(path)

    monkeypatch.setattr(frontmatter, "read_head", counted)
    return read


def _clock_after(monkeypatch: pytest.MonkeyPatch, path: Path, nanoseconds: int) -> None:
    """FrontMatters' clock set to ``nanoseconds`` after ``path``'s last change (no waiting
    on the real clock)."""
    status = path.stat()
    changed = max(status.st_mtime_ns, status.st_ctime_ns)
    monkeypatch.setattr(frontmatter, "_now", lambda: changed + nanoseconds)


def test_a_page_is_read_once_a_build_and_not_again_while_its_stat_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, cache = tmp_path / "a.md", tmp_path / "cache"
    page.write_text("---\ntitle: A\ngenerator: digest\n---\nText\n", encoding="utf-8")
    read = _counting_heads(monkeypatch)
    _clock_after(monkeypatch, page, frontmatter.RACY_NANOSECONDS + 1)
    first = FrontMatters(cache)
    assert first.read(page) == first.read(page) == {"title": "A", "generator": "digest"}
    assert read == [page]
    first.save()
    second = FrontMatters(cache)
    assert second.read(page) == {"title": "A", "generator": "digest"}
    assert read == [page]  # known by its stat
    second.save()

    # Edited by hand to text of the same size, its modification time put back: its
    # change time (which nothing can put back) has moved, so it is read again.
    status = page.stat()
    page.write_text("---\ntitle: B\ngenerator: digest\n---\nText\n", encoding="utf-8")
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    while page.stat().st_ctime_ns == status.st_ctime_ns:  # a coarse clock's tick
        os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (
        status.st_size,
        status.st_mtime_ns,
    )
    assert FrontMatters(cache).read(page) == {"title": "B", "generator": "digest"}
    assert read == [page, page]


def test_a_page_changed_just_before_it_was_read_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git's racily clean case: a write within the same tick of the file system's clock as
    the read would leave the stat as it was, so such a read is not trusted next time."""
    page, cache = tmp_path / "a.md", tmp_path / "cache"
    page.write_text("---\ntitle: A\n---\n", encoding="utf-8")
    read = _counting_heads(monkeypatch)
    _clock_after(monkeypatch, page, frontmatter.RACY_NANOSECONDS - 1)
    first = FrontMatters(cache)
    assert first.read(page) == {"title": "A"}
    first.save()
    assert FrontMatters(cache).read(page) == {"title": "A"}
    assert read == [page, page]
    # Another file at the same path (a new inode) is read, whatever its times.
    _clock_after(monkeypatch, page, frontmatter.RACY_NANOSECONDS + 1)
    trusted = FrontMatters(cache)
    trusted.read(page)
    trusted.save()
    status = page.stat()
    replacement = tmp_path / "b.md"
    replacement.write_text("---\ntitle: C\n---\n", encoding="utf-8")
    os.utime(replacement, ns=(status.st_atime_ns, status.st_mtime_ns))
    os.replace(replacement, page)
    assert FrontMatters(cache).read(page) == {"title": "C"}


def test_a_mail_renders_again_only_the_incidents_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A week's mail is rendered again when an incident joins the week, but the others'
    parts of it are kept: the mail equals one rendered from nothing."""
    from digest.config import SyndicationSettings
    from digest.model import CitedSentence
    from digest.publish.mail import render_mails
    from digest.publish.plan import plan_site
    from digest.publish.templates import make_environment

    def brief(number: int) -> Brief:
        return Brief(
            incident_id=f"i-{number}",
            headline=f"Bridge {number} reopens",
            articles=(),
            date_start=datetime(2024, 3, 4 + number % 4, tzinfo=UTC),
            places=("Karvan",),
            summary=(
                CitedSentence(text=f"Engineers reopened bridge {number}. " * 9, article_id="a"),
            ),
        )

    def plan(briefs: list[Brief]) -> SitePlan:
        return plan_site(briefs, SITE, SyndicationSettings(enabled=False), None)

    environment = make_environment(None)
    items: list[str] = []
    for fmt in ("html", "txt"):
        template = environment.get_template(f"week.email.item.{fmt}.j2")

        def counted(*args: object, render=template.render, **kwargs: object) -> str:  # type: ignore[no-untyped-def]
            items.append(kwargs["item"]["brief"].incident_id)  # type: ignore[index]
            return render(*args, **kwargs)  # type: ignore[no-any-return]

        monkeypatch.setattr(template, "render", counted)
    site, cache = tmp_path / "site", tmp_path / "cache"

    def built(briefs: list[Brief]) -> dict[str, str]:
        memo = PageMemo(cache, tmp_path / "content", salt="s", site_dir=site)
        files = render_mails(plan(briefs), environment, memo)
        memo.save()
        for path, text in files.items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text(text, encoding="utf-8")
        return files

    first = [brief(number) for number in range(6)]
    built(first)
    assert sorted(items) == sorted(b.incident_id for b in first for _ in ("html", "txt"))
    items.clear()
    grown = [*first, brief(6)]
    files = built(grown)
    assert items == ["i-6", "i-6"]
    assert len(files) == 2  # one week
    assert files == render_mails(plan(grown), make_environment(None))
    assert "Bridge 6 reopens" in files["weeks/2024-W10.email.txt"]


def test_the_next_build_reads_only_the_pages_that_changed(
    demo_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build's staging links every page of content/ (which moves its change time): the
    stat kept for the next build is the one after, so that build reads no page it did not
    write, and reads back those it wrote."""
    import time

    from digest.config import load_project
    from digest.pipeline import build

    project = load_project(demo_project / "mkdocs.yml")
    build(project)
    # Every read as if long after the page's last change (none is racily clean).
    monkeypatch.setattr(frontmatter, "_now", lambda: time.time_ns() + 10**10)
    for number, place in enumerate(("KARVAN", "HALVIK")):
        (demo_project / "articles" / f"extra-{number}.txt").write_text(
            f"{place} (Basin Wire) — Engineers reopened the Old Mill bridge on Sunday.\n",
            encoding="utf-8",
        )
        read = _counting_heads(monkeypatch)
        report = build(project)
    assert 0 < len(read) == report.pages_written
    assert {path.name for path in read} < {p.name for p in (demo_project / "content").rglob("*.md")}


def test_a_listing_page_is_rendered_again_only_when_its_context_changed(tmp_path: Path) -> None:
    from dataclasses import replace

    from digest.model import CitedSentence
    from digest.publish.memo import memoised_page
    from digest.publish.templates import markdown_environment

    content = tmp_path / "content"
    content.mkdir()
    base = Brief(
        incident_id="b-two",
        headline="Floods",
        articles=(),
        related=(Related(incident_id="a-one", shared=("Erbil",)),),
    )

    def context(brief: Brief, url: str = "../b-two.md") -> dict[str, object]:
        return {"label": "Week 5", "incidents": [{"brief": brief, "url": url}], "first": True}

    def rendered(folder: Path | None, value: dict[str, object]) -> bool:
        """Whether the page is rendered (not taken from content/), kept for the next."""
        environment = markdown_environment(folder)
        template = environment.from_string(
            "{{ label }}{% for item in incidents %} {{ item.brief.headline }}"
            " {{ item.brief.summary|length }} {{ item.url }}{% endfor %}\n"
        )
        memo = PageMemo(tmp_path / "cache", content, salt="s")
        text = memoised_page(memo, "weeks/w.md", template, value)
        memo.save()
        (content / "weeks").mkdir(exist_ok=True)
        (content / "weeks" / "w.md").write_text(text, encoding="utf-8")
        return memo.rendered == 1

    assert rendered(None, context(base))
    # Equal values, other objects: kept.
    assert not rendered(None, context(replace(base)))
    # Anything of the context, however deep, or of a brief it holds: rendered again.
    assert rendered(None, context(base, url="../other.md"))
    assert not rendered(None, context(base, url="../other.md"))
    summary = (CitedSentence(text="Rivers rose.", article_id="x"),)
    assert rendered(None, context(replace(base, summary=summary), url="../other.md"))
    changed = replace(base, summary=summary)
    # A brief's related incidents: digest's own templates show them on incident pages only.
    linked = replace(changed, related=(*base.related, Related(incident_id="c-3", shared=())))
    assert not rendered(None, context(linked, url="../other.md"))
    # A project's own template may show them.
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "week.md.j2").write_text("{{ incidents }}\n", encoding="utf-8")
    assert rendered(folder, context(linked, url="../other.md"))
    unlinked = replace(linked, related=base.related)
    assert rendered(folder, context(unlinked, url="../other.md"))


def test_listings_are_not_rendered_again_for_links_to_related_incidents(tmp_path: Path) -> None:
    """Weeks, months, places, people, tags and threads do not show a brief's links to
    related incidents (incident pages do): with digest's own templates, a change of those
    links alone renders none of them again; with a project's own, all that show it."""
    from dataclasses import replace

    from digest.config import SyndicationSettings
    from digest.publish.listings import render_listings
    from digest.publish.pages import _archive_pages
    from digest.publish.plan import plan_site
    from digest.publish.templates import markdown_environment

    def dated(incident_id: str, day: int) -> Brief:
        return Brief(
            incident_id=incident_id,
            headline=f"Floods in Halvik, day {day}",
            articles=(),
            date_start=datetime(2024, 3, day, tzinfo=UTC),
            places=("Halvik",),
        )

    briefs = [dated("a-one", 4), dated("b-two", 5), dated("c-three", 6)]
    # Linked to an incident that is not published: no thread or page shows the link.
    linked = [
        replace(brief, related=(Related(incident_id="z-gone", shared=("Halvik",)),))
        for brief in briefs
    ]
    content = tmp_path / "content"

    def rendered(folder: Path | None, shown: list[Brief]) -> int:
        plan = plan_site(shown, SITE, SyndicationSettings(enabled=False))
        environment = markdown_environment(folder)
        memo = PageMemo(tmp_path / "cache", content, salt=str(folder))
        listed = [
            *render_listings(plan, environment, memo),
            *_archive_pages(plan, environment, memo),
        ]
        memo.save()
        for page in listed:
            (content / page.path).parent.mkdir(parents=True, exist_ok=True)
            (content / page.path).write_text(page.text, encoding="utf-8")
        return memo.rendered

    assert rendered(None, briefs) > 0
    assert rendered(None, linked) == 0
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "group.md.j2").write_text("{{ incidents }}\n", encoding="utf-8")
    assert rendered(folder, briefs) > 0
    assert rendered(folder, linked) > 0
