"""Month and day names, date and time patterns and time-zone names of many languages, from CLDR (via Babel).

Datelines in other languages ("Publié le 5 mars 2021 à 14h30", "Montag, 5. März 2021, 14:30 Uhr",
"2021. március 5. 14:30") are recognised from the Unicode CLDR data Babel ships, never from hand-typed month lists:
each locale's date patterns (``date_formats`` and the ``yMMMMd``-style skeletons: "d. MMMM y", "y. MMMM d.",
"d 'de' MMMM 'de' y") become regular expressions whose month and weekday fields are that locale's names (wide and
abbreviated, format and stand-alone forms); time patterns ("HH:mm", "HH 'h' mm", "h:mm a") and time-zone names
("MEZ", "UTC+3") are pooled over all locales. Everything is built once per process, on first use.

This module does not import Beam; :mod:`pipeline.text.rules` uses :func:`is_local_datetime` for its ``dateline`` and
``byline`` rules, after the English patterns.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from babel import Locale
from babel.dates import format_timedelta
from babel.units import format_unit

# The locales whose dates are recognised: the 26 languages every chrome lexicon covers (pipeline/data/chrome/) and a few
# regional variants whose time patterns differ ("14 h 30" in fr_CA).
LOCALES: tuple[str, ...] = (
    "en", "fr", "de", "es", "pt", "it", "nl", "id", "ms", "sw", "pl", "tr", "sv", "da", "nb", "fi", "cs", "ro", "hu",
    "ru", "uk", "el", "vi", "fil", "ca", "hr",
)  # fmt: skip
TIME_ONLY_LOCALES: tuple[str, ...] = ("fr_CA", "pt_PT", "en_GB")
# Languages the chrome lexicons cover beyond LOCALES (pipeline/data/chrome/): only their list patterns are read here.
LEXICON_ONLY_LOCALES: tuple[str, ...] = ("ar", "he", "fa", "hi", "bn", "th", "zh", "ja", "ko")
# Babel's date_formats widths and the skeletons (CLDR availableFormats) that carry a day, a month and a year.
DATE_WIDTHS = ("full", "long", "medium", "short")
DATE_SKELETONS = ("yMMMMd", "yMMMd", "yMMMEd", "yMd", "yMMMMEEEEd")
TIME_WIDTHS = ("short", "medium", "long")
# Skeletons whose pattern shows what follows an hour in a locale ("HH 'Uhr'", "HH 'giờ'"): such a word may follow
# a time ("14:30 Uhr").
HOUR_SKELETONS = ("H", "h")
# Counts that bring out each plural form of the hour unit's name ("1 Stunde", "2 Stunden", "5 часов"), and the
# unit lengths whose names are words.
HOUR_COUNTS = (1, 2, 5)
# The units of "how long ago" a dateline may say ("2 hours ago"), in seconds; and a threshold that keeps Babel from
# rounding 5 days up to a week.
RELATIVE_UNITS: Mapping[Literal["minute", "hour", "day", "week"], int] = {
    "minute": 60,
    "hour": 3600,
    "day": 86400,
    "week": 7 * 86400,
}
RELATIVE_THRESHOLD = 100
UNIT_LENGTHS: tuple[Literal["long", "short"], ...] = ("long", "short")
MINUTE_LENGTHS: tuple[Literal["long", "short", "narrow"], ...] = ("long", "short", "narrow")
# CLDR's GMT format ("GMT%s", "UTC%s") is followed by an offset: "+3", "+03:00", "-5".
GMT_OFFSET = r"[+−-]\d{1,2}(?::?\d{2})?"

# LDML pattern letters (https://unicode.org/reports/tr35/tr35-dates.html#Date_Field_Symbol_Table), as regexes;
# month, weekday, day-period and zone fields are filled in per locale.
NUMBER_FIELDS: Mapping[str, str] = {
    "d": r"\d{1,2}",
    "H": r"\d{1,2}",
    "h": r"\d{1,2}",
    "k": r"\d{1,2}",
    "K": r"\d{1,2}",
    "m": r"\d{2}",
    "s": r"\d{2}",
}
LDML_TOKEN_RE = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|\s+|.", re.DOTALL)


@dataclass(frozen=True)
class LocaleNames:
    """The casefolded names one locale writes in dates."""

    months: frozenset[str]
    days: frozenset[str]
    day_periods: frozenset[str]
    zones: frozenset[str]


def _fold(names: Iterable[str]) -> frozenset[str]:
    """Casefolded names, each also without a final full stop ("févr." and "févr").

    >>> sorted(_fold(["Févr.", "Mai"]))
    ['févr', 'févr.', 'mai']
    """
    folded = {name.casefold().strip() for name in names if name and name.strip()}
    return frozenset(folded | {name.rstrip(".") for name in folded})


def _context_names(data: Mapping[str, Mapping[str, Mapping[object, str]]]) -> list[str]:
    """All names of Babel's ``{context: {width: {key: name}}}`` tables (months, days, day periods)."""
    return [name for widths in data.values() for names in widths.values() for name in names.values()]


