"""Work on each distinct item once: exact copies in a bundle share the result of the first.

Scraped news repeats itself exactly: the same page fetched again on the next crawl, the same wire story on every
page of a feed. Normalizing and cleaning are pure functions of their input, so a copy needs no work of its own and no
trip to a worker process: :class:`MemoizedChunks` gives it the result of the first copy. Each copy still gets its own
result record (its counts are counted again by the caller), so counters and outputs are the same as without it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterable
from typing import Any, Generic, TypeVar

from pipeline.local.pool import OrderedChunks

K = TypeVar("K")
I = TypeVar("I", bound=Hashable)  # noqa: E741 (item)
R = TypeVar("R")

# Distinct items whose results a MemoizedChunks remembers, oldest forgotten first, and their characters (by the
# chunks' measure; a result is about as large as its item). A 3 KB article's text and result take ~5-8 KB, so the
# count bounds a step at ~60 MB, and the characters bound it whatever the length of the documents. Copies further
# apart in the input are worked on again.
MEMO_ITEMS = 8_192
MEMO_CHARS = 32_000_000
# Copies held, and their characters, while the item they copy is still being worked on; past either the caller waits
# for the oldest chunk, which bounds the records held meanwhile.
MAX_WAITING = 8_192
MAX_WAITING_CHARS = 32_000_000
# What a lookup of an item not remembered gives (a result may itself be None).
_UNKNOWN: Any = object()


class MemoizedChunks(Generic[K, I, R]):
    """:class:`OrderedChunks` that work on each distinct item once: an item equal to one added before (and
    remembered) or still being worked on gets that item's result.

    Every added ``(key, item)`` comes back once as ``(key, result)``, but not in the order added: a remembered copy
    comes back at once, and a copy of an item still being worked on with that item. So the caller's per-record work on
    copies goes on while the worker processes are on the texts before them, rather than after.

    Items must be hashable, and the task's result a function of the item alone. What is remembered lasts until
    :meth:`flush` (the end of a bundle), at most ``limit`` items (:data:`MEMO_ITEMS` unless given; 0 remembers none,
    and only copies added while their item is being worked on share its result) of :data:`MEMO_CHARS` characters, as
    the chunks measure them (:meth:`OrderedChunks.size_of`).

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
        # Remembered, oldest first. An OrderedDict because forgetting the oldest is O(1) there; a dict's first key
        # (next(iter(...))) is found by scanning past every key deleted since its last resize: ~10 us per forgotten
        # item at 8,192 remembered, paid for nearly every article of a distinct-text corpus.
        self._results: OrderedDict[I, R] = OrderedDict()
        self._remembered_chars = 0
        self._waiting: dict[I, list[K]] = {}  # items being worked on -> the keys of their copies, first included
        self._copies_waiting = 0
        self._waiting_chars = 0  # of the copies waiting

    def add(self, key: K, item: I) -> list[tuple[K, R]]:
        """Add one item; the results that are ready (this item's, when it is remembered)."""
        known = self._results.get(item, _UNKNOWN)
        if known is not _UNKNOWN:
            return [(key, known)]
        waiting = self._waiting.get(item)
        if waiting is not None:
            waiting.append(key)
            self._copies_waiting += 1
            self._waiting_chars += self._chunks.size_of(item)
            if self._copies_waiting <= MAX_WAITING and self._waiting_chars <= MAX_WAITING_CHARS:
                return []
            return self._settle(self._chunks.oldest())
        self._waiting[item] = [key]
        return self._settle(self._chunks.add(item, item))

    def flush(self) -> list[tuple[K, R]]:
        """All remaining results (call it in ``finish_bundle``); forgets what was remembered."""
        ready = self._settle(self._chunks.flush())
        self._results.clear()
        self._remembered_chars = 0
        return ready

    def _settle(self, done: Iterable[tuple[I, R]]) -> list[tuple[K, R]]:
        ready: list[tuple[K, R]] = []
        for item, result in done:
            keys = self._waiting.pop(item)
            size = self._chunks.size_of(item)
            self._copies_waiting -= len(keys) - 1
            self._waiting_chars -= (len(keys) - 1) * size
            ready.extend((key, result) for key in keys)
            self._remember(item, result, size)
        return ready

    def _remember(self, item: I, result: R, size: int) -> None:
        if self._limit < 1 or size > MEMO_CHARS:
            return
        while self._results and (len(self._results) >= self._limit or self._remembered_chars + size > MEMO_CHARS):
            oldest, _ = self._results.popitem(last=False)
            self._remembered_chars -= self._chunks.size_of(oldest)
        self._results[item] = result
        self._remembered_chars += size
