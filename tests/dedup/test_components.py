"""star_edges and connected_components: exact outputs, independent of input order."""

from __future__ import annotations

import itertools
import random

import pytest

from pipeline.dedup.components import connected_components, star_components, star_edges


def sig(*values: int) -> bytes:
    """A signature of single-byte values (4 bytes each), for readable tests."""
    return b"".join(value.to_bytes(4, "little") for value in values)


# A bucket: "a" is the best-ranked; "b" and "c" resemble it; "d" and "e" are another story sharing the band.
BUCKET = [
    ((1,), "a", sig(1, 2, 3, 4)),
    ((2,), "b", sig(1, 2, 3, 9)),  # 3/4 with a
    ((3,), "c", sig(1, 2, 8, 9)),  # 2/4 with a
    ((4,), "d", sig(5, 6, 7, 8)),  # 0/4 with a
    ((5,), "e", sig(5, 6, 7, 0)),  # 3/4 with d
]


def test_star_edges_pinned():
    assert star_edges(BUCKET, 0.75) == [("b", "a", 0.75), ("e", "d", 0.75)]
    assert star_edges(BUCKET, 0.5) == [("b", "a", 0.75), ("c", "a", 0.5), ("e", "d", 0.75)]
    assert star_edges(BUCKET, 1.0) == []


def test_star_edges_independent_of_member_order():
    expected = star_edges(BUCKET, 0.5)
    for permutation in itertools.permutations(BUCKET):
        assert star_edges(list(permutation), 0.5) == expected


def test_star_edges_of_a_single_member_or_identical_members():
    assert star_edges(BUCKET[:1], 0.5) == []
    same = sig(7, 7, 7, 7)
    assert star_edges([((2,), "y", same), ((1,), "x", same), ((3,), "z", same)], 0.9) == [
        ("y", "x", 1.0),
        ("z", "x", 1.0),
    ]


def test_star_edges_repeated_id_counts_once():
    assert star_edges([BUCKET[0], BUCKET[1], BUCKET[1]], 0.5) == [("b", "a", 0.75)]


def test_star_edges_validates_threshold():
    with pytest.raises(ValueError, match=r"threshold must be in \(0, 1\], got 1.5"):
        star_edges(BUCKET, 1.5)


RANK = {name: (position,) for position, name in enumerate("abcdefgh")}


def test_components_chain_resolves_to_best_rank():
    edges = [("d", "c"), ("c", "b"), ("b", "a")]
    assert connected_components(edges, RANK) == {"b": "a", "c": "a", "d": "a"}


def test_components_star_and_separate_groups():
    edges = [("b", "a"), ("c", "a"), ("d", "a"), ("f", "e"), ("h", "g")]
    assert connected_components(edges, RANK) == {"b": "a", "c": "a", "d": "a", "f": "e", "h": "g"}


def test_components_root_is_the_smallest_rank_not_the_edge_target():
    # Edges point at "h" and "g", but "a" has the smallest rank in the component.
    edges = [("a", "h"), ("b", "h"), ("h", "g")]
    assert connected_components(edges, RANK) == {"b": "a", "g": "a", "h": "a"}


def test_components_independent_of_edge_order_and_direction():
    edges = [("c", "b"), ("e", "d"), ("b", "a"), ("f", "e"), ("h", "c"), ("g", "f")]
    expected = {"b": "a", "c": "a", "h": "a", "e": "d", "f": "d", "g": "d"}
    for permutation in itertools.permutations(edges):
        assert connected_components(permutation, RANK) == expected
        assert connected_components([(right, left) for left, right in permutation], RANK) == expected


def test_components_ties_in_rank_broken_by_id():
    rank = {"x": (0,), "y": (0,), "z": (0,)}
    assert connected_components([("z", "y"), ("y", "x")], rank) == {"y": "x", "z": "x"}


def test_components_self_loops_and_no_edges():
    assert connected_components([("a", "a")], RANK) == {}
    assert connected_components([], RANK) == {}


