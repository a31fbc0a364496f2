"""LearnBoilerplate: per-site repeated lines, counted over the corpus, as a side input for CleanArticles.

For each article: its site (:func:`pipeline.text.learned.site_key`), the key of its whole normalized text and the
keys of its distinct paragraphs, all as the cleaner sees them (it takes NormalizeArticles' output, or normalizes
plain articles the same way). Exact-duplicate copies of an article on one site count once (``OnePerCopy``). Each
bundle then tallies in how many distinct articles each line occurs, per site and per line-key shard
(``TallyLines``: a few large elements per bundle instead of one per line, whose Beam overhead would cost more than
the counting), and how many distinct articles each site has; ``SumLines`` and ``SumSites`` add those up, together
with the counts loaded from earlier runs (``cleaning.learned.load_dir``), before the thresholds are applied. A line
that passes them is only a candidate: it is learned when it also recurs in enough different *stories*
(:mod:`pipeline.text.stories`), so copies of one story (briefs under other headlines, truncations, other chrome)
never teach their own body as boilerplate. The learned lines go out as ``(site, frozenset of keys)`` pairs (small:
a few dozen lines per site) for ``beam.pvalue.AsDict``; with ``save_dir`` each site's counts are written as one JSON
file.

Keys are integers inside the transform (cheaper to hash, compare and shuffle) and 16 hex digits outside it: in the
side input and in per-site files, whose format is unchanged (a line's ``articles`` there is now its number of
stories).
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from pipeline.beam.stats import CountingDoFn
from pipeline.beam.tags import STATS
from pipeline.beam.windows import in_global_window
from pipeline.core.errors import UsageError
from pipeline.core.record import Article
from pipeline.text.clean import ArticleCleaner, NormalizedArticle, NormalizedBatch, unbatched
from pipeline.text.config import CleaningConfig, LearnedConfig
from pipeline.text.learned import (
    GLOBAL_SITE,
    LearnedFileError,
    LineKeys,
    SiteLines,
    TaughtLine,
    article_keys,
    file_stem,
    from_json,
    is_boilerplate,
    is_unsited_chrome,
    line_key_int,
    line_key_text,
    site_key,
    to_json,
)
from pipeline.text.stories import StorySketch, sample_rate, sampled, stories_among
from pipeline.work.tasks import RECORD_ERRORS

LEARNED = "learned"
LEARNED_FILE_SUFFIX = ".json"
# A site's line keys are tallied in this many groups (by key), so that no worker has to hold all of a big site's
# lines at once (a site of a million articles has some 20 million distinct lines), while a bundle adds at most 16
# elements per site.
LINE_SHARDS = 16
# Distinct articles a bundle tallies before it emits its tallies, to bound the worker's memory.
MAX_TALLIED_ARTICLES = 20_000
# Tagged output of TallyLines: (site, distinct articles in the bundle).
SITES = "sites"
# line key -> (distinct articles it occurs in, smallest example line)
LineTally = dict[int, tuple[int, str]]
# An article's ((line key, example line), ...) and its story sketch.
LinesAndStory = tuple[tuple[tuple[int, str], ...], StorySketch]
# ((site, content key), LinesAndStory): one article's keys
ArticleKeys = tuple[tuple[str, int], LinesAndStory]
# LearnFromLineKeys' output of every learned line as a TaughtLine, for learned-lines-*.jsonl.
TAUGHT = "taught"


def site_keys(article: Article, keys: LineKeys) -> ArticleKeys:
    """What LearnFromLineKeys takes for one article: its :func:`article_keys`, grouped by its site.

    >>> from pipeline.text.stories import EMPTY_SKETCH
    >>> site_keys(Article("a1", "", source="BBC"), (7, ((3, "Share"),), EMPTY_SKETCH))[0]
    ('BBC', 7)
    """
    content, lines, story = keys
    return (site_key(article), content), (lines, story)


class ArticleLineKeys(CountingDoFn):
    """Each NormalizedArticle of a NormalizedBatch (or an Article, then normalized here per worker) ->
    :data:`ArticleKeys`."""

    def __init__(self, config: CleaningConfig) -> None:
        self._config = config

    def setup(self) -> None:
        self._cleaner = ArticleCleaner(self._config)

    def process(self, element: NormalizedBatch | NormalizedArticle | Article) -> Iterator[ArticleKeys]:
        for item in unbatched(element):
            if isinstance(item, NormalizedArticle):
                article, paragraphs = item.article, item.normalized.paragraphs
            else:
                article = item
                try:
                    paragraphs = self._cleaner.normalize(article.text).paragraphs
                except RECORD_ERRORS:
                    # Cleaning meets the same error and rejects the record with it; here it only teaches nothing.
                    self.count("learned:articles-skipped")
                    continue
            yield site_keys(article, article_keys(paragraphs))


def one_per_copy(copies: Iterable[LinesAndStory]) -> LinesAndStory:
    """One representative of exact-duplicate copies: their keys and sketches are equal, the example lines may differ
    in case or digits; the smallest is taken so the choice does not depend on arrival order.

    >>> from pipeline.text.stories import EMPTY_SKETCH
    >>> one_per_copy([(((7, "Share"),), EMPTY_SKETCH), (((7, "SHARE"),), EMPTY_SKETCH)])[0]
    ((7, 'SHARE'),)
    """
    return min(copies, key=lambda copy: copy[0])


def add_line(tally: LineTally, key: int, articles: int, line: str) -> None:
    """Add ``articles`` occurrences of a line to ``tally``, keeping the smallest example (deterministic).

    >>> tally = {}
    >>> add_line(tally, 7, 1, "Share"); add_line(tally, 7, 2, "SHARE"); add_line(tally, 8, 1, "Menu")
    >>> tally
    {7: (3, 'SHARE'), 8: (1, 'Menu')}
    """
    seen = tally.get(key)
    tally[key] = (articles, line) if seen is None else (seen[0] + articles, min(seen[1], line))


class TallyLines(beam.DoFn):
    """Distinct articles (:data:`ArticleKeys`) -> per bundle, ``((site, shard), LineTally)`` (main output) and
    ``(site, distinct articles)`` (``sites`` output)."""

    def start_bundle(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._lines: defaultdict[tuple[str, int], LineTally] = defaultdict(dict)
        self._sites: Counter[str] = Counter()
        self._articles = 0

    def process(self, element: ArticleKeys) -> Iterator[Any]:
        (site, _), (keys, _) = element
        self._sites[site] += 1
        for key, line in keys:
            add_line(self._lines[site, key % LINE_SHARDS], key, 1, line)
        self._articles += 1
        if self._articles >= MAX_TALLIED_ARTICLES:
            yield from self._drain(lambda value: value)

    def finish_bundle(self) -> Iterator[Any]:
        yield from self._drain(in_global_window)

    def _drain(self, wrap: Callable[[Any], Any]) -> Iterator[Any]:
        lines, sites = self._lines, self._sites
        self._reset()
        for group in lines.items():
            yield wrap(group)
        for site in sites.items():
            yield beam.pvalue.TaggedOutput(SITES, wrap(site))


class SumLineTallies(beam.CombineFn):
    """Adds up line tallies (:func:`add_line` per line); accumulators are private, so they are changed in place."""

    def create_accumulator(self) -> LineTally:
        return {}

    def add_input(self, accumulator: LineTally, tally: LineTally) -> LineTally:
        for key, (articles, line) in tally.items():
            add_line(accumulator, key, articles, line)
        return accumulator

    def merge_accumulators(self, accumulators: Iterable[LineTally]) -> LineTally:
        remaining = iter(accumulators)
        merged = next(remaining, None)
        if merged is None:
            return self.create_accumulator()
        for tally in remaining:
            self.add_input(merged, tally)
        return merged

    def extract_output(self, accumulator: LineTally) -> LineTally:
        return accumulator


def loaded_site(site_lines: SiteLines) -> tuple[str, int]:
    return site_lines.site, site_lines.articles


def has_lines(site_lines: SiteLines) -> bool:
    return bool(site_lines.lines)


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
        site_lines = from_json(text, metadata.path)
        for line in site_lines.lines:
            if line_key_int(line.key) is None:
                raise LearnedFileError(
                    f"{metadata.path} has line key {line.key!r}, not the 16 hex digits newsclean writes: "
                    "remove it from cleaning.learned.load_dir"
                )
        yield site_lines


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


def loaded_lines(site_lines: SiteLines) -> Iterator[tuple[tuple[str, int], LineTally]]:
    """A loaded site's lines as tallies per shard, like TallyLines' (read_learned_dir checked the keys)."""
    shards: defaultdict[int, LineTally] = defaultdict(dict)
    for line in site_lines.lines:
        key = line_key_int(line.key)
        assert key is not None
        add_line(shards[key % LINE_SHARDS], key, line.articles, line.line)
    for shard, tally in shards.items():
        yield (site_lines.site, shard), tally


def candidate_lines(
    element: tuple[tuple[str, int], LineTally], site_articles: dict[str, int], config: LearnedConfig
) -> Iterator[tuple[tuple[str, int], tuple[int, str]]]:
    """The lines of one site's tally shard that pass the thresholds counting articles: ``((site, line key),
    (articles, example line))``. Whether they are boilerplate is decided once their stories are counted."""
    (site, _), tally = element
    articles = site_articles.get(site, 0)
    for key, (line_articles, line) in tally.items():
        if learns(site, line, line_articles, articles, config):
            yield (site, key), (line_articles, line)


def learns(site: str, line: str, count: int, site_articles: int, config: LearnedConfig) -> bool:
    """The thresholds: ``count`` articles (or stories) of the site's ``site_articles``; for articles with no site,
    also :func:`pipeline.text.learned.is_unsited_chrome`."""
    if is_boilerplate(count, site_articles, config.min_articles, config.min_share):
        return True
    return site == GLOBAL_SITE and is_unsited_chrome(line, count, config.unsited_min_stories)


def by_site(candidate: tuple[tuple[str, int], tuple[int, str]]) -> tuple[str, tuple[int, int]]:
    (site, key), (articles, _) = candidate
    return site, (key, articles)


def site_candidates(element: tuple[str, Iterable[tuple[int, int]]]) -> tuple[str, dict[int, int]]:
    """A site's candidate lines as ``{line key: articles}``: the side input that picks the members to sample."""
    site, candidates = element
    return site, dict(candidates)


