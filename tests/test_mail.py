"""The weekly digest as an e-mail: an HTML file and a plain-text one for every week, which a
mail client shows whole without fetching anything, every link absolute to the site."""

from __future__ import annotations

import html.parser
import re
from collections.abc import Callable
from pathlib import Path

from digest.publish.pages import read_front_matter

# Elements that load something, or run something, when a mail client shows the message.
_LOADING = {
    "script",
    "img",
    "link",
    "iframe",
    "object",
    "embed",
    "style",
    "video",
    "audio",
    "source",
    "picture",
    "frame",
    "base",
    "form",
    "svg",
}


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collector()
    parser.feed(text)
    parser.close()
    return parser.tags


def _week_incidents(project: Path, week: str) -> list[str]:
    """The incident ids the week's page lists (its links to incidents/<id>.md)."""
    text = (project / "content" / "weeks" / f"{week}.md").read_text(encoding="utf-8")
    return re.findall(r"\]\(\.\./incidents/([a-z0-9-]+)\.md\)", text)


def test_every_week_is_written_as_a_self_contained_mail(
    demo_project: Path, run: Callable[..., object]
) -> None:
    result = run("build", "-f", demo_project / "mkdocs.yml")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    site_url = "https://example.org/velda-briefing/"
    weeks = sorted(
        path.stem
        for path in (demo_project / "content" / "weeks").glob("*.md")
        if (read_front_matter(path) or {}).get("week")
    )
    assert len(weeks) >= 3
    listed = 0
    for week in weeks:
        mail = demo_project / "site" / "weeks" / f"{week}.email.html"
        text = (demo_project / "site" / "weeks" / f"{week}.email.txt").read_text(encoding="utf-8")
        page = mail.read_text(encoding="utf-8")
        tags = _tags(page)
        links = [attrs.get("href") or "" for tag, attrs in tags if tag == "a"]
        for tag, attrs in tags:
            # <meta http-equiv="refresh"> would load another page.
            assert tag != "meta" or "http-equiv" not in attrs, f"{mail.name}: {attrs}"
            assert tag not in _LOADING, f"{mail.name}: <{tag}> {attrs}"
            assert "src" not in attrs and "srcset" not in attrs, f"{mail.name}: {tag} {attrs}"
            assert not any(name.startswith("on") for name in attrs), f"{mail.name}: {attrs}"
            style = (attrs.get("style") or "").lower()
            assert "url(" not in style and "@import" not in style, f"{mail.name}: {style}"
        assert links and all(link.startswith(site_url) for link in links), links
        assert "<script" not in page.lower()
        # Every incident of the week, linked by its page's absolute URL, in both versions.
        for incident in _week_incidents(demo_project, week):
            url = f"{site_url}incidents/{incident}/"
            assert url in links, (week, url)
            assert url in text.split(), (week, url)
            listed += 1
        assert f"{site_url}weeks/{week}/" in links
    assert listed >= 5
