"""newsclean calibrate: exact figures on a tiny labelled-pairs fixture, and one-line usage errors."""

from __future__ import annotations

import json

import pytest

from pipeline.cli.commands import main
from tests.beam.test_dedup import INTRO, STORY_X, STORY_Y, UNRELATED

ARTICLES = [
    {"id": "x", "text": " ".join(STORY_X)},
    {"id": "x-near", "text": " ".join(STORY_X[:4] + ["Drivers will use the ring road instead."] + STORY_X[5:])},
    {"id": "x-half", "text": " ".join(STORY_X[:5])},
    {"id": "y", "text": " ".join(STORY_Y)},
    {"id": "y-intro", "text": " ".join(INTRO + STORY_Y)},
    {"id": "mix", "text": " ".join(STORY_X[:4] + STORY_Y[:6])},
    {"id": "z", "text": UNRELATED},
]
PAIRS = [
    {"id1": "x", "id2": "x-near", "label": 1},
    {"id1": "x", "id2": "x-half", "label": 1},
    {"id1": "y", "id2": "y-intro", "label": 1},
    {"id1": "x", "id2": "mix", "label": 0},
    {"id1": "y", "id2": "mix", "label": 0},
    {"id1": "x", "id2": "z", "label": 0},
]


@pytest.fixture
def files(tmp_path):
    articles, pairs = tmp_path / "articles.jsonl", tmp_path / "pairs.jsonl"
    articles.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    pairs.write_text("".join(json.dumps(p) + "\n" for p in PAIRS))
    return articles, pairs


def test_calibrate_prints_exact_figures(files, capsys):
    articles, pairs = files
    code = main(["calibrate", "--articles", str(articles), "--pairs", str(pairs), "--thresholds", "0.3,0.55,0.8"])
    assert code == 0
    assert capsys.readouterr().out.splitlines() == [
        "6 labelled pairs (3 positive, 3 negative) over 7 articles; shingle_size 5, num_perm 128, seed 1",
        "containment columns: configured banding 32 x 4, threshold 0.55, containment_threshold = the row's value",
        "",
        "threshold  bands x rows  candidates  near P  near R  near F1  cont P  cont R  cont F1",
        # Verified Jaccard of the pairs: x-near 0.816, x-half 0.500, y-intro 0.502 (label 1); x/mix 0.245,
        # y/mix 0.423, x/z 0.0 (label 0). At 0.3 all four above it are candidates: 3 right, 1 wrong.
        "     0.30        37 x 3      1.0000  0.7500  1.0000   0.8571  0.7500  1.0000   0.8571",
        # 21 x 6 makes only x-near a candidate under this seed and shingle hash (x-half and y-intro, ~0.50, miss).
        "     0.55        21 x 6      0.3333  1.0000  0.3333   0.5000  0.7500  1.0000   0.8571",
        # 9 x 13 brings x-near (Jaccard 0.816) together under this seed: 1 of 3 positives, no false match.
        "     0.80        9 x 13      0.3333  1.0000  0.3333   0.5000  1.0000  1.0000   1.0000",
    ]


def test_calibrate_default_range_has_one_row_per_threshold(files, capsys):
    articles, pairs = files
    assert main(["calibrate", "--articles", str(articles), "--pairs", str(pairs)]) == 0
    rows = capsys.readouterr().out.splitlines()[4:]
    assert [row.split()[0] for row in rows] == [f"{0.30 + 0.05 * i:.2f}" for i in range(14)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"thresholds": "0.5,2"}, "--thresholds must be numbers in (0, 1] separated by commas, got '2'"),
        ({"pairs_line": '{"id1": "x", "id2": "nope", "label": 1}'}, "id 'nope' is not in the articles file"),
        ({"pairs_line": '{"id1": "x", "id2": "y", "label": "maybe"}'}, "label must be 1/0 or true/false"),
        ({"pairs_line": "not json"}, "is not valid JSON"),
        ({"missing": True}, "cannot read pairs file"),
    ],
)
def test_calibrate_usage_errors_are_one_line(files, tmp_path, capsys, change, message):
    articles, pairs = files
    if "pairs_line" in change:
        pairs.write_text(change["pairs_line"] + "\n")
    if "missing" in change:
        pairs = tmp_path / "absent.jsonl"
    argv = ["calibrate", "--articles", str(articles), "--pairs", str(pairs)]
    argv += ["--thresholds", change["thresholds"]] if "thresholds" in change else []
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
