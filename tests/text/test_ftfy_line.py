"""ftfy_line gives exactly ftfy's results: the windowed mojibake detector, the encoding fix and the whole line fix."""

from __future__ import annotations

import re
import sys

import ftfy
import ftfy.badness
import ftfy.fixes
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import ftfy_line
from pipeline.text.ftfy_line import (
    BADNESS_WIDTH,
    fix_character_width,
    fix_encoding,
    fix_latin_ligatures,
    fix_line,
    is_bad,
)
from pipeline.text.normalize import ftfy_config
from tests.text.ftfy_lines import CONFIGS, FTFY_PIECES, REAL_LINES, ftfy_lines

# Text the detector could match only across a wider reach than a window: mojibake far from the line's start, amid
# long stretches of plain ASCII and legitimate accents.
long_lines = st.lists(st.sampled_from([*FTFY_PIECES, " " * 13, "word " * 5, "café "]), max_size=60).map("".join)


def _top_level_branches() -> list[object]:
    parsed = re._parser.parse(ftfy.badness.BADNESS_RE.pattern, ftfy.badness.BADNESS_RE.flags)  # type: ignore[attr-defined]
    [(op, (_, branches))] = parsed.data
    assert str(op) == "BRANCH"
    return branches


def _only_non_ascii(item: tuple[object, object]) -> bool:
    """True when a parsed regex item matches only non-ASCII characters (a literal or a class of literals/ranges)."""
    op, value = item
    if str(op) == "LITERAL":
        return value >= 0x80  # type: ignore[operator]
    if str(op) != "IN":
        return False
    codes: list[int] = []
    for kind, arg in value:  # type: ignore[attr-defined]
        if str(kind) == "LITERAL":
            codes.append(arg)
        elif str(kind) == "RANGE":
            codes.append(arg[0])
        else:  # a negation or a category (\w, \s): may match ASCII
            return False
    return min(codes) >= 0x80


def test_every_match_of_ftfys_detector_is_short_and_holds_a_non_ascii_character():
    # the two facts the windowed search (ftfy_line.is_bad) rests on
    parsed = re._parser.parse(ftfy.badness.BADNESS_RE.pattern, ftfy.badness.BADNESS_RE.flags)  # type: ignore[attr-defined]
    assert parsed.getwidth()[1] <= BADNESS_WIDTH
    branches = _top_level_branches()
    assert len(branches) > 30
    for branch in branches:
        assert any(_only_non_ascii(item) for item in branch.data), branch  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("The BBCâ€™s editor", True),
        ("Ã  the start", True),  # ^[ÃÂ][ ]: the text's start, also when searched from a later position
        ("X" * 40 + "Ã ", False),
        ("X" * 40 + "a Ã ", True),  # [a-z]\s?[ÃÂ][ ], reaching back before the non-ASCII character
        ("Café society – “quoted”", False),
        ("plain ASCII", False),
        ("", False),
    ],
)
def test_is_bad_pinned(text: str, bad: bool):
    assert is_bad(text) is bad
    assert ftfy.badness.is_bad(text) is bad


@settings(max_examples=3000, deadline=None)
@given(st.one_of(ftfy_lines, long_lines))
def test_is_bad_is_ftfys_detector_on_generated_lines(line: str):
    assert is_bad(line) == ftfy.badness.is_bad(line), line


def test_is_bad_is_ftfys_detector_on_real_lines():
    for line in REAL_LINES:
        assert is_bad(line) == ftfy.badness.is_bad(line), line


@settings(max_examples=2000, deadline=None)
@given(st.one_of(ftfy_lines, long_lines), st.sampled_from(CONFIGS))
def test_fix_line_is_ftfys_fix_text_on_generated_lines(line: str, config):
    fixer = ftfy_config(config)
    assert fix_line(line, fixer) == ftfy.fix_text(line, fixer), (line, config)
    assert fix_encoding(line, fixer) == ftfy.fix_encoding(line, fixer), (line, config)


# What the layout step hands fix_encoding (normalize.fix_mojibake_layout_would_break): a line with its "\n", holding
# mojibake of characters whose bytes the layout would delete or turn into a space.
LAYOUT_PIECES = ["Pol\u00c3\u00adtica", "S\u00c3O\u00a0PAULO", "\u00e2\u20ac\u00a0", "\u00c3\u00a0", "\n"]
layout_lines = st.lists(st.sampled_from([*FTFY_PIECES, *LAYOUT_PIECES]), max_size=30).map(
    lambda pieces: "".join(pieces) + "\n"
)


@settings(max_examples=1000, deadline=None)
@given(layout_lines)
def test_fix_encoding_is_ftfys_on_lines_with_their_line_break(line: str):
    config = ftfy_config(CONFIGS[0])
    assert fix_encoding(line, config) == ftfy.fix_encoding(line, config), line


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(REAL_LINES), st.lists(st.sampled_from(FTFY_PIECES), max_size=3), st.integers(0, 10_000))
def test_fix_line_is_ftfys_fix_text_on_real_lines(line: str, pieces: list[str], at: int):
    for config in CONFIGS:
        assert fix_line(line, ftfy_config(config)) == ftfy.fix_text(line, ftfy_config(config)), (line, config)
    at %= len(line) + 1
    edited = line[:at] + "".join(pieces) + line[at:]
    assert fix_line(edited, ftfy_config(CONFIGS[0])) == ftfy.fix_text(edited, ftfy_config(CONFIGS[0])), edited


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        ("â€œItâ€™s ﬁne&hellip;â€\x9d", '"It\'s fine…"'),
        ("&Atilde;&copy;t&Atilde;&copy;", "été"),  # entities that unescape to mojibake: a second round repairs it
        ("Café – “déjà vu”", 'Café – "déjà vu"'),
        ("ＬＯＵＤ　ＮＯＩＳＥＳ", "LOUD NOISES"),
        ("Ã&lt;b&gt;", "Ã<b>"),
    ],
)
def test_fix_line_pinned(line: str, fixed: str):
    config = ftfy.TextFixerConfig(explain=False)
    assert fix_line(line, config) == fixed == ftfy.fix_text(line, config)


def test_lines_fix_line_hands_to_ftfy_whole():
    config = ftfy.TextFixerConfig(explain=False, max_decode_length=20)
    for text in ["two\nlines â€™", "a line longer than twenty characters â€™"]:
        assert fix_line(text, config) == ftfy.fix_text(text, config)


def test_another_ftfy_version_gets_ftfys_own_fix(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(ftfy_line, "MIRRORS_FTFY", False)
    config = ftfy.TextFixerConfig(explain=False)
    for line in ["The BBCâ€™s editor", "Café", "&pound;5"]:
        assert fix_line(line, config) == ftfy.fix_text(line, config)
        assert fix_encoding(line, config) == ftfy.fix_encoding(line, config)


def test_the_installed_ftfy_is_mirrored():
    # else the tests above compare ftfy with itself, and normalizing is ~1.7x slower
    assert ftfy_line.MIRRORS_FTFY, (
        f"ftfy {ftfy.__version__}: check pipeline/text/ftfy_line.py's loop against its fix_and_explain, then add the "
        "version to MIRRORED_FTFY"
    )


def test_guarded_translations_are_ftfys_for_every_character():
    for code in range(sys.maxunicode + 1):
        if not 0xD800 <= code <= 0xDFFF:
            char = chr(code)
            assert fix_latin_ligatures(char) == ftfy.fixes.fix_latin_ligatures(char), hex(code)
            assert fix_character_width(char) == ftfy.fixes.fix_character_width(char), hex(code)