def test_components_long_chain_needs_no_recursion():
    n = 50_000
    names = [f"n{i:06d}" for i in range(n)]
    rank = {name: (i,) for i, name in enumerate(names)}
    edges = [(names[i + 1], names[i]) for i in range(n - 1)]
    result = connected_components(reversed(edges), rank)
    assert len(result) == n - 1 and set(result.values()) == {"n000000"}


def test_components_accepts_a_generator_of_edges():
    assert connected_components((edge for edge in [("b", "a")]), RANK) == {"b": "a"}


def test_components_names_a_node_without_rank():
    with pytest.raises(KeyError, match="node 'zz' of an edge has no rank"):
        connected_components([("a", "zz")], RANK)


def test_star_edges_then_components_end_to_end():
    edges = [(member, best) for member, best, _ in star_edges(BUCKET, 0.5)]
    rank = {member_id: rank for rank, member_id, _ in BUCKET}
    assert connected_components(edges, rank) == {"b": "a", "c": "a", "e": "d"}


def test_star_edges_in_a_bucket_of_many_stories_matches_a_plain_reference():
    # 12 stories (more than LOOP_PIVOTS, so the vectorised path runs), each with one copy sharing 3 of 4 values.
    members = []
    for story in range(12):
        base = [100 * story + k for k in range(4)]
        members.append(((2 * story,), f"s{story:02d}", sig(*base)))
        members.append(((2 * story + 1,), f"s{story:02d}-copy", sig(*base[:3], 99)))
    expected = [(f"s{story:02d}-copy", f"s{story:02d}", 0.75) for story in range(12)]
    assert star_edges(members, 0.7) == expected
    assert all(type(similarity) is float for _, _, similarity in star_edges(members, 0.7))
    assert star_edges(list(reversed(members)), 0.7) == expected
    assert star_edges(members[::2] + members[1::2], 0.7) == expected


def test_star_edges_refuses_signatures_of_different_sizes():
    with pytest.raises(ValueError, match="signatures of different sizes in one bucket"):
        star_edges([((1,), "a", sig(1, 2)), ((2,), "b", sig(1, 2, 3))], 0.5)


# --- distributed components: large-star / small-star rounds give union-find's components -------------------


def _random_graph(seed: int) -> list[tuple[int, int]]:
    generator = random.Random(seed)
    nodes = generator.randint(2, 200)
    return [(generator.randrange(nodes), generator.randrange(nodes)) for _ in range(generator.randint(1, 300))]


@pytest.mark.parametrize("seed", range(40))
def test_star_rounds_match_union_find_on_random_graphs(seed):
    edges = _random_graph(seed)
    found, rounds, converged = star_components(edges, max_rounds=30)
    assert converged
    assert rounds <= 10
    assert found == connected_components(edges)


def test_star_rounds_match_union_find_on_chains_and_stars():
    generator = random.Random(5)
    for size in (2, 3, 10, 257):
        labels = list(range(size))
        generator.shuffle(labels)
        chain = list(zip(labels, labels[1:], strict=False))
        star = [(labels[0], other) for other in labels[1:]]
        for edges in (chain, star, list(reversed(chain))):
            found, _, converged = star_components(edges, max_rounds=30)
            assert converged
            assert found == connected_components(edges) == {n: 0 for n in range(1, size)}


def test_star_rounds_report_no_convergence_when_too_few():
    chain = [(n, n + 1) for n in range(100)]
    found, rounds, converged = star_components(chain, max_rounds=2)
    assert (rounds, converged) == (2, False)
    assert found != connected_components(chain)
    with pytest.raises(ValueError, match="dedup.component_rounds"):
        star_components(chain, max_rounds=0)


def test_labels_carry_their_rank_so_no_rank_mapping_is_needed():
    # (contained flag, keep rank): a contained article sorts after every other one, whatever its rank.
    kept, partial = (0, (0, "2024-03-02", -50, "full")), (1, (0, "2024-03-01", -20, "part"))
    assert connected_components([(partial, kept)]) == {partial: kept}
    assert star_components([(partial, kept)], max_rounds=3)[0] == {partial: kept}
