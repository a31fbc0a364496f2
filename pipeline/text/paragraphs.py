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

Three refinements keep wire copy (2-5 space or tab indents, with or without blank lines, a headline and a dateline
above, agency chrome below) from being cut up:

* an indented first line was shorter by its indentation, which normalization collapsed to one space, so it is allowed
  up to :data:`MAX_INDENT` columns of slack; without it the first line of nearly every paragraph was split off;
* only breaks that can tell are judged (not after a line shorter than half the width, not in the unwrapped lines above
  the first and below the last wrap-like break), so a headline, a poem or a footer does not outvote the wrapped body;
  and a few lines longer than the rest (chrome that was not wrapped) do not set the width;
* a paragraph ends with a sentence: a line without one after a line that ended one is chrome ("Tags: ..."), even
  when the nearly full line before it lets it pass the wrap test;
* where paragraphs start indented, the lines outside the indented body are chrome, one item a line, so two of them
  that pass the wrap test by chance are not joined: above the first indented line, a run of lines that does not end
  with a sentence (a headline over its dateline: prose ends with one) is split at every line; below the last indented
  paragraph, a line that ends a sentence ends its item (an editor's note over a contact line).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.core.scripts import SPACELESS_RE
from pipeline.text.config import ParagraphConfig
from pipeline.text.locale_data import alternative_conjunctions, list_conjunctions
from pipeline.text.sentences import SENTENCE_END_RE

BLANK_LINE_RE = re.compile(r"\n\s*\n")
# Characters a screen gives two columns (Unicode's East Asian Wide and Fullwidth: Hangul, kana, CJK ideographs, their
# punctuation, fullwidth forms). A mobile page or a terminal wraps Korean or Chinese at half as many of them as of
# Latin letters: widths are measured in columns.
WIDE_RE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)
# A line that ends in a hyphen right after a letter or digit ("two-"), and the word a line starts with.
COMPOUND_HYPHEN_END_RE = re.compile(r"\w-\Z")
WORD_START_RE = re.compile(r"\w+")
# Fewer in-block line breaks than this say nothing about wrapping (a two-line address block, a caption).
MIN_BREAKS_TO_JUDGE = 3
# Widths under NARROW_WIDTH (mobile pages, newspaper columns: 25-39 columns) are believed on at least MIN_NARROW_WRAPS
# wrap-like breaks: a teaser list of a few headlines has fewer, a mobile page's story dozens.
NARROW_WIDTH = 40
MIN_NARROW_WRAPS = 10
# Closing quotes and brackets, which may end a line after its last word as after a sentence's end.
CLOSERS = "\"'”’»)]"
# A line shorter than this share of the wrap width says nothing about wrapping: it ends a paragraph or stands alone.
MIN_TELLING_SHARE = 0.5
# Lines longer than the wrap width that a wrapped text may hold: chrome that did not go through the wrapper, three,
# or a tenth of the lines of a longer page (a navigation row, a newsletter box, a caption, a copyright line: three
# left a wrapped Serbian page of left-out set 51, benchmarks/native_pages.py, unjoined under four such lines of 40).
# Not more: in a text of one paragraph a line, a width most lines exceed judges too few breaks to trust.
MAX_OVERLONG_LINES = 3
MAX_OVERLONG_SHARE = 0.1
# A wrapped block has a line within a word of the width: 0.8 of it leaves a 13-letter word at 64 columns.
NEAR_WIDTH_SHARE = 0.8
# Widest paragraph indentation in columns: a tab at the usual tab stop (wire copy indents 2-5 spaces or a tab).
MAX_INDENT = 8
# Indented lines that make a text's paragraphs indented ones, so that its unindented lines above and below are chrome:
# two, so that one indented line (a quote, a stray space) does not decide it.
MIN_INDENTED_LINES = 2


@dataclass(frozen=True)
class Paragraphs:
    """The paragraphs of a text and how many line breaks were undone to rebuild them."""

    paragraphs: tuple[str, ...]
    rejoined: int


def _blocks(text: str) -> list[list[str]]:
    return [block.split("\n") for block in BLANK_LINE_RE.split(text) if block.strip()]


def in_columns(text: str) -> str:
    """``text`` with each wide character written twice, so that its lines' lengths are their widths in columns (and
    its words, line breaks and punctuation where they were).

    >>> in_columns("서울 아파트"), in_columns("Seoul flats")
    ('서서울울 아아파파트트', 'Seoul flats')
    """
    if text.isascii() or WIDE_RE.search(text) is None:
        return text
    return WIDE_RE.sub(r"\g<0>\g<0>", text)


