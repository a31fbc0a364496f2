#!/usr/bin/env python3
"""Throughput of the whole ``newsclean run`` (read, clean, dedup, write) against same-run dedup baselines.

Builds corpora of 20k and 100k articles (``--sizes``; 1M is ``--sizes 1000000``, a separate, longer command) by
repeating ``bbc_news`` and ``bbc_republished`` with varied ids (``r0003/business/001``: every record of a repetition
keeps its text and fields, so from the second repetition on every article is also an exact duplicate). Each corpus
is written once as JSONL files of :data:`RECORDS_PER_FILE` records under ``benchmarks/.work/throughput/`` and
reused while the data is unchanged. On each corpus, in the same run, it measures:

* ``newsclean``: ``python -m pipeline run --input CORPUS`` with the default config and the in-memory runner;
* ``datatrove``: datatrove 0.10.1's MinHash dedup on both cores (benchmarks/baselines/datatrove_minhash.py);
* ``datasketch``: a plain datasketch MinHashLSH script (benchmarks/baselines/datasketch_lsh.py).

Every figure is the wall time of the whole command (interpreter and framework start-up included) and the peak of
the summed RSS of its process tree, sampled from /proc every 50 ms (see benchmarks/baselines/common.py; ``wait4``'s
``ru_maxrss``, the largest single process, is kept in results.json). It prints articles/s, MB/s (input JSONL bytes),
peak RSS, the ratios to both baselines, the linearity of the cost (seconds per article at the largest size over the
smallest), PASS/FAIL against the targets, and writes ``results.json``.

    python benchmarks/throughput.py                        # 20k and 100k, all three tools (~15 min)
    python benchmarks/throughput.py --sizes 1000000 --skip-baselines
    python benchmarks/throughput.py --sizes 20000 --runners --repeat 3  # in_memory, multi_processing x2, DirectRunner
    python benchmarks/throughput.py --sizes 20000 --profile    # where the time goes (py-spy, by stage)

newsclean runs on the interpreter that runs this script, with its environment's packages; results.json names it. To
measure newsclean as README command 1 installs it, run the script with the Python of a clean venv with newsclean
installed: Beam imports Google Cloud packages when they are present (pubsub, storage), and on this machine's
development environment that adds ~0.5 s to every run.

Exit status: 0 (a report, whatever the figures), 1 when a run failed or broke the accounting, 2 without the data.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.baselines.common import Measured, run_measured  # noqa: E402  (needs the sys.path entry above)
from benchmarks.baselines.datatrove_minhash import BaselineError, run_datatrove  # noqa: E402

DEFAULT_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data"
DEFAULT_WORKDIR = PROJECT_ROOT / "benchmarks" / ".work" / "throughput"
MISSING_DATA_MESSAGE = "benchmarks need ../shared/data beside the project; see README"
SOURCES = ("bbc_news/articles.jsonl", "bbc_republished/articles.jsonl")
DEFAULT_SIZES = (20_000, 100_000)
# Corpus files of this many records: several files, so datatrove (one task per file) can use both cores.
RECORDS_PER_FILE = 5_000
# newsclean's default (pipeline/run.py), named: Beam's in-process runner in its in-memory mode.
IN_MEMORY = "--runner=FnApiRunner --direct_running_mode=in_memory"
MULTI_PROCESSING = "--runner=FnApiRunner --direct_running_mode=multi_processing --direct_num_workers=2"
# The DirectRunner runs batch pipelines on the FnApiRunner too, after trying to start Prism.
DIRECT_IN_MEMORY = "--runner=DirectRunner --direct_running_mode=in_memory"
# What --runners compares on this 2-core machine.
RUNNER_CHOICES = {"in_memory": IN_MEMORY, "multi_processing_2": MULTI_PROCESSING, "direct_in_memory": DIRECT_IN_MEMORY}
DATATROVE_WORKERS = 2
BYTES_PER_MB = 1_000_000
GB = 1_000_000_000
# Targets of issue 5 (2-core machine, default config, in-memory runner).
TARGET_ARTICLES_PER_S = 1_500
TARGET_SIZE = 20_000
TARGET_VS_DATATROVE = 7.0
TARGET_RSS_SIZE = 100_000
TARGET_RSS_BYTES = 3 * GB
TARGET_LINEARITY = 1.15
# py-spy's sampling rate for --profile (per second): enough samples for a 20k run, little overhead.
PROFILE_RATE = 100
TOOLS_VENV = PROJECT_ROOT / "benchmarks" / ".work" / "venv-tools"


# ---------------------------------------------------------------------------------------------------- corpora


def build_corpus(size: int, data_dir: Path, workdir: Path) -> tuple[Path, int]:
    """The corpus directory of ``size`` articles and its size in bytes, built once and reused.

    Records are the source lines in order, repeated; repetition ``r`` prefixes every id with ``r{r:04d}/``.
    """
    sources = [data_dir / name for name in SOURCES]
    lines = [line for path in sources for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    stamp = {"size": size, "sources": [[str(p), p.stat().st_size] for p in sources], "per_file": RECORDS_PER_FILE}
    corpus = workdir / f"corpus-{size}"
    manifest = corpus / "MANIFEST.json"
    if manifest.exists() and json.loads(manifest.read_text()).get("stamp") == stamp:
        return corpus, int(json.loads(manifest.read_text())["bytes"])
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    total = 0
    for start in range(0, size, RECORDS_PER_FILE):
        with open(corpus / f"part-{start // RECORDS_PER_FILE:05d}.jsonl", "w", encoding="utf-8") as handle:
            for written in range(start, min(size, start + RECORDS_PER_FILE)):
                repetition, index = divmod(written, len(lines))
                record = json.loads(lines[index])
                record["id"] = f"r{repetition:04d}/{record['id']}"
                line = json.dumps(record, ensure_ascii=False) + "\n"
                handle.write(line)
                total += len(line.encode("utf-8"))
    manifest.write_text(json.dumps({"stamp": stamp, "bytes": total}))
    return corpus, total


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


def run_newsclean(
    corpus: Path,
    size: int,
    size_bytes: int,
    workdir: Path,
    runner_flags: str,
    name: str,
    prefix: Sequence[str] = (),
    project: Path = PROJECT_ROOT,
) -> dict[str, Any]:
    output = workdir / f"out-{name}-{size}"
    log = workdir / f"newsclean-{name}-{size}.log"
    command = [*prefix, sys.executable, "-m", "pipeline", "run", "--input", str(corpus), "--output", str(output)]
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
    ("pipeline/beam/dedup.py", "dedup: band buckets, edges, routing"),
    ("pipeline/beam/bands.py", "dedup: band buckets, edges, routing"),
    ("pipeline/io/records.py", "read: decode + parse"),
    ("pipeline/io/decode.py", "read: decode + parse"),
    ("pipeline/beam/read.py", "read: decode + parse"),
    ("pipeline/io/jsonl.py", "write: serialise + files"),
    ("pipeline/beam/write.py", "write: serialise + files"),
    ("pipeline/beam/stats.py", "counting (stats tallies)"),
    ("pipeline/counting.py", "counting (stats tallies)"),
    ("pipeline/pool.py", "local workers: hand-over"),
    ("pipeline/tasks.py", "local workers: hand-over"),
    ("pipeline/", LAUNCHER),
)


def stage_of(frames: Sequence[str]) -> str:
    """The stage a sampled stack (root first, ``func (file:line)``) is charged to.

    >>> stage_of(["main (x.py:1)", "run (apache_beam/runners/a.py:3)", "fix_text (ftfy/__init__.py:9)"])
    'clean: ftfy'
    >>> stage_of(["run (pipeline/run.py:9)", "encode (apache_beam/coders/c.py:3)"])
    'Beam runner (bundles, coders, GroupByKey)'
    >>> stage_of(["run (pipeline/run.py:9)", "publish (pipeline/io/publish.py:3)", "rename (os.py:1)"])
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
    # --subprocesses: the local worker processes (pipeline.pool) do most of the text work.
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


