"""RecoverRejects: each reject gets its input file, line and record as read, whatever stage rejected it."""

import gzip

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipeline.beam.recover import RecoverRejects
from pipeline.core.config import InputConfig, OutputConfig
from pipeline.core.record import Reject
from pipeline.io.inputs import resolve_inputs
from pipeline.io.jsonl import reject_to_dict, to_line
from pipeline.io.recover import line_origin
from tests.conftest import IN_MEMORY

FEED = b'{"id": "a", "text": "Advertisement"}\n\n{"id": "b", "text": \n{"id": "c", "text": "C."}\r\n'


def _corpus(tmp_path):
    (tmp_path / "in" / "world").mkdir(parents=True)
    (tmp_path / "in" / "feed.jsonl").write_bytes(FEED)
    (tmp_path / "in" / "world" / "story.txt").write_bytes(b"Headline\n\nAdvertisement\n")
    (tmp_path / "in" / "image.txt").write_bytes(b"\x89PNG\x00\x00")
    data = gzip.compress(b"".join(b'{"id": "r%d", "text": "Record %d."}\n' % (i, i) for i in range(2000)))
    (tmp_path / "in" / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    return {f.relative: f for f in resolve_inputs([str(tmp_path / "in")]).files}


def _rejects(files):
    feed, story, image, cut = files["feed.jsonl"], files["world/story.txt"], files["image.txt"], files["cut.jsonl.gz"]
    return [
        Reject("a", "empty_after_cleaning", "0 words", line_origin(feed.path, 1)),
        Reject("feed.jsonl:3", "invalid_json", "not valid JSON", line_origin(feed.path, 3)),
        Reject("c", "duplicate_id", "make ids unique", line_origin(feed.path, 4)),
        Reject("world/story", "empty_after_cleaning", "1 word", story.path),
        Reject("image", "binary", "not text", image.path),
        Reject("cut.jsonl.gz:1500", "truncated_gzip", "ends early", line_origin(cut.path, 1500)),
        Reject("lost", "internal_error", "no origin"),
    ]


def _run(files, output, expected):
    pipeline = TestPipeline(argv=IN_MEMORY)
    lines = (
        pipeline
        | beam.Create(_rejects(files))
        | RecoverRejects(list(files.values()), InputConfig(), output)
        | beam.Map(lambda reject: to_line(reject_to_dict(reject)))
    )
    assert_that(lines, equal_to(expected))
    pipeline.run().wait_until_finish()


def test_every_reject_gets_its_file_line_and_record_as_read(tmp_path):
    cut = "the input file could not be read up to this record (EOFError: Compressed file ended before the "
    cut += 'end-of-stream marker was reached)"}'
    _run(
        _corpus(tmp_path),
        OutputConfig(),
        [
            '{"id": "a", "reason": "empty_after_cleaning", "detail": "0 words", "source_file": "feed.jsonl", '
            '"source_line": 1, "source_text": "{\\"id\\": \\"a\\", \\"text\\": \\"Advertisement\\"}"}',
            '{"id": "feed.jsonl:3", "reason": "invalid_json", "detail": "not valid JSON", "source_file": "feed.jsonl", '
            '"source_line": 3, "source_text": "{\\"id\\": \\"b\\", \\"text\\": "}',
            '{"id": "c", "reason": "duplicate_id", "detail": "make ids unique", "source_file": "feed.jsonl", '
            '"source_line": 4, "source_text": "{\\"id\\": \\"c\\", \\"text\\": \\"C.\\"}"}',
            '{"id": "world/story", "reason": "empty_after_cleaning", "detail": "1 word", '
            '"source_file": "world/story.txt", "source_line": null, "source_text": "Headline\\n\\nAdvertisement\\n"}',
            '{"id": "image", "reason": "binary", "detail": "not text", "source_file": "image.txt", '
            '"source_line": null, "source_base64": "iVBORwAA"}',
            '{"id": "cut.jsonl.gz:1500", "reason": "truncated_gzip", "detail": "ends early", '
            '"source_file": "cut.jsonl.gz", "source_line": 1500, "source_omitted": "' + cut,
            '{"id": "lost", "reason": "internal_error", "detail": "no origin", "source_file": null, '
            '"source_line": null}',
        ],
    )


def test_without_reject_text_only_the_file_and_line_are_kept(tmp_path):
    _run(
        _corpus(tmp_path),
        OutputConfig(reject_text=False),
        [
            '{"id": "a", "reason": "empty_after_cleaning", "detail": "0 words", "source_file": "feed.jsonl", '
            '"source_line": 1}',
            '{"id": "feed.jsonl:3", "reason": "invalid_json", "detail": "not valid JSON", "source_file": "feed.jsonl", '
            '"source_line": 3}',
            '{"id": "c", "reason": "duplicate_id", "detail": "make ids unique", "source_file": "feed.jsonl", '
            '"source_line": 4}',
            '{"id": "world/story", "reason": "empty_after_cleaning", "detail": "1 word", '
            '"source_file": "world/story.txt", "source_line": null}',
            '{"id": "image", "reason": "binary", "detail": "not text", "source_file": "image.txt", '
            '"source_line": null}',
            '{"id": "cut.jsonl.gz:1500", "reason": "truncated_gzip", "detail": "ends early", '
            '"source_file": "cut.jsonl.gz", "source_line": 1500}',
            '{"id": "lost", "reason": "internal_error", "detail": "no origin", "source_file": null, '
            '"source_line": null}',
        ],
    )
