"""Every kind of bad input ends in a defined place, with a clear reason, and the run's accounting holds."""

import base64
import json
import os
from pathlib import Path

import pytest

from benchmarks.bad_input import outcomes, write_bad_corpus
from pipeline.cli.commands import main
from tests.conftest import IN_MEMORY


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("bad")
    cases = write_bad_corpus(root / "corpus", big_mb=50)
    assert main(["run", "--input", str(root / "corpus"), "--output", str(root / "out"), *IN_MEMORY]) == 0
    return root / "out", cases


def test_each_kind_of_bad_input_ends_where_expected(bad_run):
    output, cases = bad_run
    found = outcomes(output)
    expected: dict[str, list[str]] = {}
    for case in cases:
        expected.setdefault(case.record_id, []).append(case.expected)
    gzip_records = sorted(k for k in found if k.startswith("gz-"))
    assert 100 < len(gzip_records) < 400  # the readable part of the truncated gzip is kept
    for key in gzip_records:
        assert found.pop(key) == ["kept"]
    assert {k: sorted(v) for k, v in found.items()} == {k: sorted(v) for k, v in expected.items()}


def test_accounting_holds_and_decoding_is_counted(bad_run):
    output, _ = bad_run
    summary = json.loads((output / "summary.json").read_text())
    assert summary["accounting"]["balanced"]
    counters = summary["counters"]
    assert counters["decode:cp1252"] == 1
    assert counters["decode:replaced-bytes"] == 1
    assert counters["decode:utf-16"] == 1 and counters["decode:utf-16-le"] == 1


def test_repaired_encodings_give_the_right_text(bad_run):
    output, _ = bad_run
    kept = {r["id"]: r for p in output.glob("articles-*.jsonl") for r in map(json.loads, p.open())}
    assert kept["latin1"]["title"] == "Café owners protest"
    assert kept["latin1"]["text"].endswith("Prices rose to £5 at the café.")
    assert kept["utf8-stray-byte"]["text"].endswith("Café culture.\ufffd End.")
    assert kept["lone-cr"]["title"] == "Old Mac line ends" and "\r" not in kept["lone-cr"]["text"]
    assert kept["crlf"]["title"] == "Windows line ends" and "\r" not in kept["crlf"]["text"]
    # A lone surrogate escape (a text cut inside an emoji) crashed the whole run when the id was hashed: it is U+FFFD
    # in the text and title, and its escape as written in the id, so the id stays distinct.
    emoji = kept["cut-emoji-\\ud83d"]
    assert emoji["title"] == "Cut emoji \ufffd" and emoji["text"].startswith("Cut inside an emoji \ufffd\n\n")


def test_lone_surrogates_replaced_are_counted(bad_run):
    output, _ = bad_run
    assert json.loads((output / "summary.json").read_text())["counters"]["read:lone-surrogates-replaced"] == 1


def test_numbers_that_are_not_json_are_written_as_null_and_counted(bad_run):
    # Python's json reads NaN and 1e999 (as inf) and writes them back as NaN and Infinity, which are not JSON.
    output, _ = bad_run
    lines = [line for p in output.glob("articles-*.jsonl") for line in p.open() if '"not-finite"' in line]
    assert len(lines) == 1 and "NaN" not in lines[0] and "Infinity" not in lines[0]
    assert {k: v for k, v in json.loads(lines[0]).items() if k in ("score", "big")} == {"score": None, "big": None}
    assert json.loads((output / "summary.json").read_text())["counters"]["read:non-finite-numbers-nulled"] == 1


def test_rejects_say_what_to_do(bad_run):
    output, _ = bad_run
    rejects = {r["id"].rsplit("/", 1)[-1]: r for p in output.glob("rejects-*.jsonl") for r in map(json.loads, p.open())}
    assert "re-encode the file as UTF-8" in rejects["not-utf8"]["detail"]
    assert "over input.max_chars=1,000,000" in rejects["huge"]["detail"]
    assert "gzip stream ends early" in next(r for k, r in rejects.items() if k.startswith("cut.jsonl.gz"))["detail"]
    assert "make ids unique" in rejects["dup-diff"]["detail"]


