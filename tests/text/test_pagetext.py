"""Page-text mode: line classes, context, the main block, the auto switch and the cleaner's page mode."""

import dataclasses

import pytest

from pipeline.core.configtree import build
from pipeline.core.counting import Tally
from pipeline.core.errors import ConfigError
from pipeline.text.clean import PAGE_TEXT_RULE, ArticleCleaner
from pipeline.text.config import CleaningConfig, PageTextConfig
from pipeline.text.pagelanguage import stoplists
from pipeline.text.pagetext import (
    LineClass,
    RuleMarks,
    classify_line,
    is_short_non_sentence,
    looks_like_page,
    main_block,
    menu_runs,
    resolve_context,
    select_body,
)

SETTINGS = PageTextConfig().settings()
EN = stoplists()["English"]
G, N, S, B = LineClass.GOOD, LineClass.NEAR_GOOD, LineClass.SHORT, LineClass.BAD

BODY_1 = (
    "The council voted on Tuesday to close the old library, which has been part of the town for more than a "
    "century, after a review found that repairs to its roof would cost more than a new building."
)
BODY_2 = "Its books will be moved to the new school by the end of the year, the council said in a statement."
BODY_3 = (
    "Residents who opposed the closure said they would ask the county to list the building, which was paid for "
    "by a local mill owner in 1902, so that it could not be sold to developers."
)
MENU = ["Home", "News", "Sport", "Weather", "Culture", "Travel", "Business", "Opinion", "Video", "Podcasts"]
MENU += ["Science", "Health"]
FOOTER = ["Most read", "Man bites dog in town square", "Cat elected mayor", "Contact us", "Privacy", "Terms"]
HEADLINE = "Library to close after 120 years as repairs cost too much"
COOKIE = "We use cookies to give you the best experience. By using this site you agree to our use of cookies."
PAGE = [
    *MENU,
    "Search",
    "Sign in",
    "Library to close after 120 years",
    "By Jane Smith",
    BODY_1,
    "Advertisement",
    BODY_2,
    BODY_3,
    "Share on Facebook",
    *FOOTER,
    *MENU,
    COOKIE,
    "Accept",
]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Sign up for our newsletter at www.example.com", B),  # link-like
        ("Email us: news@example.com", B),
        ("Sometimes people ask me why this or that location became [...]", B),  # cut teaser
        ("This website uses cookies to improve your experience. Accept", B),  # cookie notice
        ("World", S),
        ("Markets rally as rates fall", S),
        (BODY_2, G),  # a sentence of prose
        ("Prices, charts, data and analysis for traders, investors and the markets they follow every day", N),
        ("Oil Brent WTI Gas Gold Silver Copper Wheat Corn Soy Coffee Sugar Cocoa Cotton Lumber", B),  # no stopwords
        # direct speech opened by a dash is prose, not a list's item
        ("– It will soon be cheaper to drive into town than to take the bus, she said.", G),
        ("- Free parking on Saturdays for the first half hour", S),  # a list's item
    ],
)
def test_classify_line(line, expected):
    assert classify_line(line, EN, SETTINGS) is expected


def test_a_long_prose_line_citing_a_url_is_not_a_link():
    line = "The report, which is published at www.example.org, found that the number of libraries in the county fell."
    assert classify_line(line, EN, SETTINGS) is G


def test_short_non_sentence_lines_and_data_rows():
    assert is_short_non_sentence("Most Read", 4)
    assert not is_short_non_sentence("He resigned.", 4)
    assert not is_short_non_sentence("Arsenal 2-1 Chelsea", 4)  # data, in auto-switch counting
    assert is_short_non_sentence("Arsenal 2-1 Chelsea", 4, data_is_text=False)


def test_menu_runs_need_three_lines_in_a_row():
    lines = ["Home", "News", "Sport", BODY_2, "Weather", "Share", BODY_3, "Video"]
    assert menu_runs(lines, 4, 3) == [True, True, True, False, False, False, False, False]


def test_context_keeps_short_lines_between_good_ones_and_drops_them_between_bad_ones():
    assert resolve_context([B, S, G, S, G, S, B]) == [False, False, True, True, True, False, False]
    # a near-good line next to good text is kept, one between bad lines is not
    assert resolve_context([G, N, B, N, B]) == [True, True, False, False, False]
    # near-good lines do not count as good context for a short line
    assert resolve_context([G, S, N, B]) == [True, False, True, False]


