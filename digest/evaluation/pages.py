"""The extraction benchmark's saved pages as a scraper saves them: visible text, one block
a line (menus, footers and all), the way digest's ``.txt`` reader gets raw pages."""

from __future__ import annotations

# Elements whose start and end break a line when a page is flattened: the block-level
# elements of HTML, plus <br> and table cells (a scraper puts cells on lines of their own).
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary "
    "table td th tr ul option button label".split()
)
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "iframe")


def one_block_a_line(text: str) -> str:
    """Each line's whitespace collapsed, empty lines dropped."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def flatten_lxml(html: str) -> str:
    """lxml's ``text_content`` with a line break at each block element's start and end."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    # Listed first: dropping an element while iterating would end the iteration early.
    for element in list(root.iter(*_INVISIBLE_TAGS)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return one_block_a_line(root.text_content())
