"""Site groups inferred from the text (pipeline/text/sitegroups.py) in LearnFromLineKeys and through the command line:
two sites' articles with no ``source`` are grouped by the chrome they share, each group's lines are learned like a
site's, a generic line on both sites joins neither, and copies of one story never teach their body via a group."""

import json
import random
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipeline.beam.boilerplate import GROUPS, TAUGHT, LearnBoilerplate
from pipeline.cli.commands import main
from pipeline.cli.explain import explain
from pipeline.core.record import Article
from pipeline.io.publish import SITE_GROUPS_FILE
from pipeline.text.clean import ArticleCleaner
from pipeline.text.config import CleaningConfig, LearnedConfig
from pipeline.text.learned import GLOBAL_SITE, LEARNED_RULE, line_key
from pipeline.text.sitegroups import group_name, learned_site, link_pairs
from tests import syndicated
from tests.conftest import IN_MEMORY, MULTI_PROCESSING

AD = "ADVERTISEMENT"
# Sentence-like chrome in 5 of site A's 10 stories: 5 of the run's 120 articles, under min_share, and ending like a
# sentence, so only site A's group learns it.
NEWSLETTER = "Abonnez-vous à notre lettre du matin."


def site_a_chrome(i: int) -> list[str]:
    return [
        f"Par {('Julie Martin', 'Marc Dubois')[i % 2]}",
        "Partager sur Facebook" if i % 3 else "Copier le lien",
        f"Réagir ({i + 3})",
        *([NEWSLETTER] if i < 5 else []),
        *([AD] if i % 2 == 0 else []),
    ]


def site_b_chrome(i: int) -> list[str]:
    return [
        f"Von {('Anna Schulz', 'Paul Weber')[i % 2]}",
        "Artikel teilen" if i % 3 else "Link kopieren",
        f"{i + 2} Kommentare",
        *([AD] if i % 2 == 0 else []),
    ]


def two_sites() -> tuple[list[Article], dict[str, list[str]]]:
    """10 stories of site A and 10 of site B with their chrome, and 100 articles with none; no source, no URL.
    Returns the articles and each one's body paragraphs."""
    rng = random.Random(7)
    articles, bodies = [], {}
    for i in range(120):
        paragraphs = syndicated.body(rng, 3)
        chrome = site_a_chrome(i) if i < 10 else site_b_chrome(i) if i < 20 else []
        article_id = f"{'a' if i < 10 else 'b' if i < 20 else 'plain'}-{i:03d}"
        articles.append(Article(article_id, "\n\n".join(chrome[:2] + paragraphs + chrome[2:])))
        bodies[article_id] = paragraphs
    return articles, bodies


def keys(*lines: str) -> list[int]:
    return [int(line_key(line) or "", 16) for line in lines]


def smallest_pair(chrome: list[list[str]], links: set[int]) -> tuple[int, int]:
    """The name-giving pair of a group: the smallest pair of link lines that one of its articles holds."""
    return min(pair for lines in chrome for pair in link_pairs(key for key in keys(*lines) if key in links))


A_LINKS = ["Par Julie Martin", "Par Marc Dubois", "Partager sur Facebook", "Réagir (3)", NEWSLETTER]
B_LINKS = ["Von Anna Schulz", "Von Paul Weber", "Artikel teilen", "12 Kommentare"]


def expected_groups() -> tuple[dict[int, str], str, str]:
    """The groups of :func:`two_sites`: each site's link lines belong to its group; the ad marker, paired with both
    sites' lines, to neither; lines in fewer than infer_min_stories (5) stories ("Copier le lien": 4) and body lines
    (one story each) link nothing."""
    links = set(keys(*A_LINKS, *B_LINKS, AD))
    group_a = group_name(smallest_pair([site_a_chrome(i) for i in range(10)], links))
    group_b = group_name(smallest_pair([site_b_chrome(i) for i in range(10, 20)], links))
    return {key: group_a for key in keys(*A_LINKS)} | {key: group_b for key in keys(*B_LINKS)}, group_a, group_b