def _zone_names(locale: Locale) -> list[str]:
    """Short metazone names (standard, daylight, generic) and the GMT format's prefix ("UTC", "GMT")."""
    names = [
        name for zone in locale.meta_zones.values() for name in zone.get("short", {}).values() if isinstance(name, str)
    ]
    return [*names, locale.zone_formats["gmt"].replace("%s", "")]


@functools.cache
def locale_names(code: str) -> LocaleNames:
    """Month, weekday, day-period and zone names of the locale ``code``.

    >>> names = locale_names("de")
    >>> "märz" in names.months, "mär" in names.months, "montag" in names.days, "mez" in names.zones
    (True, True, True, True)
    >>> "марта" in locale_names("ru").months  # the genitive (format) form, as in "5 марта 2021"
    True
    """
    locale = Locale.parse(code)
    return LocaleNames(
        months=_fold(_context_names(locale.months)),
        days=_fold(_context_names(locale.days)),
        day_periods=_fold(_context_names(locale.day_periods)),
        zones=_fold(_zone_names(locale)),
    )


class UnknownFieldError(ValueError):
    """An LDML pattern letter this module does not translate (the pattern is then not used)."""


def pattern_regex(pattern: str, fields: Mapping[str, str]) -> str:
    """The regex for the LDML date/time ``pattern``: numbers for numeric fields, ``fields["MMM"]`` (month names),
    ``fields["EEE"]`` (weekdays), ``fields["a"]`` (day periods), ``fields["z"]`` (zones) for the named ones. Spaces
    match any run of spaces (CLDR uses U+202F in places), and a comma or a full stop may be missing.

    >>> regex = pattern_regex("d. MMMM y", {"MMM": "(?:märz|mai)"})
    >>> bool(re.fullmatch(regex, "5. März 2021", re.IGNORECASE)), bool(re.fullmatch(regex, "5 März 2021"))
    (True, False)
    >>> pattern_regex("HH 'h' mm", {})
    '\\\\d{1,2}\\\\s*h\\\\s*\\\\d{2}'
    >>> pattern_regex("G y", {})
    Traceback (most recent call last):
    ...
    pipeline.text.locale_data.UnknownFieldError: pattern 'G y' has field 'G'
    """
    parts: list[str] = []
    for match in LDML_TOKEN_RE.finditer(pattern):
        token = match.group(0)
        letter = match.group(1)
        if token.startswith("'"):
            literal = token[1:-1].replace("''", "'") if len(token) > 2 else "'"
            parts.append(r"\s*".join(re.escape(word) for word in literal.split()))
        elif letter is None:
            parts.append(r"\s*" if token.isspace() else f"{re.escape(token)}?" if token == "," else re.escape(token))
        elif letter in NUMBER_FIELDS:
            parts.append(NUMBER_FIELDS[letter])
        elif letter in "ML":
            parts.append(r"\d{1,2}" if len(token) <= 2 else fields["MMM"] + r"\.?")
        elif letter == "y":
            parts.append(r"\d{2}" if len(token) == 2 else r"\d{4}")
        elif letter in "Ec":
            parts.append(fields["EEE"] + r"\.?")
        elif letter in "abB":
            parts.append(fields["a"])
        elif letter in "zvVOZX":
            parts.append(fields["z"])
        else:
            raise UnknownFieldError(f"pattern {pattern!r} has field {letter!r}")
    # Collapse runs of optional spaces that adjacent literals produced.
    return re.sub(r"(?:\\s\*)+", r"\\s*", "".join(parts))


