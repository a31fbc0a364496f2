"""How much of a line's vocabulary the story under it shares.

A headline and a standfirst are about their story: most of their words come back in its paragraphs. A site's tagline
("Quotidiano online del Trentino"), a row of sections ("Accueil Actualité Sports Loisirs"), a ticker's label ("Son
Dakika") or a notice over the byline ("Get breaking news alerts and special reports") share few of them or none.
Words are compared case-folded, in compatibility form, from three letters up (shorter ones are mostly function
words, in any language); a script written without spaces is compared by pairs of characters, since one character
is too common to tell anything and its words have no marked edges.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.core.scripts import SPACELESS_RANGES
from pipeline.text.pagelanguage import folded

TOKEN_RE = re.compile(rf"[{SPACELESS_RANGES}]+|(?:(?![{SPACELESS_RANGES}])[^\W\d_])+")
SPACELESS_RUN_RE = re.compile(rf"[{SPACELESS_RANGES}]")
MIN_WORD_CHARS = 3


def vocabulary(line: str) -> list[str]:
    """The words of ``line`` as cohesion compares them: case-folded words of three letters or more, and the pairs of
    characters of runs of scripts written without spaces.

    >>> vocabulary("Valanga sotto la Cima Rossola, 2 salvati")
    ['valanga', 'sotto', 'cima', 'rossola', 'salvati']
    >>> vocabulary("西湖龙井 Tea")
    ['西湖', '湖龙', '龙井', 'tea']
    """
    words: list[str] = []
    for token in TOKEN_RE.findall(folded(line)):
        if SPACELESS_RUN_RE.match(token):
            words.extend(token[at : at + 2] for at in range(max(1, len(token) - 1)))
        elif len(token) >= MIN_WORD_CHARS:
            words.append(token)
    return words


class Story:
    """A story's text as cohesion reads it (case-folded, compatibility form), asked whether it has a word of
    :func:`vocabulary`: a word of letters where no letter stands on either side of it, a pair of characters of a script
    written without spaces anywhere. The text is not split into words: a headline's few words are looked up in it."""

    __slots__ = ("_text",)

    def __init__(self, lines: Iterable[str]) -> None:
        self._text = folded("\n".join(lines))

    def __contains__(self, word: object) -> bool:
        """
        >>> story = Story(["The ferry's repairs (2026) ended."])
        >>> [word in story for word in ("ferry", "repairs", "end", "fer")]
        [True, True, False, False]
        """
        if not isinstance(word, str):
            return False
        text = self._text
        at = text.find(word)
        if at < 0 or SPACELESS_RUN_RE.match(word):
            return at >= 0
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not text[at - 1].isalpha()) and (end == len(text) or not text[end].isalpha()):
                return True
            at = text.find(word, at + 1)
        return False


def shared_words(line: str, story: Story, ignored: frozenset[str] = frozenset()) -> tuple[int, int]:
    """How many of ``line``'s words (those in ``ignored`` aside: a page's stopwords) ``story`` has, and of how many.

    >>> story = Story(["Water on Europa, a moon of Jupiter, in space."])
    >>> shared_words("Subscribe to All About Space", story)
    (1, 4)
    """
    words = [word for word in vocabulary(line) if word not in ignored]
    return sum(word in story for word in words), len(words)


def shared_share(line: str, story: Story, ignored: frozenset[str] = frozenset()) -> float:
    """The share of ``line``'s words (those in ``ignored`` aside: a page's stopwords) that ``story`` has; 0 for a line
    with none.

    >>> story = Story(["Two ski tourers were rescued under Cima Rossola on Friday after the avalanche."])
    >>> shared_share("Avalanche under Cima Rossola: two ski tourers rescued", story)
    1.0
    >>> shared_share("Online daily of the Trentino valleys", story)  # "the"
    0.2
    """
    shared, words = shared_words(line, story, ignored)
    return shared / words if words else 0.0
