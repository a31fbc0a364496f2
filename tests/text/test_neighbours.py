"""The chrome scorer's neighbour signal: weak cues count at the head and tail of the body, next to chrome."""

from __future__ import annotations

import pytest

from pipeline.cli.explain import Explanation, Outcome, format_explanation
from pipeline.core.counting import Tally
from pipeline.core.record import Article
from pipeline.text.clean import ArticleCleaner, LedgerLine, RemovedLine, ledger_line_to_dict
from pipeline.text.config import CleaningConfig
from pipeline.text.neighbours import is_story_line, neighbour_chrome, weak_cue

CLEANER = ArticleCleaner(CleaningConfig())
STORY = "Der Bundestag hat am Freitag den Haushalt für das kommende Jahr mit großer Mehrheit beschlossen."


def _clean(*paragraphs: str) -> tuple[str | None, str, list[tuple[str, str]], dict[str, int]]:
    tally = Tally()
    cleaned = CLEANER.clean_text("\n\n".join(paragraphs), None, tally)
    return cleaned.title, cleaned.text, [(line.rule, line.line) for line in cleaned.removed], dict(tally)


def test_removes_weak_chrome_at_the_head_and_tail_next_to_chrome():
    title, text, removed, counts = _clean(
        "Bundestag beschließt den Haushalt",
        "Politik › Inland",
        "Von dpa/rbo",
        "Artikel anhören (4 Min.)",
        STORY,
        "Die Opposition stimmte geschlossen dagegen.",
        "Schlagworte: Politik, Haushalt",
        "15. November",
        "Newsletter abonnieren",
    )
    assert title == "Bundestag beschließt den Haushalt"
    assert text == f"{STORY}\n\nDie Opposition stimmte geschlossen dagegen."
    assert removed == [
        ("chrome[neighbour/labels]", "Politik › Inland"),
        ("chrome[neighbour/byline]", "Von dpa/rbo"),
        ("chrome[listen/de]", "Artikel anhören (4 Min.)"),
        ("chrome[tags/de]", "Schlagworte: Politik, Haushalt"),
        ("chrome[neighbour/date]", "15. November"),
        ("chrome[newsletter/de]", "Newsletter abonnieren"),
    ]
    assert counts == {"headline:detected": 1, "line-removed:chrome": 6, "chrome:neighbour": 3}


def test_keeps_short_lines_in_the_middle_and_a_short_last_sentence():
    # A date line and a subheading between story lines stay next to an ad marker; so does a short final sentence
    # with a date next to a newsletter prompt.
    title, text, removed, counts = _clean(
        "Bundestag beschließt den Haushalt",
        STORY,
        "Anzeige",
        "Sonntag, 27. Februar",
        "Die Reaktionen",
        "Die Opposition stimmte geschlossen dagegen.",
        "Die Abstimmung folgt am 15. November.",
        "Newsletter abonnieren",
    )
    assert text == "\n\n".join(
        [
            STORY,
            "Sonntag, 27. Februar",
            "Die Reaktionen",
            "Die Opposition stimmte geschlossen dagegen.",
            "Die Abstimmung folgt am 15. November.",
        ]
    )
    assert removed == [("chrome[ad/de]", "Anzeige"), ("chrome[newsletter/de]", "Newsletter abonnieren")]
    assert "chrome:neighbour" not in counts


def test_the_story_s_own_header_lines_end_the_edge():
    # bbc_republished doc001571: a match preview opens with its venue and date; a "Read more" line inserted among
    # them is chrome, the date next to it is not, since the venue (no cue) stands between it and the edge.
    _, text, removed, _ = _clean(
        "Ireland v England preview",
        "Preview: Ireland v England (Sun)",
        "Lansdowne Road, Dublin",
        "Sunday, 27 February",
        "Read more: No ads for Passion Oscar campaign",
        "1500 GMT",
        "England head to Dublin looking for a first win there since 2003, with their back row rebuilt.",
    )
    assert removed == [("read_more", "Read more: No ads for Passion Oscar campaign")]
    assert text.split("\n\n")[:4] == [
        "Preview: Ireland v England (Sun)",
        "Lansdowne Road, Dublin",
        "Sunday, 27 February",
        "1500 GMT",
    ]


def test_a_cue_without_chrome_beside_it_stays():
    _, text, removed, _ = _clean("Bundestag beschließt den Haushalt", "Von dpa/rbo", STORY)
    assert (text, removed) == (f"Von dpa/rbo\n\n{STORY}", [])


