"""Step 5 of dedup: connected components over the verified pairs, on one worker or in distributed
large-star/small-star rounds; the smallest label of a component is its root."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import apache_beam as beam

from pipeline.beam.stats import CountingDoFn
from pipeline.beam.tags import STATS
from pipeline.dedup.components import connected_components, large_star, ordered_edge, small_star


def labelled_edges(pairs: Iterable[tuple]) -> list[tuple[tuple, tuple]]:
    """Graph edges ``(larger label, smaller label)`` between the own labels of both ends of each verified pair; an
    article's own label is the largest it has in any pair (contained in one pair: contained).

    >>> a, b, c = (0, (1, "a")), (0, (2, "b")), (0, (3, "c"))
    >>> labelled_edges([("b", b, "a", a), ("c", c, "a", a), ("a", (1, (1, "a")), "c", c)])
    [((1, (1, 'a')), (0, (2, 'b'))), ((1, (1, 'a')), (0, (3, 'c')))]
    """
    pairs = list(pairs)
    own: dict[str, tuple] = {}
    for left_id, left_label, right_id, right_label in pairs:
        for node_id, label in ((left_id, left_label), (right_id, right_label)):
            if node_id not in own or label > own[node_id]:
                own[node_id] = label
    return sorted({ordered_edge(own[left_id], own[right_id]) for left_id, _, right_id, _ in pairs})


def node_flags(verified: tuple) -> Iterator[tuple[str, tuple]]:
    """``(id, label)`` for both ends of a verified pair; the largest label of an id (contained wins) is its own."""
    left_id, left_label, right_id, right_label = verified
    yield left_id, left_label
    yield right_id, right_label


def attach_left_label(joined: tuple[str, dict[str, list]]) -> Iterator[tuple[str, tuple]]:
    """For one left id: ``(right id, left label)`` for each of its pairs."""
    _, groups = joined
    for label in groups["label"]:
        for right_id in sorted(set(groups["pairs"])):
            yield right_id, label


def graph_edges(joined: tuple[str, dict[str, list]]) -> Iterator[tuple[tuple, tuple]]:
    """For one right id: ``(larger label, smaller label)`` for each of its pairs."""
    _, groups = joined
    for label in groups["label"]:
        for left_label in sorted(set(groups["pairs"])):
            yield ordered_edge(left_label, label)


class LabelledEdges(beam.PTransform):
    """Verified pairs (one element each) -> labelled graph edges, with per-element joins: the distributed path,
    where the pairs are too many for one worker."""

    def expand(self, pairs: beam.PCollection) -> beam.PCollection:
        labels = pairs | "NodeFlags" >> beam.FlatMap(node_flags) | "OwnLabel" >> beam.CombinePerKey(max)
        left_keyed = pairs | "KeyByLeft" >> beam.Map(lambda pair: (pair[0], pair[2]))
        right_keyed = (
            {"label": labels, "pairs": left_keyed}
            | "JoinLeftLabel" >> beam.CoGroupByKey()
            | "AttachLeftLabel" >> beam.FlatMap(attach_left_label)
        )
        return (
            {"label": labels, "pairs": right_keyed}
            | "JoinRightLabel" >> beam.CoGroupByKey()
            | "GraphEdges" >> beam.FlatMap(graph_edges)
        )


def label_id(label: tuple) -> str:
    """The article id inside a node label ``(contained flag, keep rank)``: the rank's last element."""
    article_id: str = label[1][-1]
    return article_id


def union_find_roots(edges: Iterable[tuple[tuple, tuple]]) -> Iterator[tuple[str, str]]:
    """``(member id, root id)`` for every non-root text, by union-find over labelled edges."""
    for member, root in sorted(connected_components(edges).items()):
        yield label_id(member), label_id(root)


class UnionFind(CountingDoFn):
    """Resolves all the edges grouped under one key on this worker (the single-worker path and the fallback)."""

    def __init__(self, counter: str) -> None:
        self._counter = counter

    def process(self, graph: tuple[Any, Iterable[tuple[tuple, tuple]]]) -> Iterator[tuple[str, str]]:
        self.count(self._counter)
        yield from union_find_roots(graph[1])


def _when(condition: bool, element: Any) -> Iterator[Any]:
    if condition:
        yield element


def one_graph(graph: tuple[None, Iterable[list[tuple]]]) -> tuple[None, list[tuple[tuple, tuple]]]:
    """All verified pair lists grouped under one key -> that key and the labelled edges between them."""
    return None, labelled_edges(pair for pairs in graph[1] for pair in pairs)


