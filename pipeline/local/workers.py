"""The local worker pool as the DoFns see it: one :class:`~pipeline.local.pool.LocalPool` per process, shared by every
step that uses it (Beam's ``Shared``), so that a run starts one set of worker processes, not one per step."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions
from apache_beam.utils.shared import Shared

from pipeline.local.pool import LocalPool, local_processes

# Runner names (lower case, without "runner") of Beam's local runners; DirectOptions (running mode) apply to them.
LOCAL_RUNNERS = frozenset({"direct", "switchingdirect", "fnapi"})
# The module of the tasks of a run's first steps (normalizing, cleaning): what workers started ahead import; and
# what cleaning makes on first use (the chrome scorer's name particles, ~0.14 s from Babel's CLDR data), so that the
# first chunks do not wait for it.
FIRST_TASKS = ("pipeline.work.tasks", "pipeline.text.chrome:name_particles")


class Workers:
    """What a DoFn carries (picklable): how many local worker processes to use (0: work inline) and the handle of
    the pool its process shares. Call :meth:`pool` in ``DoFn.setup``."""

    def __init__(self, processes: int = 0) -> None:
        self.processes = processes
        self._handle = Shared()

    def pool(self) -> LocalPool | None:
        """This process's pool, or None to work inline."""
        if self.processes < 1:
            return None
        return self._handle.acquire(lambda: LocalPool(self.processes))

    @contextmanager
    def started(self, prestart: bool = True, preload: Sequence[str] = FIRST_TASKS) -> Iterator[None]:
        """Hold the pool for the block, so that the steps' DoFns share it, and stop its worker processes on leaving.
        With ``prestart``, start them on entering (:meth:`LocalPool.prestart`: around a pipeline, they start while
        Beam builds and translates it); without, the first chunk starts them, as in a run too small to send any
        (which then starts none). Nothing without worker processes."""
        pool = self.pool()
        if pool is None:
            yield
            return
        if prestart:
            pool.prestart(preload)
        try:
            yield
        finally:
            pool.stop_now()


def is_local(options: PipelineOptions) -> bool:
    """Whether the runner is one of Beam's local runners: its DirectRunner or the FnApiRunner that runs batch
    pipelines for it (named so or by the name without ``Runner``, any case).

    >>> is_local(PipelineOptions(["--runner=FnApiRunner"])), is_local(PipelineOptions(["--runner=direct"]))
    (True, True)
    >>> is_local(PipelineOptions(["--runner=DataflowRunner"]))
    False
    """
    return str(options.view_as(StandardOptions).runner).lower().removesuffix("runner") in LOCAL_RUNNERS


def local_workers(options: PipelineOptions, requested: int | None) -> Workers:
    """The local engine for a run: ``requested`` worker processes (``run.local_processes``; None: one per usable
    core, 0: off) only on a local runner in its in-memory mode, which runs every step on one thread; other runners
    and modes run one worker per core themselves, and get none."""
    if is_local(options) and options.view_as(DirectOptions).direct_running_mode == "in_memory":
        return Workers(local_processes(requested))
    return Workers(0)
