"""Scripts written without spaces between words: Chinese, Japanese (kanji and kana), Thai, Lao, Khmer, Myanmar.

``str.split`` finds no words in them (a Chinese paragraph is one "word" to it), and finding their words needs a
dictionary per language. Where newsclean counts words (``cleaning.min_words``) or shingles them (dedup
fingerprints), it takes each letter of these scripts as one word, as dedup tools do for CJK (character n-grams):

- a short Japanese story is not rejected as "3 words left after cleaning";
- a near copy of a Chinese story that changes a few characters changes a few shingles, not the whole clause each
  character sits in.

The ranges are the Unicode blocks of these scripts (Unicode 15 ``Blocks.txt``): the letters whose line-breaking class
(UAX #14) is ID (ideographs, kana) or SA (Thai, Lao, Khmer, Myanmar), between which a line may break anywhere.
Hangul is written with spaces and is not among them.
"""

from __future__ import annotations

import re
import unicodedata

# Hiragana, Katakana, Katakana Phonetic Extensions, CJK Unified Ideographs (Extension A, the main block,
# Compatibility Ideographs, Extensions B-G), Halfwidth Katakana, Thai, Lao, Myanmar, Khmer.
SPACELESS_RANGES = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\uff66-\uff9f"
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
)
SPACELESS_RE = re.compile(f"[{SPACELESS_RANGES}]")
# ZWNJ and ZWJ, Unicode's Join_Control characters: the cleaner keeps them where they join letters or emoji
# (pipeline.text.normalize), and fingerprint tokens delete them (pipeline.dedup.shingles), the same two characters.
JOINERS = "\u200c\u200d"


def is_spaceless(char: str) -> bool:
    """Whether ``char`` belongs to a script written without spaces between words.

    >>> is_spaceless("東"), is_spaceless("シ"), is_spaceless("ก"), is_spaceless("한"), is_spaceless("a")
    (True, True, True, False, False)
    """
    return SPACELESS_RE.match(char) is not None


def is_caseless(char: str) -> bool:
    """Whether ``char`` is a letter of a script without upper and lower case (Chinese, Arabic, Hebrew, Thai...), or
    of one that does not capitalise a sentence's or a name's first letter: Georgian's Mkhedruli letters are lower case
    since Unicode 11 (its Mtavruli capitals are for text set all in capitals), and Unicode maps them to themselves in
    title case, so a Georgian headline starts like any other line.

    >>> is_caseless("ب"), is_caseless("東"), is_caseless("b"), is_caseless("1"), is_caseless("B")
    (True, True, False, False, False)
    >>> is_caseless("ა"), is_caseless("ς")
    (True, False)
    """
    return char.isalpha() and not char.isupper() and char.title() == char


def is_letter_or_mark(char: str) -> bool:
    """Whether ``char`` is a letter or a combining mark: the vowel signs of Devanagari, Bengali or Thai are parts of
    their letters ("सोना" has four), which ``str.isalpha`` does not count.

    >>> is_letter_or_mark("a"), is_letter_or_mark("ा"), is_letter_or_mark("1"), is_letter_or_mark("-")
    (True, True, False, False)
    """
    return char.isalpha() or unicodedata.category(char)[0] == "M"


def count_words(text: str, up_to: int) -> int:
    """The words of ``text``: its whitespace-separated words, each letter of a spaceless script one word (and then
    punctuation between them no word). Exact when there are fewer than ``up_to``; otherwise some number >= ``up_to``
    (a long text is not counted to the end).

    >>> count_words("Five words in this line.", 10), count_words("Five words in this line.", 3)
    (5, 4)
    >>> count_words("気象庁によると、東京で雪。", 50), count_words("Tokyo 東京", 50)
    (11, 3)
    """
    words = len(text.split(None, up_to))
    if words >= up_to or text.isascii():
        return words
    letters = sum(char.isalnum() for char in SPACELESS_RE.findall(text))
    if not letters:
        return words
    others = SPACELESS_RE.sub(" ", text).split()
    return sum(any(char.isalnum() for char in word) for word in others) + letters
