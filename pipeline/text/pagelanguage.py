"""The language of a page and its stoplist, for page-text mode's stopword density (``pipeline/text/pagetext.py``).

Two maintained sources, no hand-typed lists:

- **the language**: py3langid (Lui & Baldwin's langid.py model, 97 languages, shipped in the wheel), on the page's
  own text. Counting hits per stoplist instead picks the wrong language on real pages: large stoplists of other
  languages hold English loanwords ("the", "of", "video"), and an English page of menus scored Finnish.
- **its stoplist**: jusText's (Pomikálek 2011; about 100 languages, each the most frequent words of that language's
  Wikipedia). jusText's density thresholds were set on these lists, so one pair of thresholds serves every language,
  where lists of different sizes (ours were 56-326 words) put real Russian prose (25% stopwords) under the 30% bar.

A language with no stoplist (Chinese, Japanese, Thai: langid knows them, jusText has no list) gets an empty one, and
page mode judges its lines by length and sentence punctuation alone (jusText's language-independent mode).

A story's own prose, without the page's menus, is another matter: there the list that holds most of its words is its
language's or a close relative's (:func:`prose_stopwords`), and finding it needs no model.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

# langid reads a few thousand characters reliably; more only costs time (a page can be 100k characters).
MAX_LANGUAGE_SAMPLE_CHARS = 20_000
NO_STOPWORDS: frozenset[str] = frozenset()
# The share of a story's words its language's stoplist holds at least: jusText's lists hold 30-60% of prose; under a
# fifth, the best list is a stranger's (a few loanwords) or the script's language has none.
MIN_PROSE_STOPWORD_SHARE = 0.2
# Scripts written without spaces between words (kana, CJK ideographs, Thai): each character counts as a word, since a
# run of them is a whole clause, and a 40-character Chinese sentence would otherwise be a two-"word" menu label.
SPACELESS = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD_RE = re.compile(rf"[{SPACELESS}]|(?:(?![{SPACELESS}])\w)+")


def folded(text: str) -> str:
    """``text`` as stoplists and cohesion (:mod:`pipeline.text.cohesion`) compare it: in compatibility form (NFKC)
    and case-folded.

    >>> folded("The ﬁrst Day"), folded("ÉTÉ")
    ('the first day', 'été')
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def folded_words(line: str) -> list[str]:
    """The words of ``line`` as stoplists are compared with them: case-folded, and in compatibility form (NFKC, as
    :func:`stoplists` reads the lists): Armenian writes "and" as the ligature "և" or as "եւ", and jusText's list has
    only the second.

    >>> folded_words("Երևանում և Գյումրիում"), folded_words("The ﬁrst Day")
    (['երեւանում', 'եւ', 'գյումրիում'], ['the', 'first', 'day'])
    """
    return WORD_RE.findall(folded(line))


@lru_cache(maxsize=1)
def stoplists() -> dict[str, frozenset[str]]:
    """jusText's stoplists by jusText's file name (``"English"``, ``"Norwegian_Bokmal"``), in compatibility form (NFKC)
    and casefolded, as :func:`folded_words` reads a line. Read from the installed ``justext`` package's data without
    importing it (its modules need lxml, which page mode does not).

    >>> lists = stoplists()
    >>> "the" in lists["English"], "und" in lists["German"], len(lists) >= 100
    (True, True, True)
    """
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the justext package (page-text stoplists) is missing: reinstall newsclean")
    directory = Path(next(iter(spec.submodule_search_locations))) / "stoplists"
    return {
        entry.stem: frozenset(folded(word.strip()) for word in entry.read_text(encoding="utf-8").splitlines()) - {""}
        for entry in sorted(directory.glob("*.txt"))
    }


def stoplist_name(code: str) -> str | None:
    """The name of jusText's stoplist for an ISO 639-1 code, from the language's English name in CLDR (Babel);
    None when jusText has no list for it.

    >>> stoplist_name("ru"), stoplist_name("nb"), stoplist_name("zh")
    ('Russian', 'Norwegian_Bokmal', None)
    """
    try:
        name = Locale.parse(code).english_name
    except (UnknownLocaleError, ValueError):
        return None
    if name is None:
        return None
    # "Norwegian Bokmål" -> "Norwegian_Bokmal": jusText's file names are ASCII with underscores.
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").replace(" ", "_")
    return ascii_name if ascii_name in stoplists() else None


def page_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is most likely written in (langid's model).

    >>> page_language("Der Hund und die Katze sind im Haus, und sie schlafen den ganzen Tag.")
    'de'
    >>> page_language("Совет проголосовал за то, чтобы закрыть старую библиотеку.")
    'ru'
    """
    import py3langid  # imported here: loading its model takes ~0.1 s, and only pages need it

    code, _ = py3langid.classify(text[:MAX_LANGUAGE_SAMPLE_CHARS])
    return str(code)


def page_stopwords(lines: list[str]) -> frozenset[str]:
    """The stoplist of the language of ``lines``; empty when jusText has none for it.

    >>> "aber" in page_stopwords(["Der Hund und die Katze sind im Haus, und sie schlafen den ganzen Tag."])
    True
    >>> page_stopwords(["新华社北京电 国务院总理今天在北京会见了来访的外国代表团。"])
    frozenset()
    """
    name = stoplist_name(page_language("\n".join(lines)))
    return NO_STOPWORDS if name is None else stoplists()[name]


def prose_stopwords(lines: Sequence[str]) -> frozenset[str]:
    """The stoplist that holds the most words of ``lines``, a story's prose, when it holds ``MIN_PROSE_STOPWORD_SHARE``
    of them or more; empty otherwise. On the first 8 paragraphs of the 963 gold stories of the native sets it was
    :func:`page_stopwords`' list for 93% of them, and for most of the rest a close relative's (Nepali for Hindi,
    Serbo-Croatian for Bosnian) or a list langid's languages lack (Norwegian Bokmål, Tagalog). It loads no language
    model (~0.5 s a process) for a step that needs a stoplist once in a thousand articles; on a page's menus it would
    guess wrong (the module's docstring).

    >>> "aber" in prose_stopwords(["Der Hund und die Katze sind im Haus, und sie schlafen den ganzen Tag."])
    True
    >>> prose_stopwords(["新华社北京电 国务院总理今天在北京会见了来访的外国代表团。"])
    frozenset()
    """
    words = [word for line in lines for word in folded_words(line)]
    if not words:
        return NO_STOPWORDS
    lists = stoplists()
    hits, name = max((sum(word in stoplist for word in words), name) for name, stoplist in lists.items())
    return lists[name] if hits >= MIN_PROSE_STOPWORD_SHARE * len(words) else NO_STOPWORDS
