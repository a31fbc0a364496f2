"""ArticleCleaner end to end: the pinned seed article, golden cases, counters, rejects, pickling."""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.counting import Tally
from pipeline.core.record import Article, Reject
from pipeline.text.clean import ArticleCleaner, CleanedText, RemovedLine
from pipeline.text.config import CleaningConfig, HeadlineConfig

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).parent / "cases"
GOLDEN: list[dict[str, Any]] = json.loads((CASES / "golden.json").read_text(encoding="utf-8"))
CLEANER = ArticleCleaner(CleaningConfig())


def test_seed_article_is_pinned():
    raw = (PROJECT_ROOT / "seeds" / "seed-article.txt").read_text(encoding="utf-8")
    expected = (CASES / "seed-article.expected.txt").read_text(encoding="utf-8").rstrip("\n")
    tally = Tally()
    cleaned = CLEANER.clean_text(raw, None, tally)
    assert cleaned.title == "Kerry seeks to narrow divisions with Russia"
    assert cleaned.text == expected
    assert len(cleaned.text.split("\n\n")) == 15
    assert "Advertisement" not in cleaned.text and "Connect With Us" not in cleaned.text
    assert "\u00a0" not in cleaned.text
    assert cleaned.removed == (
        RemovedLine("Kerry seeks to narrow divisions with Russia", "headline_repeat"),
        RemovedLine("Advertisement", "ad_marker"),
        RemovedLine("Connect With Us : 0242202447 | 0551484843 | 0266361755 | 059 199 7513 |", "contact_footer"),
    )
    assert tally == {
        "normalize:nbsp": 1,
        "normalize:whitespace": 1,
        "headline:detected": 1,
        "headline:repeat-removed": 1,
        "line-removed:headline_repeat": 1,
        "line-removed:ad_marker": 1,
        "line-removed:contact_footer": 1,
    }


@pytest.mark.parametrize("case", GOLDEN, ids=[case["name"] for case in GOLDEN])
def test_golden_case(case: dict[str, Any]):
    cleaned = CLEANER.clean_text(case["text"], case["title"])
    assert cleaned.title == case["expected_title"]
    assert cleaned.text == case["expected_text"]
    assert [line.rule for line in cleaned.removed] == case["expected_rules"]


@pytest.mark.parametrize("case", GOLDEN, ids=[case["name"] for case in GOLDEN])
def test_output_shape(case: dict[str, Any]):
    text = CLEANER.clean_text(case["text"], case["title"]).text
    assert text == text.strip()
    assert "\n\n\n" not in text
    assert all(paragraph and "\n" not in paragraph for paragraph in text.split("\n\n"))


@pytest.mark.parametrize("case", GOLDEN, ids=[case["name"] for case in GOLDEN])
def test_cleaning_is_idempotent(case: dict[str, Any]):
    once = CLEANER.clean_text(case["text"], case["title"])
    twice = CLEANER.clean_text(once.text, once.title)
    assert (twice.title, twice.text, twice.removed) == (once.title, once.text, ())


def test_counts_wrapped_text_and_title_from_field():
    tally = Tally()
    text = GOLDEN[5]["text"]
    CLEANER.clean_text(text, "'No re-draft' for EU patent law", tally)
    assert tally["paragraphs:rejoined-wrapped"] == 1
    assert tally["headline:from-field"] == 1
    assert tally["headline:repeat-removed"] == 1
    assert "headline:detected" not in tally


def test_title_field_is_normalized():
    cleaned = CLEANER.clean_text("Body sentence here.", "  Hague&#39;s\u00a0earnings\n shown ")
    assert cleaned.title == "Hague's earnings shown"


def test_blank_title_field_falls_back_to_detection():
    assert CLEANER.clean_text("Headline here\n\nBody sentence.", "  ").title == "Headline here"


def test_detection_can_be_switched_off():
    cleaner = ArticleCleaner(CleaningConfig(headline=HeadlineConfig(detect=False)))
    cleaned = cleaner.clean_text("Headline here\n\nBody sentence.", None)
    assert (cleaned.title, cleaned.text) == (None, "Headline here\n\nBody sentence.")


def test_call_returns_a_changed_copy():
    article = Article(id="a1", text=GOLDEN[2]["text"], url="https://example.com/a1", extra={"lang": "en"})
    result = CLEANER(article)
    assert isinstance(result, Article)
    assert result == dataclasses.replace(article, title=GOLDEN[2]["expected_title"], text=GOLDEN[2]["expected_text"])
    assert article.text == GOLDEN[2]["text"]  # the input is untouched


def test_call_rejects_empty_article():
    tally = Tally()
    result = CLEANER(Article(id="a2", text="Advertisement\n\n© 2021 Example\n\nTwo words."), tally)
    assert isinstance(result, Reject)
    assert (result.id, result.reason) == ("a2", "empty_after_cleaning")
    assert "2 words left" in result.detail and "cleaning.min_words is 5" in result.detail
    assert "\n" not in result.detail
    assert tally["line-removed:ad_marker"] == 1


def test_min_words_zero_keeps_everything():
    result = ArticleCleaner(CleaningConfig(min_words=0))(Article(id="a3", text="Advertisement"))
    assert isinstance(result, Article) and result.text == ""


def test_cleaner_pickles_and_behaves_the_same():
    restored = pickle.loads(pickle.dumps(CLEANER))
    case = GOLDEN[3]
    assert restored.clean_text(case["text"], None) == CLEANER.clean_text(case["text"], None)


