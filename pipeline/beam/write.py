"""WriteResults: byte-identical sharded JSONL, whatever the runner, worker count or input order.

Beam's WriteToText names shards deterministically but puts records in them in arrival order. Here the shard count
follows from the record count (a side input), each record's shard from a stable hash of its id, and each shard is
sorted by id before it is written, so the bytes depend only on the records.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from pipeline.beam.bands import id_partition
from pipeline.beam.combine import total
from pipeline.beam.sidefiles import WriteSideFile
from pipeline.beam.stats import sum_counts
from pipeline.beam.windows import in_global_window
from pipeline.io.jsonl import to_line

STATS_FILE = "stats.json"
# Lines a worker buffers before it hands them to the shuffle, grouped by shard: one element per shard per batch
# instead of one per record (Beam's per-element cost), while bounding the buffer (~3 KB per article line).
MAX_BUFFERED_LINES = 2_000


def shard_name(prefix: str, index: int, count: int) -> str:
    """The file name of one shard.

    >>> shard_name("articles", 0, 3)
    'articles-00000-of-00003.jsonl'
    """
    return f"{prefix}-{index:05d}-of-{count:05d}.jsonl"


def shard_count(records: int, records_per_shard: int) -> int:
    """How many shards a number of records needs (always at least one file).

    >>> shard_count(0, 10), shard_count(10, 10), shard_count(11, 10)
    (1, 1, 2)
    """
    return max(1, math.ceil(records / records_per_shard))


def shard_of(record_id: str, shards: int) -> int:
    """A stable shard for an id: its :func:`~pipeline.beam.bands.id_partition`.

    >>> shard_of("kerry", 1), shard_of("kerry", 4) == shard_of("kerry", 4)
    (0, True)
    """
    return id_partition(record_id, shards)


def write_shard(
    shard: tuple[tuple[int, int], Iterable[list[tuple[str, str]]]], directory: str, prefix: str
) -> dict[str, int]:
    """Write one shard's lines (arriving in batches), sorted by (id, line); return ``{"written:<prefix>": lines}``."""
    (index, count), batches = shard
    lines = sorted(line for batch in batches for line in batch)
    with FileSystems.create(posixpath.join(directory, shard_name(prefix, index, count))) as handle:
        for _, line in lines:
            handle.write(line.encode("utf-8") + b"\n")
    return {f"written:{prefix}": len(lines)}


class ShardLines(beam.DoFn):
    """Record -> its JSON line, batched per bundle by shard: ``((shard, shards), [(id, line), ...])``."""

    def __init__(self, to_dict: Callable[[Any], dict[str, Any]], records_per_shard: int) -> None:
        self._to_dict = to_dict
        self._records_per_shard = records_per_shard

    def start_bundle(self) -> None:
        self._batches: dict[tuple[int, int], list[tuple[str, str]]] = {}
        self._buffered = 0

    def process(self, record: Any, total: int) -> Iterator[tuple[tuple[int, int], list[tuple[str, str]]]]:
        shards = shard_count(total, self._records_per_shard)
        self._batches.setdefault((shard_of(record.id, shards), shards), []).append(
            (record.id, to_line(self._to_dict(record)))
        )
        self._buffered += 1
        if self._buffered >= MAX_BUFFERED_LINES:
            yield from self._drain()

    def finish_bundle(self) -> Iterator[Any]:
        for batch in self._drain():
            yield in_global_window(batch)

    def _drain(self) -> list[tuple[tuple[int, int], list[tuple[str, str]]]]:
        batches, self._batches, self._buffered = list(self._batches.items()), {}, 0
        return batches


class WriteShardedJsonl(beam.PTransform):
    """Writes records as ``{prefix}-SSSSS-of-NNNNN.jsonl`` files in ``directory``; outputs per-shard line counts."""

    def __init__(
        self, directory: str, prefix: str, to_dict: Callable[[Any], dict[str, Any]], records_per_shard: int
    ) -> None:
        super().__init__()
        self._directory = directory
        self._prefix = prefix
        self._to_dict = to_dict
        self._records_per_shard = records_per_shard

    def expand(self, records: beam.PCollection) -> beam.PCollection:
        return (
            records
            | "ToLines"
            >> beam.ParDo(ShardLines(self._to_dict, self._records_per_shard), total=total(records, "Count"))
            | "GroupShards" >> beam.GroupByKey()
            | "WriteShard" >> beam.Map(write_shard, directory=self._directory, prefix=self._prefix)
        )


class WriteStats(WriteSideFile):
    """Sums every step's per-bundle tallies into one ``stats.json`` (read back by the launcher for the summary)."""

    def __init__(self, directory: str) -> None:
        super().__init__(directory, STATS_FILE, sum_counts)
