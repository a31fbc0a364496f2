"""Recovering a rejected record: where it came from (its origin) and what it was (its text as the reader read it).

A record's origin is its input file's full path, followed by ``:line`` (1-based) for a line of a JSONL file. A
``.txt`` file is one record and its name ends in its suffix, so an origin that ends in ``:<digits>`` is always a line.
Rejects carry their origin through the pipeline (a few dozen bytes); their text is read again from the input file
just before they are written (:mod:`pipeline.beam.recover`), so that articles never carry a second copy of their
text for the few that end as rejects.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Collection, Iterable, Iterator

from pipeline.core.config import InputConfig
from pipeline.core.record import Source
from pipeline.io.decode import DecodeFailure, decode_bytes


def line_origin(path: str, line: int) -> str:
    """The origin of line ``line`` of the JSONL file ``path``.

    >>> line_origin("gs://feeds/a.jsonl", 7)
    'gs://feeds/a.jsonl:7'
    """
    return f"{path}:{line}"


def split_origin(origin: str) -> tuple[str, int | None]:
    """``(path, line)`` of an origin; line None for a whole file.

    >>> split_origin("gs://feeds/a.jsonl:7"), split_origin("/in/world/kerry.txt"), split_origin("c:/x.txt")
    (('gs://feeds/a.jsonl', 7), ('/in/world/kerry.txt', None), ('c:/x.txt', None))
    """
    path, _, line = origin.rpartition(":")
    if path and line.isdigit():
        return path, int(line)
    return origin, None


def wanted_records(lines: Iterable[bytes], wanted: Collection[int]) -> Iterator[tuple[int, bytes]]:
    """``(line number, bytes)`` of the wanted lines of a JSONL stream, numbered as the reader numbers them; stops
    reading after the last wanted line.

    >>> list(wanted_records([b"a\\n", b"b\\n", b"c\\n", b"d\\n"], {3, 1}))
    [(1, b'a\\n'), (3, b'c\\n')]
    """
    if not wanted:
        return
    last = max(wanted)
    for number, raw in enumerate(lines, start=1):
        if number in wanted:
            yield number, raw
        if number >= last:
            return


def with_text(source: Source, data: bytes, config: InputConfig, max_chars: int) -> Source:
    """``source`` with the record's text: ``data`` (a JSONL line as read, with its line end, or a whole ``.txt``
    file) decoded as the reader decodes it, without the line end of a line; base64 of the bytes when the reader
    could not decode them; neither, and why, when the kept form is longer than ``max_chars``.

    >>> with_text(Source("a.jsonl", 2), b'{"id": "x"}\\r\\n', InputConfig(), 100)
    Source(file='a.jsonl', line=2, text='{"id": "x"}', base64=None, omitted=None)
    >>> with_text(Source("b.txt", None), b"\\x89PNG\\x00\\x00", InputConfig(), 100).base64
    'iVBORwAA'
    >>> with_text(Source("c.txt", None), b"Headline\\n\\nBody.\\n", InputConfig(), 10).omitted
    '16 characters, over output.reject_text_max_chars=10'
    """
    try:
        text = decode_bytes(data, config.decode_errors, config.max_replaced_share).text
    except DecodeFailure:
        kept = base64.b64encode(_without_line_end(data) if source.line is not None else data).decode("ascii")
        return _capped(dataclasses.replace(source, base64=kept), len(kept), max_chars)
    if source.line is not None:
        text = text.removesuffix("\n").removesuffix("\r")
    return _capped(dataclasses.replace(source, text=text), len(text), max_chars)


def missing(source: Source, why: str) -> Source:
    """``source`` without text, and ``why`` (its file could not be read again up to the record).

    >>> missing(Source("cut.jsonl.gz", 9), "the input file could not be read up to this record").omitted
    'the input file could not be read up to this record'
    """
    return dataclasses.replace(source, omitted=why)


def _capped(source: Source, chars: int, max_chars: int) -> Source:
    if chars <= max_chars:
        return source
    return dataclasses.replace(
        source, text=None, base64=None, omitted=f"{chars:,} characters, over output.reject_text_max_chars={max_chars:,}"
    )


def _without_line_end(data: bytes) -> bytes:
    return data.removesuffix(b"\n").removesuffix(b"\r")
