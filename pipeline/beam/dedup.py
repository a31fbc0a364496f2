"""Deduplicate: exact, near-duplicate and partial-copy removal with MinHash LSH, as Beam joins.

pipeline.dedup does the maths; this module only moves data. Shape (see README, "How dedup works"):

1. ``Fingerprint``: each article -> its keep rank, content hash, MinHash signature and shingle set. Its band
   keys (plus the content hash as one more "band") are batched per bundle into groups keyed by (band,
   partition), so LSH costs a handful of elements per bundle rather than one per band per article.
2. ``FindCandidates``: within each group, articles sharing a band key form a bucket; every member is linked to
   the bucket's best-ranked member (a star: a bucket of k members gives k-1 edges, not k^2); ``DistinctCandidates``
   removes the copies of one pair found in several bands.
3. ``VerifyCandidates``: each candidate pair meets both shingle sets and is kept only if it is an exact copy,
   has real Jaccard >= ``threshold`` (near) or one side is contained in the other >= ``containment_threshold``;
   the others are counted (``dedup:candidates-rejected``) and dropped.
4. ``LabelNodes``: each article of a verified pair gets the label ``(contained, keep rank)``: an article that
   is contained in another one (a partial copy) can never be the kept one of its group.
5. ``ResolveComponents``: connected components over the verified edges; the smallest label of each is kept.
   Up to ``max_single_worker_edges`` edges, union-find on one worker; past it, unrolled large-star/small-star
   rounds (``component_rounds``), with ``dedup:components-unconverged`` counting a last round that still
   changed the graph (its edges then go through union-find, so the result is right either way).
6. ``JoinRootFingerprint`` + ``Route``: each member meets its root's fingerprint and is verified against the
   root itself (a component can link articles that are only similar through others): it becomes a duplicate
   (exact, near or containment, with the verified and estimated similarity) or, failing that, is kept.
   Several records with one id are resolved by the same keep rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import apache_beam as beam

from pipeline.beam.bands import BandBuffer, in_global_window
from pipeline.beam.stats import CountingDoFn
from pipeline.beam.tags import REJECTS, STATS
from pipeline.dedup.components import connected_components, large_star, ordered_edge, small_star
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.keep import keep_rank
from pipeline.dedup.minhash import MinHasher, content_hash, estimate_jaccard, is_empty_signature
from pipeline.dedup.verify import classify, contained_side, overlap, signature_and_shingle_set
from pipeline.record import Article, Duplicate, Reject
from pipeline.report.samples import SAMPLES, cluster_member_sample, is_sampled  # run report (issue 8)

# Similarities are written rounded, so output bytes do not depend on floating-point noise.
SIMILARITY_DIGITS = 4
# First element of a node label: contained articles sort after all others, so they are never a group's root.
NOT_CONTAINED, CONTAINED = 0, 1

# Element shapes (plain tuples: picklable, cheap, and comparable for the deterministic keep rule).
#   fingerprint:  (rank, content_hash, signature, shingle_set)
#   band entry:   (band_key, rank, id)
#   candidate:    (member_rank, member_id, best_rank, best_id)
#   verified:     (left_id, left_label, right_id, right_label), label = (contained flag, rank); rank[-1] is the id
#   graph edge:   (larger_label, smaller_label)


class FingerprintArticle(CountingDoFn):
    """Main output ``(id, (article, fingerprint))``; ``buckets`` output ``((band, partition), [band entries])``;
    ``rejects`` for an article whose fingerprinting raised an error."""

    BUCKETS = "buckets"

    def __init__(self, config: DedupConfig) -> None:
        self._config = config

    def setup(self) -> None:
        self._hasher = MinHasher.from_config(self._config)
        self._bands, self._rows = self._config.banding()

    def start_bundle(self) -> None:
        super().start_bundle()
        self._buffer = BandBuffer(self._bands, self._rows)

    def process(self, article: Article) -> Iterator[Any]:
        fingerprint = self.guarded(article.id, "fingerprinting", lambda: self._fingerprint(article))
        if isinstance(fingerprint, Reject):
            yield beam.pvalue.TaggedOutput(REJECTS, fingerprint)
            return
        rank, exact, signature, _ = fingerprint
        if is_empty_signature(signature):
            self.count("dedup:no-tokens")  # only exact copies can be found for these (see BandBuffer.add)
        self.count("dedup:fingerprinted")
        yield article.id, (article, fingerprint)
        if self._buffer.add(exact, signature, (rank, article.id)):
            yield from (beam.pvalue.TaggedOutput(self.BUCKETS, group) for group in self._buffer.drain())

    def _fingerprint(self, article: Article) -> tuple[tuple, bytes, bytes, bytes]:
        signature, shingles = signature_and_shingle_set(self._hasher, article.text, self._config.shingle_size)
        return keep_rank(article), content_hash(article.text), signature, shingles

    def finish_bundle(self) -> Iterator[Any]:
        for group in self._buffer.drain():
            yield beam.pvalue.TaggedOutput(self.BUCKETS, in_global_window(group))
        yield from super().finish_bundle()


def bucket_edges(group: tuple[tuple[int, int], Iterable[list]]) -> Iterator[tuple]:
    """Star edges from every multi-member bucket of one (band, partition) group.

    >>> entries = [[(b"k", (0, "b"), "b"), (b"z", (0, "z"), "z")], [(b"k", (0, "a"), "a")]]
    >>> list(bucket_edges(((0, 3), entries)))
    [((0, 'b'), 'b', (0, 'a'), 'a')]
    """
    _, batches = group
    buckets: dict[bytes, list[tuple[tuple, str]]] = defaultdict(list)
    for batch in batches:
        for key, rank, article_id in batch:
            buckets[key].append((rank, article_id))
    for members in buckets.values():
        if len(members) < 2:
            continue
        best_rank, best_id = min(members)
        for rank, article_id in sorted(set(members)):
            if article_id != best_id:
                yield rank, article_id, best_rank, best_id


def attach_member_fingerprint(joined: tuple[str, dict[str, list]]) -> Iterator[tuple[str, tuple[str, tuple]]]:
    """For one member id: ``(best id, (member id, member fingerprint))`` for each of its candidate pairs."""
    member_id, groups = joined
    fingerprints = groups["fingerprint"]
    if not fingerprints:
        return
    fingerprint = min(fingerprints)  # several records with one id: the same rule as Route
    for best_id in sorted(set(groups["best"])):
        yield best_id, (member_id, fingerprint)


class VerifyCandidates(CountingDoFn):
    """For one best-ranked id and its candidate members: the verified pairs, labelled for the components step."""

    def __init__(self, threshold: float, containment_threshold: float | None) -> None:
        self._threshold = threshold
        self._containment_threshold = containment_threshold

    def process(self, joined: tuple[str, dict[str, list]]) -> Iterator[tuple]:
        best_id, groups = joined
        fingerprints = groups["fingerprint"]
        if not fingerprints:
            return
        best_rank, best_exact, _, best_shingles = min(fingerprints)
        for member_id, (member_rank, member_exact, _, member_shingles) in sorted(groups["members"]):
            self.count("dedup:candidates-verified")
            if member_exact == best_exact:
                yield member_id, (NOT_CONTAINED, member_rank), best_id, (NOT_CONTAINED, best_rank)
                continue
            found = overlap(member_shingles, best_shingles)
            if found.jaccard >= self._threshold:
                yield member_id, (NOT_CONTAINED, member_rank), best_id, (NOT_CONTAINED, best_rank)
                continue
            side = contained_side(
                found, len(member_shingles), len(best_shingles), self._threshold, self._containment_threshold
            )
            if side is None:
                self.count("dedup:candidates-rejected")
                continue
            self.count("dedup:candidates-contained")
            member_flag, best_flag = (CONTAINED, NOT_CONTAINED) if side == "left" else (NOT_CONTAINED, CONTAINED)
            yield member_id, (member_flag, member_rank), best_id, (best_flag, best_rank)


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


def label_id(label: tuple) -> str:
    """The article id inside a node label ``(contained flag, keep rank)``: the rank's last element."""
    article_id: str = label[1][-1]
    return article_id


