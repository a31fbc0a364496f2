"""Fingerprint tokens and word-shingle hashes: the set whose Jaccard similarity MinHash estimates.

The normalisation here is used for fingerprints only, never for the text that is written out. It is
deliberately blunt, so that copies of one story that differ only in presentation fingerprint identically:

* Unicode compatibility forms are folded (NFKD: no-break spaces, ligatures, full-width letters) and accents
  are dropped (a half-repaired ``cafe``/``café`` still matches);
* case is folded (``str.casefold``);
* apostrophes of every style are deleted inside words (``don't``, ``don’t`` and ``dont`` are one token);
* every other non-alphanumeric character (quotes, dashes, punctuation, markup remnants) separates tokens;
* each letter of a script written without spaces (Chinese, Japanese, Thai: :mod:`pipeline.core.scripts`) is a token
  of its own, so shingles there are runs of letters (character n-grams), not runs of whole clauses.

Shingles are runs of ``shingle_size`` consecutive tokens. They are hashed without building a string per shingle
(scheme ``xxh3-tokens-poly-fmix64``, named in :meth:`pipeline.dedup.minhash.MinHasher.fingerprint_spec`):

1. every token is hashed once, XXH3-64 (seed 0) of its UTF-8 bytes: ``t_i``;
2. a shingle of tokens ``t_i .. t_(i+k-1)`` is the polynomial ``t_i * P**(k-1) + ... + t_(i+k-1) mod 2**64``
   with the odd constant ``P = SHINGLE_MULTIPLIER``, so token order matters (``a b c d e`` != ``e d c b a``);
3. that is mixed with MurmurHash3's 64-bit finalizer (:func:`fmix64`), so every output bit depends on every
   input bit, and folded to 32 bits (high half XOR low half).

Steps 2 and 3 run as a few numpy operations over all shingles of a document at once. xxHash is stable across
processes, platforms and releases (XXH3 is frozen since xxHash 0.8), unlike the builtin ``hash()``, which is
salted per process and would make workers disagree.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

import numpy as np
import xxhash

from pipeline.core.scripts import JOINERS, SPACELESS_RE, is_spaceless
from pipeline.core.whitespace import ASCII_BYTES

# Apostrophe look-alikes seen in scraped news: ASCII, right/left single quotes, modifier letter apostrophe,
# prime, grave and acute accents used as apostrophes, full-width apostrophe. Deleted, so contractions stay one
# token.
APOSTROPHES = "'\u2019\u2018\u02bc\u2032`\u00b4\uff07"
# Joiners (ZWNJ, ZWJ), which the cleaner keeps inside Persian and Indic words and emoji (pipeline.text.normalize),
# are deleted like apostrophes: a word is one token with or without them, as before the cleaner kept them.
APOSTROPHE_RE = re.compile(f"[{APOSTROPHES}{JOINERS}]")
# Combining marks left after NFKD decomposition (accents); deleted so accent damage does not change tokens.
COMBINING_RE = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# A token is a maximal run of letters and digits (``\w`` without the underscore).
TOKEN_RE = re.compile(r"[^\W_]+")
# Joins the tokens of one shingle in :func:`shingles`; tokens never contain it.
SHINGLE_JOINER = " "
# The name of the shingle hash below (token hash, combination, mixer, fold): part of the fingerprint spec, so
# change it whenever any of them changes, or stored fingerprints would be compared with incompatible ones.
SHINGLE_HASH_NAME = "xxh3-tokens-poly-fmix64"
# XXH3-64 seed of the token hashes. Changing it changes every fingerprint (it is in the fingerprint spec too).
SHINGLE_HASH_SEED = 0
# Odd (so multiplying by it is a bijection mod 2**64): 2**64 / golden ratio, the usual well-spread constant.
SHINGLE_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
# MurmurHash3 fmix64 constants (the MurmurHash3 reference).
FMIX64_SHIFTS = (33, 33, 33)
FMIX64_MULTIPLIERS = (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53)

# The ASCII part of tokenisation as one bytes.translate table: letters and digits to lower case (casefold of
# ASCII is lower), every other ASCII byte to a space; bytes >= 0x80 (UTF-8 of other characters) stay.
_ASCII_FOLD = bytes(
    (ord(chr(byte).lower()) if chr(byte).isalnum() else ord(" ")) if byte < 0x80 else byte for byte in range(256)
)
_ASCII_APOSTROPHES = b"'`"
# Bounds of the fast tokenisation path for non-ASCII text, beyond which the regular expressions are faster
# (measured on Cyrillic, Greek, Chinese and mixed-script text): the share of UTF-8 bytes that belong to non-ASCII
# characters, and the number of distinct characters that must be replaced (each one a pass over the text).
MAX_NON_ASCII_SHARE = 0.5
MAX_REPLACEMENTS = 24


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
    >>> fingerprint_tokens("東京で大雪、Tokyo")
    ['東', '京', 'て', '大', '雪', 'tokyo']
    """
    tokens = _tokenise(text)
    return tokens.decode("utf-8").split() if isinstance(tokens, bytes) else tokens


