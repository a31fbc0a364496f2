"""Baseline: a plain datasketch MinHashLSH dedup script, the way one is usually written.

Raw text (no cleaning), whitespace tokens, 5-word shingles joined by spaces and UTF-8 encoded,
``MinHash.update_batch`` (datasketch's default sha1-based hash), 128 permutations, ``MinHashLSH`` at threshold 0.8
(datasketch picks bands x rows). Every document is inserted, then queried; each candidate pair is merged with
union-find and every cluster keeps its earliest document in input order. A text with fewer than 5 words is one
shingle (the whole text).

Python::

    from benchmarks.baselines.datasketch_lsh import run_datasketch
    result = run_datasketch("corpus.jsonl", threshold=0.8)   # measured in this process
    result.clusters["doc1"]     # id of the document kept for doc1's cluster (doc1 itself when kept)

Command line (prints a JSON summary; ``--clusters`` writes {id: kept id})::

    python -m benchmarks.baselines.datasketch_lsh CORPUS.jsonl [--threshold 0.8] [--num-perm 128] [--shingle 5]

The input is a JSONL file or a directory of them (read in sorted path order) with ``id`` and ``text``; ids must be
unique. ``seconds`` covers reading, hashing, indexing and clustering (not interpreter start-up);
``peak_rss_bytes`` is this process's ``ru_maxrss`` (so run it in its own process to measure it alone, as
benchmarks/throughput.py does).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from datasketch import MinHash, MinHashLSH

from benchmarks.baselines.common import BaselineResult

THRESHOLD = 0.8
NUM_PERM = 128
SHINGLE = 5


def read_documents(source: Path) -> Iterator[tuple[str, str]]:
    """(id, text) of every line of a JSONL file or of a directory's JSONL files."""
    paths = sorted(source.rglob("*.jsonl")) if source.is_dir() else [source]
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    yield str(record["id"]), record["text"]


def shingles(text: str, size: int) -> list[bytes]:
    """Whitespace-token ``size``-grams as UTF-8 bytes.

    >>> shingles("a b c", 2)
    [b'a b', b'b c']
    >>> shingles("a b", 5)
    [b'a b']
    """
    tokens = text.split()
    if len(tokens) <= size:
        return [" ".join(tokens).encode("utf-8")]
    return [" ".join(tokens[i : i + size]).encode("utf-8") for i in range(len(tokens) - size + 1)]


def run_datasketch(
    input_jsonl: str | os.PathLike[str], threshold: float = THRESHOLD, num_perm: int = NUM_PERM, shingle: int = SHINGLE
) -> BaselineResult:
    """Dedup ``input_jsonl`` with MinHashLSH in this process."""
    started = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    ids: list[str] = []
    signatures: list[MinHash] = []
    seen: set[str] = set()
    for doc_id, text in read_documents(Path(input_jsonl)):
        if doc_id in seen:
            raise ValueError(f"id {doc_id!r} occurs twice in {input_jsonl}; baseline ids must be unique")
        seen.add(doc_id)
        minhash = MinHash(num_perm=num_perm)
        minhash.update_batch(shingles(text, shingle))
        lsh.insert(len(ids), minhash, check_duplication=False)
        ids.append(doc_id)
        signatures.append(minhash)
    parent = list(range(len(ids)))

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for index, minhash in enumerate(signatures):
        for other in lsh.query(minhash):
            a, b = find(index), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)  # the earliest document roots its cluster
    clusters = {doc_id: ids[find(index)] for index, doc_id in enumerate(ids)}
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return BaselineResult(clusters, seconds, peak, {"threshold": threshold, "bands_rows": [lsh.b, lsh.r]})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input", help="JSONL file or directory of JSONL files with id and text")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--num-perm", type=int, default=NUM_PERM)
    parser.add_argument("--shingle", type=int, default=SHINGLE)
    parser.add_argument("--clusters", help="also write {id: kept id} as JSON to this file")
    args = parser.parse_args(argv)
    if not Path(args.input).exists():
        print(f"datasketch baseline: no such input: {args.input}", file=sys.stderr)
        return 2
    try:
        result = run_datasketch(args.input, args.threshold, args.num_perm, args.shingle)
    except (ValueError, KeyError, json.JSONDecodeError) as error:
        print(f"datasketch baseline: {error}", file=sys.stderr)
        return 1
    if args.clusters:
        Path(args.clusters).write_text(json.dumps(result.clusters, sort_keys=True))
    print(json.dumps(result.summary()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
