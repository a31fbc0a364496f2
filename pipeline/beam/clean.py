"""NormalizeArticles and CleanArticles: normalize text once, then strip boilerplate and the repeated headline
(pipeline.text does the work).

Normalizing (layout, paragraphs, repairs) is most of the cost of cleaning, and both LearnBoilerplate and
CleanArticles need its paragraphs, so NormalizeArticles does it once per article and both take its
:class:`~pipeline.text.clean.NormalizedArticle` output. Both also take plain articles and then normalize them
themselves, for pipelines that use one of them alone.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from typing import Any

import apache_beam as beam
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP
from apache_beam.utils.windowed_value import WindowedValue

from pipeline.beam.stats import INTERNAL_ERROR, CountingDoFn
from pipeline.beam.tags import REJECTS, STATS
from pipeline.counting import Tally
from pipeline.progress import CLEANED, READ, READ_CHARS, ProgressSettings, meter_for
from pipeline.record import Article, Reject
from pipeline.report.aggregates import chars_removed_counter
from pipeline.report.samples import SAMPLES, cleaning_sample, fixes_from_counts, is_sampled, site_of
from pipeline.text.clean import ArticleCleaner, LedgerLine, NormalizedArticle, NormalizedText
from pipeline.text.config import CleaningConfig
from pipeline.text.learned import site_key

LINE_REMOVED = "line-removed:"
# Tagged output of per-bundle {(site, rule): lines} tallies, summed to the report's per-site removals.
SITE_REMOVALS = "site_removals"
# Tagged output of the removal ledger (LedgerLine records), when cleaning.ledger is on.
REMOVED_LINES = "removed_lines"


class NormalizingDoFn(CountingDoFn):
    """A DoFn with the cleaner (rule registry lookups, compiled patterns; built per worker) that normalizes articles
    the way the cleaning step counts them: input size, read progress, the normalization counters, and an
    internal_error reject for an article whose normalization raises."""

    def __init__(
        self, config: CleaningConfig, sample_rate: float = 0.0, progress: ProgressSettings | None = None
    ) -> None:
        self._config = config
        self._sample_rate = sample_rate
        self._progress = progress

    def setup(self) -> None:
        self._cleaner = ArticleCleaner(self._config)
        self._meter = meter_for(self._progress)

    def normalized(self, article: Article, drop_text: bool = False) -> NormalizedArticle | Reject:
        """``article`` with its normalized text, or the reject saying what raised. With ``drop_text`` the article's
        text is dropped (smaller elements to shuffle and hold) unless the report samples it."""
        input_chars = len(article.text)
        self.count("chars:input", input_chars)
        if self._meter is not None:
            self._meter.add(READ)
            self._meter.add(READ_CHARS, input_chars)
        # The counts travel with the normalized text and are counted where it is cleaned; those of a normalization
        # that raises are counted here, as cleaning counted them before the error.
        counts = Tally()
        outcome = self.guarded(article.id, "cleaning", lambda: self._cleaner.normalize(article.text, counts))
        if isinstance(outcome, Reject):
            for name, n in counts.items():
                self.count(name, n)
            return outcome
        if drop_text and not is_sampled(article.id, self._sample_rate):
            article = dataclasses.replace(article, text="")
        return NormalizedArticle(article, input_chars, outcome)


class NormalizeArticle(NormalizingDoFn):
    """Article -> NormalizedArticle without the article's text (unless sampled), or an internal_error reject."""

    def process(self, article: Article) -> Iterator[Any]:
        outcome = self.normalized(article, drop_text=True)
        if isinstance(outcome, Reject):
            if self._config.learned.enabled:
                # LearnBoilerplate never sees the article; normalizing it itself, it counted it as skipped.
                self.count("learned:articles-skipped")
            yield beam.pvalue.TaggedOutput(REJECTS, outcome)
        else:
            yield outcome


class NormalizeArticles(beam.PTransform):
    """Outputs: main (NormalizedArticle), ``rejects`` (articles whose normalization raised), ``stats``."""

    def __init__(
        self, config: CleaningConfig, sample_rate: float = 0.0, progress: ProgressSettings | None = None
    ) -> None:
        super().__init__()
        self._config = config
        self._sample_rate = sample_rate
        self._progress = progress

    def expand(self, articles: beam.PCollection) -> beam.pvalue.DoOutputsTuple:
        normalize = NormalizeArticle(self._config, self._sample_rate, self._progress)
        return articles | "Normalize" >> beam.ParDo(normalize).with_outputs(REJECTS, STATS, main="articles")


