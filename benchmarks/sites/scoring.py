"""Scores the generalisation benchmark adds to ``bbc_republished``'s: paragraph splits, chrome left in the output,
and pair counts restricted to the pairs that touch a group of sites (pure functions, no I/O)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from benchmarks import metrics

BLANK_LINE = re.compile(r"\n\s*\n")


def paragraphs(text: str | None, separator: re.Pattern[str] | str = BLANK_LINE) -> list[str]:
    """The non-empty paragraphs of ``text`` split at ``separator``, each with its whitespace collapsed.

    >>> paragraphs("One  para.\\n\\nTwo\\nlines.\\n")
    ['One para.', 'Two lines.']
    >>> paragraphs("One.\\nTwo.", "\\n")
    ['One.', 'Two.']
    """
    parts = separator.split(text or "") if isinstance(separator, re.Pattern) else (text or "").split(separator)
    return [normal for part in parts if (normal := metrics.normalize_whitespace(part))]


def paragraphs_exact(gold_body: str, predicted_body: str | None) -> bool:
    """True if the output's paragraphs (blank-line separated) are the gold's (one per line), in order.

    >>> paragraphs_exact("First.\\nSecond.", "First.\\n\\nSecond.")
    True
    >>> paragraphs_exact("First.\\nSecond.", "First. Second.")
    False
    """
    return paragraphs(predicted_body) == paragraphs(gold_body, "\n")


@dataclass(frozen=True)
class Leftovers:
    """What of one page's chrome reached the output.

    ``kinds`` counts the page's chrome lines by kind that survive in a paragraph the gold does not have;
    ``lines`` are (kind, chrome line, the output paragraph holding it: the line itself, or a body paragraph it
    was merged into); ``body_only`` the unexpected paragraphs that hold no chrome (split or joined wrongly, or
    damage left unrepaired).
    """

    kinds: Counter[str]
    lines: tuple[tuple[str, str, str], ...]
    body_only: tuple[str, ...]


def leftovers(gold_body: str, chrome: Iterable[Sequence[str]], predicted_body: str | None) -> Leftovers:
    """Find the page's chrome lines in the output paragraphs that are not gold paragraphs.

    A chrome line found only inside a longer chrome line that is also left (a date inside a byline with that
    date) is not counted again.

    >>> found = leftovers("Body one.\\nBody two.", [("ad", "Anzeige"), ("share", "Teilen")],
    ...                   "Body one.\\n\\nAnzeige\\n\\nBody two.")
    >>> dict(found.kinds), found.lines, found.body_only
    ({'ad': 1}, (('ad', 'Anzeige', 'Anzeige'),), ())
    >>> dict(leftovers("Body.", [("dateline", "9 May"), ("byline", "Ann | 9 May")], "Body.\\n\\nAnn | 9 May").kinds)
    {'byline': 1}
    >>> leftovers("Body one.\\nBody two.", [], "Body one. Body two.").body_only
    ('Body one. Body two.',)
    """
    gold = set(paragraphs(gold_body, "\n"))
    extra = [p for p in paragraphs(predicted_body) if p not in gold]
    items = [(kind, metrics.normalize_whitespace(line)) for kind, line in chrome]
    found: list[tuple[str, str, str]] = []
    for kind, line in items:
        for paragraph in extra:
            if line and line in paragraph and not _inside_longer(line, paragraph, items):
                found.append((kind, line, paragraph))
                break
    explained = {paragraph for _, _, paragraph in found}
    return Leftovers(Counter(kind for kind, _, _ in found), tuple(found), tuple(p for p in extra if p not in explained))


def _inside_longer(line: str, paragraph: str, items: Sequence[tuple[str, str]]) -> bool:
    """True if every occurrence of ``line`` in ``paragraph`` may be part of a longer chrome line found there."""
    longer = [other for _, other in items if line in other and len(other) > len(line) and other in paragraph]
    return bool(longer) and paragraph.count(line) <= sum(paragraph.count(other) for other in longer)


def touching_pair_counts(
    predicted: Mapping[str, str], gold: Mapping[str, str], members: Collection[str]
) -> metrics.PairCounts:
    """Pair counts over the pairs with at least one id in ``members`` (one site's, or the left-out sites').

    A story's copies are on distinct sites, so a site's pairs all reach outside it: these are the pairs a
    site's chrome can break.

    >>> pc = touching_pair_counts({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "x"}, {"c"})
    >>> pc.together_both, pc.predicted_pairs, pc.gold_pairs, pc.total_pairs
    (0, 0, 2, 2)
    >>> metrics.pair_counts({"a": "1", "b": "1"}, {"a": "x", "b": "x"}) == touching_pair_counts(
    ...     {"a": "1", "b": "1"}, {"a": "x", "b": "x"}, {"a", "b"})
    True
    """
    inside = set(members)

    def pairs(groups: Iterable[tuple[object, str]]) -> int:
        sizes: Counter[object] = Counter()
        insiders: Counter[object] = Counter()
        for label, item in groups:
            sizes[label] += 1
            insiders[label] += item in inside
        return sum(math.comb(insiders[g], 2) + insiders[g] * (sizes[g] - insiders[g]) for g in sizes)

    ids = list(gold)
    n, m = len(ids), len(inside & set(ids))
    return metrics.PairCounts(
        together_both=pairs(((predicted[i], gold[i]), i) for i in ids),
        predicted_pairs=pairs((predicted[i], i) for i in ids),
        gold_pairs=pairs((gold[i], i) for i in ids),
        total_pairs=math.comb(m, 2) + m * (n - m),
    )
