"""Running the real newsclean CLI from a benchmark and reading what it wrote (shared by the benchmark scripts)."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Lines of a failed run's log quoted in the error.
LOG_TAIL_LINES = 15


class CliFailure(Exception):
    """The CLI exited non-zero, timed out, or wrote output that breaks its contract."""


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise CliFailure(f"{path}:{number} is not valid JSON ({error.msg})") from None


def read_shards(output_dir: Path, prefix: str) -> list[dict[str, Any]]:
    """All records of ``<prefix>-SSSSS-of-NNNNN.jsonl`` shards (none is fine: e.g. no rejects)."""
    records: list[dict[str, Any]] = []
    for shard in sorted(output_dir.glob(f"{prefix}-*.jsonl")):
        for record in read_jsonl(shard):
            if "id" not in record:
                raise CliFailure(f"{shard} has a record without 'id': {str(record)[:80]}")
            records.append(record)
    return records


def run_newsclean(
    name: str, args: Sequence[str], workdir: Path, timeout: float, project: Path = PROJECT_ROOT
) -> tuple[Path, float]:
    """``python -m pipeline run --output workdir/name *args`` with the benchmark's interpreter, logged to
    ``workdir/name.log``; returns the output directory and the wall time in seconds. ``project`` is where
    ``pipeline`` is imported from (another checkout or a snapshot); paths in ``args`` must then be absolute."""
    workdir.mkdir(parents=True, exist_ok=True)
    output_dir = workdir / name
    if output_dir.exists():
        shutil.rmtree(output_dir)  # stale shards from an earlier run would be read as this run's output
    log_path = workdir / f"{name}.log"
    command = [sys.executable, "-m", "pipeline", "run", "--output", str(output_dir), *args]
    print(f"running: {shlex.join(command)}", file=sys.stderr, flush=True)
    with log_path.open("w", encoding="utf-8") as log:
        log.write(shlex.join(command) + "\n")
        log.flush()
        start = time.perf_counter()
        try:
            completed = subprocess.run(
                command, cwd=project, stdout=log, stderr=subprocess.STDOUT, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise CliFailure(f"{name} run timed out after {timeout:.0f} s; log: {log_path}") from None
        wall = time.perf_counter() - start
    if completed.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-LOG_TAIL_LINES:]
        quoted = "\n".join("  | " + line for line in tail)
        raise CliFailure(f"{name} run exited {completed.returncode}; log: {log_path}\n{quoted}")
    return output_dir, wall
