"""Global combines without Beam's default branch.

``beam.CombineGlobally`` adds a branch that emits the combine of no input when its input is empty: an Impulse, a
side input and three more steps (each ParDo costs the in-memory runner ~7 ms to build and translate, each stage ~15 ms
to run). Every global combine here has a natural empty value on the reading side instead: a side input's default, or
the launcher's default for a side file that was not written.
"""

from __future__ import annotations

from typing import Any

import apache_beam as beam


def combined(fn: Any) -> beam.CombineGlobally:
    """``CombineGlobally(fn)`` that emits nothing for an empty input."""
    return beam.CombineGlobally(fn).without_defaults()


def total(values: beam.PCollection, label: str) -> beam.pvalue.AsSingleton:
    """The number of ``values`` as a side input (0 for none), counted by a step called ``label``."""
    count = values | label >> combined(beam.combiners.CountCombineFn())
    return beam.pvalue.AsSingleton(count, default_value=0)


def summed(values: beam.PCollection, label: str) -> beam.pvalue.AsSingleton:
    """The sum of ``values`` (numbers) as a side input (0 for none), added up by a step called ``label``."""
    added = values | label >> combined(sum)
    return beam.pvalue.AsSingleton(added, default_value=0)
