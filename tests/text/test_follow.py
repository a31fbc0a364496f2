"""Calls to follow a site on a network (pipeline/text/follow.py), and the chrome rule that removes them."""

import pytest

from pipeline.text.chrome import score_chrome
from pipeline.text.clean import stands_inside_story
from pipeline.text.follow import is_call_to_follow, names_a_network
from pipeline.text.lexicon import load_lexicon

CALLS = [
    "Follow us on Instagram for the latest from the valley",
    "Seguici su Facebook e Telegram per restare aggiornato",
    "Volg De Kempenaar op WhatsApp voor het laatste nieuws",
    "Síguenos en X y en Instagram para no perderte nada",
    "Receba as notícias da cidade no WhatsApp: entre no nosso canal",
    'Подписывайтесь на "Вечерний Омск" в Telegram - главное за день',
    "Abonnez-vous à notre chaîne WhatsApp pour recevoir l'essentiel",
    "Dołącz do nas na Facebooku!",
    "Gabung di saluran WhatsApp Warta Priangan",
    "Google News'te Ege Postası'nı takip edin",
    "LINEで友だち追加してください",
    "关注我们的微信公众号",
    "카카오톡 채널을 구독하세요",
    "📲 Join our Telegram channel",
]
STORY_LINES = [
    "The council said on Facebook that the bridge would reopen in May.",
    "Residents can follow the works on the city's Facebook page, the mayor said.",
    "Follow the party line, the minister told MPs.",
    "Why is TikTok banned in schools?",
    "Join the queue at the town hall on Monday if you want a ticket, the organisers said on Instagram and X.",
    "Il sindaco ha annunciato su Facebook la riapertura del ponte.",
    "Download speeds fell by half in the valley, the regulator said.",
]


@pytest.mark.parametrize("line", CALLS)
def test_calls_to_follow_in_many_languages_are_recognised(line: str):
    assert is_call_to_follow(line)
    assert score_chrome(line).reason in ("follow/mul", "share/it", "share/ko", "share/zh")


@pytest.mark.parametrize("line", STORY_LINES)
def test_story_lines_about_networks_are_not_calls(line: str):
    assert not is_call_to_follow(line)


def test_a_call_longer_than_a_clause_or_two_is_not_one():
    assert not is_call_to_follow("Follow us on Instagram " + "and read every story we publish about the valley " * 2)


def test_short_app_names_count_when_written_as_names():
    assert names_a_network("Follow us on X") and names_a_network("Add us on LINE")
    assert not names_a_network("Follow the line") and not names_a_network("Follow 24x7 updates")


def test_the_follow_lexicon_covers_the_section_lexicons_languages():
    follow = load_lexicon("follow").languages()
    assert load_lexicon("sections").languages() <= follow
    assert all(phrase.text == phrase.text.casefold() for phrase in load_lexicon("follow").phrases)


def test_a_call_stands_inside_stories_for_page_mode():
    # "Join our WhatsApp channel" between two paragraphs: removed, it must not split the story's region (a Hebrew page
    # of left-out set 55 lost its three paragraphs when the call cost the region a line).
    assert stands_inside_story("chrome[follow/mul]")
    assert not stands_inside_story("chrome[share/mul]")


@pytest.mark.parametrize(
    "line",
    ["गूगल न्यूज़ पर भारत समाचार को फॉलो करें", "تابعونا على فيسبوك وإنستغرام", "Подписывайтесь на наш телеграм-канал"],
)
def test_networks_written_in_the_pages_script_are_named(line: str):
    assert is_call_to_follow(line)
