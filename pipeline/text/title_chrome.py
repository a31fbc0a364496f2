"""Lines that are never a headline, whatever follows them: breadcrumb trails, date and time lines, bylines, domains.

Pages put such lines above the headline, and some put one in the title field. They are told apart by structure
(short labels between separators, digits in date shapes, a short word before a capitalised name), not by word lists,
so the tests hold in any language. :mod:`pipeline.text.headline` skips them when it chooses the headline.
"""

from __future__ import annotations

import re

from pipeline.text.paragraphs import ends_sentence

# A domain ("example.co.uk"): a site's name, never a headline.
DOMAIN_RE = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", re.IGNORECASE)
# Breadcrumb separators. ASCII ones and guillemets need spaces around them ("Wales 24-18", "l·l", "«Oui»" are not
# separators); arrows are never part of a word.
CRUMB_SEPARATOR_RE = re.compile(r"\s+(?:[>/|\-–—•·»]|::)\s+|\s*[›→⟩≫]\s*")
# The characters CRUMB_SEPARATOR_RE's separators are made of.
CRUMB_CHARS = ">/|-–—•·»:›→⟩≫"
# Arrows point down a trail, so only a trail of them may end with the page's own (long) headline.
ARROW_SEPARATOR_RE = re.compile(r"\s+[>»]\s+|\s*[›→⟩≫]\s*")
# A breadcrumb label ("World", "Economía y Finanzas") has at most this many words, short lower-case connectors
# ("y", "de", "and") not counted; the first one (the site's root, "Home", "Página inicial") at most MAX_ROOT_WORDS
# words of any kind, which keeps "Taxes must be trusted - Kennedy - Daily News" (a headline, a speaker, a site) out.
MAX_LABEL_WORDS = 3
MAX_ROOT_WORDS = 3
# A dash also joins a headline to a speaker or a site, so labels between dashes are shorter ("Startseite - Politik -
# Ausland", not "Kenya - Uganda - Tanzania border dispute"); so are the two labels of a one-arrow trail ("Le Fil ›
# Société", not "Profits > forecasts as sales soar").
MAX_SHORT_LABEL_WORDS = 2
DASH_SEPARATOR_RE = re.compile(r"\s+[\-–—]\s+")
MAX_CONNECTOR_CHARS = 3
# A breadcrumb has at least two separators, or one arrow between two labels.
MIN_CRUMB_SEGMENTS = 3
ONE_ARROW_RE = re.compile(r"[^›→⟩≫>]+(?:[›→⟩≫]| > )[^›→⟩≫>]+")
# Clock times ("14:30", "14h30") and dates: numeric ("12/03/2024", "2024-03-12"), CJK ("2024年3月12日"), a day number
# then up to three words and a year ("5 de mayo de 2024", "4. März 2024"), a word, a day number and a year
# ("March 3, 2024").
DATE_OR_TIME_RE = re.compile(
    r"\b\d{1,2}[:h]\d{2}\b|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\d{4}年\d{1,2}月(?:\d{1,2}日)?"
    r"|\b(?:0?[1-9]|[12]\d|3[01])(?:\.|st|nd|rd|th)?(?:\s+[^\W\d]\S*){1,3}?\s+(?:1[89]|20)\d{2}\b"
    r"|\b[^\W\d]\S*\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s+(?:1[89]|20)\d{2}\b"
)
DIGIT_RE = re.compile(r"\d")
# A date line has, besides its dates and times, at most this many words ("Publicado el ... a las", "Updated").
MAX_DATE_LINE_WORDS = 6
# A byline: a short word ("By", "Par", "Von", "Oleh", "Na") and a name of two or three capitalised words, an agency
# after a comma or in brackets allowed: "By Jane Doe", "Von Hans Müller (dpa)", "Par Jean Dupont, AFP".
BYLINE_INTRO_CHARS = (2, 4)
BYLINE_NAME_WORDS = (2, 3)
# Inside a name: "Jean-Luc", "J.", "O'Neill".
NAME_PUNCTUATION_RE = re.compile(r"[-.'’]")
AGENCY_RE = re.compile(r"(?:,\s*|\s+\()[\w&.-]+(?:\s[\w&.-]+)?\)?$")

# A row of links: at least this many cells between " | ", at least two thirds of them (as a fraction) this short.
MIN_ROW_CELLS = 3
MAX_ROW_CELL_WORDS = 4
SHORT_CELL_SHARE = (2, 3)


def word_count(line: str) -> int:
    return len(line.split())


