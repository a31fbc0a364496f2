"""The chrome rule: per kind and language, lines it must remove and real sentences with the same words it must keep."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.core.counting import Tally
from pipeline.text.boilerplate import strip_boilerplate
from pipeline.text.chrome import RULE_KINDS, score_chrome
from pipeline.text.lexicon import CHROME_KINDS, load_lexicon
from pipeline.text.rules import RULES, resolve_rules

CASES = Path(__file__).parent / "cases"
REQUIRED_LANGUAGES = sorted("fr de es pt id sw it nl pl tr sv da no fi cs ro hu ru uk el vi ms tl ca hr en".split())


def _cases(name: str) -> list[tuple[str, str, str]]:
    with (CASES / name).open(encoding="utf-8") as file:
        rows = csv.reader((line for line in file if not line.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows)
        assert header == ["kind", "language", "line"]
        return [(kind, language, line) for kind, language, line in rows]


REMOVE = _cases("chrome_remove.tsv")
KEEP = _cases("chrome_keep.tsv")


@pytest.mark.parametrize(("cases", "name"), [(REMOVE, "remove"), (KEEP, "keep")])
def test_every_kind_has_a_case_in_every_language(cases: list[tuple[str, str, str]], name: str):
    covered = {(kind, language) for kind, language, _ in cases}
    missing = [
        (kind, language) for kind in CHROME_KINDS for language in REQUIRED_LANGUAGES if (kind, language) not in covered
    ]
    assert missing == [], f"no {name} case for {missing}"


@pytest.mark.parametrize(("kind", "language", "line"), REMOVE)
def test_chrome_is_recognised_as_its_kind_and_language(kind: str, language: str, line: str):
    verdict = score_chrome(line, frozenset(CHROME_KINDS))
    assert verdict is not None, f"chrome should recognise {line!r}"
    assert (verdict.kind, language in verdict.languages) == (kind, True)
    assert RULES["chrome"].matches(line) == (kind in RULE_KINDS)


@pytest.mark.parametrize(("kind", "language", "line"), KEEP)
def test_real_sentences_with_the_same_words_survive_every_rule(kind: str, language: str, line: str):
    assert [rule.name for rule in RULES.values() if not rule.footer_only and rule.matches(line)] == []


# How each kind's chrome looks around its phrase, to try every phrase of every lexicon.
SHAPES = {
    "ad": "- {phrase} -",
    "share": "{phrase}: Facebook | WhatsApp",
    "counter": "{phrase}",
    "contact": "{phrase}: +33 1 23 45 67 89",
    "related": "{phrase}: Ministers agree new budget",
    "listen": "{phrase} (4 min)",
    "reading": "{phrase}: 4 min",
    "newsletter": "{phrase}",
    "cookie": "{phrase}",
    "note": "{phrase}: this text was changed on 5 March.",
    "byline": "{phrase} Anna Schmidt | 5 March 2021",
    "tags": "{phrase}: Politics, Economy",
    "credit": "{phrase}: Anna Schmidt/AFP",
    "comments": "{phrase}",
    "footer": "{phrase}",
}
OPENED_TEXT = " to improve your experience and measure the audience."
# Phrases a kind marks as opening more text ("…") whose line has another shape: a list heading naming a section.
OPENED_SHAPES = {"related": "{phrase} Region", "comments": "{phrase}. Required fields are marked *"}


@pytest.mark.parametrize(
    ("kind", "language", "phrase", "opens_text"),
    [(kind, p.language, p.text, p.opens_text) for kind in CHROME_KINDS for p in load_lexicon(kind).phrases],
)
def test_every_lexicon_phrase_is_recognised_in_its_line(kind: str, language: str, phrase: str, opens_text: bool):
    text = phrase.replace("{n}", "1 234")
    phrase_text = text[:1].upper() + text[1:]
    if opens_text and kind in OPENED_SHAPES:
        line = OPENED_SHAPES[kind].format(phrase=phrase_text)
    else:
        line = SHAPES[kind].format(phrase=phrase_text) + (OPENED_TEXT if opens_text else "")
    verdict = score_chrome(line, frozenset(CHROME_KINDS))
    assert verdict is not None and verdict.kind == kind and language in verdict.languages, line


@pytest.mark.parametrize(
    "line",
    [
        "Lire aussi le rapport complet publié lundi.",  # no separator, no capitals: a sentence
        "Publicité mensongère : l'entreprise condamnée",  # a headline after an ad word
        "Teilen Sie uns Ihre Meinung mit, sagte der Bürgermeister.",
        "Tout accepter serait une erreur, a dit le ministre.",  # a cookie button's words, then a sentence
        "Mise à jour : le suspect a été arrêté à 14h.",  # live updates are news
        "12 commentaires racistes ont été signalés à la police.",
        "Escuchar a las víctimas (todas) es la prioridad",
        "Newsletter abonnieren inzwischen mehr als zwei Millionen Leser, sagte die Verlegerin Anna Schmidt in Berlin.",
        "Χρησιμοποιούμε cookies " + "και άλλα εργαλεία " * 40,  # a banner's opening, then a long text
        "Par Jean Dupont, le ministre a été informé",  # a name, then a sentence
        "Autor Jan Novák",  # a cue written with its colon, without it
        "Themen des Tages",  # no colon: the tags must be capitalised
        "Etiquetas: el gobierno decidió subir los impuestos",  # a label too long for a tag
        "We use cookiesaurus as a mascot, the baker said.",  # a cookie phrase's word goes on by more than an ending
    ],
)
def test_structure_keeps_lines_that_open_with_a_phrase(line: str):
    assert score_chrome(line, frozenset(CHROME_KINDS)) is None


def test_a_long_cookie_banner_is_chrome_and_a_long_body_paragraph_is_not():
    banner = "This website uses cookies to improve your experience while you navigate through the website. " * 6
    assert len(banner.split()) > 80
    assert score_chrome(banner.strip()) == score_chrome("This website uses cookies.")
    assert score_chrome("Share " + "prices fell again on Monday as traders sold. " * 8) is None


def test_a_sign_up_prompt_may_end_in_a_sentence():
    assert score_chrome("Jiunge na jarida letu upate habari kila asubuhi.") is not None
    assert score_chrome("Newsletter abonnieren war nie einfacher, sagte sie.") is None


def test_editors_notes_are_recognised_but_kept_by_the_rule():
    line = "Editor's note: This story has been updated with additional details."
    assert score_chrome(line, frozenset(CHROME_KINDS)) is not None
    assert not RULES["chrome"].matches(line)


def test_the_reason_reaches_the_ledger_and_the_counter_names_the_rule():
    tally = Tally()
    result = strip_boilerplate(
        ["Le gouvernement a présenté son budget.", "Publicité", "Il sera voté en mai.", "Reklama"],
        resolve_rules(["ad_marker", "chrome"]),
        tally,
    )
    assert [(removal.line, removal.rule) for removal in result.removed] == [
        ("Publicité", "chrome[ad/fr]"),
        ("Reklama", "chrome[ad/pl+cs+hr]"),
    ]
    assert dict(tally) == {"line-removed:chrome": 2}


def test_a_related_label_alone_heads_a_list_of_headlines():
    paragraphs = [
        "Der Kanzler hat am Montag eine Reform angekündigt.",
        "Lesen Sie auch:",
        "Opposition kritisiert die Pläne",
        "Länder fordern mehr Geld",
        "Die Reform soll im Januar in Kraft treten, sagte ein Sprecher.",
    ]
    result = strip_boilerplate(paragraphs, resolve_rules(["chrome"]))
    assert [index for index, _ in result.kept] == [0, 4]
    assert {removal.rule for removal in result.removed} == {"chrome[related/de]", "chrome"}


@pytest.mark.parametrize(
    ("line", "language"),
    [
        ("Af Sofie Lund og Ritzau", "da"),  # CLDR's "{0} og {1}"
        ("Szerző: Kovács Anna és Tóth Eszter", "hu"),
        ("Teksti: Aino Virtanen ja Mikko Laaksonen", "fi"),
        ("Oleh Dewi Lestari dan Agus Santoso", "id"),
    ],
)
def test_a_byline_may_join_two_names_with_its_language_s_and(line: str, language: str):
    verdict = score_chrome(line, frozenset(CHROME_KINDS))
    assert verdict is not None and verdict.kind == "byline" and language in verdict.languages


@pytest.mark.parametrize(
    "line",
    ["Af og til regner det i Jylland", "Oleh karena itu dan karena hujan, acara dibatalkan"],
)
def test_and_between_lower_case_words_is_no_byline(line: str):
    assert score_chrome(line, frozenset(CHROME_KINDS)) is None


@pytest.mark.parametrize(
    "line",
    ["Photo: AP/J. Scott Applewhite", "Foto: J. Nowak", "Photo Courrier des Causses - J. M.", "Fot. A. B. Kowalski"],
)
def test_a_photo_credit_may_hold_initials(line: str):
    verdict = score_chrome(line)
    assert verdict is not None and verdict.kind == "credit"


def test_a_sentence_after_a_credit_word_is_no_credit_for_its_initials():
    assert score_chrome("Photo: the police said J. Smith left the house. He was arrested later.") is None
