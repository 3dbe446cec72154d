"""What a headline is not: page furniture a scraped page puts where a title would be.

A headline is a real title or a full news sentence that says who did what. Each predicate
here names one kind of line that is not: a dateline, a byline, a bare date, an attribution
stub, a menu, a website phrase ("Sign in", "Most popular"), a slogan, the outlet's own name,
or a fragment too short to say anything. They describe how news sites are built (a small
lexicon of the words websites use for their own machinery), never one site's strings.
"""

from __future__ import annotations

import re
from itertools import pairwise

from digest.text.dates import find_dates

MIN_HEADLINE_WORDS = 5
MAX_HEADLINE_WORDS = 30
"""Longer than this is a paragraph, not a title."""

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_LETTERS = re.compile(r"[^\W\d_]")
# Words websites use for their own machinery: navigation, accounts, subscriptions,
# sections and listings. Generic to the medium, not to any site.
_SITE_WORDS = frozenset(
    """
    home menu search skip content contents navigation nav main sections section sign log
    login logout register account subscribe subscriber subscribers subscription subscriptions
    newsletter newsletters already free trial offer digital edition editions epaper e-paper
    print advertise advertisement advertising contact privacy policy cookie cookies terms
    conditions careers jobs about help faq rss feeds follow share tweet email whatsapp
    facebook twitter instagram youtube linkedin pinterest telegram popular most read viewed
    shared trending latest top stories videos video photos podcasts podcast live watch
    listen more all topics topic tags weather horoscopes puzzles crossword games
    classifieds obituaries sitemap archive archives toggle close open back next previous
    page pages comments comment view full article site accessibility settings
    support donate shop store app apps notifications alerts breaking news updates
    continue reading story signed browser browsing device playback unsupported javascript
    enabled enable disable ad ads adblock blocker accept consent explorer chrome firefox safari
    articles blog blogs events calendar gallery galleries forum forums newsroom sharing
    """.split()
)
# Section names: what a site's sections are called, and so what a menu lists.
_SECTION_WORDS = frozenset(
    """
    world global international national local us uk europe asia africa americas
    middle east politics business economy markets money finance tech technology science
    health sport sports football culture arts entertainment lifestyle life style travel
    food opinion opinions editorial editorials columns columnists analysis features
    environment climate education media books music film films tv television fashion
    property motoring cars autos real estate region regions city metro nation state
    """.split()
)
_STOP_WORDS = frozenset(
    """
    a an the of in on at to for with by from and or but as is are was were be been has
    have had it its this that these those their his her he she they we you your our not
    over after before into about than then so if while amid against says said will would
    can could may might should do does did up out off new
    """.split()
)
# A verb a headline may turn on: the common irregular and auxiliary ones, and word
# endings that are verbal in headline English (present -s, past -ed, -ing).
COMMON_VERBS = frozenset(
    """
    is are was were be been has have had do does did will would can could may might must
    shall should says said say tells told gets got makes made takes took gives gave goes
    went comes came sees saw finds found hits hit cuts cut sets set puts put quits quit
    wins won loses lost leads led holds held keeps kept leaves left meets met sends sent
    faces faced seeks sought brings brought buys bought sells sold runs ran rises rose
    falls fell grows grew shows showed shown warns warned dies died kills killed
    """.split()
)
_VERB_ENDING = re.compile(r"^[a-z]{3,}(?:ed|es|s|ing)$")
_NOT_VERBS = frozenset("news us this has was is its his hers ours yours less ness".split())

