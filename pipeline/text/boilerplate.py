"""Remove boilerplate paragraphs with the configured line rules, keeping a record of every removal.

Each paragraph is tried against the rules in config order; the first rule that matches removes it and is counted
under ``line-removed:<rule>``. A rule that heads a teaser list ("You may also like:") also removes the headline-like
paragraphs right under it, which no rule would catch on their own (they are other articles' headlines), under the
same rule name.

Footer-only rules (``footer_teaser``) run last, on the footer: the kept paragraphs after the last body paragraph
(boilerplate removed by other rules may sit among them). They fire only on a run of two or three such paragraphs with
page chrome right before, inside or right after it, so an article that simply ends with one short line, or with a list
(fixtures, rankings, a poem's last lines), keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from pipeline.core.bounded_memo import BoundedMemo
from pipeline.core.counting import CountFn, no_count
from pipeline.text.rules import MAX_BOILERPLATE_CHARS, MAX_TEASER_LINES, LineRule, footer_teaser, word_count
from pipeline.text.sentences import SENTENCE_END_RE, ends_with_colon

# Unlabelled teaser lists closing an article have two or three headlines in the benchmark's copies; four or more
# headline-like lines at the end were, in the original BBC articles, the article's own lists (cup draws, fixtures).
MIN_TEASER_RUN = 2
MAX_FOOTER_TEASERS = 3
# A time alone on its line ("18:30", "9.15 Uhr", "10h00"): a page's timestamp, or an item of a story's schedule or
# timetable when it stands between the story's lines (see _story_times).
BARE_TIME_RE = re.compile(r"\d{1,2}[:.h]\d{2}(?:\s*[^\W\d_]{1,4}\.?)?")
DATELINE_RULE = "dateline"
MIN_STORY_TIMES = 2
# A "read also" block inside a story ("Read also:", two headlines, then the story again) is often followed by the
# story's next subheading, which the list takes for one more teaser. Teasers are other stories' headlines (7-15 words
# on the native sets); a subheading there had 3-5 words, at most 5/8 of the shortest teaser above it. A line at most
# MAX_SUBHEADING_WORDS long and at most MAX_SUBHEADING_SHARE of every teaser above it, with a sentence of the story
# (MIN_STORY_LINE_WORDS words or more) right under it, is the story's own (see _subheadings_after_teasers).
MAX_SUBHEADING_WORDS = 5
MAX_SUBHEADING_SHARE = 2 / 3
MIN_STORY_LINE_WORDS = 5
# Short lines a LineMatcher remembers (~0.5 MB of lines of up to MAX_BOILERPLATE_CHARS characters).
MAX_REMEMBERED_LINES = 4_096


@dataclass(frozen=True)
class Removal:
    """A removed paragraph, its position among the input paragraphs, and the rule that removed it: its name, with
    the rule's reason for this paragraph when it gives one (:meth:`pipeline.text.rules.LineRule.label`)."""

    index: int
    line: str
    rule: str


@dataclass(frozen=True)
class Stripped:
    """The paragraphs that survived with their positions, and the removals, both in text order."""

    kept: tuple[tuple[int, str], ...]
    removed: tuple[Removal, ...]


def first_match(line: str, rules: Sequence[LineRule]) -> LineRule | None:
    """The first rule in ``rules`` that matches ``line``.

    >>> from pipeline.text.rules import resolve_rules
    >>> first_match("ADVERTISEMENT", resolve_rules(["copyright", "ad_marker"])).name
    'ad_marker'
    """
    for rule in rules:
        if rule.matches(line):
            return rule
    return None


class LineMatcher:
    """:func:`first_match` over fixed rules, remembering the answer for short lines: boilerplate lines recur across a
    site's articles, and a short line is tried against every rule (~20 us), while a long one is refused by each at
    its length check. On the distinct benchmark corpus about half of the short paragraphs were met before among the
    last 4,096. Bounded (:data:`MAX_REMEMBERED_LINES`): it lives as long as the cleaner that holds it.

    >>> from pipeline.text.rules import resolve_rules
    >>> match = LineMatcher(resolve_rules(["copyright", "ad_marker"]))
    >>> match("ADVERTISEMENT").name, match("ADVERTISEMENT").name, match("Body text.")
    ('ad_marker', 'ad_marker', None)
    """

    def __init__(self, rules: Sequence[LineRule]) -> None:
        self.rules = tuple(rules)
        self._known: BoundedMemo[str, LineRule | None] = BoundedMemo(
            partial(first_match, rules=self.rules), MAX_REMEMBERED_LINES
        )

    def __call__(self, line: str) -> LineRule | None:
        if len(line) > MAX_BOILERPLATE_CHARS:
            return first_match(line, self.rules)
        return self._known(line)


