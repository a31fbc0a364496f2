"""Tests of benchmarks/second_pass.py: its doctests, and the real CLI on literal corpora."""

from __future__ import annotations

import doctest
import json

from benchmarks import second_pass
from tests.beam.test_dedup import STORY_X, STORY_Y, _text, far_copies


def test_doctests():
    assert doctest.testmod(second_pass).failed == 0


def test_both_runs_on_a_corpus_whose_duplicates_the_first_run_all_found(tmp_path, capsys):
    # "copy-b" is "copy-a" without its commas; both are near copies of "member", a near copy of "root", and too far
    # from root. The first run drops member for root and copy-b for copy-a (before RegroupFarMembers it kept copy-b,
    # and the second run found it); the second finds nothing more.
    records = [
        {"id": article_id, "text": text, "published": published} for article_id, text, published in far_copies("commas")
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    workdir = tmp_path / "work"
    assert second_pass.main(["--input", str(corpus), "--workdir", str(workdir)]) == 0
    results = json.loads((workdir / "results.json").read_text(encoding="utf-8"))
    assert (results["first"]["kept"], results["first"]["duplicates"]) == (
        2,
        {"exact": 0, "near": 2, "containment": 0},
    )
    assert (results["second"]["residual"], results["second"]["examples"]) == (0, [])
    assert "0 more duplicates (0.0000% of the kept)" in capsys.readouterr().out


def test_a_second_run_counts_what_a_first_output_left_in(tmp_path, capsys):
    # A first output written by hand that kept an exact copy and a near copy of "x" (as a run without dedup would).
    first = tmp_path / "first"
    first.mkdir()
    kept = [("x", _text(STORY_X)), ("x-copy", _text(STORY_X)), ("x-near", _text(STORY_X[:9])), ("y", _text(STORY_Y))]
    lines = [json.dumps({"id": article_id, "text": text}) + "\n" for article_id, text in kept]
    (first / "articles-00000-of-00001.jsonl").write_text("".join(lines), encoding="utf-8")
    summary = {"counts": {"read": 4, "kept": 4, "duplicates": {}, "rejected": {}}}  # as a finished run writes it
    (first / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    (first / "_SUCCESS").write_text("", encoding="utf-8")
    workdir = tmp_path / "work"
    assert second_pass.main(["--first", str(first), "--workdir", str(workdir)]) == 0
    second = json.loads((workdir / "results.json").read_text(encoding="utf-8"))["second"]
    assert (second["first_kept"], second["residual"], second["share"]) == (4, 2, 0.5)
    assert second["by_kind"] == {"exact": 1, "near": 1, "containment": 0}
    assert [(e["id"], e["duplicate_of"], e["match"]) for e in second["examples"]] == [
        ("x-copy", "x", "exact"),
        ("x-near", "x", "near"),
    ]
    assert "2 more duplicates (50.0000% of the kept)" in capsys.readouterr().out


def test_a_first_output_that_is_not_a_finished_run_is_refused_in_one_line(tmp_path, capsys):
    assert second_pass.main(["--first", str(tmp_path / "missing"), "--workdir", str(tmp_path / "work")]) == 1
    error = capsys.readouterr().err.strip()
    assert error.endswith("missing holds no finished newsclean run (no _SUCCESS): pass --input CORPUS instead")
