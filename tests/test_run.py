"""Assembling a run: what the launcher resolves before the pipeline is built."""

import dataclasses

import pytest
from apache_beam.testing.test_pipeline import TestPipeline

from pipeline.core.config import Config
from pipeline.history.store import HistoryPartition
from pipeline.io.inputs import resolve_inputs
from pipeline.job.run import RunRequest, build_pipeline, with_absolute_paths
from pipeline.local.workers import Workers
from pipeline.text.config import LearnedConfig
from tests.conftest import IN_MEMORY, transform_labels


def _config(learned: LearnedConfig) -> Config:
    config = Config()
    return dataclasses.replace(config, cleaning=dataclasses.replace(config.cleaning, learned=learned))


def test_every_local_path_the_workers_use_becomes_absolute_and_ids_stay(tmp_path, monkeypatch):
    (tmp_path / "seeds" / "world").mkdir(parents=True)
    (tmp_path / "seeds" / "world" / "kerry.txt").write_text("Kerry")
    (tmp_path / "seeds" / "feed.jsonl").write_text("{}\n")
    monkeypatch.chdir(tmp_path)
    files = resolve_inputs(["seeds/", "seeds/*.jsonl"]).files
    request = RunRequest(
        files, "out/day", _config(LearnedConfig(load_dir="learned", save_dir="../saved")), True, history="store"
    )
    resolved = with_absolute_paths(request, str(tmp_path))
    assert [(f.path, f.relative, f.article_id) for f in resolved.files] == [
        (f"{tmp_path}/seeds/feed.jsonl", "feed.jsonl", "feed"),
        (f"{tmp_path}/seeds/world/kerry.txt", "world/kerry.txt", "world/kerry"),
    ]
    assert resolved.output == f"{tmp_path}/out/day"
    assert resolved.history == f"{tmp_path}/store"
    learned = resolved.config.cleaning.learned
    assert (learned.load_dir, learned.save_dir) == (f"{tmp_path}/learned", f"{tmp_path.parent}/saved")
    # Nothing else changes.
    assert dataclasses.replace(resolved, files=files, output="out/day", history="store", config=request.config) == (
        request
    )


def test_remote_and_unset_paths_stay_as_they_are():
    request = RunRequest((), "gs://bucket/clean/2026-11-27", Config(), True, history=None)
    assert with_absolute_paths(request, "/work/main") == request


@pytest.mark.parametrize("history", [False, True])
def test_no_join_of_the_pipeline_pays_a_step_to_restore_its_tags(tmp_path, history):
    # CoGroupByKey passes short string tags as data (pipeline.beam.tags); other tags add a RestoreTags ParDo.
    (tmp_path / "a.txt").write_text("Kerry")
    files = resolve_inputs([str(tmp_path / "a.txt")]).files
    request = RunRequest(files, str(tmp_path / "out"), Config(), True, history="store" if history else None)
    partitions = [HistoryPartition("2026-12-05", (str(tmp_path / "stored.jsonl"),))] if history else []
    pipeline = TestPipeline(argv=IN_MEMORY)
    build_pipeline(pipeline, request, str(tmp_path / "temp"), history=partitions, workers=Workers(0))
    labels = transform_labels(pipeline)
    assert any("JoinByPartition" in label for label in labels)
    assert any("JoinNew" in label for label in labels) == history
    assert [label for label in labels if label.endswith("RestoreTags")] == []