_SEPARATORS = re.compile(r"\s+[|•·›»/>]\s+|\s+[-–—]\s+|\s*\|\s*")
_ATTRIBUTION_START = re.compile(
    r"^(?:according to|as (?:reported|told|said|first reported) (?:by|to|in)|"
    r"(?:reported|told|said|reporting|writing) (?:by|to|in)|sources? (?:say|said|close to))\b",
    re.IGNORECASE,
)
_ATTRIBUTION_END = re.compile(
    r"\b(?:said|says|say|told|reports?|reported|according to|writes|wrote)\s*[:,]?\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:by|written by|words by|reporting by|posted by|story by)\s+\S", re.IGNORECASE
)
_SLOGAN_VOICE = re.compile(
    r"\b(?:you|your|yours|our|we|(?-i:us))\b|\bsince (?:1[6-9]|20)\d\d\b|"
    r"\b(?:trusted|leading|number one|no\. ?1|independent|voice of)\b",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(r"\s[>›»]\s")
# A flattener's list marker: a symbol, or the "o" some print for a nested item ("o Home").
_BULLET = re.compile(r"[*+•▪►◦·]\s*\S|o\s+[A-Z]")
_NUMBERED_LIST = re.compile(r"(?:^|\s)\d{1,2}\.\s+\S.*\s\d{1,2}\.\s+\S")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """Words, with scripts written without spaces (Chinese, Japanese) counted at about
    two characters a word."""
    spaced = _WORD.findall(_UNSPACED.sub(" ", text))
    return len(spaced) + len(_UNSPACED.findall(text)) // 2


_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_fragment(text: str) -> bool:
    """Fewer than five words: a label, a section, a button, not who did what."""
    return word_count(text) < MIN_HEADLINE_WORDS


def is_paragraph(text: str) -> bool:
    """Longer than any title: a paragraph of the article."""
    return word_count(text) > MAX_HEADLINE_WORDS


def has_verb(text: str) -> bool:
    """Some word that can be a verb: a headline says what someone did."""
    tokens = [token.lower() for token in words(text)]
    # The word after a subject pronoun is its verb ("We talk ...", "They fled ...").
    if any(before in _PRONOUNS and after not in _STOP_WORDS for before, after in pairwise(tokens)):
        return True
    tokens = tokens[1:] if len(tokens) > 1 else tokens
    return any(
        token in COMMON_VERBS or (_VERB_ENDING.match(token) and token not in _NOT_VERBS)
        for token in tokens
    )


_PRONOUNS = frozenset("i we they you he she".split())


def site_word_share(text: str) -> float:
    """The share of a line's words that are websites' own machinery or section names."""
    tokens = [token.lower() for token in words(text)]
    if not tokens:
        return 0.0
    site = sum(token in _SITE_WORDS or token in _SECTION_WORDS for token in tokens)
    return site / len(tokens)


def stop_word_share(text: str) -> float:
    tokens = [token.lower() for token in words(text)]
    return sum(token in _STOP_WORDS for token in tokens) / (len(tokens) or 1)


def is_dateline(text: str) -> bool:
    """A dateline alone: ``WASHINGTON (Reuters) —``, ``Agency, CITY and CITY``.

    Only place and agency names (capitalised, at least one in capitals), joined by commas,
    "and" or parentheses, ending perhaps in a dash: no verb, no sentence.
    """
    stripped = text.strip().rstrip("—–-: ").strip()
    tokens = words(stripped)
    if not tokens or len(tokens) > 10 or re.search(r"[.!?]\s*$", stripped):
        return False
    names = [token for token in tokens if token.lower() not in {"and", "of", "de", "al", "el"}]
    capitalised = all(token[0].isupper() or token[0].isdigit() for token in names)
    shouting = any(len(token) >= 3 and token.isupper() for token in names)
    listed = (
        "," in stripped or "(" in stripped or " and " in stripped or text.rstrip()[-1:] in "—–-"
    )
    return capitalised and shouting and listed and not has_verb(stripped.lower())


def is_byline(text: str) -> bool:
    """``By Jane Doe, Reuters``, ``June 2, 2019 | by Jane``: who wrote it and when."""
    if len(words(text)) > 12:
        return False
    stripped = text.strip()
    # A date line names its writer anywhere: "Monday May 4, 2020 7:45 am PST by Jane Doe".
    if _BYLINE.match(stripped):
        return True
    dates = find_dates(stripped)
    if not dates:
        return False
    # A comment's header: "Jane Doe on March 4, 2020 at 4:47 pm said:".
    if _COMMENT_HEADER.search(stripped):
        return True
    return any(
        re.search(r"(?:^|[|,·•]\s*|\s)(?i:by)\s+[A-Z]", part)
        for part in (stripped[: dates[0].start], stripped[dates[-1].end :])
    ) and not re.search(r"(?i)\bby\s*$", stripped[: dates[0].start])


_COMMENT_HEADER = re.compile(r"(?i)\b(?:said|says|wrote|writes|replied|commented)\s*:\s*$")


def is_web_address(text: str) -> bool:
    """A bare web address (``https://example.com/news/article-123.php``): a link, no title."""
    return bool(_WEB_ADDRESS.fullmatch(text.strip()))


_WEB_ADDRESS = re.compile(r"(?i)(?:https?://|www\.)\S+")


def is_markup(text: str) -> bool:
    """HTML markup with attributes (``<img src=...>`` a flattener printed from a
    ``<noscript>``). A line of a raw page that holds it is no headline; a title the source
    gives may hold it and is still the source's title (escaped wherever it is shown), and a
    title may name a tag ("History of the <blink> tag")."""
    return bool(_MARKUP.search(text))


_MARKUP = re.compile(r"(?i)<[a-z]+\s+[a-z-]+\s*=")


def is_caption(text: str) -> bool:
    """A photo's caption or credit: ``(Image credit: Agency)``, ``Jane Doe Submitted photo``."""
    return bool(_CREDIT.search(text))


_CREDIT = re.compile(
    r"(?i)\b(?:photo|image|picture|video)s?\s*(?:credit|courtesy)\b|"
    r"\b(?:photograph(?:ed)?|photo|pictured|illustration)\s*(?:by|:)|^(?:image|picture)\s*:|"
    r"\bsubmitted (?:photo|image)\b|\bcredit\s*:|\b(?:getty|shutterstock) images\b|"
    r"^(?:media|image|photo|video)\s?caption|"
    # "Credit... Jane Doe/Agency", and who stands where in the picture: "(left)", "(pictured)".
    r"\bcredit\s*(?:\.{2,}|…)|\((?:left|right|centre|center|pictured|above|below|top|bottom)\)"
)


def is_photo_caption(text: str) -> bool:
    """An agency's caption of an old picture (``In this Dec. 12, 2006, file photo, ...``,
    ``... (AP Photo/Jane Doe, file photo)``), or a gallery's counter glued to its caption
    (``2of6Jane Doe looks at ...``). Only in these shapes: "file photo" and "2 of 6" are
    words a title or a lead may use ("Police release file photo of suspect", "3 of 5
    Democrats back plan"); a counter with spaces is a caption only where the page repeats
    it (see :func:`digest.text.titles.gallery_lines`)."""
    return bool(_PHOTO_CAPTION.search(text.strip()))


_FILE_PHOTO = r"file (?:photo|image|picture|photograph)s?"
_PHOTO_CAPTION = re.compile(
    rf"(?i)^in this\b.{{0,60}}?\b{_FILE_PHOTO}\b|\b{_FILE_PHOTO}\s*\)|"
    r"^\d{1,2}of\d{1,2}(?=[A-Z])"
)


def is_date_line(text: str) -> bool:
    """A line that is only a date or a time stamp: ``Updated 10:42 GMT, June 28, 2021``,
    ``2 days ago at 07:54 am``."""
    if _RELATIVE_TIME.search(text) and len(words(text)) <= 8:
        return True
    found = find_dates(text)
    if not found:
        return False
    rest = text
    for date in found:
        rest = rest.replace(text[date.start : date.end], " ")
    # Times as pages print them: "4:07 pm", "4:07 PM", "10:42 GMT", "5:36 PM CST".
    rest = re.sub(r"\d{1,2}[:.]\d\d(?:\s*[aApP]\.?[mM]\.?)?|\b(?:GMT|UTC|[A-Z]{2,4}T)\b", " ", rest)
    leftover = [
        token
        for token in words(rest)
        if token.lower()
        not in {"published", "updated", "posted", "last", "first", "on", "at", "date", "modified"}
        and token.lower() not in _WEEKDAYS
    ]
    return len(leftover) <= 1


_RELATIVE_TIME = re.compile(
    r"(?i)\b(?:\d+|an?|one)\s+(?:second|minute|min|hour|hr|day|week|month|year)s?\s+ago\b"
)
_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs "
    "fri sat sun".split()
)


