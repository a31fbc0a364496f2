#!/usr/bin/env python3
"""Throughput of the whole ``newsclean run`` (read, clean, dedup, write) against same-run dedup baselines.

Two kinds of corpus, at 10k, 100k and 1M articles by default (``--sizes``, ``--corpora``):

* **distinct** (first): articles made by benchmarks/distinct_corpus.py from ``bbc_news`` and ``bbc_republished``
  (recombined and edited paragraphs, site boilerplate, a quarter of near-duplicate copies, no two texts equal), so
  nothing is saved by working on exact copies once;
* **repeated text**: ``bbc_news`` and ``bbc_republished`` repeated with varied ids (``r0003/business/001``: every
  record of a repetition keeps its text and fields, so from the second repetition on every article is also an exact
  duplicate, which newsclean cleans once).

Each corpus is written once as JSONL files of :data:`RECORDS_PER_FILE` records under ``benchmarks/.work/throughput/``
(streamed: 1M records are never in memory) and reused while the data and the generator are unchanged. On each
corpus, in the same run, it measures:

* ``newsclean``: ``python -m pipeline run --input CORPUS`` with the default config and the in-memory runner;
* its floor, once per corpus: the same on the corpus's first :data:`FLOOR_SIZE` articles (start-up and the pipeline's
  fixed costs, which weigh most in the smallest size's run);
* ``datatrove``: datatrove 0.10.1's MinHash dedup on both cores (benchmarks/baselines/datatrove_minhash.py), at
  sizes up to :data:`BASELINE_MAX_SIZE`;
* with ``--datasketch``, a plain datasketch MinHashLSH script (benchmarks/baselines/datasketch_lsh.py).

Every figure is the wall time of the whole command (interpreter and framework start-up included) and the peak of
the summed RSS of its process tree, sampled from /proc every 50 ms (see benchmarks/baselines/common.py; ``wait4``'s
``ru_maxrss``, the largest single process, is kept in results.json). It prints articles/s, MB/s (input JSONL bytes),
peak RSS, CPU seconds per article, the ratio to datatrove, the linearity of the cost (seconds per article at the
largest size over the next smaller one), PASS/FAIL against each corpus's :data:`TARGETS`, and writes
``results.json``.

    python benchmarks/throughput.py                        # both corpora at 10k, 100k, 1M (skips what won't fit)
    python benchmarks/throughput.py --sizes 10000 100000   # with datatrove at both sizes
    python benchmarks/throughput.py --sizes 1000000 --corpora distinct
    python benchmarks/throughput.py --sizes 10000 --runners --repeat 3  # in_memory, multi_processing x2, DirectRunner
    python benchmarks/throughput.py --sizes 10000 --corpora distinct --profile  # where the time goes (py-spy)

newsclean runs on the interpreter that runs this script, with its environment's packages; results.json names it. To
measure newsclean as README command 1 installs it, run the script with the Python of a clean venv with newsclean
installed: Beam imports Google Cloud packages when they are present (pubsub, storage), and on this machine's
development environment that adds ~0.5 s to every run.

Exit status: 0 (a report, whatever the figures), 1 when a run failed or broke the accounting or the project does not
compile, 2 without the data.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime as dt
import functools
import hashlib
import itertools
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks import distinct_corpus  # noqa: E402  (needs the sys.path entry above)
from benchmarks.baselines.common import Measured, run_measured  # noqa: E402
from benchmarks.baselines.datatrove_minhash import BaselineError, run_datatrove  # noqa: E402

DEFAULT_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data"
DEFAULT_WORKDIR = PROJECT_ROOT / "benchmarks" / ".work" / "throughput"
MISSING_DATA_MESSAGE = "benchmarks need ../shared/data beside the project; see README"
SOURCES = ("bbc_news/articles.jsonl", "bbc_republished/articles.jsonl")
DISTINCT_SOURCES = (*SOURCES, "bbc_republished/gold.jsonl")
# Issue 18's run; --sizes picks others.
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
# Distinct texts first: the figures that memoizing exact copies cannot flatter.
CORPORA = ("distinct", "repeated")
CORPUS_LABELS = {"distinct": "distinct", "repeated": "repeated text"}
# The baselines hold every signature (datatrove writes them all to disk first); 1M would take them hours.
BASELINE_MAX_SIZE = 100_000
# Corpus files of this many records: several files, so datatrove (one task per file) can use both cores.
RECORDS_PER_FILE = 5_000
# newsclean's default (pipeline/job/run.py), named: Beam's in-process runner in its in-memory mode.
IN_MEMORY = "--runner=FnApiRunner --direct_running_mode=in_memory"
MULTI_PROCESSING = "--runner=FnApiRunner --direct_running_mode=multi_processing --direct_num_workers=2"
# The DirectRunner runs batch pipelines on the FnApiRunner too, after trying to start Prism.
DIRECT_IN_MEMORY = "--runner=DirectRunner --direct_running_mode=in_memory"
# What --runners compares on this 2-core machine.
RUNNER_CHOICES = {"in_memory": IN_MEMORY, "multi_processing_2": MULTI_PROCESSING, "direct_in_memory": DIRECT_IN_MEMORY}
DATATROVE_WORKERS = 2
# --history's run dates (any consecutive days).
HISTORY_DATES = ("2026-11-26", "2026-11-27", "2026-11-28")
# --window's first run date; its days follow it. A run matches against the stored dates of newsclean's default
# window (--history-days).
WINDOW_START = dt.date(2026, 11, 21)
HISTORY_DAYS = 7
# How often --window samples the size of a run's temporary directory (spill files), in seconds.
TEMP_SAMPLE_SECONDS = 2.0
# The articles of the run that measures a corpus's floor: what any run costs with next to no articles (start-up,
# building and translating the pipeline, each stage's fixed cost), measured rather than read off the cost model's line.
FLOOR_SIZE = 100
BYTES_PER_MB = 1_000_000
GB = 1_000_000_000
TARGET_ARTICLES_PER_S = 1_500


@dataclass(frozen=True)
class Targets:
    """What a corpus's run should reach (2 cores, default config, default runner)."""

    issue: str
    vs_datatrove: float  # newsclean's articles/s over datatrove's, at every size datatrove ran
    rss_size: int  # the size whose peak RSS (all processes) is bounded
    rss_bytes: int
    linearity: float  # seconds per article at the larger of linearity_sizes over the smaller
    linearity_sizes: tuple[int, int]


