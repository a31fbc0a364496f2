"""RecoverRejects: each reject gets its source (input file and line) and, with ``output.reject_text``, its record as
the reader read it, read again from that file (:mod:`pipeline.io.recover` does the work).

Rejects are joined with the input files by path, so each file that has rejects is opened once, on one worker, and
read only up to its last rejected line; files without rejects are not read again. Articles never carry a copy of
their original text for this: the few that end as rejects are read again instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import apache_beam as beam

from pipeline.beam.read import READ_ERRORS, open_input
from pipeline.core.config import InputConfig, OutputConfig
from pipeline.core.record import Reject, Source
from pipeline.io.inputs import InputFile
from pipeline.io.paths import opened_path
from pipeline.io.recover import missing, split_origin, wanted_records, with_text

# CoGroupByKey tags: the input file's relative path and the raw path that opens it (an InputFile's; none when the origin
# is no input file), and the file's rejects.
RELATIVE, REJECTS = "relative", "rejects"


def file_of(reject: Reject) -> tuple[str, Reject]:
    """``(path of the input file the reject came from, reject)``; the path is empty when it has no origin.

    >>> file_of(Reject("a", "empty", "", origin="/in/a.jsonl:3"))[0]
    '/in/a.jsonl'
    """
    return split_origin(reject.origin)[0], reject


def recover_file(
    element: tuple[str, dict[str, Iterable[Any]]], config: InputConfig, output: OutputConfig
) -> Iterator[Reject]:
    """The rejects of one input file with their source, and with their text when ``output.reject_text`` is on."""
    path, grouped = element
    rejects: list[Reject] = list(grouped[REJECTS])
    found: tuple[str, bytes] | None = next(iter(grouped[RELATIVE]), None)
    if not rejects or found is None:
        yield from rejects  # no origin, or not from an input file: nothing to point at
        return
    relative, raw_path = found
    located = [dataclasses.replace(r, source=Source(relative, split_origin(r.origin)[1])) for r in rejects]
    if output.reject_text:
        yield from with_texts(opened_path(path, raw_path), located, config, output.reject_text_max_chars)
    else:
        yield from located


def with_texts(path: str, rejects: Sequence[Reject], config: InputConfig, max_chars: int) -> Iterator[Reject]:
    """``rejects`` (all located in the file ``path``) with their records' texts, reading the file once."""
    by_line: dict[int | None, list[Reject]] = {}
    for reject in rejects:
        assert reject.source is not None
        by_line.setdefault(reject.source.line, []).append(reject)
    why = "the input file has no such line (did it change during the run?)"
    try:
        with open_input(path) as (stream, _):
            lines = [] if None in by_line else [line for line in by_line if line is not None]
            found = wanted_records(stream, lines) if lines else iter([(None, stream.read())])
            for line, data in found:
                for reject in by_line.pop(line):
                    assert reject.source is not None
                    yield dataclasses.replace(reject, source=with_text(reject.source, data, config, max_chars))
    except READ_ERRORS as error:
        why = f"the input file could not be read up to this record ({type(error).__name__}: {error})"
    for unfound in by_line.values():
        for reject in unfound:
            assert reject.source is not None
            yield dataclasses.replace(reject, source=missing(reject.source, why))


class RecoverRejects(beam.PTransform):
    """Rejects -> the same rejects with their :class:`~pipeline.core.record.Source`, for writing."""

    def __init__(self, files: Sequence[InputFile], config: InputConfig, output: OutputConfig) -> None:
        super().__init__()
        self._relatives = [(f.path, (f.relative, f.raw_path)) for f in files]
        self._config = config
        self._output = output

    def expand(self, rejects: beam.PCollection) -> beam.PCollection:
        # Not reshuffled: the join right after it is a shuffle.
        relatives = rejects.pipeline | "ListRejectFiles" >> beam.Create(self._relatives, reshuffle=False)
        keyed = rejects | "KeyByFile" >> beam.Map(file_of)
        return (
            {RELATIVE: relatives, REJECTS: keyed}
            | "JoinFiles" >> beam.CoGroupByKey()
            | "ReadSources" >> beam.FlatMap(recover_file, config=self._config, output=self._output)
        )
