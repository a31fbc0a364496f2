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
from pipeline.core.record import Article
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.minhash import MinHasher, content_hash
from pipeline.dedup.verify import signature_and_shingle_set
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


class FingerprintForStore(beam.DoFn):
    """The stored form of a kept article's fingerprint (permutations built once per worker)."""

    def __init__(self, config: DedupConfig, run_date: str) -> None:
        self._config = config
        self._run_date = run_date

    def setup(self) -> None:
        self._hasher = MinHasher.from_config(self._config)

    def process(self, article: Article) -> Iterator[StoredFingerprint]:
        signature, shingles = signature_and_shingle_set(self._hasher, article.text, self._config.shingle_size)
        yield article.id, self._run_date, content_hash(article.text), signature, shingles


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
    """Kept articles -> ``fingerprints-SSSSS-of-NNNNN.parquet`` in ``directory``; outputs a count for the stats."""

    def __init__(self, directory: str, config: DedupConfig, run_date: str, records_per_shard: int) -> None:
        super().__init__()
        self._directory = directory
        self._config = config
        self._run_date = run_date
        self._records_per_shard = records_per_shard

    def expand(self, articles: beam.PCollection) -> beam.PCollection:
        per_shard = self._records_per_shard
        fingerprints = articles | "FingerprintForStore" >> beam.ParDo(FingerprintForStore(self._config, self._run_date))
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
