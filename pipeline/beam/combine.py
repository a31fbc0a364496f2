"""Global combines without Beam's default branch.

``beam.CombineGlobally`` adds a branch that emits the combine of no input when its input is empty: an Impulse, a
side input and three more steps (each ParDo costs the in-memory runner ~7 ms to build and translate, each stage ~15 ms
to run). Every global combine here has a natural empty value on the reading side instead: a side input's default, or
the launcher's default for a side file that was not written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import apache_beam as beam

A = TypeVar("A")


def combined(fn: Any) -> beam.CombineGlobally:
    """``CombineGlobally(fn)`` that emits nothing for an empty input."""
    return beam.CombineGlobally(fn).without_defaults()


def total(values: beam.PCollection, label: str) -> beam.pvalue.AsSingleton:
    """The number of ``values`` as a side input (0 for none), counted by a step called ``label``."""
    count = values | label >> combined(beam.combiners.CountCombineFn())
    return beam.pvalue.AsSingleton(count, default_value=0)


def merged_into_first(accumulators: Iterable[A], empty: Callable[[], A], merge: Callable[[A, A], object]) -> A:
    """A CombineFn's ``merge_accumulators`` for mutable accumulators: the others merged into the first (``merge(into,
    other)``), so no new one is built; ``empty()`` when there are none.

    >>> merged_into_first([[1], [2, 3]], list, list.extend), merged_into_first([], list, list.extend)
    ([1, 2, 3], [])
    """
    remaining = iter(accumulators)
    first = next(remaining, None)
    if first is None:
        return empty()
    for other in remaining:
        merge(first, other)
    return first
