"""A set of fixed-width digests (content hashes) as one sorted numpy array: the stored hashes every history match
holds whole, as a side input.

A Python ``set`` or ``dict`` of 16-byte ``bytes`` costs ~100 bytes a digest, and a side input built from a collection
of them also keeps each one encoded in the runner: at a week of a million articles a day (5M stored fingerprints),
~0.8 GB. A :class:`DigestSet` holds 16 bytes a digest and pickles as one buffer.

numpy's ``S`` dtype pads with NUL bytes and drops trailing ones when it gives an item back, so digests are compared as
the array's raw bytes: every digest has the set's width, so padding never makes two digests equal.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import xxhash

# Digests buffered as Python bytes before they are packed into an array chunk (~1 MB at 16 bytes).
CHUNK_DIGESTS = 65_536
# The width of an id's digest (id_digest).
ID_DIGEST_BYTES = 8


def id_digest(record_id: str) -> bytes:
    """An id as a digest of :data:`ID_DIGEST_BYTES` (xxh64, the same on every worker), for a :class:`DigestSet` of ids.
    Two ids share one with a chance of ~1 in 10^19 a pair, so a set of them can only say which ids may be in it.

    >>> len(id_digest("a1")), id_digest("a1") == id_digest("a1") != id_digest("a2")
    (8, True)
    """
    return xxhash.xxh64_digest(record_id.encode("utf-8"))


class DigestSet:
    """A sorted set of digests, all ``width`` bytes long; ``digest in digests`` is a binary search.

    >>> digests = DigestSet.of(16, [bytes(16), b"b" * 16, b"a" * 15 + b"\\x00"])
    >>> len(digests), bytes(16) in digests, b"a" * 15 + b"\\x00" in digests, b"a" * 16 in digests, b"a" in digests
    (3, True, True, False, False)
    """

    def __init__(self, width: int, sorted_unique: np.ndarray) -> None:
        self._width = width
        self._digests = sorted_unique

    @classmethod
    def of(cls, width: int, digests: Iterable[bytes]) -> DigestSet:
        builder = DigestSetBuilder(width)
        for digest in digests:
            builder.add(digest)
        return builder.build()

    def __contains__(self, digest: object) -> bool:
        if not isinstance(digest, bytes) or len(digest) != self._width:
            return False
        found = int(np.searchsorted(self._digests, digest))
        return found < len(self._digests) and self._digests[found : found + 1].tobytes() == digest

    def which(self, digests: list[bytes]) -> np.ndarray:
        """Whether each of ``digests`` (all of the set's width) is in the set, as a boolean array: one vectorised
        search for many lookups.

        >>> DigestSet.of(2, [b"ab", b"cd"]).which([b"cd", b"zz", b"ab"]).tolist()
        [True, False, True]
        """
        if not digests or not len(self._digests):
            return np.zeros(len(digests), dtype=bool)
        wanted = np.array(digests, dtype=self._digests.dtype)
        found = np.minimum(np.searchsorted(self._digests, wanted), len(self._digests) - 1)
        # As raw bytes: the S dtype's comparison would ignore trailing NUL bytes (see the module docstring).
        width = self._width
        return np.frombuffer(self._digests[found].tobytes(), dtype=f"V{width}") == np.frombuffer(
            wanted.tobytes(), dtype=f"V{width}"
        )

    def __len__(self) -> int:
        return len(self._digests)

    def __reduce__(self) -> tuple[type[DigestSet], tuple[int, np.ndarray]]:
        return DigestSet, (self._width, self._digests)


class DigestSetBuilder:
    """Digests added one by one, or builders merged (a CombineFn's accumulator), into a :class:`DigestSet`; held as
    array chunks of :data:`CHUNK_DIGESTS`, so a builder of millions of digests costs their bytes, not an object each.

    >>> left, right = DigestSetBuilder(2), DigestSetBuilder(2)
    >>> for digest in (b"zz", b"ab"): left.add(digest)
    >>> right.add(b"ab"); left.merge(right); left.build()._digests.tolist()
    [b'ab', b'zz']
    """

    def __init__(self, width: int) -> None:
        self._width = width
        self._chunks: list[np.ndarray] = []
        self._pending: list[bytes] = []

    def add(self, digest: bytes) -> None:
        if len(digest) != self._width:
            raise ValueError(f"a digest of {len(digest)} bytes in a set of {self._width}-byte digests")
        self._pending.append(digest)
        if len(self._pending) >= CHUNK_DIGESTS:
            self._pack()

    def add_packed(self, packed: bytes) -> None:
        """Add the digests of ``packed``, back to back (one or many): many go in as one array chunk, with no bytes
        object each.

        >>> builder = DigestSetBuilder(2)
        >>> builder.add_packed(b"zzab"); builder.add_packed(b"cd"); builder.build()._digests.tolist()
        [b'ab', b'cd', b'zz']
        """
        if len(packed) == self._width:
            self.add(packed)
            return
        if len(packed) % self._width:
            raise ValueError(f"{len(packed)} bytes are no whole number of {self._width}-byte digests")
        self._pack()
        self._chunks.append(np.frombuffer(packed, dtype=f"S{self._width}"))

    def merge(self, other: DigestSetBuilder) -> None:
        other._pack()
        self._chunks += other._chunks

    def build(self) -> DigestSet:
        self._pack()
        if not self._chunks:
            return DigestSet(self._width, np.empty(0, dtype=f"S{self._width}"))
        return DigestSet(self._width, np.unique(np.concatenate(self._chunks)))

    def _pack(self) -> None:
        if self._pending:
            self._chunks.append(np.array(self._pending, dtype=f"S{self._width}"))
            self._pending = []
