"""Packed line keys (pipeline/text/packed_lines.py): what learning spills per article reads back exactly, in whole or
in parts, for any keys and any line text."""

from hypothesis import given
from hypothesis import strategies as st

from pipeline.text.learned import article_keys
from pipeline.text.packed_lines import (
    example_lines,
    key_bytes,
    keys_from_bytes,
    line_keys,
    pack_lines,
    story_of,
    unpack_lines,
)
from pipeline.text.stories import EMPTY_SKETCH, StorySketch

KEYS = st.integers(min_value=0, max_value=2**64 - 1)
SKETCHES = st.builds(StorySketch, st.integers(min_value=0, max_value=2**32 - 1), st.binary(max_size=256))


@given(st.lists(st.tuples(KEYS, st.text()), max_size=30), SKETCHES)
def test_packed_lines_read_back_as_they_were_packed(lines, story):
    lines = tuple(lines)
    packed = pack_lines(lines, story)
    assert unpack_lines(packed) == (lines, story)
    assert line_keys(packed).tolist() == [key for key, _ in lines]
    assert example_lines(packed) == tuple(line for _, line in lines)
    assert story_of(packed) == story


@given(st.lists(st.lists(KEYS, max_size=10), max_size=10))
def test_the_keys_of_many_articles_join_into_one_array_in_order(articles):
    parts = [key_bytes(pack_lines(tuple((key, "") for key in keys), EMPTY_SKETCH)) for keys in articles]
    assert keys_from_bytes(parts).tolist() == [key for keys in articles for key in keys]


def test_an_articles_keys_pack_to_what_learning_counts():
    content, lines, story = article_keys(["Share this", "A body paragraph.\nWrapped.", "Follow us\x00"])
    assert unpack_lines(pack_lines(lines, story)) == (lines, story)
    assert line_keys(pack_lines(lines, story)).tolist() == sorted(key for key, _ in lines)