def _patterns(patterns: Iterable[str], fields: Mapping[str, str]) -> list[str]:
    """``pattern_regex`` of each pattern it can translate, without repeats, in order."""
    regexes: list[str] = []
    for pattern in patterns:
        try:
            regex = pattern_regex(pattern, fields)
        except UnknownFieldError:
            continue
        if regex not in regexes:
            regexes.append(regex)
    return regexes


def _date_patterns(locale: Locale) -> list[str]:
    skeletons = locale.datetime_skeletons
    return [str(locale.date_formats[width].pattern) for width in DATE_WIDTHS] + [
        str(skeletons[name]) for name in DATE_SKELETONS if name in skeletons
    ]


def _time_patterns(locale: Locale) -> list[str]:
    return [str(locale.time_formats[width].pattern) for width in TIME_WIDTHS]


def _hour_words(locale: Locale) -> list[str]:
    """The words a locale writes after an hour ("Uhr", "giờ", "uur"): the quoted literals of its hour-only patterns
    and its names of the hour unit ("5 uur", "5 Std.", "5 saat").

    >>> "uur" in _hour_words(Locale.parse("nl")), "Uhr" in _hour_words(Locale.parse("de"))
    (True, True)
    """
    skeletons = locale.datetime_skeletons
    literals = [
        literal.strip()
        for name in HOUR_SKELETONS
        if name in skeletons
        for literal in re.findall(r"'([^']+)'", str(skeletons[name]))
        if literal.strip() and literal.strip() != "h"
    ]
    units = {
        format_unit(count, "duration-hour", length=length, locale=locale).replace(str(count), "").strip()
        for count in HOUR_COUNTS
        for length in UNIT_LENGTHS
    }
    return literals + sorted(unit for unit in units if unit)


# A name in a date (month, weekday, day period, zone): checked against the locales' names after the pattern matched,
# so one pattern serves every locale that writes dates in that order. Vietnamese month names carry a number
# ("tháng 3"); Catalan and Portuguese ones a particle ("de març", "d’abril").
NAME = r"(?:[^\W\d_]{1,2}(?:\s+|['’]))?[^\W\d_][^\W\d_'’-]*\.?(?:\s\d{1,2}(?=[,\s]))?"
WORD_RE = re.compile(r"[^\W\d_]+")
DIGIT_RE = re.compile(r"\d")
# Upper-case words of 2 to 5 letters after a time are zone abbreviations ("WIB", "EAT", "МСК"), as the English
# pattern allows; CLDR lacks many of them.
MAX_ZONE_LETTERS = 5
# A date with words needs a month or weekday name among them, not just particles ("de", "г"), unless it has a time.
MIN_NAME_LETTERS = 3
# The words sites put between a date and a time ("à", "a las", "pukul"): at most two, of at most five letters.
MAX_JOINT_WORDS = 2
MAX_JOINT_LETTERS = 5
TIME_HINT_RE = re.compile(r"\d\s*[:.hH]\s*\d{2}")


@dataclass(frozen=True)
class DatePatterns:
    """``regex`` matches a date, a time, or both, in any of LOCALES' patterns, with name fields left open;
    ``words`` (casefolded) may fill them: every locale's month, day, day-period and zone names and pattern literals;
    ``names`` are the month and day names' words among them."""

    regex: re.Pattern[str]
    words: frozenset[str]
    names: frozenset[str]