def story_members(
    element: ArticleKeys, candidates: dict[str, dict[int, int]]
) -> Iterator[tuple[tuple[str, int], tuple[int, StorySketch]]]:
    """For each candidate line of its site that a distinct article carries, the article's content key and story
    sketch, when the article is in the line's sample (:func:`pipeline.text.stories.sampled`)."""
    (site, content), (keys, story) = element
    lines = candidates.get(site)
    if not lines:
        return
    for key, _ in keys:
        articles = lines.get(key)
        if articles is not None and sampled(content, key, sample_rate(articles)):
            yield (site, key), (content, story)


def learned_lines(
    element: tuple[tuple[str, int], dict[str, list[Any]]], site_articles: dict[str, int], config: LearnedConfig
) -> Iterator[TaughtLine]:
    """A candidate line with its sampled members -> the line, when it recurs in enough different **stories**
    (:func:`pipeline.text.stories.stories_among`): copies of one story count once, so a story republished under
    other headlines, cut short or with other chrome does not teach its own body as boilerplate."""
    (site, key), grouped = element
    # One candidate per (site, line key): SumLines summed each key's tallies into one.
    for line_articles, line in grouped["candidate"]:
        stories = stories_among(list(grouped["members"]), line_articles)
        if learns(site, line, stories, site_articles.get(site, 0), config):
            yield TaughtLine(site, line_key_text(key), line, line_articles, stories)


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
    """NormalizeArticles' batches (or Articles) -> ``{"learned": (site, frozenset of line keys), "stats": count
    dicts}``: ArticleLineKeys, then LearnFromLineKeys."""

    def __init__(self, config: CleaningConfig) -> None:
        super().__init__()
        self._config = config

    def expand(self, articles: beam.PCollection) -> dict[str, beam.PCollection]:
        keyed = articles | "LineKeys" >> beam.ParDo(ArticleLineKeys(self._config)).with_outputs(STATS, main="keys")
        learned = keyed.keys | "Learn" >> LearnFromLineKeys(self._config)
        stats = (keyed[STATS], learned[STATS]) | "FlattenKeyStats" >> beam.Flatten()
        return {LEARNED: learned[LEARNED], TAUGHT: learned[TAUGHT], STATS: stats}


