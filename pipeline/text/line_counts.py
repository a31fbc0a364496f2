"""In how many distinct articles each line key of a site occurs: what learning boilerplate counts first.

Learning counts every distinct line of a run, and almost all of them occur once. Counting them as a dict of
``key -> (articles, example line)`` cost ~150 bytes and a Python tuple per line, which made the counting the peak of
a run's memory at a million articles. :class:`LineCounts` holds the keys and their counts as two numpy arrays
(16 bytes a line) and the example lines only where a threshold reads them (the articles with no site: see
``pipeline.beam.boilerplate``) or where they come from an earlier run's saved file. The examples of the few lines
that pass the thresholds are fetched afterwards, from the articles that carry them.

Adding counts appends arrays; they are summed (sorted, equal keys added up) once the pending ones are as many as the
summed ones, so adding n lines costs O(n log n) in all, in any order and any split: the sums never depend on either.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

import numpy as np

KEY_DTYPE = np.uint64
COUNT_DTYPE = np.int64
# Pending lines below this many are not worth summing yet.
MIN_PENDING = 1 << 16


K = TypeVar("K")


def keep_smaller(examples: dict[K, str], key: K, line: str) -> None:
    """Keep the smaller of ``line`` and the example ``examples`` has for ``key``: the choice then depends on the
    lines, never on their order.

    >>> examples = {}
    >>> keep_smaller(examples, 7, "Share"); keep_smaller(examples, 7, "SHARE"); keep_smaller(examples, 7, "Share")
    >>> examples
    {7: 'SHARE'}
    """
    seen = examples.get(key)
    if seen is None or line < seen:
        examples[key] = line


def summed(keys: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``keys`` sorted and made unique, the ``counts`` of equal keys added up.

    >>> keys, counts = summed(np.array([9, 3, 9, 2**64 - 1], dtype=np.uint64), np.array([1, 2, 5, 1]))
    >>> keys.tolist(), counts.tolist()
    ([3, 9, 18446744073709551615], [2, 6, 1])
    """
    if not len(keys):
        return keys.astype(KEY_DTYPE), counts.astype(COUNT_DTYPE)
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return keys[starts], np.add.reduceat(counts.astype(COUNT_DTYPE), starts)


class LineCounts:
    """Line keys with the number of distinct articles each occurs in, and the smallest example line of some of them.
    Mutable (a CombineFn's accumulator): :meth:`add` takes another's counts in.

    >>> first = LineCounts.of_articles([[7, 8], [7]])
    >>> first.add(LineCounts.of_articles([[8, 2**63]], {8: "Menu"}))
    >>> first.counted()
    [(7, 2), (8, 2), (9223372036854775808, 1)]
    >>> first.examples
    {8: 'Menu'}
    """

    __slots__ = ("_keys", "_counts", "_summed", "examples")

    def __init__(self, keys: np.ndarray, counts: np.ndarray, examples: dict[int, str] | None = None) -> None:
        # Parts, the first summed (sorted and unique) over ``_summed`` lines, the others pending.
        self._keys = [keys]
        self._counts = [counts]
        self._summed = len(keys)
        self.examples = {} if examples is None else examples

    @classmethod
    def empty(cls) -> LineCounts:
        return cls(np.empty(0, KEY_DTYPE), np.empty(0, COUNT_DTYPE))

    @classmethod
    def of_keys(cls, keys: np.ndarray, examples: dict[int, str] | None = None) -> LineCounts:
        """The counts of line keys, one per article that carries the line, with ``examples`` as they are."""
        unique, counts = np.unique(keys, return_counts=True)
        return cls(unique.astype(KEY_DTYPE), counts.astype(COUNT_DTYPE), examples)

    @classmethod
    def of_articles(cls, articles: Iterable[Iterable[int]], examples: dict[int, str] | None = None) -> LineCounts:
        """The counts of articles' line keys (each article's keys distinct), with ``examples`` as they are."""
        return cls.of_keys(np.fromiter((key for article in articles for key in article), dtype=KEY_DTYPE), examples)

    @classmethod
    def of_lines(cls, lines: Iterable[tuple[int, int, str]]) -> LineCounts:
        """Counts given line by line as ``(key, articles, example)`` (an earlier run's saved lines).

        >>> LineCounts.of_lines([(5, 3, "Share"), (5, 2, "SHARE")]).counted()
        [(5, 5)]
        """
        keys: list[int] = []
        counts: list[int] = []
        examples: dict[int, str] = {}
        for key, articles, line in lines:
            keys.append(key)
            counts.append(articles)
            keep_smaller(examples, key, line)
        return cls(*summed(np.array(keys, KEY_DTYPE), np.array(counts, COUNT_DTYPE)), examples)

    def add(self, other: LineCounts) -> None:
        self._keys.extend(other._keys)
        self._counts.extend(other._counts)
        for key, line in other.examples.items():
            keep_smaller(self.examples, key, line)
        pending = sum(len(part) for part in self._keys) - self._summed
        if pending >= max(self._summed, MIN_PENDING):
            self._sum()

    def _sum(self) -> None:
        if len(self._keys) > 1 or len(self._keys[0]) != self._summed:
            keys, counts = summed(np.concatenate(self._keys), np.concatenate(self._counts))
            self._keys, self._counts, self._summed = [keys], [counts], len(keys)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The keys (sorted, unique) and their counts."""
        self._sum()
        return self._keys[0], self._counts[0]

    def counted(self) -> list[tuple[int, int]]:
        """``(key, articles)`` pairs, by key (for tests and small counts)."""
        keys, counts = self.arrays()
        return list(zip(keys.tolist(), counts.tolist(), strict=True))

    def shards(self, shards: int) -> Iterator[tuple[int, LineCounts]]:
        """The non-empty parts of these counts by ``key % shards``, each with its keys' examples.

        >>> [(shard, part.counted(), part.examples) for shard, part in
        ...  LineCounts.of_articles([[1, 2, 4]], {4: "Menu"}).shards(2)]
        [(0, [(2, 1), (4, 1)], {4: 'Menu'}), (1, [(1, 1)], {})]
        """
        keys, counts = self.arrays()
        of_key = (keys % KEY_DTYPE(shards)).astype(np.intp)
        order = np.argsort(of_key, kind="stable")
        bounds = np.searchsorted(of_key[order], np.arange(shards + 1))
        # One pass over the examples (every line of the articles with no site: millions in a big run).
        examples: list[dict[int, str]] = [{} for _ in range(shards)]
        for key, line in self.examples.items():
            examples[key % shards][key] = line
        for shard in range(shards):
            taken = order[bounds[shard] : bounds[shard + 1]]
            if len(taken):
                yield shard, LineCounts(keys[taken], counts[taken], examples[shard])

    def __getstate__(self) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
        keys, counts = self.arrays()
        return keys, counts, self.examples

    def __setstate__(self, state: tuple[np.ndarray, np.ndarray, dict[int, str]]) -> None:
        keys, counts, examples = state
        self.__init__(keys, counts, examples)  # type: ignore[misc]
