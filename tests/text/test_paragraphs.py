"""Paragraph splitting: blank-line and one-per-line layouts stay apart, hard-wrapped text is rejoined."""

from __future__ import annotations

import textwrap

import pytest

from pipeline.text.config import ParagraphConfig
from pipeline.text.normalize import normalize_text
from pipeline.text.paragraphs import split_paragraphs, wrap_width

PARAGRAPHS = (
    "Holmes will make her first track appearance on home soil since winning double Olympic gold in January's "
    "Norwich Union International in Glasgow. She will also run in the Grand Prix in Birmingham in February and "
    "may defend her indoor AAA 800m title in Sheffield earlier that month.",
    '"I am still competitive and still want to win," she said. "I\'m an athlete and I can\'t wait to get back on '
    'the track." She added that these events were a great opportunity to thank the British public.',
    "The 800m and 1500m champion will race over 1,000m in Glasgow on 29 January, and will then run in the "
    "Birmingham Grand Prix on 18 February over 1500m. Organisers said tickets were selling fast.",
)


def test_blank_line_paragraphs():
    assert split_paragraphs("\n\n".join(PARAGRAPHS)).paragraphs == PARAGRAPHS


def test_one_paragraph_per_line_stays_apart():
    result = split_paragraphs("Hingis hints at comeback\n3 views\n" + "\n".join(PARAGRAPHS))
    assert result.paragraphs == ("Hingis hints at comeback", "3 views", *PARAGRAPHS)
    assert result.rejoined == 0


@pytest.mark.parametrize("width", [64, 70, 72, 78, 84, 90])
def test_wrapped_blank_separated_paragraphs_are_rejoined(width: int):
    wrapped = "\n\n".join(textwrap.fill(p, width, break_on_hyphens=False) for p in PARAGRAPHS)
    result = split_paragraphs(wrapped)
    assert result.paragraphs == PARAGRAPHS
    assert result.rejoined > 0


@pytest.mark.parametrize("width", [64, 76, 90])
def test_wrapped_paragraphs_with_indented_starts(width: int):
    """NBSP- or space-indented first lines mark paragraph starts even without blank lines between paragraphs."""
    wrapped = "\n".join(textwrap.fill(p, width, initial_indent="\u00a0", break_on_hyphens=False) for p in PARAGRAPHS)
    assert split_paragraphs(normalize_text(wrapped)).paragraphs == PARAGRAPHS


def test_headers_above_wrapped_text_stay_separate():
    body = textwrap.fill(" ".join(PARAGRAPHS), 70)
    header = "WIREFEED+ | Latest | Sport\n\nHolmes starts 2005 with GB events\n\nBy Staff Writer | Dec. 14, 2021"
    text = header + "\n\n" + body
    result = split_paragraphs(text)
    assert result.paragraphs == (
        "WIREFEED+ | Latest | Sport", "Holmes starts 2005 with GB events", "By Staff Writer | Dec. 14, 2021",
        " ".join(PARAGRAPHS),
    )


def test_short_lines_are_not_wrapping():
    """A teaser list of short lines has breaks where the next word would have fit: not wrapped."""
    text = "You may also like:\nBorussia Dortmund near bust\nPeace demo appeal rejected\nJones doping probe begins"
    assert wrap_width(text, ParagraphConfig()) is None
    assert len(split_paragraphs(text).paragraphs) == 4


def test_rejoin_can_be_switched_off():
    wrapped = textwrap.fill(PARAGRAPHS[0], 70)
    result = split_paragraphs(wrapped, ParagraphConfig(rejoin_wrapped=False))
    assert result.paragraphs == tuple(wrapped.split("\n"))


def test_line_ending_in_hyphen_is_joined_with_a_space():
    text = textwrap.fill("These fabrics come from advances in nano- and micro-engineering, which let makers "
                         "manipulate materials at the molecular scale and build lighter, stronger clothes for "
                         "everyday use in homes and offices around the world.", 50)
    assert "nano- and" in split_paragraphs(text).paragraphs[0]


def test_width_wider_than_max_is_not_wrapping():
    long_lines = "\n".join(PARAGRAPHS)
    assert wrap_width(long_lines, ParagraphConfig()) is None
