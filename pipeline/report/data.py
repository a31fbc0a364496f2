"""The run report's figures, from ``summary.json`` and the samples (pure functions, no Beam, no HTML).

Every number shown comes from the summary (so the report and ``summary.json`` always agree); the samples only
provide examples: articles before/after, duplicate clusters side by side, reject examples.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.report.aggregates import (
    BY_SITE,
    CHARS_REMOVED,
    CHARS_REMOVED_BOUNDS,
    OTHER_SITES,
    SIMILARITY,
    SIMILARITY_BUCKETS,
    SIMILARITY_STEP,
    chars_removed_label,
    parse_site_counter,
    with_prefix,
)
from pipeline.report.samples import CLEANING, CLUSTER_MEMBER, MATCH, REJECT

# How many samples the report shows (the samples file may hold more; the smallest hashes are shown, so the choice is
# seeded and uniform). Enough to judge a run by eye, small enough to keep report.html to a few hundred KB.
MAX_ARTICLES = 24
MAX_CLUSTERS = 10
# Members of one cluster listed by name; the first MAX_PAIRS_SHOWN that are not exact copies are shown side by side
# with the kept article (exact copies have nothing to compare).
MAX_MEMBERS_SHOWN = 20
MAX_PAIRS_SHOWN = 2
# Characters of each text shown side by side in a cluster (the words are compared over the whole texts).
CLUSTER_TEXT_CHARS = 1_500
# Words, and paragraph breaks as tokens of their own.
TOKEN_RE = re.compile(r"\n\n|\S+")


@dataclass(frozen=True)
class Step:
    """One row of the funnel: a stage (what is left) or a drop (what left at that point)."""

    key: str
    label: str
    value: int
    drop: bool


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int


@dataclass(frozen=True)
class Stack:
    """One stacked bar: a label and its segments (segment name, value)."""

    key: str
    label: str
    segments: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.segments)


@dataclass(frozen=True)
class Column:
    """One histogram bucket with its count per series."""

    key: str
    label: str
    lower: float
    series: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.series)


@dataclass(frozen=True)
class ClusterMember:
    id: str
    site: str
    title: str | None
    text: str
    match: str  # exact, near, ... or "kept" when the deduplicator linked it but kept it
    similarity: float | None


@dataclass(frozen=True)
class Cluster:
    root: Mapping[str, Any]
    members: tuple[ClusterMember, ...]
    total_members: int


@dataclass(frozen=True)
class RejectRow:
    reason: str
    count: int
    examples: tuple[tuple[str, str], ...] = field(default=())


def funnel(summary: Mapping[str, Any]) -> list[Step]:
    """read -> rejected -> cleaned -> exact duplicates -> near (and other) duplicates -> kept.

    >>> summary = {"counts": {"read": 9, "kept": 4, "duplicates": {"exact": 1, "near": 2},
    ...     "rejected": {"empty": 2}}, "counters": {"cleaned:articles": 7}}
    >>> [(s.key, s.value) for s in funnel(summary)]
    [('read', 9), ('rejected', 2), ('cleaned', 7), ('exact', 1), ('near', 2), ('kept', 4)]
    """
    counts = summary["counts"]
    cleaned = summary["counters"].get("cleaned:articles", 0)
    steps = [
        Step("read", "read", counts["read"], False),
        Step("rejected", "rejected (input or cleaning)", counts["read"] - cleaned, True),
        Step("cleaned", "cleaned", cleaned, False),
    ]
    duplicates = counts["duplicates"]
    for kind, n in duplicates.items():
        steps.append(Step(kind, f"{kind} duplicates", n, True))
    rejected_in_dedup = cleaned - sum(duplicates.values()) - counts["kept"]
    if rejected_in_dedup:
        steps.append(Step("rejected-dedup", "rejected during dedup (same id)", rejected_in_dedup, True))
    steps.append(Step("kept", "kept", counts["kept"], False))
    return steps


def rule_bars(summary: Mapping[str, Any]) -> list[Bar]:
    """Lines removed per rule, most first.

    >>> rule_bars({"lines_removed": {"byline": 1, "ad_marker": 5}})
    [Bar(key='ad_marker', label='ad_marker', value=5), Bar(key='byline', label='byline', value=1)]
    """
    removed = summary["lines_removed"]
    return [Bar(rule, rule, n) for rule, n in sorted(removed.items(), key=lambda item: (-item[1], item[0]))]


def site_stacks(counters: Mapping[str, int]) -> list[Stack]:
    """Removed lines per site, stacked by rule; sites with most removals first, ``(other sites)`` last.

    >>> stacks = site_stacks({"line-removed-by-site:b:ad": 1, "line-removed-by-site:a:ad": 2,
    ...     "line-removed-by-site:a:byline": 3})
    >>> [(s.label, s.segments) for s in stacks]
    [('a', (('ad', 2), ('byline', 3))), ('b', (('ad', 1),))]
    """
    per_site: dict[str, dict[str, int]] = defaultdict(dict)
    for name, n in counters.items():
        if name.startswith(BY_SITE):
            site, rule = parse_site_counter(name)
            per_site[site][rule] = n
    stacks = [Stack(site, site, tuple(sorted(rules.items()))) for site, rules in per_site.items()]
    return sorted(stacks, key=lambda s: (s.label == OTHER_SITES, -s.total, s.label))


def chars_histogram(counters: Mapping[str, int]) -> list[Column]:
    """Cleaned articles by characters removed, every bucket shown (empty ones too).

    >>> [(c.label, c.total) for c in chars_histogram({"hist:chars-removed:50": 3})][:4]
    [('0', 0), ('1–19', 0), ('20–49', 0), ('50–99', 3)]
    """
    counts = with_prefix(counters, CHARS_REMOVED)
    return [
        Column(str(lower), chars_removed_label(lower), lower, (("articles", counts.get(str(lower), 0)),))
        for lower in CHARS_REMOVED_BOUNDS
    ]


def similarity_histogram(counters: Mapping[str, int]) -> list[Column]:
    """Duplicate matches (other than exact) by similarity, in 0.05 buckets, one series per match kind.

    >>> columns = similarity_histogram({"hist:similarity:near:0.90": 2, "hist:similarity:near:1.00": 1})
    >>> len(columns), columns[18].label, columns[18].series, columns[20].label
    (21, '0.90', (('near', 2),), '1.00')
    """
    per_bucket: dict[str, dict[str, int]] = defaultdict(dict)
    kinds: set[str] = set()
    for name, n in with_prefix(counters, SIMILARITY).items():
        kind, _, bucket = name.rpartition(":")
        per_bucket[bucket][kind] = n
        kinds.add(kind)
    columns = []
    for index in range(SIMILARITY_BUCKETS + 1):
        label = f"{index * SIMILARITY_STEP:.2f}"
        series = tuple((kind, per_bucket[label].get(kind, 0)) for kind in sorted(kinds))
        columns.append(Column(label, label, index * SIMILARITY_STEP, series))
    return columns


def by_kind(samples: Sequence[Mapping[str, Any]], kind: str) -> list[Mapping[str, Any]]:
    return [sample for sample in samples if sample["kind"] == kind]


def article_samples(samples: Sequence[Mapping[str, Any]], limit: int = MAX_ARTICLES) -> list[Mapping[str, Any]]:
    """The cleaning samples shown, in hash order (the samples file is sorted that way)."""
    return by_kind(samples, CLEANING)[:limit]


def clusters(samples: Sequence[Mapping[str, Any]], limit: int = MAX_CLUSTERS) -> list[Cluster]:
    """Sampled duplicate clusters: the kept article's cleaning sample beside its members and their matches.

    >>> samples = [{"kind": "cleaning", "id": "a", "hash": 1, "title": "T", "text": "x y", "site": "s"},
    ...     {"kind": "cluster_member", "id": "b", "root": "a", "hash": 1, "title": None, "text": "x y", "site": "t"},
    ...     {"kind": "match", "id": "b", "root": "a", "hash": 1, "record": {"match": "exact", "similarity": 1.0}}]
    >>> [(c.root["id"], [(m.id, m.match, m.similarity) for m in c.members]) for c in clusters(samples)]
    [('a', [('b', 'exact', 1.0)])]
    """
    roots = {sample["id"]: sample for sample in by_kind(samples, CLEANING)}
    matches = {(sample["id"], sample["root"]): sample["record"] for sample in by_kind(samples, MATCH)}
    members: dict[str, list[ClusterMember]] = defaultdict(list)
    for sample in by_kind(samples, CLUSTER_MEMBER):
        record = matches.get((sample["id"], sample["root"]))
        members[sample["root"]].append(
            ClusterMember(
                sample["id"],
                sample["site"],
                sample["title"],
                sample["text"],
                record["match"] if record else "kept",
                record["similarity"] if record else None,
            )
        )
    result = []
    for root_id, group in members.items():
        if root_id not in roots:
            continue
        # Duplicates first (what was cut), then any member that was linked but kept.
        ordered = sorted(group, key=lambda m: (m.match == "kept", -(m.similarity or 0.0), m.id))
        result.append(Cluster(roots[root_id], tuple(ordered[:MAX_MEMBERS_SHOWN]), len(group)))
    result.sort(key=lambda c: (c.root["hash"], c.root["id"]))
    return result[:limit]


def reject_rows(summary: Mapping[str, Any], samples: Sequence[Mapping[str, Any]]) -> list[RejectRow]:
    """Rejects per reason (from the summary), most first, each with its example samples.

    >>> rows = reject_rows({"counts": {"rejected": {"empty": 2}}},
    ...     [{"kind": "reject", "id": "x", "hash": 3, "reason": "empty", "detail": "the text is empty"}])
    >>> rows
    [RejectRow(reason='empty', count=2, examples=(('x', 'the text is empty'),))]
    """
    examples: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for sample in by_kind(samples, REJECT):
        examples[sample["reason"]].append((sample["id"], sample["detail"]))
    rejected = summary["counts"]["rejected"]
    return [
        RejectRow(reason, n, tuple(examples.get(reason, ())))
        for reason, n in sorted(rejected.items(), key=lambda item: (-item[1], item[0]))
    ]


def word_diff(kept: str, other: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """The words of two texts, each marked True when it is not in the other text (a word-level diff).

    Paragraph breaks are kept as ``"\\n\\n"`` tokens.

    >>> word_diff("the cat sat", "the dog sat")
    ([('the', False), ('cat', True), ('sat', False)], [('the', False), ('dog', True), ('sat', False)])
    >>> word_diff("a\\n\\nb", "a b")[0]
    [('a', False), ('\\n\\n', True), ('b', False)]
    """
    a, b = TOKEN_RE.findall(kept), TOKEN_RE.findall(other)
    a_marks, b_marks = [True] * len(a), [True] * len(b)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            a_marks[block.a + offset] = False
            b_marks[block.b + offset] = False
    return list(zip(a, a_marks, strict=True)), list(zip(b, b_marks, strict=True))
