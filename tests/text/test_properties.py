"""Properties of the cleaner that must hold for any input (hypothesis), not only for the cases we thought of."""

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.text.clean import ArticleCleaner
from pipeline.text.config import CleaningConfig
from pipeline.text.normalize import normalize_text

CLEANER = ArticleCleaner(CleaningConfig())
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words that no boilerplate rule targets: ordinary reporting vocabulary without ads, share prompts, dates or numbers.
SAFE_WORDS = (
    "the council river school minister voters harbour report farmers plan warned said would could after before "
    "during their new old local national government police officers residents market prices rose fell sharply "
    "because about against between while although people families workers children hospital doctors nurses"
).split()

any_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400
)
# Text that looks like scraped news: words, punctuation, entities, mojibake, odd spaces and line breaks.
scraped_pieces = st.sampled_from(
    ["Advertisement", "Share on Facebook", "&pound;5", "&#39;", "â€™", "\u00a0", "\u200b", "\r\n", "\n\n", "\n", " ",
     "  ", ".", ",", '"', "\u201c", "\u201d", "Read more: ", "© 2024", "|", "0242202447", "Headline"]
)
scraped_text = st.lists(st.one_of(scraped_pieces, st.sampled_from(SAFE_WORDS)), max_size=120).map("".join)
texts = st.one_of(any_text, scraped_text)


@st.composite
def plain_articles(draw) -> tuple[str, list[str]]:
    """A headline and paragraphs of ordinary sentences that no rule should touch."""
    paragraphs = []
    for _ in range(draw(st.integers(1, 5))):
        sentences = []
        for _ in range(draw(st.integers(2, 4))):
            words = draw(st.lists(st.sampled_from(SAFE_WORDS), min_size=8, max_size=20))
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    return "Council sets out new plan for the river", paragraphs


@PROPERTY_SETTINGS
@given(texts)
def test_cleaning_never_raises_and_gives_nfc_text(text):
    cleaned = CLEANER.clean_text(text, None)
    assert unicodedata.is_normalized("NFC", cleaned.text)
    assert cleaned.title is None or unicodedata.is_normalized("NFC", cleaned.title)
    assert "\u00a0" not in cleaned.text and "\u200b" not in cleaned.text and "\r" not in cleaned.text


@PROPERTY_SETTINGS
@given(texts)
def test_cleaning_is_idempotent(text):
    once = CLEANER.clean_text(text, None)
    twice = CLEANER.clean_text(once.text, once.title)
    assert (twice.title, twice.text) == (once.title, once.text)


@PROPERTY_SETTINGS
@given(texts)
def test_normalization_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@PROPERTY_SETTINGS
@given(plain_articles())
def test_article_text_that_no_rule_targets_comes_out_unchanged(article):
    title, paragraphs = article
    cleaned = CLEANER.clean_text(title + "\n\n" + "\n\n".join(paragraphs), None)
    assert cleaned.title == title
    assert cleaned.text == "\n\n".join(paragraphs)
    assert cleaned.removed == ()
