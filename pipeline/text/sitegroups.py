"""Site groups inferred from the text: which articles with no known site (no ``source``, no URL) share one site's
chrome, so learned boilerplate can count their lines per site as it does with ``source``.

Without a site, a line is only learned when it is chrome-shaped and recurs in many stories of the whole run
(:func:`pipeline.text.learned.is_unsited_chrome`); a site's sentence-like chrome (newsletter and contact prompts,
editor's notes) and its rarer lines stay. But a site's pages share their chrome: its bylines, counters, prompts and
footers (each drawn from a few variants) recur across its stories and not across other sites'. So:

1. **Link lines.** A line links articles when it is short (at most ``MAX_TEMPLATE_CHARS`` characters, the size of
   chrome), recurs in at least ``infer_min_stories`` different *stories* (:mod:`pipeline.text.stories`: copies of
   one story, which share their body lines, do not link anything, so a story republished by several sites cannot
   join them) and in at most ``infer_max_share`` of the unsited articles (a line on most pages, a generic marker or
   the footer of a run that is all one site, says little about which site a page is from).
2. **Groups of line pairs.** Articles of one site share two or more link lines, articles of different sites at most
   one generic line ("ADVERTISEMENT", a date template that two languages write alike): in the 8 tune sites of
   ``benchmarks/generalise.py``, 0 of 182,881 cross-site article pairs share two link lines, 71% of same-site pairs
   do. Joining articles through single shared lines would chain sites through every generic line; joining them
   through shared *pairs* of lines does not. Each article's link-line pairs are one set, and sets that share a pair
   are merged (union-find, :class:`PairForest`): a group is a connected component of pairs.
3. **Each line's group.** A link line whose shared pairs (held by two articles or more) all fall in one group
   belongs to it; a line with shared pairs in several groups is a generic line (a *hub*) and belongs to none.
4. **Each article's group** (:func:`group_of`): the group most of its short lines belong to (ties: the smaller
   name). Learning and the cleaner both call it, on the same keys (:func:`short_keys`, :func:`line_keys`), so they
   agree on every article.

An article in a group is counted twice: in the run's unsited group ``""`` as before and in its inferred group, whose
lines pass the per-site thresholds (``min_articles`` stories and ``min_share`` of the group's articles) like a named
site's. The rules of issue 16 hold inside a group as in a named site: a line counts once per story, and learned
lines never empty an article or remove most of it (the veto). An article in no group keeps today's unsited learning.

Everything is deterministic: a component's id comes from its smallest pair (content), and the components of a
union-find do not depend on the order unions are made in, so neither input order nor the runner's bundling changes
a group.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence

import xxhash

from pipeline.core.record import Article
from pipeline.text.learned import (
    GLOBAL_SITE,
    MAX_TEMPLATE_CHARS,
    paragraph_keys,
    site_key,
)

# The prefix of an inferred group's name: a site key no source or URL host has (hosts have no colon once the port
# is cut off; a source named so would share its group's lines, which is harmless).
INFERRED_PREFIX = "inferred:"
# Seed of a group's id hash (a group's name is "inferred:" and the xxh64 of its smallest pair).
GROUP_SEED = 17
# An article's link lines beyond this many (by key) are not paired: its pairs grow with the square of its links, and
# a page with more chrome lines than this (a menu pasted whole) is linked just as well by 32 of them (528 pairs).
MAX_LINKS_PER_ARTICLE = 32

# A pair of lines is evidence of a group when this many articles hold it (what "articles share a pair" means).
MIN_PAIR_ARTICLES = 2

Pair = tuple[int, int]


def is_link_line(line: str, stories: int, articles: int, unsited_articles: int, min_stories: int,
                 max_share: float) -> bool:  # fmt: skip
    """Whether a line of the unsited articles links the articles that carry it into a site group: chrome-sized,
    in at least ``min_stories`` different stories (0 turns inference off) and in at most ``max_share`` of the
    ``unsited_articles``.

    >>> line = "Partager sur Facebook"
    >>> is_link_line(line, 12, 14, 100, 5, 0.5), is_link_line(line, 1, 14, 100, 5, 0.5)
    (True, False)
    >>> is_link_line("© 0 Le Fil", 80, 80, 100, 5, 0.5), is_link_line("word " * 40, 12, 14, 100, 5, 0.5)
    (False, False)
    """
    return 0 < min_stories <= stories and articles <= max_share * unsited_articles and is_short(line)


def is_link_candidate(line: str, articles: int, unsited_articles: int, min_stories: int, max_share: float) -> bool:
    """Whether a line could be a link line once its stories are counted (a line in fewer articles than
    ``min_stories`` is in fewer stories).

    >>> is_link_candidate("Partager", 6, 100, 5, 0.5), is_link_candidate("Partager", 4, 100, 5, 0.5)
    (True, False)
    """
    return is_link_line(line, articles, articles, unsited_articles, min_stories, max_share)


def link_pairs(links: Iterable[int]) -> list[Pair]:
    """The pairs of an article's link lines (keys), smaller key first, of its first ``MAX_LINKS_PER_ARTICLE`` keys.

    >>> link_pairs([9, 3, 5]), link_pairs([3])
    ([(3, 5), (3, 9), (5, 9)], [])
    """
    kept = sorted(set(links))[:MAX_LINKS_PER_ARTICLE]
    return list(itertools.combinations(kept, 2))


class PairForest:
    """A union-find over link-line pairs: each article's pairs are joined into one set, and sets that share a pair
    are one group; each pair also counts the articles that hold it. Mergeable (a Beam CombineFn's accumulator); the
    components, and so the groups, depend only on the articles added, never on their order or on how the work was
    split.

    >>> site_a = [[1, 2, 3], [1, 2, 4], [1, 3, 4], [2, 3, 4], [1, 2, 9], [1, 3, 9]]
    >>> site_b = [[5, 6, 7], [5, 6, 8], [5, 7, 8], [6, 7, 8], [5, 6, 9], [5, 7, 9]]
    >>> forest = PairForest()
    >>> for links in site_a + site_b:
    ...     forest.add(links)
    >>> groups = forest.line_groups()
    >>> len({groups[line] for line in (1, 2, 3, 4)}), len({groups[line] for line in (5, 6, 7, 8)}), 9 in groups
    (1, 1, False)
    >>> groups[1] != groups[5]
    True
    >>> other, more = PairForest(), PairForest()
    >>> for links in site_b[::2] + site_a[::2]:
    ...     other.add(links)
    >>> for links in site_a[1::2] + site_b[1::2]:
    ...     more.add(links)
    >>> other.merge(more); other.line_groups() == groups
    True

    Line 9 is in shared pairs of both groups (two sites' articles each share it, and another line, with their own
    site): a generic line, in neither.
    """

    def __init__(self) -> None:
        self._parent: dict[Pair, Pair] = {}
        # articles per pair
        self._articles: dict[Pair, int] = {}

    def add(self, links: Iterable[int]) -> None:
        """Join all the pairs of one article's link lines."""
        pairs = link_pairs(links)
        if not pairs:
            return
        articles = self._articles
        for pair in pairs:
            articles[pair] = articles.get(pair, 0) + 1
        first = pairs[0]
        self._find(first)
        for pair in pairs[1:]:
            self._union(first, pair)

    def merge(self, other: PairForest) -> None:
        """Add another forest's components to this one."""
        for pair in other._parent:
            self._union(pair, other._find(pair))
        articles = self._articles
        for pair, count in other._articles.items():
            articles[pair] = articles.get(pair, 0) + count

    def _find(self, pair: Pair) -> Pair:
        parent = self._parent
        root = parent.setdefault(pair, pair)
        while root != parent[root]:
            root = parent[root]
        while pair != root:  # path compression
            parent[pair], pair = root, parent[pair]
        return root

    def _union(self, a: Pair, b: Pair) -> None:
        root_a, root_b = self._find(a), self._find(b)
        if root_a != root_b:
            self._parent[max(root_a, root_b)] = min(root_a, root_b)

    def components(self) -> dict[Pair, Pair]:
        """Each pair's component, named by the component's smallest pair.

        >>> forest = PairForest(); forest.add([5, 6, 7]); forest.add([1, 6, 7])
        >>> sorted(set(forest.components().values()))
        [(1, 6)]
        """
        roots = {pair: self._find(pair) for pair in self._parent}
        smallest: dict[Pair, Pair] = {}
        for pair, root in roots.items():
            known = smallest.get(root)
            if known is None or pair < known:
                smallest[root] = pair
        return {pair: smallest[root] for pair, root in roots.items()}

    def line_groups(self) -> dict[int, str]:
        """Each link line whose shared pairs (pairs held by ``MIN_PAIR_ARTICLES`` articles or more) are all in one
        component -> that group's name (:func:`group_name`); lines with shared pairs in several components (generic
        lines) are left out. A pair of one article links it to nothing: were it counted, one page with a site's line
        and otherwise only lines of its own would make that line look generic."""
        seen: dict[int, Pair | None] = {}
        articles = self._articles
        for pair, component in self.components().items():
            if articles[pair] < MIN_PAIR_ARTICLES:
                continue
            for line in pair:
                known = seen.get(line, component)
                seen[line] = component if known == component else None
        return {line: group_name(component) for line, component in seen.items() if component is not None}


def group_name(component: Pair) -> str:
    """The name of an inferred group, from its smallest pair of line keys: a site key of its own.

    >>> group_name((3, 5)) == group_name((3, 5)) != group_name((3, 6)), group_name((3, 5))[:9]
    (True, 'inferred:')
    """
    data = component[0].to_bytes(8, "little") + component[1].to_bytes(8, "little")
    return INFERRED_PREFIX + xxhash.xxh64_hexdigest(data, seed=GROUP_SEED)


def is_inferred(site: str) -> bool:
    """Whether a site key is an inferred group's.

    >>> is_inferred(group_name((1, 2))), is_inferred("example.com"), is_inferred("")
    (True, False, False)
    """
    return site.startswith(INFERRED_PREFIX)


def group_of(keys: Iterable[int], line_groups: Mapping[int, str]) -> str | None:
    """The inferred group of an article, from the keys of its lines: the group most of its link lines belong to
    (ties: the smaller name), or None when none of them belongs to a group.

    >>> groups = {1: "inferred:a", 2: "inferred:a", 3: "inferred:b", 4: "inferred:b"}
    >>> group_of([1, 2, 3, 9], groups), group_of([1, 3], groups), group_of([8, 9], groups)
    ('inferred:a', 'inferred:a', None)
    """
    votes: dict[str, int] = {}
    for key in keys:
        group = line_groups.get(key)
        if group is not None:
            votes[group] = votes.get(group, 0) + 1
    if not votes:
        return None
    return min(votes, key=lambda group: (-votes[group], group))


def article_links(keys: Sequence[int], links: frozenset[int] | set[int]) -> list[int]:
    """The keys among an article's line ``keys`` that are link lines.

    >>> article_links([1, 2, 3], frozenset({3, 1}))
    [1, 3]
    """
    return [key for key in keys if key in links]


def is_short(text: str) -> bool:
    """Whether a paragraph (or its example) is short enough to be a link line: the lines an article is grouped by.
    Only those are hashed again where the article is cleaned (most of an article's text is in longer paragraphs).

    >>> is_short("Partager sur Facebook"), is_short("word " * 30)
    (True, False)
    """
    return len(text) <= MAX_TEMPLATE_CHARS


def line_keys(paragraphs: Iterable[str]) -> list[int]:
    """The integer keys of an article's short paragraphs (:func:`is_short`), as
    :func:`pipeline.text.learned.article_keys` counts them: what the cleaner gives :func:`group_of`.

    >>> from pipeline.text.learned import line_key
    >>> keys = line_keys(["Share this", " . ", "Body.", "word " * 30])
    >>> [f"{key:016x}" for key in keys] == [line_key("Share this"), line_key("Body.")]
    True
    """
    keys: list[int] = []
    for paragraph in paragraphs:
        if is_short(paragraph):
            keys += paragraph_keys(paragraph)
    return keys


def short_keys(keys: Iterable[tuple[int, str]]) -> list[int]:
    """The keys of an article's ``(key, example)`` pairs (:func:`pipeline.text.learned.article_keys`) that it
    carries as a short paragraph: the example is its shortest paragraph with the key, so this is what
    :func:`line_keys` finds in the same paragraphs, the same keys for learning and for the cleaner.

    >>> short_keys([(7, "Share this"), (9, "word " * 30)])
    [7]
    """
    return [key for key, example in keys if is_short(example)]


def learned_site(
    article: Article, paragraphs: Sequence[str] | Callable[[], Sequence[str]] | None, line_groups: Mapping[int, str]
) -> str:
    """The key an article's learned lines are looked up under: its site (:func:`pipeline.text.learned.site_key`),
    or for an article with no site whose ``paragraphs`` (normalized, as learning counted them) are known, its
    inferred group when it has one. ``paragraphs`` may be a function that gives them, called only for such an
    article (the caller's normalized text may be pickled).

    >>> from pipeline.text.learned import LINE_KEY_SEED
    >>> a, b = (xxhash.xxh64_intdigest(line, seed=LINE_KEY_SEED) for line in (b"share", b"menu"))
    >>> groups = {a: "inferred:x", b: "inferred:x"}
    >>> learned_site(Article("1", ""), ["Share", "Body."], groups), learned_site(Article("2", ""), None, groups)
    ('inferred:x', '')
    >>> learned_site(Article("3", "", source="metro"), ["Share"], groups)
    'metro'
    >>> learned_site(Article("4", ""), lambda: ["Menu"], groups)
    'inferred:x'
    """
    site = site_key(article)
    if site != GLOBAL_SITE or paragraphs is None or not line_groups:
        return site
    return group_of(line_keys(paragraphs() if callable(paragraphs) else paragraphs), line_groups) or site