def is_attribution_stub(text: str) -> bool:
    """``According to two U.S. officials``, ``Officials told Reuters:``: who says, not what."""
    stripped = text.strip()
    if _ATTRIBUTION_START.match(stripped):
        # "According to X, Y did Z" is a sentence; "According to X" alone is a stub.
        tail = stripped.partition(",")[2]
        return len(words(tail)) < MIN_HEADLINE_WORDS
    return len(words(stripped)) <= 10 and bool(_ATTRIBUTION_END.search(stripped))


def is_menu(text: str) -> bool:
    """A row of navigation: separated short items, a numbered list of links, a run of
    section words, or a line that opens with a website's machinery (``SECTIONS …``,
    ``Skip to content``)."""
    stripped = text.strip()
    segments = [segment for segment in _SEPARATORS.split(stripped) if segment.strip()]
    short = all(len(words(segment)) <= 3 for segment in segments)
    # A breadcrumb ("Health > Weight Loss") needs only two: its arrows lead into sections.
    if short and (len(segments) >= 3 or (len(segments) == 2 and _BREADCRUMB.search(stripped))):
        return True
    # A flattener marks list items ("* ", "+ ", "• "): an item of a list of links.
    if _NUMBERED_LIST.search(stripped) or _BULLET.match(stripped):
        return True
    # A table row or a score line: mostly numbers (a date's are no table's).
    undated = _without_dates(stripped)
    numbers = sum(token.isdigit() for token in words(undated))
    if numbers >= 4 and numbers / len(words(undated)) >= 0.5:
        return True
    tokens = words(stripped)
    if len(tokens) >= 3 and site_word_share(stripped) >= 0.6:
        return True
    # A menu's own name among the items ("Follow us - Menu - News ..."), or a row of
    # social networks ("Facebook Instagram YouTube").
    if any(segment.strip().lower() in _MENU_NAMES for segment in segments[1:]):
        return True
    if _SOCIAL_ROW.search(stripped):
        return True
    # Machinery glued in front of a title: "SECTIONS Iraq summons ...", "Skip to content ...".
    first = tokens[0] if tokens else ""
    if first.isupper() and len(first) > 2 and first.lower() in _SITE_WORDS | _SECTION_WORDS:
        return len(tokens) > 1 and not tokens[1].isupper()
    return bool(re.match(_NAVIGATION, stripped) or _is_name_run(tokens))


