"""A news site's navigation flattened into one line: section names joined by spaces ("Home News Politics Sport
Culture Opinion", "トップ 速報 政治 経済 社会 国際"). With no separator between its items, no rule sees a menu row in
it, and it looks like a headline: short, no sentence, starting like one. It is told by its words, the section names
of the ``sections`` lexicon (``pipeline/data/chrome/sections.tsv``, names in 70 languages).
"""

from __future__ import annotations

import functools
import re

from pipeline.text.lexicon import load_lexicon
from pipeline.text.sentences import SENTENCE_END_RE

# A row names at least this many sections; a headline made of four section names and nothing else is not news.
MIN_ROW_SECTIONS = 4
# Words the lexicon does not know: at most one for this many names (an account link, a site's own section, a city).
# Over every line of the shared data (115,000) and every gold title and body line of the native pages, AEB and
# 10,000 distinct articles, no headline or story line is a row with one unknown word for two names; with one for
# one, a BBC headline is ("Europe backs digital TV lifestyle | Metro Digest").
SECTIONS_PER_UNKNOWN_WORD = 3
# Cell separators a converter may leave between the names; a row of them is also is_menu_row's.
SEPARATOR_RE = re.compile(r"\s*[|·•/»›>]\s*|\s+")
# Rows are short: a long line is not looked at.
MAX_ROW_CHARS = 200


@functools.cache
def _section_names() -> tuple[dict[str, tuple[int, ...]], frozenset[str]]:
    """The lexicon's names, casefolded and split as lines are ("IT/과학" is two words): by their first word, the
    numbers of words the names starting with it have, longest first; and the names themselves."""
    split = [_words(phrase.text) for phrase in load_lexicon("sections").phrases]
    sizes: dict[str, set[int]] = {}
    for words in split:
        sizes.setdefault(words[0], set()).add(len(words))
    by_first = {first: tuple(sorted(counts, reverse=True)) for first, counts in sizes.items()}
    return by_first, frozenset(" ".join(words) for words in split)


def _words(line: str) -> list[str]:
    return [word for word in SEPARATOR_RE.split(line.casefold()) if word]


def count_sections(line: str) -> tuple[int, int]:
    """How many section names ``line`` holds, read left to right taking the longest name that fits, and how many of
    its words are in none.

    >>> count_sections("Home World News Politics Sport Jobs4U")
    (4, 1)
    """
    by_first, names = _section_names()
    words = _words(line)
    found = unknown = index = 0
    while index < len(words):
        size = next(
            (
                size
                for size in by_first.get(words[index], ())
                if index + size <= len(words) and (size == 1 or " ".join(words[index : index + size]) in names)
            ),
            0,
        )
        if size:
            found += 1
            index += size
        else:
            unknown += 1
            index += 1
    return found, unknown


def is_section_row(line: str) -> bool:
    """A line of ``MIN_ROW_SECTIONS`` section names or more, no sentence, and at most one word the lexicon does not
    know for every ``SECTIONS_PER_UNKNOWN_WORD`` names: a navigation row, never a headline.

    >>> is_section_row("Home News Politics Business Sport Culture Opinion")
    True
    >>> is_section_row("Thời sự Thế giới Kinh doanh Giải trí Thể thao Pháp luật")
    True
    >>> is_section_row("政治 経済 社会 国際 スポーツ")
    True
    >>> is_section_row("Home Politics Business Sport Ridgeway Tribune")  # two unknown words for four names
    False
    >>> is_section_row("Politics and business leaders meet in Davos")
    False
    >>> is_section_row("Sport, culture and politics: the week ahead.")
    False
    """
    if len(line) > MAX_ROW_CHARS or SENTENCE_END_RE.search(line):
        return False
    found, unknown = count_sections(line)
    return found >= MIN_ROW_SECTIONS and unknown * SECTIONS_PER_UNKNOWN_WORD <= found
