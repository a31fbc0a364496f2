"""Learning never erases the news: a story syndicated k times comes out once with its full body, every other copy is a
recorded duplicate of it, with --no-dedup every copy keeps its body, and a real footer is still learned.

Through the command line, on the in-memory runner (a few hypothesis examples plus the extremes k = 2 and k = 50) and
on the multi-process runner (k = 50).
"""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.cli.commands import main
from tests.conftest import IN_MEMORY, MULTI_PROCESSING
from tests.syndicated import FOOTER, FOOTER_SITE, Day, syndicated_day


def _run(directory: Path, day: Day, *flags: str, beam: list[str] = IN_MEMORY) -> dict[str, list[dict]]:
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / "day.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in day.records), encoding="utf-8")
    output = directory / "out"
    assert main(["run", "--input", str(source), "--output", str(output), "--quiet", *flags, *beam]) == 0
    return {
        prefix: [json.loads(line) for path in sorted(output.glob(f"{prefix}-*.jsonl")) for line in path.open()]
        for prefix in ("articles", "duplicates", "rejects", "learned-lines")
    }


def _check_deduplicated(day: Day, outputs: dict[str, list[dict]]) -> None:
    assert outputs["rejects"] == []
    kept = {article["id"]: article for article in outputs["articles"]}
    # the story once, with its full body; every other record too
    assert sorted(kept) == sorted(set(day.bodies) - set(day.copy_ids))
    for record_id, article in kept.items():
        assert article["text"] == "\n\n".join(day.bodies[record_id]), record_id
    # every copy a recorded duplicate of the story
    assert {(d["id"], d["duplicate_of"]) for d in outputs["duplicates"]} == {(c, day.story_id) for c in day.copy_ids}
    _check_footer_learned(outputs)


def _check_footer_learned(outputs: dict[str, list[dict]]) -> None:
    # the footer on 20 different stories is learned (and removed above); nothing of the story is
    learned = {(line["site"], line["line"], line["stories"]) for line in outputs["learned-lines"]}
    assert learned == {(FOOTER_SITE, line, 20) for line in FOOTER}


@settings(max_examples=3, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(copies=st.integers(min_value=2, max_value=50), seed=st.integers(min_value=0, max_value=2**16))
@example(copies=2, seed=1)
@example(copies=50, seed=2)
def test_a_syndicated_story_comes_out_once_with_its_full_body(tmp_path, copies, seed):
    day = syndicated_day(copies, seed)
    _check_deduplicated(day, _run(tmp_path / f"dedup-{copies}-{seed}", day))


@settings(max_examples=2, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(copies=st.integers(min_value=2, max_value=50), seed=st.integers(min_value=0, max_value=2**16))
@example(copies=50, seed=3)
def test_without_dedup_every_copy_keeps_its_body(tmp_path, copies, seed):
    day = syndicated_day(copies, seed)
    outputs = _run(tmp_path / f"nodedup-{copies}-{seed}", day, "--no-dedup")
    assert outputs["rejects"] == [] and outputs["duplicates"] == []
    kept = {article["id"]: article for article in outputs["articles"]}
    assert sorted(kept) == sorted(day.bodies)
    for record_id, paragraphs in day.bodies.items():
        text = kept[record_id]["text"].split("\n\n")
        # every body paragraph is there, in order (chrome the rules do not know may stay around it)
        assert [paragraph for paragraph in text if paragraph in paragraphs] == paragraphs, record_id
    _check_footer_learned(outputs)


@pytest.mark.parametrize("copies", [50])
def test_a_syndicated_story_on_the_multi_process_runner(tmp_path, copies):
    day = syndicated_day(copies, seed=4)
    _check_deduplicated(day, _run(tmp_path, day, beam=MULTI_PROCESSING))


def test_explain_says_who_taught_a_learned_line(tmp_path, capsys):
    day = syndicated_day(10, seed=5)
    _run(tmp_path, day)
    capsys.readouterr()
    assert main(["explain", day.footer_ids[0], "--output", str(tmp_path / "out")]) == 0
    lines = capsys.readouterr().out.splitlines()
    removed = lines[lines.index("  removed lines (2):") + 1 :]
    assert removed == [
        f"    learned_boilerplate  {FOOTER[0]}",
        f"                           (learned from 20 articles (20 stories) of {FOOTER_SITE})",
        f"    learned_boilerplate  {FOOTER[1]}",
        f"                           (learned from 20 articles (20 stories) of {FOOTER_SITE})",
    ]
