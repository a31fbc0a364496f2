"""The chrome scorer's position/neighbour signal: a weak cue counts at the edge of the body, next to chrome.

Chrome comes in runs: the header above a story (breadcrumb, byline, dateline, audio widget) and the footer below it
(notes, tags, counters, share rows). The chrome rule (:mod:`pipeline.text.chrome`) removes a line on its own evidence
alone, so it stops short of lines whose evidence is weak: a byline whose name is written in lower case ("Von
dpa/rbo", "By Wire services, Ledger Staff Writer"), a "Name | Place" line, a date without a year ("15. November"), a
date with a trailing word ("23 de marzo de 2026 - 07:48 hora peninsular"), a two-label breadcrumb ("KN › Politik").

Such a line is removed as chrome when all of these hold:

* it is short and does not end a sentence or announce what follows in a clause (:func:`is_story_line` is false), so
  a line that reads as prose never goes;
* it lies at an edge of the body, before its first story line or after its last one, and every line there has a
  cue too (at most three): never between two story lines (a subheading, a quote, a list in the middle of the story
  stays whatever its cues), nor beside the story's own short header lines (a match report's "Saturday 20 November"
  over "Lansdowne Road, Dublin"), nor in a list at the story's end;
* it touches a line already judged chrome on other evidence (a rule, the learned lines of the site, the chrome above
  the headline), directly or through other lines removed this way;
* it has a weak cue of its own (:func:`weak_cue`): a date or time (CLDR patterns and month names via Babel), an
  opening phrase of one of the chrome lexicons (its tail not checked), or short capitalised labels between separators
  ("|", "›", "/" and their typographic cousins).

The reason names the cue: ``neighbour/date``, ``neighbour/byline``, ``neighbour/labels``...; the removal ledger and
``newsclean explain`` show it as ``chrome[neighbour/date]``.

Teasers for other stories under a label in capitals that no lexicon has ("MORE: <headline>") are removed anywhere in
the body (:func:`body_chrome`, reason ``related/mul``): that is the line's own structure, but a headline can look the
same ("BREXIT: Talks resume"), so it is judged once the headline is out of the body.

Cost: only the lines before the first and after the last story line are looked at, one or two in most articles, and
their cues only when one of them touches chrome; a teaser label costs two character tests per body line.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable, Sequence

from pipeline.text.chrome import RULE_KINDS, caps_teaser, lexicon_opening
from pipeline.text.locale_data import DIGIT_RE, has_day_and_month
from pipeline.text.paragraphs import ends_sentence
from pipeline.text.rules import MAX_BOILERPLATE_CHARS, MAX_TEASER_WORDS, is_date_segment, segments, word_count
from pipeline.text.sentences import ends_with_colon

REASON_PREFIX = "neighbour/"
# Chrome lines are short: the longest a tune site of benchmarks/generalise.py leaves is a 12-word byline with its
# date ("La rédaction avec AFP | Publié le mardi 27 octobre 2019 à 03h32"); headlines have at most 15
# (rules.MAX_TEASER_WORDS). A longer line is story.
MAX_NEIGHBOUR_WORDS = MAX_TEASER_WORDS
# Breadcrumb and "Name | Place" separators, with their typographic cousins; spaces around them, so "dpa/rbo" and
# "24/7" are single labels.
LABEL_SPLIT_RE = re.compile(r"\s+[|｜¦∣•·»›>→/⁄∕]\s+")
# A label ("KN", "Teknologi", "The Capitol Ledger", "Ledger Staff") has a few words and starts with a capital or digit.
MAX_LABEL_WORDS = 4
# A byline cue ("Von", "By", "Ein Beitrag von") followed by at most this many words: a name or desk, written in any
# case ("dpa/rbo", "Wire services, Ledger Staff Writer").
MAX_BYLINE_WORDS = 6
BYLINE_KINDS = frozenset({"byline"})
# More lines with cues in a row at an edge are a list in the story (fixtures with their dates, a timeline, results):
# chrome leaves at most 3 there (the tune sites of benchmarks/generalise.py and bbc_republished), so an edge of more
# is left alone.
MAX_EDGE_LINES = 3
# A line ending with a colon announces a quote or a list: chrome that does ("Share this article:", "Follow us on
# Facebook:", "Lesen Sie auch:") has at most five words.
MIN_ANNOUNCING_WORDS = 6


def is_story_line(line: str) -> bool:
    """A line that reads as part of the story: it ends a sentence, it announces what follows in a clause of
    ``MIN_ANNOUNCING_WORDS`` words or more (a quote, a list, an embedded post the scraper dropped), or it is longer than
    any chrome line.

    >>> is_story_line("He said so."), is_story_line("Was it?"), is_story_line("Von dpa/rbo")
    (True, True, False)
    >>> is_story_line("Twitter seemed a bit confused by the campaign:"), is_story_line("Share this article:")
    (True, False)
    """
    return (
        len(line) > MAX_BOILERPLATE_CHARS
        or ends_sentence(line)
        or word_count(line) > MAX_NEIGHBOUR_WORDS
        or (ends_with_colon(line) and word_count(line) >= MIN_ANNOUNCING_WORDS)
    )


def _labels(line: str) -> bool:
    """Two or more short labels, each starting with a capital or a digit, between separators.

    >>> _labels("KN › Teknologi"), _labels("Dana Whitfield | The Capitol Ledger"), _labels("dpa/rbo")
    (True, True, False)
    >>> _labels("Prices rose | and fell back again in the afternoon trading")
    False
    """
    parts = LABEL_SPLIT_RE.split(line)
    return len(parts) >= 2 and all(
        part and (part[0].isupper() or part[0].isdigit()) and word_count(part) <= MAX_LABEL_WORDS for part in parts
    )


def _date(line: str) -> bool:
    """A date or time in one of the line's segments (CLDR patterns), or a day next to a month name.

    >>> _date("23 de marzo de 2026 - 07:48 hora peninsular"), _date("dpa | 15. November")
    (True, True)
    >>> _date("Attendance: 8,661"), _date("Ireland 21 - 19 Argentina")
    (False, False)
    """
    if DIGIT_RE.search(line) is None:
        return False
    return has_day_and_month(line) or any(is_date_segment(part) for part in segments(line))


def weak_cue(line: str) -> str | None:
    """The kind of chrome a short line hints at, on evidence too weak to remove it anywhere: ``date``, ``labels``,
    or the lexicon kind of the phrase it opens with (``byline`` when a few words follow a byline cue).

    >>> weak_cue("Von dpa/rbo"), weak_cue("Last updated Updated 11:24 a.m. CST May 3, 2025")
    ('byline', 'date')
    >>> weak_cue("KN › Politik"), weak_cue("Partager cet article sur le blog")
    ('labels', 'share')
    >>> weak_cue("K Clark"), weak_cue("8,661"), weak_cue("Byelection results")
    (None, None, None)
    """
    opening = lexicon_opening(line, RULE_KINDS)
    if opening is not None and (
        opening.kind not in BYLINE_KINDS or word_count(line) - opening.words <= MAX_BYLINE_WORDS
    ):
        return opening.kind
    if _date(line):
        return "date"
    if _labels(line):
        return "labels"
    # A label in capitals before a headline ("MORE: ...") is a teaser at the body's edge, but in the story it is as
    # often a speaker ("OBAMA: Thank you all") or a subheading: a cue, never enough on its own.
    if line[:2].isupper() and caps_teaser(line) is not None:
        return "related"
    return None


def _short_lines(lines: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines at the start of ``lines`` up to the first story line."""
    return list(itertools.takewhile(lambda item: not is_story_line(item[1]), lines))


