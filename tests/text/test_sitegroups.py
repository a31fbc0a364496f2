"""Site groups inferred from the text, the pure parts: link lines, the pair forest, each line's and article's group."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.record import Article
from pipeline.text.config import LearnedConfig
from pipeline.text.sitegroups import (
    MAX_LINKS_PER_ARTICLE,
    PairForest,
    group_name,
    group_of,
    is_link_line,
    learned_site,
    link_pairs,
)


def forest_of(articles: list[list[int]]) -> PairForest:
    forest = PairForest()
    for links in articles:
        forest.add(links)
    return forest


# two sites (lines 10-14 and 20-24), each article with three or four of its site's lines; line 1 is on both sites'
# pages, with a different site line beside it on each
SITE_A = [[10, 11, 12], [10, 12, 13, 1], [10, 13, 14], [10, 11, 14, 1], [11, 12, 13], [12, 13, 14]]
SITE_B = [[20, 21, 22, 1], [20, 22, 23], [20, 23, 24, 1], [20, 21, 24], [21, 22, 23], [22, 23, 24]]


def test_two_sites_sharing_one_generic_line_stay_two_groups():
    forest = forest_of(SITE_A + SITE_B)
    groups = forest.line_groups()
    # each named by its smallest pair, which may hold the generic line: a pair is one group's
    group_a, group_b = group_name((1, 10)), group_name((1, 20))
    assert groups == {line: group_a for line in range(10, 15)} | {line: group_b for line in range(20, 25)}


def test_a_page_sharing_no_pair_makes_no_line_generic():
    # one page of site B with site A's line 10 and otherwise lines of its own: its pairs are its own, so 10 stays A's
    groups = forest_of([*SITE_A, *SITE_B, [10, 20, 50, 51]]).line_groups()
    assert groups == forest_of(SITE_A + SITE_B).line_groups()


def test_an_article_carrying_two_sites_lines_joins_them():
    # what the pairs guard against is one *line* shared by two sites; a page carrying two lines of each site is one
    # site's page as far as the text can tell
    groups = forest_of([*SITE_A, *SITE_B, [10, 11, 20, 21], [10, 11, 20, 22]]).line_groups()
    assert len(set(groups.values())) == 1 and 1 in groups


@settings(max_examples=30, deadline=None, derandomize=True, database=None)
@given(seed=st.integers(min_value=0, max_value=2**16), split=st.integers(min_value=0, max_value=8))
def test_groups_depend_on_neither_order_nor_how_the_work_is_split(seed, split):
    articles = SITE_A + SITE_B + [[30, 31], [31, 32, 30], [1, 40]]
    expected = forest_of(articles).line_groups()
    shuffled = random.Random(seed).sample(articles, len(articles))
    first, second = forest_of(shuffled[:split]), forest_of(shuffled[split:])
    second.merge(first)
    assert second.line_groups() == expected


def test_an_article_with_many_link_lines_pairs_only_its_first_ones():
    assert len(link_pairs(range(100))) == MAX_LINKS_PER_ARTICLE * (MAX_LINKS_PER_ARTICLE - 1) // 2


def test_an_articles_group_is_the_one_most_of_its_lines_belong_to():
    groups = {1: "inferred:b", 2: "inferred:b", 3: "inferred:a"}
    assert group_of([1, 2, 3], groups) == "inferred:b"
    assert group_of([1, 3], groups) == "inferred:a"  # a tie: the smaller name
    assert group_of([7], groups) is None and group_of([], groups) is None


def test_link_lines_are_short_lines_of_enough_stories_and_not_on_most_pages():
    assert is_link_line("Lire aussi", stories=5, articles=9, unsited_articles=100, min_stories=5, max_share=0.5)
    assert not is_link_line("Lire aussi", stories=4, articles=40, unsited_articles=100, min_stories=5, max_share=0.5)
    assert not is_link_line("Lire aussi", stories=60, articles=60, unsited_articles=100, min_stories=5, max_share=0.5)
    assert not is_link_line("Lire aussi", stories=5, articles=9, unsited_articles=100, min_stories=0, max_share=0.5)
    sentence = "The minister said the new bridge would open to traffic in the spring, three months later than planned."
    assert not is_link_line(sentence + " " + sentence, stories=9, articles=9, unsited_articles=100, min_stories=5,
                            max_share=0.5)  # fmt: skip


def test_only_articles_with_no_site_take_an_inferred_group():
    groups = {int("d2ee7b1953ba5372", 16): "inferred:x"}  # line_key("Follow us on X")
    paragraphs = ["Follow us on X", "Body."]
    assert learned_site(Article("1", ""), paragraphs, groups) == "inferred:x"
    assert learned_site(Article("2", "", url="https://www.example.com/a"), paragraphs, groups) == "example.com"
    assert learned_site(Article("3", ""), ["Body."], groups) == ""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"infer_min_stories": -1}, "infer_min_stories must be >= 0"),
        ({"infer_max_share": 0.0}, "infer_max_share must be above 0"),
        ({"infer_max_share": 1.5}, "infer_max_share must be above 0"),
    ],
)
def test_bad_inference_settings_are_refused(fields, message):
    with pytest.raises(ValueError, match=message):
        LearnedConfig(**fields)
