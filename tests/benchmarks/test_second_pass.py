"""Tests of benchmarks/second_pass.py: its doctests, and the real CLI on literal corpora."""

from __future__ import annotations

import doctest
import json

from benchmarks import second_pass
from tests.beam.test_dedup import INTRO, STORY_X, STORY_Y, _text


def test_doctests():
    assert doctest.testmod(second_pass).failed == 0


def test_a_second_run_drops_the_near_copies_the_first_kept_beside_each_other(tmp_path, capsys):
    # "copy-a" and "copy-b" differ only in punctuation (one shingle set, two content hashes). Each is a near copy of
    # "member", which is a near copy of "root": the group's kept article is root, and each copy is verified against
    # root alone, too far from it (Jaccard 0.38): both are kept. The second run, without root's group, finds them.
    story = STORY_X + STORY_Y[:5]
    text = _text(story[:11] + STORY_Y[5:9])
    records = [
        {"id": "root", "text": _text(story + INTRO), "published": "2024-01-01"},
        {"id": "member", "text": _text(story), "published": "2024-01-03"},
        {"id": "copy-a", "text": text, "published": "2024-01-02"},
        {"id": "copy-b", "text": text.replace(",", ""), "published": "2024-01-04"},
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    workdir = tmp_path / "work"
    assert second_pass.main(["--input", str(corpus), "--workdir", str(workdir)]) == 0
    results = json.loads((workdir / "results.json").read_text(encoding="utf-8"))
    assert results["first"]["kept"] == 3
    assert results["first"]["duplicates"] == {"exact": 0, "near": 1, "containment": 0}
    second = results["second"]
    assert (second["residual"], second["share"], second["by_kind"]["near"]) == (1, 0.333333, 1)
    assert [(e["id"], e["duplicate_of"], e["similarity"]) for e in second["examples"]] == [("copy-b", "copy-a", 1.0)]
    assert "1 more duplicates (33.3333% of the kept)" in capsys.readouterr().out


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
