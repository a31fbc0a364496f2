"""What every baseline returns, and how a command's wall time and memory are measured (no psutil).

Memory is reported two ways, because they answer different questions:

* ``peak_rss_bytes``: the peak of the *sum* of the resident set sizes of the command's whole process tree, sampled
  from ``/proc`` every :data:`SAMPLE_SECONDS` (what the machine had to hold at once; catches multi-process runners
  and pools, whose workers ``ru_maxrss`` reports one at a time).
* ``max_process_rss_bytes``: ``ru_maxrss`` of the command as returned by ``wait4`` (the largest single process of
  the tree, exact but blind to processes running side by side).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Sampling period of the process-tree RSS; short enough to catch a peak that lasts a fraction of a second.
SAMPLE_SECONDS = 0.05
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class BaselineResult:
    """A dedup baseline's verdict on a corpus and what it cost.

    ``clusters`` maps every input id to the id of the document its cluster keeps (a kept document maps to itself).
    """

    clusters: dict[str, str]
    seconds: float
    peak_rss_bytes: int
    details: dict[str, object] = field(default_factory=dict)

    @property
    def kept(self) -> set[str]:
        return {doc_id for doc_id, root in self.clusters.items() if doc_id == root}

    @property
    def removed(self) -> set[str]:
        return {doc_id for doc_id, root in self.clusters.items() if doc_id != root}

    def summary(self) -> dict[str, Any]:
        """What a baseline's command line prints: counts, time, speed and peak memory, then its details."""
        documents = len(self.clusters)
        return {
            "documents": documents,
            "kept": len(self.kept),
            "removed": len(self.removed),
            "seconds": round(self.seconds, 2),
            "docs_per_second": round(documents / self.seconds, 1),
            "peak_rss_bytes": self.peak_rss_bytes,
            **self.details,
        }


@dataclass(frozen=True)
class Measured:
    """Wall time and memory of one finished command."""

    returncode: int
    seconds: float
    peak_rss_bytes: int
    max_process_rss_bytes: int
    # User + system CPU time of the whole process tree (wait4, or the /proc samples when larger): robust to other
    # load on the machine, unlike wall time.
    cpu_seconds: float = 0.0


def _tree_usage(root: int, cpu_ticks: dict[int, int]) -> int:
    """Sum of the RSS of ``root`` and all its descendants, from /proc (processes that vanish mid-scan are skipped).

    Also records in ``cpu_ticks`` each process's user + system CPU ticks so far, so CPU time is known even for
    descendants that nobody waits for (e.g. the workers of a forkserver pool).
    """
    children: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces; fields after it start with the state.
        fields = stat[stat.rindex(b")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
        ticks[int(entry)] = int(fields[11]) + int(fields[12])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        if pid in ticks:
            cpu_ticks[pid] = ticks[pid]
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            continue
    return total


def run_measured(
    command: Sequence[str],
    *,
    log: Path | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Measured:
    """Run ``command`` to completion (output to ``log``, or discarded) and measure it."""
    peak = 0
    cpu_ticks: dict[int, int] = {}
    done = threading.Event()
    started = time.perf_counter()
    with open(log, "wb") if log else open(os.devnull, "wb") as out:
        process = subprocess.Popen(list(command), stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_usage(process.pid, cpu_ticks))
                done.wait(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux.
    max_process = usage.ru_maxrss * 1024
    # wait4 misses descendants nobody waited for; the /proc samples miss the last < 50 ms of each process.
    cpu = max(usage.ru_utime + usage.ru_stime, sum(cpu_ticks.values()) / CLOCK_TICKS)
    return Measured(process.returncode, seconds, max(peak, max_process), max_process, cpu)
