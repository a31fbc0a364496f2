"""datatrove 0.10.1's MinHash dedup on a JSONL corpus: run *inside* the datatrove venv by datatrove_minhash.py.

Not imported by the project environment (it imports datatrove). Usage, from the project root:
``<venv>/bin/python -m benchmarks.baselines._datatrove_job INPUT WORKDIR WORKERS N_GRAMS BANDS ROWS``.
Writes ``WORKDIR/kept/*.jsonl`` and ``WORKDIR/removed/*.jsonl`` (one ``{"id", "cluster"}`` object per document; cluster
-1 = in no cluster) and ``WORKDIR/timings.json`` (seconds per stage).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import xxhash
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup.minhash import (
    MinhashConfig,
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
    MinhashDedupSignature,
)
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from datatrove.utils.hashing import HashConfig


def utf8_xxhash32(text: str) -> int:
    return xxhash.xxh32_intdigest(text.encode("utf-8"))


def utf8_xxhash64(text: str) -> int:
    return xxhash.xxh64_intdigest(text.encode("utf-8"))


class Utf8MinhashDedupSignature(MinhashDedupSignature):
    """datatrove's signature stage with its shingle hasher fed UTF-8 bytes.

    datatrove hands ``str`` to ``xxhash.xxh64_intdigest``; xxhash 4 refuses str ("Strings must be encoded before
    hashing"), while xxhash 3 hashed its UTF-8 encoding. Encoding first gives exactly xxhash 3's values, so the
    signatures are the ones datatrove computes with the xxhash it was released against.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hash_func = utf8_xxhash32 if self.config.hash_config.precision == 32 else utf8_xxhash64


def id_and_cluster(self: Any, document: Any) -> dict[str, Any]:
    return {"id": document.id, "cluster": document.metadata.get("minhash_cluster_id", -1)}


def main(argv: list[str]) -> None:
    source, workdir = Path(argv[0]), Path(argv[1])
    workers, n_grams, bands, rows = (int(value) for value in argv[2:6])
    if source.is_dir():
        folder, pattern = str(source), "*.jsonl*"
        files = sorted(source.rglob("*.jsonl*"))
    else:
        folder, pattern = str(source.parent), source.name
        files = [source]
    # One task per input file (datatrove's readers hand out whole files), run on `workers` processes.
    tasks = max(1, len(files))
    config = MinhashConfig(
        n_grams=n_grams, num_buckets=bands, hashes_per_bucket=rows, hash_config=HashConfig(precision=64)
    )

    def reader() -> JsonlReader:
        return JsonlReader(folder, glob_pattern=pattern, id_key="id", text_key="text")

    stages = {
        "signatures": LocalPipelineExecutor(
            [reader(), Utf8MinhashDedupSignature(str(workdir / "signatures"), config=config)],
            tasks=tasks,
            workers=workers,
            logging_dir=str(workdir / "logs/signatures"),
        ),
        "buckets": LocalPipelineExecutor(
            [MinhashDedupBuckets(str(workdir / "signatures"), str(workdir / "buckets"), config=config)],
            tasks=bands,
            workers=workers,
            logging_dir=str(workdir / "logs/buckets"),
        ),
        "cluster": LocalPipelineExecutor(
            [
                MinhashDedupCluster(
                    str(workdir / "buckets"), str(workdir / "remove"), config=config, save_cluster_id=True
                )
            ],
            tasks=1,
            logging_dir=str(workdir / "logs/cluster"),
        ),
        "filter": LocalPipelineExecutor(
            [
                reader(),
                MinhashDedupFilter(
                    str(workdir / "remove"),
                    load_cluster_ids=True,
                    exclusion_writer=JsonlWriter(str(workdir / "removed"), compression=None, adapter=id_and_cluster),
                ),
                JsonlWriter(str(workdir / "kept"), compression=None, adapter=id_and_cluster),
            ],
            tasks=tasks,
            workers=workers,
            logging_dir=str(workdir / "logs/filter"),
        ),
    }
    timings = {}
    for name, executor in stages.items():
        started = time.perf_counter()
        executor.run()
        timings[name] = round(time.perf_counter() - started, 3)
    (workdir / "timings.json").write_text(json.dumps({"stages": timings, "tasks": tasks, "workers": workers}))


if __name__ == "__main__":
    main(sys.argv[1:])