def _first_word_len(line: str) -> int:
    """What of ``line`` a wrap would have had to fit on the line above: its first word, or in a script written without
    spaces its first character (such text breaks between any two characters), two columns when it is wide.

    >>> _first_word_len("jumps over"), _first_word_len("北空市交通局は3日、発表した。"), _first_word_len("สวัสดี ครับ")
    (5, 2, 1)
    """
    if SPACELESS_RE.match(line):
        return 2 if WIDE_RE.match(line) else 1
    return len(line.split(" ", 1)[0])


def _is_wrap_break(line: str, next_line: str, width: int) -> bool:
    """True when ``next_line``'s first word would not have fit after ``line`` within ``width`` columns (and
    neither line is wider than ``width``: such a line was not wrapped).

    >>> _is_wrap_break("The quick brown fox", "jumps over", 22)
    True
    >>> _is_wrap_break("The fox.", "It jumps.", 22)
    False
    """
    if next_line.startswith(" ") or len(line) > width or len(next_line) > width:
        return False
    # An indented first line had up to MAX_INDENT columns of indentation, which normalization collapsed to one space.
    slack = MAX_INDENT - 1 if line.startswith(" ") else 0
    return len(line) + slack + 1 + _first_word_len(next_line) > width


def wrap_width(text: str, config: ParagraphConfig) -> int | None:
    """The column width ``text`` is hard-wrapped at, or None when it is not wrapped.

    When paragraphs start indented and the whole text does not look wrapped, its indented body is judged alone: the
    chrome above and below, with no blank line between (one menu row wrapped, the next not; a list of headlines),
    can outvote a body whose every break is a wrap.

    >>> line = "word " * 12
    >>> wrapped = "\\n".join([line.strip()] * 5)
    >>> wrap_width(wrapped, ParagraphConfig())
    59
    >>> wrap_width("One paragraph.\\nAnother paragraph.\\nA third.\\nA fourth one.", ParagraphConfig())
    """
    width = _measured_width(text, config)
    if width is None and (body := _indented_body(text)) is not None:
        width = _measured_width(body, config)
    return width


def _indented_lines(lines: Sequence[str]) -> list[int]:
    """The positions of the indented ones of ``lines`` when paragraphs start indented (``MIN_INDENTED_LINES`` of them
    or more), else none.

    >>> _indented_lines(["Menu", " First", "goes on.", " Second"]), _indented_lines(["Menu", " A quote"])
    ([1, 3], [])
    """
    indented = [index for index, line in enumerate(lines) if line.startswith(" ")]
    return indented if len(indented) >= MIN_INDENTED_LINES else []


def _indented_body(text: str) -> str | None:
    """The lines of ``text`` from its first indented line to the end of its last indented paragraph (the first line
    from there that ends a sentence), when paragraphs start indented and lines stand outside them; else None.

    >>> _indented_body("Menu\\n First para\\ngoes on.\\n Second para\\ngoes on.\\nTags: one")
    ' First para\\ngoes on.\\n Second para\\ngoes on.'
    """
    if "\n " not in text:  # at most the first line is indented: no indented paragraphs
        return None
    lines = text.split("\n")
    indented = _indented_lines(lines)
    if not indented:
        return None
    end = indented[-1]
    while end < len(lines) - 1 and not ends_sentence(lines[end]):
        end += 1
    if indented[0] == 0 and end == len(lines) - 1:
        return None
    return "\n".join(lines[indented[0] : end + 1])


