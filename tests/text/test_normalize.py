"""Normalization: each fix, the counters, the ftfy fast path, idempotency."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import ftfy
import ftfy.badness
import ftfy.fixes
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.counting import Tally
from pipeline.text.config import NormalizeConfig
from pipeline.text.normalize import (
    BLANK_RUN_RE,
    MOJIBAKE_FREE_CURRENCY,
    MOJIBAKE_FREE_PUNCTUATION,
    OTHER_WHITESPACE,
    OTHER_WHITESPACE_RE,
    Normalizer,
    collapse_whitespace,
    fix_without_detector,
    ftfy_cannot_change,
    ftfy_config,
    normalize_text,
    uncurl_quotes,
    unsafe_chars_re,
)
from tests.text.ftfy_lines import CONFIGS, FTFY_PIECES, REAL_LINES, ftfy_lines

NORMALIZE = Normalizer(NormalizeConfig())
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected", "fix"),
    [
        ("The BBCâ€™s Paul Reynolds", "The BBC's Paul Reynolds", "ftfy"),  # cp1252 mojibake
        ("â€œin a unique positionâ€\x9d", '"in a unique position"', "ftfy"),  # mojibake with a C1 control
        ("up to &pound;820,000 on MPs&#39; pay", "up to £820,000 on MPs' pay", "ftfy"),
        ("his side&#8217;s task", "his side's task", "ftfy"),
        ("“Weather,” she said.", '"Weather," she said.', "ftfy"),  # uncurl_quotes
        ("\u00a0England are contemplating", " England are contemplating", "nbsp"),  # indent kept as one space
        ("news\u200broom\ufeff", "newsroom", "zero-width"),
        ("bell\x07 and\x00 null", "bell and null", "control-chars"),
        ("one\r\ntwo\rthree", "one\ntwo\nthree", "newlines"),
        ("too   many \t spaces  ", "too many spaces", "whitespace"),
        ("para\n\n\n\n\u00a0\n\npara", "para\n\npara", "whitespace"),
        ("Cafe\u0301", "Café", "ftfy"),  # NFC
    ],
)
def test_each_fix(raw: str, expected: str, fix: str):
    tally = Tally()
    assert NORMALIZE(raw, tally) == expected
    assert tally[f"normalize:{fix}"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "این کار انجام می\u200cشود و مردم خوشحال\u200cاند.",  # Persian: ZWNJ inside words is its spelling
        "राष्ट्\u200dरीय क्\u200dष",  # Devanagari: ZWJ and ZWNJ shape conjuncts
        "A family 👨\u200d👩\u200d👧 at the fair",  # an emoji ZWJ sequence is one emoji
    ],
)
def test_joiners_that_are_part_of_a_word_or_an_emoji_stay(text: str):
    tally = Tally()
    assert NORMALIZE(text, tally) == text
    assert tally == {}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("zero\u200cwidth \u200dnon-joiner", "zerowidth non-joiner"),  # in Latin text they are junk
        ("شود\u200c و", "شود و"),  # at a word's edge, joining nothing
        ("👨\u200d and", "👨 and"),
    ],
)
def test_joiners_elsewhere_go(raw: str, expected: str):
    assert NORMALIZE(raw, Tally()) == expected


def test_clean_text_is_unchanged_and_uncounted():
    text = "Kerry seeks to narrow divisions with Russia\n\nUS Secretary of State John Kerry is in Moscow."
    tally = Tally()
    assert NORMALIZE(text, tally) == text
    assert tally == {}


def test_each_fix_counted_once_per_text():
    tally = Tally()
    NORMALIZE("a\u00a0b\n\nc\u00a0d &amp; e", tally)
    assert tally == {"normalize:nbsp": 1, "normalize:ftfy": 1}


def test_curly_quotes_kept_when_uncurl_is_off():
    assert normalize_text("“Hi,” he said", NormalizeConfig(uncurl_quotes=False)) == "“Hi,” he said"


def test_entities_kept_when_unescape_is_off():
    assert normalize_text("&pound;5", NormalizeConfig(unescape_html=False)) == "&pound;5"


def test_fast_path_predicate():
    assert ftfy_cannot_change("Plain ASCII text, with 'quotes'.")
    assert not ftfy_cannot_change("AT&amp;T")
    assert not ftfy_cannot_change("caf\u00e9")
    assert not ftfy_cannot_change("\x1b[31mred")


# Pieces of text that exercise every fix: mojibake, entities, curly quotes, invisible and control characters.
PIECES = [*"abcXYZ .,;'\"&#;\n\r\t-", "\u00a0", "\u200b", "’", "“", "”", "â€™", "Ã©", "&amp;", "&#39;", "\x00", "\x9d"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_idempotent(text: str):
    once = NORMALIZE(text)
    assert NORMALIZE(once) == once


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_fast_path_gives_the_same_result_as_ftfy_on_everything(text: str):
    slow = Normalizer(NormalizeConfig(fast_path=False))
    assert NORMALIZE(text) == slow(text)


def test_idempotent_on_damaged_article():
    raw = "Hague&#39;s earnings\r\n\r\n\u00a0The BBCâ€™s editor said â€œnoâ€\x9d.\n\u00a0\n\n\nEnd\u200b"
    once = NORMALIZE(raw)
    assert once == "Hague's earnings\n\n The BBC's editor said \"no\".\n\nEnd"
    assert NORMALIZE(once) == once


def test_normalizer_pickles():
    restored = pickle.loads(pickle.dumps(NORMALIZE))
    assert restored("&pound;5") == "£5"


# --- ftfy without its mojibake detector (fix_without_detector) gives exactly ftfy's result ---------------------------


def _category(name: str) -> set[str]:
    """The characters of one of ftfy's mojibake categories (ranges like "\xc0-\xd1" expanded)."""
    spec, chars, i = ftfy.badness.MOJIBAKE_CATEGORIES[name], set(), 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            chars |= {chr(code) for code in range(ord(spec[i]), ord(spec[i + 2]) + 1)}
            i += 3
        else:
            chars.add(spec[i])
            i += 1
    return chars


