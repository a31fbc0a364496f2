"""Assemble and run the newsclean pipeline: Beam's ``run(argv)`` pattern, with the publishing step around it."""

from __future__ import annotations

import dataclasses
import json
import os
import posixpath
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions

from pipeline.beam.boilerplate import GROUPS, LEARNED, SITE_GROUPS, TAUGHT, LearnFromLineKeys, check_learned_dir
from pipeline.beam.clean import LINE_KEYS, REMOVED_LINES, SITE_REMOVALS, CleanArticles, NormalizeArticles
from pipeline.beam.combine import combined
from pipeline.beam.dedup import Deduplicate, node_partitions
from pipeline.beam.history import FingerprintStoreReads, WriteFingerprintStore
from pipeline.beam.manifest import INPUT_LIST, INPUTS_FILE
from pipeline.beam.match_history import MatchHistory, store_partitions
from pipeline.beam.parts import Parts
from pipeline.beam.progress import CountWritten, ProgressSettings, showing_progress
from pipeline.beam.read import ReadArticles, ReadInputFile
from pipeline.beam.recover import RecoverRejects
from pipeline.beam.report import SAMPLE_LIST, RejectExamples, ReportDuplicates, SumSiteRemovals, take_samples
from pipeline.beam.sidefiles import WriteSideFiles, take_side_file
from pipeline.beam.spill import SPILL_DIR, DeleteSpillWhenDone, delete_spill_dir
from pipeline.beam.tags import REJECTS, STATS
from pipeline.beam.write import STATS_FILE, STATS_SUM, WriteJsonlOutputs
from pipeline.core.config import Config
from pipeline.core.configtree import to_dict
from pipeline.history.store import HistoryPartition, find_history, fingerprint_spec, publish_partition
from pipeline.io.inputs import InputFile, record_bound, uncompressed_bytes
from pipeline.io.jsonl import Output, article_output, duplicate_to_dict, reject_to_dict
from pipeline.io.manifest import MANIFEST_FILE, build_manifest, file_digest
from pipeline.io.paths import absolute_if_set, absolute_path, check_utf8_location
from pipeline.io.publish import (
    LEARNED_LINES_PREFIX,
    LEDGER_PREFIX,
    OUTPUT_PREFIXES,
    SHARD_PATTERN,
    complete_shards,
    list_names,
    prepare_output,
    publish,
    temp_dir_for,
)
from pipeline.job.options import RunOptions
from pipeline.job.summary import TooManyErrors, build_summary, check_error_share
from pipeline.local.collector import collecting_for_batch
from pipeline.local.pool import CHUNK_SIZE
from pipeline.local.workers import Workers, is_local, local_workers
from pipeline.report.render import REPORT_FILE, render_report
from pipeline.report.samples import SAMPLES, sample_rate
from pipeline.text.clean import ledger_line_to_dict
from pipeline.text.learned import TaughtLine

# Beam's in-process runner, the one its DirectRunner runs batch pipelines on. The DirectRunner first tries Prism, a
# binary it downloads: offline that attempt cost 0.3 s per run before it fell back to this runner, and online it
# would run the pipeline on Prism instead. Any --runner / --direct_running_mode given by the user wins.
DEFAULT_RUNNER = "FnApiRunner"
DEFAULT_RUNNING_MODE = "in_memory"


@dataclass(frozen=True)
class RunRequest:
    """Everything one run needs, resolved and validated by the CLI."""

    files: tuple[InputFile, ...]
    output: str
    config: Config
    dedup: bool
    beam_args: tuple[str, ...] = ()
    run_date: str = ""  # YYYY-MM-DD the run is for (backfills set it); recorded in the manifest
    history: str | None = None  # fingerprint store: this run's kept fingerprints are added under run_date
    history_days: int = 7  # earlier run dates of the store that new articles are matched against
    progress: bool = True  # progress lines on stderr while the pipeline runs (off with --quiet)


