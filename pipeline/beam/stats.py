"""Run statistics as data, not only as Beam metrics.

Beam metrics are best-effort on some runners and are not part of the output. Each DoFn therefore also tallies its
counts per bundle and emits the tally once, in ``finish_bundle``, to a ``stats`` output; the tallies are summed into
``summary.json``. Bundles that fail are retried with their outputs discarded, so the sums count every record once.
Every count also goes to a Beam counter of the same name, for runner UIs (Dataflow, Flink) while the job runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipeline.beam.tags import METRICS_NAMESPACE, STATS
from pipeline.beam.windows import in_global_window
from pipeline.core.counting import Tally
from pipeline.core.record import Reject
from pipeline.work.tasks import RECORD_ERRORS, RecordError

T = TypeVar("T")
INTERNAL_ERROR = "internal_error"


class CountingDoFn(beam.DoFn):
    """A DoFn whose ``self.count(name, n)`` feeds both a Beam counter and the ``stats`` output."""

    def start_bundle(self) -> None:
        self._tally = Tally()

    def count(self, name: str, n: int = 1) -> None:
        self._tally(name, n)

    def count_all(self, counts: Iterable[tuple[str, int]]) -> None:
        """Count each ``(name, n)`` of ``counts`` (a task's Outcome's counts) as ``count`` would, in one loop."""
        tally = self._tally
        for name, n in counts:
            tally[name] += n

    def guarded(self, record_id: str, step: str, work: Callable[[], T], origin: str = "") -> T | Reject:
        """``work()``, or a Reject carrying the error when it raises one of :data:`RECORD_ERRORS`."""
        try:
            return work()
        except RECORD_ERRORS as error:
            return self.rejected(record_id, step, RecordError.of(error), origin)

    def rejected(self, record_id: str, step: str, error: RecordError, origin: str = "") -> Reject:
        """The ``internal_error`` reject of a record (from ``origin``) whose ``step`` raised ``error`` (counted)."""
        self.count(f"rejected:{INTERNAL_ERROR}")
        return Reject(record_id, INTERNAL_ERROR, error.describe(step), origin)

    def finish_bundle(self) -> Iterator[Any]:
        tally, self._tally = self._tally, Tally()
        for name, n in tally.items():
            Metrics.counter(METRICS_NAMESPACE, name).inc(n)
        if tally:
            yield beam.pvalue.TaggedOutput(STATS, in_global_window(dict(tally)))  # type: ignore[misc]


def sum_counts(tallies: Iterable[dict[str, int]]) -> dict[str, int]:
    """Add up per-bundle tallies into one sorted dict.

    >>> sum_counts([{"b": 1, "a": 2}, {"a": 3}])
    {'a': 5, 'b': 1}
    """
    total: Counter[str] = Counter()
    for tally in tallies:
        total.update(tally)
    return dict(sorted(total.items()))