def test_two_sites_without_source_are_grouped_and_learned_like_sites():
    articles, _ = two_sites()
    groups, group_a, group_b = expected_groups()
    k = line_key
    expected_taught = {
        # unsited: min_articles 5 and 5% of 120 articles (6)
        (GLOBAL_SITE, k("Partager sur Facebook"), 6), (GLOBAL_SITE, k("Réagir (3)"), 10), (GLOBAL_SITE, k(AD), 10),
        (GLOBAL_SITE, k("Artikel teilen"), 7), (GLOBAL_SITE, k("12 Kommentare"), 10),
        # each group: min_articles 5 and 5% of its 10 articles; the ad marker is in 5 stories of each
        (group_a, k("Par Julie Martin"), 5), (group_a, k("Par Marc Dubois"), 5), (group_a, k(AD), 5),
        (group_a, k("Partager sur Facebook"), 6), (group_a, k("Réagir (3)"), 10), (group_a, k(NEWSLETTER), 5),
        (group_b, k("Von Anna Schulz"), 5), (group_b, k("Von Paul Weber"), 5), (group_b, k(AD), 5),
        (group_b, k("Artikel teilen"), 7), (group_b, k("12 Kommentare"), 10),
    }  # fmt: skip
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        learning = pipeline | beam.Create(articles) | LearnBoilerplate(CleaningConfig())
        assert_that(learning[GROUPS], equal_to([groups]), label="Groups")
        taught = learning[TAUGHT] | beam.Map(lambda line: (line.site, line.key, line.stories))
        assert_that(taught, equal_to(sorted(expected_taught)), label="Taught")
    # the cleaner finds each article's group from its own normalized lines, as learning did
    cleaner = ArticleCleaner(CleaningConfig())
    found = {article.id: learned_site(article, cleaner.normalize(article.text).paragraphs, groups)
             for article in articles}  # fmt: skip
    expected = {article.id: {"a": group_a, "b": group_b}.get(article.id[0], GLOBAL_SITE) for article in articles}
    assert found == expected


@pytest.mark.parametrize(("seed", "runner"), [(1, IN_MEMORY), (2, MULTI_PROCESSING)])
def test_the_groups_do_not_depend_on_the_order_of_the_articles_or_the_runner(seed, runner):
    articles, _ = two_sites()
    shuffled = random.Random(seed).sample(articles, len(articles))
    with TestPipeline(argv=runner) as pipeline:
        learning = pipeline | beam.Create(shuffled) | LearnBoilerplate(CleaningConfig())
        assert_that(learning[GROUPS], equal_to([expected_groups()[0]]))


def _run(directory: Path, records: list[dict], *flags: str) -> dict[str, list[dict]]:
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / "day.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    output = directory / "out"
    assert main(["run", "--input", str(source), "--output", str(output), "--quiet", *flags, *IN_MEMORY]) == 0
    return {
        prefix: [json.loads(line) for path in sorted(output.glob(f"{prefix}-*.jsonl")) for line in path.open()]
        for prefix in ("articles", "rejects", "learned-lines")
    }


def test_a_sites_sentence_like_chrome_is_removed_without_source(tmp_path):
    articles, bodies = two_sites()
    records = [{"id": article.id, "text": article.text} for article in articles]
    outputs = _run(tmp_path / "on", records, "--no-dedup")
    texts = {article["id"]: article["text"].split("\n\n") for article in outputs["articles"]}
    assert outputs["rejects"] == [] and sorted(texts) == sorted(bodies)
    # every body whole; the newsletter prompt (only site A's group learns it) gone from site A's five pages
    assert all([line for line in texts[i] if line in bodies[i]] == bodies[i] for i in bodies)
    assert not any(NEWSLETTER in text for text in texts.values())
    # with inference off, it stays (the unsited rule does not learn a sentence in 5 of 120 articles)
    config = tmp_path / "off.yaml"
    config.write_text("cleaning:\n  learned:\n    infer_min_stories: 0\n", encoding="utf-8")
    off = _run(tmp_path / "off", records, "--no-dedup", "--config", str(config))
    assert sum(NEWSLETTER in article["text"] for article in off["articles"]) == 5


