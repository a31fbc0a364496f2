"""LearnBoilerplate: per-site repeated lines, counted over the corpus, as a side input for CleanArticles.

For each article: its site (:func:`pipeline.text.learned.site_key`), the key of its whole normalized text and the
keys of its distinct paragraphs, all as the cleaner sees them (same normalization). Exact-duplicate copies of an
article on one site count once (``OnePerCopy``). Then, per ``(site, line key)``, a ``CombinePerKey`` sums in how many
distinct articles the line occurs, and per site how many distinct articles there are; counts loaded from earlier
runs (``cleaning.learned.load_dir``) are added to both before the thresholds are applied. The learned lines go out
as ``(site, frozenset of keys)`` pairs (small: a few dozen lines per site) for ``beam.pvalue.AsDict``; with
``save_dir`` each site's counts are written as one JSON file.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from pipeline.beam.stats import RECORD_ERRORS, CountingDoFn
from pipeline.beam.tags import STATS
from pipeline.errors import UsageError
from pipeline.record import Article
from pipeline.text.clean import ArticleCleaner
from pipeline.text.config import CleaningConfig, LearnedConfig
from pipeline.text.learned import (
    LearnedFileError,
    LearnedLine,
    SiteLines,
    article_line_keys,
    content_key,
    file_stem,
    from_json,
    is_boilerplate,
    site_key,
    to_json,
)

LEARNED = "learned"
LEARNED_FILE_SUFFIX = ".json"
# (site, line key) -> (distinct articles, example line)
LineCount = tuple[int, str]


class ArticleLineKeys(CountingDoFn):
    """Article -> ``((site, content key), ((line key, line), ...))``; the cleaner's normalizer is built per worker."""

    def __init__(self, config: CleaningConfig) -> None:
        self._config = config

    def setup(self) -> None:
        self._cleaner = ArticleCleaner(self._config)

    def process(self, article: Article) -> Iterator[Any]:
        try:
            paragraphs = self._cleaner.paragraphs(article.text)
        except RECORD_ERRORS:
            # The cleaning step meets the same error and rejects the record with it; here it only teaches nothing.
            self.count("learned:articles-skipped")
            return
        keys = article_line_keys(paragraphs)
        yield (site_key(article), content_key(paragraphs)), tuple(sorted(keys.items()))


def one_per_copy(copies: Iterable[tuple[tuple[str, str], ...]]) -> tuple[tuple[str, str], ...]:
    """One representative of exact-duplicate copies: their keys are equal, the example lines may differ in case or
    digits; the smallest is taken so the choice does not depend on arrival order.

    >>> one_per_copy([(("k", "Share"),), (("k", "SHARE"),)])
    (('k', 'SHARE'),)
    """
    return min(copies)


def line_counts(element: tuple[tuple[str, str], tuple[tuple[str, str], ...]]) -> Iterator[tuple[Any, LineCount]]:
    """One distinct article -> a count of 1 for each of its lines, keyed by (site, key)."""
    (site, _), keys = element
    for key, line in keys:
        yield (site, key), (1, line)


def site_of_copy(element: tuple[tuple[str, str], Any]) -> tuple[str, int]:
    """One distinct article of its site."""
    return element[0][0], 1


def loaded_site(site_lines: SiteLines) -> tuple[str, int]:
    return site_lines.site, site_lines.articles


def has_lines(site_lines: SiteLines) -> bool:
    return bool(site_lines.lines)


def sum_line_counts(counts: Iterable[LineCount]) -> LineCount:
    """Add up articles; keep the smallest example line (deterministic).

    >>> sum_line_counts([(1, "Share"), (2, "SHARE"), (1, "share")])
    (4, 'SHARE')
    """
    total, example = 0, None
    for n, line in counts:
        total += n
        example = line if example is None else min(example, line)
    return total, example or ""


def read_learned_dir(directory: str) -> Iterator[SiteLines]:
    """Every per-site file in ``directory`` (a missing directory holds none); a bad file fails the run, naming it."""
    pattern = posixpath.join(directory, "*" + LEARNED_FILE_SUFFIX)
    matched = FileSystems.match([pattern])[0].metadata_list
    for metadata in sorted(matched, key=lambda m: m.path):
        with FileSystems.open(metadata.path) as handle:
            raw = handle.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise LearnedFileError(
                f"{metadata.path} is not UTF-8 text: remove it from cleaning.learned.load_dir"
            ) from None
        yield from_json(text, metadata.path)