def test_the_mojibake_free_characters_are_those_ftfys_detector_needs_others_for():
    # the reasoning in pipeline/text/normalize.py rests on these memberships
    punctuation = _category("common") | _category("start_punctuation") | _category("end_punctuation")
    uncategorized = set(MOJIBAKE_FREE_PUNCTUATION) - punctuation
    assert uncategorized == {"\u02bc", "\u201b", "\u201f"}
    assert not uncategorized & set(ftfy.badness.BADNESS_RE.pattern)
    assert set(MOJIBAKE_FREE_CURRENCY) == _category("currency")


def test_uncurl_quotes_is_ftfys_for_every_character():
    for code in range(sys.maxunicode + 1):
        if not 0xD800 <= code <= 0xDFFF:
            char = chr(code)
            assert uncurl_quotes(char) == ftfy.fixes.uncurl_quotes(char), hex(code)


def _assert_same_as_ftfy(line: str, config: NormalizeConfig) -> bool:
    fixer = ftfy_config(config)
    fixed = fix_without_detector(line, fixer, unsafe_chars_re(config.normalization))
    if fixed is not None:
        assert fixed == ftfy.fix_text(line, fixer), (line, config)
    return fixed is not None


@settings(max_examples=2000, deadline=None)
@given(ftfy_lines, st.sampled_from(CONFIGS))
def test_ftfy_without_its_detector_gives_ftfys_result_on_generated_lines(line: str, config: NormalizeConfig):
    _assert_same_as_ftfy(line, config)


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(REAL_LINES), st.lists(st.sampled_from(FTFY_PIECES), max_size=3), st.integers(0, 10_000))
def test_ftfy_without_its_detector_gives_ftfys_result_on_real_lines(line: str, pieces: list[str], at: int):
    # the line as it is, and with a few pieces put in somewhere
    assert all(_assert_same_as_ftfy(line, config) is not None for config in CONFIGS)
    at %= len(line) + 1
    _assert_same_as_ftfy(line[:at] + "".join(pieces) + line[at:], NormalizeConfig())


