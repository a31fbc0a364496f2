"""ReadArticles: files -> articles and rejects, nothing dropped, on a real TestPipeline."""

import gzip

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipeline.beam.read import ReadArticles
from pipeline.beam.tags import REJECTS
from pipeline.core.config import InputConfig
from pipeline.io.inputs import resolve_inputs
from pipeline.io.recover import split_origin
from tests.conftest import IN_MEMORY


def _read(paths):
    files = resolve_inputs([str(p) for p in paths]).files
    pipeline = TestPipeline(argv=IN_MEMORY)
    read = pipeline | ReadArticles(files, InputConfig())
    return pipeline, read


def test_txt_jsonl_and_gzip_become_articles_and_rejects(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text("Headline\n\nBody text.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9")
    (tmp_path / "bad.txt").write_bytes("café".encode() + b"\xff" * 10)
    (tmp_path / "feed.jsonl").write_text(
        '{"id": "j1", "text": "First."}\n\n{"id": "j2", "text": \n{"id": "j3", "text": "Third."}\n', encoding="utf-8"
    )
    with gzip.open(tmp_path / "old.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write('{"id": "g1", "text": "Zipped."}\n')
    pipeline, read = _read([tmp_path])
    ids = read.articles | "Ids" >> beam.Map(lambda a: (a.id, a.text))
    reasons = read[REJECTS] | "Reasons" >> beam.Map(lambda r: (r.id.rsplit("/", 1)[-1], r.reason))
    assert_that(
        ids,
        equal_to(
            [
                ("a/story", "Headline\n\nBody text."),
                ("latin1", "café"),
                ("j1", "First."),
                ("j3", "Third."),
                ("g1", "Zipped."),
            ]
        ),
        label="Articles",
    )
    assert_that(reasons, equal_to([("bad", "invalid_utf8"), ("feed.jsonl:3", "invalid_json")]), label="Rejects")
    # Each reject names its file and line (its origin), to be read again for the rejects file (RecoverRejects).
    origins = read[REJECTS] | "Origins" >> beam.Map(lambda r: split_origin(r.origin))
    expected = [(str(tmp_path / "bad.txt"), None), (str(tmp_path / "feed.jsonl"), 3)]
    assert_that(origins, equal_to(expected), label="Origins")
    pipeline.run().wait_until_finish()


def test_a_truncated_gzip_keeps_what_was_read_and_rejects_the_rest(tmp_path):
    data = gzip.compress(b"".join(b'{"id": "r%d", "text": "Record number %d."}\n' % (i, i) for i in range(2000)))
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    pipeline, read = _read([tmp_path / "cut.jsonl.gz"])
    counted = (read.articles, read[REJECTS]) | beam.Flatten() | beam.combiners.Count.Globally()
    reasons = read[REJECTS] | "Reasons" >> beam.Map(lambda r: r.reason)
    assert_that(reasons, equal_to(["truncated_gzip"]), label="OneRejectForTheRest")
    assert_that(counted, lambda counts: counts[0] > 1, label="SomeRecordsRead")
    pipeline.run().wait_until_finish()


def test_each_file_reports_its_size_hash_and_record_count_for_the_manifest(tmp_path):
    import hashlib

    from pipeline.beam.read import ReadInputFile

    data = gzip.compress(b'{"id": "a", "text": "One."}\n{"id": "b", "text": "Two."}\n')
    (tmp_path / "feed.jsonl.gz").write_bytes(data)
    (tmp_path / "story.txt").write_bytes(b"Headline\n\nBody.")
    pipeline, read = _read([tmp_path])
    files = read[ReadInputFile.FILES] | beam.Map(
        lambda f: (f["path"].rsplit("/", 1)[-1], f["bytes"], f["sha256"], f["records"])
    )
    assert_that(
        files,
        equal_to(
            [
                ("feed.jsonl.gz", len(data), hashlib.sha256(data).hexdigest(), 2),
                ("story.txt", 15, hashlib.sha256(b"Headline\n\nBody.").hexdigest(), 1),
            ]
        ),
    )
    pipeline.run().wait_until_finish()
