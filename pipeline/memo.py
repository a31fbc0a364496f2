"""Work on each distinct item once: exact copies in a bundle share the result of the first.

Scraped news repeats itself exactly: the same page fetched again on the next crawl, the same wire story on every
page of a feed. Normalizing and cleaning are pure functions of their input, so a copy needs no work of its own and no
trip to a worker process: :class:`MemoizedChunks` gives it the result of the first copy. Each copy still gets its own
result record (its counts are counted again by the caller), so counters and outputs are the same as without it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

from pipeline.pool import OrderedChunks

K = TypeVar("K")
I = TypeVar("I", bound=Hashable)  # noqa: E741 (item)
R = TypeVar("R")

# Distinct items whose results a MemoizedChunks remembers, oldest forgotten first. A cleaned or normalized text and
# its key take ~5-8 KB, so this bounds the memory at ~60 MB per step; copies further apart in the input than this
# many distinct texts are worked on again.
MEMO_ITEMS = 8_192
# Copies held while the item they copy is still being worked on; past this many the caller waits for the oldest
# chunk, which bounds the records held meanwhile.
MAX_WAITING = 8_192


class MemoizedChunks(Generic[K, I, R]):
    """:class:`OrderedChunks` that work on each distinct item once: an item equal to one added before (and
    remembered) or still being worked on gets that item's result.

    Every added ``(key, item)`` comes back once as ``(key, result)``, but not in the order added: a remembered copy
    comes back at once, and a copy of an item still being worked on with that item. So the caller's per-record work on
    copies goes on while the worker processes are on the texts before them, rather than after.

    Items must be hashable, and the task's result a function of the item alone. What is remembered lasts until
    :meth:`flush` (the end of a bundle), at most ``limit`` items (:data:`MEMO_ITEMS` unless given; 0 remembers none,
    and only copies added while their item is being worked on share its result).

    >>> class Double:
    ...     def setup(self): self.calls = 0
    ...     def __call__(self, items):
    ...         self.calls += len(items)
    ...         return [2 * item for item in items]
    >>> task = Double()
    >>> chunks = MemoizedChunks(OrderedChunks(task, pool=None))
    >>> [pair for key, item in enumerate([3, 4, 3, 3]) for pair in chunks.add(key, item)], task.calls
    ([(0, 6), (1, 8), (2, 6), (3, 6)], 2)
    """

    def __init__(self, chunks: OrderedChunks[I, I, R], limit: int | None = None) -> None:
        self._chunks = chunks
        self._limit = MEMO_ITEMS if limit is None else limit
        self._results: dict[I, R] = {}  # remembered, oldest first
        self._waiting: dict[I, list[K]] = {}  # items being worked on -> the keys of their copies, first included
        self._copies_waiting = 0

    def add(self, key: K, item: I) -> list[tuple[K, R]]:
        """Add one item; the results that are ready (this item's, when it is remembered)."""
        if item in self._results:
            return [(key, self._results[item])]
        waiting = self._waiting.get(item)
        if waiting is not None:
            waiting.append(key)
            self._copies_waiting += 1
            if self._copies_waiting <= MAX_WAITING:
                return []
            return self._settle(self._chunks.oldest())
        self._waiting[item] = [key]
        return self._settle(self._chunks.add(item, item))

    def flush(self) -> list[tuple[K, R]]:
        """All remaining results (call it in ``finish_bundle``); forgets what was remembered."""
        ready = self._settle(self._chunks.flush())
        self._results.clear()
        return ready

    def _settle(self, done: Iterable[tuple[I, R]]) -> list[tuple[K, R]]:
        ready: list[tuple[K, R]] = []
        for item, result in done:
            keys = self._waiting.pop(item)
            self._copies_waiting -= len(keys) - 1
            ready.extend((key, result) for key in keys)
            if self._limit < 1:
                continue
            if len(self._results) >= self._limit:
                del self._results[next(iter(self._results))]
            self._results[item] = result
        return ready