def is_listing(text: str) -> bool:
    """A list flattened onto one line, however long: items each with its label in brackets
    (a language or edition picker: "Argentina (español) Australia (English) ..."), words in
    alphabetical order (a tag cloud), or a list's item with its count of comments or stories
    in brackets ("Coach fined for brawl (142)")."""
    return _is_labelled_row(text) or _is_alphabetical(words(text)) or bool(_COUNTED.search(text))


def _is_labelled_row(text: str) -> bool:
    """Items each with its label in brackets and nothing else: no verb and no small word
    between them. A sentence may label its people so ("Cruz (R-Texas), Cornyn (R-Texas)
    and Pelosi (D-Calif.) clash over ..."), but joins them with "and" and says what they
    did; a picker is its items alone."""
    items = list(_LABELLED_ITEM.finditer(text))
    if len(items) < _LABELLED_ITEMS:
        return False
    # Outside the brackets: each item's name (up to three capitalised words before its
    # bracket) and whatever else the line says.
    rest: list[str] = []
    start, listed = 0, 0
    for item in items:
        before = words(text[start : item.start()])
        named = 0
        while named < _ITEM_NAME_WORDS and named < len(before) and before[-1 - named][0].isupper():
            named += 1
        rest += before[: len(before) - named]
        listed += named + len(words(item.group()))
        start = item.end()
    rest += words(text[start:])
    return (
        len(rest) <= _LEFTOVER_SHARE * listed
        and not any(token.lower() in _STOP_WORDS for token in rest)
        and not has_verb(" ".join(["it", *rest]))
    )


