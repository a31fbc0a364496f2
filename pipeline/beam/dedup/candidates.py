"""Steps 3 and 4 of dedup: candidate pairs from the LSH buckets (a star per bucket), verified against both
articles' shingle sets."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import apache_beam as beam

from pipeline.beam.bands import KeyedBatches, SentOnce, id_partition, unpack
from pipeline.beam.dedup.shapes import CONTAINED, MAX_BUFFERED, MAX_SEEN_PAIRS, NOT_CONTAINED
from pipeline.beam.spill import Span, unspilled
from pipeline.beam.stats import CountingDoFn
from pipeline.beam.tags import STATS
from pipeline.beam.windows import in_global_window
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.verify import (
    contained_side,
    overlap,
)
from pipeline.local.pool import OrderedChunks
from pipeline.local.workers import Workers
from pipeline.work.candidates import BandGroup, BucketEdges, Candidate

# Band groups per chunk sent to a local worker process: a run has bands x PARTITIONS_PER_BAND groups (512 by
# default), each ~5 ms of work at 100k articles; 8 a chunk keeps both workers busy from the first groups on.
GROUPS_PER_CHUNK = 8


class FindCandidates(beam.DoFn):
    """Band groups -> candidate pairs, batched per bundle by the partition of the member id; a pair found in several
    bands of the bundle is sent once (while the pairs sent fit :data:`MAX_SEEN_PAIRS`).

    Finding a group's pairs (:class:`~pipeline.work.candidates.BucketEdges`: reading its spill files, sorting its band
    keys) is most of the work, on one thread in a step that nothing else runs beside: with local worker processes
    (:mod:`pipeline.local.pool`) it runs there, a few groups per chunk, while this thread batches the pairs that came
    back."""

    def __init__(self, partitions: int, workers: Workers | None = None) -> None:
        self._partitions = partitions
        self._workers = workers

    def setup(self) -> None:
        pool = self._workers.pool() if self._workers else None
        self._work: OrderedChunks[tuple[int, int], BandGroup, list[Candidate]] = OrderedChunks(
            BucketEdges(), pool, chunk_size=GROUPS_PER_CHUNK
        )

    def start_bundle(self) -> None:
        self._batches = KeyedBatches(MAX_BUFFERED)
        self._seen = SentOnce(MAX_SEEN_PAIRS)

    def process(self, group: tuple[tuple[int, int], Iterable[bytes | Span]]) -> Iterator[tuple[int, bytes]]:
        key, batches = group
        yield from self._batched(self._work.add(key, (key, list(batches))))

    def finish_bundle(self) -> Iterator[Any]:
        yield from map(in_global_window, self._batched(self._work.flush()))
        self._seen.clear()
        for batch in self._batches.drain():
            yield in_global_window(batch)

    def _batched(self, done: Iterable[tuple[tuple[int, int], list[Candidate]]]) -> Iterator[tuple[int, bytes]]:
        for _, candidates in done:
            for candidate in filter(self._seen.first, candidates):
                if self._batches.add(id_partition(candidate[0], self._partitions), candidate):
                    yield from self._batches.drain()


def distinct_candidates(group: tuple[int, Iterable[bytes]]) -> Iterator[Candidate]:
    """One partition's candidate pairs (packed batches), each once (a pair is found in every band its two texts
    share), in order.

    >>> from pipeline.beam.bands import pack
    >>> list(distinct_candidates((0, [pack([("m", "b"), ("n", "b")]), pack([("m", "b")])])))
    [('m', 'b'), ('n', 'b')]
    """
    _, batches = group
    yield from sorted({candidate for batch in batches for candidate in unpack(batch)})


class DistinctCandidates(beam.DoFn):
    """One partition's candidate pairs, each once (:func:`distinct_candidates`). Main: ``(member id, best id)``;
    ``IDS``: both ids of the pair, as side-input dict entries. One step, where a step per output cost the local runner
    ~16 ms of fixed time each.

    >>> from pipeline.beam.bands import pack
    >>> [(getattr(out, "tag", "main"), getattr(out, "value", out)) for out in DistinctCandidates().process(
    ...     (0, [pack([("m", "b")])]))]
    [('main', ('m', 'b')), ('ids', ('m', None)), ('ids', ('b', None))]
    """

    IDS = "ids"

    def process(self, group: tuple[int, Iterable[bytes]]) -> Iterator[Any]:
        for member_id, best_id in distinct_candidates(group):
            yield member_id, best_id
            yield beam.pvalue.TaggedOutput(self.IDS, (member_id, None))
            yield beam.pvalue.TaggedOutput(self.IDS, (best_id, None))


class NeededFingerprints(beam.DoFn):
    """Fingerprint batches (packed, or spilled) -> the ``(id, (rank, content hash, shingle set))`` entries whose id is
    in ``needed``. The shingle set is as FingerprintArticle gave it: the span of its spilled copy when the run spills
    (the fingerprints cross two joins, once per candidate pair, and Route's join, and the runner would hold the sets
    meanwhile), else the bytes; :func:`pipeline.beam.spill.unspilled` gives a set back from either."""

    def process(self, batch: tuple[int, bytes | Span], needed: dict[str, Any]) -> Iterator[tuple[str, tuple]]:
        for packed in unspilled([batch[1]]):
            for entry in unpack(packed):
                if entry[0] in needed:
                    yield entry


def attach_member_fingerprint(joined: tuple[str, dict[str, list]]) -> Iterator[tuple[str, tuple[str, tuple]]]:
    """For one member id: ``(best id, (member id, member fingerprint))`` for each of its candidate pairs."""
    member_id, groups = joined
    fingerprints = groups["prints"]
    if not fingerprints:
        return
    fingerprint = min(fingerprints)  # several records with one id: the same rule as Route
    for best_id in sorted(set(groups["best"])):
        yield best_id, (member_id, fingerprint)


class VerifyCandidates(CountingDoFn):
    """For one best-ranked id and its candidate members: the list of verified pairs, labelled for the components
    step. Elements wait in a buffer until :data:`MAX_BUFFERED` shingle sets are needed, which are then read in one
    pass per spill file (one open per element cost more than the verification)."""

    def __init__(self, threshold: float, containment_threshold: float | None) -> None:
        self._threshold = threshold
        self._containment_threshold = containment_threshold

    def start_bundle(self) -> None:
        super().start_bundle()
        self._waiting: list[tuple[str, tuple, list[tuple]]] = []
        self._references = 0

    def process(self, joined: tuple[str, dict[str, list]]) -> Iterator[list[tuple]]:
        best_id, groups = joined
        fingerprints = groups["prints"]
        if not fingerprints:
            return
        members = sorted(groups["members"])
        self._waiting.append((best_id, min(fingerprints), members))
        self._references += 1 + len(members)
        if self._references >= MAX_BUFFERED:
            yield from self._verify_waiting()

    def finish_bundle(self) -> Iterator[Any]:
        yield from map(in_global_window, self._verify_waiting())
        yield from super().finish_bundle()

    def _verify_waiting(self) -> Iterator[list[tuple]]:
        waiting, self._waiting, self._references = self._waiting, [], 0
        references = [
            reference
            for _, (_, _, best_reference), members in waiting
            for reference in (best_reference, *(member[1][2] for member in members))
        ]
        shingle_sets = iter(unspilled(references))
        for best_id, (best_rank, _, _), members in waiting:
            best_shingles = next(shingle_sets)
            member_sets = [next(shingle_sets) for _ in members]
            verified = self._verified(best_id, best_rank, best_shingles, members, member_sets)
            if verified:
                yield verified

    def _verified(
        self, best_id: str, best_rank: tuple, best_shingles: bytes, members: list[tuple], member_sets: list[bytes]
    ) -> list[tuple]:
        verified = []
        for (member_id, (member_rank, _, _)), member_shingles in zip(members, member_sets, strict=True):
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
        return verified


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
            | "DistinctCandidates"
            >> beam.ParDo(DistinctCandidates()).with_outputs(DistinctCandidates.IDS, main="pairs")
        )
        needed = beam.pvalue.AsDict(candidates[DistinctCandidates.IDS])
        fingerprints = inputs["fingerprints"] | "CandidateFingerprints" >> beam.ParDo(
            NeededFingerprints(), needed=needed
        )
        members = (
            {"prints": fingerprints, "best": candidates.pairs}
            | "JoinMemberFingerprint" >> beam.CoGroupByKey()
            | "AttachMemberFingerprint" >> beam.FlatMap(attach_member_fingerprint)
        )
        checked = (
            {"prints": fingerprints, "members": members}
            | "JoinBestFingerprint" >> beam.CoGroupByKey()
            | "VerifyCandidates"
            >> beam.ParDo(VerifyCandidates(self._config.threshold, self._config.containment_threshold)).with_outputs(
                STATS, main="pairs"
            )
        )
        return {"pairs": checked.pairs, "stats": checked[STATS], "fingerprints": fingerprints}
