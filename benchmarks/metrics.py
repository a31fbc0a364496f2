"""Pure metric functions for the newsclean benchmarks: cleaning quality and dedup quality.

Nothing here reads files or runs the pipeline; ``benchmarks/bbc_republished.py`` does that and feeds plain
strings and id mappings in, so every number the benchmark prints can be checked by hand on a literal example
(the doctests below, and ``tests/benchmarks/test_metrics.py``).

Body token score (the article-extraction-benchmark metric)
-----------------------------------------------------------
Scored like scrapinghub/article-extraction-benchmark's ``evaluate.py`` (AEB):

* tokens are ``\\w+`` runs (``TOKEN_RE``), case kept; punctuation is not a token;
* each text becomes a *bag* (multiset) of 4-token shingles; a text with fewer than 4 tokens is one shingle of
  all its tokens, and an empty text has no shingles;
* per document, tp = shingles in both bags (with multiplicity), fp = extra predicted, fn = missing gold;
* the **headline** corpus score is AEB's macro average: precision = mean of per-document precisions (over
  documents with a non-empty prediction), recall = mean of per-document recalls (over documents with a
  non-empty gold), F1 = harmonic mean of those two means (not the mean of per-document F1s). Micro (pooled
  counts) and mean-of-F1 are reported beside it for reference.

Validation on bbc_republished, scoring the untouched input ``text`` (headline line included) against gold
``clean_text``: macro F1 = 0.9362 (P 0.9023, R 0.9728); micro F1 = 0.9417; mean per-document F1 = 0.9352.
Lowercasing changes nothing there and no gold body has fewer than 4 tokens, so the short-document rule does
not move that number. What does matter is the tokenizer: whitespace-split tokens (punctuation glued to words)
give macro 0.9090 / micro 0.9154, because every mojibake- or entity-damaged word then breaks four shingles;
only AEB's ``\\w+`` tokenizer with AEB's macro average reproduces ~0.936. ``whitespace_tokenize`` is kept
for that comparison.

Dedup scores
------------
Clusterings are ``Mapping[str, str]`` from document id to a cluster label. Pair counting is the standard one:
a pair of documents is "predicted together" if both have the same predicted label, "truly together" if both
have the same gold label; precision = |together in both| / |predicted together|, recall = |together in both|
/ |truly together|. The adjusted Rand index is Hubert & Arabie's, from the contingency table with
``math.comb``.
"""

from __future__ import annotations

import html
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# AEB's tokenizer: runs of word characters. Dropping punctuation makes the score insensitive to quote style
# and to punctuation glued onto words, which is what lets it reproduce AEB's numbers (module docstring).
TOKEN_RE = re.compile(r"\w+")

# AEB scores 4-token shingles: long enough that a stray boilerplate word shows up as several false positives,
# short enough that one edited word does not wipe out a whole sentence.
SHINGLE_SIZE = 4

Shingle = tuple[str, ...]


# ----------------------------------------------------------------------------------------------------------
# Body and title scores
# ----------------------------------------------------------------------------------------------------------


def tokenize(text: str | None) -> list[str]:
    """Split text into AEB tokens: ``\\w+`` runs, case kept, punctuation dropped.

    >>> tokenize("Hague's six-figure earnings, shown.")
    ['Hague', 's', 'six', 'figure', 'earnings', 'shown']
    >>> tokenize(None)
    []
    """
    return TOKEN_RE.findall(text or "")


def whitespace_tokenize(text: str | None) -> list[str]:
    """Split text on whitespace only (kept to show why it does *not* reproduce AEB's numbers).

    >>> whitespace_tokenize("Hague&#39;s six-figure  earnings")
    ['Hague&#39;s', 'six-figure', 'earnings']
    """
    return (text or "").split()


def shingle_bag(tokens: Sequence[str], size: int = SHINGLE_SIZE) -> Counter[Shingle]:
    """The multiset of ``size``-token shingles; fewer tokens than ``size`` make one shingle (AEB's rule).

    >>> sorted(shingle_bag("a b c d a b c d".split()).items())[:2]
    [(('a', 'b', 'c', 'd'), 2), (('b', 'c', 'd', 'a'), 1)]
    >>> shingle_bag(["Short", "one"])
    Counter({('Short', 'one'): 1})
    >>> shingle_bag([])
    Counter()
    """
    if size < 1:
        raise ValueError(f"shingle size must be at least 1, got {size}")
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class ShingleMatch:
    """Shingle counts of one predicted text against its gold text.

    Per-document precision and recall follow AEB: a perfect match of two empty texts is 1.0; otherwise a zero
    denominator gives 0.0.

    >>> m = ShingleMatch(tp=3, fp=1, fn=0)
    >>> m.precision, m.recall, round(m.f1, 4)
    (0.75, 1.0, 0.8571)
    >>> ShingleMatch(0, 0, 0).f1
    1.0
    """

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return harmonic_mean(self.precision, self.recall)


