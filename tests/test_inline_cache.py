"""The inline cache (digest.publish.inline_cache): a page converted with it is the page
Python-Markdown makes without it, whether the cache is empty, filled by other pages, or read
back from disk; and a build uses it (what it holds is what the site shows)."""

from __future__ import annotations

import functools
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown import Markdown

from digest.config import load_project
from digest.pipeline import build
from digest.publish import inline_cache
from digest.publish.inline_cache import (
    CACHE_FILE,
    SAFE_EXTENSIONS,
    InlineCache,
    extensions_key,
)

EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html"]
CONFIGS = {"toc": {"permalink": True}}

# Cards as the listings write them, and the syntax whose HTML is a page's own: reference
# links, raw HTML, entities, attribute lists, escapes, a link around the text.
PAGES = [
    "# Week 5\n\n## 1. [Floods in *Halvik*](../incidents/a.md)\n\n"
    "**1 February 2025** · Halvik · 3 reports\n\nThe river rose \\`\\` two metres '' "
    "overnight, and *the* dam __held__.\n\n## 2. [Port strike](../incidents/b.md)\n\n"
    "**2 February 2025** · Place unknown · single source\n\nDockers walked out.\n",
    '<div class="grid cards" markdown>\n\n-   **[Floods in *Halvik*](../incidents/a.md)**\n\n'
    "    ---\n\n    1 February 2025 · Halvik · 3 reports\n\n"
    "    The river rose \\`\\` two metres '' overnight, and *the* dam __held__.\n\n</div>\n",
    "# Halvik\n\n- **1 February 2025**: [Floods in *Halvik*](../incidents/a.md) · Halvik\n"
    "- **2 February 2025**: [Port strike][strike] · Place unknown\n\n"
    "[strike]: ../incidents/b.md\n\nSee [Port strike][strike] and [the other][].\n",
    "# Odd\n\nDockers walked out.\n\nAT&amp;T and &copy; 2025.\n\nAT&amp;T and &copy; <span>raw</span> `<code>`\n\n"
    "Dockers walked out.\n{: .lead }\n\n## Port strike {: #strike }\n\n"
    "1. [Port strike](../incidents/b.md)\n2. Dockers walked out.\n\n"
    '| a | b |\n|---|---|\n| *x* | [y](z.md) |\n\n!!! note "A *note*"\n    Dockers walked out.\n',
    "# Week 6\n\n## 1. [Floods in *Halvik*](../incidents/a.md)\n\n"
    "**1 February 2025** · Halvik · 3 reports\n\nThe river rose \\`\\` two metres '' "
    "overnight, and *the* dam __held__.\n\n<a href='x.md' markdown>Dockers *walked* out.</a>\n",
]


def _convert(
    text: str,
    cache: InlineCache | None,
    extensions: list[str] = EXTENSIONS,
    added: tuple[str, ...] = (),
) -> str:
    # ``added``: extensions a page's Markdown gets that the cache was not configured with
    # (a MkDocs plugin's on_config adds them after digest read the configuration).
    given: list[object] = [*extensions, *added, *([cache] if cache else [])]
    return Markdown(extensions=given, extension_configs=CONFIGS).convert(text)


def _cache(path: Path, extensions: list[str] = EXTENSIONS) -> InlineCache:
    key = extensions_key(extensions, CONFIGS)
    assert key is not None
    return InlineCache(extensions, CONFIGS, key, path)


# Text that each of Python-Markdown's extensions does something with.
EXTRA = (
    '# Terms\n\nApple\n:   A fruit\'s *skin* -- thin... "quoted" <<angled>>.\n\n'
    "One line  \nnext line\nthird line with __legacy_em__ and _under_score_.\n\n"
    "* a 'list'\n\n1. next -- 'numbered'\n\n    :::python\n    x = 'code'\n"
)


@pytest.mark.parametrize("extension", sorted(SAFE_EXTENSIONS))
def test_each_safe_extension_converts_as_without_the_cache(extension: str, tmp_path: Path) -> None:
    extensions = sorted({*EXTENSIONS, extension})
    pages = [*PAGES, EXTRA]
    plain = [_convert(text, None, extensions) for text in pages]
    cache = _cache(tmp_path / CACHE_FILE, extensions)
    assert [_convert(text, cache, extensions) for text in pages] == plain
    assert [_convert(text, cache, extensions) for text in pages] == plain


