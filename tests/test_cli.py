"""End to end through the command line: the seeds run, the output contract, runners, usage errors."""

import json
import random
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from pipeline import __version__
from pipeline.cli.commands import main
from tests.conftest import IN_MEMORY, MULTI_PROCESSING, SEEDS

GOLDEN = Path(__file__).parent / "golden" / "seeds"


def _run(tmp_path: Path, *args: str, name: str = "out", beam: list[str] = IN_MEMORY) -> Path:
    output = tmp_path / name
    assert main(["run", "--output", str(output), *args, *beam]) == 0
    return output


def _outputs(directory: Path) -> dict[str, bytes]:
    # summary.json and report.html carry timings; manifest.json the input paths: the data files must be identical.
    return {p.name: p.read_bytes() for p in sorted(directory.glob("*-of-*.jsonl"))}


def _lines(directory: Path, prefix: str) -> list[dict]:
    return [json.loads(line) for p in sorted(directory.glob(f"{prefix}-*.jsonl")) for line in p.open()]


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory) -> Path:
    return _run(tmp_path_factory.mktemp("seeds"), "--input", str(SEEDS))


def test_seeds_run_writes_exactly_the_golden_files(seeds_run):
    # The golden files were reviewed by hand; regenerate them only after checking every difference.
    assert _outputs(seeds_run) == {p.name: p.read_bytes() for p in sorted(GOLDEN.iterdir())}


def test_seed_article_is_kept_with_its_headline_and_fifteen_paragraphs(seeds_run):
    seed = next(a for a in _lines(seeds_run, "articles") if a["id"] == "seed-article")
    assert seed["title"] == "Kerry seeks to narrow divisions with Russia"
    paragraphs = seed["text"].split("\n\n")
    assert len(paragraphs) == 15
    assert paragraphs[0].startswith("US Secretary of State John Kerry is in Moscow")
    assert paragraphs[-1].startswith('Mr Kerry said: "Nothing would please us more')
    assert "Advertisement" not in seed["text"] and "Connect With Us" not in seed["text"]
    assert "\u00a0" not in seed["text"]


def test_every_record_lands_in_exactly_one_output(seeds_run):
    summary = json.loads((seeds_run / "summary.json").read_text())
    ids = [r["id"] for prefix in ("articles", "duplicates", "rejects") for r in _lines(seeds_run, prefix)]
    assert len(ids) == len(set(ids)) == summary["counts"]["read"] == 9
    assert summary["accounting"]["balanced"] is True
    assert summary["counts"]["duplicates"] == {"exact": 1, "near": 2}
    assert summary["counts"]["rejected"] == {"empty_after_cleaning": 1, "invalid_json": 1}
    assert summary["lines_removed"]["ad_marker"] >= 3
    assert summary["config"]["dedup"]["enabled"] is True


def test_duplicates_point_at_the_kept_copy(seeds_run):
    kept = {a["id"] for a in _lines(seeds_run, "articles")}
    duplicates = {d["id"]: d for d in _lines(seeds_run, "duplicates")}
    assert {d["duplicate_of"] for d in duplicates.values()} <= kept
    assert duplicates["sites/metro-digest-oil-prices"]["match"] == "exact"
    assert duplicates["feed/kerry-moscow-accra"]["duplicate_of"] == "seed-article"
    assert duplicates["wire-otters-wrapped"]["duplicate_of"] == "science-river-otters"


def _without_reject_sources(directory: Path) -> dict[str, bytes]:
    outputs = _outputs(directory)
    for name in [n for n in outputs if n.startswith("rejects-")]:
        rejects = [json.loads(line) for line in outputs.pop(name).splitlines()]
        located = [{k: v for k, v in r.items() if k not in ("source_file", "source_line")} for r in rejects]
        outputs[name] = repr(located).encode()
    return outputs


def _summary_without_run(directory: Path) -> dict:
    summary = json.loads((directory / "summary.json").read_text())
    del summary["run"]  # timings, runner name and input paths differ by design
    return summary


