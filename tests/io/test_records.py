"""Every input line or file becomes exactly one Article or one Reject with a stable reason."""

import codecs

import pytest

from pipeline.core.config import InputConfig
from pipeline.core.record import Article, Reject
from pipeline.io.records import article_from_json_line, article_from_txt

CONFIG = InputConfig()


def test_json_line_keeps_known_fields_and_passes_the_rest_through():
    line = (
        '{"id": "a1", "text": "Body.", "title": "Head", "url": "https://x.example/a1", "source": "x",'
        ' "published": "2024-01-02", "section": "World", "tags": ["a", "b"]}'
    )
    assert article_from_json_line(line, "f.jsonl:1", CONFIG) == Article(
        id="a1",
        text="Body.",
        title="Head",
        url="https://x.example/a1",
        source="x",
        published="2024-01-02",
        extra={"section": "World", "tags": ["a", "b"]},
        origin="f.jsonl:1",
    )


def test_field_names_are_configurable():
    config = InputConfig(id_field="doc_id", text_field="body")
    article = article_from_json_line('{"doc_id": "d", "body": "Text here."}', "f:1", config)
    assert (article.id, article.text, article.extra) == ("d", "Text here.", {})


@pytest.mark.parametrize(
    ("line", "expected_id", "reason"),
    [
        ('{"id": "x", "text": "cut off', "f:3", "invalid_json"),
        ("[1, 2]", "f:3", "not_an_object"),
        ('"just a string"', "f:3", "not_an_object"),
        ('{"text": "no id"}', "f:3", "missing_id"),
        ('{"id": "", "text": "empty id"}', "f:3", "missing_id"),
        ('{"id": {"a": 1}, "text": "dict id"}', "f:3", "invalid_id"),
        ('{"id": true, "text": "bool id"}', "f:3", "invalid_id"),
        ('{"id": "x"}', "x", "missing_text"),
        ('{"id": "x", "text": null}', "x", "missing_text"),
        ('{"id": "x", "text": 42}', "x", "invalid_text"),
        ('{"id": "x", "text": ["a"]}', "x", "invalid_text"),
        ('{"id": "x", "text": "ok", "title": 5}', "x", "invalid_title"),
        ('{"id": "x", "text": "   \\n  "}', "x", "empty"),
    ],
)
def test_bad_json_lines_are_rejected_with_a_reason(line, expected_id, reason):
    result = article_from_json_line(line, "f:3", CONFIG)
    assert isinstance(result, Reject)
    assert (result.id, result.reason) == (expected_id, reason)
    assert result.detail


def test_integer_ids_become_strings():
    assert article_from_json_line('{"id": 12, "text": "t"}', "f:1", CONFIG).id == "12"


def test_too_large_documents_are_rejected_not_cleaned():
    config = InputConfig(max_chars=10)
    result = article_from_txt("big", b"x" * 11, config)
    assert isinstance(result, Reject)
    assert result.reason == "too_large"
    assert "input.max_chars=10" in result.detail


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"caf\xe9 \xc3\xa9" + b"\xe9" * 50, "invalid_utf8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"", "empty"),
        (b" \n\t\n", "empty"),
    ],
)
def test_undecodable_or_empty_files_are_rejected(data, reason):
    result = article_from_txt("doc", data, CONFIG)
    assert isinstance(result, Reject)
    assert result.reason == reason


def test_byte_order_marks_are_honoured():
    assert article_from_txt("a", codecs.BOM_UTF8 + "Ünïcode".encode(), CONFIG).text == "Ünïcode"
    assert article_from_txt("b", "Ünïcode".encode("utf-16"), CONFIG).text == "Ünïcode"


def test_decoding_policy_is_configurable_and_counted():
    from pipeline.core.counting import Tally

    legacy = "Caf\u00e9 prices \u2013 \u00a35".encode("cp1252")
    tally = Tally()
    assert article_from_txt("a", legacy, CONFIG, count=tally).text == "Café prices – £5"
    assert tally == {"decode:cp1252": 1}
    strict = article_from_txt("a", legacy, InputConfig(decode_errors="strict"))
    assert isinstance(strict, Reject)
    assert strict.reason == "invalid_utf8"
    assert "offset 3" in strict.detail
    damaged = ("Ünïcode text " * 20).encode() + b"\xc3"
    tally = Tally()
    assert article_from_txt("b", damaged, CONFIG, count=tally).text.endswith("text \ufffd")
    assert tally == {"decode:replaced-bytes": 1, "decode:records-with-replacements": 1}


def test_utf16_without_bom_is_detected_and_crlf_survives_decoding():
    assert article_from_txt("a", "Line one\r\nLine two".encode("utf-16-le"), CONFIG).text == "Line one\r\nLine two"
