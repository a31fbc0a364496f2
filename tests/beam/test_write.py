"""WriteShardedJsonl: the bytes written depend only on the records, not on their order or the runner."""

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline

from pipeline.beam.manifest import INPUT_LIST
from pipeline.beam.report import SAMPLE_LIST
from pipeline.beam.sidefiles import WriteSideFiles, take_side_file
from pipeline.beam.write import STATS_SUM, WriteShardedJsonl, shard_of
from pipeline.core.record import Reject
from pipeline.io.jsonl import reject_to_dict
from tests.conftest import IN_MEMORY, transform_labels


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


def test_records_given_as_several_collections_are_written_as_their_union(tmp_path):
    records = [Reject(f"id-{i:02d}", "empty", "the text is empty") for i in range(25)]
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        parts = (
            pipeline | "Odd" >> beam.Create(records[1::2]),
            pipeline | "Even" >> beam.Create(records[::2]),
            pipeline | "None" >> beam.Create([]),
        )
        _ = parts | WriteShardedJsonl(str(tmp_path / "parts"), "rejects", reject_to_dict, records_per_shard=10)
    written = {p.name: p.read_bytes() for p in sorted((tmp_path / "parts").iterdir())}
    assert written == _write(records, tmp_path / "one", per_shard=10)
    assert any(label.endswith("/SpillLines-rejects-2") for label in transform_labels(pipeline))


def test_side_files_are_combined_each_by_its_own_combine_through_one_shuffle(tmp_path):
    """Stats summed, inputs listed, and no file for a side file without values (the launcher's default applies)."""
    files = [STATS_SUM, INPUT_LIST, SAMPLE_LIST]
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        side = {
            STATS_SUM.name: pipeline | "Stats" >> beam.Create([{"b": 1, "a": 2}, {"a": 3}]),
            INPUT_LIST.name: pipeline | "Inputs" >> beam.Create([{"path": "one.txt"}]),
            SAMPLE_LIST.name: pipeline | "Samples" >> beam.Create([]),
        }
        _ = side | WriteSideFiles(str(tmp_path), files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs.json", "stats.json"]
    assert (tmp_path / "stats.json").read_text() == '{"a": 5, "b": 1}'
    assert take_side_file(str(tmp_path), "inputs.json", []) == [{"path": "one.txt"}]
    assert take_side_file(str(tmp_path), "samples.json", []) == []
