from __future__ import annotations

import pytest

from pipeline.text.cohesion import Story, shared_share, vocabulary


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("Ｔｏｋｙｏ Ｔｒａｉｎｓ", ["tokyo", "trains"]),  # compatibility forms folded
        ("Дума приняла закон о бюджете", ["дума", "приняла", "закон", "бюджете"]),
        ("東京で会談", ["東京", "京で", "で会", "会談"]),
        ("税", ["税"]),  # a lone character of a spaceless script is its own pair
        ("It is 42 km to go", []),  # short words and numbers say nothing of the story
    ],
)
def test_vocabulary(line: str, words: list[str]):
    assert vocabulary(line) == words


def test_a_headline_shares_its_storys_words_and_a_tagline_does_not():
    story = Story(["東京で日米首脳が会談し、関税の引き下げで合意した。", "会談は二時間に及んだ。"])
    assert shared_share("日米首脳が会談 関税引き下げで合意", story) > 0.5
    assert shared_share("ニュース 企業 マーケット テクノロジー", story) == 0.0
    # A page's stopwords, when known, are left out of the share.
    english = Story(["The ferry returned to the pier on Saturday."])
    assert shared_share("The latest news from the lakes", english) == pytest.approx(2 / 6)  # "the", twice
    assert shared_share("The latest news from the lakes", english, frozenset({"the", "from"})) == 0.0
