"""Learned boilerplate, pure parts: keys, sites, thresholds, the per-site file format, and the cleaner's use of it."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.counting import Tally
from pipeline.core.record import Article
from pipeline.text.clean import ArticleCleaner
from pipeline.text.config import CleaningConfig, LearnedConfig
from pipeline.text.learned import (
    GLOBAL_SITE,
    LEARNED_RULE,
    VETOED,
    VETOED_LINES,
    LearnedFileError,
    LearnedLine,
    ShortLineKeys,
    SiteLines,
    article_keys,
    article_line_keys,
    content_key,
    date_names,
    file_stem,
    from_json,
    is_boilerplate,
    keyed_paragraphs,
    line_key,
    line_key_int,
    line_key_text,
    normalize_line,
    normalized_utf8,
    paragraph_keys,
    shape,
    shape_key,
    site_key,
    suffix_key,
    to_json,
)


def test_line_keys_ignore_case_digits_and_spacing_but_not_words():
    assert normalize_line("© 2021  Metro Digest") == "© 0 metro digest"
    assert line_key("© 2021 Metro Digest") == line_key("© 2024 METRO   DIGEST")
    assert line_key("Follow us on X") != line_key("Follow us on Y")
    assert line_key("") is None and line_key(" ! ") is None
    # pinned: keys are stored in per-site files, so they must not change between versions
    assert line_key("Follow us on X") == "d2ee7b1953ba5372"


@pytest.mark.parametrize(
    "one, other",
    [
        ("3 comments", "57 comments"),
        ("Read 1,204 times", "Read 87 times"),
        ("Updated: Monday, 5 March 2021, 09:15", "Updated: Friday, 17 April 2022, 18:40"),
        ("Publié le 5 mars 2021 à 14h30", "Publié le 28 février 2022 à 9h05"),
        ("Aktualisiert am 3. Mai 2021, 14:30 Uhr", "Aktualisiert am 21. Oktober 2023, 8:05 Uhr"),
        ("Cập nhật lúc 14:30 thứ hai, 5/3/2021", "Cập nhật lúc 9:05 thứ hai, 17/4/2022"),
        ("Ouça esta notícia (3 min)", "Ouça esta notícia (12 min)"),
    ],
)
def test_short_lines_with_numbers_are_templates(one, other):
    assert line_key(one) == line_key(other)


def test_templates_keep_words_and_long_paragraphs_keep_their_numbers():
    assert line_key("3 comments") != line_key("3 replies")
    assert line_key("Published in March 2021") != line_key("Published in 2021")  # a name is masked, not dropped
    long_paragraph = "The council said on Tuesday that 1,200 homes would be built by 2030 across the region. " * 3
    assert line_key(long_paragraph) != line_key(long_paragraph.replace("1,200", "12"))
    assert "may" in date_names() and "di" not in date_names()  # CLDR names of three letters or more


def test_site_key():
    assert site_key(Article("a", "t", source="Metro Digest", url="https://other.com/x")) == "Metro Digest"
    assert site_key(Article("a", "t", url="https://WWW.Example.co.uk:443/news/1")) == "example.co.uk"
    assert site_key(Article("a", "t", url="https://user@news.example.com/")) == "news.example.com"
    assert site_key(Article("a", "t", url="not a url")) == GLOBAL_SITE
    assert site_key(Article("a", "t")) == GLOBAL_SITE


def test_content_key_and_article_line_keys():
    assert content_key(["Body one.", "Footer"]) == content_key(["BODY ONE.", "footer"])
    assert content_key(["Body one.", "Footer"]) != content_key(["Footer", "Body one."])
    keys = article_line_keys(["Footer", "Body.", "FOOTER", "."])
    assert list(keys.values()) == ["Footer", "Body."]


@pytest.mark.parametrize(
    ("line_articles", "site_articles", "expected"),
    [(5, 100, True), (4, 10, False), (5, 101, False), (6, 120, True), (50, 1000, True), (49, 1000, False)],
)
def test_thresholds(line_articles, site_articles, expected):
    assert is_boilerplate(line_articles, site_articles, min_articles=5, min_share=0.05) is expected


def test_site_lines_merge_and_threshold():
    today = SiteLines("s", 3, (LearnedLine("a", 3, "Footer"),))
    last_week = SiteLines("s", 40, (LearnedLine("a", 38, "FOOTER"), LearnedLine("b", 6, "Tip line 0800")))
    merged = today.merge(last_week)
    assert merged == SiteLines("s", 43, (LearnedLine("a", 41, "FOOTER"), LearnedLine("b", 6, "Tip line 0800")))
    assert merged.boilerplate(5, 0.05).keys() == frozenset({"a", "b"})
    assert merged.boilerplate(5, 0.2).keys() == frozenset({"a"})
    assert today.boilerplate(5, 0.05).keys() == frozenset()  # three articles alone teach nothing


def test_file_format_round_trip_and_bytes():
    lines = SiteLines("example.com", 12, (LearnedLine("k1", 12, "Follow us"), LearnedLine("k2", 6, "Ünïcode ©")))
    text = to_json(lines)
    assert text == (
        '{"format": "newsclean-learned-lines/1", "site": "example.com", "articles": 12, "lines": [\n'
        '{"key": "k1", "articles": 12, "line": "Follow us"},\n'
        '{"key": "k2", "articles": 6, "line": "Ünïcode ©"}\n'
        "]}"
    )
    assert from_json(text, "f.json") == lines
    empty = SiteLines("", 2, ())
    assert from_json(to_json(empty), "g.json") == empty


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "f.json is not valid JSON"),
        ("[1, 2]", "f.json is not a newsclean learned-lines file"),
        ('{"format": "newsclean-learned-lines/1", "site": "s", "articles": 1}', "f.json is damaged"),
        (
            '{"format": "newsclean-learned-lines/1", "site": "s", "articles": -1, "lines": []}',
            "invalid site or articles count",
        ),
    ],
)
def test_bad_files_are_named_with_what_to_do(text, message):
    with pytest.raises(LearnedFileError, match=message) as error:
        from_json(text, "f.json")
    assert "cleaning.learned.load_dir" in str(error.value)


def test_file_stems_are_safe_and_distinct():
    assert file_stem("") == "_global"
    assert file_stem("a/b") != file_stem("a b")  # same slug, different sites
    assert all(c.isalnum() or c in "._-" for c in file_stem("../../etc/passwd Site ©"))


def test_teasers_under_a_learned_list_heading_go_with_it():
    # The heading is the site's (learned); the headlines under it change from page to page, so only their place
    # under it, at the end among chrome, tells them from the story.
    cleaner = ArticleCleaner(CleaningConfig())
    body = "Der Stadtrat hat am Montag den Haushalt beschlossen.\n\nDie Opposition stimmte dagegen."
    teasers = ["Neue Moselbrücke wird später fertig", "Kreistag beschließt Haushalt", "Polizei sucht Zeugen in Zell"]
    text = "\n\n".join([body, "Rund um die Mosel", *teasers, "Impressum | Datenschutz | Kontakt"])
    learned = frozenset({line_key("Rund um die Mosel")})
    cleaned = cleaner.clean_text(text, "Haushalt beschlossen", Tally(), learned)
    assert cleaned.text == body
    assert [line.rule for line in cleaned.removed] == [LEARNED_RULE, *["footer_teaser"] * 3, "site_navigation"]
    # Without the learned heading, four headline-like lines in a row are too many for teasers: they stay.
    assert cleaner.clean_text(text, "Haushalt beschlossen", Tally()).text.endswith(teasers[-1])
    # Under a learned line that is the story's own closing list's heading ("Die Gewinner:"), they stay.
    listed = "\n\n".join([body, "Die Gewinner:", *teasers])
    kept = cleaner.clean_text(listed, "Haushalt beschlossen", Tally(), frozenset({line_key("Die Gewinner:")}))
    assert kept.text.endswith(teasers[-1])


def test_cleaner_removes_learned_lines_after_the_hand_written_rules():
    cleaner = ArticleCleaner(CleaningConfig())
    body = "The body sentence stays here, and a second one follows it to the end."
    text = f"Metro Digest - your city, your news\n\n{body}\n\nAdvertisement"
    tally = Tally()
    learned = frozenset({line_key("Metro Digest - your city, your news"), line_key("Advertisement")})
    cleaned = cleaner.clean_text(text, "Headline", tally, learned)
    assert cleaned.text == body
    # a line a hand-written rule knows keeps that rule's name
    assert [(line.line, line.rule) for line in cleaned.removed] == [
        ("Metro Digest - your city, your news", LEARNED_RULE),
        ("Advertisement", "ad_marker"),
    ]
    assert tally[f"line-removed:{LEARNED_RULE}"] == 1
    # without learned lines nothing else changes
    assert cleaner.clean_text(text, "Headline").text.startswith("Metro Digest")


def test_clean_returns_the_removed_lines_for_the_ledger():
    cleaner = ArticleCleaner(CleaningConfig(min_words=3))
    result, removed = cleaner.clean(Article("a1", "Advertisement\n\nOnly two"))
    assert result.id == "a1" and getattr(result, "reason", None) == "empty_after_cleaning"
    assert [(line.line, line.rule) for line in removed] == [("Advertisement", "ad_marker")]


def test_learned_config_is_validated():
    with pytest.raises(ValueError, match="min_articles must be >= 2"):
        LearnedConfig(min_articles=1)
    with pytest.raises(ValueError, match="min_share"):
        LearnedConfig(min_share=1.5)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([*map(chr, range(128)), *"éİßﬁΣ١²", "\u2003", "\u00a0", "\x85"])))
def test_normalized_utf8_is_normalize_line_encoded(line):
    normalized = normalize_line(line)
    assert normalized_utf8(line) == (normalized.encode("utf-8"), len(normalized))


def test_normalized_utf8_is_normalize_line_encoded_for_every_code_point():
    # Every character in a long line (no template), a short one and a short one with a number (a template), beside
    # spaces and digits. Digits and spaces (which take the string path) are tried one by one, the others 32 a line.
    singles, others = [], []
    for code in range(0x80, 0x110000):
        if not 0xD800 <= code <= 0xDFFF:
            char = chr(code)
            (singles if char.isdecimal() or char.isspace() else others).append(char)
    groups = singles + ["".join(others[start : start + 32]) for start in range(0, len(others), 32)]
    for chars in groups:
        for line in (f"{chars}Word {chars}x  2021\t{chars}" + " long" * 30, f" {chars}  x", f"{chars} 12"):
            normalized = normalize_line(line)
            assert normalized_utf8(line) == (normalized.encode("utf-8"), len(normalized)), ascii(chars)


def test_article_keys_are_the_keys_as_integers():
    paragraphs = ["Share this", "Body of the story.", "SHARE THIS", ".", "word " * 100]
    content, keys, _ = article_keys(paragraphs)
    assert line_key_text(content) == content_key(paragraphs)
    assert [(line_key_text(key), line) for key, line in keys] == sorted(article_line_keys(paragraphs).items())
    assert all(line_key_int(line_key_text(key)) == key for key, _ in keys)
    assert line_key_int("D2EE7B1953BA5372") is None and line_key_int("d2ee7b1953ba537") is None


def test_learned_lines_never_erase_the_story():
    cleaner = ArticleCleaner(CleaningConfig())
    story = ["Officials said a new ferry link to the islands would open next spring.",
             "The service will carry up to 400 passengers a day, the transport authority said."]  # fmt: skip
    learned = frozenset(line_key(paragraph) for paragraph in story)
    for text, vetoed in [
        ("\n\n".join(story), True),  # the whole body learned: kept as it is
        ("\n\n".join([*story, "A third paragraph of the story that is not repeated anywhere else at all."]), True),
        ("\n\n".join(["A long story of its own, told in many more words than the two learned lines. " * 3, *story]),
         False),
    ]:  # fmt: skip
        tally = Tally()
        cleaned = cleaner.clean_text(text, "Ferry link", tally, learned)
        assert (tally[VETOED], tally[VETOED_LINES]) == ((1, 2) if vetoed else (0, 0))
        assert all(paragraph in cleaned.text for paragraph in story) == vetoed
        assert tally[f"line-removed:{LEARNED_RULE}"] == (0 if vetoed else 2)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Mirá también: Kilroy-Silk quits 'shameful' UKIP", "mirá también: *"),
        ("LÆS OGSÅ › Tories pledge free sports lessons", "læs også› *"),
        ("Mere om emnet ∙ Duran Duran show set for US TV", "mere om emnet∙ *"),
        ("Fotó: MTI/Szabó Gergely", "fotó: *"),
        ("Kuva: Lehtikuva Oy", "kuva: *"),
        ("Kuva: STT", "kuva: *"),  # one word with capitals: an agency
        ("Foto: Ritzau/Fjordbladet", "foto: *"),
        ("Emner: Sport, Politik", "emner: *"),
        ("Af Sofie Lund, politisk redaktør", "N, politisk redaktør"),
        ("Por Facundo Aguirre, enviada especial", "N, enviada especial"),
        ("Tóth Eszter, a Hírlap tudósítója", "N, a N tudósítója"),
        ("Mikko Laaksonen, toimittaja 12.3.2024", "N, toimittaja 0"),
    ],
)
def test_shape_of_labels_credits_and_bylines(line, expected):
    assert shape(line) == "\x00" + expected


@pytest.mark.parametrize(
    "line",
    [
        "Analysis: the vote was close.",  # a sentence
        "What next? The minister said: We will see",  # a lower-case label would need 5+ words; this is a sentence
        "Q: What now",  # a one-letter label, and no two-word name
        "Wales: G Thomas (capt); Morgan, Shanklin",  # a line-up: semicolons
        "Scotland: Paterson, Lamont, Craig, Henderson",  # a squad: more than one comma
        "Ritzau Scanpix",  # names only, no word of its own
        "Power cut",  # no name of two words
        "Result: a draw",  # the tail starts in lower case
        "Attendance: 8,661",  # one word without capitals: a figure
        "Metro Digest - your city, your news",  # a slogan after a name: no comma after it
        "Af Sofie Lund og Ritzau",  # names without a role after a comma (the chrome rule knows this byline)
        "Prime Minister Tony Blair and his wife Cherie Blair visit Chancellor Gordon Brown",  # three names
        "word " * 30,  # too long
    ],
)
def test_shape_is_none_for_sentences_lists_and_body_lines(line):
    assert shape(line) is None


def test_shape_keys_are_counted_beside_line_keys_and_never_equal_them():
    assert shape_key("Foto: Sofie Lund/Fjordbladet") == shape_key("FOTO: Ritzau Scanpix")
    assert shape_key("Foto: Sofie Lund/Fjordbladet") != line_key("Foto: Sofie Lund/Fjordbladet")
    keys = dict(article_line_keys(["Sofie Lund, journalist", "A body sentence of the story."]))
    assert keys == {
        line_key("Sofie Lund, journalist"): "Sofie Lund, journalist",
        shape_key("Jens Kragh Madsen, journalist"): "Sofie Lund, journalist",
        line_key("A body sentence of the story."): "A body sentence of the story.",
    }
    assert len(paragraph_keys("A body sentence of the story.")) == 1


def test_cleaner_removes_lines_by_a_learned_shape_but_keeps_the_headline_place_and_other_shapes():
    cleaner = ArticleCleaner(CleaningConfig())
    body = "The body sentence stays here, and a second one follows it to the end of the paragraph."
    learned = frozenset({shape_key("Mirá también: Another story"), shape_key("Por Ana Gil, enviada especial")})
    related = "Mirá también: Blair returns from peace mission"
    text = f"Por Julieta Benítez, enviada especial\n\n{body}\n\n{related}\n\n{body}"
    cleaned = cleaner.clean_text(text, "Headline", learned=learned)
    assert cleaned.text == f"{body}\n\n{body}"
    assert [(line.line, line.rule) for line in cleaned.removed] == [
        ("Por Julieta Benítez, enviada especial", LEARNED_RULE),
        ("Mirá también: Blair returns from peace mission", LEARNED_RULE),
    ]
    # Real news of the same shape stays when its site did not learn the shape (a subheading, a line-up)...
    news = f"{body}\n\nAnalysis: What the vote means\n\n{body}\n\nWales: G Thomas (capt); Morgan, Shanklin"
    assert cleaner.clean_text(news, "Headline", learned=learned).text == news
    # ... and without a title field the headline's place is not emptied by a learned shape ("Brexit: ...").
    headlines = frozenset({shape_key("Brexit: Talks resume in Brussels")})
    detected = cleaner.clean_text(f"Brexit: Deal reached at last\n\n{body}", None, learned=headlines)
    assert (detected.title, detected.text) == ("Brexit: Deal reached at last", body)


def test_a_learned_line_glued_to_the_story_s_last_paragraph_is_cut_off():
    cleaner = ArticleCleaner(CleaningConfig())
    first = "The minister said the plan would cost far more than anyone in the department had expected it to."
    last = "Shares in the company fell by 4% on Monday, and analysts said the outlook for the year was uncertain."
    note = "Correction: An earlier version of this story misstated a date."
    learned = frozenset({line_key(note)})
    tally = Tally()
    cleaned = cleaner.clean_text(f"{first}\n\n{last} {note}\n\nShare this story", "Headline", tally, learned)
    assert cleaned.text == f"{first}\n\n{last}"
    assert [(line.line, line.rule) for line in cleaned.removed] == [
        (note, LEARNED_RULE),
        ("Share this story", "share_prompt"),
    ]
    assert tally["learned:glued-tail"] == 1
    # Not learned, or not at the story's end: the sentence is the story's.
    assert cleaner.clean_text(f"{first}\n\n{last} {note}", "Headline").text == f"{first}\n\n{last} {note}"
    in_the_middle = f"{first} {note}\n\n{last}"
    assert cleaner.clean_text(in_the_middle, "Headline", learned=learned).text == in_the_middle


@pytest.mark.parametrize("title", ["Headline", None])
def test_cleaning_by_the_line_keys_from_normalizing_equals_hashing_the_paragraphs_again(title):
    cleaner = ArticleCleaner(CleaningConfig())
    story = "The minister said the plan would cost far more than anyone in the department had expected it to."
    note = "Correction: An earlier version of this story misstated a date."
    learned = frozenset(
        {line_key(note), line_key("Metro Digest - your city, your news"), shape_key("Mirá también: Another story")}
    )
    texts = [
        f"Metro Digest - your city, your news\n\n{story}\n\nMirá también: Blair returns\n\n{story} {note}",
        f"Brexit: Deal reached at last\n\n{story}\n\n{note}\n\n.\n\nAdvertisement",
        f"{note}\n\nHe said so.",  # the learned line is most of the text: kept (the veto)
    ]
    for text in texts:
        normalized = cleaner.normalize(text)
        _, line_keys = keyed_paragraphs(normalized.paragraphs)
        keyed = dataclasses.replace(normalized, line_keys=line_keys)
        by_keys, by_hashing = Tally(), Tally()
        expected = cleaner.clean_text(text, title, by_hashing, learned, normalized)
        assert cleaner.clean_text(text, title, by_keys, learned, keyed) == expected
        assert by_keys == by_hashing


def test_a_learned_line_about_the_article_s_own_story_stays():
    # The site's other pages list this article's headline and standfirst as teasers, so a crawl learns them.
    cleaner = ArticleCleaner(CleaningConfig())
    headline = "Lecco, il ponte di via Digioni chiude per tre mesi"
    standfirst = "Dal 16 marzo il ponte di via Digioni resterà chiuso al traffico per i lavori alle pile."
    body = (
        "Il Comune di Lecco ha comunicato che dal 16 marzo il ponte di via Digioni resterà chiuso al traffico per "
        "tre mesi: i lavori di consolidamento costeranno 1,3 milioni."
    )
    teaser = "Sondrio, la biblioteca apre una sala studio fino a mezzanotte"
    prompt = "Ogni mattina le notizie delle tue valli e delle Prealpi"
    learned = frozenset(line_key(line) for line in ("Abbonati", headline, standfirst, teaser, prompt))
    tally = Tally()
    text = f"Abbonati\n\n{headline}\n\n{standfirst}\n\n{body}\n\n{teaser}\n\n{prompt}"
    cleaned = cleaner.clean_text(text, None, tally, learned)
    assert (cleaned.title, cleaned.text) == (headline, f"{standfirst}\n\n{body}")
    assert [(line.line, line.rule) for line in cleaned.removed] == [
        ("Abbonati", LEARNED_RULE),
        (teaser, LEARNED_RULE),
        (prompt, LEARNED_RULE),
    ]
    assert tally["learned:own-story"] == 2
    # In Korean the words take particles: pairs of letters are compared ("공영주차장" in "공영주차장이").
    korean = "전통시장 공영주차장 200면 확충…상인들 숨통 트였다"
    story = "강변중앙시장에 200면 규모의 공영주차장이 새로 문을 열었다. 상인들은 주차난이 풀려 숨통이 트였다고 말했다. "
    story *= 2
    kept = cleaner.clean_text(f"{korean}\n\n{story.strip()}", None, learned=frozenset({line_key(korean)}))
    assert kept.title == korean


def test_a_detected_headline_loses_a_site_suffix_its_site_learned():
    cleaner = ArticleCleaner(CleaningConfig())
    body = "The minister said the plan would cost far more than anyone in the department had expected it to."
    text = f"Economy focus for election battle - The Capitol Ledger\n\n{body}"
    learned = frozenset({suffix_key("Another story entirely - The Capitol Ledger")})
    tally = Tally()
    cleaned = cleaner.clean_text(text, None, tally, learned)
    assert (cleaned.title, cleaned.text) == ("Economy focus for election battle", body)
    assert tally["headline:learned-suffix"] == 1
    # A suffix the site did not learn is part of the headline: "- TUC" names a speaker.
    assert cleaner.clean_text(text, None).title == "Economy focus for election battle - The Capitol Ledger"
    speaker = f"Job cuts 'false economy' - TUC\n\n{body}"
    assert cleaner.clean_text(speaker, None, learned=learned).title == "Job cuts 'false economy' - TUC"
    # The suffix key removes no line.
    closing = "Ministers met - The Capitol Ledger"
    assert cleaner.clean_text(f"{body}\n\n{closing}", "T", learned=learned).text.endswith(closing)


SHORT_AND_LONG = st.lists(
    st.sampled_from(
        [
            "Advertisement",
            "ADVERTISEMENT",
            "Foto: Sofie Lund/Fjordbladet",
            "Af Sofie Lund, politisk redaktør",
            "Oil rebounds – Dunaparti Hírlap",
            "Updated 12 March 2021, 14:05",
            "Straße gesperrt",
            " . ",
            "",
            "The minister said the plan would cost far more than anyone in the department had expected it to. " * 2,
        ]
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(SHORT_AND_LONG, min_size=1, max_size=6))
def test_remembered_short_line_keys_give_what_keying_each_article_afresh_gives(articles):
    remembered = ShortLineKeys()
    for paragraphs in articles:
        assert keyed_paragraphs(paragraphs, remembered) == keyed_paragraphs(paragraphs)


def test_short_line_keys_forget_everything_when_full(monkeypatch):
    monkeypatch.setattr("pipeline.text.learned.MAX_REMEMBERED_SHORT_LINES", 2)
    remembered = ShortLineKeys()
    first = remembered("Share this")
    remembered("Follow us")
    assert remembered("Share this") is first  # still remembered: two lines fit
    remembered("Subscribe")  # a third: the memo starts again
    assert remembered("Share this") is not first
    assert remembered("Share this") == first
