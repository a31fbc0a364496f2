"""Boilerplate stripping: first matching rule wins, teaser lists, footer teasers, exact counts."""

from __future__ import annotations

from pipeline.core.counting import Tally
from pipeline.text.boilerplate import strip_boilerplate
from pipeline.text.config import DEFAULT_RULES
from pipeline.text.rules import resolve_rules

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


def test_unlabelled_teasers_at_the_end_are_removed():
    kept, removed, _ = _strip([*BODY, "Cyber crime booms in 2004", "Umaga ready for fearsome Lions"])
    assert kept == BODY
    assert [rule for rule, _ in removed] == ["footer_teaser", "footer_teaser"]


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