def strip_boilerplate(
    paragraphs: Sequence[str],
    rules: Sequence[LineRule],
    count: CountFn = no_count,
    line_match: LineMatcher | None = None,
) -> Stripped:
    """Remove the paragraphs that a rule matches, and teaser headlines listed under a list heading.

    >>> from pipeline.core.counting import Tally
    >>> from pipeline.text.rules import resolve_rules
    >>> tally = Tally()
    >>> result = strip_boilerplate(
    ...     ["Body text here.", "Advertisement", "More body.", "You may also like:", "New story out", "© 2021 Site"],
    ...     resolve_rules(["ad_marker", "read_more", "copyright"]),
    ...     tally,
    ... )
    >>> result.kept
    ((0, 'Body text here.'), (2, 'More body.'))
    >>> [removal.rule for removal in result.removed]
    ['ad_marker', 'read_more', 'read_more', 'copyright']
    >>> dict(tally)
    {'line-removed:ad_marker': 1, 'line-removed:read_more': 2, 'line-removed:copyright': 1}
    """
    line_rules = [rule for rule in rules if not rule.footer_only]
    footer_rules = [rule for rule in rules if rule.footer_only]
    if line_match is None:
        line_match = LineMatcher(line_rules)
    elif line_match.rules != tuple(line_rules):
        raise ValueError("line_match must match the rules of `rules` that are not footer-only, in order")
    kept: list[tuple[int, str]] = []
    removed: list[Removal] = []
    names: list[str] = []  # the rule of each removal, counted once the story's times are back
    list_rule: LineRule | None = None  # the rule whose teaser list we are inside
    list_left = 0
    teasers: list[int] = []  # the positions of the paragraphs removed as teasers under a list heading
    for index, paragraph in enumerate(paragraphs):
        rule = line_match(paragraph)
        # A teaser has a few words (footer_teaser's test); a one- or two-word line under a list ("Privacy", "Home")
        # is the page's menu, which page-text mode judges with the rest of the page.
        if rule is None and list_rule is not None and list_left > 0 and footer_teaser(paragraph):
            rule = list_rule
            list_left -= 1
            teasers.append(index)
        elif rule is not None and rule.heads_list is not None and rule.heads_list(paragraph):
            list_rule, list_left = rule, MAX_TEASER_LINES
        elif rule is None:
            list_rule = None
        if rule is None:
            kept.append((index, paragraph))
            continue
        # The ledger shows the rule's reason for this line ("chrome[ad/fr]"); counters stay per rule.
        removed.append(Removal(index, paragraph, rule.label(paragraph)))
        names.append(rule.name)
    story_lines = _story_times(kept, removed) | _subheadings_after_teasers(paragraphs, kept, teasers)
    if story_lines:
        kept = sorted([*kept, *((index, paragraphs[index]) for index in story_lines)])
        names = [name for name, removal in zip(names, removed, strict=True) if removal.index not in story_lines]
        removed = [removal for removal in removed if removal.index not in story_lines]
    for name in names:
        count(f"line-removed:{name}")
    if footer_rules:
        kept, removed = strip_footer(kept, removed, footer_rules, count)
    return Stripped(tuple(kept), tuple(removed))


def _story_times(kept: list[tuple[int, str]], removed: list[Removal]) -> set[int]:
    """The positions of bare times ("18:30") the dateline rule removed that belong to the story: runs of them between
    two kept paragraphs, when such runs hold ``MIN_STORY_TIMES`` times or more (a programme, a timetable) or the
    paragraph above announces them with a colon ("The trains leave at:"). A page's timestamp is one time, beside its
    byline or date, or alone between the headline and the body.

    >>> kept = [(0, "Programme"), (2, "Opening of the fair"), (4, "Concert in the square")]
    >>> removed = [Removal(1, "10:00", "dateline"), Removal(3, "18:30", "dateline"), Removal(5, "21:00", "dateline")]
    >>> sorted(_story_times(kept, removed))
    [1, 3]
    >>> _story_times(kept[:2], removed[:1])
    set()
    >>> departures = [Removal(1, "06:15", "dateline"), Removal(2, "07:40", "dateline")]
    >>> sorted(_story_times([(0, "The first trains leave at:"), (3, "Tickets are on sale.")], departures))
    [1, 2]
    """
    kept_text = dict(kept)
    times = sorted(
        removal.index for removal in removed if removal.rule == DATELINE_RULE and BARE_TIME_RE.fullmatch(removal.line)
    )
    runs: list[list[int]] = []
    for index in times:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    inside = [run for run in runs if run[0] - 1 in kept_text and run[-1] + 1 in kept_text]
    announced = [run for run in inside if ends_with_colon(kept_text[run[0] - 1])]
    if sum(len(run) for run in inside) >= MIN_STORY_TIMES:
        return {index for run in inside for index in run}
    return {index for run in announced for index in run}


