"""WriteShardedJsonl: the bytes written depend only on the records, not on their order or the runner."""

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline

from pipeline.beam.write import WriteShardedJsonl, shard_of
from pipeline.core.record import Reject
from pipeline.io.jsonl import reject_to_dict
from tests.conftest import IN_MEMORY


def _write(records, directory, per_shard):
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        _ = (
            pipeline
            | beam.Create(records)
            | WriteShardedJsonl(str(directory), "rejects", reject_to_dict, records_per_shard=per_shard)
        )
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_shards_are_sorted_by_id_and_identical_for_any_input_order(tmp_path):
    records = [Reject(f"id-{i:02d}", "empty", "the text is empty") for i in range(25)]
    first = _write(records, tmp_path / "a", per_shard=10)
    second = _write(list(reversed(records)), tmp_path / "b", per_shard=10)
    assert first == second
    assert sorted(first) == [f"rejects-0000{i}-of-00003.jsonl" for i in range(3)]
    for name, data in first.items():
        lines = data.decode().splitlines()
        ids = [line.split('"')[3] for line in lines]
        assert ids == sorted(ids)
        assert all(shard_of(i, 3) == int(name[8:13]) for i in ids)
    assert sum(len(d.splitlines()) for d in first.values()) == 25
    line = b'{"id": "id-00", "reason": "empty", "detail": "the text is empty", "source_file": null, '
    line += b'"source_line": null}\n'
    assert line in b"".join(first.values())
