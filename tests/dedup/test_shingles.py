"""Fingerprint tokens and shingle hashes: positive and negative literal cases, pinned values."""

from __future__ import annotations

import numpy as np
import pytest
import xxhash

from pipeline.dedup.shingles import fingerprint_tokens, shingle_hashes, shingles


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("\u201cIt\u2019s over,\u201d he said.", '"It\'s over", he said!'),  # curly vs straight quotes
        ("\u2018Brexit\u2019 \u2013 a row", "'Brexit' - a row"),  # single quotes, en dash
        ("HEADLINE Case", "headline case"),  # case
        ("Stra\u00dfe", "STRASSE"),  # casefold, not lower
        ("na\u00efve caf\u00e9", "naive cafe"),  # accents from half-repaired mojibake
        ("one\u00a0two\u2003three", "one two three"),  # no-break and em spaces
        ("\uff21\uff22\uff23 news", "abc news"),  # full-width letters (NFKC)
        ("line one\nline two", "line one line two"),  # wrapping
        ("don\u02bct", "dont"),  # modifier-letter apostrophe
        ("don\u00b4t won\uff07t", "dont wont"),  # acute accent and full-width apostrophe used as apostrophes
    ],
)
def test_presentation_differences_give_the_same_tokens(left, right):
    assert fingerprint_tokens(left) == fingerprint_tokens(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("the bank rate rose", "the bank rate fell"),  # a changed word
        ("2,500 jobs", "25,00 jobs"),  # digits grouped differently are different numbers
        ("co-operate now", "cooperate now"),  # a hyphen splits a word
        ("UK", "U.K."),  # letters split by dots are separate tokens
    ],
)
def test_content_differences_give_different_tokens(left, right):
    assert fingerprint_tokens(left) != fingerprint_tokens(right)


def test_tokens_pinned():
    text = "Ex-BBC host Robert Kilroy-Silk said he wanted to \u201cchange the face of British politics\u201d."
    assert fingerprint_tokens(text) == [
        "ex", "bbc", "host", "robert", "kilroy", "silk", "said", "he", "wanted", "to",
        "change", "the", "face", "of", "british", "politics",
    ]  # fmt: skip


def test_underscores_and_symbols_separate_tokens():
    assert fingerprint_tokens("snake_case #tag @user 50% \u00a32m") == ["snake", "case", "tag", "user", "50", "2m"]


def test_shingles_of_short_and_empty_documents():
    assert shingles(["a", "b", "c"], 5) == ["a b c"]
    assert shingles(["a", "b", "c", "d", "e"], 5) == ["a b c d e"]
    assert shingles(["a", "b", "c", "d", "e", "f"], 5) == ["a b c d e", "b c d e f"]
    assert shingles([], 5) == []


def test_shingle_hashes_are_xxh32_of_the_joined_tokens():
    expected = sorted({xxhash.xxh32_intdigest(s.encode()) for s in ["a b c", "b c d", "c d e"]})
    assert shingle_hashes("A, b; c. D! e?", 3).tolist() == expected


def test_shingle_hashes_are_distinct_sorted_uint32():
    hashes = shingle_hashes("to be or not to be or not to be", 2)
    assert hashes.dtype == np.uint32
    assert hashes.tolist() == sorted(set(hashes.tolist()))
    assert len(hashes) == 4  # "to be", "be or", "or not", "not to"


def test_shingle_hashes_pinned():
    assert shingle_hashes("The cat sat on the mat.", 5).tolist() == [2138298644, 2710036796]
    assert shingle_hashes("Only three words", 5).tolist() == [xxhash.xxh32_intdigest(b"only three words")]


def test_empty_and_token_less_texts_have_no_shingles():
    assert shingle_hashes("", 5).tolist() == []
    assert shingle_hashes(" -- ... \u201c\u201d ", 5).tolist() == []
    assert shingle_hashes("", 5).dtype == np.uint32


@pytest.mark.parametrize("size", [0, -1, 2.5, True])
def test_bad_shingle_size_is_refused(size):
    with pytest.raises(ValueError, match="shingle_size must be a positive int"):
        shingle_hashes("some words here", size)
