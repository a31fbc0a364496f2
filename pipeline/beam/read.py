"""ReadArticles: input files -> articles, with every unreadable record routed to rejects."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

import apache_beam as beam
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from pipeline.beam.stats import CountingDoFn
from pipeline.beam.tags import REJECTS, STATS
from pipeline.core.config import InputConfig
from pipeline.core.record import Article, Reject
from pipeline.io.decode import DecodeFailure
from pipeline.io.hashing import HashingReader
from pipeline.io.inputs import InputFile, is_gzipped
from pipeline.io.records import article_from_json_line, article_from_txt, decode
from pipeline.io.recover import line_origin

# Errors that mean "this file cannot be read (any further)": a truncated (EOFError) or corrupt (BadGzipFile, an
# OSError; zlib.error) gzip stream, a vanished or unreadable file (OSError).
# They reject the file (or its unread remainder), never the run.
READ_ERRORS = (OSError, EOFError, zlib.error)


@contextmanager
def open_input(path: str) -> Iterator[tuple[IO[bytes], HashingReader]]:
    """Open a file on any Beam filesystem: ``(text stream, hashing reader of the stored bytes)``.

    ``.gz`` is decompressed with Python's gzip: Beam's own decompression treats a truncated gzip stream as a clean end
    of file, so a cut-off download would pass as a short one; Python's gzip raises EOFError instead, which becomes a
    reject that says so. The hash covers the file as stored (compressed), for the run manifest.
    """
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as raw:
        hashed = HashingReader(raw)
        if is_gzipped(path):
            with gzip.GzipFile(fileobj=hashed) as unzipped:  # type: ignore[call-overload]
                yield unzipped, hashed
        else:
            yield hashed, hashed  # type: ignore[misc]


class ReadInputFile(CountingDoFn):
    """Reads one input file into articles (main output) and rejects (``rejects`` output); ``files`` gets one
    ``{"path", "bytes", "sha256", "records"}`` per file for the manifest."""

    FILES = "files"

    def __init__(self, config: InputConfig) -> None:
        self._config = config

    def process(self, input_file: InputFile) -> Iterator[Any]:
        records = 0
        if input_file.raw_path:
            self.count("read:file-names-not-utf8")
        with open_input(input_file.opened_path) as (stream, hashed):
            read = self._read_txt if input_file.kind == "txt" else self._read_jsonl
            for record in read(input_file, stream):
                records += 1
                self.count("read:records")
                if isinstance(record, Reject):
                    self.count(f"rejected:{record.reason}")
                    yield beam.pvalue.TaggedOutput(REJECTS, record)
                else:
                    self.count("read:articles")
                    yield record
            hashed.drain()
        yield beam.pvalue.TaggedOutput(
            self.FILES,
            {"path": input_file.path, "bytes": hashed.size, "sha256": hashed.hexdigest(), "records": records},
        )

    def _read_txt(self, input_file: InputFile, stream: IO[bytes]) -> Iterator[Article | Reject]:
        try:
            data = stream.read()
        except READ_ERRORS as error:
            yield read_failure(input_file.article_id, input_file.path, input_file, error)
            return
        yield article_from_txt(input_file.article_id, data, self._config, origin=input_file.path, count=self.count)

    def _read_jsonl(self, input_file: InputFile, stream: IO[bytes]) -> Iterator[Article | Reject]:
        line_number = 0
        try:
            for line_number, raw in enumerate(stream, start=1):  # noqa: B007 (used after the loop)
                if not raw.strip():
                    self.count("read:blank-lines")
                    continue
                # The id of a line without one is relative to the input root, like .txt ids: the same data gives the
                # same ids wherever it lives. The origin names the file itself, to read the line again for a reject.
                line_id, origin = f"{input_file.relative}:{line_number}", line_origin(input_file.path, line_number)
                try:
                    line = decode(raw, self._config, self.count)
                except DecodeFailure as failure:
                    yield Reject(line_id, failure.reason, failure.detail, origin)
                    continue
                yield article_from_json_line(line, origin, self._config, line_id, self.count)
        except READ_ERRORS as error:
            # The unread rest of the file is one reject: its records cannot be counted, let alone recovered.
            unread = line_number + 1
            yield read_failure(
                f"{input_file.relative}:{unread}", line_origin(input_file.path, unread), input_file, error
            )


def read_failure(record_id: str, origin: str, input_file: InputFile, error: BaseException) -> Reject:
    """The reject for a file (or its unread rest, from ``origin`` on) that could not be read."""
    if isinstance(error, EOFError):
        reason, what = "truncated_gzip", "gzip stream ends early (truncated download?)"
    elif isinstance(error, gzip.BadGzipFile | zlib.error):
        reason, what = "corrupt_gzip", f"gzip data is corrupt ({error})"
    else:
        reason, what = "unreadable_file", f"cannot read the file ({error})"
    return Reject(record_id, reason, f"{what} in {input_file.path}; re-download or re-compress it", origin)


class ReadArticles(beam.PTransform):
    """Reads the resolved input files. Outputs: main (Article), ``rejects`` (Reject), ``stats`` (dict), ``files``."""

    def __init__(self, files: Sequence[InputFile], config: InputConfig) -> None:
        super().__init__()
        self._files = list(files)
        self._config = config

    def expand(self, pbegin: beam.pvalue.PBegin) -> beam.pvalue.DoOutputsTuple:
        return (
            pbegin
            # Only file names enter the graph; Reshuffle spreads the files over workers before they are opened (so
            # Create's own reshuffle, 5 more transforms and a stage, is off).
            | "ListFiles" >> beam.Create(self._files, reshuffle=False)
            | "SpreadFiles" >> beam.Reshuffle()
            | "ReadFiles"
            >> beam.ParDo(ReadInputFile(self._config)).with_outputs(
                REJECTS, STATS, ReadInputFile.FILES, main="articles"
            )
        )
