"""Unicode and whitespace normalization: the first cleaning step, so every later rule sees one canonical form.

Each fix is a small ``str -> str`` function; :class:`Normalizer` chains them and counts, under ``normalize:<fix>``,
each fix that changed the text. ftfy is the costly one (about 0.5 ms per 3 KB article, most of it its mojibake
detector), so it is skipped for lines it cannot change, for lines that provably hold no mojibake only ftfy's steps
that can change them are run (:func:`fix_without_detector`), and the other lines go through ftfy's loop without
its detector's confirming scans of what it has just repaired (:mod:`pipeline.text.ftfy_line`).

ftfy needs some of the characters the layout step deletes or turns into spaces: "Ã" + soft hyphen is the mojibake
of "í", "Ã" + no-break space that of "à". So the layout step first runs ftfy's encoding fix on the lines holding
such sequences (:func:`fix_mojibake_layout_would_break`); every other line waits for the repairs.

A line's leading indentation (spaces, tabs, no-break spaces) is kept as exactly one space instead of being dropped:
it marks a paragraph start, which :mod:`pipeline.text.paragraphs` needs to rejoin hard-wrapped text correctly.
Paragraph splitting strips that space.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Literal

import ftfy
import ftfy.fixes

from pipeline.core.counting import CountFn, no_count
from pipeline.core.scripts import JOINERS
from pipeline.core.whitespace import NON_ASCII_WHITESPACE
from pipeline.text.config import NormalizeConfig
from pipeline.text.ftfy_line import fix_encoding, fix_line, uncurl_quotes
from pipeline.text.markdown import strip_markdown
from pipeline.text.markup import strip_markup

# Zero-width and invisible formatting characters: ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen.
ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH_CHARS}]")
# ZWNJ and ZWJ (Unicode's Join_Control characters) are part of the spelling between two letters of the scripts that
# join letters or build conjuncts (Persian "می‌شود", Devanagari, Sinhala, Myanmar, Khmer...: UAX #31 section 2.3),
# and ZWJ of emoji sequences ("👨‍👩‍👧", UTS #51). There they stay; anywhere else they are invisible junk.
JOINING_SCRIPT_RE = re.compile(
    "[\u0600-\u08ff"  # Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and the Arabic supplements
    "\u0900-\u0dff"  # the Indic scripts, Devanagari to Sinhala
    "\u0f00-\u0fff\u1000-\u109f\u1780-\u18af"  # Tibetan, Myanmar, Khmer, Mongolian
    "\ua8e0-\ua8ff\ufb50-\ufdff\ufe70-\ufeff]"  # Devanagari Extended, Arabic presentation forms
)
# What an emoji sequence's ZWJ stands between: pictographs and symbols, the emoji presentation selector, skin tones.
EMOJI_PART_RE = re.compile("[\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]")
# No-break spaces (NBSP, narrow NBSP, figure space) that scrapers leave as "empty" paragraphs and indents.
NBSP_CHARS = "\u00a0\u202f\u2007"
NBSP_RE = re.compile(f"[{NBSP_CHARS}]")
# C0/C1 control characters except tab and newline (tab is whitespace, handled with the other spaces).
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# C0 controls only: C1 controls (U+0080-U+009F) are usually mojibake ("â€\x9d" is a right double quote read as
# cp1252/latin-1) that ftfy needs to see, so they are removed only after the repairs.
C0_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
# The same as UTF-8 bytes (which encode no other character with a byte below 0x80), for bytes.translate to delete.
C0_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
# Terminal escape sequences (colour codes pasted from a console); ASCII, so they defeat the fast path check.
TERMINAL_ESCAPE_RE = re.compile("\x1b\\[[0-9;]*[A-Za-z]")
BLANK_RUN_RE = re.compile(r"\n{3,}")
# Whitespace other than a space or a newline (str.split() and re's \s agree on what whitespace is).
OTHER_WHITESPACE_RE = re.compile(r"[^\S \n]")
ASCII_OTHER_WHITESPACE = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"
# Every character OTHER_WHITESPACE_RE matches: those that str.isspace() is true for but a space and a newline (a test
# checks every code point). Substring tests for these 27 are faster than a regex scan of a text.
OTHER_WHITESPACE = ASCII_OTHER_WHITESPACE + NON_ASCII_WHITESPACE
ASCII_WHITESPACE_TO_SPACE = str.maketrans(dict.fromkeys(ASCII_OTHER_WHITESPACE, " "))
# Removing a control character can expose mojibake that ftfy then repairs; one more round settles every case seen
# (including the property test's), a third is a safety margin.
MAX_REPAIR_ROUNDS = 3

# Mojibake whose bytes the layout step would delete or turn into a space before ftfy sees them: a UTF-8 sequence read
# as latin-1 or cp1252 in which a byte is 0xA0 (no-break space), 0xAD (soft hyphen) or, in latin-1, 0x85 (NEL, a
# whitespace character). "PolÃ\xadtica" is "Política", "â€\xa0" a dagger, "Å\x85" "Ņ".
LAYOUT_TOUCHED_BYTES = "\x85\xa0\xad"
# A UTF-8 continuation byte (80-BF) as latin-1 or cp1252 shows it; lead bytes are C2-DF, E0-EF and F0-F4.
MOJIBAKE_CONTINUATION = "[\x80-\xbf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d" + (
    "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]"
)
# A layout-touched byte at its place in a 2-, 3- or 4-byte sequence (lead, continuations). The match is that byte
# alone, found first and then checked by fixed-width look-arounds: starting with the lead bytes instead, which are
# common letters ("é", "à"), made clean French text with no-break spaces 2.5x slower to scan.
LAYOUT_TOUCHED_MOJIBAKE_RE = re.compile(
    f"[{LAYOUT_TOUCHED_BYTES}](?:(?<=[\xc2-\xdf].)"  # 2 bytes
    f"|(?<=[\xe0-\xef].)(?={MOJIBAKE_CONTINUATION})|(?<=[\xe0-\xef]{MOJIBAKE_CONTINUATION}.)"  # 3 bytes
    f"|(?<=[\xf0-\xf4].)(?={MOJIBAKE_CONTINUATION}{{2}})"  # 4 bytes
    f"|(?<=[\xf0-\xf4]{MOJIBAKE_CONTINUATION}.)(?={MOJIBAKE_CONTINUATION})"
    f"|(?<=[\xf0-\xf4]{MOJIBAKE_CONTINUATION}{{2}}.))",
    re.DOTALL,
)
# A line with its "\n" if it has one.
LINE_WITH_END_RE = re.compile("[^\n]*\n|[^\n]+")

# Non-ASCII characters that ftfy's mojibake detector (``ftfy.badness.BADNESS_RE``, ftfy 6.3) can never match in a line
# whose other characters are ASCII: the characters of its "common", "start_punctuation" and "end_punctuation"
# categories, plus the curly quotes it has no category for (U+02BC, U+201B, U+201F). Every alternative of the
# detector needs a character outside ASCII and these (an accented or box-drawing letter, a C1 control, "Â", "Œ",
# Greek or Cyrillic), or a currency sign next to one of these (MOJIBAKE_FREE_CURRENCY), or a "numeric" sign.
# None of them is changed by ftfy's other steps except the quotes (``uncurl_quotes``), and all are NFC-stable
# starters. tests/text/test_normalize.py checks the claim against ftfy.fix_text on generated and real lines.
MOJIBAKE_FREE_PUNCTUATION = (
    "\u00a0\u00ad\u00b4\u00b7\u2013\u2014\u2015\u2019\u2026"  # "common": NBSP, soft hyphen, ´ · – — ― ’ …
    "\u00a1\u00a9\u00ab\u00bf\u2018\u201a\u201c\u201e\u2022\u2039"  # "start_punctuation": ¡ © « ¿ ‘ ‚ “ „ • ‹
    "\u00ae\u00bb\u02dd\u201d\u203a\u2122"  # "end_punctuation": ® » ˝ ” › ™
    "\u02bc\u201b\u201f"  # ʼ ‛ ‟: uncurled by ftfy, in no category of the detector
)
# Currency signs (ftfy's "currency" category: ¢ £ ¥ € and the peseta sign) are mojibake evidence only next to another
# non-ASCII character ("£“", "”£"), so a line may have them where both neighbours are ASCII (or the line's ends).
MOJIBAKE_FREE_CURRENCY = "\u00a2\u00a3\u00a5\u20a7\u20ac"
# A currency sign with a non-ASCII character before or after it; one branch starting with the signs, so that the regex
# engine skips ahead to them (4x faster than two alternatives).
CURRENCY_BY_NON_ASCII_RE = re.compile(
    f"[{MOJIBAKE_FREE_CURRENCY}](?:(?<=[^\\x00-\\x7f][{MOJIBAKE_FREE_CURRENCY}])|(?=[^\\x00-\\x7f]))"
)


def normalize_newlines(text: str) -> str:
    r"""CRLF and lone CR become LF; so do the Unicode line and paragraph separators.

    >>> normalize_newlines("a\r\nb\rc\u2028d")
    'a\nb\nc\nd'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")