@functools.cache
def datetime_patterns() -> DatePatterns:
    """Built on first use and kept: loading 29 locales' CLDR data takes Babel about 0.9 s, which a process that never
    meets a date in another language need not pay."""
    locales = [Locale.parse(code) for code in LOCALES + TIME_ONLY_LOCALES]
    fields = {"MMM": NAME, "EEE": NAME, "a": NAME, "z": rf"(?:{NAME}(?:{GMT_OFFSET})?)"}
    times = _patterns((pattern for locale in locales for pattern in _time_patterns(locale)), fields)
    # A pattern without minutes ("HH") would take any number for a time.
    times = [regex for regex in times if r"\d{2}" in regex]
    time = rf"(?:{'|'.join(times)})(?:\s*{NAME})?(?:\s*\(?{fields['z']}\)?)?"
    date_patterns = [pattern for locale in locales[: len(LOCALES)] for pattern in _date_patterns(locale)]
    date = rf"(?:{NAME},?\s+)?(?:{'|'.join(_patterns(date_patterns, fields))})"
    # Between a date and a time CLDR puts ", " or " "; sites also write a short word ("à", "um", "alle", "a las",
    # "kl.", "lúc"), and some put the time first (as vi does). The joint's words are not checked against the names.
    joint = rf",?\s+(?:\w{{1,{MAX_JOINT_LETTERS}}}\.?(?:\s\w{{1,3}})?\s+)?|\s*[|/·-]\s*"
    # A time that comes first may follow the word CLDR puts before a time ("at", "à", "um", "alle ore", "pukul",
    # "lúc"): "Mis à jour à 14h32", "lúc 14:32 05/03/2026".
    lead = "|".join(re.escape(word) for word in sorted(_time_leads(locales), key=len, reverse=True))
    regex = re.compile(
        rf"(?P<lead>(?:{lead})\s+(?=\d))?"
        rf"(?:(?:(?:{time})(?P<before>{joint}))?{date}(?:(?P<after>{joint})(?:{time}))?\.?|{time})",
        re.IGNORECASE,
    )
    words: set[str] = set()
    names: set[str] = set()
    for locale in locales:
        locale_words = locale_names(str(locale))
        for name in locale_words.months | locale_words.days:
            names.update(word.casefold() for word in WORD_RE.findall(name) if len(word) >= MIN_NAME_LETTERS)
        for name in locale_words.months | locale_words.days | locale_words.day_periods | locale_words.zones:
            words.update(word.casefold() for word in WORD_RE.findall(name))
        patterns = _date_patterns(locale) + _time_patterns(locale)
        literals = [literal for pattern in patterns for literal in re.findall(r"'([^']+)'", pattern)]
        for literal in literals + _hour_words(locale):
            words.update(word.casefold() for word in WORD_RE.findall(literal))
    return DatePatterns(regex, frozenset(words), frozenset(names))


def _time_leads(locales: Iterable[Locale]) -> set[str]:
    """The words the locales write before a time: the literals before ``{0}`` (the time) in CLDR's patterns for a
    relative date at a time ("{1} 'à' {0}", "{1} 'alle' 'ore' {0}", "'lúc' {0} {1}").

    >>> sorted(_time_leads([Locale.parse(code) for code in ("en", "it", "sv", "vi")]))
    ['alle ore', 'at', 'kl.', 'lúc']
    """
    leads: set[str] = set()
    for locale in locales:
        for pattern in locale.datetime_formats_relative.values():
            before_time = str(pattern).split("{0}")[0].split("{1}")[-1]
            words = " ".join(before_time.replace("'", "").replace(",", " ").split())
            if words:
                leads.add(words.casefold())
    return leads


