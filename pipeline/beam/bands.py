"""Batching per bundle, so per-article data costs a few Beam elements per bundle, not one element per article.

Both in-run dedup (pipeline.beam.dedup) and matching against earlier runs (pipeline.beam.match_history) put every
article under each of its band keys (and the history match under its content hash too). Emitting those as single
elements would cost Beam's per-element overhead ``bands + 1`` times per article; :class:`BandColumns` groups them by
(band, partition) within a bundle instead, and the groups are shuffled by that key. Their band keys travel as numpy
columns, so the keys no other text shares, nearly all of them, cost no Python object. :class:`KeyedBatches` does the
same for any keyed value, e.g. articles by the partition of their id (:func:`id_partition`), so that joins by id move
a few large elements instead of one element per article.

Batches cross the shuffle packed (:func:`pack`): one ``bytes`` value per batch. Beam's in-memory runner decodes
every value it groups and holds the objects until the group is read (~15 KB of Python objects for one article
with its fingerprint, against ~5 KB packed), and pickling a whole batch at once is also faster than Beam's coder
pickling each article on its own.
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from collections.abc import Hashable
from typing import Any

import numpy as np
import xxhash

from pipeline.dedup.bucket_filter import DIGEST, BucketFilter, band_digests, content_digests
from pipeline.dedup.buckets import KEY_WORD
from pipeline.dedup.minhash import band_values, is_empty_signature

# Band index under which the exact content hash is bucketed, beside the LSH bands 0..b-1.
EXACT_BAND = -1
# Each band's keys are split into this many groups so that no single worker has to hold a whole band; 16 keeps a
# group of a 1 M-article run near 60 k entries while adding only ~16 elements per band per bundle. A divisor of 256
# (see partition_of).
PARTITIONS_PER_BAND = 16
# Articles buffered before their band entries are emitted; bounds the fingerprinting worker's memory.
MAX_BUFFERED_ARTICLES = 5_000


def pack(values: Any) -> bytes:
    """A batch as one value for a shuffle (see the module docstring); :func:`unpack` gives it back.

    >>> unpack(pack([("id-1", b"x"), ("id-2", None)]))
    [('id-1', b'x'), ('id-2', None)]
    """
    return pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(packed: bytes) -> Any:
    """The values of a batch made by :func:`pack` (only ever this pipeline's own batches)."""
    return pickle.loads(packed)  # noqa: S301 (data this pipeline packed itself)


def digest_partition(digest: bytes, partitions: int) -> int:
    """A stable partition of a hash digest (e.g. a content hash): its last 4 bytes, already uniform.

    >>> digest_partition(bytes(12) + bytes([1, 0, 0, 0]), 16)
    1
    """
    return int.from_bytes(digest[-4:], "little") % partitions


def id_partition(record_id: str, partitions: int) -> int:
    """A stable partition of a record id (xxhash: the same on every worker, unlike the salted builtin ``hash``).

    >>> id_partition("kerry", 1), id_partition("kerry", 4) == id_partition("kerry", 4) < 4
    (0, True)
    """
    return xxhash.xxh64_intdigest(record_id.encode("utf-8")) % partitions


class KeyedBatches:
    """Values grouped by key within a bundle; :meth:`add` says when ``max_values`` are buffered (never, for
    ``None``: the caller counts) and it is time to :meth:`drain` them as ``(key, packed batch)`` pairs.

    >>> batches = KeyedBatches(max_values=3)
    >>> batches.add(1, "a"), batches.add(0, "b"), batches.add(1, "c")
    (False, False, True)
    >>> [(key, unpack(packed)) for key, packed in batches.drain()], batches.drain()
    ([(1, ['a', 'c']), (0, ['b'])], [])
    """

    def __init__(self, max_values: int | None) -> None:
        self._max_values = max_values
        self._batches: dict[Any, list[Any]] = defaultdict(list)
        self._values = 0

    def add(self, key: Any, value: Any) -> bool:
        self._batches[key].append(value)
        self._values += 1
        return self._max_values is not None and self._values >= self._max_values

    def drain(self) -> list[tuple[Any, bytes]]:
        batches = [(key, pack(values)) for key, values in self._batches.items()]
        self._batches = defaultdict(list)
        self._values = 0
        return batches


class SentOnce:
    """The keys a bundle has sent, so that each is sent once: :meth:`first` is True the first time it meets a key. It
    remembers at most ``bound`` keys and then starts again, so a key may be sent twice, which its readers allow.

    >>> sent = SentOnce(bound=2)
    >>> [sent.first(key) for key in ("a", "a", "b", "c", "a")], len(sent)
    ([True, False, True, True, True], 2)
    """

    def __init__(self, bound: int) -> None:
        self._bound = bound
        self._keys: set[Hashable] = set()

    def first(self, key: Hashable) -> bool:
        if key in self._keys:
            return False
        if len(self._keys) >= self._bound:
            self._keys.clear()
        self._keys.add(key)
        return True

    def clear(self) -> None:
        self._keys.clear()

    def __len__(self) -> int:
        return len(self._keys)


def partition_of(key: bytes) -> int:
    """The partition of a band key: its last byte, which is a byte of a MinHash value or of a BLAKE2b digest, so
    already uniform (and 256 is a multiple of :data:`PARTITIONS_PER_BAND`); hashing it again cost ~1 us per key.

    >>> partition_of(b"band-key\x13"), partition_of(b"band-key\x13") < PARTITIONS_PER_BAND
    (3, True)
    """
    return key[-1] % PARTITIONS_PER_BAND


class BandColumns:
    """The band entries of the texts seen so far in a bundle, grouped by (band, partition) (:func:`partition_of` of
    each band key), as columns: a group packs as ``(keys, values)``, its texts' band values side by side in one
    ``bytes`` (each padded to whole 8-byte words) and each text's value pickled on its own.

    Made and read with numpy instead of one Python tuple per entry: every text has an entry in every band (32), and
    most band keys are shared by no other text, so :func:`~pipeline.dedup.buckets.shared_band_keys` finds the shared
    ones without unpickling a value, and the rest cost no Python work at all. At 100k distinct articles the stages
    that make and read the groups took 1.0 and 2.6 s instead of 6.4 and 5.0 s with one tuple per entry.

    >>> from pipeline.dedup.buckets import shared_band_keys
    >>> from pipeline.dedup.minhash import MinHasher
    >>> columns = BandColumns(bands=2, rows=2)
    >>> signature = MinHasher(num_perm=4, seed=1).signature_bytes("one two three four five six", 5)
    >>> columns.add(signature, ("rank", "id-1")), columns.add(signature, ("rank", "id-2"))
    (False, False)
    >>> groups = columns.drain()
    >>> sorted(band for (band, _), _ in groups), [list(shared_band_keys([packed])) for _, packed in groups]
    ([0, 1], [[[('rank', 'id-1'), ('rank', 'id-2')]], [[('rank', 'id-1'), ('rank', 'id-2')]]])
    """

    def __init__(self, bands: int, rows: int) -> None:
        self._bands = bands
        self._rows = rows
        self._signatures: list[bytes] = []
        self._values: list[Any] = []
        self._articles = 0

    def add(self, signature: bytes, value: Any) -> bool:
        """Buffer one text's entries; True when the buffer is full and should be drained. A text without word
        tokens has the "empty" signature, which every such text shares: banding it would make them all near
        duplicates of each other, so it gets none (only exact copies can be found for it)."""
        if not is_empty_signature(signature):
            self._signatures.append(signature)
            self._values.append(value)
        self._articles += 1
        return self._articles >= MAX_BUFFERED_ARTICLES

    def digests(self) -> np.ndarray:
        """The :func:`~pipeline.dedup.bucket_filter.band_digests` of the buffered entries, flat."""
        if not self._signatures:
            return np.empty(0, dtype=DIGEST)
        return band_digests(band_values(self._signatures, self._bands, self._rows)).ravel()

    def drain(self, only: BucketFilter | None = None) -> list[tuple[tuple[int, int], bytes]]:
        """The buffered groups, packed; the buffer is empty afterwards. With ``only``, just the entries whose bucket
        it may hold (:mod:`pipeline.dedup.bucket_filter`), and each value is pickled only if one of its entries is."""
        signatures, values = self._signatures, self._values
        self._signatures, self._values, self._articles = [], [], 0
        if not signatures:
            return []
        keys = band_values(signatures, self._bands, self._rows)
        kept = None if only is None else only.may_hold(band_digests(keys))
        pickled = [
            pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL) if kept is None or kept[i].any() else b""
            for i, value in enumerate(values)
        ]
        width = keys.shape[2]
        # The partition of partition_of: the last byte of the band's values (its key's last byte).
        partitions = keys[:, :, width - 1] % PARTITIONS_PER_BAND
        words = -(-width // KEY_WORD.itemsize) * KEY_WORD.itemsize
        if words != width:
            keys = np.pad(keys, ((0, 0), (0, 0), (0, words - width)))
        groups = []
        for band in range(self._bands):
            members = np.arange(len(signatures)) if kept is None else np.flatnonzero(kept[:, band])
            if not len(members):
                continue
            order = members[np.argsort(partitions[members, band], kind="stable")]
            ordered = partitions[order, band]
            band_keys_in_order = np.ascontiguousarray(keys[order, band])
            bounds = [0, *(np.flatnonzero(ordered[1:] != ordered[:-1]) + 1).tolist(), len(order)]
            for start, end in zip(bounds, bounds[1:], strict=False):
                texts = order[start:end].tolist()
                group = (band_keys_in_order[start:end].tobytes(), [pickled[i] for i in texts])
                groups.append(((band, int(ordered[start])), pack(group)))
        return groups


class ContentHashes:
    """The content-hash entries of the texts seen so far in a bundle (the bucket :data:`EXACT_BAND` beside their
    bands), as :meth:`drain` gives them: ``((EXACT_BAND, partition), packed [(hash, pickled value), ...])``, the
    partition :func:`partition_of` the hash. Like :class:`BandColumns`, optionally only the entries whose bucket a
    :class:`~pipeline.dedup.bucket_filter.BucketFilter` may hold.

    >>> hashes = ContentHashes()
    >>> hashes.add(b"h" * 16, ("n", "id-1")), len(hashes.digests())
    (False, 1)
    >>> [(key, [(h, unpack(v)) for h, v in unpack(packed)]) for key, packed in hashes.drain()]
    [((-1, 8), [(b'hhhhhhhhhhhhhhhh', ('n', 'id-1'))])]
    """

    def __init__(self) -> None:
        self._hashes: list[bytes] = []
        self._values: list[Any] = []

    def add(self, content_hash: bytes, value: Any) -> bool:
        """Buffer one text's entry; True when :data:`MAX_BUFFERED_ARTICLES` are buffered and it is time to drain."""
        self._hashes.append(content_hash)
        self._values.append(value)
        return len(self._hashes) >= MAX_BUFFERED_ARTICLES

    def digests(self) -> np.ndarray:
        """The :func:`~pipeline.dedup.bucket_filter.content_digests` of the buffered entries."""
        return content_digests(self._hashes)

    def drain(self, only: BucketFilter | None = None) -> list[tuple[tuple[int, int], bytes]]:
        """The buffered entries grouped by partition, packed; with ``only``, just those whose bucket it may hold."""
        hashes, values = self._hashes, self._values
        self._hashes, self._values = [], []
        kept = None if only is None else only.may_hold(content_digests(hashes)).tolist()
        batches = KeyedBatches(max_values=None)
        for i, (content_hash, value) in enumerate(zip(hashes, values, strict=True)):
            if kept is None or kept[i]:
                batches.add((EXACT_BAND, partition_of(content_hash)), (content_hash, pack(value)))
        return batches.drain()