def test_main_block_is_the_best_scoring_region():
    lines = ["x" * 100, "gap", "y" * 100, "a", "b", "c", "d", "e", "z" * 30]
    classes = [G, B, G, B, B, B, B, B, G]
    kept = [c is G for c in classes]
    assert main_block(lines, classes, kept, gap_penalty=20) == (0, 3)
    # a section break ("Comments") costs ten ordinary gaps
    lines = ["x" * 100, "Comments", "y" * 150]
    assert main_block(lines, [G, S, G], [True, False, True], gap_penalty=20) == (2, 3)
    assert main_block(lines, [G, B, G], [True, False, True], gap_penalty=20, breaks=[False, False, False]) == (2, 3)


def test_select_body_keeps_only_the_article():
    keep = select_body(PAGE, [False] * len(PAGE), SETTINGS)
    # "Advertisement" is short and between body lines: context keeps it (the ad_marker rule removes it first)
    assert [line for line, k in zip(PAGE, keep, strict=True) if k] == [BODY_1, "Advertisement", BODY_2, BODY_3]


def test_lines_removed_by_a_rule_count_as_bad_context():
    lines = [BODY_1, "Read more", BODY_2]
    assert select_body(lines, [False, False, False], SETTINGS) == [True, True, True]  # short, between good lines
    # "Read more" is also a section heading: the article region does not cross it, the larger side wins
    assert select_body(lines, [False, True, False], SETTINGS) == [True, False, False]
    lines = [BODY_1, "Subscribers only", BODY_2]
    assert select_body(lines, [False, True, False], SETTINGS) == [True, False, True]
    # a line removed by a rule that ends articles (share_prompt, copyright...) is a section break too
    marks = dataclasses.replace(RuleMarks.none(3), breaks=[False, True, False])
    assert select_body(lines, [False, True, False], SETTINGS, marks) == [True, False, False]


def test_a_story_list_between_rule_removed_lines_stays_in_the_article():
    # An ad marker above a list and a "read also" line below it: as context they are bad lines, but inside the
    # article's region the list's short lines are the story's.
    items = ["Roof repairs: 2.1 million", "New heating: 400,000", "Disabled access: 250,000"]
    intro = "The council listed the costs:"
    lines = [*MENU, BODY_1, "Advertisement", intro, *items, "Read also: Pool to reopen", BODY_2, BODY_3]
    removed = [False] * len(lines)
    removed[len(MENU) + 1] = removed[-3] = True
    keep = select_body(lines, removed, SETTINGS)
    assert [line for line, k in zip(lines, keep, strict=True) if k] == [BODY_1, intro, *items, BODY_2, BODY_3]


def test_looks_like_page():
    assert looks_like_page(PAGE, SETTINGS)
    article = ["Library to close", BODY_1, "Advertisement", BODY_2, BODY_3, "Share on Facebook", "© 2024 Post"]
    assert not looks_like_page(article, SETTINGS)
    # a long article listing results (data rows) is not a page
    results = [BODY_1] + [f"Team {chr(65 + i)} {i}-{i + 1} Team {chr(75 + i)}" for i in range(30)] + [BODY_2]
    assert not looks_like_page(results, SETTINGS)


def test_cleaner_in_page_mode():
    cleaner = ArticleCleaner(CleaningConfig())
    tally = Tally()
    cleaned = cleaner.clean_text("\n".join(PAGE), None, tally)
    assert cleaned.text == "\n\n".join([BODY_1, BODY_2, BODY_3])
    # the headline, short and among menu and byline, is outside the article's region, but the region opens right
    # under it
    assert cleaned.title == "Library to close after 120 years"
    rules = {line.line: line.rule for line in cleaned.removed}
    assert rules["Advertisement"] == "ad_marker"  # hand-written rules name what they know
    assert rules["Share on Facebook"] == "share_prompt"
    assert rules["Home"] == PAGE_TEXT_RULE
    assert rules[COOKIE] == "chrome[cookie/en]"
    assert rules["Contact us"] == "chrome[contact/en]"
    assert len(cleaned.removed) == len(PAGE) - 4
    assert tally["page-text:documents"] == 1
    assert rules["By Jane Smith"] == "byline"
    # "Most read" heads the two teasers under it (chrome[related/en])
    assert rules["Most read"] == "chrome[related/en]" and rules["Cat elected mayor"] == "chrome"
    assert rules["Sign in"] == "chrome[footer/en]"
    assert tally[f"line-removed:{PAGE_TEXT_RULE}"] == len(PAGE) - 4 - 9


