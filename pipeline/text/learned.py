"""Learned boilerplate, the pure parts: line keys, an article's site, the thresholds and the per-site file format.

Hand-written rules only catch boilerplate someone has already seen. A site's own footer, share bar or "related
stories" heading is caught instead by counting, per site, in how many distinct articles each normalized line occurs
(C4's repeated-line removal, but per site): a line that recurs in at least ``min_articles`` articles *and* in at
least ``min_share`` of the site's articles is that site's boilerplate. Copies of one story (exact duplicates after
normalization) count once, so a story a site republishes 20 times keeps its body. The Beam side
(``pipeline/beam/boilerplate.py``) does the counting; this module holds what it and the cleaner share.

Per-site files (``cleaning.learned.save_dir`` / ``load_dir``) are JSON, one per site, named after the site::

    {"format": "newsclean-learned-lines/1", "site": "example.com", "articles": 412,
     "lines": [{"key": "9f0c1d2e3a4b5c6d", "articles": 398, "line": "Follow us on Mastodon"}, ...]}

``articles`` is the number of distinct articles the counts come from; each line has its key (the hash the cleaner
matches), its count and one example of the line for people to read. Loaded counts are added to the run's own before
the thresholds are applied, so a site with three articles today still uses last week's evidence.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import xxhash

from pipeline.core.bounded_memo import BoundedMemo
from pipeline.core.record import Article
from pipeline.core.scripts import count_words
from pipeline.core.whitespace import non_ascii_chars
from pipeline.text.headline import suffix_shape
from pipeline.text.locale_data import LOCALES, locale_names
from pipeline.text.stories import StorySketch, sentence_tokens, sketch

LEARNED_RULE = "learned_boilerplate"
FILE_FORMAT = "newsclean-learned-lines/1"
# Articles without a source field or URL share one group.
GLOBAL_SITE = ""
GLOBAL_FILE_STEM = "_global"
# Seed of the line-key hash: part of the file format (keys saved by one run are matched by the next).
LINE_KEY_SEED = 3
DIGITS_RE = re.compile(r"\d")
ASCII_DIGITS_TO_ZERO = str.maketrans("123456789", "000000000")
# normalize_line's folding for ASCII bytes: lower case, digits as 0.
ASCII_FOLD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ123456789", b"abcdefghijklmnopqrstuvwxyz000000000")
# ASCII whitespace other than the space, as str.split() knows it (bytes.translate deletes them to find any).
OTHER_ASCII_SPACES = b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
# A non-ASCII character that normalize_line's regular expression (a digit) or split (whitespace) would change.
NON_ASCII_DIGIT_OR_SPACE_RE = re.compile(r"[\d\s]")
SPACE_RE = re.compile(r"\s+")
UNSAFE_NAME_RE = re.compile(r"[^a-z0-9.-]+")
KEY_TEXT_RE = re.compile(r"[0-9a-f]{16}")
# Example lines kept in per-site files are cut to this many characters (boilerplate lines are shorter; the longest
# in bbc_republished is a 126-character syndication notice).
MAX_EXAMPLE_CHARS = 160
# Learned lines may remove at most this share of an article's characters (of what the hand-written rules left).
# A site's chrome around a story is a small part of it (bbc_republished's templates: 5-25%); when repeated lines make
# up most of an article, they are the story itself recurring (copies the story counting did not group), and
# keeping some chrome is better than losing the story.
MAX_LEARNED_SHARE = 0.5
# Counters of the veto: articles whose learned lines were kept, and how many lines that kept.
VETOED = "learned:vetoed"
VETOED_LINES = "learned:vetoed-lines"
# Lines up to this many characters (after normalization) are read as templates when they have a number: numbers,
# month and weekday names masked (masked_template). Counters, datelines and bylines are short (the longest dateline
# in the rules' tests is 70 characters); a longer line keeps its numbers' lengths and is not searched for names,
# which keeps the cost off body sentences (masking costs about 2 us a line).
MAX_TEMPLATE_CHARS = 120
# How many short paragraphs a ShortLineKeys remembers (~200 bytes each): a site's chrome and bylines recur within a
# few thousand paragraphs.
MAX_REMEMBERED_SHORT_LINES = 8_192
# A number after digits are folded to 0, with the separators of thousands, decimals, times and dates.
NUMBER_RE = re.compile(r"0+(?:[.,:/-]0+)*")
NUMBER_BYTES_RE = re.compile(rb"0+(?:[.,:/-]0+)*")
# What a word's punctuation is when it is compared with month and weekday names ("févr.", "monday,", "(mai)"), and
# what such a word becomes.
NAME_PUNCTUATION = ".,;:()[]|"
NAME_PUNCTUATION_BYTES = NAME_PUNCTUATION.encode("ascii")
DATE_MASK = "~"
DATE_MASK_BYTES = b"~"
# CLDR names shorter than this are not masked: "ma", "di", "do" are abbreviations in some locales and words in many.
MIN_DATE_NAME_CHARS = 3
# What ends a sentence: a line ending so is never learned without a site (is_unsited_chrome).
SENTENCE_ENDINGS = (".", "!", "?", "。", "！", "？", "…", '."', ".”", "»")
# Lines shorter than this after normalization ("", "|") say nothing about a site; punctuation_only handles them.
MIN_KEY_CHARS = 2


# Shape keys (shape_key): a short line that is not a sentence is also counted under its shape, so that a site's
# "<label>: <another story's headline>" lines, photo credits and bylines, whose tails and names vary, teach one rule.
# The shape's text starts with a byte no normalized line holds, so a shape key never equals a line key.
SHAPE_MARK = "\x00"
# Lines longer than this before their spaces are collapsed are not read for a shape (twice MAX_TEMPLATE_CHARS: room
# for indentation and doubled spaces).
MAX_SHAPE_INPUT_CHARS = 240
# A label is 1-4 words with at least this many letters ("Mirá también", "Foto", "LUE MYÖS"; not "Q" or "AP").
MIN_LABEL_LETTERS = 4
# "<label><separator> <tail>": a colon right after the label, or a separator between spaces, or an arrow or bullet.
LABEL_TAIL_RE = re.compile(
    r"^(?P<label>[^\W\d_][\w'’.-]*(?: [\w'’.-]+){0,3}?)"
    r"(?P<sep>:|\s(?:[|>»›–—•·∙-]|::)|\s?[›»→∙•·])\s+(?P<tail>\S.*)$"
)
# The characters LABEL_TAIL_RE's separators are made of: a line without any has no label (most lines).
LABEL_SEPARATORS = ":|>»›–—•·∙-→"
# A tail is another story's headline or a credit: it starts like a name or a headline, and has at least two words
# (or is one word with capitals and no digits: an agency, "Kuva: STT").
TAIL_START_RE = re.compile(r"[\d\"'‘“«„(]|[^\W\d_]", re.UNICODE)
MIN_TAIL_WORDS = 2
# A line whose names are masked has at most this many words and names (a byline with a role: "Sofie Lund,
# journalist", "Tóth Eszter, a Hírlap tudósítója"); a longer one (a team line-up, a list of names) is not a byline.
MAX_NAMED_WORDS = 8
MAX_NAMES = 2
NAME_MASK = "N"
NAMED = " " + NAME_MASK
# Lists (line-ups, results, squads) are neither headlines nor bylines: their names are separated by semicolons or
# by more commas than this.
MAX_LIST_COMMAS = 1


class LearnedFileError(ValueError):
    """A per-site file that cannot be read; the message names the file and what to do."""


def normalize_line(line: str) -> str:
    """The form lines are compared in: casefolded, digits as 0, whitespace collapsed; a short line with a number is
    read as a template (:func:`masked_template`).

    >>> normalize_line("  Follow   us on X  © 2021 ")
    'follow us on x © 0'
    >>> normalize_line("Publié le 5 mars 2021 à 14h30") == normalize_line("Publié le 17 avril 2022 à 9h05")
    True
    """
    folded = line.casefold()
    # ASCII lines (most of them) take str.translate, ~2x faster than the regex, which only Unicode digits need.
    digits_folded = folded.translate(ASCII_DIGITS_TO_ZERO) if folded.isascii() else DIGITS_RE.sub("0", folded)
    collapsed = " ".join(digits_folded.split())
    if len(collapsed) <= MAX_TEMPLATE_CHARS and "0" in collapsed:
        return masked_template(collapsed)
    return collapsed


@functools.cache
def date_names() -> frozenset[str]:
    """Month and weekday names (wide and abbreviated, casefolded, without a final full stop) of every locale of
    :data:`pipeline.text.locale_data.LOCALES`, from CLDR; names under three letters ("ma", "di") are left out, as
    too many words are spelt like them.

    >>> {"march", "märz", "marzo", "sábado", "czwartek"} <= date_names(), "di" in date_names()
    (True, False)
    """
    names: set[str] = set()
    for code in LOCALES:
        found = locale_names(code)
        names |= {name.rstrip(".") for name in found.months | found.days}
    return frozenset(name for name in names if len(name) >= MIN_DATE_NAME_CHARS and name.isalpha())


@functools.cache
def _ascii_date_names() -> frozenset[bytes]:
    return frozenset(name.encode("ascii") for name in date_names() if name.isascii())


@functools.lru_cache(maxsize=1 << 14)
def masked_template(normalized: str) -> str:
    """A short normalized line as a template: each number (digits as 0, with its separators: "0,000", "00:00",
    "00.00.0000") as one "0", each word that is a month or weekday name of any CLDR locale (punctuation around it
    included) as "~", so "3 comments" and "57 comments", or "Monday, 5 March" and "Friday, 17 April", are one line.

    >>> masked_template("updated 00:00 monday, 0 march 0000 | 0,000 views")
    'updated 0 ~ 0 ~ 0 | 0 views'
    """
    names = date_names()
    words = NUMBER_RE.sub("0", normalized).split(" ")
    return " ".join(DATE_MASK if word.strip(NAME_PUNCTUATION) in names else word for word in words)


# Short lines with a number are mostly datelines, counters and bylines that recur once their digits are 0 (four in
# five of them in the distinct-text benchmark): masking one costs ~2 us, a cache hit ~0.1 us. Bounded (~3 MB), as a
# worker sees unbounded text.
@functools.lru_cache(maxsize=1 << 14)
def _masked_template_ascii(normalized: bytes) -> bytes:
    """:func:`masked_template` of an ASCII line, as bytes (the same result, encoded)."""
    names = _ascii_date_names()
    words = NUMBER_BYTES_RE.sub(b"0", normalized).split(b" ")
    return b" ".join(DATE_MASK_BYTES if word.strip(NAME_PUNCTUATION_BYTES) in names else word for word in words)


def normalized_utf8(line: str) -> tuple[bytes, int]:
    """:func:`normalize_line` of ``line`` encoded as UTF-8, which keys are hashed from, and its length in characters.

    An ASCII line, like most, is folded as bytes (casefold is lower there, and ``\\d`` only matches 0-9): one
    ``bytes.translate`` instead of three string passes, and no splitting when its spaces are already single, as in
    the cleaner's paragraphs. That is a third of the cost of counting an article's lines.

    >>> normalized_utf8("Follow  us on X, 2021"), normalized_utf8("Café 2021")
    ((b'follow us on x, 0', 17), (b'caf\\xc3\\xa9 0', 6))
    """
    if line.isascii():
        data = _collapsed_ascii_spaces(line.encode("ascii").translate(ASCII_FOLD))
        if len(data) <= MAX_TEMPLATE_CHARS and b"0" in data:
            data = _masked_template_ascii(data)
        return data, len(data)
    # Another line is casefolded first (which may add ASCII letters: "ß" -> "ss"); when none of its non-ASCII
    # characters is a digit or a space, the rest is ASCII work on its UTF-8 bytes, as above (~3x faster than the
    # regular expression over the whole line). A short line with a number is a template: masked on the string.
    folded = line.casefold()
    data = folded.encode("utf-8")
    if NON_ASCII_DIGIT_OR_SPACE_RE.search(non_ascii_chars(data)) is not None:
        normalized = normalize_line(line)
    else:
        collapsed = _collapsed_ascii_spaces(data.translate(ASCII_FOLD))
        # Collapsing only removes ASCII spaces, one byte and one character each.
        chars = len(folded) - (len(data) - len(collapsed))
        if chars > MAX_TEMPLATE_CHARS or b"0" not in collapsed:
            return collapsed, chars
        normalized = masked_template(collapsed.decode("utf-8"))
    return normalized.encode("utf-8"), len(normalized)


def _collapsed_ascii_spaces(data: bytes) -> bytes:
    """``data`` (UTF-8 whose non-ASCII characters are not spaces) with its whitespace runs as single spaces and none
    at its ends, as ``" ".join(text.split())`` gives; untouched when it has none to collapse, as most lines."""
    spaced = b"  " in data or data.startswith(b" ") or data.endswith(b" ")
    if spaced or len(data.translate(None, OTHER_ASCII_SPACES)) != len(data):
        # str.split() semantics (bytes.split() does not split on \\x1c-\\x1f)
        return " ".join(data.decode("utf-8").split()).encode("utf-8")
    return data


def shape(line: str) -> str | None:
    """The shape of a short line that is not a sentence, or None: what the line's site-specific parts have in common
    across a site's pages. A label, a separator and a tail that starts like a headline or a name ("Mirá también:
    <headline>", "Foto: <name>/<agency>", "Mere om emnet ∙ <headline>") is its label and separator; another line
    with one or two runs of capitalised words and a lower-case word of its own (a byline with a role: "Af Sofie Lund,
    politisk redaktør") is the line with each run masked. The shape starts with :data:`SHAPE_MARK`.

    >>> shape("Mirá también: Kilroy-Silk quits 'shameful' UKIP")[1:], shape("Foto: Sofie Lund/Fjordbladet")[1:]
    ('mirá también: *', 'foto: *')
    >>> shape("Mere om emnet ∙ Tories pledge free sports lessons")[1:]
    'mere om emnet∙ *'
    >>> shape("Af Sofie Lund, politisk redaktør")[1:], shape("Tóth Eszter, a Hírlap tudósítója")[1:]
    ('N, politisk redaktør', 'N, a N tudósítója')

    Sentences, long lines, lists of names and lines without a lower-case word have none:

    >>> [shape(line) for line in ("Analysis: the vote was close.", "Q: What now", "Wales: Thomas; Jones, Byrne",
    ...                           "Scotland: Paterson, Lamont, Craig", "Ritzau Scanpix", "Power cut", "word " * 30)]
    [None, None, None, None, None, None, None]
    """
    if len(line) > MAX_SHAPE_INPUT_CHARS:  # a body paragraph: not split just to learn that it is long
        return None
    text = " ".join(line.split())
    if not text or len(text) > MAX_TEMPLATE_CHARS or text.endswith(SENTENCE_ENDINGS):
        return None
    if ";" in text or text.count(",") > MAX_LIST_COMMAS:
        return None
    match = LABEL_TAIL_RE.match(text) if any(char in text for char in LABEL_SEPARATORS) else None
    if match is not None:
        label, tail = match.group("label"), match.group("tail")
        if (
            sum(char.isalpha() for char in label) >= MIN_LABEL_LETTERS
            and TAIL_START_RE.match(tail) is not None
            and not tail[0].islower()
            and (len(tail.split()) >= MIN_TAIL_WORDS or _is_credit_token(tail))
        ):
            return f"{SHAPE_MARK}{label.casefold()}{match.group('sep').strip()} *"
    return _masked_names(text)


def _is_credit_token(tail: str) -> bool:
    """A one-word tail that names an agency or a photographer's outlet: capitals in it, no digits ("STT",
    "Ritzau/Fjordbladet", "MTI/MTI"), so "Attendance: 8,661" or "Result: 2-1" keep their words to themselves.

    >>> _is_credit_token("Ritzau/Fjordbladet"), _is_credit_token("STT"), _is_credit_token("8,661")
    (True, True, False)
    """
    return any(char.isupper() for char in tail) and not any(char.isdigit() for char in tail)


def _masked_names(text: str) -> str | None:
    """``text`` with each run of capitalised words as ``N``, when it has one or two runs, one of them a name of two
    or more words of two or more letters ("Sofie Lund"), a comma right after a run (the role follows the name), at
    most ``MAX_NAMED_WORDS`` words and a lower-case word of its own; else None.

    >>> _masked_names("Metro Digest - your city, your news"), _masked_names("Af Sofie Lund og Ritzau")
    (None, None)
    """
    words = text.split(" ")
    if len(words) > MAX_NAMED_WORDS or "," not in text:  # the role follows the name after a comma
        return None
    runs: list[list[str]] = []
    out: list[str] = []
    lower = False
    for word in words:
        core = word.strip(NAME_PUNCTUATION + "'\"’“”«»")
        if core[:1].isupper():
            if out and out[-1] == NAMED and runs:
                runs[-1].append(core)
            else:
                runs.append([core])
                out.append(NAMED)
            trailing = word[len(word.rstrip(NAME_PUNCTUATION)) :]
            if trailing:
                out.append(trailing)
            continue
        lower = lower or (core[:1].islower() and len(core) > 1)
        out.append(" " + word.casefold())
    full_name = any(len(run) >= 2 and all(len(part) >= 2 for part in run) for run in runs)
    # A byline gives the name, a comma and the role ("Sofie Lund, journalist"); a slogan after a name ("Metro
    # Digest - your city, your news") is not one.
    role_after_name = (NAMED + ",") in "".join(out)
    if not lower or not full_name or not role_after_name or len(runs) > MAX_NAMES:
        return None
    masked = "".join(out).strip()
    return SHAPE_MARK + masked_template(DIGITS_RE.sub("0", masked))


def _marked_key(marked: str | None) -> int | None:
    """The integer key of a shape's text (it starts with a mark no normalized line holds), or None."""
    return None if marked is None else xxhash.xxh64_intdigest(marked.encode("utf-8"), seed=LINE_KEY_SEED)


