"""Find the headline and remove its repeats from the body.

Republished copies put the headline at the top of the body, often more than once: bare, with the site's name after it
("Headline - Site News", "Headline | Site"), in another case, or with other quotes. Lines are compared by a *key*
(case-folded, quotes straightened, punctuation dropped, site suffix removed), so every such variant of the headline
is recognised while a body sentence that merely starts with the same words is not.

Above the headline, pages put chrome that looks like a headline to a naive test: a breadcrumb trail ("Home >
Business > World", "Accueil › Économie"), a section label or site name ("World", "Metro Digest"), a date or time
line, a byline. :func:`choose_headline` skips such lines (by structure: short labels, separators, digits, no
sentence; no word lists, so it works in any language), takes the first headline-like line after them, and returns
the chrome above it for removal. A title field holding such chrome is not taken as the title either.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.core.scripts import SPACELESS_RE, count_words, is_caseless, is_letter_or_mark
from pipeline.text.cohesion import Story, shared_share, shared_words
from pipeline.text.pagelanguage import prose_stopwords
from pipeline.text.paragraphs import ends_sentence
from pipeline.text.rules import FINAL_PERIOD_RE, HEADLINE_START_RE
from pipeline.text.sections import is_section_row
from pipeline.text.slug import named_by_address
from pipeline.text.title_chrome import DOMAIN_RE, is_menu_row, is_title_chrome

# "Headline | Site", "Headline - Site", "Headline – Site", "Headline :: Site": the last separator and what follows.
SUFFIX_RE = re.compile(r"^(?P<head>.+)\s+(?P<sep>\||-|–|—|::)\s+(?P<site>[^|]+?)$")
# Characters one of SUFFIX_RE's separators starts with.
SEPARATOR_CHARS = ("|", "-", "–", "—", ":")
# A site name is a few capitalised words ("Metro Digest", "WireFeed Plus") or a domain ("example.co.uk").
SITE_NAME_RE = re.compile(r"(?:[A-Z0-9][\w&'+.-]*)(?: (?:[A-Z0-9][\w&'+.-]*|of|the|and|&)){0,4}")
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
    match = _name_suffix(line)
    if match is None:
        return line
    site = match.group("site")
    if DOMAIN_RE.fullmatch(site) or match.group("sep") in ("|", "::"):
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
    """True when ``line`` is the headline again, in any spelling: alone, with a site suffix, or followed by a
    separator and a name of any kind (:func:`name_suffixed_head`), since the headline itself before a name is a
    repeat whatever the name is ("Headline - Semanario Rioplatense", "Job cuts 'false economy' - TUC").

    >>> keys = repeat_keys("Hague's six-figure earnings shown")
    >>> is_repeat("HAGUE’S SIX-FIGURE EARNINGS SHOWN - The Daily Post", keys)
    True
    >>> is_repeat("Hague's six-figure earnings shown - Semanario Rioplatense", keys)
    True
    >>> is_repeat("Hague's six-figure earnings shown in register.", keys)
    False
    >>> is_repeat("Hague's six-figure earnings shown - and MPs say they are not surprised", keys)
    False
    """
    if len(line) > MAX_REPEAT_CHARS:
        return False
    key = headline_key(line)
    if key in keys:
        return True
    # Every other spelling is the headline with something around it: its key holds the headline's.
    if not any(headline in key for headline in keys):
        return False
    stripped = strip_site_suffix(line)
    if stripped != line and headline_key(stripped) in keys:
        return True
    head = name_suffixed_head(line)
    return (head is not None and headline_key(head) in keys) or is_decorated_repeat(line, keys)


# Where a page decorates its headline with a name: a separator between spaces (| - – — :: • · / » « › ‹ ~), a colon
# after the name, or a bracket ("Headline (Vltava)").
DECORATION_RE = re.compile(r"\s+(?:[|•·/»«›‹~\-–—]+|::)\s+|:\s+|\s+(?=[(\[])")
# A name in any language: 1-5 words, the first capitalised or a number, the others of any case ("Lidové noviny",
# "Corriere della Sera", "Folha de S.Paulo"), no sentence punctuation; or a domain.
LOOSE_NAME_RE = re.compile(r"(?:[^\W_][\w&'+.-]*)(?: [\w&'+.-]+){0,4}")
MAX_NAME_CHARS = 40


def is_loose_name(text: str) -> bool:
    """A name as any language writes it (:data:`LOOSE_NAME_RE`) or a domain.

    >>> [is_loose_name(text) for text in ("Lidové noviny", "Corriere della Sera", "vltava.cz", "and fell again")]
    [True, True, True, False]
    """
    if len(text) > MAX_NAME_CHARS or not text or DOMAIN_RE.fullmatch(text):
        return bool(text) and DOMAIN_RE.fullmatch(text) is not None
    first = text[0]
    return (first.isupper() or first.isdigit()) and LOOSE_NAME_RE.fullmatch(text) is not None


def is_decorated_repeat(line: str, keys: frozenset[str]) -> bool:
    """Whether ``line`` is the headline with a name before or after it, joined by any separator: "Headline •
    Lidové noviny", "Headline (vltava.cz)", "Lidové noviny: Headline". The headline must be all of the rest.

    >>> keys = repeat_keys("Oil rebounds after the storm")
    >>> [is_decorated_repeat(line, keys) for line in ("Oil rebounds after the storm • Lidové noviny",
    ...     "Oil rebounds after the storm (vltava.cz)", "Zprávy Vltava: Oil rebounds after the storm",
    ...     "Oil rebounds after the storm / prices fell", "Oil rebounds: after the storm")]
    [True, True, True, False, False]
    """
    for match in DECORATION_RE.finditer(line):
        head, tail = line[: match.start()], line[match.end() :]
        if is_loose_name(tail.strip("()[] ")) and headline_key(head) in keys:
            return True
        if is_loose_name(head) and headline_key(tail) in keys:
            return True
    return False


def name_suffixed_head(line: str) -> str | None:
    """What comes before a last separator (" | ", " - ", " – ", " — ", " :: ") that is followed by a name (a few
    capitalised words, or a domain), or None: the shape of a headline with a site's name after it. Whether the head
    is the headline is the caller's question; a name alone says nothing about a site ("- TUC" names a speaker).

    >>> name_suffixed_head("Germany nears 1990 jobless level – Dunaparti Hírlap")
    'Germany nears 1990 jobless level'
    >>> name_suffixed_head("Prices rose - and fell again"), name_suffixed_head("No separator here")
    (None, None)
    """
    match = _name_suffix(line)
    return None if match is None else match.group("head")


# What a suffix shape's text starts with: a byte no normalized line holds (see pipeline.text.learned.shape).
SUFFIX_MARK = "\x00suffix "


def suffix_shape(line: str) -> str | None:
    """The shape of a line's site-name suffix, whatever comes before it: its name's key after :data:`SUFFIX_MARK`,
    or None. Learned per site like a line, it tells a detected headline's suffix from its last words: "Headline –
    Dunaparti Hírlap" on every page of a site is "Headline" and the site's name.

    >>> suffix_shape("Germany nears 1990 jobless level – Dunaparti Hírlap")[1:]
    'suffix dunaparti hírlap'
    >>> suffix_shape("Prices rose - and fell again"), suffix_shape("A line with no separator")
    (None, None)
    """
    if len(line) > MAX_CHROME_CHARS:
        return None
    match = _name_suffix(line)
    if match is None:
        return None
    key = headline_key(match.group("site"))
    return SUFFIX_MARK + key if len(key) >= MIN_SITE_NAME_CHARS else None


def _name_suffix(line: str) -> re.Match[str] | None:
    """:data:`SUFFIX_RE`'s match of ``line`` when what follows the last separator is a domain or a name."""
    # Most lines have no separator at all; the regex would backtrack through all of them to find that out.
    if not any(separator in line for separator in SEPARATOR_CHARS):
        return None
    match = SUFFIX_RE.match(line)
    if match is None:
        return None
    site = match.group("site")
    return match if DOMAIN_RE.fullmatch(site) or SITE_NAME_RE.fullmatch(site) else None


