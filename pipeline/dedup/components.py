"""Duplicate resolution: candidate edges inside one LSH bucket, then connected components over all edges.

:func:`star_edges` compares one bucket's members by estimated Jaccard (kept for tools that work on signatures
alone; the pipeline verifies candidates on real shingle sets instead, :mod:`pipeline.dedup.verify`).
:func:`connected_components` is union-find on one worker: it maps every non-root node to its component's root, the
node of smallest rank (or the smallest label, when nodes are labels that carry their keep rank).
:func:`star_components` computes the same mapping by large-star/small-star rounds, the algorithm the Beam
pipeline unrolls when there are too many edges for one worker. All give the same result whatever the order of
their inputs, so the output does not depend on the runner.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np

from pipeline.dedup.minhash import signature_values

Node = TypeVar("Node", bound=Any)
# Bucket members as the Beam wrapper passes them: (keep rank, article id, signature bytes).
Member = tuple[tuple[Any, ...], str, bytes]
# Initial room for pivot signatures in star_edges (doubled when full): most buckets hold one story.
PIVOT_CAPACITY = 4
# Pivots compared one by one before switching to one vectorised comparison with the rest: a numpy call on one
# row costs ~2 us, on a matrix ~6 us (measured), so the loop wins while a bucket holds few stories.
LOOP_PIVOTS = 8


def star_edges(members: Sequence[Member], threshold: float) -> list[tuple[str, str, float]]:
    """Edges ``(member_id, pivot_id, estimated_jaccard)`` for the near duplicates among one bucket's members.

    Members are visited best rank first. The best member is the first *pivot*; every later member is compared
    with the pivots in rank order and linked to the first one whose estimated Jaccard is ``>= threshold``; a
    member that matches no pivot becomes a pivot itself. With one story per bucket (the usual case) this is a
    star around the best member, one comparison per member; a bucket that mixes stories (a band collision)
    still yields each story's star instead of losing the members that do not resemble the best one. Cost:
    members x pivots signature comparisons (one vectorised numpy call per member), pivots being the number of
    distinct stories in the bucket; a bucket of 10 k mutually dissimilar members takes a few seconds.

    Deterministic whatever the order of ``members``: ties in rank are broken by id. A repeated id counts once,
    with its smallest ``(rank, signature)``.

    >>> x, y = bytes([1] * 8), bytes([1] * 4 + [2] * 4)   # y shares half of x's values
    >>> z, w = bytes([3] * 8), bytes([3] * 4 + [4] * 4)   # another story, w shares half of z's values
    >>> members = [((2,), "b", y), ((1,), "a", x), ((4,), "d", w), ((3,), "c", z)]
    >>> star_edges(members, threshold=0.5)
    [('b', 'a', 0.5), ('d', 'c', 0.5)]
    >>> star_edges(members, threshold=0.6)
    []
    """
    _check_threshold(threshold)
    ordered = sorted((tuple(rank), member_id, signature) for rank, member_id, signature in members)
    seen: set[str] = set()
    pivot_ids: list[str] = []
    pivot_values: np.ndarray | None = None  # (capacity, num_perm): pivots compared with one numpy call per member
    edges: list[tuple[str, str, float]] = []
    for _rank, member_id, signature in ordered:
        if member_id in seen:
            continue
        seen.add(member_id)
        values = signature_values(signature)
        if pivot_values is None:
            pivot_values = np.empty((PIVOT_CAPACITY, values.size), dtype=values.dtype)
        elif values.size != pivot_values.shape[1]:
            raise ValueError(
                f"signatures of different sizes in one bucket ({values.size} and {pivot_values.shape[1]} values): "
                "all must come from the same MinHasher"
            )
        count = len(pivot_ids)
        match = _first_match(pivot_values[:count], values, threshold)
        if match is not None:
            edges.append((member_id, pivot_ids[match[0]], match[1]))
            continue
        if count == pivot_values.shape[0]:
            pivot_values = np.concatenate([pivot_values, np.empty_like(pivot_values)])
        pivot_values[count] = values
        pivot_ids.append(member_id)
    return edges


def _first_match(pivots: np.ndarray, values: np.ndarray, threshold: float) -> tuple[int, float] | None:
    """Index and similarity of the first pivot row with estimated Jaccard ``>= threshold``, if any.

    Same arithmetic as :func:`pipeline.dedup.minhash.estimate_jaccard` (equal values / num_perm). The first
    pivots are compared one by one (cheapest for the usual bucket of one story); the rest in one numpy call.
    """
    size = float(values.size)
    for index in range(min(len(pivots), LOOP_PIVOTS)):
        similarity = int(np.count_nonzero(pivots[index] == values)) / size
        if similarity >= threshold:
            return index, similarity
    if len(pivots) > LOOP_PIVOTS:
        similarities = np.count_nonzero(pivots[LOOP_PIVOTS:] == values, axis=1) / size
        hits = np.flatnonzero(similarities >= threshold)
        if hits.size:
            return LOOP_PIVOTS + int(hits[0]), float(similarities[hits[0]])
    return None


def connected_components(
    edges: Iterable[tuple[Node, Node]], rank: Mapping[Node, tuple[Any, ...]] | None = None
) -> dict[Node, Node]:
    """``{node: root}`` for every non-root node of every component; root = the node of smallest rank.

    Without ``rank``, nodes are compared themselves (e.g. labels ``(keep rank..., id)`` that carry their rank).

    Union-find with union by rank (the smaller keep rank becomes the parent) and path compression, iterative
    (no recursion limit on long chains). The result depends only on the set of edges and the ranks, not on
    edge order. Nodes that appear in no edge are not in the result (they are their own roots). Ties in rank
    are broken by node.

    Memory: edges are consumed as a stream, never stored; the union-find map holds one entry per node that occurs
    in an edge, and the result one per non-root node. Peak measured with tracemalloc (1 M random edges over 1 M
    ids, benchmarks/.work/uf_memory.py): 77 MB for 865 k nodes, i.e. ~90 bytes per node, both dicts included
    (the id strings and ``rank`` belong to the caller and are not counted); ~0 bytes per edge. So about 10 M
    duplicate-linked articles per GB of worker memory. Time: ~4 us per edge (2.4 s for 667 k star edges).

    The returned dict's iteration order follows the edges; sort its items where output order matters.

    >>> rank = {"a": (1,), "b": (2,), "c": (3,), "d": (4,), "e": (0,)}
    >>> sorted(connected_components([("c", "b"), ("b", "a"), ("d", "e")], rank).items())
    [('b', 'a'), ('c', 'a'), ('d', 'e')]
    >>> connected_components([("d", "e"), ("a", "b"), ("c", "b")], rank) == {"b": "a", "c": "a", "d": "e"}
    True
    """
    parent: dict[Node, Node] = {}
    ranked: Mapping[Node, Any] = _SELF if rank is None else rank

    def find(node: Node) -> Node:
        root = node
        while (up := parent[root]) != root:
            root = up
        while (up := parent[node]) != root:  # path compression: point the whole path at the root
            parent[node] = root
            node = up
        return root

    for left, right in edges:
        for node in (left, right):
            if node not in parent:
                if node not in ranked:
                    raise KeyError(
                        f"node {node!r} of an edge has no rank: pass keep_rank() of every article in an edge"
                    )
                parent[node] = node
        root_left, root_right = find(left), find(right)
        if root_left == root_right:
            continue
        rank_left, rank_right = ranked[root_left], ranked[root_right]
        if rank_left < rank_right or (rank_left == rank_right and root_left < root_right):
            parent[root_right] = root_left
        else:
            parent[root_left] = root_right
    result: dict[Node, Node] = {}
    for node in parent:
        root = find(node)
        if root != node:
            result[node] = root
    return result


class _SelfRank(Mapping[Any, Any]):
    """The rank mapping of nodes that are their own rank (labels): every node is in it, mapped to itself."""

    def __getitem__(self, node: Any) -> Any:
        return node

    def __contains__(self, node: object) -> bool:
        return True

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __len__(self) -> int:
        return 0


_SELF = _SelfRank()


# --- Distributed connected components: unrolled large-star / small-star rounds (Kiveris et al., SoCC 2014) ----
#
# An edge is an ordered pair ``(larger, smaller)`` of comparable node labels; labels carry the keep rank, so the
# smallest label of a component is its kept article. One round is a large-star step followed by a small-star
# step; each step groups the edges by one node and rewrites that node's neighbourhood, so a round needs two
# shuffles and no worker holds more than one node's neighbourhood. Both steps keep every component connected
# and never link two components; the rounds stop changing the edge set exactly when every component is a star
# around its smallest label, and then each edge is ``(member, root)``. The paper proves O(log^2 n) rounds and
# measured a handful on graphs with billions of edges; here a fixed number of rounds is unrolled
# (``dedup.component_rounds``) and the pipeline counts whether the last one still changed anything.


def ordered_edge(left: Node, right: Node) -> tuple[Node, Node]:
    """The edge as ``(larger, smaller)``.

    >>> ordered_edge("a", "b")
    ('b', 'a')
    """
    return (left, right) if left > right else (right, left)


def large_star(node: Node, neighbours: Iterable[Node]) -> list[tuple[Node, Node]]:
    """Large-star step of one node: link every neighbour larger than ``node`` to the smallest of ``node`` and its
    neighbours. Neighbours smaller than ``node`` are dropped here (their own step relinks them).

    >>> large_star("c", ["e", "b", "d", "e"])
    [('d', 'b'), ('e', 'b')]
    """
    distinct = set(neighbours)
    smallest = min(distinct | {node})
    return [(neighbour, smallest) for neighbour in sorted(distinct) if neighbour > node]


def small_star(node: Node, smaller_neighbours: Iterable[Node]) -> list[tuple[Node, Node]]:
    """Small-star step of one node, given its neighbours smaller than itself: link ``node`` and each of them to the
    smallest of them.

    >>> small_star("d", ["b", "c", "a"])
    [('b', 'a'), ('c', 'a'), ('d', 'a')]
    >>> small_star("d", [])
    []
    """
    group = set(smaller_neighbours) | {node}
    smallest = min(group)
    return [(member, smallest) for member in sorted(group) if member != smallest]


def star_round(edges: Iterable[tuple[Node, Node]]) -> set[tuple[Node, Node]]:
    """One large-star then one small-star step over a whole edge set (what the Beam rounds do with shuffles).

    >>> sorted(star_round({("b", "a"), ("c", "b"), ("d", "c")}))
    [('b', 'a'), ('c', 'a'), ('d', 'b')]
    """
    both_ways: dict[Node, list[Node]] = {}
    for larger, smaller in edges:
        both_ways.setdefault(larger, []).append(smaller)
        both_ways.setdefault(smaller, []).append(larger)
    large = [edge for node, neighbours in both_ways.items() for edge in large_star(node, neighbours)]
    by_larger: dict[Node, list[Node]] = {}
    for larger, smaller in large:
        by_larger.setdefault(larger, []).append(smaller)
    return {edge for node, smaller in by_larger.items() for edge in small_star(node, smaller)}


def star_components(edges: Iterable[tuple[Node, Node]], max_rounds: int) -> tuple[dict[Node, Node], int, bool]:
    """``({node: root}, rounds run, converged)`` by large-star / small-star rounds; root = the smallest label.

    Gives the same mapping as :func:`connected_components` without ``rank`` whenever ``converged`` is true. The
    last round counted is the one that changed nothing (the convergence check).

    >>> star_components([("a", "b"), ("c", "b"), ("d", "c"), ("y", "z")], max_rounds=10)
    ({'b': 'a', 'c': 'a', 'd': 'a', 'z': 'y'}, 3, True)
    """
    if max_rounds < 1:
        raise ValueError(f"max_rounds must be at least 1, got {max_rounds}: use dedup.component_rounds")
    current = {ordered_edge(left, right) for left, right in edges if left != right}
    rounds, converged = 0, False
    while rounds < max_rounds:
        following = star_round(current)
        rounds += 1
        if following == current:
            converged = True
            break
        current = following
    return dict(sorted(current)), rounds, converged


def _check_threshold(threshold: float) -> None:
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}: use DedupConfig.threshold")