def with_absolute_paths(request: RunRequest, cwd: str) -> RunRequest:
    """The request with every local path the workers use made absolute against ``cwd`` (the launcher's directory):
    the input files, the output (and so the run's temporary directory beside it), the fingerprint store and the
    learned-boilerplate directories. Workers of an external pool or a cluster run elsewhere (:mod:`pipeline.io.paths`).
    The ids of ``.txt`` articles come from the paths below their input root, which do not change.

    >>> request = RunRequest((InputFile("seeds/a.txt", "a.txt", "txt", 1),), "out", Config(), True, history="gs://b/h")
    >>> resolved = with_absolute_paths(request, "/work")
    >>> resolved.files[0].path, resolved.files[0].article_id, resolved.output, resolved.history
    ('/work/seeds/a.txt', 'a', '/work/out', 'gs://b/h')
    """
    learned = request.config.cleaning.learned
    learned = dataclasses.replace(
        learned, load_dir=absolute_if_set(learned.load_dir, cwd), save_dir=absolute_if_set(learned.save_dir, cwd)
    )
    cleaning = dataclasses.replace(request.config.cleaning, learned=learned)
    return dataclasses.replace(
        request,
        files=tuple(dataclasses.replace(f, path=absolute_path(f.path, cwd)) for f in request.files),
        output=absolute_path(request.output, cwd),
        config=dataclasses.replace(request.config, cleaning=cleaning),
        history=absolute_if_set(request.history, cwd),
    )


def fills_a_chunk(files: Sequence[InputFile]) -> bool:
    """Whether the input may hold a chunk of records for the local workers (``CHUNK_SIZE``; unknown for gzip): a
    smaller run works inline, and starting workers ahead for it would only cost their start-up (~0.3 CPU-s each).

    >>> fills_a_chunk([InputFile("a.txt", "a.txt", "txt", 900)]), fills_a_chunk([InputFile("b.gz", "b", "jsonl", 9)])
    (False, True)
    """
    bound = record_bound(files, cap=CHUNK_SIZE)
    return bound is None or bound >= CHUNK_SIZE


def pipeline_options(beam_args: Sequence[str]) -> PipelineOptions:
    options = RunOptions(list(beam_args))
    standard = options.view_as(StandardOptions)
    if standard.runner is None:
        standard.runner = DEFAULT_RUNNER
        options.view_as(DirectOptions).direct_running_mode = DEFAULT_RUNNING_MODE
    return options


@dataclass
class Branches:
    """The side outputs every stage contributes to: counts (``stats``), rejects and report samples."""

    stats: list[beam.PCollection] = field(default_factory=list)
    rejects: list[beam.PCollection] = field(default_factory=list)
    samples: list[beam.PCollection] = field(default_factory=list)
    # The lines learned as sites' boilerplate (TaughtLine), for learned-lines-*.jsonl.
    taught: list[beam.PCollection] = field(default_factory=list)
    # The site groups inferred for articles without a site, for site-groups.json.
    groups: list[beam.PCollection] = field(default_factory=list)


