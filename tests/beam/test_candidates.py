"""FindCandidates: the star edges of every shared LSH bucket, the same whether its band groups are read and searched
on the runner's thread or in local worker processes (pipeline/work/candidates.py)."""

from __future__ import annotations

import struct
from collections import defaultdict

import pytest

import pipeline.beam.dedup.candidates as candidates_module
from pipeline.beam.bands import BandColumns, unpack
from pipeline.beam.dedup.candidates import GROUPS_PER_CHUNK, FindCandidates
from pipeline.beam.spill import SpillFile
from pipeline.local.workers import Workers

TEXTS = 240


def signature(index: int) -> bytes:
    """Band 0 shared by runs of 3 texts, band 1 by runs of 5 (one row each)."""
    return struct.pack(">2I", index // 3, 1_000 + index // 5)  # the last byte picks the partition


def rank(index: int) -> tuple[int, str]:
    return (index % 7, f"id-{index:03d}")


def band_groups(directory: str) -> list[tuple[tuple[int, int], list]]:
    """Every text's band entries as FindCandidates gets them: grouped by (band, partition), spilled."""
    columns = BandColumns(bands=2, rows=1)
    for index in range(TEXTS):
        columns.add(signature(index), rank(index))
    spill = SpillFile(directory, "bands")
    groups = [(key, [spill.append(packed)]) for key, packed in columns.drain()]
    spill.close()
    return groups


def expected_edges() -> set[tuple]:
    """Each member of a bucket with another member -> the bucket's best-ranked member, found by brute force."""
    buckets: defaultdict[tuple[int, bytes], list[tuple[int, str]]] = defaultdict(list)
    for index in range(TEXTS):
        for band in range(2):
            buckets[band, signature(index)[4 * band : 4 * band + 4]].append(rank(index))
    return {
        (member[-1], min(members)[-1]) for members in buckets.values() for member in members if member != min(members)
    }


def candidates(groups: list, workers: Workers | None) -> set[tuple]:
    find = FindCandidates(partitions=4, workers=workers)
    find.setup()
    find.start_bundle()
    batches = [batch for group in groups for batch in find.process(group)]
    batches += [windowed.value for windowed in find.finish_bundle()]
    found = [candidate for _, packed in batches for candidate in unpack(packed)]
    assert len(found) == len(set(found))  # a pair found in both bands of the bundle is buffered once
    return set(found)


@pytest.mark.parametrize("processes", [0, 2])
def test_candidates_are_every_buckets_star_edges_inline_and_in_worker_processes(tmp_path, processes):
    groups = band_groups(str(tmp_path))
    assert len(groups) > 2 * GROUPS_PER_CHUNK  # enough groups for chunks to go to the workers
    workers = Workers(processes)
    try:
        found = candidates(groups, workers)
        pool = workers.pool()
        assert (pool.started if pool else 0) == processes  # the spill files were read by the worker processes
    finally:
        pool = workers.pool()
        if pool is not None:
            pool.stop_now()
    assert found == expected_edges()
    assert ("id-000", "id-007") not in found  # never an edge to itself
    assert ("id-002", "id-000") in found  # band 0: 0, 1, 2 share a bucket


def test_a_pair_found_again_after_a_batch_left_is_not_sent_again(tmp_path, monkeypatch):
    # Batches of 5 pairs leave many times before band 1 finds band 0's pairs again.
    monkeypatch.setattr(candidates_module, "MAX_BUFFERED", 5)
    found = candidates(band_groups(str(tmp_path)), None)  # asserts that no pair was sent twice
    assert found == expected_edges()


def test_the_pairs_remembered_as_sent_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(candidates_module, "MAX_SEEN_PAIRS", 10)
    find = FindCandidates(partitions=4)
    find.setup()
    find.start_bundle()
    sent = []
    for group in band_groups(str(tmp_path)):
        sent += [candidate for _, packed in find.process(group) for candidate in unpack(packed)]
        assert len(find._seen) <= 10
    sent += [candidate for windowed in find.finish_bundle() for candidate in unpack(windowed.value[1])]
    assert set(sent) == expected_edges()  # forgetting only sends a pair again