def shape_key_int(line: str) -> int | None:
    """The integer key of :func:`shape`, or None when the line has no shape."""
    return _marked_key(shape(line))


def shape_key(line: str) -> str | None:
    """:func:`shape_key_int` as 16 hex digits, like :func:`line_key`.

    >>> shape_key("Af Sofie Lund, journalist") == shape_key("Af Jens Kragh Madsen, journalist") != None
    True
    """
    return _key_text(shape_key_int(line))


def _key_text(key: int | None) -> str | None:
    return None if key is None else line_key_text(key)


def line_key(line: str) -> str | None:
    """A deterministic key of a line (xxh64 of its normalized form, 16 hex digits); ``None`` for near-empty lines.

    >>> line_key("Follow us on X") == line_key("FOLLOW  us on x"), len(line_key("Follow us on X") or "")
    (True, 16)
    >>> line_key(" . ") is None
    True
    """
    normalized, chars = normalized_utf8(line)
    if chars < MIN_KEY_CHARS:
        return None
    return xxhash.xxh64_hexdigest(normalized, seed=LINE_KEY_SEED)


def site_key(article: Article) -> str:
    """The group whose lines are counted together: the ``source`` field, else the URL's host (without ``www.``),
    else the global group ``""``.

    >>> site_key(Article(id="a", text="x", url="https://www.Example.com/news/1"))
    'example.com'
    >>> site_key(Article(id="a", text="x", source="Daily Pulse", url="https://x.org/")), site_key(Article("a", "x"))
    ('Daily Pulse', '')
    """
    if article.source:
        return article.source
    if article.url and "://" in article.url:
        host = article.url.split("://", 1)[1].split("/", 1)[0].rsplit("@", 1)[-1].split(":")[0].lower()
        return host.removeprefix("www.")
    return GLOBAL_SITE


