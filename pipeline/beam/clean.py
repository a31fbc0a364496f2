"""NormalizeArticles and CleanArticles: normalize text once, then strip boilerplate and the repeated headline
(pipeline.text does the work).

Normalizing (layout, paragraphs, repairs) is most of the cost of cleaning, and both LearnBoilerplate and
CleanArticles need its paragraphs, so NormalizeArticles does it once per article and both take its output:
:class:`~pipeline.text.clean.NormalizedArticle` records in batches (:class:`~pipeline.text.clean.NormalizedBatch`).
Both also take plain articles and then normalize them themselves, for pipelines that use one of them alone.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import apache_beam as beam

from pipeline.beam.boilerplate import site_keys
from pipeline.beam.progress import CLEANED, READ, READ_CHARS, ProgressSettings, meter_for
from pipeline.beam.spill import Span, close_spills, load_values, optional_spill, spill_value
from pipeline.beam.stats import INTERNAL_ERROR, CountingDoFn
from pipeline.beam.tags import REJECTS, STATS
from pipeline.beam.windows import finished, in_global_window
from pipeline.core.pickled import Pickled, unpickled
from pipeline.core.record import Article, Reject
from pipeline.dedup.config import DedupConfig
from pipeline.local.memo import MemoizedChunks
from pipeline.local.pool import OrderedChunks
from pipeline.local.workers import Workers
from pipeline.report.aggregates import chars_removed_counter
from pipeline.report.samples import SAMPLES, cleaning_sample, fixes_from_counts, is_sampled, site_of
from pipeline.text.clean import (
    ArticleCleaner,
    CleanedText,
    LedgerLine,
    NormalizedArticle,
    NormalizedBatch,
    NormalizedText,
    unbatched,
)
from pipeline.text.config import CleaningConfig
from pipeline.text.learned import site_key
from pipeline.text.sitegroups import learned_site
from pipeline.work.tasks import (
    Cleaned,
    CleanItem,
    CleanTexts,
    FingerprintedArticle,
    Normalized,
    NormalizeTexts,
    Outcome,
    TextFingerprint,
    clean_item_chars,
    ranked,
)

LINE_REMOVED = "line-removed:"
# Tagged output of NormalizeArticles when cleaning.learned is on: each article's ArticleKeys, for LearnFromLineKeys.
LINE_KEYS = "line_keys"
# Tagged output of per-bundle {(site, rule): lines} tallies, summed to the report's per-site removals.
SITE_REMOVALS = "site_removals"
# Tagged output of the removal ledger (LedgerLine records), when cleaning.ledger is on.
REMOVED_LINES = "removed_lines"
# NormalizedArticles per NormalizedBatch. CleanArticles' side input puts a stage boundary after normalizing, and the
# in-memory runner spent ~25 us encoding each NormalizedArticle there on its own (0.5 s of a 20k-article run), and as
# much decoding it; in a batch each costs the ~6 us of pickling it.
NORMALIZED_BATCH = 256


def paragraphs_of(normalized: NormalizedText | Pickled[NormalizedText]) -> tuple[str, ...]:
    """The paragraphs of a normalized text, unpickled when it is pickled."""
    return unpickled(normalized).paragraphs


class NormalizingDoFn(CountingDoFn):
    """A DoFn that counts the articles it reads the way the cleaning step counts them (input size, read progress).
    Its per-article work is a task (:mod:`pipeline.work.tasks`), run in local worker processes when ``workers`` has any
    (:mod:`pipeline.local.pool`)."""

    def __init__(
        self,
        config: CleaningConfig,
        sample_rate: float = 0.0,
        progress: ProgressSettings | None = None,
        workers: Workers | None = None,
    ) -> None:
        self._config = config
        self._sample_rate = sample_rate
        self._progress = progress
        self._workers = workers

    def setup(self) -> None:
        self._meter = meter_for(self._progress)
        self._pool = self._workers.pool() if self._workers else None

    def read(self, article: Article) -> int:
        """Count ``article`` as read; returns its input size in characters."""
        input_chars = len(article.text)
        self.count("chars:input", input_chars)
        if self._meter is not None:
            self._meter.add(READ)
            self._meter.add(READ_CHARS, input_chars)
        return input_chars


@dataclass(frozen=True)
class SpilledBatch:
    """A :class:`~pipeline.text.clean.NormalizedBatch` in a spill file (:mod:`pipeline.beam.spill`): what crosses to
    CleanArticles when it has to wait for the learned lines, so that the runner does not hold every normalized text
    meanwhile."""

    span: Span

    def load(self) -> NormalizedBatch:
        batch: NormalizedBatch = load_values([self.span])[0]
        return batch


class NormalizeArticle(NormalizingDoFn):
    """Article -> NormalizedArticle without the article's text (unless sampled), in NormalizedBatches of up to
    :data:`NORMALIZED_BATCH` (with a ``spill_dir``, written there and output as :class:`SpilledBatch` es); or an
    internal_error reject."""

    _spill_dir: str | None = None

    def spilling_to(self, spill_dir: str | None) -> NormalizeArticle:
        """This DoFn, writing its batches to spill files in ``spill_dir`` (None: outputting them)."""
        self._spill_dir = spill_dir
        return self

    def setup(self) -> None:
        super().setup()
        # Exact copies of a text (re-scraped pages, syndicated stories) are normalized once.
        self._work: MemoizedChunks[Article, str, Outcome[Normalized]] = MemoizedChunks(
            OrderedChunks(NormalizeTexts(self._config, pickled=True), self._pool, measure=len)
        )

    def start_bundle(self) -> None:
        super().start_bundle()
        self._batch: list[NormalizedArticle] = []
        self._spill = optional_spill(self._spill_dir, "normalized")

    def process(self, article: Article) -> Iterator[Any]:
        self.read(article)
        yield from self._emit(self._work.add(article, article.text))

    def finish_bundle(self) -> Iterator[Any]:
        yield from map(finished, self._emit(self._work.flush()))
        if self._batch:
            yield in_global_window(self._take_batch())
        close_spills(self._spill)
        yield from super().finish_bundle()

    def _take_batch(self) -> NormalizedBatch | SpilledBatch:
        batch, self._batch = NormalizedBatch(tuple(self._batch)), []
        if self._spill is None:
            return batch
        return SpilledBatch(spill_value(self._spill, batch))

    def _emit(self, done: Iterable[tuple[Article, Outcome[Normalized]]]) -> Iterator[Any]:
        for article, outcome in done:
            if outcome.error is not None:
                # The counts travel with the normalized text and are counted where it is cleaned; those of a
                # normalization that raised are counted here, as cleaning counted them before the error.
                self.count_all(outcome.counts)
                if self._config.learned.enabled:
                    # Learning never sees the article (ArticleLineKeys, normalizing it itself, counts it so).
                    self.count("learned:articles-skipped")
                reject = self.rejected(article.id, "cleaning", outcome.error, article.origin)
                yield beam.pvalue.TaggedOutput(REJECTS, reject)
                continue
            assert outcome.result is not None
            # Both pickled (NormalizeTexts(pickled=True)): this thread passes them on without reading them.
            normalized, keys = outcome.result
            if keys is not None:
                yield beam.pvalue.TaggedOutput(LINE_KEYS, site_keys(article, keys))
            input_chars = len(article.text)
            # The text is not needed after normalization and is the largest field: smaller elements to hold.
            if not is_sampled(article.id, self._sample_rate):
                article = article.with_text("", article.title)
            self._batch.append(NormalizedArticle(article, input_chars, normalized))
            if len(self._batch) >= NORMALIZED_BATCH:
                yield self._take_batch()


class NormalizeArticles(beam.PTransform):
    """Outputs: main (NormalizedBatch of NormalizedArticles; SpilledBatch with a ``spill_dir``), ``rejects``
    (articles whose normalization raised), ``stats``, and when ``cleaning.learned`` is on ``line_keys`` (each article's
    ArticleKeys, the input of LearnFromLineKeys). Whoever runs it deletes ``spill_dir`` once the batches are read."""

    def __init__(
        self,
        config: CleaningConfig,
        sample_rate: float = 0.0,
        progress: ProgressSettings | None = None,
        workers: Workers | None = None,
        spill_dir: str | None = None,
    ) -> None:
        super().__init__()
        self._normalize = NormalizeArticle(config, sample_rate, progress, workers).spilling_to(spill_dir)

    def expand(self, articles: beam.PCollection) -> beam.pvalue.DoOutputsTuple:
        return articles | "Normalize" >> beam.ParDo(self._normalize).with_outputs(
            REJECTS, STATS, LINE_KEYS, main="articles"
        )


# What CleanArticle keeps of an article while it is being cleaned: the article and its input size.
Pending = tuple[Article, int]


class CleanArticle(NormalizingDoFn):
    """Applies the configured cleaner to an Article, or to each NormalizedArticle of a NormalizedBatch; with a
    ``fingerprint`` config, each cleaned article comes out as a FingerprintedArticle.

    For the run report it also counts characters removed per article (``hist:chars-removed:*``), tallies removed
    lines per site (``site_removals`` output) and emits a before/after sample of the articles whose id hash falls
    under ``sample_rate`` (``samples`` output).
    """

    def __init__(
        self,
        config: CleaningConfig,
        sample_rate: float = 0.0,
        progress: ProgressSettings | None = None,
        workers: Workers | None = None,
        fingerprint: DedupConfig | None = None,
    ) -> None:
        super().__init__(config, sample_rate, progress, workers)
        self._fingerprint = fingerprint

    def setup(self) -> None:
        super().setup()
        # Settles each article with its cleaned text, and marks a sample's input lines with its normalizer (see
        # _sample); the texts' cleaning is the task's.
        self._cleaner = ArticleCleaner(self._config)
        # Articles with the same normalized text, title and site lines are cleaned (and fingerprinted) once.
        self._work: MemoizedChunks[Pending, CleanItem, Outcome[Cleaned]] = MemoizedChunks(
            OrderedChunks(CleanTexts(self._config, self._fingerprint), self._pool, measure=clean_item_chars)
        )

    def start_bundle(self) -> None:
        super().start_bundle()
        self._sites: Counter[tuple[str, str]] = Counter()

    def process(
        self,
        element: Article | NormalizedArticle | NormalizedBatch | SpilledBatch,
        learned: dict[str, frozenset[str]] | None = None,
        groups: dict[int, str] | None = None,
    ) -> Iterator[Any]:
        if isinstance(element, SpilledBatch):
            element = element.load()
        for item in unbatched(element):
            if isinstance(item, NormalizedArticle):
                article, input_chars, normalized = item.article, item.input_chars, item.normalized
            else:
                # Normalized by the cleaner itself, counting its normalization as NormalizeArticle would.
                article, input_chars, normalized = item, self.read(item), None
            # The lines learned as this article's site's boilerplate (LearnBoilerplate side input); an article with
            # no site takes its inferred group's (``groups``: pipeline/text/sitegroups.py), which hold the unsited
            # group's too, else the unsited group's.
            site_lines: frozenset[str] = frozenset()
            if learned:
                paragraphs = None if normalized is None else partial(paragraphs_of, normalized)
                site = learned_site(article, paragraphs, groups or {})
                site_lines = learned.get(site) or learned.get(site_key(article), frozenset())
            pending = (article, input_chars)
            # The text is not read when it comes normalized (a sampled article still has it).
            text = article.text if normalized is None else ""
            yield from self._emit(self._work.add(pending, (text, article.title, site_lines, normalized)))

    def finish_bundle(self) -> Iterator[Any]:
        yield from map(finished, self._emit(self._work.flush()))
        yield from super().finish_bundle()
        sites, self._sites = self._sites, Counter()
        if sites:
            yield beam.pvalue.TaggedOutput(SITE_REMOVALS, in_global_window(dict(sites)))

    def _emit(self, done: Iterable[tuple[Pending, Outcome[Cleaned]]]) -> Iterator[Any]:
        for (article, input_chars), outcome in done:
            # An article's counts (~10: its fixes, its removed lines by rule) in one loop each, not a call per count
            # through a closure: 4.1 -> 2.5 us an article (timeit), ~0.16 s of this thread at 100k articles.
            self.count_all(outcome.counts)
            site = site_of(article)
            for name, n in outcome.counts:
                if name.startswith(LINE_REMOVED):
                    self._sites[site, name[len(LINE_REMOVED) :]] += n
            if outcome.error is not None:
                reject = self.rejected(article.id, "cleaning", outcome.error, article.origin)
                yield beam.pvalue.TaggedOutput(REJECTS, reject)
                continue
            assert outcome.result is not None
            yield from self._cleaned(article, input_chars, outcome.counts, *outcome.result)

    def _cleaned(
        self,
        article: Article,
        input_chars: int,
        counts: Sequence[tuple[str, int]],
        cleaned: CleanedText,
        fingerprint: Outcome[TextFingerprint] | None,
    ) -> Iterator[Any]:
        result = self._cleaner.settle(article, cleaned)
        if self._config.ledger:
            for line in cleaned.removed:
                yield beam.pvalue.TaggedOutput(REMOVED_LINES, LedgerLine(article.id, line.line, line.rule))
        if isinstance(result, Reject):
            result = dataclasses.replace(result, origin=article.origin)  # to read its text again (pipeline.io.recover)
            if result.reason != INTERNAL_ERROR:
                self.count(f"rejected:{result.reason}")
                yield from self._sample(article, cleaned, counts, result.reason)
            yield beam.pvalue.TaggedOutput(REJECTS, result)
            return
        self.count("cleaned:articles")
        self.count("chars:cleaned", len(result.text))
        self.count(chars_removed_counter(input_chars - len(result.text)))
        if self._meter is not None:
            self._meter.add(CLEANED)
        yield from self._sample(article, cleaned, counts, "cleaned")
        yield result if fingerprint is None else FingerprintedArticle(result, ranked(result, fingerprint))

    def _sample(
        self, article: Article, cleaned: CleanedText, counts: Sequence[tuple[str, int]], outcome: str
    ) -> Iterator[Any]:
        """The article's before/after sample, when its id is sampled: its cleaned text and the fixes its cleaning
        counted (``counts``, its normalizing's included), as the task gave them. (Cleaning the ~200 sampled articles
        again on this thread, as it did, cost ~0.25 s of every run, on one core.)"""
        if not is_sampled(article.id, self._sample_rate):
            return
        tally: Counter[str] = Counter()
        for name, n in counts:
            tally[name] += n
        fixes = fixes_from_counts(tally)
        normalize = self._cleaner.normalizer
        yield beam.pvalue.TaggedOutput(SAMPLES, cleaning_sample(article, cleaned, fixes, outcome, normalize))


class CleanArticles(beam.PTransform):
    """Main input: Article, or NormalizedBatch / SpilledBatch from NormalizeArticles (with the same config and sample
    rate).

    Outputs: main (cleaned Article; with a ``fingerprint`` config, the dedup config of the steps that follow, a
    FingerprintedArticle, which they take without hashing the text again), ``rejects`` (empty after cleaning),
    ``stats``, ``removed_lines`` (the removal ledger's LedgerLine records, when ``cleaning.ledger`` is on), and for the
    run report ``samples`` (sampled articles before/after) and ``site_removals`` (per-bundle removed lines by site and
    rule)."""

    def __init__(
        self,
        config: CleaningConfig,
        sample_rate: float = 0.0,
        progress: ProgressSettings | None = None,
        learned: beam.PCollection | None = None,
        workers: Workers | None = None,
        fingerprint: DedupConfig | None = None,
        groups: beam.PCollection | None = None,
    ) -> None:
        super().__init__()
        self._clean = CleanArticle(config, sample_rate, progress, workers, fingerprint)
        # LearnBoilerplate's inferred site groups (one dict {line key: group}), for articles with no site.
        self._groups = groups
        # (site, frozenset of line keys) from LearnBoilerplate, passed to the DoFn as a dict side input.
        self._learned = learned

    def expand(self, articles: beam.PCollection) -> beam.pvalue.DoOutputsTuple:
        side: dict[str, beam.pvalue.AsSideInput] = {}
        if self._learned is not None:
            side["learned"] = beam.pvalue.AsDict(self._learned)
        if self._learned is not None and self._groups is not None:
            side["groups"] = beam.pvalue.AsSingleton(self._groups, default_value={})
        return articles | "Clean" >> beam.ParDo(self._clean, **side).with_outputs(
            REJECTS, STATS, SAMPLES, SITE_REMOVALS, REMOVED_LINES, main="articles"
        )
