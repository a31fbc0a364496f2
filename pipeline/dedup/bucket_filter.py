"""Which buckets a run's new articles are in, as a Bloom filter: the history match keeps only the stored fingerprints'
band entries that may share a bucket with a new article (:class:`BucketFilter`).

Every stored fingerprint has an entry in each of the 32 bands and one under its content hash, and nearly all of them
share no bucket with any new article. Grouped with the new articles' entries, they were ~1.6 KB of spill files a
stored fingerprint (1.57 GB on day 8 of a week's window at 187,500 articles a day). Each bucket of a new article, as a
64-bit digest, sets :data:`HASHES` bits of a bitmap; a stored entry then costs a few lookups before anything else.

The bitmap's size is fixed before the run from its input's size (:func:`bitmap_bits_log2`), so that each bundle
fills its own and they merge by OR, and no list of digests is held anywhere: ~8 bits a bucket of the expected new
articles. A bucket no new article is in passes with a chance of ~3% at that size (more when the articles are
shorter than expected, fewer when longer); a bucket one is in always passes. An entry that passes wrongly meets no
new article in its bucket, so it makes no pair: the matches are the same with the filter or without it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# A bucket's digest: its words mixed into 64 bits.
DIGEST = np.dtype(np.uint64)
# Odd, so that multiplying by it mixes a value's bits upwards without losing any.
MIX = np.uint64(0x9E3779B97F4A7C15)
# The bits a digest sets: the top bits of the digest times each of these odd constants. Three at ~8 bits a bucket
# let ~3% of other buckets pass (one bit would need 32 bits a bucket for that).
HASHES = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB), np.uint64(0xD6E8FEB86659FD93))
# Bitmap bits per bucket of the expected new articles, and the input bytes expected of a new article.
BITS_PER_BUCKET = 8
BYTES_PER_ARTICLE = 3_000
# The bitmap's size in bits, as a power of two: 2^16 bits (8 KB) at least, 2^32 (512 MB) at most.
MIN_BITS_LOG2, MAX_BITS_LOG2 = 16, 32


def bitmap_bits_log2(input_bytes: int, buckets_per_article: int) -> int:
    """The log2 of a bitmap's bits for a run whose new articles are ``input_bytes`` of input (uncompressed, about):
    :data:`BITS_PER_BUCKET` for each bucket of the articles expected (:data:`BYTES_PER_ARTICLE` each), rounded up to a
    power of two.

    >>> bitmap_bits_log2(0, 33), bitmap_bits_log2(505_000_000, 33), bitmap_bits_log2(2_700_000_000, 33)
    (16, 26, 28)
    """
    wanted = BITS_PER_BUCKET * buckets_per_article * (input_bytes // BYTES_PER_ARTICLE)
    return min(MAX_BITS_LOG2, max(MIN_BITS_LOG2, (wanted - 1).bit_length()))


def band_digests(keys: np.ndarray) -> np.ndarray:
    """``(texts, bands)`` digests of the band values of :func:`pipeline.dedup.minhash.band_values` (``(texts, bands,
    width)`` uint8, ``width`` a multiple of 4); a band's index is mixed in, so equal values in two bands differ.

    >>> from pipeline.dedup.minhash import band_values
    >>> keys = band_values([bytes(range(16)), bytes(range(16))], bands=2, rows=2)
    >>> digests = band_digests(keys)
    >>> digests.shape, digests.dtype.name, bool(digests[0, 0] == digests[1, 0] != digests[0, 1])
    ((2, 2), 'uint64', True)
    """
    texts, bands, width = keys.shape
    words = np.ascontiguousarray(keys).view("<u4").reshape(texts, bands, width // 4)
    return _mixed(words, np.arange(1, bands + 1, dtype=np.uint64))


def content_digests(hashes: Sequence[bytes]) -> np.ndarray:
    """The digests of content hashes (all of one width, a multiple of 4 bytes), one a hash; apart from every band's.

    >>> digests = content_digests([bytes(16), bytes(16), b"x" * 16]).tolist()
    >>> digests[0] == digests[1] != digests[2], digests[0] == content_digests([bytes(16)]).tolist()[0]
    (True, True)
    >>> content_digests([]).shape
    (0,)
    """
    if not hashes:
        return np.empty(0, dtype=DIGEST)
    words = np.frombuffer(b"".join(hashes), dtype="<u4").reshape(len(hashes), 1, -1)
    return _mixed(words, np.zeros(1, dtype=np.uint64))[:, 0]


def _mixed(words: np.ndarray, tags: np.ndarray) -> np.ndarray:
    """``(n, m)`` digests of ``(n, m, k)`` uint32 words, column ``j`` starting from ``tags[j]``."""
    mixed = np.broadcast_to(tags, words.shape[:2]).copy()
    for column in range(words.shape[2]):
        mixed ^= words[:, :, column]
        mixed *= MIX
    return mixed ^ (mixed >> np.uint64(29))


class BucketFilter:
    """A Bloom filter of bucket digests in a bitmap of ``2^bits_log2`` bits: :meth:`may_hold` is True for every digest
    added, and for a few others. Filters of one size merge (:meth:`merge`), so each bundle can fill its own.

    >>> digests = content_digests([bytes([i]) * 16 for i in range(3)])
    >>> held, more = BucketFilter(16), BucketFilter(16)
    >>> held.add(digests[:1]); more.add(digests[1:]); held.merge(more)
    >>> others = content_digests([i.to_bytes(16, "little") for i in range(1_000, 101_000)])
    >>> held.may_hold(digests).tolist(), int(held.may_hold(others).sum())
    ([True, True, True], 0)
    >>> BucketFilter(16).may_hold(digests).tolist()
    [False, False, False]
    """

    def __init__(self, bits_log2: int, bitmap: np.ndarray | None = None) -> None:
        if not MIN_BITS_LOG2 <= bits_log2 <= MAX_BITS_LOG2:
            raise ValueError(f"a bucket filter has 2^{MIN_BITS_LOG2} to 2^{MAX_BITS_LOG2} bits, not 2^{bits_log2}")
        self._bits_log2 = bits_log2
        self._bitmap = np.zeros(1 << (bits_log2 - 3), dtype=np.uint8) if bitmap is None else bitmap

    def add(self, digests: np.ndarray) -> None:
        for mix in HASHES:
            positions = self._positions(digests.ravel(), mix)
            np.bitwise_or.at(self._bitmap, positions >> 3, np.left_shift(1, positions & 7, dtype=np.uint8))

    def merge(self, other: BucketFilter) -> None:
        if other._bits_log2 != self._bits_log2:
            raise ValueError("bucket filters of different sizes cannot be merged")
        self._bitmap |= other._bitmap

    def may_hold(self, digests: np.ndarray) -> np.ndarray:
        """Whether each digest may have been added (a boolean array of ``digests``' shape). Each bit is looked up only
        for the digests whose bits so far were all set: most fail at the first."""
        flat = digests.ravel()
        passing = np.arange(len(flat))
        for mix in HASHES:
            positions = self._positions(flat[passing], mix)
            passing = passing[(self._bitmap[positions >> 3] >> (positions & 7).astype(np.uint8)) & 1 == 1]
        held = np.zeros(len(flat), dtype=bool)
        held[passing] = True
        return held.reshape(digests.shape)

    def _positions(self, digests: np.ndarray, mix: np.uint64) -> np.ndarray:
        """The bit each digest sets for one of :data:`HASHES`: the top bits of their product."""
        return (digests * mix) >> np.uint64(64 - self._bits_log2)

    def __reduce__(self) -> tuple[type[BucketFilter], tuple[int, np.ndarray]]:
        return BucketFilter, (self._bits_log2, self._bitmap)
