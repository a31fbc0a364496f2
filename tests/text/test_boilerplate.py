"""Boilerplate stripping: first matching rule wins, teaser lists, footer teasers, exact counts."""

from __future__ import annotations

import pytest

from pipeline.core.counting import Tally
from pipeline.text import boilerplate
from pipeline.text.boilerplate import LineMatcher, first_match, strip_boilerplate
from pipeline.text.config import DEFAULT_RULES
from pipeline.text.rules import MAX_BOILERPLATE_CHARS, resolve_rules
from tests.conftest import PROJECT_ROOT

RULES = resolve_rules(DEFAULT_RULES)
BODY = [
    "Martina Hingis has admitted that she might consider a competitive return to tennis.",
    "The former world number one will play at the Volvo Women's Open in Pattaya.",
]


def _strip(paragraphs: list[str]) -> tuple[list[str], list[tuple[str, str]], Tally]:
    tally = Tally()
    result = strip_boilerplate(paragraphs, RULES, tally)
    return [p for _, p in result.kept], [(r.rule, r.line) for r in result.removed], tally


def test_labelled_teaser_list_removed_with_its_headlines():
    kept, removed, tally = _strip(
        [*BODY, "Like this story? Share it with your friends!", "You may also like:", "Borussia Dortmund near bust",
         "Peace demo appeal rejected", "All rights reserved. Daily Example Online 2019"]
    )
    assert kept == BODY
    assert [rule for rule, _ in removed] == ["share_prompt", "read_more", "read_more", "read_more", "copyright"]
    assert tally == {"line-removed:share_prompt": 1, "line-removed:read_more": 3, "line-removed:copyright": 1}


def test_teaser_list_ends_at_the_first_sentence():
    paragraphs = ["You may also like:", "Borussia Dortmund near bust", *BODY]
    kept, removed, _ = _strip(paragraphs)
    assert kept == BODY
    assert len(removed) == 2


TEASERS = ["Cyber crime booms in 2004", "Umaga ready for fearsome Lions"]


def test_unlabelled_teasers_beside_page_chrome_at_the_end_are_removed():
    kept, removed, _ = _strip([*BODY, "Like this story? Share it with your friends!", *TEASERS])
    assert kept == BODY
    assert [rule for rule, _ in removed] == ["share_prompt", "footer_teaser", "footer_teaser"]
    kept, removed, _ = _strip([*BODY, *TEASERS, "© 2021 Example"])
    assert kept == BODY
    assert [rule for rule, _ in removed] == ["footer_teaser", "footer_teaser", "copyright"]


def test_short_lines_ending_a_story_without_chrome_beside_them_are_kept():
    """A poem's last lines, results, a list's last items: nothing tells them from teasers but the chrome around."""
    kept, removed, _ = _strip([*BODY, *TEASERS])
    assert kept == [*BODY, *TEASERS] and removed == []
    winners = ["Best Picture Oppenheimer", "Best Director Christopher Nolan", "Best Actress Emma Stone"]
    kept, removed, _ = _strip([*BODY, "The main winners were:", *winners, "© 2021 Example"])
    assert kept == [*BODY, "The main winners were:", *winners]
    assert [rule for rule, _ in removed] == ["copyright"]


def test_single_short_last_line_is_kept():
    """One trailing headline-like line may be the article's own (a score line, a sign-off)."""
    kept, removed, _ = _strip([*BODY, "Ireland 21-19 Argentina"])
    assert kept == [*BODY, "Ireland 21-19 Argentina"]
    assert removed == []


def test_long_list_at_the_end_is_article_content():
    fixtures = [f"Team {letter} v Team {letter}{letter}" for letter in "ABCDEFGH"]
    kept, removed, _ = _strip([*BODY, *fixtures, "© 2021 Example"])
    assert kept == [*BODY, *fixtures]
    assert [rule for rule, _ in removed] == ["copyright"]


def test_removed_lines_in_text_order_with_positions():
    result = strip_boilerplate(["ADVERTISEMENT", BODY[0], "3 views", BODY[1]], RULES)
    assert [(r.index, r.rule) for r in result.removed] == [(0, "ad_marker"), (2, "engagement_count")]


def test_only_configured_rules_run():
    result = strip_boilerplate(["Advertisement", "© 2021 Example", *BODY], resolve_rules(["copyright"]))
    assert [p for _, p in result.kept] == ["Advertisement", *BODY]


def test_sponsored_label_is_removed_with_the_teasers_under_it():
    kept, removed, tally = _strip(
        [*BODY, "Sponsored", "Compare the best broadband deals in your area today", "Ten gadgets you need this winter"]
    )
    assert kept == BODY
    assert [rule for rule, _ in removed] == ["ad_marker"] * 3
    assert tally == {"line-removed:ad_marker": 3}