class SingleWorkerComponents(beam.PTransform):
    """Labels and union-find on one worker, over the verified pairs (lists) only when their count is within
    ``max_edges``."""

    def __init__(self, max_edges: int, pair_count: beam.pvalue.AsSingleton) -> None:
        super().__init__()
        self._max_edges = max_edges
        self._pair_count = pair_count

    def expand(self, pairs: beam.PCollection) -> beam.PCollection:
        max_edges = self._max_edges
        return (
            pairs
            | "IfFewPairs" >> beam.FlatMap(lambda batch, n: _when(n <= max_edges, (None, batch)), n=self._pair_count)
            | "GatherPairs" >> beam.GroupByKey()
            | "OneGraph" >> beam.Map(one_graph)
            | "UnionFind" >> beam.ParDo(UnionFind("dedup:components-single-worker")).with_outputs(STATS, main="roots")
        )


def count_changes(joined: tuple[tuple, dict[str, list]]) -> Iterator[int]:
    """1 for a graph edge present on one side only of (before, after) the last round: not converged."""
    _, sides = joined
    if bool(sides["before"]) != bool(sides["after"]):
        yield 1


def convergence_stats(changes: int, distributed: int) -> Iterator[dict[str, int]]:
    """The distributed path's counters, when it ran: edges the last round still changed (0 = converged)."""
    if distributed:
        yield {"dedup:components-distributed": 1, "dedup:components-last-round-changes": changes}


class DistributedComponents(beam.PTransform):
    """Per-element label joins and unrolled large-star/small-star rounds over the verified pairs (lists), only when
    their count exceeds ``max_edges``.

    Every worker holds one node's neighbourhood at a time. After the last round, the edge set is compared with the
    one before it: equal means every component is a star around its root, and each edge is ``(member, root)``.
    Otherwise ``dedup:components-unconverged`` is counted and the remaining (contracted) edges are resolved by
    union-find on one worker, so the result is right either way; raise ``dedup.component_rounds`` if it shows.
    """

    def __init__(self, max_edges: int, rounds: int, pair_count: beam.pvalue.AsSingleton) -> None:
        super().__init__()
        self._max_edges = max_edges
        self._rounds = rounds
        self._pair_count = pair_count

    def expand(self, pairs: beam.PCollection) -> dict[str, beam.PCollection]:
        max_edges = self._max_edges
        many = pairs | "IfManyPairs" >> beam.FlatMap(
            lambda batch, n: batch if n > max_edges else (), n=self._pair_count
        )
        current = many | "LabelledEdges" >> LabelledEdges()
        previous = current
        for number in range(1, self._rounds + 1):
            previous = current
            current = (
                current
                | f"BothWays{number}" >> beam.FlatMap(lambda edge: (edge, (edge[1], edge[0])))
                | f"GroupLarge{number}" >> beam.GroupByKey()
                | f"LargeStar{number}" >> beam.FlatMap(lambda node: large_star(node[0], node[1]))
                | f"GroupSmall{number}" >> beam.GroupByKey()  # an edge (larger, smaller) is keyed by its larger end
                | f"SmallStar{number}" >> beam.FlatMap(lambda node: small_star(node[0], node[1]))
                | f"DistinctEdges{number}" >> beam.Distinct()
            )
        changes = (
            {
                "before": previous | "KeyBefore" >> beam.Map(lambda edge: (edge, None)),
                "after": current | "KeyAfter" >> beam.Map(lambda edge: (edge, None)),
            }
            | "CompareLastRound" >> beam.CoGroupByKey()
            | "CountChanges" >> beam.FlatMap(count_changes)
            | "SumChanges" >> beam.CombineGlobally(sum)
        )
        changed = beam.pvalue.AsSingleton(changes)
        converged_roots = current | "IfConverged" >> beam.FlatMap(
            lambda edge, n: _when(n == 0, (label_id(edge[0]), label_id(edge[1]))), n=changed
        )
        fallback = (
            current
            | "IfUnconverged" >> beam.FlatMap(lambda edge, n: _when(n > 0, (None, edge)), n=changed)
            | "RemainingGraph" >> beam.GroupByKey()
            | "UnionFindRemaining"
            >> beam.ParDo(UnionFind("dedup:components-unconverged")).with_outputs(STATS, main="roots")
        )
        ran = (
            pairs
            | "IfDistributed"
            >> beam.FlatMap(lambda batch, n: _when(n > max_edges and bool(batch), 1), n=self._pair_count)
            | "CountDistributed" >> beam.combiners.Count.Globally()
        )
        flag = changes | "ConvergenceStats" >> beam.FlatMap(convergence_stats, distributed=beam.pvalue.AsSingleton(ran))
        roots = (converged_roots, fallback.roots) | "FlattenRoots" >> beam.Flatten()
        stats = (fallback[STATS], flag) | "FlattenComponentStats" >> beam.Flatten()
        return {"roots": roots, "stats": stats}
