"""Exact copies are worked on once (pipeline.local.memo): every key gets the result working on its item gives, inline
and in worker processes, and a whole run's outputs and counters are unchanged."""

import json
import time
from pathlib import Path

import pytest

from pipeline.cli.commands import main
from pipeline.local import memo
from pipeline.local.memo import MemoizedChunks
from pipeline.local.pool import LocalPool, OrderedChunks
from pipeline.work.tasks import CleanTexts, NormalizeTexts, attempt
from tests.conftest import IN_MEMORY, SEEDS


class Tagged:
    """A task that says which of its calls worked on each item, and fails on odd numbers with a count."""

    def setup(self) -> None:
        self.items: list[int] = []

    def __call__(self, items):
        self.items.extend(items)
        return [attempt(lambda count, item=item: _tag(item, count)) for item in items]


def _tag(item: int, count) -> str:
    count("seen")
    if item % 2:
        raise ValueError(f"{item} is odd")
    return f"<{item}>"


def _all(chunks, items) -> list:
    done = [pair for key, item in items for pair in chunks.add(key, item)]
    return done + list(chunks.flush())


ITEMS = [4, 2, 4, 3, 4, 2, 3, 6]
REMEMBERED = memo.MEMO_ITEMS
ORIGINAL_CALLS = {task: task.__call__ for task in (NormalizeTexts, CleanTexts)}


def test_equal_items_are_worked_on_once_and_every_key_gets_its_result_in_order():
    task = Tagged()
    done = _all(MemoizedChunks(OrderedChunks(task, pool=None)), enumerate(ITEMS))
    assert done == _all(OrderedChunks(Tagged(), pool=None), enumerate(ITEMS))
    assert [key for key, _ in done] == list(range(len(ITEMS)))
    assert [outcome.result for _, outcome in done] == ["<4>", "<2>", "<4>", None, "<4>", "<2>", None, "<6>"]
    assert done[6][1].error.message == "3 is odd" and done[6][1].counts == (("seen", 1),)  # errors are shared too
    assert task.items == [4, 2, 3, 6]


@pytest.fixture
def local_pool():
    started = LocalPool(2, idle_seconds=0)
    yield started
    started.stop_now()


def test_a_copy_of_an_item_still_in_a_worker_waits_for_its_result(local_pool):
    submitted = []
    submit = local_pool.submit

    def counting_submit(pickled_task, items):
        submitted.append(list(items))
        return submit(pickled_task, items)

    local_pool.submit = counting_submit
    done = _all(MemoizedChunks(OrderedChunks(Tagged(), pool=local_pool, chunk_size=2)), enumerate(ITEMS))
    assert sorted(done) == _all(OrderedChunks(Tagged(), pool=None), enumerate(ITEMS))  # each key once
    assert sorted(item for chunk in submitted for item in chunk) == [2, 3, 4, 6]


def test_a_remembered_copy_comes_back_at_once_while_earlier_items_are_still_out(local_pool):
    chunks = MemoizedChunks(OrderedChunks(Tagged(), pool=local_pool, chunk_size=2))
    assert chunks.add(0, 2) == chunks.add(1, 4) == []  # the first chunk goes out
    while local_pool._running:  # and is done
        time.sleep(0.01)
    assert chunks.add(2, 6) == []
    assert [key for key, _ in chunks.add(3, 8)] == [0, 1]  # the second goes out; the first's results come in
    assert [(key, outcome.result) for key, outcome in chunks.add(4, 2)] == [(4, "<2>")]  # before keys 2 and 3
    assert sorted(key for key, _ in chunks.flush()) == [2, 3]


def test_at_most_limit_items_are_remembered_oldest_forgotten_first():
    task = Tagged()
    chunks = MemoizedChunks(OrderedChunks(task, pool=None), limit=2)
    assert [result.result for _, result in _all(chunks, enumerate([2, 4, 6, 4, 2]))] == ["<2>", "<4>", "<6>"] + [
        "<4>",
        "<2>",
    ]
    assert task.items == [2, 4, 6, 2]  # 2 was forgotten when 6 came; 4 was still remembered