def _measured_width(text: str, config: ParagraphConfig, narrow_width: int = NARROW_WIDTH) -> int | None:
    """:func:`wrap_width` judged on all of ``text``; widths under ``narrow_width`` need ``MIN_NARROW_WRAPS``."""
    blocks = [block for block in _blocks(text) if len(block) > 1]
    if not blocks:
        return None
    # The longest line is the width unless a few unwrapped chrome lines ("Subscribe to our newsletter: ...") are
    # longer: then the width is one of the next lengths.
    # Of the widths that pass, the one under which the most breaks inside the wrapped text look like wrapping, a
    # line wider than it counting against it: a longer chrome line's width lets the breaks before short words pass
    # the test by chance and fails those before long ones ("400,000 / home-buyers"), a shorter one fails the lines
    # longer than it. All widths are judged on the same breaks (those between the first and the last break that is
    # wrap-like under any of them); ties go to the wider width.
    lengths = sorted((len(line) for block in blocks for line in block), reverse=True)
    longest = lengths[: max(MAX_OVERLONG_LINES, math.ceil(len(lengths) * MAX_OVERLONG_SHARE)) + 1]
    block_widths = [max(map(len, block)) for block in blocks]
    passing = []
    for width in sorted(set(longest), reverse=True):
        if not config.min_wrap_width <= width <= config.max_wrap_width:
            continue
        # A block none of whose lines comes near the width was not wrapped (a byline over a date, a menu): its
        # breaks say nothing about the wrapped text beside it.
        near = [block for block, widest in zip(blocks, block_widths, strict=True) if widest >= width * NEAR_WIDTH_SHARE]
        judged = [wrap for block in near for wrap in _inner_breaks(block, width)]
        # The breaks that show the wrapping must outnumber the lines that do not fit it (all among the longest, as
        # the width is one of their lengths).
        overlong = sum(length > width for length in longest)
        # A list of items about as long as a narrow width looks wrapped at it ("Cyber crime booms in 2004" over
        # "Blunkett row should end - Blair" at 32): narrow widths need the breaks of a column of prose.
        needed = MIN_NARROW_WRAPS if width < narrow_width else 0
        enough = len(judged) >= MIN_BREAKS_TO_JUDGE and len(judged) > overlong and sum(judged) >= needed
        if enough and sum(judged) / len(judged) >= config.min_wrapped_share:
            passing.append(width)
    if len(passing) < 2:
        return passing[0] if passing else None
    verdicts = {width: [_strict_breaks(block, width) for block in blocks] for width in passing}
    shares = []
    for width in passing:
        judged = []
        for index, block_verdicts in enumerate(verdicts[width]):
            wrap_like = [i for w in passing for i, verdict in enumerate(verdicts[w][index]) if verdict]
            if wrap_like:
                judged += [v for v in block_verdicts[min(wrap_like) : max(wrap_like) + 1] if v is not None]
        shares.append((sum(judged) / max(len(judged), 1), width))
    return max(shares, key=lambda item: (item[0], item[1]))[1]


def _strict_breaks(block: list[str], width: int) -> list[bool | None]:
    """For each line break of ``block``: None when it cannot tell (before an indented line, after a line shorter
    than half the width or one that ends a sentence), else whether it looks like wrapping at ``width``, a line wider
    than it counting as not.

    >>> _strict_breaks(["The quick brown fox", "jumps over the lazy dog and", "ran", " off"], 22)
    [False, False, None]
    """
    return [
        None
        if b.startswith(" ") or len(a) <= width * MIN_TELLING_SHARE or ends_sentence(a)
        else _is_wrap_break(a, b, width)
        for a, b in zip(block, block[1:], strict=False)
    ]


def _inner_breaks(block: list[str], width: int) -> list[bool]:
    """Whether each line break of ``block`` that can tell looks like wrapping. Breaks before an indented line
    (a paragraph start), after a line shorter than half the width (a paragraph's end, a line of a poem, a list or
    a table) or after a line that ends a sentence (a paragraph's end, in narrow columns often longer than half the
    width) cannot; nor can those before the first and after the last wrap-like one: lines above and below wrapped
    text (a headline, "Reporting by ...", "Tags: ...") are not wrapped and would otherwise count against it.

    >>> _inner_breaks(["Headline", "By J. Doe, London", "The quick brown fox", "jumps over it.", "Tags: fox"], 22)
    [True]
    """
    wraps = [
        _is_wrap_break(a, b, width)
        for a, b in zip(block, block[1:], strict=False)
        if not b.startswith(" ")
        and width * MIN_TELLING_SHARE < len(a) <= width
        and len(b) <= width
        and not ends_sentence(a)
    ]
    if True not in wraps:
        return wraps
    first, last = wraps.index(True), len(wraps) - wraps[::-1].index(True)
    return wraps[first:last]


def ends_sentence(line: str) -> bool:
    """True when ``line`` ends with a sentence's final punctuation, closing quotes or brackets after it allowed.

    >>> ends_sentence('He left.'), ends_sentence('"Why?»'), ends_sentence("Tags: business, economy")
    (True, True, False)
    """
    return SENTENCE_END_RE.search(line) is not None


