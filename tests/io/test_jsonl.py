"""line_bytes writes exactly the bytes of json.dumps(record, ensure_ascii=False) as UTF-8, for any record."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.io.jsonl import line_bytes, string_bytes, to_line

# Text with what JSON escapes (quotes, backslashes, every control character), non-ASCII letters, emoji and the
# characters JSON leaves alone (DEL, U+2028); no lone surrogates, which UTF-8 cannot hold.
TEXT = st.text(
    st.one_of(
        st.sampled_from('"\\\n\r\t\b\f\x00\x1f\x7f\u2028é€😀'),
        st.characters(exclude_categories=("Cs",)),
    )
)
# Long enough for string_bytes' own escaping (shorter strings go to json's): the text repeated, around an article.
LONG_TEXT = st.tuples(TEXT, st.integers(1, 40), TEXT).map(lambda parts: parts[0] * parts[1] + "x" * 256 + parts[2])
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXT | LONG_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(TEXT, VALUES, max_size=8))
def test_line_bytes_are_the_json_line_as_utf8(record):
    assert line_bytes(record) == to_line(record).encode("utf-8")


@given(TEXT | LONG_TEXT)
def test_string_bytes_are_the_json_string_as_utf8(text):
    assert string_bytes(text) == json.dumps(text, ensure_ascii=False).encode("utf-8")


def test_keys_json_would_convert_are_converted_as_json_does():
    record = {"id": "a", 1: "one", None: "none", 2.5: True}
    assert line_bytes(record) == b'{"id": "a", "1": "one", "null": "none", "2.5": true}'


def test_a_lone_surrogate_fails_as_the_json_line_would():
    with pytest.raises(UnicodeEncodeError):
        to_line({"text": "\ud800"}).encode("utf-8")
    with pytest.raises(UnicodeEncodeError):
        line_bytes({"text": "\ud800"})
