"""Per-record work in local worker processes, with the results in input order: the same as working inline.

Beam's local runner in its in-memory mode runs every DoFn on one thread, so a run on one machine would use one core
for the text work (normalizing, cleaning, fingerprinting: most of its CPU time). Its ``multi_processing`` mode uses more
cores, but it sends every element between processes and holds each stage's data in the runner, which on 2 cores
measured slower than this (24.5 s against 22.0 s for 20k articles) and needed 2.6x the memory. Instead, the DoFns of
those steps hand chunks of records to a pool of local worker processes (:class:`OrderedChunks`), and only on that
runner: on Dataflow, Flink or Spark the runner already runs one worker per core, and the work stays inline.

A task (:mod:`pipeline.work.tasks`) is a small picklable object with ``setup()`` (its compiled patterns,
permutations) and ``__call__(items) -> results``. It travels with each chunk, so the workers hold no state and one
pool serves every step; the Beam side shares one :class:`LocalPool` between the DoFns of a process
(:mod:`pipeline.local.workers`).

A worker is ``python -m pipeline.local.pool``, reading chunks from its stdin and writing results to its stdout, not a
``multiprocessing`` child: those import the parent's ``__main__`` again (the ``newsclean`` script, and with it Beam:
about 1 s and 100 MB per worker), and re-run a calling script that lacks an ``if __name__ == "__main__"`` guard.
A worker imports only this module and the task modules.

A worker takes ~0.3 s to start (the interpreter, then the task modules: ftfy, numpy, the cleaning rules), and a run's
first chunk waited that long, with one core idle, before its first result (0.4-0.5 s after it was sent, against 0.16 s
for a chunk sent to running workers). :meth:`LocalPool.prestart` starts them while the runner is still building and
translating the pipeline (~0.7 s), importing the modules named to it, so that the first chunk finds them ready.
"""

from __future__ import annotations

import gc
import importlib
import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any, Generic, Protocol, TypeVar

from pipeline.local.collector import BATCH_THRESHOLDS

K = TypeVar("K")
I = TypeVar("I")  # noqa: E741 (item)
R = TypeVar("R")
I_contra = TypeVar("I_contra", contravariant=True)
R_co = TypeVar("R_co", covariant=True)

# Records per chunk: large enough that a chunk's trip to a worker (about 20 us per record, mostly pickling) and back
# is small against its work (0.2-0.5 ms per record), small enough that the workers start early and stay busy.
CHUNK_SIZE = 256
# Characters per chunk (by the caller's measure), reached before CHUNK_SIZE only by long documents: with
# CHUNKS_PER_PROCESS it bounds what is out at once (~32 M characters on 2 workers), whatever the documents' size.
CHUNK_CHARS = 1_000_000
# Chunks in flight per worker process (~0.75 MB of pickled texts each): a worker never waits for the runner, and the
# runner's thread can read up to this many chunks ahead, to exact copies of what the workers are on, which it passes
# on without them (pipeline.local.memo). On a 20k-article run with 2 workers, 16 instead of 2 saved ~0.5 s of 8.
CHUNKS_PER_PROCESS = 16
# A frame on a worker's pipes: its length, then a status byte and the pickled payload.
FRAME_HEADER = struct.Struct("<Q")
OK, FAILED = b"+", b"-"
# Set-up tasks a worker keeps (a run has two or three).
MAX_TASKS = 16
# Seconds an idle pool keeps its workers before stopping them: long enough to span the short steps between two steps
# that use them (learning boilerplate between normalizing and cleaning; starting a worker costs ~0.35 CPU-s), short
# enough that they are gone before the dedup steps, which need the most memory, have got far.
IDLE_SECONDS = 2.0
# The directory that holds the pipeline package, for workers started from a checkout that is not installed.
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class Task(Protocol[I_contra, R_co]):
    """What a worker runs: ``setup()`` once (per worker process, or once inline), then one call per chunk, which
    returns one result per item, in order."""

    def setup(self) -> None: ...

    def __call__(self, items: Sequence[I_contra], /) -> Sequence[R_co]: ...


def local_processes(requested: int | None) -> int:
    """Worker processes for a run on one machine: ``requested``, or when it is None (auto) one per usable core (none
    on a single core, where a worker process would only add the cost of the trip).

    >>> local_processes(3)
    3
    >>> local_processes(None) == (usable_cores() if usable_cores() > 1 else 0)
    True
    """
    if requested is not None:
        return requested
    cores = usable_cores()
    return cores if cores > 1 else 0


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the platform has one, as in a container)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


