"""Sizes and element shapes of the dedup joins: how many node partitions a run gets, how many verified pairs
the single-worker components take, and the plain tuples that travel between the steps."""

from __future__ import annotations

import math

from pipeline.core.record import Duplicate
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.verify import Verdict

# Similarities are written rounded, so output bytes do not depend on floating-point noise.
SIMILARITY_DIGITS = 4
# First element of a node label: contained articles sort after all others, so they are never a group's root.
NOT_CONTAINED, CONTAINED = 0, 1


def exact_duplicate(record_id: str, duplicate_of: str) -> Duplicate:
    """The record of an exact copy: every similarity 1.0.

    >>> duplicate = exact_duplicate("c", "a")
    >>> duplicate.match, duplicate.similarity, duplicate.estimated_similarity, duplicate.containment
    ('exact', 1.0, 1.0, 1.0)
    """
    return Duplicate(record_id, duplicate_of, "exact", 1.0, 1.0, 1.0)


def verified_duplicate(member_id: str, kept_id: str, verdict: Verdict) -> Duplicate:
    """The record of a member verified a near copy or a partial copy of a kept article (its verdict's kind is not
    None), its similarities rounded to :data:`SIMILARITY_DIGITS`.

    >>> from pipeline.dedup.verify import Overlap
    >>> verified_duplicate("m", "k", ("near", Overlap(0.612345, 0.9, 0.8), 0.65625)).similarity
    0.6123
    """
    kind, found, estimated = verdict
    assert kind is not None
    return Duplicate(
        member_id,
        kept_id,
        kind,
        round(found.jaccard, SIMILARITY_DIGITS),
        round(estimated, SIMILARITY_DIGITS),
        round(found.left_in_right, SIMILARITY_DIGITS),
    )


# Input bytes per node partition: a partition (~10 k articles of 3 KB, ~60 MB with their fingerprints) is what one
# worker holds at once in Route; 1 partition per 32 MB keeps that bound whatever the input size.
BYTES_PER_PARTITION = 32 * 1024 * 1024
MAX_PARTITIONS = 4096
# Nodes or candidate pairs a worker buffers before handing them to the shuffle (bounds the buffer: ~8 KB a node).
MAX_BUFFERED = 2_000

# Keys a bundle remembers as sent (pipeline.beam.bands.SentOnce): FindCandidates' candidate pairs (~220 bytes each
# with 15-character ids: ~55 MB at most), a pair found in several bands sent once, and MatchHistory's buckets. A run
# sends each of its distinct pairs once while they fit (18,925 of the 358,817 found at 100k, where a memory of
# MAX_BUFFERED pairs sent 358,131 for DistinctCandidates to remove).
MAX_SEEN_PAIRS = 250_000

# Verdicts Route remembers by (content hash, root id): exact copies of a near duplicate are verified once (~100 bytes
# each).
MAX_VERDICTS = 10_000

# Element shapes (plain tuples: picklable, cheap, and comparable for the deterministic keep rule).
#   fingerprint:  (rank, content_hash, shingle_set); rank[-1] is the id. Travels as (partition, [(id, fingerprint)])
#   node:         (article, (rank, content_hash), (signature, shingle_set)); nodes travel as (partition, [node, ...])
#   text:         (content_hash, rank, signature), batched by the partition of the hash
#   band entry:   (band_key, representative's rank)
#   candidate:    (member_rank, member_id, best_rank, best_id)
#   verified:     (left_id, left_label, right_id, right_label), label = (contained flag, rank); verified pairs
#                 travel in lists
#   graph edge:   (larger_label, smaller_label)
#   root:         (member_id, root_id, same_content)


def single_worker_pair_limit(config: DedupConfig) -> int:
    """The most verified pairs that always touch at most ``max_single_worker_articles`` articles (a pair brings
    two): where a run of unknown size picks the single-worker components at run time.

    >>> single_worker_pair_limit(DedupConfig())
    500000
    """
    return config.max_single_worker_articles // 2


def node_partitions(input_bytes: int) -> int:
    """How many partitions the node batches of a run of ``input_bytes`` are spread over.

    >>> node_partitions(0), node_partitions(50_000_000), node_partitions(10**13)
    (1, 2, 4096)
    """
    return max(1, min(MAX_PARTITIONS, math.ceil(input_bytes / BYTES_PER_PARTITION)))
