"""Whitespace and boilerplate: turn scraped text into clean paragraphs.

Boilerplate is found by general rules about how sites wrap an article (a "Comments" or
"Related" heading that ends it, share/subscribe lines, "Read more" links, copyright
footers), never by a list of one site's sentences.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from digest.text.lines import article_lines

# Invisible characters scrapers leave in: zero-width spaces/joiners, BOM, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# A short heading after which nothing belongs to the article.
_END_HEADING = re.compile(
    # WordPress prints its comment form's title and button as one line: "Leave a Reply
    # Cancel reply".
    r"^(?:\d+\s+)?(?:comments?|leave a (?:comment|reply)(?: cancel reply)?|post a comment|"
    r"discussion|"
    r"related(?: (?:articles?|stories|news|content|coverage|posts?))?|"
    # "Read more" alone is a button that unfolds the rest of the article; with a topic
    # ("Read more news", "See also") it heads a list of other stories.
    r"(?:read|see) (?:also|more (?:news|stories|from \w+))|more (?:from|on|stories)\b.*|"
    r"you (?:may|might) also (?:like|be interested in)|recommended(?: for you)?|"
    r"most (?:read|popular|viewed)|trending(?: now)?|tags?|topics?|"
    r"about the author|newsletter)\s*:?$",
    re.IGNORECASE,
)
# A line that is site furniture wherever it appears.
_FURNITURE = re.compile(
    r"^(?:(?:read|see) (?:more|also)\b|also read\b|related\s*:|click here\b|"
    r"share (?:this|on)\b|share\s*:|follow us\b|"
    # A call to action, not a sentence that starts with the word ("Subscribers were ...",
    # "Sign up sheets were ...", "Copyright lawyers ...").
    r"(?:subscribe|sign up)(?:\s+(?:to|for|now|here|today|free)\b|\W*$)|"
    r"(?:post|leave|add) a comment\b|advertisement\W*$|continue reading\b|"
    r"your email address will not be published\b|"
    r"by (?:continuing|using) (?:to use )?(?:this|our) (?:site|website)\b|"
    # The footer WordPress (Yoast) adds to every feed item: "The post <title> appeared
    # first on <site>." Left in, a one-paragraph excerpt above it reads as a headline.
    r"the post\b.{1,300}\bappeared first on\b|"
    r".*\b(?:all rights reserved|subscribe to our newsletter)\b|"
    r"copyright\b(?:\s*(?:©|\(c\)|\d{4})|\s+(?-i:[A-Z]))|©)",
    re.IGNORECASE,
)
# The heading of a comment thread: "34 responses to “Title”", "12 thoughts on “Title”".
_COMMENTS_COUNT = re.compile(
    r"^\d+\s+(?:responses?|comments?|replies|thoughts?)\s+(?:to|on)\b|"
    # A thread's count as its heading: "[ 167 comments ]".
    r"^[\[(]\s*\d+\s+comments?\s*[\])]$",
    re.IGNORECASE,
)
# A copyright line: the page's footer, so no article runs across it (a site menu may
# print one above the article too: the article is then the run below it). It states a
# year or reserves rights; "© Agency" alone is a photo credit inside the article.
_COPYRIGHT = re.compile(
    # The year stands by the mark ("© 2024 Example News", "© Example News 2024"); "© Jane
    # Doe Protesters outside the court on May 18, 2018" is a photo's credit and caption.
    r"^(?:©|\(c\)|copyright\b)\W*(?:[\w&.,'’-]+\W+){0,4}?(?:19|20)\d\d\b|"
    r"\ball rights reserved\b|^copyright\s*(?:©|\(c\))",
    re.IGNORECASE,
)
# A paragraph about the site's comment policy (seen without a heading too).
_COMMENT_POLICY = re.compile(
    r"\bcomments?\b.*\b(?:moderat\w*|guidelines?|approv\w*|reject\w*|publication|policy)\b|"
    r"\b(?:moderat\w*|guidelines?|approv\w*)\b.*\bcomments?\b",
    re.IGNORECASE,
)
# A cookie notice ("We use cookies and other tracking technologies to improve your
# browsing experience ...", "By choosing I Accept, you consent to our use of cookies"):
# how the site uses cookies, addressed to the reader.
_COOKIE_NOTICE = re.compile(
    r"\b(?:we|this (?:site|website)) uses? cookies\b|\bour use of cookies\b|"
    r"\bby (?:continuing|using|choosing)\b.{0,60}\bcookies\b",
    re.IGNORECASE,
)
# Quoted speech (“..., ” / "...."): a sentence quoting someone about "comments" reports
# news; it is not the site's comment policy (a button label like "Post comment" is no speech).
_QUOTED_SPEECH = re.compile(r"[“\"][^”\"]{10,}[,.!?][”\"]")
# Who the site says it is: "© 2024 Example News" or "Example News moderates all comments".
_PUBLISHER = (
    re.compile(
        r"(?:©|\([cC]\)|(?i:copyright))\s*(?:\d{4}\s*[-–]?\s*(?:\d{4})?\s*)?"
        r"(?P<name>[A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,3})"
    ),
    re.compile(r"^(?P<name>[A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,3}) moderates\b"),
)

_MAX_HEADING_WORDS = 6
_MAX_FURNITURE_WORDS = 20


@dataclass(frozen=True)
class CleanText:
    text: str
    """Paragraphs joined by newlines."""
    removed: tuple[str, ...]
    """The boilerplate lines taken out, in order."""
    publisher: str | None
    """The site's own name where its boilerplate gives it."""