def starts_like_headline(line: str) -> bool:
    """A capital letter of any script, a letter of a script without case, a digit, a quote or a currency sign.

    >>> [starts_like_headline(line) for line in ("Économie", "«Oui»", "Путин", "东京", "¿Qué?", "the end")]
    [True, True, True, True, True, False]
    """
    if HEADLINE_START_RE.match(line) is not None:
        return True
    first = line[:1]
    return first.isupper() or is_caseless(first) or (first != "" and first in HEADLINE_OPENERS)


def looks_like_headline(line: str, max_words: int) -> bool:
    """Short, starts like a headline (capital, digit, currency sign, quote), does not end with a full stop or a colon,
    holds no address ("URL Source: https://...", a reader service's header line).

    >>> looks_like_headline("Kerry seeks to narrow divisions with Russia", 20)
    True
    >>> looks_like_headline("He is now in talks with Foreign Minister Sergei Lavrov.", 20)
    False
    >>> looks_like_headline("'My memories of Marley...'", 20), looks_like_headline("£1.8m fine for Viacom", 20)
    (True, True)
    >>> looks_like_headline("URL Source: https://example.com/news/kerry-in-moscow", 20)
    False
    """
    return (
        0 < len(line.split()) <= max_words
        and starts_like_headline(line)
        and not FINAL_PERIOD_RE.search(line)
        and not line.endswith((":", ",", ";"))
        and "://" not in line
    )


