"""Baseline: datatrove 0.10.1's MinHash dedup (signatures -> buckets -> cluster -> filter) on a JSONL corpus.

datatrove runs in its own virtualenv, ``benchmarks/.work/venv-datatrove`` (created with pip on first use, pinned
versions below), so the project environment stays clean; this module only needs the standard library.
Its defaults are kept: 5-word shingles of its spaCy word tokenizer over simplified text, 14 bands x 8 rows,
64-bit xxhash. The one change is that the shingle hasher is fed UTF-8 bytes (see ``_datatrove_job.py``: xxhash 4
rejects ``str``), which gives the hashes datatrove computes with xxhash 3.

Python::

    from benchmarks.baselines.datatrove_minhash import run_datatrove
    result = run_datatrove("corpus.jsonl", "benchmarks/.work/dt", workers=2)
    result.clusters["doc1"]     # id of the document kept for doc1's cluster (doc1 itself when kept)

Command line (prints a JSON summary)::

    python -m benchmarks.baselines.datatrove_minhash CORPUS.jsonl [--workdir DIR] [--workers 2] [--clusters OUT.json]

The input is a JSONL file or a directory of them with ``id`` and ``text`` per line; ids must be unique.
``seconds`` is the wall time of the whole datatrove run (interpreter start, reading, all four stages, writing), like
newsclean's CLI timings; ``peak_rss_bytes`` is the peak summed RSS of its process tree (see common.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

from benchmarks.baselines.common import BaselineResult, run_measured

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_VENV = PROJECT_ROOT / "benchmarks" / ".work" / "venv-datatrove"
# datatrove's MinHash stages import spaCy (word tokenizer), regex, tokenizers and orjson beyond its core deps.
REQUIREMENTS = (
    "datatrove==0.10.1",
    "spacy==3.8.18",
    "regex==2026.11.19",
    "tokenizers==0.23.3",
    "orjson==3.13.0",
    "xxhash==4.1.0",
)
# datatrove's MinhashConfig defaults.
N_GRAMS, BANDS, ROWS = 5, 14, 8


class BaselineError(RuntimeError):
    """The baseline could not be set up or run; the message says what to do."""


def ensure_venv(path: Path = DEFAULT_VENV) -> Path:
    """The datatrove venv's interpreter, creating the venv with pip when it is missing or incomplete."""
    python = path / "bin" / "python"
    if python.exists() and _imports_datatrove(python):
        return python
    print(f"creating {path} (pip install {' '.join(REQUIREMENTS)}) ...", file=sys.stderr)
    venv.create(path, with_pip=True, clear=python.exists())
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *REQUIREMENTS], capture_output=True, text=True
    )
    if install.returncode != 0 or not _imports_datatrove(python):
        last = (install.stderr.strip().splitlines() or ["no output"])[-1]
        raise BaselineError(f"could not install datatrove into {path} ({last}); check network access to PyPI")
    return python


def _imports_datatrove(python: Path) -> bool:
    check = subprocess.run(
        [str(python), "-c", "import datatrove.pipeline.dedup.minhash, spacy, xxhash, orjson"], capture_output=True
    )
    return check.returncode == 0


def run_datatrove(
    input_jsonl: str | os.PathLike[str],
    workdir: str | os.PathLike[str],
    workers: int = 2,
    *,
    n_grams: int = N_GRAMS,
    bands: int = BANDS,
    rows: int = ROWS,
    venv_path: Path = DEFAULT_VENV,
) -> BaselineResult:
    """Run datatrove's MinHash dedup on ``input_jsonl`` (file or directory) in ``workdir`` (emptied first)."""
    source, work = Path(input_jsonl).resolve(), Path(workdir).resolve()
    if not source.exists():
        raise BaselineError(f"no such input: {source}")
    if workers < 1:
        raise BaselineError(f"workers must be >= 1, got {workers}")
    python = ensure_venv(venv_path)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    command = [str(python), "-m", "benchmarks.baselines._datatrove_job", str(source), str(work)]
    command += [str(workers), str(n_grams), str(bands), str(rows)]
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    measured = run_measured(command, log=work / "datatrove.log", env=env, cwd=PROJECT_ROOT)
    if measured.returncode != 0:
        raise BaselineError(f"datatrove failed (exit {measured.returncode}); see {work / 'datatrove.log'}")
    clusters = _clusters(work)
    details: dict[str, object] = json.loads((work / "timings.json").read_text())
    details["max_process_rss_bytes"] = measured.max_process_rss_bytes
    details["cpu_seconds"] = round(measured.cpu_seconds, 3)
    return BaselineResult(clusters, measured.seconds, measured.peak_rss_bytes, details)


def _clusters(work: Path) -> dict[str, str]:
    """id -> kept id, from the filter stage's kept/removed files (each carries datatrove's cluster number)."""
    clusters: dict[str, str] = {}
    members: dict[int, list[str]] = {}
    kept_of: dict[int, str] = {}
    for kind in ("kept", "removed"):
        for path in sorted((work / kind).glob("*.jsonl")):
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    record = json.loads(line)
                    doc_id, cluster = str(record["id"]), int(record["cluster"])
                    if doc_id in clusters:
                        raise BaselineError(f"id {doc_id!r} occurs twice in the input; baseline ids must be unique")
                    clusters[doc_id] = doc_id
                    if cluster < 0:
                        continue
                    members.setdefault(cluster, []).append(doc_id)
                    if kind == "kept":
                        kept_of[cluster] = doc_id
    for cluster, ids in members.items():
        root = kept_of.get(cluster, min(ids))  # datatrove keeps exactly one per cluster; min() only if it did not
        for doc_id in ids:
            clusters[doc_id] = root
    return clusters


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input", help="JSONL file or directory of JSONL files with id and text")
    parser.add_argument("--workdir", default=str(PROJECT_ROOT / "benchmarks/.work/datatrove"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--n-grams", type=int, default=N_GRAMS)
    parser.add_argument("--bands", type=int, default=BANDS)
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--clusters", help="also write {id: kept id} as JSON to this file")
    args = parser.parse_args(argv)
    try:
        result = run_datatrove(
            args.input, args.workdir, args.workers, n_grams=args.n_grams, bands=args.bands, rows=args.rows
        )
    except BaselineError as error:
        print(f"datatrove baseline: {error}", file=sys.stderr)
        return 1
    if args.clusters:
        Path(args.clusters).write_text(json.dumps(result.clusters, sort_keys=True))
    print(json.dumps(result.summary()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