def test_page_mode_takes_the_headline_a_reader_header_names():
    # Jina Reader's header names the headline, far above the region, with a longer line between ("Local Democracy
    # Reporting Service", which the nearest-line search took).
    header = [f"Title: {HEADLINE} | Castle Echo", "URL Source: https://castle-echo.co.uk/news/1", "Markdown Content:"]
    page = [*header, *MENU, HEADLINE, "By Jane Smith", "Local Democracy Reporting Service", BODY_1, BODY_2, BODY_3]
    on = ArticleCleaner(CleaningConfig(page_text=PageTextConfig(mode="on")))
    cleaned = on.clean_text("\n".join(page), None)
    assert (cleaned.title, cleaned.text) == (HEADLINE, "\n\n".join([BODY_1, BODY_2, BODY_3]))


def test_a_story_s_list_below_an_ad_marker_and_the_paragraph_after_it_stay():
    # "Advertisement" stands between a paragraph and a subheading over a list: the list's context is looked for past
    # it (a Spanish page of left-out set 53 lost its list and its last paragraph).
    items = [
        "* The library opens on Saturdays from May",
        "* Children's books move to the ground floor",
        "* The reading room gets forty new seats",
        "* Late fees end for readers under sixteen",
        "* A reading club meets every other Tuesday",
    ]
    story = [BODY_1, "Advertisement", "What changes for readers", *items, BODY_2]
    on = ArticleCleaner(CleaningConfig(page_text=PageTextConfig(mode="on")))
    cleaned = on.clean_text("\n".join([*MENU, HEADLINE, *story, "Contact us", "Privacy"]), None)
    assert cleaned.text == "\n\n".join([BODY_1, "What changes for readers", *items, BODY_2])


@pytest.mark.parametrize("read_also", ["Lire aussi : Le budget de la ville adopté", "Also read: City budget approved"])
def test_a_table_between_a_read_also_line_and_the_next_paragraph_stays_with_the_lede(read_also: str):
    # A Ukrainian page of left-out set 54 lost its lede and a table of rates: a "read also" line stands inside stories
    # (chrome[related/fr] here; English's is read_more, once a page break), so the rows' context is looked for past
    # it, and past the ad marker under them.
    lede = [
        "Le conseil municipal a voté mardi la fermeture de la vieille bibliothèque, ouverte depuis un siècle.",
        "Ses livres iront à la nouvelle école avant la fin de l'année, a indiqué la mairie dans un communiqué.",
    ]
    days = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi")
    rows = [f"{day} : ouvert de 9 h à 18 h" for day in days]
    rest = [
        "Les habitants opposés à la fermeture ont annoncé qu'ils demanderaient au département de classer le bâtiment.",
        "Le maire a promis une réunion publique avant l'été pour présenter le projet de la nouvelle médiathèque.",
    ]
    headline = "La bibliothèque ferme ses portes après cent ans"
    story = [*lede, read_also, *rows, "Publicité", *rest]
    on = ArticleCleaner(CleaningConfig(page_text=PageTextConfig(mode="on")))
    cleaned = on.clean_text("\n".join([*MENU, headline, *story, "Contact"]), None)
    assert cleaned.text == "\n\n".join([*lede, *rows, *rest])


def test_bulleted_items_with_few_stopwords_between_story_lines_stay():
    # List items of names and places have few stopwords (in Hebrew or Swahili, whose function words are parts of
    # other words, so have whole sentences): a bullet makes them short lines, judged by the story around them.
    items = [
        "* Riverside Park, Castle Gardens, Mill Lane Playground, Harbour Green: new benches, March",
        "* Station Road, Quayside, Abbey Street, Market Square: new bins and lighting, April",
        "* Northfield Sports Centre, Westgate Library, Old Town Hall: new ramps, May 2026",
    ]
    on = ArticleCleaner(CleaningConfig(page_text=PageTextConfig(mode="on")))
    cleaned = on.clean_text("\n".join([*MENU, HEADLINE, BODY_1, *items, BODY_3, "Contact us", "Privacy"]), None)
    assert cleaned.text == "\n\n".join([BODY_1, *items, BODY_3])


