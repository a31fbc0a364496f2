"""The worker tasks (pipeline.work.tasks): cleaning with fingerprinting gives what the two steps gave apart, keeps a
fingerprinting error apart from the cleaning result, and depends on nothing of an article but its text inputs."""

from pipeline.core.pickled import Pickled
from pipeline.core.record import Article, Reject
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.keep import keep_rank
from pipeline.text.clean import ArticleCleaner
from pipeline.text.config import CleaningConfig
from pipeline.text.learned import article_keys
from pipeline.text.packed_lines import unpack_lines
from pipeline.work.tasks import CleanTexts, Fingerprints, NormalizeTexts, clean_item_chars, ranked

STORY = (
    "Advertisement\n\nThe council voted on Tuesday to close the old harbour bridge for repairs next spring. "
    "Engineers found cracks in three of the steel supports during an inspection in August."
)
ARTICLES = [Article("story", STORY, published="2024-03-01"), Article("empty", "Advertisement")]
CLEANER = ArticleCleaner(CleaningConfig())


def _ready(task):
    task.setup()
    return task


def _items(articles):
    return [(article.text, article.title, frozenset(), None) for article in articles]


def test_cleaning_with_a_dedup_config_fingerprints_what_it_cleaned():
    fused = _ready(CleanTexts(CleaningConfig(), DedupConfig()))(_items(ARTICLES))
    alone = _ready(CleanTexts(CleaningConfig()))(_items(ARTICLES))
    (cleaned, text_fingerprint), (cleaned_to_nothing, no_fingerprint) = (outcome.result for outcome in fused)
    assert [outcome.result[0] for outcome in fused] == [outcome.result[0] for outcome in alone]
    assert [outcome.counts for outcome in fused] == [outcome.counts for outcome in alone]
    assert cleaned.text.startswith("The council voted") and [line.rule for line in cleaned.removed] == ["ad_marker"]
    article = CLEANER.settle(ARTICLES[0], cleaned)
    assert (article, cleaned.removed) == CLEANER.clean(ARTICLES[0])
    assert ranked(article, text_fingerprint) == _ready(Fingerprints(DedupConfig()))([article])[0]
    assert isinstance(CLEANER.settle(ARTICLES[1], cleaned_to_nothing), Reject) and no_fingerprint is None
    assert all(outcome.result[1] is None for outcome in alone)


def test_an_articles_fingerprint_is_its_texts_with_its_own_rank():
    fingerprints = _ready(Fingerprints(DedupConfig()))
    copy = Article("copy", STORY, published="2024-03-02")
    text = fingerprints.text(STORY)
    assert ranked(copy, text) == fingerprints.one(copy)
    assert ranked(copy, text).result[0] == keep_rank(copy)
    assert ranked(ARTICLES[0], text).result[0] == keep_rank(ARTICLES[0]) != keep_rank(copy)


def test_a_published_time_that_cannot_be_ranked_is_a_fingerprinting_error():
    fingerprints = _ready(Fingerprints(DedupConfig()))
    outcome = fingerprints.one(Article("old", STORY, published="0001-01-01T00:00:00+01:00"))
    assert outcome.result is None and outcome.error.kind == "OverflowError"


def test_a_fingerprinting_error_is_the_fingerprints_not_the_cleanings(monkeypatch):
    def fail(*args):
        raise ValueError("no shingles today")

    monkeypatch.setattr("pipeline.work.tasks.signature_and_shingle_set", fail)
    [outcome] = _ready(CleanTexts(CleaningConfig(), DedupConfig()))(_items(ARTICLES[:1]))
    assert outcome.error is None  # cleaned: its counts and result stand
    cleaned, text_fingerprint = outcome.result
    fingerprint = ranked(CLEANER.settle(ARTICLES[0], cleaned), text_fingerprint)
    assert cleaned.text.startswith("The council") and fingerprint.result is None
    assert fingerprint.error.describe("fingerprinting") == (
        "ValueError in fingerprinting: no shingles today; please report it to newsclean with this record"
    )


def test_pickled_normalizing_gives_the_same_text_and_keys_for_the_runner_to_pass_on():
    learning = CleaningConfig()
    assert learning.learned.enabled
    texts = [STORY, "Share this\n\nA line. Another line.", "Advertisement"]
    plain = _ready(NormalizeTexts(learning))(texts)
    pickled = _ready(NormalizeTexts(learning, pickled=True))(texts)
    assert [outcome.counts for outcome in pickled] == [outcome.counts for outcome in plain]
    for (normalized, keys), (packed, packed_keys) in zip(
        (outcome.result for outcome in plain), (outcome.result for outcome in pickled), strict=True
    ):
        assert isinstance(packed, Pickled)
        assert packed.load() == normalized and packed.size == sum(map(len, normalized.paragraphs))
        assert packed_keys == keys
    content, lines, story = article_keys(plain[1].result[0].paragraphs)
    assert plain[1].result[1][0] == content and unpack_lines(plain[1].result[1][1]) == (lines, story)


def test_cleaning_a_pickled_normalized_text_is_cleaning_the_text():
    normalized = [outcome.result[0] for outcome in _ready(NormalizeTexts(CleaningConfig()))([STORY, "Advertisement"])]
    task = _ready(CleanTexts(CleaningConfig(), DedupConfig()))
    sizes = [sum(map(len, text.paragraphs)) for text in normalized]
    given = [("", None, frozenset(), text) for text in normalized]
    packed = [("", None, frozenset(), Pickled.of(text, size)) for text, size in zip(normalized, sizes, strict=True)]
    assert task(packed) == task(given) == task(_items(ARTICLES))
    assert [clean_item_chars(item) for item in packed] == [clean_item_chars(item) for item in given] == sizes
