"""Tests of the generalisation benchmark's site templates, corpus generator and scoring, on literal stories.

The shared data is never read: the stories below are written for these tests.
"""

from __future__ import annotations

import doctest
import html
import json
import random
import re
from dataclasses import replace
from pathlib import Path

import ftfy
import pytest

from benchmarks import generalise, metrics
from benchmarks.bbc_republished import Output
from benchmarks.sites import catalog, corpus, render, scoring, site
from benchmarks.sites.render import Story

STORIES = [
    Story(
        id=f"news/{number:03d}",
        title=f"Harbour town votes on plan {number}",
        paragraphs=(
            f"Residents of the harbour town voted on plan {number} on Thursday, the council said.",
            "The scheme would rebuild the old quay and add a ferry link. It has been argued over for years. "
            "Supporters say it will bring jobs. Critics say the cost, put at £4m, is too high.",
            '"We have waited long enough," said one fisherman. The result is due next week.',
        ),
    )
    for number in range(12)
]
HEADLINES = tuple(story.title for story in STORIES)
FIELD = re.compile(r"\{[a-z_0-9]+\}")


def recovered(text: str) -> str:
    """The page text with its damage undone as far as a test needs: mojibake, entities, wrapping, NBSP."""
    return metrics.normalize_whitespace(html.unescape(ftfy.fix_text(text)))