def check_learned_dir(config: LearnedConfig) -> None:
    """Read ``config.load_dir`` once before the pipeline starts, so a damaged file is a one-line usage error naming
    it rather than a failed job."""
    if not config.load_dir:
        return
    try:
        for _ in read_learned_dir(config.load_dir):
            pass
    except LearnedFileError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(
            f"cannot read cleaning.learned.load_dir {config.load_dir}: {error}; fix the path or set load_dir: null"
        ) from None


def loaded_lines(site_lines: SiteLines) -> Iterator[tuple[Any, LineCount]]:
    for line in site_lines.lines:
        yield (site_lines.site, line.key), (line.articles, line.line)


def passes(element: tuple[tuple[str, str], LineCount], site_articles: dict[str, int], config: LearnedConfig) -> bool:
    (site, _), (articles, _) = element
    return is_boilerplate(articles, site_articles.get(site, 0), config.min_articles, config.min_share)


def to_site_line(element: tuple[tuple[str, str], LineCount]) -> tuple[str, LearnedLine]:
    (site, key), (articles, line) = element
    return site, LearnedLine(key, articles, line)


def build_site_lines(element: tuple[str, dict[str, list[Any]]]) -> SiteLines:
    """CoGroupByKey result -> the site's learned lines sorted by key, with its article count."""
    site, grouped = element
    lines = tuple(sorted(grouped["lines"], key=lambda line: line.key))
    return SiteLines(site, sum(grouped["articles"]), lines)


def write_site_file(site_lines: SiteLines, directory: str) -> dict[str, int]:
    path = posixpath.join(directory, file_stem(site_lines.site) + LEARNED_FILE_SUFFIX)
    with FileSystems.create(path) as handle:
        handle.write((to_json(site_lines) + "\n").encode("utf-8"))
    return {"learned:files-written": 1}


def learned_stats(site_lines: SiteLines) -> dict[str, int]:
    return {"learned:sites": 1, "learned:lines": len(site_lines.lines)}


def side_input_entry(site_lines: SiteLines) -> tuple[str, frozenset[str]]:
    return site_lines.site, site_lines.keys()


class LearnBoilerplate(beam.PTransform):
    """Articles -> ``{"learned": (site, frozenset of line keys), "stats": count dicts}``."""

    def __init__(self, config: CleaningConfig) -> None:
        super().__init__()
        self._config = config

    def expand(self, articles: beam.PCollection) -> dict[str, beam.PCollection]:
        learned_config = self._config.learned
        keyed = articles | "LineKeys" >> beam.ParDo(ArticleLineKeys(self._config)).with_outputs(STATS, main="keys")
        distinct = keyed.keys | "OnePerCopy" >> beam.CombinePerKey(one_per_copy)
        today_lines = distinct | "CountLines" >> beam.FlatMap(line_counts)
        today_sites = distinct | "SiteOfCopy" >> beam.Map(site_of_copy)
        line_sources = [today_lines]
        site_sources = [today_sites]
        if learned_config.load_dir:
            loaded = (
                articles.pipeline
                | "LoadDir" >> beam.Create([learned_config.load_dir])
                | "ReadLearnedFiles" >> beam.FlatMap(read_learned_dir)
            )
            line_sources.append(loaded | "LoadedLines" >> beam.FlatMap(loaded_lines))
            site_sources.append(loaded | "LoadedSites" >> beam.Map(loaded_site))
        site_articles = site_sources | "FlattenSites" >> beam.Flatten() | "SumSites" >> beam.CombinePerKey(sum)
        learned_lines = (
            line_sources
            | "FlattenLines" >> beam.Flatten()
            | "SumLines" >> beam.CombinePerKey(sum_line_counts)
            | "Thresholds"
            >> beam.Filter(passes, site_articles=beam.pvalue.AsDict(site_articles), config=learned_config)
            | "BySite" >> beam.Map(to_site_line)
        )
        sites = (
            {"lines": learned_lines, "articles": site_articles}
            | "GroupSites" >> beam.CoGroupByKey()
            | "SiteLines" >> beam.Map(build_site_lines)
        )
        stats = [keyed[STATS], sites | "LearnedStats" >> beam.Map(learned_stats)]
        if learned_config.save_dir:
            stats.append(sites | "SaveSiteFiles" >> beam.Map(write_site_file, directory=learned_config.save_dir))
        with_lines = sites | "WithLines" >> beam.Filter(has_lines)
        return {
            LEARNED: with_lines | "SideInput" >> beam.Map(side_input_entry),
            STATS: stats | "FlattenLearnStats" >> beam.Flatten(),
        }
