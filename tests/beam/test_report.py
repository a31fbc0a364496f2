"""The Beam steps that gather the report's samples and aggregates (TestPipeline, exact outputs)."""

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipeline.beam.clean import SITE_REMOVALS, CleanArticles, NormalizeArticles
from pipeline.beam.report import SAMPLES_FILE, RejectExamples, ReportDuplicates, SumSiteRemovals, take_samples
from pipeline.beam.sidefiles import write_side_file
from pipeline.beam.stats import sum_counts
from pipeline.beam.tags import STATS
from pipeline.core.counting import Tally
from pipeline.core.record import Article, Duplicate, Reject
from pipeline.report.samples import SAMPLES, fixes_from_counts, id_hash, is_sampled
from pipeline.text.clean import ArticleCleaner
from pipeline.text.config import CleaningConfig
from tests.conftest import IN_MEMORY

KERRY = Article(
    id="kerry",
    text="Kerry in Moscow\n\nKerry in Moscow\n\nUS Secretary of State John Kerry is in Moscow for talks.\n\n"
    "Advertisement\n\nHe met Sergei Lavrov and Vladimir Putin today.",
    source="wire",
)
SHORT = Article(id="short", text="Advertisement\n\nShare on Facebook", source="wire")


def test_clean_articles_samples_every_article_at_rate_one_and_tallies_removals_by_site():
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        cleaned = pipeline | beam.Create([KERRY, SHORT]) | CleanArticles(CleaningConfig(), sample_rate=1.0)
        samples = cleaned[SAMPLES] | beam.Map(lambda s: (s["id"], s["outcome"], s["lines"], s["title"], s["fixes"]))
        assert_that(
            samples,
            equal_to(
                [
                    (
                        "kerry",
                        "cleaned",
                        [
                            ["Kerry in Moscow", "(title)"],
                            ["", None],
                            ["Kerry in Moscow", "headline_repeat"],
                            ["", None],
                            ["US Secretary of State John Kerry is in Moscow for talks.", None],
                            ["", None],
                            ["Advertisement", "ad_marker"],
                            ["", None],
                            ["He met Sergei Lavrov and Vladimir Putin today.", None],
                        ],
                        "Kerry in Moscow",
                        [],
                    ),
                    (
                        "short",
                        "empty_after_cleaning",
                        [["Advertisement", "ad_marker"], ["", None], ["Share on Facebook", "share_prompt"]],
                        None,
                        [],
                    ),
                ]
            ),
            label="Samples",
        )
        sites = cleaned[SITE_REMOVALS] | beam.CombineGlobally(SumSiteRemovals())
        assert_that(
            sites,
            equal_to(
                [
                    {
                        "line-removed-by-site:wire:ad_marker": 2,
                        "line-removed-by-site:wire:headline_repeat": 1,
                        "line-removed-by-site:wire:share_prompt": 1,
                    }
                ]
            ),
            label="Sites",
        )
        histogram = (
            cleaned[STATS]
            | beam.CombineGlobally(sum_counts).without_defaults()
            | beam.Map(lambda stats: {k: v for k, v in stats.items() if k.startswith("hist:")})
        )
        # kerry: 153 characters in, 104 out (title, its repeat and the ad gone): one article in the 20-49 bucket
        assert_that(histogram, equal_to([{"hist:chars-removed:20": 1}]), label="Histogram")


def test_clean_articles_samples_nothing_at_rate_zero():
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        cleaned = pipeline | beam.Create([KERRY, SHORT]) | CleanArticles(CleaningConfig())
        assert_that(cleaned[SAMPLES], equal_to([]))


def test_report_duplicates_counts_similarities_and_samples_clusters_by_their_root():
    root = next(f"root{i}" for i in range(100) if is_sampled(f"root{i}", 0.5))
    other = next(f"root{i}" for i in range(100) if not is_sampled(f"root{i}", 0.5))
    duplicates = [
        Duplicate("a", root, "near", 0.91, 0.9, 0.95),
        Duplicate("b", root, "exact", 1.0, 1.0, 1.0),
        Duplicate("c", other, "near", 0.62, 0.6, 0.7),
    ]
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        # Two collections (as Route's and RegroupFarMembers' duplicates come): reported as their union.
        parts = (pipeline | "Some" >> beam.Create(duplicates[:1]), pipeline | "Others" >> beam.Create(duplicates[1:]))
        report = parts | ReportDuplicates(0.5)
        assert_that(
            report[SAMPLES]
            | "AllSamples" >> beam.Flatten()
            | beam.Map(lambda s: (s["id"], s["root"], s["record"]["match"])),
            equal_to([("a", root, "near"), ("b", root, "exact")]),
            label="Samples",
        )
        assert_that(
            report[STATS] | "AllStats" >> beam.Flatten() | beam.CombineGlobally(sum_counts).without_defaults(),
            equal_to([{"hist:similarity:near:0.60": 1, "hist:similarity:near:0.90": 1}]),
            label="Stats",
        )


def test_reject_examples_keep_a_few_per_reason_by_smallest_id_hash():
    rejects = [Reject(f"r{i}", "empty", "the text is empty") for i in range(10)] + [Reject("j", "invalid_json", "x")]
    expected_empty = sorted((f"r{i}" for i in range(10)), key=id_hash)[:3]
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        examples = pipeline | beam.Create(rejects) | RejectExamples()
        assert_that(
            examples | beam.Map(lambda s: (s["reason"], s["id"])),
            equal_to([("empty", rid) for rid in expected_empty] + [("invalid_json", "j")]),
        )


def test_samples_file_round_trips_sorted_and_is_removed_when_taken(tmp_path):
    samples = [
        {"kind": "reject", "id": "b", "hash": 2, "reason": "empty", "detail": "d"},
        {"kind": "cleaning", "id": "é", "hash": 5},
        {"kind": "cleaning", "id": "a", "hash": 1},
    ]
    write_side_file(samples, str(tmp_path / SAMPLES_FILE))
    taken = take_samples(str(tmp_path))
    assert [sample["id"] for sample in taken] == ["a", "é", "b"]
    assert taken[1] == {"kind": "cleaning", "id": "é", "hash": 5}
    assert not (tmp_path / SAMPLES_FILE).exists()
    assert take_samples(str(tmp_path)) == []


MOJIBAKE = Article(
    id="mojibake",
    text="The cafÃ© reopened\u00a0on Monday &amp; drew a crowd.\n\nAdvertisement\n\nIt serves fish\u200b and chips.",
    source="wire",
)


def test_a_samples_fixes_and_lines_are_those_its_cleaning_counted_normalized_first_or_not():
    config = CleaningConfig()
    tally = Tally()
    cleaned = ArticleCleaner(config).clean_text(MOJIBAKE.text, MOJIBAKE.title, tally)
    expected = [("mojibake", fixes_from_counts(tally), [line.rule for line in cleaned.removed], cleaned.text)]
    assert expected[0][1] == ["ftfy", "nbsp", "zero-width"]
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        articles = pipeline | beam.Create([MOJIBAKE])
        direct = articles | "Direct" >> CleanArticles(config, sample_rate=1.0)
        normalized = articles | NormalizeArticles(config, sample_rate=1.0)
        after = normalized.articles | "AfterNormalizing" >> CleanArticles(config, sample_rate=1.0)
        for name, outputs in (("direct", direct), ("after", after)):
            got = outputs[SAMPLES] | f"Pick{name}" >> beam.Map(
                lambda s: (s["id"], s["fixes"], s["removed_rules"], s["text"])
            )
            assert_that(got, equal_to(expected), label=f"Samples{name}")