def test_page_mode_off_and_on():
    off = ArticleCleaner(CleaningConfig(page_text=PageTextConfig(mode="off")))
    assert BODY_1 in off.clean_text("\n".join(PAGE), None).text
    assert "Weather" in off.clean_text("\n".join(PAGE), None).text  # the menu stays
    on = ArticleCleaner(CleaningConfig(page_text=PageTextConfig(mode="on")))
    article = "\n".join(["Library to close", "Home", BODY_1, BODY_2])
    tally = Tally()
    assert on.clean_text(article, None, tally).text == "\n\n".join([BODY_1, BODY_2])
    assert tally["page-text:documents"] == 1
    # auto leaves an ordinary article alone
    auto = ArticleCleaner(CleaningConfig())
    assert auto.clean_text(article, None).text == "\n\n".join(["Home", BODY_1, BODY_2])


def test_page_text_config_is_validated():
    with pytest.raises(ConfigError, match="stopwords_low"):
        build(CleaningConfig, {"page_text": {"stopwords_low": 0.5, "stopwords_high": 0.4}})
    with pytest.raises(ConfigError, match="must be one of"):
        build(CleaningConfig, {"page_text": {"mode": "always"}})
    with pytest.raises(ValueError, match="gap_penalty"):
        dataclasses.replace(PageTextConfig(), gap_penalty=-1)


def test_a_story_list_at_the_articles_end_stays_after_its_colon_line():
    # The list's short lines lie between the colon line and a rule-removed "read also" line (bad context): a good
    # line ending with a colon announces them, so they are kept, and the paragraph after the "read also" line with
    # them (before, the region ended at the colon and the last paragraph was lost).
    items = ["new pumps at the harbour", "a higher wall at the old bridge", "drainage under Mill Street"]
    intro = "The council listed the works that will be done first, starting in the spring:"
    last = "Engineers said the first section could be finished next spring if the money is released in time."
    lines = [*MENU, BODY_1, intro, *items, "Lue myös: Heavy rain closes two roads", last, *FOOTER]
    removed = [False] * len(lines)
    removed[len(MENU) + 2 + len(items)] = True
    keep = select_body(lines, removed, SETTINGS)
    assert [line for line, k in zip(lines, keep, strict=True) if k] == [BODY_1, intro, *items, last]


def test_a_near_good_lede_above_the_first_good_line_opens_the_region():
    lede = "The council met on Tuesday, and the library"  # stopword-dense, under length_low
    assert main_block(["Menu", lede, BODY_1], [B, N, G], [False, True, True], gap_penalty=30) == (1, 3)


URDU = (
    "وزیر اعلیٰ نے کہا کہ شہر میں نئی سڑکوں کی تعمیر کا کام اگلے ماہ سے شروع ہو جائے گا اور اس پر تین ارب روپے خرچ"
    " ہوں گے۔"
)


def test_a_sentence_ending_with_the_urdu_full_stop_is_prose():
    # "۔" (U+06D4, Unicode Sentence_Terminal) ends Urdu sentences; without it every Urdu paragraph under 200
    # characters was only near-good, and a page with no good line lost its story.
    assert classify_line(URDU, stoplists()["Urdu"], SETTINGS) is G


def test_data_under_a_colon_line_is_a_list_not_a_menu():
    # "Programme:" is short, but the run under it opens with times: the story's data. The menu after them stays one.
    times = ["10:00", "12:30", "15:00", "18:30"]
    lines = [*MENU, BODY_1, "Programme:", *times, BODY_2, BODY_3, *FOOTER]
    keep = select_body(lines, [False] * len(lines), SETTINGS)
    assert [line for line, k in zip(lines, keep, strict=True) if k] == [BODY_1, "Programme:", *times, BODY_2, BODY_3]


