"""Find the headline and remove its repeats from the body.

Republished copies put the headline at the top of the body, often more than once: bare, with the site's name after it
("Headline - Site News", "Headline | Site"), in another case, or with other quotes. Lines are compared by a *key*
(case-folded, quotes straightened, punctuation dropped, site suffix removed), so every such variant of the headline
is recognised while a body sentence that merely starts with the same words is not.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.text.rules import FINAL_PERIOD_RE, HEADLINE_START_RE

# "Headline | Site", "Headline - Site", "Headline – Site", "Headline :: Site": the last separator and what follows.
SUFFIX_RE = re.compile(r"^(?P<head>.+)\s+(?P<sep>\||-|–|—|::)\s+(?P<site>[^|]+?)$")
# Characters one of SUFFIX_RE's separators starts with.
SEPARATOR_CHARS = ("|", "-", "–", "—", ":")
# A site name is a few capitalised words ("Metro Digest", "WireFeed Plus") or a domain ("example.co.uk").
SITE_NAME_RE = re.compile(r"(?:[A-Z0-9][\w&'+.-]*)(?: (?:[A-Z0-9][\w&'+.-]*|of|the|and|&)){0,4}")
DOMAIN_RE = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", re.IGNORECASE)
# After " - " a headline often ends with a speaker or a team ("Job cuts 'false economy' - TUC"), so a dash suffix is
# taken as a site name only when it has a word that names publications; after " | " any short name is a site.
PUBLICATION_WORDS = frozenset(
    {
        "news", "newswire", "wire", "times", "digest", "online", "daily", "weekly", "post", "herald", "mirror",
        "hub", "today", "tribune", "gazette", "journal", "express", "chronicle", "observer", "telegraph",
        "standard", "guardian", "report", "reporter", "media", "tv", "radio", "network", "magazine", "review",
        "press", "record", "star", "sun", "mail", "independent", "bulletin", "courier", "dispatch", "monitor",
        "insider", "feed", "live", "now", "world", "metro", "sentinel",
        "examiner", "inquirer", "leader", "voice", "nation",
    }
)
# A headline repeat is a headline plus at most a site name: longer paragraphs are not compared (saves time on bodies).
MAX_REPEAT_CHARS = 300
QUOTES_TABLE = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})
NON_WORD_RE = re.compile(r"[\W_]+")
# For ASCII lines, what NON_WORD_RE does (before the spaces are collapsed): every character but a letter or digit
# becomes a space.
ASCII_NON_WORD_TO_SPACE = str.maketrans({chr(code): " " for code in range(128) if not chr(code).isalnum()})


def strip_site_suffix(line: str) -> str:
    """``line`` without a trailing site name.

    >>> strip_site_suffix("Blair returns from peace mission - Naija Newswire")
    'Blair returns from peace mission'
    >>> strip_site_suffix("Ferguson fears Milan cutting edge | Metro Digest")
    'Ferguson fears Milan cutting edge'
    >>> strip_site_suffix("Job cuts 'false economy' - TUC")
    "Job cuts 'false economy' - TUC"
    >>> strip_site_suffix("Taxes must be trusted - Kennedy - Naija Newswire")
    'Taxes must be trusted - Kennedy'
    """
    # Most lines have no separator at all; the regex would backtrack through all of them to find that out.
    if not any(separator in line for separator in SEPARATOR_CHARS):
        return line
    match = SUFFIX_RE.match(line)
    if match is None:
        return line
    site = match.group("site")
    if DOMAIN_RE.fullmatch(site):
        return match.group("head")
    if not SITE_NAME_RE.fullmatch(site):
        return line
    if match.group("sep") in ("|", "::"):
        return match.group("head")
    words = {word.lower().strip(".+") for word in site.split()}
    return match.group("head") if words & PUBLICATION_WORDS else line


def headline_key(line: str) -> str:
    """What two spellings of one headline have in common: case, quotes, punctuation and spacing are ignored.

    >>> headline_key("‘No more concessions’ on TERROR!") == headline_key("'No more concessions' on terror")
    True
    """
    if line.isascii():
        # The common case, twice as fast: NFKC and the quote table change nothing in ASCII, casefold is lower there,
        # and a translation table does what NON_WORD_RE does.
        return " ".join(line.lower().translate(ASCII_NON_WORD_TO_SPACE).split())
    return unicode_headline_key(line)


def unicode_headline_key(line: str) -> str:
    """:func:`headline_key` for any line; :func:`headline_key` takes a shortcut for ASCII ones.

    >>> unicode_headline_key("Ｃafé’s ﬁne_print!") == headline_key("Café's fine print")
    True
    """
    line = unicodedata.normalize("NFKC", line).translate(QUOTES_TABLE).casefold()
    return " ".join(NON_WORD_RE.sub(" ", line).split())


def repeat_keys(title: str) -> frozenset[str]:
    """Keys under which a body line counts as a repeat of ``title`` (with and without a site suffix).

    >>> sorted(repeat_keys("Oil rebounds - Daily News"))
    ['oil rebounds', 'oil rebounds daily news']
    """
    keys = {headline_key(title), headline_key(strip_site_suffix(title))}
    return frozenset(key for key in keys if key)


def is_repeat(line: str, keys: frozenset[str]) -> bool:
    """True when ``line`` is the headline again, in any spelling.

    >>> keys = repeat_keys("Hague's six-figure earnings shown")
    >>> is_repeat("HAGUE’S SIX-FIGURE EARNINGS SHOWN - The Daily Post", keys)
    True
    >>> is_repeat("Hague's six-figure earnings shown in register.", keys)
    False
    """
    if len(line) > MAX_REPEAT_CHARS:
        return False
    if headline_key(line) in keys:
        return True
    stripped = strip_site_suffix(line)
    return stripped != line and headline_key(stripped) in keys


def looks_like_headline(line: str, max_words: int) -> bool:
    """Short, starts like a headline (capital, digit, currency sign, quote), does not end with a full stop or a colon.

    >>> looks_like_headline("Kerry seeks to narrow divisions with Russia", 20)
    True
    >>> looks_like_headline("He is now in talks with Foreign Minister Sergei Lavrov.", 20)
    False
    >>> looks_like_headline("'My memories of Marley...'", 20), looks_like_headline("£1.8m fine for Viacom", 20)
    (True, True)
    """
    return (
        0 < len(line.split()) <= max_words
        and HEADLINE_START_RE.match(line) is not None
        and not FINAL_PERIOD_RE.search(line)
        and not line.endswith((":", ",", ";"))
    )
