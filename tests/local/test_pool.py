"""Local worker processes (pipeline.local.pool, pipeline.local.workers): the same results as inline, in order, and
only on the in-memory runner."""

import json
import os
import pickle
import time
from pathlib import Path

import pytest

from pipeline.cli.commands import main
from pipeline.core.config import load_config
from pipeline.core.errors import ConfigError
from pipeline.job.run import pipeline_options
from pipeline.local import pool as pool_module
from pipeline.local.pool import LocalPool, LocalWorkerError, OrderedChunks, local_processes
from pipeline.local.workers import Workers, local_workers
from pipeline.text.config import CleaningConfig
from pipeline.work.tasks import CleanTexts, NormalizeTexts, attempt
from tests.conftest import IN_MEMORY, MULTI_PROCESSING, SEEDS

TEXTS = [
    "Fish &amp; chips\r\n\r\nTwo  spaces",
    "The cafÃ© opened on Monday.",
    "Advertisement\n\nA short story about otters.",
    "",
    "Plain ASCII text with nothing to fix.",
    "\u00a0Non-breaking\u200b spaces and zero\u200dwidth marks.",
    "One more paragraph.\n\nAnd another one.",
]


class HalveEven:
    """A task that fails on odd numbers, as a text function fails on an odd record."""

    def setup(self) -> None:
        self.calls = 0

    def __call__(self, items):
        return [attempt(lambda count, item=item: _halve_even(item, count)) for item in items]


def _halve_even(item: int, count) -> int:
    count("seen")
    if item % 2:
        raise ValueError(f"{item} is odd")
    return item // 2


@pytest.fixture
def local_pool():
    started = LocalPool(2, idle_seconds=0)
    yield started
    started.stop_now()


def _all(chunks: OrderedChunks, items) -> list:
    done = [pair for key, item in items for pair in chunks.add(key, item)]
    return done + list(chunks.flush())


def test_worker_processes_give_the_inline_results_in_input_order(local_pool):
    task = NormalizeTexts(CleaningConfig())
    inline = _all(OrderedChunks(task, pool=None), enumerate(TEXTS))
    pooled = _all(OrderedChunks(task, pool=local_pool, chunk_size=2), enumerate(TEXTS))
    assert pooled == inline
    assert [key for key, _ in pooled] == list(range(len(TEXTS)))
    assert inline[0][1].result[0].paragraphs == ("Fish & chips", "Two spaces")


def test_chunks_go_to_worker_processes_which_stop_when_the_pool_is_idle(local_pool):
    chunks = OrderedChunks(NormalizeTexts(CleaningConfig()), pool=local_pool, chunk_size=2)
    ready = [pair for key, text in enumerate(TEXTS[:4]) for pair in chunks.add(key, text)]
    assert len(ready + list(chunks.flush())) == 4
    assert local_pool.started == 0  # stopped: nothing was left to do
    assert len(_all(chunks, enumerate(TEXTS))) == len(TEXTS)  # and started again by the next chunk


def test_idle_workers_wait_for_the_next_step_before_they_stop():
    pool = LocalPool(2, idle_seconds=0.5)
    try:
        first = OrderedChunks(NormalizeTexts(CleaningConfig()), pool=pool, chunk_size=2)
        assert len(_all(first, enumerate(TEXTS))) == len(TEXTS)
        workers = [worker.pid for worker in pool._workers]
        assert len(workers) == 2  # still there at the end of the bundle
        second = OrderedChunks(CleanTexts(CleaningConfig()), pool=pool, chunk_size=1)
        items = [(text, None, frozenset(), None) for text in TEXTS[:2]]
        assert len(_all(second, enumerate(items))) == 2
        assert [worker.pid for worker in pool._workers] == workers  # the next step's chunks reused them
        deadline = time.monotonic() + 10
        while pool.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pool.started == 0  # and they stopped once idle for idle_seconds
    finally:
        pool.stop_now()


def test_a_chunk_goes_out_when_its_items_reach_chunk_chars(local_pool, monkeypatch):
    monkeypatch.setattr(pool_module, "CHUNK_CHARS", 12)
    submitted = []
    submit = local_pool.submit
    local_pool.submit = lambda task, items: submitted.append(list(items)) or submit(task, items)
    chunks = OrderedChunks(NormalizeTexts(CleaningConfig()), pool=local_pool, chunk_size=10, measure=len)
    texts = ["a" * 5, "b" * 7, "c" * 30, "d", "e"]
    done = _all(chunks, enumerate(texts))
    assert [key for key, _ in done] == [0, 1, 2, 3, 4]
    assert submitted == [texts[:2], texts[2:3], texts[3:]]  # 5 + 7, then one long text alone, then the rest


