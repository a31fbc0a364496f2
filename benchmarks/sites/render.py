"""Dress a story in a site's chrome: the page text a scraper would hand over, and the chrome lines put in it.

The body paragraphs go in unchanged (wrapping, no-break spaces, entities and mojibake are damage a cleaner must
undo, not edits), so the gold of a page is the story's own title and paragraphs.
"""

from __future__ import annotations

import html
import random
import textwrap
from dataclasses import dataclass

from benchmarks.sites.site import ChromeKind, Filler, Site

NBSP = "\u00a0"
# Share of body paragraphs that get a no-break space before them, on sites with "nbsp" damage.
NBSP_PARAGRAPH_SHARE = 0.3


@dataclass(frozen=True)
class Story:
    """A story as a site receives it: id, headline and body paragraphs."""

    id: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    """One published page: its text, the title field (None when the site gives none) and its chrome lines."""

    text: str
    title: str | None
    chrome: tuple[tuple[ChromeKind, str], ...]


def chrome_line(site: Site, kind: ChromeKind, filler: Filler) -> str:
    """One line of ``kind`` in the site's vocabulary, its fields filled for this article."""
    return filler.rng.choice(site.chrome[kind]).format_map(filler)


def wrap_paragraph(paragraph: str, width: int, indent: str) -> str:
    """Hard-wrap a paragraph greedily at ``width`` columns, its first line indented (wire-copy style).

    >>> print(wrap_paragraph("The quick brown fox jumps over the lazy dog.", 20, "  "))
      The quick brown
    fox jumps over the
    lazy dog.
    """
    return textwrap.fill(paragraph, width=width, initial_indent=indent, break_long_words=False, break_on_hyphens=False)


def mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252, the bytes that encoding lacks kept as Latin-1 (what ftfy undoes).

    >>> mojibake("café – 5 €")
    'cafÃ© â€“ 5 â‚¬'
    """
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def escape_entities(text: str) -> str:
    """HTML-escape quotes, apostrophes, ampersands and angle brackets, as a CMS export that double-encodes.

    >>> escape_entities("Tom's \\"big\\" A&B")
    'Tom&#x27;s &quot;big&quot; A&amp;B'
    """
    return html.escape(text, quote=True)


def render(site: Site, story: Story, headlines: tuple[str, ...], rng: random.Random) -> Page:
    """The page ``site`` would publish for ``story``; ``headlines`` are other stories for related-story lines."""
    layout = site.layout
    filler = Filler(site, rng, headlines)
    chrome: list[tuple[ChromeKind, str]] = []
    width = rng.randint(*layout.wrap) if layout.wrap else None  # one column width per page, as a wire feed has

    def block(kind: ChromeKind) -> str:
        line = chrome_line(site, kind, filler)
        chrome.append((kind, line))
        return wrap_paragraph(line, width, "") if width and layout.wrap_chrome else line

    def shown(kinds: tuple[ChromeKind, ...]) -> list[str]:
        return [block(kind) for kind in kinds if rng.random() < layout.presence]

    blocks = [block(kind) for kind in layout.head]
    if layout.headline_in_body:
        blocks.append(story.title + layout.headline_suffix)
        chrome.append(("headline", blocks[-1]))
    blocks += shown(layout.top)
    body = [_body_paragraph(site, paragraph, width, rng) for paragraph in story.paragraphs]
    inline_count = min(rng.randint(0, layout.inline_max), len(layout.inline), max(len(body) - 1, 0))
    # Between paragraphs only (after the first, before the last, at distinct gaps), each kind once a page.
    gaps = sorted(rng.sample(range(1, len(body)), inline_count), reverse=True)
    for gap, kind in zip(gaps, rng.sample(layout.inline, inline_count), strict=True):
        body.insert(gap, block(kind))
    blocks += body
    blocks += shown(layout.bottom)
    text = ("\n\n" if layout.blank_lines else "\n").join(blocks) + "\n"
    if "nbsp" in layout.damage:
        text = text.replace("\n\n", f"\n{NBSP}\n", rng.randint(0, 2))
    if "entities" in layout.damage:
        text = escape_entities(text)
    if "mojibake" in layout.damage:
        text = mojibake(text)
    return Page(text=text, title=story.title if layout.title_field else None, chrome=tuple(chrome))


def _body_paragraph(site: Site, paragraph: str, width: int | None, rng: random.Random) -> str:
    layout = site.layout
    if width:
        return wrap_paragraph(paragraph, width, layout.indent)
    if "nbsp" in layout.damage and rng.random() < NBSP_PARAGRAPH_SHARE:
        return NBSP + paragraph
    return paragraph
