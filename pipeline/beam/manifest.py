"""WriteInputList: the per-file facts the reader gathered (path, bytes, sha256, records), for the run manifest."""

from __future__ import annotations

import apache_beam as beam

from pipeline.beam.sidefiles import WriteSideFile

INPUTS_FILE = "inputs.json"


class WriteInputList(WriteSideFile):
    """Collects the (few, small) per-file records into ``inputs.json`` in the run's temporary directory."""

    def __init__(self, directory: str) -> None:
        super().__init__(directory, INPUTS_FILE, beam.combiners.ToListCombineFn())