def is_local_datetime(segment: str) -> bool:
    """Whether ``segment`` is a date and/or time written in one of LOCALES' CLDR patterns, with their names.

    >>> is_local_datetime("Montag, 5. März 2021, 14:30 Uhr"), is_local_datetime("5 mars 2021 à 14h30")
    (True, True)
    >>> is_local_datetime("2021. március 5. 14:30"), is_local_datetime("5 марта 2021 г., 14:30 МСК")
    (True, True)
    >>> is_local_datetime("14:30 UTC+3"), is_local_datetime("Le 5 mars 2021, le gouvernement a démissionné")
    (True, False)
    >>> is_local_datetime("à 14h32"), is_local_datetime("um 14:32 Uhr"), is_local_datetime("lúc 14:32 05/03/2026")
    (True, True, True)
    >>> is_local_datetime("5 people 2021"), is_local_datetime("2021"), is_local_datetime("de 5 2021")
    (False, False, False)
    """
    if DIGIT_RE.search(segment) is None:
        return False
    patterns = datetime_patterns()
    # Before the regex, a cheap look at the words: besides the names, only a joint's (at most two short ones).
    unknown = [
        word for word in WORD_RE.findall(segment) if word.casefold() not in patterns.words and not _is_zone(word)
    ]
    if len(unknown) > MAX_JOINT_WORDS or any(len(word) > MAX_JOINT_LETTERS for word in unknown):
        return False
    match = patterns.regex.fullmatch(segment)
    if match is None:
        return False
    joints = [match.span(name) for name in ("before", "after", "lead") if match.group(name)]
    words = [
        word.group(0)
        for word in WORD_RE.finditer(segment)
        if not any(start <= word.start() < end for start, end in joints)
    ]
    if not all(word.casefold() in patterns.words or _is_zone(word) for word in words):
        return False
    return not words or TIME_HINT_RE.search(segment) is not None or any(w.casefold() in patterns.names for w in words)


@functools.cache
def relative_time_regex() -> re.Pattern[str]:
    """How long ago, in CLDR's past relative-time patterns of LOCALES and LEXICON_ONLY_LOCALES, long and short
    ("2 hours ago", "il y a 2 heures", "vor 2 Std.", "2 saat önce", "2小时前"), the count open.

    Made from Babel's ``format_timedelta`` for each plural form (HOUR_COUNTS) of each unit; a pattern whose count
    Babel writes in other digits or as a word ("قبل ساعتين", Arabic's "two hours ago") is left out."""
    texts: set[str] = set()
    for code in LOCALES + LEXICON_ONLY_LOCALES:
        locale = Locale.parse(code)
        for unit, seconds in RELATIVE_UNITS.items():
            for count in _plural_counts(locale):
                for length in UNIT_LENGTHS:
                    text = format_timedelta(
                        timedelta(seconds=-count * seconds),
                        granularity=unit,
                        threshold=RELATIVE_THRESHOLD,
                        add_direction=True,
                        format=length,
                        locale=locale,
                    )
                    if re.search(rf"(?<![\d+−-]){count}(?!\d)", text):
                        texts.add(text.casefold())
    patterns = sorted(
        {re.escape(text).replace(str(count), r"\d+") for text in texts for count in HOUR_COUNTS if str(count) in text},
        key=len,
        reverse=True,
    )
    return re.compile("|".join(patterns).replace(r"\ ", r"\s*"))


@functools.cache
def minute_units() -> frozenset[str]:
    """Every way LOCALES and LEXICON_ONLY_LOCALES write the minute unit after a count (CLDR via Babel: long, short and
    narrow, each plural form), casefolded, without a final full stop.

    >>> {"min", "minuten", "minutos", "dk", "мин", "分钟", "perc"} <= minute_units()
    True
    """
    units: set[str] = set()
    for code in LOCALES + LEXICON_ONLY_LOCALES:
        locale = Locale.parse(code)
        for count in _plural_counts(locale):
            for length in MINUTE_LENGTHS:
                written = format_unit(count, "duration-minute", length=length, locale=locale)
                unit = written.replace(str(count), "").strip().casefold().rstrip(".")
                if unit and str(count) in written:
                    units.add(unit)
    return frozenset(units)