def _subheadings_after_teasers(paragraphs: Sequence[str], kept: list[tuple[int, str]], teasers: list[int]) -> set[int]:
    """The positions of the story's subheadings that a teaser list inside the story took for its last teaser: the
    last line of a run of teasers, under one teaser at least, when it has at most ``MAX_SUBHEADING_WORDS`` words and
    at most ``MAX_SUBHEADING_SHARE`` of the shortest teaser above it, and the story goes on right under it with a
    sentence (or a colon's lead-in) of ``MIN_STORY_LINE_WORDS`` words or more.

    >>> page = [
    ...     "The council voted on Monday to close the old bridge to traffic for six months.",
    ...     "Read also:",
    ...     "Rail strike set to disrupt services across the region this week",
    ...     "Reactions in town",
    ...     "Shop owners on the east bank said they feared losing half their customers.",
    ... ]
    >>> _subheadings_after_teasers(page, [(0, page[0]), (4, page[4])], [2, 3])
    {3}

    Not the only line under the heading, nor a teaser as long as the ones above it, nor one the story does not follow:

    >>> _subheadings_after_teasers(page, [(0, page[0]), (4, page[4])], [3])
    set()
    >>> longer = [*page[:3], "Mayor defends the bridge plan before the vote", page[4]]
    >>> _subheadings_after_teasers(longer, [(0, page[0]), (4, page[4])], [2, 3])
    set()
    >>> _subheadings_after_teasers([*page[:4], "Most read"], [(0, page[0]), (4, "Most read")], [2, 3])
    set()
    """
    kept_text = dict(kept)
    found = set()
    for index in teasers:
        after = kept_text.get(index + 1)
        if after is None or word_count(after) < MIN_STORY_LINE_WORDS:
            continue
        if not (SENTENCE_END_RE.search(after) or ends_with_colon(after)):
            continue
        above: list[int] = []  # the words of the teasers right above, nearest first
        while index - len(above) - 1 in teasers:
            above.append(word_count(paragraphs[index - len(above) - 1]))
        words = word_count(paragraphs[index])
        if above and words <= MAX_SUBHEADING_WORDS and words <= MAX_SUBHEADING_SHARE * min(above):
            found.add(index)
    return found


def _among_chrome(first: int, last: int, before: list[tuple[int, str]], removed: list[Removal]) -> bool:
    """Whether the run of paragraphs ``first``..``last`` sits among page chrome: a line another rule removed right
    before it, inside it or right after it (a share row above teasers, a copyright line under them), and is not a list
    the story introduces ("The winners were:", "Key measures:"). A story may end with two or three short lines of its
    own (a poem's last lines, results, the winners of the last categories); without chrome beside them nothing tells
    them from teasers, and they stay.

    >>> share, notice = Removal(1, "Share this!", "share_prompt"), Removal(5, "© Site", "copyright")
    >>> _among_chrome(2, 3, [(0, "Body.")], [share]), _among_chrome(2, 3, [(0, "Body."), (1, "More body.")], [])
    (True, False)
    >>> _among_chrome(2, 4, [(1, "The winners were:")], [notice]), _among_chrome(2, 4, [(1, "Body.")], [notice])
    (False, True)
    """
    above = [line for index, line in before if index == first - 1]
    above += [removal.line for removal in removed if removal.index == first - 1]
    # The line right above, kept or removed (a site's recurring "Results:"), introduces a list when it ends with a
    # colon; a rule's "Read more:" label has taken its own teasers already (heads_list).
    if any(ends_with_colon(line) for line in above):
        return False
    return any(first - 1 <= removal.index <= last + 1 for removal in removed)


def strip_footer(
    kept: list[tuple[int, str]], removed: list[Removal], rules: Sequence[LineRule], count: CountFn
) -> tuple[list[tuple[int, str]], list[Removal]]:
    """Apply footer-only ``rules`` to the run of kept paragraphs after the last body paragraph.

    >>> from pipeline.text.rules import resolve_rules
    >>> kept = [(0, "Body sentence."), (2, "Other story headline"), (3, "And one more story")]
    >>> removed = [Removal(1, "Share this!", "share_prompt"), Removal(4, "© Site", "copyright")]
    >>> new_kept, new_removed = strip_footer(kept, removed, resolve_rules(["footer_teaser"]), no_count)
    >>> new_kept, [r.index for r in new_removed]
    ([(0, 'Body sentence.')], [1, 2, 3, 4])
    """
    footer: list[tuple[int, str, LineRule]] = []
    for index, paragraph in reversed(kept):
        rule = first_match(paragraph, rules)
        if rule is None:
            break
        footer.append((index, paragraph, rule))
    # One trailing headline-like line may be the article's own last line, and a longer run is a list in the article
    # (fixtures, rankings).
    if not MIN_TEASER_RUN <= len(footer) <= MAX_FOOTER_TEASERS:
        return kept, removed
    if not _among_chrome(footer[-1][0], footer[0][0], kept[: len(kept) - len(footer)], removed):
        return kept, removed
    for _, _, rule in footer:
        count(f"line-removed:{rule.name}")
    removed = sorted(removed + [Removal(i, p, rule.name) for i, p, rule in footer], key=lambda r: r.index)
    return kept[: len(kept) - len(footer)], removed