TARGETS = {
    "distinct": Targets("issue 18", 5.0, 1_000_000, 6 * GB, 1.2, (100_000, 1_000_000)),
    # Issue 5 set it for 20k -> 100k; the default sizes are now 10k, 100k and 1M.
    "repeated": Targets("issue 5", 7.0, 100_000, 3 * GB, 1.15, (10_000, 100_000)),
}
# py-spy's sampling rate for --profile (per second): enough samples for a 20k run, little overhead.
PROFILE_RATE = 100
TOOLS_VENV = PROJECT_ROOT / "benchmarks" / ".work" / "venv-tools"


# ---------------------------------------------------------------------------------------------------- corpora


def _cached_corpus(corpus: Path, stamp: dict[str, Any], lines: Callable[[], Iterable[str]]) -> tuple[Path, int]:
    """``corpus`` holding ``lines()`` (JSONL records) in files of RECORDS_PER_FILE, made only when its stamp changed.

    Streams: one file's records at a time, so a 1M-record corpus never sits in memory.
    """
    manifest = corpus / "MANIFEST.json"
    if manifest.exists() and json.loads(manifest.read_text()).get("stamp") == stamp:
        return corpus, int(json.loads(manifest.read_text())["bytes"])
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    total, stream = 0, iter(lines())
    for part in itertools.count():
        chunk = list(itertools.islice(stream, RECORDS_PER_FILE))
        if not chunk:
            break
        with open(corpus / f"part-{part:05d}.jsonl", "w", encoding="utf-8") as handle:
            handle.writelines(chunk)
        total += sum(len(line.encode("utf-8")) for line in chunk)
    manifest.write_text(json.dumps({"stamp": stamp, "bytes": total}))
    return corpus, total


def _stamp(paths: Sequence[Path], **fields: Any) -> dict[str, Any]:
    return {"sources": [[str(p), p.stat().st_size] for p in paths], "per_file": RECORDS_PER_FILE, **fields}


