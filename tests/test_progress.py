"""Progress lines: their content, their rate, the launcher/worker split, and --quiet."""

import io
import os
import time

from pipeline.beam.progress import (
    CLEANED,
    READ,
    READ_CHARS,
    WRITTEN,
    CountWritten,
    Meter,
    ProgressSettings,
    interval_after,
    meter_for,
    progress_line,
    showing_progress,
)
from pipeline.cli.commands import main
from tests.conftest import IN_MEMORY, SEEDS

FAST = 0.02  # seconds between lines in these tests


def _settings(token: str, launcher_pid: int | None = None, enabled: bool = True) -> ProgressSettings:
    pid = os.getpid() if launcher_pid is None else launcher_pid
    return ProgressSettings(token, time.time(), pid, 9_800_000, enabled)


def _wait_for_lines(stream: io.StringIO, count: int) -> list[str]:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and len(stream.getvalue().splitlines()) < count:
        time.sleep(FAST)
    return stream.getvalue().splitlines()


def test_a_line_says_how_far_the_run_has_got_and_for_how_long():
    counts = {READ: 12_000, READ_CHARS: 4_200_000, CLEANED: 11_990, WRITTEN: 5}
    assert progress_line(counts, 75, 9_800_000) == (
        "newsclean: 1:15 read 12,000 articles (4.2 of 9.8 MB), cleaned 11,990, written 5"
    )
    assert progress_line(counts, 3_700, 0, worker=77) == (
        "newsclean: 1:01:40 worker 77: read 12,000 articles (4.2 MB), cleaned 11,990, written 5"
    )


def test_lines_come_often_at_first_and_rarely_on_long_runs():
    assert [interval_after(s) for s in (0, 59, 60, 599, 600, 36_000)] == [5.0, 5.0, 15.0, 15.0, 60.0, 60.0]


def test_the_launcher_prints_the_shared_meter_until_the_run_ends():
    stream = io.StringIO()
    settings = _settings("launcher-test")
    with showing_progress(settings, stream, intervals=lambda _: FAST) as meter:
        assert meter is not None and meter_for(settings) is meter  # the in-memory runner's steps find it
        meter.add(READ, 3)
        meter.add(CLEANED, 2)
        lines = _wait_for_lines(stream, 2)
    assert all(line.startswith("newsclean: 0:00 ") for line in lines)
    assert "read 3 articles (0.0 of 9.8 MB), cleaned 2, written 0" in lines[-1]
    printed = len(stream.getvalue().splitlines())
    time.sleep(5 * FAST)
    assert len(stream.getvalue().splitlines()) == printed  # stopped with the run
    assert meter_for(ProgressSettings("launcher-test", 0.0, os.getpid(), 0, enabled=False)) is None


def test_a_worker_prints_only_when_its_counts_changed():
    stream = io.StringIO()
    meter = Meter(_settings("worker-test", launcher_pid=-1), stream, always=False, intervals=lambda _: FAST)
    meter.start()
    try:
        time.sleep(5 * FAST)
        assert stream.getvalue() == ""  # nothing counted yet: silent
        meter.add(READ)
        lines = _wait_for_lines(stream, 1)
        time.sleep(5 * FAST)
        assert stream.getvalue().splitlines() == lines  # unchanged since: no repeats
    finally:
        meter.stop()
    assert lines == [f"newsclean: 0:00 worker {os.getpid()}: read 1 articles (0.0 of 9.8 MB), cleaned 0, written 0"]


def test_count_written_counts_each_record_it_serializes():
    settings = _settings("written-test")
    with showing_progress(settings, io.StringIO(), intervals=lambda _: 60.0) as meter:
        to_dict = CountWritten(lambda record: {"id": record}, settings)
        assert [to_dict("a"), to_dict("b")] == [{"id": "a"}, {"id": "b"}]
        assert meter is not None and meter.counts == {WRITTEN: 2}
    assert CountWritten(lambda record: {"id": record}, None)("c") == {"id": "c"}


def test_quiet_runs_print_nothing_and_normal_runs_print_the_summary(tmp_path, capsys):
    assert main(["run", "--input", str(SEEDS), "--output", str(tmp_path / "q"), "--quiet", *IN_MEMORY]) == 0
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")
    assert main(["run", "--input", str(SEEDS), "--output", str(tmp_path / "n"), *IN_MEMORY]) == 0
    assert capsys.readouterr().out.startswith("read 9 records: kept 4")
