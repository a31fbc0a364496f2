"""WriteFingerprintStore / ReadFingerprintStore: the kept articles' fingerprints, as Parquet, for later runs."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import apache_beam as beam
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from pipeline.beam.combine import total
from pipeline.beam.parts import Parts, as_parts, part_label
from pipeline.beam.spill import DeleteSpillWhenDone, Span, SpillValues, load_values
from pipeline.beam.write import shard_count, shard_of
from pipeline.dedup.digest_set import DigestSet, id_digest
from pipeline.history.store import FILE_PREFIX, HistoryPartition

SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("run_date", pa.string()),
        ("content_hash", pa.binary()),
        ("signature", pa.binary()),
        ("shingles", pa.binary()),
    ]
)
# A stored fingerprint: (id, run_date, content_hash, signature, shingle set). The shingle set (~2 KB for a 3 KB
# article) lets a later run verify a match exactly, as within a run, instead of trusting the MinHash estimate.
StoredFingerprint = tuple[str, str, bytes, bytes, bytes]
# The columns banding reads (not the shingle sets).
BANDING_COLUMNS = ["id", "run_date", "content_hash", "signature"]
T = TypeVar("T")


# A kept article's fingerprint as dedup made it (Deduplicate's ``stored`` output): (id, content hash, signature,
# shingle set).
KeptFingerprint = tuple[str, bytes, bytes, bytes]


def stored_row(fingerprint: KeptFingerprint, run_date: str) -> StoredFingerprint:
    """A kept article's fingerprint as the store holds it, under the run's date.

    >>> stored_row(("a1", b"hash", b"signature", b"shingles"), "2026-11-26")
    ('a1', '2026-11-26', b'hash', b'signature', b'shingles')
    """
    article_id, exact, signature, shingles = fingerprint
    return article_id, run_date, exact, signature, shingles


def write_fingerprint_shard(
    shard: tuple[tuple[int, int], Iterable[tuple[str, bytes | Span]]], directory: str, rows_per_group: int = 10_000
) -> dict[str, int]:
    """One Parquet file per shard, rows sorted (by id first), so a rerun writes the same bytes. A row comes as its id
    and its stashed value (:func:`pipeline.beam.spill.stashed`); the rows are loaded and written one row group of
    about ``rows_per_group`` at a time (~14 MB for 10k), not a whole shard (100k rows took ~0.6 GB in copies).

    >>> import tempfile
    >>> from pipeline.beam.spill import stashed
    >>> rows = [(i, stashed(None, (i, "2026-11-26", b"h", b"s", b"x"))) for i in ("c", "a", "b")]
    >>> directory = tempfile.mkdtemp(); write_fingerprint_shard(((0, 1), rows), directory, rows_per_group=2)
    {'history:fingerprints-stored': 3}
    >>> [row[0] for row in read_fingerprint_file(f"{directory}/{FILE_PREFIX}-00000-of-00001.parquet")]
    ['a', 'b', 'c']
    """
    (index, count), rows = shard
    by_id = sorted(rows, key=lambda row: row[0])
    buffer = pa.BufferOutputStream()  # built in memory, like the reader, so no pyarrow I/O thread touches the file
    with pq.ParquetWriter(buffer, SCHEMA) as writer:
        for group in id_runs(by_id, rows_per_group):
            ordered = sorted(load_values(stashed for _, stashed in group))  # one id's rows by all their fields
            columns = [[row[i] for row in ordered] for i in range(len(SCHEMA))]
            arrays = [pa.array(column, type=field.type) for column, field in zip(columns, SCHEMA, strict=True)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=SCHEMA))
    path = posixpath.join(directory, f"{FILE_PREFIX}-{index:05d}-of-{count:05d}.parquet")
    with FileSystems.create(path) as handle:
        handle.write(memoryview(buffer.getvalue()))  # the buffer itself, not a copy of it as bytes
    return {"history:fingerprints-stored": len(by_id)}


def id_runs(rows: list[tuple[str, T]], size: int) -> Iterator[list[tuple[str, T]]]:
    """Rows sorted by id, in runs of ``size`` or more (the last may be smaller) that never split one id's rows.

    >>> [[row_id for row_id, _ in run] for run in id_runs([("a", 1), ("b", 2), ("b", 3), ("c", 4)], 2)]
    [['a', 'b', 'b'], ['c']]
    """
    run: list[tuple[str, T]] = []
    for row in rows:
        if len(run) >= size and row[0] != run[-1][0]:
            yield run
            run = []
        run.append(row)
    if run:
        yield run


class WriteFingerprintStore(beam.PTransform):
    """The kept articles' fingerprints (Deduplicate's ``stored`` output, a collection or a tuple of them: each
    made once, where the article was cleaned) -> ``fingerprints-SSSSS-of-NNNNN.parquet`` in ``directory``; outputs
    a count for the stats.

    The rows wait for their count (the number of shards depends on it) and then for their shard's group. With a
    ``spill_dir`` they wait there, as they are made (:class:`~pipeline.beam.spill.SpillValues`), and only ids and
    spans wait in the runner: a row is ~2.3 KB (signature and shingle set), its span ~60 bytes."""

    def __init__(self, directory: str, run_date: str, records_per_shard: int, spill_dir: str | None = None) -> None:
        super().__init__()
        self._directory = directory
        self._run_date = run_date
        self._records_per_shard = records_per_shard
        self._spill_dir = spill_dir  # deleted once WriteParquet, its reader, is done

    def expand(self, kept: Parts) -> beam.PCollection:
        per_shard = self._records_per_shard
        # Each part's rows spilled in the stage that made them, and only their spans flattened (pipeline.beam.parts).
        rows = [
            part
            | part_label("AddRunDate", index)
            >> beam.Map(lambda kept, date: (kept[0], stored_row(kept, date)), date=self._run_date)
            | part_label("SpillRows", index) >> beam.ParDo(SpillValues(self._spill_dir, "rows"))
            for index, part in enumerate(as_parts(kept))
        ] | "FlattenRows" >> beam.Flatten()
        count = total(rows, "CountFingerprints")

        def keyed(row: tuple[str, bytes | Span], total: int) -> tuple[tuple[int, int], tuple[str, bytes | Span]]:
            shards = shard_count(total, per_shard)
            return (shard_of(row[0], shards), shards), row

        written = (
            rows
            | "KeyByShard" >> beam.Map(keyed, total=count)
            | "GroupShards" >> beam.GroupByKey()
            | "WriteParquet" >> beam.Map(write_fingerprint_shard, directory=self._directory)
        )
        if self._spill_dir:
            _ = written | "DeleteStoreSpill" >> DeleteSpillWhenDone(self._spill_dir)
        return written


def read_fingerprint_file(
    path: str, banding: bool = False, keep: DigestSet | None = None
) -> Iterator[StoredFingerprint]:
    """The stored fingerprints of one file, in its order. ``banding``: for banding, without the shingle sets (b""),
    the largest column, which only verification reads. ``keep``: only the rows whose id's
    :func:`~pipeline.dedup.digest_set.id_digest` it holds; the ids are read first, and nothing else when none is.

    >>> import tempfile
    >>> from pipeline.beam.spill import stashed
    >>> rows = [(i, stashed(None, (i, "2026-11-26", b"h", b"s", b"x"))) for i in ("c", "a", "b")]
    >>> directory = tempfile.mkdtemp(); _ = write_fingerprint_shard(((0, 1), rows), directory)
    >>> path = f"{directory}/{FILE_PREFIX}-00000-of-00001.parquet"
    >>> list(read_fingerprint_file(path, banding=True))[0], list(read_fingerprint_file(path))[0]
    (('a', '2026-11-26', b'h', b's', b''), ('a', '2026-11-26', b'h', b's', b'x'))
    >>> [row[0] for row in read_fingerprint_file(path, keep=DigestSet.of(8, [id_digest("c"), id_digest("z")]))]
    ['c']
    """
    data = _file_data(path)
    columns = BANDING_COLUMNS if banding else SCHEMA.names
    if keep is None:
        table = _read_columns(data, columns)
    else:
        ids = _read_columns(data, ["id"])
        kept = keep.which([id_digest(record_id) for record_id in ids.column("id").to_pylist()])
        if not kept.any():
            return
        table = _read_columns(data, columns).take(np.flatnonzero(kept))
    values = [table.column(name).to_pylist() for name in columns]
    if banding:
        values.append([b""] * table.num_rows)
    for row in zip(*values, strict=True):
        yield row[0], row[1], row[2], row[3], row[4]


def read_content_hashes(path: str) -> Iterator[bytes]:
    """The content hashes of one file's stored fingerprints, back to back in one ``bytes`` (none for an empty file):
    the only column :class:`~pipeline.beam.match_history.NewBuckets` needs of the store, one element a file.

    >>> import tempfile
    >>> from pipeline.beam.spill import stashed
    >>> rows = [(i, stashed(None, (i, "2026-11-26", i.encode() * 16, b"s", b"x"))) for i in ("b", "a")]
    >>> directory = tempfile.mkdtemp(); _ = write_fingerprint_shard(((0, 1), rows), directory)
    >>> list(read_content_hashes(f"{directory}/{FILE_PREFIX}-00000-of-00001.parquet")) == [b"a" * 16 + b"b" * 16]
    True
    """
    table = _read_columns(_file_data(path), ["content_hash"])
    if table.num_rows:
        yield b"".join(table.column("content_hash").to_pylist())


def _file_data(path: str) -> bytes:
    """A store file's bytes, to parse from memory without pyarrow's thread pool: reading through a Python file object
    left pyarrow I/O threads running at interpreter exit, which aborted the process (exit 134) in about one run in
    six."""
    with FileSystems.open(path) as handle:
        data: bytes = handle.read()
    return data


def _read_columns(data: bytes, columns: Sequence[str]) -> pa.Table:
    """The given columns of a store file's bytes."""
    return pq.read_table(pa.BufferReader(data), schema=SCHEMA, columns=list(columns), use_threads=False)


