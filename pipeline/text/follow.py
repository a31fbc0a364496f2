"""Calls to follow a site on a network: "Follow us on Instagram", "Seguici su Facebook e Telegram per restare
aggiornato", "Volg Noorderkoerier op WhatsApp voor het laatste nieuws", "Google News'te bizi takip edin".

Such a line names a network and opens with an imperative of the ``follow`` lexicon (``pipeline/data/chrome/
follow.tsv``: follow, subscribe, join, get the news, download, in 73 languages) or, in a language whose verb comes
last, closes with one. What lies between (the site's name, "for the latest news", a channel) varies by site, so the
share prompts of the ``share`` lexicon, which allow only network names after their phrase, missed them. A story's
sentence about a network opens with its subject ("The council said on Facebook that ...", "Residents can follow the
works on the city's Facebook page"), and a question ("Why is TikTok ...?") is a subheading: neither is a call.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from pipeline.core.scripts import is_spaceless
from pipeline.text.lexicon import load_lexicon

# Calls to follow are short: one clause, sometimes two ("Get the news every day. Join our WhatsApp channel").
MAX_CALL_WORDS = 16
MAX_CALL_CHARS = 160
# Network names are inflected in some languages ("na Facebooku", "Facebookissa"): a word may start with a name of at
# least this many letters. Shorter names ("X", "LINE", "VK", "微信") are matched whole.
MIN_NETWORK_STEM = 5
# The share lexicon's network names ("mul": as every language writes them, and as other scripts transliterate them).
NETWORK_NAMES = tuple(phrase.text for phrase in load_lexicon("share").phrases if phrase.language == "mul")
NETWORK_STEMS = tuple(name for name in NETWORK_NAMES if len(name) >= MIN_NETWORK_STEM)
# A clause after a comma with at least this many words of three letters or more besides network names reports who
# said an imperative ("..., the organisers said on Instagram."); a call's clauses list networks ("..., no Instagram e
# no TikTok").
CLAUSE_RE = re.compile(r"[,،，、]")
MIN_REPORTING_WORDS = 3
MIN_REPORTING_CHARS = 3
# The general categories of a word's characters: letters, marks (an Indic vowel sign), numbers.
WORD_CATEGORIES = "LMN"
# Runs of Latin letters and digits: a line's Latin words, cut from the script beside them ("LINEで" gives "LINE";
# "24x7" stays one run, so it names no "x").
LATIN_RUN_RE = re.compile("[0-9a-z\u00df-\u00ff\u0100-\u024f]+", re.IGNORECASE)
# Latin names of one word: a long one may start an inflected word ("Facebookissa"); a short one is a whole run, and
# not in lower case ("X", "LINE", "VK"), which is how the apps are written and not the words "x" and "line" are.
LONG_LATIN_NAMES = tuple(name for name in NETWORK_STEMS if LATIN_RUN_RE.fullmatch(name))
SHORT_LATIN_NAMES = frozenset(
    name for name in NETWORK_NAMES if len(name) < MIN_NETWORK_STEM and LATIN_RUN_RE.fullmatch(name)
)
# The other names ("google news", "e-mail", "вконтакте", "微信"), looked for anywhere in the line.
OTHER_NAMES = tuple(name for name in NETWORK_NAMES if not LATIN_RUN_RE.fullmatch(name))


def names_a_network(line: str) -> bool:
    """Whether ``line`` names a network of the ``share`` lexicon.

    >>> names_a_network("Siga-nos no Instagram"), names_a_network("LINEで友だち追加"), names_a_network("X: @site")
    (True, True, True)
    >>> names_a_network("在Facebook上关注我们"), names_a_network("Seuraa meitä Facebookissa")
    (True, True)
    >>> names_a_network("Online news 24x7"), names_a_network("Follow the party line"), names_a_network("Pipeline")
    (False, False, False)
    """
    folded = line.casefold()
    if any(name in folded for name in OTHER_NAMES):
        return True
    for run in LATIN_RUN_RE.findall(line):
        low = run.casefold()
        if low.startswith(LONG_LATIN_NAMES) or (low in SHORT_LATIN_NAMES and not run.islower()):
            return True
    return False


@dataclass(frozen=True)
class Calls:
    """The ``follow`` lexicon's imperatives: as whole words (and the most words one has), and, of scripts written
    without spaces, those that open a line and those that close it, joined to the words beside them."""

    words: frozenset[str]
    longest: int
    spaceless_openings: tuple[str, ...]
    spaceless_closings: tuple[str, ...]


@functools.cache
def _calls() -> Calls:
    texts = frozenset(phrase.text for phrase in load_lexicon("follow").phrases)
    return Calls(
        texts,
        max(len(text.split()) for text in texts),
        tuple(text for text in texts if is_spaceless(text[0])),
        tuple(text for text in texts if is_spaceless(text[-1])),
    )


def _opens_or_closes(folded: str) -> bool:
    """Whether ``folded`` (a line without the marks at its edges) opens with an imperative of the lexicon, or closes
    with one, as whole words.

    >>> _opens_or_closes("follow us on instagram"), _opens_or_closes("google news'te bizi takip edin")
    (True, True)
    >>> _opens_or_closes("lineで友だち追加してください"), _opens_or_closes("the council will follow the plan")
    (True, False)
    """
    calls = _calls()
    words = folded.split()
    if not words:
        return False
    for size in range(1, min(calls.longest, len(words)) + 1):
        if " ".join(words[:size]) in calls.words or " ".join(words[-size:]) in calls.words:
            return True
    # In a script written without spaces the imperative is joined to what follows or precedes it
    # ("关注我们的微信公众号", "lineで友だち追加してください", "ติดตามเราได้ที่").
    return words[0].startswith(calls.spaceless_openings) or words[-1].endswith(calls.spaceless_closings)


def _reported(line: str) -> bool:
    """Whether ``line`` goes on, after a comma, with a clause of words besides network names: an imperative the story
    reports, with its speaker ("Siga Pedro no Instagram, pediu a mãe do jogador."); a call's commas part the networks
    it names ("Follow us on Facebook, Twitter and Instagram.").

    >>> _reported("Siga Pedro no Instagram, pediu a mãe do jogador."), _reported("Follow us on X, Threads and TikTok")
    (True, False)
    >>> _reported("Join the queue, the organisers said on Instagram."), _reported("Siga-nos no X, no Instagram")
    (True, False)
    """
    for clause in CLAUSE_RE.split(line)[1:]:
        words = [word for word in clause.split() if len(word.strip(".!:;\"'»”")) >= MIN_REPORTING_CHARS]
        if sum(not names_a_network(word) for word in words) >= MIN_REPORTING_WORDS:
            return True
    return False


def _trimmed(line: str) -> str:
    """``line`` without the bullets, dashes, emoji and punctuation around a call ("📲 Siga-nos no Instagram!"); the
    vowel signs that end a word of an Indic script are no punctuation ("फॉलो करें").

    >>> _trimmed("» Follow us on X! «"), _trimmed("गूगल न्यूज़ पर फॉलो करें।")
    ('Follow us on X', 'गूगल न्यूज़ पर फॉलो करें')
    """
    start, end = 0, len(line)
    while start < end and unicodedata.category(line[start])[0] not in WORD_CATEGORIES:
        start += 1
    while end > start and unicodedata.category(line[end - 1])[0] not in WORD_CATEGORIES:
        end -= 1
    return line[start:end]


def is_call_to_follow(line: str) -> bool:
    """Whether ``line`` is a call to follow a site on a network (the module's docstring).

    >>> is_call_to_follow("Volg Noorderkoerier Sport op WhatsApp voor het laatste nieuws")
    True
    >>> is_call_to_follow("📲 Receba as notícias da região no WhatsApp: clique aqui e entre no nosso canal")
    True
    >>> is_call_to_follow("Google News'te Karadeniz Postası'nı takip edin")
    True
    >>> is_call_to_follow("The council said on Facebook that the bridge would reopen in May.")
    False
    >>> is_call_to_follow("Follow the party line, the minister told MPs.")
    False
    >>> is_call_to_follow("Siga Pedro no Instagram, pediu a mãe do jogador.")
    False
    >>> is_call_to_follow("Why is TikTok banned in schools? Follow us on Instagram")
    False
    """
    if len(line) > MAX_CALL_CHARS or len(line.split()) > MAX_CALL_WORDS or "?" in line or "？" in line:
        return False
    trimmed = _trimmed(line)
    return names_a_network(trimmed) and _opens_or_closes(trimmed.casefold()) and not _reported(trimmed)
