"""Outputs made in several stages, passed on as a tuple of collections rather than flattened into one.

On Beam's in-memory runner a Flatten of collections from two stages is a stage of its own: the runner holds every
element between the producers and it, and encodes and decodes each one. For the kept articles (Route's and
RegroupFarMembers') that held every kept text in the runner at once. A consumer that applies the same step to each
part (spilling lines, counting duplicates for the report) keeps each part's step fused into the stage that made it.
"""

from __future__ import annotations

from typing import Any

import apache_beam as beam

# One collection, or several whose union is the output.
Parts = beam.PCollection | tuple[beam.PCollection, ...]


def as_parts(collections: Any) -> tuple[Any, ...]:
    """``collections`` as a tuple of collections: itself when it is a tuple, else a tuple of one.

    >>> as_parts("a"), as_parts(("a", "b"))
    (('a',), ('a', 'b'))
    """
    return collections if isinstance(collections, tuple) else (collections,)


def part_label(label: str, index: int) -> str:
    """The label of a step applied to the ``index``-th part: the label itself for the first, which keeps the labels of
    a single collection's steps as they were.

    >>> part_label("SpillLines-articles", 0), part_label("SpillLines-articles", 1)
    ('SpillLines-articles', 'SpillLines-articles-1')
    """
    return label if index == 0 else f"{label}-{index}"
