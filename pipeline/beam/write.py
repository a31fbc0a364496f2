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

from pipeline.beam.bands import KeyedBatches, id_partition, pack, unpack
from pipeline.beam.combine import summed
from pipeline.beam.sidefiles import WriteSideFile
from pipeline.beam.spill import SPILL_DIR, BlockWriter, DeleteSpillWhenDone, Span, SpillFile, read_spans
from pipeline.beam.stats import sum_counts
from pipeline.beam.windows import in_global_window
from pipeline.io.jsonl import to_line

STATS_FILE = "stats.json"
# References a worker buffers before it hands them on as one batch (see SpillLines): one element per batch instead of
# one per record (Beam's per-element cost).
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


def write_shard(shard: tuple[tuple[int, int], Iterable[bytes]], directory: str, prefix: str) -> dict[str, int]:
    """Write one shard's lines, read back from the spill files their packed :data:`LineRef` batches point at and
    sorted by (id, line); return ``{"written:<prefix>": lines}``."""
    (index, count), batches = shard
    refs: list[LineRef] = [ref for batch in batches for ref in unpack(batch)]
    lines = sorted(zip((record_id for record_id, _ in refs), read_spans(span for _, span in refs), strict=True))
    with FileSystems.create(posixpath.join(directory, shard_name(prefix, index, count))) as handle:
        writer = BlockWriter(handle)
        for _, line in lines:
            writer.write_line(line)
        writer.flush()
    return {f"written:{prefix}": len(lines)}


# Where one record's JSON line is: its id and the line's place in a spill file.
LineRef = tuple[str, Span]
# A batch of line references as it crosses the stage boundary before sharding: (lines, the packed LineRefs).
RefBatch = tuple[int, bytes]


class SpillLines(beam.DoFn):
    """Record -> its JSON line, written to this bundle's spill file (:mod:`pipeline.beam.spill`); outputs packed
    :data:`RefBatch` es of up to :data:`MAX_BUFFERED_LINES` references.

    The shard count follows from the record count (a side input), so what is sharded crosses a stage boundary, where
    the in-memory runner holds all of it: references there instead of lines keep the texts out of memory, and one
    packed value per batch costs about a microsecond a reference to pickle, against ~15 us per record for Beam's
    coding of each record both ways."""

    def __init__(self, to_dict: Callable[[Any], dict[str, Any]], spill_dir: str, prefix: str) -> None:
        self._to_dict = to_dict
        self._spill_dir = spill_dir
        self._prefix = prefix

    def start_bundle(self) -> None:
        self._spill = SpillFile(self._spill_dir, self._prefix)
        self._refs: list[LineRef] = []

    def process(self, record: Any) -> Iterator[RefBatch]:
        line = to_line(self._to_dict(record)).encode("utf-8")
        self._refs.append((record.id, self._spill.append(line)))
        if len(self._refs) >= MAX_BUFFERED_LINES:
            yield self._take()

    def finish_bundle(self) -> Iterator[Any]:
        self._spill.close()
        if self._refs:
            yield in_global_window(self._take())

    def _take(self) -> RefBatch:
        refs, self._refs = self._refs, []
        return len(refs), pack(refs)


def refs_in(batch: RefBatch) -> int:
    """The number of references in a :data:`RefBatch`.

    >>> refs_in((2, pack([("a", ("f", 0, 2)), ("b", ("f", 3, 2))])))
    2
    """
    return batch[0]


def shard_refs(batch: RefBatch, total: int, records_per_shard: int) -> Iterator[tuple[tuple[int, int], bytes]]:
    """A :data:`RefBatch`'s references grouped by shard: ``((shard, shards), packed [(id, span), ...])``;
    ``total`` is the number of records written (all batches), which decides how many shards there are.

    >>> [(key, unpack(refs)) for key, refs in shard_refs((1, pack([("a", ("f", 0, 2))])), 1, records_per_shard=10)]
    [((0, 1), [('a', ('f', 0, 2))])]
    """
    shards = shard_count(total, records_per_shard)
    by_shard = KeyedBatches(max_values=None)
    for record_id, span in unpack(batch[1]):
        by_shard.add((shard_of(record_id, shards), shards), (record_id, span))
    return iter(by_shard.drain())


class WriteShardedJsonl(beam.PTransform):
    """Writes records as ``{prefix}-SSSSS-of-NNNNN.jsonl`` files in ``directory``; outputs per-shard line counts.

    Each record's line is written once, to a spill file in ``spill_dir`` (a directory of its own; default
    ``spill-<prefix>`` in ``directory``) where the record is; only references are grouped into shards, and each shard
    reads its lines back. The directory is deleted once every shard is written."""

    def __init__(
        self,
        directory: str,
        prefix: str,
        to_dict: Callable[[Any], dict[str, Any]],
        records_per_shard: int,
        spill_dir: str | None = None,
    ) -> None:
        super().__init__()
        self._directory = directory
        self._prefix = prefix
        self._to_dict = to_dict
        self._records_per_shard = records_per_shard
        self._spill_dir = spill_dir or posixpath.join(directory, f"{SPILL_DIR}-{prefix}")

    def expand(self, records: beam.PCollection) -> beam.PCollection:
        batches = records | "SpillLines" >> beam.ParDo(SpillLines(self._to_dict, self._spill_dir, self._prefix))
        total = summed(batches | "LinesPerBatch" >> beam.Map(refs_in), "Count")
        written = (
            batches
            | "Shard" >> beam.FlatMap(shard_refs, total=total, records_per_shard=self._records_per_shard)
            | "GroupShards" >> beam.GroupByKey()
            | "WriteShard" >> beam.Map(write_shard, directory=self._directory, prefix=self._prefix)
        )
        _ = written | "DeleteSpill" >> DeleteSpillWhenDone(self._spill_dir)
        return written


class WriteStats(WriteSideFile):
    """Sums every step's per-bundle tallies into one ``stats.json`` (read back by the launcher for the summary)."""

    def __init__(self, directory: str) -> None:
        super().__init__(directory, STATS_FILE, sum_counts)
