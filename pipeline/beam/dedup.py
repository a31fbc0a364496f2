"""Deduplicate: exact, near-duplicate and partial-copy removal with MinHash LSH, as Beam joins.

pipeline.dedup does the maths; this module only moves data, in batches: Beam costs a few microseconds per element
per step, so per-article elements are avoided wherever a join allows it. Shape (see README, "How dedup works"):

1. ``Fingerprint``: each article -> its keep rank, content hash, MinHash signature and shingle set (computed here,
   or where it was cleaned: a ``FingerprintedArticle`` from CleanArticles). The article with its fingerprint (a
   *node*) is batched per bundle by the partition of its id (:func:`node_partitions` partitions); ``(content hash,
   rank, signature)`` is batched by the partition of the content hash.
2. ``ResolveCopies``: the articles of one content hash are exact copies: the best-ranked one (the
   *representative*) stands for the text from here on, the others are exact duplicates of it. Only
   representatives get LSH band entries, batched by (band, partition).
3. ``FindCandidates``: within each band group, texts sharing a band key form a bucket; every member is linked to
   the bucket's best-ranked member (a star: a bucket of k members gives k-1 edges, not k^2). Pairs are batched by
   the partition of the member and made distinct per partition: one pair is found in every band it shares.
4. ``VerifyCandidates``: each pair meets both shingle sets (``CandidateFingerprints`` takes just those articles'
   fingerprints out of the node batches, through a side input of their ids) and is kept if its real Jaccard is
   >= ``threshold`` (near) or one side is contained in the other >= ``containment_threshold``; the others are
   counted (``dedup:candidates-rejected``) and dropped.
5. Components: each text of a verified pair gets the label ``(contained, keep rank)``: a text contained in another
   one (a partial copy) can never be the kept one of its group. Connected components over the verified pairs; the
   smallest label of each is kept. Up to ``max_single_worker_edges`` pairs, labels and union-find on one worker;
   past it, per-element label joins and unrolled large-star/small-star rounds (``component_rounds``), with
   ``dedup:components-unconverged`` counting a last round that still changed the graph (its edges then go
   through union-find, so the result is right either way).
6. ``ResolveRoots``: a representative's exact copies follow it: to its group's root, or to it when it is kept.
7. ``Route``: the node batches of each partition meet their members' roots. A member with its root's content is
   an exact duplicate; any other is verified against the root's shingle set (``RootFingerprints``; a component
   can link texts that are only similar through others): it becomes a duplicate (near or containment, with the
   verified and estimated similarity) or, failing that, is kept. Several records with one id are resolved by the
   same keep rule.

Memory: a worker holds one bundle's batches while fingerprinting, one partition of nodes in ``Route`` (see
:data:`BYTES_PER_PARTITION`), and, as side inputs, the ids of the texts in candidate pairs and of the roots that
members are verified against; the single-worker components hold the verified pairs, at most
``max_single_worker_edges``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import apache_beam as beam

from pipeline.beam.bands import BandBuffer, KeyedBatches, digest_partition, id_partition, unpack
from pipeline.beam.combine import combined
from pipeline.beam.stats import CountingDoFn
from pipeline.beam.tags import REJECTS, STATS
from pipeline.beam.windows import finished, in_global_window
from pipeline.core.record import Article, Duplicate, Reject
from pipeline.dedup.components import connected_components, large_star, ordered_edge, small_star
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.minhash import MinHasher, estimate_jaccard, is_empty_signature
from pipeline.dedup.verify import (
    MatchKind,
    Overlap,
    classify,
    contained_side,
    overlap,
    shingle_set_values,
    signature_and_shingle_set,
)
from pipeline.local.pool import OrderedChunks
from pipeline.local.workers import Workers
from pipeline.report.samples import SAMPLES, cluster_member_sample, is_sampled  # run report (issue 8)
from pipeline.work.tasks import Fingerprint, FingerprintedArticle, Fingerprints, Outcome, article_chars

# Similarities are written rounded, so output bytes do not depend on floating-point noise.
SIMILARITY_DIGITS = 4
# First element of a node label: contained articles sort after all others, so they are never a group's root.
NOT_CONTAINED, CONTAINED = 0, 1

# Input bytes per node partition: a partition (~10 k articles of 3 KB, ~60 MB with their fingerprints) is what one
# worker holds at once in Route; 1 partition per 32 MB keeps that bound whatever the input size.
BYTES_PER_PARTITION = 32 * 1024 * 1024
MAX_PARTITIONS = 4096
# Nodes or candidate pairs a worker buffers before handing them to the shuffle (bounds the buffer: ~6 KB a node).
MAX_BUFFERED = 2_000

# Verdicts Route remembers by (content hash, root id): exact copies of a near duplicate are verified once (~100 bytes
# each).
MAX_VERDICTS = 10_000
# How a member matches its root: (match kind or None, shingle overlap, estimated similarity).
Verdict = tuple[MatchKind | None, Overlap, float]

# Element shapes (plain tuples: picklable, cheap, and comparable for the deterministic keep rule).
#   fingerprint:  (rank, content_hash, shingle_set); rank[-1] is the id. Travels as (partition, [(id, fingerprint)])
#   node:         (article, (rank, content_hash)); nodes travel as (partition, [node, ...])
#   text:         (content_hash, rank, signature), batched by the partition of the hash
#   band entry:   (band_key, representative's rank)
#   candidate:    (member_rank, member_id, best_rank, best_id)
#   verified:     (left_id, left_label, right_id, right_label), label = (contained flag, rank); verified pairs
#                 travel in lists
#   graph edge:   (larger_label, smaller_label)
#   root:         (member_id, root_id, same_content)


def single_worker_article_limit(config: DedupConfig) -> int:
    """The most articles whose verified pairs always fit ``max_single_worker_edges``: an article is in at most
    ``bands + 1`` buckets and gets at most one star edge in each.

    >>> single_worker_article_limit(DedupConfig())
    30303
    """
    bands, _ = config.banding()
    return config.max_single_worker_edges // (bands + 1)


def node_partitions(input_bytes: int) -> int:
    """How many partitions the node batches of a run of ``input_bytes`` are spread over.

    >>> node_partitions(0), node_partitions(50_000_000), node_partitions(10**13)
    (1, 2, 4096)
    """
    return max(1, min(MAX_PARTITIONS, math.ceil(input_bytes / BYTES_PER_PARTITION)))


class FingerprintArticle(CountingDoFn):
    """Takes an Article (fingerprinted here) or a FingerprintedArticle. Main output: node batches ``(partition,
    [(article, (rank, content hash)), ...])``; ``texts`` output ``(partition, [(content hash, rank, signature), ...])``
    batched by the partition of the content hash; ``fingerprints`` output ``(partition, [(id, (rank, content hash,
    shingle set)), ...])`` batched by the partition of the id; ``rejects`` for an article whose fingerprinting raised
    an error. All batches are packed."""

    TEXTS = "texts"
    FINGERPRINTS = "fingerprints"

    def __init__(self, config: DedupConfig, partitions: int, workers: Workers | None = None) -> None:
        self._config = config
        self._partitions = partitions
        self._workers = workers

    def setup(self) -> None:
        pool = self._workers.pool() if self._workers else None
        self._work: OrderedChunks[Article, Article, Outcome[Fingerprint]] = OrderedChunks(
            Fingerprints(self._config), pool, measure=article_chars
        )

    def start_bundle(self) -> None:
        super().start_bundle()
        self._nodes = KeyedBatches(MAX_BUFFERED)
        self._fingerprints = KeyedBatches(MAX_BUFFERED)
        self._texts = KeyedBatches(MAX_BUFFERED)

    def process(self, element: Article | FingerprintedArticle) -> Iterator[Any]:
        if isinstance(element, FingerprintedArticle):  # fingerprinted where it was cleaned
            yield from self._emit([(element.article, element.fingerprint)])
        else:
            yield from self._emit(self._work.add(element, element))

    def _emit(self, done: Iterable[tuple[Article, Outcome[Fingerprint]]]) -> Iterator[Any]:
        for article, outcome in done:
            outcome.replay(self.count)
            if outcome.error is not None:
                reject = self.rejected(article.id, "fingerprinting", outcome.error, article.origin)
                yield beam.pvalue.TaggedOutput(REJECTS, reject)
                continue
            assert outcome.result is not None
            rank, exact, signature, shingles = outcome.result
            if is_empty_signature(signature):
                self.count("dedup:no-tokens")  # only exact copies can be found for these (see BandBuffer.add)
            self.count("dedup:fingerprinted")
            partition = id_partition(article.id, self._partitions)
            if self._nodes.add(partition, (article, (rank, exact))):
                yield from self._nodes.drain()
            if self._fingerprints.add(partition, (article.id, (rank, exact, shingles))):
                yield from (beam.pvalue.TaggedOutput(self.FINGERPRINTS, batch) for batch in self._fingerprints.drain())
            if self._texts.add(digest_partition(exact, self._partitions), (exact, rank, signature)):
                yield from (beam.pvalue.TaggedOutput(self.TEXTS, batch) for batch in self._texts.drain())

    def finish_bundle(self) -> Iterator[Any]:
        yield from map(finished, self._emit(self._work.flush()))
        for batch in self._nodes.drain():
            yield in_global_window(batch)
        for batch in self._fingerprints.drain():
            yield beam.pvalue.TaggedOutput(self.FINGERPRINTS, in_global_window(batch))
        for batch in self._texts.drain():
            yield beam.pvalue.TaggedOutput(self.TEXTS, in_global_window(batch))
        yield from super().finish_bundle()


class ResolveCopies(CountingDoFn):
    """One partition of content hashes -> the copies of each text. The best-ranked copy stands for its text in LSH
    (main output: its band groups, batched as in :class:`BandBuffer`); every other copy is an exact duplicate of it
    (``copies`` output: ``(partition of the representative's id, [(representative id, copy id), ...])``).

    So LSH, verification and the components see each distinct text once: exact copies, common in news
    (syndication, re-scrapes), cost one entry here instead of ``bands`` bucket entries and candidate pairs each.
    """

    COPIES = "copies"

    def __init__(self, config: DedupConfig, partitions: int) -> None:
        self._config = config
        self._partitions = partitions

    def setup(self) -> None:
        self._bands, self._rows = self._config.banding()

    def start_bundle(self) -> None:
        super().start_bundle()
        self._buckets = BandBuffer(self._bands, self._rows)
        self._copies = KeyedBatches(MAX_BUFFERED)

    def process(self, group: tuple[int, Iterable[bytes]]) -> Iterator[Any]:
        _, batches = group
        texts: dict[bytes, list[tuple[tuple, bytes]]] = defaultdict(list)
        for batch in batches:
            for exact, rank, signature in unpack(batch):
                texts[exact].append((rank, signature))
        for exact in sorted(texts):
            copies = sorted(texts[exact])
            best_rank, signature = copies[0]
            representative = best_rank[-1]
            if self._buckets.add(None, signature, (best_rank,)):
                yield from self._buckets.drain()
            for rank, _ in copies[1:]:
                if rank[-1] == representative:
                    continue  # several records with one id and one text: Route resolves them
                self.count("dedup:exact-copies")
                if self._copies.add(id_partition(representative, self._partitions), (representative, rank[-1])):
                    yield from (beam.pvalue.TaggedOutput(self.COPIES, batch) for batch in self._copies.drain())

    def finish_bundle(self) -> Iterator[Any]:
        for group in self._buckets.drain():
            yield in_global_window(group)
        for batch in self._copies.drain():
            yield beam.pvalue.TaggedOutput(self.COPIES, in_global_window(batch))
        yield from super().finish_bundle()


def bucket_edges(group: tuple[tuple[int, int], Iterable[bytes]]) -> Iterator[tuple]:
    """Star edges from every multi-member bucket of one (band, partition) group (packed batches), as candidate
    pairs.

    >>> from pipeline.beam.bands import pack
    >>> entries = [pack([(b"k", (0, "b")), (b"z", (0, "z"))]), pack([(b"k", (0, "a"))])]
    >>> list(bucket_edges(((0, 3), entries)))
    [((0, 'b'), 'b', (0, 'a'), 'a')]
    """
    _, batches = group
    buckets: dict[bytes, list[tuple]] = defaultdict(list)
    for batch in batches:
        for key, rank in unpack(batch):
            buckets[key].append(rank)
    for members in buckets.values():
        if len(members) < 2:
            continue
        best = min(members)
        for rank in sorted(set(members)):
            if rank[-1] != best[-1]:
                yield rank, rank[-1], best, best[-1]


class FindCandidates(beam.DoFn):
    """Band groups -> candidate pairs, batched per bundle by the partition of the member id; a pair found in several
    bands of the bundle is buffered once."""

    def __init__(self, partitions: int) -> None:
        self._partitions = partitions

    def start_bundle(self) -> None:
        self._batches = KeyedBatches(MAX_BUFFERED)
        self._seen: set[tuple] = set()

    def process(self, group: tuple[tuple[int, int], Iterable[bytes]]) -> Iterator[tuple[int, bytes]]:
        for candidate in bucket_edges(group):
            if candidate in self._seen:
                continue
            self._seen.add(candidate)
            if self._batches.add(id_partition(candidate[1], self._partitions), candidate):
                self._seen.clear()
                yield from self._batches.drain()

    def finish_bundle(self) -> Iterator[Any]:
        self._seen.clear()
        for batch in self._batches.drain():
            yield in_global_window(batch)


def distinct_candidates(group: tuple[int, Iterable[bytes]]) -> Iterator[tuple]:
    """One partition's candidate pairs (packed batches), each once (a pair is found in every band its two texts
    share), in order.

    >>> from pipeline.beam.bands import pack
    >>> list(distinct_candidates((0, [pack([("m", "b"), ("n", "b")]), pack([("m", "b")])])))
    [('m', 'b'), ('n', 'b')]
    """
    _, batches = group
    yield from sorted({candidate for batch in batches for candidate in unpack(batch)})


def needed_fingerprints(batch: tuple[int, bytes], needed: dict[str, Any]) -> Iterator[tuple[str, tuple]]:
    """The ``(id, fingerprint)`` entries of a packed fingerprint batch whose id is in ``needed``."""
    for entry in unpack(batch[1]):
        if entry[0] in needed:
            yield entry


def candidate_ids(candidate: tuple) -> Iterator[tuple[str, None]]:
    """Both ids of a candidate pair, as side-input dict entries."""
    yield candidate[1], None
    yield candidate[3], None


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
    """For one best-ranked id and its candidate members: the list of verified pairs, labelled for the components
    step."""

    def __init__(self, threshold: float, containment_threshold: float | None) -> None:
        self._threshold = threshold
        self._containment_threshold = containment_threshold

    def process(self, joined: tuple[str, dict[str, list]]) -> Iterator[list[tuple]]:
        best_id, groups = joined
        fingerprints = groups["fingerprint"]
        if not fingerprints:
            return
        best_rank, _, best_shingles = min(fingerprints)
        verified = []
        for member_id, (member_rank, _, member_shingles) in sorted(groups["members"]):
            self.count("dedup:candidates-verified")
            member_flag, best_flag = NOT_CONTAINED, NOT_CONTAINED
            found = overlap(member_shingles, best_shingles)
            if found.jaccard < self._threshold:
                side = contained_side(
                    found, len(member_shingles), len(best_shingles), self._threshold, self._containment_threshold
                )
                if side is None:
                    self.count("dedup:candidates-rejected")
                    continue
                self.count("dedup:candidates-contained")
                member_flag, best_flag = (CONTAINED, NOT_CONTAINED) if side == "left" else (NOT_CONTAINED, CONTAINED)
            verified.append((member_id, (member_flag, member_rank), best_id, (best_flag, best_rank)))
        if verified:
            yield verified


class VerifiedPairs(beam.PTransform):
    """Candidate pairs (batched by partition) and fingerprint batches -> lists of verified, labelled pairs; plus
    ``stats``, and ``fingerprints``: the ``(id, fingerprint)`` of every text in a candidate pair, which holds every
    group's root."""

    def __init__(self, config: DedupConfig) -> None:
        super().__init__()
        self._config = config

    def expand(self, inputs: dict[str, beam.PCollection]) -> dict[str, beam.PCollection]:
        candidates = (
            inputs["candidates"]
            | "GroupCandidates" >> beam.GroupByKey()
            | "DistinctCandidates" >> beam.FlatMap(distinct_candidates)
        )
        needed = beam.pvalue.AsDict(candidates | "CandidateIds" >> beam.FlatMap(candidate_ids))
        fingerprints = inputs["fingerprints"] | "CandidateFingerprints" >> beam.FlatMap(
            needed_fingerprints, needed=needed
        )
        member_pairs = candidates | "KeyByMember" >> beam.Map(lambda candidate: (candidate[1], candidate[3]))
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
        return {"pairs": checked.pairs, "stats": checked[STATS], "fingerprints": fingerprints}


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


def resolve_roots(joined: tuple[int, dict[str, list]]) -> Iterator[tuple[str, str, bool]]:
    """One partition of representatives -> ``(member id, root id, same content)`` for every article that is not kept
    by the components or the copies: a representative that is a member of a group goes to its root, and its exact
    copies go to that root too, or to the representative itself when it is kept.

    >>> from pipeline.beam.bands import pack
    >>> list(resolve_roots((0, {"roots": [("r1", "k")], "copies": [pack([("r1", "c1"), ("r2", "c2")])]})))
    [('r1', 'k', False), ('c1', 'k', False), ('c2', 'r2', True)]
    """
    _, groups = joined
    roots: dict[str, str] = {}
    for member_id, root_id in groups["roots"]:
        roots[member_id] = min(root_id, roots.get(member_id, root_id))
    copies: dict[str, list[str]] = defaultdict(list)
    for batch in groups["copies"]:
        for representative, copy_id in unpack(batch):
            copies[representative].append(copy_id)
    for representative in sorted(roots.keys() | copies.keys()):
        root = roots.get(representative)
        if root is not None:
            yield representative, root, False
        for copy_id in sorted(copies.get(representative, ())):
            yield (copy_id, representative, True) if root is None else (copy_id, root, False)


def exact_root(root: tuple[str, str, bool], partitions: int) -> Iterator[tuple[int, tuple[str, str, None]]]:
    """A member whose root has its content, keyed by the member's partition for Route (no fingerprint needed)."""
    member_id, root_id, same_content = root
    if same_content:
        yield id_partition(member_id, partitions), (member_id, root_id, None)


def other_root(root: tuple[str, str, bool]) -> Iterator[tuple[str, str]]:
    """``(root id, member id)`` for a member whose root has other content: it needs the root's fingerprint."""
    member_id, root_id, same_content = root
    if not same_content:
        yield root_id, member_id


def attach_root_fingerprint(
    joined: tuple[str, dict[str, list]], partitions: int
) -> Iterator[tuple[int, tuple[str, str, tuple]]]:
    """For one root id: ``(member partition, (member id, root id, root fingerprint))`` for each of its members."""
    root_id, groups = joined
    fingerprints = groups["fingerprint"]
    if not fingerprints:
        return
    root_fingerprint = min(fingerprints)  # several records with the root's id: the same rule as Route
    for member_id in groups["members"]:
        yield id_partition(member_id, partitions), (member_id, root_id, root_fingerprint)


class BatchByPartition(beam.DoFn):
    """``(partition, value)`` -> ``(partition, packed values)``, batched per bundle: the members' roots cross the
    join with the nodes as a few batches, not one element each (each element costs the runner an encode and a decode
    at every stage boundary, four of them on the way to Route)."""

    def start_bundle(self) -> None:
        self._batches = KeyedBatches(MAX_BUFFERED)

    def process(self, element: tuple[int, Any]) -> Iterator[tuple[int, bytes]]:
        if self._batches.add(*element):
            yield from self._batches.drain()

    def finish_bundle(self) -> Iterator[Any]:
        for batch in self._batches.drain():
            yield in_global_window(batch)


class Route(CountingDoFn):
    """Sends each article of a partition to kept (main), ``duplicates`` or ``rejects`` (several different records
    with one id)."""

    DUPLICATES = "duplicates"

    def __init__(self, config: DedupConfig, sample_rate: float = 0.0) -> None:
        self._config = config
        self._sample_rate = sample_rate  # run report (issue 8): share of clusters sampled, by the root's id

    def setup(self) -> None:
        self._hasher = MinHasher.from_config(self._config)

    def start_bundle(self) -> None:
        super().start_bundle()
        self._verdicts: dict[tuple[bytes, str], Verdict] = {}

    def process(self, joined: tuple[int, dict[str, list]]) -> Iterator[Any]:
        _, groups = joined
        records: dict[str, list[tuple[Article, tuple]]] = defaultdict(list)
        for batch in groups["nodes"]:
            for article, key in unpack(batch):
                records[article.id].append((article, key))
        roots: dict[str, list[tuple[str, tuple | None]]] = defaultdict(list)
        for batch in (*groups["exact_roots"], *groups["other_roots"]):
            for member_id, root_id, root_fingerprint in unpack(batch):
                roots[member_id].append((root_id, root_fingerprint))
        for article_id in sorted(records):
            yield from self._route(article_id, records[article_id], roots.get(article_id, []))

    def _route(
        self, article_id: str, records: list[tuple[Article, tuple]], roots: Sequence[tuple[str, tuple | None]]
    ) -> Iterator[Any]:
        records = sorted(records, key=lambda record: (record[1], record[0].text))  # rank, content hash, then text
        (article, (_, exact)), losers = records[0], records[1:]
        for loser, (_, loser_exact) in losers:
            yield from self._same_id(loser, loser_exact == exact)
        if not roots:
            self.count("kept:articles")
            yield article
            return
        # One root per member; the key only makes a (never seen) tie deterministic.
        root_id, root_fingerprint = min(roots, key=lambda root: (root[0], root[1] is not None, root[1] or ()))
        if self._sample_rate and is_sampled(root_id, self._sample_rate):  # run report (issue 8): cluster samples
            yield beam.pvalue.TaggedOutput(SAMPLES, cluster_member_sample(article, root_id))
        if root_fingerprint is None or exact == root_fingerprint[1]:
            # Equal content hashes: the same words, so equal signatures (estimated similarity 1.0).
            self.count("duplicates:exact")
            yield beam.pvalue.TaggedOutput(self.DUPLICATES, Duplicate(article_id, root_id, "exact", 1.0, 1.0, 1.0))
            return
        kind, found, estimated = self._verdict(article, exact, root_id, root_fingerprint)
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

    def _verdict(self, article: Article, exact: bytes, root_id: str, root_fingerprint: tuple) -> Verdict:
        """How ``article`` matches its root, which has other content; the same for every exact copy of it (each
        copy follows its text's representative to the same root), so it is worked out once per text."""
        known = self._verdicts.get((exact, root_id))
        if known is not None:
            return known
        # The member's own shingles are computed again from its text (rarely needed, cheaper than carrying them).
        signature, shingles = signature_and_shingle_set(self._hasher, article.text, self._config.shingle_size)
        _, _, root_shingles = root_fingerprint
        root_signature = self._hasher.packed_signature(shingle_set_values(root_shingles))
        estimated = round(estimate_jaccard(signature, root_signature), SIMILARITY_DIGITS)
        found = overlap(shingles, root_shingles)
        verdict = (classify(False, found, self._config.threshold, self._config.containment_threshold), found, estimated)
        if len(self._verdicts) >= MAX_VERDICTS:
            self._verdicts.clear()
        self._verdicts[exact, root_id] = verdict
        return verdict

    def _same_id(self, loser: Article, same_content: bool) -> Iterator[Any]:
        if same_content:
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
                    loser.origin,
                ),
            )


