"""The JSON form of output records: one compact, deterministic line each."""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring  # what json.dumps(..., ensure_ascii=False) escapes strings with
from typing import Any

from pipeline.core.record import Article, ArticleLine, Duplicate, Reject
from pipeline.core.spans import Span

# Optional Article fields, written after the text when present.
OPTIONAL_ARTICLE_FIELDS = ("url", "source", "published")
# What an output's format makes of a record (pipeline.beam.write.WriteJsonlOutputs): the dict to write as its line,
# the line already encoded, or the span of that line in a spill file of the output's spill directory (written where
# the record was made, and deleted with the rest of the directory once the shards are written).
Output = dict[str, Any] | bytes | Span


def article_to_dict(article: Article) -> dict[str, Any]:
    """``{"id", "title", "text"}``, then the optional fields that were present, then every passed-through field.

    >>> article_to_dict(Article(id="a", text="Body.", title="T", source="bbc", extra={"lang": "en"}))
    {'id': 'a', 'title': 'T', 'text': 'Body.', 'source': 'bbc', 'lang': 'en'}
    """
    record: dict[str, Any] = {"id": article.id, "title": article.title, "text": article.text}
    for name in OPTIONAL_ARTICLE_FIELDS:
        value = getattr(article, name)
        if value is not None:
            record[name] = value
    for key, value in article.extra.items():
        record.setdefault(key, value)
    return record


def article_line(article: Article) -> bytes:
    """An article's output line (made once, where dedup fingerprints it: :class:`~pipeline.core.record.ArticleLine`).

    >>> article_line(Article("a", "Body.", source="bbc"))
    b'{"id": "a", "title": null, "text": "Body.", "source": "bbc"}'
    """
    return line_bytes(article_to_dict(article))


def article_from_line(line: bytes, origin: str = "") -> Article:
    """The article an output line was made from (for the run report's samples, and to break a tie between records
    with one id by their texts). A field of ``extra`` that bears the name of an optional field the article did not
    have comes back as that field: the line is the same either way.

    >>> article = Article("a", "Body.", title="T", source="bbc", extra={"lang": "en"}, origin="in.jsonl:1")
    >>> article_from_line(article_line(article), "in.jsonl:1") == article
    True
    """
    record = json.loads(line)
    article_id, text, title = record.pop("id"), record.pop("text"), record.pop("title")
    url, source, published = (record.pop(name, None) for name in OPTIONAL_ARTICLE_FIELDS)
    return Article(article_id, text, title, url, source, published, record, origin)


def article_output(record: Article | ArticleLine) -> Output:
    """What :class:`~pipeline.beam.write.WriteJsonlOutputs` writes for an article: an Article's dict, an
    ArticleLine's line (already encoded, or where it was spilled).

    >>> article_output(Article("a", "Body.")), article_output(ArticleLine("a", ("articles-1.spill", 0, 40)))
    ({'id': 'a', 'title': None, 'text': 'Body.'}, ('articles-1.spill', 0, 40))
    """
    return article_to_dict(record) if isinstance(record, Article) else record.line


def duplicate_to_dict(duplicate: Duplicate) -> dict[str, Any]:
    """``{"id", "duplicate_of", "match", "similarity", "estimated_similarity", "containment"}``.

    >>> duplicate_to_dict(Duplicate("b", "a", "containment", 0.41, 0.4375, 0.97))
    {'id': 'b', 'duplicate_of': 'a', 'match': 'containment', 'similarity': 0.41, 'estimated_similarity': 0.4375, \
'containment': 0.97}
    """
    return {
        "id": duplicate.id,
        "duplicate_of": duplicate.duplicate_of,
        "match": duplicate.match,
        "similarity": duplicate.similarity,
        "estimated_similarity": duplicate.estimated_similarity,
        "containment": duplicate.containment,
    } | ({"duplicate_of_run_date": duplicate.duplicate_of_run_date} if duplicate.duplicate_of_run_date else {})