def verdicts(results: dict[str, Any]) -> list[dict[str, Any]]:
    sizes = results["sizes"]
    checks: list[dict[str, Any]] = []

    def check(label: str, value: float | None, op: str, bound: float) -> None:
        passed = None if value is None else (value >= bound if op == ">=" else value <= bound)
        checks.append({"target": label, "value": value, "bound": f"{op} {bound:g}", "passed": passed})

    small = sizes.get(str(TARGET_SIZE), {})
    check(
        f"articles/s at {TARGET_SIZE:,}", small.get("newsclean", {}).get("articles_per_s"), ">=", TARGET_ARTICLES_PER_S
    )
    for size, entry in sizes.items():
        check(f"x datatrove at {int(size):,}", entry.get("vs_datatrove"), ">=", TARGET_VS_DATATROVE)
    large = sizes.get(str(TARGET_RSS_SIZE), {})
    rss = large.get("newsclean", {}).get("peak_rss_bytes")
    check(f"peak RSS GB at {TARGET_RSS_SIZE:,}", rss and round(rss / GB, 3), "<=", TARGET_RSS_BYTES / GB)
    check("cost/article largest / smallest", results.get("linearity"), "<=", TARGET_LINEARITY)
    return checks


def render(results: dict[str, Any]) -> str:
    rows = [
        f"{'size':>9} {'tool':<22} {'seconds':>8} {'art/s':>8} {'MB/s':>7} {'peak RSS':>9} {'x tool':>7} "
        f"{'CPU s':>8} {'art/CPU-s':>9} {'x tool':>7}"
    ]
    for size, entry in results["sizes"].items():
        newsclean = entry.get("newsclean", {})
        for tool in ("newsclean", "datatrove", "datasketch"):
            if tool not in entry:
                continue
            r = entry[tool]
            x = ratio(newsclean.get("articles_per_s"), r["articles_per_s"]) if tool != "newsclean" else None
            xc = ratio(newsclean.get("articles_per_cpu_s"), r["articles_per_cpu_s"]) if tool != "newsclean" else None
            rows.append(
                f"{int(size):>9,} {tool:<22} {r['seconds']:>8.1f} {r['articles_per_s']:>8.0f} {r['mb_per_s']:>7.2f} "
                f"{r['peak_rss_bytes'] / GB:>7.2f}GB {'' if x is None else f'{x:.2f}x':>7} "
                f"{r['cpu_seconds']:>8.1f} {r['articles_per_cpu_s']:>9.0f} {'' if xc is None else f'{xc:.2f}x':>7}"
            )
        for runner, r in entry.get("runners", {}).items():
            rows.append(
                f"{int(size):>9,} {'nc ' + runner:<22} {r['seconds']:>8.1f} {r['articles_per_s']:>8.0f} "
                f"{r['mb_per_s']:>7.2f} {r['peak_rss_bytes'] / GB:>7.2f}GB  (median {r['median_seconds']:.1f} s)"
            )
    rows.append(f"newsclean ran on {results.get('python')}")
    if results.get("linearity") is not None:
        rows.append(f"linearity (s/article largest / smallest size): {results['linearity']:.3f}")
    for v in results["verdicts"]:
        mark = {True: "PASS", False: "FAIL", None: "n/a "}[v["passed"]]
        rows.append(f"[{mark}] {v['target']}: {v['value']} (target {v['bound']})")
    for size, prof in results.get("profiles", {}).items():
        rows.append(f"where the time goes ({int(size):,} articles, py-spy samples of the whole run):")
        rows.extend(f"  {s['share'] * 100:5.1f}%  {s['stage']}" for s in prof["stages"])
    return "\n".join(rows)


