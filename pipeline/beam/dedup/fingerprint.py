"""Steps 1 and 2 of dedup: every article fingerprinted (or its fingerprint from cleaning taken), batched into nodes,
texts and fingerprints; the exact copies of one content hash resolved to their representative."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import apache_beam as beam

from pipeline.beam.bands import BandColumns, KeyedBatches, digest_partition, id_partition, unpack
from pipeline.beam.dedup.shapes import MAX_BUFFERED
from pipeline.beam.spill import Span, SpillFile, close_spills, optional_spill, spilled, unspilled
from pipeline.beam.stats import CountingDoFn
from pipeline.beam.tags import REJECTS
from pipeline.beam.windows import finished, in_global_window
from pipeline.core.record import Article, ArticleLine
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.minhash import is_empty_signature
from pipeline.io.jsonl import article_line
from pipeline.local.pool import OrderedChunks
from pipeline.local.workers import Workers
from pipeline.work.tasks import Fingerprint, FingerprintedArticle, Fingerprints, Outcome, article_chars


def spill_in(spill_dir: str | None, subdirectory: str) -> SpillFile | None:
    """A bundle's spill file in ``subdirectory`` of the dedup spill directory (None without one), which its reader
    deletes once done."""
    return optional_spill(posixpath.join(spill_dir, subdirectory) if spill_dir else None, subdirectory)


def line_of(article: Article, spill: SpillFile | None) -> ArticleLine:
    """``article`` as its output line (:func:`~pipeline.io.jsonl.article_line`): the line itself, or with a ``spill``
    written there, its span.

    >>> line_of(Article("a1", "Body."), None).line
    b'{"id": "a1", "title": null, "text": "Body."}'
    """
    line = article_line(article)
    return ArticleLine(article.id, line if spill is None else spill.append(line), article.origin)


class FingerprintArticle(CountingDoFn):
    """Takes an Article (fingerprinted here) or a FingerprintedArticle. Main output: node batches ``(partition,
    [(article line, (rank, content hash), (signature, shingle set)), ...])``, the article as its output line
    (:class:`~pipeline.core.record.ArticleLine`: with a ``line_spill_dir``, written to a spill file there, which the
    writer of the outputs deletes); ``texts`` output ``(partition, [(content hash, rank, signature), ...])`` batched
    by the partition of the content hash; ``fingerprints`` output
    ``(partition, [(id, (rank, content hash, shingle set)), ...])`` batched by the partition of the id, the shingle
    set as bytes or the span of its spilled copy (:func:`pipeline.beam.spill.unspilled` reads either); ``rejects``
    for an article whose fingerprinting raised an error. All batches are packed. With a ``spill_dir``, node, text and
    fingerprint batches are written to spill files (in its :attr:`NODES`, :attr:`TEXTS` and :attr:`FINGERPRINTS`
    subdirectories) and their spans go on in their place; so is each shingle set (:attr:`SHINGLES`), once, and the
    node and the fingerprint both carry its span."""

    TEXTS = "texts"  # the output's tag, and the subdirectory of spill_dir its spill files are in
    FINGERPRINTS = "fingerprints"  # the output's tag, and the subdirectory of spill_dir its spill files are in
    NODES = "nodes"  # the subdirectory of spill_dir the node batches' spill files are in
    # The subdirectory of spill_dir the shingle sets' spill files are in. A set (1.7 KB on average over 3,000 articles
    # of the 10k distinct corpus) is read only for the articles of candidate pairs (VerifyCandidates) and for members
    # with a root of other content (Route). Written once here, it is not written, pickled and unpickled again inside
    # every node and fingerprint batch.
    SHINGLES = "shingles"

    def __init__(
        self,
        config: DedupConfig,
        partitions: int,
        workers: Workers | None = None,
        spill_dir: str | None = None,
        line_spill_dir: str | None = None,
    ) -> None:
        self._config = config
        self._partitions = partitions
        self._workers = workers
        # With a spill directory a node, text or fingerprint batch is written there and only its span goes on: the
        # nodes wait for the whole dedup before Route reads them, the fingerprints for the candidate pairs before
        # CandidateFingerprints does, and the runner would hold every text, or every shingle set, meanwhile; the text
        # batches (a signature per text, ~0.6 KB) would be held twice while GroupCopies regroups them.
        self._spill_dir = spill_dir
        # The articles' lines, written here once: Route passes a kept one's span on to the writer, which reads it
        # back. A node carried the whole article: pickled here, unpickled by Route, turned into JSON and spilled again
        # by the writer, all on the runner's one thread (the kept ones' lines ~5 KB each on the distinct corpus).
        self._line_spill_dir = line_spill_dir

    def setup(self) -> None:
        pool = self._workers.pool() if self._workers else None
        self._work: OrderedChunks[Article, Article, Outcome[Fingerprint]] = OrderedChunks(
            Fingerprints(self._config), pool, measure=article_chars
        )

    def start_bundle(self) -> None:
        super().start_bundle()
        self._nodes = KeyedBatches(MAX_BUFFERED)
        self._fingerprints = KeyedBatches(MAX_BUFFERED)
        self._texts = KeyedBatches(MAX_BUFFERED)
        self._node_spill = spill_in(self._spill_dir, self.NODES)
        self._fingerprint_spill = spill_in(self._spill_dir, self.FINGERPRINTS)
        self._text_spill = spill_in(self._spill_dir, self.TEXTS)
        self._shingle_spill = spill_in(self._spill_dir, self.SHINGLES)
        self._line_spill = optional_spill(self._line_spill_dir, "articles")

    def process(self, element: Article | FingerprintedArticle) -> Iterator[Any]:
        if isinstance(element, FingerprintedArticle):  # fingerprinted where it was cleaned
            yield from self._emit([(element.article, element.fingerprint)])
        else:
            yield from self._emit(self._work.add(element, element))

    def _emit(self, done: Iterable[tuple[Article, Outcome[Fingerprint]]]) -> Iterator[Any]:
        for article, outcome in done:
            self.count_all(outcome.counts)
            if outcome.error is not None:
                reject = self.rejected(article.id, "fingerprinting", outcome.error, article.origin)
                yield beam.pvalue.TaggedOutput(REJECTS, reject)
                continue
            assert outcome.result is not None
            rank, exact, signature, shingles = outcome.result
            if is_empty_signature(signature):
                self.count("dedup:no-tokens")  # only exact copies can be found for these (see BandColumns.add)
            self.count("dedup:fingerprinted")
            partition = id_partition(article.id, self._partitions)
            shingle_set = shingles if self._shingle_spill is None else self._shingle_spill.append(shingles)
            # The node carries the signature and shingle set for Route, which verifies a member against a root with
            # other content by them (hashing the text again cost more).
            line = line_of(article, self._line_spill)
            if self._nodes.add(partition, (line, (rank, exact), (signature, shingle_set))):
                yield from self._node_batches()
            if self._fingerprints.add(partition, (article.id, (rank, exact, shingle_set))):
                yield from self._fingerprint_batches()
            if self._texts.add(digest_partition(exact, self._partitions), (exact, rank, signature)):
                yield from self._text_batches()

    def _node_batches(self) -> Iterator[tuple[int, bytes | Span]]:
        """The buffered node batches (packed, or spilled)."""
        return spilled(self._nodes.drain(), self._node_spill)

    def _text_batches(self) -> Iterator[beam.pvalue.TaggedOutput]:
        """The buffered text batches (packed, or spilled), as the ``texts`` output."""
        for batch in spilled(self._texts.drain(), self._text_spill):
            yield beam.pvalue.TaggedOutput(self.TEXTS, batch)

    def _fingerprint_batches(self) -> Iterator[beam.pvalue.TaggedOutput]:
        """The buffered fingerprint batches (packed, or spilled), as the ``fingerprints`` output."""
        for batch in spilled(self._fingerprints.drain(), self._fingerprint_spill):
            yield beam.pvalue.TaggedOutput(self.FINGERPRINTS, batch)

    def finish_bundle(self) -> Iterator[Any]:
        yield from map(finished, self._emit(self._work.flush()))
        for batch in self._node_batches():
            yield in_global_window(batch)
        yield from map(finished, self._fingerprint_batches())
        yield from map(finished, self._text_batches())
        close_spills(self._node_spill, self._fingerprint_spill, self._text_spill, self._shingle_spill, self._line_spill)
        yield from super().finish_bundle()


class ResolveCopies(CountingDoFn):
    """One partition of content hashes (text batches, packed or spilled) -> the copies of each text. The best-ranked
    copy stands for its text in LSH (main output: its band groups, batched as :class:`BandColumns`, or spilled to
    ``spill_dir`` when it is given); every other copy is an exact duplicate of it (``copies`` output: ``(partition of
    the representative's id, [(representative id, copy id), ...])``).

    So LSH, verification and the components see each distinct text once: exact copies, common in news
    (syndication, re-scrapes), cost one entry here instead of ``bands`` bucket entries and candidate pairs each.
    """

    COPIES = "copies"
    BANDS = "bands"  # the subdirectory of spill_dir the band groups' spill files are in

    def __init__(self, config: DedupConfig, partitions: int, spill_dir: str | None = None) -> None:
        self._config = config
        self._partitions = partitions
        # Every text's 32 band entries (~2 KB a text, each with its rank) would otherwise wait in the runner until
        # GroupBuckets has them all, and be held twice there while it regroups them.
        self._spill_dir = spill_dir

    def setup(self) -> None:
        self._bands, self._rows = self._config.banding()

    def start_bundle(self) -> None:
        super().start_bundle()
        self._buckets = BandColumns(self._bands, self._rows)
        self._copies = KeyedBatches(MAX_BUFFERED)
        self._band_spill = spill_in(self._spill_dir, self.BANDS)

    def process(self, group: tuple[int, Iterable[bytes | Span]]) -> Iterator[Any]:
        _, batches = group
        texts: dict[bytes, list[tuple[tuple, bytes]]] = defaultdict(list)
        for batch in unspilled(batches):
            for exact, rank, signature in unpack(batch):
                texts[exact].append((rank, signature))
        for exact in sorted(texts):
            copies = sorted(texts[exact])
            best_rank, signature = copies[0]
            representative = best_rank[-1]
            if self._buckets.add(signature, best_rank):
                yield from spilled(self._buckets.drain(), self._band_spill)
            for rank, _ in copies[1:]:
                if rank[-1] == representative:
                    continue  # several records with one id and one text: Route resolves them
                self.count("dedup:exact-copies")
                if self._copies.add(id_partition(representative, self._partitions), (representative, rank[-1])):
                    yield from (beam.pvalue.TaggedOutput(self.COPIES, batch) for batch in self._copies.drain())

    def finish_bundle(self) -> Iterator[Any]:
        for group in spilled(self._buckets.drain(), self._band_spill):
            yield in_global_window(group)
        close_spills(self._band_spill)
        for batch in self._copies.drain():
            yield beam.pvalue.TaggedOutput(self.COPIES, in_global_window(batch))
        yield from super().finish_bundle()