def _is_alphabetical(tokens: list[str]) -> bool:
    """Words in the order of the alphabet: a tag cloud or an index flattened onto one line
    (``adopt a pet air alerts animals arts bikes books ...``). Of a sentence's words, about
    half follow one another so; of a sorted list, all but a few."""
    initials = [token[0].lower() for token in tokens if token[0].isalpha()]
    if len(initials) < _SORTED_WORDS:
        return False
    ordered = sum(before <= after for before, after in pairwise(initials))
    return ordered >= _SORTED_SHARE * (len(initials) - 1)


_SORTED_WORDS = 10
_SORTED_SHARE = 0.85


def _is_name_run(tokens: list[str]) -> bool:
    """A row of capitalised link words with no small word between them: ``Overview News
    Articles Interviews Calendar``. A headline in title case still has its "of", "to", "in"
    and a verb; a menu row, flattened onto one line, has neither."""
    if len(tokens) < _NAME_RUN or any(token.lower() in _STOP_WORDS for token in tokens):
        return False
    capitalised = sum(token[0].isupper() for token in tokens)
    site = sum(token.lower() in _SITE_WORDS | _SECTION_WORDS for token in tokens)
    return capitalised == len(tokens) and site >= 2


_NAME_RUN = 5
_NAVIGATION = re.compile(
    r"(?i)(?:skip|jump) to\b|go to (?:content|main)\b|you are here\b|"
    r".{0,20}\bback to (?:\w+ )?(?:home|homepage|top|main)\b"
)


def glued_menu_words(text: str) -> int:
    """How many words at the start of ``text`` are a menu glued to a title: words of a
    site's machinery or sections in capitals (``SECTIONS Iraq summons ...``, ``WORLD NEWS
    Iraq ...``), or a menu's own name (``Menu Iraq summons ...``); 0 when none."""
    tokens = words(text)
    count = 0
    for token in tokens[:3]:
        lower = token.lower()
        shouted = token.isupper() and len(token) > 2 and lower in _SITE_WORDS | _SECTION_WORDS
        if not (shouted or lower in _MENU_NAMES):
            break
        count += 1
    rest = tokens[count:]
    # What follows must be a title of its own: capitalised, five words or more, not shouting.
    if (
        not count
        or len(rest) < MIN_HEADLINE_WORDS
        or not rest[0][:1].isupper()
        or rest[0].isupper()
    ):
        return 0
    return count


_COUNTED = re.compile(r"\s\((?!(?:1\d|20)\d\d\))\d{1,4}\)$")
"""A count in brackets ending the line; not a year ("Gwen Stefani (1980)", "(1776)")."""
_LABELLED_ITEM = re.compile(r"\([^\W\d_][^()\d]{1,23}\)")
_LABELLED_ITEMS = 3
_ITEM_NAME_WORDS = 3
_LEFTOVER_SHARE = 0.25
"""Words besides the items' names and labels a row of them may hold (a picker's heading)."""
_MENU_NAMES = frozenset("menu sections navigation".split())
_SOCIAL = "(?:facebook|twitter|instagram|youtube|linkedin|pinterest|whatsapp|telegram|tiktok)"
# Two networks' names with nothing but space or a bullet between: their buttons in a row.
_SOCIAL_ROW = re.compile(rf"(?i)\b{_SOCIAL}\s+(?:[*•|]\s*)?{_SOCIAL}\b")