# ---------------------------------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--repeat", type=int, default=1, help="runs of newsclean per size (best and median shown)")
    parser.add_argument("--runner-flags", default=IN_MEMORY, help="Beam flags of the main newsclean runs")
    parser.add_argument("--skip-baselines", action="store_true", help="newsclean only")
    parser.add_argument(
        "--runners",
        action="store_true",
        help="also time in_memory, multi_processing x2 and the DirectRunner (smallest size)",
    )
    parser.add_argument("--profile", action="store_true", help="also profile one run with py-spy (smallest size)")
    parser.add_argument(
        "--project",
        type=Path,
        default=PROJECT_ROOT,
        help="directory to run `python -m pipeline` in (its pipeline/ and configs/; default: this checkout)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not all((args.data / name).exists() for name in SOURCES):
        print(MISSING_DATA_MESSAGE, file=sys.stderr)
        return 2
    if args.repeat < 1 or any(size < 1 for size in args.sizes):
        print("--repeat and --sizes must be positive", file=sys.stderr)
        return 2
    # The CLI runs in --project, so every path handed to it must be absolute.
    args.workdir, args.project = args.workdir.resolve(), args.project.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "sizes": {},
        "profiles": {},
        "runner_flags": args.runner_flags,
        "cpus": os.cpu_count(),
        # newsclean and the datasketch script run on this interpreter, with the packages of its environment.
        "python": sys.executable,
    }
    try:
        for size in sorted(args.sizes):
            corpus, size_bytes = build_corpus(size, args.data, args.workdir)
            print(f"{size:,} articles ({size_bytes / BYTES_PER_MB:.1f} MB) in {corpus}", file=sys.stderr)
            entry: dict[str, Any] = {"bytes": size_bytes}
            run = functools.partial(run_newsclean, corpus, size, size_bytes, args.workdir, project=args.project)
            entry["newsclean"] = repeated(functools.partial(run, args.runner_flags, "main"), args.repeat)
            print(f"  newsclean {entry['newsclean']['seconds']:.1f} s", file=sys.stderr)
            if not args.skip_baselines:
                entry["datatrove"] = run_datatrove_baseline(corpus, size, size_bytes, args.workdir)
                print(f"  datatrove {entry['datatrove']['seconds']:.1f} s", file=sys.stderr)
                entry["datasketch"] = run_datasketch(corpus, size, size_bytes, args.workdir)
                print(f"  datasketch {entry['datasketch']['seconds']:.1f} s", file=sys.stderr)
                rate = entry["newsclean"]["articles_per_s"]
                entry["vs_datatrove"] = ratio(rate, entry["datatrove"]["articles_per_s"])
                entry["vs_datasketch"] = ratio(rate, entry["datasketch"]["articles_per_s"])
            if args.runners and size == min(args.sizes):  # the comparison needs one size only
                entry["runners"] = {
                    name: repeated(functools.partial(run, flags, name), args.repeat)
                    for name, flags in RUNNER_CHOICES.items()
                }
            if args.profile and size == min(args.sizes):
                results["profiles"][str(size)] = profile(
                    corpus, size, size_bytes, args.workdir, args.runner_flags, args.project
                )
            results["sizes"][str(size)] = entry
            # Saved after every size, so an interrupted long run keeps what it measured.
            (args.workdir / "results.json").write_text(json.dumps(results, indent=1))
    except (RuntimeError, BaselineError, OSError, subprocess.CalledProcessError) as error:
        print(f"throughput: {error}", file=sys.stderr)
        return 1
    sizes = sorted(int(s) for s in results["sizes"])
    if len(sizes) > 1:
        per = {s: results["sizes"][str(s)]["newsclean"]["seconds"] / s for s in (sizes[0], sizes[-1])}
        results["linearity"] = round(per[sizes[-1]] / per[sizes[0]], 3)
    results["verdicts"] = verdicts(results)
    (args.workdir / "results.json").write_text(json.dumps(results, indent=1))
    print(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
