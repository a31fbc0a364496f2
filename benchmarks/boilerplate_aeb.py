#!/usr/bin/env python3
"""Benchmark boilerplate removal that generalises: page-text mode on real pages, learned boilerplate on bbc_republished.

Part 1, ``scrapinghub_aeb_dev/boilerplate.jsonl`` (119 real news pages, whole visible page text one block per line,
with the human gold article body). Each page becomes one JSONL record ``{"id", "text": noisy_text, "url"}`` (the
file's ``source`` field names the benchmark, not the site, so the site comes from the URL) and goes through
``python -m pipeline run --no-dedup`` (same interpreter). The cleaned ``text`` is scored against ``clean_text`` with
the article-extraction-benchmark metric (``\\w+`` tokens, bag of 4-token shingles, macro precision and recall, F1 of
the two; it reproduces the issue's 0.668 for the untouched page, so it is the metric the issue's figures use). Side
by side, in the same run: *no cleaning* (the page text as it is), *datatrove's C4 line filter*
(``C4QualityFilter`` with its line rules only: a line must end in terminal punctuation, have >= 3 words, and not
mention javascript or a policy; its document-level drops are turned off so every page keeps its lines), and
newsclean with page-text mode off (hand-written line rules only) and forced on.

Part 2, ``bbc_republished`` (3,862 articles from 9 sources). The CLI runs with the removal ledger on
(``cleaning.ledger: true``): body token F1 against gold as in ``bbc_republished.py``; the share of articles in which
the learned rule removed a gold body line (target: at most 0.5%); how many removed lines each rule accounts for, and
in a second run with the hand-written rules switched off (``cleaning.rules: []``), how many of the default run's
boilerplate lines learned boilerplate finds on its own. ``--sweep`` adds runs over a grid of thresholds
(``learned.min_articles`` x ``learned.min_share``) with the hand rules off: the measurement behind the defaults.

datatrove runs in its own venv (never in the project's environment): by default
``benchmarks/.work/venv-datatrove/bin/python``; create it with
``python -m venv benchmarks/.work/venv-datatrove && benchmarks/.work/venv-datatrove/bin/pip install datatrove``.
Without it, the C4 row says "not run". Prints a table with targets and PASS/FAIL and writes
``benchmarks/.work/boilerplate_aeb/results.json``. Exit 0 whatever the scores, 1 if the CLI failed, 2 without data.

    python benchmarks/boilerplate_aeb.py [--data DIR] [--workdir DIR] [--sweep] [--datatrove-python PATH]
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks import metrics  # noqa: E402  (needs the sys.path entry above)
from benchmarks.cli_runs import CliFailure, read_jsonl, read_shards, run_newsclean  # noqa: E402

DEFAULT_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data"
DEFAULT_WORKDIR = PROJECT_ROOT / "benchmarks" / ".work" / "boilerplate_aeb"
DEFAULT_DATATROVE_PYTHON = PROJECT_ROOT / "benchmarks" / ".work" / "venv-datatrove" / "bin" / "python"
DEFAULT_CONFIG = PROJECT_ROOT / "configs" / "default.yaml"
MISSING_DATA_MESSAGE = "benchmarks need ../shared/data beside the project; see README"
DEFAULT_RUNNER_FLAGS = "--runner=DirectRunner --direct_running_mode=in_memory"
DEFAULT_TIMEOUT_S = 1800.0
# The AEB metric: bags of 4-token shingles (benchmarks/metrics.py); with single tokens the untouched pages score
# 0.673, with 4-shingles 0.668, the issue's figure.
AEB_SHINGLE_SIZE = 4
LEARNED_RULE = "learned_boilerplate"
# Targets of the issue.
TARGET_AEB_F1 = 0.86  # issue 17 raised it from 0.85
TARGET_AEB_PRECISION = 0.85
TARGET_BBC_F1 = 0.97
TARGET_MAX_BODY_LOSS_SHARE = 0.005
# The threshold grid of --sweep: (min_articles, min_share).
SWEEP = ((3, 0.0), (3, 0.02), (5, 0.02), (5, 0.05), (10, 0.05), (5, 0.1))
# Figures quoted by the issue for the same set and metric (not re-measured here except C4 and no cleaning).
ISSUE_FIGURES = {"no cleaning": 0.668, "jusText (text-only)": 0.766, "datatrove C4 line filter": 0.793}

# Runs in datatrove's venv: C4QualityFilter's line rules on each page, document-level drops off.
C4_SCRIPT = """\
import json, sys
from datatrove.data import Document
from datatrove.pipeline.filters import C4QualityFilter
c4 = C4QualityFilter(split_paragraph=True, min_num_sentences=-1, filter_lorem_ipsum=False, filter_curly_bracket=False)
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as dst:
    for line in src:
        record = json.loads(line)
        doc = Document(text=record["text"], id=record["id"])
        kept = c4.filter(doc)
        text = doc.text if kept is True else ""
        dst.write(json.dumps({"id": record["id"], "text": text}) + "\\n")
