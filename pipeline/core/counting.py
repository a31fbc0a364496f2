"""The counter interface that every cleaning step reports to.

Pure functions take a ``count`` callable instead of touching Beam metrics, the way TFDS's C4 pipeline injects its
counter function: inside Beam the callable feeds ``Metrics.counter``; in tests it is a plain ``collections.Counter``
so a test can assert exact counts without running a pipeline.
"""

from __future__ import annotations

from collections import Counter
from typing import Protocol


class CountFn(Protocol):
    """Adds ``n`` to the counter called ``name``."""

    def __call__(self, name: str, n: int = 1) -> None: ...


def no_count(name: str, n: int = 1) -> None:
    """A counter that records nothing, for callers that do not need counts."""


class Tally(Counter[str]):
    """A ``Counter`` usable as a ``CountFn``.

    >>> tally = Tally()
    >>> tally("line-removed:ad_marker")
    >>> tally("chars-removed", 12)
    >>> dict(tally)
    {'line-removed:ad_marker': 1, 'chars-removed': 12}
    """

    def __call__(self, name: str, n: int = 1) -> None:
        self[name] += n