def test_explain_finds_an_articles_inferred_group_as_the_run_did(tmp_path):
    articles, _ = two_sites()
    records = [{"id": article.id, "text": article.text} for article in articles]
    _run(tmp_path / "on", records, "--no-dedup")
    output = tmp_path / "on" / "out"
    # the run's groups beside its outputs, for explain: exactly the groups learning inferred
    written = json.loads((output / SITE_GROUPS_FILE).read_text(encoding="utf-8"))
    assert {int(key): group for key, group in written.items()} == expected_groups()[0]
    # site A's newsletter prompt, learned by its group only, is shown removed with the group that taught it
    explanation = explain("a-000", str(output))
    assert (LEARNED_RULE, NEWSLETTER) in [(line.rule, line.line) for line in explanation.cleaned.removed]
    assert [line.site for line in explanation.teachers[NEWSLETTER]] == [expected_groups()[1]]
    assert explanation.cleaned.text == explanation.outcome.record["text"]
    # a run that inferred no group writes no file
    config = tmp_path / "off.yaml"
    config.write_text("cleaning:\n  learned:\n    infer_min_stories: 0\n", encoding="utf-8")
    _run(tmp_path / "off", records, "--no-dedup", "--config", str(config))
    assert not (tmp_path / "off" / "out" / SITE_GROUPS_FILE).exists()


def test_copies_of_one_story_on_a_site_do_not_teach_its_body_through_the_group(tmp_path):
    # site A: 8 different stories and one wire story copied 12 times, all with the site's chrome; the story's body
    # lines are in 12 of the group's 20 articles (60%, far above min_share) but in one story: never learned
    rng = random.Random(11)
    story = syndicated.body(rng, 4)
    records, bodies = [], {}
    for i in range(20):
        paragraphs = story if i >= 8 else syndicated.body(rng, 3)
        chrome = site_a_chrome(i)
        record_id = f"a-{i:03d}"
        headline = syndicated.headline(rng)
        records.append({"id": record_id, "title": headline, "text": "\n\n".join(chrome[:2] + paragraphs + chrome[2:])})
        bodies[record_id] = paragraphs
    for i in range(40):  # other articles of the day, no chrome
        paragraphs = syndicated.body(rng, 3)
        records.append({"id": f"plain-{i:03d}", "text": "\n\n".join(paragraphs)})
        bodies[f"plain-{i:03d}"] = paragraphs
    outputs = _run(tmp_path, records, "--no-dedup")
    assert outputs["rejects"] == []
    texts = {article["id"]: article["text"].split("\n\n") for article in outputs["articles"]}
    assert sorted(texts) == sorted(bodies)
    for record_id, paragraphs in bodies.items():
        assert [line for line in texts[record_id] if line in paragraphs] == paragraphs, record_id
    learned = {(line["site"][:9], line["line"]) for line in outputs["learned-lines"]}
    assert not {line for _, line in learned} & set(story)
    # the group was found, and learned the site's chrome
    assert ("inferred:", "Partager sur Facebook") in learned


def test_copies_of_one_story_alone_form_no_group():
    # a story copied 30 times under other headlines with the same two chrome lines: the lines are in one story,
    # so nothing links, there is no group, and nothing is learned
    rng = random.Random(5)
    story = syndicated.body(rng, 4)
    articles = [
        Article(f"copy-{i:02d}", "\n\n".join([syndicated.headline(rng), "Share this", *story, "Read more"]))
        for i in range(30)
    ]
    config = CleaningConfig(learned=LearnedConfig(infer_min_stories=2))
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        learning = pipeline | beam.Create(articles) | LearnBoilerplate(config)
        assert_that(learning[GROUPS], equal_to([]), label="Groups")  # nothing links: no groups map at all
        assert_that(learning[TAUGHT], equal_to([]), label="Taught")
