"""The JSON form of output records: one compact, deterministic line each."""

from __future__ import annotations

import json
from typing import Any

from pipeline.core.record import Article, Duplicate, Reject


def article_to_dict(article: Article) -> dict[str, Any]:
    """``{"id", "title", "text"}``, then the optional fields that were present, then every passed-through field.

    >>> article_to_dict(Article(id="a", text="Body.", title="T", source="bbc", extra={"lang": "en"}))
    {'id': 'a', 'title': 'T', 'text': 'Body.', 'source': 'bbc', 'lang': 'en'}
    """
    record: dict[str, Any] = {"id": article.id, "title": article.title, "text": article.text}
    for name in ("url", "source", "published"):
        value = getattr(article, name)
        if value is not None:
            record[name] = value
    for key, value in article.extra.items():
        record.setdefault(key, value)
    return record


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
