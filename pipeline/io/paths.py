"""Local paths made absolute in the launcher, before the pipeline is built; file names that are not UTF-8.

The pipeline's workers need not run in the launcher's directory: an external SDK worker pool
(``--environment_type=EXTERNAL``) or a cluster's workers on a shared disk resolve a relative path against their own
working directory, where it names another file or none. Remote paths (``gs://``, ``s3://``, any ``scheme://``) mean
the same everywhere and stay as they are.
"""

from __future__ import annotations

import os
import posixpath
import re

from pipeline.core.errors import UsageError

# What Beam's FileSystems.get_scheme takes for a scheme; a path without one is on the local filesystem. Kept here so
# this module does not import Beam.
SCHEME_RE = re.compile(r"^[a-zA-Z][-a-zA-Z0-9+.]*://")
# A byte of a file name that is not UTF-8, as shown_path shows it.
ESCAPED_BYTE = re.compile(rb"\\x([0-9a-f]{2})")


def is_local_path(path: str) -> bool:
    """Whether a path is on the local filesystem (it has no ``scheme://``).

    >>> is_local_path("/tmp/run/spill"), is_local_path("relative/dir"), is_local_path("gs://bucket/run/spill")
    (True, True, False)
    """
    return not SCHEME_RE.match(path)


def absolute_path(path: str, cwd: str) -> str:
    """``path`` made absolute against the directory ``cwd`` when it is local (normalized like ``os.path.abspath``,
    glob characters kept); a remote path unchanged.

    >>> absolute_path("seeds/feed.jsonl", "/work/main")
    '/work/main/seeds/feed.jsonl'
    >>> absolute_path("../scrapes/*/day-?.jsonl.gz", "/work/main")
    '/work/scrapes/*/day-?.jsonl.gz'
    >>> absolute_path("/data/out/", "/work/main")
    '/data/out'
    >>> absolute_path("gs://bucket/scrapes/*.jsonl", "/work/main"), absolute_path("hdfs://nn:8020/in", "/w")
    ('gs://bucket/scrapes/*.jsonl', 'hdfs://nn:8020/in')
    """
    if not is_local_path(path):
        return path
    return posixpath.normpath(posixpath.join(cwd, path))


def absolute_if_set(path: str | None, cwd: str) -> str | None:
    """:func:`absolute_path` for an optional path: an unset one (None or empty, which config checks treat alike)
    stays unset rather than becoming ``cwd``.

    >>> absolute_if_set(None, "/work/main"), absolute_if_set("", "/work/main"), absolute_if_set("learned", "/work")
    (None, '', '/work/learned')
    """
    return absolute_path(path, cwd) if path else path


def check_utf8_location(setting: str, path: str | None) -> None:
    r"""Refuse a directory the run writes to or reads its own state from (``--output``, ``--history``, the learned
    boilerplate's directories) whose name is not UTF-8 (Python holds its bytes as surrogates): its paths go through
    Beam's string coders and into the UTF-8 outputs, which cannot hold them, so the run would stop half-way. Input files
    with such names are read (:class:`pipeline.io.inputs.InputFile`); these locations are the user's own choice.

    >>> check_utf8_location("--output", "/data/out"); check_utf8_location("--history", None)
    >>> check_utf8_location("--output", "/data/caf\udce9")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pipeline.core.errors.UsageError: --output /data/caf\xe9 is not UTF-8: pass a directory whose name is UTF-8
    """
    if path and not is_utf8(path):
        raise UsageError(f"{setting} {shown_path(path)} is not UTF-8: pass a directory whose name is UTF-8")


def is_utf8(path: str) -> bool:
    r"""Whether ``path`` is UTF-8 text; Python holds the undecodable bytes of a file name as lone surrogates.

    >>> is_utf8("/in/café.txt"), is_utf8("/in/caf\udce9.txt")
    (True, False)
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_path(path: str) -> str:
    r"""``path`` as UTF-8 text: the undecodable bytes of a file name (lone surrogates in Python) shown as ``\xNN``.

    >>> print(shown_path("/in/caf\udce9.txt"), shown_path("/in/café.txt"))
    /in/caf\xe9.txt /in/café.txt
    """
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def unshown_path(shown: str) -> str:
    r"""The path of a file whose name is not UTF-8, back from the form :func:`shown_path` gave it: its ``\xNN``
    escapes as the bytes they stand for. For a reader that has only the shown path (``explain`` reads the run's inputs
    from its summary). A name with a literal ``\xNN`` in it would be misread, so callers try the shown path first.

    >>> unshown_path("/in/caf\\xe9.txt") == "/in/caf\udce9.txt", unshown_path("/in/café.txt")
    (True, '/in/café.txt')
    """
    return os.fsdecode(ESCAPED_BYTE.sub(lambda match: bytes([int(match[1], 16)]), shown.encode("utf-8")))


def opened_path(path: str, raw_path: bytes = b"") -> str:
    r"""The path to open a file by: its ``raw_path`` (for a name that is not UTF-8; Python opens its bytes held as
    surrogates), else its ``path``.

    >>> opened_path("/in/caf\xe9.txt", b"/in/caf\xe9.txt") == "/in/caf\udce9.txt", opened_path("/in/a.txt")
    (True, '/in/a.txt')
    """
    return os.fsdecode(raw_path) if raw_path else path