def test_every_reject_says_where_its_record_is_and_keeps_it_as_read(bad_run):
    output, cases = bad_run
    corpus = output.parent / "corpus"
    rejects = {r["id"]: r for p in output.glob("rejects-*.jsonl") for r in map(json.loads, p.open())}
    cut_id = next(i for i in rejects if i.startswith("cut.jsonl.gz:"))
    sources = {i: {k: v for k, v in r.items() if k.startswith("source_")} for i, r in rejects.items()}

    def line(number: int, text: str) -> dict:
        return {"source_file": "bad.jsonl", "source_line": number, "source_text": text}

    def whole(name: str, **kept: str) -> dict:
        return {"source_file": f"{name}.txt", "source_line": None, **kept}

    def encoded(name: str) -> str:
        return base64.b64encode((corpus / f"{name}.txt").read_bytes()).decode()

    latin1 = {}
    if any(case.record_id == "d\\xe9p\\xeache.jsonl:2" for case in cases):  # a file whose name is not UTF-8
        latin1["d\\xe9p\\xeache.jsonl:2"] = {
            "source_file": "d\\xe9p\\xeache.jsonl",
            "source_line": 2,
            "source_text": '{"id": "cut off',
        }
    assert sources == {
        **latin1,
        "bad.jsonl:2": line(2, '{"id": "json-broken", "text": "cut off'),
        "bad.jsonl:3": line(3, "[1, 2, 3]"),
        "no-text": line(4, '{"id": "no-text", "title": "T"}'),
        "int-text": line(5, '{"id": "int-text", "text": 42}'),
        "bad.jsonl:6": line(6, '{"text": "no id at all"}'),
        "bad.jsonl:12": line(12, '{"id": 1' + "0" * 5000 + ', "text": "x"}'),
        "bad.jsonl:13": line(13, '{"id": "deep", "text": "x", "meta": ' + "[" * 990 + "]" * 990 + "}"),
        "dup-diff": line(
            10, '{"id": "dup-diff", "text": "Second version\\n\\nA completely different short story about a cat."}'
        ),
        "empty": whole("empty", source_text=""),
        "whitespace": whole("whitespace", source_text="  \n\t\n \u00a0 \n"),
        "boilerplate-only": whole(
            "boilerplate-only", source_text="Advertisement\n\nShare on Facebook\n\nAll rights reserved."
        ),
        "binary": whole("binary", source_base64=encoded("binary")),
        "not-utf8": whole("not-utf8", source_base64=encoded("not-utf8")),
        "huge": whole("huge", source_omitted="52,428,733 characters, over output.reject_text_max_chars=2,000,000"),
        cut_id: {
            "source_file": "cut.jsonl.gz",
            "source_line": int(cut_id.split(":")[1]),
            "source_omitted": "the input file could not be read up to this record (EOFError: Compressed file ended "
            "before the end-of-stream marker was reached)",
        },
    }


def test_files_named_in_latin1_are_read_with_their_bytes_shown_as_escapes(bad_run, capsys):
    # Such a name stopped the whole run: its path and its articles' ids went through Beam's string coders.
    output, cases = bad_run
    if not any(case.record_id == "caf\\xe9-name" for case in cases):
        pytest.skip("this filesystem takes only UTF-8 names")
    kept = {r["id"]: r for p in output.glob("articles-*.jsonl") for r in map(json.loads, p.open())}
    assert kept["caf\\xe9-name"]["title"] == "Latin-1 file name"
    summary = json.loads((output / "summary.json").read_text())
    assert summary["counters"]["read:file-names-not-utf8"] == 2
    corpus = str(output.parent / "corpus")
    assert {corpus + "/caf\\xe9-name.txt", corpus + "/d\\xe9p\\xeache.jsonl"} <= set(summary["run"]["inputs"])
    # explain has only the shown path (from the summary), and finds the file by its bytes.
    assert main(["explain", "--output", str(output), "caf\\xe9-name"]) == 0
    assert "outcome:    kept" in capsys.readouterr().out


@pytest.mark.parametrize("flag", ["--output", "--history"])
def test_a_directory_to_write_not_named_in_utf8_stops_the_run_before_it_starts_with_what_to_do(tmp_path, capsys, flag):
    # Its paths go through Beam's string coders: the run stopped half-way with a traceback.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Headline\n\nA story about the harbour works that began this week.")
    named = os.fsdecode(bytes(tmp_path) + b"/caf\xe9")
    locations = {"--output": str(tmp_path / "out"), flag: named}
    args = [arg for item in locations.items() for arg in item]
    assert main(["run", "--input", str(tmp_path / "in"), *args, *IN_MEMORY]) == 2
    assert f"{flag} {tmp_path}/caf\\xe9 is not UTF-8: pass a directory whose name is UTF-8" in capsys.readouterr().err
    assert not os.path.exists(named) and not (tmp_path / "out").exists()
