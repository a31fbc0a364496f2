"""Progress of a running pipeline on stderr: articles read, cleaned and written, and the elapsed time.

Beam's DirectRunner (in_memory and multi_processing) runs the whole pipeline inside ``Pipeline.run()`` and offers no
metrics until it returns, so progress cannot be polled from the runner. Instead the steps that see every article
add to a small per-process :class:`Meter` (a dict increment per article: no measurable cost), and one background
thread per process prints the meter at a throttled rate (every 5 s in the first minute, then every 15 s, every 60 s
after ten minutes):

* in the launcher process, always (the in-memory runner runs its steps there, so the counts are all there; with
  other modes the line still shows that the run is alive);
* in a worker process of ``multi_processing``, only when that worker's counts changed since its last line, tagged
  with the worker's process id.

The meter is a side channel for people watching a terminal: it never feeds the outputs or the summary, which come
from the per-bundle tallies. ``--quiet`` turns it off.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, Generic, TypeVar

# Seconds between progress lines, by elapsed time: frequent at first (is it working?), sparse on long runs (a log
# of a one-hour run gets ~80 lines).
INTERVALS = ((60.0, 5.0), (600.0, 15.0))
LONG_RUN_INTERVAL = 60.0
MEGABYTE = 1_000_000
# Meter names.
READ, READ_CHARS, CLEANED, WRITTEN = "read", "read_chars", "cleaned", "written"


@dataclass(frozen=True)
class ProgressSettings:
    """What every worker needs to report progress for one run; picklable, shipped inside the DoFns."""

    token: str  # identifies the run, so that runs in one process (tests) never share a meter
    started: float  # time.time() when the run was launched
    launcher_pid: int
    input_bytes: int
    enabled: bool = True


def interval_after(elapsed: float) -> float:
    """Seconds until the next progress line.

    >>> interval_after(3), interval_after(61), interval_after(3600)
    (5.0, 15.0, 60.0)
    """
    for until, interval in INTERVALS:
        if elapsed < until:
            return interval
    return LONG_RUN_INTERVAL


def format_elapsed(seconds: float) -> str:
    """Elapsed time as m:ss or h:mm:ss.

    >>> format_elapsed(5.4), format_elapsed(3725)
    ('0:05', '1:02:05')
    """
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def progress_line(counts: dict[str, int], elapsed: float, input_bytes: int, worker: int | None = None) -> str:
    """One progress line.

    >>> progress_line({"read": 1200, "read_chars": 3_100_000, "cleaned": 1190}, 12.5, 9_800_000)
    'newsclean: 0:12 read 1,200 articles (3.1 of 9.8 MB), cleaned 1,190, written 0'
    >>> progress_line({"read": 5}, 7, 0, worker=4242)
    'newsclean: 0:07 worker 4242: read 5 articles (0.0 MB), cleaned 0, written 0'
    >>> progress_line({}, 3, 0)
    'newsclean: 0:03 running: no article read here yet (pipeline starting, or worker processes report their own)'
    """
    if not counts:
        return (
            f"newsclean: {format_elapsed(elapsed)} running: no article read here yet "
            "(pipeline starting, or worker processes report their own)"
        )
    who = f"worker {worker}: " if worker is not None else ""
    megabytes = counts.get(READ_CHARS, 0) / MEGABYTE
    size = f"{megabytes:.1f} of {input_bytes / MEGABYTE:.1f} MB" if input_bytes else f"{megabytes:.1f} MB"
    return (
        f"newsclean: {format_elapsed(elapsed)} {who}read {counts.get(READ, 0):,} articles ({size}), "
        f"cleaned {counts.get(CLEANED, 0):,}, written {counts.get(WRITTEN, 0):,}"
    )


class Meter:
    """Counts of one run in one process, printed by a background thread."""

    def __init__(
        self,
        settings: ProgressSettings,
        stream: IO[str],
        always: bool,
        intervals: Callable[[float], float] = interval_after,
    ) -> None:
        self.settings = settings
        self._intervals = intervals
        self.counts: dict[str, int] = {}
        self._stream = stream
        self._always = always  # the launcher prints even when nothing changed: it shows the run is alive
        self._worker = None if os.getpid() == settings.launcher_pid else os.getpid()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="newsclean-progress", daemon=True)

    def add(self, name: str, n: int = 1) -> None:
        # Not locked: a lost increment under a thread switch only makes a progress line one article short.
        self.counts[name] = self.counts.get(name, 0) + n

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _loop(self) -> None:
        printed: dict[str, int] = {}  # a worker that has counted nothing stays silent
        while not self._stop.wait(self._intervals(time.time() - self.settings.started)):
            counts = dict(self.counts)
            if self._always or counts != printed:
                elapsed = time.time() - self.settings.started
                print(
                    progress_line(counts, elapsed, self.settings.input_bytes, self._worker),
                    file=self._stream,
                    flush=True,
                )
                printed = counts


_METERS: dict[str, Meter] = {}
_METERS_LOCK = threading.Lock()


def meter_for(settings: ProgressSettings | None) -> Meter | None:
    """This process's meter for the run (started on first use in a worker process), or None when progress is off."""
    if settings is None or not settings.enabled:
        return None
    with _METERS_LOCK:
        meter = _METERS.get(settings.token)
        if meter is None:
            meter = Meter(settings, sys.stderr, always=False)
            _METERS[settings.token] = meter
            meter.start()
        return meter


@contextmanager
def showing_progress(
    settings: ProgressSettings,
    stream: IO[str] | None = None,
    intervals: Callable[[float], float] = interval_after,
) -> Iterator[Meter | None]:
    """Print progress while the block runs (in the launcher); nothing when ``settings.enabled`` is false."""
    if not settings.enabled:
        yield None
        return
    meter = Meter(settings, stream or sys.stderr, always=True, intervals=intervals)
    with _METERS_LOCK:
        _METERS[settings.token] = meter
    meter.start()
    try:
        yield meter
    finally:
        meter.stop()
        with _METERS_LOCK:
            _METERS.pop(settings.token, None)


# What a CountWritten's function makes of a record.
Written = TypeVar("Written")


class CountWritten(Generic[Written]):
    """Wraps a record -> output function (its dict, or its line) so every record given to be written counts as
    written."""

    def __init__(self, to_dict: Callable[[Any], Written], settings: ProgressSettings | None) -> None:
        self._to_dict = to_dict
        self._settings = settings

    def __call__(self, record: Any) -> Written:
        meter = meter_for(self._settings)
        if meter is not None:
            meter.add(WRITTEN)
        return self._to_dict(record)