def _edge_run(short: Sequence[tuple[int, str]], judged: Collection[int]) -> list[tuple[int, str]]:
    """The lines of ``short`` (the lines between an end of the body and its story, no story lines) with their cues
    when every one of them has a cue; none when one has none (a short line of the story's own stands between the
    story and the edge: a match report's venue and kick-off under its date), when more than MAX_EDGE_LINES (a list),
    or when none touches a ``judged`` line (cues, which cost a date look-up, are then not needed)."""
    if not short or len(short) > MAX_EDGE_LINES:
        return []
    if not any(index - 1 in judged or index + 1 in judged for index, _ in short):
        return []
    run = []
    for index, line in short:
        cue = weak_cue(line)
        if cue is None:
            return []
        run.append((index, cue))
    return run


def neighbour_chrome(body: Sequence[tuple[int, str]], chrome: Collection[int]) -> dict[int, str]:
    """The lines of ``body`` (position in the text, line) to remove as chrome on the neighbour signal, with their
    reasons; ``chrome`` holds the positions of the lines already judged chrome (removed from the text).

    Only the edges of the body are looked at: the lines between its first (last) line and its first (last) story
    line, and only when each of them has a cue, so a date with chrome on both sides above the story's own header
    lines ("Saturday 20 November" above "Lansdowne Road, Dublin") stays. An edge line goes when it touches a chrome
    line, or an edge line that goes.

    >>> body = [(1, "Von dpa/rbo"), (3, "Der Bundestag hat am Freitag abgestimmt."), (4, "Schlagworte"), (6, "K Clark")]
    >>> neighbour_chrome(body, {0, 2, 5})
    {1: 'neighbour/byline'}
    >>> neighbour_chrome([(0, "KN › Politik"), (1, "Von dpa/rbo"), (3, "Der Bundestag hat abgestimmt.")], {2})
    {1: 'neighbour/byline', 0: 'neighbour/labels'}
    >>> neighbour_chrome([(1, "Von dpa/rbo"), (3, "Der Bundestag hat abgestimmt.")], {})
    {}
    """
    if not chrome:
        return {}
    head = _short_lines(body)
    if len(head) == len(body):  # no story line: nothing tells the story from its chrome
        return {}
    tail = _short_lines(reversed(body))
    judged = set(chrome)
    found: dict[int, str] = {}
    for run in (_edge_run(head, judged), _edge_run(tail, judged)):
        # A removal lets the next line touch chrome: repeat until the run stops changing (a run is a few lines).
        changed = True
        while changed:
            changed = False
            for index, cue in run:
                if index not in found and (index - 1 in judged or index + 1 in judged):
                    found[index] = REASON_PREFIX + cue
                    judged.add(index)
                    changed = True
    return found


def body_chrome(body: Sequence[tuple[int, str]], chrome: Collection[int]) -> dict[int, str]:
    """The lines of ``body`` (the text's lines after its headline, with their positions) to remove as chrome once the
    headline is settled, with their reasons: the neighbour signal (:func:`neighbour_chrome`). A teaser under a label
    in capitals (:func:`pipeline.text.chrome.caps_teaser`) is one of its cues, so it goes only at an edge of the body
    next to other chrome: in the story the same shape is a speaker in a transcript or a subheading.

    >>> body = [(1, "Von dpa/rbo"), (3, "Der Bundestag hat am Freitag abgestimmt."), (4, "MEHR: Die SPD berät")]
    >>> body_chrome(body, {2, 5})
    {1: 'neighbour/byline', 4: 'neighbour/related'}
    >>> body_chrome([(3, "Er sagte es."), (4, "OBAMA: Thank you all"), (5, "Sie nickte.")], {2, 6})
    {}
    """
    return neighbour_chrome(body, chrome)