def test_nothing_goes_when_the_story_would_fall_below_min_words():
    cleaner = ArticleCleaner(CleaningConfig(min_words=5))
    cleaned = cleaner.clean_text("Haushalt beschlossen\n\nVon dpa/rbo\n\nAnzeige\n\nJa, sagte er.", None)
    assert cleaned.text == "Von dpa/rbo\n\nJa, sagte er."


def test_off_without_the_chrome_rule():
    cleaner = ArticleCleaner(CleaningConfig(rules=("ad_marker",)))
    cleaned = cleaner.clean_text(f"Haushalt beschlossen\n\nVon dpa/rbo\n\nAdvertisement\n\n{STORY}", None)
    assert [line.rule for line in cleaned.removed] == ["ad_marker"]


# The second line of a page in each language, above an audio widget: (line, the cue it is removed under).
HEAD_LINES = [
    ("fr", "Par la rédaction avec AFP | 12 mars", "date"),
    ("es", "23 de marzo - 07:48 hora local", "date"),
    ("pt", "Redação | São Paulo", "contact"),
    ("it", "Di redazione online", "byline"),
    ("pl", "Aktualizacja: 5 marca, 14:30", "date"),
    ("sv", "Nyheter / Sverige", "labels"),
    ("vi", "Thời sự | Hà Nội", "labels"),
    ("id", "Oleh tim redaksi", "byline"),
    ("sw", "Na mwandishi wetu", "byline"),
    ("tr", "Haber Merkezi | İstanbul", "contact"),
    ("nl", "Door onze redactie", "byline"),
    ("en", "Staff reporter | Springfield", "labels"),
]


@pytest.mark.parametrize(("language", "line", "cue"), HEAD_LINES)
def test_head_lines_in_many_languages(language: str, line: str, cue: str):
    _, text, removed, _ = _clean("Budget passed after a long night", line, "Listen to this article (4 min)", STORY)
    assert text == STORY
    assert removed[0] == (f"chrome[neighbour/{cue}]", line)


@pytest.mark.parametrize(
    "line",
    [
        "Die Reaktionen",
        "Lansdowne Road, Dublin",
        "1500 GMT",
        "Attendance: 8,661",
        "Ref: K Clark (Essex)",
        "Ireland 21 - 19 Argentina",
        "1. Paula Radcliffe (GB) 2:23:10",
        "Half-Life 2 is out now for the PC",  # "out" abbreviates outubro, but not written so
        "They won 2 out of 3 games",
    ],
)
def test_lines_without_a_cue(line: str):
    assert weak_cue(line) is None


def test_story_lines():
    lines = ("Ja.", "Warum?", "Gestern " + STORY[:-1], STORY[:-1], "Von dpa/rbo")
    assert [is_story_line(line) for line in lines] == [True, True, True, False, False]


def test_neighbour_chrome_follows_a_chain_from_the_chrome():
    body = [(0, "KN › Politik"), (1, "Von dpa/rbo"), (3, STORY), (4, "15. November"), (5, "Sport | Fußball")]
    assert neighbour_chrome(body, {2, 6}) == {
        1: "neighbour/byline",
        0: "neighbour/labels",
        5: "neighbour/labels",
        4: "neighbour/date",
    }
    assert neighbour_chrome(body, set()) == {}
    assert neighbour_chrome(body[:2], {2}) == {}  # no story line


def test_the_ledger_and_explain_show_the_reason():
    article = Article(id="a1", text=f"Bundestag beschließt den Haushalt\n\nVon dpa/rbo\n\nAnzeige\n\n{STORY}")
    result, removed = CLEANER.clean(article)
    assert [ledger_line_to_dict(LedgerLine(article.id, line.line, line.rule)) for line in removed] == [
        {"id": "a1", "line": "Von dpa/rbo", "rule": "chrome[neighbour/byline]"},
        {"id": "a1", "line": "Anzeige", "rule": "chrome[ad/de]"},
    ]
    cleaned = CLEANER.clean_text(article.text, None)
    assert cleaned.removed == (
        RemovedLine("Von dpa/rbo", "chrome[neighbour/byline]"),
        RemovedLine("Anzeige", "chrome[ad/de]"),
    )
    shown = format_explanation(Explanation("a1", "in.jsonl", Outcome("kept", "articles.jsonl"), article, cleaned))
    assert "    chrome[neighbour/byline]  Von dpa/rbo" in shown.splitlines()


