"""WriteFingerprintStore / ReadFingerprintStore: the kept articles' fingerprints, as Parquet, for later runs."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator, Sequence

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from pipeline.beam.combine import total
from pipeline.beam.write import shard_count, shard_of
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
    shard: tuple[tuple[int, int], Iterable[StoredFingerprint]], directory: str
) -> dict[str, int]:
    """One Parquet file per shard, rows sorted by id (so a rerun writes the same bytes)."""
    (index, count), rows = shard
    ordered = sorted(rows)
    columns = [[row[i] for row in ordered] for i in range(len(SCHEMA))]
    arrays = [pa.array(column, type=field.type) for column, field in zip(columns, SCHEMA, strict=True)]
    table = pa.Table.from_arrays(arrays, schema=SCHEMA)
    path = posixpath.join(directory, f"{FILE_PREFIX}-{index:05d}-of-{count:05d}.parquet")
    buffer = pa.BufferOutputStream()  # built in memory, like the reader, so no pyarrow I/O thread touches the file
    pq.write_table(table, buffer)
    with FileSystems.create(path) as handle:
        handle.write(buffer.getvalue().to_pybytes())
    return {"history:fingerprints-stored": len(ordered)}


class WriteFingerprintStore(beam.PTransform):
    """The kept articles' fingerprints (Deduplicate's ``stored`` output: each made once, where the article was
    cleaned) -> ``fingerprints-SSSSS-of-NNNNN.parquet`` in ``directory``; outputs a count for the stats."""

    def __init__(self, directory: str, run_date: str, records_per_shard: int) -> None:
        super().__init__()
        self._directory = directory
        self._run_date = run_date
        self._records_per_shard = records_per_shard

    def expand(self, kept: beam.PCollection) -> beam.PCollection:
        per_shard = self._records_per_shard
        fingerprints = kept | "AddRunDate" >> beam.Map(stored_row, run_date=self._run_date)
        count = total(fingerprints, "CountFingerprints")

        def keyed(row: StoredFingerprint, total: int) -> tuple[tuple[int, int], StoredFingerprint]:
            shards = shard_count(total, per_shard)
            return (shard_of(row[0], shards), shards), row

        return (
            fingerprints
            | "KeyByShard" >> beam.Map(keyed, total=count)
            | "GroupShards" >> beam.GroupByKey()
            | "WriteParquet" >> beam.Map(write_fingerprint_shard, directory=self._directory)
        )


def read_fingerprint_file(path: str) -> Iterator[StoredFingerprint]:
    # Parse from memory without pyarrow's thread pool: reading through a Python file object left pyarrow I/O threads
    # running at interpreter exit, which aborted the process (exit 134) in about one run in six.
    with FileSystems.open(path) as handle:
        data = handle.read()
    table = pq.read_table(pa.BufferReader(data), schema=SCHEMA, use_threads=False)
    for row in zip(*(table.column(name).to_pylist() for name in SCHEMA.names), strict=True):
        yield row[0], row[1], row[2], row[3], row[4]


class ReadFingerprintStore(beam.PTransform):
    """The stored fingerprints of the given history partitions."""

    def __init__(self, partitions: Sequence[HistoryPartition]) -> None:
        super().__init__()
        self._files = [path for partition in partitions for path in partition.files]

    def expand(self, pbegin: beam.pvalue.PBegin) -> beam.PCollection:
        return (
            pbegin
            | "ListHistoryFiles" >> beam.Create(self._files, reshuffle=False)  # spread by the Reshuffle next
            | "SpreadHistoryFiles" >> beam.Reshuffle()
            | "ReadHistoryFiles" >> beam.FlatMap(read_fingerprint_file)
        )
