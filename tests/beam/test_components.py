"""pair_roots: the single-worker components over verified pairs, against large-star/small-star rounds."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.beam.dedup.components import label_id, pair_roots
from pipeline.dedup.components import ordered_edge, star_components


def _label(article_id: str, contained: int = 0, published: str = "2024-03-01") -> tuple:
    """A node label as VerifiedPairs gives it: (contained flag, keep rank ending in the id)."""
    return (contained, (0, published, -100, article_id))


def _pair(left: tuple, right: tuple) -> tuple:
    return (label_id(left), left, label_id(right), right)


def _reference(pairs: list[tuple]) -> list[tuple[str, str]]:
    """Own labels (largest per id), then the labelled edges' components by star rounds; sorted by member label."""
    own: dict[str, tuple] = {}
    for left_id, left_label, right_id, right_label in pairs:
        for node_id, label in ((left_id, left_label), (right_id, right_label)):
            own[node_id] = max(own.get(node_id, label), label)
    edges = [ordered_edge(own[left_id], own[right_id]) for left_id, _, right_id, _ in pairs]
    roots, _, converged = star_components(edges, max_rounds=100)
    assert converged
    return [(label_id(member), label_id(root)) for member, root in sorted(roots.items())]


def test_pair_roots_pinned():
    a, b, c = _label("a", published="2024-03-01"), _label("b", published="2024-03-02"), _label("c")
    x, y = _label("x", published="2024-01-01"), _label("y", published="2024-01-02")
    pairs = [_pair(b, a), _pair(c, b), _pair(y, x)]
    # c's rank equals a's but for the id: a wins the tie; each group's root is its smallest label.
    assert pair_roots(pairs) == [("y", "x"), ("c", "a"), ("b", "a")]
    # a is contained in c in one pair: contained articles are never a root, so the group goes to c.
    contained = pairs + [_pair(_label("a", contained=1), c)]
    assert pair_roots(contained) == [("y", "x"), ("b", "c"), ("a", "c")]


def test_pair_roots_reads_the_pairs_once_as_a_stream():
    pairs = [_pair(_label(f"n{number}"), _label("n0")) for number in range(1, 5)]
    assert pair_roots(iter(pairs)) == [(f"n{number}", "n0") for number in range(1, 5)]
    assert pair_roots(iter(())) == []


pair_strategy = st.tuples(
    st.sampled_from("abcdefghij"), st.integers(0, 1), st.sampled_from("abcdefghij"), st.integers(0, 1)
)


@settings(max_examples=300, deadline=None)
@given(st.lists(pair_strategy, max_size=25), st.randoms(use_true_random=False))
def test_pair_roots_equal_the_labelled_edges_components_in_any_order(drawn, rng: random.Random):
    # Ranks depend on the id (published dates differ), so ties, contained flags and chains all occur.
    pairs = [
        _pair(
            _label(left, flag, f"2024-03-0{ord(left) % 3 + 1}"), _label(right, other, f"2024-03-0{ord(right) % 3 + 1}")
        )
        for left, flag, right, other in drawn
    ]
    expected = _reference(pairs)
    assert pair_roots(pairs) == expected
    shuffled = [pair if rng.random() < 0.5 else (pair[2], pair[3], pair[0], pair[1]) for pair in pairs]
    rng.shuffle(shuffled)
    assert pair_roots(shuffled) == expected
