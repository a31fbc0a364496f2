"""The chrome lexicons shipped in pipeline/data/chrome/: each loads, names its source and covers 25+ languages."""

from __future__ import annotations

import pytest

from pipeline.text.lexicon import LEXICON_KINDS, LexiconError, Phrase, load_lexicon, parse_lexicon

# The issue asks for at least 25 languages in every lexicon.
MIN_LANGUAGES = 25
REQUIRED_LANGUAGES = frozenset("fr de es pt id sw it nl pl tr sv da no fi cs ro hu ru uk el vi ms tl ca hr en".split())


@pytest.mark.parametrize("kind", LEXICON_KINDS)
def test_lexicon_loads_with_its_source_and_every_required_language(kind: str):
    lexicon = load_lexicon(kind)
    assert lexicon.source.startswith("Source:")
    assert len(lexicon.languages()) >= MIN_LANGUAGES
    assert lexicon.languages() >= REQUIRED_LANGUAGES


@pytest.mark.parametrize("kind", LEXICON_KINDS)
def test_lexicon_has_no_repeated_rows(kind: str):
    rows = [(phrase.language, phrase.text) for phrase in load_lexicon(kind).phrases]
    assert len(rows) == len(set(rows))


def test_phrases_are_casefolded_and_the_open_mark_is_kept_apart():
    lexicon = parse_lexicon(
        "cookie", "# Source: here\nlanguage\tphrase\nde\tWir verwenden Cookies …\nde\tAlle akzeptieren\n"
    )
    assert lexicon.phrases == (Phrase("de", "wir verwenden cookies", True), Phrase("de", "alle akzeptieren", False))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fr\tpublicité\n", "the header row must be 'language<TAB>phrase'"),
        ("language\tphrase\nfrench\tpublicité\n", "line 2: expected 'language<TAB>phrase'"),
        ("language\tphrase\nfr\t\n", "line 2: expected 'language<TAB>phrase'"),
        ("language\tphrase\n", "no phrases"),
    ],
)
def test_malformed_files_are_refused_with_the_line(text: str, message: str):
    with pytest.raises(LexiconError, match=message):
        parse_lexicon("ad", text, "ad.tsv")
