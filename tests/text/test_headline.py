"""Headline detection, site suffixes and repeat matching."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.headline import (
    HeadlineChoice,
    SiteNames,
    choose_headline,
    headline_above,
    headline_key,
    is_repeat,
    is_section_label,
    looks_like_headline,
    repeat_keys,
    strip_named_suffix,
    strip_site_suffix,
    unicode_headline_key,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Blair returns from peace mission - Naija Newswire", "Blair returns from peace mission"),
        ("Ferguson fears Milan cutting edge | Metro Digest", "Ferguson fears Milan cutting edge"),
        ("Oil rebounds from weather effect – example.co.uk", "Oil rebounds from weather effect"),
        ("Taxes must be trusted - Kennedy - Example Daily News", "Taxes must be trusted - Kennedy"),
        # Not site names: a speaker, a team, a lower-case tail.
        ("Job cuts 'false economy' - TUC", "Job cuts 'false economy' - TUC"),
        ("Blunkett row should end - Blair", "Blunkett row should end - Blair"),
        ("Wales 24-18 Ireland - as it happened", "Wales 24-18 Ireland - as it happened"),
    ],
)
def test_strip_site_suffix(line: str, expected: str):
    assert strip_site_suffix(line) == expected


@pytest.mark.parametrize(
    "variant",
    [
        "Hague's six-figure earnings shown",
        "HAGUE'S SIX-FIGURE EARNINGS SHOWN",
        "Hague’s six-figure earnings shown",
        "Hague's six-figure earnings shown - Example Daily Post",
        "Hague's six-figure earnings shown | Example",
    ],
)
def test_repeat_variants(variant: str):
    assert is_repeat(variant, repeat_keys("Hague's six-figure earnings shown"))


@pytest.mark.parametrize(
    "line",
    [
        "Hague's six-figure earnings shown in the register.",
        "The register shows Hague's six-figure earnings.",
        "Six-figure earnings",
    ],
)
def test_not_repeats(line: str):
    assert not is_repeat(line, repeat_keys("Hague's six-figure earnings shown"))


def test_key_ignores_case_quotes_and_punctuation():
    assert headline_key("'No more concessions' on terror") == headline_key("“NO MORE CONCESSIONS” ON TERROR")


@pytest.mark.parametrize(
    "line",
    ["Kerry seeks to narrow divisions with Russia", "'My memories of Marley...'", "£1.8m indecency fine for Viacom",
     "Ireland 21-19 Argentina", "Is this the end for vinyl?", "iPod maker Apple sues bloggers"],
)
def test_looks_like_headline(line: str):
    assert looks_like_headline(line, 20)


@pytest.mark.parametrize(
    "line",
    ["US Secretary of State John Kerry is in Moscow for talks.", "You may also like:", "and then the match ended",
     " ".join(["word"] * 21)],
)
def test_does_not_look_like_headline(line: str):
    assert not looks_like_headline(line, 20)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_shortcut_gives_the_same_key(line: str):
    assert headline_key(line) == unicode_headline_key(line)


HEADLINE = "Kerry seeks to narrow divisions with Russia"
BODY = "US Secretary of State John Kerry is in Moscow for talks."


@pytest.mark.parametrize(
    ("line", "next_line", "expected"),
    [
        ("World", HEADLINE, True),
        ("Metro Digest", HEADLINE, True),
        ("À la une", "Le pétrole rebondit après la tempête", True),
        # A short headline above its body, a question or a longer title is not a label.
        ("Oil rebounds", "Oil prices rose on Monday after a cold snap in the US.", False),
        ("Prime minister's questions", "So who, if anyone, is playing politics with it?", False),
        ("Top 10 stories", HEADLINE, False),
        ("World", "Kerry", False),
    ],
)
def test_section_labels(line: str, next_line: str, expected: bool):
    assert is_section_label(line, next_line, 20) is expected


@pytest.mark.parametrize(
    "top",
    [
        ["Home > World > Europe"],
        ["World"],
        ["Accueil › International › Europe", "12/03/2024 14h30"],
        ["World", "12/03/2024 14h30", "By Jane Doe"],
        ["Metro Digest", "Home | World | Europe", "By Jane Doe"],
        ["example.co.uk", "Dienstag, 4. März 2024, 10:15 Uhr"],
    ],
)
def test_chrome_above_the_headline_is_skipped_and_returned(top: list[str]):
    paragraphs = [*top, HEADLINE, BODY]
    chrome = tuple(range(len(top)))
    assert choose_headline(None, paragraphs, 20) == HeadlineChoice(HEADLINE, len(top), chrome)


def test_headline_with_site_suffix_after_chrome():
    paragraphs = ["Home > World", f"{HEADLINE} | Metro Digest", BODY]
    assert choose_headline(None, paragraphs, 20) == HeadlineChoice(HEADLINE, 1, (0,))


@pytest.mark.parametrize("field", ["Home > World > Europe", "12.03.2024", "By Jane Doe", "example.com"])
def test_a_chrome_title_field_gives_way_to_the_headline_in_the_body(field: str):
    assert choose_headline(field, [HEADLINE, BODY], 20) == HeadlineChoice(HEADLINE, 0, ())


def test_a_label_in_the_title_field_gives_way_when_the_page_shows_it_above_the_headline():
    assert choose_headline("World", ["WORLD", HEADLINE, BODY], 20) == HeadlineChoice(HEADLINE, 1, (0,))


def test_a_short_title_field_is_kept_when_the_page_does_not_show_it_as_a_label():
    """A one-word headline ("Headline" here) and a slogan line opening the body."""
    paragraphs = ["Metro Digest - your city, your news", BODY]
    assert choose_headline("Headline", paragraphs, 20) == HeadlineChoice("Headline", None, ())


def test_a_chrome_title_field_without_a_headline_in_the_body_is_no_title():
    assert choose_headline("Home > World > Europe", [BODY], 20) == HeadlineChoice(None, None, ())


def test_title_field_kept_and_chrome_above_its_repeat_returned():
    paragraphs = ["Startseite - Politik", "Home > World > Europe", HEADLINE.upper(), BODY]
    assert choose_headline(HEADLINE, paragraphs, 20) == HeadlineChoice(HEADLINE, None, (0, 1))


def test_title_field_kept_and_chrome_above_another_line_left_alone():
    paragraphs = ["Home > World > Europe", "Moscow talks: what we know", BODY]
    assert choose_headline(HEADLINE, paragraphs, 20) == HeadlineChoice(HEADLINE, None, ())


@pytest.mark.parametrize(
    "paragraphs",
    [
        # No headline-like line after the chrome: nothing is skipped, and chrome is never the title.
        ["Home > World > Europe", BODY],
        ["12/03/2024 14:30", BODY],
        # A body that starts with a sentence has no headline.
        [BODY, HEADLINE],
    ],
)
def test_no_headline(paragraphs: list[str]):
    assert choose_headline(None, paragraphs, 20) == HeadlineChoice(None, None, ())


def test_plain_headline_first_is_taken():
    assert choose_headline(None, [HEADLINE, BODY], 20) == HeadlineChoice(HEADLINE, 0, ())


def test_short_headline_above_its_body_is_not_a_label():
    assert choose_headline(None, ["Oil rebounds", BODY], 20) == HeadlineChoice("Oil rebounds", 0, ())


def test_detection_off_keeps_the_field_only():
    assert choose_headline(None, ["World", HEADLINE, BODY], 20, detect=False) == HeadlineChoice(None, None, ())


@pytest.mark.parametrize("line", ["Économie : la croissance ralentit", "«Oui» à la réforme", "Путин встретился с Керри",
                                  "東京で会談", "¿Qué pasó en Madrid?"])
def test_headlines_in_other_scripts(line: str):
    assert looks_like_headline(line, 20)


COPYRIGHT = "© 2024 The Capitol Ledger. All Rights Reserved."


def test_a_suffix_the_chrome_spells_as_a_domain_is_the_site_name():
    paragraphs = [f"{HEADLINE} - The Capitol Ledger", BODY]
    chrome = ["Have a news tip? Email tips@capitolledger.com or call 202-555-0124."]
    assert choose_headline(None, paragraphs, 20, chrome_lines=chrome).title == HEADLINE


def test_a_suffix_the_chrome_names_is_the_site_name():
    paragraphs = [f"{HEADLINE} - The Capitol Ledger", BODY]
    assert choose_headline(None, paragraphs, 20, chrome_lines=[COPYRIGHT]).title == HEADLINE
    # Without the chrome there is no telling "The Capitol Ledger" from a speaker.
    assert choose_headline(None, paragraphs, 20).title == f"{HEADLINE} - The Capitol Ledger"


def test_a_speaker_after_the_headline_is_kept():
    paragraphs = ["Blunkett row should end - Blair", "Tony Blair said the row should end."]
    assert choose_headline(None, paragraphs, 20, chrome_lines=[COPYRIGHT]).title == "Blunkett row should end - Blair"


@pytest.mark.parametrize("masthead", ["THE CAPITOL LEDGER", "The Capitol Ledger - News you can use"])
def test_a_masthead_the_chrome_names_is_skipped(masthead: str):
    choice = choose_headline(None, [masthead, HEADLINE, BODY], 20, chrome_lines=[COPYRIGHT])
    assert choice == HeadlineChoice(HEADLINE, 1, (0,))


def test_a_headline_starting_with_the_site_name_is_not_a_masthead():
    line = "Capitol Ledger wins press award"
    assert choose_headline(None, [line, BODY], 20, chrome_lines=[COPYRIGHT]).title == line


def test_a_lower_case_fragment_is_not_a_label():
    """Found by benchmarks/fuzz.py: a label must start like a headline, or cleaning the cleaned text again finds a
    title the first pass did not."""
    assert not is_section_label("fi", "3 Comments'3 Comments", 20)


@pytest.mark.parametrize(
    "line",
    [
        "Hague's six-figure earnings shown - Semanario Rioplatense",  # a name no word list knows
        "Hague's six-figure earnings shown – Dunaparti Hírlap",
        "HAGUE'S SIX-FIGURE EARNINGS SHOWN | example.hu",
    ],
)
def test_headline_followed_by_any_name_is_a_repeat(line):
    assert is_repeat(line, repeat_keys("Hague's six-figure earnings shown"))


@pytest.mark.parametrize(
    "line",
    [
        "Hague's six-figure earnings shown - and MPs were not surprised",  # the tail is not a name
        "Hague's earnings shown - Semanario Rioplatense",  # not the headline
    ],
)
def test_headline_with_a_tail_that_is_not_a_name_is_not_a_repeat(line):
    assert not is_repeat(line, repeat_keys("Hague's six-figure earnings shown"))


def test_a_domain_without_accents_names_a_site_with_them():
    site = SiteNames.of(["Hírt tud? Írjon nekünk: hir@dunapartihirlap.hu"])
    assert strip_named_suffix("Germany nears 1990 jobless level – Dunaparti Hírlap", site) == (
        "Germany nears 1990 jobless level"
    )
    assert strip_named_suffix("Germany nears 1990 jobless level – Kovács Anna", site).endswith("Kovács Anna")


@pytest.mark.parametrize(
    "line",
    [
        "Hague's six-figure earnings shown • Lidové noviny",  # a bullet, a name with a lower-case word
        "Hague's six-figure earnings shown · Corriere della Sera",
        "Hague's six-figure earnings shown (vltava.cz)",
        "Hague's six-figure earnings shown / Éclair du Matin",  # a name starting with a non-ASCII capital
        "Zprávy Vltava: Hague's six-figure earnings shown",  # the name before the headline
        "Le Fil › Hague's six-figure earnings shown",
    ],
)
def test_headline_decorated_with_a_name_in_any_language_is_a_repeat(line):
    assert is_repeat(line, repeat_keys("Hague's six-figure earnings shown"))


@pytest.mark.parametrize(
    "line",
    [
        "Hague's six-figure earnings shown / the register lists them all",  # not a name: lower case
        "Hague's six-figure earnings shown: a register entry lists directorships and speeches for 2004",
        "MPs: Hague's earnings were shown in the register on Monday.",  # the rest is not the headline
        "Hague's six-figure earnings shown, the register says.",  # a sentence that starts with the headline
    ],
)
def test_news_that_starts_or_ends_with_the_headline_is_not_a_repeat(line):
    assert not is_repeat(line, repeat_keys("Hague's six-figure earnings shown"))


MENUS = [
    ["Home", "News", "Local", "Sport", "Business", "Culture", "Weather", "Log in"],
    ["Startseite", "Politik", "Wirtschaft", "Sport & Freizeit", "Kultur"],
    ["首页", "国内", "国际新闻", "财经", "体育"],
    ["होम", "देश", "विदेश", "खेल", "मनोरंजन"],
]


@pytest.mark.parametrize("menu", MENUS)
def test_a_menu_written_one_item_a_line_above_the_headline_is_chrome(menu: list[str]):
    assert choose_headline(None, [*menu, HEADLINE, BODY], 20) == HeadlineChoice(
        HEADLINE, len(menu), tuple(range(len(menu)))
    )
    # then the chrome lines above the headline as before: a breadcrumb, a section label
    assert choose_headline(None, [*menu, "Home > World", "World", HEADLINE, BODY], 20) == HeadlineChoice(
        HEADLINE, len(menu) + 2, tuple(range(len(menu) + 2))
    )
    # above a repeat of the title field
    assert choose_headline(HEADLINE, [*menu, HEADLINE, BODY], 20) == HeadlineChoice(
        HEADLINE, None, tuple(range(len(menu)))
    )


@pytest.mark.parametrize(
    "paragraphs",
    [
        # a short headline of three words over short lines and a date line is not a menu, nor are they its labels
        ["Der Spielplan steht", "Sport", "Fußball", "Bundesliga", "Aktualisiert am 1. März", BODY],
    ],
)
def test_short_lines_that_are_not_a_menu(paragraphs: list[str]):
    assert choose_headline(None, paragraphs, 20).title == paragraphs[0]


def test_labels_over_labels_over_a_longer_headline_are_chrome():
    # Fewer than a menu's four: a site's name, a section, a tag (or "Breaking news"), judged as a chain of labels.
    assert choose_headline(None, ["Ukraine", "Russia", "Talks", HEADLINE, BODY], 20) == HeadlineChoice(
        HEADLINE, 3, (0, 1, 2)
    )
    masthead = ["देश प्रदेश खबर", "ब्रेकिंग न्यूज़", "इंदौर में 15 मार्च से चलेंगी 50 नई इलेक्ट्रिक बसें", BODY]
    assert choose_headline(None, masthead, 20).title == masthead[2]
    assert choose_headline(None, ["清河在线", "老旧小区加装电梯提速 今年计划完成120部", BODY], 20).taken == 1


def test_a_list_at_the_top_of_a_body_without_headline_is_not_a_menu():
    # No headline-like line follows the labels: nothing goes as a menu (the first line is taken, as without menus).
    assert choose_headline(None, ["Wales", "Ireland", "France", "Italy", BODY], 20) == HeadlineChoice("Wales", 0, ())


def test_a_headline_the_page_names_twice_is_taken_below_any_chrome():
    # A breadcrumb trail ends with the headline: the masthead and the labels above it are chrome, however they look.
    page = ["Il Corriere delle Prealpi", "Abbonati", "Accedi", f"Home > Cronaca > {HEADLINE}", HEADLINE, BODY]
    assert choose_headline(None, page, 20) == HeadlineChoice(HEADLINE, 4, (0, 1, 2, 3))
    # A title line with the site's name names it too; a line holding it among many more words does not.
    titled = [f"Title: {HEADLINE} | The Capitol Ledger", "Sign in", HEADLINE, BODY]
    assert choose_headline(None, titled, 20) == HeadlineChoice(HEADLINE, 2, (0, 1))
    sentence = f"Readers asked why {HEADLINE.lower()} when the talks began last week in Geneva"
    assert choose_headline(None, ["Il Corriere delle Prealpi", sentence, HEADLINE, BODY], 20).taken == 0
    # A story's sentence above the named line keeps it from being taken: it would go as chrome.
    quoted = ["Talks go on", "Kerry met Lavrov.", f"Read: {HEADLINE}", HEADLINE, BODY]
    assert choose_headline(None, quoted, 20) == HeadlineChoice("Talks go on", 0, ())


def test_a_masthead_is_not_the_title_when_no_headline_follows_the_chrome():
    # The masthead the copyright line names, a domain and a date line, then a sentence.
    page = ["Capitol Ledger", "capitolledger.com", "Updated 12.03.2024 10:15", BODY]
    assert choose_headline(None, page, 20, chrome_lines=[COPYRIGHT]).title is None
    # A headline of four words or more that a chrome line repeats ("Title: <headline>") is still the headline.
    assert choose_headline(None, [HEADLINE, BODY], 20, chrome_lines=[f"Title: {HEADLINE}"]).title == HEADLINE


def test_rows_of_links_above_the_headline_are_chrome():
    # A converter renders bars of links as " | "-joined rows; the first of them was taken as the title.
    rows = [
        "Skip to main content | Ridgeway Tribune | Subscribe for $1 | Sign In | Search",
        "Home | News | Local | Crime & Courts | Schools | Business | Sports | Weather | Obituaries",
        "BREAKING: Police investigate a fire at a warehouse | Weather: 41°F Cloudy | Traffic alerts | Newsletters",
    ]
    assert choose_headline(None, [*rows, HEADLINE, BODY], 20) == HeadlineChoice(HEADLINE, 3, (0, 1, 2))
    # A headline with one " | " and a site's name is a headline.
    assert choose_headline(None, [f"{HEADLINE} | Ridgeway Tribune", BODY], 20).title == HEADLINE


def test_a_headline_its_address_spells_is_taken_below_any_chrome():
    # A feed dump: masthead, home address, tagline and update time above the headline, its address below it.
    page = [
        "Gazeta do Cerrado",
        "https://gazetadocerrado.com.br",
        "Notícias de Goiás e do Centro-Oeste",
        "Última atualização: 04/03/2026 às 09h15",
        "Anápolis amplia horário de vacinação em 12 postos de saúde",
        "https://gazetadocerrado.com.br/cidades/2026/03/04/anapolis-amplia-horario-de-vacinacao-em-12-postos-de-saude/",
        BODY,
    ]
    assert choose_headline(None, page, 20) == HeadlineChoice(page[4], 4, (0, 1, 2, 3))
    # A reader service's header spells it with an id after the slug, and cut short.
    address = "URL Source: https://example.com/world/kerry-seeks-to-narrow-divisions-99231.html"
    reader = [address, "Menu", HEADLINE, BODY]
    assert choose_headline(None, reader, 20).title == HEADLINE


def test_a_headline_the_page_names_twice_is_found_below_a_long_chrome():
    # A title line with the site's name, a masthead, a tagline, a menu of six items, a date: the headline is the
    # tenth line, past the first seven lines that the leading chrome is looked for in.
    menu = ["Politics", "Economy", "World", "Sport", "Culture", "Opinion"]
    page = [f"{HEADLINE} | The Capitol Ledger", "The Capitol Ledger", "News since 1911", *menu, "4 March 2026"]
    page += [HEADLINE, BODY]
    assert choose_headline(None, page, 20) == HeadlineChoice(HEADLINE, 10, tuple(range(10)))


def test_a_georgian_headline_starts_like_a_headline():
    # Mkhedruli letters are lower case in Unicode, but Georgian capitalises no sentence: its headline was never
    # headline-like, and a page's first chrome line or no title was taken.
    headline = "თბილისის მერიამ ახალი ავტობუსების შესყიდვა დაიწყო"
    body = "მერიის ცნობით, ქალაქი ას ორმოც ახალ ავტობუსს შეიძენს."
    assert looks_like_headline(headline, 20)
    assert choose_headline(None, [headline, body], 20).title == headline


def test_page_mode_takes_the_line_over_the_byline_not_a_caption_nearer_the_story():
    # Headline, byline (removed by its rule), a photo credit and a caption, then the story's region.
    page = [
        "Home",
        "World",
        HEADLINE,
        "By Anna Clarke",
        "(Reed Saxon / Associated Press)",
        "Secretary of State John Kerry arrives in Moscow on Tuesday",
        BODY,
    ]
    gone = [False, False, False, True, False, False, False]
    assert headline_above(page, gone, 6, 20) == 5  # the nearest headline-like line: the caption
    assert headline_above(page, gone, 6, 20, byline=3) == 2
    # Over the byline, a photo credit all in brackets is no headline: the nearest one is taken.
    credited = [*page[:2], "(Reed Saxon / Associated Press)", "By Anna Clarke", *page[5:]]
    assert headline_above(credited, [False, False, False, True, False, False], 5, 20, byline=3) == 4


def test_a_tagline_over_the_headline_shares_no_words_with_the_story():
    # The site's tagline looks like a headline and came first; the headline under it is about the story.
    tagline, section = "Your daily news from the Lake District", "Local news"
    headline = "Keswick ferry returns to service after winter repairs"
    story = [
        "The Keswick ferry returned to service on Saturday after three months of winter repairs to its hull.",
        "Passengers queued at the pier from eight o'clock, the operator said.",
    ]
    choice = choose_headline(None, [tagline, section, headline, *story], 20)
    assert choice == HeadlineChoice(headline, 2, (0, 1))
    # A headline of few shared words (a pun) stays when no line under it is about the story.
    pun = "All aboard again on the lake"
    assert choose_headline(None, [pun, section, *story], 20).title == pun
    # And a headline about the story stays over a kicker that is about it too.
    kicker = "Ferry returns to Keswick pier"
    assert choose_headline(None, [headline, kicker, *story], 20).title == headline


def test_no_headline_is_looked_for_below_a_lede():
    # The lines above a headline go as chrome: a lede without a full stop above a subheading must not.
    lede = (
        "Stadia, Google's streaming platform, launches today, and the question is whether it is the first step "
        "towards the future of gaming or a service nobody asked for"
    )
    subhead = "What does Stadia offer to players"
    story = ["Stadia is Google's attempt at cloud gaming: what does it offer players? A library of games, it says."]
    page = ["Nov 18, 2019 @17:19 PM · Updated: Nov 18, 2019 @17:26 PM", lede, subhead, *story]
    assert choose_headline(None, page, 20).chrome == ()


def test_page_mode_climbs_from_a_caption_to_the_headline_about_the_story():
    # No byline: the nearest headline-like line above the region was the photo's caption, about the story too.
    headline = "Keswick ferry back in service after winter repairs"
    caption = "The repaired ferry at the Keswick pier on Saturday"
    story = "The Keswick ferry is back in service after three months of winter repairs to its hull."
    page = ["Home", "Lakes", headline, "Share", caption, story]
    gone = [False, False, False, True, False, False]
    assert headline_above(page, gone, 5, 20) == 2
    # A kicker over the headline gives way to the headline, about the story too and longer.
    kicker = "Keswick ferry winter repairs"
    assert headline_above(["Home", kicker, *page[2:]], gone, 5, 20) == 2
    # A line of the page's chrome sharing one word with the story is not climbed to.
    promo = "Subscribe to the Keswick Reminder"
    assert headline_above(["Home", promo, "Share", caption, story], [False, False, True, False, False], 4, 20) == 3


def test_a_headline_under_lines_that_are_neither_chrome_nor_headlines_is_found_by_its_story():
    # Lower-case lines above the headline: no chrome was found above it and the first line is no headline, so the page
    # had no title.
    headline = "Keswick ferry returns to service after winter repairs"
    story = "The Keswick ferry returned to service on Saturday after three months of winter repairs to its hull."
    page = ["morning edition", "updated at 7", headline, story]
    assert choose_headline(None, page, 20) == HeadlineChoice(headline, 2, (0, 1))
    # A headline-like line that is not about the story is not taken.
    assert choose_headline(None, ["morning edition", "Weather warning for the whole north", story], 20).title is None


def test_page_mode_passes_a_date_line_over_the_region():
    # "Updated Friday 4 March 2026 at 10:15" is headline-shaped; as the nearest such line it was offered, the headline
    # step refused it as title chrome, and the page had no title.
    page = ["Home", "World", HEADLINE, "Updated Friday 4 March 2026 at 10:15", BODY]
    assert headline_above(page, [False] * 5, 4, 20) == 2


def test_a_long_menu_row_between_a_tagline_and_the_headline_is_passed():
    # The row is longer than a headline: the search for the headline about the story stopped at it.
    tagline = "Your daily news from the Lake District"
    row = " | ".join(["Home", "News", "Local", "Crime & Courts", "Schools", "Business", "Sports", "Weather"] * 2)
    headline = "Keswick ferry returns to service after winter repairs"
    story = "The Keswick ferry returned to service on Saturday after three months of winter repairs to its hull."
    assert choose_headline(None, [tagline, row, headline, story], 20).title == headline


@pytest.mark.parametrize(
    ("tagline", "headline", "story"),
    [
        (
            "Quotidiano online del Trentino",
            "Valanga sotto la Cima Rossola, salvati due scialpinisti bresciani",
            "Due scialpinisti bresciani sono stati salvati ieri sotto la Cima Rossola, sulle montagne del Trentino.",
        ),
        (
            "The news of Keswick and the Lakes",
            "Keswick ferry returns to service after winter repairs",
            "The Keswick ferry returned to service on Saturday after three months of winter repairs to its hull.",
        ),
    ],
)
def test_a_tagline_sharing_function_words_and_a_place_name_is_no_headline(tagline: str, headline: str, story: str):
    # Counted with its function words ("del", "of", "the"), a third of the tagline or more is in the story.
    page = [tagline, "Local news", headline, story]
    assert choose_headline(None, page, 20) == HeadlineChoice(headline, 2, (0, 1))


def test_a_headline_printed_twice_is_taken_at_its_first_copy():
    # The story shares few of the headline's words; its second copy must not take the title from the first.
    headline = "Honour for UK games makers"
    story = "Valve also said that rumours it had spread fake keys to catch pirates were false, its statement said."
    choice = choose_headline(None, [headline, "7 March 2024", headline, story], 20)
    assert choice.title == headline
    assert choice.taken == 0