def test_nothing_is_remembered_past_a_bundle_or_with_a_limit_of_zero():
    task = Tagged()
    chunks = MemoizedChunks(OrderedChunks(task, pool=None))
    _all(chunks, enumerate([2, 2]))
    _all(chunks, enumerate([2]))
    assert task.items == [2, 2]
    unremembering = Tagged()
    _all(MemoizedChunks(OrderedChunks(unremembering, pool=None), limit=0), enumerate([2, 2]))
    assert unremembering.items == [2, 2]


def _copies_input(directory: Path) -> Path:
    """The seeds' texts, each three times: under another id and date, and once with another title and source."""
    directory.mkdir()
    lines = []
    for n, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        lines += [
            {"id": f"{path.stem}", "text": text, "published": "2024-03-02"},
            {"id": f"copy-{n}", "text": text, "published": "2024-03-01"},
            {"id": f"retitled-{n}", "text": text, "title": path.stem.replace("-", " "), "source": "elsewhere"},
        ]
    (directory / "copies.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return directory


def _run(input_dir: Path, output: Path, monkeypatch, memo_items: int) -> dict[str, list]:
    """Run inline (no worker processes, so that nothing is shared but what is remembered); the items each task
    worked on."""
    monkeypatch.setattr(memo, "MEMO_ITEMS", memo_items)
    worked: dict[str, list] = {"NormalizeTexts": [], "CleanTexts": []}
    for task in (NormalizeTexts, CleanTexts):
        call = ORIGINAL_CALLS[task]

        def counting_call(self, items, call=call, name=task.__name__):
            worked[name].extend(items)
            return call(self, items)

        monkeypatch.setattr(task, "__call__", counting_call)
    config = output.with_suffix(".yaml")
    config.write_text("run:\n  local_processes: 0\n")
    args = ["run", "--input", str(input_dir), "--output", str(output), "--config", str(config), "--quiet"]
    assert main([*args, *IN_MEMORY]) == 0
    return worked


def test_a_run_over_exact_copies_gives_what_working_on_every_copy_gives(tmp_path, monkeypatch):
    input_dir = _copies_input(tmp_path / "in")
    every = _run(input_dir, tmp_path / "every", monkeypatch, memo_items=0)
    once = _run(input_dir, tmp_path / "once", monkeypatch, memo_items=REMEMBERED)
    texts = len(list(SEEDS.glob("*.txt")))
    assert len(every["NormalizeTexts"]) == len(every["CleanTexts"]) == 3 * texts
    # Each text is normalized once; a copy with another title or site is cleaned on its own.
    assert len(once["NormalizeTexts"]) == texts and len(once["CleanTexts"]) == 2 * texts
    for name in ("articles", "duplicates", "rejects"):
        [every_file] = (tmp_path / "every").glob(f"{name}-*.jsonl")
        assert (tmp_path / "once" / every_file.name).read_bytes() == every_file.read_bytes()
    summaries = [json.loads((tmp_path / out / "summary.json").read_text()) for out in ("every", "once")]
    for summary in summaries:
        del summary["run"]
    assert summaries[0] == summaries[1]
    # The copies went all the way through: 9 of the 12 articles are duplicates (the wire story copies the otters).
    assert summaries[1]["counts"]["duplicates"] == {"exact": 3, "near": 6}


def test_remembered_characters_are_bounded_oldest_forgotten_first(monkeypatch):
    monkeypatch.setattr(memo, "MEMO_CHARS", 10)
    task = Tagged()
    chunks = MemoizedChunks(OrderedChunks(task, pool=None, measure=lambda item: item))  # an item's size is itself
    _all(chunks, enumerate([4, 6, 4, 2, 6, 12, 12]))
    # 4 and 6 fill the 10; 2 pushes out 4 (then 6 and 2 are 8); 12 is larger than all of it and never remembered
    assert task.items == [4, 6, 2, 12, 12]


def test_copies_waiting_for_a_worker_are_bounded_by_their_characters(local_pool, monkeypatch):
    monkeypatch.setattr(memo, "MAX_WAITING_CHARS", 10)
    chunks = MemoizedChunks(OrderedChunks(Tagged(), pool=local_pool, chunk_size=10, measure=lambda item: item))
    assert chunks.add(0, 4) == []  # in the chunk being filled
    assert chunks.add(1, 4) == chunks.add(2, 4) == []  # two copies waiting: 8 characters
    # a third copy makes 12: the chunk goes out and its results come back before add returns
    assert sorted(key for key, _ in chunks.add(3, 4)) == [0, 1, 2, 3]
    assert chunks.flush() == []