def content_key(paragraphs: Iterable[str]) -> str:
    """The key of an article's whole normalized text: exact-duplicate copies share it and count once.

    >>> content_key(["A  body.", "Line two"]) == content_key(["a body.", "line two"])
    True
    """
    digest = xxhash.xxh64(seed=LINE_KEY_SEED)
    for paragraph in paragraphs:
        digest.update(normalized_utf8(paragraph)[0] + b"\n")
    return digest.hexdigest()


def line_key_text(key: int) -> str:
    """The 16-hex-digit form of an integer line key: what :func:`line_key` returns and per-site files hold.

    >>> line_key_text(0xD2EE7B1953BA5372) == line_key("Follow us on X")
    True
    """
    return f"{key:016x}"


def line_key_int(text: str) -> int | None:
    """The integer form of a 16-hex-digit line key, or None for anything else (a key newsclean did not write).

    >>> line_key_int("d2ee7b1953ba5372") == 0xD2EE7B1953BA5372, line_key_int("k1"), line_key_int("0x12345678901234")
    (True, None, None)
    """
    return int(text, 16) if KEY_TEXT_RE.fullmatch(text) else None


# An article's content key, its (line key, example line) pairs sorted by key, and its story sketch: what
# LearnBoilerplate counts.
LineKeys = tuple[int, tuple[tuple[int, str], ...], StorySketch]
# The last two: what LearnBoilerplate counts once per exact copy.
LinesAndStory = tuple[tuple[tuple[int, str], ...], StorySketch]