def test_a_label_in_capitals_stays_in_the_story_and_goes_at_an_edge_next_to_chrome():
    title, text, removed, counts = _clean(
        "BREXIT: Talks resume in Brussels",
        STORY,
        "ZUM THEMA: Die SPD berät über den Haushalt",
        "OBAMA: Thank you all for coming",
        "Die Opposition stimmte geschlossen dagegen.",
        "MORE: Bombardier chief to leave company",
        "Newsletter abonnieren",
    )
    # The headline may look like a teaser: it is settled first, and stays the title.
    assert title == "BREXIT: Talks resume in Brussels"
    # In the story a label in capitals may be a subheading or a speaker: it stays.
    assert text == "\n\n".join(
        [
            STORY,
            "ZUM THEMA: Die SPD berät über den Haushalt",
            "OBAMA: Thank you all for coming",
            "Die Opposition stimmte geschlossen dagegen.",
        ]
    )
    assert removed == [
        ("chrome[neighbour/related]", "MORE: Bombardier chief to leave company"),
        ("chrome[newsletter/de]", "Newsletter abonnieren"),
    ]
    assert counts == {"headline:detected": 1, "line-removed:chrome": 2, "chrome:neighbour": 1}


def test_a_list_at_the_edge_stays():
    # Four lines with dates after the story's last sentence are its fixture list, not chrome, beside chrome or not.
    fixtures = [f"Samstag, {day}. März | Heimspiel" for day in (1, 8, 15, 22)]
    _, text, removed, _ = _clean("Der Spielplan steht", STORY, *fixtures, "Newsletter abonnieren")
    assert text == "\n\n".join([STORY, *fixtures])
    assert removed == [("chrome[newsletter/de]", "Newsletter abonnieren")]
    # Three at the head may be chrome (a section, a byline, an update line).
    head = ["Sport › Fußball", "Von dpa/rbo", "Aktualisiert am 1. März"]
    _, text, removed, _ = _clean("Der Spielplan steht", *head, "Artikel anhören (4 Min.)", STORY)
    assert text == STORY
    assert [rule for rule, _ in removed] == [
        "chrome[neighbour/labels]",
        "chrome[neighbour/byline]",
        "chrome[neighbour/date]",
        "chrome[listen/de]",
    ]


def test_a_date_between_chrome_lines_stays_above_the_story_s_own_header():
    # The same preview republished under a page header: the date touches chrome on both sides, but the venue and
    # kick-off below it (short lines without a cue) say the story starts there.
    _, text, removed, _ = _clean(
        "Ireland v England preview",
        "Listen to this article (3 min)",
        "Saturday 20 November",
        "Read more: No ads for Passion Oscar campaign",
        "Lansdowne Road, Dublin",
        "1500 GMT",
        "England head to Dublin looking for a first win there since 2003, with their back row rebuilt.",
    )
    assert [rule for rule, _ in removed] == ["chrome[listen/en]", "read_more"]
    assert text.split("\n\n")[:3] == ["Saturday 20 November", "Lansdowne Road, Dublin", "1500 GMT"]


def test_a_story_s_last_line_with_a_month_abbreviation_s_spelling_stays_beside_chrome():
    # The story's own closing line has a number and "out" (CLDR's Portuguese abbreviation of outubro); the chrome
    # below it must not make it a date line.
    body = "\n\n".join([STORY, STORY.replace("Freitag", "Montag"), "Half-Life 2 is out now for the PC", "161 comments"])
    cleaned = CLEANER.clean_text(body, "Haushalt beschlossen")
    assert cleaned.text.endswith("Half-Life 2 is out now for the PC")
    assert [line.line for line in cleaned.removed] == ["161 comments"]


def test_a_clause_announcing_an_embedded_post_is_story_beside_footer_chrome():
    # The line ends with a colon (the post it announced was not scraped) and opens with a network's name, a weak cue;
    # below it a dateline and a row of footer links. A clause of six words or more announcing what follows is story.
    announce = "Twitter seemed a bit confused by the new campaign:"
    footer = "Terms of Service | Privacy Policy"
    _, text, removed, _ = _clean("Der Spielplan steht", STORY, announce, "Published 10:02 AM EST Nov 19, 2019", footer)
    assert text == "\n\n".join([STORY, announce])
    assert [rule for rule, _ in removed] == ["dateline", "chrome[footer/en]"]
