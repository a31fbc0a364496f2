"""Tests of benchmarks/distinct_corpus.py on literal articles (no shared data)."""

from __future__ import annotations

import doctest
import html
import re
import statistics
from collections import Counter

import pytest

from benchmarks import distinct_corpus
from benchmarks.distinct_corpus import Sources, generate, sources_from

CATEGORIES = ("sport", "politics")
SUBJECTS = ("The striker", "The minister", "A spokesman", "Their coach", "The council", "Local voters")
VERBS = ("praised", "criticised", "announced", "delayed", "defended", "questioned")
OBJECTS = ("the budget", "the new stadium", "the transfer", "the election date", "the tax plan", "the final")


def sentence(n: int) -> str:
    return f"{SUBJECTS[n % 6]} {VERBS[n // 6 % 6]} {OBJECTS[n // 36 % 6]} on day {n}."


def news_records() -> list[dict[str, str]]:
    """Twelve articles of 2-4 paragraphs of 2-3 sentences, all sentences different."""
    records, n = [], 0
    for index in range(12):
        paragraphs = []
        for p in range(2 + index % 3):
            paragraphs.append(" ".join(sentence(n + k) for k in range(2 + p % 2)))
            n += 3
        records.append(
            {
                "id": f"{CATEGORIES[index % 2]}/{index:03d}",
                "category": CATEGORIES[index % 2],
                "title": f"Story number {index} makes headlines",
                "text": "\n".join(paragraphs),
            }
        )
    return records


def republished() -> tuple[list[dict[str, object]], dict[str, dict[str, str]]]:
    """Two copies in site boilerplate (one wrapped) with their gold title and body, and an origin (ignored)."""
    body = f"{sentence(500)} {sentence(501)}\n{sentence(502)}"
    copies: list[dict[str, object]] = [
        {
            "id": "c1",
            "role": "copy",
            "source": "metro",
            "damage": ["title_repeat", "ent"],
            "text": f"Metro | Sport\n\nBig match\n\nBig match\n\n{body.replace(chr(10), chr(10) * 2)}\n\n"
            "Share on Facebook\n\n(c) Metro 2020\n",
        },
        {
            "id": "c2",
            "role": "copy",
            "source": "wire",
            "damage": ["wrap:40"],
            "text": f"WIRE+\nBig match\nAdvertisement\n{sentence(500)}\nFollow us for more\n",
        },
        {"id": "o1", "role": "origin", "source": "origin", "damage": [], "text": "Big match\n\n" + body},
    ]
    gold = {
        "c1": {"title": "Big match", "clean_text": body},
        "c2": {"title": "Big match", "clean_text": sentence(500)},
    }
    return copies, gold


@pytest.fixture(scope="module")
def sources() -> Sources:
    copies, gold = republished()
    return sources_from(news_records(), copies, gold)


def test_doctests() -> None:
    assert doctest.testmod(distinct_corpus).failed == 0


def test_sources_hold_templates_sentences_and_dresses(sources: Sources) -> None:
    assert sources.categories == ("politics", "sport")
    assert [len(sources.templates[c]) for c in sources.categories] == [6, 6]
    metro, wire = sources.dresses
    assert metro.header == ("Metro | Sport", distinct_corpus.TITLE, distinct_corpus.TITLE)
    assert metro.footer == ("Share on Facebook", "(c) Metro 2020") and metro.inline == ()
    assert metro.damage == ("ent",) and metro.separator == "\n\n"
    assert wire.header == ("WIRE+", distinct_corpus.TITLE, "Advertisement")
    assert wire.footer == ("Follow us for more",) and wire.damage == ("wrap:40",) and wire.separator == "\n"


def test_same_seed_same_records(sources: Sources) -> None:
    first = list(generate(sources, 300, seed=5))
    assert first == list(generate(sources, 300, seed=5))
    assert first != list(generate(sources, 300, seed=6))


def test_no_two_texts_equal_even_from_tiny_sources(sources: Sources) -> None:
    records = list(generate(sources, 2_000, seed=1))
    assert len({r["text"] for r in records}) == 2_000
    assert [r["id"] for r in records[:3]] == ["d0000000", "d0000001", "d0000002"]


def test_near_duplicate_share_and_kinds(sources: Sources) -> None:
    records = list(generate(sources, 4_000, seed=2, near_share=0.25))
    kinds = Counter(r["kind"] for r in records)
    copies = kinds["copy-light"] + kinds["copy-medium"]
    assert copies / len(records) == pytest.approx(0.25, abs=0.02)
    assert kinds["copy-medium"] / copies == pytest.approx(distinct_corpus.MEDIUM_SHARE, abs=0.05)
    originals = {r["id"] for r in records if r["kind"] == "original"}
    assert all(r["cluster"] in originals for r in records)
    assert all(r["cluster"] == r["id"] for r in records if r["kind"] == "original")
    assert {r["source"] for r in records if r["kind"] != "original"} == {"metro", "wire"}
    assert not any(r["kind"] != "original" for r in generate(sources, 500, seed=2, near_share=0.0))


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", html.unescape(text)))


def test_light_copies_keep_every_word_of_their_original(sources: Sources) -> None:
    records = list(generate(sources, 1_000, seed=3))
    by_id = {r["id"]: r for r in records}
    light = [r for r in records if r["kind"] == "copy-light" and by_id[r["cluster"]]["source"] == "origin"]
    assert len(light) > 30
    # An undressed original's copy only adds boilerplate, Unicode damage (entities here) and wrapping.
    assert all(words(by_id[r["cluster"]]["text"]) <= words(r["text"]) for r in light)
    assert all(r["text"] != by_id[r["cluster"]]["text"] for r in light)


def test_lengths_follow_the_templates(sources: Sources) -> None:
    records = [r for r in generate(sources, 2_000, seed=4, near_share=0.0) if r["source"] == "origin"]
    real = statistics.median(len(r["text"]) for r in news_records())
    generated = statistics.median(len(r["text"].split("\n\n", 1)[1]) for r in records)
    assert generated == pytest.approx(real, rel=0.15)
    paragraphs = Counter(r["text"].split("\n\n", 1)[1].count("\n") for r in records)
    assert set(paragraphs) == {2, 3, 4}  # the templates' paragraph counts


def test_bad_share_and_empty_sources_are_errors(sources: Sources) -> None:
    with pytest.raises(ValueError, match="near_share must be in"):
        next(generate(sources, 1, near_share=1.0))
    with pytest.raises(ValueError, match="no templates or no dresses"):
        next(generate(Sources({}, {}, {}, ()), 1))
