"""Page-text mode: keep the article body of a whole page's visible text, drop menus, banners, lists and footers.

Scrapers often hand over everything a page shows, one block per line: navigation menus, cookie banners, "Most read"
lists, share bars and footers, with the article somewhere in the middle. This module finds the article with
text-only signals, the idea of jusText (Pomikálek 2011) without the HTML:

1. **Per line**: length in characters, share of stopwords (the frequent words of the page's language: its language
   from langid, its list from jusText, ``pipeline/text/pagelanguage.py``), sentence punctuation at the end, and
   link-like content (URLs, e-mail addresses, handles). A line is *bad* (link-like, or already removed by a line rule),
   *short* (too short to judge on its own), *good* (long, or a sentence, and stopword-dense: prose) or *near-good*
   (stopword-dense but not long enough to be sure); everything else is *bad*.
2. **Context**: a short or near-good line takes the class of its neighbours: it is kept between good lines, dropped
   between bad ones (menus, headline lists), and a near-good line next to good text is kept.
3. **Main block**: the article is one region. The kept lines are scored (+characters for good lines, a penalty for
   every dropped line between them) and the best-scoring contiguous region wins (a maximum-sum segment); good lines
   outside it ("Most read" summaries, comments, the cookie notice) are dropped too.

Page mode switches on by itself (``cleaning.page_text.mode: auto``) for documents that look like page text: at least
``min_lines`` lines, of which at least ``min_short_share`` are short non-sentence lines (menu items, labels). Articles
-- even with their site's boilerplate around them -- have a handful of such lines, page dumps have dozens.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from pipeline.text.cohesion import Story, shared_share
from pipeline.text.pagelanguage import WORD_RE, folded_words, page_stopwords
from pipeline.text.sentences import CLAUSE_END_RE, SENTENCE_END_MARKS, ends_with_colon, line_end_re

DIGIT_RE = re.compile(r"\d")
# The heading of a block that is not the article: comments, related or most-read lists, newsletter sign-ups, the
# author box. The article region never extends across one (it costs ``BREAK_COST_LINES`` dropped lines).
SECTION_BREAK_RE = re.compile(
    r"\W*(?:\d+ )?(?:comments?|responses?|replies|leave a (?:reply|comment)|post a comment"
    r"|join the (?:discussion|conversation)"
    r"|more (?:from|on|in|stories|news|articles)\b.*|most (?:read|popular|viewed|shared)\b.*"
    r"|recommended(?: \w+)?(?: for you)?|trending(?: now| stories)?|popular(?: \w+)?|you (?:may|might) also like\b.*"
    r"|read (?:more|next)|also read|latest(?: \w+)?|top stories|sign up\b.*|subscribe\b.*|newsletters?\b.*"
    r"|about the author)\W*",
    re.IGNORECASE,
)
BREAK_COST_LINES = 10
# A cookie or privacy notice ("This website uses cookies to improve your experience..."): never article text, and
# it sits at a page's edge, so it is a section break too.
COOKIE_NOTICE_RE = re.compile(
    r"\bcookies?\b.{0,200}\b(?:websites?|site|experience|consent|accept|browsing|browser|privacy|policy|settings)\b"
    r"|\b(?:websites?|site|we|partners)\b.{0,80}\bcookies?\b|\bprivacy (?:overview|settings|preferences)\b",
    re.IGNORECASE,
)
MAX_COOKIE_NOTICE_WORDS = 80
MAX_BREAK_CHARS = 60
# A rule's break line (a share row, a copyright line) that a page repeats this many times stands under each entry of a
# live blog or a multi-story page, not at the article's end.
MIN_ENTRY_REPEATS = 3
# A line ends like a sentence, or with a colon: a list of the article follows it.
SENTENCE_END_RE = line_end_re(SENTENCE_END_MARKS + ":")
# The stopword share of a page's prose that jusText's thresholds (0.30 / 0.32) assume, and how many long sentences a
# page needs to measure its own.
PROSE_STOPWORD_SHARE = 0.45
MIN_CALIBRATION_LINES = 3
# Chrome that announces a list ("Follow us:", "Share this article:", "Lesen Sie auch:") has at most four words; a
# story's clause that does ("The first trains leave at:") has five or more.
MIN_ANNOUNCING_WORDS = 5
# A one-sentence lede right above the article's region has at least this many words ("Brand legt Bahnhof lahm.").
MIN_LEDE_WORDS = 4
# Under a shorter label, a run whose every line has this many words is a story's list of names, not a menu.
MIN_NAMED_ITEM_WORDS = 3
# Link-like content: a URL, a bare domain, an e-mail address or a social handle.
LINK_RE = re.compile(
    r"https?://|www\.|\b[\w-]+\.(?:com|org|net|co\.uk|io|gov|edu)\b|[\w.+-]+@[\w-]+\.\w|(?:^|\s)@\w",
    re.IGNORECASE,
)
# A list item: a bullet or a number, then the item. One of four words or more is short, judged by its context like
# the list's other lines: its stopwords say little (a Hebrew item's function words are prefixes, a Swahili one's
# inside its verbs), and a story's list between story lines stays. Shorter bulleted lines are menus ("* Home").
LIST_ITEM_RE = re.compile(r"(?:[*•·▪◦‣–-]|\d{1,2}[.)])\s+\S")
MIN_LIST_ITEM_WORDS = 4
# A dash opening a line of direct speech.
DASH_OPENING_RE = re.compile(r"[–—-]\s+\S")
# A standfirst has a byline or dateline among the lines under it, and this share of its words (stopwords aside) in
# the story's region.
MAX_LINES_TO_BYLINE = 3
MIN_STANDFIRST_SHARE = 0.3
# A teaser cut short: "Sometimes people ask me why […]", "Read the full story..."
TEASER_END_RE = re.compile(r"(?:\[(?:…|\.\.\.)\]|…|\.\.\.)[\"'”’)\]]*$")


class LineClass(StrEnum):
    """A line's class in page mode (jusText's names)."""

    GOOD = "good"
    NEAR_GOOD = "near_good"
    SHORT = "short"
    BAD = "bad"
    # A line a rule removed that stands inside stories (an ad marker, a "read also" line): dropped like a bad line,
    # but a short line's context is looked for past it ("Advertisement" between a story's paragraph and its list).
    MARKER = "marker"


@dataclass(frozen=True)
class PageTextSettings:
    """The thresholds of page mode (the ``cleaning.page_text`` config section passes these in)."""

    length_low: int
    length_high: int
    stopwords_low: float
    stopwords_high: float
    sentence_min_words: int
    max_link_words: int
    gap_penalty: int
    min_lines: int
    min_short_share: float
    short_words: int
    menu_run: int


@dataclass(frozen=True)
class RuleMarks:
    """What the line rules said of the lines they removed from a page, one flag a line. ``breaks``: rules that mark
    an article's end (share prompts, copyright lines, tag lists): section breaks. ``markers``: ad markers, "read
    also" lines and calls to follow, which stand inside stories: :attr:`LineClass.MARKER`. ``free``: those of them
    that stand inside stories only (ad markers, "read also" lines naming their story), which cost the region
    nothing. ``bylines``: bylines and datelines. ``credits``: photo credits (a caption sits over its credit)."""

    breaks: Sequence[bool]
    markers: Sequence[bool]
    free: Sequence[bool]
    bylines: Sequence[bool]
    credits: Sequence[bool]

    @classmethod
    def none(cls, count: int) -> RuleMarks:
        """No line marked, of ``count`` lines."""
        flags = [False] * count
        return cls(flags, flags, flags, flags, flags)


def is_short_non_sentence(line: str, short_words: int, data_is_text: bool = True) -> bool:
    """A menu item or label: at most ``short_words`` words, no sentence punctuation at the end and no digits (short
    lines with digits are data: results, rankings, scores, prices, which articles list and menus rarely have;
    ``data_is_text=False`` counts them as menu-like too).

    >>> is_short_non_sentence("Most Read", 4), is_short_non_sentence("He left.", 4)
    (True, False)
    >>> is_short_non_sentence("2 Andy Roddick (US)", 4)
    False
    """
    return (
        len(WORD_RE.findall(line)) <= short_words
        and not SENTENCE_END_RE.search(line)
        and (not data_is_text or DIGIT_RE.search(line) is None)
    )


def looks_like_page(lines: Sequence[str], settings: PageTextSettings) -> bool:
    """Whether a document is a whole page's text: many lines, a large share of them short non-sentence lines.

    >>> from pipeline.text.config import PageTextConfig
    >>> settings = PageTextConfig().settings()
    >>> looks_like_page(["Home", "News", "Sport"] * 10 + ["The body of the article is here."], settings)
    True
    >>> looks_like_page(["Headline", "A sentence of the body.", "Another one.", "Advertisement"], settings)
    False
    """
    if len(lines) < settings.min_lines:
        return False
    short = sum(is_short_non_sentence(line, settings.short_words) for line in lines)
    return short >= settings.min_short_share * len(lines)


def classify_line(line: str, stopwords: frozenset[str], settings: PageTextSettings) -> LineClass:
    """The context-free class of one line.

    >>> from pipeline.text.config import PageTextConfig
    >>> settings = PageTextConfig().settings()
    >>> from pipeline.text.pagelanguage import stoplists
    >>> en = stoplists()["English"]
    >>> classify_line("Sign up for our newsletter at www.example.com", en, settings).value
    'bad'
    >>> classify_line("World", en, settings).value
    'short'
    >>> line = "The minister said on Monday that the plan would be put to a vote in the spring."
    >>> classify_line(line, en, settings).value
    'good'
    >>> item = "Riverside Park, Castle Gardens, Mill Lane Playground, Harbour Green: new benches, March"
    >>> classify_line(item, en, settings).value, classify_line(f"* {item}", en, settings).value
    ('bad', 'short')
    """
    words = folded_words(line)
    if (LINK_RE.search(line) or TEASER_END_RE.search(line)) and len(words) <= settings.max_link_words:
        return LineClass.BAD
    if is_cookie_notice(line):
        return LineClass.BAD
    if LIST_ITEM_RE.match(line) and len(words) >= MIN_LIST_ITEM_WORDS and not _speech(line, words, settings):
        return LineClass.SHORT  # an item of a list takes the list's context, whatever its stopwords
    if len(line) < settings.length_low and not (
        len(words) >= settings.sentence_min_words and SENTENCE_END_RE.search(line)
    ):
        return LineClass.SHORT
    density = sum(word in stopwords for word in words) / len(words) if words else 0.0
    if density >= settings.stopwords_high and (
        len(line) >= settings.length_high or SENTENCE_END_RE.search(line) is not None
    ):
        return LineClass.GOOD
    if density >= settings.stopwords_low:
        return LineClass.NEAR_GOOD
    return LineClass.BAD


def _speech(line: str, words: Sequence[str], settings: PageTextSettings) -> bool:
    """A line of direct speech opened by a dash ("– Det blir billigare, säger hon."), as Swedish, Polish, Russian,
    Spanish and other languages write quotes: a sentence of ``sentence_min_words`` words or more, judged as prose, not
    as a list's item.

    >>> from pipeline.text.config import PageTextConfig
    >>> settings = PageTextConfig().settings()
    >>> line = "– Det blir snart billigare att ta bilen in till stan, säger Linnea Ahlström."
    >>> _speech(line, folded_words(line), settings), _speech("- Free parking", ["free", "parking"], settings)
    (True, False)
    """
    return (
        DASH_OPENING_RE.match(line) is not None
        and len(words) >= settings.sentence_min_words
        and SENTENCE_END_RE.search(line) is not None
        and not ends_with_colon(line)
    )


def is_cookie_notice(line: str) -> bool:
    """A cookie or privacy notice.

    >>> is_cookie_notice("This website uses cookies to improve your experience."), is_cookie_notice("Privacy Overview")
    (True, True)
    >>> is_cookie_notice("She baked cookies for the school fair on Saturday.")
    False
    """
    return len(WORD_RE.findall(line)) <= MAX_COOKIE_NOTICE_WORDS and COOKIE_NOTICE_RE.search(line) is not None


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """The ``[start, end)`` ranges of the runs of true ``flags``.

    >>> _runs([True, True, False, True, False, False, True])
    [(0, 2), (3, 4), (6, 7)]
    """
    runs: list[tuple[int, int]] = []
    start = None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            runs.append((start, index))
            start = None
    return runs


def menu_runs(lines: Sequence[str], short_words: int, min_run: int) -> list[bool]:
    """Which lines belong to a run of at least ``min_run`` consecutive short non-sentence lines (a menu, a list of
    sections or share buttons).

    >>> menu_runs(["Home", "News", "Sport", "A sentence here.", "Weather", "Body."], 4, 3)
    [True, True, True, False, False, False]
    """
    flags = [is_short_non_sentence(line, short_words, data_is_text=False) for line in lines]
    menu = [False] * len(lines)
    for start, end in _runs(flags):
        if end - start >= min_run:
            menu[start:end] = [True] * (end - start)
    return menu


def _unannounced(menu: list[bool], lines: Sequence[str], removed: Sequence[bool]) -> list[bool]:
    """``menu`` without the runs a kept line announces with a colon: a story's list, not a menu. The line is a clause
    of ``MIN_ANNOUNCING_WORDS`` words or more ("The first trains leave at:"); under a shorter one only the data the
    run opens with, lines with a digit ("Programme:" over "10:00", "18:30"): a short label over words is a menu's
    ("Follow us:" over "Facebook").

    >>> _unannounced([False, True, True], ["The first trains leave at:", "Riga", "Jelgava"], [False] * 3)
    [False, False, False]
    >>> _unannounced([False, True, True], ["Programme:", "10:00", "18:30"], [False] * 3)
    [False, False, False]
    >>> _unannounced([False, True, True], ["Follow us:", "Facebook", "X"], [False] * 3)
    [False, True, True]
    >>> _unannounced([False, True, True, True], ["Programme:", "10:00", "18:30", "Home"], [False] * 4)
    [False, False, False, True]
    """
    runs = _runs(menu)
    menu = list(menu)
    for index, end in runs:
        if index == 0 or removed[index - 1] or not ends_with_colon(above := lines[index - 1]):
            continue
        if len(WORD_RE.findall(above)) < MIN_ANNOUNCING_WORDS and not _items_of_names(lines[index:end]):
            # under a short label, only the data the run opens with: the lines after it may be the page's menu
            end = next((at for at in range(index, end) if DIGIT_RE.search(lines[at]) is None), end)
        menu[index:end] = [False] * (end - index)
    return menu


def _items_of_names(run: Sequence[str]) -> bool:
    """Whether every line of ``run`` has ``MIN_NAMED_ITEM_WORDS`` words or more: under a short label a story lists
    names of people, places and bodies ("Porti i Durrësit", "Bashkia e Vlorës"), a menu one- and two-word sections
    ("Politikë", "Sport") and a share row the networks (issue 18, stop 52: left-out set 56 lost an Albanian story's
    list of twelve, and the lede above it, under a four-word label ending with a colon; the examples are invented).

    >>> _items_of_names(["Porti i Durrësit", "Bashkia e Vlorës"]), _items_of_names(["Facebook", "Local news today"])
    (True, False)
    """
    return all(len(WORD_RE.findall(line)) >= MIN_NAMED_ITEM_WORDS for line in run)


def _enclosed_runs(menu: Sequence[bool], kept: Sequence[bool], removed: Sequence[bool]) -> list[bool]:
    """The lines of menu-like runs with a kept line right above and right below them, past lines a rule ``removed``
    (an ad marker): inside the story, a list of short items ("Strengthen the dikes", "Move the school"), not the
    page's menu.

    >>> _enclosed_runs([False, True, True, False, True], [True, False, False, True, False], [False] * 5)
    [False, True, True, False, False]
    >>> ad_above = [False, True, False, False, False]
    >>> _enclosed_runs([False, False, True, True, False], [True, False, False, False, True], ad_above)
    [False, False, True, True, False]
    """
    enclosed = [False] * len(menu)
    for start, end in _runs(menu):
        above = next((at for at in range(start - 1, -1, -1) if not removed[at]), None)
        below = next((at for at in range(end, len(menu)) if not removed[at]), None)
        if above is not None and below is not None and kept[above] and kept[below]:
            enclosed[start:end] = [True] * (end - start)
    return enclosed


def _calibrated(
    settings: PageTextSettings, lines: Sequence[str], removed: Sequence[bool], stopwords: frozenset[str]
) -> PageTextSettings:
    """``settings`` with the stopword thresholds scaled to the page's own prose, when its language's stoplist covers
    less of it than jusText's thresholds expect: the median stopword share of the page's long sentences, against
    ``PROSE_STOPWORD_SHARE``. jusText's lists differ in reach (English prose is about half stopwords; a Nepali or
    Armenian list finds a third or less), and below the thresholds a whole story is bad.

    >>> from pipeline.text.config import PageTextConfig
    >>> settings = PageTextConfig().settings()
    >>> prose = ["Ana dijo que el puente de la ciudad abre el lunes por la tarde tras dos años de obras largas."] * 3
    >>> scaled = _calibrated(settings, prose, [False] * 3, frozenset({"el", "de"}))  # a fifth of the words
    >>> round(scaled.stopwords_low, 3), round(scaled.stopwords_high, 3)
    (0.133, 0.142)
    >>> spanish = frozenset({"el", "de", "la", "que", "por", "tras", "dos"})
    >>> _calibrated(settings, prose, [False] * 3, spanish) == settings
    True
    """
    shares = []
    for line, gone in zip(lines, removed, strict=True):
        if not gone and len(line) >= settings.length_low and SENTENCE_END_RE.search(line):
            words = folded_words(line)
            shares.append(sum(word in stopwords for word in words) / len(words))
    if len(shares) < MIN_CALIBRATION_LINES:
        return settings
    scale = sorted(shares)[len(shares) // 2] / PROSE_STOPWORD_SHARE
    if scale >= 1.0:
        return settings
    low, high = settings.stopwords_low * scale, settings.stopwords_high * scale
    return replace(settings, stopwords_low=low, stopwords_high=high)


def _sparse_sentence(line: str, settings: PageTextSettings) -> bool:
    """A full sentence of ``sentence_min_words`` words or more, no link in it and not cut short ("..."): prose whose
    language's stoplist it does not fit (names, figures, a terse style), bad only by its stopword share. Inside the
    article's region such a line is the story's (issue 18, stop 50: story sentences of Lithuanian, Croatian and
    Albanian pages were lost so; on the AEB pages F1 0.8797 -> 0.885).

    >>> settings = PageTextSettings(70, 200, 0.3, 0.32, 8, 12, 30, 30, 0.25, 4, 3)
    >>> line = "Vilniaus savivaldybė skyrė 2,4 mln. eurų Žirmūnų baseino rekonstrukcijai 2026 metais."
    >>> _sparse_sentence(line, settings)
    True
    >>> _sparse_sentence("Subway Employees Tell Their Work Horror Stories And Hoo Boy...", settings)
    False
    """
    return (
        (SENTENCE_END_RE.search(line) is not None or CLAUSE_END_RE.search(line) is not None)
        and not ends_with_colon(line)
        and len(WORD_RE.findall(line)) >= settings.sentence_min_words
        and LINK_RE.search(line) is None
        and TEASER_END_RE.search(line) is None
        and not is_cookie_notice(line)
    )


def _with_sparse_edges(
    lines: Sequence[str],
    classes: Sequence[LineClass],
    chrome: Sequence[bool],
    settings: PageTextSettings,
    start: int,
    end: int,
    passable: Sequence[bool] | None = None,
) -> tuple[int, int]:
    """The region ``[start, end)`` with the line right above and the line right below it when that line is a sentence
    bad only by its few stopwords (:func:`_sparse_sentence`; not ``chrome``: removed by a rule or in a menu run): a
    terse lede, a last paragraph of names and figures, the story's as such a line is inside the region. Left-out sets
    51-56 of benchmarks/native_pages.py lost 12 paragraphs so (Armenian, Korean, Estonian). Above the region, a short
    sentence of four words or more is the story's one-sentence lede too (the layouts set's Korean page lost it); a
    short chrome sentence there that no rule removed ("Cookies help us deliver our services.") stays with it. Below
    it, such short sentences and sentences bad only by their stopwords are the story's closing lines ("No one was
    hurt."; a sign-off of names), as many as follow one another: their context ends with the page's chrome, so they
    were dropped (issue 18, stop 53: left-out set 57 lost three so, in Finnish and South African English, sets 50-54
    four, set 58 one). Below the region, the lines marked ``passable`` (markers that stand inside stories only) are
    passed over to the line under them.

    >>> settings = PageTextSettings(70, 200, 0.3, 0.32, 8, 12, 30, 30, 0.25, 4, 3)
    >>> terse = "Vilniaus savivaldybė skyrė 2,4 mln. eurų Žirmūnų baseino rekonstrukcijai 2026 metais."
    >>> lines = ["Menu", terse, "A good line.", terse, "Share this"]
    >>> classes = [LineClass.BAD, LineClass.BAD, LineClass.GOOD, LineClass.BAD, LineClass.BAD]
    >>> _with_sparse_edges(lines, classes, [True, False, False, False, False], settings, 2, 3)
    (1, 4)
    >>> _with_sparse_edges(lines, classes, [True, True, False, True, False], settings, 2, 3)
    (2, 3)
    >>> lede = ["Menu", "A new car park opened on Friday.", "A good line."]
    >>> _with_sparse_edges(lede, [LineClass.BAD, LineClass.SHORT, LineClass.GOOD], [True, False, False], settings, 2, 3)
    (1, 3)
    >>> closing = ["A good line.", "No one was hurt.", "Police are still at the scene.", "Share this"]
    >>> S = LineClass.SHORT
    >>> _with_sparse_edges(closing, [LineClass.GOOD, S, S, LineClass.BAD], [False, False, False, True], settings, 0, 1)
    (0, 3)
    >>> two = ["A good line.", terse, terse, "Share this"]
    >>> G, B = LineClass.GOOD, LineClass.BAD
    >>> _with_sparse_edges(two, [G, B, B, B], [False] * 4, settings, 0, 1)
    (0, 3)
    >>> ad = ["A good line.", "Advertisement", terse, "Share this"]
    >>> ad_classes = [LineClass.GOOD, LineClass.MARKER, LineClass.BAD, LineClass.BAD]
    >>> _with_sparse_edges(ad, ad_classes, [False, True, False, True], settings, 0, 1, [False, True, False, False])
    (0, 3)
    """
    if end <= start:
        return start, end

    def sparse(index: int) -> bool:
        return (
            0 <= index < len(lines)
            and classes[index] is LineClass.BAD
            and not chrome[index]
            and _sparse_sentence(lines[index], settings)
        )

    def lede(index: int) -> bool:
        # A short line is never chrome: lines a rule removed or a menu run holds are bad.
        return (
            0 <= index < len(lines)
            and classes[index] is LineClass.SHORT
            and SENTENCE_END_RE.search(lines[index]) is not None
            and _sparse_sentence(lines[index], replace(settings, sentence_min_words=MIN_LEDE_WORDS))
        )

    below = end
    while passable is not None and below < len(lines) and passable[below]:
        below += 1
    if sparse(below) or lede(below):
        end = below
    while sparse(end) or lede(end):
        end += 1
    return start - (sparse(start - 1) or lede(start - 1)), end


def _standfirst(
    lines: Sequence[str],
    classes: Sequence[LineClass],
    bylines: Sequence[bool],
    credits: Sequence[bool],
    start: int,
    shares_words: Callable[[str], bool],
) -> int | None:
    """The story's standfirst above its region ``[start, ...)``: the nearest good line above it, when that is a
    sentence with a byline or dateline (``bylines``) among the ``MAX_LINES_TO_BYLINE`` lines under it, no photo credit
    (``credits``) between them (a caption sits over its credit) and words the region's lines share
    (``shares_words``): pages set the standfirst between the headline and the byline, whose row of chrome (date,
    reading time, share buttons) costs the region more than one sentence scores, so it was cut off (issue 18, stop 54:
    most of what left-out sets 57 and 58 lost with the default config). A site's tagline or a notice over a byline
    shares no words with the story.

    >>> G, S, B = LineClass.GOOD, LineClass.SHORT, LineClass.BAD
    >>> lines = ["Bridge to close", "The old bridge closes for a year from May.", "By Ann Lee", "Share", "Body."]
    >>> no = [False] * 5
    >>> _standfirst(lines, [S, G, B, B, G], [False, False, True, False, False], no, 4, lambda line: True)
    1
    >>> _standfirst(lines, [S, G, B, B, G], no, no, 4, lambda line: True) is None  # no byline under it
    True
    >>> _standfirst(lines, [S, G, B, B, G], [False, False, True, False, False], no, 4, lambda line: False) is None
    True
    >>> caption = ["Crews at the bridge on Monday.", "Photo: Ann Lee", "By Ann Lee", "Body."]
    >>> _standfirst(caption, [G, B, B, G], [False, False, True, False], [False, True, False, False], 3, bool) is None
    True
    """
    for index in range(start - 1, -1, -1):
        if classes[index] is LineClass.GOOD:
            break
    else:
        return None
    if SENTENCE_END_RE.search(lines[index]) is None:
        return None
    for below in range(index + 1, min(start, index + 1 + MAX_LINES_TO_BYLINE)):
        if credits[below]:
            return None
        if bylines[below]:
            return index if shares_words(lines[index]) else None
    return None


def _article_ends(lines: Sequence[str], breaks: Sequence[bool]) -> list[bool]:
    """``breaks`` (lines removed by rules that mark an article's end) without those the page repeats
    ``MIN_ENTRY_REPEATS`` times or more: a live blog's share row under every entry ends an entry, not the story. As
    section breaks they cost the region ten lines each, so every entry after the first was lost (issue 18, stop 53:
    left-out set 55 of benchmarks/native_pages.py lost 12 paragraphs of a live blog so).

    >>> lines = ["Entry one.", "Share", "Entry two.", "Share", "Entry three.", "Share", "(c) Site"]
    >>> _article_ends(lines, [False, True, False, True, False, True, True])
    [False, False, False, False, False, False, True]
    """
    repeats = Counter(line for line, flagged in zip(lines, breaks, strict=True) if flagged)
    return [flagged and repeats[line] < MIN_ENTRY_REPEATS for line, flagged in zip(lines, breaks, strict=True)]


def _neighbour(classes: Sequence[LineClass], index: int, step: int, skip: tuple[LineClass, ...]) -> LineClass:
    """The class of the nearest line before (``step=-1``) or after (``step=1``) ``index`` whose class is not in
    ``skip``; the page's edges count as bad."""
    index += step
    while 0 <= index < len(classes):
        if classes[index] not in skip:
            return classes[index]
        index += step
    return LineClass.BAD


def resolve_context(classes: Sequence[LineClass], announces_list: Sequence[bool] | None = None) -> list[bool]:
    """Whether each line is kept, after short and near-good lines take their class from their neighbours; the short
    lines right after a good line that announces a list (``announces_list``: it ends with a colon) are that list's
    items, whatever follows them.

    >>> G, N, S, B = LineClass.GOOD, LineClass.NEAR_GOOD, LineClass.SHORT, LineClass.BAD
    >>> resolve_context([B, S, B, G, S, G, N, B, S, S])
    [False, False, False, True, True, True, True, False, False, False]
    >>> resolve_context([G, S, S, B], [True, False, False, False])
    [True, True, True, False]
    >>> resolve_context([G, LineClass.MARKER, S, S, G])  # an ad marker between a paragraph and a list
    [True, False, True, True, True]
    """
    kept: list[bool] = []
    listing = False
    for index, cls in enumerate(classes):
        if cls not in (LineClass.SHORT, LineClass.NEAR_GOOD):
            listing = cls is LineClass.GOOD and announces_list is not None and announces_list[index]
        if listing and cls is not LineClass.GOOD:
            kept.append(True)
            continue
        if cls is LineClass.GOOD:
            kept.append(True)
        elif cls is LineClass.BAD:
            kept.append(False)
        elif cls is LineClass.NEAR_GOOD:
            skip: tuple[LineClass, ...] = (LineClass.SHORT, LineClass.MARKER)
            kept.append(LineClass.GOOD in (_neighbour(classes, index, -1, skip), _neighbour(classes, index, 1, skip)))
        elif cls is LineClass.MARKER:
            kept.append(False)
        else:
            skip = (LineClass.SHORT, LineClass.NEAR_GOOD, LineClass.MARKER)
            before, after = _neighbour(classes, index, -1, skip), _neighbour(classes, index, 1, skip)
            kept.append(before is LineClass.GOOD and after is LineClass.GOOD)
    return kept


def main_block(
    lines: Sequence[str],
    classes: Sequence[LineClass],
    kept: Sequence[bool],
    gap_penalty: int,
    breaks: Sequence[bool] | None = None,
    neutral: Sequence[bool] | None = None,
) -> tuple[int, int]:
    """The ``[start, end)`` range of the best-scoring contiguous region: good lines score their length in
    characters, other kept lines and lines marked ``neutral`` nothing, dropped lines ``-gap_penalty`` each, section
    breaks (a heading such as "Comments" or "Most read", or a line marked in ``breaks``) ``BREAK_COST_LINES`` times
    that (a maximum-sum segment, Kadane's algorithm).

    >>> G, S, B = LineClass.GOOD, LineClass.SHORT, LineClass.BAD
    >>> main_block(["Menu", "A long body line.", "Ad", "More body text here.", "x", "y", "z", "Teaser."],
    ...            [B, G, B, G, S, S, S, G], [False, True, False, True, False, False, False, True], 5)
    (1, 4)
    >>> main_block(["Menu", "A lede.", "A long body line."], [B, S, G], [False, True, True], 5)
    (1, 3)
    >>> main_block(["A long body line.", "A last one.", "Menu"], [G, S, B], [True, True, False], 5)
    (0, 2)
    """
    best, best_range = 0, (0, 0)
    total, start = 0, 0
    for index, (line, cls, keep) in enumerate(zip(lines, classes, kept, strict=True)):
        # A kept line that scores nothing (a near-good lede above the first good line) stays at the region's head.
        if total < 0 or (total == 0 and not (index and kept[index - 1])):
            total, start = 0, index
        if keep:
            total += len(line) if cls is LineClass.GOOD else 0
        elif neutral is not None and neutral[index]:
            pass
        elif (
            (breaks is not None and breaks[index])
            or (len(line) <= MAX_BREAK_CHARS and SECTION_BREAK_RE.fullmatch(line))
            or is_cookie_notice(line)
        ):
            total -= gap_penalty * BREAK_COST_LINES
        else:
            total -= gap_penalty
        # A kept line that scores nothing right after the best region's end (a near-good last paragraph, a list's
        # last items) ends the region with it, as one above the first good line opens it.
        if total > best or (keep and total == best and best_range == (start, index)):
            best, best_range = total, (start, index + 1)
    return best_range


def select_body(
    lines: Sequence[str],
    removed: Sequence[bool],
    settings: PageTextSettings,
    marks: RuleMarks | None = None,
    stopwords: frozenset[str] | None = None,
) -> list[bool]:
    """Which lines of a page are article body; lines already removed by a rule (``removed``) count as bad, and what
    the rules said of them (``marks``) tells section breaks, markers that stand inside stories and bylines apart
    (:class:`RuleMarks`). ``stopwords`` is the stoplist of the page's language, if the caller knows it
    (:func:`pipeline.text.pagelanguage.page_stopwords` of the lines not removed).

    >>> from pipeline.text.config import PageTextConfig
    >>> page = ["Home", "News", "Sport", "Weather", "This site uses cookies to improve your experience.",
    ...         "The council voted on Tuesday to close the old library, which has been in the town for a century.",
    ...         "Its books will be moved to the new school, the council said, and the building will be sold.",
    ...         "Share", "Most read", "Man bites dog", "Cat elected mayor", "Contact us", "Privacy"]
    >>> keep = select_body(page, [False] * len(page), PageTextConfig().settings())
    >>> [line[:20] for line, k in zip(page, keep) if k]
    ['The council voted on', 'Its books will be mo']
    """
    if marks is None:
        marks = RuleMarks.none(len(lines))
    if stopwords is None:
        stopwords = page_stopwords([line for line, gone in zip(lines, removed, strict=True) if not gone])
    if not stopwords:  # no stoplist for the page's language: judged by length and sentence punctuation (jusText)
        settings = replace(settings, stopwords_low=0.0, stopwords_high=0.0)
    else:
        settings = _calibrated(settings, lines, removed, stopwords)
    menu = _unannounced(menu_runs(lines, settings.short_words, settings.menu_run), lines, removed)
    classes = [
        LineClass.MARKER if marker else LineClass.BAD if gone or in_menu else classify_line(line, stopwords, settings)
        for line, gone, in_menu, marker in zip(lines, removed, menu, marks.markers, strict=True)
    ]
    kept = resolve_context(classes, [ends_with_colon(line) for line in lines])
    breaks = _article_ends(lines, marks.breaks)
    # A menu-like run of data (results, prices: every line with a digit) costs the region nothing: a story's table
    # between its paragraphs, it cut the paragraphs above it off (a Korean page's results under "as follows."). So
    # does a marker that stands inside stories only (an ad marker; "Lees ook: <another story>"): a short paragraph
    # between two ads, the list and paragraphs after a "read also" line were cut off with them.
    neutral = [
        costs_nothing or (in_menu and not gone and DIGIT_RE.search(line) is not None)
        for line, in_menu, gone, costs_nothing in zip(lines, menu, removed, marks.free, strict=True)
    ]
    start, end = main_block(lines, classes, kept, settings.gap_penalty, breaks, neutral)
    chrome = [gone or in_menu for gone, in_menu in zip(removed, menu, strict=True)]
    start, end = _with_sparse_edges(lines, classes, chrome, settings, start, end, marks.free)
    # Inside the article's region a short line is the story's (a list item, a subhead, a one-line quote), even where a
    # rule took out the line beside it (an ad marker, a "read also" line), and so is a full sentence bad only by its
    # few stopwords, and a menu-like run between story lines (a list of short items; past a rule-removed ad marker,
    # a short line beside it counts as story, as the region keeps it, and so does such a sentence below the list: a
    # quote of names and figures), and a line ending with a colon over a line the story holds (it announces the
    # story's list, whatever its stopwords): only menus and other bad lines go there.
    sparse = [
        cls is LineClass.BAD and not gone and _sparse_sentence(line, settings)
        for line, cls, gone in zip(lines, classes, chrome, strict=True)
    ]
    held = [keep or cls is LineClass.SHORT or prose for keep, cls, prose in zip(kept, classes, sparse, strict=True)]
    enclosed = _enclosed_runs(menu, held, removed)

    def shares_words(line: str) -> bool:
        # A tagline or a notice over a byline shares no words with the story; asked of one line a page at most.
        region = Story(lines[index] for index in range(start, end) if kept[index])
        return shared_share(line, region, stopwords) >= MIN_STANDFIRST_SHARE

    # Above the region, the standfirst over the byline is the story's too.
    standfirst = _standfirst(lines, classes, marks.bylines, marks.credits, start, shares_words)
    return [
        index == standfirst
        or (
            start <= index < end
            and not gone
            and (
                keep
                or cls is LineClass.SHORT
                or enclosed[index]
                or sparse[index]
                or (cls is LineClass.BAD and ends_with_colon(line) and index + 1 < end and held[index + 1])
            )
        )
        for index, (line, keep, cls, gone) in enumerate(zip(lines, kept, classes, removed, strict=True))
    ]