class CleanArticle(NormalizingDoFn):
    """Applies the configured cleaner to an Article or a NormalizedArticle.

    For the run report it also counts characters removed per article (``hist:chars-removed:*``), tallies removed
    lines per site (``site_removals`` output) and emits a before/after sample of the articles whose id hash falls
    under ``sample_rate`` (``samples`` output).
    """

    def start_bundle(self) -> None:
        super().start_bundle()
        self._sites: Counter[tuple[str, str]] = Counter()

    def process(
        self, element: Article | NormalizedArticle, learned: dict[str, frozenset[str]] | None = None
    ) -> Iterator[Any]:
        if isinstance(element, NormalizedArticle):
            item = element
        else:
            normalized = self.normalized(element)
            if isinstance(normalized, Reject):
                yield beam.pvalue.TaggedOutput(REJECTS, normalized)
                return
            item = normalized
        article = item.article
        site = site_of(article)

        def count(name: str, n: int = 1) -> None:
            self.count(name, n)
            if name.startswith(LINE_REMOVED):
                self._sites[site, name[len(LINE_REMOVED) :]] += n

        # The lines learned as this article's site's boilerplate (LearnBoilerplate side input).
        site_lines = learned.get(site_key(article), frozenset()) if learned else frozenset()
        outcome = self.guarded(
            article.id, "cleaning", lambda: self._cleaner.clean(article, count, site_lines, item.normalized)
        )
        if isinstance(outcome, Reject):
            result: Article | Reject = outcome
        else:
            result, removed = outcome
            if self._config.ledger:
                for line in removed:
                    yield beam.pvalue.TaggedOutput(REMOVED_LINES, LedgerLine(article.id, line.line, line.rule))
        if isinstance(result, Reject):
            if result.reason != INTERNAL_ERROR:
                self.count(f"rejected:{result.reason}")
                yield from self._sample(article, item.normalized, result.reason, site_lines)
            yield beam.pvalue.TaggedOutput(REJECTS, result)
            return
        self.count("cleaned:articles")
        self.count("chars:cleaned", len(result.text))
        self.count(chars_removed_counter(item.input_chars - len(result.text)))
        if self._meter is not None:
            self._meter.add(CLEANED)
        yield from self._sample(article, item.normalized, "cleaned", site_lines)
        yield result

    def _sample(
        self, article: Article, normalized: NormalizedText, outcome: str, site_lines: frozenset[str] = frozenset()
    ) -> Iterator[Any]:
        """The article's before/after sample, when its id is sampled; cleaned again with a private tally (the
        cleaner is deterministic) so that the run's counters are not doubled."""
        if not is_sampled(article.id, self._sample_rate):
            return
        tally = Tally()
        cleaned = self._cleaner.clean_text(article.text, article.title, tally, site_lines, normalized)
        fixes = fixes_from_counts(tally)
        normalize = self._cleaner.normalizer
        yield beam.pvalue.TaggedOutput(SAMPLES, cleaning_sample(article, cleaned, fixes, outcome, normalize))

    def finish_bundle(self) -> Iterator[Any]:
        yield from super().finish_bundle()
        sites, self._sites = self._sites, Counter()
        if sites:
            yield beam.pvalue.TaggedOutput(
                SITE_REMOVALS, WindowedValue(dict(sites), MIN_TIMESTAMP, (GlobalWindow(),))
            )


class CleanArticles(beam.PTransform):
    """Main input: Article, or NormalizedArticle from NormalizeArticles (with the same config and sample rate).

    Outputs: main (cleaned Article), ``rejects`` (empty after cleaning), ``stats``, ``removed_lines`` (the removal
    ledger's LedgerLine records, when ``cleaning.ledger`` is on), and for the run report ``samples`` (sampled
    articles before/after) and ``site_removals`` (per-bundle removed lines by site and rule)."""

    def __init__(
        self,
        config: CleaningConfig,
        sample_rate: float = 0.0,
        progress: ProgressSettings | None = None,
        learned: beam.PCollection | None = None,
    ) -> None:
        super().__init__()
        self._config = config
        self._sample_rate = sample_rate
        self._progress = progress
        # (site, frozenset of line keys) from LearnBoilerplate, passed to the DoFn as a dict side input.
        self._learned = learned

    def expand(self, articles: beam.PCollection) -> beam.pvalue.DoOutputsTuple:
        clean = CleanArticle(self._config, self._sample_rate, self._progress)
        side = {} if self._learned is None else {"learned": beam.pvalue.AsDict(self._learned)}
        return articles | "Clean" >> beam.ParDo(clean, **side).with_outputs(
            REJECTS, STATS, SAMPLES, SITE_REMOVALS, REMOVED_LINES, main="articles"
        )