def harmonic_mean(precision: float, recall: float) -> float:
    """F1 of a precision and a recall; 0.0 when both are 0.

    >>> harmonic_mean(0.5, 1.0)
    0.6666666666666666
    >>> harmonic_mean(0.0, 0.0)
    0.0
    """
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def shingle_match(gold: str | None, predicted: str | None, size: int = SHINGLE_SIZE) -> ShingleMatch:
    """Compare the shingle bags of a predicted body and its gold body (AEB's ``string_shingle_matching``).

    Counts are raw (not normalised to sum to 1 as AEB does): per-document P/R are the same either way, and raw
    counts also allow the micro average.

    >>> gold = "The cat sat on the mat today."
    >>> shingle_match(gold, gold)
    ShingleMatch(tp=4, fp=0, fn=0)
    >>> shingle_match(gold, "Share this! The cat sat on the mat today.")
    ShingleMatch(tp=4, fp=2, fn=0)
    >>> shingle_match(gold, "")
    ShingleMatch(tp=0, fp=0, fn=4)
    """
    gold_bag = shingle_bag(tokenize(gold), size)
    predicted_bag = shingle_bag(tokenize(predicted), size)
    tp = sum((gold_bag & predicted_bag).values())
    return ShingleMatch(tp=tp, fp=sum(predicted_bag.values()) - tp, fn=sum(gold_bag.values()) - tp)


@dataclass(frozen=True)
class PRF:
    """A precision, a recall and their F1."""

    precision: float
    recall: float
    f1: float


