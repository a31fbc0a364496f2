"""A memo of a pure function that forgets everything when it is full: for values that recur close together (a
site's chrome lines across its articles), where a count of uses would cost more than computing a forgotten value
again."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedMemo(Generic[K, V]):
    """``compute(key)``, remembered for up to ``limit`` keys; the next new key past that empties the memo first.
    Picklable when ``compute`` is (a module-level function or a ``functools.partial`` of one).

    >>> square = BoundedMemo(lambda n: n * n, limit=2)
    >>> square(3), square(4), len(square), square(5), list(square)
    (9, 16, 2, 25, [5])
    """

    def __init__(self, compute: Callable[[K], V], limit: int) -> None:
        self._compute = compute
        self._limit = limit
        self._known: dict[K, V] = {}

    def __call__(self, key: K) -> V:
        try:
            return self._known[key]
        except KeyError:
            pass
        value = self._compute(key)
        if len(self._known) >= self._limit:
            self._known.clear()
        self._known[key] = value
        return value

    def __len__(self) -> int:
        return len(self._known)

    def __iter__(self) -> Iterator[K]:
        """The keys remembered now."""
        return iter(self._known)
