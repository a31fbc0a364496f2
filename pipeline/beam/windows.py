"""Elements emitted from ``finish_bundle``: they have no input element whose window and timestamp they could take,
so they are put in the global window (every newsclean pipeline is a batch pipeline in the global window)."""

from __future__ import annotations

from typing import Any

import apache_beam as beam
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP
from apache_beam.utils.windowed_value import WindowedValue

# The windows of every element emitted from finish_bundle, made once: GlobalWindow() reads its end timestamp from the
# proto constants on every call, which made in_global_window 3.6 us instead of 0.3. Most articles of a 10k run leave
# the text steps from finish_bundle (up to 8,192 are out with the workers when the input ends): 18,208 calls.
GLOBAL_WINDOWS = (GlobalWindow(),)


def in_global_window(value: Any) -> WindowedValue:
    """``value`` as an element in the global window.

    >>> in_global_window(3).value
    3
    """
    return WindowedValue(value, MIN_TIMESTAMP, GLOBAL_WINDOWS)


def finished(output: Any) -> Any:
    """An output of ``process`` (a value or a ``TaggedOutput``) as ``finish_bundle`` must emit it.

    >>> tagged = finished(beam.pvalue.TaggedOutput("rejects", 3))
    >>> tagged.tag, tagged.value.value
    ('rejects', 3)
    """
    if isinstance(output, beam.pvalue.TaggedOutput):
        return beam.pvalue.TaggedOutput(output.tag, in_global_window(output.value))
    return in_global_window(output)