"""


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_config(path: Path, **cleaning: Any) -> Path:
    """The default config with ``cleaning`` keys overridden (nested dicts merged one level deep)."""
    config = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    for key, value in cleaning.items():
        if isinstance(value, dict):
            config["cleaning"].setdefault(key, {}).update(value)
        else:
            config["cleaning"][key] = value
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def run_cli(
    name: str, input_path: Path, config: Path, workdir: Path, runner_flags: Sequence[str], timeout: float
) -> tuple[Path, float]:
    """A clean-only run of the CLI on ``input_path`` with ``config``; the output dir and the wall time."""
    args = ["--no-dedup", "--quiet", "--input", str(input_path), "--config", str(config), *runner_flags]
    return run_newsclean(name, args, workdir, timeout)


def score(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    """AEB macro P/R/F1 over every gold document (a missing prediction is an empty one)."""
    matches = [
        metrics.shingle_match(text, predicted.get(doc_id, ""), AEB_SHINGLE_SIZE) for doc_id, text in gold.items()
    ]
    prf = metrics.macro_prf(matches)
    return {"precision": prf.precision, "recall": prf.recall, "f1": prf.f1}


def c4_baseline(python: Path, input_path: Path, workdir: Path) -> tuple[dict[str, str] | None, float | None, str]:
    if not python.exists():
        return None, None, f"not run: no datatrove venv at {python}"
    output = workdir / "c4_output.jsonl"
    script = workdir / "c4_job.py"
    script.write_text(C4_SCRIPT, encoding="utf-8")
    start = time.perf_counter()
    completed = subprocess.run(
        [str(python), str(script), str(input_path), str(output)], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if completed.returncode != 0:
        return None, None, "failed: " + (completed.stderr.strip().splitlines() or ["?"])[-1]
    version = subprocess.run(
        [str(python), "-c", "import datatrove; print(datatrove.__version__)"], capture_output=True, text=True
    ).stdout.strip()
    return {r["id"]: r["text"] for r in read_jsonl(output)}, wall, f"datatrove {version}"


def aeb_part(args: argparse.Namespace, runner_flags: Sequence[str]) -> dict[str, Any]:
    workdir = args.workdir / "aeb"
    workdir.mkdir(parents=True, exist_ok=True)
    pages = list(read_jsonl(args.data / "scrapinghub_aeb_dev" / "boilerplate.jsonl"))
    gold = {page["id"]: page["clean_text"] for page in pages}
    input_path = workdir / "pages.jsonl"
    write_jsonl(input_path, ({"id": p["id"], "text": p["noisy_text"], "url": p["url"]} for p in pages))
    rows: dict[str, dict[str, Any]] = {}
    rows["no cleaning"] = score(gold, {page["id"]: page["noisy_text"] for page in pages})
    c4, c4_wall, c4_note = c4_baseline(args.datatrove_python, input_path, workdir)
    rows["datatrove C4 line filter"] = {**(score(gold, c4) if c4 is not None else {}), "note": c4_note}
    if c4_wall is not None:
        rows["datatrove C4 line filter"]["seconds"] = c4_wall
    variants = {
        "newsclean, line rules only (page_text off)": {"page_text": {"mode": "off"}},
        "newsclean, page_text on for every page": {"page_text": {"mode": "on"}},
        "newsclean (default config: page_text auto)": {},
    }
    summaries: dict[str, Any] = {}
    for index, (label, overrides) in enumerate(variants.items()):
        config = write_config(workdir / f"config{index}.yaml", ledger=True, **overrides)
        output, wall = run_cli(f"newsclean{index}", input_path, config, workdir, runner_flags, args.timeout)
        predicted = {record["id"]: record["text"] for record in read_shards(output, "articles")}
        summary = json.loads((output / "summary.json").read_text(encoding="utf-8"))
        rows[label] = {**score(gold, predicted), "seconds": wall}
        rows[label]["page_mode_documents"] = summary["counters"].get("page-text:documents", 0)
        rows[label]["rejected"] = sum(summary["counts"]["rejected"].values())
        summaries[label] = summary["lines_removed"]
    return {"pages": len(pages), "rows": rows, "lines_removed": summaries}


def normalized(text: str) -> str:
    return " ".join(text.split())


def bbc_part(args: argparse.Namespace, runner_flags: Sequence[str]) -> dict[str, Any]:
    workdir = args.workdir / "bbc"
    workdir.mkdir(parents=True, exist_ok=True)
    directory = args.data / "bbc_republished"
    input_path = directory / "articles.jsonl"
    gold_records = {record["id"]: record for record in read_jsonl(directory / "gold.jsonl")}
    gold = {doc_id: record["clean_text"] for doc_id, record in gold_records.items()}
    gold_lines = {
        doc_id: {normalized(line) for line in text.split("\n") if line.strip()} for doc_id, text in gold.items()
    }
    results: dict[str, Any] = {}
    config = write_config(workdir / "default.yaml", ledger=True)
    output, wall = run_cli("default", input_path, config, workdir, runner_flags, args.timeout)
    default = ledger_figures(output, gold, gold_lines)
    default["seconds"] = wall
    results["default"] = default
    config = write_config(workdir / "learned_only.yaml", ledger=True, rules=[])
    output, _ = run_cli("learned_only", input_path, config, workdir, runner_flags, args.timeout)
    learned_only = ledger_figures(output, gold, gold_lines)
    # The default run's boilerplate lines (removed there and not gold body, counted per article with repeats), and
    # how many of them learning alone removes.
    boilerplate = default["boilerplate_lines"]
    found = (boilerplate & learned_only["learned_lines"]).total()
    results["learned_only"] = {k: v for k, v in learned_only.items() if not isinstance(v, Counter)}
    results["learned_alone_finds"] = {"found": found, "of": boilerplate.total()}
    results["default"] = {k: v for k, v in default.items() if not isinstance(v, Counter)}
    if args.sweep:
        sweep = []
        for min_articles, min_share in SWEEP:
            name = f"sweep_{min_articles}_{min_share}"
            learned = {"min_articles": min_articles, "min_share": min_share}
            config = write_config(workdir / f"{name}.yaml", ledger=True, rules=[], learned=learned)
            output, _ = run_cli(name, input_path, config, workdir, runner_flags, args.timeout)
            figures = ledger_figures(output, gold, gold_lines)
            sweep.append(
                {
                    "min_articles": min_articles,
                    "min_share": min_share,
                    "learned_removed": figures["removed_by_rule"].get(LEARNED_RULE, 0),
                    "body_loss_share": figures["body_loss_share"],
                    "articles_losing_body": figures["articles_losing_body"],
                    "found_of_default_boilerplate": (boilerplate & figures["learned_lines"]).total(),
                }
            )
        results["sweep"] = sweep
    return results


def ledger_figures(output: Path, gold: dict[str, str], gold_lines: dict[str, set[str]]) -> dict[str, Any]:
    """Token scores and what the ledger says: removals by rule, gold body lines removed by the learned rule."""
    predicted = {record["id"]: record["text"] for record in read_shards(output, "articles")}
    ledger = read_shards(output, "removed-lines")
    by_rule = Counter(entry["rule"] for entry in ledger)
    losing: set[str] = set()
    boilerplate: Counter[tuple[str, str]] = Counter()
    learned: Counter[tuple[str, str]] = Counter()
    for entry in ledger:
        line = normalized(entry["line"])
        in_gold = line in gold_lines.get(entry["id"], set())
        if entry["rule"] == LEARNED_RULE:
            learned[entry["id"], line] += 1
            if in_gold:
                losing.add(entry["id"])
        if not in_gold:
            boilerplate[entry["id"], line] += 1
    return {
        **score(gold, predicted),
        "removed_by_rule": dict(by_rule.most_common()),
        "articles_losing_body": len(losing),
        "body_loss_share": len(losing) / len(gold),
        "boilerplate_lines": boilerplate,
        "learned_lines": learned,
    }


def mark(ok: bool | None) -> str:
    return "-" if ok is None else ("PASS" if ok else "FAIL")


def render(results: dict[str, Any]) -> str:
    out = []
    aeb = results.get("aeb")
    if aeb:
        out.append(f"AEB dev pages ({aeb['pages']}): AEB metric (\\w+ tokens, bag of 4-shingles, macro P/R, F1)")
        out.append(f"{'':48} {'precision':>9} {'recall':>8} {'F1':>7}  issue's figure")
        for label, row in aeb["rows"].items():
            if "f1" not in row:
                out.append(f"{label:48} {row.get('note', '')}")
                continue
            issue = ISSUE_FIGURES.get(label)
            extra = f"  {issue:.3f}" if issue else ""
            if "page_mode_documents" in row:
                extra += f"  (page mode on {row['page_mode_documents']} pages)"
            out.append(f"{label:48} {row['precision']:9.4f} {row['recall']:8.4f} {row['f1']:7.4f}{extra}")
        out.append(f"{'jusText (text-only), from the issue':48} {'':9} {'':8} {0.766:7.3f}")
        out.append(f"{'trafilatura on HTML, its own benchmark (issue)':48} {'':9} {'':8} {0.909:7.3f}")
        final = aeb["rows"]["newsclean (default config: page_text auto)"]
        out.append(
            f"targets: F1 >= {TARGET_AEB_F1}: {mark(final['f1'] >= TARGET_AEB_F1)};"
            f" precision >= {TARGET_AEB_PRECISION}: {mark(final['precision'] >= TARGET_AEB_PRECISION)}"
        )
    bbc = results.get("bbc")
    if bbc:
        default = bbc["default"]
        out.append("")
        out.append("bbc_republished (3,862 articles, --no-dedup, default config with the ledger on)")
        out.append(
            f"body token F1 {default['f1']:.4f} (P {default['precision']:.4f}, R {default['recall']:.4f});"
            f" target >= {TARGET_BBC_F1}: {mark(default['f1'] >= TARGET_BBC_F1)}"
        )
        out.append(
            f"articles where the learned rule removed a gold body line: {default['articles_losing_body']}"
            f" ({100 * default['body_loss_share']:.2f}%); target <= {100 * TARGET_MAX_BODY_LOSS_SHARE:.1f}%:"
            f" {mark(default['body_loss_share'] <= TARGET_MAX_BODY_LOSS_SHARE)}"
        )
        out.append("removed lines by rule: " + ", ".join(f"{k} {v}" for k, v in default["removed_by_rule"].items()))
        learned = default["removed_by_rule"].get(LEARNED_RULE, 0)
        total = sum(default["removed_by_rule"].values())
        out.append(f"removed by learned boilerplate (after the hand-written rules): {learned} of {total}")
        alone = bbc["learned_alone_finds"]
        only = bbc["learned_only"]
        out.append(
            f"hand-written rules off: learned boilerplate alone removes {alone['found']} of the default run's"
            f" {alone['of']} boilerplate lines ({100 * alone['found'] / max(1, alone['of']):.1f}%);"
            f" token F1 {only['f1']:.4f}, articles losing a gold line {only['articles_losing_body']}"
        )
        for row in bbc.get("sweep", []):
            out.append(
                f"  sweep min_articles={row['min_articles']:>2} min_share={row['min_share']:.2f}:"
                f" learned removes {row['learned_removed']:>5} lines,"
                f" {row['found_of_default_boilerplate']:>5} of them of the default run's {alone['of']} boilerplate,"
                f" articles losing a gold line {row['articles_losing_body']:>3}"
                f" ({100 * row['body_loss_share']:.2f}%)"
            )
    return "\n".join(out)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--runner-flags", default=DEFAULT_RUNNER_FLAGS)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S)
    parser.add_argument("--datatrove-python", type=Path, default=DEFAULT_DATATROVE_PYTHON)
    parser.add_argument("--sweep", action="store_true", help="also sweep learned-boilerplate thresholds (6 runs)")
    parser.add_argument("--skip-aeb", action="store_true")
    parser.add_argument("--skip-bbc", action="store_true")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.data / "scrapinghub_aeb_dev").is_dir() or not (args.data / "bbc_republished").is_dir():
        print(MISSING_DATA_MESSAGE, file=sys.stderr)
        return 2
    args.workdir.mkdir(parents=True, exist_ok=True)
    runner_flags = shlex.split(args.runner_flags)
    results: dict[str, Any] = {}
    try:
        if not args.skip_aeb:
            results["aeb"] = aeb_part(args, runner_flags)
        if not args.skip_bbc:
            results["bbc"] = bbc_part(args, runner_flags)
    except CliFailure as failure:
        print(f"boilerplate_aeb: {failure}", file=sys.stderr)
        return 1
    (args.workdir / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