def _continuations(block: list[str], width: int | None) -> list[bool]:
    """For each line of ``block`` after the first, whether it continues the line before (a hard wrap undone).

    A break passes as a wrap when the next word would not have fit (:func:`_is_wrap_break`). One kind of break
    passes that test by chance: the last line of a paragraph is nearly full, and a line of chrome follows it
    ("Reporting by ...", "Tags: ..."). Prose paragraphs end with a sentence, so a line that ends a paragraph
    without one, after a line that ended a sentence, is not that paragraph's end but a line of its own. (A chrome
    line that ends with a full stop stays ambiguous: a paragraph's last line may be a whole short sentence.)

    >>> _continuations(["The minister said the plan would cost far", "more. It was fixed.", "Tags: budget"], 42)
    [True, False]
    >>> _continuations(["The minister said the plan would cost.", "Tags: budget"], 42)
    [False]
    >>> _continuations(["The minister said the plan would cost far", "more. It was fixed.", "MORE: 'Cuts ahead'"], 42)
    [True, False]
    """
    if width is None:
        return [False] * (len(block) - 1)
    wraps = [_is_wrap_break(line, next_line, width) for line, next_line in zip(block, block[1:], strict=False)]
    continuations = []
    for index, wrap in enumerate(wraps):
        line, previous = block[index + 1], block[index]
        ends_paragraph = index + 1 == len(wraps) or not wraps[index + 1]
        # A closing quote or bracket after the last word hides no sentence end ("MORE: UK 'needs data'").
        if wrap and ends_paragraph and ends_sentence(previous) and line.rstrip(CLOSERS)[-1:].isalnum():
            wrap = False
        continuations.append(wrap)
    return continuations


def _outside_indented_body(blocks: list[list[str]], continuations: list[list[bool]]) -> list[list[bool]]:
    """``continuations`` (one list per block) with the joins outside the indented body of ``blocks`` undone where
    they join two chrome items.

    When paragraphs start indented, the unindented lines above the first indented line and below the last indented
    paragraph are the page's chrome (headline, dateline, byline; notes, contact, tags), one item a line unless an
    item was wider than the wrap width. Two items pass the wrap test by chance when the first is long and the next
    starts with a long word ("Headline | Site" over "Published on Monday ..."). Above the body a run of lines that
    does not end with a sentence is not prose (a paragraph ends with one), so each of its lines stands alone; below
    it a line that ends a sentence ends its item. An unindented first paragraph of the story ends with a sentence
    and stays whole.

    >>> head = ["Maruti profits jump | Rheinblick Online", "Published on Monday, 3.5.2024", " The company said"]
    >>> _outside_indented_body([head + ["profits rose.", " It added more."]], [[True, False, True, False]])
    [[False, False, True, False]]
    >>> tail = [" One", "ends.", " The story", "ends.", "This article was updated.", "Have a tip? Call 555-0199."]
    >>> _outside_indented_body([tail], [[True, False, True, False, True]])
    [[True, False, True, False, False]]
    """
    lines = [line for block in blocks for line in block]
    indented = _indented_lines(lines)
    if not indented:
        return continuations
    # joins[i] says whether line i continues line i - 1 (never across blocks).
    joins = [False]
    for block_continuations in continuations:
        joins += block_continuations + [False]
    joins = joins[: len(lines)]
    body_start = indented[0]
    head_run = 0
    for index in range(1, body_start + 1):
        if index == body_start or not joins[index]:
            if not ends_sentence(lines[index - 1]):
                for inner in range(head_run + 1, index):
                    joins[inner] = False
            head_run = index
    body_end = indented[-1] + 1
    while body_end < len(lines) and joins[body_end]:
        body_end += 1
    for index in range(body_end + 1, len(lines)):
        if joins[index] and ends_sentence(lines[index - 1]):
            joins[index] = False
    result, start = [], 1
    for block in blocks:
        result.append(joins[start : start + len(block) - 1])
        start += len(block)
    return result


def _join(lines: list[str]) -> str:
    """Wrapped lines as one paragraph: with a space, but none after a hyphenated word's hyphen.

    >>> _join(["a two-", "mile stretch", "of river"])
    'a two-mile stretch of river'
    >>> _join(["nano-", "and micro-organisms"]), _join(["Ein-", "und Ausfuhr"]), _join(["said -", "and left"])
    ('nano- and micro-organisms', 'Ein- und Ausfuhr', 'said - and left')
    >>> _join(["市営バスの", "3路線で減便する。"])
    '市営バスの3路線で減便する。'
    """
    if not any(line.endswith("-") or SPACELESS_RE.match(line[-1:]) for line in lines[:-1]):
        return " ".join(lines)
    parts = [lines[0]]
    for before, line in zip(lines, lines[1:], strict=False):
        parts.append(line if _inside_compound(before, line) or _inside_spaceless(before, line) else " " + line)
    return "".join(parts)


