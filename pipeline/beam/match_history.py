"""MatchHistory: drop new articles that earlier runs already kept (the fingerprint store), before in-run dedup.

Older articles always win: a new article that is an exact, near or contained copy of a stored one goes to
duplicates with ``duplicate_of`` the stored id and ``duplicate_of_run_date`` its run date; everything else goes on
to in-run dedup. The candidates come from the same LSH bands as in-run dedup (plus the content hash), and every
match is verified on the real shingle sets, which the store keeps for that purpose.

1. ``NewBuckets`` / ``HistoryBuckets``: band keys of new and stored articles, batched per bundle by
   (band, partition) as in pipeline.beam.dedup.fingerprint, tagged new or stored.
2. ``PairWithHistory``: buckets holding both kinds give (stored id, new id) candidate pairs.
3. ``AttachStored``: each pair meets its stored fingerprint (a join by stored id).
4. ``VerifyAgainstHistory``: each new article meets its candidates (a join by new id); the earliest run date among
   the verified matches wins, then the highest similarity, then the smallest id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import apache_beam as beam

from pipeline.beam.bands import BandBuffer, unpack
from pipeline.beam.dedup.shapes import SIMILARITY_DIGITS
from pipeline.beam.history import StoredFingerprint
from pipeline.beam.stats import CountingDoFn
from pipeline.beam.tags import STATS
from pipeline.beam.windows import in_global_window
from pipeline.core.record import Article, Duplicate
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.minhash import estimate_jaccard
from pipeline.dedup.verify import classify, overlap
from pipeline.work.tasks import FingerprintedArticle, Fingerprints, article_of

NEW, STORED = "n", "s"
BUCKETS = "buckets"
DUPLICATES = "duplicates"

# A new article's fingerprint: (content_hash, signature, shingle set).
NewFingerprint = tuple[bytes, bytes, bytes]


class _BucketBatcher(CountingDoFn):
    """Batches (band key, kind, id) entries per bundle (see pipeline.beam.bands) into a ``buckets`` output."""

    def __init__(self, config: DedupConfig) -> None:
        self._config = config

    def setup(self) -> None:
        self._bands, self._rows = self._config.banding()

    def start_bundle(self) -> None:
        super().start_bundle()
        self._buffer = BandBuffer(self._bands, self._rows)

    def _add(self, kind: str, record_id: str, exact: bytes, signature: bytes) -> Iterator[Any]:
        if self._buffer.add(exact, signature, (kind, record_id)):
            yield from (beam.pvalue.TaggedOutput(BUCKETS, group) for group in self._buffer.drain())

    def finish_bundle(self) -> Iterator[Any]:
        for group in self._buffer.drain():
            yield beam.pvalue.TaggedOutput(BUCKETS, in_global_window(group))
        yield from super().finish_bundle()


class NewBuckets(_BucketBatcher):
    """Main output ``(id, (element, new fingerprint))``; ``buckets`` output as in :class:`_BucketBatcher`. An element
    is an Article (fingerprinted here, as Deduplicate fingerprints it) or a FingerprintedArticle, which goes on as it
    came; one whose fingerprinting failed goes straight on (main output ``(id, (element, None))``), for Deduplicate to
    reject."""

    def setup(self) -> None:
        super().setup()
        self._fingerprints = Fingerprints(self._config)
        self._fingerprints.setup()

    def process(self, element: Article | FingerprintedArticle) -> Iterator[Any]:
        if isinstance(element, FingerprintedArticle):
            article, outcome = element.article, element.fingerprint
        else:
            article, outcome = element, self._fingerprints.one(element)
        if outcome.result is None:
            yield article.id, (element, None)
            return
        _, exact, signature, shingles = outcome.result
        new: NewFingerprint = (exact, signature, shingles)
        yield from self._add(NEW, article.id, exact, signature)
        yield article.id, (element, new)


class HistoryBuckets(_BucketBatcher):
    """Main output ``(stored id, stored fingerprint)``; ``buckets`` output as in :class:`_BucketBatcher`."""

    def process(self, stored: StoredFingerprint) -> Iterator[Any]:
        record_id, _, exact, signature, _ = stored
        yield from self._add(STORED, record_id, exact, signature)
        yield record_id, stored


def history_pairs(group: tuple[tuple[int, int], Iterable[bytes]]) -> Iterator[tuple[str, str]]:
    """``(stored id, new id)`` for every bucket of one group (packed batches) that holds both kinds.

    >>> from pipeline.beam.bands import pack
    >>> entries = [pack([(b"k", "n", "new1"), (b"z", "n", "new2")]), pack([(b"k", "s", "old1")])]
    >>> list(history_pairs(((0, 3), entries)))
    [('old1', 'new1')]
    """
    buckets: dict[bytes, dict[str, set[str]]] = defaultdict(lambda: {NEW: set(), STORED: set()})
    for batch in group[1]:
        for key, kind, record_id in unpack(batch):
            buckets[key][kind].add(record_id)
    for members in buckets.values():
        for stored_id in sorted(members[STORED]):
            for new_id in sorted(members[NEW]):
                yield stored_id, new_id


def attach_stored(joined: tuple[str, dict[str, list]]) -> Iterator[tuple[str, StoredFingerprint]]:
    """For one stored id: ``(new id, stored fingerprint)`` for each new article it may have been copied to."""
    _, groups = joined
    if not groups["stored"]:
        return
    stored = min(groups["stored"])  # one id stored on two dates: the older one
    for new_id in sorted(set(groups["new_ids"])):
        yield new_id, stored


class VerifyAgainstHistory(CountingDoFn):
    """Main output: articles that match nothing stored; ``duplicates``: the ones an older article already covers."""

    def __init__(self, config: DedupConfig) -> None:
        self._threshold = config.threshold
        self._containment_threshold = config.containment_threshold

    def process(self, joined: tuple[str, dict[str, list]]) -> Iterator[Any]:
        _, groups = joined
        for element, fingerprint in groups["new"]:
            if fingerprint is None:
                yield element
                continue
            article, (exact, signature, shingles) = article_of(element), fingerprint
            matches = []
            for stored_id, run_date, stored_exact, stored_signature, stored_shingles in groups["stored"]:
                found = overlap(shingles, stored_shingles)
                kind = classify(exact == stored_exact, found, self._threshold, self._containment_threshold)
                if kind is None:
                    self.count("history:rejected-by-verification")
                    continue
                estimate = round(estimate_jaccard(signature, stored_signature), SIMILARITY_DIGITS)
                similarity = 1.0 if kind == "exact" else round(found.jaccard, SIMILARITY_DIGITS)
                containment = 1.0 if kind == "exact" else round(found.left_in_right, SIMILARITY_DIGITS)
                matches.append((run_date, -similarity, stored_id, kind, estimate, containment))
            if not matches:
                yield element
                continue
            run_date, negative_similarity, stored_id, kind, estimate, containment = min(matches)
            self.count(f"duplicates:{kind}")
            self.count("history:matched")
            yield beam.pvalue.TaggedOutput(
                DUPLICATES,
                Duplicate(
                    article.id,
                    stored_id,
                    kind,
                    -negative_similarity,
                    estimate,
                    containment,
                    duplicate_of_run_date=run_date,
                ),
            )


class MatchHistory(beam.PTransform):
    """Outputs: main (articles for in-run dedup), ``duplicates`` (Duplicate of a stored article), ``stats``."""

    def __init__(self, config: DedupConfig, history: beam.PCollection) -> None:
        super().__init__()
        self._config = config
        self._history = history

    def expand(self, articles: beam.PCollection) -> tuple[beam.PCollection, beam.PCollection, beam.PCollection]:
        new = articles | "NewBuckets" >> beam.ParDo(NewBuckets(self._config)).with_outputs(BUCKETS, STATS, main="new")
        stored = self._history | "HistoryBuckets" >> beam.ParDo(HistoryBuckets(self._config)).with_outputs(
            BUCKETS, STATS, main="stored"
        )
        pairs = (
            (new[BUCKETS], stored[BUCKETS])
            | "FlattenBuckets" >> beam.Flatten()
            | "GroupBuckets" >> beam.GroupByKey()
            | "PairWithHistory" >> beam.FlatMap(history_pairs)
        )
        candidates = (
            {"stored": stored.stored, "new_ids": pairs}
            | "JoinStored" >> beam.CoGroupByKey()
            | "AttachStored" >> beam.FlatMap(attach_stored)
        )
        verified = (
            {"new": new.new, "stored": candidates}
            | "JoinNew" >> beam.CoGroupByKey()
            | "VerifyAgainstHistory"
            >> beam.ParDo(VerifyAgainstHistory(self._config)).with_outputs(DUPLICATES, STATS, main="articles")
        )
        stats = (new[STATS], stored[STATS], verified[STATS]) | "FlattenHistoryStats" >> beam.Flatten()
        return verified.articles, verified[DUPLICATES], stats
