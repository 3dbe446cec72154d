"""The Jinja2 environment: the project's templates first, the package's defaults last.

A project template can extend a default one: ``{% extends "default:incident.md.j2" %}``.

Article text is hostile. In Markdown templates (``*.md.j2``) every ``{{ value }}`` is
escaped for Markdown *and* HTML by default (``finalize``), so a title such as
``[click](javascript:…)`` or ``<script>`` prints as text; a template opts out only with
values wrapped in :class:`markupsafe.Markup` by our own code. XML templates autoescape.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup

_PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_SOURCE_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# Characters that start Markdown inline syntax anywhere. Python-Markdown can only
# backslash-escape \ ` * _ { } [ ] ( ) > # + - . !, so the set stays inside that list.
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]])")
# Constructs that only matter at the start of a block: headings, lists, quotes.
_BLOCK_START = re.compile(r"^(\s*)([#+\-]|\d+(?=[.)]))")


def default_templates_dir() -> Path:
    """The templates shipped with digest (inside the wheel, or the source checkout's)."""
    return _PACKAGE_TEMPLATES if _PACKAGE_TEMPLATES.is_dir() else _SOURCE_TEMPLATES


def md_escape(value: Any) -> str:
    """Text that renders as itself in Markdown and HTML, on one line."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = html.escape(text, quote=False)
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    match = _BLOCK_START.match(text)
    if match:
        if match.group(2)[0].isdigit():
            end = match.end()
            text = text[:end] + "\\" + text[end:]
        else:
            text = text[: match.start(2)] + "\\" + text[match.start(2) :]
    return text


def safe_url(value: Any) -> Markup:
    """An http(s) URL fit for a Markdown link, or "" for anything else (javascript:, data:)."""
    if not value:
        return Markup("")
    url = str(value).strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return Markup("")
    # Parentheses, spaces, quotes, brackets and angle brackets would end or break a
    # Markdown link, so they are percent-encoded.
    return Markup(quote(url, safe=":/?#@!$&'*+,;=%~"))


def rfc822(value: datetime | None) -> str:
    return format_datetime(value) if value else ""


def iso_date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def human_date(value: datetime | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def mid_sentence(value: Any) -> str:
    """A phrase that began its sentence, for the middle of a line: "Twelve people" →
    "twelve people". Only for figures: a qualifier or a number word is never a name."""
    text = "" if value is None else str(value)
    return text[:1].lower() + text[1:]


_COMMON_OPENERS = frozenset(
    "two three four five six seven eight nine ten several some many both other local senior"
    " military security police government".split()
)


def reporter_mid_sentence(value: Any) -> str:
    """Who reported a figure, for "according to …": a subject that opened its sentence
    ("Two U.S. officials, speaking to Reuters, said") loses its capital when its first word
    is a common one, never when it may be a name ("Kirby", "Iraq’s foreign ministry")."""
    text = "" if value is None else str(value)
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first.lower() in _COMMON_OPENERS else text


def _finalize_markdown(value: Any) -> Any:
    return md_escape(value)


def make_environment(project_templates: Path | None) -> jinja2.Environment:
    defaults = jinja2.FileSystemLoader(str(default_templates_dir()))
    loaders: list[jinja2.BaseLoader] = []
    if project_templates is not None and project_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(project_templates)))
    loaders += [jinja2.PrefixLoader({"default": defaults}), defaults]
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("xml", "html", "xml.j2", "html.j2")
        ),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        md=md_escape,
        url=safe_url,
        rfc822=rfc822,
        iso_date=iso_date,
        human_date=human_date,
        mid_sentence=mid_sentence,
        reporter_mid_sentence=reporter_mid_sentence,
    )
    return environment


def markdown_environment(project_templates: Path | None) -> jinja2.Environment:
    """Like :func:`make_environment`, escaping every printed value for Markdown."""
    environment = make_environment(project_templates)
    environment.finalize = _finalize_markdown
    return environment