# A site name has at least this many characters (in its key): shorter ones ("AP", "The") match too much.
MIN_SITE_NAME_CHARS = 4
# A domain's labels ("capitolledger" in "tips@capitolledger.com", "news" in "news.example.org"), and the share of a site
# name's letters one must spell to name the site (the name may have an article the domain drops: "The Capitol Ledger").
DOMAIN_LABEL_RE = re.compile(r"\b([^\W_][\w-]{2,})(?=\.[a-z]{2,}\b)")
MIN_DOMAIN_SHARE = 0.6
# A breadcrumb, a date line, a byline or a masthead is shorter than this; longer lines are not tested.
MAX_CHROME_CHARS = 200
# Where a masthead's name ends and its slogan begins.
SEGMENT_SPLIT_RE = re.compile(r"\s+(?:[|\-–—•·]|::)\s+")
# A section label or site name above the headline: at most this many words ("World", "Metro Digest", "À la une").
MAX_SECTION_WORDS = 3
# Labels above labels (a site's name over "Breaking news"): the headline under them has at least twice the words of
# the first, so a short headline over a few tags and a date line is not taken for one.
LABEL_CHAIN_RATIO = 2
# Chrome lines tried above the headline before giving up (breadcrumb, label, date, byline, site name and a spare).
MAX_LEADING_CHROME = 5
# A menu written one item a line above the headline ("Home", "News", "Sport", ...): this many labels in a row at
# least (fewer are a section label, a site name, a byline, which _leading_chrome judges one by one), and at most this
# many looked at. A label is one or two words of letters ("Subscribe", "Log in", "Sport & Freizeit"): a short
# headline has three words or more, a byline or breadcrumb has a separator.
MIN_MENU_LINES = 4
MAX_MENU_LINES = 60
MAX_MENU_LABEL_CHARS = 30
MAX_MENU_LABEL_WORDS = 2
# Besides letters and their marks (Thai, Indic vowel signs), a label may hold only these.
MENU_LABEL_PUNCTUATION = frozenset(" &'’.-")
# Lines between a page's headline and its article region: a byline, a date, a reading time, a share row of one
# network a line ("Artikel teilen", "Facebook", "WhatsApp", "E-Mail", "Link kopieren"), icons' names, a caption.
MAX_LINES_ABOVE_REGION = 20
# A line the page names twice, or its address spells, is looked for among this many first lines: past a masthead,
# a tagline, a menu written one item a line and a date (left-out set 56 of benchmarks/native_pages.py put headlines
# at lines 8 to 14, named by a "<headline> | Site" line or a breadcrumb; only the first seven were looked at).
MAX_NAMED_POSITION = 20
MIN_PAGE_HEADLINE_WORDS = 4
# A first headline-like line sharing less than this share of its words with the story is not its headline when a
# headline-like line under it shares at least MIN_STORY_SHARE, and MIN_SHARE_GAP more (pipeline/text/cohesion.py;
# without a stoplist, a tagline shares the story's "the" and "from").
MAX_UNRELATED_SHARE = 0.34
MIN_STORY_SHARE = 0.5
MIN_SHARE_GAP = 0.4
# A story's first sentence has this many words or more (a short one may be chrome: "Subscribe now."). Its headline's
# words are in its first MAX_STORY_PARAGRAPHS paragraphs; a whole long story shares words with any tagline by chance
# (titles right on left-out sets 49-58 with the whole story: 530; with its first eight paragraphs 540, none lost) and
# takes longer to read.
MIN_STORY_START_WORDS = 8
MAX_STORY_PARAGRAPHS = 8
# Page mode climbs this many lines above the headline it found for one higher up that is about the story; a kicker
# over it has at most MAX_KICKER_WORDS words, the headline under the kicker KICKER_RATIO times as many.
MAX_HEADLINE_CLIMB = 6
MIN_SHARED_HEADLINE_WORDS = 2
MAX_KICKER_WORDS = 7
KICKER_RATIO = 1.5
# A line that names the headline holds besides it at most this many words: a breadcrumb's labels ("Home > Cronaca >"),
# a site's name, "Title:".
MAX_NAMING_WORDS = 6
# A sentence ends inside a line: a caption with its credit ("The school on Tuesday. (Photo: Jane Doe)"), not a headline.
INNER_SENTENCE_END_RE = re.compile(r"[.!?。]\s*(?=[^\W\d_])")
# Characters a headline may start with besides a capital letter or a digit.
HEADLINE_OPENERS = "\"'‘“«„‚¿¡(£$€¥₹"


def is_section_label(line: str, next_line: str, max_words: int) -> bool:
    """A section label or site name above the headline: a few words starting like a headline, no sentence and no
    digits, followed by a longer headline-like line that is not a sentence either. A short headline followed by its
    body is not one.

    >>> is_section_label("World", "Kerry seeks to narrow divisions with Russia", 20)
    True
    >>> is_section_label("Oil rebounds", "Oil prices rose on Monday after a cold snap in the US.", 20)
    False
    >>> is_section_label("Prime minister's questions", "So who, if anyone, is playing politics with it?", 20)
    False
    >>> is_section_label("รัฐบาลประกาศแผนพลังงานใหม่", "รัฐบาลประกาศแผนพลังงานหมุนเวียน โดยตั้งเป้าเพิ่มสัดส่วน", 20)
    False
    >>> is_section_label("清河在线", "老旧小区加装电梯提速 今年计划完成120部", 20)
    True
    """
    # Words as count_words counts them: a Thai or Chinese headline is one whitespace "word", not a three-word label;
    # in a script without spaces three letters a word (_label_words), so a site's name "清河在线" is a label.
    words = _section_words(line)
    return (
        words <= MAX_SECTION_WORDS
        and starts_like_headline(line)
        and _section_words(next_line) > words
        and not ends_sentence(line)
        and not any(char.isdigit() for char in line)
        and looks_like_headline(next_line, max_words)
        and not ends_sentence(next_line)
    )


def _section_words(line: str) -> int:
    """Words of a label or headline: whitespace words, or in a script without spaces :func:`_label_words`."""
    return _label_words(line) if SPACELESS_RE.search(line) else count_words(line, MAX_SECTION_WORDS + 2)


@dataclass(frozen=True)
class HeadlineChoice:
    """What the headline step does to a body: the title, the position of the body paragraph it was taken from
    (None when it came from the title field or there is none), and the positions of chrome lines above the
    headline (or above its repeat) to remove."""

    title: str | None
    taken: int | None
    chrome: tuple[int, ...]


