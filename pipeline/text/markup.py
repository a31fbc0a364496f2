"""HTML markup left in scraped text ("<p>", "<br/>", '<div class="ad">'), taken out before the rules read the lines.

Some scrapers save an article's inner HTML as its text. Left in, the tags hide every line from the rules ('<div
class="ad">Advertisement</div>' is no ad marker), the headline in "<h1>" is never found, and tag names become words
of the fingerprint.

Only the elements of HTML are tags here (the WHATWG HTML Living Standard's index of elements, and the obsolete
``center``, ``font``, ``big``, ``tt`` and ``strike`` that old pages still carry), and only in a text that has
markup's shape: at least :data:`MIN_TAGS` of them, one a closing tag. A story that mentions a tag ("use <p> for
paragraphs") or compares numbers ("a<b and c>d") keeps its text. Entities ("&lt;p&gt;") are decoded later, by
ftfy, so a tag a story writes as text stays text.

What the tags become: a block element (paragraph, heading, list item, table cell, "div") ends a paragraph, "<br>"
ends a line, other tags go; comments, the document type and the contents of "script", "style" and the like (code,
not text) go with them.
"""

from __future__ import annotations

import re

# The HTML elements (https://html.spec.whatwg.org/multipage/indices.html#elements-3), and obsolete ones still seen.
ELEMENTS = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col
    colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 h2 h3
    h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark menu meta meter
    nav noscript object ol optgroup option output p picture pre progress q rp rt ruby s samp script search section
    select slot small source span strong style sub summary sup table tbody td template textarea tfoot th thead time
    title tr track u ul var video wbr center font big tt strike svg math""".split()
)
# Elements whose start and end are paragraph boundaries in the page's text.
BLOCK_ELEMENTS = frozenset(
    """address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html li main nav ol p pre section summary table tbody td tfoot
    th thead title tr ul""".split()
)
# Elements whose content is code or data, not text.
HIDDEN_ELEMENTS = ("script", "style", "noscript", "template", "svg", "math")
# A text with fewer tags is a story that mentions them.
MIN_TAGS = 3

# A start or end tag: its name, then attributes (quoted values may hold ">").
TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?:\s(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)?/?>")
COMMENT_RE = re.compile(r"<!--.*?-->|<!doctype[^>]*>", re.DOTALL | re.IGNORECASE)
HIDDEN_RE = re.compile(rf"<({'|'.join(HIDDEN_ELEMENTS)})\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


def looks_like_markup(text: str) -> bool:
    """Whether ``text`` holds HTML markup: at least :data:`MIN_TAGS` tags of HTML elements, one of them closing.

    >>> looks_like_markup("<p>One.</p><p>Two.</p>"), looks_like_markup("Use <p> and <br> in pages, she said.")
    (True, False)
    >>> looks_like_markup("if a<b and c>d then <x> </y> <z>")
    False
    """
    if "<" not in text:
        return False
    tags = [match for match in TAG_RE.finditer(text) if match.group(2).lower() in ELEMENTS]
    return len(tags) >= MIN_TAGS and any(match.group(1) for match in tags)


def strip_markup(text: str) -> str:
    """``text`` without its HTML markup, when it has markup's shape (:func:`looks_like_markup`); else unchanged.

    >>> text = strip_markup('<h1>Budget approved</h1>\\n<p>The council <b>approved</b> it.<br>By 30 votes.</p>'
    ...                     '<div class="ad">Advertisement</div><script>track();</script>')
    >>> [part.strip() for part in text.split("\\n\\n") if part.strip()]  # the layout step collapses blank lines
    ['Budget approved', 'The council approved it.\\nBy 30 votes.', 'Advertisement']
    >>> strip_markup("Use <p> and <br> in pages, she said.")
    'Use <p> and <br> in pages, she said.'
    """
    if not looks_like_markup(text):
        return text
    text = HIDDEN_RE.sub(" ", COMMENT_RE.sub("", text))
    return TAG_RE.sub(_replacement, text)


def _replacement(tag: re.Match[str]) -> str:
    name = tag.group(2).lower()
    if name not in ELEMENTS:
        return tag.group(0)
    if name in BLOCK_ELEMENTS:
        return "\n\n"
    return "\n" if name == "br" else ""