def union_find_roots(edges: Iterable[tuple[tuple, tuple]]) -> Iterator[tuple[str, str]]:
    """``(member id, root id)`` for every non-root article, by union-find over labelled edges."""
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


class SingleWorkerComponents(beam.PTransform):
    """Union-find on one worker, over the edges only when their count is within ``max_edges``."""

    def __init__(self, max_edges: int, edge_count: beam.pvalue.AsSingleton) -> None:
        super().__init__()
        self._max_edges = max_edges
        self._edge_count = edge_count

    def expand(self, edges: beam.PCollection) -> beam.PCollection:
        max_edges = self._max_edges
        return (
            edges
            | "IfFewEdges" >> beam.FlatMap(lambda edge, n: _when(n <= max_edges, (None, edge)), n=self._edge_count)
            | "OneGraph" >> beam.GroupByKey()
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
    """Unrolled large-star/small-star rounds over the edges, only when their count exceeds ``max_edges``.

    Every worker holds one node's neighbourhood at a time. After the last round, the edge set is compared with the
    one before it: equal means every component is a star around its root, and each edge is ``(member, root)``.
    Otherwise ``dedup:components-unconverged`` is counted and the remaining (contracted) edges are resolved by
    union-find on one worker, so the result is right either way; raise ``dedup.component_rounds`` if it shows.
    """

    def __init__(self, max_edges: int, rounds: int, edge_count: beam.pvalue.AsSingleton) -> None:
        super().__init__()
        self._max_edges = max_edges
        self._rounds = rounds
        self._edge_count = edge_count

    def expand(self, edges: beam.PCollection) -> dict[str, beam.PCollection]:
        max_edges = self._max_edges
        current = edges | "IfManyEdges" >> beam.FlatMap(lambda edge, n: _when(n > max_edges, edge), n=self._edge_count)
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
            edges
            | "IfDistributed" >> beam.FlatMap(lambda edge, n: _when(n > max_edges, 1), n=self._edge_count)
            | "CountDistributed" >> beam.combiners.Count.Globally()
        )
        flag = changes | "ConvergenceStats" >> beam.FlatMap(convergence_stats, distributed=beam.pvalue.AsSingleton(ran))
        roots = (converged_roots, fallback.roots) | "FlattenRoots" >> beam.Flatten()
        stats = (fallback[STATS], flag) | "FlattenComponentStats" >> beam.Flatten()
        return {"roots": roots, "stats": stats}