def remove_zero_width(text: str) -> str:
    r"""Drop zero-width and invisible formatting characters, but not a joiner that is part of a word or an emoji.

    >>> remove_zero_width("news\u200broom\ufeff"), remove_zero_width("zero\u200cwidth")
    ('newsroom', 'zerowidth')
    >>> remove_zero_width("می\u200cشود") == "می\u200cشود", remove_zero_width("👨\u200d👩") == "👨\u200d👩"
    (True, True)
    >>> remove_zero_width("شود\u200c ")
    'شود '
    """
    # Substring tests first: a character test is ~10x faster than a regex scan, and these characters are rare.
    if not any(char in text for char in ZERO_WIDTH_CHARS):
        return text
    if not any(char in text for char in JOINERS):
        return ZERO_WIDTH_RE.sub("", text)
    return ZERO_WIDTH_RE.sub(_unless_joining, text)


def _unless_joining(match: re.Match[str]) -> str:
    """The zero-width character ``match`` found, kept when it joins: "" otherwise."""
    char, text, at = match.group(0), match.string, match.start()
    if char not in JOINERS or at == 0 or at + 1 >= len(text):
        return ""
    before, after = text[at - 1], text[at + 1]
    if JOINING_SCRIPT_RE.match(before) and JOINING_SCRIPT_RE.match(after):
        return char
    return char if char == "\u200d" and EMOJI_PART_RE.match(before) and EMOJI_PART_RE.match(after) else ""


