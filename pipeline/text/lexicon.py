"""Multilingual lexicons of page-chrome phrases, shipped as data files in ``pipeline/data/chrome/<kind>.tsv``.

Each file names the source of its phrases in its header comment, then has a ``language<TAB>phrase`` header row and
one phrase per row. Phrases are matched case-insensitively at the start of a line (:mod:`pipeline.text.chrome`);
a phrase ending in `` …`` may open a longer line, ``{n}`` in a counter phrase stands for a number.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

# The kinds of chrome, one data file each; ``published`` holds the words that introduce a dateline's date, ``rights``
# the formulas of copyright notices ("All rights reserved": pipeline.text.copyright), ``sections`` the names of news
# sites' sections (a navigation row flattened into one line: pipeline.text.sections), ``follow`` the imperatives
# of calls to follow a site on a network (pipeline.text.follow).
CHROME_KINDS: tuple[str, ...] = (
    "ad",
    "share",
    "counter",
    "contact",
    "related",
    "listen",
    "reading",
    "newsletter",
    "cookie",
    "note",
    "byline",
    "tags",
    "credit",
    "comments",
    "footer",
)
LEXICON_KINDS: tuple[str, ...] = (*CHROME_KINDS, "published", "rights", "sections", "follow")
HEADER = ("language", "phrase")
OPENS_TEXT_MARK = " …"
# "no" is Norwegian Bokmål, "mul" (ISO 639-2: multiple languages) marks names every language uses (Facebook).
LANGUAGE_RE = re.compile(r"[a-z]{2,3}")


class LexiconError(ValueError):
    """A malformed lexicon file."""


@dataclass(frozen=True)
class Phrase:
    """One lexicon entry: ``text`` casefolded, without the `` …`` mark; ``opens_text`` when it had one."""

    language: str
    text: str
    opens_text: bool = False


@dataclass(frozen=True)
class Lexicon:
    """The phrases of one kind of chrome and the source their file names."""

    kind: str
    source: str
    phrases: tuple[Phrase, ...]

    def languages(self) -> frozenset[str]:
        """The languages with at least one phrase, without ``mul``.

        >>> sorted(parse_lexicon("ad", "language\\tphrase\\nfr\\tpublicité\\nmul\\tx\\n").languages())
        ['fr']
        """
        return frozenset(phrase.language for phrase in self.phrases) - {"mul"}


def parse_lexicon(kind: str, text: str, name: str = "<text>") -> Lexicon:
    """The lexicon in ``text`` (the contents of a ``<kind>.tsv`` file called ``name``).

    >>> lexicon = parse_lexicon("cookie", "# Source: CLDR\\nlanguage\\tphrase\\nde\\tWir verwenden Cookies …\\n")
    >>> lexicon.source, lexicon.phrases
    ('Source: CLDR', (Phrase(language='de', text='wir verwenden cookies', opens_text=True),))
    >>> parse_lexicon("ad", "language\\tphrase\\nfr publicité\\n", "ad.tsv")
    Traceback (most recent call last):
    ...
    pipeline.text.lexicon.LexiconError: ad.tsv line 2: expected 'language<TAB>phrase', got 'fr publicité'
    """
    comments: list[str] = []
    phrases: list[Phrase] = []
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\n")
        if line.startswith("#"):
            comments.append(line.lstrip("# ").rstrip())
            continue
        if not line.strip():
            continue
        columns = tuple(line.split("\t"))
        if not header_seen:
            if columns != HEADER:
                raise LexiconError(f"{name} line {number}: the header row must be 'language<TAB>phrase', got {line!r}")
            header_seen = True
            continue
        if len(columns) != len(HEADER) or not LANGUAGE_RE.fullmatch(columns[0]) or not columns[1].strip():
            raise LexiconError(f"{name} line {number}: expected 'language<TAB>phrase', got {line!r}")
        phrase = columns[1].strip().casefold()
        opens_text = phrase.endswith(OPENS_TEXT_MARK)
        phrases.append(Phrase(columns[0], phrase.removesuffix(OPENS_TEXT_MARK).strip(), opens_text))
    if not phrases:
        raise LexiconError(f"{name}: no phrases (a 'language<TAB>phrase' header row, then one phrase per row)")
    starts = [index for index, line in enumerate(comments) if line.lower().startswith("source")]
    source = " ".join(comments[starts[0] :] if starts else comments)
    return Lexicon(kind, source, tuple(phrases))


@functools.cache
def load_lexicon(kind: str) -> Lexicon:
    """The lexicon of ``kind`` shipped with the package.

    >>> load_lexicon("ad").kind, len(load_lexicon("ad").languages()) >= 25
    ('ad', True)
    >>> load_lexicon("ads")
    Traceback (most recent call last):
    ...
    pipeline.text.lexicon.LexiconError: unknown lexicon kind 'ads' (known: ad, share, counter, contact, related, \
listen, reading, newsletter, cookie, note, byline, tags, credit, comments, footer, published, rights, sections, \
follow)
    """
    if kind not in LEXICON_KINDS:
        raise LexiconError(f"unknown lexicon kind {kind!r} (known: {', '.join(LEXICON_KINDS)})")
    name = f"{kind}.tsv"
    text = (resources.files("pipeline") / "data" / "chrome" / name).read_text(encoding="utf-8")
    return parse_lexicon(kind, text, name)


def by_text(phrases: Iterable[Phrase]) -> dict[str, tuple[Phrase, ...]]:
    """The phrases grouped by their text (one text may belong to several languages: "reklama" is cs, hr and pl).

    >>> by_text([Phrase("cs", "reklama"), Phrase("pl", "reklama"), Phrase("fr", "publicité")])["reklama"]
    (Phrase(language='cs', text='reklama', opens_text=False), Phrase(language='pl', text='reklama', opens_text=False))
    """
    grouped: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        grouped.setdefault(phrase.text, []).append(phrase)
    return {text: tuple(group) for text, group in grouped.items()}


def without_accents(text: str) -> str:
    """``text`` without combining marks, for matching lines in capitals ("PUBLICITE", "ΠΑΝΤΟΣ" are written without
    them); precomposed letters keep their length.

    >>> without_accents("Publicité"), without_accents("παντός")
    ('Publicite', 'παντος')
    """
    if text.isascii():
        return text
    return unicodedata.normalize(
        "NFC", "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))
    )