def build_pipeline(
    pipeline: beam.Pipeline,
    request: RunRequest,
    temp_dir: str,
    rate: float = 0.0,
    progress: ProgressSettings | None = None,
    history: Sequence[HistoryPartition] = (),
    workers: Workers | None = None,
) -> None:
    """Read -> clean -> dedup -> write, as a handful of composite transforms; plus the run report's samples (at
    ``rate``) and aggregates, and progress counts when ``progress`` is given. The steps hand their text work to
    ``workers`` (by default the local worker processes the pipeline's options allow: ``local_workers``)."""
    config = request.config
    if workers is None:
        workers = local_workers(pipeline.options, config.run.local_processes)
    branches = Branches()
    read = pipeline | "ReadArticles" >> ReadArticles(request.files, config.input)
    branches.stats.append(read[STATS])
    branches.rejects.append(read[REJECTS])
    cleaned = _clean(read.articles, config, request.dedup, rate, progress, branches, workers, temp_dir)
    if request.dedup:
        max_articles = record_bound(request.files, cap=config.dedup.max_single_worker_articles)
        partitions = node_partitions(sum(f.size for f in request.files))
        deduped = _deduplicate(
            cleaned.articles,
            config,
            rate,
            history,
            branches,
            max_articles,
            partitions,
            workers,
            temp_dir,
            store=bool(request.history),
            new_bytes=uncompressed_bytes(request.files),
        )
        kept, duplicates = deduped["kept"], deduped["duplicates"]
        if request.history:
            # The kept articles' fingerprints as dedup made them, not hashed again.
            store = WriteFingerprintStore(
                store_temp_dir(temp_dir),
                request.run_date,
                config.output.records_per_shard,
                posixpath.join(temp_dir, SPILL_DIR, "store"),
            )
            branches.stats.append(deduped["stored"] | "WriteFingerprintStore" >> store)
    else:
        kept, duplicates = cleaned.articles, pipeline | "NoDuplicates" >> beam.Create([])
    rejects = branches.rejects | "FlattenRejects" >> beam.Flatten()
    # Each reject with where it came from and (output.reject_text) its record, read again from its input file.
    located = rejects | "RecoverRejects" >> RecoverRejects(request.files, config.input, config.output)
    written = _write_outputs(kept, duplicates, located, cleaned, config, temp_dir, progress, branches.taught)
    _collect_report(cleaned, duplicates, rejects, rate, branches)
    # The launcher's side files, through one shuffle (pipeline.beam.sidefiles).
    side_files = {
        INPUT_LIST: read[ReadInputFile.FILES],
        SAMPLE_LIST: branches.samples | "FlattenSamples" >> beam.Flatten(),
        STATS_SUM: (branches.stats + written) | "FlattenStats" >> beam.Flatten(),
    }
    for groups in branches.groups:  # at most one: LearnBoilerplate's
        side_files[SITE_GROUPS] = groups | "AnyInferredGroup" >> beam.Filter(bool)
    _ = {file.name: values for file, values in side_files.items()} | "WriteSideFiles" >> WriteSideFiles(
        temp_dir, side_files
    )


def _clean(
    articles: beam.PCollection,
    config: Config,
    dedup: bool,
    rate: float,
    progress: ProgressSettings | None,
    branches: Branches,
    workers: Workers,
    temp_dir: str,
) -> beam.pvalue.DoOutputsTuple:
    """NormalizeArticles (once, for both of the next steps; it also computes the line keys that learning counts),
    learned boilerplate (when on) and CleanArticles (which also fingerprints the articles when ``dedup`` is on).

    Cleaning waits for the learned lines, so with learning on the normalized texts go to spill files meanwhile, and
    the spill is deleted once cleaning has read it (its stats complete when its last bundle is done)."""
    learning = config.cleaning.learned.enabled
    spill = posixpath.join(temp_dir, SPILL_DIR, "normalized") if learning else None
    normalize = NormalizeArticles(config.cleaning, rate, progress, workers, spill)
    normalized = articles | "NormalizeArticles" >> normalize
    branches.stats.append(normalized[STATS])
    branches.rejects.append(normalized[REJECTS])
    learned = groups = None
    if learning:
        keys_spill = posixpath.join(temp_dir, SPILL_DIR, "keys")
        taught = normalized[LINE_KEYS] | "LearnBoilerplate" >> LearnFromLineKeys(config.cleaning, keys_spill)
        learned, groups = taught[LEARNED], taught[GROUPS]
        branches.taught.append(taught[TAUGHT])
        branches.groups.append(groups)
        branches.stats.append(taught[STATS])
    # With dedup on, each article is fingerprinted where it is cleaned (in the same worker), not in a step of its own.
    fingerprint = config.dedup if dedup else None
    clean = CleanArticles(config.cleaning, rate, progress, learned, workers, fingerprint, groups)
    cleaned = normalized.articles | "CleanArticles" >> clean
    if spill is not None:
        _ = cleaned[STATS] | "DeleteNormalizedSpill" >> DeleteSpillWhenDone(spill)
    branches.stats.append(cleaned[STATS])
    branches.rejects.append(cleaned[REJECTS])
    branches.samples.append(cleaned[SAMPLES])
    return cleaned