def replace_nbsp(text: str) -> str:
    r"""No-break spaces become ordinary spaces.

    >>> replace_nbsp("£5\u00a0m")
    '£5 m'
    """
    return NBSP_RE.sub(" ", text) if any(char in text for char in NBSP_CHARS) else text


def remove_control_chars(text: str) -> str:
    r"""Drop control characters and terminal escape codes, keeping newlines and tabs.

    >>> remove_control_chars("a\x00b\x1b[31mc\x7f\td\x85\n")
    'abc\td\n'
    """
    return CONTROL_RE.sub("", TERMINAL_ESCAPE_RE.sub("", text))


def remove_c0_control_chars(text: str) -> str:
    r"""Drop C0 control characters and terminal escape codes, keeping newlines, tabs and C1 controls (mojibake).

    >>> remove_c0_control_chars("a\x00b\x1b[31mc\x7f\td\x9d\n")
    'abc\td\x9d\n'
    """
    if "\x1b" in text:
        text = TERMINAL_ESCAPE_RE.sub("", text)
    # Whether there are any, as bytes: encoding and deleting them is 4x faster than a regex scan of the text.
    encoded = text.encode("utf-8", "surrogatepass")
    if len(encoded.translate(None, C0_CONTROL_BYTES)) == len(encoded):
        return text
    return C0_CONTROL_RE.sub("", text)


