"""Fingerprint tokens and word-shingle hashes: the set whose Jaccard similarity MinHash estimates.

The normalisation here is used for fingerprints only, never for the text that is written out. It is
deliberately blunt, so that copies of one story that differ only in presentation fingerprint identically:

* Unicode compatibility forms are folded (NFKD: no-break spaces, ligatures, full-width letters) and accents
  are dropped (a half-repaired ``cafe``/``café`` still matches);
* case is folded (``str.casefold``);
* apostrophes of every style are deleted inside words (``don't``, ``don’t`` and ``dont`` are one token);
* every other non-alphanumeric character (quotes, dashes, punctuation, markup remnants) separates tokens.

Shingles are runs of ``shingle_size`` consecutive tokens joined by one space; each distinct shingle is hashed
with xxHash32 (seed 0) of its UTF-8 bytes. xxHash is stable across processes and platforms, unlike the builtin
``hash()``, which is salted per process and would make workers disagree.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import xxhash

# Apostrophe look-alikes seen in scraped news: ASCII, right/left single quotes, modifier letter apostrophe,
# prime, grave and acute accents used as apostrophes, full-width apostrophe. Deleted, so contractions stay one
# token.
APOSTROPHES = "'\u2019\u2018\u02bc\u2032`\u00b4\uff07"
APOSTROPHE_RE = re.compile(f"[{APOSTROPHES}]")
# Combining marks left after NFKD decomposition (accents); deleted so accent damage does not change tokens.
COMBINING_RE = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# A token is a maximal run of letters and digits (``\w`` without the underscore).
TOKEN_RE = re.compile(r"[^\W_]+")
# Joins the tokens of one shingle; tokens never contain it, so distinct token sequences give distinct strings.
SHINGLE_JOINER = " "
# xxHash32 seed for shingle hashes. Changing it changes every fingerprint: stored fingerprints would not
# match.
SHINGLE_HASH_SEED = 0


def fingerprint_tokens(text: str) -> list[str]:
    """The casefolded, punctuation- and quote-style-insensitive word tokens of ``text``.

    >>> fingerprint_tokens("“Don’t panic,” she said -- it's OK!")
    ['dont', 'panic', 'she', 'said', 'its', 'ok']
    >>> fingerprint_tokens('"Don\\'t panic", she said - it’s ok.')
    ['dont', 'panic', 'she', 'said', 'its', 'ok']
    >>> fingerprint_tokens("Caf\\u00e9 CAFE\\u0301 \\ufb01nal 2,500\\u00a0fans")
    ['cafe', 'cafe', 'final', '2', '500', 'fans']
    >>> fingerprint_tokens("  ... -- !!")
    []
    """
    # Apostrophes go first: NFKD would turn an acute-accent apostrophe (don´t) into a space and split the word.
    text = APOSTROPHE_RE.sub("", text)
    if not text.isascii():
        # NFKD folds compatibility forms as NFKC does and also splits accents off their letters, so they can be
        # deleted; recomposing (NFKC) would be wasted work once they are gone.
        text = COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))
    return TOKEN_RE.findall(text.casefold())


def shingles(tokens: list[str], shingle_size: int) -> list[str]:
    """The word ``shingle_size``-grams of ``tokens`` as strings, in order, repeats included.

    A document shorter than ``shingle_size`` tokens gives one shingle of all its tokens (so short texts still
    have a fingerprint), and no tokens give no shingles.

    >>> shingles(["a", "b", "c", "d"], 3)
    ['a b c', 'b c d']
    >>> shingles(["a", "b"], 3)
    ['a b']
    >>> shingles([], 3)
    []
    """
    _check_shingle_size(shingle_size)
    if not tokens:
        return []
    if len(tokens) <= shingle_size:
        return [SHINGLE_JOINER.join(tokens)]
    return [SHINGLE_JOINER.join(tokens[i : i + shingle_size]) for i in range(len(tokens) - shingle_size + 1)]


def shingle_hashes(text: str, shingle_size: int) -> np.ndarray:
    """Sorted distinct 32-bit xxHash32 values (``uint32``) of the word shingles of ``text``.

    >>> shingle_hashes("The cat sat on the mat.", 5)
    array([2138298644, 2710036796], dtype=uint32)
    >>> (shingle_hashes("the cat sat on mat", 5) == shingle_hashes("THE CAT -- sat on; ‘mat’", 5)).all()
    np.True_
    >>> shingle_hashes("Hello world", 5).tolist() == [xxhash.xxh32_intdigest(b"hello world")]
    True
    >>> shingle_hashes("", 5)
    array([], dtype=uint32)
    """
    grams = shingles(fingerprint_tokens(text), shingle_size)
    hash32 = xxhash.xxh32_intdigest
    values = np.fromiter(
        (hash32(gram.encode("utf-8"), SHINGLE_HASH_SEED) for gram in grams), dtype=np.uint32, count=len(grams)
    )
    return np.unique(values)


def _check_shingle_size(shingle_size: int) -> None:
    if isinstance(shingle_size, bool) or not isinstance(shingle_size, int) or shingle_size < 1:
        raise ValueError(f"shingle_size must be a positive int, got {shingle_size!r}: use e.g. 5 (word 5-grams)")