def _deduplicate(
    articles: beam.PCollection,
    config: Config,
    rate: float,
    history: Sequence[HistoryPartition],
    branches: Branches,
    max_articles: int | None,
    partitions: int,
    workers: Workers,
    temp_dir: str,
    store: bool = False,
    new_bytes: int = 0,
) -> dict[str, Parts]:
    """MatchHistory against earlier runs' fingerprints (when there are any: what they kept wins), then Deduplicate.
    Returns the kept articles (``kept``) and all duplicates (``duplicates``); with ``store``, the kept articles'
    fingerprints for the fingerprint store too (``stored``). Each is a tuple of collections
    (:mod:`pipeline.beam.parts`). ``new_bytes``: the input's bytes, uncompressed (about), which size the filter of the
    new articles' buckets in MatchHistory."""
    earlier_copies = []
    if history:
        store_bytes = sum(partition.size for partition in history)
        spill = posixpath.join(temp_dir, SPILL_DIR, "history")
        reads = FingerprintStoreReads(history)
        match = MatchHistory(config.dedup, reads, spill, store_partitions(store_bytes), new_bytes)
        articles, history_duplicates, history_stats = articles | "MatchHistory" >> match
        earlier_copies.append(history_duplicates)
        branches.stats.append(history_stats)
    spill = posixpath.join(temp_dir, SPILL_DIR, "dedup")
    # The articles' output lines are spilled where they are fingerprinted, into the writer's spill directory.
    lines = outputs_spill_dir(temp_dir)
    deduplicate = Deduplicate(
        config.dedup, rate, max_articles, partitions, workers, spill, store_fingerprints=store, line_spill_dir=lines
    )
    deduped = articles | "Deduplicate" >> deduplicate
    branches.samples.append(deduped[SAMPLES])
    branches.rejects.append(deduped["rejects"])
    branches.stats.append(deduped["stats"])
    # Several collections each, passed on unflattened (pipeline.beam.parts).
    duplicates = (*deduped["duplicates"], *earlier_copies)
    return {"kept": deduped["kept"], "duplicates": duplicates, "stored": deduped["stored"]}


def _write_outputs(
    kept: Parts,
    duplicates: Parts,
    rejects: beam.PCollection,
    cleaned: beam.pvalue.DoOutputsTuple,
    config: Config,
    temp_dir: str,
    progress: ProgressSettings | None,
    taught: Sequence[beam.PCollection] = (),
) -> list[beam.PCollection]:
    """The sharded JSONL outputs (and the removal ledger when it is on, the learned lines when learning is on), all
    through one WriteJsonlOutputs; returns their per-shard line counts."""
    outputs: list[tuple[str, Parts, Callable[[Any], Output]]] = [
        ("articles", kept, article_output),
        ("duplicates", duplicates, duplicate_to_dict),
        ("rejects", rejects, reject_to_dict),
    ]
    if config.cleaning.ledger:
        outputs.append((LEDGER_PREFIX, cleaned[REMOVED_LINES], ledger_line_to_dict))
    for lines in taught:  # at most one: LearnBoilerplate's
        outputs.append((LEARNED_LINES_PREFIX, lines, TaughtLine.to_dict))
    formats = {prefix: CountWritten(to_dict, progress) for prefix, _, to_dict in outputs}
    spill = outputs_spill_dir(temp_dir)
    written = {prefix: records for prefix, records, _ in outputs} | "WriteOutputs" >> WriteJsonlOutputs(
        temp_dir, formats, config.output.records_per_shard, spill
    )
    return [written]


def outputs_spill_dir(temp_dir: str) -> str:
    """Where the outputs' lines wait to be sharded (deleted once they are written; pipeline.beam.write)."""
    return posixpath.join(temp_dir, SPILL_DIR, "outputs")


def _collect_report(
    cleaned: beam.pvalue.DoOutputsTuple,
    duplicates: Parts,
    rejects: beam.PCollection,
    rate: float,
    branches: Branches,
) -> None:
    """The run report's bounded aggregates (into the stats) and deterministic samples."""
    branches.stats.append(cleaned[SITE_REMOVALS] | "SumSiteRemovals" >> combined(SumSiteRemovals()))
    duplicate_report = duplicates | "ReportDuplicates" >> ReportDuplicates(rate)
    branches.stats.extend(duplicate_report[STATS])
    branches.samples.extend(duplicate_report[SAMPLES])
    branches.samples.append(rejects | "RejectExamples" >> RejectExamples())