def test_multi_processing_runner_gives_byte_identical_output(seeds_run, tmp_path):
    output = _run(tmp_path, "--input", str(SEEDS), beam=MULTI_PROCESSING)
    assert _outputs(output) == _outputs(seeds_run)
    assert _summary_without_run(output) == _summary_without_run(seeds_run)


def test_output_does_not_depend_on_input_order_or_file_split(tmp_path):
    records = [json.loads(line) for line in (SEEDS / "feed.jsonl").read_text().splitlines()[:3]]
    for path in sorted(SEEDS.rglob("*.txt")):
        records.append({"id": str(path.relative_to(SEEDS).with_suffix("")), "text": path.read_text()})
    ordered, shuffled = tmp_path / "ordered", tmp_path / "shuffled"
    ordered.mkdir()
    shuffled.mkdir()
    (ordered / "all.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    random.Random(7).shuffle(records)
    for part in range(3):
        (shuffled / f"part{part}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records[part::3]))
    first = _run(tmp_path, "--input", str(ordered), name="a")
    second = _run(tmp_path, "--input", str(shuffled), name="b", beam=MULTI_PROCESSING)
    # Only where the rejects say their records were depends on the file split, by design.
    assert _without_reject_sources(first) == _without_reject_sources(second)
    assert {r["source_file"] for r in _lines(second, "rejects")} <= {"part0.jsonl", "part1.jsonl", "part2.jsonl"}
    assert _summary_without_run(first)["counts"] == _summary_without_run(second)["counts"]


def test_no_dedup_keeps_every_valid_article(tmp_path):
    output = _run(tmp_path, "--input", str(SEEDS), "--no-dedup")
    summary = json.loads((output / "summary.json").read_text())
    assert summary["counts"]["kept"] == 7
    assert _lines(output, "duplicates") == []
    assert summary["config"]["dedup"]["enabled"] is False


def test_a_rerun_replaces_the_previous_outputs(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    (output / "articles-00003-of-00009.jsonl").write_text("stale\n")
    _run(tmp_path, "--input", str(SEEDS))
    assert not (output / "articles-00003-of-00009.jsonl").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary or old directory left behind


def test_an_output_directory_with_foreign_files_is_refused(tmp_path, capsys):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "thesis.docx").write_text("precious")
    assert main(["run", "--input", str(SEEDS), "--output", str(tmp_path / "out"), *IN_MEMORY]) == 2
    assert "holds files newsclean did not write" in capsys.readouterr().err
    assert (tmp_path / "out" / "thesis.docx").exists()


def test_an_empty_input_directory_gives_empty_valid_outputs(tmp_path):
    (tmp_path / "empty").mkdir()
    output = _run(tmp_path, "--input", str(tmp_path / "empty"))
    assert sorted(p.name for p in output.iterdir()) == [
        "_SUCCESS",
        "articles-00000-of-00001.jsonl",
        "duplicates-00000-of-00001.jsonl",
        "learned-lines-00000-of-00001.jsonl",
        "manifest.json",
        "rejects-00000-of-00001.jsonl",
        "report.html",
        "summary.json",
    ]

    assert json.loads((output / "summary.json").read_text())["counts"]["read"] == 0


def test_dry_run_prints_config_and_files_and_writes_nothing(tmp_path, capsys):
    assert main(["run", "--input", str(SEEDS), "--output", str(tmp_path / "out"), "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "# resolved config" in printed and "shingle_size:" in printed
    assert "seed-article.txt" in printed and "feed.jsonl" in printed
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--input", "/no/such/dir"], "does not exist"),
        (["run", "--config", "/no/such.yaml"], "config file /no/such.yaml does not exist"),
        (["run", "--config", "{bad_config}"], "unknown config key 'dedup.shingles'"),
        (["frobnicate"], "invalid choice"),
        (["run", "scrapes/"], "unexpected argument 'scrapes/': give input files or folders with --input"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path, capsys, args, message):
    bad_config = tmp_path / "bad.yaml"
    bad_config.write_text("dedup:\n  shingles: 5\n")
    args = [a.replace("{bad_config}", str(bad_config)) for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_console_script_and_module_are_the_same_entry_point():
    scripts = tomllib.loads((SEEDS.parent / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"newsclean": "pipeline.cli:main"}
    completed = subprocess.run(
        [sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True, check=False
    )
    assert (completed.returncode, completed.stdout.strip()) == (0, f"newsclean {__version__}")


def test_portable_runner_gives_byte_identical_output(seeds_run, tmp_path):
    # The portable job protocol is what the Flink and Spark runners speak; LOOPBACK runs it offline in-process.
    portable = ["--runner=PortableRunner", "--job_endpoint=embed", "--environment_type=LOOPBACK"]
    output = _run(tmp_path, "--input", str(SEEDS), beam=portable)
    assert _outputs(output) == _outputs(seeds_run)


def test_run_date_fills_the_output_template_and_the_manifest_pins_inputs_and_outputs(tmp_path):
    import hashlib

    output = tmp_path / "clean" / "2026-11-27"
    args = ["run", "--input", str(SEEDS), "--output", str(tmp_path / "clean" / "{date}"), "--run-date", "2026-11-27"]
    assert main([*args, *IN_MEMORY]) == 0
    manifest = json.loads((output / "manifest.json").read_text())
    assert manifest["run_date"] == "2026-11-27"
    seed = next(i for i in manifest["inputs"] if i["path"].endswith("seed-article.txt"))
    data = (SEEDS / "seed-article.txt").read_bytes()
    assert seed == {"path": seed["path"], "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "records": 1}
    assert sum(i["records"] for i in manifest["inputs"]) == manifest["counts"]["read"] == 9
    for entry in manifest["outputs"]:
        assert hashlib.sha256((output / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]
    assert {e["name"] for e in manifest["outputs"]} == {p.name for p in output.glob("*-of-*.jsonl")}
    assert manifest["packages"]["datasketch"].startswith("2.")
    first = (output / "manifest.json").read_bytes()
    assert main([*args, *IN_MEMORY]) == 0
    assert (output / "manifest.json").read_bytes() == first  # a rerun of the same day reproduces it exactly


def test_a_malformed_run_date_is_a_usage_error(capsys):
    assert main(["run", "--run-date", "27/11/2026", "--dry-run"]) == 2
    assert "--run-date must be a date like 2026-11-27" in capsys.readouterr().err


def test_the_package_stages_for_cluster_workers_with_setup_file(seeds_run, tmp_path):
    # What Dataflow/Flink/Spark workers get: Beam builds an sdist from pyproject.toml and stages it. LOOPBACK runs the
    # workers in this process, so the staging step is real while no cluster is needed.
    staged = [
        "--runner=PortableRunner",
        "--job_endpoint=embed",
        "--environment_type=LOOPBACK",
        f"--setup_file={SEEDS.parent / 'pyproject.toml'}",
    ]
    output = _run(tmp_path, "--input", str(SEEDS), beam=staged)
    assert _outputs(output) == _outputs(seeds_run)


def test_ctrl_c_inside_a_beam_step_is_one_line_and_exit_1(tmp_path, monkeypatch, capsys):
    # Beam re-raises a KeyboardInterrupt in a DoFn as a RuntimeError; it is still an interruption, not a crash.
    def interrupted_run(request):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise RuntimeError("KeyboardInterrupt [while running 'NormalizeArticles/Normalize']") from None

    monkeypatch.setattr("pipeline.cli.commands.run", interrupted_run)
    assert main(["run", "--input", str(SEEDS), "--output", str(tmp_path / "out"), *IN_MEMORY]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == "newsclean: interrupted; no output was published"


def test_a_command_spares_beam_the_ipython_import_it_would_make_to_ask_whether_it_runs_in_a_notebook(monkeypatch):
    from apache_beam.utils.interactive_utils import is_in_ipython

    from pipeline.cli.commands import skip_ipython_probe

    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    skip_ipython_probe()
    assert is_in_ipython() is False
    assert sys.modules["IPython"] is None