def article_keys(paragraphs: Iterable[str]) -> LineKeys:
    """What LearnBoilerplate counts for an article, as integers (cheaper to hash, compare and shuffle than text):
    its :func:`content_key`, its :func:`article_line_keys` sorted by key, and its story sketch
    (:mod:`pipeline.text.stories`: which articles that share a line are copies of one story). Each paragraph is
    normalized once for all three (and for :func:`keyed_paragraphs`' line keys).

    >>> content, keys, story = article_keys(["Share this", "Body.", "SHARE THIS", "."])
    >>> line_key_text(content) == content_key(["Share this", "Body.", "SHARE THIS", "."])
    True
    >>> [(line_key_text(key), line) for key, line in keys] == sorted(article_line_keys(["Share this", "Body."]).items())
    True
    >>> story == sketch(sentence_tokens([b"share this", b"body.", b"share this", b"."])), story.size
    (True, 2)
    """
    return keyed_paragraphs(paragraphs)[0]


def keyed_paragraphs(
    paragraphs: Iterable[str], short_lines: ShortLineKeys | None = None
) -> tuple[LineKeys, tuple[int | None, ...]]:
    """:func:`article_keys`, and the integer :func:`line_key` of each paragraph in order (None for a near-empty one):
    the cleaner matches paragraphs against the learned lines by them (:class:`ParagraphLineKeys`), without
    normalizing and hashing each paragraph again. With ``short_lines``, short paragraphs are normalized and keyed
    through it (the same values, remembered).

    >>> (content, _, _), line_keys = keyed_paragraphs(["Share this", "."])
    >>> content == article_keys(["Share this", "."])[0], [key and line_key_text(key) for key in line_keys]
    (True, ['7da063d24974b366', None])
    >>> line_key("Share this")
    '7da063d24974b366'
    """
    digest = xxhash.xxh64(seed=LINE_KEY_SEED)
    keys: dict[int, str] = {}
    normalized_paragraphs: list[bytes] = []
    line_keys: list[int | None] = []
    for paragraph in paragraphs:
        if short_lines is not None and len(paragraph) <= MAX_TEMPLATE_CHARS:
            normalized, paragraph_keys = short_lines(paragraph)
        else:
            normalized, paragraph_keys = normalized_keys(paragraph)
        digest.update(normalized + b"\n")
        normalized_paragraphs.append(normalized)
        if not paragraph_keys:
            line_keys.append(None)
            continue
        line_keys.append(paragraph_keys[0])
        for key in paragraph_keys:
            known = keys.get(key)
            if known is None or len(paragraph) < len(known):
                keys[key] = example_line(paragraph)
    story = sketch(sentence_tokens(normalized_paragraphs))
    return (digest.intdigest(), tuple(sorted(keys.items())), story), tuple(line_keys)