def test_smarty_turns_the_cache_off() -> None:
    # Its second inline pass skips the atomic strings the cache gives.
    assert extensions_key([*EXTENSIONS, "smarty"], CONFIGS) is None


@pytest.mark.parametrize("added", ["abbr", "smarty"])
def test_a_page_with_extensions_the_cache_was_not_given_converts_without_it(
    added: str, tmp_path: Path
) -> None:
    text = "The WHO said 'so' -- twice.\n\n*[WHO]: World Health Organization\n"
    cache = _cache(tmp_path / CACHE_FILE)
    _convert(text.split("\n")[0], cache)  # the text is in the cache now
    assert _convert(text, cache, added=(added,)) == _convert(text, None, added=(added,))


def test_pages_convert_as_without_the_cache_cold_warm_and_read_back(tmp_path: Path) -> None:
    plain = [_convert(text, None) for text in PAGES]
    cache = _cache(tmp_path / CACHE_FILE)
    assert [_convert(text, cache) for text in PAGES] == plain
    assert [_convert(text, cache) for text in PAGES] == plain
    assert "Dockers walked out." in cache.entries
    cache.save()
    again = _cache(tmp_path / CACHE_FILE)
    assert set(again.entries) == set(cache.entries)
    assert [_convert(text, again) for text in reversed(PAGES)] == plain[::-1]


def test_an_extension_not_known_to_be_safe_turns_the_cache_off() -> None:
    assert extensions_key([*EXTENSIONS, "abbr"], CONFIGS) is None
    assert extensions_key([*EXTENSIONS, "pymdownx.emoji"], CONFIGS) is None
    assert extensions_key(EXTENSIONS, CONFIGS) != extensions_key(EXTENSIONS, {})


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_build_shows_what_the_cache_holds_and_equals_one_without_it(
    demo_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(load_project(demo_project / "mkdocs.yml"))
    cache_file = demo_project / ".digest" / CACHE_FILE
    key, generation, entries = pickle.loads(cache_file.read_bytes())
    cold = tmp_path / "cold"
    shutil.copytree(demo_project, cold, ignore=shutil.ignore_patterns(".digest", "site"))
    with monkeypatch.context() as patch:
        patch.setattr(inline_cache, "for_config", lambda config, cache_dir: None)
        build(load_project(cold / "mkdocs.yml"))
    assert not (cold / ".digest" / CACHE_FILE).exists()
    assert _tree(cold / "site") == _tree(demo_project / "site")

    # A summary shown on the listings: what the cache holds for it is what they show.
    text = next(t for t in entries if t.startswith("**") and entries[t][0] is not None)
    _, used = entries[text]
    entries[text] = (pickle.dumps(("Planted by the test.", ())), used)
    planted = tmp_path / "planted"
    shutil.copytree(cold, planted, ignore=shutil.ignore_patterns("site"))
    (planted / ".digest" / CACHE_FILE).write_bytes(pickle.dumps((key, generation, entries)))
    build(load_project(planted / "mkdocs.yml"))
    shown = b"".join(
        data for path, data in _tree(planted / "site").items() if path.endswith(".html")
    )
    assert b"Planted by the test." in shown


def _slugify() -> Callable[[str, str], str]:
    def slugify(value: str, separator: str) -> str:
        return value

    return slugify


def test_the_key_follows_settings_under_either_name_and_functions_by_name() -> None:
    full = ["markdown.extensions.toc", "admonition"]
    assert extensions_key(full, {"markdown.extensions.toc": {"permalink": True}}) != (
        extensions_key(full, {})
    )
    # The same function in another build is another object (another address).
    assert extensions_key(["toc"], {"toc": {"slugify": _slugify()}}) == extensions_key(
        ["toc"], {"toc": {"slugify": _slugify()}}
    )
    # So is a partial of it (Material's ``slugify(case="lower")``), by its arguments.
    lower = [functools.partial(_slugify(), case=case) for case in ("lower", "lower", "upper")]
    keys = [extensions_key(["toc"], {"toc": {"slugify": partial}}) for partial in lower]
    assert keys[0] == keys[1] != keys[2]
