"""Local paths made absolute for workers that run in another directory; remote paths kept."""

import pytest

from pipeline.io.paths import absolute_if_set, absolute_path


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("seeds", "/work/main/seeds"),
        ("seeds/", "/work/main/seeds"),
        ("./seeds/feed.jsonl", "/work/main/seeds/feed.jsonl"),
        ("../scrapes/**/*.jsonl.gz", "/work/scrapes/**/*.jsonl.gz"),
        ("out/[0-9]*.txt", "/work/main/out/[0-9]*.txt"),
        ("/data/in", "/data/in"),
    ],
)
def test_local_paths_become_absolute_against_the_given_directory(path, expected):
    assert absolute_path(path, "/work/main") == expected


@pytest.mark.parametrize(
    "path",
    ["gs://bucket/scrapes/*.jsonl", "s3://bucket/out", "hdfs://namenode:8020/in/", "azfs://account/container/x"],
)
def test_remote_paths_stay_as_they_are(path):
    assert absolute_path(path, "/work/main") == path


def test_an_unset_path_stays_unset():
    assert [absolute_if_set(p, "/work/main") for p in (None, "", "learned")] == [None, "", "/work/main/learned"]
