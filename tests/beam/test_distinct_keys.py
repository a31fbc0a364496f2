"""OnePerCopy (pipeline/beam/distinct_keys.py): one copy of each (site, content key), whatever the arrival order, with
the values inline or in spill files."""

import os

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipeline.beam.bands import pack
from pipeline.beam.distinct_keys import COPY_PARTITIONS, DistinctArticleKeys, PickCopies, loaded
from pipeline.text.packed_lines import pack_lines
from pipeline.text.stories import EMPTY_SKETCH
from tests.conftest import IN_MEMORY


def keys(site: str, content: int, example: str) -> tuple:
    return (site, content), pack_lines(((7, example), (9, "Body line")), EMPTY_SKETCH)


# Three copies of one text on "metro" whose example lines differ in case; the same text on "other"; a distinct one.
ARTICLE_KEYS = [
    keys("metro", 1, "Share"),
    keys("metro", 1, "SHARE"),
    keys("metro", 1, "share"),
    keys("other", 1, "Share"),
    keys("metro", 1 + COPY_PARTITIONS, "Menu"),
]
EXPECTED = [keys("metro", 1, "SHARE"), keys("other", 1, "Share"), keys("metro", 1 + COPY_PARTITIONS, "Menu")]


def distinct(article_keys: list[tuple], spill_dir: str | None) -> None:
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        batches = pipeline | beam.Create(article_keys) | DistinctArticleKeys(spill_dir)
        assert_that(batches | beam.FlatMap(loaded), equal_to(EXPECTED))


@pytest.mark.parametrize("order", [1, -1])
def test_one_copy_per_site_and_text_with_the_smallest_lines(tmp_path, order):
    distinct(ARTICLE_KEYS[::order], str(tmp_path / "spill"))
    # The values went to spill files: one per bundle, holding all five.
    (spill_file,) = os.listdir(tmp_path / "spill")
    assert (tmp_path / "spill" / spill_file).read_bytes().count(b"Body line") == 5


def test_inline_values_without_a_spill_directory():
    distinct(ARTICLE_KEYS, None)


def test_pick_copies_gives_one_batch_of_a_partition_in_key_order():
    def inline(article_keys):
        return pack(article_keys)

    (batch,) = PickCopies().process((1, [inline(ARTICLE_KEYS[3:]), inline(ARTICLE_KEYS[:3])]))
    assert loaded(batch) == sorted(EXPECTED)
