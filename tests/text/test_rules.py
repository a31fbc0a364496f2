"""Every boilerplate rule: lines it must remove, and real-looking article lines it must keep."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.rules import (
    AMOUNT_RE,
    EMAIL_RE,
    PHONE_RE,
    RULES,
    UnknownRuleError,
    has_phone_or_email,
    resolve_rules,
)

# rule name -> (boilerplate lines the rule must match, article lines it must not match)
CASES: dict[str, tuple[list[str], list[str]]] = {
    "punctuation_only": (
        ["* * *", "---", "|", "•", "..."],
        ["- 2 -", "A.", "Yes."],
    ),
    "ad_marker": (
        ["Advertisement", "ADVERTISEMENT", "- Advertisement -", "Sponsored", "Sponsored content",
         "Story continues below advertisement", "Continue reading below", "[ Advertisement ]"],
        ["The advertisement campaign cost £2m.", "Sponsored by the council, the event drew 5,000 people.",
         "Advertising revenue fell 5% in the quarter.", "Continue reading the report, she urged MPs."],
    ),
    "contact_footer": (
        ["Connect With Us : 0242202447 | 0551484843 | 0266361755 | 059 199 7513 |",
         "Call/WhatsApp our newsroom: 0809 797 3771", "Send your news tips to 0798 316 090",
         "For feedback call +91 70375 22686", "Got a story? Call us on 0161 496 0689 or email tips@example.co.uk",
         "Newsroom hotline: (555) 010-4477", "0242202447 | 0551484843"],
        ["Call 0800 555 0199 for advice, the council said.",
         "Police asked anyone with information to call 101 or Crimestoppers on 0800 555 111.",
         "Connect with us, the minister told young voters at the rally in 2004.",
         "The hotline received 12,000 calls in its first week."],
    ),
    "share_prompt": (
        ["Share this: Facebook | Twitter | WhatsApp | Telegram", "Share on Facebook Share on Twitter Share via Email",
         "Like this story? Share it with your friends!", "Follow us on Facebook and Twitter for more news.",
         "Follow Example Daily on Twitter @ExampleDaily", "Join our WhatsApp channel for the latest updates",
         "Subscribe to our newsletter", "Follow us on Google News", "Facebook Twitter WhatsApp",
         "Click here to get the latest news on WhatsApp"],
        ["He said readers could share their views on Facebook.", "Share prices fell 5% on Monday.",
         "Followers of the band on Twitter reacted angrily.",
         "Subscribers to the newsletter rose to two million, the firm said."],
    ),
    "copyright": (
        ["© 2019 Kenya Today Hub", "Copyright © 2022 Example News. All rights reserved.",
         "All rights reserved. Daily Example Online 2019", "© Example Digest Ltd 2021",
         "Copyright 2020 Wire Service. This material may not be published, broadcast, rewritten or redistributed.",
         "(c) Example Media", "© picture alliance / dpa", "Alle Rechte vorbehalten.",
         "Tous droits réservés © Le Monde 2024", "© RIPRODUZIONE RISERVATA", "ΜΕ ΕΠΙΦΥΛΑΞΗ ΠΑΝΤΟΣ ΔΙΚΑΙΩΜΑΤΟΣ",
         "Copyright © 2024 Kompas.com. Hak cipta dilindungi undang-undang.", "新华网 版权所有",
         "記事・写真の無断転載を禁じます", "جميع الحقوق محفوظة لموقع المثال 2026", "ตัวอย่าง สงวนลิขสิทธิ์",
         "版权所有 新华网。本网站所有内容未经许可不得转载。"],
        ["Copyright law was changed in 2003, he said.",
         "The label said all rights reserved under the old contract would pass to the artist.",
         "Copyright holders have sued the file-sharing network.",
         "(c) the council must publish its accounts.", "(C) Any person who breaches the order commits an offence.",
         "All rights reserved, the judge noted, was printed on the leaked minutes.",
         "The company said it kept all rights reserved.",
         "Tous droits réservés, a rappelé la ministre lors de sa conférence.", "版权所有人表示将起诉该网站。",
         "جميع الحقوق محفوظة للمواطنين وفق الدستور، قال الوزير.", "כל הזכויות שמורות לעובדים על פי החוק, אמר השר."],
    ),
    "engagement_count": (
        ["7 Comments", "3 views", "1,204 views", "12 shares"],
        ["3 views were expressed at the meeting.", "7 comments from the minister angered MPs.", "Views"],
    ),
    "dateline": (
        ["09:08, 2 June 2021", "Updated: Sep. 5, 2021, 09:15 IST", "Published 19 February 2022 | 7 Comments",
         "12 March 2021", "14/03/2021 10:22", "Monday, 3 May 2021", "2021-05-03",
         "Publié le 5 mars 2021 à 14h30", "Aktualisiert: 05.03.2021, 14:30 Uhr", "5 марта 2021, 14:30 МСК",
         "Montag, 5. März 2021", "2021. március 5. 14:30",
         # a time after CLDR's word before a time; how long ago (CLDR relative times)
         "Mis à jour à 14h32", "Aktualisiert um 14:32 Uhr", "Diperbarui pukul 14.32 WIB", "Updated 2 hours ago",
         "Publié il y a 3 heures", "vor 2 Stunden", "hace 3 horas", "2 saat önce", "2小时前",
         # an agency's dateline alone on its line
         "KONYA (MA) -", "BERLIN (dpa) -", "NEW YORK (AP) —", "CAHORS, 6 mars 2026 (Agence Presse Quercy) -",
         "КИРОВСК, 2 марта - Север-Пресс."],
        ["On 5 September 2021 the talks collapsed.", "Published in 2004, the book sold a million copies.",
         "Updated figures are due on 2 June 2021.", "Le 5 mars 2021, le gouvernement a démissionné.",
         "Am 5. März 2021 um 14:30 Uhr begann die Sitzung.", "Il y a 3 heures, le feu a pris dans l'entrepôt.",
         "2 hours ago he left the building, police said.", "at 14:32 the alarm went off",
         "ATHENS (AP) — Greece's government said on Monday it would raise the minimum wage.",
         "BREXIT (analysis)", "KOREA - The talks resumed", "NATO (the alliance) -", "FATAL FORCE (MACROSPACE)",
         "TOO FAST TOO FURIOUS (DIGITAL BRIDGES)", "KONYA (MA)"],
    ),
    "byline": (
        ["By Staff Writer | Dec. 14, 2021", "By Example Newswire Staff", "Source: BBC News | 9 August 2021",
         "By Jane Smith", "Reporting by John Doe", "hjl/mrc/APQ", "apn/mk", "(afz/rdp)"],
        ["By the end of the year, prices had doubled.", "By Monday the fire was under control.", "and/or",
         "und/oder",
         "Source: a senior official told the BBC the plan was dead."],
    ),
    "syndication_notice": (
        ["(Except for the headline, this story has not been edited by Example Times staff and is published from "
         "a syndicated feed.)", "(This story is auto-generated from a syndicated feed.)"],
        ["The agency said the story came from a syndicated feed.",
         "This story has not been edited, the paper admitted on Monday."],
    ),
    "site_navigation": (
        ["Home » News » Politics", "Breaking | Politics | Business | Sports | Entertainment",
         "WIREFEED+ | Latest | Sport", "News › World › Europe", "Tags: Oil, Opec, Saudi Arabia",
         "#Brexit #UKPolitics", "#給食費 #無償化 #静岡市", "#Wahl2026, #Berlin"],
        ["Ferguson fears Milan cutting edge | Example Digest", "Ireland 21-19 Argentina", "#Brexit: the deal explained",
         "#MeToo and #TimesUp changed the industry, she said.",
         "Topics: the minister would not discuss them, an aide said.",
         "Results: Arsenal 2 | Chelsea 1 | the title race is over.", "Home and away form matters, he said."],
    ),
    "read_more": (
        ["Read more: Immigration to be election issue", "Also Read: Movie body hits peer-to-peer nets",
         "READ MORE: 'No more concessions' on terror", "You may also like:", "Related: Oil prices hit record high"],
        ["Read more about it in the report, which was published on Monday, the minister said.",
         "Read more: that was the advice of teachers to pupils who struggled with the exam last year.",
         "You may also like the new model, the firm's chief executive said."],
    ),
    "chrome": (
        ["Publicité", "- Anzeige -", "12 commentaires", "Lire aussi : Le gouvernement présente son budget",
         "Écouter cet article (4 min)", "Partager sur Facebook Twitter", "Montag, 5. März 2021 | 3 Kommentare",
         "Baca juga: Jokowi Resmikan Bendungan Baru",
         "Nous utilisons des cookies pour améliorer votre expérience. En poursuivant, vous acceptez leur usage."],
        ["La publicité a rapporté 3 millions d'euros.", "Lire aussi le rapport complet publié lundi.",
         "Die Anzeige wurde am Montag erstattet.", "Baca juga laporan lengkapnya di situs kementerian.",
         "« Nous utilisons des cookies », a reconnu le directeur du site."],
    ),
    "footer_teaser": (
        ["Borussia Dortmund near bust", "Ireland 21-19 Argentina", "iTunes now selling Band Aid song",
         "Rivals of the £400 Apple..."],
        ["He said it was over.", "K Clark", "8,661", "and then it ended"],
    ),
}


def test_every_registered_rule_has_cases():
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize(
    ("rule", "line"), [(rule, line) for rule, (positives, _) in CASES.items() for line in positives]
)
def test_rule_matches_boilerplate(rule: str, line: str):
    assert RULES[rule].matches(line), f"{rule} should remove {line!r}"


@pytest.mark.parametrize(
    ("rule", "line"), [(rule, line) for rule, (_, negatives) in CASES.items() for line in negatives]
)
def test_rule_keeps_article_line(rule: str, line: str):
    assert not RULES[rule].matches(line), f"{rule} must keep {line!r}"


@pytest.mark.parametrize(
    "line", [line for _, negatives in CASES.values() for line in negatives if line.endswith(".")]
)
def test_no_rule_removes_real_sentences_that_end_in_a_full_stop(line: str):
    """Negatives that read as sentences survive every line rule, not only their own."""
    assert [rule.name for rule in RULES.values() if not rule.footer_only and rule.matches(line)] == []


def test_only_read_more_heads_a_teaser_list():
    heading = [name for name, rule in RULES.items() if rule.heads_list and rule.heads_list("You may also like:")]
    assert heading == ["read_more"]
    assert not RULES["read_more"].heads_list("Read more: Immigration to be election issue")  # type: ignore[misc]


def test_long_line_starting_like_boilerplate_is_kept():
    line = "Share this " + "very long sentence about the budget " * 10
    assert not RULES["share_prompt"].matches(line)


def test_resolve_keeps_config_order():
    assert [rule.name for rule in resolve_rules(["copyright", "ad_marker"])] == ["copyright", "ad_marker"]


def test_unknown_rule_names_the_bad_name_and_lists_known_ones():
    with pytest.raises(UnknownRuleError) as error:
        resolve_rules(["ad_marker", "adverts"])
    message = str(error.value)
    assert "'adverts'" in message and "ad_marker" in message and "site_navigation" in message


def test_rules_pickle_by_reference():
    rules = resolve_rules(list(RULES))
    assert pickle.loads(pickle.dumps(rules)) == rules


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ()./-+@_.abXY\u00e9"))))
def test_the_e_mail_half_needs_an_at_sign(line: str):
    phone = any(AMOUNT_RE.fullmatch(match) is None for match in PHONE_RE.findall(line))
    assert has_phone_or_email(line) == (phone or EMAIL_RE.search(line) is not None)


@pytest.mark.parametrize(
    "line",
    ["सोना: 62,300 - 62,450", "चांदी: 74,100 - 74,900", "Gold: 62,300 - 62,450", "Budget: 1.800.000 euros"],
)
def test_an_amount_or_a_price_range_is_no_phone_number(line: str):
    # A story's price list (gold and silver rates in a Hindi business story) was removed as a contact footer.
    assert not RULES["contact_footer"].matches(line)
