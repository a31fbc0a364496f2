"""Publishing a finished run: the output directory appears complete or not at all.

The pipeline writes into a hidden sibling, ``<parent>/.<name>.newsclean-tmp-<token>/``. Only after the pipeline has
finished does the launcher complete the missing empty shards, write ``summary.json`` and ``_SUCCESS``, and swap the
directory in. On a local filesystem the swap is two directory renames (atomic); a run killed at any point leaves the
previous output intact and at most a stale temporary directory, which the next run removes. Object stores (gs://,
s3://) have no directory rename: there the files are moved one by one and ``_SUCCESS`` is written last, the Hadoop
convention that readers check before reading.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
import shutil
from collections.abc import Iterable
from typing import Any

from apache_beam.io.filesystems import FileSystems

from pipeline.core.errors import UsageError

OUTPUT_PREFIXES = ("articles", "duplicates", "rejects")
# The removal ledger's shards (only with cleaning.ledger); SHARD_PATTERN already names them as newsclean's own.
LEDGER_PREFIX = "removed-lines"
# The lines a run learned as sites' boilerplate (with cleaning.learned on; an empty shard when nothing was learned):
# what explain reads.
LEARNED_LINES_PREFIX = "learned-lines"
SUMMARY_FILE = "summary.json"
# The site groups a text-only run inferred ({line key: group}), for `newsclean explain`; only when it inferred any.
SITE_GROUPS_FILE = "site-groups.json"
SUCCESS_FILE = "_SUCCESS"
SHARD_PATTERN = re.compile(r"^(?P<prefix>[a-z-]+)-(?P<index>\d{5})-of-(?P<count>\d{5})\.jsonl$")
# Files newsclean itself writes into an output directory; anything else there belongs to someone else.
OWN_FILES = frozenset({SUMMARY_FILE, SUCCESS_FILE, SITE_GROUPS_FILE, "manifest.json", "report.html"})
TEMP_MARK = ".newsclean-tmp-"
OLD_MARK = ".newsclean-old-"


def list_names(directory: str) -> list[str]:
    """File names directly inside ``directory`` (empty when it does not exist)."""
    matched = FileSystems.match([posixpath.join(directory, "*")])[0].metadata_list
    return sorted(posixpath.basename(m.path.rstrip("/")) for m in matched)


def is_own_file(name: str) -> bool:
    """Whether newsclean writes files of this name into an output directory.

    >>> is_own_file("articles-00000-of-00001.jsonl"), is_own_file("notes.txt")
    (True, False)
    """
    return name in OWN_FILES or bool(SHARD_PATTERN.match(name))


def temp_dir_for(output_dir: str, token: str) -> str:
    """The hidden sibling a run writes into.

    >>> temp_dir_for("/data/out", "ab12"), temp_dir_for("out", "ab12")
    ('/data/.out.newsclean-tmp-ab12', '.out.newsclean-tmp-ab12')
    """
    parent, name = posixpath.split(output_dir.rstrip("/"))
    return posixpath.join(parent, f".{name}{TEMP_MARK}{token}")


def prepare_output(output_dir: str) -> None:
    """Refuse an output directory holding files newsclean did not write; remove stale temporaries of killed runs."""
    foreign = [name for name in list_names(output_dir) if not is_own_file(name)]
    if foreign:
        raise UsageError(
            f"output directory {output_dir} holds files newsclean did not write (e.g. {foreign[0]}); "
            "pass --output with a new or newsclean-only directory"
        )
    for stale in _stale_temp_dirs(output_dir):
        logging.warning("removing %s, left behind by an interrupted run", stale)
        FileSystems.delete([stale])


def _stale_temp_dirs(output_dir: str) -> list[str]:
    parent, name = posixpath.split(output_dir.rstrip("/"))
    mark = f".{name}{TEMP_MARK}"
    if FileSystems.get_scheme(output_dir) is None:
        directory = parent or "."
        if not os.path.isdir(directory):
            return []
        return sorted(posixpath.join(parent, n) for n in os.listdir(directory) if n.startswith(mark))
    # Object stores list objects, not directories: collect the temporary prefixes their objects live under.
    matched = FileSystems.match([posixpath.join(parent, mark + "*", "**")])[0].metadata_list
    return sorted({posixpath.join(parent, m.path[len(parent) + 1 :].split("/", 1)[0]) for m in matched})


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


def complete_shards(temp_dir: str, prefixes: Iterable[str] = OUTPUT_PREFIXES) -> None:
    """Create the empty shards a complete output needs (see :func:`missing_shards`)."""
    for name in missing_shards(list_names(temp_dir), prefixes):
        FileSystems.create(posixpath.join(temp_dir, name)).close()


def publish(temp_dir: str, output_dir: str, summary: dict[str, Any]) -> None:
    """Write the summary into the completed ``temp_dir`` and make it the output directory."""
    complete_shards(temp_dir)
    _write(posixpath.join(temp_dir, SUMMARY_FILE), json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    if FileSystems.get_scheme(output_dir) is None:
        _swap_local(temp_dir, output_dir)
    else:
        _move_files(temp_dir, output_dir)


def _swap_local(temp_dir: str, output_dir: str) -> None:
    _write(posixpath.join(temp_dir, SUCCESS_FILE), "")
    old = temp_dir.replace(TEMP_MARK, OLD_MARK)
    if os.path.exists(output_dir):
        os.replace(output_dir, old)
    os.replace(temp_dir, output_dir)
    if os.path.exists(old):
        shutil.rmtree(old)


def _move_files(temp_dir: str, output_dir: str) -> None:
    old = [posixpath.join(output_dir, n) for n in list_names(output_dir) if is_own_file(n)]
    success = [p for p in old if p.endswith(SUCCESS_FILE)]
    if success:  # first, so a reader never sees _SUCCESS beside a half-replaced output
        FileSystems.delete(success)
    if old := [p for p in old if p not in success]:
        FileSystems.delete(old)
    names = list_names(temp_dir)
    FileSystems.rename([posixpath.join(temp_dir, n) for n in names], [posixpath.join(output_dir, n) for n in names])
    _write(posixpath.join(output_dir, SUCCESS_FILE), "")
    FileSystems.delete([temp_dir])


def _write(path: str, text: str) -> None:
    with FileSystems.create(path) as handle:
        handle.write(text.encode("utf-8"))
