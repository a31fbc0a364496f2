"""Batching LSH band entries per bundle, so banding costs a few Beam elements per bundle, not one per band.

Both in-run dedup (pipeline.beam.dedup) and matching against earlier runs (pipeline.beam.match_history) put every
article under its content hash and each of its band keys. Emitting those as single elements would cost Beam's
per-element overhead ``bands + 1`` times per article; a :class:`BandBuffer` groups them by (band, partition) within
a bundle instead, and the groups are shuffled by that key.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import xxhash
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP
from apache_beam.utils.windowed_value import WindowedValue

from pipeline.dedup.minhash import band_keys, is_empty_signature

# Band index under which the exact content hash is bucketed, beside the LSH bands 0..b-1.
EXACT_BAND = -1
# Each band's keys are split into this many groups so that no single worker has to hold a whole band; 16 keeps a
# group of a 1 M-article run near 60 k entries while adding only ~16 elements per band per bundle.
PARTITIONS_PER_BAND = 16
# Articles buffered before their band entries are emitted; bounds the fingerprinting worker's memory.
MAX_BUFFERED_ARTICLES = 5_000

BandGroup = tuple[tuple[int, int], list[tuple[Any, ...]]]


def partition_of(key: bytes) -> int:
    """The partition of a band key (xxhash: the same on every worker, unlike the builtin ``hash``).

    >>> partition_of(b"band-key") == partition_of(b"band-key") < PARTITIONS_PER_BAND
    True
    """
    return xxhash.xxh32_intdigest(key) % PARTITIONS_PER_BAND


class BandBuffer:
    """Band entries ``(key, *value)`` of the articles seen so far in a bundle, grouped by (band, partition).

    >>> from pipeline.dedup.minhash import MinHasher
    >>> buffer = BandBuffer(bands=2, rows=2)
    >>> signature = MinHasher(num_perm=4, seed=1).signature_bytes("one two three four five six", 5)
    >>> buffer.add(b"exact-hash", signature, ("rank", "id-1"))
    False
    >>> sorted(band for (band, _), _ in buffer.drain())
    [-1, 0, 1]
    """

    def __init__(self, bands: int, rows: int) -> None:
        self._bands = bands
        self._rows = rows
        self._groups: dict[tuple[int, int], list[tuple[Any, ...]]] = defaultdict(list)
        self._articles = 0

    def add(self, exact: bytes, signature: bytes, value: tuple[Any, ...]) -> bool:
        """Buffer one article's entries; True when the buffer is full and should be drained.

        An article without word tokens (only numbers or symbols) has the all-max "empty" signature, which every such
        text shares: banding it would make them all near duplicates of each other, so it is only bucketed exactly.
        """
        self._groups[(EXACT_BAND, partition_of(exact))].append((exact, *value))
        if not is_empty_signature(signature):
            for band, key in enumerate(band_keys(signature, self._bands, self._rows)):
                self._groups[(band, partition_of(key))].append((key, *value))
        self._articles += 1
        return self._articles >= MAX_BUFFERED_ARTICLES

    def drain(self) -> list[BandGroup]:
        """The buffered groups; the buffer is empty afterwards."""
        groups = list(self._groups.items())
        self._groups = defaultdict(list)
        self._articles = 0
        return groups


def in_global_window(group: BandGroup) -> WindowedValue:
    """A group emitted from ``finish_bundle``, which has no input element whose window it could take."""
    return WindowedValue(group, MIN_TIMESTAMP, (GlobalWindow(),))