def _inside_spaceless(before: str, after: str) -> bool:
    """Whether a line break falls between two characters of a script written without spaces: "...市営バスの" /
    "3路線で..." join as they were, with no space.

    >>> _inside_spaceless("市営バスの", "3路線で減便"), _inside_spaceless("Tokyo", "東京")
    (True, False)
    """
    return SPACELESS_RE.match(before[-1:]) is not None and (
        SPACELESS_RE.match(after[:1]) is not None or after[:1].isdigit()
    )


def _inside_compound(before: str, after: str) -> bool:
    """Whether a line break falls right after a hyphenated word's hyphen ("two-" / "mile"), as Python's ``textwrap``
    breaks lines; not after a suspended hyphen, which a conjunction follows ("nano-" / "and micro-", CLDR list
    patterns in each language)."""
    # Tested on the line's last two characters: a search over the whole line costs as much as the rest of the join.
    if not before.endswith("-") or COMPOUND_HYPHEN_END_RE.search(before[-2:]) is None:
        return False
    first = WORD_START_RE.match(after.lstrip())
    return first is not None and first.group(0).casefold() not in list_conjunctions() | alternative_conjunctions()


def _wrapped_breaks(blocks: list[list[str]], width: int | None) -> list[list[bool]]:
    """For each block, whether each of its lines continues the one before, the text being wrapped at ``width``."""
    continuations = [_continuations(block, width) for block in blocks]
    return continuations if width is None else _outside_indented_body(blocks, continuations)


def _wide_wrapped_breaks(
    text: str, measured: str, blocks: list[list[str]], config: ParagraphConfig
) -> list[list[bool]]:
    """:func:`_wrapped_breaks` for a text with wide characters (``measured`` is :func:`in_columns` of it) that is not
    wrapped at a number of characters: it may be at a number of screen columns (a phone's Korean), or, mostly wide
    characters, at half the narrowest width in characters (20 Hangul syllables fill 40 columns). Of the two, the one
    that undoes more breaks: a text wrapped one way leaves the other's test failing on many of its breaks.
    """
    measured_blocks = _blocks(measured)
    options = [_wrapped_breaks(measured_blocks, wrap_width(measured, config))]
    if 2 * (len(measured) - len(text)) >= len(text):
        narrow = replace(config, min_wrap_width=config.min_wrap_width // 2)
        options.append(_wrapped_breaks(blocks, _measured_width(text, narrow, NARROW_WIDTH // 2)))
    return max(options, key=lambda option: sum(map(sum, option)))


def split_paragraphs(text: str, config: ParagraphConfig | None = None) -> Paragraphs:
    """Split normalized ``text`` into paragraphs (leading indentation removed), rejoining hard-wrapped lines.

    >>> split_paragraphs("Title\\n\\nFirst para.\\nSecond para.").paragraphs
    ('Title', 'First para.', 'Second para.')
    >>> import textwrap
    >>> first = "The minister said the plan would cost far more than anyone in the department had expected."
    >>> second = "On Monday she added that the budget was fixed and that no more money would be found."
    >>> wrapped = textwrap.fill(first, 40) + "\\n" + textwrap.fill(second, 40, initial_indent=" ")
    >>> print(wrapped)
    The minister said the plan would cost
    far more than anyone in the department
    had expected.
     On Monday she added that the budget was
    fixed and that no more money would be
    found.
    >>> result = split_paragraphs(wrapped)
    >>> result.paragraphs == (first, second), result.rejoined
    (True, 4)
    """
    config = config or ParagraphConfig()
    blocks = _blocks(text)
    width = wrap_width(text, config) if config.rejoin_wrapped else None
    continuations = _wrapped_breaks(blocks, width)
    if width is None and config.rejoin_wrapped and (measured := in_columns(text)) is not text:
        continuations = _wide_wrapped_breaks(text, measured, blocks, config)
    paragraphs: list[str] = []
    rejoined = 0
    for block, block_continuations in zip(blocks, continuations, strict=True):
        current = [block[0]]
        for line, joins in zip(block[1:], block_continuations, strict=True):
            if joins:
                current.append(line)
                rejoined += 1
                continue
            paragraphs.append(_join(current).strip())
            current = [line]
        paragraphs.append(_join(current).strip())
    return Paragraphs(tuple(p for p in paragraphs if p), rejoined)