class LearnFromLineKeys(beam.PTransform):
    """Each article's :data:`ArticleKeys` (from ArticleLineKeys, or from NormalizeArticles, which computes them
    where it normalizes) -> ``{"learned": (site, frozenset of line keys), "taught": TaughtLine per learned line,
    "stats": count dicts}``.

    Lines that recur in enough of a site's distinct articles are candidates (``Candidates``); each candidate's
    articles (a deterministic sample of at most about ``STORY_SAMPLE``) bring their story sketches
    (``StoryMembers``), and a candidate is learned only when it recurs in enough different stories
    (``CountStories``)."""

    def __init__(self, config: CleaningConfig) -> None:
        super().__init__()
        self._config = config

    def expand(self, keys: beam.PCollection) -> dict[str, beam.PCollection]:
        learned_config = self._config.learned
        distinct = keys | "OnePerCopy" >> beam.CombinePerKey(one_per_copy)
        tallies = distinct | "TallyLines" >> beam.ParDo(TallyLines()).with_outputs(SITES, main="lines")
        line_sources = [tallies.lines]
        site_sources = [tallies[SITES]]
        if learned_config.load_dir:
            loaded = (
                keys.pipeline
                | "LoadDir" >> beam.Create([learned_config.load_dir])
                | "ReadLearnedFiles" >> beam.FlatMap(read_learned_dir)
            )
            line_sources.append(loaded | "LoadedLines" >> beam.FlatMap(loaded_lines))
            site_sources.append(loaded | "LoadedSites" >> beam.Map(loaded_site))
        site_articles = site_sources | "FlattenSites" >> beam.Flatten() | "SumSites" >> beam.CombinePerKey(sum)
        site_counts = beam.pvalue.AsDict(site_articles)
        candidates = (
            line_sources
            | "FlattenLines" >> beam.Flatten()
            | "SumLines" >> beam.CombinePerKey(SumLineTallies())
            | "Candidates" >> beam.FlatMap(candidate_lines, site_articles=site_counts, config=learned_config)
        )
        by_site_candidates = (
            candidates
            | "CandidatesBySite" >> beam.Map(by_site)
            | "GroupCandidates" >> beam.GroupByKey()
            | "CandidateIndex" >> beam.Map(site_candidates)
        )
        members = distinct | "StoryMembers" >> beam.FlatMap(
            story_members, candidates=beam.pvalue.AsDict(by_site_candidates)
        )
        taught = (
            {"candidate": candidates, "members": members}
            | "GroupMembers" >> beam.CoGroupByKey()
            | "CountStories" >> beam.FlatMap(learned_lines, site_articles=site_counts, config=learned_config)
        )
        learned = taught | "BySite" >> beam.Map(TaughtLine.learned)
        sites = (
            {"lines": learned, "articles": site_articles}
            | "GroupSites" >> beam.CoGroupByKey()
            | "SiteLines" >> beam.Map(build_site_lines)
        )
        stats = [sites | "LearnedStats" >> beam.Map(learned_stats)]
        if learned_config.save_dir:
            stats.append(sites | "SaveSiteFiles" >> beam.Map(write_site_file, directory=learned_config.save_dir))
        with_lines = sites | "WithLines" >> beam.Filter(has_lines)
        return {
            LEARNED: with_lines | "SideInput" >> beam.Map(side_input_entry),
            TAUGHT: taught,
            STATS: stats | "FlattenLearnStats" >> beam.Flatten(),
        }
