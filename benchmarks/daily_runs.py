"""Seven daily runs with a fingerprint store versus one run over the whole week, on bbc_republished.

The 3,862 documents are split over 7 days: each original story arrives on a day from 1 to 4 and each republished
copy of it on a later day (hard negatives on any day), by a stable hash of the id. The script runs
``newsclean run --history STORE --run-date D`` for each day in order, then one run over all 7 days together, and
prints: duplicates caught across the daily runs (by kind, and how many matched an earlier day's article) versus the
single run (they should be equal), the time of each daily run as the store grows, and the store's size per article.

    python benchmarks/daily_runs.py [--data DIR] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
import sys
from collections import Counter
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Run as a script, only benchmarks/ is on sys.path; the project root makes `benchmarks.cli_runs` importable.
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.cli_runs import CliFailure, read_shards, run_newsclean  # noqa: E402

DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data"
FIRST_DAY = dt.date(2026, 11, 21)
DAYS = 7
RUNNER = ["--runner=DirectRunner", "--direct_running_mode=in_memory"]
# A daily run takes ~10 s and the week-long one ~20 s here; 30 min means something hangs.
TIMEOUT_S = 1800.0


def _bucket(key: str, n: int) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big") % n


def arrival_day(document: dict) -> int:
    """0-based day: originals on days 0-3, each copy on a later day than its original, others anywhere."""
    origin_day = _bucket(document["cluster"], 4)
    if document["role"] == "copy":
        return origin_day + 1 + _bucket(document["id"], DAYS - 1 - origin_day)
    if document["role"] == "origin":
        return origin_day
    return _bucket(document["id"], DAYS)


def split_by_day(articles: Path, workdir: Path) -> list[Path]:
    days: list[list[str]] = [[] for _ in range(DAYS)]
    for line in articles.read_text(encoding="utf-8").splitlines():
        document = json.loads(line)
        days[arrival_day(document)].append(json.dumps({"id": document["id"], "text": document["text"]}))
    paths = []
    for day, lines in enumerate(days):
        path = workdir / "input" / f"{(FIRST_DAY + dt.timedelta(days=day)).isoformat()}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def newsclean(name: str, workdir: Path, *args: str) -> tuple[Path, float, dict]:
    """A quiet run into ``workdir/name``: its output directory, wall time and summary."""
    try:
        output, seconds = run_newsclean(name, ["--quiet", *args, *RUNNER], workdir, TIMEOUT_S)
    except CliFailure as failure:
        sys.exit(f"daily_runs: {failure}")
    return output, seconds, json.loads((output / "summary.json").read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--workdir", type=Path, default=PROJECT_ROOT / "benchmarks" / ".work" / "daily_runs")
    args = parser.parse_args()
    articles = args.data / "bbc_republished" / "articles.jsonl"
    if not articles.exists():
        print("benchmarks need ../shared/data beside the project; see README", file=sys.stderr)
        return 2
    shutil.rmtree(args.workdir, ignore_errors=True)
    days = split_by_day(articles, args.workdir)
    store = args.workdir / "store"

    print(f"{'run date':12s} {'docs':>6s} {'seconds':>8s} {'kept':>6s} {'dups':>6s} {'of earlier days':>16s} "
          f"{'store files MB':>15s}")
    daily = Counter()
    across_days = 0
    for path in days:
        run_date = path.stem
        output, seconds, summary = newsclean(
            run_date, args.workdir / "daily", "--input", str(path), "--history", str(store), "--run-date", run_date
        )
        found = read_shards(output, "duplicates")
        earlier = sum(1 for d in found if "duplicate_of_run_date" in d)
        across_days += earlier
        daily.update(d["match"] for d in found)
        store_mb = sum(p.stat().st_size for p in store.rglob("*.parquet")) / 1e6
        print(f"{run_date:12s} {summary['counts']['read']:6d} {seconds:8.1f} {summary['counts']['kept']:6d} "
              f"{len(found):6d} {earlier:16d} {store_mb:15.2f}")

    output, seconds, summary = newsclean("single", args.workdir, "--input", *map(str, days))
    single = Counter(d["match"] for d in read_shards(output, "duplicates"))
    stored = sum(p.stat().st_size for p in store.rglob("*.parquet"))
    stored_articles = sum(1 for _ in store.rglob("*.parquet")) and sum(
        json.loads((args.workdir / "daily" / d.stem / "summary.json").read_text())["counts"]["kept"] for d in days
    )
    print(f"\nsingle run over all {DAYS} days: {seconds:.1f} s, duplicates {sum(single.values())} {dict(single)}")
    print(f"daily runs with history:      duplicates {sum(daily.values())} {dict(daily)}, "
          f"{across_days} of them matched an earlier day's article")
    difference = sum(daily.values()) - sum(single.values())
    print(f"difference: {difference:+d} ({'equal' if difference == 0 else 'NOT equal'})")
    print(f"fingerprint store: {stored / 1e6:.2f} MB for {stored_articles} kept articles = "
          f"{stored / max(stored_articles, 1):.0f} bytes per article (Parquet: id, run date, content hash, "
          f"512-byte signature, shingle set)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