def normalized_keys(paragraph: str) -> tuple[bytes, tuple[int, ...]]:
    """A paragraph's :func:`normalized_utf8` form and its :func:`paragraph_keys` (none for a near-empty one), from
    one normalizing.

    >>> normalized_keys("Share  THIS") == (b"share this", paragraph_keys("Share this")), normalized_keys(" . ")
    (True, (b'.', ()))
    """
    normalized, chars = normalized_utf8(paragraph)
    return normalized, _paragraph_keys(paragraph, normalized, chars) if chars >= MIN_KEY_CHARS else ()


class ShortLineKeys(BoundedMemo[str, tuple[bytes, tuple[int, ...]]]):
    """:func:`normalized_keys`, remembered for short paragraphs: site chrome, bylines, captions and subheads recur
    across a site's articles, and a short paragraph costs a shape and a suffix match on top of its hash. On the
    distinct benchmark corpus (no text repeated) 60% of the short paragraphs had been met before. Bounded
    (:data:`MAX_REMEMBERED_SHORT_LINES`): it lives as long as the task that holds it.

    >>> keys = ShortLineKeys()
    >>> line = "Foto: Sofie Lund"
    >>> keys(line) == normalized_keys(line), keys(line) is keys(line)
    (True, True)
    """

    def __init__(self) -> None:
        super().__init__(normalized_keys, MAX_REMEMBERED_SHORT_LINES)


