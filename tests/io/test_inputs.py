"""Resolving --input arguments into the files to read."""

import pytest

from pipeline.core.errors import UsageError
from pipeline.io.inputs import resolve_inputs


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "world").mkdir()
    (tmp_path / "world" / "kerry.txt").write_text("Kerry")
    (tmp_path / "feed.jsonl").write_text("{}\n")
    (tmp_path / "old.jsonl.gz").write_bytes(b"")
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / ".hidden.txt").write_text("editor swap file")
    return tmp_path


def test_a_directory_is_read_recursively_with_ids_relative_to_it(tree):
    resolved = resolve_inputs([str(tree)])
    assert [(f.relative, f.kind) for f in resolved.files] == [
        ("feed.jsonl", "jsonl"),
        ("old.jsonl.gz", "jsonl"),
        ("world/kerry.txt", "txt"),
    ]
    assert resolved.files[2].article_id == "world/kerry"
    assert [p.rsplit("/", 1)[-1] for p in resolved.skipped] == ["notes.md"]


def test_globs_and_files_are_deduplicated(tree):
    resolved = resolve_inputs([f"{tree}/**/*.txt", str(tree / "world" / "kerry.txt")])
    assert [f.article_id for f in resolved.files] == ["world/kerry"]


def test_a_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="does not exist"):
        resolve_inputs([str(tmp_path / "nope")])


def test_an_explicit_file_of_unknown_kind_is_a_usage_error(tree):
    with pytest.raises(UsageError, match="not a .txt, .jsonl"):
        resolve_inputs([str(tree / "notes.md")])


def test_an_empty_directory_resolves_to_no_files(tmp_path):
    assert resolve_inputs([str(tmp_path)]).files == ()


def test_the_record_bound_of_a_local_jsonl_file_is_its_line_count(tmp_path):
    from pipeline.io.inputs import InputFile, record_bound

    path = tmp_path / "day.jsonl"
    path.write_text('{"id": "a", "text": "one"}\n\n{"id": "b", "text": "two"}\n')
    local = InputFile(str(path), "day.jsonl", "jsonl", path.stat().st_size)
    assert record_bound([local]) == 4  # 3 newlines: at most 4 lines, the last one unterminated
    # Not on local disk (or gone): the size bound, without reading it.
    remote = InputFile("gs://bucket/day.jsonl", "day.jsonl", "jsonl", 2_000)
    assert record_bound([remote, local]) == 2_000 // 20 + 1 + 4


def test_counting_stops_past_the_cap_and_still_gives_a_bound_above_it(tmp_path):
    from pipeline.io.inputs import InputFile, record_bound

    path = tmp_path / "big.jsonl"
    path.write_text('{"id": "a", "text": "one two three"}\n' * 5_000)
    big = InputFile(str(path), "big.jsonl", "jsonl", path.stat().st_size)
    assert record_bound([big]) == 5_001
    assert record_bound([big], cap=10) > 10  # above the cap is all a capped caller learns
    assert record_bound([big], cap=10_000) == 5_001