def fix_mojibake_layout_would_break(text: str, config: ftfy.TextFixerConfig) -> str:
    r"""ftfy's encoding fix (``ftfy.fix_encoding``), on each line holding mojibake whose bytes the layout step would
    remove or change (:data:`LAYOUT_TOUCHED_MOJIBAKE_RE`); other lines are left for :meth:`Normalizer.repair`.
    ftfy still decides what is mojibake: a legitimate "Ã" before a no-break space stays.

    >>> config = ftfy_config(NormalizeConfig())
    >>> fix_mojibake_layout_would_break("PolÃ\xadtica\nSÃO\xa0PAULO\nâ€™", config)
    'Política\nSÃO\xa0PAULO\nâ€™'
    """
    # Substring tests first (see remove_zero_width): most text has none of these bytes.
    if not config.fix_encoding or not any(char in text for char in LAYOUT_TOUCHED_BYTES):
        return text
    if LAYOUT_TOUCHED_MOJIBAKE_RE.search(text) is None:
        return text
    # Lines with their "\n", as ftfy.fix_text hands them to its fixes (its detector can tell an end of line).
    return "".join(
        fix_encoding(line, config) if has_layout_touched_mojibake(line) else line
        for line in LINE_WITH_END_RE.findall(text)
    )


def has_layout_touched_mojibake(line: str) -> bool:
    r"""True when ``line`` has a :data:`LAYOUT_TOUCHED_MOJIBAKE_RE` sequence other than a capital letter ending an
    all-caps word before a no-break space: "IRMÃ\xa0MARIA" and "PÅ\xa0TV" are text (ftfy would make them "IRMàMARIA"
    and "PŠTV"), while "à" and "Š" as mojibake follow a lowercase letter, a space or the line start.

    >>> [has_layout_touched_mojibake(line) for line in ["PolÃ\xadtica", "voilÃ\xa0", "IRMÃ\xa0MARIA", "SÃ\xad"]]
    [True, True, False, True]
    """
    for match in LAYOUT_TOUCHED_MOJIBAKE_RE.finditer(line):
        at = match.start()
        # a 2-byte sequence is the only one whose lead byte comes right before the touched one
        two_byte = "\xc2" <= line[at - 1] <= "\xdf"
        if not (two_byte and line[at] == "\xa0" and line[max(at - 2, 0) : at - 1].isupper()):
            return True
    return False


def is_collapsed(text: str) -> bool:
    r"""True when :func:`collapse_whitespace` would return ``text`` unchanged: no whitespace but single spaces
    inside lines and single or double newlines between them. A few substring tests, instead of splitting every line
    (most articles are already collapsed, and every text is checked again after its repairs).

    >>> is_collapsed(" Indented para.\n\nNext para."), is_collapsed("Trailing space \nx"), is_collapsed("a\tb")
    (True, False, False)
    """
    if "  " in text or " \n" in text or "\n\n\n" in text or text.startswith("\n") or text.endswith((" ", "\n")):
        return False
    # a substring test per character is much faster than a regex scan
    return not any(char in text for char in (ASCII_OTHER_WHITESPACE if text.isascii() else OTHER_WHITESPACE))


