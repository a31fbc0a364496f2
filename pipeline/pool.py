"""Per-record work in local worker processes, with the results in input order: the same as working inline.

Beam's in-memory DirectRunner runs every DoFn on one thread, so a run on one machine would use one core for the
text work (normalizing, cleaning, fingerprinting: most of its CPU time). Its ``multi_processing`` mode uses more
cores, but it sends every element between processes and holds each stage's data in the runner, which on 2 cores
measured no faster and needed 2.7x the memory. Instead, the DoFns of those steps hand chunks of records to a pool of
local worker processes (:class:`OrderedChunks`), and only on that runner: on Dataflow, Flink or Spark the runner
already runs one worker per core, and the work stays inline.

A task (:mod:`pipeline.tasks`) is a small picklable object with ``setup()`` (its compiled patterns, permutations) and
``__call__(items) -> results``. It travels with each chunk, so the workers hold no state and one pool serves every
step; the Beam side shares one :class:`LocalPool` between the DoFns of a process (:mod:`pipeline.beam.workers`).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Generic, Protocol, TypeVar

K = TypeVar("K")
I = TypeVar("I")  # noqa: E741 (item)
R = TypeVar("R")
I_contra = TypeVar("I_contra", contravariant=True)
R_co = TypeVar("R_co", covariant=True)

# Records per chunk: large enough that a chunk's trip to a worker (about 20 us per record, mostly pickling) and back
# is small against its work (0.2-0.5 ms per record), small enough that the workers start early and stay busy.
CHUNK_SIZE = 256
# Chunks in flight per worker process: one being worked on, one queued, so that a worker never waits for the runner.
CHUNKS_PER_PROCESS = 2
# Workers fork from a server process that has imported the task modules once, without Beam: forking the runner's
# own process (it has threads) is unsafe, and "spawn" would import them again in each worker.
PRELOAD = ["pipeline.tasks"]


class Task(Protocol[I_contra, R_co]):
    def setup(self) -> None: ...

    def __call__(self, items: Sequence[I_contra], /) -> Sequence[R_co]: ...


def local_processes(requested: int | None) -> int:
    """Worker processes for a run on one machine: ``requested``, or when it is None (auto) one per usable core (none
    on a single core, where a worker process would only add the cost of the trip).

    >>> local_processes(3)
    3
    >>> local_processes(None) == (len(os.sched_getaffinity(0)) if len(os.sched_getaffinity(0)) > 1 else 0)
    True
    """
    if requested is not None:
        return requested
    cores = len(os.sched_getaffinity(0))
    return cores if cores > 1 else 0


def _start_context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")  # Windows
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _run(task: Task[Any, Any], items: Sequence[Any]) -> bytes:
    # A task travels with each chunk and is set up for it (well under 1 ms): workers keep no state between chunks,
    # so any worker can take any chunk of any step.
    task.setup()
    # Pickled here and unpickled by the caller's thread: the executor's result thread then only moves bytes, and the
    # results (which live on in the pipeline) are allocated by the runner's thread, not spread over another thread's
    # malloc arena (measured: +0.14 GB of peak RSS at 100k articles when the result thread unpickled them).
    return pickle.dumps(task(items), protocol=pickle.HIGHEST_PROTOCOL)


class LocalPool:
    """Worker processes that run chunks of any task. They start with the first chunk and stop when a step finds the
    pool idle at the end of its bundle (:meth:`stop_if_idle`), so that they hold no memory while the dedup steps,
    which need the most, run; a later chunk starts them again (a fork of the server process: milliseconds)."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._executor: ProcessPoolExecutor | None = None
        self._running: set[Future[bytes]] = set()

    def submit(self, task: Task[I, R], items: Sequence[I]) -> Future[bytes]:
        """Run ``task`` over ``items`` in a worker; the future's result is the pickled list of results."""
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.processes, mp_context=_start_context())
        future = self._executor.submit(_run, task, items)
        self._running.add(future)
        future.add_done_callback(self._running.discard)
        return future

    def stop_if_idle(self) -> None:
        """Stop the worker processes when no chunk is being worked on."""
        if self._executor is not None and not self._running:
            self._executor.shutdown(wait=False)
            self._executor = None


class OrderedChunks(Generic[K, I, R]):
    """Runs ``task`` over items added one by one and gives back ``(key, result)`` pairs in the order they were added.

    With a ``pool``, the items go to its worker processes in chunks of ``chunk_size``; a bundle smaller than one chunk
    (a small run, a test) is worked on inline at its end, so it never starts a process. Without a pool, each item is
    worked on inline as it is added.

    >>> class Double:
    ...     def setup(self): pass
    ...     def __call__(self, items): return [2 * item for item in items]
    >>> chunks = OrderedChunks(Double(), pool=None)
    >>> list(chunks.add("a", 1)), list(chunks.flush())
    ([('a', 2)], [])
    """

    def __init__(self, task: Task[I, R], pool: LocalPool | None, chunk_size: int | None = None) -> None:
        self._task = task
        self._pool = pool
        self._chunk_size = chunk_size or CHUNK_SIZE
        self._keys: list[K] = []
        self._items: list[I] = []
        self._pending: deque[tuple[list[K], Future[bytes]]] = deque()
        self._inline_ready = False

    def add(self, key: K, item: I) -> Iterator[tuple[K, R]]:
        """Add one item; yields the results that are ready (waiting for the oldest chunk when too many are out)."""
        if self._pool is None:
            yield from self._inline([key], [item])
            return
        self._keys.append(key)
        self._items.append(item)
        if len(self._items) < self._chunk_size:
            return
        self._submit()
        max_pending = CHUNKS_PER_PROCESS * self._pool.processes
        while self._pending and (self._pending[0][1].done() or len(self._pending) > max_pending):
            yield from self._oldest()

    def flush(self) -> Iterator[tuple[K, R]]:
        """All remaining results (call it in ``finish_bundle``)."""
        if self._items:
            if self._pending:
                self._submit()
            else:
                keys, items, self._keys, self._items = self._keys, self._items, [], []
                yield from self._inline(keys, items)
        while self._pending:
            yield from self._oldest()
        if self._pool is not None:
            self._pool.stop_if_idle()

    def _submit(self) -> None:
        assert self._pool is not None
        keys, items, self._keys, self._items = self._keys, self._items, [], []
        self._pending.append((keys, self._pool.submit(self._task, items)))

    def _oldest(self) -> Iterator[tuple[K, R]]:
        keys, future = self._pending.popleft()
        yield from zip(keys, pickle.loads(future.result()), strict=True)

    def _inline(self, keys: list[K], items: list[I]) -> Iterator[tuple[K, R]]:
        if not self._inline_ready:
            self._task.setup()
            self._inline_ready = True
        yield from zip(keys, self._task(items), strict=True)
