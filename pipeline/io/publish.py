"""Moving a finished run's files from its temporary directory into the output directory.

The pipeline writes into ``<output>/.newsclean-tmp-<token>/``; only after it has finished does the launcher replace
the previous run's outputs with the new ones, so a failed run never leaves a mix of old and new shards behind.
Works on any Beam filesystem (local, gs://, s3://, hdfs://).
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable
from typing import Any

from apache_beam.io.filesystems import FileSystems

OUTPUT_PREFIXES = ("articles", "duplicates", "rejects")
SUMMARY_FILE = "summary.json"
SHARD_PATTERN = re.compile(r"^(?P<prefix>[a-z-]+)-(?P<index>\d{5})-of-(?P<count>\d{5})\.jsonl$")
TEMP_PREFIX = ".newsclean-tmp-"


def list_names(directory: str) -> list[str]:
    """File names directly inside ``directory`` (empty when it does not exist)."""
    pattern = posixpath.join(directory, "*")
    matched = FileSystems.match([pattern])[0].metadata_list
    return sorted(posixpath.basename(m.path) for m in matched)


def missing_shards(names: Iterable[str], prefixes: Iterable[str] = OUTPUT_PREFIXES) -> list[str]:
    """Shard names to create empty so every output has its complete ``-of-NNNNN`` set (at least one file).

    >>> missing_shards(["articles-00001-of-00002.jsonl", "rejects-00000-of-00001.jsonl"])
    ['articles-00000-of-00002.jsonl', 'duplicates-00000-of-00001.jsonl']
    """
    present: dict[str, set[tuple[int, int]]] = {prefix: set() for prefix in prefixes}
    for name in names:
        match = SHARD_PATTERN.match(name)
        if match and match["prefix"] in present:
            present[match["prefix"]].add((int(match["index"]), int(match["count"])))
    missing = []
    for prefix, shards in present.items():
        count = max((c for _, c in shards), default=1)
        missing += [f"{prefix}-{i:05d}-of-{count:05d}.jsonl" for i in range(count) if (i, count) not in shards]
    return missing


def publish(temp_dir: str, output_dir: str, summary: dict[str, Any]) -> list[str]:
    """Replace the previous outputs in ``output_dir`` with the files of ``temp_dir``; return the published names."""
    for name in missing_shards(list_names(temp_dir)):
        FileSystems.create(posixpath.join(temp_dir, name)).close()
    old = [
        posixpath.join(output_dir, name)
        for name in list_names(output_dir)
        if SHARD_PATTERN.match(name) or name == SUMMARY_FILE
    ]
    if old:
        FileSystems.delete(old)
    names = [n for n in list_names(temp_dir) if SHARD_PATTERN.match(n)]
    FileSystems.rename([posixpath.join(temp_dir, n) for n in names], [posixpath.join(output_dir, n) for n in names])
    with FileSystems.create(posixpath.join(output_dir, SUMMARY_FILE)) as handle:
        handle.write(json.dumps(summary, indent=2, ensure_ascii=False).encode("utf-8") + b"\n")
    FileSystems.delete([temp_dir])
    return names + [SUMMARY_FILE]
