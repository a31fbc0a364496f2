"""WriteJsonlOutputs: byte-identical sharded JSONL, whatever the runner, worker count or input order.

Beam's WriteToText names shards deterministically but puts records in them in arrival order. Here the shard count
follows from the record count (a side input), each record's shard from a stable hash of its id, and each shard is
sorted by id before it is written, so the bytes depend only on the records.

A run's outputs (articles, duplicates, rejects, learned lines, the ledger) are written by one WriteJsonlOutputs:
one count, one shuffle and one spill directory for all of them rather than one of each per output. Every transform
costs the run a fixed time whatever its input (Beam builds, translates and sets it up: ~5 ms a transform here), and
four writers of their own took 48 of a run's 274 transforms (0.24 s of the 2.2 s run on the sample articles).
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from pipeline.beam.bands import KeyedBatches, id_partition, pack, unpack
from pipeline.beam.parts import Parts, as_parts, part_label
from pipeline.beam.sidefiles import SideFile, WriteSideFile
from pipeline.beam.spill import SPILL_DIR, BlockWriter, DeleteSpillWhenDone, Span, SpillFile, read_spans
from pipeline.beam.stats import sum_counts
from pipeline.beam.windows import in_global_window
from pipeline.io.jsonl import Output, line_bytes

STATS_FILE = "stats.json"
# Every step's per-bundle tallies summed into one.
STATS_SUM = SideFile(STATS_FILE, sum_counts)
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


def write_shard(shard: tuple[ShardKey, Iterable[bytes]], directory: str) -> dict[str, int]:
    """Write one shard's lines, read back from the spill files their packed :data:`LineRef` batches point at and
    sorted by (id, line); return ``{"written:<prefix>": lines}``."""
    (prefix, index, count), batches = shard
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
# A batch of line references as it crosses the stage boundary before sharding: (output prefix, lines, the packed
# LineRefs).
RefBatch = tuple[str, int, bytes]
# One shard of one output: (output prefix, shard index, shard count).
ShardKey = tuple[str, int, int]


class SpillLines(beam.DoFn):
    """Record -> its JSON line, written to this bundle's spill file (:mod:`pipeline.beam.spill`); outputs packed
    :data:`RefBatch` es of up to :data:`MAX_BUFFERED_LINES` references. A record whose :data:`Output` is its line
    already encoded is written as it is, and one whose line is spilled already is only referred to.

    The shard count follows from the record count (a side input), so what is sharded crosses a stage boundary, where
    the in-memory runner holds all of it: references there instead of lines keep the texts out of memory, and one
    packed value per batch costs about a microsecond a reference to pickle, against ~15 us per record for Beam's
    coding of each record both ways."""

    def __init__(self, output: Callable[[Any], Output], spill_dir: str, prefix: str) -> None:
        self._output = output
        self._spill_dir = spill_dir
        self._prefix = prefix

    def start_bundle(self) -> None:
        self._spill = SpillFile(self._spill_dir, self._prefix)
        self._refs: list[LineRef] = []

    def process(self, record: Any) -> Iterator[RefBatch]:
        output = self._output(record)
        if isinstance(output, dict):
            span = self._spill.append(line_bytes(output))
        elif isinstance(output, bytes):
            span = self._spill.append(output)
        else:
            span = output
        self._refs.append((record.id, span))
        if len(self._refs) >= MAX_BUFFERED_LINES:
            yield self._take()

    def finish_bundle(self) -> Iterator[Any]:
        self._spill.close()
        if self._refs:
            yield in_global_window(self._take())

    def _take(self) -> RefBatch:
        refs, self._refs = self._refs, []
        return self._prefix, len(refs), pack(refs)


def refs_in(batch: RefBatch) -> tuple[str, int]:
    """The output of a :data:`RefBatch` and its number of references.

    >>> refs_in(("rejects", 2, pack([("a", ("f", 0, 2)), ("b", ("f", 3, 2))])))
    ('rejects', 2)
    """
    prefix, lines, _ = batch
    return prefix, lines


def shard_refs(batch: RefBatch, totals: dict[str, int], records_per_shard: int) -> Iterator[tuple[ShardKey, bytes]]:
    """A :data:`RefBatch`'s references grouped by shard: ``((prefix, shard, shards), packed [(id, span), ...])``;
    ``totals`` holds the number of records each output writes (all its batches), which decides how many shards it
    has.

    >>> batch = ("rejects", 1, pack([("a", ("f", 0, 2))]))
    >>> [(key, unpack(refs)) for key, refs in shard_refs(batch, {"rejects": 1}, records_per_shard=10)]
    [(('rejects', 0, 1), [('a', ('f', 0, 2))])]
    """
    prefix, _, packed = batch
    shards = shard_count(totals[prefix], records_per_shard)
    by_shard = KeyedBatches(max_values=None)
    for record_id, span in unpack(packed):
        by_shard.add((prefix, shard_of(record_id, shards), shards), (record_id, span))
    return iter(by_shard.drain())


class WriteJsonlOutputs(beam.PTransform):
    """Writes each of several collections of records as ``{prefix}-SSSSS-of-NNNNN.jsonl`` files in ``directory``
    (input: a dict ``{prefix: records}``, each turned into its line by ``formats[prefix]``, an :data:`Output`);
    outputs per-shard line counts (``{"written:<prefix>": lines}``). The records of a prefix may come as a tuple of
    collections: each is spilled where it is made, with no Flatten of its own (on the in-memory runner, a Flatten of
    outputs of two stages is a stage that holds all its records in memory).

    Each record's line is written once, to a spill file in ``spill_dir`` (a directory of its own; default
    ``spill-<prefixes>`` in ``directory``) where the record is; only references are counted and grouped into shards,
    all outputs' in one shuffle, and each shard reads its lines back. The directory is deleted once every shard is
    written."""

    def __init__(
        self,
        directory: str,
        formats: Mapping[str, Callable[[Any], Output]],
        records_per_shard: int,
        spill_dir: str | None = None,
    ) -> None:
        super().__init__()
        self._directory = directory
        self._formats = dict(formats)
        self._records_per_shard = records_per_shard
        self._spill_dir = spill_dir or posixpath.join(directory, "-".join((SPILL_DIR, *self._formats)))

    def expand(self, outputs: Mapping[str, Parts]) -> beam.PCollection:
        batches = [
            part
            | part_label(f"SpillLines-{prefix}", index)
            >> beam.ParDo(SpillLines(self._formats[prefix], self._spill_dir, prefix))
            for prefix, records in outputs.items()
            for index, part in enumerate(as_parts(records))
        ]
        flat = batches | "FlattenBatches" >> beam.Flatten()
        totals = flat | "LinesPerBatch" >> beam.Map(refs_in) | "Count" >> beam.CombinePerKey(sum)
        written = (
            flat
            | "Shard"
            >> beam.FlatMap(shard_refs, totals=beam.pvalue.AsDict(totals), records_per_shard=self._records_per_shard)
            | "GroupShards" >> beam.GroupByKey()
            | "WriteShard" >> beam.Map(write_shard, directory=self._directory)
        )
        _ = written | "DeleteSpill" >> DeleteSpillWhenDone(self._spill_dir)
        return written


class WriteShardedJsonl(beam.PTransform):
    """Writes one collection of records as ``{prefix}-SSSSS-of-NNNNN.jsonl`` files in ``directory``: a
    :class:`WriteJsonlOutputs` of one output (default spill directory ``spill-<prefix>`` in ``directory``)."""

    def __init__(
        self,
        directory: str,
        prefix: str,
        to_dict: Callable[[Any], Output],
        records_per_shard: int,
        spill_dir: str | None = None,
    ) -> None:
        super().__init__()
        self._prefix = prefix
        self._write = WriteJsonlOutputs(directory, {prefix: to_dict}, records_per_shard, spill_dir)

    def expand(self, records: Parts) -> beam.PCollection:
        return {self._prefix: records} | "Write" >> self._write


class WriteStats(WriteSideFile):
    """Sums every step's per-bundle tallies into one ``stats.json`` (read back by the launcher for the summary)."""

    def __init__(self, directory: str) -> None:
        super().__init__(directory, STATS_SUM.name, STATS_SUM.combine)