def test_results_are_frozen():
    cleaned = CLEANER.clean_text("Title\n\nBody sentence.", None)
    assert isinstance(cleaned, CleanedText)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cleaned.text = "x"  # type: ignore[misc]


def test_normalize_counts_as_it_goes_and_records_the_counts():
    tally = Tally()
    normalized = CLEANER.normalize(GOLDEN[5]["text"] + "\r\n\r\nFish &amp; chips", tally)
    assert sorted(normalized.counts) == sorted(tally) and all(n == 1 for n in tally.values())
    assert "paragraphs:rejoined-wrapped" in normalized.counts and "normalize:ftfy" in normalized.counts
    assert list(normalized.paragraphs) == CLEANER.paragraphs(GOLDEN[5]["text"] + "\r\n\r\nFish &amp; chips")


@pytest.mark.parametrize("case", GOLDEN, ids=[case["name"] for case in GOLDEN])
def test_cleaning_from_a_normalized_text_is_cleaning_the_text(case: dict[str, Any]):
    article = Article(id="a1", text=case["text"], title=case["title"])
    from_text, from_normalized = Tally(), Tally()
    expected = CLEANER.clean(article, from_text)
    normalized = CLEANER.normalize(case["text"])  # its counts are counted when it is cleaned
    # the text is not read again: it may have been dropped
    assert CLEANER.clean(dataclasses.replace(article, text=""), from_normalized, normalized=normalized) == expected
    assert from_normalized == from_text


def test_a_short_thai_story_keeps_its_headline_and_body():
    # Thai writes no sentence-final mark and no spaces between words: the one-"word" headline was taken for a section
    # label above a two-"word" headline (the body), which left no body at all.
    story = (
        "รัฐบาลประกาศแผนพลังงานใหม่\n\n"
        "รัฐบาลประกาศแผนพลังงานหมุนเวียนฉบับใหม่เมื่อวันจันทร์ โดยตั้งเป้าเพิ่มสัดส่วนพลังงานสะอาด\n\nโฆษณา\n\nแชร์"
    )
    kept = CLEANER(Article(id="th1", text=story))
    assert isinstance(kept, Article)
    assert kept.title == "รัฐบาลประกาศแผนพลังงานใหม่"
    assert kept.text == "รัฐบาลประกาศแผนพลังงานหมุนเวียนฉบับใหม่เมื่อวันจันทร์ โดยตั้งเป้าเพิ่มสัดส่วนพลังงานสะอาด"


def test_a_short_story_in_a_script_without_spaces_is_kept_not_rejected_as_empty():
    # Two sentences of Japanese are 2 whitespace-separated "words"; each letter counts (pipeline.core.scripts): 24 + 15,
    # "10" one word.
    story = "東京で大雪\n\n気象庁によると、東京都心で10センチの積雪を観測した。\n\n鉄道各社は運転を見合わせている。"
    kept = CLEANER(Article(id="ja1", text=story))
    assert isinstance(kept, Article)
    assert kept.title == "東京で大雪"
    assert kept.text == "気象庁によると、東京都心で10センチの積雪を観測した。\n\n鉄道各社は運転を見合わせている。"
    reject = ArticleCleaner(CleaningConfig(min_words=50))(Article(id="ja2", text=story))
    assert isinstance(reject, Reject)
    assert reject.detail.startswith("39 words left after cleaning (cleaning.min_words is 50)")


# A Chilean radio's page: its masthead, tagline, player's prompt and sections above the story's headline.
TEMUCO_TOP = ["Noticias del sur de Chile", "Escucha la radio en vivo las 24 horas", "Temuco | Araucanía | Deportes"]
TEMUCO_HEADLINE = "Concejo de Temuco aprueba la compra de cuatro buses eléctricos para el transporte escolar"
TEMUCO_BODY = [
    "El concejo municipal de Temuco aprobó este martes la compra de cuatro buses eléctricos que desde abril"
    " trasladarán a más de 300 escolares de sectores rurales.",
    "La inversión alcanza los 1.200 millones de pesos y será financiada por el gobierno regional.",
]


def test_the_line_over_the_byline_is_the_headline_not_a_tagline_above_it():
    # A tagline and a player's prompt look like headlines too; the dateline under the story's headline says which it
    # is.
    lines = ["Radio Austral", *TEMUCO_TOP, TEMUCO_HEADLINE, "Publicado el 4 de marzo de 2026", *TEMUCO_BODY]
    cleaned = CLEANER.clean_text("\n\n".join(lines), None)
    assert cleaned.title == TEMUCO_HEADLINE
    assert cleaned.text.startswith("El concejo municipal")
    # A headline over its standfirst over the byline stays the headline.
    headline = "Council to close the old library"
    standfirst = "Repairs to its roof would cost more than a new building, a review found"
    lines = [headline, standfirst, "By Ann Lee", "The council voted on Tuesday to close it, after a review."]
    assert CLEANER.clean_text("\n\n".join(lines), None).title == headline


def test_a_masthead_date_does_not_hide_the_byline_under_the_headline():
    # The line over the masthead's date is the site's name; the byline further down names the story's headline.
    lines = ["Radio Austral", "Publicado el 4 de marzo de 2026", *TEMUCO_TOP, TEMUCO_HEADLINE, "Por María Soto"]
    cleaned = CLEANER.clean_text("\n\n".join([*lines, *TEMUCO_BODY]), None)
    assert cleaned.title == TEMUCO_HEADLINE
    assert [line.rule for line in cleaned.removed if line.line == "Por María Soto"] == ["chrome[byline/es+pt]"]
