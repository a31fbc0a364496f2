"""Step 8 of dedup: the members of one group that its root is too far from are compared with each other.

A group (a connected component of verified pairs) can link articles that are similar only through others, so Route
verifies each member against the group's kept article, its root. Two members too far from it can still be near
copies of each other: before this step both were kept (all 6 duplicates that a second run found among the 75,005
articles kept of the distinct 100k corpus, and 473 of the 478 at 1M). Here they meet, grouped by their root: few (49
of 100k articles), so each carries its article's output line (the span of the spilled line) and fingerprint.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import apache_beam as beam

from pipeline.beam.dedup.shapes import exact_duplicate, verified_duplicate
from pipeline.beam.stats import CountingDoFn
from pipeline.core.record import ArticleLine, Duplicate
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.minhash import band_keys
from pipeline.dedup.verify import member_verdict

# What Route sends for a member its root is too far from: ``(rank, id, copy of, article line, content hash,
# signature, shingle set)``. ``copy of`` is None for a text's representative, else the representative's id: an exact
# copy shares its representative's fate.
FarMember = tuple[tuple, str, str | None, ArticleLine, bytes, bytes, bytes]


# How many kept members of a group each other member is verified against, all of them: past this, only those that
# share an LSH band with it. A pair that shares no band (at Jaccard 0.41, 4 in 10 do with 32 x 4 bands) can still be
# a partial copy: on the distinct 100k corpus, exhaustive verification found 6 such duplicates, by band 5.
MAX_VERIFIED_EACH = 64


class RegroupFarMembers(CountingDoFn):
    """``(root id, far members)`` -> main: each kept article's :class:`~pipeline.core.record.ArticleLine`;
    ``duplicates``; ``stored``: a kept article's ``(id, content hash, signature, shingle set)`` for the fingerprint
    store (with ``store``).

    The representatives are taken in keep-rank order. Each is verified against those kept before it, and is a
    duplicate of the first one it is near to or contained in, as Route verifies a member against its root. Otherwise
    it is kept. Past :data:`MAX_VERIFIED_EACH` kept ones, only those that share an LSH band with it are verified (the
    candidates of dedup's step 3), so a large group costs band lookups, not k^2 verifications; each member verified
    that way is counted (``dedup:far-members-by-band``). An exact copy follows its representative: its exact
    duplicate when that is kept, else a duplicate of what that is a duplicate of, with the same figures.

    >>> from pipeline.dedup.minhash import MinHasher
    >>> from pipeline.dedup.verify import signature_and_shingle_set
    >>> config = DedupConfig()
    >>> text = "The harbour bridge will close for repairs in spring, the council said after a long debate on Tuesday."
    >>> def far(rank, article_id, copy_of, body):
    ...     return (rank, article_id, copy_of, ArticleLine(article_id, body.encode()), body.encode(),
    ...             *signature_and_shingle_set(MinHasher.from_config(config), body, config.shingle_size))
    >>> members = [far((2,), "b", None, text.replace(",", "")), far((1,), "a", None, text), far((3,), "c", "b", text)]
    >>> regroup = RegroupFarMembers(config)
    >>> regroup.setup(), regroup.start_bundle()
    (None, None)
    >>> outputs = list(regroup.process(("root", members)))
    >>> [out.id for out in outputs if isinstance(out, ArticleLine)]
    ['a']
    >>> [(d.id, d.duplicate_of, d.match, d.similarity) for d in (out.value for out in outputs if hasattr(out, "tag"))]
    [('b', 'a', 'near', 1.0), ('c', 'a', 'near', 1.0)]
    """

    DUPLICATES = "duplicates"
    STORED = "stored"

    def __init__(self, config: DedupConfig, store: bool = False) -> None:
        self._config = config
        self._store = store

    def setup(self) -> None:
        self._bands, self._rows = self._config.banding()

    def process(self, group: tuple[str, Iterable[FarMember]]) -> Iterator[Any]:
        _, members = group
        ordered = sorted(members, key=lambda member: (member[0], member[1]))
        kept: list[FarMember] = []
        buckets: dict[bytes, list[int]] = defaultdict(list)  # band key -> positions in kept
        fates: dict[str, Duplicate | None] = {}  # representative id -> its duplicate, or None when kept
        for member in (member for member in ordered if member[2] is None):
            keys = band_keys(member[5], self._bands, self._rows)
            if len(kept) <= MAX_VERIFIED_EACH:
                candidates = kept
            else:
                self.count("dedup:far-members-by-band")
                shared = sorted({position for key in keys for position in buckets.get(key, ())})
                candidates = [kept[position] for position in shared]
            duplicate = self._duplicate_of_kept(member, candidates)
            fates[member[1]] = duplicate
            if duplicate is None:
                for key in keys:
                    buckets[key].append(len(kept))
                kept.append(member)
                yield from self._kept(member)
            else:
                self.count(f"duplicates:{duplicate.match}")
                self.count("dedup:far-members-regrouped")
                yield beam.pvalue.TaggedOutput(self.DUPLICATES, duplicate)
        for _, copy_id, copy_of, *_ in (member for member in ordered if member[2] is not None):
            assert copy_of is not None
            fate = fates.get(copy_of)
            self.count(f"duplicates:{'exact' if fate is None else fate.match}")
            if fate is None:  # its representative is kept (or, another text won its id, went elsewhere)
                yield beam.pvalue.TaggedOutput(self.DUPLICATES, exact_duplicate(copy_id, copy_of))
            else:
                copied = Duplicate(
                    copy_id, fate.duplicate_of, fate.match, fate.similarity, fate.estimated_similarity, fate.containment
                )
                yield beam.pvalue.TaggedOutput(self.DUPLICATES, copied)

    def _duplicate_of_kept(self, member: FarMember, kept: list[FarMember]) -> Duplicate | None:
        _, member_id, _, _, _, signature, shingles = member
        for _, kept_id, _, _, _, kept_signature, kept_shingles in kept:
            verdict = member_verdict(signature, shingles, kept_shingles, kept_signature, self._config)
            if verdict[0] is not None:
                return verified_duplicate(member_id, kept_id, verdict)
        return None

    def _kept(self, member: FarMember) -> Iterator[Any]:
        _, member_id, _, article, exact, signature, shingles = member
        self.count("kept:articles")
        self.count("dedup:kept-after-verification")
        if self._store:
            yield beam.pvalue.TaggedOutput(self.STORED, (member_id, exact, signature, shingles))
        yield article
