"""Configuration of the dedup stage (the `dedup:` section of configs/*.yaml).

Every worker builds its fingerprints from this one frozen object, so all workers shingle, hash and band
identically (datatrove's ``MinhashConfig`` pattern). The defaults were chosen by measurement on the
republished-news benchmark (``/work/shared/data/bbc_republished``, 3862 articles, 1500 stories, 0..4
aggregator copies each); the numbers are quoted next to each constant below.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from pipeline.core.configtree import doc

# All numbers below were measured with benchmarks/.work/measure_dedup.py (scratch, not committed) on the
# republished-news benchmark: fingerprints of the gold cleaned bodies (what a perfect cleaner leaves) and, as
# a pessimistic case, of the raw text after ftfy.fix_text (site boilerplate and ads still in), over MinHash
# seeds 1..8.

# Word 5-grams. Exact 5-gram Jaccard on gold text: true (origin, copy) pairs >= 0.716, different stories <=
# 0.469 (two real BBC follow-ups of one story; the benchmark's label-0 pairs <= 0.051). 3- and 4-grams raise
# the follow-ups' similarity (4 false pairs at threshold 0.55); 7-grams lower raw-text recall (0.992 vs 0.993
# minimum). 5 is also datatrove's default.
DEFAULT_SHINGLE_SIZE = 5

# 128 permutations: the standard deviation of the Jaccard estimate is sqrt(J(1-J)/128) ~= 0.044 near J = 0.5,
# small against the gap between copies and different stories; the signature is 512 bytes.
DEFAULT_NUM_PERM = 128

# datasketch's default seed, so our signatures equal ``datasketch.MinHash()``'s for the same shingle hashes.
DEFAULT_SEED = 1

# Estimated-Jaccard threshold for a near duplicate. 0.5 merged the two BBC follow-ups (exact 0.469, 4 false
# pairs) under some seeds; 0.55 had no false pair under any of 8 seeds and kept pessimistic raw-text recall >=
# 0.993 (medium copies >= 0.991); 0.6 was as clean on gold but raw-text recall fell to 0.984 (0.65: 0.957).
DEFAULT_THRESHOLD = 0.55

# LSH banding 32 bands x 4 rows (all 128 values; S-curve midpoint (1/32)^(1/4) ~= 0.42): a pair at the
# threshold J = 0.55 becomes a candidate with probability 1 - (1 - 0.55^4)^32 ~= 0.95, at J = 0.7 with 0.9998.
# datasketch's optimiser centres the curve on the threshold instead (21 x 6 at 0.55) and lost 1% of raw-text
# recall (0.989 vs 0.996 at seed 1); star_edges checks every candidate against the threshold, so a low
# midpoint costs only comparisons (64 k candidate members for 3862 articles on gold text, vs 40 k with 21 x
# 6).
DEFAULT_BANDS = 32
DEFAULT_ROWS = 4

# Containment threshold: an article whose shingles are at least this share inside another candidate article
# (|a & b| / |a|) is a partial copy of it (truncated, or the other with an intro prepended) even when their
# Jaccard is below `threshold`; the container is kept. See benchmarks/dedup_quality.py for the measurement.
DEFAULT_CONTAINMENT_THRESHOLD = 0.8

# Connected components run on one worker (union-find) when the articles in verified pairs can be at most this many,
# and as distributed large-star/small-star rounds past it. The one worker streams the pairs (pair_roots) and holds
# one entry per article in a pair, none per pair: ~500 bytes per article with its label and id (tracemalloc,
# benchmarks/components_memory.py: 200 k articles in copy groups of 2 to 11, ids ~40 characters: 466-512), and
# ~7 us per pair. 1 M articles: ~0.5 GB. A runner that holds a group's values (the DirectRunner) holds the pairs
# too, but it holds every PCollection anyway.
DEFAULT_MAX_SINGLE_WORKER_ARTICLES = 1_000_000
# Rounds unrolled for the distributed path (each costs two shuffles): a chain of 10 k articles in random order
# converged after 11 rounds (a sequential one after 15, the last round being the check), random graphs after <= 6;
# copy groups (stars around their best article) after 2-3. The paper's bound is O(log^2 n). The rounds are in
# every pipeline whichever path runs, and cost ~0.12 s each when idle (20 rounds added ~2.5 s to the seeds run,
# measured), so 10. Not enough rounds is counted, and the rest is resolved on one worker.
DEFAULT_COMPONENT_ROUNDS = 10

# Limits from datasketch: MinHash needs num_perm >= 1 and MinHashLSH needs at least 2 bands.
MIN_NUM_PERM = 2
MIN_BANDS = 2
# numpy.random.RandomState (which datasketch seeds its permutations with) accepts seeds in [0, 2**32).
MAX_SEED = 2**32 - 1

HashScheme = Literal["affine32"]
# Only datasketch 2.0's default scheme is implemented: "affine64" would need 64-bit shingle hashes and
# signatures twice the size, and "legacy" exists only to read pre-2.0 sketches. Stored fingerprints record the
# scheme.
SUPPORTED_SCHEMES: tuple[str, ...] = ("affine32",)


@dataclass(frozen=True)
class DedupConfig:
    """How articles are fingerprinted and which ones count as duplicates.

    >>> DedupConfig().banding()
    (32, 4)
    >>> DedupConfig(bands=None, rows=None, threshold=0.8).banding()
    (9, 13)
    >>> DedupConfig(bands=20, rows=8)
    Traceback (most recent call last):
    ...
    ValueError: bands * rows = 20 * 8 = 160 exceeds num_perm 128: lower bands or rows, or raise num_perm
    """

    # Keys of earlier releases, and what to set instead (pipeline.core.configtree.build says so).
    RETIRED_KEYS: ClassVar[dict[str, str]] = {
        "max_single_worker_edges": "set max_single_worker_articles instead (articles in duplicate pairs, two a pair)"
    }

    enabled: bool = field(default=True, metadata=doc("false: clean only, every valid article is kept"))
    shingle_size: int = field(
        default=DEFAULT_SHINGLE_SIZE,
        metadata=doc("words per shingle (word n-grams over the fingerprint tokens); shorter documents are one shingle"),
    )
    num_perm: int = field(default=DEFAULT_NUM_PERM, metadata=doc("MinHash permutations (signature = 4 bytes each)"))
    seed: int = field(default=DEFAULT_SEED, metadata=doc("seed of datasketch's permutations; all runs must agree"))
    threshold: float = field(
        default=DEFAULT_THRESHOLD,
        metadata=doc("verified Jaccard of word shingles at or above which two articles are near duplicates"),
    )
    bands: int | None = field(
        default=DEFAULT_BANDS,
        metadata=doc("LSH bands; set with rows, or set both null for datasketch's optimum at threshold"),
    )
    rows: int | None = field(
        default=DEFAULT_ROWS,
        metadata=doc("signature values per LSH band; set together with bands (bands*rows <= num_perm)"),
    )
    containment_threshold: float | None = field(
        default=DEFAULT_CONTAINMENT_THRESHOLD,
        metadata=doc(
            "share of an article's shingles inside a candidate article at or above which it is a partial copy "
            "(match 'containment', the container is kept); null turns containment matching off"
        ),
    )
    max_single_worker_articles: int = field(
        default=DEFAULT_MAX_SINGLE_WORKER_ARTICLES,
        metadata=doc(
            "articles in verified duplicate pairs up to which connected components run on one worker (union-find, "
            "~500 bytes an article); past it, distributed large-star/small-star rounds"
        ),
    )
    component_rounds: int = field(
        default=DEFAULT_COMPONENT_ROUNDS,
        metadata=doc("large-star/small-star rounds unrolled for the distributed components path"),
    )
    hash_scheme: HashScheme = field(
        default="affine32", metadata=doc("datasketch permutation scheme; recorded with stored fingerprints")
    )

    def __post_init__(self) -> None:
        if self.shingle_size < 1:
            raise ValueError(f"shingle_size must be at least 1, got {self.shingle_size}: use e.g. 5 (word 5-grams)")
        if self.num_perm < MIN_NUM_PERM:
            raise ValueError(f"num_perm must be at least {MIN_NUM_PERM}, got {self.num_perm}: use e.g. 128")
        if not 0 <= self.seed <= MAX_SEED:
            raise ValueError(f"seed must be in [0, {MAX_SEED}] (numpy RandomState), got {self.seed}")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}: use e.g. {DEFAULT_THRESHOLD}")
        if self.containment_threshold is not None and not 0.0 < self.containment_threshold <= 1.0:
            raise ValueError(
                f"containment_threshold must be in (0, 1] or null, got {self.containment_threshold}: "
                f"use e.g. {DEFAULT_CONTAINMENT_THRESHOLD}"
            )
        if self.max_single_worker_articles < 0:
            raise ValueError(
                f"max_single_worker_articles must be >= 0, got {self.max_single_worker_articles}: "
                f"use e.g. {DEFAULT_MAX_SINGLE_WORKER_ARTICLES}"
            )
        if self.component_rounds < 1:
            raise ValueError(
                f"component_rounds must be at least 1, got {self.component_rounds}: use e.g. {DEFAULT_COMPONENT_ROUNDS}"
            )
        if self.hash_scheme not in SUPPORTED_SCHEMES:
            raise ValueError(
                f"hash_scheme {self.hash_scheme!r} is not supported: use one of {', '.join(SUPPORTED_SCHEMES)}"
            )
        if (self.bands is None) != (self.rows is None):
            raise ValueError(
                f"bands and rows must be set together or both left null, got bands={self.bands} rows={self.rows}"
            )
        if self.bands is not None and self.rows is not None:
            if self.bands < MIN_BANDS or self.rows < 1:
                raise ValueError(f"need bands >= {MIN_BANDS} and rows >= 1, got bands={self.bands} rows={self.rows}")
            if self.bands * self.rows > self.num_perm:
                raise ValueError(
                    f"bands * rows = {self.bands} * {self.rows} = {self.bands * self.rows} exceeds num_perm "
                    f"{self.num_perm}: lower bands or rows, or raise num_perm"
                )
        else:
            bands, _ = optimal_banding(self.threshold, self.num_perm)
            if bands < MIN_BANDS:
                raise ValueError(
                    f"threshold {self.threshold} with num_perm {self.num_perm} gives fewer than {MIN_BANDS} LSH bands: "
                    "lower the threshold, raise num_perm, or set bands and rows explicitly"
                )

    def banding(self) -> tuple[int, int]:
        """``(bands, rows)``: the explicit values, or datasketch's optimum for the threshold and num_perm."""
        if self.bands is not None and self.rows is not None:
            return self.bands, self.rows
        return optimal_banding(self.threshold, self.num_perm)


@functools.lru_cache(maxsize=64)
def optimal_banding(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's ``(bands, rows)`` for ``threshold``: equal weights on false positive and negative areas.

    This is exactly what ``MinHashLSH(threshold, num_perm)`` picks (a grid search, ~10 ms, hence the cache).

    >>> optimal_banding(0.5, 128)
    (25, 5)
    >>> optimal_banding(0.9, 128)
    (5, 25)
    """
    # Imported here: datasketch.lsh pulls in scipy, which only this function needs.
    from datasketch.lsh import _optimal_param

    bands, rows = _optimal_param(threshold, num_perm, 0.5, 0.5)
    return int(bands), int(rows)