def _paragraph_keys(paragraph: str, normalized: bytes, chars: int) -> tuple[int, ...]:
    """A paragraph's line key (first) and, for a short one, its shape key and its suffix key when it has them."""
    key = xxhash.xxh64_intdigest(normalized, seed=LINE_KEY_SEED)
    if chars > MAX_TEMPLATE_CHARS:
        return (key,)
    return (key, *(extra for extra in (shape_key_int(paragraph), suffix_key_int(paragraph)) if extra is not None))


class ParagraphLineKeys:
    """The :func:`line_key` of a text's paragraphs, taken from the ones normalizing computed (``known``, in the
    order of ``paragraphs``: :func:`keyed_paragraphs`) while a paragraph is still the one they were computed from,
    and computed for any other line (a paragraph a rule cut short, or with none known).

    >>> paragraphs = ("Share this", "Body.")
    >>> keys = ParagraphLineKeys(paragraphs, keyed_paragraphs(paragraphs)[1])
    >>> keys(0, paragraphs[0]) == line_key("Share this"), keys(1, "Bod") == line_key("Bod")
    (True, True)
    """

    def __init__(self, paragraphs: Sequence[str], known: Sequence[int | None]) -> None:
        self._paragraphs = paragraphs
        self._known = known if len(known) == len(paragraphs) else ()

    def __call__(self, index: int, line: str) -> str | None:
        if self._known and line is self._paragraphs[index]:
            key = self._known[index]
            return None if key is None else line_key_text(key)
        return line_key(line)


def suffix_key_int(line: str) -> int | None:
    """The integer key of the line's site-name suffix (:func:`pipeline.text.headline.suffix_shape`), or None. It is
    counted and learned like a line but removes nothing: it tells the cleaner that a detected headline's last words
    are the site's name."""
    return _marked_key(suffix_shape(line))


def suffix_key(line: str) -> str | None:
    """:func:`suffix_key_int` as 16 hex digits.

    >>> suffix_key("Oil rebounds – Dunaparti Hírlap") == suffix_key("Jobs fall | DUNAPARTI HÍRLAP") != None
    True
    """
    return _key_text(suffix_key_int(line))


def paragraph_keys(paragraph: str) -> tuple[int, ...]:
    """The integer keys a paragraph is counted under (:func:`article_keys`) and learned lines are matched by: its
    :func:`line_key`, and for a short one its :func:`shape_key` and :func:`suffix_key` when it has them; none for a
    near-empty paragraph.

    >>> [line_key_text(key) for key in paragraph_keys("Foto: Sofie Lund/Fjordbladet")] == [
    ...     line_key("Foto: Sofie Lund/Fjordbladet"), shape_key("Foto: Ritzau Scanpix")]
    True
    >>> len(paragraph_keys("A body sentence.")), paragraph_keys(" . ")
    (1, ())
    """
    return normalized_keys(paragraph)[1]


def example_line(paragraph: str) -> str:
    """A paragraph as the example of its line key, cut to ``MAX_EXAMPLE_CHARS`` (examples are for people reading a
    per-site file; body paragraphs, most of what is counted, need not travel through the shuffle whole).

    >>> example_line("Share"), len(example_line("word " * 100))
    ('Share', 161)
    """
    return paragraph if len(paragraph) <= MAX_EXAMPLE_CHARS else paragraph[:MAX_EXAMPLE_CHARS] + "…"