def is_site_phrase(text: str, statement: bool = False) -> bool:
    """Website machinery: ``Already a subscriber?``, ``Most Popular``, or the site talking
    to its reader about itself (``We use cookies to improve your browsing ...``).

    ``statement``: ``text`` is a finished sentence of an article's body. Its words of a
    site's workings then make it the site's only when it speaks to the reader or bids them
    ("Subscribe to ..."): a story may tell of browsers and websites ("Attackers exploited a
    flaw in the Chrome and Firefox browsers.")."""
    tokens = [token.lower() for token in words(text)]
    content = [token for token in tokens if token not in _STOP_WORDS]
    if not content:
        return False
    site = sum(token in _SITE_WORDS for token in content)
    if len(tokens) <= 8 and site / len(content) >= 0.5:
        return True
    # The site naming itself ("on this website", "our app") or its failures ("Something went
    # wrong", "Invalid query"): no story speaks so.
    if _SELF_REFERENCE.search(text):
        return True
    # The site greeting its reader: "Welcome to Example Times' new edition" (no story told).
    named = [token for token in words(text)[2:] if token[:1].islower()]  # capitals: a name
    if tokens[:2] == ["welcome", "to"] and not has_verb(" ".join(["to", *named])):
        return True
    addressed = any(token in {"you", "your", "we", "our"} for token in tokens)
    machinery = sum(token in _MACHINE_WORDS for token in content)
    if statement and has_verb(text) and tokens[0] not in _MACHINE_WORDS:
        return machinery >= 2 and addressed
    return machinery >= 2 and (addressed or len(tokens) <= 15)


_SELF_REFERENCE = re.compile(
    r"(?i)\b(?:this|our) (?:web ?site|site|page|app|newsletter)\b|"
    r"\bsomething went wrong\b|\binvalid (?:query|request|input)\b|\bpage not found\b|"
    r"\bno results? found\b|\bplease (?:try again|enable|disable|update|log ?in|sign ?in)\b|"
    # Its disclosure of paid links: "This post may contain affiliate links".
    r"\bcontains? (?:affiliate|referral)\b[^.]{0,30}?\blinks?\b|"
    # Its buttons and form fields: "Click here to ...", "Enter city or zip code".
    r"\b(?:click|tap) (?:here|to)\b|\bopens in (?:a )?new window\b|"
    r"\benter (?:a |your )?(?:city|e-?mail|zip|post ?code|keyword)|"
    r"\bzip code\b|"
    # Its copyright notice: "This material may not be published, broadcast ...".
    r"\bmay not be (?:published|reproduced|copied|redistributed|republished)\b|"
    r"\ball rights reserved\b|"
    # Its owner's line: "Example Times, a Example Media company".
    r"^[^,]{2,40}, an? (?:[A-Z][\w&.-]* ){1,4}(?-i:company)\s*$|"
    # Its social buttons: "Follow Jane Doe on Twitter".
    r"^(?:follow|like|join|find) (?:\S+ ){0,5}on (?:twitter|facebook|instagram|linkedin|"
    r"youtube|tiktok|x)\b"
)


# What a website says about its own workings when it talks to its reader.
_MACHINE_WORDS = frozenset(
    """
    cookie cookies browser browsing device javascript enabled enable adblock blocker
    subscribe subscriber subscription newsletter account sign signed login register consent
    accept privacy policy settings notifications app playback unsupported explorer chrome
    firefox safari website site email password download install
    """.split()
)


def _without_dates(text: str) -> str:
    for found in reversed(find_dates(text)):
        text = text[: found.start] + " " + text[found.end :]
    return text


def is_outlet_name(text: str, outlet: str | None = None, host: str | None = None) -> bool:
    """The outlet's own name (or its web address's), as a line or a title on its own."""
    key = _squash(text)
    if not key:
        return False
    for name in (outlet, host_name(host)):
        squashed = _squash(name or "")
        if squashed and (key == squashed or key == "the" + squashed or "the" + key == squashed):
            return True
    return False