def _plural_counts(locale: Locale) -> list[int]:
    """One count of HOUR_COUNTS for each plural form ``locale`` has ("1 hour", "2 hours"; Russian's "1 час", "2 часа",
    "5 часов"), the smallest of each.

    >>> _plural_counts(Locale.parse("en")), _plural_counts(Locale.parse("ru")), _plural_counts(Locale.parse("ja"))
    ([1, 2], [1, 2, 5], [1])
    """
    counts: dict[str, int] = {}
    for count in HOUR_COUNTS:
        counts.setdefault(locale.plural_form(count), count)
    return list(counts.values())


def is_relative_time(segment: str) -> bool:
    """Whether ``segment`` says how long ago, in any of the languages' CLDR patterns.

    >>> is_relative_time("2 hours ago"), is_relative_time("il y a 3 heures"), is_relative_time("vor 5 Min.")
    (True, True, True)
    >>> is_relative_time("2 saat önce"), is_relative_time("2小时前"), is_relative_time("2 hours ago, he said")
    (True, True, False)
    """
    return DIGIT_RE.search(segment) is not None and relative_time_regex().fullmatch(segment.casefold()) is not None


def _is_zone(word: str) -> bool:
    """An upper-case abbreviation such as CLDR lacks ("WIB", "МСК").

    >>> _is_zone("WIB"), _is_zone("Wib"), _is_zone("MONDAY")
    (True, False, False)
    """
    return word.isupper() and 2 <= len(word) <= MAX_ZONE_LETTERS


# A day of the month written next to a month name, either way round: "15. November", "5 juillet", "May 3", "3 de
# mayo" (one particle of up to three letters between them), as datelines write a date without its year.
DAY_MONTH_RE = re.compile(r"(?<!\d)\d{1,2}\.?\s+(?P<particle>[^\W\d_]{1,3}\s+)?(?P<month>[^\W\d_]+)")
MONTH_DAY_RE = re.compile(r"(?P<month>[^\W\d_]+)\.?\s+\d{1,2}(?![\d:.,]\d)(?!\d)")
# The words of a month's name with fewer letters are particles ("de" in Catalan "de març"), not the name.
MIN_MONTH_LETTERS = 3


@functools.cache
def month_words() -> frozenset[str]:
    """Every LOCALES month name (wide and abbreviated, format and stand-alone forms), casefolded, without a final
    full stop.

    >>> words = month_words()
    >>> "november" in words, "juillet" in words, "marzo" in words, "tháng" in words, "montag" in words
    (True, True, True, False, False)
    """
    return frozenset(
        word.casefold()
        for code in LOCALES
        for name in locale_names(code).months
        for word in WORD_RE.findall(name)
        if len(word) >= MIN_MONTH_LETTERS and not DIGIT_RE.search(name)
    )


@functools.cache
def list_conjunctions() -> frozenset[str]:
    """The word each language of LOCALES and LEXICON_ONLY_LOCALES joins two names with, from CLDR's list patterns
    ("{0} og {1}", "{0} és {1}"): how a byline names two authors ("Af Sofie Lund og Ritzau", "Kovács Anna és Tóth
    Eszter") and a share prompt two networks ("Partager sur Facebook et X").

    >>> sorted(list_conjunctions() & {"and", "og", "és", "och", "ja", "dan", "và", "و"})
    ['and', 'dan', 'ja', 'och', 'og', 'và', 'és', 'و']
    """
    return _pattern_words("standard")


@functools.cache
def alternative_conjunctions() -> frozenset[str]:
    """The word each language of LOCALES and LEXICON_ONLY_LOCALES puts between two alternatives, from CLDR's "or"
    list patterns ("{0} or {1}", "{0} oder {1}").

    >>> sorted(alternative_conjunctions() & {"or", "oder", "ou", "o", "lub"})
    ['lub', 'o', 'oder', 'or', 'ou']
    """
    return _pattern_words("or")


