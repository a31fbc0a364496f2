"""One copy of each article's line keys, for LearnBoilerplate: the ``OnePerCopy`` step, in bounded memory.

Learning counts each site's exact-copy articles once, so every article's keys go through a grouping by
``(site, content key)``. What an article brings there (its lines' keys and example lines and its story sketch,
~1.3 KB packed) is ~3.6 KB as Python objects, and Beam's in-memory runner holds every grouped value decoded until
the group is read, then encodes it again to hand it on: at 1 M articles that one step held ~7 GB (issue 18). So
the keys travel as little as possible:

* :class:`SpillArticleKeys`, where the keys are made, writes each article's value (packed by
  :mod:`pipeline.text.packed_lines`, so that a step reads the keys without unpacking the lines) to a spill file
  (:mod:`pipeline.beam.spill`; inline in the batch without a spill directory) and sends on batches of
  ``((site, content key), reference)`` entries, by the partition of the content key;
* :class:`PickCopies` groups one partition's entries by key and keeps one reference per key: the copy with the
  smallest lines (:func:`one_per_copy`), so the choice does not depend on arrival order;
* the steps after it take batches of the distinct articles' entries (:data:`KeysBatch`) and read the values they
  need (:func:`loaded`, :func:`pipeline.beam.spill.unspilled`), one read pass per spill file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import apache_beam as beam

from pipeline.beam.bands import KeyedBatches, pack, unpack
from pipeline.beam.spill import Span, close_spills, optional_spill, unspilled
from pipeline.beam.windows import finished
from pipeline.text.learned import LinesAndStory
from pipeline.text.packed_lines import PackedLines, unpack_lines

# ((site, content key), PackedLines): one article's keys, lines and story sketch, packed where they are made
# (pipeline.work.tasks.NormalizeTexts), which the spill file then takes as they are.
ArticleKeys = tuple[tuple[str, int], PackedLines]
# Where an article's PackedLines are: inline, or in a spill file.
Reference = bytes | Span
# A packed batch (pipeline.beam.bands.pack) of ((site, content key), Reference) entries.
KeysBatch = bytes

# Partitions of the content keys that OnePerCopy groups by: a worker holds one partition's entries at a time
# (~16 k entries, ~3 MB, at 1 M articles) while 64 is enough parallelism for this short step.
COPY_PARTITIONS = 64
# Entries a bundle buffers before they go on as batches, and entries per batch of distinct articles: a batch's
# values are read in one pass per spill file, and 5,000 values are ~7 MB.
BATCH_ENTRIES = 5_000


def one_per_copy(copies: Iterable[LinesAndStory]) -> LinesAndStory:
    """One representative of exact-duplicate copies: their keys and sketches are equal, the example lines may differ
    in case or digits; the smallest is taken so the choice does not depend on arrival order.

    >>> from pipeline.text.stories import EMPTY_SKETCH
    >>> one_per_copy([(((7, "Share"),), EMPTY_SKETCH), (((7, "SHARE"),), EMPTY_SKETCH)])[0]
    ((7, 'SHARE'),)
    """
    return min(copies, key=lambda copy: copy[0])


def entries(batch: KeysBatch) -> list[tuple[tuple[str, int], Reference]]:
    """A batch's ``((site, content key), reference)`` entries."""
    return unpack(batch)


def loaded(batch: KeysBatch) -> list[ArticleKeys]:
    """A batch's entries with their values: each article's :data:`ArticleKeys`, still packed.

    >>> from pipeline.text.packed_lines import pack_lines
    >>> from pipeline.text.stories import EMPTY_SKETCH
    >>> value = pack_lines(((7, "Share"),), EMPTY_SKETCH)
    >>> loaded(pack([(("BBC", 3), value)])) == [(("BBC", 3), value)]
    True
    """
    batch_entries = entries(batch)
    values = unspilled([reference for _, reference in batch_entries])
    return [(key, value) for (key, _), value in zip(batch_entries, values, strict=True)]


class SpillArticleKeys(beam.DoFn):
    """ArticleKeys -> ``(partition, packed batch of ((site, content key), reference))``, each value written to a
    spill file in ``spill_dir`` (or kept inline in the batch when it is None)."""

    def __init__(self, spill_dir: str | None) -> None:
        self._spill_dir = spill_dir

    def start_bundle(self) -> None:
        self._batches = KeyedBatches(BATCH_ENTRIES)
        self._spill = optional_spill(self._spill_dir, "keys")

    def process(self, element: ArticleKeys) -> Iterator[tuple[int, KeysBatch]]:
        key, value = element
        reference: Reference = value if self._spill is None else self._spill.append(value)
        if self._batches.add(key[1] % COPY_PARTITIONS, (key, reference)):
            yield from self._batches.drain()

    def finish_bundle(self) -> Iterator[Any]:
        close_spills(self._spill)
        yield from map(finished, self._batches.drain())


class PickCopies(beam.DoFn):
    """One partition's batches -> batches of its distinct articles' entries, one per ``(site, content key)``."""

    def process(self, group: tuple[int, Iterable[KeysBatch]]) -> Iterator[KeysBatch]:
        _, batches = group
        copies: defaultdict[tuple[str, int], list[Reference]] = defaultdict(list)
        for batch in batches:
            for key, reference in entries(batch):
                copies[key].append(reference)
        distinct = []
        for key in sorted(copies):
            references = copies[key]
            if len(references) > 1:
                values = [unpack_lines(value) for value in unspilled(references)]
                references = [references[values.index(one_per_copy(values))]]
            distinct.append((key, references[0]))
            if len(distinct) >= BATCH_ENTRIES:
                yield pack(distinct)
                distinct = []
        if distinct:
            yield pack(distinct)


class DistinctArticleKeys(beam.PTransform):
    """ArticleKeys -> :data:`KeysBatch` es of one copy of each ``(site, content key)``; with a ``spill_dir`` the values
    wait there (its reader deletes it when done: see :class:`pipeline.beam.spill.DeleteSpillWhenDone`)."""

    def __init__(self, spill_dir: str | None = None) -> None:
        super().__init__()
        self._spill_dir = spill_dir

    def expand(self, keys: beam.PCollection) -> beam.PCollection:
        return (
            keys
            | "Spill" >> beam.ParDo(SpillArticleKeys(self._spill_dir))
            | "Group" >> beam.GroupByKey()
            | "PickCopies" >> beam.ParDo(PickCopies())
        )