def reject_to_dict(reject: Reject) -> dict[str, Any]:
    """``{"id", "reason", "detail", "source_file", "source_line"}``, then the record as read when it was kept: one of
    ``source_text`` (decoded), ``source_base64`` (bytes that could not be decoded) or ``source_omitted`` (why not).

    >>> from pipeline.core.record import Source
    >>> reject_to_dict(Reject("x", "empty", "the text is empty", source=Source("x.txt", None, text=" ")))
    {'id': 'x', 'reason': 'empty', 'detail': 'the text is empty', 'source_file': 'x.txt', 'source_line': None, \
'source_text': ' '}
    >>> reject_to_dict(Reject("f.jsonl:2", "invalid_json", "not valid JSON", source=Source("f.jsonl", 2, text="{")))
    {'id': 'f.jsonl:2', 'reason': 'invalid_json', 'detail': 'not valid JSON', 'source_file': 'f.jsonl', \
'source_line': 2, 'source_text': '{'}
    """
    source = reject.source
    record: dict[str, Any] = {
        "id": reject.id,
        "reason": reject.reason,
        "detail": reject.detail,
        "source_file": source.file if source else None,
        "source_line": source.line if source else None,
    }
    if source is not None:
        for name in ("text", "base64", "omitted"):
            value = getattr(source, name)
            if value is not None:
                record[f"source_{name}"] = value
    return record


def to_line(record: dict[str, Any]) -> str:
    """One JSON line, UTF-8 characters kept as they are (not \\u-escaped), no trailing newline.

    >>> to_line({"id": "é", "n": 1})
    '{"id": "é", "n": 1}'
    """
    return json.dumps(record, ensure_ascii=False)


# Strings shorter than this (ids, titles, field names) are escaped by json's own function: the byte replacing pays
# off on longer ones.
SHORT_STRING = 256
# Every byte but the control characters JSON escapes, and the newline (escaped by string_bytes itself).
_NOT_ESCAPED = bytes(range(0x20, 0x100)) + b"\n"


def string_bytes(text: str) -> bytes:
    r"""A string as :func:`to_line` writes it, as UTF-8. ``json`` escapes a string with a non-ASCII character one
    character at a time (~9 us for a 2.4 KB article, most of the time of a kept article's line); this replaces the
    bytes it escapes in the UTF-8 (~2 us), which no multi-byte character contains. A control character other than
    the newline (rare after normalizing) leaves it to ``json``.

    >>> text = 'Hé said "no"\n\\ \t' * 30
    >>> string_bytes(text)[:24], string_bytes(text) == json.dumps(text, ensure_ascii=False).encode("utf-8")
    (b'"H\xc3\xa9 said \\"no\\"\\n\\\\ \\tH', True)
    """
    if len(text) < SHORT_STRING:
        return encode_basestring(text).encode("utf-8")
    data = text.encode("utf-8")
    if data.translate(None, _NOT_ESCAPED):
        return json.dumps(text, ensure_ascii=False).encode("utf-8")
    return b'"' + data.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n") + b'"'


def line_bytes(record: dict[str, Any]) -> bytes:
    r"""``to_line(record)`` as UTF-8, its strings encoded by :func:`string_bytes`: what the output files hold, in
    ~5 us for a kept article's line instead of ~12.5.

    >>> line_bytes({"id": "é", "n": 1.5, "tags": ["a", None]})
    b'{"id": "\xc3\xa9", "n": 1.5, "tags": ["a", null]}'
    """
    fields = []
    for key, value in record.items():
        if type(key) is not str:
            # json writes other keys (numbers, None) as strings of its own making.
            return to_line(record).encode("utf-8")
        if type(value) is str:
            encoded = string_bytes(value)
        elif value is None:
            encoded = b"null"
        elif type(value) is float and math.isfinite(value):
            # What json writes for a finite float, without its call (~3 us each, three in a duplicate's line).
            encoded = float.__repr__(value).encode("ascii")
        else:
            encoded = json.dumps(value, ensure_ascii=False).encode("utf-8")
        fields.append(string_bytes(key) + b": " + encoded)
    return b"{" + b", ".join(fields) + b"}"