def run(request: RunRequest) -> dict[str, Any]:
    """Run the pipeline to completion, publish its outputs and return the summary. Local paths are made absolute
    first, so the workers find them wherever they run."""
    started = time.monotonic()
    request = with_absolute_paths(request, os.getcwd())
    learned = request.config.cleaning.learned
    for setting, location in (
        ("--output", request.output),
        ("--history", request.history),
        ("cleaning.learned.load_dir", learned.load_dir),
        ("cleaning.learned.save_dir", learned.save_dir),
    ):
        check_utf8_location(setting, location)
    prepare_output(request.output)
    check_learned_dir(request.config.cleaning.learned)
    temp_dir = temp_dir_for(request.output, uuid.uuid4().hex)
    options = pipeline_options(request.beam_args)
    input_bytes = sum(f.size for f in request.files)
    rate = sample_rate(input_bytes)
    progress = ProgressSettings(
        token=uuid.uuid4().hex,
        started=time.time(),
        launcher_pid=os.getpid(),
        input_bytes=input_bytes,
        enabled=request.progress,
    )
    # Workers count what they process only on a local runner; elsewhere the runner's UI shows Beam's counters.
    worker_progress = progress if request.progress and is_local(options) else None
    history = (
        find_history(request.history, request.run_date, request.history_days, fingerprint_spec(request.config))
        if request.history and request.dedup
        else []
    )
    workers = local_workers(options, request.config.run.local_processes)
    keep_temp = False
    try:
        with (
            collecting_for_batch(),
            showing_progress(progress),
            workers.started(prestart=fills_a_chunk(request.files)),
            beam.Pipeline(options=options) as pipeline,
        ):
            build_pipeline(pipeline, request, temp_dir, rate, worker_progress, history, workers)
        # The writers delete their own spill files; this removes the directory that held them (and what a retried
        # bundle left behind), before anything in the temporary directory is published.
        delete_spill_dir(posixpath.join(temp_dir, SPILL_DIR))
        stats = take_side_file(temp_dir, STATS_FILE, {})
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
        report = render_report(summary, take_samples(temp_dir), rate)
        with FileSystems.create(posixpath.join(temp_dir, REPORT_FILE)) as handle:
            handle.write(report.encode("utf-8"))
        cleaning = request.config.cleaning
        optional = ((LEDGER_PREFIX,) if cleaning.ledger else ()) + (
            (LEARNED_LINES_PREFIX,) if cleaning.learned.enabled else ()
        )
        complete_shards(temp_dir, OUTPUT_PREFIXES + optional)
        write_manifest(temp_dir, request, summary, take_side_file(temp_dir, INPUTS_FILE, []))
        if request.history and request.dedup:
            # The store first: a run that dies between the two steps is simply rerun; its date's fingerprints are
            # replaced, never matched against themselves.
            spec = fingerprint_spec(request.config)
            publish_partition(store_temp_dir(temp_dir), request.history, request.run_date, spec)
        publish(temp_dir, request.output, summary)
    finally:
        if not keep_temp and FileSystems.exists(temp_dir):
            FileSystems.delete([temp_dir])
    return summary


def store_temp_dir(temp_dir: str) -> str:
    """Where a run writes its fingerprints before they become the store's partition for its run date."""
    return posixpath.join(temp_dir, "fingerprints")


def write_manifest(temp_dir: str, request: RunRequest, summary: dict[str, Any], inputs: list[dict[str, Any]]) -> None:
    """manifest.json: inputs with sizes and hashes, config and its hash, packages, counts, data files with hashes."""
    data_files = [posixpath.join(temp_dir, name) for name in list_names(temp_dir) if SHARD_PATTERN.match(name)]
    manifest = build_manifest(
        run_date=request.run_date,
        inputs=inputs,
        config=summary["config"],
        counts=summary["counts"],
        outputs=[file_digest(path) for path in data_files],
    )
    with FileSystems.create(posixpath.join(temp_dir, MANIFEST_FILE)) as handle:
        handle.write(json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8") + b"\n")
