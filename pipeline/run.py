"""Assemble and run the newsclean pipeline: Beam's ``run(argv)`` pattern, with the publishing step around it."""

from __future__ import annotations

import json
import posixpath
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions

from pipeline.beam.clean import CleanArticles
from pipeline.beam.dedup import Deduplicate
from pipeline.beam.read import ReadArticles
from pipeline.beam.tags import REJECTS, STATS
from pipeline.beam.write import STATS_FILE, WriteShardedJsonl, WriteStats
from pipeline.config import Config
from pipeline.configtree import to_dict
from pipeline.io.inputs import InputFile
from pipeline.io.jsonl import article_to_dict, duplicate_to_dict, reject_to_dict
from pipeline.io.publish import prepare_output, publish, temp_dir_for
from pipeline.summary import TooManyErrors, build_summary, check_error_share

# Without an explicit runner, Beam's DirectRunner first tries to download Prism; naming the in-process runner keeps
# a default run offline and fast. Any --runner / --direct_running_mode given by the user wins.
DEFAULT_RUNNER = "DirectRunner"
DEFAULT_RUNNING_MODE = "in_memory"


@dataclass(frozen=True)
class RunRequest:
    """Everything one run needs, resolved and validated by the CLI."""

    files: tuple[InputFile, ...]
    output: str
    config: Config
    dedup: bool
    beam_args: tuple[str, ...] = ()


def pipeline_options(beam_args: Sequence[str]) -> PipelineOptions:
    options = PipelineOptions(list(beam_args))
    standard = options.view_as(StandardOptions)
    if standard.runner is None:
        standard.runner = DEFAULT_RUNNER
        options.view_as(DirectOptions).direct_running_mode = DEFAULT_RUNNING_MODE
    return options


def build_pipeline(pipeline: beam.Pipeline, request: RunRequest, temp_dir: str) -> None:
    """Read -> clean -> dedup -> write, as a handful of composite transforms."""
    config = request.config
    per_shard = config.output.records_per_shard
    read = pipeline | "ReadArticles" >> ReadArticles(request.files, config.input)
    cleaned = read.articles | "CleanArticles" >> CleanArticles(config.cleaning)
    stats = [read[STATS], cleaned[STATS]]
    rejects = [read[REJECTS], cleaned[REJECTS]]
    if request.dedup:
        deduped = cleaned.articles | "Deduplicate" >> Deduplicate(config.dedup)
        kept, duplicates = deduped["kept"], deduped["duplicates"]
        rejects.append(deduped["rejects"])
        stats.append(deduped["stats"])
    else:
        kept = cleaned.articles
        duplicates = pipeline | "NoDuplicates" >> beam.Create([])
    all_rejects = rejects | "FlattenRejects" >> beam.Flatten()
    written = [
        kept | "WriteArticles" >> WriteShardedJsonl(temp_dir, "articles", article_to_dict, per_shard),
        duplicates | "WriteDuplicates" >> WriteShardedJsonl(temp_dir, "duplicates", duplicate_to_dict, per_shard),
        all_rejects | "WriteRejects" >> WriteShardedJsonl(temp_dir, "rejects", reject_to_dict, per_shard),
    ]
    _ = (stats + written) | "FlattenStats" >> beam.Flatten() | "WriteStats" >> WriteStats(temp_dir)


def run(request: RunRequest) -> dict[str, Any]:
    """Run the pipeline to completion, publish its outputs and return the summary."""
    started = time.monotonic()
    prepare_output(request.output)
    temp_dir = temp_dir_for(request.output, uuid.uuid4().hex)
    options = pipeline_options(request.beam_args)
    keep_temp = False
    try:
        with beam.Pipeline(options=options) as pipeline:
            build_pipeline(pipeline, request, temp_dir)
        stats = _read_stats(temp_dir)
        config = to_dict(request.config)
        if not request.dedup:
            config["dedup"]["enabled"] = False
        summary = build_summary(
            stats,
            config,
            {
                "inputs": [f.path for f in request.files],
                "output": request.output,
                "runner": options.view_as(StandardOptions).runner,
                "elapsed_seconds": round(time.monotonic() - started, 2),
            },
        )
        try:
            check_error_share(summary, request.config.run.max_error_share)
        except TooManyErrors as error:
            keep_temp = True
            raise TooManyErrors(
                f"{error}; nothing was published. The failed records and their errors are in "
                f"{temp_dir}/rejects-*.jsonl (reason internal_error): report them, or raise run.max_error_share"
            ) from None
        publish(temp_dir, request.output, summary)
    finally:
        if not keep_temp and FileSystems.exists(temp_dir):
            FileSystems.delete([temp_dir])
    return summary


def _read_stats(temp_dir: str) -> dict[str, int]:
    path = posixpath.join(temp_dir, STATS_FILE)
    if not FileSystems.exists(path):  # a run over no input at all writes no tallies
        return {}
    with FileSystems.open(path) as handle:
        stats: dict[str, int] = json.loads(handle.read().decode("utf-8"))
    FileSystems.delete([path])
    return stats