def article_line_keys(paragraphs: Iterable[str]) -> dict[str, str]:
    """The distinct keys of an article's paragraphs, each with the shortest paragraph that has it (the first of
    equal ones) as its example, cut to ``MAX_EXAMPLE_CHARS``: the example is for people reading a per-site file;
    body paragraphs, most of what is counted, need not travel through the shuffle whole. (Shortest: whether an
    article carries a key as a short line is then read from its example, see
    :func:`pipeline.text.sitegroups.short_keys`.)

    >>> article_line_keys(["Share this", "Body.", "SHARE THIS"]) == {line_key("Share this"): "Share this",
    ...                                                              line_key("Body."): "Body."}
    True
    >>> len(next(iter(article_line_keys(["word " * 100]).values()))), article_line_keys(["1234 views", "1 views"])
    (161, {'804f2e4a8beedaae': '1 views'})
    """
    keys: dict[str, str] = {}
    for paragraph in paragraphs:
        for number in paragraph_keys(paragraph):
            key = line_key_text(number)
            known = keys.get(key)
            if known is None or len(paragraph) < len(known):
                keys[key] = example_line(paragraph)
    return keys


def is_boilerplate(line_articles: int, site_articles: int, min_articles: int, min_share: float) -> bool:
    """The threshold rule: at least ``min_articles`` articles and at least ``min_share`` of the site's.

    >>> is_boilerplate(5, 100, 5, 0.05), is_boilerplate(4, 10, 5, 0.05), is_boilerplate(5, 200, 5, 0.05)
    (True, False, False)
    """
    return line_articles >= min_articles and line_articles >= min_share * site_articles


def erases_story(paragraphs: Sequence[str], learned: Sequence[bool], min_words: int) -> bool:
    """Whether removing the ``learned`` paragraphs would leave fewer than ``min_words`` words or remove more than
    ``MAX_LEARNED_SHARE`` of the characters: then the cleaner keeps them (the veto), counting ``learned:vetoed``.

    >>> story = ["Ferry link to open in spring.", "The service will carry 400 passengers a day, officials said."]
    >>> erases_story(story + ["Follow us"], [False, False, True], 5), erases_story(story, [False, True], 5)
    (False, True)
    >>> erases_story(["Short body here.", "Share"], [False, True], 5)
    True
    """
    total = removed = 0
    left: list[str] = []
    for paragraph, is_learned in zip(paragraphs, learned, strict=True):
        total += len(paragraph)
        if is_learned:
            removed += len(paragraph)
        else:
            left.append(paragraph)
    if removed > MAX_LEARNED_SHARE * total:
        return True
    return sum(count_words(paragraph, min_words) for paragraph in left) < min_words


@dataclass(frozen=True)
class LearnedLine:
    """One line of a site: its key, in how many distinct articles it occurred, and an example of its text."""

    key: str
    articles: int
    line: str


def is_unsited_chrome(line: str, stories: int, min_stories: int) -> bool:
    """Whether a line of articles with no known site (no ``source``, no URL) is chrome without the share test:
    it recurs in at least ``min_stories`` different stories (0 turns this off) and reads as chrome, not as a
    sentence: at most ``MAX_TEMPLATE_CHARS`` characters and no sentence end. Without a site, the share test would
    compare a site's lines with the whole run; this finds a site's counters, bylines, prompts and tag lines however
    many sites the run mixes, while editor's notes and sentences a few stories share stay.

    >>> is_unsited_chrome("Lyssna på artikeln (0 min)", 12, 10), is_unsited_chrome("Lyssna på artikeln (0 min)", 6, 10)
    (True, False)
    >>> is_unsited_chrome("The company did not respond to a request for comment.", 40, 10)
    False
    """
    text = line.rstrip()
    return 0 < min_stories <= stories and len(text) <= MAX_TEMPLATE_CHARS and not text.endswith(SENTENCE_ENDINGS)


@dataclass(frozen=True)
class TaughtLine:
    """A line a run learned as a site's boilerplate, as written to ``learned-lines-*.jsonl`` (what ``newsclean
    explain`` reads to say who taught a removed line): in how many distinct articles of the site it occurred (with
    earlier runs' counts) and from how many different stories those articles come."""

    site: str
    key: str
    line: str
    articles: int
    stories: int

    @property
    def id(self) -> str:
        """What the output's shards are keyed and sorted by: the site, then the key.

        >>> TaughtLine("metro", "9f0c1d2e3a4b5c6d", "Follow us", 9, 8).id
        'metro 9f0c1d2e3a4b5c6d'
        """
        return f"{self.site} {self.key}"

    def to_dict(self) -> dict[str, Any]:
        return {"site": self.site, "key": self.key, "line": self.line, "articles": self.articles,
                "stories": self.stories}  # fmt: skip

    def learned(self) -> tuple[str, LearnedLine]:
        """The line as its site's per-site file counts it: by stories, which later runs add their own to."""
        return self.site, LearnedLine(self.key, self.stories, self.line)


