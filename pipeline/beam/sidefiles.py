"""Side files: small results the pipeline hands to the launcher through its temporary directory.

The run's counts (``stats.json``), the input list for the manifest (``inputs.json``), the report's samples
(``samples.json``) and the inferred site groups (``site-groups.json``) are each combined into one value inside the
pipeline, written as one JSON file, and read back (and removed) by the launcher after the pipeline has finished,
before the output is published. Each is small by construction: counters, one entry per input file, a bounded sample.

A run writes them all through one :class:`WriteSideFiles`: one shuffle keyed by file name, where a global combine per
file cost four transforms and a stage each (every transform and stage costs a run fixed time).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems


def write_side_file(value: Any, path: str) -> str:
    """Write ``value`` as JSON (keys sorted, so the bytes do not depend on arrival order) and return the path."""
    with FileSystems.create(path) as handle:
        handle.write(json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return path


def take_side_file(directory: str, name: str, default: Any) -> Any:
    """Read and remove a side file; ``default`` when the pipeline wrote none (no input at all)."""
    path = posixpath.join(directory, name)
    if not FileSystems.exists(path):
        return default
    with FileSystems.open(path) as handle:
        value = json.loads(handle.read().decode("utf-8"))
    FileSystems.delete([path])
    return value


@dataclass(frozen=True)
class SideFile:
    """A side file: its name in the run's temporary directory, and how its values are combined into the one value it
    holds (a ``CombineFn``, or a function of all the values)."""

    name: str
    combine: Any


class PerFileCombineFn(beam.CombineFn):
    """Combines the values of several side files in one ``CombinePerKey``: every value comes as ``(file name,
    value)`` (a CombineFn does not see its key) and goes to its file's own combine.

    >>> fn = PerFileCombineFn([SideFile("n.json", sum)])
    >>> fn.extract_output(fn.merge_accumulators([fn.add_input(fn.create_accumulator(), ("n.json", 2)),
    ...     fn.add_input(fn.create_accumulator(), ("n.json", 3)), fn.create_accumulator()]))
    5
    """

    def __init__(self, files: Iterable[SideFile]) -> None:
        self._combines = {file.name: beam.CombineFn.maybe_from_callable(file.combine) for file in files}

    def setup(self) -> None:
        for combine in self._combines.values():
            combine.setup()

    def create_accumulator(self) -> tuple[str, Any] | None:
        return None  # the file is known from the first value

    def add_input(self, accumulator: tuple[str, Any] | None, element: tuple[str, Any]) -> tuple[str, Any]:
        name, value = element
        combine = self._combines[name]
        inner = combine.create_accumulator() if accumulator is None else accumulator[1]
        return name, combine.add_input(inner, value)

    def merge_accumulators(self, accumulators: Iterable[tuple[str, Any] | None]) -> tuple[str, Any] | None:
        present = [accumulator for accumulator in accumulators if accumulator is not None]
        if not present:
            return None
        name = present[0][0]
        return name, self._combines[name].merge_accumulators(inner for _, inner in present)

    def compact(self, accumulator: tuple[str, Any] | None) -> tuple[str, Any] | None:
        if accumulator is None:
            return None
        name, inner = accumulator
        return name, self._combines[name].compact(inner)

    def extract_output(self, accumulator: tuple[str, Any] | None) -> Any:
        assert accumulator is not None  # a key has at least one value
        name, inner = accumulator
        return self._combines[name].extract_output(inner)

    def teardown(self) -> None:
        for combine in self._combines.values():
            combine.teardown()


def tagged_with(value: Any, name: str) -> tuple[str, tuple[str, Any]]:
    """A side file's value keyed by the file's name, and carrying it (for :class:`PerFileCombineFn`)."""
    return name, (name, value)


def write_named(combined: tuple[str, Any], directory: str) -> str:
    """Write one combined side file, ``(name, value)``, into ``directory``."""
    name, value = combined
    return write_side_file(value, posixpath.join(directory, name))


class WriteSideFiles(beam.PTransform):
    """Input ``{file name: values}``: each file's values combined into one value by its :class:`SideFile`'s combine
    and written to ``directory/<name>`` as JSON (no file for a file without values: :func:`take_side_file` then gives
    its default)."""

    def __init__(self, directory: str, files: Iterable[SideFile]) -> None:
        super().__init__()
        self._directory = directory
        self._files = tuple(files)

    def expand(self, values: Mapping[str, beam.PCollection]) -> beam.PCollection:
        keyed = [each | f"Key-{name}" >> beam.Map(tagged_with, name=name) for name, each in values.items()]
        return (
            keyed
            | "FlattenSideFiles" >> beam.Flatten()
            | "Combine" >> beam.CombinePerKey(PerFileCombineFn(self._files))
            | "WriteSideFile" >> beam.Map(write_named, directory=self._directory)
        )


class WriteSideFile(beam.PTransform):
    """Combines a PCollection into one value with ``combine`` and writes it to ``directory/name`` as JSON (no file for
    an empty PCollection: :func:`take_side_file` then gives its default): a :class:`WriteSideFiles` of one file."""

    def __init__(self, directory: str, name: str, combine: Any) -> None:
        super().__init__()
        self._name = name
        self._write = WriteSideFiles(directory, [SideFile(name, combine)])

    def expand(self, values: beam.PCollection) -> beam.PCollection:
        return {self._name: values} | "Write" >> self._write
