"""Normalization: each fix, the counters, the ftfy fast path, idempotency."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.counting import Tally
from pipeline.text.config import NormalizeConfig
from pipeline.text.normalize import Normalizer, ftfy_cannot_change, normalize_text

NORMALIZE = Normalizer(NormalizeConfig())


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
