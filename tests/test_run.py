"""Assembling a run: what the launcher resolves before the pipeline is built."""

import dataclasses

from pipeline.core.config import Config
from pipeline.io.inputs import resolve_inputs
from pipeline.job.run import RunRequest, with_absolute_paths
from pipeline.text.config import LearnedConfig


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
