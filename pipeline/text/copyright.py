"""Copyright notices ("© 2019 Site", "Copyright © 2022 X. All rights reserved.", "Tous droits réservés", "版权所有"),
told from article sentences that open or end with the same signs and words.

A notice opens with a marker (``©``, ``(c)``, "Copyright 2020", "2019 ©") or a rights formula in one of the lexicon's
languages (``pipeline/data/chrome/rights.tsv``), or ends with a formula, and around them it names a holder and a
year. It does not go on as a sentence. Legal texts quoted in the news list their clauses as "(a)", "(b)", "(c)": "(c)
the council must publish its accounts." opens with the marker, but what follows reads as a sentence, and so does
"All rights reserved, the judge noted, was printed on the leaked document." Both are story, and stay.

"Reads as a sentence" (:func:`reads_as_sentence`) counts the words that start with a lower-case letter: holders are
names ("Example News", "Kompas.com"), sentences are mostly lower-case words. Scripts without case (Chinese, Arabic,
Thai...) give no such sign; there a rest that ends as a sentence and is longer than a site's name is one
(:func:`reads_as_caseless_sentence`: "版权所有人表示将起诉该网站。" is story).
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.core.scripts import is_caseless, is_spaceless
from pipeline.text.lexicon import load_lexicon, without_accents
from pipeline.text.sentences import SENTENCE_END_RE

# "©", "(c)", "Copyright ©", "Copyright (c)", "Copyright 2020", "2019 ©", at the start of the line.
MARKER_RE = re.compile(r"(?:copyright\s*(?:©|\(c\))|copyright \d{4}|©|\(c\)|\d{4} ©)\s*", re.IGNORECASE)
# The rights formulas without accents (lines are matched without them, for the lines in capitals that drop them:
# "ΜΕ ΕΠΙΦΥΛΑΞΗ ΠΑΝΤΟΣ ΔΙΚΑΙΩΜΑΤΟΣ"), longest first so that "todos los derechos reservados" wins over "derechos
# reservados".
FORMULAS = sorted({without_accents(phrase.text) for phrase in load_lexicon("rights").phrases}, key=len)[::-1]
FORMULA = "(?:" + "|".join(map(re.escape, FORMULAS)) + ")"
OPENING_FORMULA_RE = re.compile(rf"[\W_]*{FORMULA}", re.IGNORECASE)
CLOSING_FORMULA_RE = re.compile(rf"{FORMULA}[\W_]*$", re.IGNORECASE)
# Searching a line for a closing formula tries every formula at every place (~20 us a line); the line's last letters,
# casefolded, are first tested against them all at once (~1 us), and only a line that ends with one is searched.
CASEFOLDED_FORMULAS = tuple(formula.casefold() for formula in FORMULAS)
MAX_FORMULA_CHARS = max(map(len, CASEFOLDED_FORMULAS))
# What may follow a closing formula: punctuation, symbols, spaces (Unicode general categories P, S, Z and C).
TRAILING_CATEGORIES = "PSZC"
ANY_FORMULA_RE = re.compile(FORMULA, re.IGNORECASE)
# The end of the first sentence: a full stop, "!" or "?" before a space ("Kompas.com" and "L.P." go on), or a CJK
# full stop, which no space follows.
SENTENCE_BREAK_RE = re.compile(r"[.!?]+\s+|[。！？]")
WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
# A sentence has at least this many lower-case words, and they are most of its words: "(c) the order lapses." does,
# the holder "© picture alliance / dpa" (no full stop) does not.
MIN_SENTENCE_LOWER_WORDS = 3
# Without a sentence's end, only this many lower-case words make one ("(c) the council must publish its accounts").
MIN_UNENDED_LOWER_WORDS = 5
# Before a closing formula, in the same sentence ("The label said all rights reserved."), fewer do: a holder there
# is a name ("Daily Example Online 2019. All rights reserved.").
MIN_LOWER_WORDS_BEFORE_FORMULA = 2
# In scripts without case a sentence ends with its mark and is longer than a holder's name: news sites' names run to
# 3-7 Chinese or Japanese letters (新华网, 中時新聞網, 朝日新聞社) and one to three Arabic or Hebrew words.
MIN_SPACELESS_SENTENCE_LETTERS = 8
MIN_CASELESS_SENTENCE_WORDS = 4


def reads_as_sentence(text: str, min_lower_words: int = MIN_SENTENCE_LOWER_WORDS) -> bool:
    """True when ``text`` is mostly lower-case words, at least ``min_lower_words`` of them, and ends as a sentence
    does (or has :data:`MIN_UNENDED_LOWER_WORDS`); or, in a script without case, when it ends as a sentence and is
    longer than a holder's name (:func:`reads_as_caseless_sentence`): story, not the holder of a notice.

    >>> reads_as_sentence("the council must publish its accounts."), reads_as_sentence("Example News.")
    (True, False)
    >>> reads_as_sentence("picture alliance / dpa"), reads_as_sentence("新华网")
    (False, False)
    """
    if reads_as_caseless_sentence(text):
        return True
    words = WORD_RE.findall(text)
    lower = sum(1 for word in words if word[0].islower())
    if lower < min_lower_words or 2 * lower <= len(words):
        return False
    return lower >= MIN_UNENDED_LOWER_WORDS or SENTENCE_END_RE.search(text.rstrip()) is not None


def reads_as_caseless_sentence(text: str) -> bool:
    """Whether ``text``, in a script without case, ends as a sentence does and is longer than a holder's name: at
    least :data:`MIN_SPACELESS_SENTENCE_LETTERS` letters of Chinese, Japanese or Thai, or
    :data:`MIN_CASELESS_SENTENCE_WORDS` words of Arabic, Hebrew, Hindi and the like.

    >>> reads_as_caseless_sentence("人表示将起诉该网站。"), reads_as_caseless_sentence("：中時新聞網。")
    (True, False)
    >>> reads_as_caseless_sentence("للمواطنين وفق الدستور، قال الوزير."), reads_as_caseless_sentence("لموقع المثال")
    (True, False)
    """
    if SENTENCE_END_RE.search(text.rstrip()) is None:
        return False
    letters = sum(is_spaceless(char) for char in text if char.isalpha())
    words = sum(is_caseless(word[0]) and not is_spaceless(word[0]) for word in WORD_RE.findall(text))
    return letters >= MIN_SPACELESS_SENTENCE_LETTERS or words >= MIN_CASELESS_SENTENCE_WORDS


def first_sentence(text: str) -> str:
    """``text`` up to the end of its first sentence.

    >>> first_sentence("Wire Service. This material may not be published.")
    'Wire Service.'
    >>> first_sentence("Kompas.com")
    'Kompas.com'
    >>> first_sentence("新华网。本网站所有内容未经许可不得转载。")
    '新华网。'
    """
    found = SENTENCE_BREAK_RE.search(text)
    return text[: found.start() + 1] if found else text


def is_copyright_notice(line: str) -> bool:
    """True for a copyright notice: a marker or an opening rights formula, then a holder (the first sentence after
    them, formulas aside, does not read as a sentence); or a closing rights formula after a holder.

    >>> is_copyright_notice("Copyright © 2022 Example News. All rights reserved.")
    True
    >>> is_copyright_notice("(c) the council must publish its accounts.")
    False
    >>> is_copyright_notice("Tous droits réservés © Le Monde 2024"), is_copyright_notice("新华网 版权所有")
    (True, True)
    >>> is_copyright_notice("All rights reserved, the judge noted, was printed on the leaked document.")
    False
    >>> is_copyright_notice("The company said it kept all rights reserved.")
    False
    >>> is_copyright_notice("ΜΕ ΕΠΙΦΥΛΑΞΗ ΠΑΝΤΟΣ ΔΙΚΑΙΩΜΑΤΟΣ")
    True
    """
    line = without_accents(line)
    opening = MARKER_RE.match(line) or OPENING_FORMULA_RE.match(line)
    if opening:
        rest = ANY_FORMULA_RE.sub(" ", line[opening.end() :]).strip()
        return not reads_as_sentence(first_sentence(rest))
    if not _may_close_with_formula(line):
        return False
    closing = CLOSING_FORMULA_RE.search(line)
    if closing is None:
        return False
    before = SENTENCE_BREAK_RE.split(line[: closing.start()])[-1]
    return not reads_as_sentence(before + ".", MIN_LOWER_WORDS_BEFORE_FORMULA)


def _may_close_with_formula(line: str) -> bool:
    """Whether ``line``'s last letters (punctuation and symbols after them aside) end as a rights formula does.

    >>> _may_close_with_formula("Daily Example 2019. ALL RIGHTS RESERVED."), _may_close_with_formula("He left.")
    (True, False)
    >>> _may_close_with_formula("ตัวอย่าง สงวนลิขสิทธิ์")  # ends with a mark, not a letter
    True
    """
    end = len(line)
    while end and unicodedata.category(line[end - 1])[0] in TRAILING_CATEGORIES:
        end -= 1
    # Twice the longest formula's length: casefold may lengthen the letters before it ("ß" -> "ss").
    return line[max(0, end - 2 * MAX_FORMULA_CHARS) : end].casefold().endswith(CASEFOLDED_FORMULAS)
