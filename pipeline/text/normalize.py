"""Unicode and whitespace normalization: the first cleaning step, so every later rule sees one canonical form.

Each fix is a small ``str -> str`` function; :class:`Normalizer` chains them and counts, under ``normalize:<fix>``,
each fix that changed the text. ftfy is the costly one (about 0.5 ms per 3 KB article), so it is skipped for lines it
cannot change.

A line's leading indentation (spaces, tabs, no-break spaces) is kept as exactly one space instead of being dropped:
it marks a paragraph start, which :mod:`pipeline.text.paragraphs` needs to rejoin hard-wrapped text correctly.
Paragraph splitting strips that space.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import ftfy

from pipeline.counting import CountFn, no_count
from pipeline.text.config import NormalizeConfig

# Zero-width and invisible formatting characters: ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen.
ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# No-break spaces (NBSP, narrow NBSP, figure space) that scrapers leave as "empty" paragraphs and indents.
NBSP_RE = re.compile("[\u00a0\u202f\u2007]")
# C0/C1 control characters except tab and newline (tab is whitespace, handled with the other spaces).
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# C0 controls only: C1 controls (U+0080-U+009F) are usually mojibake ("â€\x9d" is a right double quote read as
# cp1252/latin-1) that ftfy needs to see, so they are removed only after the repairs.
C0_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
# Terminal escape sequences (colour codes pasted from a console); ASCII, so they defeat the fast path check.
TERMINAL_ESCAPE_RE = re.compile("\x1b\\[[0-9;]*[A-Za-z]")
BLANK_RUN_RE = re.compile(r"\n{3,}")
# Removing a control character can expose mojibake that ftfy then repairs; one more round settles every case seen
# (including the property test's), a third is a safety margin.
MAX_REPAIR_ROUNDS = 3


def normalize_newlines(text: str) -> str:
    r"""CRLF and lone CR become LF; so do the Unicode line and paragraph separators.

    >>> normalize_newlines("a\r\nb\rc\u2028d")
    'a\nb\nc\nd'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")


def remove_zero_width(text: str) -> str:
    r"""Drop zero-width and invisible formatting characters.

    >>> remove_zero_width("news\u200broom\ufeff")
    'newsroom'
    """
    return ZERO_WIDTH_RE.sub("", text)


def replace_nbsp(text: str) -> str:
    r"""No-break spaces become ordinary spaces.

    >>> replace_nbsp("£5\u00a0m")
    '£5 m'
    """
    return NBSP_RE.sub(" ", text)


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
    return C0_CONTROL_RE.sub("", TERMINAL_ESCAPE_RE.sub("", text))


def collapse_whitespace(text: str) -> str:
    r"""Collapse space runs to one space, trim line ends, keep a line's indentation as one space, collapse blank lines.

    >>> collapse_whitespace("  Para one\t  here.  \n \n\n\n\tPara two\n")
    ' Para one here.\n\n Para two'
    """
    lines = []
    for line in text.split("\n"):
        words = line.split()  # str.split() splits on every Unicode space, tabs included
        if not words:
            lines.append("")
        elif line[0].isspace():
            lines.append(" " + " ".join(words))
        else:
            lines.append(" ".join(words))
    return BLANK_RUN_RE.sub("\n\n", "\n".join(lines)).strip("\n")


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


class Normalizer:
    """Normalizes text with one fixed config; build once and reuse (it holds the ftfy config).

    Two halves, so that the cleaner can rebuild paragraphs in between: :meth:`layout` (line breaks, invisible
    characters, spaces) keeps every visible character, so hard-wrapped lines keep the widths they were wrapped at;
    :meth:`repair` (ftfy, Unicode form) changes characters and therefore line lengths (``&#233;`` becomes ``é``).
    Each half records in ``fixes`` the names of the fixes that changed the text.
    """

    def __init__(self, config: NormalizeConfig) -> None:
        self.config = config
        self._ftfy = ftfy_config(config)

    def __call__(self, text: str, count: CountFn = no_count) -> str:
        r"""Normalize ``text`` fully, counting ``normalize:<fix>`` once for each fix that changed it.

        >>> from pipeline.counting import Tally
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

    def layout(self, text: str, fixes: set[str]) -> str:
        r"""Line breaks to LF, C0 control and zero-width characters removed, no-break spaces to spaces, whitespace
        collapsed (a line's indentation kept as one space).

        >>> fixes = set()
        >>> Normalizer(NormalizeConfig()).layout("\u00a0Para&#39;s\r\n\r\n\r\nnext\x00", fixes), sorted(fixes)
        (' Para&#39;s\n\nnext', ['control-chars', 'nbsp', 'newlines', 'whitespace'])
        """
        text = self._step(text, normalize_newlines, "newlines", fixes)
        text = self._step(text, remove_c0_control_chars, "control-chars", fixes)
        if not text.isascii():
            text = self._step(text, remove_zero_width, "zero-width", fixes)
            text = self._step(text, replace_nbsp, "nbsp", fixes)
        return self._step(text, collapse_whitespace, "whitespace", fixes)

    def repair(self, text: str, fixes: set[str]) -> str:
        r"""ftfy (skipped for lines it cannot change) and the Unicode normal form, then :meth:`layout` again for what
        the repairs produced (``&nbsp;`` becomes a no-break space). Keeps the number of lines.

        >>> fixes = set()
        >>> Normalizer(NormalizeConfig()).repair("Fish &amp; chips\nâ€œQuotedâ€\x9d", fixes), sorted(fixes)
        ('Fish & chips\n"Quoted"', ['ftfy'])
        """
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
        return self.layout(text, fixes)

    def _fix_with_ftfy(self, text: str) -> str:
        # ftfy fixes each line on its own, so handing it only the lines it could change gives the same result; in a
        # damaged article many paragraphs are still plain ASCII.
        if not self.config.fast_path:
            return ftfy.fix_text(text, self._ftfy)
        lines = text.split("\n")
        return "\n".join(line if ftfy_cannot_change(line) else ftfy.fix_text(line, self._ftfy) for line in lines)

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
