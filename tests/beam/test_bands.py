"""BandColumns (LSH groups as columns) against one tuple per band entry, grouped the plain way: the same groups and
the same shared buckets, whatever the banding."""

from __future__ import annotations

import pickle
import random
from collections import defaultdict

import numpy as np
import pytest

from pipeline.beam.bands import MAX_BUFFERED_ARTICLES, BandColumns, pack, partition_of
from pipeline.dedup.buckets import KEY_MIX, shared_band_keys
from pipeline.dedup.minhash import MinHasher, band_keys, is_empty_signature


def signatures(count: int, seed: int) -> list[bytes]:
    """Signatures of texts drawn from a small vocabulary, so that many share a band and some are exact copies."""
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(40)]
    hasher = MinHasher(num_perm=24, seed=3)
    texts = [" ".join(rng.choices(words, k=rng.randint(0, 12))) for _ in range(count)]
    return [hasher.signature_bytes(text, 2) for text in texts]


def tuple_buckets(sigs: list[bytes], bands: int, rows: int) -> dict[tuple[int, int], list[list[str]]]:
    """The multi-member buckets of each group, from one (key, text) tuple per band entry."""
    buckets: dict[tuple[int, int], dict[bytes, list[str]]] = defaultdict(lambda: defaultdict(list))
    for index, signature in enumerate(sigs):
        if not is_empty_signature(signature):
            for band, key in enumerate(band_keys(signature, bands, rows)):
                buckets[band, partition_of(key)][key].append(f"t{index}")
    return {
        group: sorted(sorted(members) for members in keys.values() if len(members) > 1)
        for group, keys in buckets.items()
    }


def column_buckets(sigs: list[bytes], bands: int, rows: int, drain_every: int) -> dict[tuple[int, int], list]:
    """The same from BandColumns, drained every ``drain_every`` texts (a group's reader gets several batches)."""
    columns = BandColumns(bands, rows)
    batches = defaultdict(list)
    for index, signature in enumerate(sigs):
        columns.add(signature, f"t{index}")
        if (index + 1) % drain_every == 0:
            for group, packed in columns.drain():
                batches[group].append(packed)
    for group, packed in columns.drain():
        batches[group].append(packed)
    return {group: sorted(sorted(members) for members in shared_band_keys(packed)) for group, packed in batches.items()}


@pytest.mark.parametrize(("bands", "rows"), [(12, 2), (8, 3), (24, 1), (4, 5)])
def test_band_columns_find_the_buckets_band_tuples_find(bands: int, rows: int) -> None:
    sigs = signatures(400, seed=bands * rows)
    expected = tuple_buckets(sigs, bands, rows)
    assert sum(len(buckets) for buckets in expected.values()) > 20  # the test data shares bands
    assert column_buckets(sigs, bands, rows, drain_every=97) == expected


def test_band_columns_leave_out_texts_without_tokens() -> None:
    hasher = MinHasher(num_perm=8, seed=1)
    columns = BandColumns(bands=4, rows=2)
    columns.add(hasher.signature_bytes("...", 2), "empty")
    columns.add(hasher.signature_bytes("!!!", 2), "empty too")
    assert columns.drain() == []


def test_band_columns_say_when_full() -> None:
    hasher = MinHasher(num_perm=8, seed=1)
    columns = BandColumns(bands=4, rows=2)
    signature = hasher.signature_bytes("one two three", 2)
    full = [columns.add(signature, index) for index in range(MAX_BUFFERED_ARTICLES)]
    assert full.count(True) == 1 and full[-1]
    assert len(columns.drain()) > 0 and columns.drain() == []


def packed_keys(keys: list[tuple[int, ...]], values: list[object]) -> bytes:
    """One packed BandColumns batch of the given keys (uint64 words each) and values."""
    blob = np.array(keys, dtype=np.uint64).tobytes()
    return pack((blob, [pickle.dumps(value) for value in values]))


def reference_shared(keys: list[tuple[int, ...]], values: list[object]) -> list[list[object]]:
    """The shared keys' values in the order of a lexicographic sort by the last word first (np.lexsort's order)."""
    groups: defaultdict[tuple[int, ...], list[object]] = defaultdict(list)
    for key, value in zip(keys, values, strict=True):
        groups[key].append(value)
    return [groups[key] for key in sorted(groups, key=lambda key: key[::-1]) if len(groups[key]) >= 2]


@pytest.mark.parametrize("words", [1, 2, 3])
def test_shared_band_keys_are_every_key_two_texts_share(words: int) -> None:
    rng = random.Random(words)
    pool = [tuple(rng.getrandbits(64) for _ in range(words)) for _ in range(300)]
    unique = [tuple(rng.getrandbits(64) for _ in range(words)) for _ in range(500)]
    keys = [rng.choice(pool) for _ in range(500)] + unique
    rng.shuffle(keys)
    values = [f"text-{i}" for i in range(len(keys))]
    batches = [packed_keys(keys[:400], values[:400]), packed_keys(keys[400:], values[400:])]
    assert list(shared_band_keys(batches)) == reference_shared(keys, values)


def test_keys_that_only_mix_alike_are_not_shared() -> None:
    mask = (1 << 64) - 1
    first = (5, 77)
    mixed = (first[0] * int(KEY_MIX)) & mask ^ first[1]
    second = (9, (9 * int(KEY_MIX)) & mask ^ mixed)  # another key whose words mix to the same word
    keys = [first, second, first, (1, 2)]
    assert list(shared_band_keys([packed_keys(keys, ["a", "b", "c", "d"])])) == [["a", "c"]]
    assert list(shared_band_keys([packed_keys([first, second], ["a", "b"])])) == []
