"""Local paths made absolute in the launcher, before the pipeline is built.

The pipeline's workers need not run in the launcher's directory: an external SDK worker pool
(``--environment_type=EXTERNAL``) or a cluster's workers on a shared disk resolve a relative path against their own
working directory, where it names another file or none. Remote paths (``gs://``, ``s3://``, any ``scheme://``) mean
the same everywhere and stay as they are.
"""

from __future__ import annotations

import posixpath
import re

# What Beam's FileSystems.get_scheme takes for a scheme; a path without one is on the local filesystem. Kept here so
# this module does not import Beam.
SCHEME_RE = re.compile(r"^[a-zA-Z][-a-zA-Z0-9+.]*://")


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
