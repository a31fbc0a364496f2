"""The ``chrome`` rule: page chrome in any of the lexicons' languages, scored from a phrase and the line's structure.

A line is chrome when it opens with a phrase of one of the multilingual lexicons (:mod:`pipeline.text.lexicon`:
ad markers, share buttons, comment/view counters, newsroom contacts, "read also" labels, audio widgets, newsletter
and cookie prompts, editor's notes) *and* what follows the phrase has the shape that kind of chrome has:

* ad: nothing ("Publicité", "- Anzeige -");
* share: only share words and network names ("Partager sur Facebook Twitter");
* counter: every part between separators is a counter ("12 commentaires"), a date, or one short label
  ("Publié dans Politique · 3 réponses");
* contact: a phone number or e-mail address, or nothing after a phrase of two words or more;
* related: a separator and a headline-like tail ("Lire aussi : Le gouvernement ..."), or nothing (the label then
  heads a list of teaser headlines, removed with it); the separator may be missing after a label in capitals;
* listen: nothing or a duration ("Écouter cet article (4 min)");
* newsletter: nothing, or after a phrase of two words or more a few words (a sentence after one of three or more:
  "Jiunge na jarida letu upate habari kila asubuhi.");
* cookie: nothing, or for a phrase that opens a banner sentence (marked `` …`` in the lexicon) the rest of it;
* byline: a person or desk ("Par Jean Dupont", "Oleh Redaksi": 1-5 capitalised words, particles such as "de", "van",
  "da" between them), then optionally after "|", "-", "·" or "," a date or time, a place or agency in capitals, or
  another byline ("Reporter: Agus Santoso | Editor: Tim Redaksi"); a phrase written with a colon ("Autor:") needs it;
* tags: short labels separated by ",", "·", "|", "/" or ";" ("Archivado en: Economía, Política"), each capitalised
  when no colon follows the phrase, so "Tags were found on the birds." and "Themen des Tages" are sentences;
* note: a separator and the note, or for a phrase marked `` …`` the rest of its sentence (recognised, but not
  removed by the rule: see RULE_KINDS).

Everything else about the line is the same for every kind: it is short (a cookie banner or an editor's note may be
longer), and it starts with the phrase itself (after bullets and dashes; a line in capitals is matched without
accents, as "PUBLICITE" and "ΔΙΑΦΗΜΙΣΗ" are written), not with a quotation mark, so a quoted sentence survives. A real
sentence that merely contains the same words ("Die Anzeige wurde am Montag erstattet.") has a tail none of these
shapes allow. The rule's reason ("related/fr") names the kind and the languages of the phrase that matched; the
removal ledger and ``newsclean explain`` show it as ``chrome[related/fr]``; counters stay ``line-removed:chrome``.

Cost: a body paragraph costs one dictionary look-up of its first word (a long one a set look-up of its first three
characters), so the rule adds about 0.4 µs to a long paragraph; the phrases' tails are only looked at for lines that
open with a phrase.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pipeline.core.scripts import is_caseless, is_letter_or_mark, is_spaceless
from pipeline.text.follow import NETWORK_STEMS, is_call_to_follow
from pipeline.text.lexicon import CHROME_KINDS, Phrase, by_text, load_lexicon, without_accents
from pipeline.text.locale_data import DIGIT_RE, list_conjunctions, minute_units, prefixed_conjunctions
from pipeline.text.rules import (
    FINAL_PERIOD_RE,
    MAX_BOILERPLATE_CHARS,
    MAX_BOILERPLATE_WORDS,
    MAX_TEASER_WORDS,
    SENTENCE_END_RE,
    _register,
    has_phone_or_email,
    is_date_segment,
    is_short,
    segments,
    word_count,
)
from pipeline.text.sentences import SCRIPT_FULL_STOPS, line_end_re

# Cookie banners and editor's notes run to a few sentences: of the 16 banners in the AEB dev pages' text 10 have at
# most 36 words, the longest 97 words (571 characters). Every other kind of chrome is a short line
# (MAX_BOILERPLATE_WORDS).
MAX_LONG_CHROME_WORDS = 100
MAX_LONG_CHROME_CHARS = 700
LONG_KINDS = frozenset({"cookie", "note"})
# Words a newsletter prompt may have after its phrase ("... gratuite et recevez l'essentiel chaque matin").
MAX_NEWSLETTER_TAIL_WORDS = 12
# A sign-up prompt of this many words ("Jiunge na jarida letu", "Subscribe to our newsletter") may be followed by a
# sentence ("... upate habari kila asubuhi."); a shorter phrase ("Newsletter abonnieren") only by a few words.
MIN_PROMPT_WORDS = 3
# The one non-counter part a counter line may have ("Publié dans Politique") has at most this many words.
MAX_COUNTER_LABEL_WORDS = 4
# A byline's name: "Jean Dupont", "Sanne de Vries", "Dewi Lestari Putri", "Ledger Staff Writer", "Haber Merkezi".
MAX_NAME_WORDS = 5
# A name in a script without case has at most this many words, and in a script without spaces this many letters
# (Chinese names have 2-4, Japanese ones up to 5).
MAX_CASELESS_NAME_WORDS = 4
MAX_SPACELESS_NAME_LETTERS = 5
# Particles inside names ("Sanne de Vries"); with the word each language joins two names with: name_particles().
PARTICLES = frozenset(
    "de da do dos das del della di du des van von der den ter ten le la y e i et und and & bin binti al el dela".split()
)
NAME_WORD_RE = re.compile(r"[^\W\d_][\w.'’&+-]*")
# What may follow a byline's name (after a separator, :func:`segments`, or this comma): "| 5. März 2021", "- Madrid",
# "· AFP", ", Ledger Staff Writer".
COMMA_RE = re.compile(r",\s+")
# A tag list: "Economía, Política", "Spor · Ekonomi", "#Pemilu #Politik" aside; each tag has a few words at most.
TAG_SPLIT_RE = re.compile(r"\s*[,;|·•/]\s*")
MAX_TAG_WORDS = 4
# A comment form's sentence after its "email will not be published" ("Required fields are marked *").
MAX_FORM_TAIL_WORDS = 12
# A follow prompt that names the site ("Siga a Gazeta do Vale no Instagram") has at most this many words after its
# phrase; the short words that link the names ("a", "do", "no", "pe", "на") at most this many letters.
MAX_FOLLOW_WORDS = 10
MAX_LINK_WORD_CHARS = 3
# A list heading's section or place ("Mehr aus der Region", "Más noticias de Remo") has at most this many words.
MAX_SECTION_NAME_WORDS = 3
# Bullets, dashes and brackets before a phrase ("- Anzeige -", "[ Publicité ]", "» Lire aussi", "【广告】"); not
# quotation marks ("「"): a line that opens with one is a quoted sentence.
LEAD_RE = re.compile(r"[\s\-–—*•·|>»›\[(#【〔［（]+")
# A separator between a label and what it labels.
SEPARATOR_RE = re.compile(r"\s*(?:[:：|»>›/·•]|-{1,2}|–|—)\s*")
HEAD_RE = re.compile(r"\w+")
# The rest of an inflected or compounded word after a phrase: an ending of up to two letters ("s" of "cookies") or a
# hyphen and a word ("-файлы" of "cookie-файлы").
INFLECTION_RE = re.compile(r"(?:\w{1,2}|-\w+)(?!\w)")
INFLECTING_KINDS = frozenset({"cookie"})
LETTER_OR_DIGIT_RE = re.compile(r"[^\W_]")
# casefold() writes "İ" (Turkish dotted capital I) as "i" and this combining dot.
COMBINING_DOT = "\u0307"
TOKEN_RE = re.compile(r"[\w'’-]+")
# A number as counters write it: "12", "1,204", "1.2k", "1 234" (with a thin or no-break space), but not the "k" of
# "12 komentarzy".
NUMBER_RE = re.compile(r"\d{1,3}(?:[\s\u00a0\u202f]\d{3})+(?!\d)|\d[\d,.]*(?:\s?[kmкм](?![^\W\d_]))?")
NUMBER_MARK = "{n}"
# A duration after an audio label: "(4 min)", "4 Min.", "03:25", "00:00 / 03:25", "5 мин".
DURATION_RE = re.compile(r"[\W_]*(?:\d{1,3}(?:[:.]\d{2}){0,2}\s*[^\W\d_]{0,8}\.?[\W_]*){1,2}")
# Headlines start with a capital (in any script), a digit or a quotation mark.
HEADLINE_START = "\"'‘“„«‹(£$€"
# The full stops of scripts that have their own (CJK, Devanagari, Urdu...): a line ending in one is a sentence, not a
# headline.
SCRIPT_FULL_STOP_RE = line_end_re(SCRIPT_FULL_STOPS)


@dataclass(frozen=True)
class Verdict:
    """Why a line is chrome: its ``kind`` and the ``languages`` of the phrase that matched."""

    kind: str
    languages: tuple[str, ...]
    phrase: str
    heads_list: bool = False

    @property
    def reason(self) -> str:
        """``kind/languages``.

        >>> Verdict("ad", ("cs", "hr", "pl"), "reklama").reason
        'ad/cs+hr+pl'
        """
        return f"{self.kind}/{'+'.join(self.languages)}"


@dataclass(frozen=True)
class Candidate:
    """A lexicon phrase a line may open with."""

    kind: str
    text: str
    phrases: tuple[Phrase, ...]

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def needs_colon(self) -> bool:
        """A byline cue the lexicon writes with its colon ("autor:"), matched without it."""
        return any(phrase.text.endswith(":") for phrase in self.phrases)

    @property
    def opens_text(self) -> bool:
        return any(phrase.opens_text for phrase in self.phrases)

    def verdict(self, heads_list: bool = False) -> Verdict:
        languages = tuple(dict.fromkeys(phrase.language for phrase in self.phrases))
        return Verdict(self.kind, languages, self.text, heads_list)


def fold(text: str, capitals: bool) -> str:
    """``text`` casefolded for matching; capitals lose their accents in Greek and French ("ΔΙΑΦΗΜΙΣΗ",
    "PUBLICITE"), so text in ``capitals`` is matched without accents; "İ" folds to "i".

    >>> fold("İlgili Haberler", False), fold("ΔΙΑΦΗΜΙΣΗ", True), fold("Publicité", False)
    ('ilgili haberler', 'διαφημιση', 'publicité')
    """
    folded = text.casefold().replace(COMBINING_DOT, "")
    return without_accents(folded) if capitals else folded


def in_capitals(opening: str) -> bool:
    """Whether a line's ``opening`` is set in capitals, from its first letter on: a phrase of a script without case
    ("ข่าวที่เกี่ยวข้อง", "関連記事") is matched as written even when a headline in capitals follows it.

    >>> in_capitals("PUBLICITE"), in_capitals("ข่าวที่เกี่ยวข้อง: NEW BUDGET"), in_capitals("Lire aussi")
    (True, False, False)
    """
    return opening[:1].isupper() and opening.isupper()


def _head(text: str) -> str:
    match = HEAD_RE.match(text)
    return match.group(0) if match else ""


def _index(kinds: tuple[str, ...], key: Callable[[str], str]) -> dict[str, tuple[Candidate, ...]]:
    """The phrases of ``kinds`` (counters aside, which start with a number) as ``key`` writes them, by their first
    word, longest first."""
    index: dict[str, list[Candidate]] = {}
    for kind in kinds:
        for text, phrases in by_text(load_lexicon(kind).phrases).items():
            if NUMBER_MARK not in text:
                bare = key(text).removesuffix(":").rstrip()
                index.setdefault(_head(bare), []).append(Candidate(kind, bare, phrases))
    return {head: tuple(sorted(found, key=lambda c: -len(c.text))) for head, found in index.items()}


PHRASES_BY_HEAD = _index(CHROME_KINDS, str)
# Longer than any phrase's first word, with room for the character after it.
MAX_PHRASE_CHARS = max(len(head) for head in PHRASES_BY_HEAD) + 2
# The phrases a line longer than MAX_BOILERPLATE_CHARS may open with (LONG_KINDS).
LONG_OPENINGS = tuple(
    sorted({c.text for found in PHRASES_BY_HEAD.values() for c in found if c.kind in LONG_KINDS}, key=len)
)
MAX_LONG_OPENING = max(map(len, LONG_OPENINGS))
# Their first three characters, a set look-up before the phrases are tried one by one.
LONG_PREFIX_CHARS = 3
LONG_PREFIXES = frozenset(opening[:LONG_PREFIX_CHARS] for opening in LONG_OPENINGS)
# For lines in capitals, which fold() matches without accents.
PLAIN_PHRASES_BY_HEAD = _index(CHROME_KINDS, without_accents)
SHARE_WORDS = frozenset(token for phrase in load_lexicon("share").phrases for token in TOKEN_RE.findall(phrase.text))
# A call to follow the site on a network, whatever words stand between its imperative and the network
# (pipeline.text.follow).
CALL_TO_FOLLOW = Verdict("follow", ("mul",), "call to follow")


# The counter phrases by their text, "{n}" where the number goes.
COUNTER_PHRASES: dict[str, Candidate] = {
    text: Candidate("counter", text, phrases) for text, phrases in by_text(load_lexicon("counter").phrases).items()
}


# A counted word with its count after it: "kommentarer ({n})", "comentarii: {n}".
COUNT_AFTER_RE = re.compile(r"(?P<word>[^\W\d_][^\d():：]*?)\s*(?:\(\s*\{n\}\s*\)|[:：]\s*\{n\})")
# The reading-time labels by their text ("lesezeit", "de lecture").
READING_LABELS: dict[str, Candidate] = {
    text: Candidate("reading", text, phrases) for text, phrases in by_text(load_lexicon("reading").phrases).items()
}
# A count of minutes with a label before or after it: "Lesezeit: 3 Min.", "3 min read", "(2 minutos de leitura)".
READING_TIME_RES = (
    re.compile(
        r"(?P<before>[^\d]*?)[\s:：(~≈]*\d{1,3}(?:\s*[-–]\s*\d{1,3})?\s*(?P<unit>[^\W\d_]+)\.?(?P<after>[^\d]*)"
    ),
    # The unit before the count, as Swahili writes it ("dakika 3").
    re.compile(r"(?P<before>[^\d]*?)[\s:：(]*\b(?P<unit>[^\W\d_]+)\s+\d{1,3}(?P<after>[^\d]*)"),
)
LABEL_MARKS = " :：()·-–|"


def reading_time(segment: str) -> Candidate | None:
    """The reading-time label of ``segment``, when it is a label and a count of minutes (a unit CLDR writes in any
    language) and nothing else.

    >>> reading_time("Lesezeit: 3 Min.").text, reading_time("3 min read").text, reading_time("Okuma süresi: 2 dk").text
    ('lesezeit', 'read', 'okuma süresi')
    >>> reading_time("Muda wa kusoma: dakika 3").text
    'muda wa kusoma'
    >>> reading_time("Lesezeit: 3 Stunden"), reading_time("3 min"), reading_time("Read 3 min of the report, he said")
    (None, None, None)
    """
    for pattern in READING_TIME_RES:
        match = pattern.fullmatch(segment.strip())
        if match is None or match.group("unit").casefold() not in minute_units():
            continue
        before, after = (match.group(side).strip(LABEL_MARKS).casefold() for side in ("before", "after"))
        if bool(before) != bool(after) and (before or after) in READING_LABELS:
            return READING_LABELS[before or after]
    return None


def _reading(line: str, rest: str, candidate: Candidate) -> Verdict | None:
    found = reading_time(line)
    return found.verdict() if found is not None else None


def counter_phrase(segment: str) -> Candidate | None:
    """The counter phrase ``segment`` is, its number aside.

    >>> counter_phrase("1 234 Commentaires").text, counter_phrase("Přečteno 12krát").text
    ('{n} commentaires', 'přečteno {n}krát')
    >>> counter_phrase("12 komentarzy").text, counter_phrase("12 commentaires racistes")
    ('{n} komentarzy', None)

    The count may also follow the counted word, in brackets or after a colon: "Kommentarer (6)", "Comentarii: 6"
    are "{n} kommentarer", "{n} comentarii".

    >>> counter_phrase("Kommentarer (6)").text, counter_phrase("Просмотров: 3 418").text
    ('{n} kommentarer', '{n} просмотров')
    """
    key = " ".join(NUMBER_RE.sub(NUMBER_MARK, segment.casefold()).split())
    found = COUNTER_PHRASES.get(key)
    if found is None and (after := COUNT_AFTER_RE.fullmatch(key)) is not None:
        found = COUNTER_PHRASES.get(f"{NUMBER_MARK} {after.group('word')}")
    return found


# A counter line has one of the counter phrases' words ("commentaires", "fois"): a cheap test before the regex.
# Particles ("de" in "citit de {n} ori") are left out; every phrase has a longer word.
MIN_COUNTER_WORD = 3
COUNTER_WORDS = frozenset(
    word
    for candidate in (*COUNTER_PHRASES.values(), *READING_LABELS.values())
    for word in TOKEN_RE.findall(candidate.text.replace(NUMBER_MARK, " "))
    if len(word) >= MIN_COUNTER_WORD
)


def headline_like(text: str) -> bool:
    """A short line that reads as a headline: capital (or a letter of a script without case), digit or quotation
    mark first, no final full stop (Latin, CJK "。" or the danda).

    >>> headline_like("Österreich öffnet die Grenzen"), headline_like("le rapport complet.")
    (True, False)
    >>> headline_like("东京大雪 交通受阻"), headline_like("सरकार ने क्या कहा।")
    (True, False)
    """
    first = text[:1]
    return (
        bool(text)
        and is_short(text, MAX_TEASER_WORDS)
        and (first.isupper() or first.isdigit() or first in HEADLINE_START or is_caseless(first))
        and not FINAL_PERIOD_RE.search(text)
        and not SCRIPT_FULL_STOP_RE.search(text)
        and not text.endswith((":", ","))
    )


# A related-story line whose label no lexicon has, set in capitals as sites set such labels ("MORE: <headline>",
# "LEIA TAMBÉM: ...", "ĐỌC THÊM: ..."): one to three words of capitals, a colon, a headline. A headline can look the
# same ("BREXIT: Talks resume"): callers judge body lines only, after the headline is settled (pipeline/text/clean.py).
CAPS_LABEL_RE = re.compile(r"([^\W\d_]+(?:[ '’][^\W\d_]+){0,2})\s?:\s+")
# Labels are words ("MORE", "VEJA", "ĐỌC THÊM"); two- and three-letter acronyms label quotes and reactions in stories
# ("SPD: Wir stimmen zu", "EU: No deal yet").
MIN_CAPS_LABEL_CHARS = 4
CAPS_TEASER_VERDICT = Verdict("related", ("mul",), "")


def caps_teaser(line: str) -> Verdict | None:
    """A line shaped like a teaser for another story under a label in capitals (the label's language is not known:
    "mul"). Speakers in a transcript and subheadings have the same shape, so this is only a cue of the neighbour
    signal (:func:`pipeline.text.neighbours.weak_cue`), never a reason to remove a line on its own.

    >>> caps_teaser("MORE: Bombardier chief to leave company").reason, caps_teaser("ĐỌC THÊM: Giá xăng tăng").reason
    ('related/mul', 'related/mul')
    >>> caps_teaser("More: Bombardier chief to leave"), caps_teaser("UPDATE: The council has since responded.")
    (None, None)
    >>> caps_teaser("SPD: Wir stimmen zu")
    """
    # Two capitals first: a body paragraph costs two character tests.
    if not line[:2].isupper() or len(line) > MAX_BOILERPLATE_CHARS:
        return None
    match = CAPS_LABEL_RE.match(line)
    if match is None or not match.group(1).isupper() or len(match.group(1)) < MIN_CAPS_LABEL_CHARS:
        return None
    return CAPS_TEASER_VERDICT if headline_like(line[match.end() :]) else None


def _split_separator(rest: str) -> tuple[bool, str]:
    """Whether ``rest`` (what follows a phrase) opens with a separator, and what follows it."""
    match = SEPARATOR_RE.match(rest)
    return (match is not None and match.group(0).strip() != "", (rest[match.end() :] if match else rest).strip())


def _nothing(rest: str) -> bool:
    """Whether ``rest`` has no letter or digit: only spaces, punctuation and symbols ("", " -", "】", " →").

    >>> _nothing(" -"), _nothing("】"), _nothing(" (4 min)")
    (True, True, False)
    """
    return LETTER_OR_DIGIT_RE.search(rest) is None


def _ad(line: str, rest: str, candidate: Candidate) -> Verdict | None:
    return candidate.verdict() if _nothing(rest) else None


def _is_share_word(token: str) -> bool:
    return token in SHARE_WORDS or token.startswith(NETWORK_STEMS)


def _joins_share_words(token: str) -> bool:
    """A conjunction, or share words joined by one written without a space ("وتويتر": "and Twitter"; "微信和微博":
    "WeChat and Weibo").

    >>> _joins_share_words("وتويتر"), _joins_share_words("微信和微博"), _joins_share_words("وزير")
    (True, True, False)
    """
    return token in list_conjunctions() or _share_words_joined(token)


def _share_words_joined(token: str) -> bool:
    if _is_share_word(token):
        return True
    for joined in prefixed_conjunctions():
        at = token.find(joined)
        while at != -1:
            head, tail = token[:at], token[at + len(joined) :]
            if tail and (not head or _is_share_word(head)) and _share_words_joined(tail):
                return True
            at = token.find(joined, at + 1)
    return False


def _share(line: str, rest: str, candidate: Candidate) -> Verdict | None:
    """A share or follow prompt: after the phrase only share words and network names, joined by the language's "and"
    (CLDR list patterns: "Suivez-nous sur Facebook et Instagram"), looked up only when another word is there.

    >>> follow = Candidate("share", "suivez-nous", (Phrase("fr", "suivez-nous"),))
    >>> _share("Suivez-nous sur Facebook et X", " sur Facebook et X", follow).reason
    'share/fr'
    >>> _share("Suivez-nous, a lancé le candidat.", ", a lancé le candidat.", follow)
    >>> follow_ar = Candidate("share", "تابعنا", (Phrase("ar", "تابعنا"),))
    >>> _share("تابعنا على فيسبوك وتويتر", " على فيسبوك وتويتر", follow_ar).reason
    'share/ar'
    """
    others = [token for token in TOKEN_RE.findall(rest.casefold()) if not _is_share_word(token)]
    if all(_joins_share_words(token) for token in others) or _names_the_site(rest):
        return candidate.verdict()
    return None


def _names_the_site(rest: str) -> bool:
    """Whether a follow prompt's ``rest`` names the site on its way to a network ("Siga a Gazeta do Vale no
    Instagram"): a network name, and besides it only share words, conjunctions, short words and capitalised names, in
    one short clause.

    >>> _names_the_site(" a Gazeta do Vale no Instagram"), _names_the_site(" o Diário do Planalto no Google Notícias")
    (True, True)
    >>> _names_the_site(" the money on Facebook ads"), _names_the_site(" Anna on Instagram, she said.")
    (False, False)
    """
    if word_count(rest) > MAX_FOLLOW_WORDS or "," in rest or SENTENCE_END_RE.search(rest.rstrip("!")):
        return False
    tokens = TOKEN_RE.findall(rest)
    folded = [token.casefold() for token in tokens]
    if not any(token.startswith(NETWORK_STEMS) for token in folded):
        return False
    return all(
        _joins_share_words(low) or len(low) <= MAX_LINK_WORD_CHARS or _capitalised(token)
        for token, low in zip(tokens, folded, strict=True)
    )


def _continues(rest: str) -> bool:
    """Whether ``rest`` goes on after a phrase as the rest of its sentence ("We use cookies, to ...")."""
    return rest[:1].isspace() or rest[:1] in ",.;"


def _contact(line: str, rest: str, candidate: Candidate) -> Verdict | None:
    if has_phone_or_email(rest):
        return candidate.verdict()
    return candidate.verdict() if candidate.words >= 2 and _nothing(rest) else None


def _footer(line: str, rest: str, candidate: Candidate) -> Verdict | None:
    """A footer link alone ("Impressum"), or the first of a row of them between separators ("Privacy policy | Terms
    of use | Contact us"), each part a footer, contact or cookie link alone.

    >>> link = Candidate("footer", "privacy policy", (Phrase("en", "privacy policy"),))
    >>> _footer("Privacy policy", "", link).reason, _footer("", " | Terms of use | Contact us", link).reason
    ('footer/en', 'footer/en')
    >>> _footer("", " | Terms of use | What readers asked us this week", link)
    >>> _footer("Privacy policy rules were changed", " rules were changed", link)
    """
    if _nothing(rest):
        return candidate.verdict()
    separated, after = _split_separator(rest)
    parts = segments(after) if separated else []
    return candidate.verdict() if parts and all(_phrase_line(part, FOOTER_ROW_KINDS) for part in parts) else None


def _related(line: str, rest: str, candidate: Candidate) -> Verdict | None:
    """A "read also" label with a headline, or a list heading alone; a heading the lexicon marks may name a section or
    a place after it ("Mehr aus der Region", "Fler nyheter från Malmö").

    >>> more = Candidate("related", "mehr aus", (Phrase("de", "mehr aus", True),))
    >>> _related("Mehr aus der Region", " der Region", more).heads_list
    True
    >>> _related("Mehr aus der Region kam die Kritik.", " der Region kam die Kritik.", more)
    """
    separated, tail = _split_separator(rest)
    if _nothing(tail):
        return candidate.verdict(heads_list=True)
    if candidate.opens_text and not separated and rest[:1].isspace() and _names_a_section(tail):
        return candidate.verdict(heads_list=True)
    label = line[: len(line) - len(rest)]
    if not separated and not (label.isupper() and rest[:1].isspace()):
        return None
    return candidate.verdict() if headline_like(tail) or ("http" in tail and is_short(tail, MAX_TEASER_WORDS)) else None


def _names_a_section(tail: str) -> bool:
    """A section's or place's name after a list heading: a few words, no digit, no sentence."""
    return (
        word_count(tail) <= MAX_SECTION_NAME_WORDS
        and DIGIT_RE.search(tail) is None
        and SENTENCE_END_RE.search(tail) is None
        and not tail.rstrip().endswith((",", ":"))
    )


def _listen(line: str, rest: str, candidate: Candidate) -> Verdict | None:
    return candidate.verdict() if _nothing(rest) or DURATION_RE.fullmatch(rest) else None


def _newsletter(line: str, rest: str, candidate: Candidate) -> Verdict | None:
    if _nothing(rest):
        return candidate.verdict()
    tail_ok = (
        candidate.words >= 2
        and word_count(rest) <= MAX_NEWSLETTER_TAIL_WORDS
        and rest[:1].isspace()
        and (candidate.words >= MIN_PROMPT_WORDS or not SENTENCE_END_RE.search(rest))
    )
    return candidate.verdict() if tail_ok else None


def _cookie(line: str, rest: str, candidate: Candidate) -> Verdict | None:
    return candidate.verdict() if _nothing(rest) or (candidate.opens_text and _continues(rest)) else None


def _comments(line: str, rest: str, candidate: Candidate) -> Verdict | None:
    """A comment section's heading or form text alone; a phrase the lexicon marks may be followed by the form's next
    sentence ("Your email address will not be published. Required fields are marked *"), not by more of its own.

    >>> note = Candidate("comments", "your email address will not be published", (Phrase("en", "x", True),))
    >>> _comments("", ". Required fields are marked *", note).reason
    'comments/en'
    >>> _comments("", ", the company said in a statement.", note)
    """
    if _nothing(rest):
        return candidate.verdict()
    form_goes_on = rest.startswith(".") and word_count(rest) <= MAX_FORM_TAIL_WORDS
    return candidate.verdict() if candidate.opens_text and form_goes_on else None


def _note(line: str, rest: str, candidate: Candidate) -> Verdict | None:
    separated, _ = _split_separator(rest)
    if _nothing(rest) or separated:
        return candidate.verdict()
    return candidate.verdict() if candidate.opens_text and _continues(rest) else None


@functools.cache
def name_particles() -> frozenset[str]:
    """:data:`PARTICLES` and the word each language joins two names with (CLDR list patterns, locale_data), so "Af
    Sofie Lund og Ritzau" is one byline.

    Made on first use, not on import: reading every locale's list patterns from Babel's CLDR data takes ~0.14 s, which
    the runner's process (it imports this module with the rules, but never scores a line) paid on its critical path.
    Local worker processes make it while they start (``FIRST_TASKS``).

    >>> {"van", "og", "és"} <= name_particles()
    True
    """
    return PARTICLES | list_conjunctions()


def _name(text: str) -> bool:
    """A person or desk: 1-5 capitalised words, particles between them ("Sanne de Vries", "Tim Redaksi").

    >>> _name("Sanne de Vries"), _name("Redaksi"), _name("ailleurs"), _name("den 20 Teilnehmern")
    (True, True, False, False)
    """
    words = text.split()
    return (
        0 < len(words) <= MAX_NAME_WORDS
        and _capitalised(words[0])
        and _capitalised(words[-1])
        and all(_capitalised(word) or word.casefold() in name_particles() for word in words)
    ) or _caseless_name(words)


def _caseless_name(words: list[str]) -> bool:
    """A name in a script without case: a few words of its letters (with their marks), short in a script written
    without spaces ("张伟", "中村健一"; "سامي الحداد", "अंकित मिश्रा", "김민수").

    >>> _caseless_name(["张伟"]), _caseless_name(["अंकित", "मिश्रा"]), _caseless_name(["他说这个问题已经存在多年"])
    (True, True, False)
    """
    if not 0 < len(words) <= MAX_CASELESS_NAME_WORDS:
        return False
    if not all(is_caseless(word[0]) and all(map(is_letter_or_mark, word)) for word in words):
        return False
    return not is_spaceless(words[0][0]) or sum(map(len, words)) <= MAX_SPACELESS_NAME_LETTERS


def _capitalised(word: str) -> bool:
    word = word.strip("()")
    return word[:1].isupper() and NAME_WORD_RE.fullmatch(word) is not None


def _byline(line: str, rest: str, candidate: Candidate) -> Verdict | None:
    separated, tail = _split_separator(rest)
    if candidate.needs_colon and not rest.lstrip().startswith((":", "：")):
        return None
    if not (separated or rest[:1].isspace()):
        return None
    parts = segments(tail)
    if not parts or SENTENCE_END_RE.search(tail):
        return None
    # A comma may follow the name ("Par Jean Dupont, AFP") or be part of a date ("Jumanne, Januari 15, 2021").
    name, *after_comma = (part.strip() for part in COMMA_RE.split(parts[0]))
    if not _name(name) or not all(_name(part) or is_date_segment(part) for part in after_comma):
        return None
    for part in parts[1:]:
        if not (_name(part) or is_date_segment(part) or _phrase_line(part, BYLINE_KINDS) is not None):
            return None
    return candidate.verdict()


def _tags(line: str, rest: str, candidate: Candidate) -> Verdict | None:
    separated, tail = _split_separator(rest)
    if not (separated or rest[:1].isspace()) or SENTENCE_END_RE.search(tail) or tail.endswith((":", ",")):
        return None
    labels = [label.strip() for label in TAG_SPLIT_RE.split(tail)]
    if not labels or not all(label and word_count(label) <= MAX_TAG_WORDS for label in labels):
        return None
    if not separated and not all(_capitalised(label.lstrip("#").split()[0]) for label in labels):
        return None
    return candidate.verdict()


# A photo credit: the credit word, a colon (or the full stop of "Fot.", or Japanese "・": "(撮影・高橋由美)"), and a
# photographer or agency of a few words, no sentence (a full stop only after an initial: "AP/J. Scott Applewhite",
# "Courrier des Causses - J. M."), or a capitalised one without the colon ("Photo Le Quotidien / Erwan Le Goff"); in
# brackets at a caption's end.
CREDIT_TAIL_RE = re.compile(
    r"(?P<colon>\s*[:.：・]\s*|\s+)"
    r"(?P<credit>(?:[^.!?:()\[\]（）。！？]|(?<=[\s/-][A-ZÀ-ÖØ-Þ])\.){1,80}?(?:\s*\([^()]{1,30}\))?)\s*[)\]）]?\s*"
)
CREDIT_PHRASES: dict[str, Candidate] = {
    text: Candidate("credit", text, phrases) for text, phrases in by_text(load_lexicon("credit").phrases).items()
}
COPYRIGHT_SIGN_CREDIT = Candidate("credit", "©", (Phrase("mul", "©"),))
# A caption's end: after its sentence, an opening bracket (or a fullwidth one) or a separator, a credit word (or "©")
# and the credit.
CAPTION_CREDIT_RE = re.compile(
    r"(?:(?<=[.!?…»\"”])\s+|\s*[(\[（]\s*|\s+[-–—|/·]\s+)(?P<cue>"
    + "|".join(re.escape(text) for text in sorted([*CREDIT_PHRASES, "©"], key=len, reverse=True))
    + r")(?P<tail>[^()\[\]（）]*)[)\]）]?\s*$",
    re.IGNORECASE,
)
MAX_CREDIT_WORDS = 10
# A credit word, its separator and the credit take at most this many characters ("  (Foto: Thiago Moreira/Diário do
# Planalto)": 45).
MAX_CREDIT_CHARS = 120
NOT_CREDIT_ENDS = (".", "!", "?", ":", ",", ";", '"', "。", "！", "？", "：")
# A caption is one sentence or phrase; its credit ends it.
MAX_CAPTION_WORDS = 40
INNER_SENTENCE_END_RE = re.compile(r"[.!?…。！？]\s+\S")


def _is_credit(rest: str, bracketed: bool = False) -> bool:
    """Whether ``rest`` (what follows a credit word) is a credit: a colon and a few words, or a capitalised name.

    >>> _is_credit(": dpa/Thomas Frey"), _is_credit(" Le Quotidien / Erwan Le Goff")
    (True, True)
    >>> _is_credit(": Dunaparti Hírlap (archív)"), _is_credit(": AP/J. Scott Applewhite")
    (True, True)
    >>> _is_credit(" Le Point - J. M.")
    True
    >>> _is_credit(" was taken in May"), _is_credit(": the police said three men were held.")
    (False, False)
    """
    match = CREDIT_TAIL_RE.fullmatch(rest)
    if match is None:
        return False
    words = match.group("credit").split()
    if not words or len(words) > MAX_CREDIT_WORDS:
        return False
    return bool(match.group("colon").strip()) or bracketed or _capitalised(words[0])


def _credit(line: str, rest: str, candidate: Candidate) -> Verdict | None:
    return candidate.verdict() if _is_credit(rest) else None


def _captioned_line(line: str) -> Verdict | None:
    """A photo caption that ends with its credit: one sentence or phrase, then "Foto: dpa", "(Foto: EFE)", "© Name".

    >>> _captioned_line("Ein Bagger räumt Schlamm in Zell. Foto: dpa/Thomas Frey").reason
    'credit/de+es+pt+it+nl+id+ms+pl+tr+sv+da+no+cs+ro+ca+hr'
    >>> _captioned_line("Les sociétaires devant le café, samedi. © Hélène Guérineau / L'Écho des Marais").reason
    'credit/mul'
    >>> _captioned_line("La ligne d'arrivée. Photo Le Quotidien de la Rade / Erwan Le Goff").reason
    'credit/en+fr'
    >>> _captioned_line("Er sagte, das Foto sei alt. Die Polizei ermittelt. Foto: dpa")
    >>> _captioned_line("The minister said the photo was taken in May.")
    """
    # A credit ends with a name or a bracket, never with a sentence's mark: most lines are let go without a search.
    if line.endswith(NOT_CREDIT_ENDS):
        return None
    # The credit is in the line's last characters: the search starts there.
    match = CAPTION_CREDIT_RE.search(line, max(0, len(line) - MAX_CREDIT_CHARS))
    if match is None:
        return None
    description = line[: match.start()].strip()
    if not description or word_count(description) > MAX_CAPTION_WORDS or INNER_SENTENCE_END_RE.search(description):
        return None
    bracketed = line[match.start() : match.start("cue")].strip() in ("(", "[", "（")
    if not _is_credit(match.group("tail"), bracketed):
        return None
    return CREDIT_PHRASES.get(match.group("cue").casefold(), COPYRIGHT_SIGN_CREDIT).verdict()


TAIL_CHECKS: Mapping[str, Callable[[str, str, Candidate], Verdict | None]] = {
    "ad": _ad,
    "share": _share,
    "contact": _contact,
    "related": _related,
    "listen": _listen,
    "reading": _reading,
    "newsletter": _newsletter,
    "cookie": _cookie,
    "note": _note,
    "byline": _byline,
    "tags": _tags,
    "credit": _credit,
    "comments": _comments,
    "footer": _footer,
}
# A row of footer links may hold a contact or cookie-settings link among them.
FOOTER_ROW_KINDS = frozenset({"footer", "contact", "cookie"})
BYLINE_KINDS = frozenset({"byline"})
NAME_DATE_VERDICT = Verdict("byline", ("mul",), "")


def _counter_line(line: str) -> Verdict | None:
    """A line of counters and reading times, dates and at most one short label, with one counter or reading time at
    least ("07 Mart 2026 10:05 | Okuma süresi: 2 dk")."""
    if DIGIT_RE.search(line) is None or COUNTER_WORDS.isdisjoint(TOKEN_RE.findall(line.casefold())):
        return None
    counter: Candidate | None = None
    labels = 0
    for segment in segments(line):
        phrase = counter_phrase(segment) or reading_time(segment)
        if phrase is not None:
            counter = counter or phrase
        elif is_date_segment(segment):
            continue
        elif labels == 0 and word_count(segment) <= MAX_COUNTER_LABEL_WORDS and not SENTENCE_END_RE.search(segment):
            labels += 1
        else:
            return None
    return counter.verdict() if counter is not None else None


def _name_date_line(line: str) -> Verdict | None:
    """A byline without a cue: a name, then a separator and a date ("Pieter Jansen · zondag 14 juli 2023, 10:03",
    "Agencias - 23 de junio de 2019 - 21:23 CET"); the languages are those of any name, "mul".

    >>> _name_date_line("Tim Redaksi - Minggu, 20 Oktober 2025 12:10 WIB").reason
    'byline/mul'
    >>> _name_date_line("Brexit talks - what happens next"), _name_date_line("Paris, le 5 mars 2021")
    (None, None)
    """
    if DIGIT_RE.search(line) is None:
        return None
    parts = segments(line)
    if len(parts) < 2 or not _name(parts[0]) or not all(is_date_segment(part) for part in parts[1:]):
        return None
    return NAME_DATE_VERDICT


def _phrase_line(line: str, kinds: frozenset[str]) -> Verdict | None:
    """A line that opens with a lexicon phrase and has the tail that phrase's kind allows."""
    lead = LEAD_RE.match(line)
    start = lead.end() if lead else 0
    # The first word decides whether any phrase can match: only the line's opening is folded for it, so a body
    # paragraph costs a dictionary look-up.
    opening = line[start : start + MAX_PHRASE_CHARS]
    capitals = in_capitals(opening)
    index = PLAIN_PHRASES_BY_HEAD if capitals else PHRASES_BY_HEAD
    candidates = index.get(_head(fold(opening, capitals)), ())
    if not candidates or word_count(line) > MAX_LONG_CHROME_WORDS:
        return None
    body = line[start:]
    folded = fold(body, capitals)
    # casefold() may lengthen a word ("ß" -> "ss"); the tail is then cut from the folded text.
    source = body if len(folded) == len(body) else folded
    for candidate in candidates:
        if candidate.kind not in kinds:
            continue
        end = len(candidate.text)
        if not folded.startswith(candidate.text):
            continue
        # Only a cookie phrase's last word may go on, by an ending or a compound ("plików cookies", "cookie-файлы").
        inflected = INFLECTION_RE.match(folded, end) if candidate.kind in INFLECTING_KINDS else None
        if inflected is not None:
            end = inflected.end()
        elif HEAD_RE.match(folded, end):
            continue
        long_line = candidate.kind in LONG_KINDS
        if not long_line and not is_short(line):
            continue
        verdict = TAIL_CHECKS[candidate.kind](source, source[end:], candidate)
        if verdict is not None:
            return verdict
    return None


def lexicon_opening(line: str, kinds: frozenset[str]) -> Candidate | None:
    """The longest phrase of ``kinds`` that ``line`` opens with, whatever follows it: a weak cue, which the
    neighbour signal (:mod:`pipeline.text.neighbours`) weighs with the line's place (its tail is not checked).

    >>> lexicon_opening("Von dpa/rbo", frozenset({"byline"})).kind, lexicon_opening("Vonnegut", frozenset({"byline"}))
    ('byline', None)
    """
    lead = LEAD_RE.match(line)
    body = line[lead.end() if lead else 0 :]
    capitals = in_capitals(body[:MAX_PHRASE_CHARS])
    index = PLAIN_PHRASES_BY_HEAD if capitals else PHRASES_BY_HEAD
    candidates = index.get(_head(fold(body[:MAX_PHRASE_CHARS], capitals)), ())
    if not candidates:
        return None
    folded = fold(body, capitals)
    for candidate in candidates:
        if candidate.kind not in kinds or not folded.startswith(candidate.text):
            continue
        if not HEAD_RE.match(folded, len(candidate.text)):
            return candidate
    return None


# The kinds the chrome rule removes. Not editor's notes: they tell the reader about the story itself ("An earlier
# version of this article misstated a figure"), and bbc_republished's gold keeps them as body text (99 of its copies
# have one); score_chrome(line, CHROME_KINDS) recognises them for callers that want them gone.
RULE_KINDS = frozenset(CHROME_KINDS) - {"note"}


def score_chrome(line: str, kinds: frozenset[str] = RULE_KINDS) -> Verdict | None:
    """Whether ``line`` is page chrome of one of ``kinds``, and why.

    >>> score_chrome("Lire aussi : Le gouvernement présente son budget").reason
    'related/fr'
    >>> score_chrome("Lire aussi le rapport complet publié lundi.")
    >>> score_chrome("1 234 commentaires").reason, score_chrome("Écouter cet article (4 min)").reason
    ('counter/fr', 'listen/fr')
    """
    if len(line) > MAX_LONG_CHROME_CHARS:
        return None
    # A body paragraph is longer than any short chrome: only a long kind's phrase can open it (one C-level test).
    if len(line) > MAX_BOILERPLATE_CHARS and (
        line[:LONG_PREFIX_CHARS].casefold() not in LONG_PREFIXES
        or not line[:MAX_LONG_OPENING].casefold().startswith(LONG_OPENINGS)
    ):
        return None
    verdict = _phrase_line(line, kinds)
    if verdict is None and "counter" in kinds and is_short(line, MAX_BOILERPLATE_WORDS):
        verdict = _counter_line(line)
    if verdict is None and "byline" in kinds and is_short(line, MAX_BOILERPLATE_WORDS):
        verdict = _name_date_line(line)
    if verdict is None and "credit" in kinds and len(line) <= MAX_BOILERPLATE_CHARS:
        verdict = _captioned_line(line)
    if verdict is None and "share" in kinds and is_call_to_follow(line):
        verdict = CALL_TO_FOLLOW
    return verdict


def _reason(line: str) -> str:
    verdict = score_chrome(line)
    return verdict.reason if verdict is not None else ""


def _heads_list(line: str) -> bool:
    verdict = score_chrome(line)
    return verdict is not None and verdict.heads_list


@_register(
    "chrome",
    "page chrome in 26+ languages from the lexicons in pipeline/data/chrome/ (ads, share, counters, contact, "
    "read also, listen, reading time, newsletter, cookie, bylines, tag lists, photo credits, comment forms), checked "
    "against the line's structure",
    heads_list=_heads_list,
    reason=_reason,
)
def chrome(line: str) -> bool:
    """
    >>> chrome("Publicité"), chrome("La publicité a rapporté 3 millions d'euros.")
    (True, False)
    """
    return score_chrome(line) is not None
