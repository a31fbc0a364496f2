"""Scheduled runs with a fingerprint store: day 1, day 2, day 2 again, a killed run, other parameters, no input."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.beam.history import read_fingerprint_file
from pipeline.cli.commands import main
from pipeline.core.config import load_config
from pipeline.dedup.minhash import MinHasher, content_hash
from pipeline.dedup.verify import signature_and_shingle_set
from pipeline.history.store import find_history, fingerprint_spec
from tests.conftest import IN_MEMORY, MULTI_PROCESSING, PROJECT_ROOT, SEEDS

DAY1 = [SEEDS / "markets-oil-prices.txt", SEEDS / "seed-article.txt"]


def _run(output: Path, store: Path, run_date: str, inputs, *extra: str) -> int:
    args = ["run", "--input", *map(str, inputs), "--output", str(output / "{date}"), "--history", str(store)]
    return main([*args, "--run-date", run_date, *extra, *IN_MEMORY])


def _records(directory: Path, prefix: str) -> dict[str, dict]:
    return {r["id"]: r for p in directory.glob(f"{prefix}-*.jsonl") for r in map(json.loads, p.open())}


def _partition(store: Path, run_date: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((store / f"run_date={run_date}").iterdir())}


def test_day_two_drops_what_day_one_kept_and_a_rerun_of_day_two_changes_nothing(tmp_path):
    output, store = tmp_path / "out", tmp_path / "store"
    assert _run(output, store, "2026-11-26", DAY1) == 0
    assert set(_records(output / "2026-11-26", "articles")) == {"markets-oil-prices", "seed-article"}

    assert _run(output, store, "2026-11-27", [SEEDS]) == 0
    day2 = output / "2026-11-27"
    duplicates = _records(day2, "duplicates")
    assert duplicates["feed/kerry-moscow-accra"]["duplicate_of"] == "seed-article"
    assert duplicates["feed/kerry-moscow-accra"]["duplicate_of_run_date"] == "2026-11-26"
    assert duplicates["sites/metro-digest-oil-prices"] == {
        "id": "sites/metro-digest-oil-prices",
        "duplicate_of": "markets-oil-prices",
        "match": "exact",
        "similarity": 1.0,
        "estimated_similarity": 1.0,
        "containment": 1.0,
        "duplicate_of_run_date": "2026-11-26",
    }
    assert duplicates["seed-article"]["duplicate_of_run_date"] == "2026-11-26"  # the same file picked up again
    assert "duplicate_of_run_date" not in duplicates["wire-otters-wrapped"]  # a copy of today's own article
    assert set(_records(day2, "articles")) == {"feed/council-budget", "science-river-otters"}

    first = {p.name: p.read_bytes() for p in day2.iterdir() if p.name != "summary.json"}
    stored = _partition(store, "2026-11-27")
    assert _run(output, store, "2026-11-27", [SEEDS]) == 0
    assert {p.name: p.read_bytes() for p in day2.iterdir() if p.name != "summary.json"} == first
    assert _partition(store, "2026-11-27") == stored  # replaced, not appended to
    assert sorted(p.name for p in store.iterdir()) == ["run_date=2026-11-26", "run_date=2026-11-27"]


def test_the_store_holds_each_kept_article_fingerprint_as_hashing_its_written_text_gives(tmp_path):
    # The stored fingerprints are the ones dedup made where each article was cleaned, not hashed again: they must be
    # what hashing the written article gives, for every kept article and nothing else.
    output, store = tmp_path / "out", tmp_path / "store"
    assert _run(output, store, "2026-11-27", [SEEDS]) == 0
    config = load_config(None).dedup
    hasher = MinHasher.from_config(config)
    expected = sorted(
        (record_id, "2026-11-27", content_hash(record["text"]))
        + signature_and_shingle_set(hasher, record["text"], config.shingle_size)
        for record_id, record in _records(output / "2026-11-27", "articles").items()
    )
    files = sorted((store / "run_date=2026-11-27").glob("*.parquet"))
    rows = sorted(row for path in files for row in read_fingerprint_file(str(path)))
    assert len(rows) == 4
    assert rows == expected


def test_a_day_matched_on_worker_processes_gives_the_same_bytes(tmp_path):
    # Portable Beam: the history match's side inputs (the stored hashes, the candidates' ids) and the store read
    # twice cross to Beam's worker processes and give the in-process run's bytes.
    store = tmp_path / "store"
    assert _run(tmp_path / "out", store, "2026-11-26", DAY1) == 0
    days = {}
    for name, flags in (("in_memory", IN_MEMORY), ("workers", MULTI_PROCESSING)):
        output = tmp_path / name
        args = ["run", "--input", str(SEEDS), "--output", str(output), "--history", str(store)]
        assert main([*args, "--run-date", "2026-11-27", *flags]) == 0
        days[name] = {p.name: p.read_bytes() for p in output.iterdir() if p.name.endswith(".jsonl")}
    assert days["workers"] == days["in_memory"]
    assert b"duplicate_of_run_date" in b"".join(days["workers"].values())


def test_the_window_excludes_older_days(tmp_path):
    output, store = tmp_path / "out", tmp_path / "store"
    assert _run(output, store, "2026-11-01", DAY1) == 0
    assert _run(output, store, "2026-11-27", [SEEDS], "--history-days", "7") == 0
    assert "duplicate_of_run_date" not in json.dumps(_records(output / "2026-11-27", "duplicates"))


def test_the_window_finds_each_stored_day_with_its_files_and_their_bytes(tmp_path):
    # The bytes size the history match's join of stored ids (store_partitions).
    output, store = tmp_path / "out", tmp_path / "store"
    assert _run(output, store, "2026-11-25", DAY1) == 0
    assert _run(output, store, "2026-11-26", [SEEDS]) == 0  # keeps articles day 1 did not have
    spec = fingerprint_spec(load_config(None))
    found = find_history(str(store), "2026-11-27", 7, spec)
    assert [partition.run_date for partition in found] == ["2026-11-25", "2026-11-26"]
    for partition in found:
        assert partition.files == tuple(
            str(p) for p in sorted((store / f"run_date={partition.run_date}").glob("*.parquet"))
        )
        assert partition.size == sum(os.path.getsize(path) for path in partition.files) > 0
    assert find_history(str(store), "2026-11-26", 7, spec) == found[:1]  # never its own date


def test_a_store_made_with_other_parameters_is_refused(tmp_path, capsys):
    output, store = tmp_path / "out", tmp_path / "store"
    assert _run(output, store, "2026-11-26", DAY1) == 0
    config = tmp_path / "other.yaml"
    config.write_text((PROJECT_ROOT / "configs" / "default.yaml").read_text().replace("seed: 1", "seed: 2"))
    assert _run(output, store, "2026-11-27", [SEEDS], "--config", str(config)) == 2
    err = capsys.readouterr().err
    assert "were made with other parameters (minhash:" in err and "seed=1" in err and "seed=2" in err
    assert not (output / "2026-11-27").exists()


def test_a_store_made_by_another_version_of_newsclean_is_refused_with_what_to_do(tmp_path, capsys):
    output, store = tmp_path / "out", tmp_path / "store"
    assert _run(output, store, "2026-11-26", DAY1) == 0
    spec_file = store / "run_date=2026-11-26" / "_SPEC.json"
    # As stop 47 wrote it: tokenisation words-v1, and no strip_markup among the normalize settings.
    spec = json.loads(spec_file.read_text().replace("words-v2", "words-v1"))
    del spec["normalize"]["strip_markup"]
    spec_file.write_text(json.dumps(spec))
    assert _run(output, store, "2026-11-27", [SEEDS]) == 2
    err = capsys.readouterr().err
    assert "were made by another version of newsclean (minhash:" in err and "words-v1" in err
    assert err.rstrip().endswith("use a new --history path")
    assert not (output / "2026-11-27").exists()


def test_an_empty_day_succeeds_with_empty_outputs_and_an_empty_partition(tmp_path):
    output, store = tmp_path / "out", tmp_path / "store"
    (tmp_path / "nothing").mkdir()
    assert _run(output, store, "2026-11-26", [tmp_path / "nothing"]) == 0
    assert json.loads((output / "2026-11-26" / "summary.json").read_text())["counts"]["read"] == 0
    assert sorted(_partition(store, "2026-11-26")) == ["_SPEC.json", "_SUCCESS"]
    assert _run(output, store, "2026-11-27", DAY1) == 0  # an empty partition is valid history


def test_a_killed_run_leaves_no_fingerprints_and_the_rerun_succeeds(tmp_path):
    from tests.test_faults import _corpus

    output, store = tmp_path / "out", tmp_path / "store"
    _corpus(tmp_path / "big.jsonl")
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        "--input",
        str(tmp_path / "big.jsonl"),
        "--output",
        str(output),
        "--history",
        str(store),
        "--run-date",
        "2026-11-27",
        *IN_MEMORY,
    ]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not any(tmp_path.glob(".out.newsclean-tmp-*/*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not store.exists() or not any(store.glob("run_date=*/_SUCCESS"))
    assert not output.exists()
    assert subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True).returncode == 0
    assert (store / "run_date=2026-11-27" / "_SUCCESS").exists()


@pytest.mark.parametrize("args", [["--no-dedup"], ["--history-days", "0"]])
def test_history_flags_are_checked(tmp_path, capsys, args):
    assert _run(tmp_path / "out", tmp_path / "store", "2026-11-27", DAY1, *args) == 2
    assert capsys.readouterr().err.count("\n") == 1
