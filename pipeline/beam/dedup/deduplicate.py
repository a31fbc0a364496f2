"""The ``Deduplicate`` composite: the dedup steps of this package wired together (see the package docstring)."""

from __future__ import annotations

import posixpath
from typing import Any

import apache_beam as beam

from pipeline.beam.bands import id_partition
from pipeline.beam.combine import combined
from pipeline.beam.dedup.candidates import FindCandidates, VerifiedPairs
from pipeline.beam.dedup.components import DistributedComponents, SingleWorkerComponents
from pipeline.beam.dedup.fingerprint import FingerprintArticle, ResolveCopies
from pipeline.beam.dedup.regroup import RegroupFarMembers
from pipeline.beam.dedup.route import (
    BatchByPartition,
    Route,
    SplitRoots,
    attach_root_fingerprint,
)
from pipeline.beam.dedup.shapes import single_worker_pair_limit
from pipeline.beam.spill import DeleteSpillWhenDone
from pipeline.beam.tags import REJECTS, STATS
from pipeline.dedup.config import DedupConfig
from pipeline.io.paths import is_local_path
from pipeline.local.workers import Workers
from pipeline.report.samples import SAMPLES  # run report (issue 8)


class Deduplicate(beam.PTransform):
    """Outputs: ``kept`` (:class:`~pipeline.core.record.ArticleLine`: each kept article as its output line, which
    :func:`~pipeline.io.jsonl.article_output` gives the writer), ``duplicates`` (Duplicate), ``rejects`` (Reject),
    ``stats``; and with ``store_fingerprints``, ``stored``: each kept article's ``(id, content hash, signature,
    shingle set)`` as fingerprinting made them, for the fingerprint store. ``kept``, ``duplicates`` and ``stored``
    are each a tuple of collections (Route's, then RegroupFarMembers'), which a consumer takes one by one or
    flattens."""

    def __init__(
        self,
        config: DedupConfig,
        sample_rate: float = 0.0,
        max_articles: int | None = None,
        partitions: int = 1,
        workers: Workers | None = None,
        spill_dir: str | None = None,
        store_fingerprints: bool = False,
        line_spill_dir: str | None = None,
    ) -> None:
        super().__init__()
        self._store_fingerprints = store_fingerprints
        # Where the node batches wait for Route, the text batches for ResolveCopies, the band groups for
        # FindCandidates, the fingerprint batches for CandidateFingerprints and every article's shingle set for
        # VerifyCandidates and Route (pipeline.beam.spill), each in a subdirectory deleted once its last reader is
        # done. None: in the runner.
        self._spill_dir = spill_dir
        # Where the articles' output lines are written as they are fingerprinted: the writer's spill directory, which
        # it deletes once the shards are written (pipeline.beam.write). None: the lines go with the nodes.
        self._line_spill_dir = line_spill_dir
        self._config = config
        self._sample_rate = sample_rate  # run report (issue 8)
        self._partitions = partitions  # node partitions (node_partitions() of the input size)
        self._workers = workers  # local worker processes for fingerprinting and verdicts (pipeline.local.pool)
        # Within max_single_worker_articles the distributed rounds (~200 transforms, ~3 s of graph building and empty
        # stages) are not needed and not built: the single worker's memory grows with the articles, not the pairs.
        self._distributed_needed = max_articles is None or max_articles > config.max_single_worker_articles

    def expand(self, articles: beam.PCollection) -> dict[str, Any]:
        config, partitions = self._config, self._partitions
        fingerprint = FingerprintArticle(config, partitions, self._workers, self._spill_dir, self._line_spill_dir)
        fingerprinted = articles | "Fingerprint" >> beam.ParDo(fingerprint).with_outputs(
            FingerprintArticle.TEXTS, FingerprintArticle.FINGERPRINTS, REJECTS, STATS, main="nodes"
        )
        nodes = fingerprinted.nodes
        texts = (
            fingerprinted[FingerprintArticle.TEXTS]
            | "GroupCopies" >> beam.GroupByKey()
            | "ResolveCopies"
            >> beam.ParDo(ResolveCopies(config, partitions, self._spill_dir)).with_outputs(
                ResolveCopies.COPIES, STATS, main="buckets"
            )
        )
        # FindCandidates' worker processes read the band groups' spill files themselves, as plain local files.
        bucket_workers = self._workers if self._spill_dir is None or is_local_path(self._spill_dir) else None
        candidates = (
            texts.buckets
            | "GroupBuckets" >> beam.GroupByKey()
            | "FindCandidates" >> beam.ParDo(FindCandidates(partitions, bucket_workers))
        )
        lookup = {"candidates": candidates, "fingerprints": fingerprinted[FingerprintArticle.FINGERPRINTS]}
        verified = lookup | "VerifyCandidates" >> VerifiedPairs(config)
        pairs = verified["pairs"]
        if self._distributed_needed:
            # Which path runs is decided at run time, by the number of verified pairs.
            pair_count = beam.pvalue.AsSingleton(
                pairs | "PairsPerList" >> beam.Map(len) | "CountPairs" >> combined(sum), default_value=0
            )
            max_pairs = single_worker_pair_limit(config)
            single = pairs | "SingleWorkerComponents" >> SingleWorkerComponents(max_pairs, pair_count)
            distributed = pairs | "DistributedComponents" >> DistributedComponents(
                max_pairs, config.component_rounds, pair_count
            )
            component_roots = [single.roots, distributed["roots"]]
            component_stats = [single[STATS], distributed["stats"]]
        else:
            single = pairs | "SingleWorkerComponents" >> SingleWorkerComponents()
            component_roots, component_stats = [single.roots], [single[STATS]]
        text_roots = (
            component_roots
            | "ResolveComponents" >> beam.Flatten()
            | "KeyByRepresentative" >> beam.Map(lambda root: (id_partition(root[0], partitions), root))
        )
        member_roots = (
            {"roots": text_roots, "copies": texts[ResolveCopies.COPIES]}
            | "JoinCopies" >> beam.CoGroupByKey()
            | "ResolveRoots"
            >> beam.ParDo(SplitRoots(partitions)).with_outputs(SplitRoots.OTHER, SplitRoots.NEEDED, main="exact")
        )
        same_content, by_root = member_roots.exact, member_roots[SplitRoots.OTHER]
        root_ids = beam.pvalue.AsDict(member_roots[SplitRoots.NEEDED])
        # A root with other content than its members is in a verified pair: its fingerprint is among the candidates'.
        needed_roots = verified["fingerprints"] | "RootFingerprints" >> beam.Filter(
            lambda entry, needed: entry[0] in needed, needed=root_ids
        )
        other_content = (
            {"prints": needed_roots, "members": by_root}
            | "JoinRootFingerprint" >> beam.CoGroupByKey()
            | "AttachRootFingerprint" >> beam.FlatMap(attach_root_fingerprint, partitions=partitions)
        )
        routed = (
            {
                "nodes": nodes,
                "exact": same_content | "BatchExactRoots" >> beam.ParDo(BatchByPartition()),
                "other": other_content | "BatchOtherRoots" >> beam.ParDo(BatchByPartition()),
            }
            | "JoinByPartition" >> beam.CoGroupByKey()
            | "Route"
            >> beam.ParDo(Route(config, self._sample_rate, self._workers, self._store_fingerprints)).with_outputs(
                Route.DUPLICATES, Route.STORED, Route.FAR, REJECTS, STATS, SAMPLES, main="kept"
            )
        )
        # The members each group's root is too far from, by root (a few in 10k articles): near copies of each other
        # among them are not both kept.
        regrouped = (
            routed[Route.FAR]
            | "GroupFarMembers" >> beam.GroupByKey()
            | "RegroupFarMembers"
            >> beam.ParDo(RegroupFarMembers(config, self._store_fingerprints)).with_outputs(
                RegroupFarMembers.DUPLICATES, RegroupFarMembers.STORED, STATS, main="kept"
            )
        )
        if self._spill_dir:
            # Each spill subdirectory, deleted once an output of its last reader is complete. The texts' (read by
            # ResolveCopies) wait for FindCandidates, which comes right after, to be deleted with the bands: one
            # deletion step fewer (3 transforms and a stage) for a spill of ~0.6 KB a text held a step longer.
            last_readers = (
                ("Band", (FingerprintArticle.TEXTS, ResolveCopies.BANDS), candidates),  # FindCandidates
                ("Fingerprint", (FingerprintArticle.FINGERPRINTS,), verified["fingerprints"]),  # CandidateFingerprints
                # Route reads the nodes, and the shingle sets of the members with a root of other content and of
                # their roots, after VerifyCandidates read the candidates'.
                ("Node", (FingerprintArticle.NODES, FingerprintArticle.SHINGLES), routed[STATS]),
            )
            for name, subdirectories, done in last_readers:
                spills = [posixpath.join(self._spill_dir, subdirectory) for subdirectory in subdirectories]
                _ = done | f"Delete{name}Spill" >> DeleteSpillWhenDone(*spills)
        stats = (
            fingerprinted[STATS],
            texts[STATS],
            verified["stats"],
            *component_stats,
            routed[STATS],
            regrouped[STATS],
        ) | "FlattenDedupStats" >> beam.Flatten()
        rejects = (fingerprinted[REJECTS], routed[REJECTS]) | "FlattenDedupRejects" >> beam.Flatten()
        # Route's and RegroupFarMembers' outputs stay two collections each, for their consumers to take one by one: a
        # Flatten of outputs of two stages is a stage of its own on the in-memory runner, which holds all its input
        # (every kept article) between them.
        return {
            "kept": (routed.kept, regrouped.kept),
            "duplicates": (routed[Route.DUPLICATES], regrouped[RegroupFarMembers.DUPLICATES]),
            "rejects": rejects,
            "stats": stats,
            "samples": routed[SAMPLES],  # run report (issue 8)
            "stored": (routed[Route.STORED], regrouped[RegroupFarMembers.STORED]),
        }