def fingerprint_token_bytes(text: str) -> list[bytes]:
    """The UTF-8 bytes of :func:`fingerprint_tokens` (what hashing needs), mostly without decoding them.

    >>> fingerprint_token_bytes("Caf\\u00e9 STRA\\u00dfE, don’t!")
    [b'cafe', b'strasse', b'dont']
    """
    tokens = _tokenise(text)
    return tokens.split() if isinstance(tokens, bytes) else [token.encode("utf-8") for token in tokens]


def reference_tokens(text: str) -> list[str]:
    """The definition of :func:`fingerprint_tokens`, one regular expression per rule (the fast path is tested
    against it on every code point).

    >>> reference_tokens("“Don’t panic,” she said -- it's OK!")
    ['dont', 'panic', 'she', 'said', 'its', 'ok']
    >>> reference_tokens("می\u200cشود") == reference_tokens("میشود")
    True
    """
    # Apostrophes go first: NFKD would turn an acute-accent apostrophe (don´t) into a space and split the word.
    text = APOSTROPHE_RE.sub("", text)
    if not text.isascii():
        # NFKD folds compatibility forms as NFKC does and also splits accents off their letters, so they can be
        # deleted; recomposing (NFKC) would be wasted work once they are gone.
        text = unicodedata.normalize("NFKD", text)
    return _reference_rest(text)


def _reference_rest(text: str) -> list[str]:
    """:func:`reference_tokens` after the apostrophes are deleted and non-ASCII text is NFKD-normalised."""
    return TOKEN_RE.findall(SPACELESS_RE.sub(r" \g<0> ", COMBINING_RE.sub("", text).casefold()))


def _tokenise(text: str) -> bytes | list[str]:
    """The tokens of ``text``: their UTF-8 separated by spaces (fast path), or a list (other scripts).

    Tokens are what :func:`reference_tokens` finds, at a fraction of its cost for Latin-script text (its token
    regex alone was ~60% of it). Once apostrophes are deleted and the text is NFKD-normalised, every remaining
    rule works one character at a time (``str.casefold`` has no context rules, unlike ``str.lower``), so ASCII
    characters go through one ``bytes.translate`` table and each distinct non-ASCII character (a handful in an
    English article: quotes, dashes, accents) is replaced by its fold, one ``str.replace`` each.
    """
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_FOLD, _ASCII_APOSTROPHES)
    for apostrophe in APOSTROPHES + JOINERS:
        text = text.replace(apostrophe, "")
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_FOLD)
    text = unicodedata.normalize("NFKD", text)
    utf8 = text.encode("utf-8")
    # Deleting the ASCII bytes leaves whole UTF-8 characters: the non-ASCII ones, found without a Python loop.
    others = utf8.translate(None, ASCII_BYTES)
    if len(others) > len(utf8) * MAX_NON_ASCII_SHARE:
        # Mostly another script: many distinct characters, each replace a pass over the text; the regular
        # expressions are faster there.
        return _reference_rest(text)
    replacements = []
    for char in set(others.decode("utf-8")):
        folded = _fold_char(char)
        if folded is None:
            return _reference_rest(text)
        if folded != char:
            replacements.append((char, folded))
    if len(replacements) > MAX_REPLACEMENTS:
        return _reference_rest(text)
    for char, folded in replacements:
        text = text.replace(char, folded)
    return text.encode("utf-8").translate(_ASCII_FOLD)


@functools.lru_cache(maxsize=1 << 16)
def _fold_char(char: str) -> str | None:
    """What tokenisation makes of one non-ASCII character of NFKD text: ``""`` for a combining mark, else its
    casefold with every non-alphanumeric character as a space, and a letter of a spaceless script between spaces.

    ``None`` when that result is not final: a non-ASCII character in it that would fold again when its own turn
    comes, or an upper-case ASCII letter that the ASCII table would lower. No character does that in Unicode 14
    (a test checks all of them), but Unicode data changes with Python; the caller then takes the regex path.

    >>> _fold_char("\\u00df"), _fold_char("\\u0301"), _fold_char("\\u201c"), _fold_char("\\u00e6")
    ('ss', '', ' ', 'æ')
    """
    if COMBINING_RE.match(char):
        return ""
    folded = "".join((f" {c} " if is_spaceless(c) else c) if c.isalnum() else " " for c in char.casefold())
    for c in folded:
        if c.isupper() if c.isascii() else (c.casefold() != c or COMBINING_RE.match(c)):
            return None
    return folded


