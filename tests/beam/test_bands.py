"""BandColumns (in-run dedup's LSH groups as columns) against BandBuffer (one tuple per entry): the same groups and
the same shared buckets, whatever the banding."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from pipeline.beam.bands import MAX_BUFFERED_ARTICLES, BandBuffer, BandColumns, shared_band_keys, unpack
from pipeline.dedup.minhash import MinHasher


def signatures(count: int, seed: int) -> list[bytes]:
    """Signatures of texts drawn from a small vocabulary, so that many share a band and some are exact copies."""
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(40)]
    hasher = MinHasher(num_perm=24, seed=3)
    texts = [" ".join(rng.choices(words, k=rng.randint(0, 12))) for _ in range(count)]
    return [hasher.signature_bytes(text, 2) for text in texts]


def tuple_buckets(sigs: list[bytes], bands: int, rows: int) -> dict[tuple[int, int], list[list[str]]]:
    """The multi-member buckets of each group, as BandBuffer (one tuple per entry) groups them."""
    buffer = BandBuffer(bands, rows)
    for index, signature in enumerate(sigs):
        buffer.add(None, signature, (f"t{index}",))
    by_group: dict[tuple[int, int], list[list[str]]] = {}
    for group, packed in buffer.drain():
        buckets = defaultdict(list)
        for key, text in unpack(packed):
            buckets[key].append(text)
        by_group[group] = sorted(sorted(members) for members in buckets.values() if len(members) > 1)
    return by_group


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
