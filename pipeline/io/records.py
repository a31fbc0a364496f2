"""Pure conversion of one input file or JSON line into an :class:`Article` or a :class:`Reject`.

Every input record ends as exactly one of the two, so the reader never drops anything silently.
"""

from __future__ import annotations

import json
import math
import re
from functools import partial
from typing import Any

from pipeline.core.config import InputConfig
from pipeline.core.counting import CountFn, no_count
from pipeline.core.record import Article, Reject
from pipeline.io.decode import DecodeFailure, decode_bytes

# Characters of the offending input quoted in a reject's detail: enough to recognise the line, short enough to read.
SNIPPET_CHARS = 80
# A JSON escape of a UTF-16 surrogate: the only way a line decoded from UTF-8 can hold one. JSON gives a pair of them
# as the one character they encode; a lone one (a text cut inside an emoji by a UTF-16 tool) stays a surrogate, which
# no UTF-8 writer (or hash of an id) takes.
SURROGATE_ESCAPE_RE = re.compile(r"\\u[dD][89a-fA-F]")
LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# Counted per record whose lone surrogates were replaced.
SURROGATES_COUNTER = "read:lone-surrogates-replaced"
# Counted per record whose NaN, Infinity or overflowing numbers (1e999) became null: Python's json reads them, but
# they are not JSON, and most readers of the output would refuse the line.
NON_FINITE_COUNTER = "read:non-finite-numbers-nulled"
# Levels of nested arrays and objects a record may have. Python's json reads ~1,000, but a record nested that deep
# cannot be pickled between Beam's steps (RecursionError), and no article's metadata nests like that.
MAX_JSON_DEPTH = 64


def decode(data: bytes, config: InputConfig, count: CountFn = no_count) -> str:
    """Decode by the configured policy, counting what the policy had to do (``decode:<encoding>``, replacements)."""
    decoded = decode_bytes(data, config.decode_errors, config.max_replaced_share)
    if decoded.encoding != "utf-8":
        count(f"decode:{decoded.encoding}")
    if decoded.replaced:
        count("decode:replaced-bytes", decoded.replaced)
        count("decode:records-with-replacements")
    return decoded.text


def article_from_txt(
    article_id: str, data: bytes, config: InputConfig, origin: str = "", count: CountFn = no_count
) -> Article | Reject:
    """One ``.txt`` file is one article; its id is its path relative to the input root, without extension.

    >>> article = article_from_txt("world/kerry", b"Kerry in Moscow\\n\\nHe met Lavrov.", InputConfig())
    >>> article.id, article.text
    ('world/kerry', 'Kerry in Moscow\\n\\nHe met Lavrov.')
    >>> article_from_txt("empty", b"  \\n", InputConfig()).reason
    'empty'
    """
    try:
        text = decode(data, config, count)
    except DecodeFailure as failure:
        return Reject(article_id, failure.reason, failure.detail, origin)
    return _checked(Article(id=article_id, text=text, origin=origin), config)