@pytest.mark.parametrize("module", [site, render, corpus, scoring])
def test_doctests(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.failed == 0


def test_catalog_has_enough_sites_and_languages_and_a_split() -> None:
    assert len(catalog.SITES) >= 14
    assert len({s.language.split("-")[0] for s in catalog.SITES}) >= 11
    assert catalog.LEFT_OUT_NAMES.isdisjoint(s.name for s in catalog.TUNE)
    assert len(catalog.TUNE) + len(catalog.LEFT_OUT) == len(catalog.SITES)


@pytest.mark.parametrize("template", catalog.SITES, ids=lambda s: s.name)
def test_every_template_renders_its_chrome_around_the_whole_body(template: site.Site) -> None:
    page = render.render(template, STORIES[1], HEADLINES, random.Random(3))
    text = recovered(page.text)
    assert not FIELD.search(page.text), "a chrome field was left unfilled"
    for paragraph in STORIES[1].paragraphs:
        assert paragraph in text
    for _, line in page.chrome:
        assert metrics.normalize_whitespace(line) in text
    assert page.title == (STORIES[1].title if template.layout.title_field else None)
    assert ("headline", STORIES[1].title + template.layout.headline_suffix) in page.chrome or not (
        template.layout.headline_in_body
    )
    assert {kind for kind, _ in page.chrome} >= set(template.layout.head)


def test_every_vocabulary_entry_formats() -> None:
    for template in catalog.SITES:
        filler = site.Filler(template, random.Random(0), HEADLINES)
        for kind, entries in template.chrome.items():
            for entry in entries:
                assert not FIELD.search(entry.format_map(filler)), (template.name, kind, entry)
        for date_format in template.calendar.formats:
            assert not FIELD.search(date_format.format_map(filler)), (template.name, date_format)


def test_a_template_varies_its_chrome_across_articles() -> None:
    template = catalog.SITES[0]
    pages = [render.render(template, story, HEADLINES, random.Random(story.id)) for story in STORIES]
    assert len({page.text.splitlines()[0] for page in pages}) > 1
    assert len({tuple(line for _, line in page.chrome) for page in pages}) == len(pages)


def test_generation_is_deterministic_and_seeded() -> None:
    first = corpus.republish(STORIES, 10, seed=5)
    again = corpus.republish(STORIES, 10, seed=5)
    other = corpus.republish(STORIES, 10, seed=6)
    assert [(c.record, c.gold) for c in first] == [(c.record, c.gold) for c in again]
    assert [c.record for c in first] != [c.record for c in other]


def test_a_copy_depends_only_on_seed_story_and_site() -> None:
    template = catalog.SITES[4]
    alone = corpus.make_copy("x1", STORIES[2], template, HEADLINES, seed=9)
    again = corpus.make_copy("x2", STORIES[2], template, HEADLINES, seed=9)
    assert alone.record["text"] == again.record["text"]
    assert alone.gold["clean_text"] == again.gold["clean_text"]


def test_gold_is_the_body_that_was_inserted() -> None:
    copies = corpus.republish(STORIES, 12, seed=1)
    by_story = {story.id: story for story in STORIES}
    assert {c.gold["edit_level"] for c in copies} == {"light", "medium"}
    for copy in copies:
        gold, story = copy.gold, by_story[copy.gold["cluster"]]
        text = recovered(copy.record["text"])
        position = 0
        for paragraph in gold["clean_text"].split("\n"):  # each gold paragraph, in order, in the page
            position = text.index(paragraph, position) + len(paragraph)
        assert gold["title"] == story.title
        if gold["edit_level"] == "light":
            assert gold["clean_text"] == "\n".join(story.paragraphs)
        assert copy.record["source"] == gold["site"]
        assert ("title" in copy.record) == catalog.BY_NAME[gold["site"]].layout.title_field


def test_copies_of_a_story_are_on_distinct_sites() -> None:
    copies = corpus.republish(STORIES, 12, seed=2)
    sites_by_story: dict[str, list[str]] = {}
    for copy in copies:
        sites_by_story.setdefault(copy.gold["cluster"], []).append(copy.gold["site"])
    assert all(len(names) == len(set(names)) <= 3 for names in sites_by_story.values())
    assert len({c.record["id"] for c in copies}) == len(copies)


def test_medium_edits_keep_most_of_the_story() -> None:
    story = STORIES[0]
    truncated = corpus.truncate(story)
    assert truncated.paragraphs == story.paragraphs[:2]
    dropped = corpus.drop_sentences(story, random.Random(0))
    assert [p.split(".")[0] for p in dropped.paragraphs] == [p.split(".")[0] for p in story.paragraphs]
    assert sum(len(p) for p in dropped.paragraphs) < sum(len(p) for p in story.paragraphs)


def test_usable_stories_drop_duplicates_near_copies_short_and_unrepaired_text() -> None:
    body = "A long enough body sentence for the filter. " * 10
    rows = [
        {"id": "a/1", "title": "Kept", "text": body + "\nSecond paragraph."},
        {"id": "a/2", "title": "Copy one", "text": body},
        {"id": "a/3", "title": "Copy two", "text": body},
        {"id": "a/4", "title": "Entity", "text": body + " caf&#233;"},
        {"id": "a/5", "title": "Mojibake", "text": body + " cafÃ©"},
        {"id": "a/6", "title": "kept", "text": "Another story under the same headline. " * 10},
        {"id": "a/7", "title": "Updated version", "text": body + "\nSecond paragraph, now longer."},
    ]
    assert [(s.id, len(s.paragraphs)) for s in corpus.usable_stories(rows)] == [("a/1", 2)]


def test_write_corpus_drops_source_in_the_text_only_file(tmp_path: Path) -> None:
    paths = corpus.write_corpus(corpus.republish(STORIES, 3, seed=3), tmp_path)
    with_source = [json.loads(line) for line in paths["with_source"].read_text(encoding="utf-8").splitlines()]
    text_only = [json.loads(line) for line in paths["text_only"].read_text(encoding="utf-8").splitlines()]
    assert all("source" in r for r in with_source) and not any("source" in r for r in text_only)
    assert [{k: v for k, v in r.items() if k != "source"} for r in with_source] == text_only


def test_site_validation_names_what_to_fix() -> None:
    template = catalog.SITES[0]
    layout = replace(template.layout, bottom=("cookie",))
    with pytest.raises(ValueError, match=r"\['cookie'\]"):
        replace(template, chrome={k: v for k, v in template.chrome.items() if k != "cookie"}, layout=layout)
    with pytest.raises(ValueError, match="12 months"):
        replace(template.calendar, months=("Jan",))


# ----------------------------------------------------------------------------------------------------------
# Scoring
# ----------------------------------------------------------------------------------------------------------


def perfect_outputs(copies: list[corpus.Copy]) -> generalise.Runs:
    """A --no-dedup output holding each copy's gold title and body, and a dedup output keeping one copy per story."""
    articles = [
        {"id": c.gold["id"], "title": c.gold["title"], "text": c.gold["clean_text"].replace("\n", "\n\n")}
        for c in copies
    ]
    kept: dict[str, str] = {}
    duplicates = []
    for c in copies:
        root = kept.setdefault(c.gold["cluster"], c.gold["id"])
        if root != c.gold["id"]:
            duplicates.append({"id": c.gold["id"], "duplicate_of": root})
    dedup_kept = [{"id": i} for i in kept.values()]
    return generalise.Runs(Output(articles, [], [], None), Output(dedup_kept, duplicates, [], None))


def test_a_perfect_cleaner_scores_one_and_leaves_nothing() -> None:
    copies = corpus.republish(STORIES, 12, seed=4)
    gold = {c.gold["id"]: c.gold for c in copies}
    scores = generalise.score_mode(gold, perfect_outputs(copies))
    for group in ("left_out", "tune", "all"):
        if scores[group]["docs"]:
            for key in ("token_f1", "exact_body", "paragraphs_exact", "title_match", "pair_recall", "pair_precision"):
                assert scores[group][key] == 1.0, (group, key)
            assert all(v["left"] == 0 for v in scores[group]["leftover_kinds"].values())
            assert scores[group]["body_only_paragraphs"] == 0


def test_no_cleaning_leaves_the_chrome_and_is_counted_by_kind() -> None:
    copies = corpus.republish(STORIES, 12, seed=4)
    gold = {c.gold["id"]: c.gold for c in copies}
    scores = generalise.score_mode(gold, generalise.no_cleaning([c.record for c in copies]))["all"]
    assert scores["exact_body"] == 0.0
    assert scores["pair_recall"] == 0.0 and scores["pair_precision"] == 1.0
    assert scores["leftover_kinds"]["ad"]["left"] > 0
    assert len(scores["leftover_examples"]) == generalise.EXAMPLES


def test_touching_pair_counts_over_everyone_is_the_plain_pair_count() -> None:
    rng = random.Random(0)
    ids = [f"d{i}" for i in range(40)]
    gold = {i: f"g{rng.randrange(12)}" for i in ids}
    predicted = {i: f"p{rng.randrange(15)}" for i in ids}
    assert scoring.touching_pair_counts(predicted, gold, ids) == metrics.pair_counts(predicted, gold)
    one = scoring.touching_pair_counts(predicted, gold, ids[:1])
    assert one.gold_pairs == sum(gold[i] == gold["d0"] for i in ids[1:])


def test_a_template_file_with_an_unknown_field_or_kind_names_the_file(tmp_path: Path) -> None:
    source = (catalog.SITES_DIR / "tune" / f"{catalog.TUNE[0].name}.yaml").read_text(encoding="utf-8")
    path = tmp_path / f"{catalog.TUNE[0].name}.yaml"
    path.write_text(source + "colour: red\n", encoding="utf-8")
    with pytest.raises(ValueError, match="colour"):
        catalog.load_site(path)
    path.write_text(source + "  weather:\n    - Sunny\n", encoding="utf-8")
    with pytest.raises(ValueError, match="weather"):
        catalog.load_site(path)