def collapse_whitespace(text: str) -> str:
    r"""Collapse space runs to one space, trim line ends, keep a line's indentation as one space, collapse blank lines.

    Whitespace is what ``str.split()`` splits on: every Unicode space, tabs included.

    >>> collapse_whitespace("  Para one\t  here.  \n \n\n\n\tPara two\n")
    ' Para one here.\n\n Para two'
    """
    if is_collapsed(text):
        return text
    # Whole-text string operations rather than splitting and joining each line's words: 3x faster.
    if text.isascii():
        text = text.translate(ASCII_WHITESPACE_TO_SPACE)
    elif any(char in text for char in OTHER_WHITESPACE):
        text = OTHER_WHITESPACE_RE.sub(" ", text)
    while "  " in text:
        text = text.replace("  ", " ")
    # A line's leading run is now one space (its indentation); its trailing one goes, and with it all of a blank line.
    text = text.replace(" \n", "\n").removesuffix(" ")
    # Runs of blank lines to one: a run of n line breaks takes ~log n passes of a replace, each much faster than the
    # regex scan of the whole text (BLANK_RUN_RE) it stands for.
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n")


def ftfy_config(config: NormalizeConfig) -> ftfy.TextFixerConfig:
    """The ftfy settings for ``config``; line breaks and control characters are handled here, not by ftfy.

    >>> ftfy_config(NormalizeConfig()).uncurl_quotes
    True
    """
    return ftfy.TextFixerConfig(
        unescape_html=config.unescape_html,
        fix_encoding=config.fix_encoding,
        uncurl_quotes=config.uncurl_quotes,
        fix_latin_ligatures=config.fix_latin_ligatures,
        fix_character_width=config.fix_character_width,
        normalization=config.normalization,
        fix_line_breaks=False,
        remove_control_chars=False,
        explain=False,
    )


def ftfy_cannot_change(text: str) -> bool:
    """True when ftfy would return ``text`` unchanged: ASCII has no mojibake, no curly quotes, no ligatures, and
    without ``&`` no entities (escape codes are ASCII too, so they are excluded).

    >>> ftfy_cannot_change("Plain ASCII, no entities.")
    True
    >>> ftfy_cannot_change("Fish &amp; chips"), ftfy_cannot_change("Women’s")
    (False, False)
    """
    return text.isascii() and "&" not in text and "\x1b" not in text


def unsafe_chars_re(normalization: Literal["NFC", "NFKC", "NFD", "NFKD"]) -> re.Pattern[str]:
    r"""A pattern that finds a character that could make ftfy change a line beyond unescaping entities and uncurling
    quotes: one outside ASCII, MOJIBAKE_FREE_PUNCTUATION and MOJIBAKE_FREE_CURRENCY (less those that the Unicode
    ``normalization`` form changes, such as "…" under NFKC), or the escape character.

    >>> [unsafe_chars_re("NFC").search(line) is None for line in ["“£5” – that’s all…", "café", "\x1b[31m"]]
    [True, False, False]
    >>> unsafe_chars_re("NFKC").search("that’s all…") is None
    False
    """
    stable = "".join(
        char
        for char in MOJIBAKE_FREE_PUNCTUATION + MOJIBAKE_FREE_CURRENCY
        if unicodedata.normalize(normalization, char) == char
    )
    # \x1b is the only ASCII character ftfy's steps change (terminal escape codes); "&" is handled by unescaping.
    return re.compile(f"[^\\x00-\\x1a\\x1c-\\x7f{stable}]")


def mojibake_free(line: str, unsafe_chars: re.Pattern[str]) -> bool:
    """True when ftfy's mojibake detector cannot match ``line`` and only uncurling quotes can change it: no
    character ``unsafe_chars`` (:func:`unsafe_chars_re`) finds, and no currency sign next to another non-ASCII one.

    >>> unsafe = unsafe_chars_re("NFC")
    >>> [mojibake_free(line, unsafe) for line in ["“Price: £5” – that’s all…", "”£5", "café"]]
    [True, False, False]
    """
    if unsafe_chars.search(line) is not None:
        return False
    return CURRENCY_BY_NON_ASCII_RE.search(line) is None