class LocalWorkerError(RuntimeError):
    """A worker process failed or exited: the bundle fails (Beam retries it) with the worker's own error."""


def write_frame(stream: IO[bytes], status: bytes, payload: bytes) -> None:
    stream.write(FRAME_HEADER.pack(len(payload) + 1) + status + payload)
    stream.flush()


def read_frame(stream: IO[bytes]) -> tuple[bytes, bytes] | None:
    """``(status, payload)``, or None at the end of the stream.

    >>> import io
    >>> buffer = io.BytesIO()
    >>> write_frame(buffer, OK, b"payload")
    >>> _ = buffer.seek(0)
    >>> read_frame(buffer), read_frame(buffer)
    ((b'+', b'payload'), None)
    """
    header = stream.read(FRAME_HEADER.size)
    if len(header) < FRAME_HEADER.size:
        return None
    (size,) = FRAME_HEADER.unpack(header)
    body = stream.read(size)
    if len(body) < size:
        return None
    return body[:1], body[1:]


def serve(requests: IO[bytes], results: IO[bytes]) -> None:
    """A worker's loop: each request is a pickled ``(pickled task, items)``; its result the pickled list of results,
    or the traceback of what the task raised. Ends when ``requests`` does.

    A task travels with each chunk, so any worker can take any chunk of any step. A worker sets a task up the first
    time it sees it and keeps it, as a DoFn keeps what its ``setup`` builds (compiled patterns, permutations, the
    fingerprints of texts it has seen): the only state a worker has.
    """
    tasks: dict[bytes, Task[Any, Any]] = {}
    while (frame := read_frame(requests)) is not None:
        try:
            pickled_task, items = pickle.loads(frame[1])
            task = tasks.get(pickled_task)
            if task is None:
                if len(tasks) >= MAX_TASKS:
                    tasks.clear()
                task = tasks[pickled_task] = pickle.loads(pickled_task)
                task.setup()
            write_frame(results, OK, pickle.dumps(task(items), protocol=pickle.HIGHEST_PROTOCOL))
        except Exception:
            # Nothing is dropped here: a record's own error is already its Outcome (tasks.attempt), so this is a bug
            # in the task or the hand-over, and the runner raises it as LocalWorkerError, failing the bundle.
            write_frame(results, FAILED, traceback.format_exc().encode("utf-8", "replace"))