def attach_root_fingerprint(joined: tuple[str, dict[str, list]]) -> Iterator[tuple[str, tuple[str, tuple]]]:
    """For one root id: ``(member id, (root id, root fingerprint))`` for each of its members."""
    root_id, groups = joined
    fingerprints = groups["fingerprint"]
    if not fingerprints:
        return
    root_fingerprint = min(fingerprints)  # several records with the root's id: the same rule as Route
    for member_id in groups["members"]:
        yield member_id, (root_id, root_fingerprint)


class Route(CountingDoFn):
    """Sends each article to kept (main), ``duplicates`` or ``rejects`` (several different records with one id)."""

    DUPLICATES = "duplicates"

    def __init__(self, threshold: float, containment_threshold: float | None = None, sample_rate: float = 0.0) -> None:
        self._threshold = threshold
        self._containment_threshold = containment_threshold
        self._sample_rate = sample_rate  # run report (issue 8): share of clusters sampled, by the root's id

    def process(self, joined: tuple[str, dict[str, list]]) -> Iterator[Any]:
        article_id, groups = joined
        records = sorted(groups["article"], key=lambda pair: pair[1])  # by fingerprint: rank, then content
        if not records:
            return
        (article, fingerprint), losers = records[0], records[1:]
        for loser, loser_fingerprint in losers:
            yield from self._same_id(loser, loser_fingerprint, fingerprint)
        roots = groups["root"]
        if not roots:
            self.count("kept:articles")
            yield article
            return
        root_id, root_fingerprint = min(roots)
        if self._sample_rate and is_sampled(root_id, self._sample_rate):  # run report (issue 8): cluster samples
            yield beam.pvalue.TaggedOutput(SAMPLES, cluster_member_sample(article, root_id))
        _, exact, signature, shingles = fingerprint
        _, root_exact, root_signature, root_shingles = root_fingerprint
        estimated = round(estimate_jaccard(signature, root_signature), SIMILARITY_DIGITS)
        if exact == root_exact:
            self.count("duplicates:exact")
            yield beam.pvalue.TaggedOutput(
                self.DUPLICATES, Duplicate(article_id, root_id, "exact", 1.0, estimated, 1.0)
            )
            return
        found = overlap(shingles, root_shingles)
        kind = classify(False, found, self._threshold, self._containment_threshold)
        if kind is None:
            # Linked to the root only through other articles, and not similar enough to it: keep it.
            self.count("dedup:kept-after-verification")
            self.count("kept:articles")
            yield article
            return
        self.count(f"duplicates:{kind}")
        duplicate = Duplicate(
            article_id,
            root_id,
            kind,
            round(found.jaccard, SIMILARITY_DIGITS),
            estimated,
            round(found.left_in_right, SIMILARITY_DIGITS),
        )
        yield beam.pvalue.TaggedOutput(self.DUPLICATES, duplicate)

    def _same_id(self, loser: Article, loser_fingerprint: tuple, winner_fingerprint: tuple) -> Iterator[Any]:
        if loser_fingerprint[1] == winner_fingerprint[1]:
            self.count("duplicates:exact")
            yield beam.pvalue.TaggedOutput(self.DUPLICATES, Duplicate(loser.id, loser.id, "exact", 1.0, 1.0, 1.0))
        else:
            self.count("rejected:duplicate_id")
            yield beam.pvalue.TaggedOutput(
                REJECTS,
                Reject(
                    loser.id,
                    "duplicate_id",
                    "another record has this id and a different text; make ids unique (this one lost by the keep rule)",
                ),
            )


