"""The worker task of Route (:mod:`pipeline.beam.dedup.route`): verifying members of duplicate groups against their
roots. A module of its own, so that the local worker processes that run it import only the dedup code (31 MB of RSS
each, against 68 MB with the cleaning tasks of :mod:`pipeline.work.tasks`): they start while Route holds a partition
of articles, near the run's peak of memory."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.dedup.config import DedupConfig
from pipeline.dedup.minhash import MinHasher
from pipeline.dedup.verify import Verdict, member_verdict, shingle_set_values

# A member's text and its root's shingle set: what Route verifies a member of a group against the group's root with.
VerdictItem = tuple[str, bytes]


class Verdicts:
    """(member text, root's shingle set) -> how the member matches its root (:func:`member_verdict`). The member's
    own signature and shingles are hashed again from its text (only members whose root has other content need them,
    ~16% of the articles: cheaper than carrying every article's through the dedup steps); the root's signature is
    worked out from its shingle set, once per chunk for a root with several members."""

    def __init__(self, config: DedupConfig) -> None:
        self._config = config

    def setup(self) -> None:
        self._hasher = MinHasher.from_config(self._config)

    def __call__(self, items: Sequence[VerdictItem]) -> list[Verdict]:
        root_signatures: dict[bytes, bytes] = {}
        verdicts = []
        for text, root_shingles in items:
            root_signature = root_signatures.get(root_shingles)
            if root_signature is None:
                root_signature = self._hasher.packed_signature(shingle_set_values(root_shingles))
                root_signatures[root_shingles] = root_signature
            verdicts.append(member_verdict(self._hasher, text, root_shingles, root_signature, self._config))
        return verdicts


def verdict_item_chars(item: VerdictItem) -> int:
    """The characters of a VerdictItem's text: its size for chunking.

    >>> verdict_item_chars(("Body.", b""))
    5
    """
    return len(item[0])