def shingles(tokens: list[str], shingle_size: int) -> list[str]:
    """The word ``shingle_size``-grams of ``tokens`` as strings, in order, repeats included.

    A document shorter than ``shingle_size`` tokens gives one shingle of all its tokens (so short texts still
    have a fingerprint), and no tokens give no shingles. For reading; hashing does not build these strings.

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


def token_hashes(tokens: list[bytes]) -> np.ndarray:
    """XXH3-64 (seed ``SHINGLE_HASH_SEED``) of each token, in order (``uint64``).

    Hashing every occurrence is cheaper than looking each distinct token up in a dict: a few tens of
    nanoseconds per call, with no Python frame.

    >>> token_hashes([b"cat"]).tolist() == [xxhash.xxh3_64_intdigest(b"cat", 0)]
    True
    """
    return np.fromiter(
        map(xxhash.xxh3_64_intdigest, tokens, itertools.repeat(SHINGLE_HASH_SEED)), dtype=np.uint64, count=len(tokens)
    )


def murmur_finalizer(
    values: np.ndarray, dtype: type[np.unsignedinteger], shifts: tuple[int, int, int], multipliers: tuple[int, int]
) -> np.ndarray:
    """MurmurHash3's finalizer (xor-shift, multiply, xor-shift, multiply, xor-shift) element-wise in ``dtype``, whose
    wraparound is the arithmetic modulo 2**bits; :func:`fmix64` and ``minhash.fmix32`` are its two instances."""
    h = values.astype(dtype, copy=True)
    h ^= h >> dtype(shifts[0])
    h *= dtype(multipliers[0])
    h ^= h >> dtype(shifts[1])
    h *= dtype(multipliers[1])
    h ^= h >> dtype(shifts[2])
    return h


def fmix64(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 64-bit finalizer, element-wise (a bijection on uint64 that mixes every bit into every bit).

    >>> fmix64(np.array([0, 1, 2**64 - 1], dtype=np.uint64)).tolist()
    [0, 12994781566227106604, 7256831767414464289]
    """
    return murmur_finalizer(values, np.uint64, FMIX64_SHIFTS, FMIX64_MULTIPLIERS)


def fold32(values: np.ndarray) -> np.ndarray:
    """64-bit values to 32: high half XOR low half (``uint32``).

    >>> fold32(np.array([0x0000000100000002, 2**64 - 1], dtype=np.uint64)).tolist()
    [3, 0]
    """
    halves = np.ascontiguousarray(values, dtype=np.uint64).view(np.uint32)
    # XOR is symmetric, so which half comes first in memory (the platform's byte order) does not matter.
    return halves[0::2] ^ halves[1::2]


def shingle_values(hashes: np.ndarray, shingle_size: int) -> np.ndarray:
    """The 32-bit hash of every shingle, from the token hashes of a document, in order, repeats included (one per
    :func:`shingles` string; a document shorter than ``shingle_size`` tokens is one shingle).

    >>> h = token_hashes([b"a", b"b", b"c", b"d"])
    >>> shingle_values(h, 3).tolist()
    [2439836043, 327583288]
    >>> shingle_values(h[:2], 3).tolist() == shingle_values(h[:2], 2).tolist()
    True
    >>> shingle_values(h[:0], 3)
    array([], dtype=uint32)
    """
    _check_shingle_size(shingle_size)
    if not hashes.size:
        return np.empty(0, dtype=np.uint32)
    width = min(shingle_size, hashes.size)
    count = hashes.size - width + 1
    # Horner's rule over shifted views: after step j, combined[i] is the polynomial of tokens i .. i+j.
    combined = hashes[:count].astype(np.uint64, copy=True)
    for offset in range(1, width):
        combined *= SHINGLE_MULTIPLIER
        combined += hashes[offset : offset + count]
    return fold32(fmix64(combined))


def sorted_distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: ``np.unique`` for 1-d arrays, without its ~20 us of overhead per call.

    >>> sorted_distinct(np.array([3, 1, 3, 2], dtype=np.uint32))
    array([1, 2, 3], dtype=uint32)
    """
    ordered = np.sort(values)
    keep = np.empty(ordered.size, dtype=bool)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def shingle_hashes(text: str, shingle_size: int) -> np.ndarray:
    """Sorted distinct 32-bit hashes (``uint32``) of the word shingles of ``text``.

    >>> shingle_hashes("The cat sat on the mat.", 5)
    array([2707107166, 3594875633], dtype=uint32)
    >>> (shingle_hashes("the cat sat on mat", 5) == shingle_hashes("THE CAT -- sat on; ‘mat’", 5)).all()
    np.True_
    >>> shingle_hashes("Hello world", 5).tolist() == shingle_values(token_hashes([b"hello", b"world"]), 2).tolist()
    True
    >>> shingle_hashes("", 5)
    array([], dtype=uint32)
    """
    _check_shingle_size(shingle_size)
    return sorted_distinct(shingle_values(token_hashes(fingerprint_token_bytes(text)), shingle_size))


def _check_shingle_size(shingle_size: int) -> None:
    if isinstance(shingle_size, bool) or not isinstance(shingle_size, int) or shingle_size < 1:
        raise ValueError(f"shingle_size must be a positive int, got {shingle_size!r}: use e.g. 5 (word 5-grams)")