@dataclass(frozen=True)
class SiteNames:
    """What the page's chrome lines (the lines other steps removed: a masthead, a copyright line, a contact line)
    say about the site's name: their keys, and the labels of the domains in them. Built once per article, on the
    first question (most articles never ask: their top lines are title chrome or a headline).

    >>> site = SiteNames.of(["© 2024 The Capitol Ledger. All Rights Reserved."])
    >>> site.names("The Capitol Ledger"), site.names("Blair"), site.names("The")
    (True, False, False)
    >>> SiteNames.of(["Have a news tip? Email tips@capitolledger.com"]).names("The Capitol Ledger")
    True
    """

    chrome_lines: tuple[str, ...]

    @classmethod
    def of(cls, chrome_lines: Sequence[str]) -> SiteNames:
        return cls(tuple(chrome_lines))

    @functools.cached_property
    def keys(self) -> str:
        # One string with each key padded by spaces: a name is looked up with one substring test, and it cannot
        # span two lines since keys hold no newline.
        return "\n".join(f" {headline_key(line)} " for line in self.chrome_lines)

    @functools.cached_property
    def domain_labels(self) -> frozenset[str]:
        labels = (label for line in self.chrome_lines for label in DOMAIN_LABEL_RE.findall(line.casefold()))
        return frozenset(without_accents(label) for label in labels)

    def names(self, segment: str) -> bool:
        """Whether the chrome repeats ``segment`` as a name, or has a domain spelling most of it ("capitolledger"
        for "The Capitol Ledger"): then it is the site's name, told by structure rather than by a word list."""
        key = headline_key(segment)
        if len(key) < MIN_SITE_NAME_CHARS:
            return False
        if f" {key} " in self.keys:
            return True
        # Domains are mostly ASCII: "dunapartihirlap.hu" spells "Dunaparti Hírlap" without its accent.
        compact = without_accents(key.replace(" ", ""))
        return any(label in compact and len(label) >= len(compact) * MIN_DOMAIN_SHARE for label in self.domain_labels)


NO_SITE_NAMES = SiteNames(())


