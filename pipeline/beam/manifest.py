"""WriteInputList: the per-file facts the reader gathered (path, bytes, sha256, records), for the run manifest."""

from __future__ import annotations

import json
import posixpath
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

INPUTS_FILE = "inputs.json"


def write_inputs(files: list[dict[str, Any]], directory: str) -> str:
    path = posixpath.join(directory, INPUTS_FILE)
    with FileSystems.create(path) as handle:
        handle.write(json.dumps(sorted(files, key=lambda f: f["path"]), indent=1).encode("utf-8"))
    return path


class WriteInputList(beam.PTransform):
    """Collects the (few, small) per-file records into ``inputs.json`` in the run's temporary directory."""

    def __init__(self, directory: str) -> None:
        super().__init__()
        self._directory = directory

    def expand(self, files: beam.PCollection) -> beam.PCollection:
        return (
            files
            | "CollectInputs" >> beam.combiners.ToList()
            | "WriteInputsFile" >> beam.Map(write_inputs, directory=self._directory)
        )


def read_inputs(directory: str) -> list[dict[str, Any]]:
    """The input list written by :class:`WriteInputList` (empty when there were no input files); removes the file."""
    path = posixpath.join(directory, INPUTS_FILE)
    if not FileSystems.exists(path):
        return []
    with FileSystems.open(path) as handle:
        files: list[dict[str, Any]] = json.loads(handle.read().decode("utf-8"))
    FileSystems.delete([path])
    return files