class Deduplicate(beam.PTransform):
    """Outputs: main (kept Article), ``duplicates`` (Duplicate), ``rejects`` (Reject), ``stats``."""

    def __init__(
        self,
        config: DedupConfig,
        sample_rate: float = 0.0,
        max_articles: int | None = None,
        partitions: int = 1,
        workers: Workers | None = None,
    ) -> None:
        super().__init__()
        self._config = config
        self._sample_rate = sample_rate  # run report (issue 8)
        self._partitions = partitions  # node partitions (node_partitions() of the input size)
        self._workers = workers  # local worker processes for fingerprinting (pipeline.local.pool)
        # Within single_worker_article_limit the distributed rounds (~200 transforms, ~3 s of graph building and empty
        # stages) can never run and are not built.
        self._distributed_needed = max_articles is None or max_articles > single_worker_article_limit(config)

    def expand(self, articles: beam.PCollection) -> dict[str, beam.PCollection]:
        config, partitions = self._config, self._partitions
        fingerprint = FingerprintArticle(config, partitions, self._workers)
        fingerprinted = articles | "Fingerprint" >> beam.ParDo(fingerprint).with_outputs(
            FingerprintArticle.TEXTS, FingerprintArticle.FINGERPRINTS, REJECTS, STATS, main="nodes"
        )
        nodes = fingerprinted.nodes
        texts = (
            fingerprinted[FingerprintArticle.TEXTS]
            | "GroupCopies" >> beam.GroupByKey()
            | "ResolveCopies"
            >> beam.ParDo(ResolveCopies(config, partitions)).with_outputs(ResolveCopies.COPIES, STATS, main="buckets")
        )
        candidates = (
            texts.buckets
            | "GroupBuckets" >> beam.GroupByKey()
            | "FindCandidates" >> beam.ParDo(FindCandidates(partitions))
        )
        lookup = {"candidates": candidates, "fingerprints": fingerprinted[FingerprintArticle.FINGERPRINTS]}
        verified = lookup | "VerifyCandidates" >> VerifiedPairs(config)
        pairs = verified["pairs"]
        pair_count = beam.pvalue.AsSingleton(
            pairs | "PairsPerList" >> beam.Map(len) | "CountPairs" >> combined(sum), default_value=0
        )
        single = pairs | "SingleWorkerComponents" >> SingleWorkerComponents(config.max_single_worker_edges, pair_count)
        component_roots, component_stats = [single.roots], [single[STATS]]
        if self._distributed_needed:
            distributed = pairs | "DistributedComponents" >> DistributedComponents(
                config.max_single_worker_edges, config.component_rounds, pair_count
            )
            component_roots.append(distributed["roots"])
            component_stats.append(distributed["stats"])
        text_roots = (
            component_roots
            | "ResolveComponents" >> beam.Flatten()
            | "KeyByRepresentative" >> beam.Map(lambda root: (id_partition(root[0], partitions), root))
        )
        member_roots = (
            {"roots": text_roots, "copies": texts[ResolveCopies.COPIES]}
            | "JoinCopies" >> beam.CoGroupByKey()
            | "ResolveRoots" >> beam.FlatMap(resolve_roots)
        )
        same_content = member_roots | "ExactRoots" >> beam.FlatMap(exact_root, partitions=partitions)
        by_root = member_roots | "OtherRoots" >> beam.FlatMap(other_root)
        root_ids = beam.pvalue.AsDict(by_root | "RootIds" >> beam.Map(lambda pair: (pair[0], None)))
        # A root with other content than its members is in a verified pair: its fingerprint is among the candidates'.
        needed_roots = verified["fingerprints"] | "RootFingerprints" >> beam.Filter(
            lambda entry, needed: entry[0] in needed, needed=root_ids
        )
        other_content = (
            {"fingerprint": needed_roots, "members": by_root}
            | "JoinRootFingerprint" >> beam.CoGroupByKey()
            | "AttachRootFingerprint" >> beam.FlatMap(attach_root_fingerprint, partitions=partitions)
        )
        routed = (
            {
                "nodes": nodes,
                "exact_roots": same_content | "BatchExactRoots" >> beam.ParDo(BatchByPartition()),
                "other_roots": other_content | "BatchOtherRoots" >> beam.ParDo(BatchByPartition()),
            }
            | "JoinByPartition" >> beam.CoGroupByKey()
            | "Route"
            >> beam.ParDo(Route(config, self._sample_rate)).with_outputs(
                Route.DUPLICATES, REJECTS, STATS, SAMPLES, main="kept"
            )
        )
        stats = (
            fingerprinted[STATS],
            texts[STATS],
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
