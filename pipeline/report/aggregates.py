"""Bounded aggregates for the run report, as counter names that land in ``summary.json`` (pure, no Beam).

* ``hist:chars-removed:<lower bound>``: characters removed per cleaned article, in fixed buckets;
* ``hist:similarity:<match>:<lower bound>``: similarity of the duplicate matches other than exact ones (``near``,
  and any other kind the deduplicator reports), in 0.05 steps;
* ``line-removed-by-site:<site>:<rule>``: removed lines per site and rule, for the TOP_SITES sites with the most
  removals; the other sites are summed under OTHER_SITES, so a run over thousands of sites still has a bounded
  number of counters.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping

CHARS_REMOVED = "hist:chars-removed:"
SIMILARITY = "hist:similarity:"
BY_SITE = "line-removed-by-site:"
# Lower bounds of the characters-removed buckets: 0 (nothing, or a repair that lengthened the text), a few
# characters (entities, spaces), a short line (an ad marker), a footer, several lines, most of a page.
CHARS_REMOVED_BOUNDS = (0, 1, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000)
SIMILARITY_STEP = 0.05
SIMILARITY_BUCKETS = 20  # [0, 0.05) ... [0.95, 1.0), and 1.0 on its own
# Sites named in the report; 12 bars stay readable, and the rest is one "(other sites)" bar.
TOP_SITES = 12
OTHER_SITES = "(other sites)"


def chars_removed_counter(removed: int) -> str:
    """The histogram counter for an article that lost ``removed`` characters.

    >>> chars_removed_counter(-3), chars_removed_counter(0), chars_removed_counter(1), chars_removed_counter(73)
    ('hist:chars-removed:0', 'hist:chars-removed:0', 'hist:chars-removed:1', 'hist:chars-removed:50')
    >>> chars_removed_counter(123_456)
    'hist:chars-removed:5000'
    """
    if removed <= 0:
        return f"{CHARS_REMOVED}0"
    return f"{CHARS_REMOVED}{CHARS_REMOVED_BOUNDS[bisect.bisect_right(CHARS_REMOVED_BOUNDS, removed) - 1]}"


def chars_removed_label(lower: int) -> str:
    """The label of the bucket starting at ``lower``.

    >>> chars_removed_label(0), chars_removed_label(1), chars_removed_label(50), chars_removed_label(5000)
    ('0', '1–19', '50–99', '≥5000')
    """
    if lower == 0:
        return "0"
    index = CHARS_REMOVED_BOUNDS.index(lower)
    if index + 1 == len(CHARS_REMOVED_BOUNDS):
        return f"≥{lower}"
    return f"{lower}–{CHARS_REMOVED_BOUNDS[index + 1] - 1}"


def similarity_counter(match: str, similarity: float) -> str:
    """The histogram counter of a duplicate match of kind ``match`` with this similarity.

    >>> similarity_counter("near", 0.55), similarity_counter("near", 0.8799), similarity_counter("near", 1.0)
    ('hist:similarity:near:0.55', 'hist:similarity:near:0.85', 'hist:similarity:near:1.00')
    """
    bucket = min(int(round(similarity, 6) / SIMILARITY_STEP), SIMILARITY_BUCKETS)
    return f"{SIMILARITY}{match}:{bucket * SIMILARITY_STEP:.2f}"


def site_counter(site: str, rule: str) -> str:
    """The per-site removal counter.

    >>> site_counter("bbc.co.uk", "ad_marker")
    'line-removed-by-site:bbc.co.uk:ad_marker'
    """
    return f"{BY_SITE}{site}:{rule}"


def parse_site_counter(name: str) -> tuple[str, str]:
    """``(site, rule)`` of a per-site counter name; rule names never contain ``:``, site names may.

    >>> parse_site_counter("line-removed-by-site:localhost:8080:ad_marker")
    ('localhost:8080', 'ad_marker')
    """
    site, _, rule = name[len(BY_SITE) :].rpartition(":")
    return site, rule


def top_sites(counts: Iterable[tuple[tuple[str, str], int]], top: int = TOP_SITES) -> dict[str, int]:
    """Per-site removal counters for the ``top`` sites with most removed lines (ties: by name), the rest summed
    under OTHER_SITES per rule.

    >>> top_sites([(("a", "ad"), 5), (("b", "ad"), 1), (("c", "ad"), 2), (("c", "byline"), 1)], top=2)
    {'line-removed-by-site:(other sites):ad': 1, 'line-removed-by-site:a:ad': 5, 'line-removed-by-site:c:ad': 2, \
'line-removed-by-site:c:byline': 1}
    """
    per_rule: Counter[tuple[str, str]] = Counter()
    for key, n in counts:
        per_rule[key] += n
    totals: Counter[str] = Counter()
    for (site, _), n in per_rule.items():
        totals[site] += n
    named = {site for site, _ in sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:top]}
    result: Counter[str] = Counter()
    for (site, rule), n in per_rule.items():
        result[site_counter(site if site in named else OTHER_SITES, rule)] += n
    return dict(sorted(result.items()))


def with_prefix(counters: Mapping[str, int], prefix: str) -> dict[str, int]:
    """The counters whose name starts with ``prefix``, without it.

    >>> with_prefix({"hist:x:1": 2, "other": 1}, "hist:x:")
    {'1': 2}
    """
    return {name[len(prefix) :]: n for name, n in counters.items() if name.startswith(prefix)}
