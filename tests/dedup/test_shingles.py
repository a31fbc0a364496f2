"""Fingerprint tokens and shingle hashes: positive and negative literal cases, pinned values."""

from __future__ import annotations

import sys

import numpy as np
import pytest
import xxhash
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedup import shingles as shingles_module
from pipeline.dedup.shingles import (
    SHINGLE_HASH_SEED,
    _fold_char,
    _tokenise,
    fingerprint_token_bytes,
    fingerprint_tokens,
    reference_tokens,
    shingle_hashes,
    shingle_values,
    shingles,
    token_hashes,
)

# Property tests are derandomized: the same examples on every run (no unseeded randomness).
DETERMINISTIC = settings(derandomize=True, max_examples=300, deadline=None)
MASK64 = 2**64 - 1
# Every code point except the surrogates (which cannot be encoded as UTF-8).
ALL_CHARACTERS = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]


def _fmix64(value: int) -> int:
    value ^= value >> 33
    value = (value * 0xFF51AFD7ED558CCD) & MASK64
    value ^= value >> 33
    value = (value * 0xC4CEB9FE1A85EC53) & MASK64
    return value ^ (value >> 33)


def reference_shingle_hash(tokens: list[str]) -> int:
    """The shingle hash, written out in plain Python from the module docstring: polynomial of the tokens' XXH3-64
    values, fmix64, high half XOR low half."""
    combined = 0
    for token in tokens:
        combined = (combined * 0x9E3779B97F4A7C15 + xxhash.xxh3_64_intdigest(token.encode("utf-8"), 0)) & MASK64
    mixed = _fmix64(combined)
    return (mixed >> 32) ^ (mixed & 0xFFFFFFFF)


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


def test_shingle_hashes_are_the_documented_scheme():
    expected = sorted({reference_shingle_hash(list(s)) for s in ["abc", "bcd", "cde"]})
    assert shingle_hashes("A, b; c. D! e?", 3).tolist() == expected
    assert SHINGLE_HASH_SEED == 0


@DETERMINISTIC
@given(
    st.lists(st.sampled_from(["the", "a", "caf\u00e9", "\u65e5\u672c", "2,500", "x"]), max_size=12),
    st.integers(1, 6),
)
def test_shingle_values_match_the_plain_python_scheme_in_order(words, size):
    tokens = fingerprint_tokens(" ".join(words))
    grams = [tokens[i : i + size] for i in range(max(len(tokens) - size + 1, 1))] if tokens else []
    values = shingle_values(token_hashes([t.encode("utf-8") for t in tokens]), size)
    assert values.dtype == np.uint32
    assert values.tolist() == [reference_shingle_hash(gram) for gram in grams]
    assert len(values) == len(shingles(tokens, size))


def test_shingle_hashes_depend_on_token_order():
    assert shingle_hashes("a b c d e", 5).tolist() != shingle_hashes("e d c b a", 5).tolist()
    assert shingle_hashes("a b", 5).tolist() != shingle_hashes("b a", 5).tolist()
    assert shingle_hashes("a a b", 5).tolist() != shingle_hashes("a b a", 5).tolist()
    # A short document is one shingle of all its tokens, not the same value as a longer run containing them.
    assert not set(shingle_hashes("b c", 5).tolist()) & set(shingle_hashes("a b c d e f", 5).tolist())


def test_shingle_hashes_are_well_mixed():
    # 20,000 distinct shingles of near-identical tokens: 32-bit values should look uniform.
    text = " ".join(f"w{i}" for i in range(20_004))
    values = shingle_hashes(text, 5)
    assert len(values) >= 20_000 - 2  # expected 32-bit collisions: 20,000**2 / 2**33 ~ 0.05
    bits = (values[:, np.newaxis] >> np.arange(32, dtype=np.uint32)) & np.uint32(1)
    assert np.all(np.abs(bits.mean(axis=0) - 0.5) < 0.02)
    # Changing one token flips about half of the bits of every shingle that contains it.
    changed = shingle_values(token_hashes([b"w0", b"w1", b"w2", b"w3", b"x"]), 5)
    same = shingle_values(token_hashes([b"w0", b"w1", b"w2", b"w3", b"w4"]), 5)
    assert 8 <= bin(int(changed[0] ^ same[0])).count("1") <= 24


def test_shingle_hashes_are_distinct_sorted_uint32():
    hashes = shingle_hashes("to be or not to be or not to be", 2)
    assert hashes.dtype == np.uint32
    assert hashes.tolist() == sorted(set(hashes.tolist()))
    assert len(hashes) == 4  # "to be", "be or", "or not", "not to"


