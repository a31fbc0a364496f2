"""LSH buckets: which texts share a band key, found with numpy over one (band, partition) group of band keys.

The groups are made by :class:`pipeline.beam.bands.BandColumns`: each text's band value, padded to whole 8-byte words,
side by side in one ``bytes``, and each text's value (its rank) pickled on its own. Nearly every band key is the only
one of its kind, so those cost no Python object; only the values of the shared keys are unpickled.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

# BandColumns pads each text's band values to whole 8-byte words, which the reader sorts as uint64 columns.
KEY_WORD = np.dtype(np.uint64)
# Odd, so that multiplying a key's words by it mixes them without losing any (shared_band_keys).
KEY_MIX = np.uint64(0x9E3779B97F4A7C15)


def shared_band_keys(batches: Iterable[bytes]) -> Iterator[list[Any]]:
    """The values of the texts of every band key that two or more share, from one group's packed ``BandColumns``
    batches (:mod:`pipeline.beam.bands`; members in no particular order). A group is one band's, so each text is in
    one bucket at most and its value is unpickled once.

    >>> pack = pickle.dumps
    >>> one, two = pack((bytes(8) * 2, [pack("a"), pack("b")])), pack((bytes(7) + b"x", [b"."]))
    >>> list(shared_band_keys([one, two]))
    [['a', 'b']]
    """
    loads = pickle.loads
    for members in shared_band_values(batches):
        yield [loads(value) for value in members]  # data this pipeline packed itself


def shared_band_values(batches: Iterable[bytes]) -> Iterator[list[bytes]]:
    """As :func:`shared_band_keys`, with each value as it was packed (pickled), for a caller that can skip a bucket
    it has seen before unpickling it.

    >>> pack = pickle.dumps
    >>> list(shared_band_values([pack((bytes(8) * 2, [pack("a"), pack("b")]))])) == [[pack("a"), pack("b")]]
    True
    """
    blobs: list[bytes] = []
    values: list[bytes] = []
    for packed in batches:
        keys, batch_values = pickle.loads(packed)  # noqa: S301 (batches this pipeline packed itself)
        blobs.append(keys)
        values.extend(batch_values)
    if len(values) < 2:
        return
    words = np.frombuffer(b"".join(blobs), dtype=KEY_WORD).reshape(len(values), -1)
    # Nearly every key is the only one of its kind: one word per key (its words mixed) sorted finds the few that may
    # be shared, and only those are sorted by their whole key (in the order a sort of all keys would give them).
    mixed = words[:, 0].copy()
    for column in range(1, words.shape[1]):
        mixed *= KEY_MIX
        mixed ^= words[:, column]
    sorted_mixed = np.sort(mixed)
    repeated = sorted_mixed[1:][sorted_mixed[1:] == sorted_mixed[:-1]]
    if not repeated.size:
        return
    rows = np.flatnonzero(np.isin(mixed, repeated))
    order = rows[np.lexsort(words[rows].T)]
    ordered = words[order]
    bounds = np.concatenate(([0], np.flatnonzero((ordered[1:] != ordered[:-1]).any(axis=1)) + 1, [len(order)]))
    shared = np.flatnonzero(np.diff(bounds) >= 2)
    for start, end in zip(bounds[shared].tolist(), bounds[shared + 1].tolist(), strict=True):
        yield [values[text] for text in order[start:end].tolist()]