def without_accents(text: str) -> str:
    """``text`` without combining marks (the accents a domain name drops).

    >>> without_accents("dunapartihírlap"), without_accents("łódź")
    ('dunapartihirlap', 'łodz')
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def strip_named_suffix(line: str, site: SiteNames) -> str:
    """``line`` without a trailing site name (:func:`strip_site_suffix`), or without a last segment after a
    separator that the page's chrome names (:meth:`SiteNames.names`).

    >>> site = SiteNames.of(["Wire services | The Capitol Ledger"])
    >>> strip_named_suffix("Giant waves damage economy - The Capitol Ledger", site)
    'Giant waves damage economy'
    >>> strip_named_suffix("Blunkett row should end - Blair", site)
    'Blunkett row should end - Blair'
    """
    stripped = strip_site_suffix(line)
    if stripped != line or site == NO_SITE_NAMES:
        return stripped
    match = SUFFIX_RE.match(line)
    return match.group("head") if match is not None and site.names(match.group("site")) else line


def is_masthead(line: str, site: SiteNames) -> bool:
    """A site's name, alone or before a slogan ("Habari Pwani - Sauti ya Pwani"), when the chrome names the site.

    >>> site = SiteNames.of(["© 2021 Habari Pwani. Haki zote zimehifadhiwa."])
    >>> is_masthead("HABARI PWANI - Sauti ya Pwani", site), is_masthead("Habari Pwani wins an award", site)
    (True, False)
    """
    return site != NO_SITE_NAMES and site.names(SEGMENT_SPLIT_RE.split(line, maxsplit=1)[0])


def _label_words(line: str) -> int:
    """Words of a label or headline: those that hold a letter ("Sport & Freizeit" has two); in a spaceless script
    three letters a word ("新闻" is one, "国际新闻" two: labels there have two to six letters, headlines ten or more).

    >>> _label_words("Sport & Freizeit"), _label_words("新闻"), _label_words("国际新闻")
    (2, 1, 2)
    >>> _label_words("はてなブックマーク")
    3
    """
    spaceless = sum(char.isalnum() for char in SPACELESS_RE.findall(line))
    if spaceless:
        line = SPACELESS_RE.sub(" ", line)
    return (spaceless + 2) // 3 + sum(any(char.isalpha() for char in word) for word in line.split())


def _label_character(char: str) -> bool:
    return is_letter_or_mark(char) or char in MENU_LABEL_PUNCTUATION


def is_menu_label(line: str) -> bool:
    """One item of a menu written one item a line ("Home", "Sport", "Log in"): a few words starting like a headline,
    no digits, no sentence.

    >>> is_menu_label("Home"), is_menu_label("Log in"), is_menu_label("Wales 24 Ireland 18"), is_menu_label("He won.")
    (True, True, False, False)
    >>> is_menu_label("Der Spielplan steht"), is_menu_label("Von dpa/rbo"), is_menu_label("Sport & Freizeit")
    (False, False, True)
    >>> is_menu_label("ข่าว"), is_menu_label("国际新闻"), is_menu_label("东京今天下了大雪")
    (True, True, False)
    """
    return (
        len(line) <= MAX_MENU_LABEL_CHARS
        and _label_words(line) <= MAX_MENU_LABEL_WORDS
        and starts_like_headline(line)
        and all(_label_character(char) for char in line)
        and not ends_sentence(line)
    )


def leading_menu(paragraphs: Sequence[str]) -> int:
    """How many lines open ``paragraphs`` as a menu written one item a line: ``MIN_MENU_LINES`` menu labels or more
    in a row (a single label above a headline is :func:`is_section_label`'s); else 0.

    >>> leading_menu(["Home", "News", "Sport", "Weather", "Council approves flood barrier", "The council voted."])
    4
    >>> leading_menu(["World", "Europe", "Asia", "Council approves flood barrier"])
    0
    """
    run = 0
    for line in paragraphs[:MAX_MENU_LINES]:
        if not is_menu_label(line):
            break
        run += 1
    return run if run >= MIN_MENU_LINES else 0


def named_twice(paragraphs: Sequence[str], lines: range) -> int | None:
    """The position, among ``lines``, of the first line of ``MIN_PAGE_HEADLINE_WORDS`` words or more that a line
    above it holds with a few more words around it: the page names its headline twice, in a breadcrumb trail that ends
    with it, in a title line with the site's name ("Title: <headline> | Site", "<headline> - Site"). None when no line
    is named so.

    >>> page = ["Il Corriere delle Prealpi", "Abbonati", "Home > Cronaca > Il ponte di via Digioni chiude",
    ...         "Il ponte di via Digioni chiude", "Dal 16 marzo il ponte resterà chiuso."]
    >>> named_twice(page, range(5)), named_twice(page, range(3))
    (3, None)
    >>> named_twice(["Title: Ferry timetable cut as council seeks savings | Marrowfield Echo", "Menu",
    ...              "Ferry timetable cut as council seeks savings"], range(3))
    2
    >>> named_twice(["Council seeks savings as ferry timetable is cut, and a long sentence goes on and on",
    ...              "Council seeks savings as ferry"], range(2)) is None
    True
    >>> named_twice(['"We cannot justify running an empty boat," she said.', "We cannot justify running an empty boat"],
    ...             range(2)) is None
    True
    >>> named_twice(["Da Redação — segunda-feira, 22 de outubro de 2019", "segunda-feira, 22 de outubro de 2019"],
    ...             range(2)) is None
    True
    """
    for position in lines:
        line = paragraphs[position]
        if len(line) > MAX_CHROME_CHARS:
            continue
        for above in paragraphs[:position]:
            # The substring test first: most lines are in no line above them. Neither line is a sentence: a quote
            # the page pulls out of a paragraph ('"We cannot wait," she said.') is not its headline.
            if (
                line in above
                and line != above
                and len(above) <= MAX_CHROME_CHARS
                and _label_words(line) >= MIN_PAGE_HEADLINE_WORDS
                and not ends_sentence(line)
                and not ends_sentence(above)
                and _label_words(above.replace(line, " ", 1)) <= MAX_NAMING_WORDS
                and not is_title_chrome(line)  # a date a byline line repeats ("Da Redação — <date>")
            ):
                return position
    return None


def named_by_page(paragraphs: Sequence[str], lines: range) -> int | None:
    """The position, among ``lines``, of the line the page names as its headline: twice (:func:`named_twice`), else
    by its own address (:func:`pipeline.text.slug.named_by_address`); None when it names none."""
    named = named_twice(paragraphs, lines)
    return named_by_address(paragraphs, lines) if named is None else named


def headline_above(
    paragraphs: Sequence[str],
    removed: Sequence[bool],
    first: int,
    max_words: int,
    byline: int | None = None,
    body: Sequence[bool] | None = None,
    stopwords: frozenset[str] = frozenset(),
) -> int | None:
    """The position of a page's headline, above paragraph ``first`` (the first of the page's article region): a line
    the page names twice or its address spells; else the line right above the page's first ``byline`` or dateline
    (its position, when a rule removed one above the region) when it is headline-like; else the nearest headline-like
    line of ``MIN_PAGE_HEADLINE_WORDS`` words or more among the ``MAX_LINES_ABOVE_REGION`` lines above the region,
    with no sentence inside, that no rule ``removed`` (a byline, a date); shorter lines there are menu items, labels,
    icons' names and counters ("Lire plus tard", "12"). A caption or a kicker between the byline and the region looks
    like a headline too (left-out sets 49-56 of benchmarks/native_pages.py: the title was one on 58 pages): from the
    line found, :func:`_topmost_about_the_story` climbs to the topmost line above it that is about the article's
    ``body`` (its paragraphs flagged; the lines from ``first`` that no rule removed when None), the page's
    ``stopwords`` aside. Title chrome (a date line, a byline) is never taken. None when there is none, or when the
    region opens with a headline-like line (its own).

    >>> page = ["Home", "News", "Council approves flood barrier", "By Anna Clarke", "Share", "12",
    ...         "Save for later", "Updated Friday 4 March 2026", "The council voted on Tuesday."]
    >>> headline_above(page, [False] * 7 + [True, False], 8, 20)
    2
    >>> headline_above(page, [False] * 9, 2, 20) is None
    True
    >>> captioned = page[:7] + ["The new flood barrier seen from the river", "The council voted on Tuesday."]
    >>> gone = [False, False, False, True, False, False, False, False, False]
    >>> headline_above(captioned, gone, 8, 20), headline_above(captioned, gone, 8, 20, byline=3)
    (7, 2)
    """
    if looks_like_headline(paragraphs[first], max_words):
        return None
    above = range(max(0, first - MAX_LINES_ABOVE_REGION), first)
    named = named_by_page(paragraphs, above)
    if named is not None and not removed[named]:
        return named
    found = None
    if byline is not None and above.start < byline < first:
        over = next((index for index in range(byline - 1, above.start - 1, -1) if not removed[index]), None)
        if over is not None and _page_headline(paragraphs[over], max_words):
            found = over
    if found is None:
        found = next(
            (
                index
                for index in range(first - 1, above.start - 1, -1)
                if not removed[index] and _page_headline(paragraphs[index], max_words)
            ),
            None,
        )
    if found is None:
        return None
    if body is None:
        body = [index >= first and not gone for index, gone in enumerate(removed)]
    story = Story(line for line, in_body in zip(paragraphs, body, strict=True) if in_body)
    return _topmost_about_the_story(paragraphs, removed, found, first, max_words, story, stopwords)


def _topmost_about_the_story(
    paragraphs: Sequence[str],
    removed: Sequence[bool],
    found: int,
    first: int,
    max_words: int,
    story: Story,
    stopwords: frozenset[str] = frozenset(),
) -> int:
    """The page's headline given ``found``, the headline-like line page mode found nearest above the article's region
    (which opens at ``first``): the topmost headline-like line among the ``MAX_HEADLINE_CLIMB`` lines above it that
    shares half of its words with the story (:mod:`pipeline.text.cohesion`), if any; the lines between a headline and
    its story include captions, standfirsts and pull quotes that look like headlines and are about the story too, and
    the headline comes first (issue 18, stop 54: 55 more titles right on the left-out sets 49-58, 6 fewer). ``story``
    is the article's body (:class:`pipeline.text.cohesion.Story`). A kicker
    over the headline ("Council budget", at most ``MAX_KICKER_WORDS`` words) gives way to the headline under it,
    about the story too and half as long again. The climb stops at a sentence of the story's
    (``MIN_STORY_START_WORDS`` words or more) and at the region's ``MAX_LINES_ABOVE_REGION``.

    >>> page = ["Menu", "Keswick ferry back in service after winter repairs", "By Ann Lee",
    ...         "The repaired ferry at the Keswick pier", "The Keswick ferry is back in service after winter repairs."]
    >>> story = Story(page[4:])
    >>> _topmost_about_the_story(page, [False, False, True, False, False], 3, 4, 20, story)
    1
    >>> kicker = ["Keswick ferry", *page[1:]]
    >>> _topmost_about_the_story(kicker, [False, False, True, False, False], 3, 4, 20, story)
    1
    """
    top = max(0, first - MAX_LINES_ABOVE_REGION, found - MAX_HEADLINE_CLIMB)
    best = found
    for index in range(found - 1, top - 1, -1):
        line = paragraphs[index]
        if removed[index]:
            continue
        if _story_sentence(line):
            break
        if _about_the_story(line, story, max_words, stopwords):
            best = index
    if best == found or _label_words(paragraphs[best]) > MAX_KICKER_WORDS:
        return best
    below = next((index for index in range(best + 1, found + 1) if not removed[index]), found)
    longer = _label_words(paragraphs[below]) >= KICKER_RATIO * _label_words(paragraphs[best])
    return below if longer and _about_the_story(paragraphs[below], story, max_words, stopwords) else best


def _about_the_story(line: str, story: Story, max_words: int, stopwords: frozenset[str] = frozenset()) -> bool:
    """A page's headline-like line, not title chrome, that shares half of its words or more with the ``story``, the
    page's ``stopwords`` aside, and two at least ("Subscribe to All About Space" shares one with a story in space)."""
    if not _page_headline(line, max_words):
        return False
    shared, words = shared_words(line, story, stopwords)
    return shared >= MIN_SHARED_HEADLINE_WORDS and shared >= MIN_STORY_SHARE * words


