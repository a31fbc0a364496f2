"""The packages of ``pipeline`` form layers, and imports only run down them: the pure text and dedup code knows
nothing of Beam or of the local engine, the report's figures nothing of the transforms that gather them."""

import ast
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "pipeline"
# Each package with the packages it may import (besides itself). Read top-down: cli > job > beam > local, work,
# report, io, history > text, dedup > core.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "text": frozenset({"core"}),
    "dedup": frozenset({"core"}),
    "io": frozenset({"core"}),
    "history": frozenset({"core", "dedup"}),
    "report": frozenset({"core", "text"}),
    "work": frozenset({"core", "text", "dedup"}),
    "local": frozenset(),
    "beam": frozenset({"core", "text", "dedup", "io", "history", "report", "work", "local"}),
    "job": frozenset({"core", "text", "dedup", "io", "history", "report", "work", "local", "beam"}),
    "cli": frozenset({"core", "text", "dedup", "io", "history", "report", "work", "local", "beam", "job"}),
}
# What runs without Beam: the pure packages, and the worker processes of the local engine (its pool and the tasks).
WITHOUT_BEAM = ("core", "text", "dedup", "report", "work", "local/pool.py", "local/memo.py")
# The one config composes the sub-configs that live beside the code they configure.
CONFIG_PARTS = frozenset({"pipeline.text.config", "pipeline.dedup.config"})


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def imported_packages(path: Path) -> set[str]:
    """The ``pipeline`` packages a module imports (``pipeline.text.clean`` -> ``text``), config parts aside."""
    names = imported_modules(path)
    if path.parent.name == "core" and path.name == "config.py":
        names -= CONFIG_PARTS
    return {name.split(".")[1] for name in names if name.startswith("pipeline.")}


def test_every_package_has_a_layer():
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages == set(MAY_IMPORT)


def test_no_loose_modules_at_the_package_root():
    assert sorted(path.name for path in PACKAGE.glob("*.py")) == ["__init__.py", "__main__.py"]


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_imports_run_down_the_layers(package):
    wrong = {
        str(path.relative_to(PROJECT_ROOT)): sorted(imported_packages(path) - MAY_IMPORT[package] - {package})
        for path in sorted((PACKAGE / package).rglob("*.py"))
    }
    assert {path: found for path, found in wrong.items() if found} == {}


@pytest.mark.parametrize("part", WITHOUT_BEAM)
def test_pure_code_does_not_import_beam(part):
    paths = [PACKAGE / part] if part.endswith(".py") else sorted((PACKAGE / part).rglob("*.py"))
    using_beam = [
        str(path.relative_to(PROJECT_ROOT))
        for path in paths
        if any(name.split(".")[0] == "apache_beam" for name in imported_modules(path))
    ]
    assert using_beam == []


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "clean.py"
    module.write_text("from pipeline.beam.read import ReadArticles\nimport pipeline.core.record\n")
    assert imported_packages(module) == {"beam", "core"}