def test_shingle_hashes_pinned():
    # Pinned: any change here changes every stored fingerprint, so SHINGLE_HASH_NAME must change with it.
    assert shingle_hashes("The cat sat on the mat.", 5).tolist() == [2707107166, 3594875633]
    assert shingle_hashes("Only three words", 5).tolist() == [reference_shingle_hash(["only", "three", "words"])]
    assert token_hashes([b"cat"]).tolist() == [xxhash.xxh3_64_intdigest(b"cat")]


def test_empty_and_token_less_texts_have_no_shingles():
    assert shingle_hashes("", 5).tolist() == []
    assert shingle_hashes(" -- ... \u201c\u201d ", 5).tolist() == []
    assert shingle_hashes("", 5).dtype == np.uint32


@pytest.mark.parametrize("size", [0, -1, 2.5, True])
def test_bad_shingle_size_is_refused(size):
    with pytest.raises(ValueError, match="shingle_size must be a positive int"):
        shingle_hashes("some words here", size)


TRICKY_TEXTS = [
    "",
    "plain ascii, with `grave' and 'quotes' -- and_underscores",
    "\u201cDon\u2019t\u201d \u2018panic\u2019 \u2014 caf\u00e9 CAFE\u0301 na\u00efve \ufb01nal \u00bd \u2460",
    "Stra\u00dfe \u0130stanbul \u03a3\u039f\u03a6\u039f\u03a3 \u1e9e \u212a \u0149 \u01f0 \u1fef\u1fed",
    "\u00e2\u20ac\u2122 mojibake \u00c2\u00a0 \u00e2\u20ac\u0153quote\u00e2\u20ac\x9d \x85 \u3000 full\uff37idth",
    "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8 \u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "\u0939\u093f\u0928\u094d\u0926\u0940 \u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22 \ud55c\uad6d\uc5b4",
    "emoji \U0001f600 and \U0001d400\U0001d401 math, \x1c\x1d\x1e\x1f control \u200b zero-width",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_fast_tokens_equal_the_reference_definition(text):
    assert fingerprint_tokens(text) == reference_tokens(text)
    assert fingerprint_token_bytes(text) == [t.encode("utf-8") for t in reference_tokens(text)]


@DETERMINISTIC
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60))
def test_fast_tokens_equal_the_reference_for_any_text(text):
    assert fingerprint_tokens(text) == reference_tokens(text)


def test_fast_tokens_equal_the_reference_for_every_code_point(monkeypatch):
    # Each character between ASCII letters, and between spaces, an acute-accent apostrophe and a combining accent.
    # The fast path maps characters one at a time, so this covers every mapping it can make; its bounds are lifted
    # so that it, not the regex fallback, handles these mostly non-ASCII texts.
    monkeypatch.setattr(shingles_module, "MAX_NON_ASCII_SHARE", 1.0)
    monkeypatch.setattr(shingles_module, "MAX_REPLACEMENTS", len(ALL_CHARACTERS))
    for start in range(0, len(ALL_CHARACTERS), 250):
        chunk = ALL_CHARACTERS[start : start + 250]
        for joiner in ("x", " A\u00b4e\u0301"):
            text = joiner.join(chunk)
            assert isinstance(_tokenise(text), bytes)
            assert fingerprint_tokens(text) == reference_tokens(text), f"code points from {ord(chunk[0]):#x}"


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        ("Plain ASCII, it's `quoted'.", True),
        ("\u201cQuoted\u201d caf\u00e9 \u2014 \u00a32m\u00a0fans, don\u2019t", True),
        # Mostly non-ASCII.
        ("\u5317\u4eac\u65f6\u95f4\u5468\u4e94\uff0c\u4e2d\u56fd\u56fd\u5bb6\u7edf\u8ba1\u5c40", False),
        ("English words " * 20 + " ".join(chr(c) for c in range(0x410, 0x430)), False),  # 32 capitals to fold
    ],
)
def test_fast_path_bounds_and_both_paths_agree(text, fast):
    assert isinstance(_tokenise(text), bytes) is fast
    assert fingerprint_tokens(text) == reference_tokens(text)
    assert fingerprint_token_bytes(text) == [t.encode("utf-8") for t in reference_tokens(text)]


def test_every_character_folds_in_one_step():
    # If a character ever needed the slow path (Unicode data changes with Python), results would stay right but
    # slower: this test says so.
    assert [hex(ord(c)) for c in ALL_CHARACTERS if not c.isascii() and _fold_char(c) is None] == []