def test_ftfy_without_its_detector_takes_ordinary_lines_and_refuses_mojibake():
    config, unsafe = ftfy_config(NormalizeConfig()), unsafe_chars_re("NFC")
    for line in ["“Quoted,” she said – it’s £5…", "Fish &amp; chips &#8217;n&#8217; more", "© 2024 Metro™ • Home"]:
        assert _assert_same_as_ftfy(line, NormalizeConfig())
    for line in ["The BBCâ€™s editor", "Â£5", "caf\u00e9", "”£5", "\x9d", "x\x1b[31m"]:
        assert fix_without_detector(line, config, unsafe) is None


# --- collapse_whitespace: the whole-text string operations do what splitting each line's words did -------------------


def _collapse_by_words(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        words = line.split()
        if not words:
            lines.append("")
        elif line[0].isspace():
            lines.append(" " + " ".join(words))
        else:
            lines.append(" ".join(words))
    return BLANK_RUN_RE.sub("\n\n", "\n".join(lines)).strip("\n")


WHITESPACE = [char for char in map(chr, range(0x3001)) if char.isspace()]
spaced_text = st.lists(st.sampled_from([*WHITESPACE, "\n", "\n", " ", " ", "a", "b.", "é", "\x00"]), max_size=40)


@settings(max_examples=1000, deadline=None)
@given(spaced_text.map("".join))
def test_collapse_whitespace_is_collapsing_each_lines_words(text: str):
    assert collapse_whitespace(text) == _collapse_by_words(text)


def test_other_whitespace_lists_every_character_the_regex_matches():
    every = [char for char in map(chr, range(sys.maxunicode + 1)) if char.isspace() and char not in " \n"]
    assert list(OTHER_WHITESPACE) == every
    assert all(OTHER_WHITESPACE_RE.fullmatch(char) for char in every)
    assert OTHER_WHITESPACE_RE.search("".join(char for char in map(chr, range(0x3001)) if char not in every)) is None


@pytest.mark.parametrize("run", range(1, 12))
def test_a_run_of_blank_lines_of_any_length_becomes_one(run: int):
    assert collapse_whitespace("One." + "\n" * run + " \n" * run + "Two.") == "One.\n\nTwo."
    assert collapse_whitespace("One.\u2003" + "\n" * run + "Two.") == "One." + ("\n\n" if run > 1 else "\n") + "Two."


def test_layout_leaves_layout_and_paragraph_text_unchanged():
    # Normalizer.repair relies on it: text it did not change needs no second layout
    normalizer, fixes = Normalizer(NormalizeConfig()), set()
    text = " Indented\tpara   one.\r\n\r\n\r\nPara\u00a0two \u200b\x00"
    once = normalizer.layout(text, fixes)
    assert normalizer.layout(once, fixes := set()) == once and not fixes


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES + WHITESPACE + ["\u2028", "\x85", "\x1b[1m"]), max_size=40).map("".join))
def test_layout_is_idempotent(text: str):
    fixes: set[str] = set()
    once = NORMALIZE.layout(text, fixes)
    fixes.clear()
    assert NORMALIZE.layout(once, fixes) == once and not fixes


# --- mojibake whose bytes the layout step deletes or changes (issue 17) ---------------------------------------------


def _mojibake(text: str, encoding: str = "latin-1") -> str:
    """``text`` as UTF-8 bytes read in ``encoding``; ftfy's sloppy-windows-1252 is cp1252 with latin-1's C1 controls."""
    return text.encode("utf-8").decode(encoding)


