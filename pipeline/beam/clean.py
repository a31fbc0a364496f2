"""CleanArticles: normalize text, strip boilerplate and the repeated headline (pipeline.text does the work)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import apache_beam as beam

from pipeline.beam.stats import INTERNAL_ERROR, CountingDoFn
from pipeline.beam.tags import REJECTS, STATS
from pipeline.record import Article, Reject
from pipeline.text.clean import ArticleCleaner
from pipeline.text.config import CleaningConfig


class CleanArticle(CountingDoFn):
    """Applies the configured cleaner; the cleaner (rule registry lookups, compiled patterns) is built per worker."""

    def __init__(self, config: CleaningConfig) -> None:
        self._config = config

    def setup(self) -> None:
        self._cleaner = ArticleCleaner(self._config)

    def process(self, article: Article) -> Iterator[Any]:
        self.count("chars:input", len(article.text))
        result = self.guarded(article.id, "cleaning", lambda: self._cleaner(article, self.count))
        if isinstance(result, Reject):
            if result.reason != INTERNAL_ERROR:
                self.count(f"rejected:{result.reason}")
            yield beam.pvalue.TaggedOutput(REJECTS, result)
            return
        self.count("cleaned:articles")
        self.count("chars:cleaned", len(result.text))
        yield result


class CleanArticles(beam.PTransform):
    """Outputs: main (cleaned Article), ``rejects`` (empty after cleaning), ``stats``."""

    def __init__(self, config: CleaningConfig) -> None:
        super().__init__()
        self._config = config

    def expand(self, articles: beam.PCollection) -> beam.pvalue.DoOutputsTuple:
        return articles | "Clean" >> beam.ParDo(CleanArticle(self._config)).with_outputs(
            REJECTS, STATS, main="articles"
        )
