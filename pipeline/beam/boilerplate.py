"""LearnBoilerplate: per-site repeated lines, counted over the corpus, as a side input for CleanArticles.

For each article: its site (:func:`pipeline.text.learned.site_key`), the key of its whole normalized text and the
keys of its distinct paragraphs, all as the cleaner sees them (it takes NormalizeArticles' output, or normalizes
plain articles the same way). Exact-duplicate copies of an article on one site count once (``OnePerCopy``,
:mod:`pipeline.beam.distinct_keys`, which keeps the keys in spill files meanwhile). Each bundle then counts in how
many distinct articles each line key occurs, per site and per line-key shard (``TallyLines``: a few large elements
per bundle instead of one per line, whose Beam overhead would cost more than the counting; the counts are numpy
arrays, :mod:`pipeline.text.line_counts`, without the lines' text), and how many distinct articles each site has;
``SumLines`` and ``SumSites`` add those up, together with the counts loaded from earlier runs
(``cleaning.learned.load_dir``), before the thresholds are applied. A line that passes them is only a candidate: it
is learned when it also recurs in enough different *stories* (:mod:`pipeline.text.stories`), so copies of one story
(briefs under other headlines, truncations, other chrome) never teach their own body as boilerplate. The articles
that bring a candidate's stories (``StoryMembers``) also bring its example: the smallest of its lines' texts.
The learned lines go out as ``(site, frozenset of keys)`` pairs (small: a few dozen lines per site) for
``beam.pvalue.AsDict``; with ``save_dir`` each site's counts are written as one JSON file.

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
import numpy as np
from apache_beam.io.filesystems import FileSystems

from pipeline.beam.bands import pack
from pipeline.beam.combine import combined, merged_into_first
from pipeline.beam.distinct_keys import ArticleKeys, DistinctArticleKeys, KeysBatch, entries, loaded
from pipeline.beam.sidefiles import SideFile
from pipeline.beam.spill import DeleteSpillWhenDone, unspilled
from pipeline.beam.stats import CountingDoFn
from pipeline.beam.tags import STATS
from pipeline.beam.windows import in_global_window
from pipeline.core.errors import UsageError
from pipeline.core.pickled import unpickled
from pipeline.core.record import Article
from pipeline.io.publish import SITE_GROUPS_FILE
from pipeline.text.clean import ArticleCleaner, NormalizedArticle, NormalizedBatch, unbatched
from pipeline.text.config import CleaningConfig, LearnedConfig
from pipeline.text.learned import (
    GLOBAL_SITE,
    LearnedFileError,
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
from pipeline.text.line_counts import LineCounts, keep_smaller
from pipeline.text.packed_lines import (
    example_lines,
    key_bytes,
    keys_from_bytes,
    line_keys,
    pack_lines,
    story_of,
    unpack_lines,
)
from pipeline.text.sitegroups import (
    PairForest,
    article_links,
    group_of,
    is_inferred,
    is_link_candidate,
    is_link_line,
    short_keys,
)
from pipeline.text.stories import StorySketch, count_stories, sample_rate, sampled, stories_among
from pipeline.work.tasks import RECORD_ERRORS, SplitKeys

LEARNED = "learned"
LEARNED_FILE_SUFFIX = ".json"
# A site's line keys are tallied in this many groups (by key), so that no worker has to hold all of a big site's
# lines at once (a site of a million articles has some 20 million distinct lines), while a bundle adds at most 16
# elements per site.
LINE_SHARDS = 16
# Distinct articles a bundle tallies before it emits its tallies, to bound the worker's memory.
MAX_TALLIED_ARTICLES = 20_000
# Story members (a content key and a sketch, ~0.4 KB) StoryMembers gathers before it emits them, to bound its memory.
MAX_GATHERED_MEMBERS = 50_000
# Tagged output of TallyLines: (site, distinct articles in the bundle).
SITES = "sites"
# LearnFromLineKeys' output of every learned line as a TaughtLine, for learned-lines-*.jsonl.
TAUGHT = "taught"
# LearnFromLineKeys' output of the inferred site groups: at most one dict {line key: group}, for sitegroups.group_of
# (none when site inference is off or no article has links to group by; read it with an empty dict as default).
GROUPS = "groups"
# Tagged output of StoryMembers: ((site, line key), the smallest example of the line among a bundle's articles).
EXAMPLES = "examples"
# Tagged output of CountStories: the keys of the link lines of the articles with no site (sitegroups.is_link_line).
LINKS = "links"


def site_keys(article: Article, keys: SplitKeys) -> ArticleKeys:
    """What LearnFromLineKeys takes for one article: its content key and its lines and story sketch
    (:func:`article_keys`, as :class:`~pipeline.work.tasks.NormalizeTexts` gives them), grouped by its site.

    >>> from pipeline.text.stories import EMPTY_SKETCH
    >>> site_keys(Article("a1", "", source="BBC"), (7, pack_lines(((3, "Share"),), EMPTY_SKETCH)))[0]
    ('BBC', 7)
    """
    content, value = keys
    return (site_key(article), content), value


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
                article, paragraphs = item.article, unpickled(item.normalized).paragraphs
            else:
                article = item
                try:
                    paragraphs = self._cleaner.normalize(article.text).paragraphs
                except RECORD_ERRORS:
                    # Cleaning meets the same error and rejects the record with it; here it only teaches nothing.
                    self.count("learned:articles-skipped")
                    continue
            content, lines, story = article_keys(paragraphs)
            yield site_keys(article, (content, pack_lines(lines, story)))


def needs_examples(site: str) -> bool:
    """Whether a site's thresholds read its lines' text, so that its counts keep every line's smallest example:
    only the articles with no site (:func:`learns` and :func:`links`). Other sites' examples are fetched for their
    candidate lines only (``StoryMembers``)."""
    return site == GLOBAL_SITE


class TallyLines(beam.DoFn):
    """Distinct articles (:data:`KeysBatch` es) -> per bundle, ``((site, shard), LineCounts)`` (main output) and
    ``(site, distinct articles)`` (``sites`` output).

    >>> from pipeline.beam.bands import pack
    >>> from pipeline.text.stories import EMPTY_SKETCH
    >>> first, second = (((17, "Share"), (33, "Menu")), EMPTY_SKETCH), (((17, "SHARE"),), EMPTY_SKETCH)
    >>> articles = [(("BBC", 1), first), (("", 2), first), (("", 3), second)]
    >>> tally = TallyLines()
    >>> tally.start_bundle()
    >>> list(tally.process(pack([(key, pack_lines(*value)) for key, value in articles])))
    []
    >>> outputs = list(tally._drain(lambda value: value))
    >>> [(key, counts.counted(), counts.examples) for key, counts in outputs[:2]]
    [(('BBC', 1), [(17, 1), (33, 1)], {}), (('', 1), [(17, 2), (33, 1)], {17: 'SHARE', 33: 'Menu'})]
    >>> [output.value for output in outputs[2:]]  # then the sites
    [('BBC', 1), ('', 2)]
    """

    def start_bundle(self) -> None:
        self._reset()

    def _reset(self) -> None:
        # A site's articles' line keys, one array per batch (36 bytes a line as Python ints, 8 as an array), and the
        # smallest example of each of its lines where needs_examples.
        self._keys: dict[str, list[np.ndarray]] = {}
        self._examples: dict[str, dict[int, str]] = {}
        self._sites: Counter[str] = Counter()
        self._articles = 0

    def process(self, batch: KeysBatch) -> Iterator[Any]:
        # Each article's keys as their packed bytes: only the sites that need examples unpack the lines.
        batch_keys: defaultdict[str, list[bytes]] = defaultdict(list)
        for (site, _), packed in loaded(batch):
            batch_keys[site].append(key_bytes(packed))
            if needs_examples(site):
                examples = self._examples.setdefault(site, {})
                for key, line in unpack_lines(packed)[0]:
                    keep_smaller(examples, key, line)
        for site, found in batch_keys.items():
            self._sites[site] += len(found)
            self._articles += len(found)
            self._keys.setdefault(site, []).append(keys_from_bytes(found))
        if self._articles >= MAX_TALLIED_ARTICLES:
            yield from self._drain(lambda value: value)

    def finish_bundle(self) -> Iterator[Any]:
        yield from self._drain(in_global_window)

    def _drain(self, wrap: Callable[[Any], Any]) -> Iterator[Any]:
        keys, examples, sites = self._keys, self._examples, self._sites
        self._reset()
        for site, arrays in keys.items():
            counts = LineCounts.of_keys(np.concatenate(arrays), examples.get(site))
            for shard, part in counts.shards(LINE_SHARDS):
                yield wrap(((site, shard), part))
        for site_articles in sites.items():
            yield beam.pvalue.TaggedOutput(SITES, wrap(site_articles))


class SumLineCounts(beam.CombineFn):
    """Adds up :class:`~pipeline.text.line_counts.LineCounts`; accumulators are private, so they are changed in place.

    >>> sums = SumLineCounts()
    >>> first = sums.add_input(sums.create_accumulator(), LineCounts.of_lines([(7, 1, "Share"), (8, 2, "Menu")]))
    >>> total = sums.extract_output(sums.add_input(first, LineCounts.of_lines([(7, 2, "SHARE")])))
    >>> total.counted(), total.examples
    ([(7, 3), (8, 2)], {7: 'SHARE', 8: 'Menu'})
    """

    def create_accumulator(self) -> LineCounts:
        return LineCounts.empty()

    def add_input(self, accumulator: LineCounts, counts: LineCounts) -> LineCounts:
        accumulator.add(counts)
        return accumulator

    def merge_accumulators(self, accumulators: Iterable[LineCounts]) -> LineCounts:
        return merged_into_first(accumulators, self.create_accumulator, LineCounts.add)

    def extract_output(self, accumulator: LineCounts) -> LineCounts:
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


def loaded_lines(site_lines: SiteLines) -> Iterator[tuple[tuple[str, int], LineCounts]]:
    """A loaded site's lines as counts per shard, with their examples, like TallyLines' (read_learned_dir checked
    the keys)."""
    lines = []
    for line in site_lines.lines:
        key = line_key_int(line.key)
        assert key is not None
        lines.append((key, line.articles, line.line))
    for shard, counts in LineCounts.of_lines(lines).shards(LINE_SHARDS):
        yield (site_lines.site, shard), counts


def candidate_lines(
    element: tuple[tuple[str, int], LineCounts], site_articles: dict[str, int], config: LearnedConfig
) -> Iterator[tuple[tuple[str, int], tuple[int, str | None]]]:
    """The lines of one site's shard of counts that pass the thresholds counting articles: ``((site, line key),
    (articles, example line or None))``; the example is the smallest the counts know (all of the lines of
    :func:`needs_examples` sites, an earlier run's saved lines) and None for the others, whose examples
    ``StoryMembers`` fetches. Whether they are boilerplate is decided once their stories are counted."""
    (site, _), counts = element
    articles = site_articles.get(site, 0)
    keys, line_articles = counts.arrays()
    if needs_examples(site):
        # The line-blind lower bound of learns() and links(), then both on the lines that pass it.
        bounds = [config.min_articles, config.unsited_min_stories, config.infer_min_stories]
        passing = line_articles >= min(bound for bound in bounds if bound > 0)
    else:
        passing = (line_articles >= config.min_articles) & (line_articles >= config.min_share * articles)
    examples = counts.examples
    for key, count in zip(keys[passing].tolist(), line_articles[passing].tolist(), strict=True):
        line = examples.get(key)
        if line is None or learns(site, line, count, articles, config) or links(site, line, count, articles, config):
            yield (site, key), (count, line)


def learns(site: str, line: str, count: int, site_articles: int, config: LearnedConfig) -> bool:
    """The thresholds: ``count`` articles (or stories) of the site's ``site_articles``; for articles with no site,
    also :func:`pipeline.text.learned.is_unsited_chrome`."""
    if is_boilerplate(count, site_articles, config.min_articles, config.min_share):
        return True
    return site == GLOBAL_SITE and is_unsited_chrome(line, count, config.unsited_min_stories)


def links(site: str, line: str, articles: int, site_articles: int, config: LearnedConfig) -> bool:
    """Whether a line of the articles with no site could link them into inferred sites (its stories are counted
    with the candidates'): :func:`pipeline.text.sitegroups.is_link_candidate`."""
    return site == GLOBAL_SITE and is_link_candidate(
        line, articles, site_articles, config.infer_min_stories, config.infer_max_share
    )


def by_site(candidate: tuple[tuple[str, int], tuple[int, str | None]]) -> tuple[str, tuple[int, int]]:
    (site, key), (articles, _) = candidate
    return site, (key, articles)


def site_candidates(element: tuple[str, Iterable[tuple[int, int]]]) -> tuple[str, dict[int, int]]:
    """A site's candidate lines as ``{line key: articles}``: the side input that picks the members to sample."""
    site, candidates = element
    return site, dict(candidates)


class StoryMembers(beam.DoFn):
    """Distinct articles (:data:`KeysBatch` es) -> for each candidate line of its site that an article carries,
    the article's content key and story sketch, when the article is in the line's sample
    (:func:`pipeline.text.stories.sampled`), gathered per bundle: ``((site, line key), ((content key, sketch),
    ...))``; and per bundle, the smallest example of each candidate line its articles carry (``examples`` output,
    ``((site, line key), line)``). Only the articles of sites with candidates are read, and those are all the
    articles that carry a candidate, so the smallest of the bundles' examples is the smallest of all.

    One element per line and bundle, not per member: a run's members (up to ~``STORY_SAMPLE`` per candidate line,
    ~12,700 for 5,000 of the distinct benchmark's articles) each cost Beam's runner an encode and a decode on the way
    to ``CountStories``.

    >>> from pipeline.beam.bands import pack
    >>> from pipeline.text.stories import EMPTY_SKETCH
    >>> value = pack_lines(((17, "SHARE"), (33, "Menu")), EMPTY_SKETCH)
    >>> members = StoryMembers()
    >>> members.start_bundle()
    >>> list(members.process(pack([(("BBC", 1), value), (("BBC", 2), value)]), {"BBC": {17: 2}}))
    []
    >>> [getattr(output, "value", output) for output in members._drain(lambda value: value)] == [
    ...     (("BBC", 17), ((1, EMPTY_SKETCH), (2, EMPTY_SKETCH))), (("BBC", 17), "SHARE")]
    True
    """

    def start_bundle(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._examples: dict[tuple[str, int], str] = {}
        self._members: defaultdict[tuple[str, int], list[tuple[int, StorySketch]]] = defaultdict(list)
        self._gathered = 0

    def process(self, batch: KeysBatch, candidates: dict[str, dict[int, int]]) -> Iterator[Any]:
        wanted = [(key, reference) for key, reference in entries(batch) if candidates.get(key[0])]
        examples, members = self._examples, self._members
        for ((site, content), _), packed in zip(wanted, unspilled([ref for _, ref in wanted]), strict=True):
            lines = candidates[site]
            # The lines and the sketch are unpacked only for an article that carries a candidate.
            hits = [(at, key) for at, key in enumerate(line_keys(packed).tolist()) if key in lines]
            if not hits:
                continue
            texts, story = example_lines(packed), story_of(packed)
            for at, key in hits:
                keep_smaller(examples, (site, key), texts[at])
                if sampled(content, key, sample_rate(lines[key])):
                    members[site, key].append((content, story))
                    self._gathered += 1
        if self._gathered >= MAX_GATHERED_MEMBERS:
            yield from self._drain(lambda value: value)

    def finish_bundle(self) -> Iterator[Any]:
        yield from self._drain(in_global_window)

    def _drain(self, wrap: Callable[[Any], Any]) -> Iterator[Any]:
        examples, members = self._examples, self._members
        self._reset()
        for site_line in sorted(members):
            yield wrap((site_line, tuple(members[site_line])))
        for site_line in sorted(examples):
            yield beam.pvalue.TaggedOutput(EXAMPLES, wrap((site_line, examples[site_line])))


def learned_lines(
    element: tuple[tuple[str, int], dict[str, list[Any]]], site_articles: dict[str, int], config: LearnedConfig
) -> Iterator[Any]:
    """A candidate line with its sampled members -> the line, when it recurs in enough different **stories**
    (:func:`pipeline.text.stories.stories_among`): copies of one story count once, so a story republished under
    other headlines, cut short or with other chrome does not teach its own body as boilerplate. A line of the
    articles with no site that links them into site groups (:func:`pipeline.text.sitegroups.is_link_line`, counted
    in stories too) goes to the ``links`` output as its key. The line's example is the smallest of those its counts
    and its articles brought."""
    (site, key), grouped = element
    # One candidate per (site, line key): SumLines summed each key's counts into one.
    for line_articles, counted_example in grouped["candidate"]:
        examples = list(grouped["examples"])
        if counted_example is not None:
            examples.append(counted_example)
        line = min(examples)
        members = [member for gathered in grouped["members"] for member in gathered]
        articles = site_articles.get(site, 0)
        # A line that fails the thresholds counting articles fails them counting stories: only a link candidate.
        if learns(site, line, line_articles, articles, config):
            stories = stories_among(members, line_articles)
            if learns(site, line, stories, articles, config):
                yield TaughtLine(site, line_key_text(key), line, line_articles, stories)
        if links(site, line, line_articles, articles, config):
            # Enough different stories among its (sampled) members: counting stops there, most link candidates
            # are not learned and need no full count.
            enough = config.infer_min_stories
            found = count_stories(members, enough)
            if is_link_line(line, found, line_articles, articles, enough, config.infer_max_share):
                yield beam.pvalue.TaggedOutput(LINKS, key)


class LinkSet(beam.CombineFn):
    """Link-line keys -> one frozenset of them (the side input that picks each article's link lines)."""

    def create_accumulator(self) -> set[int]:
        return set()

    def add_input(self, accumulator: set[int], key: int) -> set[int]:
        accumulator.add(key)
        return accumulator

    def merge_accumulators(self, accumulators: Iterable[set[int]]) -> set[int]:
        merged: set[int] = set()
        for keys in accumulators:
            merged |= keys
        return merged

    def extract_output(self, accumulator: set[int]) -> frozenset[int]:
        return frozenset(accumulator)


def unsited_articles(batch: KeysBatch) -> Iterator[KeysBatch]:
    """The batch's articles with no site, as a batch (none when it has none)."""
    unsited = [entry for entry in entries(batch) if entry[0][0] == GLOBAL_SITE]
    if unsited:
        yield pack(unsited)


def keys_only(batch: KeysBatch) -> Iterator[list[int]]:
    """Each article's short lines' keys (:func:`pipeline.text.sitegroups.short_keys`: link lines are short), without
    their example lines or its sketch (what finding its link lines needs)."""
    for _, packed in loaded(batch):
        yield short_keys(unpack_lines(packed)[0])


def unsited_links(keys: list[int], links: frozenset[int]) -> Iterator[list[int]]:
    """An article's short lines' keys -> its link lines' keys, when it has two or more (one line pairs nothing)."""
    found = article_links(keys, links)
    if len(found) >= 2:
        yield found


class InferGroups(beam.CombineFn):
    """Each unsited article's link lines -> ``{line key: group}`` (:class:`pipeline.text.sitegroups.PairForest`:
    the groups of line pairs that articles share, and the lines that belong to one of them). A global combine: its
    accumulator holds the run's link-line pairs (a few hundred per site), not its articles."""

    def create_accumulator(self) -> PairForest:
        return PairForest()

    def add_input(self, accumulator: PairForest, links: list[int]) -> PairForest:
        accumulator.add(links)
        return accumulator

    def merge_accumulators(self, accumulators: Iterable[PairForest]) -> PairForest:
        return merged_into_first(accumulators, self.create_accumulator, PairForest.merge)

    def extract_output(self, accumulator: PairForest) -> dict[int, str]:
        return accumulator.line_groups()


def in_inferred_group(batch: KeysBatch, line_groups: dict[int, str]) -> Iterator[KeysBatch]:
    """Distinct articles with no site (``Unsited``) -> the same keys under their inferred groups
    (:func:`pipeline.text.sitegroups.group_of`), for those that have one; they stay in the unsited group too."""
    if not line_groups:
        return
    batch_entries = entries(batch)
    regrouped = []
    values = unspilled([reference for _, reference in batch_entries])
    for ((_, content), reference), packed in zip(batch_entries, values, strict=True):
        group = group_of(short_keys(unpack_lines(packed)[0]), line_groups)
        if group is not None:
            regrouped.append(((group, content), reference))
    if regrouped:
        yield pack(regrouped)


def inferred_stats(element: tuple[str, int]) -> dict[str, int]:
    _, articles = element
    return {"learned:inferred-sites": 1, "learned:inferred-articles": articles}


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


def side_input_entries(sites: list[SiteLines]) -> Iterator[tuple[str, frozenset[str]]]:
    """Every site's learned keys for the cleaner; an inferred group's with the unsited group's, which its articles
    also belong to (all sites at once: the unsited group's keys are needed by the others).

    >>> from pipeline.text.learned import LearnedLine
    >>> entries = side_input_entries([SiteLines("", 9, (LearnedLine("k2", 9, "Ad"),)),
    ...                               SiteLines("inferred:ab", 9, (LearnedLine("k1", 5, "Share"),))])
    >>> [(site, sorted(keys)) for site, keys in entries]
    [('', ['k2']), ('inferred:ab', ['k1', 'k2'])]
    """
    unsited = frozenset().union(*(lines.keys() for lines in sites if lines.site == GLOBAL_SITE))
    for lines in sorted(sites, key=lambda lines: lines.site):
        yield lines.site, lines.keys() | unsited if is_inferred(lines.site) else lines.keys()


def is_saved(site_lines: SiteLines) -> bool:
    """Whether a site's counts are written to ``save_dir``: not an inferred group's, whose name holds only in its
    own run."""
    return not is_inferred(site_lines.site)


class LearnBoilerplate(beam.PTransform):
    """NormalizeArticles' batches (or Articles) -> ``{"learned": (site, frozenset of line keys), "taught", "groups",
    "stats": count dicts}``: ArticleLineKeys, then LearnFromLineKeys."""

    def __init__(self, config: CleaningConfig) -> None:
        super().__init__()
        self._config = config

    def expand(self, articles: beam.PCollection) -> dict[str, beam.PCollection]:
        keyed = articles | "LineKeys" >> beam.ParDo(ArticleLineKeys(self._config)).with_outputs(STATS, main="keys")
        learned = keyed.keys | "Learn" >> LearnFromLineKeys(self._config)
        stats = (keyed[STATS], learned[STATS]) | "FlattenKeyStats" >> beam.Flatten()
        return {LEARNED: learned[LEARNED], TAUGHT: learned[TAUGHT], GROUPS: learned[GROUPS], STATS: stats}


class LearnFromLineKeys(beam.PTransform):
    """Each article's :data:`ArticleKeys` (from ArticleLineKeys, or from NormalizeArticles, which computes them
    where it normalizes) -> ``{"learned": (site, frozenset of line keys), "taught": TaughtLine per learned line,
    "groups": one dict {line key: inferred group}, "stats": count dicts}``.

    Lines that recur in enough of a site's distinct articles are candidates (``Candidates``); each candidate's
    articles (a deterministic sample of at most about ``STORY_SAMPLE``) bring their story sketches
    (``StoryMembers``), and a candidate is learned only when it recurs in enough different stories
    (``CountStories``). With ``infer_min_stories``, the articles with no site are grouped by the chrome they share
    (``InferGroups``, :mod:`pipeline.text.sitegroups`) and each group is counted again like a site (``Inferred*``
    steps); the cleaner finds an article's group with the same function (``groups`` output)."""

    def __init__(self, config: CleaningConfig, spill_dir: str | None = None) -> None:
        super().__init__()
        self._config = config
        # Where the articles' keys wait while OnePerCopy picks one copy of each (pipeline.beam.distinct_keys);
        # deleted once the stories are counted. None: they travel inline.
        self._spill_dir = spill_dir

    def expand(self, keys: beam.PCollection) -> dict[str, beam.PCollection]:
        learned_config = self._config.learned
        distinct = keys | "OnePerCopy" >> DistinctArticleKeys(self._spill_dir)
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
        site_articles, counted = count_site_lines(distinct, line_sources, site_sources, learned_config, "")
        taught_sources = [counted.taught]
        site_article_sources = [site_articles]
        stats: list[beam.PCollection] = []
        if learned_config.infer_min_stories:
            # Articles with no site, grouped by the chrome they share (pipeline/text/sitegroups.py), then learned
            # again per group: the same counting of stories, on the group's articles only.
            link_set = counted[LINKS] | "LinkSet" >> beam.CombineGlobally(LinkSet()).without_defaults()
            # ArticleLinks and InferredSites read the unsited articles, not ``distinct``: beside StoryMembers there,
            # with side inputs that depend on StoryMembers' output, Beam's portable runner fuses them into one stage
            # that waits for itself (tests/beam/test_sitegroups.py runs both local runners).
            unsited = distinct | "Unsited" >> beam.FlatMap(unsited_articles)
            groups = (
                unsited
                | "UnsitedLineKeys" >> beam.FlatMap(keys_only)
                | "ArticleLinks"
                >> beam.FlatMap(unsited_links, links=beam.pvalue.AsSingleton(link_set, default_value=frozenset()))
                | "InferGroups" >> combined(InferGroups())
            )
            regrouped = unsited | "InferredSites" >> beam.FlatMap(
                in_inferred_group, line_groups=beam.pvalue.AsSingleton(groups, default_value={})
            )
            inferred_tallies = regrouped | "InferredTallyLines" >> beam.ParDo(TallyLines()).with_outputs(
                SITES, main="lines"
            )
            inferred_articles, inferred = count_site_lines(
                regrouped, [inferred_tallies.lines], [inferred_tallies[SITES]], learned_config, "Inferred"
            )
            taught_sources.append(inferred.taught)
            site_article_sources.append(inferred_articles)
            stats.append(inferred_articles | "InferredStats" >> beam.Map(inferred_stats))
        else:
            groups = keys.pipeline | "NoGroups" >> beam.Create([])
        taught = taught_sources | "FlattenTaught" >> beam.Flatten()
        if self._spill_dir:
            # Every step that reads the keys comes before CountStories, whose output this is.
            _ = taught | "DeleteKeysSpill" >> DeleteSpillWhenDone(self._spill_dir)
        all_sites = site_article_sources | "FlattenSiteArticles" >> beam.Flatten()
        learned = taught | "BySite" >> beam.Map(TaughtLine.learned)
        sites = (
            {"lines": learned, "articles": all_sites}
            | "GroupSites" >> beam.CoGroupByKey()
            | "SiteLines" >> beam.Map(build_site_lines)
        )
        stats.append(sites | "LearnedStats" >> beam.Map(learned_stats))
        if learned_config.save_dir:
            saved = sites | "Saved" >> beam.Filter(is_saved)
            stats.append(saved | "SaveSiteFiles" >> beam.Map(write_site_file, directory=learned_config.save_dir))
        with_lines = sites | "WithLines" >> beam.Filter(has_lines)
        # Without a default: no site with lines gives no entries either way, and the default costs 4 transforms.
        entries = (
            with_lines
            | "AllSites" >> combined(beam.combiners.ToListCombineFn())
            | "SideInput" >> beam.FlatMap(side_input_entries)
        )
        return {
            LEARNED: entries,
            TAUGHT: taught,
            GROUPS: groups,
            STATS: stats | "FlattenLearnStats" >> beam.Flatten(),
        }


def count_site_lines(
    distinct: beam.PCollection,
    line_sources: list[beam.PCollection],
    site_sources: list[beam.PCollection],
    config: LearnedConfig,
    label: str,
) -> tuple[beam.PCollection, beam.pvalue.DoOutputsTuple]:
    """LearnFromLineKeys' counting, for the named sites or (``label`` "Inferred") the inferred groups: the sites'
    distinct articles (``SumSites``), and the outputs of ``CountStories``, main (a TaughtLine per learned line) and
    ``links`` (:data:`LINKS`)."""
    site_articles = (
        site_sources | f"{label}FlattenSites" >> beam.Flatten() | f"{label}SumSites" >> beam.CombinePerKey(sum)
    )
    site_counts = beam.pvalue.AsDict(site_articles)
    candidates = (
        line_sources
        | f"{label}FlattenLines" >> beam.Flatten()
        | f"{label}SumLines" >> beam.CombinePerKey(SumLineCounts())
        | f"{label}Candidates" >> beam.FlatMap(candidate_lines, site_articles=site_counts, config=config)
    )
    by_site_candidates = (
        candidates
        | f"{label}CandidatesBySite" >> beam.Map(by_site)
        | f"{label}GroupCandidates" >> beam.GroupByKey()
        | f"{label}CandidateIndex" >> beam.Map(site_candidates)
    )
    members = distinct | f"{label}StoryMembers" >> beam.ParDo(
        StoryMembers(), candidates=beam.pvalue.AsDict(by_site_candidates)
    ).with_outputs(EXAMPLES, main="members")
    counted = (
        {"candidate": candidates, "members": members.members, "examples": members[EXAMPLES]}
        | f"{label}GroupMembers" >> beam.CoGroupByKey()
        | f"{label}CountStories"
        >> beam.FlatMap(learned_lines, site_articles=site_counts, config=config).with_outputs(LINKS, main="taught")
    )
    return site_articles, counted


def one_map(maps: Iterable[dict[int, str]]) -> dict[int, str]:
    """The inferred groups as one ``{line key: group}`` (LearnFromLineKeys emits them as one map).

    >>> one_map([{2: "inferred:b"}, {1: "inferred:a"}])
    {2: 'inferred:b', 1: 'inferred:a'}
    """
    return {key: group for groups in maps for key, group in groups.items()}


# The site groups a run inferred (LearnFromLineKeys' ``groups``) as ``site-groups.json`` beside its outputs, so that
# ``newsclean explain`` finds an article's group as the run did; written only when a group was inferred.
SITE_GROUPS = SideFile(SITE_GROUPS_FILE, one_map)