def is_breadcrumb(line: str) -> bool:
    """A trail of short labels joined by two or more separators, in any language.

    >>> is_breadcrumb("Home > Business > World"), is_breadcrumb("Accueil › Économie › Monde")
    (True, True)
    >>> is_breadcrumb("Inicio / Deportes / Fútbol internacional"), is_breadcrumb("Startseite - Politik - Ausland")
    (True, True)
    >>> is_breadcrumb("Home » Politics » Minister quits after budget row with Treasury"), is_breadcrumb("Le Fil › Tech")
    (True, True)
    >>> is_breadcrumb("Accueil > Économie"), is_breadcrumb("Profits > forecasts as sales soar")
    (True, False)
    >>> is_breadcrumb("Taxes must be trusted - Kennedy - Example Daily News"), is_breadcrumb("Wales 24-18 Ireland")
    (False, False)
    >>> is_breadcrumb("Kenya - Uganda - Tanzania border dispute"), is_breadcrumb("Inicio > Economía y Finanzas > Bolsa")
    (False, True)
    """
    # Most lines have no separator at all: a substring test per character is much faster than splitting.
    if not any(char in line for char in CRUMB_CHARS):
        return False
    segments = [segment for segment in CRUMB_SEPARATOR_RE.split(line) if segment]
    if len(segments) != len(CRUMB_SEPARATOR_RE.findall(line)) + 1:
        return False
    # Arrows join nothing but trail levels, so two labels and one arrow ("Le Fil › Société") make a trail too.
    if len(segments) < (2 if ONE_ARROW_RE.fullmatch(line) else MIN_CRUMB_SEGMENTS):
        return False
    if word_count(segments[0]) > MAX_ROOT_WORDS or any(ends_sentence(segment) for segment in segments):
        return False
    # A trail of arrows may end with the page's own headline, but one arrow and a headline is not a trail.
    long_tail = len(segments) >= MIN_CRUMB_SEGMENTS and ARROW_SEPARATOR_RE.search(line) is not None
    labels = segments[:-1] if long_tail else segments
    short = DASH_SEPARATOR_RE.search(line) is not None or len(segments) < MIN_CRUMB_SEGMENTS
    limit = MAX_SHORT_LABEL_WORDS if short else MAX_LABEL_WORDS
    return all(_label_words(segment) <= limit for segment in labels)


def _label_words(segment: str) -> int:
    return sum(not (word.islower() and len(word) <= MAX_CONNECTOR_CHARS) for word in segment.split())


def is_date_line(line: str) -> bool:
    """A date or time, with at most a few words around it ("Published", "Mis à jour le", weekday names).

    >>> is_date_line("Dienstag, 4. März 2024, 10:15 Uhr"), is_date_line("Publicado el 5 de mayo de 2024 a las 14:30")
    (True, True)
    >>> is_date_line("2024-03-12 14:30"), is_date_line("Mis à jour le 12/03/2024 à 14h30")
    (True, True)
    >>> is_date_line("Ireland 21-19 Argentina"), is_date_line("On 5 May 2024 the talks collapsed in the capital.")
    (False, False)
    """
    if ends_sentence(line) and not line.rstrip(".").endswith(tuple("0123456789")):
        return False
    # Every date and time has a digit; most lines above a headline have none, and the regex tries each word.
    if DIGIT_RE.search(line) is None:
        return False
    rest, dates = DATE_OR_TIME_RE.subn(" ", line)
    return dates > 0 and sum(any(char.isalpha() for char in word) for word in rest.split()) <= MAX_DATE_LINE_WORDS


def is_byline(line: str) -> bool:
    """A short word and a name of capitalised words, an agency after it allowed, in any language.

    >>> is_byline("By Jane Doe"), is_byline("Par Jean-Luc Dupont, AFP"), is_byline("Oleh Budi Santoso")
    (True, True, True)
    >>> is_byline("By the end of the year"), is_byline("Kerry seeks to narrow divisions")
    (False, False)
    """
    words = AGENCY_RE.sub("", line).split()
    if not BYLINE_NAME_WORDS[0] + 1 <= len(words) <= BYLINE_NAME_WORDS[1] + 1:
        return False
    intro, name = words[0], words[1:]
    return (
        intro.isalpha()
        and BYLINE_INTRO_CHARS[0] <= len(intro) <= BYLINE_INTRO_CHARS[1]
        and all(word[0].isupper() and NAME_PUNCTUATION_RE.sub("", word).isalpha() for word in name)
    )


def is_menu_row(line: str) -> bool:
    """A row of three or more cells joined by " | ", two thirds of them short (a page's navigation, account links,
    a ticker): a converter's rendering of a bar of links, never the page's headline above the story.

    >>> is_menu_row("Skip to main content | Ridgeway Tribune | Subscribe for $1 | Sign In")
    True
    >>> is_menu_row("BREAKING: Police investigate a fire at a warehouse | Weather: 41°F Cloudy | Traffic | Newsletters")
    True
    >>> is_menu_row("Oil prices rise as Opec cuts output | Business"), is_menu_row("Results: Arsenal 2 | Chelsea 1")
    (False, False)
    """
    if line.count(" | ") < MIN_ROW_CELLS - 1:
        return False
    cells = line.split(" | ")
    short = sum(word_count(cell) <= MAX_ROW_CELL_WORDS for cell in cells)
    return short * SHORT_CELL_SHARE[1] >= len(cells) * SHORT_CELL_SHARE[0]


def is_title_chrome(line: str) -> bool:
    """A line that is never a headline whatever follows it: a breadcrumb, a date or time line, a byline, a domain.

    >>> is_title_chrome("Home > World > Europe"), is_title_chrome("example.co.uk"), is_title_chrome("12.03.2024")
    (True, True, True)
    >>> is_title_chrome("Kerry seeks to narrow divisions with Russia")
    False
    """
    return is_breadcrumb(line) or is_date_line(line) or is_byline(line) or DOMAIN_RE.fullmatch(line) is not None
