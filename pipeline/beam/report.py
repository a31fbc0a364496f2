"""Thin Beam transforms that gather the run report's inputs: bounded aggregates and deterministic samples.

Everything here is small whatever the corpus size: per-site removals are summed and cut to the top sites, the
similarity histogram has 21 buckets, reject examples are a few per reason, and samples are chosen by id hash at the
rate the launcher derived from the input size. The samples land in one ``samples.json`` in the run's temporary
directory; the launcher turns them into ``report.html`` and deletes the file before publishing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import apache_beam as beam

from pipeline.beam.parts import Parts, as_parts, part_label
from pipeline.beam.sidefiles import SideFile, take_side_file
from pipeline.beam.stats import CountingDoFn
from pipeline.beam.tags import STATS
from pipeline.core.record import Duplicate, Reject
from pipeline.io.jsonl import duplicate_to_dict
from pipeline.report.aggregates import similarity_counter, top_sites
from pipeline.report.samples import (
    REJECT_EXAMPLES_PER_REASON,
    SAMPLES,
    id_hash,
    is_sampled,
    match_sample,
    reject_sample,
    sample_sort_key,
)

EXACT = "exact"

SAMPLES_FILE = "samples.json"

SiteTally = dict[tuple[str, str], int]


class SumSiteRemovals(beam.CombineFn):
    """Per-bundle ``{(site, rule): lines}`` tallies -> one stats dict of per-site counters for the top sites."""

    def create_accumulator(self) -> Counter[tuple[str, str]]:
        return Counter()

    def add_input(self, accumulator: Counter[tuple[str, str]], tally: SiteTally) -> Counter[tuple[str, str]]:
        accumulator.update(tally)
        return accumulator

    def merge_accumulators(self, accumulators: Iterable[Counter[tuple[str, str]]]) -> Counter[tuple[str, str]]:
        merged: Counter[tuple[str, str]] = Counter()
        for accumulator in accumulators:
            merged.update(accumulator)
        return merged

    def extract_output(self, accumulator: Counter[tuple[str, str]]) -> dict[str, int]:
        return top_sites(accumulator.items())


class ReportDuplicate(CountingDoFn):
    """Per duplicate: its similarity bucket as a counter (``stats``), and its record as a sample (``samples``) when
    its kept article's id is sampled. Emits nothing on the main output."""

    def __init__(self, rate: float) -> None:
        self._rate = rate

    def process(self, duplicate: Duplicate) -> Iterator[Any]:
        if duplicate.match != EXACT:
            self.count(similarity_counter(duplicate.match, duplicate.similarity))
        if is_sampled(duplicate.duplicate_of, self._rate):
            yield beam.pvalue.TaggedOutput(SAMPLES, match_sample(duplicate_to_dict(duplicate)))


class ReportDuplicates(beam.PTransform):
    """Duplicates (one collection or a tuple of them: :mod:`pipeline.beam.parts`) -> ``{STATS: (...), SAMPLES:
    (...)}``, a tuple of collections each: the similarity histogram of non-exact matches, and the duplicate records of
    the sampled clusters (chosen by the kept article's id, so each part's samples are the union's)."""

    def __init__(self, rate: float) -> None:
        super().__init__()
        self._rate = rate

    def expand(self, duplicates: Parts) -> dict[str, tuple[beam.PCollection, ...]]:
        reports = [
            part
            | part_label("ReportDuplicate", index)
            >> beam.ParDo(ReportDuplicate(self._rate)).with_outputs(STATS, SAMPLES, main="none")
            for index, part in enumerate(as_parts(duplicates))
        ]
        return {tag: tuple(report[tag] for report in reports) for tag in (STATS, SAMPLES)}


def _reason_and_example(reject: Reject) -> tuple[str, tuple[int, str, str]]:
    return reject.reason, (id_hash(reject.id), reject.id, reject.detail)


def _example_samples(reason_examples: tuple[str, list[tuple[int, str, str]]]) -> Iterable[dict[str, Any]]:
    reason, examples = reason_examples
    for _, record_id, detail in examples:
        yield reject_sample(record_id, reason, detail)


class RejectExamples(beam.PTransform):
    """Rejects -> a few example samples per reason (the smallest id hashes: deterministic, uniform)."""

    def expand(self, rejects: beam.PCollection) -> beam.PCollection:
        return (
            rejects
            | "KeyByReason" >> beam.Map(_reason_and_example)
            | "SmallestHashes" >> beam.combiners.Top.SmallestPerKey(REJECT_EXAMPLES_PER_REASON)
            | "ToSamples" >> beam.FlatMap(_example_samples)
        )


# All samples as one list (no file when nothing was sampled: take_samples gives none).
SAMPLE_LIST = SideFile(SAMPLES_FILE, beam.combiners.ToListCombineFn())


def take_samples(directory: str) -> list[dict[str, Any]]:
    """Read and delete the samples file the pipeline wrote into ``directory`` (none when it is missing), in the
    deterministic sample order."""
    return sorted(take_side_file(directory, SAMPLES_FILE, []), key=sample_sort_key)