def build_corpus(size: int, data_dir: Path, workdir: Path) -> tuple[Path, int]:
    """The repeated-text corpus directory of ``size`` articles and its size in bytes, built once and reused.

    Records are the source lines in order, repeated; repetition ``r`` prefixes every id with ``r{r:04d}/``.
    """
    sources = [data_dir / name for name in SOURCES]
    lines = [line for path in sources for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def records() -> Iterator[str]:
        for written in range(size):
            repetition, index = divmod(written, len(lines))
            record = json.loads(lines[index])
            record["id"] = f"r{repetition:04d}/{record['id']}"
            yield json.dumps(record, ensure_ascii=False) + "\n"

    return _cached_corpus(workdir / f"corpus-{size}", _stamp(sources, size=size), records)


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        yield from (json.loads(line) for line in handle if line.strip())


def build_distinct_corpus(
    size: int, data_dir: Path, workdir: Path, near_share: float = distinct_corpus.NEAR_SHARE
) -> tuple[Path, int]:
    """The distinct-text corpus of ``size`` articles (benchmarks/distinct_corpus.py) and its bytes, built once."""
    paths = [data_dir / name for name in DISTINCT_SOURCES]
    # The generator's own source is in the stamp: a change to how texts are made rebuilds the corpus.
    version = hashlib.sha256(Path(distinct_corpus.__file__).read_bytes()).hexdigest()[:16]
    stamp = _stamp(paths, size=size, near_share=near_share, seed=distinct_corpus.SEED, generator=version)
    name = f"distinct-{size}" if near_share == distinct_corpus.NEAR_SHARE else f"distinct-{size}-near{near_share}"

    def records() -> Iterator[str]:
        news, republished, gold = (_read_jsonl(path) for path in paths)
        sources = distinct_corpus.sources_from(news, republished, {g["id"]: g for g in gold})
        for record in distinct_corpus.generate(sources, size, near_share=near_share):
            yield json.dumps(record, ensure_ascii=False) + "\n"

    return _cached_corpus(workdir / name, stamp, records)


def build_moved_on_corpus(
    size: int, data_dir: Path, workdir: Path, near_share: float = distinct_corpus.NEAR_SHARE
) -> tuple[Path, int]:
    """A crawl's next day after the distinct corpus of ``size``: that corpus's second half (texts day 1 read again)
    and as many new articles, the ones that follow it in the generator's stream (a quarter of them near copies of
    recent stories, some of day 1's). The records of the corpus of ``size * 3 // 2`` from ``size // 2`` on."""
    longer, _ = build_distinct_corpus(size + size // 2, data_dir, workdir, near_share)
    stamp = {"from": json.loads((longer / "MANIFEST.json").read_text())["stamp"], "skip": size // 2}

    def records() -> Iterator[str]:
        yield from itertools.islice(corpus_lines(longer), size // 2, None)

    return _cached_corpus(workdir / f"{longer.name}-from-{size // 2}", stamp, records)


def corpus_lines(corpus: Path) -> Iterator[str]:
    """The records of a cached corpus (its ``part-*.jsonl`` files in order), one line each."""
    for part in sorted(corpus.glob("part-*.jsonl")):
        with open(part, encoding="utf-8") as handle:
            yield from handle


# ---------------------------------------------------------------------------------------------------- runs


def figures(measured: Measured, articles: int, size_bytes: int) -> dict[str, Any]:
    return {
        "seconds": round(measured.seconds, 3),
        "articles_per_s": round(articles / measured.seconds, 1),
        "mb_per_s": round(size_bytes / BYTES_PER_MB / measured.seconds, 3),
        "peak_rss_bytes": measured.peak_rss_bytes,
        "max_process_rss_bytes": measured.max_process_rss_bytes,
        "cpu_seconds": round(measured.cpu_seconds, 3),
        "articles_per_cpu_s": round(articles / measured.cpu_seconds, 1) if measured.cpu_seconds else None,
    }


def compile_package(project: Path) -> bool:
    """Write the bytecode of ``project``'s ``pipeline`` package before newsclean is timed, as a user's second run has
    it (Python writes it on the first; a non-editable ``pip install`` writes it at install, as it did for datatrove's
    venv). Without it, a machine that sets PYTHONDONTWRITEBYTECODE, as this development one does, compiles the
    package in every run: ~0.16 s of the runner's start-up and ~0.1 s of every worker process's start (min of 8
    imports). Returns whether every module compiled."""
    return bool(compileall.compile_dir(project / "pipeline", quiet=1))


def run_newsclean(
    corpus: Path,
    size: int,
    size_bytes: int,
    workdir: Path,
    runner_flags: str,
    name: str,
    prefix: Sequence[str] = (),
    project: Path = PROJECT_ROOT,
    extra: Sequence[str] = (),
) -> dict[str, Any]:
    output = workdir / f"out-{name}-{size}"
    log = workdir / f"newsclean-{name}-{size}.log"
    command = [*prefix, sys.executable, "-m", "pipeline", "run", "--input", str(corpus), "--output", str(output)]
    command.extend(extra)
    measured = run_measured([*command, *shlex.split(runner_flags)], log=log, cwd=project)
    if measured.returncode != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-3:]
        raise RuntimeError(f"newsclean failed (exit {measured.returncode}) on {corpus}: {' | '.join(tail)}")
    summary = json.loads((output / "summary.json").read_text())
    result = figures(measured, size, size_bytes)
    result["cli_elapsed_seconds"] = summary.get("run", {}).get("elapsed_seconds")
    counts = summary.get("counts", summary)
    result["outcome"] = {key: counts.get(key) for key in ("read", "kept", "duplicates", "rejected")}
    read = counts.get("read")
    if read != size:
        raise RuntimeError(f"newsclean read {read} records of {size} in {corpus}; see {output}/summary.json")
    shutil.rmtree(output)
    return result


def run_datasketch(corpus: Path, size: int, size_bytes: int, workdir: Path) -> dict[str, Any]:
    log = workdir / f"datasketch-{size}.log"
    command = [sys.executable, "-m", "benchmarks.baselines.datasketch_lsh", str(corpus)]
    measured = run_measured(command, log=log, cwd=PROJECT_ROOT)
    if measured.returncode != 0:
        raise RuntimeError(f"datasketch baseline failed (exit {measured.returncode}); see {log}")
    summary = json.loads(log.read_text().strip().splitlines()[-1])
    return figures(measured, size, size_bytes) | {"removed": summary["removed"]}


def run_datatrove_baseline(corpus: Path, size: int, size_bytes: int, workdir: Path) -> dict[str, Any]:
    result = run_datatrove(corpus, workdir / f"datatrove-{size}", DATATROVE_WORKERS)
    details: dict[str, Any] = result.details
    max_process, cpu = int(details["max_process_rss_bytes"]), float(details["cpu_seconds"])
    measured = Measured(0, result.seconds, result.peak_rss_bytes, max_process, cpu)
    return figures(measured, size, size_bytes) | {"removed": len(result.removed), "stages": result.details["stages"]}


def history_runs(
    run: Callable[..., dict[str, Any]],
    runner_flags: str,
    store: Path,
    moved_on: Callable[..., dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A scheduled job's days: day 1 keeps a fingerprint store (``--history``, empty before it), day 2 runs the same
    corpus under the next date against it, so that every article is a copy of one day 1 kept (or of its duplicate's
    root): the cost of writing the store, then of matching against it when everything matches. ``moved_on`` (a
    ``run`` on :func:`build_moved_on_corpus`'s corpus) adds day 3, a crawl that moved on: half its articles read on
    day 1 again, half new."""
    shutil.rmtree(store, ignore_errors=True)
    days = {}
    runs = {"day1": run, "day2": run} | ({"day3": moved_on} if moved_on else {})
    for (day, run_of_day), date in zip(runs.items(), HISTORY_DATES, strict=False):
        extra = ("--history", str(store), "--run-date", date)
        days[day] = run_of_day(runner_flags, f"history-{day}", extra=extra)
    shutil.rmtree(store, ignore_errors=True)
    return days


def window_days(corpus: Path, size: int, days: int, workdir: Path) -> list[tuple[Path, int]]:
    """``days`` inputs of ``size`` articles each, consecutive slices of ``corpus`` (a distinct corpus of at least
    ``days * size`` articles: each day's articles are new, a quarter of them near copies of recent stories), and their
    bytes. Written afresh under ``workdir/window-<size>/``."""
    lines = corpus_lines(corpus)
    inputs = []
    for day in range(1, days + 1):
        directory = workdir / f"window-{size}" / f"day{day}"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        with open(directory / "part-00000.jsonl", "w", encoding="utf-8") as out:
            out.writelines(itertools.islice(lines, size))
        inputs.append((directory, (directory / "part-00000.jsonl").stat().st_size))
    return inputs


def plural(count: int, noun: str) -> str:
    """``count`` and ``noun``, with an s unless there is one.

    >>> plural(1, "stored date"), plural(0, "stored date")
    ('1 stored date', '0 stored dates')
    """
    return f"{count} {noun}{'' if count == 1 else 's'}"


def directory_bytes(pattern: str, parent: Path) -> int:
    """The bytes of the files under every directory of ``parent`` that matches ``pattern`` (files that vanish while
    they are counted count as 0).

    >>> import tempfile
    >>> parent = Path(tempfile.mkdtemp()); (parent / "run-1").mkdir(); _ = (parent / "run-1" / "a").write_bytes(b"xy")
    >>> directory_bytes("run-*", parent), directory_bytes("other-*", parent)
    (2, 0)
    """
    total = 0
    for directory in parent.glob(pattern):
        for root, _, files in os.walk(directory):
            for name in files:
                with contextlib.suppress(OSError):  # a spill file deleted since the walk listed it
                    total += os.stat(os.path.join(root, name)).st_size
    return total


@contextlib.contextmanager
def peak_directory_bytes(pattern: str, parent: Path) -> Iterator[list[int]]:
    """Samples :func:`directory_bytes` every :data:`TEMP_SAMPLE_SECONDS` while the block runs, and once after it;
    the one-item list it gives holds the peak (a peak shorter than the interval can be missed)."""
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], directory_bytes(pattern, parent))
            done.wait(TEMP_SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()
        peak[0] = max(peak[0], directory_bytes(pattern, parent))


def window_runs(
    inputs: Sequence[tuple[Path, int]], size: int, workdir: Path, run: Callable[..., dict[str, Any]]
) -> dict[str, Any]:
    """A scheduled job over consecutive days of new articles (:func:`window_days`), each day matched against the
    fingerprints the days before it stored (``--history``, with newsclean's default window of 7 days): what a run
    costs as the store in its window grows. ``run(corpus, bytes, name, extra=...)`` is :func:`run_newsclean` on a
    day's input; each day's figures come with the peak of its temporary directory, which is ``run``'s output's."""
    store = workdir / f"window-store-{size}"
    shutil.rmtree(store, ignore_errors=True)
    days = {}
    for day, (corpus, size_bytes) in enumerate(inputs, start=1):
        date = (WINDOW_START + dt.timedelta(days=day - 1)).isoformat()
        name = f"window-day{day}"
        extra = ("--history", str(store), "--run-date", date)
        with peak_directory_bytes(f".out-{name}-{size}.newsclean-tmp-*", workdir) as temp_peak:
            figures_of_day = run(corpus, size_bytes, name, extra=extra)
        days[f"day{day}"] = figures_of_day | {
            "stored_dates": min(day - 1, HISTORY_DAYS),
            "temp_peak_bytes": temp_peak[0],
        }
    shutil.rmtree(store, ignore_errors=True)
    return days


def repeated(run: Callable[[], dict[str, Any]], repeat: int) -> dict[str, Any]:
    """The best of ``repeat`` runs (by wall time), with every run's seconds and their median beside it."""
    runs = [run() for _ in range(repeat)]
    best = min(runs, key=lambda r: r["seconds"])
    return best | {
        "runs_seconds": [r["seconds"] for r in runs],
        "median_seconds": statistics.median(r["seconds"] for r in runs),
    }


# ---------------------------------------------------------------------------------------------------- profile

LAUNCHER = "launcher: cli, run, summary, publish"
STARTUP = "start-up: imports"
BEAM = "Beam runner (bundles, coders, GroupByKey)"
IDLE = "idle threads (waits; not in the shares)"
OTHER = "other"
# Leaf frames of threads that are waiting, not working (py-spy's idle detection misses some of them).
WAITS = (
    "wait (threading.py",
    "run (threading.py",
    "_serve (grpc/",
    "select (selectors.py",
    "get (queue.py",
    "_worker (concurrent/",
)
# Where a sample's time goes: the first frame, from the leaf up, whose file matches one of these.
STAGES: tuple[tuple[str, str], ...] = (
    ("ftfy/", "clean: ftfy"),
    ("pipeline/text/normalize.py", "clean: normalize (besides ftfy)"),
    ("pipeline/text/rules.py", "clean: boilerplate rules"),
    ("pipeline/text/boilerplate.py", "clean: boilerplate rules"),
    ("pipeline/text/paragraphs.py", "clean: paragraphs"),
    ("pipeline/text/headline.py", "clean: headline"),
    ("pipeline/text/", "clean: other"),
    ("pipeline/beam/clean.py", "clean: other"),
    ("pipeline/beam/boilerplate.py", "clean: learned boilerplate"),
    ("pipeline/dedup/minhash.py", "fingerprint: shingles + MinHash"),
    ("pipeline/dedup/shingles.py", "fingerprint: shingles + MinHash"),
    ("pipeline/dedup/", "dedup: keep rule, components, verify"),
    ("pipeline/beam/dedup/", "dedup: band buckets, edges, routing"),
    ("pipeline/beam/bands.py", "dedup: band buckets, edges, routing"),
    ("pipeline/io/records.py", "read: decode + parse"),
    ("pipeline/io/decode.py", "read: decode + parse"),
    ("pipeline/beam/read.py", "read: decode + parse"),
    ("pipeline/io/jsonl.py", "write: serialise + files"),
    ("pipeline/beam/write.py", "write: serialise + files"),
    ("pipeline/beam/stats.py", "counting (stats tallies)"),
    ("pipeline/core/counting.py", "counting (stats tallies)"),
    ("pipeline/local/pool.py", "local workers: hand-over"),
    ("pipeline/work/tasks.py", "local workers: hand-over"),
    ("pipeline/", LAUNCHER),
)


def stage_of(frames: Sequence[str]) -> str:
    """The stage a sampled stack (root first, ``func (file:line)``) is charged to.

    >>> stage_of(["main (x.py:1)", "run (apache_beam/runners/a.py:3)", "fix_text (ftfy/__init__.py:9)"])
    'clean: ftfy'
    >>> stage_of(["run (pipeline/job/run.py:9)", "encode (apache_beam/coders/c.py:3)"])
    'Beam runner (bundles, coders, GroupByKey)'
    >>> stage_of(["run (pipeline/job/run.py:9)", "publish (pipeline/io/publish.py:3)", "rename (os.py:1)"])
    'launcher: cli, run, summary, publish'
    """
    if any(frame.startswith("_find_and_load ") for frame in frames):
        return STARTUP
    if frames and (frames[-1].startswith(WAITS) or "Condition.wait" in frames[-1]):
        return IDLE
    in_beam = False
    for frame in reversed(frames):
        for marker, stage in STAGES:
            if marker in frame:
                # The launcher is below everything the in-memory runner does: Beam frames above it are Beam's.
                return BEAM if stage == LAUNCHER and in_beam else stage
        in_beam = in_beam or "apache_beam/" in frame
    return BEAM if in_beam else OTHER


def summarise_profile(raw: Path) -> list[tuple[str, int, float]]:
    """(stage, samples, share) from py-spy's raw (collapsed) output, largest first."""
    samples: Counter[str] = Counter()
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            samples[stage_of(stack.split(";"))] += int(count)
    total = sum(n for stage, n in samples.items() if stage != IDLE) or 1
    return [(stage, n, n / total) for stage, n in samples.most_common()]


def py_spy() -> Path:
    """py-spy from benchmarks/.work/venv-tools, installed there with pip on first use (the project env stays clean)."""
    binary = TOOLS_VENV / "bin" / "py-spy"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(TOOLS_VENV)], check=True)
        subprocess.run([str(TOOLS_VENV / "bin" / "pip"), "install", "--quiet", "py-spy"], check=True)
    return binary


def profile(
    corpus: Path, size: int, size_bytes: int, workdir: Path, runner_flags: str, project: Path
) -> dict[str, Any]:
    raw = workdir / f"profile-{size}.txt"
    # --subprocesses: the local worker processes (pipeline.local.pool) do most of the text work.
    prefix = [str(py_spy()), "record", "--subprocesses", "--rate", str(PROFILE_RATE), "--format", "raw", "-o", str(raw)]
    prefix.append("--")
    result = run_newsclean(corpus, size, size_bytes, workdir, runner_flags, "profile", prefix, project)
    stages = summarise_profile(raw)
    return {
        "run": result,
        "raw": str(raw),
        "stages": [{"stage": s, "samples": n, "share": round(share, 4)} for s, n, share in stages],
    }


# ---------------------------------------------------------------------------------------------------- report


def ratio(value: float | None, base: float | None) -> float | None:
    return round(value / base, 2) if value and base else None


def linearity(sizes: dict[str, Any]) -> float | None:
    """Seconds per article at the largest size over the next smaller size (None with one size).

    >>> linearity({"1000": {"newsclean": {"seconds": 2.0}}, "10000": {"newsclean": {"seconds": 24.0}}})
    1.2
    """
    measured = sorted(int(size) for size in sizes)
    if len(measured) < 2:
        return None
    per = [sizes[str(size)]["newsclean"]["seconds"] / size for size in measured[-2:]]
    return round(per[1] / per[0], 3)


@dataclass(frozen=True)
class CostModel:
    """A run's wall time as a fixed part (start-up, Beam's building and translating the pipeline, and its stages'
    fixed costs, whatever the input) plus a part per article: the line through the two smallest sizes' runs."""

    fixed_seconds: float
    seconds_per_article: float
    sizes: tuple[int, int]

    def seconds_at(self, size: int) -> float:
        return self.fixed_seconds + self.seconds_per_article * size


def cost_model(sizes: dict[str, Any]) -> CostModel | None:
    """The :class:`CostModel` of one corpus's runs (None with fewer than two sizes).

    >>> model = cost_model({"10000": {"newsclean": {"seconds": 14.0}}, "100000": {"newsclean": {"seconds": 104.0}}})
    >>> round(model.fixed_seconds, 3), round(model.seconds_per_article * 1000, 3), model.sizes
    (4.0, 1.0, (10000, 100000))
    """
    measured = sorted(int(size) for size in sizes)
    if len(measured) < 2:
        return None
    small, large = measured[:2]
    small_s, large_s = (sizes[str(size)]["newsclean"]["seconds"] for size in (small, large))
    per_article = (large_s - small_s) / (large - small)
    return CostModel(small_s - per_article * small, per_article, (small, large))


def target_needs(model: CostModel, size: int, seconds_allowed: float) -> str:
    """What meeting a time target at ``size`` would take, by the cost model: the per-article time it leaves after
    the fixed part, or the fixed part it leaves at this per-article time.

    >>> target_needs(CostModel(4.0, 0.001, (10_000, 100_000)), 10_000, 11.5)
    '<= 11.5 s: <= 0.75 ms an article after the fixed part (-25%), or a fixed part <= 1.5 s'
    >>> target_needs(CostModel(4.0, 0.001, (10_000, 100_000)), 10_000, 6.0)
    '<= 6.0 s: <= 0.20 ms an article after the fixed part (-80%)'
    >>> target_needs(CostModel(4.0, 0.001, (10_000, 100_000)), 10_000, 3.0)
    '<= 3.0 s: less than the fixed part alone'
    >>> target_needs(CostModel(4.0, 0.001, (10_000, 100_000)), 100_000, 110.0)
    '<= 110.0 s: met by the model (104.0 s)'
    """
    expected = model.seconds_at(size)
    if expected <= seconds_allowed:
        return f"<= {seconds_allowed:.1f} s: met by the model ({expected:.1f} s)"
    per_article = (seconds_allowed - model.fixed_seconds) / size
    fixed = seconds_allowed - model.seconds_per_article * size
    cut = per_article / model.seconds_per_article - 1
    leaves = (
        f"<= {per_article * 1000:.2f} ms an article after the fixed part ({cut:+.0%})"
        if per_article > 0
        else "less than the fixed part alone"
    )
    return f"<= {seconds_allowed:.1f} s: {leaves}" + (f", or a fixed part <= {fixed:.1f} s" if fixed > 0 else "")


def cost_lines(corpus: str, sizes: dict[str, Any]) -> list[str]:
    """The cost model of one corpus's runs, and what each failing time target would take by it."""
    model = cost_model(sizes)
    if model is None:
        return []
    small, large = model.sizes
    rows = [
        f"cost model ({CORPUS_LABELS[corpus]}): {model.fixed_seconds:.1f} s fixed + "
        f"{model.seconds_per_article * 1000:.2f} ms an article (the line through the {small:,} and {large:,} runs)"
    ]
    if model.seconds_per_article <= 0:
        return rows  # the larger run was no slower (noise, or sizes too close): the line says nothing per article
    for size, entry in sizes.items():
        for name, failed, seconds in time_targets(corpus, int(size), entry):
            if failed:
                rows.append(f"  {name} at {int(size):,} needs {target_needs(model, int(size), seconds)}")
    return rows


def time_targets(corpus: str, size: int, entry: dict[str, Any]) -> list[tuple[str, bool, float]]:
    """``(name, failed, seconds it allows)`` of each time target of one size's run: 1,500 articles/s, and 5x datatrove
    where datatrove ran; failing as :func:`verdicts` judges it, by the same figures.

    >>> entry = {"newsclean": {"articles_per_s": 1250.0}, "datatrove": {"articles_per_s": 400.0}, "vs_datatrove": 3.12}
    >>> time_targets("distinct", 10_000, entry)
    [('1,500 articles/s', True, 6.666666666666667), ('5x datatrove', True, 5.0)]
    """
    targets = [
        (
            f"{TARGET_ARTICLES_PER_S:,} articles/s",
            entry["newsclean"]["articles_per_s"] < TARGET_ARTICLES_PER_S,
            size / TARGET_ARTICLES_PER_S,
        )
    ]
    if "vs_datatrove" in entry:
        vs = TARGETS[corpus].vs_datatrove
        allowed = size / (entry["datatrove"]["articles_per_s"] * vs)
        targets.append((f"{vs:g}x datatrove", entry["vs_datatrove"] < vs, allowed))
    return targets


def floor_lines(corpus: str, floor: dict[str, Any] | None, sizes: dict[str, Any]) -> list[str]:
    """The measured floor of one corpus's runs (a :data:`FLOOR_SIZE`-article run), and per size what its run spent on
    articles beyond it and what 1,500 articles/s (and 5x datatrove, where it ran) would leave for them.

    >>> newsclean, datatrove = {"seconds": 8.0, "articles_per_s": 1250.0}, {"articles_per_s": 400.0}
    >>> sizes = {"10000": {"newsclean": newsclean, "datatrove": datatrove, "vs_datatrove": 3.12}}
    >>> print("\\n".join(floor_lines("distinct", {"seconds": 2.5}, sizes)))
    floor (distinct): 2.5 s, a run of 100 articles (start-up, building the pipeline, each stage's fixed cost)
      10,000: 5.5 s beyond it, 0.55 ms an article; 1,500 articles/s leaves 0.42 ms an article, 5x datatrove 0.25 ms
    >>> floor_lines("distinct", {"seconds": 2.5}, {"1000": {"newsclean": {"seconds": 3.0, "articles_per_s": 333.3}}})[1]
    '  1,000: 0.5 s beyond it, 0.50 ms an article; 1,500 articles/s needs less than the floor alone'
    """
    if floor is None:
        return []
    base = floor["seconds"]
    rows = [
        f"floor ({CORPUS_LABELS[corpus]}): {base:.1f} s, a run of {FLOOR_SIZE} articles (start-up, building the "
        "pipeline, each stage's fixed cost)"
    ]
    for size, entry in sizes.items():
        articles = int(size)
        beyond = entry["newsclean"]["seconds"] - base
        leaves = ", ".join(
            f"{name} {'leaves ' if index == 0 else ''}{(seconds - base) / articles * 1000:.2f} ms"
            + (" an article" if index == 0 else "")
            if seconds > base
            else f"{name} needs less than the floor alone"
            for index, (name, _, seconds) in enumerate(time_targets(corpus, articles, entry))
        )
        rows.append(f"  {articles:,}: {beyond:.1f} s beyond it, {beyond / articles * 1000:.2f} ms an article; {leaves}")
    return rows


def verdicts(corpus: str, sizes: dict[str, Any]) -> list[dict[str, Any]]:
    """PASS/FAIL of one corpus's figures against its :data:`TARGETS` (``passed`` is None when not measured)."""
    targets = TARGETS[corpus]
    checks: list[dict[str, Any]] = []

    def check(label: str, value: float | None, op: str, bound: float) -> None:
        passed = None if value is None else (value >= bound if op == ">=" else value <= bound)
        label = f"{CORPUS_LABELS[corpus]}: {label} ({targets.issue})"
        checks.append({"target": label, "value": value, "bound": f"{op} {bound:g}", "passed": passed})

    for size, entry in sizes.items():
        check(f"articles/s at {int(size):,}", entry["newsclean"]["articles_per_s"], ">=", TARGET_ARTICLES_PER_S)
        if "vs_datatrove" in entry:
            check(f"x datatrove at {int(size):,}", entry["vs_datatrove"], ">=", targets.vs_datatrove)
    rss = sizes.get(str(targets.rss_size), {}).get("newsclean", {}).get("peak_rss_bytes")
    check(f"peak RSS GB at {targets.rss_size:,}", rss and round(rss / GB, 3), "<=", targets.rss_bytes / GB)
    small, large = targets.linearity_sizes
    pair = {str(size): sizes[str(size)] for size in (small, large) if str(size) in sizes}
    check(
        f"s/article at {large:,} / at {small:,}", linearity(pair) if len(pair) == 2 else None, "<=", targets.linearity
    )
    return checks


def _optional(value: float | None, spec: str, suffix: str = "") -> str:
    return "" if value is None else f"{value:{spec}}{suffix}"


def render(results: dict[str, Any]) -> str:
    """The table: one row per corpus and size (distinct texts first), then targets, runners and profiles."""
    rows = [
        f"{'corpus':<13} {'articles':>9} {'seconds':>8} {'art/s':>7} {'CPU ms/art':>10} {'MB/s':>6} {'peak RSS':>9} "
        f"{'dups':>7} {'datatrove art/s':>15} {'x dt':>6} {'x dt CPU':>8}"
    ]
    for corpus, sizes in results["corpora"].items():
        for size, entry in sizes.items():
            r, dt = entry["newsclean"], entry.get("datatrove", {})
            per_cpu = ratio(r["articles_per_cpu_s"], dt.get("articles_per_cpu_s"))
            duplicates = r["outcome"]["duplicates"]  # summary.json counts them by match kind
            dropped = sum(duplicates.values()) if isinstance(duplicates, dict) else duplicates
            rows.append(
                f"{CORPUS_LABELS[corpus]:<13} {int(size):>9,} {r['seconds']:>8.1f} {r['articles_per_s']:>7.0f} "
                f"{1000 * r['cpu_seconds'] / int(size):>10.2f} {r['mb_per_s']:>6.2f} "
                f"{r['peak_rss_bytes'] / GB:>7.2f}GB {dropped:>7,} "
                f"{_optional(dt.get('articles_per_s'), '.0f'):>15} "
                f"{_optional(entry.get('vs_datatrove'), '.2f', 'x'):>6} {_optional(per_cpu, '.2f', 'x'):>8}"
            )
            if "datasketch" in entry:
                rows.append(f"{'':<13} {'':>9} datasketch {entry['datasketch']['articles_per_s']:.0f} articles/s")
            for day, run in entry.get("history", {}).items():
                rows.append(
                    f"{'':<13} {'':>9} {run['seconds']:>8.1f} {run['articles_per_s']:>7.0f} --history {day} "
                    f"({ratio(r['seconds'], run['seconds']):.2f}x the plain run's speed, "
                    f"peak RSS {run['peak_rss_bytes'] / GB:.2f} GB)"
                )
            for day, run in entry.get("window", {}).items():
                rows.append(
                    f"{'':<13} {int(size):>9,} {run['seconds']:>8.1f} {run['articles_per_s']:>7.0f} --window {day} "
                    f"({plural(run['stored_dates'], 'stored date')}; peak RSS {run['peak_rss_bytes'] / GB:.2f} GB, "
                    f"temporary directory {run['temp_peak_bytes'] / GB:.2f} GB)"
                )
            for runner, run in entry.get("runners", {}).items():
                rows.append(
                    f"{'':<13} {'':>9} {run['seconds']:>8.1f} {run['articles_per_s']:>7.0f} {runner} "
                    f"(median {run['median_seconds']:.1f} s, peak RSS {run['peak_rss_bytes'] / GB:.2f} GB)"
                )
    rows.append(
        f"peak RSS: all processes of the run together; dups: records newsclean dropped as duplicates; x dt: "
        f"articles/s over datatrove's in this run (x dt CPU: per CPU-second). newsclean ran on {results.get('python')}"
    )
    for name, gigabytes in results.get("skipped", {}).items():
        rows.append(f"skipped {name}: projected peak RSS {gigabytes} GB is more than the machine has available")
    for v in results["verdicts"]:
        mark = {True: "PASS", False: "FAIL", None: "n/a "}[v["passed"]]
        rows.append(f"[{mark}] {v['target']}: {v['value']} (target {v['bound']})")
    for corpus, sizes in results["corpora"].items():
        rows.extend(cost_lines(corpus, sizes))
        rows.extend(floor_lines(corpus, results.get("floors", {}).get(corpus), sizes))
    for name, prof in results.get("profiles", {}).items():
        rows.append(f"where the time goes ({name}, py-spy samples of the whole run):")
        rows.extend(f"  {s['share'] * 100:5.1f}%  {s['stage']}" for s in prof["stages"])
    return "\n".join(rows)


# ---------------------------------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument(
        "--corpora", nargs="+", choices=CORPORA, default=list(CORPORA), help="distinct texts, repeated texts or both"
    )
    parser.add_argument(
        "--near-share",
        type=float,
        default=distinct_corpus.NEAR_SHARE,
        help="share of near-duplicate copies in the distinct corpus",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--repeat", type=int, default=1, help="runs of newsclean per size (best and median shown)")
    parser.add_argument("--runner-flags", default=IN_MEMORY, help="Beam flags of the main newsclean runs")
    parser.add_argument("--skip-baselines", action="store_true", help="newsclean only")
    parser.add_argument(
        "--datasketch", action="store_true", help=f"also time the datasketch script (sizes <= {BASELINE_MAX_SIZE:,})"
    )
    parser.add_argument(
        "--runners",
        action="store_true",
        help="also time in_memory, multi_processing x2 and the DirectRunner (first corpus, smallest size)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="also profile one run with py-spy (first corpus, smallest size)"
    )
    parser.add_argument(
        "--history",
        action="store_true",
        help="also time a scheduled job's days with --history (first corpus, smallest size): day 1 into an empty "
        "store, day 2 the same corpus again, day 3 (distinct corpus) half of it again and half new",
    )
    parser.add_argument(
        "--window",
        type=int,
        default=0,
        metavar="DAYS",
        help="also time a scheduled job over DAYS days of new articles (distinct corpus, smallest size; each day a "
        "slice of a corpus of DAYS x size), each with --history against the days before it",
    )
    parser.add_argument(
        "--project",
        type=Path,
        default=PROJECT_ROOT,
        help="directory to run `python -m pipeline` in (its pipeline/ and configs/; default: this checkout)",
    )
    return parser.parse_args(argv)


def corpus_of(args: argparse.Namespace, kind: str, size: int) -> tuple[Path, int]:
    """The corpus of ``kind`` (distinct or repeated text) and ``size`` articles, and its bytes, built once."""
    if kind == "distinct":
        return build_distinct_corpus(size, args.data, args.workdir, args.near_share)
    return build_corpus(size, args.data, args.workdir)


def measure_floor(args: argparse.Namespace, kind: str) -> dict[str, Any]:
    """newsclean on the first :data:`FLOOR_SIZE` articles of a corpus of ``kind``: its floor (best of --repeat)."""
    corpus, size_bytes = corpus_of(args, kind, FLOOR_SIZE)
    run = functools.partial(run_newsclean, corpus, FLOOR_SIZE, size_bytes, args.workdir, project=args.project)
    floor = repeated(functools.partial(run, args.runner_flags, f"{kind}-floor"), args.repeat)
    print(f"{CORPUS_LABELS[kind]}: floor ({FLOOR_SIZE} articles) {floor['seconds']:.1f} s", file=sys.stderr)
    return floor


def measure(
    args: argparse.Namespace, corpus_kind: str, size: int, first: bool, results: dict[str, Any]
) -> dict[str, Any]:
    """Every figure of one corpus at one size (newsclean, the baselines, and on ``first`` the runners and profile)."""
    corpus, size_bytes = corpus_of(args, corpus_kind, size)
    print(
        f"{CORPUS_LABELS[corpus_kind]}: {size:,} articles ({size_bytes / BYTES_PER_MB:.1f} MB) in {corpus}",
        file=sys.stderr,
    )
    entry: dict[str, Any] = {"bytes": size_bytes, "corpus": str(corpus)}
    run = functools.partial(run_newsclean, corpus, size, size_bytes, args.workdir, project=args.project)
    entry["newsclean"] = repeated(functools.partial(run, args.runner_flags, f"{corpus_kind}-main"), args.repeat)
    print(f"  newsclean {entry['newsclean']['seconds']:.1f} s", file=sys.stderr)
    rate = entry["newsclean"]["articles_per_s"]
    if not args.skip_baselines and size <= BASELINE_MAX_SIZE:
        entry["datatrove"] = run_datatrove_baseline(corpus, size, size_bytes, args.workdir)
        entry["vs_datatrove"] = ratio(rate, entry["datatrove"]["articles_per_s"])
        print(f"  datatrove {entry['datatrove']['seconds']:.1f} s", file=sys.stderr)
    if args.datasketch and not args.skip_baselines and size <= BASELINE_MAX_SIZE:
        entry["datasketch"] = run_datasketch(corpus, size, size_bytes, args.workdir)
        entry["vs_datasketch"] = ratio(rate, entry["datasketch"]["articles_per_s"])
        print(f"  datasketch {entry['datasketch']['seconds']:.1f} s", file=sys.stderr)
    if args.runners and first:  # the comparison needs one size only
        entry["runners"] = {
            name: repeated(functools.partial(run, flags, f"{corpus_kind}-{name}"), args.repeat)
            for name, flags in RUNNER_CHOICES.items()
        }
    if args.history and first:
        moved_on = None
        if corpus_kind == "distinct":
            moved, moved_bytes = build_moved_on_corpus(size, args.data, args.workdir, args.near_share)
            moved_on = functools.partial(run_newsclean, moved, size, moved_bytes, args.workdir, project=args.project)
        entry["history"] = history_runs(run, args.runner_flags, args.workdir / f"history-store-{size}", moved_on)
        for day, figures_of_day in entry["history"].items():
            print(f"  newsclean --history, {day}: {figures_of_day['seconds']:.1f} s", file=sys.stderr)
    if args.window and first and corpus_kind == "distinct":
        longer, _ = build_distinct_corpus(size * args.window, args.data, args.workdir, args.near_share)
        inputs = window_days(longer, size, args.window, args.workdir)

        def run_day(corpus: Path, size_bytes: int, name: str, extra: Sequence[str]) -> dict[str, Any]:
            return run_newsclean(
                corpus, size, size_bytes, args.workdir, args.runner_flags, name, project=args.project, extra=extra
            )

        entry["window"] = window_runs(inputs, size, args.workdir, run_day)
        for day, figures_of_day in entry["window"].items():
            print(f"  newsclean --window {day}: {figures_of_day['seconds']:.1f} s", file=sys.stderr)
        shutil.rmtree(args.workdir / f"window-{size}")
    if args.profile and first:
        name = f"{CORPUS_LABELS[corpus_kind]}, {size:,} articles"
        results["profiles"][name] = profile(corpus, size, size_bytes, args.workdir, args.runner_flags, args.project)
    return entry


def projected_rss(sizes: dict[str, Any], size: int) -> float | None:
    """newsclean's peak RSS at ``size``, extrapolated along the line through the two largest sizes measured.

    >>> sizes = {"10000": {"newsclean": {"peak_rss_bytes": 7e8}}, "100000": {"newsclean": {"peak_rss_bytes": 2.8e9}}}
    >>> projected_rss(sizes, 1_000_000) / 1e9
    23.8
    """
    measured = sorted(int(s) for s in sizes)
    if len(measured) < 2:
        return None
    (small, rss_small), (large, rss_large) = ((s, sizes[str(s)]["newsclean"]["peak_rss_bytes"]) for s in measured[-2:])
    return rss_large + (rss_large - rss_small) / (large - small) * (size - large)


def available_memory() -> float:
    """Bytes of memory the machine has available now (MemAvailable; infinite where /proc/meminfo is missing)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return float("inf")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not all((args.data / name).exists() for name in DISTINCT_SOURCES):
        print(MISSING_DATA_MESSAGE, file=sys.stderr)
        return 2
    if args.repeat < 1 or any(size < 1 for size in args.sizes) or not 0 <= args.near_share < 1 or args.window < 0:
        print("--repeat and --sizes must be positive, --window not negative, --near-share in [0, 1)", file=sys.stderr)
        return 2
    # The CLI runs in --project, so every path handed to it must be absolute.
    args.workdir, args.project = args.workdir.resolve(), args.project.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if not compile_package(args.project):
        print(f"throughput: {args.project}/pipeline does not compile; fix the syntax error above", file=sys.stderr)
        return 1
    results: dict[str, Any] = {
        "corpora": {},
        "profiles": {},
        "runner_flags": args.runner_flags,
        "near_share": args.near_share,
        "cpus": os.cpu_count(),
        # newsclean and the datasketch script run on this interpreter, with the packages of its environment.
        "python": sys.executable,
    }
    kinds = [kind for kind in CORPORA if kind in args.corpora]
    try:
        for kind in kinds:
            sizes: dict[str, Any] = results["corpora"].setdefault(kind, {})
            results.setdefault("floors", {})[kind] = measure_floor(args, kind)
            for size in sorted(args.sizes):
                first = kind == kinds[0] and size == min(args.sizes)
                projected = projected_rss(sizes, size)
                if projected is not None and projected > available_memory():
                    # A run that cannot fit would be killed by the kernel, and take others' processes with it.
                    results.setdefault("skipped", {})[f"{kind} {size}"] = round(projected / GB, 1)
                    print(f"  skipped {size:,}: projected peak RSS {projected / GB:.1f} GB", file=sys.stderr)
                    continue
                sizes[str(size)] = measure(args, kind, size, first, results)
                # Saved after every size, so an interrupted long run keeps what it measured.
                (args.workdir / "results.json").write_text(json.dumps(results, indent=1))
    except (RuntimeError, BaselineError, OSError, subprocess.CalledProcessError) as error:
        print(f"throughput: {error}", file=sys.stderr)
        return 1
    results["linearity"] = {kind: linearity(sizes) for kind, sizes in results["corpora"].items()}
    results["verdicts"] = [v for kind, sizes in results["corpora"].items() for v in verdicts(kind, sizes)]
    (args.workdir / "results.json").write_text(json.dumps(results, indent=1))
    print(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
