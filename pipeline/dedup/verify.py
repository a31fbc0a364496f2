"""Candidate verification: the real Jaccard and containment of two shingle sets, and the match they make.

MinHash only *estimates* Jaccard similarity (standard deviation ~0.044 near 0.5 with 128 permutations), so
before anything is dropped the pipeline compares the actual shingle sets. A shingle set travels as ``bytes``:
the sorted distinct 32-bit shingle hashes of :func:`pipeline.dedup.shingles.shingle_hashes`, little-endian
(4 bytes per distinct shingle: ~2 KB for a 3 KB article). Comparing hashes rather than the shingles themselves
differs only when two distinct shingles of the pair collide in 32 bits (the hash is well mixed, so the chance is
~n^2 / 2^33 per pair, < 1e-4 for two 3 KB articles), which can only raise a similarity by 1/n.

Match kinds, in the order they are tried for an article ``a`` against the article ``b`` it would be dropped
for (:func:`classify`):

* ``exact``: the same cleaned text modulo whitespace (equal content hashes);
* ``near``: Jaccard ``|a & b| / |a | b| >= threshold``; either copy may be kept (the keep rule decides);
* ``containment``: ``|a & b| / |a| >= containment_threshold`` (most of ``a`` is inside ``b``: a truncated copy
  of ``b``, or ``b`` with a local intro prepended); only the container ``b`` may be kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from pipeline.dedup.config import DedupConfig
from pipeline.dedup.minhash import MinHasher, estimate_jaccard
from pipeline.dedup.shingles import shingle_hashes

# Shingle sets on the wire: sorted distinct little-endian uint32 hashes.
SHINGLE_SET_DTYPE = np.dtype("<u4")
SHINGLE_SET_ITEM_BYTES = SHINGLE_SET_DTYPE.itemsize

MatchKind = Literal["exact", "near", "containment"]


@dataclass(frozen=True)
class Overlap:
    """How much two shingle sets share: ``jaccard``, and the containment of each one in the other."""

    jaccard: float
    left_in_right: float
    right_in_left: float


def shingle_set(text: str, shingle_size: int) -> bytes:
    """The distinct shingle hashes of ``text`` as sorted little-endian uint32 bytes.

    >>> shingle_set("The cat sat on the mat.", 5).hex()
    '5e2d5ba1f17245d6'
    >>> shingle_set("...", 5)
    b''
    """
    return shingle_hashes(text, shingle_size).astype(SHINGLE_SET_DTYPE).tobytes()


def signature_and_shingle_set(hasher: MinHasher, text: str, shingle_size: int) -> tuple[bytes, bytes]:
    """The MinHash signature and the shingle set of ``text``, tokenising and hashing its shingles once for both
    (about half the cost of either: computing them separately would add that again).

    >>> from pipeline.dedup.minhash import MinHasher
    >>> hasher = MinHasher(num_perm=4, seed=1)
    >>> text = "The cat sat on the mat and looked at the dog."
    >>> signature_and_shingle_set(hasher, text, 5) == (hasher.signature_bytes(text, 5), shingle_set(text, 5))
    True
    """
    hashes = shingle_hashes(text, shingle_size)
    signature = hasher.packed_signature(hashes)
    return signature, hashes.astype(SHINGLE_SET_DTYPE).tobytes()


def shingle_set_values(shingles: bytes) -> np.ndarray:
    """The uint32 values of a shingle set in bytes form (read-only view).

    >>> shingle_set_values(bytes([1, 0, 0, 0, 2, 0, 0, 0])).tolist()
    [1, 2]
    """
    if len(shingles) % SHINGLE_SET_ITEM_BYTES:
        raise ValueError(
            f"a shingle set is a multiple of {SHINGLE_SET_ITEM_BYTES} bytes, got {len(shingles)}: "
            "pass the output of shingle_set()"
        )
    return np.frombuffer(shingles, dtype=SHINGLE_SET_DTYPE)


def overlap(left: bytes, right: bytes) -> Overlap:
    """Real Jaccard and containments of two shingle sets (an empty set shares nothing: all 0.0).

    >>> a = shingle_set("one two three four five six seven eight", 5)          # 4 shingles
    >>> b = shingle_set("one two three four five six seven eight nine ten", 5)  # the same 4 and 2 more
    >>> overlap(a, b)
    Overlap(jaccard=0.6666666666666666, left_in_right=1.0, right_in_left=0.6666666666666666)
    >>> overlap(a, b"")
    Overlap(jaccard=0.0, left_in_right=0.0, right_in_left=0.0)
    """
    left_values, right_values = shingle_set_values(left), shingle_set_values(right)
    if not left_values.size or not right_values.size:
        return Overlap(0.0, 0.0, 0.0)
    shared = int(np.intersect1d(left_values, right_values, assume_unique=True).size)
    union = left_values.size + right_values.size - shared
    return Overlap(shared / union, shared / left_values.size, shared / right_values.size)


def classify(
    same_content: bool, found: Overlap, threshold: float, containment_threshold: float | None
) -> MatchKind | None:
    """The match that lets the *left* article be dropped in favour of the right one, or ``None``.

    ``containment_threshold`` ``None`` turns containment matching off.

    >>> classify(True, Overlap(1.0, 1.0, 1.0), 0.55, 0.8)
    'exact'
    >>> classify(False, Overlap(0.6, 0.7, 0.8), 0.55, 0.8)
    'near'
    >>> classify(False, Overlap(0.4, 0.9, 0.4), 0.55, 0.8)      # left is mostly inside right
    'containment'
    >>> classify(False, Overlap(0.4, 0.4, 0.9), 0.55, 0.8) is None   # right is inside left: left must stay
    True
    >>> classify(False, Overlap(0.4, 0.9, 0.4), 0.55, None) is None
    True
    """
    if same_content:
        return "exact"
    if found.jaccard >= threshold:
        return "near"
    if containment_threshold is not None and found.left_in_right >= containment_threshold:
        return "containment"
    return None


# How a member matches its root: (match kind or None, shingle overlap, estimated similarity from the signatures).
Verdict = tuple[MatchKind | None, Overlap, float]


def member_verdict(
    signature: bytes, shingles: bytes, root_shingles: bytes, root_signature: bytes, config: DedupConfig
) -> Verdict:
    """How a group's member (its signature and shingle set, as fingerprinting made them) matches the group's root,
    which has other content (its shingle set and signature): the member may be dropped for the root when the kind is
    not None.

    >>> from pipeline.dedup.config import DedupConfig
    >>> config = DedupConfig()
    >>> hasher = MinHasher.from_config(config)
    >>> root = "The ferry will open next spring, the port said on Monday after months of talks."
    >>> root_signature, root_shingles = signature_and_shingle_set(hasher, root, config.shingle_size)
    >>> member = signature_and_shingle_set(hasher, root + " More follows.", config.shingle_size)
    >>> kind, found, estimated = member_verdict(*member, root_shingles, root_signature, config)
    >>> kind, round(found.jaccard, 4), found.right_in_left, estimated
    ('near', 0.8462, 1.0, 0.8046875)
    """
    found = overlap(shingles, root_shingles)
    kind = classify(False, found, config.threshold, config.containment_threshold)
    return kind, found, estimate_jaccard(signature, root_signature)


def contained_side(
    found: Overlap, left_size: int, right_size: int, threshold: float, containment_threshold: float | None
) -> Literal["left", "right"] | None:
    """For a candidate pair that is not a near duplicate: which side is contained in the other, if either.

    When both are (possible only with a low ``containment_threshold``), the one with the larger containment is
    the contained one; on a tie, the smaller set.

    >>> contained_side(Overlap(0.4, 0.9, 0.4), 10, 22, 0.55, 0.8)
    'left'
    >>> contained_side(Overlap(0.4, 0.4, 0.9), 22, 10, 0.55, 0.8)
    'right'
    >>> contained_side(Overlap(0.6, 0.9, 0.65), 10, 14, 0.55, 0.8) is None   # near: the keep rule decides
    True
    """
    if containment_threshold is None or found.jaccard >= threshold:
        return None
    left_ok = found.left_in_right >= containment_threshold
    right_ok = found.right_in_left >= containment_threshold
    if left_ok and right_ok:
        if found.left_in_right != found.right_in_left:
            return "left" if found.left_in_right > found.right_in_left else "right"
        return "left" if left_size <= right_size else "right"
    if left_ok:
        return "left"
    if right_ok:
        return "right"
    return None