def _page_headline(line: str, max_words: int) -> bool:
    """:func:`_headline_of_page`, and not title chrome (a date line, a byline, a domain: left-out sets 50, 51, 52 and
    55 of benchmarks/native_pages.py had such a line right above the region taken, so the page had no title)."""
    return _headline_of_page(line, max_words) and not is_title_chrome(line)


def _headline_of_page(line: str, max_words: int) -> bool:
    """A page's headline: headline-like, ``MIN_PAGE_HEADLINE_WORDS`` words or more, no sentence inside, not all in
    brackets (a photo credit: "(Reed Saxon / Associated Press)"; a headline may open with a tag, "(LEAD) ...").

    >>> _headline_of_page("(Reed Saxon / Associated Press)", 20), _headline_of_page("(LEAD) Seoul stocks rise", 20)
    (False, True)
    """
    return not (line.startswith("(") and line.endswith(")")) and _headline_shaped(line, max_words)


def _headline_shaped(line: str, max_words: int) -> bool:
    """Headline-like (:func:`looks_like_headline`), ``MIN_PAGE_HEADLINE_WORDS`` words or more, no sentence inside."""
    return (
        _label_words(line) >= MIN_PAGE_HEADLINE_WORDS
        and looks_like_headline(line, max_words)
        and INNER_SENTENCE_END_RE.search(line) is None
    )


def _short_label(line: str) -> bool:
    """A line that may be a label itself: a word or two starting like a headline, no digits, no sentence."""
    return (
        _section_words(line) <= 2
        and starts_like_headline(line)
        and not ends_sentence(line)
        and not any(char.isdigit() for char in line)
    )


def _leading_chrome(paragraphs: Sequence[str], max_words: int, site: SiteNames) -> int:
    """How many chrome lines (a :func:`leading_menu`, then :func:`is_title_chrome`, :func:`is_masthead`, menu rows,
    :func:`is_section_label` lines) open ``paragraphs``, when a headline-like line follows them; else 0."""
    menu = leading_menu(paragraphs)
    if menu:
        after = _leading_chrome(paragraphs[menu:], max_words, site)
        headline = paragraphs[menu + after] if menu + after < len(paragraphs) else ""
        # The menu's last label may be the section's, right above the headline: a headline must follow.
        return menu + after if looks_like_headline(headline, max_words) and not is_menu_label(headline) else 0
    top = paragraphs[: MAX_LEADING_CHROME + 2]
    known: dict[int, bool] = {}

    def chrome(index: int) -> bool:
        if index not in known:
            line = top[index]
            # Chrome lines are short: a body paragraph is not tested (it would cost more than all the rest).
            known[index] = len(line) <= MAX_CHROME_CHARS and (
                is_title_chrome(line) or is_masthead(line, site) or is_menu_row(line) or is_section_row(line)
            )
        return known[index]

    for index, line in enumerate(top[: MAX_LEADING_CHROME + 1]):
        if chrome(index):
            continue
        # A label may sit above a date or a byline, not only right above the headline; or above another label (a
        # site's name over "Breaking news"), when both stand above a longer headline.
        later = [after for after in range(index + 1, len(top)) if not chrome(after)]
        following = top[later[0]] if later else ""
        if is_section_label(line, following, max_words):
            continue
        if later and _short_label(following):
            headline = next((top[after] for after in later[1:] if not _short_label(top[after])), "")
            if (
                _section_words(headline) >= LABEL_CHAIN_RATIO * _section_words(line)
                and is_section_label(line, headline, max_words)
                and is_section_label(following, headline, max_words)
            ):
                continue
        return index if looks_like_headline(line, max_words) else 0
    return 0


