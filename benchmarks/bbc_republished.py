#!/usr/bin/env python3
"""Benchmark newsclean on bbc_republished through its command line: cleaning, dedup and throughput.

Runs ``python -m pipeline run`` (same interpreter) twice on ``bbc_republished/articles.jsonl``:

1. ``--no-dedup``: every valid article is written, so cleaned text and title are scored on all 3,862 documents
   against ``gold.jsonl`` (AEB body-token P/R/F1, exact body modulo whitespace, exact title);
2. default (dedup on): the output's kept/duplicates/rejects are turned into clusters and scored against the
   ``cluster`` labels (pairwise P/R/F1, ARI), the label-0 pairs of ``pairs.jsonl`` and medium-edit copies.

In the same run it measures two baselines: "no cleaning" (input text untouched, first line as title) under
the same metric, and an I/O floor (a plain Python json read -> json write of the same file) that the CLI's
docs/s is reported against. Prints a table with targets and PASS/FAIL marks and writes
``benchmarks/.work/bbc_republished/results.json``. Exit status is 0 whatever the scores (it is a report), 1 if
the CLI failed or broke its output contract, 2 if the data is missing.

    python benchmarks/bbc_republished.py [--data DIR] [--workdir DIR] [--runner-flags='--runner=... ...']
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Run as a script, only benchmarks/ is on sys.path; the project root makes `benchmarks.metrics` importable.
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks import metrics  # noqa: E402  (needs the sys.path entry above)
from benchmarks.cli_runs import CliFailure, read_jsonl, read_shards, run_newsclean  # noqa: E402

DATASET = "bbc_republished"
DEFAULT_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data"
DEFAULT_WORKDIR = PROJECT_ROOT / "benchmarks" / ".work" / DATASET
MISSING_DATA_MESSAGE = "benchmarks need ../shared/data beside the project; see README"
# The fastest local runner for this 10 MB input: measured 8-12 s per run in memory vs 22-23 s with
# --direct_running_mode=multi_processing --direct_num_workers=4 (2-core machine), whose worker start-up and
# pickling cost more than they save at this size.
DEFAULT_RUNNER_FLAGS = "--runner=DirectRunner --direct_running_mode=in_memory"
# A run takes 10-25 s here; 30 min means something hangs.
DEFAULT_TIMEOUT_S = 1800.0
# The I/O floor takes ~0.2 s, so one disk hiccup would halve it; best of 3 is cheap.
IO_FLOOR_REPEATS = 3
EXAMPLES = 50
BYTES_PER_MB = 1_000_000

# The floor a JSONL-in, JSONL-out pipeline cannot beat in Python: parse and re-serialise every record.
IO_FLOOR_SCRIPT = """\
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as dst:
    for line in src:
        if line.strip():
            dst.write(json.dumps(json.loads(line), ensure_ascii=False) + "\\n")
