"""benchmarks/stage_times.py on the sample articles: every stage timed, the run's outputs unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apache_beam.runners.portability.fn_api_runner import fn_runner

from benchmarks import stage_times

ROOT = Path(__file__).resolve().parents[2]


def test_stage_times_of_a_run_on_the_seeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    runner_method = fn_runner.FnApiRunner._execute_bundle
    output = tmp_path / "out"
    status = stage_times.main(["--input", str(ROOT / "seeds"), "--output", str(output), "--top", "5"])
    printed = capsys.readouterr().out.splitlines()
    assert status == 0
    assert printed[0].startswith("newsclean run: exit 0, ")
    assert printed[1] == "  start    wall     cpu  stage"
    assert len(printed) == 7  # the five longest stages
    assert json.loads((output / "summary.json").read_text())["counts"]["kept"] == 4  # the run itself is unchanged
    assert fn_runner.FnApiRunner._execute_bundle is runner_method  # the wrapper is gone after the run
