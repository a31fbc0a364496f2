"""HTML markup a scraper left in the text: taken out only where the text has markup's shape."""

from __future__ import annotations

import pytest

from pipeline.core.counting import Tally
from pipeline.text.clean import ArticleCleaner
from pipeline.text.config import CleaningConfig, NormalizeConfig
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


def test_a_scraped_fragment_cleans_as_its_text_would():
    tally = Tally()
    cleaned = ArticleCleaner(CleaningConfig()).clean_text(SCRAPED, None, tally)
    assert cleaned.title == "Council approves budget"
    # <br> ends a line; in text of one paragraph per line, as this is after the tags go, a line is a paragraph.
    # A tag of no HTML element is text.
    assert cleaned.text == (
        "The council approved its budget on Monday.\n\n"
        "It includes £2m for roads.\n\nWork starts in May.\n\n"
        "Roads: £2m\n\nParks: £1m\n\n"
        "Councillors voted 30 to 12, the clerk said. <custom-widget>ok</custom-widget>"
    )
    assert [(line.line, line.rule) for line in cleaned.removed] == [("Advertisement", "ad_marker")]
    assert tally["normalize:markup"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "Use the <p> tag for paragraphs and <br> for breaks, the course teaches.",
        "If a<b and c>d, then the claim holds.",
        "The site wrote &lt;p&gt;Hello&lt;/p&gt; &lt;b&gt;in bold&lt;/b&gt;.",
        "<p>One paragraph</p> and nothing else.",
        "Readers sent <3 and <hugs> and </hugs> and <love>.",
    ],
)
def test_a_story_that_mentions_tags_keeps_them(text: str):
    assert not looks_like_markup(text)
    assert strip_markup(text) == text


def test_tags_a_story_writes_as_entities_stay_text():
    text = "<p>Headline here</p>\n<p>The page showed &lt;p&gt;Hello&lt;/p&gt; and &lt;b&gt;bold&lt;/b&gt;.</p>"
    cleaned = ArticleCleaner(CleaningConfig()).clean_text(text, None)
    assert cleaned.text == "The page showed <p>Hello</p> and <b>bold</b>."


def test_the_markup_step_can_be_switched_off():
    config = CleaningConfig(normalize=NormalizeConfig(strip_markup=False))
    cleaned = ArticleCleaner(config).clean_text("<p>First.</p><p>Second one.</p><p>Third.</p>", None)
    assert cleaned.text == "<p>First.</p><p>Second one.</p><p>Third.</p>"
