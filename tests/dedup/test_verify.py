"""Candidate verification: real Jaccard and containment of shingle sets, and the match kind they give."""

import pytest

from pipeline.dedup.verify import Overlap, classify, contained_side, overlap, shingle_set, shingle_set_values

BODY = "the council voted on tuesday to close the old harbour bridge for repairs next spring"  # 15 words: 11 shingles


def test_overlap_of_a_truncated_copy():
    truncated = " ".join(BODY.split()[:10])  # 6 shingles, all in BODY
    found = overlap(shingle_set(truncated, 5), shingle_set(BODY, 5))
    assert found == Overlap(jaccard=6 / 11, left_in_right=1.0, right_in_left=6 / 11)


def test_overlap_of_a_copy_with_an_intro():
    with_intro = "our partner site reports " + BODY  # 4 more shingles across the join: 15
    found = overlap(shingle_set(BODY, 5), shingle_set(with_intro, 5))
    assert found == Overlap(jaccard=11 / 15, left_in_right=1.0, right_in_left=11 / 15)


def test_overlap_is_case_and_punctuation_blind_and_empty_sets_share_nothing():
    assert overlap(shingle_set(BODY, 5), shingle_set(BODY.upper() + "!", 5)).jaccard == 1.0
    assert overlap(b"", b"") == Overlap(0.0, 0.0, 0.0)


def test_shingle_sets_are_sorted_distinct_uint32():
    values = shingle_set_values(shingle_set(BODY + " " + BODY, 5)).tolist()
    assert values == sorted(set(values))
    with pytest.raises(ValueError, match="multiple of 4 bytes"):
        shingle_set_values(b"abc")


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (Overlap(0.55, 0.6, 0.6), "near"),  # at the threshold
        (Overlap(0.5499, 0.6, 0.6), None),  # just below, not contained
        (Overlap(0.3, 0.8, 0.3), "containment"),  # at the containment threshold
        (Overlap(0.3, 0.7999, 0.3), None),
        (Overlap(0.3, 0.3, 0.95), None),  # the other one is contained: this one must stay
    ],
)
def test_classify(found, expected):
    assert classify(False, found, 0.55, 0.8) == expected


def test_classify_exact_first_and_containment_off():
    assert classify(True, Overlap(0.0, 0.0, 0.0), 0.55, 0.8) == "exact"
    assert classify(False, Overlap(0.3, 0.9, 0.3), 0.55, None) is None


def test_contained_side_picks_the_fragment():
    assert contained_side(Overlap(0.3, 0.9, 0.3), 10, 30, 0.55, 0.8) == "left"
    assert contained_side(Overlap(0.3, 0.3, 0.9), 30, 10, 0.55, 0.8) == "right"
    assert contained_side(Overlap(0.3, 0.3, 0.3), 10, 10, 0.55, 0.8) is None
    # Both sides contained (low threshold): the larger containment is the fragment; on a tie, the smaller set.
    assert contained_side(Overlap(0.5, 0.7, 0.6), 10, 12, 0.55, 0.5) == "left"
    assert contained_side(Overlap(0.5, 0.6, 0.6), 12, 10, 0.55, 0.5) == "right"


# A Chinese story (written for this test) and copies of it as republishing sites change it.
CHINESE_STORY = (
    "国务院新闻办公室5日举行新闻发布会，介绍今年前三季度国民经济运行情况。国家统计局新闻发言人表示，前三季度国内生产总值"
    "同比增长5.2%，经济运行总体平稳。分季度看，一季度增长5.3%，二季度增长5.0%，三季度增长5.4%。发言人指出，消费对经济"
    "增长的贡献率明显提高，服务业增加值增长较快。与此同时，外部环境依然复杂严峻，国内需求仍显不足，部分企业经营困难。"
)


def test_a_chinese_copy_with_a_few_characters_changed_stays_a_near_duplicate():
    # Each letter is a token (pipeline.core.scripts): two words changed change the shingles around them only. When
    # whole clauses were tokens (before fingerprint tokenisation words-v2), this copy shared 0.45 of 16 shingles, under
    # the 0.55 threshold: it was kept as a new story.
    edited = CHINESE_STORY.replace("举行", "召开").replace("明显", "显著")
    found = overlap(shingle_set(edited, 5), shingle_set(CHINESE_STORY, 5))
    assert found.jaccard == pytest.approx(0.8491, abs=1e-4)
    assert classify(False, found, 0.55, 0.8) == "near"
    other = "中国人民银行5日宣布，下调金融机构存款准备金率0.5个百分点，释放长期资金约1万亿元，以支持实体经济发展。"
    assert overlap(shingle_set(other, 5), shingle_set(CHINESE_STORY, 5)).jaccard < 0.05
