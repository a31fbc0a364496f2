"""Spill files (pipeline/beam/spill.py): values written in buffered blocks come back byte for byte, in any order asked,
whether one read serves many of them or each needs its own."""

import random

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline

from pipeline.beam import spill
from pipeline.beam.spill import DeleteSpillWhenDone, SpillFile, read_spans
from pipeline.core import spans as span_reading
from pipeline.core.spans import read_runs
from tests.conftest import IN_MEMORY


def values(count: int, seed: int = 18) -> list[bytes]:
    """Values of 0 to ~40 KB with newlines inside (a spill file's separator must not matter)."""
    rng = random.Random(seed)
    return [rng.randbytes(rng.choice([0, 1, 300, 5_000, 40_000])) + b"\n" * rng.randrange(3) for _ in range(count)]


def spilled_to(directory: str, data: list[bytes], per_file: int) -> list[tuple[str, int, int]]:
    spans = []
    for start in range(0, len(data), per_file):
        spill_file = SpillFile(directory, "test")
        spans += [spill_file.append(value) for value in data[start : start + per_file]]
        spill_file.close()
    return spans


@pytest.mark.parametrize("buffer_bytes", [1, 4_096, 1 << 20])
def test_values_come_back_whatever_the_write_buffer(tmp_path, monkeypatch, buffer_bytes):
    monkeypatch.setattr(spill, "WRITE_BUFFER_BYTES", buffer_bytes)
    data = values(300)
    spans = spilled_to(str(tmp_path), data, per_file=120)
    assert list(read_spans(spans)) == data
    order = list(range(len(spans)))
    random.Random(1).shuffle(order)
    assert list(read_spans([spans[i] for i in order])) == [data[i] for i in order]


@pytest.mark.parametrize(("gap", "run"), [(0, 1), (64, 1_000), (64 << 10, 8 << 20), (1 << 30, 1 << 30)])
def test_values_come_back_whatever_the_read_runs(tmp_path, monkeypatch, gap, run):
    monkeypatch.setattr(span_reading, "READ_GAP_BYTES", gap)
    monkeypatch.setattr(span_reading, "READ_RUN_BYTES", run)
    data = values(200, seed=5)
    spans = spilled_to(str(tmp_path), data, per_file=70)
    # Every third value, some twice: gaps between the spans that are read, and spans asked for more than once.
    asked = [i for i in range(len(spans)) if i % 3 == 0] + [0, 9, 9]
    assert list(read_spans([spans[i] for i in asked])) == [data[i] for i in asked]


def test_a_file_is_closed_with_everything_written(tmp_path):
    spill_file = SpillFile(str(tmp_path), "test")
    span = spill_file.append(b"only")
    spill_file.close()
    assert (tmp_path / span[0].rsplit("/", 1)[1]).read_bytes() == b"only\n"


def test_runs_split_at_a_gap_and_at_their_size(monkeypatch):
    monkeypatch.setattr(span_reading, "READ_GAP_BYTES", 10)
    monkeypatch.setattr(span_reading, "READ_RUN_BYTES", 100)
    spans = [("f", 0, 5), ("f", 6, 5), ("f", 21, 5), ("f", 30, 80), ("f", 200, 500)]
    # 6 follows 0..5 within the gap; 21 is 10 past 11 (still in); 30 would make the run 110 bytes; 200 is past the gap.
    assert list(read_runs([0, 1, 2, 3, 4], spans)) == [(0, 26, [0, 1, 2]), (30, 110, [3]), (200, 700, [4])]


def test_spills_whose_readers_finish_together_are_deleted_by_one_step(tmp_path):
    """DeleteSpillWhenDone with several directories deletes each, once its input is complete; a directory no value
    was spilled to is no error."""
    directories = [str(tmp_path / name) for name in ("nodes", "shingles", "never-made")]
    for directory in directories[:2]:
        spill_file = SpillFile(directory, "test")
        spill_file.append(b"value")
        spill_file.close()
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        _ = pipeline | beam.Create(range(5)) | DeleteSpillWhenDone(*directories)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
