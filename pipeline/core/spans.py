"""Reading values back from spill files (:mod:`pipeline.beam.spill` writes them and reads them through Beam's
``FileSystems``): here without Beam, by any ``open_file`` given (a local file's by default), so that a local worker
process (:mod:`pipeline.local.pool`) can read the spans it is handed itself."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import IO

# Where one spilled value is: (file path, byte offset, byte length).
Span = tuple[str, int, int]
# read_spans reads the values of one file in runs: spans whose gaps are at most READ_GAP_BYTES (values not asked
# for, read and dropped) come in one read of at most READ_RUN_BYTES, instead of a seek and a read each.
READ_GAP_BYTES = 64 << 10
READ_RUN_BYTES = 8 << 20


# Opens a spill file for reading, given its path.
Opener = Callable[[str], IO[bytes]]


def open_local(path: str) -> IO[bytes]:
    """A local spill file, opened for reading."""
    return open(path, "rb")  # noqa: SIM115 (the caller closes it)


def read_spans(spans: Iterable[Span], open_file: Opener = open_local) -> Iterator[bytes]:
    """The values at ``spans``, in the order given; each file is opened once (with ``open_file``) and read in offset
    order.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "values.spill")
    >>> with open(path, "wb") as handle: _ = handle.write(b"one\\ntwo\\n")
    >>> list(read_spans([(path, 4, 3), (path, 0, 3)]))
    [b'two', b'one']
    """
    spans = list(spans)
    by_file: dict[str, list[int]] = defaultdict(list)
    for index, (path, _, _) in enumerate(spans):
        by_file[path].append(index)
    values: list[bytes] = [b""] * len(spans)
    for path, indexes in sorted(by_file.items()):
        with open_file(path) as handle:
            for start, end, run in read_runs(sorted(indexes, key=lambda i: spans[i][1]), spans):
                handle.seek(start)
                block = handle.read(end - start)
                for index in run:
                    _, offset, length = spans[index]
                    values[index] = block[offset - start : offset - start + length]
    return iter(values)


def read_runs(ordered: list[int], spans: list[Span]) -> Iterator[tuple[int, int, list[int]]]:
    """The indexes of one file's spans (``ordered`` by offset) in runs that one read serves, with the bytes the read
    covers (``start, end, indexes``): each next span starts at most :data:`READ_GAP_BYTES` after the run's end, and a
    run spans at most :data:`READ_RUN_BYTES` (or one value).

    >>> spans = [("f", 0, 10), ("f", 11, 10), ("f", 10**6, 5), ("f", 20, 3)]
    >>> list(read_runs([0, 1, 3, 2], spans))
    [(0, 23, [0, 1, 3]), (1000000, 1000005, [2])]
    """
    run: list[int] = []
    start = end = 0
    for index in ordered:
        _, offset, length = spans[index]
        if run and (offset - end > READ_GAP_BYTES or max(end, offset + length) - start > READ_RUN_BYTES):
            yield start, end, run
            run = []
        if not run:
            start = end = offset
        run.append(index)
        end = max(end, offset + length)
    if run:
        yield start, end, run


def unspilled(batches: Iterable[bytes | Span], open_file: Opener = open_local) -> list[bytes]:
    """Packed batches, some given as they are (bytes) and some as the spans they were spilled to, all as bytes, in
    order (the spans read back in one pass per file, opened with ``open_file``).

    >>> unspilled([b"inline", b"also"])
    [b'inline', b'also']
    """
    batches = list(batches)
    read = iter(list(read_spans((batch for batch in batches if not isinstance(batch, bytes)), open_file)))
    return [batch if isinstance(batch, bytes) else next(read) for batch in batches]
