"""The worker tasks (pipeline.tasks): cleaning with fingerprinting gives what the two steps gave apart, and keeps a
fingerprinting error apart from the cleaning result."""

from pipeline.dedup.config import DedupConfig
from pipeline.record import Article, Reject
from pipeline.tasks import CleanArticleTexts, Fingerprints
from pipeline.text.config import CleaningConfig

STORY = (
    "Advertisement\n\nThe council voted on Tuesday to close the old harbour bridge for repairs next spring. "
    "Engineers found cracks in three of the steel supports during an inspection in August."
)
ARTICLES = [Article("story", STORY, published="2024-03-01"), Article("empty", "Advertisement")]


def _ready(task):
    task.setup()
    return task


def test_cleaning_with_a_dedup_config_fingerprints_what_it_cleaned():
    fused = _ready(CleanArticleTexts(CleaningConfig(), DedupConfig()))([(a, frozenset(), None) for a in ARTICLES])
    alone = _ready(CleanArticleTexts(CleaningConfig()))([(a, frozenset(), None) for a in ARTICLES])
    (cleaned, removed, fingerprint), (rejected, _, no_fingerprint) = (outcome.result for outcome in fused)
    assert [outcome.result[:2] for outcome in fused] == [outcome.result[:2] for outcome in alone]
    assert cleaned.text.startswith("The council voted") and [line.rule for line in removed] == ["ad_marker"]
    assert fingerprint == _ready(Fingerprints(DedupConfig()))([cleaned])[0]
    assert isinstance(rejected, Reject) and no_fingerprint is None  # nothing to fingerprint
    assert all(outcome.result[2] is None for outcome in alone)


def test_a_fingerprinting_error_is_the_fingerprints_not_the_cleanings(monkeypatch):
    def fail(*args):
        raise ValueError("no shingles today")

    monkeypatch.setattr("pipeline.tasks.signature_and_shingle_set", fail)
    [outcome] = _ready(CleanArticleTexts(CleaningConfig(), DedupConfig()))([(ARTICLES[0], frozenset(), None)])
    assert outcome.error is None  # cleaned: its counts and result stand
    cleaned, _, fingerprint = outcome.result
    assert cleaned.id == "story" and fingerprint.result is None
    assert fingerprint.error.describe("fingerprinting") == (
        "ValueError in fingerprinting: no shingles today; please report it to newsclean with this record"
    )
