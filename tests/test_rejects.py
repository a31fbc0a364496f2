"""A run's rejects give their records back: turned into input with the one command of docs/cli.md, they become the same
articles and duplicates as the original input does."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.cli.commands import main
from tests.conftest import IN_MEMORY, PROJECT_ROOT, SEEDS

# The filter of the documented recovery command (docs/cli.md, section "Recovering rejects").
JQ_FILTER = re.search(r"^jq -r '(.+?)' ", (PROJECT_ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), re.MULTILINE)


def _run(tmp_path: Path, name: str, *args: str) -> Path:
    output = tmp_path / name
    assert main(["run", "--quiet", "--output", str(output), *args, *IN_MEMORY]) == 0
    return output


def _rejects(output: Path) -> list[dict]:
    return [json.loads(line) for p in sorted(output.glob("rejects-*.jsonl")) for line in p.open(encoding="utf-8")]


def recovered_input(rejects: list[dict]) -> str:
    """What the documented jq command writes: each JSONL line as it was, each ``.txt`` article as ``{"id", "text"}``."""
    lines = []
    for reject in rejects:
        if "source_text" not in reject:
            continue
        if reject["source_line"] is None:
            lines.append(json.dumps({"id": reject["id"], "text": reject["source_text"]}, ensure_ascii=False))
        else:
            lines.append(reject["source_text"])
    return "".join(line + "\n" for line in lines)


@pytest.fixture(scope="module")
def strict_run(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("strict")
    (root / "strict.yaml").write_text("cleaning:\n  min_words: 100000\n", encoding="utf-8")
    return _run(root, "out", "--input", str(SEEDS), "--config", str(root / "strict.yaml"))


def test_rejects_turned_back_into_input_give_the_articles_back(strict_run, tmp_path):
    rejects = _rejects(strict_run)
    assert sorted(r["reason"] for r in rejects) == ["empty_after_cleaning"] * 8 + ["invalid_json"]
    assert {r["source_file"] for r in rejects if r["source_line"] is None} == {
        f"{p.relative_to(SEEDS)}" for p in SEEDS.rglob("*.txt")
    }
    (tmp_path / "recovered.jsonl").write_text(recovered_input(rejects), encoding="utf-8")
    again = _run(tmp_path, "again", "--input", str(tmp_path / "recovered.jsonl"))
    direct = _run(tmp_path, "direct", "--input", str(SEEDS))
    for prefix in ("articles", "duplicates"):
        assert [p.read_bytes() for p in sorted(again.glob(f"{prefix}-*"))] == [
            p.read_bytes() for p in sorted(direct.glob(f"{prefix}-*"))
        ]
    # The broken line is still broken (and still says so); the boilerplate-only article is still empty.
    assert sorted((r["reason"], r["source_text"]) for r in _rejects(again)) == sorted(
        (r["reason"], r["source_text"]) for r in _rejects(direct)
    )


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_the_readme_jq_command_writes_the_same_input(strict_run):
    assert JQ_FILTER is not None, "docs/cli.md's recovery command is missing"
    paths = [str(p) for p in sorted(strict_run.glob("rejects-*.jsonl"))]
    written = subprocess.run(["jq", "-r", JQ_FILTER.group(1), *paths], capture_output=True, text=True, check=True)
    # jq writes JSON more compactly than Python; the records are the same.
    assert _records(written.stdout) == _records(recovered_input(_rejects(strict_run)))


def _records(jsonl: str) -> list:
    records = []
    for line in jsonl.splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            records.append(line)  # the broken line, as it was
    return records