def test_a_subheading_after_an_advertisement_marker_is_kept():
    paragraphs = [BODY[0], "Advertisement", "Reaction from Moscow", BODY[1]]
    kept, removed, _ = _strip(paragraphs)
    assert kept == [BODY[0], "Reaction from Moscow", BODY[1]]
    assert removed == [("ad_marker", "Advertisement")]


def _seed_paragraphs() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted((PROJECT_ROOT / "seeds").rglob("*.txt"))]
    return [paragraph.strip() for text in texts for paragraph in text.split("\n") if paragraph.strip()]


def test_a_line_matcher_gives_first_match_for_every_line_remembered_or_not(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(boilerplate, "MAX_REMEMBERED_LINES", 8)  # forgets and starts again, many times
    line_rules = [rule for rule in RULES if not rule.footer_only]
    match = LineMatcher(line_rules)
    lines = _seed_paragraphs() + ["Advertisement", "x" * (MAX_BOILERPLATE_CHARS + 1), "Advertisement"]
    for line in lines + lines:
        assert match(line) is first_match(line, line_rules), line
    assert len(match._known) <= 8
    assert all(len(line) <= MAX_BOILERPLATE_CHARS for line in match._known)


def test_a_cleaner_strips_the_same_with_its_remembered_lines():
    paragraphs = [*BODY, "Advertisement", "Share this story", *BODY, "Advertisement"]
    shared = LineMatcher([rule for rule in RULES if not rule.footer_only])
    first, again = (strip_boilerplate(paragraphs, RULES, Tally(), shared) for _ in range(2))
    assert first == again == strip_boilerplate(paragraphs, RULES, Tally())


def test_a_line_matcher_of_other_rules_is_refused():
    with pytest.raises(ValueError, match="line_match must match the rules"):
        strip_boilerplate(BODY, RULES, Tally(), LineMatcher(resolve_rules(["ad_marker"])))


def test_a_timetable_in_the_story_stays_and_a_lone_timestamp_goes():
    # Times alone on their lines are datelines, unless they are a story's: a run between two story lines announced
    # by a colon, or two or more times among the story's lines (a programme).
    timetable = ["The first trains leave Riga on Monday at:", "06:15", "07:40", "09:05", "Tickets are on sale now."]
    kept, removed, tally = _strip(timetable)
    assert kept == timetable and removed == [] and "line-removed:dateline" not in tally
    programme = ["The fair opens with a parade.", "10:00", "Opening of the fair", "18:30", "Concert in the square"]
    kept, removed, _ = _strip(programme)
    assert kept == programme
    kept, removed, tally = _strip([BODY[0], "09:15", BODY[1]])
    assert removed == [("dateline", "09:15")] and tally["line-removed:dateline"] == 1


# A "read also" block inside a story, two teasers, then the story's next subheading and the story again.
READ_ALSO_INSIDE_A_STORY = {
    "en": [
        "The council voted on Monday to close the old bridge to traffic for six months.",
        "Read also:",
        "Rail strike set to disrupt services across the region this week",
        "Teachers win pay rise after two years of talks",
        "Reactions in town",
        "Shop owners on the east bank said they feared losing half their customers.",
    ],
    "ca": [
        "El ple de l'Ajuntament va aprovar dilluns el tancament del pont vell durant sis mesos.",
        "Llegiu també:",
        "La vaga de Rodalies afectarà milers de viatgers aquesta setmana",
        "Els mestres aconsegueixen una pujada salarial després de dos anys",
        "Reaccions al barri",
        "Els botiguers de la riba est temen perdre la meitat dels clients.",
    ],
    "hi": [
        "नगर परिषद ने सोमवार को पुराने पुल को छह महीने के लिए बंद करने का फैसला किया।",
        "यह भी पढ़ें:",
        "रेल हड़ताल से इस हफ्ते पूरे इलाके में सेवाएं प्रभावित होंगी",
        "दो साल की बातचीत के बाद शिक्षकों का वेतन बढ़ा",
        "व्यापारियों की चिंता",
        "पूर्वी किनारे के दुकानदारों ने कहा कि उन्हें आधे ग्राहक खोने का डर है।",
    ],
}


@pytest.mark.parametrize("language", sorted(READ_ALSO_INSIDE_A_STORY))
def test_a_subheading_under_a_read_also_block_inside_the_story_is_kept(language: str):
    paragraphs = READ_ALSO_INSIDE_A_STORY[language]
    kept, removed, tally = _strip(paragraphs)
    assert kept == [paragraphs[0], paragraphs[4], paragraphs[5]]
    assert [line for _, line in removed] == paragraphs[1:4]
    assert sum(tally.values()) == 3


def test_a_short_last_teaser_with_no_story_under_it_stays_a_teaser():
    paragraphs = [*READ_ALSO_INSIDE_A_STORY["en"][:5], "Most read"]
    kept, removed, _ = _strip(paragraphs)
    assert kept[0] == paragraphs[0]
    assert "Reactions in town" in [line for _, line in removed]
