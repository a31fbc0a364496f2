"""Layout, parameters and window of the fingerprint store (pure; the Beam side is pipeline/beam/history.py).

Layout: one partition per run date, each published whole (written beside it, then renamed; ``_SUCCESS`` last)::

    <store>/run_date=2026-11-27/fingerprints-00000-of-00001.parquet   id, run_date, content_hash, signature
    <store>/run_date=2026-11-27/_SPEC.json                            the parameters that shaped the signatures
    <store>/run_date=2026-11-27/_SUCCESS

Signatures are only comparable when every parameter that shaped them is equal (hash scheme, permutations, seed,
shingle size, tokenisation, text normalization): a store made with other parameters is refused, never mixed in.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from apache_beam.io.filesystems import FileSystems

from pipeline.core.config import Config
from pipeline.core.configtree import to_dict
from pipeline.core.errors import UsageError
from pipeline.dedup.minhash import MinHasher

SPEC_FILE = "_SPEC.json"
SUCCESS_FILE = "_SUCCESS"
PARTITION_PREFIX = "run_date="
PARTITION_PATTERN = re.compile(r"^run_date=(\d{4}-\d{2}-\d{2})$")
FILE_PREFIX = "fingerprints"
# Bumped whenever a change to newsclean changes the fingerprint of an unchanged article (tokenisation, cleaning).
FINGERPRINT_VERSION = 1


def fingerprint_spec(config: Config) -> dict[str, Any]:
    """Everything that shapes a stored fingerprint; two stores are comparable only when these are equal."""
    dedup = config.dedup
    return {
        "fingerprint_version": FINGERPRINT_VERSION,
        "minhash": MinHasher(dedup.num_perm, dedup.seed, dedup.hash_scheme).fingerprint_spec(dedup.shingle_size),
        "normalize": to_dict(config.cleaning.normalize),
    }


def spec_mismatch(stored: Mapping[str, Any], current: Mapping[str, Any]) -> str | None:
    """A one-line description of how two specs differ, or None when they are equal.

    >>> spec_mismatch({"minhash": "a/seed=1", "v": 1}, {"minhash": "a/seed=2", "v": 1})
    "minhash: stored 'a/seed=1', now 'a/seed=2'"
    """
    for key in sorted(set(stored) | set(current)):
        if stored.get(key) != current.get(key):
            return f"{key}: stored {stored.get(key)!r}, now {current.get(key)!r}"
    return None


def made_by_another_version(stored: Mapping[str, Any], current: Mapping[str, Any]) -> bool:
    """Whether two fingerprint specs differ only in what newsclean itself decides, not in a setting of the config:
    the fingerprint version, the shingle hash's name, the tokenisation's ``words-vN``, or a normalize setting that
    the stored spec does not have (added by a later newsclean). The config decides the rest: the MinHash hash scheme
    and its ``name=value`` parts, and the normalize settings both specs have.

    >>> old = {"minhash": "affine32/xxh3-0/words-v1/shingle=5/seed=1", "normalize": {"fix_encoding": True}}
    >>> new = {"minhash": "affine32/xxh3-0/words-v2/shingle=5/seed=1", "normalize": {"fix_encoding": True, "x": 1}}
    >>> made_by_another_version(old, new), made_by_another_version(old, {**new, "minhash": "affine32/seed=2"})
    (True, False)
    """

    def minhash_settings(spec: Mapping[str, Any]) -> list[str]:
        scheme, *parts = str(spec.get("minhash", "")).split("/")
        return [scheme, *(part for part in parts if "=" in part)]

    stored_normalize, current_normalize = stored.get("normalize") or {}, current.get("normalize") or {}
    return minhash_settings(stored) == minhash_settings(current) and all(
        current_normalize.get(name) == value for name, value in stored_normalize.items()
    )


def partition_dir(store: str, run_date: str) -> str:
    """The directory of one run date's fingerprints.

    >>> partition_dir("hist", "2026-11-27")
    'hist/run_date=2026-11-27'
    """
    return posixpath.join(store, PARTITION_PREFIX + run_date)


def window_dates(run_date: str, days: int) -> list[str]:
    """The earlier run dates a run matches against: the ``days`` days before ``run_date``, never ``run_date`` itself
    (a rerun of a day replaces that day's fingerprints instead of matching them).

    >>> window_dates("2026-11-27", 3)
    ['2026-11-24', '2026-11-25', '2026-11-26']
    """
    day = dt.date.fromisoformat(run_date)
    return [(day - dt.timedelta(days=n)).isoformat() for n in range(days, 0, -1)]


@dataclass(frozen=True)
class HistoryPartition:
    run_date: str
    files: tuple[str, ...]
    size: int = 0  # the files' bytes, to size the history match's joins (pipeline.beam.match_history)


def find_history(store: str, run_date: str, days: int, spec: Mapping[str, Any]) -> list[HistoryPartition]:
    """The complete partitions of the window, after checking that each was made with ``spec``."""
    found = []
    for date in window_dates(run_date, days):
        directory = partition_dir(store, date)
        if not FileSystems.exists(posixpath.join(directory, SUCCESS_FILE)):
            continue  # never written, or a run killed before publishing: not history
        stored = _read_json(posixpath.join(directory, SPEC_FILE))
        mismatch = spec_mismatch(stored, spec)
        if mismatch and made_by_another_version(stored, spec):
            raise UsageError(
                f"fingerprints in {directory} were made by another version of newsclean ({mismatch}) and do not "
                "compare with this version's: use a new --history path"
            )
        if mismatch:
            raise UsageError(
                f"fingerprints in {directory} were made with other parameters ({mismatch}); "
                "use the dedup and normalize settings they were made with, or a new --history path"
            )
        pattern = posixpath.join(directory, f"{FILE_PREFIX}-*.parquet")
        matched = FileSystems.match([pattern])[0].metadata_list
        files = sorted(m.path for m in matched)
        found.append(HistoryPartition(date, tuple(files), sum(m.size_in_bytes for m in matched)))
    return found


def publish_partition(temp_dir: str, store: str, run_date: str, spec: Mapping[str, Any]) -> None:
    """Make ``temp_dir`` (the run's fingerprint files) the store's partition for ``run_date``, replacing it whole."""
    _write_json(posixpath.join(temp_dir, SPEC_FILE), spec)
    target = partition_dir(store, run_date)
    if FileSystems.get_scheme(store) is None:
        _write_json(posixpath.join(temp_dir, SUCCESS_FILE), {})
        os.makedirs(store, exist_ok=True)
        old = f"{target}.old-{os.getpid()}"
        if os.path.exists(target):
            os.replace(target, old)
        os.replace(temp_dir, target)
        if os.path.exists(old):
            shutil.rmtree(old)
        return
    # Object stores: remove the old partition's marker first, move the files, write the marker last.
    if FileSystems.exists(target):
        FileSystems.delete([target])
    names = [posixpath.basename(m.path) for m in FileSystems.match([posixpath.join(temp_dir, "*")])[0].metadata_list]
    FileSystems.rename([posixpath.join(temp_dir, n) for n in names], [posixpath.join(target, n) for n in names])
    _write_json(posixpath.join(target, SUCCESS_FILE), {})
    FileSystems.delete([temp_dir])


def _read_json(path: str) -> Any:
    with FileSystems.open(path) as handle:
        return json.loads(handle.read().decode("utf-8"))


def _write_json(path: str, data: Any) -> None:
    with FileSystems.create(path) as handle:
        handle.write(json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))
