"""Headline detection, site suffixes and repeat matching."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.headline import (
    headline_key,
    is_repeat,
    looks_like_headline,
    repeat_keys,
    strip_site_suffix,
    unicode_headline_key,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Blair returns from peace mission - Naija Newswire", "Blair returns from peace mission"),
        ("Ferguson fears Milan cutting edge | Metro Digest", "Ferguson fears Milan cutting edge"),
        ("Oil rebounds from weather effect – example.co.uk", "Oil rebounds from weather effect"),
        ("Taxes must be trusted - Kennedy - Example Daily News", "Taxes must be trusted - Kennedy"),
        # Not site names: a speaker, a team, a lower-case tail.
        ("Job cuts 'false economy' - TUC", "Job cuts 'false economy' - TUC"),
        ("Blunkett row should end - Blair", "Blunkett row should end - Blair"),
        ("Wales 24-18 Ireland - as it happened", "Wales 24-18 Ireland - as it happened"),
    ],
)
def test_strip_site_suffix(line: str, expected: str):
    assert strip_site_suffix(line) == expected


@pytest.mark.parametrize(
    "variant",
    [
        "Hague's six-figure earnings shown",
        "HAGUE'S SIX-FIGURE EARNINGS SHOWN",
        "Hague’s six-figure earnings shown",
        "Hague's six-figure earnings shown - Example Daily Post",
        "Hague's six-figure earnings shown | Example",
    ],
)
def test_repeat_variants(variant: str):
    assert is_repeat(variant, repeat_keys("Hague's six-figure earnings shown"))


@pytest.mark.parametrize(
    "line",
    [
        "Hague's six-figure earnings shown in the register.",
        "The register shows Hague's six-figure earnings.",
        "Six-figure earnings",
    ],
)
def test_not_repeats(line: str):
    assert not is_repeat(line, repeat_keys("Hague's six-figure earnings shown"))


def test_key_ignores_case_quotes_and_punctuation():
    assert headline_key("'No more concessions' on terror") == headline_key("“NO MORE CONCESSIONS” ON TERROR")


@pytest.mark.parametrize(
    "line",
    ["Kerry seeks to narrow divisions with Russia", "'My memories of Marley...'", "£1.8m indecency fine for Viacom",
     "Ireland 21-19 Argentina", "Is this the end for vinyl?", "iPod maker Apple sues bloggers"],
)
def test_looks_like_headline(line: str):
    assert looks_like_headline(line, 20)


@pytest.mark.parametrize(
    "line",
    ["US Secretary of State John Kerry is in Moscow for talks.", "You may also like:", "and then the match ended",
     " ".join(["word"] * 21)],
)
def test_does_not_look_like_headline(line: str):
    assert not looks_like_headline(line, 20)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_shortcut_gives_the_same_key(line: str):
    assert headline_key(line) == unicode_headline_key(line)
