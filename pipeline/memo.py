"""Work on each distinct item once: exact copies in a bundle share the result of the first.

Scraped news repeats itself exactly: the same page fetched again on the next crawl, the same wire story on every
page of a feed. Normalizing and cleaning are pure functions of their input, so a copy needs no work of its own and no
trip to a worker process: :class:`MemoizedChunks` gives it the result of the first copy. Each copy still gets its own
result record (its counts are counted again by the caller), so counters and outputs are the same as without it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from pipeline.pool import OrderedChunks

K = TypeVar("K")
I = TypeVar("I", bound=Hashable)  # noqa: E741 (item)
R = TypeVar("R")

# Distinct items whose results a MemoizedChunks remembers, oldest forgotten first. A cleaned or normalized text and
# its key take ~5-8 KB, so this bounds the memory at ~60 MB per step; copies further apart in the input than this
# many distinct texts are worked on again.
MEMO_ITEMS = 8_192
# A slot's result before its item's chunk is back.
_PENDING: object = object()


class MemoizedChunks(Generic[K, I, R]):
    """:class:`OrderedChunks` that work on each distinct item once, with the same ``(key, result)`` pairs in the same
    order: an item equal to one added before (and remembered) or still being worked on gets that item's result.

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
        self._waiting: dict[I, list[list[Any]]] = {}  # items being worked on -> the slots that wait for them
        self._slots: deque[list[Any]] = deque()  # [key, result or _PENDING], in the order added

    def add(self, key: K, item: I) -> Iterator[tuple[K, R]]:
        """Add one item; yields the results that are ready, in the order the items were added."""
        slot: list[Any] = [key, self._results.get(item, _PENDING)]
        self._slots.append(slot)
        if slot[1] is _PENDING:
            waiting = self._waiting.get(item)
            if waiting is not None:
                waiting.append(slot)
            else:
                self._waiting[item] = [slot]
                self._settle(self._chunks.add(item, item))
        return self._ready()

    def flush(self) -> Iterator[tuple[K, R]]:
        """All remaining results (call it in ``finish_bundle``); forgets what was remembered."""
        self._settle(self._chunks.flush())
        yield from self._ready()
        self._results.clear()

    def _settle(self, done: Iterable[tuple[I, R]]) -> None:
        for item, result in done:
            # The waiting slots take the result itself, so forgetting it below never leaves one without it.
            for slot in self._waiting.pop(item):
                slot[1] = result
            if self._limit < 1:
                continue
            if len(self._results) >= self._limit:
                del self._results[next(iter(self._results))]
            self._results[item] = result

    def _ready(self) -> Iterator[tuple[K, R]]:
        slots = self._slots
        while slots and slots[0][1] is not _PENDING:
            key, result = slots.popleft()
            yield key, result
