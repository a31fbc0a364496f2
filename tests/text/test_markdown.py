"""Markdown a crawler wrote the page as: read as plain text only where the text has Markdown's shape."""

from __future__ import annotations

import pytest

from pipeline.core.counting import Tally
from pipeline.text.clean import ArticleCleaner
from pipeline.text.config import CleaningConfig, NormalizeConfig
from pipeline.text.markdown import looks_like_markdown, strip_markdown

CRAWLED = """[Home](https://example.com/) > [News](https://example.com/news) > Politics

# Council approves new budget

![A council meeting](https://example.com/img/council.jpg "The chamber")

By **Jane Smith** | 5 March 2026

The council approved its budget on Monday, with £2m for *roads* and £1m for parks.

**Advertisement**

> "This is a budget for everyone," the leader said.

* Roads: £2m
* Parks: £1m

Share this: [Facebook](https://facebook.com/x) | [Twitter](https://twitter.com/x)

**Read more:** [Fuel prices rise again](https://example.com/fuel)

© 2026 Example News. All rights reserved."""


def test_a_crawled_markdown_page_cleans_as_its_text_would():
    tally = Tally()
    cleaned = ArticleCleaner(CleaningConfig()).clean_text(CRAWLED, None, tally)
    assert cleaned.title == "Council approves new budget"
    assert cleaned.text == (
        "The council approved its budget on Monday, with £2m for roads and £1m for parks.\n\n"
        '"This is a budget for everyone," the leader said.\n\n'
        "* Roads: £2m\n\n* Parks: £1m"
    )
    assert [line.rule for line in cleaned.removed] == [
        "site_navigation", "byline", "ad_marker", "share_prompt", "read_more", "copyright",
    ]  # fmt: skip
    assert tally["normalize:markdown"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "The #MeToo movement grew in 2017, and #TimesUp followed, she said.",
        "Sales rose 5*3 times, he said, stressing the word **twice** in the interview.",
        "The [sic] note and the list [1] were attached to the report (see page 4).",
        "# 1 in the charts: Elvis, for the 19th time.",
        "The function snake_case_name and __init__ were renamed, the developers said.",
    ],
)
def test_a_story_with_a_few_such_marks_keeps_them(text: str):
    assert not looks_like_markdown(text)
    assert strip_markdown(text) == text


def test_the_markdown_step_can_be_switched_off():
    config = CleaningConfig(normalize=NormalizeConfig(strip_markdown=False))
    cleaned = ArticleCleaner(config).clean_text(CRAWLED, None)
    assert cleaned.title is None and "[Home](https://example.com/)" in cleaned.text
