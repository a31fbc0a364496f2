"""Step 5 of dedup: connected components over the verified pairs, on one worker or in distributed
large-star/small-star rounds; the smallest label of a component is its root."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import apache_beam as beam

from pipeline.beam.stats import CountingDoFn
from pipeline.beam.tags import STATS
from pipeline.dedup.components import connected_components, large_star, ordered_edge, small_star


def pair_roots(pairs: Iterable[tuple]) -> list[tuple[str, str]]:
    """``(member id, root id)`` for every article of the verified pairs that is not its group's root, in the order
    of the members' labels. A group is a connected component of the pairs; its root is the article of smallest own
    label, an article's own label being the largest it has in any pair (contained in one pair: contained).

    One pass over the pairs, which are never held: union-find over the ids, and each id's own label. Memory grows
    with the articles in pairs, not the pairs (see :data:`pipeline.dedup.config.DEFAULT_MAX_SINGLE_WORKER_ARTICLES`).

    >>> a, b, c = (0, (1, "a")), (0, (2, "b")), (0, (3, "c"))
    >>> pair_roots([("b", b, "a", a), ("c", c, "a", a)])
    [('b', 'a'), ('c', 'a')]
    >>> pair_roots([("b", b, "a", a), ("c", c, "a", a), ("a", (1, (1, "a")), "c", c)])  # a is contained in c
    [('c', 'b'), ('a', 'b')]
    """
    own: dict[str, tuple] = {}

    def id_edges() -> Iterator[tuple[str, str]]:
        for left_id, left_label, right_id, right_label in pairs:
            for node_id, label in ((left_id, left_label), (right_id, right_label)):
                known = own.get(node_id)
                if known is None or label > known:
                    own[node_id] = label
            yield left_id, right_id

    # Components over the ids (a component's union-find root is its smallest id), then each one's smallest label.
    component_of = connected_components(id_edges())
    root_label: dict[str, tuple] = {}
    for node_id, label in own.items():
        component = component_of.get(node_id, node_id)
        best = root_label.get(component)
        if best is None or label < best:
            root_label[component] = label
    members = []
    for node_id, label in own.items():
        root_id = label_id(root_label[component_of.get(node_id, node_id)])
        if root_id != node_id:
            members.append((label, root_id))
    members.sort()
    return [(label_id(label), root_id) for label, root_id in members]


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


class UnionFind(CountingDoFn):
    """Resolves all the labelled edges grouped under one key on this worker (the distributed path's fallback)."""

    def __init__(self, counter: str) -> None:
        self._counter = counter

    def process(self, graph: tuple[Any, Iterable[tuple[tuple, tuple]]]) -> Iterator[tuple[str, str]]:
        self.count(self._counter)
        for member, root in sorted(connected_components(graph[1]).items()):
            yield label_id(member), label_id(root)


class PairRoots(CountingDoFn):
    """Resolves all the verified pair lists grouped under one key on this worker (the single-worker path)."""

    def process(self, graph: tuple[None, Iterable[list[tuple]]]) -> Iterator[tuple[str, str]]:
        self.count("dedup:components-single-worker")
        yield from pair_roots(pair for pairs in graph[1] for pair in pairs)


def _when(condition: bool, element: Any) -> Iterator[Any]:
    if condition:
        yield element


class SingleWorkerComponents(beam.PTransform):
    """Labels and union-find on one worker over the verified pairs (lists): always when ``max_pairs`` is None (the
    articles are known to be few enough), else only when the pairs are at most ``max_pairs``."""

    def __init__(self, max_pairs: int | None = None, pair_count: beam.pvalue.AsSingleton | None = None) -> None:
        super().__init__()
        self._max_pairs = max_pairs
        self._pair_count = pair_count

    def expand(self, pairs: beam.PCollection) -> beam.PCollection:
        max_pairs = self._max_pairs
        if max_pairs is None:
            keyed = pairs | "KeyAll" >> beam.Map(lambda batch: (None, batch))
        else:
            keyed = pairs | "IfFewPairs" >> beam.FlatMap(
                lambda batch, n: _when(n <= max_pairs, (None, batch)), n=self._pair_count
            )
        return (
            keyed
            | "GatherPairs" >> beam.GroupByKey()
            | "PairRoots" >> beam.ParDo(PairRoots()).with_outputs(STATS, main="roots")
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
    their count exceeds ``max_pairs``.

    Every worker holds one node's neighbourhood at a time. After the last round, the edge set is compared with the
    one before it: equal means every component is a star around its root, and each edge is ``(member, root)``.
    Otherwise ``dedup:components-unconverged`` is counted and the remaining (contracted) edges are resolved by
    union-find on one worker, so the result is right either way; raise ``dedup.component_rounds`` if it shows.
    """

    def __init__(self, max_pairs: int, rounds: int, pair_count: beam.pvalue.AsSingleton) -> None:
        super().__init__()
        self._max_pairs = max_pairs
        self._rounds = rounds
        self._pair_count = pair_count

    def expand(self, pairs: beam.PCollection) -> dict[str, beam.PCollection]:
        max_pairs = self._max_pairs
        many = pairs | "IfManyPairs" >> beam.FlatMap(
            lambda batch, n: batch if n > max_pairs else (), n=self._pair_count
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
            >> beam.FlatMap(lambda batch, n: _when(n > max_pairs and bool(batch), 1), n=self._pair_count)
            | "CountDistributed" >> beam.combiners.Count.Globally()
        )
        flag = changes | "ConvergenceStats" >> beam.FlatMap(convergence_stats, distributed=beam.pvalue.AsSingleton(ran))
        roots = (converged_roots, fallback.roots) | "FlattenRoots" >> beam.Flatten()
        stats = (fallback[STATS], flag) | "FlattenComponentStats" >> beam.Flatten()
        return {"roots": roots, "stats": stats}