def test_a_sentence_with_few_stopwords_inside_the_region_is_the_storys():
    # Names and figures: 2 stopwords in 16 words, under stopwords_low, so the line is bad by itself.
    terse = "Ajax 3, PSV 1: Bergwijn, Tadic and Klaassen scored; Zahavi replied for Eindhoven in Amsterdam on Sunday."
    assert classify_line(terse, EN, SETTINGS) is B
    lines = [*MENU, BODY_1, terse, BODY_2, BODY_3, *FOOTER]
    keep = select_body(lines, [False] * len(lines), SETTINGS)
    assert [line for line, k in zip(lines, keep, strict=True) if k] == [BODY_1, terse, BODY_2, BODY_3]
    # a teaser cut short is not one
    teaser = "Subway employees tell their work horror stories and hoo boy..."
    lines = [*MENU, BODY_1, teaser, BODY_2, BODY_3, *FOOTER]
    keep = select_body(lines, [False] * len(lines), SETTINGS)
    assert teaser not in [line for line, k in zip(lines, keep, strict=True) if k]


def test_a_list_of_short_items_between_story_lines_is_not_a_menu():
    demands = ["Stronger dikes", "A new school", "Cheaper buses", "More doctors"]
    lines = [*MENU, BODY_1, *demands, BODY_2, BODY_3, *FOOTER]
    keep = select_body(lines, [False] * len(lines), SETTINGS)
    assert [line for line, k in zip(lines, keep, strict=True) if k] == [BODY_1, *demands, BODY_2, BODY_3]


def test_a_list_under_an_ad_marker_inside_the_story_stays():
    # An ad marker (removed by its rule) between a short line and the list: the list's neighbours are story.
    demands = ["Stronger dikes", "A new school", "Cheaper buses", "More doctors"]
    lines = [*MENU, BODY_1, "They want four things.", "Advertisement", *demands, BODY_2, BODY_3, *FOOTER]
    removed = [line == "Advertisement" for line in lines]
    keep = select_body(lines, removed, SETTINGS)
    kept = [line for line, k in zip(lines, keep, strict=True) if k]
    assert kept == [BODY_1, "They want four things.", *demands, BODY_2, BODY_3]


def kept_by_page_mode(lines: list[str]) -> list[str]:
    """The lines page mode keeps of ``lines``, none of them removed by a rule."""
    keep = select_body(lines, [False] * len(lines), SETTINGS)
    return [line for line, k in zip(lines, keep, strict=True) if k]


def test_a_list_of_names_under_a_short_colon_line_is_the_storys():
    # A four-word label over names of three words or more: the story's list, not a menu. As a menu its twelve lines
    # cost more than the lede above them scored, and the lede was cut off with the list.
    names = ["Port of Durres Authority", "Vlora City Council", "Albanian Road Authority", "Ministry of Finance"] * 2
    lines = [*MENU, BODY_1, "The new members are:", *names, BODY_2, BODY_3, *FOOTER]
    assert kept_by_page_mode(lines) == [BODY_1, "The new members are:", *names, BODY_2, BODY_3]


def test_a_near_good_last_paragraph_ends_the_region():
    # Kept by its good neighbour but scoring nothing, the last paragraph was left out of the region, which ended at
    # the last line that raised its score.
    last = "The new library will open in the former post office on Bridge Street next year"
    assert classify_line(last, EN, SETTINGS) is N
    assert kept_by_page_mode([*MENU, BODY_1, BODY_2, BODY_3, last, *FOOTER]) == [BODY_1, BODY_2, BODY_3, last]


def test_list_items_ending_a_clause_with_few_stopwords_stay_inside_the_region():
    # Items of a list written as one sentence, each ending with a semicolon or a comma: bad by their stopwords
    # (names and figures), but prose inside the article's region.
    items = [
        "Lagos Island General Hospital, Ikoyi Primary Health Centre, Obalende: N2.4bn, theatres;",
        "Gbagada General Hospital, Ifako-Ijaiye Primary Health Centre: N1.1bn, new wards,",
    ]
    assert all(classify_line(item, EN, SETTINGS) is B for item in items)
    lines = [*MENU, BODY_1, "The money goes to:", *items, BODY_2, BODY_3, *FOOTER]
    assert kept_by_page_mode(lines) == [BODY_1, "The money goes to:", *items, BODY_2, BODY_3]


