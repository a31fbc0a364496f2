"""The README documents what the code does: every config key, the two set-up commands first."""

import re

from pipeline.config import Config
from pipeline.configtree import field_docs
from tests.conftest import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_config_key_is_in_the_readme_reference_with_its_default():
    table = {row[0]: row for row in re.findall(r"^\| `([a-z_.]+)` \| (.*?) \| (.*?) \|$", README, re.MULTILINE)}
    missing = [key for key, _, _ in field_docs(Config) if key not in table]
    assert not missing, f"add these keys to the README's configuration reference: {missing}"
    stale = [key for key in table if "." in key and key not in {k for k, _, _ in field_docs(Config)}]
    assert not stale, f"the README documents keys the config does not have: {stale}"


def test_readme_starts_with_the_two_setup_commands():
    first_block = README.split("```")[1].strip().splitlines()
    assert first_block[1:] == ["pip install -e . && newsclean run", 'pip install -e ".[test]" && python -m pytest']


def test_ci_runs_the_readme_test_command():
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -e ".[test]" && python -m pytest' in ci