class VerifiedEdges(beam.PTransform):
    """Candidate pairs -> verified, labelled graph edges ``(larger label, smaller label)``; plus ``stats``."""

    def __init__(self, config: DedupConfig) -> None:
        super().__init__()
        self._config = config

    def expand(self, inputs: dict[str, beam.PCollection]) -> dict[str, beam.PCollection]:
        candidates, fingerprints = inputs["candidates"], inputs["fingerprints"]
        member_pairs = candidates | "KeyByMember" >> beam.Map(lambda edge: (edge[1], edge[3]))
        members = (
            {"fingerprint": fingerprints, "best": member_pairs}
            | "JoinMemberFingerprint" >> beam.CoGroupByKey()
            | "AttachMemberFingerprint" >> beam.FlatMap(attach_member_fingerprint)
        )
        checked = (
            {"fingerprint": fingerprints, "members": members}
            | "JoinBestFingerprint" >> beam.CoGroupByKey()
            | "VerifyCandidates"
            >> beam.ParDo(VerifyCandidates(self._config.threshold, self._config.containment_threshold)).with_outputs(
                STATS, main="pairs"
            )
        )
        labels = checked.pairs | "NodeFlags" >> beam.FlatMap(node_flags) | "OwnLabel" >> beam.CombinePerKey(max)
        left_keyed = checked.pairs | "KeyByLeft" >> beam.Map(lambda pair: (pair[0], pair[2]))
        right_keyed = (
            {"label": labels, "pairs": left_keyed}
            | "JoinLeftLabel" >> beam.CoGroupByKey()
            | "AttachLeftLabel" >> beam.FlatMap(attach_left_label)
        )
        edges = (
            {"label": labels, "pairs": right_keyed}
            | "JoinRightLabel" >> beam.CoGroupByKey()
            | "GraphEdges" >> beam.FlatMap(graph_edges)
        )
        return {"edges": edges, "stats": checked[STATS]}


