"""Split normalized text into paragraphs, rejoining hard-wrapped lines first.

Runs before any boilerplate rule, so that a rule always judges a whole paragraph and never a fragment of a sentence.

Three layouts occur in scraped news and must all come out as one string per paragraph:

* blank-line-separated paragraphs;
* one paragraph per line (single newlines), as many CMS exports do;
* hard-wrapped text (wire copy, e-mail): fixed-width lines, paragraphs separated by blank lines or indentation.

Wrapping is recognised the way a greedy wrapper (``textwrap``, ``fmt``, e-mail clients) produces it: every line is at
most *W* columns and every line break inside a paragraph happens because the next word would not have fit. Taking *W*
as the longest line, a document is treated as wrapped when most in-block line breaks pass that test; then each break
that passes is joined and each that does not (a short last line of a paragraph) is kept. One-paragraph-per-line text
fails the test, since its lines are long and of unrelated lengths. An indented line (normalization keeps indentation as
one leading space) always starts a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.text.config import ParagraphConfig

BLANK_LINE_RE = re.compile(r"\n\s*\n")
# Fewer in-block line breaks than this say nothing about wrapping (a two-line address block, a caption).
MIN_BREAKS_TO_JUDGE = 3


@dataclass(frozen=True)
class Paragraphs:
    """The paragraphs of a text and how many line breaks were undone to rebuild them."""

    paragraphs: tuple[str, ...]
    rejoined: int


def _blocks(text: str) -> list[list[str]]:
    return [block.split("\n") for block in BLANK_LINE_RE.split(text) if block.strip()]


def _first_word_len(line: str) -> int:
    return len(line.split(" ", 1)[0])


def _is_wrap_break(line: str, next_line: str, width: int) -> bool:
    """True when ``next_line``'s first word would not have fit after ``line`` within ``width`` columns.

    >>> _is_wrap_break("The quick brown fox", "jumps over", 22)
    True
    >>> _is_wrap_break("The fox.", "It jumps.", 22)
    False
    """
    if next_line.startswith(" "):
        return False
    return len(line) + 1 + _first_word_len(next_line) > width


def wrap_width(text: str, config: ParagraphConfig) -> int | None:
    """The column width ``text`` is hard-wrapped at, or None when it is not wrapped.

    >>> line = "word " * 12
    >>> wrapped = "\\n".join([line.strip()] * 5)
    >>> wrap_width(wrapped, ParagraphConfig())
    59
    >>> wrap_width("One paragraph.\\nAnother paragraph.\\nA third.\\nA fourth one.", ParagraphConfig())
    """
    blocks = [block for block in _blocks(text) if len(block) > 1]
    if not blocks:
        return None
    width = max(len(line) for block in blocks for line in block)
    if not config.min_wrap_width <= width <= config.max_wrap_width:
        return None
    breaks = [(a, b) for block in blocks for a, b in zip(block, block[1:], strict=False) if not b.startswith(" ")]
    if len(breaks) < MIN_BREAKS_TO_JUDGE:
        return None
    wrapped = sum(_is_wrap_break(a, b, width) for a, b in breaks)
    return width if wrapped / len(breaks) >= config.min_wrapped_share else None


def _join(lines: list[str]) -> str:
    # Always with a space: a line ending in "nano-" may be "nano- and micro-" as well as a split "nano-technology",
    # and fmt, e-mail clients and the benchmark's wrapped copies never split inside a hyphenated word.
    return " ".join(lines)


def split_paragraphs(text: str, config: ParagraphConfig | None = None) -> Paragraphs:
    """Split normalized ``text`` into paragraphs (leading indentation removed), rejoining hard-wrapped lines.

    >>> split_paragraphs("Title\\n\\nFirst para.\\nSecond para.").paragraphs
    ('Title', 'First para.', 'Second para.')
    >>> import textwrap
    >>> first = "The minister said the plan would cost far more than anyone had expected."
    >>> second = "On Monday she added that the budget was fixed."
    >>> wrapped = textwrap.fill(first, 24) + "\\n" + textwrap.fill(second, 24, initial_indent=" ")
    >>> print(wrapped)
    The minister said the
    plan would cost far more
    than anyone had
    expected.
     On Monday she added
    that the budget was
    fixed.
    >>> result = split_paragraphs(wrapped, ParagraphConfig(min_wrap_width=20))
    >>> result.paragraphs == (first, second), result.rejoined
    (True, 5)
    """
    config = config or ParagraphConfig()
    width = wrap_width(text, config) if config.rejoin_wrapped else None
    paragraphs: list[str] = []
    rejoined = 0
    for block in _blocks(text):
        current = [block[0]]
        for line in block[1:]:
            if width is not None and _is_wrap_break(current[-1], line, width):
                current.append(line)
                rejoined += 1
                continue
            paragraphs.append(_join(current).strip())
            current = [line]
        paragraphs.append(_join(current).strip())
    return Paragraphs(tuple(p for p in paragraphs if p), rejoined)
