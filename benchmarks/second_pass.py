#!/usr/bin/env python3
"""What dedup left behind: newsclean on a corpus, then newsclean again on the articles the first run kept.

Dedup that finished its job is idempotent: a second run on its own kept articles drops nothing. What the second run
does drop are duplicates the first left in, among them:

* pairs never compared: LSH links each bucket's members to its best-ranked member only, so two articles that share
  buckets only with a third, better-ranked one meet only through it;
* members of one group that are each verified against the group's kept article only: two near copies of each other
  that are both too far from it are both kept.

Needs no labels, so it runs on any corpus (the distinct-text corpora of ``throughput.py`` included), and it counts
every residual pair by kind with its share of the kept articles::

    python benchmarks/second_pass.py --input benchmarks/.work/tp-1m/distinct-100000
    python benchmarks/second_pass.py --first /path/to/an/earlier/run/output   # reuse a first run's output

Writes ``<workdir>/results.json``. Exit 0 whatever the figures (a report); 1 if a run failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.cli_runs import CliFailure, read_shards, run_newsclean  # noqa: E402

DEFAULT_WORKDIR = PROJECT_ROOT / "benchmarks" / ".work" / "second_pass"
RUNNER_FLAGS = ("--runner=DirectRunner", "--direct_running_mode=in_memory", "--quiet")
# A 1M-article run takes ~17 min here; 3 h means something hangs.
TIMEOUT_S = 3 * 3600.0
# Residual pairs printed as examples.
EXAMPLES = 10
MATCH_KINDS = ("exact", "near", "containment")


def in_kind_order(counts: Mapping[str, int]) -> dict[str, int]:
    """Counts by match kind, in a fixed order (kinds with none are 0), as summary.json's ``counts.duplicates`` has
    them (only the kinds found).

    >>> in_kind_order({"near": 2, "exact": 1})
    {'exact': 1, 'near': 2, 'containment': 0}
    """
    return {kind: counts.get(kind, 0) for kind in MATCH_KINDS}


def by_kind(duplicates: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Duplicate records counted by match kind, in kind order.

    >>> by_kind([{"match": "near"}, {"match": "exact"}, {"match": "near"}])
    {'exact': 1, 'near': 2, 'containment': 0}
    """
    return in_kind_order(Counter(duplicate["match"] for duplicate in duplicates))


def residual_summary(first_kept: int, second_duplicates: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The second run's drops as a share of the first run's kept articles, by kind, with the first examples by id.

    >>> summary = residual_summary(1000, [{"id": "b", "duplicate_of": "a", "match": "near", "similarity": 0.9}])
    >>> summary["residual"], summary["share"], summary["by_kind"]["near"], summary["examples"][0]["id"]
    (1, 0.001, 1, 'b')
    """
    ordered = sorted(second_duplicates, key=lambda duplicate: duplicate["id"])
    return {
        "first_kept": first_kept,
        "residual": len(ordered),
        "share": round(len(ordered) / first_kept, 6) if first_kept else 0.0,
        "by_kind": by_kind(ordered),
        "examples": ordered[:EXAMPLES],
    }


def kept_shards(output_dir: Path) -> str:
    """The glob of a run's kept-article shards, as ``--input`` takes it."""
    return str(output_dir / "articles-*.jsonl")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--input", type=Path, help="the corpus (a directory or file newsclean reads)")
    source.add_argument("--first", type=Path, help="the output directory of a first run to reuse")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--project", type=Path, default=PROJECT_ROOT, help="where pipeline is imported from")
    args = parser.parse_args(argv)
    workdir = args.workdir.resolve()
    try:
        first_wall = None
        if args.input is not None:
            first_args = ("--input", str(args.input.resolve()), *RUNNER_FLAGS)
            first, first_wall = run_newsclean("first", first_args, workdir, TIMEOUT_S, args.project)
        else:
            first = args.first.resolve()
            if not (first / "_SUCCESS").exists():
                raise CliFailure(f"{first} holds no finished newsclean run (no _SUCCESS): pass --input CORPUS instead")
        # The run's own counts: reading its kept articles back to count them held every text (~750k at 1M).
        first_counts = json.loads((first / "summary.json").read_text(encoding="utf-8"))["counts"]
        first_kept = first_counts["kept"]
        second_args = ("--input", kept_shards(first), *RUNNER_FLAGS)
        second, second_wall = run_newsclean("second", second_args, workdir, TIMEOUT_S, args.project)
        second_duplicates = read_shards(second, "duplicates")
    except CliFailure as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    summary = residual_summary(first_kept, second_duplicates)
    results = {
        "first": {
            "output": str(first),
            "kept": first_kept,
            "duplicates": in_kind_order(first_counts["duplicates"]),
            "seconds": first_wall,
        },
        "second": {"output": str(second), "seconds": second_wall, **summary},
    }
    print(f"first run: {first_kept:,} kept, duplicates {results['first']['duplicates']}  ({first})")
    print(
        f"second run on those: {summary['residual']:,} more duplicates ({summary['share']:.4%} of the kept), "
        f"by kind {summary['by_kind']}"
    )
    for example in summary["examples"]:
        print(f"  {example['id']} -> {example['duplicate_of']}  {example['match']}  similarity {example['similarity']}")
    (workdir / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results: {workdir / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
