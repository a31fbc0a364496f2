"""LineCounts: learning's per-site line counts add up to the same sums in any split and any order."""

import pickle
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from pipeline.text import line_counts
from pipeline.text.line_counts import LineCounts

# Keys from a small range, so that articles share lines, and from the top of the uint64 range, which int64 lacks.
KEYS = st.one_of(st.integers(0, 40), st.integers(2**64 - 8, 2**64 - 1))
ARTICLES = st.lists(st.lists(KEYS, unique=True, max_size=12), max_size=40)


def expected(articles):
    return sorted(Counter(key for article in articles for key in article).items())


@given(ARTICLES, st.lists(st.integers(0, 40), max_size=6), st.randoms(use_true_random=False))
def test_counts_added_in_any_split_and_order_sum_to_each_lines_articles(articles, cuts, rng):
    bounds = sorted({0, len(articles), *(cut for cut in cuts if cut <= len(articles))})
    parts = [LineCounts.of_articles(articles[start:end]) for start, end in zip(bounds, bounds[1:], strict=False)]
    rng.shuffle(parts)
    total = LineCounts.empty()
    for part in parts:
        total.add(pickle.loads(pickle.dumps(part)))
    assert total.counted() == expected(articles)


@given(ARTICLES, st.integers(1, 16))
def test_shards_split_the_counts_and_their_examples_by_key(articles, shards):
    examples = {key: f"line {key}" for article in articles for key in article if key % 3 == 0}
    counts = LineCounts.of_articles(articles, dict(examples))
    parts = list(counts.shards(shards))
    assert all(key % shards == shard for shard, part in parts for key, _ in part.counted())
    assert sorted(pair for _, part in parts for pair in part.counted()) == expected(articles)
    assert {key: line for _, part in parts for key, line in part.examples.items()} == examples


def test_pending_counts_are_summed_once_they_match_the_summed_ones(monkeypatch):
    # What bounds an accumulator's memory: 1,000 one-line parts are never held as 1,000 arrays.
    monkeypatch.setattr(line_counts, "MIN_PENDING", 4)
    total = LineCounts.empty()
    for key in range(1_000):
        total.add(LineCounts.of_articles([[key % 10]]))
        assert len(total._keys) <= 12
    assert total.counted() == [(key, 100) for key in range(10)]


def test_examples_keep_the_smallest_line_of_each_key():
    total = LineCounts.of_lines([(1, 2, "Share"), (2, 1, "Menu")])
    total.add(LineCounts.of_lines([(1, 1, "SHARE"), (2, 1, "Menu 2")]))
    assert (total.counted(), total.examples) == ([(1, 3), (2, 2)], {1: "SHARE", 2: "Menu"})
