"""Deduplicate: exact and near-duplicate removal with MinHash LSH, as Beam joins (pipeline.dedup does the maths).

Shape (see README, "How dedup works"):

1. ``Fingerprint``: each article -> its keep rank, content hash and MinHash signature. Its band keys (plus the
   content hash as one more "band") are batched per bundle into groups keyed by (band, partition), so LSH costs a
   handful of elements per bundle rather than one per band per article (Beam's per-element cost dominates here).
2. ``FindCandidates``: within each group, articles sharing a band key form a bucket; every member is linked to the
   bucket's best-ranked member (a star, so a bucket of k members gives k-1 edges, not k^2).
3. ``ResolveComponents``: union-find over all candidate edges on one worker; each component's best-ranked article
   is its root, the one that is kept.
4. ``JoinRootFingerprint``: each member meets its root's signature; it becomes a duplicate only when it has the
   root's exact content or an estimated Jaccard >= threshold with the root itself. A member that fails is kept.
5. ``Route``: a join by id sends each article to kept or duplicates, verifying it against its root; several
   records with one id are resolved by the same keep rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import apache_beam as beam
import xxhash
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP
from apache_beam.utils.windowed_value import WindowedValue

from pipeline.beam.stats import CountingDoFn
from pipeline.beam.tags import REJECTS, STATS
from pipeline.dedup.components import connected_components
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.keep import keep_rank
from pipeline.dedup.minhash import MinHasher, band_keys, content_hash, estimate_jaccard, is_empty_signature
from pipeline.record import Article, Duplicate, Reject

# Band index under which the exact content hash is bucketed, beside the LSH bands 0..b-1.
EXACT_BAND = -1
# Each band's keys are split into this many groups so that no single worker has to hold a whole band; 16 keeps a
# group of a 1 M-article run near 60 k entries while adding only ~16 elements per band per bundle.
PARTITIONS_PER_BAND = 16
# Articles buffered before their band entries are emitted; bounds the fingerprinting worker's memory.
MAX_BUFFERED_ARTICLES = 5_000
# Similarities are written rounded, so output bytes do not depend on floating-point noise.
SIMILARITY_DIGITS = 4

# Element shapes (plain tuples: picklable, cheap, and comparable for the deterministic keep rule).
#   fingerprint:  (rank, content_hash, signature)
#   band entry:   (band_key, rank, id)
#   edge:         (member_rank, member_id, best_rank, best_id)


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
        self._buffer: dict[tuple[int, int], list[tuple[bytes, tuple, str]]] = defaultdict(list)
        self._buffered = 0

    def process(self, article: Article) -> Iterator[Any]:
        fingerprint = self.guarded(article.id, "fingerprinting", lambda: self._fingerprint(article))
        if isinstance(fingerprint, Reject):
            yield beam.pvalue.TaggedOutput(REJECTS, fingerprint)
            return
        rank, exact, signature = fingerprint
        self._buffer[(EXACT_BAND, _partition(exact))].append((exact, rank, article.id))
        if is_empty_signature(signature):
            # No word tokens (only numbers or symbols): every such text has the same all-max signature, so banding
            # it would make them all "near duplicates" of each other. Only exact copies are found for these.
            self.count("dedup:no-tokens")
        else:
            for band, key in enumerate(band_keys(signature, self._bands, self._rows)):
                self._buffer[(band, _partition(key))].append((key, rank, article.id))
        self.count("dedup:fingerprinted")
        yield article.id, (article, fingerprint)
        self._buffered += 1
        if self._buffered >= MAX_BUFFERED_ARTICLES:
            yield from (beam.pvalue.TaggedOutput(self.BUCKETS, group) for group in self._drain())

    def _fingerprint(self, article: Article) -> tuple[tuple, bytes, bytes]:
        signature = self._hasher.signature_bytes(article.text, self._config.shingle_size)
        return keep_rank(article), content_hash(article.text), signature

    def finish_bundle(self) -> Iterator[Any]:
        for group in self._drain():
            yield beam.pvalue.TaggedOutput(self.BUCKETS, WindowedValue(group, MIN_TIMESTAMP, (GlobalWindow(),)))
        yield from super().finish_bundle()

    def _drain(self) -> list[tuple[tuple[int, int], list]]:
        groups = list(self._buffer.items())
        self._buffer = defaultdict(list)
        self._buffered = 0
        return groups


def _partition(key: bytes) -> int:
    return xxhash.xxh32_intdigest(key) % PARTITIONS_PER_BAND


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


def resolve_components(edges: Iterable[tuple]) -> Iterator[tuple[str, str]]:
    """``(member id, root id)`` for every non-root article of every component."""
    rank: dict[str, tuple] = {}
    pairs = []
    for member_rank, member_id, best_rank, best_id in edges:
        rank[member_id] = member_rank
        rank[best_id] = best_rank
        pairs.append((member_id, best_id))
    yield from sorted(connected_components(pairs, rank).items())


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

    def __init__(self, threshold: float) -> None:
        self._threshold = threshold

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
        _, exact, signature = fingerprint
        if exact == root_fingerprint[1]:
            self.count("duplicates:exact")
            yield beam.pvalue.TaggedOutput(self.DUPLICATES, Duplicate(article_id, root_id, "exact", 1.0))
            return
        similarity = round(estimate_jaccard(signature, root_fingerprint[2]), SIMILARITY_DIGITS)
        if similarity >= self._threshold:
            self.count("duplicates:near")
            yield beam.pvalue.TaggedOutput(self.DUPLICATES, Duplicate(article_id, root_id, "near", similarity))
            return
        # Linked to the root only through other articles, and not similar enough to it: keep it.
        self.count("dedup:kept-after-verification")
        self.count("kept:articles")
        yield article

    def _same_id(self, loser: Article, loser_fingerprint: tuple, winner_fingerprint: tuple) -> Iterator[Any]:
        if loser_fingerprint[1] == winner_fingerprint[1]:
            self.count("duplicates:exact")
            yield beam.pvalue.TaggedOutput(self.DUPLICATES, Duplicate(loser.id, loser.id, "exact", 1.0))
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


class Deduplicate(beam.PTransform):
    """Outputs: main (kept Article), ``duplicates`` (Duplicate), ``rejects`` (Reject), ``stats``."""

    def __init__(self, config: DedupConfig) -> None:
        super().__init__()
        self._config = config

    def expand(self, articles: beam.PCollection) -> dict[str, beam.PCollection]:
        fingerprinted = articles | "Fingerprint" >> beam.ParDo(FingerprintArticle(self._config)).with_outputs(
            FingerprintArticle.BUCKETS, REJECTS, STATS, main="articles"
        )
        member_roots = (
            fingerprinted[FingerprintArticle.BUCKETS]
            | "GroupBuckets" >> beam.GroupByKey()
            | "FindCandidates" >> beam.FlatMap(bucket_edges)
            | "OneGraph" >> beam.Map(lambda edge: (None, edge))
            | "CollectEdges" >> beam.GroupByKey()
            | "ResolveComponents" >> beam.FlatMap(lambda graph: resolve_components(graph[1]))
        )
        by_root = member_roots | "KeyByRoot" >> beam.Map(lambda pair: (pair[1], pair[0]))
        fingerprints = fingerprinted.articles | "FingerprintOnly" >> beam.Map(lambda kv: (kv[0], kv[1][1]))
        roots = (
            {"fingerprint": fingerprints, "members": by_root}
            | "JoinRootFingerprint" >> beam.CoGroupByKey()
            | "AttachRootFingerprint" >> beam.FlatMap(attach_root_fingerprint)
        )
        routed = (
            {"article": fingerprinted.articles, "root": roots}
            | "JoinById" >> beam.CoGroupByKey()
            | "Route"
            >> beam.ParDo(Route(self._config.threshold)).with_outputs(Route.DUPLICATES, REJECTS, STATS, main="kept")
        )
        stats = (fingerprinted[STATS], routed[STATS]) | "FlattenDedupStats" >> beam.Flatten()
        rejects = (fingerprinted[REJECTS], routed[REJECTS]) | "FlattenDedupRejects" >> beam.Flatten()
        return {"kept": routed.kept, "duplicates": routed[Route.DUPLICATES], "rejects": rejects, "stats": stats}