def fix_without_detector(line: str, config: ftfy.TextFixerConfig, unsafe_chars: re.Pattern[str]) -> str | None:
    r"""``ftfy.fix_text(line, config)`` for a line (no newline) that holds no mojibake, else None.

    ftfy's ``fix_and_explain`` repeats its steps until the text stops changing: unescape entities, fix the encoding
    (a no-op unless its mojibake detector matches), then C1 controls, ligatures, character width, quotes,
    surrogates, escape codes and the Unicode form. On a :func:`mojibake_free` line every one of those steps but the
    quotes leaves the line unchanged, so only unescaping (ftfy's own function) and uncurling run, in ftfy's loop.
    That skips the detector, ftfy's costliest step on a line with curly quotes, dashes or a pound sign.

    >>> config, unsafe = ftfy_config(NormalizeConfig()), unsafe_chars_re("NFC")
    >>> fix_without_detector("He said: “It&#8217;s £5 – or more”", config, unsafe)
    'He said: "It\'s £5 – or more"'
    >>> fix_without_detector("The BBCâ€™s editor", config, unsafe) is None
    True
    """
    # ftfy cuts longer lines into segments, which an entity could straddle.
    if len(line) > config.max_decode_length:
        return None
    while True:
        before = line
        if config.unescape_html and "&" in line:
            line = ftfy.fixes.unescape_html(line)
        if not mojibake_free(line, unsafe_chars):
            return None
        if config.uncurl_quotes:
            line = uncurl_quotes(line)
        # Uncurling only writes ASCII, so the line stays mojibake-free and uncurled: another round would only
        # change it by unescaping again.
        if line == before or not (config.unescape_html and "&" in line):
            return line