def _first_is_headline(line: str, max_words: int, site: SiteNames) -> bool:
    """Whether a page's first line is its headline when no chrome was found above a headline: it looks like one and
    is not the site's name (a masthead named by the chrome, shorter than a page's headline: a chrome line that
    repeats a headline, "Title: <headline> | Site", names it too)."""
    if not looks_like_headline(line, max_words):
        return False
    return _label_words(line) >= MIN_PAGE_HEADLINE_WORDS or not is_masthead(line, site)


def over_byline(
    paragraphs: Sequence[str], positions: Sequence[int], candidate: int | None, max_words: int
) -> int | None:
    """The first of ``positions`` (the lines right above the page's bylines and datelines, top down) that is the
    headline rather than ``candidate`` (the first headline-like line after the leading chrome, or None): a
    headline-like line of ``MIN_PAGE_HEADLINE_WORDS`` to ``max_words`` words, no sentence inside or above it, not
    title chrome nor all in brackets (:func:`_headline_of_page`), among the first ``MAX_NAMED_POSITION`` lines, and
    the candidate none or not right above it (a headline over its standfirst over the byline, however short, keeps
    the headline). A tagline, a player's prompt or a row of sections above a page's headline looks like one too; the
    byline under it says which is the story's (left-out set 56 of benchmarks/native_pages.py: a Chilean and an
    Italian site). A masthead's date above them all has the site's name or a menu over it: the next byline or
    dateline is tried (left-out set 57: a Belgian and a Bulgarian site).

    >>> page = ["Radio Austral", "Noticias del sur", "Temuco", "Concejo de Temuco aprueba la compra de cuatro buses"]
    >>> over_byline(page, [3], 1, 20), over_byline(page, [3], 2, 20), over_byline(page, [3], None, 20)
    (3, None, 3)
    >>> over_byline(["Council to close the library", "Residents object to the council's plan"], [1], 0, 20) is None
    True
    >>> over_byline(["Home", "News Sport", "Concejo de Temuco aprueba la compra de cuatro buses"], [0, 2], None, 20)
    2
    >>> over_byline(["Home", "(Reed Saxon / Associated Press)"], [1], None, 20) is None  # a photo credit
    True
    """
    for position in positions:
        if position == candidate or position >= MAX_NAMED_POSITION:
            return None
        if any(ends_sentence(above) for above in paragraphs[:position]):
            return None
        line = paragraphs[position]
        if _headline_of_page(line, max_words) and not is_title_chrome(line):
            return position if candidate is None or candidate < position - 1 else None
    return None


def _story_sentence(line: str) -> bool:
    """A sentence of ``MIN_STORY_START_WORDS`` words or more: the story's, not chrome's ("Subscribe now.")."""
    return ends_sentence(line) and count_words(line, MIN_STORY_START_WORDS) >= MIN_STORY_START_WORDS


def _story_start(paragraphs: Sequence[str], after: int) -> int | None:
    """The position of the story's first sentence (:func:`_story_sentence`) after ``after``."""
    return next((index for index in range(after + 1, len(paragraphs)) if _story_sentence(paragraphs[index])), None)


def _headline_lines(paragraphs: Sequence[str], start: int, end: int, max_words: int) -> list[int]:
    """The headline-like lines, not title chrome, from ``start`` to ``end`` (and the first ``MAX_NAMED_POSITION``
    lines), up to the first line longer than a headline: the lines above a headline go as chrome, a lede must not. A
    long row of links or sections, or title chrome, is passed (left-out sets 50, 52 and 55 of
    benchmarks/native_pages.py: a menu row of more than twenty words between a tagline and the headline)."""
    found = []
    for index in range(start, min(end, MAX_NAMED_POSITION)):
        line = paragraphs[index]
        if _page_headline(line, max_words):
            found.append(index)
        elif count_words(line, max_words + 1) > max_words and not _chrome_row(line):
            break
    return found


def _chrome_row(line: str) -> bool:
    """A row of links or of section names, or title chrome: chrome however long.

    >>> _chrome_row("Home | News | Sport | Weather | Culture"), _chrome_row("The council voted on Tuesday.")
    (True, False)
    """
    return is_menu_row(line) or is_section_row(line) or is_title_chrome(line)