@pytest.mark.parametrize("encoding", ["latin-1", "sloppy-windows-1252"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A Política do Sí", "A Política do Sí"),  # "í" is "Ã" + soft hyphen
        ("voilà tout, à Paris", "voilà tout, à Paris"),  # "à" is "Ã" + no-break space
        ("voilà\nnext", "voilà\nnext"),  # ... which must not go as a line's trailing space
        ("Íñigo, Ïle, Ðað, Ýmir, Á", "Íñigo, Ïle, Ðað, Ýmir, Á"),  # C1 controls, kept for ftfy already
        ("dagger † x", "dagger † x"),  # E2 80 A0: "â€" + no-break space
        ("x\u2005y", "x y"),  # E2 80 85, a four-per-em space (then a space)
    ],
)
def test_mojibake_of_layout_characters_is_repaired(text: str, encoding: str, expected: str):
    tally = Tally()
    assert NORMALIZE(_mojibake(text, encoding), tally) == expected
    assert tally["normalize:ftfy"] == 1


def test_mojibake_with_a_latin1_nel_is_repaired():
    # "Ņ" is C5 85; 0x85 in latin-1 is NEL, which is whitespace (in cp1252 it is "…", which layout keeps)
    assert _mojibake("Ņemt") == "Å\x85emt"
    assert normalize_text("Å\x85emt") == "Ņemt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ré\u00adpu\u00adblique, Inter\u00adnational", "République, International"),  # real soft hyphens
        ("Voilà\u00a0! « Bonjour\u00a0» dit-il", "Voilà ! « Bonjour » dit-il"),  # real no-break spaces
        ("SÃO\u00a0PAULO, NÃO\u00a0SEI", "SÃO PAULO, NÃO SEI"),
        ("A IRMÃ\u00a0MARIA, PÅ\u00a0TV", "A IRMÃ MARIA, PÅ TV"),  # a capital ending an all-caps word
        ("CAFÉ\u00a0? a irmã\u00a0»", "CAFÉ ? a irmã »"),
    ],
)
def test_clean_text_with_layout_characters_is_not_taken_for_mojibake(text: str, expected: str):
    tally = Tally()
    assert NORMALIZE(text, tally) == expected
    assert "normalize:ftfy" not in tally


def test_mojibake_of_layout_characters_kept_when_fix_encoding_is_off():
    assert normalize_text("PolÃ\u00adtica", NormalizeConfig(fix_encoding=False)) == "PolÃtica"


def test_layout_mojibake_gives_ftfys_result_for_every_affected_character():
    # every character whose UTF-8 bytes, read as latin-1 or cp1252, hold a byte layout deletes or changes, in a few
    # places in a line: the same as ftfy first and layout after (which is what ftfy alone would have seen)
    config = ftfy_config(NormalizeConfig())
    contexts = ["Foo {} bar", "Foo x{}y bar", "{}", "word {}\nnext line"]
    for code in [*range(0x80, 0xD800), *range(0xE000, 0x10000), 0x1F600]:
        for encoding in ["latin-1", "sloppy-windows-1252"]:
            mojibake = _mojibake(chr(code), encoding)
            if any(char in mojibake for char in "\x85\xa0\xad"):
                for context in contexts:
                    text = context.format(mojibake)
                    assert normalize_text(text) == normalize_text(ftfy.fix_text(text, config)), (hex(code), text)


LAYOUT_MOJIBAKE_PIECES = [*PIECES, "Ã\u00ad", "Ã\u00a0", "Å\x85", "â€\u00a0", "\u00ad", "\x85", "É"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LAYOUT_MOJIBAKE_PIECES), max_size=40).map("".join))
def test_idempotent_and_fast_path_with_layout_mojibake(text: str):
    once = NORMALIZE(text)
    assert NORMALIZE(once) == once
    assert Normalizer(NormalizeConfig(fast_path=False))(text) == once