def _pattern_words(kind: str) -> frozenset[str]:
    """The words of each language's pattern for a list of two of ``kind``, its places left out."""
    return frozenset(word for pattern in _pair_patterns(kind) for word in WORD_RE.findall(pattern.replace("{1}", " ")))


@functools.cache
def prefixed_conjunctions() -> frozenset[str]:
    """The conjunctions written onto the next word, with no space: in Arabic and Hebrew (CLDR "{0} و{1}": "فيسبوك
    وتويتر" is "Facebook and Twitter"), and in the scripts written without spaces ("{0}和{1}").

    >>> sorted(prefixed_conjunctions())
    ['ו', 'و', 'และ', '和']
    """
    return frozenset(
        match.group(0) for pattern in _pair_patterns() if (match := re.search(r"\w+(?=\{1\})", pattern)) is not None
    )


def _pair_patterns(kind: str = "standard") -> list[str]:
    """Each language's pattern for a list of two of ``kind`` ("standard": "and"; "or"), first place taken out,
    casefolded, spaces normalised (" and {1}", " و{1}")."""
    return [
        Locale.parse(code).list_patterns[kind]["2"].replace("\u00a0", " ").replace("{0}", " ").casefold()
        for code in LOCALES + LEXICON_ONLY_LOCALES
    ]


@functools.cache
def wide_month_words() -> frozenset[str]:
    """The words of every LOCALES month name in its full (wide) form, casefolded: the names that are not
    abbreviations ("outubro", not "out"; "march" and "mar" are both here only as "march").

    >>> words = wide_month_words()
    >>> "outubro" in words, "out" in words, "mai" in words, "mar" in words
    (True, False, True, False)
    """
    words: set[str] = set()
    for code in LOCALES:
        locale = Locale.parse(code)
        for context in locale.months.values():
            for name in context.get("wide", {}).values():
                words |= {word.casefold() for word in WORD_RE.findall(name) if len(word) >= MIN_MONTH_LETTERS}
    return frozenset(words)


def has_day_and_month(text: str) -> bool:
    """Whether ``text`` has a day of the month next to a month name of one of LOCALES (from CLDR): a date even
    without its year.

    >>> has_day_and_month("dpa | 15. November"), has_day_and_month("3 de mayo"), has_day_and_month("May 3")
    (True, True, True)
    >>> has_day_and_month("Aktualisiert am 1. März")  # "am 1" is tried as a month and a day too
    True
    >>> has_day_and_month("Attendance: 8,661"), has_day_and_month("Chapter 11"), has_day_and_month("5 min")
    (False, False, False)

    An abbreviated name that is a word of another language ("out" for outubro, "set" for settembre) counts only
    when written as an abbreviation: right next to the day, with its full stop or a capital letter.

    >>> has_day_and_month("5 Mar 2021"), has_day_and_month("2 out. 2021"), has_day_and_month("12 Sept")
    (True, True, True)
    >>> has_day_and_month("Half-Life 2 is out now"), has_day_and_month("won 2 out of 3"), has_day_and_month("set 4")
    (False, False, False)
    """
    if DIGIT_RE.search(text) is None:
        return False
    # Each order on its own: in "am 1. März" the day follows one word and precedes the month.
    return any(
        _names_month(match, text) for pattern in (DAY_MONTH_RE, MONTH_DAY_RE) for match in pattern.finditer(text)
    )


def _names_month(match: re.Match[str], text: str) -> bool:
    """Whether a :data:`DAY_MONTH_RE` or :data:`MONTH_DAY_RE` match's month word is a month name as written."""
    word = match.group("month")
    folded = word.casefold()
    if folded in wide_month_words():
        return True
    if folded not in month_words():
        return False
    particle = match.groupdict().get("particle")
    written_short = text[match.end("month") : match.end("month") + 1] == "." or word[:1].isupper()
    return particle is None and written_short
