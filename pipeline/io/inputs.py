"""Resolving ``--input`` arguments (directories, files, globs; local or any Beam filesystem) into input files.

This runs in the launcher, before the pipeline starts, so ``--dry-run`` can list the files and a missing path is a
usage error rather than a failed job. Only the file names enter the pipeline graph, never their contents.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from apache_beam.io.filesystems import FileSystems

from pipeline.core.errors import UsageError
from pipeline.io.paths import is_utf8, opened_path, shown_path

InputKind = Literal["txt", "jsonl"]

# Suffixes newsclean reads, longest first so ".jsonl.gz" wins over ".gz". Gzip is detected from the suffix.
SUFFIX_KINDS: tuple[tuple[str, InputKind], ...] = (
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".txt.gz", "txt"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".txt", "txt"),
)
GLOB_CHARS = "*?["


@dataclass(frozen=True)
class InputFile:
    """One file to read. ``relative`` is its path below the input root, used for the ids of ``.txt`` articles.

    A file whose name is not UTF-8 is read like any other; ``path`` and ``relative`` show its name's undecodable bytes
    as ``\\xNN`` (:func:`shown_path`), so its ids and every output stay UTF-8, and ``raw_path`` is its absolute path as
    bytes, which is what opens it (:attr:`opened_path`). Every other file has ``raw_path`` empty."""

    path: str
    relative: str
    kind: InputKind
    size: int
    raw_path: bytes = b""

    @property
    def opened_path(self) -> str:
        """The path to open the file by (:func:`opened_path`)."""
        return opened_path(self.path, self.raw_path)

    @property
    def article_id(self) -> str:
        """The id of a ``.txt`` article: its relative path without the suffix.

        >>> InputFile("/in/world/kerry.txt.gz", "world/kerry.txt.gz", "txt", 10).article_id
        'world/kerry'
        """
        return _strip_suffix(self.relative)


@dataclass(frozen=True)
class ResolvedInputs:
    files: tuple[InputFile, ...]
    skipped: tuple[str, ...]  # files inside input directories that are not .txt/.jsonl (e.g. README.md)


def is_gzipped(path: str) -> bool:
    """Whether newsclean reads a file as gzip: it is detected from the suffix.

    >>> is_gzipped("a/b.JSONL.GZ"), is_gzipped("a/b.jsonl")
    (True, False)
    """
    return path.lower().endswith(".gz")


def kind_of(path: str) -> InputKind | None:
    """The input kind a file name stands for, or None.

    >>> kind_of("a/b.JSONL.gz"), kind_of("a/b.txt"), kind_of("notes.md")
    ('jsonl', 'txt', None)
    """
    lowered = path.lower()
    for suffix, kind in SUFFIX_KINDS:
        if lowered.endswith(suffix):
            return kind
    return None


def resolve_inputs(specs: Sequence[str]) -> ResolvedInputs:
    """Expand directories (recursively), globs and file names into a sorted, de-duplicated list of input files."""
    files: dict[str, InputFile] = {}
    skipped: set[str] = set()
    for spec in specs:
        root, pattern, explicit = _root_and_pattern(spec)
        matches = _match(pattern)
        if not matches and explicit:
            raise UsageError(f"input {spec} does not exist: pass --input with an existing file, directory or glob")
        if not matches and not _is_glob(spec) and not _is_dir(spec):
            raise UsageError(f"input {spec} does not exist: pass --input with an existing file, directory or glob")
        for path, size in matches:
            name = posixpath.basename(path)
            kind = kind_of(path)
            if kind is None:
                if explicit:
                    raise UsageError(f"input {spec} is not a .txt, .jsonl or .jsonl.gz file: rename it or leave it out")
                if not name.startswith("."):
                    skipped.add(shown_path(path))
                continue
            if name.startswith(".") and not explicit:
                continue
            relative = posixpath.relpath(path, root) if root else name
            if is_utf8(path):
                files.setdefault(path, InputFile(path=path, relative=relative, kind=kind, size=size))
            else:
                raw_path = os.path.abspath(os.fsencode(path))  # only local files have names that are not UTF-8
                shown = InputFile(shown_path(path), shown_path(relative), kind, size, raw_path)
                files.setdefault(path, shown)
    return ResolvedInputs(tuple(sorted(files.values(), key=lambda f: (f.path, f.raw_path))), tuple(sorted(skipped)))


def _root_and_pattern(spec: str) -> tuple[str, str, bool]:
    """(root for relative ids, Beam match pattern, whether spec names one file)."""
    spec = spec.rstrip("/") or "/"
    if _is_glob(spec):
        prefix = spec[: min(spec.find(c) for c in GLOB_CHARS if c in spec)]
        return posixpath.dirname(prefix), spec, False
    if _is_dir(spec):
        return spec, posixpath.join(spec, "**"), False
    return posixpath.dirname(spec), spec, True


def _is_glob(spec: str) -> bool:
    return any(c in spec for c in GLOB_CHARS)


def _is_dir(spec: str) -> bool:
    # Object stores have no directories: a prefix with objects below it counts as one.
    if FileSystems.get_scheme(spec) is None:
        return os.path.isdir(spec)
    return bool(_match(posixpath.join(spec, "**")))


def _match(pattern: str) -> list[tuple[str, int]]:
    result = FileSystems.match([pattern])[0]
    return [(m.path, m.size_in_bytes) for m in result.metadata_list]


def _strip_suffix(relative: str) -> str:
    lowered = relative.lower()
    for suffix, _ in SUFFIX_KINDS:
        if lowered.endswith(suffix):
            return relative[: -len(suffix)]
    return relative


# No JSONL line holding an id and a text of at least five words is shorter than this ('{"id":1,"text":"a b c d e"}'
# is 27 bytes); a bound on the number of records lets small runs skip machinery only large ones need.
MIN_JSONL_RECORD_BYTES = 20
LINE_COUNT_CHUNK = 1 << 20


def record_bound(files: Iterable[InputFile], cap: int | None = None) -> int | None:
    """At most how many records the files can hold; None when unknown (gzip can hold any number). With ``cap``,
    counting stops once the bound exceeds it (a caller that only compares the bound with ``cap`` need not read a
    large input at launch).

    >>> record_bound([InputFile("a.txt", "a.txt", "txt", 900), InputFile("b.jsonl", "b.jsonl", "jsonl", 2_000)])
    102
    >>> record_bound([InputFile("c.jsonl.gz", "c.jsonl.gz", "jsonl", 10)]) is None
    True
    """
    bound = 0
    for input_file in files:
        if input_file.kind == "txt":
            bound += 1
        elif is_gzipped(input_file.path):
            return None
        else:
            bound += jsonl_record_bound(input_file, None if cap is None else max(0, cap - bound))
    return bound


def jsonl_record_bound(input_file: InputFile, cap: int | None = None) -> int:
    """At most how many records an uncompressed JSONL file holds: its lines when it is on local disk (counting them
    reads it, ~0.1 s per 100 MB from the page cache, and stops once they exceed ``cap``), else its size over
    :data:`MIN_JSONL_RECORD_BYTES` (a remote file is not read at launch)."""
    by_size = input_file.size // MIN_JSONL_RECORD_BYTES + 1
    if "://" in input_file.path:
        return by_size
    lines = 1
    try:
        with open(input_file.path, "rb") as handle:
            while (cap is None or lines <= cap) and (chunk := handle.read(LINE_COUNT_CHUNK)):
                lines += chunk.count(b"\n")
    except OSError:
        return by_size  # the pipeline reads it (and reports its error per record); the size bound is still right
    # Stopped past the cap: the lines counted so far are no bound, the size is (and is past the cap too).
    return lines if cap is None or lines <= cap else max(lines, by_size)


# About how much a gzipped news JSONL or text file grows when it is decompressed.
GZIP_RATIO = 4


def uncompressed_bytes(files: Iterable[InputFile]) -> int:
    """About how many bytes the files hold once decompressed: a ``.gz`` file counts :data:`GZIP_RATIO` times its
    size (it is not read to find out).

    >>> files = [InputFile("a.txt", "a.txt", "txt", 900), InputFile("b.jsonl.gz", "b.jsonl.gz", "jsonl", 10)]
    >>> uncompressed_bytes(files)
    940
    """
    return sum(f.size * (GZIP_RATIO if is_gzipped(f.path) else 1) for f in files)


def describe(files: Iterable[InputFile]) -> list[str]:
    """One line per file for ``--dry-run``."""
    return [f"{f.kind:5s} {f.size:>12,d}  {f.path}" for f in files]
