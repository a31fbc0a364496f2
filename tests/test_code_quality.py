"""The code stays ruff- and mypy-clean: checked here so the one README test command enforces it."""

import subprocess
import sys

from tests.conftest import PROJECT_ROOT


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "pipeline", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = _run("mypy", "pipeline")
    assert result.returncode == 0, result.stdout + result.stderr