def about_the_story(paragraphs: Sequence[str], first: int | None, max_words: int) -> int | None:
    """``first`` (the first headline-like line after the leading chrome, None when there is none), or the
    headline-like line below it that is about the story when ``first`` is not: a headline shares most of its words with
    its story (:mod:`pipeline.text.cohesion`), a site's tagline, a row of sections or a ticker's label taken in its
    place few or none (issue 18, stop 54: the development set's wrong titles were mostly such lines, above the headline
    in 24 of 27 pages). Without ``first``, the first headline-like line that shares half of its words and two at least
    with the story (:func:`_about_the_story`: the pages of left-out sets 53 and 58 whose headline had lines above it
    that are neither chrome nor headlines had no title). The story starts at its first sentence of
    ``MIN_STORY_START_WORDS`` words or more; the headline is looked for above it, among the first
    ``MAX_NAMED_POSITION`` lines, and never below a line longer than a headline (the lines above the headline go as
    chrome: a lede must not).

    >>> page = ["Quotidiano online del Trentino", "Cronaca", "Valanga sotto la Cima Rossola, salvati due scialpinisti",
    ...         "Due scialpinisti sono stati salvati sotto la Cima Rossola dopo la valanga di venerdì."]
    >>> about_the_story(page, 0, 20)
    2
    >>> about_the_story(["Valanga sotto la Cima Rossola", *page[2:]], 0, 20)
    0
    >>> about_the_story(["edizione del mattino", "ore 7", *page[2:]], None, 20)
    2

    A tagline that shares the story's function words and its region's name is still no headline:

    >>> story = "Due scialpinisti del Trentino sono stati salvati sotto la Cima Rossola dopo la valanga del mattino."
    >>> about_the_story([page[0], page[1], page[2], story], 0, 20)
    2
    """
    story_start = _story_start(paragraphs, -1 if first is None else first)
    if story_start is None:
        return first
    later = _headline_lines(paragraphs, 0 if first is None else first + 1, story_start, max_words)
    if not later:
        return first
    story = Story(paragraphs[story_start : story_start + MAX_STORY_PARAGRAPHS])
    if first is None:
        return next((index for index in later if _about_the_story(paragraphs[index], story, max_words)), None)
    # The first line again under it (a page that prints its headline twice) is no other headline.
    first_again = repeat_keys(paragraphs[first])
    shares = {
        index: share
        for index in later
        if not is_repeat(paragraphs[index], first_again)
        and (share := shared_share(paragraphs[index], story)) >= MIN_STORY_SHARE
    }
    if not shares:
        return first
    # A tagline shares the story's function words ("del", "din"); counted without them, one name can be half of a
    # short line's words. The first line is unrelated when either count finds it shares little (issue 18, stop 55:
    # titles +10 on the development and left-out sets; with the stoplist's count alone, two pages' first lines shared
    # more once their function words were left out, and two titles were lost). The stoplist is looked up only when a
    # line under the first could take its place.
    stopwords = prose_stopwords(paragraphs[story_start : story_start + MAX_STORY_PARAGRAPHS])
    share = min(shared_share(paragraphs[first], story), shared_share(paragraphs[first], story, stopwords))
    if share >= MAX_UNRELATED_SHARE:
        return first
    return next((index for index, later_share in shares.items() if later_share >= share + MIN_SHARE_GAP), first)


def choose_headline(
    title: str | None,
    paragraphs: Sequence[str],
    max_words: int,
    detect: bool = True,
    chrome_lines: Sequence[str] = (),
    above_bylines: Sequence[int] = (),
) -> HeadlineChoice:
    """The headline of an article whose title field is ``title`` (None when absent) and whose body is
    ``paragraphs``, and the chrome above it.

    The title field is taken unless it is chrome (a breadcrumb, a date line, a byline, a domain, or a section label
    that the body shows above its headline). Else, with ``detect``, the first headline-like paragraph after the leading
    chrome is taken, site suffix removed; chrome lines are never the title. Chrome above the headline, or above a
    repeat of the title field, is returned for removal. ``chrome_lines`` are the lines other steps removed from the
    text: a name they repeat is the site's (a masthead above the headline, a suffix after it). ``above_bylines`` are
    the positions of the lines right above the bylines and datelines that a rule removed (:func:`over_byline`).

    >>> body = ["Accueil › Économie › Monde", "Le pétrole rebondit après la tempête", "Les prix ont monté."]
    >>> choose_headline(None, body, 20)
    HeadlineChoice(title='Le pétrole rebondit après la tempête', taken=1, chrome=(0,))
    >>> choose_headline("Home > Business > World", body, 20).title
    'Le pétrole rebondit après la tempête'
    >>> choose_headline("Oil rebounds", ["World", "Oil rebounds", "Prices rose."], 20)
    HeadlineChoice(title='Oil rebounds', taken=None, chrome=(0,))
    >>> choose_headline("World", ["World", "Oil rebounds after the storm", "Prices rose."], 20).title
    'Oil rebounds after the storm'
    >>> choose_headline("Oil", ["Oil rebounds after the storm", "Prices rose."], 20).title
    'Oil'
    >>> choose_headline(None, ["Home > World > Europe", "Prices rose."], 20)
    HeadlineChoice(title=None, taken=None, chrome=())
    """
    site = SiteNames.of(chrome_lines) if chrome_lines else NO_SITE_NAMES
    chrome = _leading_chrome(paragraphs, max_words, site)
    # A line the page names twice above it is the headline, whatever chrome the lines above it are; but not below a
    # sentence, which would go with them.
    named = named_by_page(paragraphs, range(chrome + 1, min(len(paragraphs), MAX_NAMED_POSITION)))
    first = chrome if chrome or (paragraphs and _first_is_headline(paragraphs[0], max_words, site)) else None
    if named is not None and not any(ends_sentence(line) for line in paragraphs[:named]):
        first = chrome = named
    elif (bylined := over_byline(paragraphs, above_bylines, first, max_words)) is not None:
        first = chrome = bylined
    elif (about := about_the_story(paragraphs, first, max_words)) is not None:
        first = chrome = about
    candidate = None if first is None else paragraphs[first]
    if title is not None and not is_title_chrome(title):
        keys = repeat_keys(title)
        # A label in the field is told from a short headline by the page: it is also among the lines above the
        # body's headline.
        label_above = (
            candidate is not None
            and is_section_label(title, candidate, max_words)
            and not is_repeat(candidate, keys)
            and headline_key(title) in {headline_key(line) for line in paragraphs[:chrome]}
        )
        if not label_above:
            above_repeat = chrome and candidate is not None and is_repeat(candidate, keys)
            return HeadlineChoice(title, None, tuple(range(chrome)) if above_repeat else ())
    if not detect or candidate is None or is_title_chrome(candidate):
        return HeadlineChoice(None, None, ())
    return HeadlineChoice(strip_named_suffix(candidate, site), chrome, tuple(range(chrome)))
