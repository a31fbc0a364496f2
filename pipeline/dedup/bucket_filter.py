"""Which buckets a run's new articles are in, as a bitmap: the history match keeps only the stored fingerprints' band
entries that may share a bucket with a new article (:class:`BucketFilter`).

Every stored fingerprint has an entry in each of the 32 bands and one under its content hash, and nearly all of them
share no bucket with any new article. Grouped with the new articles' entries, they were ~1.6 KB of spill files a
stored fingerprint (1.57 GB on day 8 of a week's window at 187,500 articles a day). A new article's buckets, as
4-byte digests in a bitmap of 32 bits a digest, let each stored entry be looked up in a few nanoseconds first.

The filter is a Bloom filter with one hash: a bucket no new article is in passes with a chance of about the share of
the bitmap's bits that are set (~3%), and a bucket one is in always passes. An entry that passes wrongly meets no new
article in its bucket, so it makes no pair: the matches are the same with the filter or without it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# A bucket's digest: 4 bytes, the high half of its words mixed into a 64-bit value.
DIGEST = np.dtype(np.uint32)
# Odd, so that multiplying by it mixes a value's bits upwards without losing any.
MIX = np.uint64(0x9E3779B97F4A7C15)
# Bitmap bits per digest: with one hash, a bucket that is not in the filter passes with a chance of ~1/32.
BITS_PER_DIGEST = 32
# The bitmap's size in bits, as a power of two: 2^16 bits (8 KB) at least, 2^32 (512 MB) at most, which 134M digests
# (4 million new articles) reach.
MIN_BITS_LOG2, MAX_BITS_LOG2 = 16, 32


def band_digests(keys: np.ndarray) -> np.ndarray:
    """``(texts, bands)`` digests of the band values of :func:`pipeline.dedup.minhash.band_values` (``(texts, bands,
    width)`` uint8, ``width`` a multiple of 4); a band's index is mixed in, so equal values in two bands differ.

    >>> from pipeline.dedup.minhash import band_values
    >>> keys = band_values([bytes(range(16)), bytes(range(16))], bands=2, rows=2)
    >>> digests = band_digests(keys)
    >>> digests.shape, digests.dtype.name, bool(digests[0, 0] == digests[1, 0] != digests[0, 1])
    ((2, 2), 'uint32', True)
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
    return (mixed >> np.uint64(32)).astype(DIGEST)


class BucketFilter:
    """A bitmap of bucket digests; :meth:`may_hold` is True for every digest it was made of, and for ~1/32 of others.

    >>> digests = np.array([3, 1 << 31, 77], dtype=DIGEST)
    >>> held = BucketFilter.of([digests[:1], digests[1:]])
    >>> others = (np.arange(1, 100_001, dtype=np.uint64) * 42_949).astype(DIGEST)  # spread over all 2^32
    >>> held.may_hold(digests).tolist(), int(held.may_hold(others).sum())
    ([True, True, True], 3)
    >>> BucketFilter.of([]).may_hold(digests).tolist()
    [False, False, False]
    """

    def __init__(self, bits_log2: int, bitmap: np.ndarray) -> None:
        self._shift = DIGEST.itemsize * 8 - bits_log2
        self._bitmap = bitmap

    @classmethod
    def of(cls, chunks: Sequence[np.ndarray]) -> BucketFilter:
        """The filter of the digests in ``chunks`` (uint32 arrays; repeats allowed), its bitmap sized for their number
        and filled a chunk at a time (no copy of them all at once)."""
        wanted = max(1, sum(len(chunk) for chunk in chunks) * BITS_PER_DIGEST)
        bits_log2 = min(MAX_BITS_LOG2, max(MIN_BITS_LOG2, (wanted - 1).bit_length()))
        bitmap = np.zeros(1 << (bits_log2 - 3), dtype=np.uint8)
        shift = DIGEST.type(DIGEST.itemsize * 8 - bits_log2)
        for chunk in chunks:
            positions = chunk >> shift
            np.bitwise_or.at(bitmap, positions >> 3, np.left_shift(1, positions & 7, dtype=np.uint8))
        return cls(bits_log2, bitmap)

    def may_hold(self, digests: np.ndarray) -> np.ndarray:
        """Whether each digest may be one the filter was made of (a boolean array of ``digests``' shape)."""
        positions = digests >> DIGEST.type(self._shift)
        return ((self._bitmap[positions >> 3] >> (positions & 7).astype(np.uint8)) & 1).astype(bool)

    def __reduce__(self) -> tuple[type[BucketFilter], tuple[int, np.ndarray]]:
        return BucketFilter, (DIGEST.itemsize * 8 - self._shift, self._bitmap)