@dataclass(frozen=True)
class SiteLines:
    """What is known about one site: its number of distinct articles and its counted lines, sorted by key."""

    site: str
    articles: int
    lines: tuple[LearnedLine, ...]

    def merge(self, other: SiteLines) -> SiteLines:
        """Counts added up (the example text of the smaller key's first source wins, deterministically).

        >>> a = SiteLines("s", 10, (LearnedLine("k1", 5, "Share"),))
        >>> b = SiteLines("s", 4, (LearnedLine("k1", 3, "share"), LearnedLine("k2", 2, "Menu")))
        >>> a.merge(b)
        SiteLines(site='s', articles=14, lines=(LearnedLine(key='k1', articles=8, line='Share'), \
LearnedLine(key='k2', articles=2, line='Menu')))
        """
        lines: dict[str, LearnedLine] = {line.key: line for line in self.lines}
        for line in other.lines:
            mine = lines.get(line.key)
            if mine is None:
                lines[line.key] = line
            else:
                lines[line.key] = LearnedLine(line.key, mine.articles + line.articles, min(mine.line, line.line))
        return SiteLines(self.site, self.articles + other.articles, tuple(lines[key] for key in sorted(lines)))

    def boilerplate(self, min_articles: int, min_share: float) -> SiteLines:
        """Only the lines that pass the thresholds.

        >>> SiteLines("s", 20, (LearnedLine("k1", 5, "Share"), LearnedLine("k2", 2, "Body."))).boilerplate(5, 0.05)
        SiteLines(site='s', articles=20, lines=(LearnedLine(key='k1', articles=5, line='Share'),))
        """
        kept = tuple(
            line for line in self.lines if is_boilerplate(line.articles, self.articles, min_articles, min_share)
        )
        return SiteLines(self.site, self.articles, kept)

    def keys(self) -> frozenset[str]:
        return frozenset(line.key for line in self.lines)


def file_stem(site: str) -> str:
    """A file name for a site: a readable slug plus a short hash, so distinct sites never share a file.

    >>> file_stem("www.Example.com"), file_stem(""), file_stem("Daily Pulse")
    ('www.example.com-41bbcf3a', '_global', 'daily_pulse-5baf56e5')
    """
    if site == GLOBAL_SITE:
        return GLOBAL_FILE_STEM
    slug = UNSAFE_NAME_RE.sub("_", site.lower()).strip("_.")[:60] or "site"
    return f"{slug}-{xxhash.xxh32_hexdigest(site.encode('utf-8'))}"


def to_json(lines: SiteLines) -> str:
    """The per-site file's text (keys sorted, so the bytes depend only on the counts).

    >>> print(to_json(SiteLines("s", 3, (LearnedLine("k1", 3, "Share"),))))
    {"format": "newsclean-learned-lines/1", "site": "s", "articles": 3, "lines": [
    {"key": "k1", "articles": 3, "line": "Share"}
    ]}
    """
    rows = ",\n".join(
        json.dumps({"key": line.key, "articles": line.articles, "line": line.line}, ensure_ascii=False)
        for line in lines.lines
    )
    head = json.dumps({"format": FILE_FORMAT, "site": lines.site, "articles": lines.articles}, ensure_ascii=False)
    return f'{head[:-1]}, "lines": [\n{rows}\n]}}' if rows else f'{head[:-1]}, "lines": []}}'


def from_json(text: str, name: str) -> SiteLines:
    """Parse a per-site file; ``name`` is used in error messages.

    >>> from_json(to_json(SiteLines("s", 3, (LearnedLine("k1", 3, "Share"),))), "f.json")
    SiteLines(site='s', articles=3, lines=(LearnedLine(key='k1', articles=3, line='Share'),))
    >>> from_json('{"format": "other"}', "f.json")
    Traceback (most recent call last):
    ...
    pipeline.text.learned.LearnedFileError: f.json is not a newsclean learned-lines file (format 'other', expected \
'newsclean-learned-lines/1'): remove it from cleaning.learned.load_dir
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LearnedFileError(
            f"{name} is not valid JSON ({error}): remove it from cleaning.learned.load_dir"
        ) from None
    if not isinstance(data, Mapping) or data.get("format") != FILE_FORMAT:
        found = data.get("format") if isinstance(data, Mapping) else type(data).__name__
        raise LearnedFileError(
            f"{name} is not a newsclean learned-lines file (format {found!r}, expected {FILE_FORMAT!r}): "
            "remove it from cleaning.learned.load_dir"
        )
    try:
        site, articles = data["site"], data["articles"]
        lines = tuple(LearnedLine(str(row["key"]), int(row["articles"]), str(row["line"])) for row in data["lines"])
    except (KeyError, TypeError, ValueError) as error:
        raise LearnedFileError(
            f"{name} is damaged ({type(error).__name__}: {error}): remove it from cleaning.learned.load_dir"
        ) from None
    if not isinstance(site, str) or not isinstance(articles, int) or articles < 0:
        raise LearnedFileError(
            f"{name} has an invalid site or articles count: remove it from cleaning.learned.load_dir"
        )
    return SiteLines(site, articles, tuple(sorted(lines, key=lambda line: line.key)))
