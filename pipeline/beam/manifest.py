"""The input list: the per-file facts the reader gathered (path, bytes, sha256, records), for the run manifest."""

from __future__ import annotations

import apache_beam as beam

from pipeline.beam.sidefiles import SideFile

INPUTS_FILE = "inputs.json"
# The (few, small) per-file records as one list.
INPUT_LIST = SideFile(INPUTS_FILE, beam.combiners.ToListCombineFn())
