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

from pipeline.beam.bands import id_partition, pack, unpack
from pipeline.beam.combine import summed
from pipeline.beam.sidefiles import WriteSideFile
from pipeline.beam.stats import sum_counts
from pipeline.beam.windows import in_global_window
from pipeline.io.jsonl import to_line

STATS_FILE = "stats.json"
# Lines a worker buffers before it hands them on as one batch (see ToLines): one element per batch instead of one
# per record (Beam's per-element cost), while bounding the buffer (~3 KB per article line).
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


# A batch of lines as it crosses the stage boundary before sharding: (lines, the packed (id, line) pairs).
LineBatch = tuple[int, bytes]


class ToLines(beam.DoFn):
    """Record -> ``(id, JSON line)``, in packed :data:`LineBatch` es of up to :data:`MAX_BUFFERED_LINES` per bundle.

    The shard count follows from the record count (a side input), so the lines cross a stage boundary before they
    are sharded. As one packed value per batch each line costs about a microsecond of pickling there; as records
    they cost Beam's coding of each record both ways (~15 us per record on the in-memory runner)."""

    def __init__(self, to_dict: Callable[[Any], dict[str, Any]]) -> None:
        self._to_dict = to_dict

    def start_bundle(self) -> None:
        self._lines: list[tuple[str, str]] = []

    def process(self, record: Any) -> Iterator[LineBatch]:
        self._lines.append((record.id, to_line(self._to_dict(record))))
        if len(self._lines) >= MAX_BUFFERED_LINES:
            yield self._take()

    def finish_bundle(self) -> Iterator[Any]:
        if self._lines:
            yield in_global_window(self._take())

    def _take(self) -> LineBatch:
        lines, self._lines = self._lines, []
        return len(lines), pack(lines)


def lines_in(batch: LineBatch) -> int:
    """The number of lines in a :data:`LineBatch`.

    >>> lines_in((2, pack([("a", "{}"), ("b", "{}")])))
    2
    """
    return batch[0]


def shard_lines(
    batch: LineBatch, total: int, records_per_shard: int
) -> Iterator[tuple[tuple[int, int], list[tuple[str, str]]]]:
    """A :data:`LineBatch`'s lines grouped by shard: ``((shard, shards), [(id, line), ...])``; ``total`` is the
    number of records written (all batches), which decides how many shards there are.

    >>> list(shard_lines((2, pack([("a", "{}"), ("b", "{}")])), total=2, records_per_shard=10))
    [((0, 1), [('a', '{}'), ('b', '{}')])]
    """
    shards = shard_count(total, records_per_shard)
    by_shard: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for record_id, line in unpack(batch[1]):
        by_shard.setdefault((shard_of(record_id, shards), shards), []).append((record_id, line))
    return iter(by_shard.items())


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
        batches = records | "ToLines" >> beam.ParDo(ToLines(self._to_dict))
        written = summed(batches | "LinesPerBatch" >> beam.Map(lines_in), "Count")
        return (
            batches
            | "Shard" >> beam.FlatMap(shard_lines, total=written, records_per_shard=self._records_per_shard)
            | "GroupShards" >> beam.GroupByKey()
            | "WriteShard" >> beam.Map(write_shard, directory=self._directory, prefix=self._prefix)
        )


class WriteStats(WriteSideFile):
    """Sums every step's per-bundle tallies into one ``stats.json`` (read back by the launcher for the summary)."""

    def __init__(self, directory: str) -> None:
        super().__init__(directory, STATS_FILE, sum_counts)
