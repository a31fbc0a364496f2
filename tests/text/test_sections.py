"""A navigation row flattened into one line of section names is never a headline (pipeline/text/sections.py)."""

from __future__ import annotations

import pytest

from pipeline.text.headline import choose_headline
from pipeline.text.sections import count_sections, is_section_row


@pytest.mark.parametrize(
    "row",
    [
        "Home News World Politics Business Sport Culture",
        "Accueil Actualités Politique Économie Sport Culture Météo",
        "Startseite Politik Wirtschaft Sport Kultur Panorama Meinung",
        "Inicio Noticias Política Economía Deportes Cultura Opinión",
        "首页 国内 国际 财经 体育 娱乐",
        "정치 경제 사회 국제 문화 스포츠",
        "Главная Новости Политика Экономика Спорт Культура",
        "Thời sự Thế giới Kinh doanh Giải trí Thể thao",
        "Home · News · Sport · Weather · Opinion",
    ],
)
def test_rows_of_section_names(row: str):
    assert is_section_row(row)


@pytest.mark.parametrize(
    "line",
    [
        "Council approves flood barrier after storm",
        "Politics and business leaders meet in Davos",
        "Sport, culture and politics: the week ahead.",  # a sentence
        "Europe backs digital TV lifestyle | Metro Digest",  # four names, three words unknown
        "News Sport Weather",  # three names
        "Home Politics Business Sport Ridgeway Tribune",  # two unknown words for four names
    ],
)
def test_headlines_and_short_rows_are_not_section_rows(line: str):
    assert not is_section_row(line)


def test_names_of_several_words_count_once():
    assert count_sections("Kinh doanh Giải trí Thể thao Pháp luật") == (4, 0)


def test_a_row_of_section_names_above_the_headline_is_chrome():
    # No separator between the names: it looked like a headline and was taken for one.
    row = "Home News World Politics Business Sport Culture Opinion"
    paragraphs = [row, "Council approves flood barrier after storm", "The council voted on Tuesday."]
    choice = choose_headline(None, paragraphs, 20)
    assert (choice.title, choice.chrome) == ("Council approves flood barrier after storm", (0,))
