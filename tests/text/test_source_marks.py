"""HTML markup and Markdown left in scraped text: read as plain text only where the text has their shape."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.core.counting import Tally
from pipeline.text.clean import ArticleCleaner
from pipeline.text.config import CleaningConfig, NormalizeConfig
from pipeline.text.markdown import looks_like_markdown, strip_markdown
from pipeline.text.markup import looks_like_markup, strip_markup

SCRAPED = (
    "<!DOCTYPE html><!-- article body -->\n"
    "<h1 class='title'>Council approves budget</h1>\n"
    '<p>The council <a href="/council?a=1&b=2" title="x > y">approved</a> its budget on Monday.</p>\n'
    "<P>It includes &pound;2m for roads.<BR/>Work starts in May.</P>\n"
    '<div class="ad">Advertisement</div><script>window.ads = "<p>";</script>\n'
    "<ul><li>Roads: £2m</li><li>Parks: £1m</li></ul>\n"
    "<p>Councillors voted 30 to 12, the clerk said. <custom-widget>ok</custom-widget></p>"
)

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


@pytest.mark.parametrize(
    ("text", "fix", "title", "body", "removed"),
    [
        (
            SCRAPED,
            "markup",
            "Council approves budget",
            # <br> ends a line; in text of one paragraph per line, as this is once the tags go, a line is a paragraph.
            # A tag of no HTML element is text.
            "The council approved its budget on Monday.\n\nIt includes £2m for roads.\n\nWork starts in May.\n\n"
            "Roads: £2m\n\nParks: £1m\n\nCouncillors voted 30 to 12, the clerk said. <custom-widget>ok</custom-widget>",
            ["ad_marker"],
        ),
        (
            CRAWLED,
            "markdown",
            "Council approves new budget",
            "The council approved its budget on Monday, with £2m for roads and £1m for parks.\n\n"
            '"This is a budget for everyone," the leader said.\n\n* Roads: £2m\n\n* Parks: £1m',
            ["site_navigation", "byline", "ad_marker", "share_prompt", "read_more", "copyright"],
        ),
    ],
    ids=["scraped-html", "crawled-markdown"],
)
def test_a_page_with_marks_cleans_as_its_text_would(text: str, fix: str, title: str, body: str, removed: list[str]):
    tally = Tally()
    cleaned = ArticleCleaner(CleaningConfig()).clean_text(text, None, tally)
    assert (cleaned.title, cleaned.text) == (title, body)
    assert [line.rule for line in cleaned.removed] == removed
    assert tally[f"normalize:{fix}"] == 1


def test_tags_a_story_writes_as_entities_stay_text():
    text = "<p>Headline here</p>\n<p>The page showed &lt;p&gt;Hello&lt;/p&gt; and &lt;b&gt;bold&lt;/b&gt;.</p>"
    cleaned = ArticleCleaner(CleaningConfig()).clean_text(text, None)
    assert cleaned.text == "The page showed <p>Hello</p> and <b>bold</b>."


@pytest.mark.parametrize(
    ("looks_like", "strip", "text"),
    [
        (looks_like_markup, strip_markup, "Use the <p> tag for paragraphs and <br> for breaks, the course teaches."),
        (looks_like_markup, strip_markup, "If a<b and c>d, then the claim holds."),
        (looks_like_markup, strip_markup, "The site wrote &lt;p&gt;Hello&lt;/p&gt; &lt;b&gt;in bold&lt;/b&gt;."),
        (looks_like_markup, strip_markup, "<p>One paragraph</p> and nothing else."),
        (looks_like_markup, strip_markup, "Readers sent <3 and <hugs> and </hugs> and <love>."),
        (looks_like_markdown, strip_markdown, "The #MeToo movement grew in 2017, and #TimesUp followed, she said."),
        (
            looks_like_markdown,
            strip_markdown,
            "Sales rose 5*3 times, he said, stressing the word **twice** in the interview.",
        ),
        (
            looks_like_markdown,
            strip_markdown,
            "The [sic] note and the list [1] were attached to the report (see page 4).",
        ),
        (looks_like_markdown, strip_markdown, "# 1 in the charts: Elvis, for the 19th time."),
        (
            looks_like_markdown,
            strip_markdown,
            "The function snake_case_name and __init__ were renamed, the developers said.",
        ),
    ],
)
def test_a_story_with_a_few_such_marks_keeps_them(
    looks_like: Callable[[str], bool], strip: Callable[[str], str], text: str
):
    assert not looks_like(text)
    assert strip(text) == text


@pytest.mark.parametrize(
    ("option", "text", "left"),
    [("strip_markup", SCRAPED, '<div class="ad">Advertisement</div>'), ("strip_markdown", CRAWLED, "[Home](https://")],
)
def test_each_step_can_be_switched_off(option: str, text: str, left: str):
    config = CleaningConfig(normalize=NormalizeConfig(**{option: False}))
    cleaned = ArticleCleaner(config).clean_text(text, None)
    assert cleaned.title is None
    assert left in cleaned.text
