"""Recovering a rejected record: origins, the wanted lines of a file, and the text a reject keeps."""

import codecs

import pytest

from pipeline.core.config import InputConfig
from pipeline.core.record import Source
from pipeline.io.recover import line_origin, missing, split_origin, wanted_records, with_text

CONFIG = InputConfig()


@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        (line_origin("/in/feed.jsonl", 12), ("/in/feed.jsonl", 12)),
        (line_origin("gs://bucket/day:1/feed.jsonl.gz", 3), ("gs://bucket/day:1/feed.jsonl.gz", 3)),
        ("/in/world/kerry.txt", ("/in/world/kerry.txt", None)),
        ("s3://bucket/a:b.txt.gz", ("s3://bucket/a:b.txt.gz", None)),
        ("", ("", None)),
    ],
)
def test_an_origin_splits_into_its_file_and_line(origin, expected):
    assert split_origin(origin) == expected


def test_only_the_wanted_lines_are_read_and_reading_stops_after_the_last():
    read: list[int] = []

    def lines():
        for number in range(1, 1000):
            read.append(number)
            yield b"line %d\n" % number

    assert list(wanted_records(lines(), {2, 5})) == [(2, b"line 2\n"), (5, b"line 5\n")]
    assert read == [1, 2, 3, 4, 5]
    assert list(wanted_records(lines(), set())) == []


@pytest.mark.parametrize(
    ("source", "data", "expected"),
    [
        # A JSONL line: exactly as in the file, without its line end (LF or CRLF), broken JSON too.
        (Source("f.jsonl", 4), b'{"id": "x", "text": "cut\n', Source("f.jsonl", 4, text='{"id": "x", "text": "cut')),
        (Source("f.jsonl", 1), b'{"id": "y"}\r\n', Source("f.jsonl", 1, text='{"id": "y"}')),
        # A .txt file: its whole text as the reader decoded it (BOM dropped, cp1252 guessed), trailing newline kept.
        (Source("a.txt", None), codecs.BOM_UTF8 + b"Title\n\nBody.\n", Source("a.txt", None, text="Title\n\nBody.\n")),
        (Source("b.txt", None), b"caf\xe9 \x96 \xa35", Source("b.txt", None, text="café – £5")),
        (Source("c.txt", None), "Sixteen".encode("utf-16"), Source("c.txt", None, text="Sixteen")),
        (Source("d.txt", None), b" \n", Source("d.txt", None, text=" \n")),
        # Bytes the reader could not decode: base64 of the bytes (of a line: without its line end).
        (Source("e.txt", None), b"\x89PNG\x00\x00\n", Source("e.txt", None, base64="iVBORwAACg==")),
        (Source("g.jsonl", 2), b"\x00\x01\n", Source("g.jsonl", 2, base64="AAE=")),
    ],
)
def test_a_reject_keeps_its_record_as_the_reader_read_it(source, data, expected):
    assert with_text(source, data, CONFIG, max_chars=1000) == expected


def test_undecodable_bytes_follow_the_decoding_policy():
    strict = InputConfig(decode_errors="strict")
    assert with_text(Source("a.txt", None), b"caf\xe9", strict, 100) == Source("a.txt", None, base64="Y2Fm6Q==")


def test_a_text_over_the_cap_is_left_out_and_says_why():
    assert with_text(Source("big.txt", None), b"x" * 11, CONFIG, max_chars=10) == Source(
        "big.txt", None, omitted="11 characters, over output.reject_text_max_chars=10"
    )
    assert with_text(Source("big.txt", None), b"x" * 10, CONFIG, max_chars=10).text == "x" * 10
    assert with_text(Source("bin.txt", None), b"\x00" * 9, CONFIG, max_chars=11).omitted == (
        "12 characters, over output.reject_text_max_chars=11"
    )


def test_a_record_that_cannot_be_read_again_says_why():
    assert missing(Source("cut.jsonl.gz", 7), "cut") == Source("cut.jsonl.gz", 7, omitted="cut")
