"""Paragraph splitting: blank-line and one-per-line layouts stay apart, hard-wrapped text is rejoined."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.config import NormalizeConfig, ParagraphConfig
from pipeline.text.normalize import Normalizer, normalize_text
from pipeline.text.paragraphs import Paragraphs, split_paragraphs, wrap_width

PARAGRAPHS = (
    "Holmes will make her first track appearance on home soil since winning double Olympic gold in January's "
    "Norwich Union International in Glasgow. She will also run in the Grand Prix in Birmingham in February and "
    "may defend her indoor AAA 800m title in Sheffield earlier that month.",
    '"I am still competitive and still want to win," she said. "I\'m an athlete and I can\'t wait to get back on '
    'the track." She added that these events were a great opportunity to thank the British public.',
    "The 800m and 1500m champion will race over 1,000m in Glasgow on 29 January, and will then run in the "
    "Birmingham Grand Prix on 18 February over 1500m. Organisers said tickets were selling fast.",
)


def test_blank_line_paragraphs():
    assert split_paragraphs("\n\n".join(PARAGRAPHS)).paragraphs == PARAGRAPHS


def test_one_paragraph_per_line_stays_apart():
    result = split_paragraphs("Hingis hints at comeback\n3 views\n" + "\n".join(PARAGRAPHS))
    assert result.paragraphs == ("Hingis hints at comeback", "3 views", *PARAGRAPHS)
    assert result.rejoined == 0


@pytest.mark.parametrize("width", [64, 70, 72, 78, 84, 90])
def test_wrapped_blank_separated_paragraphs_are_rejoined(width: int):
    wrapped = "\n\n".join(textwrap.fill(p, width, break_on_hyphens=False) for p in PARAGRAPHS)
    result = split_paragraphs(wrapped)
    assert result.paragraphs == PARAGRAPHS
    assert result.rejoined > 0


@pytest.mark.parametrize("width", [64, 76, 90])
def test_wrapped_paragraphs_with_indented_starts(width: int):
    """NBSP- or space-indented first lines mark paragraph starts even without blank lines between paragraphs."""
    wrapped = "\n".join(textwrap.fill(p, width, initial_indent="\u00a0", break_on_hyphens=False) for p in PARAGRAPHS)
    assert split_paragraphs(normalize_text(wrapped)).paragraphs == PARAGRAPHS


def test_headers_above_wrapped_text_stay_separate():
    body = textwrap.fill(" ".join(PARAGRAPHS), 70)
    header = "WIREFEED+ | Latest | Sport\n\nHolmes starts 2005 with GB events\n\nBy Staff Writer | Dec. 14, 2021"
    text = header + "\n\n" + body
    result = split_paragraphs(text)
    assert result.paragraphs == (
        "WIREFEED+ | Latest | Sport", "Holmes starts 2005 with GB events", "By Staff Writer | Dec. 14, 2021",
        " ".join(PARAGRAPHS),
    )


def test_short_lines_are_not_wrapping():
    """A teaser list of short lines has breaks where the next word would have fit: not wrapped."""
    text = "You may also like:\nBorussia Dortmund near bust\nPeace demo appeal rejected\nJones doping probe begins"
    assert wrap_width(text, ParagraphConfig()) is None
    assert len(split_paragraphs(text).paragraphs) == 4


def test_rejoin_can_be_switched_off():
    wrapped = textwrap.fill(PARAGRAPHS[0], 70)
    result = split_paragraphs(wrapped, ParagraphConfig(rejoin_wrapped=False))
    assert result.paragraphs == tuple(wrapped.split("\n"))


HYPHENATED = (
    "The two-mile flood wall, a long-awaited project of the city's left-leaning council, will cost a record-breaking "
    "sum, its spokes-woman said on Tuesday at a well-attended meeting in the town hall.",
    "Die Ein- und Ausfuhr von Getreide sank im Jahr 2025 um ein Drittel, teilte das Bundes-Landwirtschaftsministerium "
    "am Montag mit; der Export-Überschuss schrumpfte auf ein Rekord-Tief.",
    "Le porte-parole du gouvernement a annoncé un plan pluri-annuel pour les sous-préfectures, les arrière-pays et "
    "les petites villes, financé par l'État et les régions du Nord-Est.",
)


@pytest.mark.parametrize("width", [50, 60, 70, 78])
@pytest.mark.parametrize("paragraph", HYPHENATED)
def test_lines_broken_inside_hyphenated_words_join_without_a_space(paragraph: str, width: int):
    # Python's textwrap breaks lines after a hyphenated word's hyphen ("two-" / "mile"); fmt does not.
    wrapped = textwrap.fill(paragraph, width)
    assert split_paragraphs(f"{wrapped}\n\n{wrapped}").paragraphs == (paragraph, paragraph)


def test_line_ending_in_a_suspended_hyphen_is_joined_with_a_space():
    text = textwrap.fill("These fabrics come from advances in nano- and micro-engineering, which let makers "
                         "manipulate materials at the molecular scale and build lighter, stronger clothes for "
                         "everyday use in homes and offices around the world.", 50)
    assert "nano- and" in split_paragraphs(text).paragraphs[0]


def test_width_wider_than_max_is_not_wrapping():
    long_lines = "\n".join(PARAGRAPHS)
    assert wrap_width(long_lines, ParagraphConfig()) is None


# Wire copy: a headline and a dateline above indented, hard-wrapped paragraphs, agency chrome below (issue 17).
WIRE = (
    "LONDON (Wirefeed) - Britain's biggest supermarket said on Tuesday that sales had risen for the fifth quarter "
    "in a row, helped by a warm summer and strong demand for its premium ranges.",
    "Chief executive Ann Smith said the group expected trading to remain tough. \"We are cautious about the months "
    "ahead, but our customers keep coming back,\" she told reporters.",
    "Shares rose 3 percent in early trading.",
    "Analysts had expected a smaller rise, and several brokers raised their targets for the stock after the results "
    "were published.",
)
WIRE_HEADLINE = "Supermarket sales rise for fifth quarter"
WIRE_CHROME = ("Reporting by Jane Doe; Editing by Tom Roe", "(c) 2024 Wirefeed")
OTHER_LANGUAGES = (
    (
        "PARIS (Agence) - Le gouvernement a présenté mardi un projet de loi qui prévoit une hausse des salaires des "
        "enseignants à partir de la rentrée prochaine, une mesure attendue depuis des années.",
        "« C'est un premier pas », a déclaré la ministre, qui a promis d'autres annonces avant la fin de l'année.",
    ),
    (
        "BERLIN (Agentur) - Die Bundesregierung hat am Dienstag einen Gesetzentwurf vorgelegt, der höhere Gehälter "
        "für Lehrerinnen und Lehrer ab dem nächsten Schuljahr vorsieht.",
        "„Das ist ein erster Schritt“, sagte die Ministerin, die weitere Ankündigungen bis zum Jahresende versprach.",
    ),
    (
        "MADRID (Agencia) - El Gobierno presentó el martes un proyecto de ley que prevé una subida de los salarios "
        "de los profesores a partir del próximo curso, una medida esperada desde hace años.",
        "«Es un primer paso», dijo la ministra, que prometió nuevos anuncios antes de que termine el año.",
    ),
)


def _layout(text: str) -> str:
    """What :class:`ArticleCleaner` splits: the text after the layout step, before repairs (which uncurl quotes)."""
    return Normalizer(NormalizeConfig()).layout(text, set())


def _wire(paragraphs: tuple[str, ...], width: int, indent: str, separator: str) -> str:
    return separator.join(textwrap.fill(p, width, initial_indent=indent, break_on_hyphens=False) for p in paragraphs)


@pytest.mark.parametrize("width", [60, 65, 70, 72])
@pytest.mark.parametrize("indent", ["  ", "   ", "     ", "\t", "\u00a0\u00a0"])
@pytest.mark.parametrize("separator", ["\n", "\n\n"])
def test_indented_wire_copy_comes_back_as_its_paragraphs(width: int, indent: str, separator: str):
    """The first line of an indented paragraph is short by its indentation, which normalization collapses to one
    space: it used to fail the wrap test and be split off as a paragraph of its own."""
    text = "\n".join([WIRE_HEADLINE, _wire(WIRE, width, indent, separator), *WIRE_CHROME])
    assert split_paragraphs(_layout(text)).paragraphs == (WIRE_HEADLINE, *WIRE, *WIRE_CHROME)


@pytest.mark.parametrize("paragraphs", OTHER_LANGUAGES)
@pytest.mark.parametrize("width", [60, 72])
def test_indented_wire_copy_in_other_languages_with_crlf(paragraphs: tuple[str, ...], width: int):
    text = _wire(paragraphs, width, "    ", "\n").replace("\n", "\r\n")
    assert split_paragraphs(_layout(text)).paragraphs == paragraphs


def test_indented_wire_copy_exact_split():
    text = (
        "    Shares in the group rose 3 percent in early trading on\n"
        "Tuesday, after it said sales had risen for a fifth quarter.\n"
        "    Analysts had expected a smaller rise.\n"
        "    Several brokers raised their targets for the stock after\n"
        "the results were published on the company's website.\n"
        "\tThe company will publish its full-year results in\n"
        "the spring, its chief executive said.\n"
    )
    assert split_paragraphs(_layout(text)) == Paragraphs(
        (
            "Shares in the group rose 3 percent in early trading on Tuesday, after it said sales had risen for a "
            "fifth quarter.",
            "Analysts had expected a smaller rise.",
            "Several brokers raised their targets for the stock after the results were published on the company's "
            "website.",
            "The company will publish its full-year results in the spring, its chief executive said.",
        ),
        3,
    )


def test_chrome_after_a_nearly_full_last_line_stays_apart():
    """A chrome line after a paragraph's nearly full last line passes the wrap test by chance; a paragraph's last
    line ends a sentence, so a line without one after a line that ended one is a line of its own."""
    last = (
        "The group will publish its full-year results in the spring, when it also expects to name a new chairman for "
        "the board."
    )
    wrapped = _wire((WIRE[0], last), 64, "  ", "\n")
    assert wrapped.endswith("\nwhen it also expects to name a new chairman for the board.")  # "Reporting:" cannot fit
    text = wrapped + "\nReporting: Jane Doe"
    assert split_paragraphs(_layout(text)).paragraphs == (WIRE[0], last, "Reporting: Jane Doe")


def test_one_paragraph_per_line_with_indents_stays_apart():
    text = "\n".join(" " + p for p in PARAGRAPHS)
    assert split_paragraphs(text).paragraphs == PARAGRAPHS


def test_poem_and_list_inside_wrapped_text_are_not_glued():
    poem = ("The rain came down on Monday,", "the river rose by noon,", "and no one left the village", "till June.")
    table = ("Results:", "Wales 24 Ireland 18", "France 30 Italy 9")
    text = _wire(WIRE[:2], 65, "   ", "\n") + "\n\n" + "\n".join(poem) + "\n\n" + "\n".join(table)
    assert split_paragraphs(_layout(text)).paragraphs == (*WIRE[:2], *poem, *table)


SENTENCE_WORDS = st.lists(
    st.sampled_from("the council river minister voters harbour report farmers warned said would after local prices "
                    "government hospital families workers national officers residents market sharply".split()),
    min_size=8,
    max_size=18,
).map(lambda words: " ".join(words).capitalize() + ".")
# Three sentences at least (98 characters or more), so that every paragraph is wrapped at every width drawn (80 at
# most) and a document has enough line breaks to judge: two could fit one line ("The the the the the the the the."
# twice is 65 characters), and a document whose only wrap is its last line's is rightly not judged wrapped.
PARAGRAPH_TEXT = st.lists(SENTENCE_WORDS, min_size=3, max_size=5).map(" ".join)


@given(
    paragraphs=st.lists(PARAGRAPH_TEXT, min_size=3, max_size=6),
    width=st.integers(50, 80),
    indent=st.sampled_from(["  ", "   ", "    ", "     ", "\t", "\u00a0\u00a0"]),
    separator=st.sampled_from(["\n", "\n\n", "\r\n"]),
)
@settings(max_examples=200, deadline=None)
def test_wrapped_indented_paragraphs_come_back(paragraphs: list[str], width: int, indent: str, separator: str):
    text = _wire(tuple(paragraphs), width, indent, separator)
    assert split_paragraphs(_layout(text)).paragraphs == tuple(paragraphs)


@given(paragraphs=st.lists(PARAGRAPH_TEXT, min_size=3, max_size=6), width=st.integers(50, 80))
@settings(max_examples=100, deadline=None)
def test_wrapped_blank_separated_paragraphs_come_back(paragraphs: list[str], width: int):
    text = _wire(tuple(paragraphs), width, "", "\n\n")
    assert split_paragraphs(_layout(text)).paragraphs == tuple(paragraphs)


def test_unwrapped_chrome_longer_than_the_wrap_width_does_not_set_it():
    newsletter = "Subscribe to the Wirefeed newsletter: every morning the news that matters in your region, free."
    text = "\n".join([WIRE_HEADLINE, _wire(WIRE, 62, "   ", "\n"), "Advertisement", newsletter])
    assert len(newsletter) > 62
    assert split_paragraphs(_layout(text)).paragraphs == (WIRE_HEADLINE, *WIRE, "Advertisement", newsletter)


@given(paragraphs=st.lists(PARAGRAPH_TEXT, min_size=1, max_size=8), separator=st.sampled_from(["\n", "\n\n"]))
@settings(max_examples=200, deadline=None)
def test_one_paragraph_per_line_comes_back_unchanged(paragraphs: list[str], separator: str):
    assert split_paragraphs(_layout(separator.join(paragraphs))) == Paragraphs(tuple(paragraphs), 0)


def test_headline_over_its_dateline_stays_apart():
    """Above the indented body, a long headline and a dateline starting with a long word pass the wrap test by
    chance; the run does not end with a sentence, so it is not prose and each line is an item of its own."""
    headline = "Holmes starts 2005 with GB events | Rheinblick Online"
    dateline = "Veröffentlicht am Montag, 3.5.2024 um 14:30 Uhr"
    assert len(headline) + 1 + len("Veröffentlicht") > 64  # the wrap test alone joins them
    text = "\n".join([headline, dateline, "Von Katrin Vogel", _wire(PARAGRAPHS, 64, "   ", "\n")])
    assert split_paragraphs(_layout(text)) == Paragraphs((headline, dateline, "Von Katrin Vogel", *PARAGRAPHS), 10)


def test_note_after_the_last_paragraph_stays_apart_from_the_contact_line():
    """Below the indented body, an editor's note ending a sentence and a contact line pass the wrap test by chance
    (64 + 1 + len("Have") > 64); a line that ends a sentence there ends its item."""
    note = "Correction: An earlier version of this story misstated a date."
    contact = "Have a news tip? Email tips@example.com or call 202-555-0199."
    body = _wire(PARAGRAPHS, 64, "   ", "\n")
    assert body.endswith("\nfast.")  # the story's last line is short: the note does not pass the wrap test after it
    text = "\n".join([body, note, contact, "Tags: athletics"])
    assert split_paragraphs(_layout(text)) == Paragraphs((*PARAGRAPHS, note, contact, "Tags: athletics"), 10)


def test_flush_first_paragraph_above_indented_ones_stays_whole():
    """Wire copy often starts flush and indents the paragraphs after: the first paragraph's lines are above the first
    indented line and one ends a sentence, yet it ends with one, so it is prose and stays joined."""
    first = (
        "LONDON (Wire) - Shares in the group rose three percent on Tuesday. Sales had risen for a fifth quarter in "
        "a row, the company said in a statement to the stock exchange."
    )
    wrapped = textwrap.fill(first, 66)
    assert wrapped.split("\n")[0].endswith("Tuesday.")  # a line that ends a sentence, inside the paragraph
    text = "\n".join(["Group shares rise on sales | Wirefeed", wrapped, _wire(PARAGRAPHS, 66, "  ", "\n")])
    assert split_paragraphs(_layout(text)).paragraphs == ("Group shares rise on sales | Wirefeed", first, *PARAGRAPHS)


def test_related_line_in_quotes_after_a_nearly_full_last_line_stays_apart():
    """The story's last line and a line after it that ends in a closing quote, not a sentence: the quote used to
    hide that the line lacks a sentence end, so it was joined to the paragraph above."""
    last = (
        "The group will publish its full-year results in the spring, when it also expects to name a new chairman for "
        "the board."
    )
    related = "Related: 'Board names a new chairman'"
    text = _wire((WIRE[0], last), 64, "  ", "\n") + "\n" + related + "\n" + _wire((PARAGRAPHS[2],), 64, "  ", "\n")
    assert split_paragraphs(_layout(text)).paragraphs == (WIRE[0], last, related, PARAGRAPHS[2])


HOUSING = (
    "The party said raising the threshold to 150,000 pounds would prevent over 400,000 home-buyers from paying the "
    "tax, and that first-time buyers were being squeezed out of the market.",
    "Under the proposals, the average saving for a new buyer would be more than 1,000 pounds, according to the "
    "party's spokesman, who spoke on Monday.",
    "The governing party said the opposition needed to explain how it would pay for the plan, which forms part of "
    "a wider housing policy.",
)


@pytest.mark.parametrize("width", range(52, 64))
@pytest.mark.parametrize("extra", [1, 2, 3, 4, 6])
def test_a_chrome_line_a_little_wider_than_the_wrap_does_not_set_the_width(width: int, extra: int):
    # A contact line a few columns wider than the wire copy: under its width the breaks before short words still
    # pass the wrap test, so it used to be taken as the width, and "400,000 / home-buyers" stayed apart.
    contact = ("News tips: call 010 179 4000 or write to tips@lakeland-daily.example" + "x" * 20)[: width + extra]
    text = "\n".join([_wire((paragraph,), width, "    ", "\n") for paragraph in HOUSING] + [contact])
    assert split_paragraphs(_layout(text)).paragraphs == (*HOUSING, contact)


JAPANESE = (
    "北空市交通局は3日、運転手不足を理由に、4月1日から市営バスの3路線で運行本数を減らすと発表した。平日の便数は合わせて1日42便少なくなる。",
    "減便の対象となるのは、駅前と北空台団地を結ぶ12系統、市立病院線の20系統、港町循環の31系統。",
    "交通局によると、今年度は定年退職などで運転手が17人減った一方、新たに採用できたのは6人にとどまった。",
    "記者会見した交通局の局長は「利用者の皆さまにご不便をおかけし、大変申し訳ない。採用活動を強化し、できるだけ早く元のダイヤに戻したい」と述べた。",
)


def test_japanese_paragraphs_one_a_line_stay_apart():
    # Each line is one "word" to a space split; a wrap could have broken it after any character, so a break after a
    # line shorter than the others is no wrap (before, every break passed and the story was glued to the caption).
    lines = ("写真説明：交通局の局長＝3日、北空市役所（撮影・高橋由美）", *JAPANESE, "広告", JAPANESE[0])
    assert split_paragraphs("\n".join(lines)).paragraphs == lines


def test_japanese_wrapped_at_a_fixed_width_joins_without_spaces():
    wrapped = "\n\n".join("\n".join(textwrap.wrap(paragraph, 40)) for paragraph in JAPANESE)
    assert split_paragraphs(wrapped).paragraphs == JAPANESE


def test_a_wrapped_page_with_much_unwrapped_chrome_is_joined():
    # A page's text: wrapped paragraphs between blocks of unwrapped chrome, four lines of it longer than the wrap
    # width in 32 lines (three were allowed; now a tenth of the lines, when the wrap-like breaks outnumber them),
    # and two-line blocks of short lines (a byline over a date) whose breaks say nothing about wrapping.
    chrome = [
        "Subscribe to the Wirefeed newsletter: every morning the news that matters in your region, free of charge.",
        "Home | News | Politics | Business | Sport | Culture | Weather | Opinion | Obituaries | Puzzles | Podcasts",
        "Photo: the council chamber on Tuesday evening, before the vote on the budget (Wirefeed / Jane Doe)",
        "Copyright 2026 Wirefeed Media Ltd. All rights reserved. No part of this site may be reproduced.",
    ]
    byline = "By Jane Doe\nTuesday 3 March 2026"
    body = _wire(WIRE + PARAGRAPHS, 56, "", "\n\n")
    text = "\n\n".join(["\n".join(chrome[:2]), byline, body, byline, "\n".join(chrome[2:])])
    assert split_paragraphs(_layout(text)).paragraphs == (
        *chrome[:2], *byline.split("\n"), *WIRE, *PARAGRAPHS, *byline.split("\n"), *chrome[2:]
    )


@pytest.mark.parametrize("width", [30, 34, 38])
def test_a_mobile_page_wrapped_in_a_narrow_column_is_joined(width: int):
    # Mobile pages and newspaper columns wrap at 30-40 columns (below 40 was never joined: every line of a Portuguese
    # and a Macedonian page of left-out set 53 was judged on its own, and page mode dropped the story).
    chrome_above, chrome_below = ("Home", "News", "Sport"), ("Share this", "Copyright 2026 Wirefeed")
    story = _wire(WIRE + PARAGRAPHS, width, "", "\n\n")
    text = "\n\n".join(["\n".join(chrome_above), story, "\n".join(chrome_below)])
    assert split_paragraphs(_layout(text)).paragraphs == (*chrome_above, *WIRE, *PARAGRAPHS, *chrome_below)
    # Without blank lines a paragraph whose last line is nearly full runs into the next; none is cut.
    joined = split_paragraphs(_wire(WIRE + PARAGRAPHS, width, "", "\n")).paragraphs
    assert " ".join(joined) == " ".join(WIRE + PARAGRAPHS)
    assert all(paragraph.endswith((".", '"')) for paragraph in joined)


def test_a_list_of_headlines_about_a_narrow_width_long_stays_apart():
    # Each headline is about as long as the next: at 32 columns each break looks like a wrap. A few of them are a
    # list; a narrow width needs the breaks of a column of prose.
    teasers = ("Cyber crime booms in 2004", "Blunkett row should end - Blair", 'Umaga ready for "fearsome" Lions')
    text = "\n\n".join([*PARAGRAPHS, "\n".join(teasers)])
    assert split_paragraphs(text).paragraphs == (*PARAGRAPHS, *teasers)


INDENTED_STORY = [
    "The town council will keep the public library open until midnight between 18 May and 26 June so that"
    " students who come home for their exams have a quiet place to work.",
    "The measure, approved on Tuesday by the council's executive, will cost about 9,400 pounds, most of it for a"
    " caretaker and for extra cleaning.",
    "The councillor for culture said the request came from a group of young people who collected 212 signatures"
    " last autumn.",
    "The reading room will have 40 desks, wireless internet and sockets at every table.",
]


def test_an_indented_wrapped_body_is_rejoined_under_chrome_that_outvotes_it():
    # One block, no blank lines: a wrapped menu row and headline above, related headlines and a wrapped footer below.
    head = [
        "THE VALLEY NEWS - Daily news for the upper valley and its twelve towns",
        "Home | Local | Society | Education | Courts | Sport | Culture | Business",
        "| Opinion | Diary | Archive | Subscribe",
        "SOCIETY",
        "The town library will open until midnight during the exam season",
        "By Staff | Valley Town | 04/03/2026 - 09:15",
    ]
    body = [textwrap.fill(paragraph, 72, initial_indent=" ") for paragraph in INDENTED_STORY]
    tail = [
        "Filed under: Library, Education, Youth",
        "Related news:",
        "- County council tenders the repair of the old road to the quarry",
        "- The number of residents in the valley grew again in the last year",
        "- Volunteers clean the banks of the river after the winter floods",
        "Comments (0) | Print | Send by e-mail | Share",
        "Get the valley's news in your inbox every morning: subscribe to",
        "our newsletter.",
    ]
    paragraphs = split_paragraphs("\n".join(head + body + tail)).paragraphs
    assert [paragraph for paragraph in paragraphs if paragraph in INDENTED_STORY] == INDENTED_STORY


KOREAN = (
    "서울시는 다음 달부터 시내버스 요금을 200원 인상한다고 3일 밝혔다. 시는 연료비와 인건비가 크게 올라 요금 조정이"
    " 불가피하다고 설명했다.",
    "이번 인상으로 성인 교통카드 요금은 1500원에서 1700원으로 오른다. 청소년과 어린이 요금은 동결된다.",
    "시민단체는 서민 부담이 커진다며 인상 폭을 줄여야 한다고 주장했다. 시는 다음 주 공청회를 열어 시민 의견을"
    " 듣기로 했다.",
)


def _wrap_columns(paragraph: str, columns: int) -> list[str]:
    """``paragraph`` wrapped at ``columns`` screen columns, a Hangul syllable taking two (as a phone shows it)."""
    lines, line = [], ""
    for word in paragraph.split():
        candidate = f"{line} {word}" if line else word
        if line and sum(2 if "\uac00" <= char <= "\ud7a3" else 1 for char in candidate) > columns:
            lines.append(line)
            candidate = word
        line = candidate
    return [*lines, line]


def test_korean_wrapped_at_a_number_of_columns_is_joined():
    # A phone wraps by columns, and a Hangul syllable takes two: 42 columns held 17 to 21 characters, under the
    # narrowest width measured in characters, and the story stayed in tiny lines.
    wrapped = "\n\n".join("\n".join(_wrap_columns(paragraph, 42)) for paragraph in KOREAN)
    assert split_paragraphs(wrapped).paragraphs == KOREAN


def test_korean_wrapped_at_twenty_characters_is_joined():
    # Twenty syllables fill forty columns: a feed's narrow wrap, under the narrowest width tried for Latin letters.
    wrapped = "\n\n".join("\n".join(textwrap.wrap(paragraph, 20)) for paragraph in KOREAN)
    assert split_paragraphs(wrapped).paragraphs == KOREAN