def normalise_whitespace(raw: str) -> list[str]:
    """Paragraphs of ``raw``: NFC, invisible characters gone, one line per paragraph.

    Text with blank lines between paragraphs is treated as hard-wrapped (lines of one
    block are joined, unless they are a list); text without blank lines has one paragraph
    per line, as scrapers save it. A line holding only an invisible character (a page's
    zero-width spacer) is a block of its own, not a blank line: joined, a page's menus
    would become one paragraph.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text.replace("\u2028", "\n").replace("\u2029", "\n"))
    wrapped = re.search(r"\n[ \t]*\n", text)
    text = _CONTROL.sub("", _INVISIBLE.sub("", text))
    if wrapped:
        blocks = (block.split("\n") for block in re.split(r"\n[ \t]*\n", text))
        paragraphs = [line for block in blocks for line in _unwrapped(block)]
    else:
        paragraphs = text.split("\n")
    cleaned = (_SPACES.sub(" ", paragraph).strip() for paragraph in paragraphs)
    return _join_wrapped([paragraph for paragraph in cleaned if paragraph])


# A block of at least this many lines, most shorter than this, is a list (a menu, links)
# printed between blank lines, not a paragraph wrapped at a fixed width (60-80 characters).
_LIST_LINES = 5
_LIST_LINE_CHARS = 30


def _unwrapped(block: list[str]) -> list[str]:
    """One hard-wrapped block's paragraph; a list's lines stay apart."""
    lines = [line.strip() for line in block if line.strip()]
    if len(lines) >= _LIST_LINES and sorted(map(len, lines))[len(lines) // 2] < _LIST_LINE_CHARS:
        return lines
    return [" ".join(lines)]


# A line broken inside a sentence: it stops without a stop and the next line goes on in
# lower case ("... has taken" / "to her Instagram page ..."), as a page with <br> in its
# paragraphs flattens. A menu item or a headline is shorter or ends the line.
_OPEN_END = re.compile(r"[\w,]$")
_GOES_ON = re.compile(r"^[a-z]")
_SENTENCE_END = re.compile(r"[.!?…][\"”’'»)\]]*$")
_WRAPPED_WORDS = 6


def _running(line: str) -> bool:
    """Running text: long enough, most words in lower case (not a Title Case headline)."""
    words = line.split()
    lower = sum(word[0].islower() for word in words if word[0].isalpha())
    return len(words) >= _WRAPPED_WORDS and 2 * lower >= len(words)


def _join_wrapped(lines: list[str]) -> list[str]:
    """Lines of one wrapped paragraph joined: each but the last about as long as the wrap
    (running text), the last one ending its sentence or as long. Judged line by line, not
    on what was joined, so a headline never swallows a run of short lines after it."""
    joined: list[str] = []
    previous = ""
    for line in lines:
        if (
            _GOES_ON.match(line)
            and _OPEN_END.search(previous)
            and _running(previous)
            and (_running(line) or _SENTENCE_END.search(line))
        ):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
        previous = line
    return joined


def remove_boilerplate(paragraphs: list[str], page: bool = True) -> CleanText:
    """Keep the article's lines: the body (the densest run of prose, see
    :mod:`digest.text.lines`) and the headline above it; drop site furniture, the lines
    around the body, and everything after a heading that ends the article.

    ``page=False`` for text that is an article already (extracted from HTML, a feed item):
    only furniture and what follows an end heading go.
    """
    keep = article_lines(
        paragraphs,
        furniture=[_is_furniture(p) for p in paragraphs],
        footers=[_is_footer(p) for p in paragraphs],
        headings=[_is_end_heading(p) for p in paragraphs],
        page=page,
    )
    kept = [p for p, wanted in zip(paragraphs, keep, strict=True) if wanted]
    removed = [p for p, wanted in zip(paragraphs, keep, strict=True) if not wanted]
    return CleanText(text="\n".join(kept), removed=tuple(removed), publisher=_publisher(removed))


def clean(raw: str, page: bool = True) -> CleanText:
    return remove_boilerplate(normalise_whitespace(raw), page)


def _is_footer(paragraph: str) -> bool:
    return len(paragraph.split()) <= _MAX_FURNITURE_WORDS and bool(
        _COPYRIGHT.match(paragraph) or _COMMENTS_COUNT.match(paragraph)
    )


def _is_end_heading(paragraph: str) -> bool:
    return len(paragraph.split()) <= _MAX_HEADING_WORDS and bool(_END_HEADING.match(paragraph))


def _is_furniture(paragraph: str) -> bool:
    if _COOKIE_NOTICE.search(paragraph) and not _QUOTED_SPEECH.search(paragraph):
        return True
    if len(paragraph.split()) > _MAX_FURNITURE_WORDS * 3:
        return False
    if (
        _COMMENT_POLICY.search(paragraph)
        and re.search(r"\b(?:our|we|you|your)\b", paragraph, re.I)
        and not _QUOTED_SPEECH.search(paragraph)
    ):
        return True
    return len(paragraph.split()) <= _MAX_FURNITURE_WORDS and bool(_FURNITURE.match(paragraph))


def _publisher(removed: list[str]) -> str | None:
    for line in removed:
        for pattern in _PUBLISHER:
            match = pattern.search(line)
            if match:
                name = match.group("name").rstrip(".,")
                words = name.lower().split()
                # "All rights reserved", "Our team moderates ...": not a name. "The" may
                # start one ("The Valley Times") but is no name alone.
                if words[0] not in {"all", "our", "we"} and words != ["the"]:
                    return name
    return None