class Deduplicate(beam.PTransform):
    """Outputs: main (kept Article), ``duplicates`` (Duplicate), ``rejects`` (Reject), ``stats``."""

    def __init__(self, config: DedupConfig, sample_rate: float = 0.0, max_articles: int | None = None) -> None:
        super().__init__()
        self._config = config
        self._sample_rate = sample_rate  # run report (issue 8)
        # Each article is in at most bands + 1 buckets and gives at most one star edge per bucket, so a known bound on
        # the articles bounds the edges. Within max_single_worker_edges the distributed rounds (~200 transforms, ~3 s
        # of graph building) can never run and are not built.
        bands, _ = config.banding()
        self._distributed_needed = max_articles is None or max_articles * (bands + 1) > config.max_single_worker_edges

    def expand(self, articles: beam.PCollection) -> dict[str, beam.PCollection]:
        config = self._config
        fingerprinted = articles | "Fingerprint" >> beam.ParDo(FingerprintArticle(config)).with_outputs(
            FingerprintArticle.BUCKETS, REJECTS, STATS, main="articles"
        )
        fingerprints = fingerprinted.articles | "FingerprintOnly" >> beam.Map(lambda kv: (kv[0], kv[1][1]))
        candidates = (
            fingerprinted[FingerprintArticle.BUCKETS]
            | "GroupBuckets" >> beam.GroupByKey()
            | "FindCandidates" >> beam.FlatMap(bucket_edges)
            | "DistinctCandidates" >> beam.Distinct()
        )
        verified = {"candidates": candidates, "fingerprints": fingerprints} | "VerifyCandidates" >> VerifiedEdges(
            config
        )
        edges = verified["edges"]
        edge_count = beam.pvalue.AsSingleton(edges | "CountEdges" >> beam.combiners.Count.Globally())
        single = edges | "SingleWorkerComponents" >> SingleWorkerComponents(config.max_single_worker_edges, edge_count)
        component_roots, component_stats = [single.roots], [single[STATS]]
        if self._distributed_needed:
            distributed = edges | "DistributedComponents" >> DistributedComponents(
                config.max_single_worker_edges, config.component_rounds, edge_count
            )
            component_roots.append(distributed["roots"])
            component_stats.append(distributed["stats"])
        member_roots = component_roots | "ResolveComponents" >> beam.Flatten()
        by_root = member_roots | "KeyByRoot" >> beam.Map(lambda pair: (pair[1], pair[0]))
        roots = (
            {"fingerprint": fingerprints, "members": by_root}
            | "JoinRootFingerprint" >> beam.CoGroupByKey()
            | "AttachRootFingerprint" >> beam.FlatMap(attach_root_fingerprint)
        )
        routed = (
            {"article": fingerprinted.articles, "root": roots}
            | "JoinById" >> beam.CoGroupByKey()
            | "Route"
            >> beam.ParDo(Route(config.threshold, config.containment_threshold, self._sample_rate)).with_outputs(
                Route.DUPLICATES, REJECTS, STATS, SAMPLES, main="kept"
            )
        )
        stats = (
            fingerprinted[STATS],
            verified["stats"],
            *component_stats,
            routed[STATS],
        ) | "FlattenDedupStats" >> beam.Flatten()
        rejects = (fingerprinted[REJECTS], routed[REJECTS]) | "FlattenDedupRejects" >> beam.Flatten()
        return {
            "kept": routed.kept,
            "duplicates": routed[Route.DUPLICATES],
            "rejects": rejects,
            "stats": stats,
            "samples": routed[SAMPLES],  # run report (issue 8)
        }
