"""Memory and time of the single-worker connected components (``pair_roots``), per article in a verified pair.

The pairs are made on the fly and streamed, as a runner that streams a group's values hands them over, so the peak
(tracemalloc) is what ``pair_roots`` itself keeps: each article's id and label, and the union-find maps. Groups are
stars of copies around their root, as dedup's pairs are; ids are URL-like (~40 characters) and one member in ten is a
partial copy (contained flag set). The time is measured separately, without tracemalloc, on pairs made beforehand.
This is where ``dedup.max_single_worker_articles``' memory bound (pipeline/dedup/config.py) comes from::

    python benchmarks/components_memory.py
"""

from __future__ import annotations

import random
import time
import tracemalloc
from collections.abc import Iterator

from pipeline.beam.dedup.components import pair_roots

# (groups, articles a group): pairs of copies, small copy groups, and large syndication groups.
SHAPES = ((100_000, 2), (50_000, 4), (20_000, 11))


def star_pairs(groups: int, size: int, seed: int = 1) -> Iterator[tuple]:
    """Verified pairs ``(member id, member label, root id, root label)``: ``groups`` stars of ``size`` articles."""
    rng = random.Random(seed)
    for group in range(groups):
        root = f"https://example.com/news/{group:010d}-story"
        root_label = (0, (0, f"2024-03-01T{group % 24:02d}:00:00.000000", -rng.randrange(1000, 9000), root))
        for number in range(1, size):
            member = f"https://example.com/news/{group:010d}-copy{number}"
            published = f"2024-03-02T{number % 24:02d}:00:00.000000"
            label = (int(rng.random() < 0.1), (0, published, -rng.randrange(1000, 9000), member))
            yield member, label, root, root_label


def main() -> None:
    for groups, size in SHAPES:
        articles, pairs = groups * size, groups * (size - 1)
        tracemalloc.start()
        roots = pair_roots(star_pairs(groups, size))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        made = list(star_pairs(groups, size))
        started = time.perf_counter()
        pair_roots(made)
        seconds = time.perf_counter() - started
        print(
            f"{groups:,} groups of {size}: {articles:,} articles, {pairs:,} pairs, {len(roots):,} roots: "
            f"peak {peak / 1e6:.1f} MB = {peak / articles:.0f} bytes an article; "
            f"{seconds:.2f} s = {seconds / pairs * 1e6:.1f} us a pair"
        )


if __name__ == "__main__":
    main()
