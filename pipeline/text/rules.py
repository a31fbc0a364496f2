"""The registry of boilerplate line rules, looked up by the name used in ``cleaning.rules``.

A rule judges one whole paragraph (hard wraps are undone before rules run) and says whether it is boilerplate. Rules
describe *kinds* of boilerplate (an ad marker, a contact footer, a dateline), never a particular site's strings, and
each is written so that a real article sentence merely mentioning the same words survives: most match the whole line
(``fullmatch``), are limited to short lines, and refuse lines that read as a sentence.

A rule may also head a teaser list ("You may also like:"): the headline-like lines under it are removed with it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from pipeline.core.scripts import is_caseless, is_letter_or_mark
from pipeline.text.copyright import is_copyright_notice
from pipeline.text.lexicon import load_lexicon
from pipeline.text.locale_data import has_day_and_month, is_local_datetime, is_relative_time
from pipeline.text.sentences import SCRIPT_FULL_STOPS

# Boilerplate lines are short: the longest seen in the republished benchmark is a 20-word, 126-character syndication
# notice. A rule that judges by its opening words alone only fires on lines up to this many words (and characters,
# a cheap first test on long paragraphs), so a long sentence that starts the same way survives.
MAX_BOILERPLATE_WORDS = 25
MAX_BOILERPLATE_CHARS = 250
# Teaser headlines listed under "You may also like:" etc. are short; BBC headlines have at most 12 words.
MAX_TEASER_WORDS = 15
# A teaser headline has at least three words ("Ireland 21-19 Argentina"); shorter trailing lines are sports data
# (attendance "8,661", referee "K Clark") at the end of a match report.
MIN_TEASER_WORDS = 3
# Sites list three to six teasers; more than 10 headline-like lines in a row is article content (a list).
MAX_TEASER_LINES = 10

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?"
    r"|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"
_DATE = (
    rf"(?:(?:{_WEEKDAY} )?(?:\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}))"
)
_TIME = r"(?:\d{1,2}[:.]\d{2}(?::\d{2})?(?: ?[AaPp]\.?[Mm]\.?)?(?: [A-Z]{2,4})?)"
_DATE_PREFIX = r"(?:(?:Published|Updated|Last updated|Posted|Modified|First published)(?: on| at)?:? )"
# One segment of a meta line: a date and/or time, optionally introduced by "Published", "Updated"...
DATE_SEGMENT_RE = re.compile(
    rf"{_DATE_PREFIX}?(?:{_TIME},? {_DATE}|{_DATE}(?:,? (?:at )?{_TIME})?|{_TIME})", re.IGNORECASE
)
# "Publié le", "Aktualisiert am", ... before a date in another language (pipeline/data/chrome/published.tsv).
LOCAL_DATE_PREFIX_RE = re.compile(
    "(?:"
    + "|".join(re.escape(text) for text in sorted({p.text for p in load_lexicon("published").phrases}, key=len)[::-1])
    + r")\s*:?\s+",
    re.IGNORECASE,
)
# An agency's signature: two to five groups of initials joined by slashes, perhaps in brackets ("hjl/mrc/APQ").
SIGNATURE_RE = re.compile(r"\(?[^\W\d_]{2,5}(?:/[^\W\d_]{2,5}){1,4}\)?")
MAX_SIGNATURE_CHARS = 30
# Slashed pairs that are words or units, not initials.
NOT_INITIALS = frozenset({"and", "or", "he", "she", "his", "her", "km", "h", "yes", "no", "und", "oder", "et", "ou"})
# A wire dateline alone: a place in capitals, a date after a comma, and the agency in brackets or after a dash.
WIRE_DATELINE_RE = re.compile(
    r"(?P<place>[^\W\d_](?:[^\W\d_]|[' .-]){1,30}?)(?:,\s*(?P<date>[^()\-–—]{3,40}?))?\s*"
    r"(?:\((?P<agency>[^()]{1,40})\)\s*[-–—]?|[-–—]\s*(?P<named>[^\W\d_][\w .&-]{1,30}?)\.?)"
)
MAX_WIRE_DATELINE_WORDS = 12
# Agency initials in brackets may be lower case ("apn", "afp"); longer lower-case words are not a name.
MAX_AGENCY_INITIALS = 4
# An engagement counter: "7 Comments", "3 views", "1.2k shares".
COUNTER_SEGMENT_RE = re.compile(
    r"\d[\d,.]*[kKmM]? (?:comments?|views?|shares?|reads?|likes?|reactions?|replies|responses)", re.IGNORECASE
)
# A byline or credit: "By Staff Writer", "By Naija Newswire Staff", "Source: BBC News", "Reporting by Jane Doe".
_NAME_WORD = r"(?:[A-Z][\w.'&+-]*|and|&|of|the|de|van|von)"
BYLINE_SEGMENT_RE = re.compile(
    rf"(?:By|BY|Written by|Reporting by|Words by|Story by) {_NAME_WORD}(?: {_NAME_WORD}){{0,5}}"
    rf"|(?:Source|Sources|Via|Credit|Photo|Image|Picture)s?: [A-Z][\w.'&+-]*(?: {_NAME_WORD}){{0,5}}"
)
# Separators between segments of meta and navigation lines.
SEGMENT_SPLIT_RE = re.compile(r"\s+[|•·»›>/]\s+|\s+[-–—]\s+")
NAV_SPLIT_RE = re.compile(r"\s*[|•·»›>]\s*")
# A labelled list of sections or tags: "Tags: Politics, Elections", "Filed under: World".
TAGS_RE = re.compile(
    r"(?:tags|tagged|topics|filed under|categories|category|sections?)\s*:\s*[^.!?]{1,120}", re.IGNORECASE
)
# A row of hashtags only ("#Brexit #UKPolitics", "#給食費 #無償化 #静岡市"): a tag list in any language.
HASHTAG_ROW_RE = re.compile(r"#\w[\w-]*(?:[\s,]+#\w[\w-]*)+")
# A navigation segment: a short Title-case or UPPER label ("Home", "Entertainment", "WIREFEED+", "Top Stories").
NAV_SEGMENT_RE = re.compile(r"[A-Z0-9][\w&'+.-]*(?: (?:[A-Z0-9&][\w&'+.-]*|and|of|&)){0,3}")

AD_MARKER_RE = re.compile(
    r"[\W_]*(?:advertisements?|advertisment|advertising|sponsored(?: content| post| links?)?|paid content"
    r"|promoted(?: content| stories)?|ad|ads by \w+|(?:story|article|text) continues (?:below|after)(?: (?:this )?"
    r"(?:advertisement|ad))?|continue reading(?: (?:below|the main story))?"
    r"|scroll (?:down )?to continue(?: with content)?)"
    r"[\W_]*",
    re.IGNORECASE,
)
# Labels of sponsored-content slots: the short headline-like lines right under them are the sponsored teasers. Not
# "Advertisement": an ad placeholder sits between article paragraphs, and the short line after it is often a subhead.
SPONSORED_LABEL_RE = re.compile(
    r"[\W_]*(?:sponsored(?: content| post| links?| stories)?|paid (?:content|post)|promoted(?: content| stories)?"
    r"|partner content|from our partners)[\W_]*",
    re.IGNORECASE,
)
# A phone number (at least 7 digits, spaces/dashes/brackets between groups) or an e-mail address. Not inside an amount
# with thousands separators ("62,300 - 62,450" is a price range; "300 - 62" is not a number of it).
PHONE_RE = re.compile(r"(?<![\d,])\+?\(?\d[\d ()./-]{5,}\d(?!,\d)")
# An amount grouped in thousands by dots ("1.800.000"), which PHONE_RE's separators also spell.
AMOUNT_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
CONTACT_CUE_RE = re.compile(
    r"(?:connect with us|contact us|call(?: or (?:text|whatsapp))?(?:/\w+)?(?: us)?|whatsapp|text us|e-?mail us"
    r"|reach us|send (?:us )?your (?:news )?(?:tips?|stories|stor(?:y|ies)|news)|news ?tips?|tip ?line|hotline"
    r"|newsroom(?: hotline)?|got a (?:news )?(?:story|tip)|have a (?:news )?(?:story|tip)|for (?:feedback|enquiries"
    r"|inquiries|advertising|adverts?)|advertise with us|phone|tel|mobile)\b",
    re.IGNORECASE,
)
SENTENCE_END_RE = re.compile(r"[.!][\"')\]]*$")
# A sentence's final full stop, but not an ellipsis: "Rivals of the £400 Apple..." is a headline.
FINAL_PERIOD_RE = re.compile(rf"(?:(?<!\.)\.|[{SCRIPT_FULL_STOPS}])[\"')\]」』]*$")
SHARE_PROMPT_RE = re.compile(
    r"(?:share (?:this(?: (?:story|article|post|page))?|it|on|via|with)\b|share:"
    r"|(?:like|liked|enjoy|enjoyed|love|loved) (?:reading )?this (?:story|article|post)\?"
    r"|follow (?:us|@?[A-Z][\w]*(?: [A-Z][\w]*){0,3}) on \w+|find us on \w+|like us on \w+"
    r"|join (?:us|our) (?:\w+ ){0,3}(?:channel|group|community|newsletter|page) ?\b"
    r"|(?:subscribe|sign up|register)(?: now| today| free| for free)? (?:to|for) (?:our|the) (?:\w+ ){0,3}"
    r"(?:newsletter|channel|alerts|updates|briefing)\b|download (?:our|the) app\b|click here\b|tap here\b"
    r"|get the latest .* on (?:our|the) app)",
    re.IGNORECASE,
)
# Social network names and separators: a line of nothing else is a row of share buttons.
SOCIAL_ONLY_RE = re.compile(
    r"(?:(?:share|tweet|pin|email|e-mail|print|copy link|on|via|facebook|twitter|x|whatsapp|telegram|linkedin|reddit"
    r"|pinterest|instagram|youtube|tiktok|google news|messenger)[\s|•·:,/-]*){2,}",
    re.IGNORECASE,
)
SYNDICATION_RE = re.compile(
    r"\(?(?:except for the headline,? )?this (?:story|article|report) (?:has not been|was not|is not) edited by .{0,60}"
    r"(?:published|generated|sourced) from an? (?:syndicated|automated|agency|wire)(?: news)? feed\.?\)?"
    r"|\(?this (?:story|article) (?:is|was) (?:auto-generated|published) from an? (?:syndicated|agency|wire)"
    r"(?: news)? feed\.?\)?",
    re.IGNORECASE,
)
READ_MORE_RE = re.compile(
    r"(?:read more|read also|also read|more to read|see also|related(?: stories| articles| news| content)?"
    r"|more stories|more news|recommended(?: for you| stories)?|trending(?: now)?|most (?:read|popular)"
    r"|you (?:may|might|could) also like|don't miss|do not miss|what to read next|editor's picks|top stories"
    r"|more from [A-Z][\w ]{0,30}|popular on [A-Z][\w ]{0,30})\s*(?:[:»>|]|-{1,2}|–|—)\s*(.*)",
    re.IGNORECASE,
)
PUNCTUATION_ONLY_RE = re.compile(r"[\W_]*")
# Headlines start with a capital, digit, currency sign or quote, or a camel-case brand ("iTunes", "eBay").
HEADLINE_START_RE = re.compile(r"[\"'‘“(A-Z0-9£$€]|[a-z]{1,3}[A-Z]")


@dataclass(frozen=True)
class LineRule:
    """A named boilerplate rule: ``matches(line)`` says whether a paragraph is boilerplate of this kind;
    ``heads_list(line)`` whether it also introduces a list of teaser headlines to remove with it.

    A ``footer_only`` rule judges lines that are harmless in the body but boilerplate in the footer (the trailing run
    of paragraphs that other rules removed, e.g. bare teaser headlines between a share prompt and the copyright
    line); it fires only there.
    """

    name: str
    description: str
    matches: Callable[[str], bool]
    heads_list: Callable[[str], bool] | None = None
    footer_only: bool = False
    reason: Callable[[str], str] | None = None

    def label(self, line: str) -> str:
        """What the removal ledger and ``explain`` show for a line this rule removed: the rule's name, with the
        ``reason`` it gives for ``line`` in brackets when it gives one ("chrome[ad/fr]"; not for the teaser
        headlines under a list heading, which the rule itself does not match).

        >>> RULES["ad_marker"].label("Advertisement"), RULES["chrome"].label("Anzeige")
        ('ad_marker', 'chrome[ad/de]')
        """
        reason = self.reason(line) if self.reason is not None else ""
        return f"{self.name}[{reason}]" if reason else self.name


RULES: dict[str, LineRule] = {}


def _register(
    name: str,
    description: str,
    heads_list: Callable[[str], bool] | None = None,
    footer_only: bool = False,
    reason: Callable[[str], str] | None = None,
) -> Callable[[Callable[[str], bool]], Callable[[str], bool]]:
    def add(matches: Callable[[str], bool]) -> Callable[[str], bool]:
        RULES[name] = LineRule(name, description, matches, heads_list, footer_only, reason)
        return matches

    return add


# Most rules first ask whether a line is short (is_short), so a short line would be split into words 6 times.
@functools.lru_cache(maxsize=256)
def word_count(line: str) -> int:
    """Whitespace-separated words.

    >>> word_count("Share this story")
    3
    """
    return len(line.split())


def is_short(line: str, max_words: int = MAX_BOILERPLATE_WORDS) -> bool:
    """True for lines of at most ``max_words`` words.

    >>> is_short("Advertisement"), is_short("word " * 30)
    (True, False)
    """
    return len(line) <= MAX_BOILERPLATE_CHARS and word_count(line) <= max_words


def looks_like_teaser(line: str) -> bool:
    """A short headline-like line: capitalised start, no sentence-final full stop.

    >>> looks_like_teaser("Borussia Dortmund near bust"), looks_like_teaser("He said it was over.")
    (True, False)
    >>> looks_like_teaser("iTunes now selling Band Aid song"), looks_like_teaser("Rivals of the £400 Apple...")
    (True, True)

    A capital of any script, or a letter of a script without case, starts one too:

    >>> looks_like_teaser("Çeşme'de konut fiyatları yüzde 40 arttı"), looks_like_teaser("На Бору открылась поликлиника")
    (True, True)
    >>> looks_like_teaser("上海试点助餐服务点进楼宇"), looks_like_teaser("他说这个问题已经存在多年。")
    (True, False)
    """
    return (
        is_short(line, MAX_TEASER_WORDS)
        and (HEADLINE_START_RE.match(line) is not None or line[:1].isupper() or is_caseless(line[:1]))
        and not FINAL_PERIOD_RE.search(line)
        and not line.endswith((":", ",", "：", "，"))
    )


@_register("punctuation_only", "lines of only punctuation, symbols or spaces (separators, stray bullets)")
def punctuation_only(line: str) -> bool:
    """
    >>> punctuation_only("* * *"), punctuation_only("- 2 -")
    (True, False)
    """
    return PUNCTUATION_ONLY_RE.fullmatch(line) is not None


def _heads_sponsored_list(line: str) -> bool:
    return SPONSORED_LABEL_RE.fullmatch(line) is not None


@_register(
    "ad_marker",
    "ad placeholders: 'Advertisement', '- Advertisement -', 'Story continues below'; 'Sponsored' with its teasers",
    heads_list=_heads_sponsored_list,
)
def ad_marker(line: str) -> bool:
    """
    >>> ad_marker("- Advertisement -"), ad_marker("The advertisement campaign cost £2m.")
    (True, False)
    """
    return AD_MARKER_RE.fullmatch(line) is not None


def has_phone_or_email(line: str) -> bool:
    """Whether ``line`` has an e-mail address (``EMAIL_RE``, slow on long words, only runs when there is an "@") or
    a phone number (``PHONE_RE``, not an amount grouped in thousands).

    >>> has_phone_or_email("Call 0809 797 3771"), has_phone_or_email("news@example.com"), has_phone_or_email("@x")
    (True, True, False)
    >>> has_phone_or_email("Gold: 62,300 - 62,450"), has_phone_or_email("Budget: 1.800.000 euros")
    (False, False)
    """
    if "@" in line and EMAIL_RE.search(line) is not None:
        return True
    return any(AMOUNT_RE.fullmatch(match) is None for match in PHONE_RE.findall(line))


@_register("contact_footer", "phone/e-mail footers: 'Connect With Us : 024...', 'Send your news tips to 0798...'")
def contact_footer(line: str) -> bool:
    """A short line with a phone number or e-mail address that opens with a contact cue or is mostly digits.

    >>> contact_footer("Call/WhatsApp our newsroom: 0809 797 3771")
    True
    >>> contact_footer("Call 0800 555 0199 for advice, the council said.")
    False
    """
    if not is_short(line) or SENTENCE_END_RE.search(line) or not has_phone_or_email(line):
        return False
    if CONTACT_CUE_RE.match(line):
        return True
    # A row of numbers: "0242202447 | 0551484843". Vowel signs are letters' parts (Devanagari "सोना" is four).
    letters = sum(map(is_letter_or_mark, line))
    return letters < len(line) / 4


@_register("share_prompt", "share/follow/subscribe prompts and rows of share buttons")
def share_prompt(line: str) -> bool:
    """
    >>> share_prompt("Like this story? Share it with your friends!")
    True
    >>> share_prompt("He said readers could share their views on Facebook.")
    False
    """
    if not is_short(line):
        return False
    return SHARE_PROMPT_RE.match(line) is not None or SOCIAL_ONLY_RE.fullmatch(line) is not None


@_register("copyright", "copyright lines: '© 2019 Site', 'Copyright © 2022 X. All rights reserved.'")
def copyright_line(line: str) -> bool:
    """
    >>> copyright_line("All rights reserved. Daily Pulse Online 2019")
    True
    >>> copyright_line("Copyright law was changed in 2003, he said.")
    False
    """
    return is_short(line) and is_copyright_notice(line)


def segments(line: str) -> list[str]:
    """The parts of a meta line between separators.

    >>> segments("Posted in Politics · 3 replies")
    ['Posted in Politics', '3 replies']
    """
    return [segment.strip() for segment in SEGMENT_SPLIT_RE.split(line) if segment.strip()]


def is_date_segment(segment: str) -> bool:
    """A date and/or time, in English or (CLDR patterns, :mod:`pipeline.text.locale_data`) in another language,
    optionally after "Published", "Publié le", "Aktualisiert am"...

    >>> is_date_segment("Updated: Sep. 5, 2021, 09:15 IST"), is_date_segment("Publié le 5 mars 2021 à 14h30")
    (True, True)
    >>> is_date_segment("Aktualisiert: 05.03.2021, 14:30 Uhr"), is_date_segment("Publié le rapport")
    (True, False)
    """
    if DATE_SEGMENT_RE.fullmatch(segment):
        return True
    prefix = LOCAL_DATE_PREFIX_RE.match(segment)
    rest = segment[prefix.end() :] if prefix else segment
    return is_local_datetime(rest) or is_relative_time(rest)


# Three rules in a row (engagement_count, dateline, byline) ask for the kinds of the same line.
@functools.lru_cache(maxsize=256)
def _meta_kinds(line: str) -> frozenset[str] | None:
    """The kinds of the ``|``-separated segments of a meta line, or None when a segment is not meta.

    >>> sorted(_meta_kinds("Published 19 February 2022 | 7 Comments") or ())
    ['counter', 'date']
    >>> _meta_kinds("Prices rose 5% on 3 May 2021")
    """
    if not is_short(line):
        return None
    kinds: set[str] = set()
    for segment in segments(line):
        if COUNTER_SEGMENT_RE.fullmatch(segment):
            kinds.add("counter")
        elif is_date_segment(segment):
            kinds.add("date")
        elif BYLINE_SEGMENT_RE.fullmatch(segment):
            kinds.add("byline")
        else:
            return None
    return frozenset(kinds)


@_register("engagement_count", "comment, view and share counters: '7 Comments', '3 views'")
def engagement_count(line: str) -> bool:
    """
    >>> engagement_count("3 views"), engagement_count("3 views were expressed at the meeting.")
    (True, False)
    """
    return _meta_kinds(line) == {"counter"}


def wire_dateline(line: str) -> bool:
    """A news agency's dateline alone on its line: a place in capitals, a date, the agency ("CAHORS, 6 mars 2026
    (Agence Presse Quercy) -", "КИРОВСК, 2 марта - Север-Пресс.", without a date "LONDON (Reuters) -"). Opening the
    first paragraph, as wire copy writes it, it is part of the story's line and stays.

    >>> wire_dateline("BAYRISCHZELL (apn) -"), wire_dateline("CAHORS, 6 mars 2026 (Agence Presse Quercy) -")
    (True, True)
    >>> wire_dateline("КИРОВСК, 2 марта - Север-Пресс."), wire_dateline("NATO (the alliance) -")
    (True, False)
    >>> wire_dateline("FATAL FORCE (MACROSPACE)")  # a list item: a game and its maker
    False
    >>> wire_dateline("KONYA (MA) - Konya'nın Karapınar ilçesinde yeni bir obruk oluştu.")
    False
    """
    # The place in capitals opens the line: most lines are let go on their first two characters.
    if not line[:2].isupper() or not is_short(line, MAX_WIRE_DATELINE_WORDS):
        return False
    match = WIRE_DATELINE_RE.fullmatch(line)
    if match is None or not match.group("place").isupper():
        return False
    date = match.group("date")
    if date is not None:
        return is_date_segment(date) or has_day_and_month(date)
    # Without a date, the dash after the agency makes it a dateline: a list in capitals names things the same way
    # ("FATAL FORCE (MACROSPACE)", a game and its maker); and the agency is a name or initials ("apn"), not words.
    agency = match.group("agency")
    return (
        agency is not None
        and line.rstrip()[-1:] in "-–—"
        and (agency[:1].isupper() or (agency.isalpha() and len(agency) <= MAX_AGENCY_INITIALS))
    )


@_register("dateline", "date/time lines: '09:08, 2 June 2021', 'Updated: Sep. 5, 2021, 09:15 IST', 'Published ...'")
def dateline(line: str) -> bool:
    """
    >>> dateline("Updated: Sep. 5, 2021, 09:15 IST"), dateline("On 5 September 2021 the talks collapsed.")
    (True, False)
    """
    kinds = _meta_kinds(line)
    return (kinds is not None and "date" in kinds and "byline" not in kinds) or wire_dateline(line)


@_register("byline", "bylines and credits: 'By Staff Writer | Dec. 14, 2021', 'Source: BBC News | 9 August 2021'")
def byline(line: str) -> bool:
    """
    >>> byline("By Naija Newswire Staff"), byline("By the end of the year, prices had doubled.")
    (True, False)

    Agencies sign copy with the initials of its writers and editors: "hjl/mrc/APQ", "(afz/rdp)".

    >>> byline("apn/mk"), byline("(afz/rdp)"), byline("and/or"), byline("km/h")
    (True, True, False, False)
    """
    if len(line) <= MAX_SIGNATURE_CHARS and "/" in line and (signature := SIGNATURE_RE.fullmatch(line)) is not None:
        return len(set(signature.group(0).strip("() ").casefold().split("/")) & NOT_INITIALS) == 0
    kinds = _meta_kinds(line)
    return kinds is not None and "byline" in kinds


@_register("syndication_notice", "'(Except for the headline, this story has not been edited by ... syndicated feed.)'")
def syndication_notice(line: str) -> bool:
    """
    >>> syndication_notice("(This story is auto-generated from a syndicated feed.)")
    True
    >>> syndication_notice("The agency said the story came from a syndicated feed.")
    False
    """
    return is_short(line) and SYNDICATION_RE.fullmatch(line) is not None


@_register(
    "site_navigation", "navigation, breadcrumb and tag rows: 'Home » News » Politics', 'Tags: Oil, Opec', '#Brexit #EU'"
)
def site_navigation(line: str) -> bool:
    """Three or more short Title-case labels separated by ``|``, ``»``, ``›``, ``>`` or bullets, or a tag list.

    >>> site_navigation("Breaking | Politics | Business | Sports | Entertainment")
    True
    >>> site_navigation("Ferguson fears Milan cutting edge | Metro Digest")
    False
    >>> site_navigation("#給食費 #無償化 #静岡市"), site_navigation("#Brexit: the deal explained")
    (True, False)
    """
    if not is_short(line) or SENTENCE_END_RE.search(line):
        return False
    if TAGS_RE.fullmatch(line) or HASHTAG_ROW_RE.fullmatch(line):
        return True
    segments = [segment for segment in NAV_SPLIT_RE.split(line) if segment]
    # Three labels at least: "Headline | Site" has two, and headlines are not made of Title-case labels only.
    return len(segments) >= 3 and all(NAV_SEGMENT_RE.fullmatch(segment) for segment in segments)


def _heads_teaser_list(line: str) -> bool:
    match = READ_MORE_RE.fullmatch(line)
    return match is not None and not match.group(1)


@_register(
    "read_more",
    "'Read more: <headline>' / 'Also Read: ...' teasers, and 'You may also like:' blocks with their headlines",
    heads_list=_heads_teaser_list,
)
def read_more(line: str) -> bool:
    """A teaser label, alone or followed by one headline.

    >>> read_more("READ MORE: 'No more concessions' on terror"), read_more("You may also like:")
    (True, True)
    >>> read_more("Read more about it in the report, which was published on Monday, the minister said.")
    False
    """
    match = READ_MORE_RE.fullmatch(line)
    if match is None:
        return False
    rest = match.group(1)
    return not rest or looks_like_teaser(rest) or (is_short(rest, MAX_TEASER_WORDS) and "http" in rest)


@_register(
    "footer_teaser",
    "bare headlines of other stories in the footer (after the body, among removed lines), without a label",
    footer_only=True,
)
def footer_teaser(line: str) -> bool:
    """A headline-like line; the rule only fires in the footer, see :func:`pipeline.text.boilerplate.strip_boilerplate`.

    >>> footer_teaser("Ireland 21-19 Argentina"), footer_teaser("The match ended 21-19."), footer_teaser("K Clark")
    (True, False, False)
    """
    return looks_like_teaser(line) and word_count(line) >= MIN_TEASER_WORDS


class UnknownRuleError(ValueError):
    """A rule name that is not in the registry."""


def resolve_rules(names: Iterable[str], registry: Mapping[str, LineRule] = RULES) -> tuple[LineRule, ...]:
    """The rules called ``names``, in that order.

    >>> [rule.name for rule in resolve_rules(["ad_marker", "copyright"])]
    ['ad_marker', 'copyright']
    >>> resolve_rules(["ad_markers"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pipeline.text.rules.UnknownRuleError: unknown cleaning rule 'ad_markers' (known: ad_marker, byline, ...
    """
    rules = []
    for name in names:
        if name not in registry:
            raise UnknownRuleError(
                f"unknown cleaning rule {name!r} (known: {', '.join(sorted(registry))}): fix the name in cleaning.rules"
            )
        rules.append(registry[name])
    return tuple(rules)


# The chrome scorer (pipeline/text/chrome.py) builds on the helpers above and registers its rule on import.
from pipeline.text import chrome as _chrome  # noqa: E402, F401
