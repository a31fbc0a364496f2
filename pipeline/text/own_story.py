"""Whether a line a site repeats is about the article it stands in: then it is that article's own story.

Learned boilerplate counts a line as a site's when it recurs across the site's articles. A story's own lines recur
too: its headline (and its standfirst) stand in the "related" and "most read" lists of the site's other pages, so a
crawl of the site learns them, and they would be removed from the very page whose headline and lede they are. What
tells them apart from the site's chrome is what they say: a headline repeats the words of the story under it, while a
newsletter prompt, a menu or another story's teaser shares few words with it.

The words compared are :func:`story_terms`: the longer words (five letters or more: short words are a language's
function words in most alphabetic scripts, and the words a site's prompts share with any story), and, in Han
ideographs (Chinese, Japanese kanji) and Hangul (whose words take particles), pairs of letters, as dedup tools compare
those scripts.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

from pipeline.core.scripts import count_words, is_spaceless

# Alphabetic words shorter than this are not compared: "with", "from", "alla", "delle", "para" are in every story.
MIN_TERM_LETTERS = 5
# A line says too little to be told by its words (a masthead, a label, a publisher's name) below four words or eight
# pairs of letters (a site's name in Chinese is four or five letters; a headline there ten or more): a word weighs
# two pairs.
MIN_LINE_WEIGHT = 8
WORD_WEIGHT = 2
# The article's story is told by its paragraphs of this many words or more: bylines, captions and datelines, which
# name the site and so share its prompts' words, are shorter.
MIN_STORY_WORDS = 12
# The share of a line's terms its article's other lines must hold for the line to be the article's own. Headlines
# hold most (the place, the name, the thing: 0.75-1.0 on the layout pages); site prompts a third or less.
OWN_STORY_SHARE = 0.6
# Han ideographs (the main block, Extension A, the compatibility block, Extensions B-G) and Hangul syllables: scripts
# of thousands of letters, where two letters in a row say what a text is about. Kana, Thai, Lao, Khmer and Myanmar
# are alphabets written without spaces: pairs of their letters are in every text, and their words are not found
# without a dictionary, so their lines have no terms (they are never taken for a story's own).
PAIRED_RUN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\uac00-\ud7a3]+")
HANGUL_RUN_RE = re.compile("[\uac00-\ud7a3]")


@functools.cache
def _letter_runs() -> re.Pattern[str]:
    """Runs of letters with their combining marks (Indic vowel signs, which ``\\w`` does not match): "2026年03月05日"
    is three runs of one letter. The marks of the Basic Multilingual Plane are listed once, on first use (~6 ms)."""
    ranges: list[list[int]] = []
    for point in range(0x300, 0x10000):
        if unicodedata.category(chr(point))[0] == "M":
            if ranges and ranges[-1][1] == point - 1:
                ranges[-1][1] = point
            else:
                ranges.append([point, point])
    marks = "".join(f"{chr(first)}-{chr(last)}" for first, last in ranges)
    return re.compile(f"(?:[^\\W\\d_]|[{marks}])+")


def story_terms(text: str) -> frozenset[str]:
    """The terms of ``text`` that say what it is about: its words of five letters or more, case-folded, letters
    only; in Han ideographs and Hangul, its pairs of adjacent letters (none in kana, Thai and other alphabets
    written without spaces).

    >>> sorted(story_terms("Lecco, il ponte di via Digioni chiude per 3 mesi"))
    ['chiude', 'digioni', 'lecco', 'ponte']
    >>> sorted(story_terms("清河湿地公园"))
    ['公园', '地公', '河湿', '清河', '湿地']
    >>> sorted(story_terms("札幌市の除雪費")), story_terms("กรุงเทพมหานคร")
    (['幌市', '札幌', '除雪', '雪費'], frozenset())
    >>> sorted(story_terms("공영주차장이 생겼다"))
    ['겼다', '공영', '생겼', '영주', '장이', '주차', '차장']
    """
    terms: set[str] = set()
    for run in _letter_runs().findall(text):
        if len(run) >= MIN_TERM_LETTERS and not is_spaceless(run[0]) and not HANGUL_RUN_RE.match(run):
            terms.add(run.casefold())
    for run in PAIRED_RUN_RE.findall(text):
        terms.update(run[at : at + 2] for at in range(len(run) - 1))
    return frozenset(terms)


def _weight(terms: frozenset[str]) -> int:
    # Pairs of letters are the only terms of two letters: words have five or more.
    return sum(1 if len(term) == 2 else WORD_WEIGHT for term in terms)


def own_story_lines(paragraphs: Sequence[str], learned: Sequence[bool]) -> list[bool]:
    """Which of the ``learned`` paragraphs are about the story the others tell: those with at least four terms
    (:func:`story_terms`; or eight pairs of letters) of which the story paragraphs not learned (twelve words or more)
    hold at least 60%.

    >>> story = ["Lecco, il ponte di via Digioni chiude per tre mesi",
    ...          "Dal 16 marzo il ponte di via Digioni, sul torrente Gerenzone, resterà chiuso per tre mesi.",
    ...          "Iscriviti alla newsletter del Corriere delle Prealpi: ogni mattina le notizie",
    ...          "Sondrio, la biblioteca apre una sala studio fino a mezzanotte",
    ...          "Ponte Digioni",
    ...          "Lo ha comunicato ieri il Comune di Lecco, che stima in circa 4.000 i veicoli che lo attraversano."]
    >>> own_story_lines(story, [True, False, True, True, True, False])  # "Ponte Digioni": too few words to tell
    [True, False, False, False, False, False]
    """
    own = [False] * len(paragraphs)
    candidates = [
        (position, terms)
        for position, (paragraph, is_learned) in enumerate(zip(paragraphs, learned, strict=True))
        if is_learned and _weight(terms := story_terms(paragraph)) >= MIN_LINE_WEIGHT
    ]
    if not candidates:
        return own
    told = frozenset().union(
        *(
            story_terms(paragraph)
            for paragraph, is_learned in zip(paragraphs, learned, strict=True)
            if not is_learned and count_words(paragraph, MIN_STORY_WORDS) >= MIN_STORY_WORDS
        )
    )
    for position, terms in candidates:
        own[position] = len(terms & told) >= OWN_STORY_SHARE * len(terms)
    return own