def test_a_bundle_smaller_than_one_chunk_never_starts_a_process(local_pool):
    chunks = OrderedChunks(NormalizeTexts(CleaningConfig()), pool=local_pool, chunk_size=10)
    assert len(_all(chunks, enumerate(TEXTS))) == len(TEXTS)
    assert local_pool.started == 0


def test_an_error_in_a_worker_is_that_records_outcome_with_its_counts(local_pool):
    done = _all(OrderedChunks(HalveEven(), pool=local_pool, chunk_size=2), [(n, n) for n in range(5)])
    assert [(key, outcome.result) for key, outcome in done] == [(0, 0), (1, None), (2, 1), (3, None), (4, 2)]
    failed = done[3][1]
    assert (failed.error.kind, failed.error.message, failed.counts) == ("ValueError", "3 is odd", (("seen", 1),))
    assert failed.error.describe("cleaning") == (
        "ValueError in cleaning: 3 is odd; please report it to newsclean with this record"
    )


class Misbehave:
    """A task that prints (a worker's stdout is its pipe), then fails in a way no record error covers, or exits."""

    def __init__(self, how: str) -> None:
        self.how = how

    def setup(self) -> None:
        pass

    def __call__(self, items):
        print("a task that prints")
        if self.how == "exit":
            os._exit(3)
        if self.how == "raise":
            raise RuntimeError("not a record error")
        return list(items)


def test_a_worker_that_prints_fails_or_exits_is_reported_not_hung(local_pool):
    def run(how: str, items: list[int]) -> list[int]:
        return pickle.loads(local_pool.submit(pickle.dumps(Misbehave(how)), items).result(timeout=60))

    assert run("print", [1, 2]) == [1, 2]
    with pytest.raises(LocalWorkerError, match="RuntimeError: not a record error"):
        run("raise", [1])
    with pytest.raises(LocalWorkerError, match="exited with code 3.*run.local_processes: 0 to work inline"):
        run("exit", [1])
    assert run("print", [4]) == [4]  # a new worker took over


def test_prestarted_workers_import_the_first_tasks_and_take_the_first_chunks(monkeypatch):
    pool = LocalPool(2, idle_seconds=0)
    starts = []
    start = pool._start_worker
    monkeypatch.setattr(pool, "_start_worker", lambda preload=(): starts.append(tuple(preload)) or start(preload))
    try:
        pool.prestart(["pipeline.work.tasks"])
        pool.prestart(["pipeline.work.tasks"])  # already starting: no more processes
        task = NormalizeTexts(CleaningConfig())
        pooled = _all(OrderedChunks(task, pool=pool, chunk_size=2), enumerate(TEXTS))
        assert pooled == _all(OrderedChunks(task, pool=None), enumerate(TEXTS))
        assert starts == [("pipeline.work.tasks",)] * 2  # both chunks' threads took a prestarted worker
        assert pool.started == 0  # stopped when idle, prestarted or not
        assert len(_all(OrderedChunks(task, pool=pool, chunk_size=2), enumerate(TEXTS))) == len(TEXTS)
        assert starts[2:] == [(), ()]  # later workers import only what their task needs
    finally:
        pool.stop_now()


def test_stopping_a_pool_while_it_prestarts_leaves_no_worker_behind():
    pool = LocalPool(2, idle_seconds=0)
    pool.prestart(["pipeline.work.tasks"])
    pool.stop_now()
    time.sleep(1.0)  # a prestart the stop overtook adds nothing once its worker is ready
    assert pool.started == 0 and pool._spares == []
    assert len(_all(OrderedChunks(HalveEven(), pool=pool, chunk_size=1), [(n, n) for n in range(4)])) == 4


def test_a_pipeline_package_in_the_working_directory_does_not_replace_the_workers(local_pool, tmp_path, monkeypatch):
    decoy = tmp_path / "pipeline" / "local"
    decoy.mkdir(parents=True)
    (tmp_path / "pipeline" / "__init__.py").write_text("")
    (decoy / "__init__.py").write_text("")
    (decoy / "pool.py").write_text("raise SystemExit(3)\n")
    monkeypatch.chdir(tmp_path)
    done = _all(OrderedChunks(HalveEven(), pool=local_pool, chunk_size=2), [(n, n) for n in range(4)])
    assert [outcome.result for _, outcome in done] == [0, None, 1, None]