"""


@dataclass(frozen=True)
class Target:
    """One pass/fail goal: ``key`` in the flat results, compared with ``op`` against ``bound``."""

    key: str
    label: str
    op: str  # ">=" or "<="
    bound: float
    percent: bool = False

    @property
    def text(self) -> str:
        return f"{self.op} {100 * self.bound:g}%" if self.percent else f"{self.op} {self.bound:g}"

    def passed(self, value: float) -> bool:
        return value >= self.bound if self.op == ">=" else value <= self.bound


# Targets set for the 1.0 release of newsclean (the brief of the benchmark harness).
TARGETS: tuple[Target, ...] = (
    Target("cleaning.token_f1", "cleaning body token F1 (AEB macro)", ">=", 0.97),
    Target("cleaning.exact_body", "cleaning exact body", ">=", 0.60, percent=True),
    Target("cleaning.title_match", "cleaning title match", ">=", 0.95, percent=True),
    Target("dedup.pairwise_precision", "dedup pairwise precision", ">=", 0.99),
    Target("dedup.pairwise_recall", "dedup pairwise recall", ">=", 0.90),
    Target("dedup.label0_merged", "dedup label-0 pairs merged", "<=", 0),
)


@dataclass(frozen=True)
class Output:
    """What one CLI run wrote."""

    articles: list[dict[str, Any]]
    duplicates: list[dict[str, Any]]
    rejects: list[dict[str, Any]]
    summary: dict[str, Any] | None


def read_output(output_dir: Path) -> Output:
    summary_path = output_dir / "summary.json"
    summary = json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.exists() else None
    articles = read_shards(output_dir, "articles")
    if not articles:
        raise CliFailure(f"no articles-*.jsonl records in {output_dir}: the CLI wrote no kept articles")
    duplicates = read_shards(output_dir, "duplicates")
    for record in duplicates:
        if "duplicate_of" not in record:
            raise CliFailure(f"duplicates record without 'duplicate_of' in {output_dir}: {str(record)[:80]}")
    return Output(articles, duplicates, read_shards(output_dir, "rejects"), summary)


@dataclass(frozen=True)
class Dataset:
    path: Path
    articles: list[dict[str, Any]]
    gold: dict[str, dict[str, Any]]
    pairs: list[dict[str, Any]]

    @property
    def size_bytes(self) -> int:
        return self.path.stat().st_size


def load_dataset(data_dir: Path) -> Dataset:
    directory = data_dir / DATASET
    path = directory / "articles.jsonl"
    articles = list(read_jsonl(path))
    gold = {record["id"]: record for record in read_jsonl(directory / "gold.jsonl")}
    pairs = list(read_jsonl(directory / "pairs.jsonl"))
    return Dataset(path, articles, gold, pairs)


def group_of(article: dict[str, Any]) -> str:
    """Breakdown group: origin, copy/light, copy/medium or hard_negative."""
    role = str(article.get("role"))
    return f"{role}/{article.get('edit_level')}" if role == "copy" else role


# ----------------------------------------------------------------------------------------------------------
# Running
# ----------------------------------------------------------------------------------------------------------


def run_cli(
    name: str,
    dataset: Dataset,
    workdir: Path,
    extra: Sequence[str],
    runner_flags: Sequence[str],
    timeout: float,
) -> tuple[Path, float]:
    """Run ``python -m pipeline run`` on the dataset into ``workdir/name``; return the output dir and the wall time."""
    return run_newsclean(name, ["--input", str(dataset.path), *extra, *runner_flags], workdir, timeout)


def time_io_floor(dataset: Dataset, workdir: Path) -> float:
    """Best wall time of a plain json read -> json write of the input, as a subprocess like the CLI."""
    target = workdir / "io_floor.jsonl"
    times = []
    try:
        for _ in range(IO_FLOOR_REPEATS):
            start = time.perf_counter()
            command = [sys.executable, "-c", IO_FLOOR_SCRIPT, str(dataset.path), str(target)]
            subprocess.run(command, check=True)
            times.append(time.perf_counter() - start)
    finally:
        target.unlink(missing_ok=True)  # a verbatim copy of licensed data: do not leave it around
    return min(times)


# ----------------------------------------------------------------------------------------------------------
# Scoring
# ----------------------------------------------------------------------------------------------------------


def cleaning_scores(pairs: Sequence[tuple[str, str | None, str, str | None]]) -> dict[str, Any]:
    """Scores for (gold body, gold title, predicted body, predicted title) tuples."""
    matches = [metrics.shingle_match(gold_body, body) for gold_body, _, body, _ in pairs]
    macro, micro = metrics.macro_prf(matches), metrics.micro_prf(matches)
    n = len(pairs)
    return {
        "docs": n,
        "token_f1": macro.f1,
        "token_precision": macro.precision,
        "token_recall": macro.recall,
        "token_micro_f1": micro.f1,
        "token_micro_precision": micro.precision,
        "token_micro_recall": micro.recall,
        "token_mean_doc_f1": metrics.mean_f1(matches),
        "exact_body": sum(metrics.body_exact_match(g, b) for g, _, b, _ in pairs) / n if n else 0.0,
        "exact_body_ignoring_entities": (
            sum(metrics.body_match_ignoring_entities(g, b) for g, _, b, _ in pairs) / n if n else 0.0
        ),
        "title_match": sum(metrics.title_match(g, t) for _, g, _, t in pairs) / n if n else 0.0,
        "title_missing": sum(t is None for _, _, _, t in pairs),
    }


def score_cleaning(dataset: Dataset, output: Output | None) -> dict[str, Any]:
    """Cleaning scores of a --no-dedup output, or of the no-cleaning baseline when ``output`` is None."""
    predicted = {record["id"]: record for record in output.articles} if output else {}
    by_group: dict[str, list[tuple[str, str | None, str, str | None]]] = defaultdict(list)
    rows = []
    for article in dataset.articles:
        gold = dataset.gold[article["id"]]
        body: str
        title: str | None
        if output is None:
            body, title = article["text"], metrics.first_line_split(article["text"])[0]
        else:
            record = predicted.get(article["id"], {})
            body, title = record.get("text") or "", record.get("title")
        row = (gold["clean_text"], gold["title"], body, title)
        rows.append(row)
        by_group[group_of(article)].append(row)
    scores = cleaning_scores(rows)
    scores["by_group"] = {group: cleaning_scores(members) for group, members in sorted(by_group.items())}
    if output is not None:
        input_ids = {article["id"] for article in dataset.articles}
        scores["kept"] = len(predicted)
        scores["rejected"] = len(output.rejects)
        scores["reject_reasons"] = dict(Counter(str(r.get("reason")) for r in output.rejects))
        scores["duplicates"] = len(output.duplicates)  # --no-dedup: must be 0
        scores["missing"] = len(input_ids - predicted.keys())  # scored as empty bodies with no title
        scores["unknown_ids"] = len(predicted.keys() - input_ids)
    return scores


def score_dedup(dataset: Dataset, output: Output) -> dict[str, Any]:
    gold = {article["id"]: str(article["cluster"]) for article in dataset.articles}
    kept = [record["id"] for record in output.articles]
    links = [(record["id"], record["duplicate_of"]) for record in output.duplicates]
    built = metrics.predicted_clusters(gold, kept, links, [record["id"] for record in output.rejects])
    predicted = built.assignment
    counts = metrics.pair_counts(predicted, gold)

    by_kind: dict[tuple[int, str], list[tuple[str, str]]] = defaultdict(list)
    for pair in dataset.pairs:
        by_kind[(int(pair["label"]), str(pair["kind"]))].append((pair["id1"], pair["id2"]))
    negatives = {kind: pairs for (label, kind), pairs in by_kind.items() if label == 0}
    positives = {kind: pairs for (label, kind), pairs in by_kind.items() if label == 1}

    # origin_id names the story (the cluster), not a document: find each story's origin document.
    origin_doc = {a["cluster"]: a["id"] for a in dataset.articles if a.get("role") == "origin"}
    copies: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for article in dataset.articles:
        if article.get("role") == "copy" and article.get("origin_id") in origin_doc:
            copies[str(article.get("edit_level"))].append((article["id"], origin_doc[article["origin_id"]]))

    kept_set = set(kept)
    # Ids for whoever debugs a miss; capped so a broken run does not write a multi-megabyte results.json.
    split_copies = [copy for pairs in copies.values() for copy, origin in pairs if predicted[copy] != predicted[origin]]
    false_merges = [
        [first, second, kind]
        for kind, pairs in sorted(negatives.items())
        for first, second in pairs
        if predicted.get(first) is not None and predicted.get(first) == predicted.get(second)
    ]
    return {
        "examples": {"copies_split_from_origin": split_copies[:EXAMPLES], "label0_merged": false_merges[:EXAMPLES]},
        "pairwise_precision": counts.precision,
        "pairwise_recall": counts.recall,
        "pairwise_f1": counts.f1,
        "ari": counts.adjusted_rand_index,
        "pair_counts": {
            "together_both": counts.together_both,
            "predicted_pairs": counts.predicted_pairs,
            "gold_pairs": counts.gold_pairs,
        },
        "medium_copy_recall": metrics.share_with_origin(copies["medium"], predicted),
        "medium_copies": len(copies["medium"]),
        "light_copy_recall": metrics.share_with_origin(copies["light"], predicted),
        "light_copies": len(copies["light"]),
        "label0_merged": sum(metrics.merged_pairs(p, predicted) for p in negatives.values()),
        "label0_pairs": sum(len(p) for p in negatives.values()),
        "label0_merged_by_kind": merged_by_kind(negatives, predicted),
        "label1_recalled_by_kind": merged_by_kind(positives, predicted),
        "kept": len(kept),
        "duplicates": len(output.duplicates),
        "duplicates_by_match": dict(Counter(str(r.get("match")) for r in output.duplicates)),
        # Contract: duplicate_of names a kept article; anything else still clusters (union-find), but flag it.
        "duplicate_of_not_kept": sum(1 for _, target in links if target not in kept_set),
        "rejected": len(built.rejected),
        "missing": len(built.missing),
        "unknown_ids": len(built.unknown),
        "predicted_clusters": len(set(predicted.values())),
        "gold_clusters": len(set(gold.values())),
    }


def merged_by_kind(
    pairs_by_kind: dict[str, list[tuple[str, str]]], predicted: dict[str, str]
) -> dict[str, dict[str, int]]:
    return {
        kind: {"merged": metrics.merged_pairs(pairs, predicted), "of": len(pairs)}
        for kind, pairs in sorted(pairs_by_kind.items())
    }


def throughput(docs: int, size_bytes: int, wall: float | None, floor_wall: float | None) -> dict[str, Any]:
    if wall is None:
        return {"wall_s": None, "docs_per_s": None, "mb_per_s": None, "ratio_to_io_floor": None}
    return {
        "wall_s": wall,
        "docs_per_s": docs / wall,
        "mb_per_s": size_bytes / BYTES_PER_MB / wall,
        # docs/s relative to the floor's docs/s = floor wall / our wall (same docs, same bytes).
        "ratio_to_io_floor": floor_wall / wall if floor_wall else None,
    }


# ----------------------------------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------------------------------


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def verdicts(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    flat = flatten(results)
    out = {}
    for target in TARGETS:
        value = flat.get(target.key)
        out[target.key] = {
            "value": value,
            "target": target.text,
            "pass": None if value is None else target.passed(value),
        }
    return out


def fmt(value: Any, kind: str = "f") -> str:
    if value is None:
        return "-"
    if kind == "%":
        return f"{100 * value:.1f}%"
    if kind == "d":
        return f"{value:,}"
    if kind == "x":
        return f"{value:.3f}x"
    return f"{value:.4f}"


def ratio(value: float | None, base: float | None) -> float | None:
    return value / base if value is not None and base else None


def render(results: dict[str, Any]) -> str:
    marks = results["verdicts"]

    def mark(key: str) -> str:
        verdict = marks.get(key)
        if verdict is None:
            return ""
        state = "-" if verdict["pass"] is None else ("PASS" if verdict["pass"] else "FAIL")
        return f"{verdict['target']:>8}  {state}"

    meta = results["meta"]
    lines = [
        f"newsclean benchmark: {DATASET}  ({meta['docs']:,} docs, {meta['size_bytes'] / BYTES_PER_MB:.1f} MB input)",
        f"  data: {meta['data']}   runner flags: {meta['runner_flags']}",
        f"  config: {meta['config'] or '(CLI default)'}   python: {meta['python']}",
        "",
    ]
    row = "  {:<38} {:>10} {:>10} {:>9}   {}"
    clean, base = results.get("cleaning"), results["baseline_no_cleaning"]
    lines.append(row.format("CLEANING (--no-dedup run)", "newsclean", "no-clean", "ratio", "  target"))
    if clean:
        for label, key, kind in (
            ("body token F1 (AEB macro, headline)", "token_f1", "f"),
            ("  token precision (macro)", "token_precision", "f"),
            ("  token recall (macro)", "token_recall", "f"),
            ("  token F1 micro (pooled)", "token_micro_f1", "f"),
            ("  token F1 mean of documents", "token_mean_doc_f1", "f"),
            ("exact body (modulo whitespace)", "exact_body", "%"),
            ("  same, HTML entities decoded (diag.)", "exact_body_ignoring_entities", "%"),
            ("title exact match", "title_match", "%"),
        ):
            lines.append(
                row.format(
                    label,
                    fmt(clean[key], kind),
                    fmt(base[key], kind),
                    fmt(ratio(clean[key], base[key]), "x"),
                    mark(f"cleaning.{key}"),
                )
            )
        lines.append(
            f"  articles kept {clean['kept']:,}, rejected {clean['rejected']:,}"
            f"{' ' + str(clean['reject_reasons']) if clean['reject_reasons'] else ''},"
            f" missing {clean['missing']:,}, duplicates {clean['duplicates']:,} (must be 0 with --no-dedup),"
            f" title null {clean['title_missing']:,}"
        )
        lines.append("  by group (newsclean):  F1 / exact / title   [no-clean F1]")
        for group, scores in clean["by_group"].items():
            lines.append(
                f"    {group:<15} n={scores['docs']:<5,} {scores['token_f1']:.4f}"
                f" / {fmt(scores['exact_body'], '%')} / {fmt(scores['title_match'], '%')}"
                f"   [{base['by_group'][group]['token_f1']:.4f}]"
            )
    else:
        lines.append("  (no run)")
    lines.append("")
    dedup = results.get("dedup")
    lines.append(row.format("DEDUP (default run)", "newsclean", "", "", "  target"))
    if dedup:
        for label, key, kind in (
            ("pairwise precision", "pairwise_precision", "f"),
            ("pairwise recall", "pairwise_recall", "f"),
            ("pairwise F1", "pairwise_f1", "f"),
            ("adjusted Rand index", "ari", "f"),
            (f"medium-copy recall (of {dedup['medium_copies']:,})", "medium_copy_recall", "f"),
            (f"light-copy recall (of {dedup['light_copies']:,})", "light_copy_recall", "f"),
            (f"label-0 pairs merged (of {dedup['label0_pairs']:,})", "label0_merged", "d"),
        ):
            lines.append(row.format(label, fmt(dedup[key], kind), "", "", mark(f"dedup.{key}")))
        kinds = ", ".join(f"{k} {v['merged']}/{v['of']}" for k, v in dedup["label0_merged_by_kind"].items())
        lines.append(f"    label-0 merged by kind: {kinds}")
        kinds = ", ".join(f"{k} {v['merged']}/{v['of']}" for k, v in dedup["label1_recalled_by_kind"].items())
        lines.append(f"    label-1 pairs together by kind: {kinds}")
        lines.append(
            f"  kept {dedup['kept']:,}, duplicates {dedup['duplicates']:,} {dedup['duplicates_by_match']}, "
            f"rejected {dedup['rejected']:,} (singletons), missing {dedup['missing']:,}, unknown ids "
            f"{dedup['unknown_ids']:,}, duplicate_of not kept {dedup['duplicate_of_not_kept']:,}; "
            f"clusters {dedup['predicted_clusters']:,} predicted / {dedup['gold_clusters']:,} gold"
        )
    else:
        lines.append("  (no run)")
    lines.append("")
    lines.append("  THROUGHPUT (subprocess wall time, incl. interpreter start)")
    speed = "  {:<38} {:>9} {:>10} {:>9} {:>14} {:>14}"
    lines.append(speed.format("", "wall s", "docs/s", "MB/s", "x I/O floor", "CLI-reported s"))
    for label, key in (
        ("I/O floor (json read -> write)", "io_floor"),
        ("newsclean --no-dedup", "no_dedup"),
        ("newsclean (dedup)", "dedup"),
    ):
        t = results["throughput"][key]
        lines.append(
            speed.format(
                label,
                "-" if t["wall_s"] is None else f"{t['wall_s']:.2f}",
                "-" if t["docs_per_s"] is None else f"{t['docs_per_s']:,.0f}",
                "-" if t["mb_per_s"] is None else f"{t['mb_per_s']:.2f}",
                fmt(t["ratio_to_io_floor"], "x"),
                "-" if t.get("reported_elapsed_s") is None else f"{t['reported_elapsed_s']:.2f}",
            )
        )
    passed = [v["pass"] for v in marks.values() if v["pass"] is not None]
    lines.append("")
    lines.append(f"  targets: {sum(passed)}/{len(passed)} PASS   results: {results['meta']['results_path']}")
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="shared data dir (default: %(default)s)")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="outputs, logs, results.json")
    parser.add_argument(
        "--runner-flags",
        default=DEFAULT_RUNNER_FLAGS,
        help="Beam options passed to the CLI, one shell-quoted string; use the = form: "
        "--runner-flags='--runner=DirectRunner --direct_num_workers=4' (default: %(default)s)",
    )
    parser.add_argument("--config", type=Path, default=None, help="YAML config passed to the CLI as --config")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds per CLI run")
    parser.add_argument(
        "--reuse-output",
        action="store_true",
        help="score the outputs already in --workdir instead of running the CLI (no timings)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    data_dir: Path = args.data.resolve()
    if not (data_dir / DATASET / "articles.jsonl").is_file():
        print(f"{MISSING_DATA_MESSAGE} (looked for {data_dir / DATASET / 'articles.jsonl'})", file=sys.stderr)
        return 2
    workdir: Path = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    runner_flags = shlex.split(args.runner_flags)
    config_flags = ["--config", str(args.config.resolve())] if args.config else []
    dataset = load_dataset(data_dir)

    walls: dict[str, float | None] = {"no_dedup": None, "dedup": None, "io_floor": None}
    try:
        if args.reuse_output:
            no_dedup_dir, dedup_dir = workdir / "no_dedup", workdir / "dedup"
        else:
            walls["io_floor"] = time_io_floor(dataset, workdir)
            no_dedup_dir, walls["no_dedup"] = run_cli(
                "no_dedup", dataset, workdir, ["--no-dedup", *config_flags], runner_flags, args.timeout
            )
            dedup_dir, walls["dedup"] = run_cli("dedup", dataset, workdir, config_flags, runner_flags, args.timeout)
        no_dedup_output, dedup_output = read_output(no_dedup_dir), read_output(dedup_dir)
    except CliFailure as failure:
        print(f"newsclean CLI failed: {failure}", file=sys.stderr)
        return 1

    results_path = workdir / "results.json"
    docs, size = len(dataset.articles), dataset.size_bytes
    results: dict[str, Any] = {
        "meta": {
            "dataset": DATASET,
            "data": str(data_dir),
            "docs": docs,
            "size_bytes": size,
            "runner_flags": shlex.join(runner_flags),
            "config": str(args.config) if args.config else None,
            "python": sys.executable,
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "reused_output": args.reuse_output,
            "results_path": str(results_path),
            "metric": "AEB body tokens: \\w+ tokens, bag of 4-shingles, macro P/R over docs, F1 of means",
        },
        "cleaning": score_cleaning(dataset, no_dedup_output),
        "baseline_no_cleaning": score_cleaning(dataset, None),
        "dedup": score_dedup(dataset, dedup_output),
        "throughput": {
            key: throughput(docs, size, walls[key], walls["io_floor"]) for key in ("io_floor", "no_dedup", "dedup")
        },
        "summaries": {"no_dedup": no_dedup_output.summary, "dedup": dedup_output.summary},
    }
    for key, output in (("no_dedup", no_dedup_output), ("dedup", dedup_output)):
        # The CLI's own clock excludes interpreter and Beam start-up: the gap to wall_s is fixed cost.
        reported = ((output.summary or {}).get("run") or {}).get("elapsed_seconds")
        results["throughput"][key]["reported_elapsed_s"] = reported
    results["verdicts"] = verdicts(results)
    results_path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