def macro_prf(matches: Iterable[ShingleMatch]) -> PRF:
    """AEB's corpus score (the headline): mean per-document precision and recall, F1 of the two means.

    As in AEB, a document with an empty prediction is left out of the precision mean (it has no false
    positives to speak of) but counts as recall 0; a document with an empty gold is left out of the recall
    mean.

    >>> prf = macro_prf([ShingleMatch(3, 1, 0), ShingleMatch(0, 0, 4)])
    >>> prf.precision, prf.recall, round(prf.f1, 4)
    (0.75, 0.5, 0.6)
    """
    matches = list(matches)
    precisions = [m.precision for m in matches if m.tp + m.fp > 0]
    recalls = [m.recall for m in matches if m.tp + m.fn > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    return PRF(precision, recall, harmonic_mean(precision, recall))


def micro_prf(matches: Iterable[ShingleMatch]) -> PRF:
    """Pooled counts over the corpus: long documents weigh more (reported beside the headline, not instead).

    >>> prf = micro_prf([ShingleMatch(3, 1, 0), ShingleMatch(0, 0, 4)])
    >>> prf.precision, prf.recall, round(prf.f1, 4)
    (0.75, 0.42857142857142855, 0.5455)
    """
    tp = fp = fn = 0
    for m in matches:
        tp, fp, fn = tp + m.tp, fp + m.fp, fn + m.fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return PRF(precision, recall, harmonic_mean(precision, recall))


def mean_f1(matches: Iterable[ShingleMatch]) -> float:
    """Mean of per-document F1 (a third averaging, for reference).

    >>> round(mean_f1([ShingleMatch(3, 1, 0), ShingleMatch(0, 0, 4)]), 4)
    0.4286
    """
    scores = [m.f1 for m in matches]
    return statistics.fmean(scores) if scores else 0.0


def normalize_whitespace(text: str | None) -> str:
    """Collapse every whitespace run (newlines, tabs, NBSP) to one space and strip the ends.

    The gold joins paragraphs with one newline and the pipeline with a blank line; both mean the same body.

    >>> normalize_whitespace("  One para.\\n\\nTwo\\u00a0paras. ")
    'One para. Two paras.'
    """
    return " ".join((text or "").split())


def body_exact_match(gold: str | None, predicted: str | None) -> bool:
    """True if the bodies are equal modulo whitespace.

    >>> body_exact_match("First.\\nSecond.", "First.\\n\\nSecond.\\n")
    True
    >>> body_exact_match("It's here.", "It\\u2019s here.")
    False
    """
    return normalize_whitespace(gold) == normalize_whitespace(predicted)


def body_match_ignoring_entities(gold: str | None, predicted: str | None) -> bool:
    """True if the bodies are equal modulo whitespace once HTML entities are decoded on both sides.

    A diagnostic beside :func:`body_exact_match`, not a target: some upstream BBC bodies carry literal
    entities (``caf&#233;``) that the gold keeps, so a cleaner that decodes them misses the exact match on a
    gold artefact.

    >>> body_match_ignoring_entities("internet caf&#233;.", "internet caf\u00e9.")
    True
    >>> body_exact_match("internet caf&#233;.", "internet caf\u00e9.")
    False
    """
    return normalize_whitespace(html.unescape(gold or "")) == normalize_whitespace(html.unescape(predicted or ""))


def title_match(gold: str | None, predicted: str | None) -> bool:
    """True if the titles are equal modulo whitespace; a missing title (None) never matches a real one.

    >>> title_match("Comic Morris returns", " Comic Morris  returns ")
    True
    >>> title_match("Comic Morris returns", None)
    False
    >>> title_match(None, None)
    True
    """
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return normalize_whitespace(gold) == normalize_whitespace(predicted)


def first_line_split(text: str) -> tuple[str, str]:
    """Split raw input into (first non-blank line, rest): the "no cleaning" baseline's title guess.

    >>> first_line_split("\\nHeadline\\n\\nBody line.\\n")
    ('Headline', 'Body line.')
    """
    lines = text.strip().split("\n", 1)
    return lines[0].strip(), (lines[1].strip() if len(lines) > 1 else "")


# ----------------------------------------------------------------------------------------------------------
# Clusters from pipeline output
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredictedClusters:
    """Predicted clustering rebuilt from the pipeline's output, with what did not fit.

    ``assignment`` covers exactly the universe of input ids. ``rejected`` are rejected ids (kept as
    singletons); ``missing`` are input ids found in no output file (also singletons); ``unknown`` are output
    ids, or ``duplicate_of`` targets, that are not input ids (ignored).
    """

    assignment: dict[str, str]
    rejected: frozenset[str] = field(default_factory=frozenset)
    missing: frozenset[str] = field(default_factory=frozenset)
    unknown: frozenset[str] = field(default_factory=frozenset)


def predicted_clusters(
    universe: Iterable[str],
    kept: Iterable[str],
    duplicates: Iterable[tuple[str, str]],
    rejected: Iterable[str] = (),
) -> PredictedClusters:
    """Rebuild clusters: kept articles are roots, each (id, duplicate_of) joins two ids, rejects stay apart.

    Union-find rather than a one-step lookup, so a chain (a duplicate of a duplicate) still lands in one
    cluster; each cluster is labelled by its smallest id, so the result does not depend on record order.

    >>> pc = predicted_clusters(
    ...     ["a", "b", "c", "d", "e"], kept=["a", "c"], duplicates=[("b", "a"), ("x", "c")], rejected=["d"]
    ... )
    >>> pc.assignment
    {'a': 'a', 'b': 'a', 'c': 'c', 'd': 'd', 'e': 'e'}
    >>> sorted(pc.rejected), sorted(pc.missing), sorted(pc.unknown)
    (['d'], ['e'], ['x'])
    """
    ids = list(dict.fromkeys(universe))
    known = set(ids)
    parent = {i: i for i in ids}

    def find(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]  # path halving keeps long chains cheap
            node = parent[node]
        return node

    seen: set[str] = set()
    unknown: set[str] = set()
    for article_id in kept:
        (seen if article_id in known else unknown).add(article_id)
    for article_id, duplicate_of in duplicates:
        for node in (article_id, duplicate_of):
            (seen if node in known else unknown).add(node)
        if article_id in known and duplicate_of in known:
            root_a, root_b = find(article_id), find(duplicate_of)
            if root_a != root_b:
                parent[max(root_a, root_b)] = min(root_a, root_b)
    rejected_ids: set[str] = set()
    for article_id in rejected:
        (rejected_ids if article_id in known else unknown).add(article_id)
    seen |= rejected_ids
    assignment = {i: find(i) for i in ids}
    return PredictedClusters(
        assignment=assignment,
        rejected=frozenset(rejected_ids),
        missing=frozenset(known - seen),
        unknown=frozenset(unknown),
    )


# ----------------------------------------------------------------------------------------------------------
# Clustering scores
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairCounts:
    """Pair-counting summary of a predicted clustering against a gold one over the same ids."""

    together_both: int  # pairs in the same predicted and the same gold cluster (true positives)
    predicted_pairs: int  # pairs in the same predicted cluster
    gold_pairs: int  # pairs in the same gold cluster
    total_pairs: int  # all pairs of ids, C(n, 2)

    @property
    def precision(self) -> float:
        # No predicted pairs means no wrong merges: precision is vacuously perfect (recall shows the cost).
        return self.together_both / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.together_both / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def f1(self) -> float:
        return harmonic_mean(self.precision, self.recall)

    @property
    def adjusted_rand_index(self) -> float:
        """Hubert & Arabie's ARI from the pair counts; 1.0 when both clusterings are the same trivial one.

        (index - expected) / (max - expected) with expected = a*b/N and max = (a+b)/2, multiplied through by
        2N so that it is exact integer arithmetic up to the one final division.
        """
        index, a, b, n = self.together_both, self.predicted_pairs, self.gold_pairs, self.total_pairs
        numerator = 2 * (n * index - a * b)
        denominator = n * (a + b) - 2 * a * b
        if denominator == 0:
            # Only when both are all singletons or both one cluster: identical, so agreement is perfect.
            return 1.0
        return numerator / denominator


def pair_counts(predicted: Mapping[str, str], gold: Mapping[str, str]) -> PairCounts:
    """Count pairs from the contingency table (O(n), not O(n^2)): sum of C(n_ij, 2) over its cells.

    >>> pc = pair_counts({"a": "1", "b": "1", "c": "1", "d": "2"}, {"a": "x", "b": "x", "c": "y", "d": "y"})
    >>> pc
    PairCounts(together_both=1, predicted_pairs=3, gold_pairs=2, total_pairs=6)
    >>> round(pc.precision, 4), pc.recall
    (0.3333, 0.5)
    """
    if predicted.keys() != gold.keys():
        only_predicted = sorted(predicted.keys() - gold.keys())[:3]
        only_gold = sorted(gold.keys() - predicted.keys())[:3]
        raise ValueError(
            f"predicted and gold clusterings must cover the same ids; only predicted: {only_predicted}, "
            f"only gold: {only_gold}: build the prediction over the input ids with predicted_clusters()"
        )
    cells = Counter((predicted[i], gold[i]) for i in gold)
    predicted_sizes = Counter(predicted.values())
    gold_sizes = Counter(gold.values())
    return PairCounts(
        together_both=sum(math.comb(n, 2) for n in cells.values()),
        predicted_pairs=sum(math.comb(n, 2) for n in predicted_sizes.values()),
        gold_pairs=sum(math.comb(n, 2) for n in gold_sizes.values()),
        total_pairs=math.comb(len(gold), 2),
    )


def adjusted_rand_index(predicted: Mapping[str, str], gold: Mapping[str, str]) -> float:
    """Adjusted Rand index of two clusterings of the same ids (1.0 identical, ~0 chance agreement).

    Values agree with ``sklearn.metrics.adjusted_rand_score``:

    >>> adjusted_rand_index({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "y"})
    1.0
    >>> crossed = {"a": "x", "b": "y", "c": "x", "d": "y"}
    >>> adjusted_rand_index({"a": "1", "b": "1", "c": "2", "d": "2"}, crossed)
    -0.5
    >>> adjusted_rand_index({"a": "a", "b": "b"}, {"a": "a", "b": "b"})
    1.0
    """
    return pair_counts(predicted, gold).adjusted_rand_index


def merged_pairs(pairs: Iterable[tuple[str, str]], predicted: Mapping[str, str]) -> int:
    """How many ``pairs`` ended in the same predicted cluster (on label-0 pairs: each one is a false merge).

    Ids absent from ``predicted`` count as not merged.

    >>> merged_pairs([("a", "b"), ("a", "c"), ("a", "z")], {"a": "1", "b": "1", "c": "2"})
    1
    """
    return sum(
        1
        for first, second in pairs
        if first in predicted and second in predicted and predicted[first] == predicted[second]
    )


def share_with_origin(copies: Iterable[tuple[str, str]], predicted: Mapping[str, str]) -> float:
    """Share of ``(copy_id, origin_id)`` pairs whose copy landed in its origin's predicted cluster.

    Used for recall on medium-edit copies; 1.0 for an empty list (nothing to miss).

    >>> share_with_origin([("c1", "o"), ("c2", "o")], {"o": "o", "c1": "o", "c2": "c2"})
    0.5
    """
    copies = list(copies)
    if not copies:
        return 1.0
    hits = merged_pairs(copies, predicted)
    return hits / len(copies)
