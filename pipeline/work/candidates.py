"""The worker task of FindCandidates (:mod:`pipeline.beam.dedup.candidates`): the candidate pairs of LSH band groups.
A module of its own that imports neither Beam nor the cleaning code, so that the local worker processes that run it
(:mod:`pipeline.local.pool`) read the groups' spill files themselves and start small."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from pipeline.core.spans import Span, unspilled
from pipeline.dedup.buckets import shared_band_keys

# One (band, partition) group of GroupBuckets: its key, and its packed BandColumns batches or the spans they were
# spilled to.
BandGroup = tuple[tuple[int, int], Sequence[bytes | Span]]
# A candidate pair: (member id, best id). The ranks that chose the best member stay here: the steps after only
# join the pair's fingerprints by id, and a pair without them pickles to a third of the bytes.
Candidate = tuple[str, str]


def bucket_edges(group: tuple[tuple[int, int], Iterable[bytes | Span]]) -> Iterator[Candidate]:
    """Star edges from every multi-member bucket of one (band, partition) group (packed :class:`BandColumns`
    batches, or spilled), as candidate pairs: each member to the bucket's best-ranked member.

    >>> from pipeline.beam.bands import BandColumns
    >>> columns = BandColumns(bands=1, rows=1)
    >>> for rank, signature in [((0, "b"), b"kkkk"), ((0, "z"), b"zzzz"), ((0, "a"), b"kkkk")]:
    ...     _ = columns.add(signature, rank)
    >>> list(bucket_edges(((0, 3), [packed for _, packed in columns.drain()])))
    [('b', 'a')]
    """
    _, batches = group
    for members in shared_band_keys(unspilled(batches)):
        best = min(members)
        for rank in sorted(set(members)):
            if rank[-1] != best[-1]:
                yield rank[-1], best[-1]


class BucketEdges:
    """Band groups -> each group's candidate pairs (:func:`bucket_edges`). Two texts alike share buckets in many
    bands, but a pair repeats only across bands, and a chunk's groups are consecutive partitions of one band (at 10k,
    6 of 35,115 pairs repeated within a chunk): FindCandidates removes the repeats as the pairs come back."""

    def setup(self) -> None:
        pass

    def __call__(self, groups: Sequence[BandGroup]) -> list[list[Candidate]]:
        return [list(bucket_edges(group)) for group in groups]
