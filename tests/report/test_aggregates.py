"""The report's bounded aggregates and its deterministic sampling."""

from pipeline.core.record import Article
from pipeline.report.aggregates import (
    OTHER_SITES,
    TOP_SITES,
    chars_removed_counter,
    parse_site_counter,
    similarity_counter,
    top_sites,
)
from pipeline.report.samples import is_sampled, mark_lines, sample_rate, site_of


def test_per_site_counters_stay_bounded_whatever_the_number_of_sites():
    counts = [((f"site{i:04d}", rule), i % 7 + 1) for i in range(3_000) for rule in ("ad_marker", "byline")]
    result = top_sites(counts)
    sites = {parse_site_counter(name)[0] for name in result}
    assert len(sites) == TOP_SITES + 1 and OTHER_SITES in sites
    assert sum(result.values()) == sum(n for _, n in counts)  # nothing is lost, the rest is summed


def test_top_sites_are_chosen_by_total_then_name_whatever_the_input_order():
    counts = [(("b", "ad"), 2), (("a", "ad"), 2), (("c", "ad"), 1), (("c", "byline"), 3)]
    assert top_sites(counts, top=2) == top_sites(list(reversed(counts)), top=2)
    assert set(top_sites(counts, top=2)) == {
        "line-removed-by-site:c:ad",
        "line-removed-by-site:c:byline",
        "line-removed-by-site:a:ad",
        f"line-removed-by-site:{OTHER_SITES}:ad",
    }


def test_histogram_buckets():
    assert [chars_removed_counter(n) for n in (0, 19, 20, 999, 1000)] == [
        "hist:chars-removed:0",
        "hist:chars-removed:1",
        "hist:chars-removed:20",
        "hist:chars-removed:500",
        "hist:chars-removed:1000",
    ]
    assert similarity_counter("near", 0.5499) == "hist:similarity:near:0.50"
    assert similarity_counter("near", 0.55) == "hist:similarity:near:0.55"
    assert similarity_counter("containment", 0.4) == "hist:similarity:containment:0.40"


def test_the_sample_rate_gives_a_few_hundred_articles_whatever_the_corpus_size():
    for articles in (10, 1_000, 100_000, 10_000_000):
        rate = sample_rate(articles * 3_000)
        expected = articles * rate
        assert min(articles, 150) <= expected <= 250
    assert sample_rate(0) == 1.0


def test_sampling_is_by_a_stable_hash_of_the_id():
    ids = [f"doc{i}" for i in range(20_000)]
    sampled = [i for i in ids if is_sampled(i, 0.01)]
    assert 150 <= len(sampled) <= 250
    assert sampled == [i for i in reversed(ids) if is_sampled(i, 0.01)][::-1]  # order-independent
    assert set(sampled) <= {i for i in ids if is_sampled(i, 0.02)}  # a larger rate samples a superset


def test_sites_come_from_source_then_url():
    assert site_of(Article(id="a", text="x", source="bbc", url="https://other.example/x")) == "bbc"
    assert site_of(Article(id="a", text="x", url="http://user@WWW.Example.com:8080/a")) == "example.com"
    assert site_of(Article(id="a", text="x", url="not a url")) == "(unknown)"


def test_removed_lines_are_found_in_the_original_after_normalization():
    original = "Kerry in Moscow\n\n\u00a0Advertisement \n\nBody&nbsp;text.\nFish &amp; chips"
    lines, unmatched = mark_lines(
        original,
        [("Advertisement", "ad_marker"), ("Fish & chips", "share_prompt")],
        "Kerry in Moscow",
        lambda line: line.replace("\u00a0", " ").replace("&amp;", "&").strip(),
    )
    assert lines == [
        ("Kerry in Moscow", "(title)"),
        ("", None),
        ("\u00a0Advertisement ", "ad_marker"),
        ("", None),
        ("Body&nbsp;text.", None),
        ("Fish &amp; chips", "share_prompt"),
    ]
    assert unmatched == []
