"""The page's language and stoplist (pipeline/text/pagelanguage.py), and page mode on languages whose prose the old
hand-written lists did not cover: every body line is kept, menus and footers go."""

import pytest

from pipeline.text.config import PageTextConfig
from pipeline.text.pagelanguage import (
    NO_STOPWORDS,
    page_language,
    page_stopwords,
    prose_stopwords,
    stoplist_name,
    stoplists,
)
from pipeline.text.pagetext import select_body

SETTINGS = PageTextConfig().settings()


def test_stoplists_come_from_justext_for_about_a_hundred_languages():
    lists = stoplists()
    assert len(lists) >= 100
    assert {"English", "Russian", "Korean", "Swahili", "Vietnamese", "Polish"} <= set(lists)
    assert all(word == word.casefold() and word.strip() == word and word for words in lists.values() for word in words)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("en", "English"),
        ("pt", "Portuguese"),
        ("sw", "Swahili"),
        ("nb", "Norwegian_Bokmal"),
        ("zh", None),
        ("xx", None),
    ],
)
def test_stoplist_name_from_the_cldr_english_name(code, name):
    assert stoplist_name(code) == name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The council voted on Tuesday to close the old library in the town centre.", "en"),
        ("A câmara votou na terça-feira pelo fechamento da antiga biblioteca da cidade.", "pt"),
        ("Rada miasta zagłosowała we wtorek za zamknięciem starej biblioteki.", "pl"),
        ("시의회는 화요일에 오래된 도서관을 닫기로 결정했다고 밝혔다.", "ko"),
    ],
)
def test_page_language(text, code):
    assert page_language(text) == code


def test_an_english_page_of_menus_gets_the_english_list():
    # Counting hits per list chose Finnish for such a page: big lists of other languages hold English words.
    menus = ["Home", "World", "Video", "Sections", "Economy", "More", "Politics", "Blogs", "Subscribe", "Sign In"]
    body = "Gaming used to be simple: we bought a game, sat down in front of a console and played it to the end."
    assert page_stopwords(menus * 5 + [body]) is stoplists()["English"]


def test_no_stoplist_for_the_language_is_an_empty_one():
    assert page_stopwords(["国务院总理今天在北京会见了来访的外国代表团，双方就经贸合作交换了意见。"]) is NO_STOPWORDS


@pytest.mark.parametrize(
    ("story", "name"),
    [
        (
            "The council voted on Tuesday to close the old library in the town centre, and to sell the building.",
            "English",
        ),
        (
            "A câmara votou na terça-feira pelo fechamento da antiga biblioteca da cidade e pela venda do prédio.",
            "Portuguese",
        ),
        ("Rada miasta zagłosowała we wtorek za zamknięciem starej biblioteki i sprzedażą jej budynku.", "Polish"),
        ("Совет проголосовал во вторник за то, чтобы закрыть старую библиотеку и продать её здание.", "Russian"),
    ],
)
def test_a_storys_prose_gets_its_languages_list_without_a_model(story: str, name: str):
    assert prose_stopwords([story]) is stoplists()[name]


def test_prose_no_stoplist_holds_a_fifth_of_gets_none():
    assert prose_stopwords(["国务院总理今天在北京会见了来访的外国代表团，双方就经贸合作交换了意见。"]) is NO_STOPWORDS
    assert prose_stopwords(["Keswick Penrith Ambleside Windermere Cockermouth Kendal Grasmere"]) is NO_STOPWORDS
    assert prose_stopwords([]) is NO_STOPWORDS


MENU_RU = ["Главная", "Новости", "Диеты", "Рецепты", "Калькулятор", "Контакты", "Реклама", "Вход"]
BODY_RU = [
    "Городской совет во вторник проголосовал за закрытие старой библиотеки, которая работала в центре более века.",
    "Книги перевезут в новое здание школы на окраине, а само здание библиотеки выставят на продажу весной.",
    "Жители собрали почти две тысячи подписей против закрытия, однако совет сослался на расходы на ремонт крыши.",
]
FOOTER_RU = ["Политика конфиденциальности", "Правовая информация", "О проекте", "Карта сайта"]

MENU_KO = ["홈", "뉴스", "연예", "스포츠", "경제", "사회", "문화", "로그인"]
BODY_KO = [
    "시의회는 화요일 회의에서 백 년 넘게 운영된 도심의 옛 도서관을 닫기로 결정했다고 밝혔다.",
    "도서관의 책들은 외곽에 새로 지은 학교 건물로 옮겨지며, 기존 건물은 내년 봄에 매각될 예정이다.",
    "주민들은 이 결정에 반대하며 서명을 모았지만 시의회는 지붕을 고치는 데 드는 비용이 너무 크다고 말했다.",
]
FOOTER_KO = ["회사소개", "개인정보처리방침", "이용약관", "고객센터"]


@pytest.mark.parametrize(
    ("menu", "body", "footer"), [(MENU_RU, BODY_RU, FOOTER_RU), (MENU_KO, BODY_KO, FOOTER_KO)], ids=["ru", "ko"]
)
def test_page_mode_keeps_the_story_in_other_languages(menu, body, footer):
    # With the old lists Russian prose scored ~25% stopwords, under the 30% bar, and a Korean page was judged with
    # the English list: both lost their whole story.
    page = menu * 3 + body + footer * 2
    keep = select_body(page, [False] * len(page), SETTINGS)
    assert [line for line, kept in zip(page, keep, strict=True) if kept] == body


def test_page_mode_without_a_stoplist_judges_by_length_and_sentences():
    menu = ["首页", "新闻", "体育", "财经", "娱乐", "科技", "登录", "注册"]
    body = [
        "市议会星期二投票决定关闭市中心那座已经开放了一百多年的老图书馆，理由是屋顶维修费用过高。",
        "图书馆的藏书将搬到郊区新建的学校大楼里，原有的建筑预计明年春天出售，所得款项用于社区服务。",
        "居民们收集了近两千个签名反对关闭图书馆，但市议会表示，维修屋顶的费用已经超出了全年预算。",
    ]
    page = menu * 3 + body + ["关于我们", "隐私政策", "联系我们", "网站地图"] * 2
    keep = select_body(page, [False] * len(page), SETTINGS)
    assert [line for line, kept in zip(page, keep, strict=True) if kept] == body