def test_a_sentence_with_few_stopwords_right_above_or_below_the_region_is_the_storys():
    # Bad by its stopwords, it cost the region a gap penalty, so a terse lede or last paragraph was left out.
    terse = "Ajax 3, PSV 1: Bergwijn, Tadic and Klaassen scored; Zahavi replied for Eindhoven in Amsterdam on Sunday."
    assert kept_by_page_mode([*MENU, terse, BODY_1, BODY_2, *FOOTER]) == [terse, BODY_1, BODY_2]
    assert kept_by_page_mode([*MENU, BODY_1, BODY_2, terse, *FOOTER]) == [BODY_1, BODY_2, terse]
    # A teaser cut short, or a menu item, is not one.
    teaser = "Subway employees tell their work horror stories and hoo boy..."
    assert kept_by_page_mode([*MENU, BODY_1, BODY_2, teaser, *FOOTER]) == [BODY_1, BODY_2]


def test_a_one_sentence_lede_right_above_the_region_is_the_storys():
    # Short, and its context is a caption above it: the region opened below it and the lede was lost.
    lede = "A new car park opened on Friday."
    caption = "The car park seen from the market (Photo: A. Lee)"
    assert kept_by_page_mode([*MENU, caption, lede, BODY_1, BODY_2, *FOOTER]) == [lede, BODY_1, BODY_2]


def test_a_share_row_under_every_entry_of_a_live_blog_does_not_end_the_story():
    # A share row ends an article, so it cost the region ten lines; repeated under each entry, it cut every entry
    # after the first off the story.
    share = "Share on Facebook"
    entries = [BODY_1, share, BODY_2, share, BODY_3, share]
    page = [*MENU, "Sign in", "Live: council debates the library's future", *entries, *FOOTER, *MENU, COOKIE]
    cleaned = ArticleCleaner(CleaningConfig()).clean_text("\n".join(page), None)
    assert cleaned.text == "\n\n".join([BODY_1, BODY_2, BODY_3])
    assert {line.rule for line in cleaned.removed if line.line == share} == {"share_prompt"}


def test_a_share_row_at_the_end_still_ends_the_story():
    share = "Share on Facebook"
    teaser = "The mayor said on Monday that the town would keep its bus station open for another year at least."
    page = [*MENU, "Sign in", HEADLINE, BODY_1, BODY_2, share, teaser, *FOOTER, *MENU, COOKIE]
    cleaned = ArticleCleaner(CleaningConfig()).clean_text("\n".join(page), None)
    assert cleaned.text == "\n\n".join([BODY_1, BODY_2])


def test_a_colon_line_with_few_stopwords_over_the_storys_list_stays():
    # Bad by its stopwords (names), it was dropped from inside the region while the list it announces stayed.
    announce = "Councillors Ahmed, Brown, Clarke, Dunn, Evans, Fisher and Grant backed three measures:"
    items = ["Closing the old library in June", "Moving its books to the new school", "Selling the building"]
    lines = [*MENU, BODY_1, announce, *items, BODY_2, BODY_3, *FOOTER]
    assert kept_by_page_mode(lines) == [BODY_1, announce, *items, BODY_2, BODY_3]
    # Below the region's last line it is not the story's.
    assert announce not in kept_by_page_mode([*MENU, BODY_1, BODY_2, BODY_3, announce, *FOOTER])


def test_short_closing_sentences_right_below_the_region_are_the_storys():
    # Short, and their context below is the page's footer: they were dropped with it.
    closing = ["No one was hurt.", "The road reopened on Friday."]
    assert kept_by_page_mode([*MENU, BODY_1, BODY_2, BODY_3, *closing, *FOOTER]) == [BODY_1, BODY_2, BODY_3, *closing]
    # A short line that is not a sentence, or a sentence under three words, is not.
    lines = [*MENU, BODY_1, BODY_2, BODY_3, "Photo: Reuters", "No one was hurt.", *FOOTER]
    assert kept_by_page_mode(lines) == [BODY_1, BODY_2, BODY_3]
    assert kept_by_page_mode([*MENU, BODY_1, BODY_2, BODY_3, "Thank you.", *FOOTER]) == [BODY_1, BODY_2, BODY_3]


def test_a_table_of_results_between_story_paragraphs_does_not_cut_the_story():
    # Results rows are short and hold digits, so they run as a menu; each cost the region a line, and the paragraph
    # above the table was cut off with them.
    results = ["Leeds 2-1 York", "Hull 0-0 Bury", "Derby 3-1 Stoke", "Luton 1-2 Wigan", "Crewe 4-0 Bolton"]
    lines = [*MENU, BODY_2, "The other results were as follows.", *results, BODY_1, BODY_3, *FOOTER]
    assert kept_by_page_mode(lines) == [BODY_2, "The other results were as follows.", *results, BODY_1, BODY_3]
    # Below the story, a run of data is not taken into it.
    assert kept_by_page_mode([*MENU, BODY_1, BODY_2, BODY_3, *results, *FOOTER]) == [BODY_1, BODY_2, BODY_3]


