"""keep_rank: which copy of a duplicate group is kept."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.record import Article
from pipeline.dedup.keep import completeness, keep_rank, normalized_completeness
from pipeline.dedup.minhash import normalized_utf8


def article(id: str, text: str = "body text", published: str | None = None) -> Article:
    return Article(id=id, text=text, published=published)


def kept(*articles: Article) -> str:
    return min(articles, key=keep_rank).id


def test_earliest_published_wins_over_length_and_id():
    assert kept(article("a", "long " * 50, "2024-03-02"), article("z", "short", "2024-03-01")) == "z"


def test_published_compares_instants_across_time_zones():
    # 10:30+02:00 is 08:30 UTC, earlier than 09:00Z although its text sorts later.
    assert (
        kept(article("a", published="2024-03-01T09:00:00Z"), article("b", published="2024-03-01T10:30:00+02:00")) == "b"
    )


def test_missing_published_sorts_after_any_present_one():
    assert kept(article("a", "long " * 50, None), article("b", "short", "2099-12-31")) == "b"
    assert kept(article("a", "long " * 50, ""), article("b", "short", "2099-12-31")) == "b"


def test_unparseable_published_sorts_after_parseable_and_before_missing():
    assert kept(article("a", published="last Tuesday"), article("b", published="2099-01-01")) == "b"
    assert kept(article("a", published="last Tuesday"), article("b", published=None)) == "a"


def test_then_the_most_complete_text_wins():
    assert kept(article("a", "The story."), article("b", "The story, in full.")) == "b"


def test_whitespace_does_not_make_a_text_more_complete():
    assert kept(article("b", "The   story\n\n in full."), article("a", "The story in full.")) == "a"


def test_then_the_smallest_id_wins():
    assert kept(article("b"), article("a"), article("c")) == "a"


def test_rank_is_a_plain_picklable_tuple_independent_of_other_fields():
    rank = keep_rank(Article(id="x1", text="a b c", published="2024-03-01T10:00:00+01:00", url="u", source="s"))
    assert rank == (0, "2024-03-01T09:00:00.000000", -3, "x1")
    assert pickle.loads(pickle.dumps(rank)) == rank
    assert all(isinstance(part, int | str) for part in rank)


def test_order_of_input_does_not_matter():
    group = [article("c", "x y", "2024-01-02"), article("a", "x y z", None), article("b", "x", "2024-01-02")]
    assert kept(*group) == kept(*reversed(group)) == "c"


# Whitespace of every kind str.split() knows (and a zero-width space, which is not whitespace), ASCII and not.
WHITESPACE_AND_WORDS = [*"ab é\n\t", "\u00a0", "\u3000", "\u2028", "\x1c", "\u200b", "日"]


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(WHITESPACE_AND_WORDS), max_size=40))
def test_completeness_from_the_normalized_bytes_is_the_texts(text: str):
    assert normalized_completeness(normalized_utf8(text)) == completeness(text)