def test_a_runs_workers_start_before_its_first_step_and_stop_after_it():
    workers = Workers(2)
    with workers.started():
        pool = workers.pool()
        deadline = time.monotonic() + 30
        while len(pool._spares) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pool.started == 2 and len(pool._spares) == 2
    assert pool.started == 0
    with Workers(0).started():  # no worker processes: nothing to start
        pass


def test_a_run_starts_its_workers_ahead_only_when_its_input_fills_a_chunk(tmp_path, monkeypatch):
    prestarts = []
    prestart = LocalPool.prestart
    monkeypatch.setattr(
        LocalPool, "prestart", lambda self, preload=(): prestarts.append(preload) or prestart(self, preload)
    )
    big = tmp_path / "big.jsonl"
    big.write_text(
        "".join(
            json.dumps({"id": f"a{n}", "text": f"Story {n} of the day, told in full."}) + "\n"
            for n in range(pool_module.CHUNK_SIZE)
        )
    )
    for name, source in (("seeds", SEEDS), ("big", big)):
        args = ["run", "--input", str(source), "--output", str(tmp_path / name), "--quiet", *IN_MEMORY]
        assert main(args) == 0
        assert len(prestarts) == (name == "big")  # the seeds (9 records) work inline and start no process
    assert prestarts == [("pipeline.work.tasks", "pipeline.text.chrome:name_particles")]


def test_one_pool_per_process_is_shared_by_every_step():
    workers = Workers(2)
    assert workers.pool() is workers.pool()
    assert Workers(0).pool() is None


def test_only_the_in_memory_runner_uses_local_workers():
    requested = load_config(None).run.local_processes
    assert local_workers(pipeline_options(IN_MEMORY), requested).processes == local_processes(None)
    assert local_workers(pipeline_options([]), requested).processes == local_processes(None)  # the default runner
    assert local_workers(pipeline_options(MULTI_PROCESSING), requested).processes == 0
    assert local_workers(pipeline_options(["--runner=PortableRunner"]), requested).processes == 0
    assert local_workers(pipeline_options(IN_MEMORY), 0).processes == 0  # switched off


def test_local_processes_defaults_to_one_per_usable_core_and_must_not_be_negative(tmp_path):
    assert local_processes(0) == 0 and local_processes(3) == 3
    bad = tmp_path / "bad.yaml"
    bad.write_text("run:\n  local_processes: -1\n")
    with pytest.raises(ConfigError, match="local_processes must be 0 or more"):
        load_config(bad)


def _outputs(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.glob("*-of-*.jsonl"))}


def _summary(directory: Path) -> dict:
    summary = json.loads((directory / "summary.json").read_text())
    del summary["run"], summary["config"]["run"]  # timings, and the local_processes setting itself
    return summary


def test_a_run_with_worker_processes_is_byte_identical_to_one_without(tmp_path, monkeypatch):
    submitted = []
    submit = LocalPool.submit

    def counting_submit(self, pickled_task, items):
        submitted.append(type(pickle.loads(pickled_task)).__name__)
        return submit(self, pickled_task, items)

    monkeypatch.setattr(LocalPool, "submit", counting_submit)
    monkeypatch.setattr(pool_module, "CHUNK_SIZE", 2)  # the seeds are fewer than one real chunk
    outputs = {}
    for processes in (0, 2):
        config = tmp_path / f"processes-{processes}.yaml"
        config.write_text(f"run:\n  local_processes: {processes}\n")
        output = tmp_path / f"out-{processes}"
        args = ["run", "--input", str(SEEDS), "--output", str(output), "--config", str(config), "--quiet"]
        assert main([*args, *IN_MEMORY]) == 0
        outputs[processes] = output
    # Fingerprints never goes on its own: CleanTexts fingerprints what it cleaned (dedup is on). FindCandidates
    # searches the LSH band groups (BucketEdges) and Route verifies the seeds' near copies against their roots
    # (Verdicts) in the workers too.
    assert set(submitted) == {"NormalizeTexts", "CleanTexts", "BucketEdges", "Verdicts"}
    assert _outputs(outputs[2]) == _outputs(outputs[0])
    assert _summary(outputs[2]) == _summary(outputs[0])