class LocalPool:
    """Worker processes that run chunks of any task, each driven by one thread of this process.

    They start with the first chunk and stop when the pool has stayed idle for ``idle_seconds`` after a step's bundle
    ended (:meth:`stop_if_idle`), so that they hold no memory while the dedup steps, which need the most, run; a later
    chunk starts them again. Results come back pickled and are unpickled by the caller's thread: they live on in the
    pipeline, and so are allocated by the runner's thread (measured: +0.14 GB of peak RSS at 100k articles when
    another thread unpickled them, in its own malloc arena).
    """

    def __init__(self, processes: int, idle_seconds: float = IDLE_SECONDS) -> None:
        self.processes = processes
        self.idle_seconds = idle_seconds
        self._idle_timer: threading.Timer | None = None
        self._threads: ThreadPoolExecutor | None = None
        self._local = threading.local()  # each thread's worker process
        self._workers: list[subprocess.Popen[bytes]] = []
        # Started by prestart, ready and not yet taken by a thread: the next threads that need a worker take these.
        self._spares: list[subprocess.Popen[bytes]] = []
        self._prestarting = 0  # workers prestart has still to make ready
        self._stops = 0  # stop_now calls: a prestart that a stop overtook adds no spares
        self._running: set[Future[bytes]] = set()
        self._lock = threading.Lock()  # submit and stop_if_idle, should several runner threads share the pool
        self._spare_ready = threading.Condition(self._lock)

    def submit(self, pickled_task: bytes, items: Sequence[Any]) -> Future[bytes]:
        """Run a task (pickled) over ``items`` in a worker; the future's result is the pickled list of results."""
        request = pickle.dumps((pickled_task, items), protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._cancel_idle_timer()
            if self._threads is None:
                self._threads = ThreadPoolExecutor(self.processes, thread_name_prefix="newsclean-worker")
            future = self._threads.submit(self._call, request)
            self._running.add(future)
        future.add_done_callback(self._running.discard)
        return future

    def prestart(self, preload: Sequence[str] = ()) -> None:
        """Start the worker processes now, in the background, each importing the modules in ``preload`` (those of
        the first tasks; ``module:function`` also calls the function, to make what its module makes on first use),
        so that their start-up overlaps the caller's own work and the first chunks find them ready.
        Stopping the pool stops them too; a later chunk starts workers again, which import only what its task needs.

        They start one after another, each once the one before is ready: started together, they would also take the
        core the caller's thread is on (measured: 0.27 s of Python work on it took 0.45 s while two started at once,
        0.29-0.32 s while one did).
        """
        with self._lock:
            count = self.processes - len(self._workers)
            if count < 1 or self._prestarting:
                return
            self._prestarting += count
            stops = self._stops
        threading.Thread(
            target=self._prestart, args=(count, tuple(preload), stops), name="newsclean-prestart", daemon=True
        ).start()

    def _prestart(self, count: int, preload: tuple[str, ...], stops: int) -> None:
        owed = count
        try:
            for _ in range(count):
                with self._lock:
                    if self._stops != stops:
                        return
                    worker = self._start_worker(preload)
                _await_ready(worker)  # a worker that failed to start fails the chunk it is given, with its exit code
                with self._spare_ready:
                    if self._stops != stops:
                        return
                    owed -= 1
                    self._prestarting -= 1
                    self._spares.append(worker)
                    self._spare_ready.notify_all()
        finally:
            # Should starting one fail, the threads waiting for a spare start their own workers instead.
            with self._spare_ready:
                if self._stops == stops:
                    self._prestarting -= owed
                self._spare_ready.notify_all()

    @property
    def started(self) -> int:
        """Worker processes started and not stopped."""
        return len(self._workers)

    def stop_if_idle(self) -> None:
        """Stop the worker processes ``idle_seconds`` from now unless a chunk is submitted before (at once for 0)."""
        if self.idle_seconds <= 0:
            self.stop_now()
            return
        with self._lock:
            self._cancel_idle_timer()
            if self._threads is None:
                return
            self._idle_timer = threading.Timer(self.idle_seconds, self.stop_now)
            self._idle_timer.daemon = True  # never keeps the runner's process alive: workers end with their stdin
            self._idle_timer.start()

    def stop_now(self) -> None:
        """Stop the worker processes when no chunk is being worked on."""
        with self._lock:
            self._cancel_idle_timer()
            if self._running:
                return
            if self._threads is not None:
                self._threads.shutdown(wait=True)
                self._threads = None
            workers, self._workers, self._spares = self._workers, [], []
            self._stops += 1
            self._prestarting = 0
            self._spare_ready.notify_all()
        for worker in workers:
            if worker.stdin is not None:
                worker.stdin.close()  # the worker's loop ends
            worker.wait()

    def _cancel_idle_timer(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None

    def _call(self, request: bytes) -> bytes:
        worker: subprocess.Popen[bytes] | None = getattr(self._local, "worker", None)
        if worker is None or worker.poll() is not None:
            worker = self._take_worker()
            self._local.worker = worker
        assert worker.stdin is not None and worker.stdout is not None
        try:
            write_frame(worker.stdin, OK, request)
            frame = read_frame(worker.stdout)
        except OSError:
            frame = None
        if frame is None:
            raise LocalWorkerError(
                f"a local worker process exited with code {worker.wait()}: see its error above, or set "
                "run.local_processes: 0 to work inline"
            )
        status, payload = frame
        if status != OK:
            raise LocalWorkerError("a local worker process failed:\n" + payload.decode("utf-8", "replace"))
        return payload

    def _take_worker(self) -> subprocess.Popen[bytes]:
        """A ready worker for a thread that has none: a spare (waiting for one that prestart is making ready: no more
        processes than ``processes``), else a new one."""
        with self._spare_ready:
            while not self._spares and self._prestarting:
                self._spare_ready.wait()
            if self._spares:
                return self._spares.pop(0)
            worker = self._start_worker()
        _await_ready(worker)
        return worker

    def _start_worker(self, preload: Sequence[str] = ()) -> subprocess.Popen[bytes]:
        """A new worker process, which imports the modules in ``preload`` first (:func:`preloaded`; call with the lock
        held)."""
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": PACKAGE_ROOT + (os.pathsep + path if path else "")}
        command = [sys.executable, "-m", "pipeline.local.pool", *preload]
        # Started in PACKAGE_ROOT, as `python -m` puts the working directory first on the path: a `pipeline` package
        # in the runner's working directory must not stand in for this one.
        worker = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=PACKAGE_ROOT)
        self._workers.append(worker)
        return worker


def _await_ready(worker: subprocess.Popen[bytes]) -> None:
    """Wait for a new worker's first frame, which it writes once it has imported its modules (nothing comes from a
    worker that failed to start: the first chunk sent to it finds it exited)."""
    assert worker.stdout is not None
    read_frame(worker.stdout)


class OrderedChunks(Generic[K, I, R]):
    """Runs ``task`` over items added one by one and gives back ``(key, result)`` pairs in the order they were added.

    With a ``pool``, the items go to its worker processes in chunks of ``chunk_size`` items, or fewer when they reach
    :data:`CHUNK_CHARS` characters by ``measure``; a bundle smaller than one chunk (a small run, a test) is worked on
    inline at its end, so it never starts a process. Without a pool, each item is worked on inline as it is added.

    >>> class Double:
    ...     def setup(self): pass
    ...     def __call__(self, items): return [2 * item for item in items]
    >>> chunks = OrderedChunks(Double(), pool=None)
    >>> list(chunks.add("a", 1)), list(chunks.flush())
    ([('a', 2)], [])
    """

    def __init__(
        self,
        task: Task[I, R],
        pool: LocalPool | None,
        chunk_size: int | None = None,
        measure: Callable[[I], int] | None = None,
    ) -> None:
        self._task = task
        self._pickled_task = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL) if pool else b""
        self._pool = pool
        self._chunk_size = chunk_size or CHUNK_SIZE
        self._measure = measure
        self._keys: list[K] = []
        self._items: list[I] = []
        self._chars = 0  # of the items in the chunk being filled
        self._pending: deque[tuple[list[K], Future[bytes]]] = deque()
        self._inline_ready = False

    def add(self, key: K, item: I) -> Iterator[tuple[K, R]]:
        """Add one item; yields the results that are ready (waiting for the oldest chunk when too many are out)."""
        if self._pool is None:
            yield from self._inline([key], [item])
            return
        self._keys.append(key)
        self._items.append(item)
        self._chars += self.size_of(item)
        if len(self._items) < self._chunk_size and self._chars < CHUNK_CHARS:
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
                yield from self._inline(*self._take_chunk())
        while self._pending:
            yield from self._oldest()
        if self._pool is not None:
            self._pool.stop_if_idle()

    def size_of(self, item: I) -> int:
        """The size of an item in characters, by the ``measure`` given (0 without one)."""
        return self._measure(item) if self._measure is not None else 0

    def oldest(self) -> Iterator[tuple[K, R]]:
        """The results of the oldest chunk out, waiting for them; the chunk being filled is sent first when none is
        out. Nothing when no item is waiting."""
        if not self._pending:
            if not self._items:
                return
            self._submit()
        yield from self._oldest()

    def _submit(self) -> None:
        assert self._pool is not None
        keys, items = self._take_chunk()
        self._pending.append((keys, self._pool.submit(self._pickled_task, items)))

    def _take_chunk(self) -> tuple[list[K], list[I]]:
        """The keys and items of the chunk being filled, which starts again empty."""
        keys, items, self._keys, self._items, self._chars = self._keys, self._items, [], [], 0
        return keys, items

    def _oldest(self) -> Iterator[tuple[K, R]]:
        keys, future = self._pending.popleft()
        yield from zip(keys, pickle.loads(future.result()), strict=True)

    def _inline(self, keys: list[K], items: list[I]) -> Iterator[tuple[K, R]]:
        if not self._inline_ready:
            self._task.setup()
            self._inline_ready = True
        yield from zip(keys, self._task(items), strict=True)


def preloaded(entry: str) -> None:
    """Import a preload entry's module; for ``module:function``, call the function too (no arguments).

    >>> preloaded("json"), preloaded("gc:collect")
    (None, None)
    """
    module, _, function = entry.partition(":")
    imported = importlib.import_module(module)
    if function:
        getattr(imported, function)()


def _worker_main(preload: Sequence[str]) -> None:
    # Ctrl-C reaches the whole process group: the runner handles it, and a worker ends when its stdin closes.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for entry in preload:
        preloaded(entry)
    # Each chunk allocates ~0.5 M short-lived objects: the default thresholds spent ~4% of a worker's time collecting.
    gc.set_threshold(*BATCH_THRESHOLDS)
    # The pipe to the parent is this process's original stdout; print() in a task goes to stderr instead, so that it
    # cannot corrupt a frame.
    results = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    write_frame(results, OK, b"")  # ready
    serve(sys.stdin.buffer, results)


if __name__ == "__main__":
    _worker_main(sys.argv[1:])