def addresses_reader(text: str) -> bool:
    """The site telling its reader what they can do (``You can change the location at any
    time``, ``Your weather is set to``): a widget's or a form's text. A title may speak so
    ("You can now pay by phone"), so this only keeps a sentence from being made into a
    headline where the text has none (``digest.normalise``, :func:`digest.text.titles.
    fallback_title`); it is no fault of a title the source gives or a page prints as its
    head, and so no part of :func:`headline_faults`."""
    return bool(_READER_ADDRESS.match(text.strip())) and word_count(text) <= _ADDRESS_WORDS


_READER_ADDRESS = re.compile(
    r"(?i)(?:you\s+(?:can|may|must|will|need|should|might|could)|you['’](?:ll|re|ve)|"
    r"your\s+\w+(?:\s+\w+)?\s+(?:is|are|has|have))\b"
)
_ADDRESS_WORDS = 15


def is_slogan(text: str) -> bool:
    """A site's motto: a few words that speak for the outlet or to the reader and report
    nothing (``Your trusted voice since 1901``, ``The independent voice of the valley``)."""
    # A motto shouted as a banner beside other text ("The New Example App: THE VALLEY'S MOST
    # TRUSTED NEWS. ANYTIME."): a part in capitals that is one.
    parts = [part for part in _BANNER_BREAK.split(text) if len(words(part)) >= 3]
    if len(parts) > 1 and any(part.isupper() and is_slogan(part) for part in parts):
        return True
    tokens = words(text)
    # A numbered or labelled title ("Episode 12: Your ...") is an episode's, not a motto.
    if not tokens or len(tokens) > 10 or ":" in text or re.search(r"\d", _SINCE.sub("", text)):
        return False
    # Participles are a motto's adjectives and gerunds ("trusted", "Serving the valley"),
    # not what happened.
    reports = has_verb(re.sub(r"(?i)\b\w+(?:ed|ing)\b", " ", text))
    return bool(_SLOGAN_VOICE.search(text)) and not reports


_SINCE = re.compile(r"(?i)\bsince \d{4}\b")
_BANNER_BREAK = re.compile(r"[:|]\s+|[.!]\s+")


def host_name(host: str | None) -> str | None:
    """``www.example-times.co.uk`` → ``example-times``."""
    if not host:
        return None
    labels = [label for label in host.lower().split(".") if label and label != "www"]
    while len(labels) > 1 and (len(labels[-1]) <= 3 or labels[-1] in {"com", "co", "org", "net"}):
        labels.pop()
    return labels[0] if labels else None


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def headline_faults(text: str, outlet: str | None = None, host: str | None = None) -> list[str]:
    """The kinds of non-headline ``text`` is (empty when it can be a headline)."""
    checks = (
        ("fragment", is_fragment(text)),
        ("paragraph", is_paragraph(text)),
        ("dateline", is_dateline(text)),
        ("byline", is_byline(text)),
        ("caption", is_caption(text)),
        ("date", is_date_line(text)),
        ("attribution", is_attribution_stub(text)),
        ("menu", is_menu(text)),
        ("link", is_web_address(text)),
        ("markup", is_markup(text)),
        ("site", is_site_phrase(text)),
        ("outlet", is_outlet_name(text, outlet, host)),
        ("slogan", is_slogan(text)),
        ("photo", is_photo_caption(text)),
        ("listing", is_listing(text)),
    )
    return [kind for kind, failed in checks if failed]


FURNITURE = frozenset(
    "dateline byline caption date attribution menu link markup site outlet slogan photo "
    "listing".split()
)
"""What a headline may never be, whatever its length: page furniture."""


def is_headline(text: str, outlet: str | None = None, host: str | None = None) -> bool:
    return not headline_faults(text, outlet, host) and bool(_LETTERS.search(text))
