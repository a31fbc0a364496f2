"""Side files: small results the pipeline hands to the launcher through its temporary directory.

The run's counts (``stats.json``), the input list for the manifest (``inputs.json``) and the report's samples
(``samples.json``) are each combined into one value inside the pipeline, written as one JSON file, and read back
(and removed) by the launcher after the pipeline has finished, before the output is published. Each is small by
construction: counters, one entry per input file, a bounded sample.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from pipeline.beam.combine import combined


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


class WriteSideFile(beam.PTransform):
    """Combines a PCollection into one value with ``combine`` and writes it to ``directory/name`` as JSON (no file for
    an empty PCollection: :func:`take_side_file` then gives its default)."""

    def __init__(self, directory: str, name: str, combine: Any) -> None:
        super().__init__()
        self._path = posixpath.join(directory, name)
        self._combine = combine

    def expand(self, values: beam.PCollection) -> beam.PCollection:
        return (
            values
            | "Combine" >> combined(self._combine)
            | "WriteSideFile" >> beam.Map(write_side_file, path=self._path)
        )