def article_from_json_line(
    line: str, origin: str, config: InputConfig, line_id: str | None = None, count: CountFn = no_count
) -> Article | Reject:
    """Parse one JSONL line from ``origin`` (``path:line``); ``line_id`` (default: ``origin``) is the id of its reject
    when the line has no usable id. Lone surrogate escapes are replaced (:func:`without_lone_surrogates`).

    >>> cfg = InputConfig()
    >>> article = article_from_json_line('{"id": 7, "text": "Body.", "lang": "en"}', "a.jsonl:1", cfg)
    >>> article.id, article.text, article.extra
    ('7', 'Body.', {'lang': 'en'})
    >>> reject = article_from_json_line('{"id": "x", "text": ', "/in/a.jsonl:2", cfg, line_id="a.jsonl:2")
    >>> reject.id, reject.reason, reject.origin
    ('a.jsonl:2', 'invalid_json', '/in/a.jsonl:2')
    >>> article_from_json_line('[1, 2]', "a.jsonl:3", cfg).reason
    'not_an_object'
    >>> article_from_json_line('{"id": "x"}', "a.jsonl:4", cfg).reason
    'missing_text'
    >>> article_from_json_line('{"text": "Body."}', "a.jsonl:5", cfg).detail
    "line has no 'id' field; add one or set input.id_field in the config"
    >>> article_from_json_line('{"id": "n", "text": "x", "score": NaN, "big": 1e999}', "a.jsonl:8", cfg).extra
    {'score': None, 'big': None}
    >>> article_from_json_line('{"id": 1' + "0" * 5000 + '}', "a.jsonl:6", cfg).detail[:58]
    'JSON that cannot be read (Exceeds the limit (4300 digits) '
    >>> article_from_json_line("[" * 100_000 + "]" * 100_000, "a.jsonl:7", cfg).detail[:49]
    "JSON that cannot be read (nested too deeply): '[["
    """
    line_id = origin if line_id is None else line_id
    non_finite: list[str] = []
    try:
        obj: Any = json.loads(
            line, parse_constant=partial(_null_for, non_finite), parse_float=partial(_finite, non_finite)
        )
    except json.JSONDecodeError as error:
        # json's messages end in " at" when they point at a position ("Invalid control character at").
        problem = error.msg.removesuffix(" at")
        detail = f"not valid JSON ({problem} at column {error.colno}): {_snippet(line)}"
        return Reject(line_id, "invalid_json", detail, origin)
    except (ValueError, RecursionError) as error:
        # Valid JSON that Python's json will not build: an integer of over 4,300 digits (ValueError), or arrays or
        # objects nested deeper than the interpreter's recursion limit. One such line must not fail the whole run.
        problem = str(error).split(";")[0] if isinstance(error, ValueError) else "nested too deeply"
        detail = f"JSON that cannot be read ({problem}): {_snippet(line)}"
        return Reject(line_id, "invalid_json", detail, origin)
    if not isinstance(obj, dict):
        detail = f"line is a JSON {type(obj).__name__}, not an object: {_snippet(line)}"
        return Reject(line_id, "not_an_object", detail, origin)
    if nested_deeper_than(obj, MAX_JSON_DEPTH):
        detail = f"JSON nested deeper than {MAX_JSON_DEPTH} levels; flatten its fields: {_snippet(line)}"
        return Reject(line_id, "invalid_json", detail, origin)
    if non_finite:
        count(NON_FINITE_COUNTER)
    if SURROGATE_ESCAPE_RE.search(line):
        repaired = without_lone_surrogates(obj, config.id_field)
        if repaired != obj:
            count(SURROGATES_COUNTER)
            obj = repaired

    raw_id = obj.pop(config.id_field, None)
    if raw_id is None or raw_id == "":
        return Reject(
            line_id,
            "missing_id",
            f"line has no '{config.id_field}' field; add one or set input.id_field in the config",
            origin,
        )
    if not isinstance(raw_id, str | int) or isinstance(raw_id, bool):
        return Reject(line_id, "invalid_id", f"'{config.id_field}' must be a string or integer, got {raw_id!r}", origin)
    article_id = str(raw_id)

    text = obj.pop(config.text_field, None)
    if text is None:
        return Reject(
            article_id,
            "missing_text",
            f"line has no '{config.text_field}' field; add one or set input.text_field in the config",
            origin,
        )
    if not isinstance(text, str):
        detail = f"'{config.text_field}' must be a string, got {type(text).__name__}"
        return Reject(article_id, "invalid_text", detail, origin)

    optional: dict[str, str | None] = {}
    for name, key in (
        ("title", config.title_field),
        ("url", config.url_field),
        ("source", config.source_field),
        ("published", config.published_field),
    ):
        value = obj.pop(key, None)
        if value is not None and not isinstance(value, str):
            return Reject(article_id, f"invalid_{name}", f"'{key}' must be a string or null, got {value!r}", origin)
        optional[name] = value or None
    return _checked(Article(id=article_id, text=text, extra=obj, origin=origin, **optional), config)


def _null_for(found: list[str], constant: str) -> None:
    """json's ``parse_constant`` (NaN, Infinity, -Infinity): null, noted in ``found``."""
    found.append(constant)


def _finite(found: list[str], number: str) -> float | None:
    """json's ``parse_float``: the number, or null for one too large for a float (noted in ``found``).

    >>> found = []; _finite(found, "2.5"), _finite(found, "1e999"), found
    (2.5, None, ['1e999'])
    """
    value = float(number)
    if math.isfinite(value):
        return value
    found.append(number)
    return None


def nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether a parsed JSON value nests arrays and objects more than ``limit`` levels deep (the value itself is
    level 1), found without recursion.

    >>> nested_deeper_than({"a": [1, {"b": []}]}, 3), nested_deeper_than({"a": [1, {"b": []}]}, 4)
    (True, False)
    """
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def without_lone_surrogates(obj: dict[str, Any], id_field: str) -> dict[str, Any]:
    r"""A JSON object with each lone surrogate replaced: by U+FFFD (as a decoder replaces what it cannot read, and as
    ftfy does) in every key and value, and in the id by its escape as written (``\ud83d``), so that two ids stay two.

    >>> without_lone_surrogates({"id": "a\ud800", "text": "x\udfff", "n": [1, {"k": "\ud800"}]}, "id")
    {'id': 'a\\ud800', 'text': 'x�', 'n': [1, {'k': '�'}]}
    """
    repaired: dict[str, Any] = _replaced(obj)
    raw_id = obj.get(id_field)
    if isinstance(raw_id, str):
        repaired[id_field] = LONE_SURROGATE_RE.sub(lambda match: f"\\u{ord(match.group()):04x}", raw_id)
    return repaired


def _replaced(value: Any) -> Any:
    if isinstance(value, str):
        return LONE_SURROGATE_RE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_replaced(item) for item in value]
    if isinstance(value, dict):
        return {_replaced(key): _replaced(item) for key, item in value.items()}
    return value


def _checked(article: Article, config: InputConfig) -> Article | Reject:
    if len(article.text) > config.max_chars:
        return Reject(
            article.id,
            "too_large",
            f"{len(article.text):,} characters, over input.max_chars={config.max_chars:,}; "
            "split the document or raise the limit",
            article.origin,
        )
    if not article.text.strip():
        return Reject(article.id, "empty", "the text is empty or only whitespace", article.origin)
    return article


def _snippet(line: str) -> str:
    return repr(line[:SNIPPET_CHARS] + ("..." if len(line) > SNIPPET_CHARS else ""))