class ReadFingerprintStore(beam.PTransform):
    """What ``read_file`` gives of each file of the given history partitions (called as ``read_file(path, *args)``;
    ``args`` may hold side inputs): :func:`read_fingerprint_file` (the stored fingerprints, for banding or only some
    rows) or :func:`read_content_hashes`."""

    def __init__(
        self,
        partitions: Sequence[HistoryPartition],
        read_file: Callable[..., Iterator[Any]] = read_fingerprint_file,
        *args: Any,
    ) -> None:
        super().__init__()
        self._files = [path for partition in partitions for path in partition.files]
        self._read_file = read_file
        self._args = args

    def expand(self, pbegin: beam.pvalue.PBegin) -> beam.PCollection:
        return (
            pbegin
            | "ListHistoryFiles" >> beam.Create(self._files, reshuffle=False)  # spread by the Reshuffle next
            | "SpreadHistoryFiles" >> beam.Reshuffle()
            | "ReadHistoryFiles" >> beam.FlatMap(self._read_file, *self._args)
        )


class FingerprintStoreReads:
    """The three reads :class:`~pipeline.beam.match_history.MatchHistory` makes of a window of the store
    (:class:`~pipeline.beam.match_history.StoreReads`): its content hashes; its rows for banding, without their
    shingle sets; and, once the candidates are known, their rows whole (a file none of whose ids is a candidate's is
    read no further)."""

    def __init__(self, partitions: Sequence[HistoryPartition]) -> None:
        self._partitions = partitions

    def content_hashes(self) -> beam.PTransform:
        return ReadFingerprintStore(self._partitions, read_content_hashes)

    def for_banding(self) -> beam.PTransform:
        return ReadFingerprintStore(self._partitions, read_fingerprint_file, True)

    def candidates(self, ids: beam.pvalue.AsSingleton) -> beam.PTransform:
        return ReadFingerprintStore(self._partitions, read_fingerprint_file, False, ids)
