"""The native-language pages benchmark: its data is well formed and its scoring counts what it says."""

from __future__ import annotations

import doctest
import json

from benchmarks import native_pages


def test_doctests() -> None:
    assert doctest.testmod(native_pages).failed == 0


def test_every_gold_paragraph_is_on_its_page() -> None:
    pages = [json.loads(line) for line in native_pages.PAGES.read_text(encoding="utf-8").splitlines()]
    assert len(pages) == 135 and len({page["id"] for page in pages}) == 135
    for page in pages:
        text = native_pages.comparable(page["text"])
        assert native_pages.comparable(page["gold_title"]) in text, page["id"]
        for paragraph in page["gold_body"].split("\n\n"):
            # the hard-wrapped pages' gold is unwrapped: compare without line breaks
            assert native_pages.comparable(paragraph) in text, (page["id"], paragraph[:60])


def test_perfect_output_scores_perfectly_and_a_lost_paragraph_is_counted() -> None:
    page = {"id": "p", "gold_title": "Title", "gold_body": "First paragraph.\n\nSecond paragraph."}
    perfect = native_pages.score([page], {"p": {"title": "Title", "text": "First paragraph.\n\nSecond paragraph."}})
    assert (perfect["lost"], perfect["exact"], perfect["titles"], perfect["chrome_left"]) == (0, 1, 1, 0)
    lost = native_pages.score([page], {"p": {"title": "Title", "text": "First paragraph."}})
    assert lost["lost_paragraphs"] == [("p", "Second paragraph.")]


def _gold_on_page(page: dict[str, str]) -> bool:
    text = native_pages.comparable(page["text"])
    paragraphs = [page["gold_title"], *page["gold_body"].split("\n\n")]
    return all(native_pages.comparable(paragraph) in text for paragraph in paragraphs)


def test_left_out_pages_are_well_formed_without_showing_them() -> None:
    # The left-out pages are never printed: a failure names only the set and how many pages are wrong.
    sets = native_pages.left_out_sets()
    assert {"left out 49", "left out 50"} <= set(sets)
    for name, pages in sets.items():
        assert len(pages) == 72 and len({page["id"] for page in pages}) == 72, name
        wrong = sum(not _gold_on_page(page) for page in pages)
        assert wrong == 0, f"{name}: {wrong} pages have gold text that is not on the page"


def test_layout_pages_are_well_formed():
    pages = list(native_pages.read_jsonl(native_pages.LAYOUTS))
    assert len(pages) == 36 and len({page["id"] for page in pages}) == 36
    assert [page["id"] for page in pages if not _gold_on_page(page)] == []


def test_page_ids_are_unique_across_every_set():
    # native_pages.py runs every set in one input: a left-out page with a development page's id would be scored
    # against the other's gold (set 53's "A-es-2" did, before its ids were prefixed).
    pages = [
        *native_pages.read_jsonl(native_pages.PAGES),
        *native_pages.read_jsonl(native_pages.LAYOUTS),
        *(page for pages in native_pages.left_out_sets().values() for page in pages),
    ]
    ids = [page["id"] for page in pages]
    assert len(ids) == len(set(ids)), f"{len(ids) - len(set(ids))} page ids are used twice"
