"""manifest.json: what a published output was made from, so a run can be audited and reproduced.

It lists the inputs (path, bytes, sha256, records), the config and its hash, the package versions, the run date,
the counts, and every output file with its size and sha256. Everything in it is a function of the inputs, the config
and the installed packages: rerunning the same inputs with the same config and run date gives the same manifest.
"""

from __future__ import annotations

import hashlib
import json
import platform
import posixpath
from collections.abc import Iterable, Mapping
from importlib import metadata
from typing import Any

from apache_beam.io.filesystems import FileSystems

MANIFEST_FILE = "manifest.json"
PACKAGES = ("newsclean", "apache-beam", "ftfy", "datasketch", "numpy", "xxhash", "pyarrow", "PyYAML")
HASH_CHUNK = 1 << 20


def config_sha256(config: Mapping[str, Any]) -> str:
    """A stable hash of a resolved config (canonical JSON: sorted keys, no whitespace).

    >>> config_sha256({"b": 1, "a": [1, 2]}) == config_sha256({"a": [1, 2], "b": 1})
    True
    """
    canonical = json.dumps(config, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str]:
    """Installed versions of the packages that shape the output (and Python's)."""
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def file_digest(path: str) -> dict[str, Any]:
    """``{"name", "bytes", "sha256"}`` of one file on any Beam filesystem."""
    digest = hashlib.sha256()
    size = 0
    with FileSystems.open(path) as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"name": posixpath.basename(path), "bytes": size, "sha256": digest.hexdigest()}


def build_manifest(
    *,
    run_date: str,
    inputs: Iterable[Mapping[str, Any]],
    config: Mapping[str, Any],
    counts: Mapping[str, Any],
    outputs: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    """Assemble the manifest; inputs and outputs are sorted so the manifest does not depend on arrival order.

    >>> manifest = build_manifest(run_date="2026-11-27", inputs=[{"path": "b"}, {"path": "a"}], config={},
    ...                           counts={"read": 2}, outputs=[])
    >>> [i["path"] for i in manifest["inputs"]], manifest["run_date"], sorted(manifest)[:3]
    (['a', 'b'], '2026-11-27', ['config', 'config_sha256', 'counts'])
    """
    return {
        "run_date": run_date,
        "inputs": sorted((dict(i) for i in inputs), key=lambda i: i["path"]),
        "outputs": sorted((dict(o) for o in outputs), key=lambda o: o["name"]),
        "counts": dict(counts),
        "config_sha256": config_sha256(config),
        "config": dict(config),
        "packages": package_versions(),
    }