def test_ad_markers_between_story_paragraphs_cost_the_region_nothing():
    # Each cost the region a line, more than the lede above them scored, and the lede was cut off.
    lede = "The council voted on Tuesday to close the old library after a long debate."
    ads = ["Advertisement", "Story continues below advertisement"]
    page = [*MENU, "Sign in", HEADLINE, lede, *ads, "The vote was 5-2.", "Advertisement", BODY_1, BODY_3]
    page += [*FOOTER, *MENU, COOKIE]
    cleaned = ArticleCleaner(CleaningConfig()).clean_text("\n".join(page), None)
    assert cleaned.text == "\n\n".join([lede, "The vote was 5-2.", BODY_1, BODY_3])
    assert {line.rule for line in cleaned.removed if line.line in ads} == {"ad_marker"}


def test_a_list_above_a_sentence_with_few_stopwords_is_the_storys():
    # The sentence below the list is the story's (the region keeps it), so the list is between story lines.
    terse = "Vilniaus savivaldybė skyrė 2,4 mln. eurų Žirmūnų baseino rekonstrukcijai 2026 metais."
    districts = ["Westside", "Old Town", "Harbour", "Riverside"]
    lines = [*MENU, BODY_1, "Rents rose most in four districts.", *districts, terse, BODY_2, BODY_3, *FOOTER]
    kept = [BODY_1, "Rents rose most in four districts.", *districts, terse, BODY_2, BODY_3]
    assert kept_by_page_mode(lines) == kept


def test_a_read_also_line_naming_its_story_costs_the_region_nothing():
    # It stands inside stories, like an ad marker; a "read also" label alone also heads lists after a story's end.
    read_also = "Read also: Council plans a new bus depot on Mill Lane"
    fares = ["New fares from May:", "City monthly ticket", "County monthly ticket", "Student ticket"]
    after = "Commuters said on Tuesday that the rise would hit hardest those who have no other way to get to work in"
    after += " the town centre each day."
    lede = "Bus fares in the town will rise by a tenth from May, the county council said on Tuesday after a vote"
    lede += " that split its members."
    page = [*MENU, "Sign in", HEADLINE, lede, read_also, *fares, after, *FOOTER, *MENU, COOKIE]
    cleaned = ArticleCleaner(CleaningConfig()).clean_text("\n".join(page), None)
    assert cleaned.text == "\n\n".join([lede, *fares, after])
    assert [line.rule for line in cleaned.removed if line.line == read_also] == ["read_more"]


STANDFIRST = (
    "The town's library, open since 1902, will shut in June after the council found its roof too costly to mend."
)


def test_a_standfirst_over_the_byline_is_the_storys():
    # The byline's row (date, share buttons) cost the region more than the standfirst scored: it was cut off.
    byline = ["By Ann Lee", "Published 4 March 2026", "Share", "Facebook", "Email"]
    page = [*MENU, "Sign in", HEADLINE, STANDFIRST, *byline, BODY_1, BODY_2, BODY_3, *FOOTER, *MENU, COOKIE]
    cleaned = ArticleCleaner(CleaningConfig()).clean_text("\n".join(page), None)
    assert (cleaned.title, cleaned.text) == (HEADLINE, "\n\n".join([STANDFIRST, BODY_1, BODY_2, BODY_3]))


def test_a_caption_or_a_tagline_over_the_byline_is_not_a_standfirst():
    byline = ["By Ann Lee", "Published 4 March 2026", "Share", "Facebook", "Email"]
    caption = ["The library's reading room, which closes in June.", "Photo: J. M. Smith"]
    tagline = "The latest local news, sport and weather from the Lakes, every day of the week."
    for above in (caption, [tagline]):
        page = [*MENU, "Sign in", HEADLINE, *above, *byline, BODY_1, BODY_2, BODY_3, *FOOTER, *MENU, COOKIE]
        cleaned = ArticleCleaner(CleaningConfig()).clean_text("\n".join(page), None)
        assert cleaned.text == "\n\n".join([BODY_1, BODY_2, BODY_3])