class Normalizer:
    """Normalizes text with one fixed config; build once and reuse (it holds the ftfy config).

    Two halves, so that the cleaner can rebuild paragraphs in between: :meth:`layout` (line breaks, invisible
    characters, spaces) keeps every visible character (but mojibake it would break, which it repairs first), so
    hard-wrapped lines keep the widths they were wrapped at;
    :meth:`repair` (ftfy, Unicode form) changes characters and therefore line lengths (``&#233;`` becomes ``é``).
    Each half records in ``fixes`` the names of the fixes that changed the text.
    """

    def __init__(self, config: NormalizeConfig) -> None:
        self.config = config
        self._ftfy = ftfy_config(config)
        self._unsafe_chars = unsafe_chars_re(config.normalization)

    def __call__(self, text: str, count: CountFn = no_count) -> str:
        r"""Normalize ``text`` fully, counting ``normalize:<fix>`` once for each fix that changed it.

        >>> from pipeline.core.counting import Tally
        >>> tally = Tally()
        >>> Normalizer(NormalizeConfig())("Itâ€™s\u00a0&pound;5\r\n\r\n\r\n\u00a0\nEnd\u200b", tally)
        "It's £5\n\nEnd"
        >>> sorted(tally)
        ['normalize:ftfy', 'normalize:nbsp', 'normalize:newlines', 'normalize:whitespace', 'normalize:zero-width']
        """
        fixes: set[str] = set()
        text = self.repair(self.layout(text, fixes), fixes)
        for fix in sorted(fixes):
            count(f"normalize:{fix}")
        return text

    def layout(self, text: str, fixes: set[str], marks: bool = True) -> str:
        r"""Line breaks to LF, HTML markup a scraper left taken out (:mod:`pipeline.text.markup`), Markdown turned into
        plain text (:mod:`pipeline.text.markdown`), C0 control characters removed, mojibake these steps would break
        repaired (counted as ``ftfy``), zero-width characters removed, no-break spaces to spaces, whitespace collapsed
        (a line's indentation kept as one space). Without ``marks`` (text the repairs made), markup and Markdown stay:
        "&lt;p&gt;" that ftfy decoded is what the story wrote.

        >>> fixes = set()
        >>> Normalizer(NormalizeConfig()).layout("\u00a0Para&#39;s\r\n\r\n\r\nnext\x00", fixes), sorted(fixes)
        (' Para&#39;s\n\nnext', ['control-chars', 'nbsp', 'newlines', 'whitespace'])
        """
        text = self._step(text, normalize_newlines, "newlines", fixes)
        # Each returns a text without its marks' shape at once ("<" absent; may_hold_markdown), the same object.
        if marks and self.config.strip_markup:
            text = self._step(text, strip_markup, "markup", fixes)
        if marks and self.config.strip_markdown:
            text = self._step(text, strip_markdown, "markdown", fixes)
        text = self._step(text, remove_c0_control_chars, "control-chars", fixes)
        if not text.isascii():
            # Before the characters it needs are deleted or turned into spaces ("PolÃ\xadtica" is "Política").
            text = self._step(text, self._fix_mojibake_layout_would_break, "ftfy", fixes)
            text = self._step(text, remove_zero_width, "zero-width", fixes)
            text = self._step(text, replace_nbsp, "nbsp", fixes)
        return self._step(text, collapse_whitespace, "whitespace", fixes)

    def repair(self, text: str, fixes: set[str]) -> str:
        r"""ftfy (skipped for lines it cannot change) and the Unicode normal form, then :meth:`layout` again for what
        the repairs produced (``&nbsp;`` becomes a no-break space). Keeps the number of lines.

        ``text`` must be as :meth:`layout` leaves it (or lines of such text), which layout would not change again.

        >>> fixes = set()
        >>> Normalizer(NormalizeConfig()).repair("Fish &amp; chips\nâ€œQuotedâ€\x9d", fixes), sorted(fixes)
        ('Fish & chips\n"Quoted"', ['ftfy'])
        """
        original = text
        for _ in range(MAX_REPAIR_ROUNDS):
            if not (self.config.fast_path and ftfy_cannot_change(text)):
                text = self._step(text, self._fix_with_ftfy, "ftfy", fixes)
            if text.isascii():
                break
            # ftfy normalizes only the lines it processes; this also covers fast_path: false with ftfy fixes off.
            text = self._step(text, self._unicode_form, "unicode-form", fixes)
            without_controls = remove_control_chars(text)
            if without_controls == text:
                break
            # A stray control character can hide mojibake from ftfy ("\x9dâ€™"): repair again without it.
            fixes.add("control-chars")
            text = without_controls
        # Layout is idempotent: on text the repairs left as it was it would change nothing (about a tenth of the
        # cost of cleaning an article).
        return text if text == original else self.layout(text, fixes, marks=False)

    def _fix_mojibake_layout_would_break(self, text: str) -> str:
        return fix_mojibake_layout_would_break(text, self._ftfy)

    def _fix_with_ftfy(self, text: str) -> str:
        # ftfy fixes each line on its own, so handing it only the lines it could change gives the same result; in a
        # damaged article many paragraphs are still plain ASCII.
        if not self.config.fast_path:
            return ftfy.fix_text(text, self._ftfy)
        return "\n".join(self._fix_line(line) for line in text.split("\n"))

    def _fix_line(self, line: str) -> str:
        if ftfy_cannot_change(line):
            return line
        fixed = fix_without_detector(line, self._ftfy, self._unsafe_chars)
        return fix_line(line, self._ftfy) if fixed is None else fixed

    def _unicode_form(self, text: str) -> str:
        return unicodedata.normalize(self.config.normalization, text)

    @staticmethod
    def _step(text: str, fix: Callable[[str], str], name: str, fixes: set[str]) -> str:
        fixed = fix(text)
        if fixed != text:
            fixes.add(name)
        return fixed


def normalize_text(text: str, config: NormalizeConfig | None = None, count: CountFn = no_count) -> str:
    r"""Normalize ``text`` with ``config`` (defaults if None); see :class:`Normalizer`.

    >>> normalize_text("Cafe\u0301 &amp; bar")
    'Café & bar'
    >>> once = normalize_text("  x\u00a0 y\n\n\n\nz ")
    >>> once, normalize_text(once) == once
    (' x y\n\nz', True)
    """
    return Normalizer(config or NormalizeConfig())(text, count)
