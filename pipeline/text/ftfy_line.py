"""ftfy's fix for one line, without scanning the whole line again for mojibake it has just repaired.

ftfy repeats its steps until the text stops changing, and each round of its encoding fix starts with its mojibake
detector (``ftfy.badness.is_bad``: one search with a 4,000-character regex, tried at every position). On a line it
repairs, the detector finds the mojibake early, but the rounds that confirm the repair (two per line: the encoding
fix's own loop, then ftfy's outer loop) scan the whole repaired line and find nothing. Measured on 3,000 articles of
the distinct benchmark corpus (1,239 lines repaired): 2,257 such scans took 0.30 s of the 1.07 s of normalizing,
against 0.04 s for the 1,302 scans that found mojibake.

:func:`is_bad` gives the detector's answer by searching only near non-ASCII characters, and :func:`fix_line` is
``ftfy.fix_text`` for one line: ftfy 6.3's loop (``fix_and_explain``), the same steps in the same order, each ftfy's
own function, with ftfy's one step of the encoding fix called only on text that :func:`is_bad` finds mojibake in.
With another ftfy version, whose loop this may not mirror, :func:`fix_line` calls ``ftfy.fix_text``.
tests/text/test_ftfy_line.py checks both against ftfy on generated and real lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

import ftfy
import ftfy.fixes
from ftfy import chardata
from ftfy.badness import BADNESS_RE

# The ftfy versions whose fix_and_explain loop fix_line mirrors.
MIRRORED_FTFY = ("6.3.",)
# ftfy's one step of the encoding fix (private, so looked up defensively: without it fix_line calls ftfy.fix_text).
_ONE_ENCODING_STEP: Callable[[str, ftfy.TextFixerConfig], tuple[str, Any]] | None = getattr(
    ftfy, "_fix_encoding_one_step_and_explain", None
)
MIRRORS_FTFY = _ONE_ENCODING_STEP is not None and ftfy.__version__.startswith(MIRRORED_FTFY)
# The longest text a match of ftfy's detector spans; every alternative of it needs a non-ASCII character (both checked
# in tests/text/test_ftfy_line.py by parsing the pattern). So a match lies within BADNESS_REACH characters of one.
BADNESS_WIDTH = 7
BADNESS_REACH = BADNESS_WIDTH - 1
# Runs of non-ASCII characters, joined when the ASCII between them is short enough for their windows to overlap.
NON_ASCII_CLUSTER_RE = re.compile(f"[^\\x00-\\x7f]+(?:[\\x00-\\x7f]{{1,{2 * BADNESS_REACH}}}[^\\x00-\\x7f]+)*")
# What ftfy's uncurl_quotes replaces (its SINGLE_QUOTE_RE, [\u02bc\u2018-\u201b], and DOUBLE_QUOTE_RE,
# [\u201c-\u201f]): as str.replace calls, 6x faster than its two regex substitutions.
CURLY_QUOTES = (
    *((quote, "'") for quote in "\u02bc\u2018\u2019\u201a\u201b"),
    *((quote, '"') for quote in "\u201c\u201d\u201e\u201f"),
)


def chars_re(table: Iterable[int]) -> re.Pattern[str]:
    """A pattern that finds any character of a ``str.translate`` table.

    >>> chars_re({ord("a"): "b", ord("-"): None}).findall("a-z")
    ['a', '-']
    """
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(table)) + "]")


# The characters ftfy's ligature and width fixes translate: a search for them is ~10x faster than the translation,
# which rebuilds the line even when nothing in it changes (0.21 s of 0.63 s fixing 2,528 repaired lines).
LIGATURE_RE = chars_re(chardata.LIGATURES)
WIDE_RE = chars_re(chardata.WIDTH_MAP)


def uncurl_quotes(line: str) -> str:
    r"""ftfy's ``uncurl_quotes``, as plain replacements (:data:`CURLY_QUOTES`).

    >>> uncurl_quotes("“It’s ‘fine’”")
    '"It\'s \'fine\'"'
    """
    for curly, straight in CURLY_QUOTES:
        line = line.replace(curly, straight)
    return line


def fix_latin_ligatures(text: str) -> str:
    """``ftfy.fixes.fix_latin_ligatures``, skipped on text without a ligature.

    >>> fix_latin_ligatures("ﬁne"), fix_latin_ligatures("fine")
    ('fine', 'fine')
    """
    return ftfy.fixes.fix_latin_ligatures(text) if LIGATURE_RE.search(text) else text


def fix_character_width(text: str) -> str:
    """``ftfy.fixes.fix_character_width``, skipped on text without a wide or half-width form.

    >>> fix_character_width("ＬＯＵＤ"), fix_character_width("loud")
    ('LOUD', 'loud')
    """
    return ftfy.fixes.fix_character_width(text) if WIDE_RE.search(text) else text


# ftfy's steps after the encoding fix, in fix_and_explain's order: each ftfy.fixes' function of that name, or one that
# gives the same result faster.
LATER_FIXES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("fix_c1_controls", ftfy.fixes.fix_c1_controls),
    ("fix_latin_ligatures", fix_latin_ligatures),
    ("fix_character_width", fix_character_width),
    ("uncurl_quotes", uncurl_quotes),
    ("fix_line_breaks", ftfy.fixes.fix_line_breaks),
    ("fix_surrogates", ftfy.fixes.fix_surrogates),
    ("remove_terminal_escapes", ftfy.fixes.remove_terminal_escapes),
    ("remove_control_chars", ftfy.fixes.remove_control_chars),
)
# fix_and_explain calls the encoding fix with ftfy's default settings, whatever the caller's.
DEFAULT_CONFIG = ftfy.TextFixerConfig(explain=False)


def is_bad(text: str) -> bool:
    """``ftfy.badness.is_bad(text)``: whether ftfy's mojibake detector matches, searched only within reach of the
    non-ASCII characters.

    >>> [is_bad(text) for text in ["The BBCâ€™s editor", "Café society – “quoted”", "plain"]]
    [True, False, False]
    """
    for cluster in NON_ASCII_CLUSTER_RE.finditer(text):
        # With a start position, ^ still means the text's start, as in a search of the whole text.
        if BADNESS_RE.search(text, max(0, cluster.start() - BADNESS_REACH), cluster.end() + BADNESS_REACH):
            return True
    return False


def fix_encoding(text: str, config: ftfy.TextFixerConfig = DEFAULT_CONFIG) -> str:
    """``ftfy.fix_encoding(text, config)``, stopping when :func:`is_bad` finds no more mojibake.

    >>> fix_encoding("The BBCâ€™s editor")
    'The BBC’s editor'
    """
    one_step = _ONE_ENCODING_STEP
    if one_step is None or not MIRRORS_FTFY:
        return ftfy.fix_encoding(text, config)
    if not config.fix_encoding:
        return text
    while text and not chardata.possible_encoding(text, "ascii") and is_bad(text):
        fixed, _ = one_step(text, config)
        if fixed == text:
            break
        text = fixed
    return text


def fix_line(line: str, config: ftfy.TextFixerConfig) -> str:
    """``ftfy.fix_text(line, config)`` for a line (a text without "\\n").

    >>> fix_line("â€œItâ€™s ﬁne&hellip;â€\\x9d", ftfy.TextFixerConfig(explain=False))
    '"It\\'s fine…"'
    """
    if not MIRRORS_FTFY or "\n" in line or len(line) > config.max_decode_length:
        return ftfy.fix_text(line, config)
    if config.unescape_html == "auto" and "<" in line:
        config = config._replace(unescape_html=False)
    while True:
        before = line
        if config.unescape_html:
            line = ftfy.fixes.unescape_html(line)
        if config.fix_encoding:
            line = fix_encoding(line)
        for name, fix in LATER_FIXES:
            if getattr(config, name):
                line = fix(line)
        if config.normalization is not None:
            line = unicodedata.normalize(config.normalization, line)
        if line == before:
            return line
