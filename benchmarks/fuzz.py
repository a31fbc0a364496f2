"""Fuzz the cleaning functions and the input readers for a fixed time and report inputs tried and failures.

Hypothesis generates the inputs (arbitrary Unicode, scraped-looking text made of boilerplate, entities, mojibake and odd
whitespace, arbitrary bytes, JSON-ish lines). For each input it checks the properties the pipeline relies on:

* cleaner: never raises an unexpected error; output is NFC; cleaning its own output changes nothing (idempotent);
* normalizer: idempotent;
* decoder: returns text or raises DecodeFailure, never anything else;
* JSONL line reader: returns an Article or a Reject for any line, never raises.

    python benchmarks/fuzz.py [--seconds 60]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.config import InputConfig
from pipeline.core.record import Article, Reject
from pipeline.io.decode import DecodeFailure, decode_bytes
from pipeline.io.records import article_from_json_line
from pipeline.text.clean import ArticleCleaner
from pipeline.text.config import CleaningConfig
from pipeline.text.normalize import normalize_text

CLEANER = ArticleCleaner(CleaningConfig())
INPUT_CONFIG = InputConfig()
PIECES = [
    "Advertisement", "ADVERTISEMENT", "Share on Facebook", "Connect With Us : 0242202447 | 0551484843 |", "&pound;5",
    "&#39;", "&amp;", "â€™", "â€œ", "\u00a0", "\u200b", "\ufeff", "\r\n", "\r", "\n\n", "\n", " ", "\t", ".", ",", '"',
    "\u201c", "\u201d", "Read more: ", "You may also like:", "© 2024 Site", "|", "By Staff Writer", "3 Comments",
    "Headline here", "The minister said", "on Monday", "prices rose", "é", "e\u0301", "\x00", "\x1b[0m", "ﬁ",
]
scraped = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)
texts = st.one_of(st.text(max_size=600), scraped)
json_lines = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda i, t, extra: '{"id": ' + i + ', "text": ' + t + extra + "}",
        st.sampled_from(['"a"', "7", "null", "true", "[]", '""', '{"x": 1}']),
        st.sampled_from(['"body"', "null", "3", '["x"]', '"\\ud800"', '"a\\u0000b"']),
        st.sampled_from(["", ', "title": 5', ', "published": "2024-01-01"', ', "x": {"y": [1, 2]}', ","]),
    ),
)


def check_cleaner(text: str) -> None:
    once = CLEANER.clean_text(text, None)
    assert unicodedata.is_normalized("NFC", once.text), "output not NFC"
    twice = CLEANER.clean_text(once.text, once.title)
    assert (twice.title, twice.text) == (once.title, once.text), "not idempotent"


def check_normalizer(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once, "not idempotent"


def check_decoder(data: bytes) -> None:
    with contextlib.suppress(DecodeFailure):  # a clear reject is a correct answer for bytes that are not text
        decode_bytes(data)


def check_json_line(line: str) -> None:
    assert isinstance(article_from_json_line(line, "fuzz.jsonl:1", INPUT_CONFIG), Article | Reject)


TARGETS: list[tuple[str, Callable[[Any], None], Any]] = [
    ("cleaner", check_cleaner, texts),
    ("normalizer", check_normalizer, texts),
    ("decoder", check_decoder, st.binary(max_size=600)),
    ("jsonl reader", check_json_line, json_lines),
]


def fuzz(name: str, check: Callable[[Any], None], strategy: Any, seconds: float) -> tuple[int, Counter[str], str]:
    tried = 0
    failures: Counter[str] = Counter()
    first_failure = ""
    deadline = time.monotonic() + seconds

    @settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(value: Any) -> None:
        nonlocal tried, first_failure
        tried += 1
        try:
            check(value)
        except AssertionError as error:  # a property that does not hold
            failures[f"property: {error}"] += 1
            first_failure = first_failure or f"{value!r}: {error}"
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, UnicodeError, RecursionError) as error:
            failures[f"{type(error).__name__}"] += 1
            first_failure = first_failure or f"{value!r}: {traceback.format_exc(limit=3)}"

    while time.monotonic() < deadline:
        run()
    return tried, failures, first_failure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="time per target (default 60)")
    args = parser.parse_args()
    print(f"{'target':14s} {'inputs tried':>12s} {'failures':>9s}")
    total_failures = 0
    for name, check, strategy in TARGETS:
        tried, failures, first = fuzz(name, check, strategy, args.seconds)
        total_failures += sum(failures.values())
        print(f"{name:14s} {tried:12,d} {sum(failures.values()):9d}  {dict(failures) if failures else ''}")
        if first:
            print(f"   first failure: {first[:500]}")
    print(f"{'all':14s} {'':12s} {total_failures:9d}  ({args.seconds:.0f} s per target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
