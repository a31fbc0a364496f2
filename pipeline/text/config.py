"""Configuration of the cleaning stage (the `cleaning:` section of configs/*.yaml).

Three nested sections mirror the three steps that have knobs: ``normalize`` (field names are ftfy's own
``TextFixerConfig`` names, so ftfy's documentation applies unchanged), ``paragraphs`` (rejoining hard-wrapped text)
and ``headline``. ``rules`` lists the boilerplate line rules by their registry name (see ``pipeline/text/rules.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pipeline.core.configtree import doc
from pipeline.text.pagetext import PageTextSettings
from pipeline.text.rules import resolve_rules

# Every rule in the registry, in the order they are tried; a config may list any subset.
DEFAULT_RULES: tuple[str, ...] = (
    "punctuation_only",
    "ad_marker",
    "contact_footer",
    "share_prompt",
    "copyright",
    "engagement_count",
    "dateline",
    "byline",
    "syndication_notice",
    "site_navigation",
    "read_more",
    "chrome",
    "footer_teaser",
)

# Wire copy and e-mail wrap at 64-80 columns, the widest seen in the republished benchmark is 90; a "wrap width"
# above 120 means lines are whole paragraphs, not wrapped ones.
DEFAULT_MAX_WRAP_WIDTH = 120
# Mobile pages and newspaper columns wrap prose at 30-40 columns; narrower than 25 is a list or a poem. (A list of
# short items is not taken for wrapped text at any width: the next item would have fit after each.)
DEFAULT_MIN_WRAP_WIDTH = 25
# Share of line breaks inside paragraphs that must look like greedy wrapping (the next word would not have fit) before
# a document is treated as wrapped; on the benchmark's wrapped copies the share is >= 0.9, on unwrapped ones <= 0.5.
DEFAULT_MIN_WRAPPED_SHARE = 0.75
# BBC headlines in the benchmark have at most 12 words; 20 leaves room for longer styles without taking a sentence.
DEFAULT_HEADLINE_MAX_WORDS = 20


@dataclass(frozen=True)
class NormalizeConfig:
    """ftfy options (names as in ``ftfy.TextFixerConfig``), markup and Markdown stripping, the fast path switch."""

    strip_markup: bool = field(
        default=True,
        metadata=doc(
            "take out HTML tags a scraper left in the text (<p>, <br>, <div class=...>), when it has 3+ tags of HTML "
            "elements, one closing: block elements end paragraphs; a story that mentions a tag keeps it"
        ),
    )
    strip_markdown: bool = field(
        default=True,
        metadata=doc(
            "turn Markdown a crawler wrote (# headings, bracketed links, **bold**) into plain text, when it has 3+ "
            "such constructs; a story's hashtag or asterisks stay"
        ),
    )
    unescape_html: bool = field(
        default=True,
        metadata=doc("decode HTML entities (&pound; &#39; &#8217;); input is plain text, so always, not ftfy's 'auto'"),
    )
    fix_encoding: bool = field(default=True, metadata=doc("repair mojibake such as 'â€™' (UTF-8 read as cp1252)"))
    uncurl_quotes: bool = field(
        default=True,
        metadata=doc("curly quotes -> straight ASCII quotes, so copies that differ only in quote style are equal"),
    )
    fix_latin_ligatures: bool = field(default=True, metadata=doc("'ﬁ' -> 'fi'"))
    fix_character_width: bool = field(
        default=True,
        metadata=doc(
            "full-width letters, digits and punctuation -> ASCII ('ＡＢＣ' -> 'ABC'; in Chinese and Japanese text also "
            "'，' '：' '％' -> ', : %'; false keeps them)"
        ),
    )
    normalization: Literal["NFC", "NFKC", "NFD", "NFKD"] = field(
        default="NFC", metadata=doc("Unicode normalization form applied after the fixes")
    )
    fast_path: bool = field(
        default=True,
        metadata=doc(
            "skip ftfy for text it cannot change (ASCII without '&' or escape codes), its mojibake detector for lines "
            "that cannot hold mojibake, and the detector's scans of lines it has just repaired (same result, checked "
            "against ftfy)"
        ),
    )


@dataclass(frozen=True)
class ParagraphConfig:
    """How hard-wrapped lines are told apart from one-paragraph-per-line text."""

    rejoin_wrapped: bool = field(
        default=True, metadata=doc("rejoin hard-wrapped lines into paragraphs before any line rule runs")
    )
    min_wrap_width: int = field(
        default=DEFAULT_MIN_WRAP_WIDTH, metadata=doc("narrower line widths are never treated as wrapping")
    )
    max_wrap_width: int = field(
        default=DEFAULT_MAX_WRAP_WIDTH, metadata=doc("wider line widths are never treated as wrapping")
    )
    min_wrapped_share: float = field(
        default=DEFAULT_MIN_WRAPPED_SHARE,
        metadata=doc("share of in-block line breaks that must look like greedy wrapping to rejoin a document"),
    )

    def __post_init__(self) -> None:
        if not 1 <= self.min_wrap_width <= self.max_wrap_width:
            raise ValueError(
                f"paragraphs.min_wrap_width ({self.min_wrap_width}) must be >= 1 and <= max_wrap_width "
                f"({self.max_wrap_width}): set min_wrap_width below max_wrap_width"
            )
        if not 0.0 < self.min_wrapped_share <= 1.0:
            raise ValueError(
                f"paragraphs.min_wrapped_share must be in (0, 1], got {self.min_wrapped_share}: use e.g. 0.75"
            )


@dataclass(frozen=True)
class HeadlineConfig:
    """Where the headline comes from and how repeats of it are found."""

    detect: bool = field(
        default=True,
        metadata=doc("without a title field, take the first paragraph as the title when it looks like a headline"),
    )
    max_words: int = field(
        default=DEFAULT_HEADLINE_MAX_WORDS, metadata=doc("a longer first paragraph is never taken as the headline")
    )
    remove_repeats: bool = field(
        default=True, metadata=doc("remove body paragraphs that repeat the headline (rule headline_repeat)")
    )

    def __post_init__(self) -> None:
        if self.max_words < 1:
            raise ValueError(f"headline.max_words must be positive, got {self.max_words}: use e.g. 20")


# Page mode thresholds. length_low/high and stopwords_low/high are jusText's defaults (70/200 characters, 0.30/0.32),
# which its authors tuned on web pages of many languages; on the AEB dev pages they also scored best of the values
# tried (benchmarks/boilerplate_aeb.py). A line with sentence punctuation and at least 8 words counts as long enough
# to judge (text-only stand-in for jusText's paragraph tags).
DEFAULT_LENGTH_LOW = 70
DEFAULT_LENGTH_HIGH = 200
DEFAULT_STOPWORDS_LOW = 0.30
DEFAULT_STOPWORDS_HIGH = 0.32
DEFAULT_SENTENCE_MIN_WORDS = 8
# A link-like line longer than this many words is prose that cites a URL, not a link.
DEFAULT_MAX_LINK_WORDS = 12
# Characters of body text that one dropped line inside the article costs when choosing the main block: an ad or a
# caption inside an article costs less than a sentence, a run of menu lines separates two regions. Measured on the
# AEB dev pages (F1 at 15/20/25/30/40: 0.855/0.859/0.857/0.860/0.848; benchmarks/boilerplate_aeb.py).
DEFAULT_GAP_PENALTY = 30
# Auto switch, judged on the lines the line rules left: a page dump has dozens of lines, a quarter or more of them
# menu items; articles have few (bbc_republished articles with >= 30 lines: at most 4%, lists of results and rankings
# included, since lines with digits are data, not menus); 111 of the 119 AEB dev pages qualify.
DEFAULT_PAGE_MIN_LINES = 30
DEFAULT_PAGE_MIN_SHORT_SHARE = 0.25
DEFAULT_SHORT_WORDS = 4
# Three or more such lines in a row are a menu, a section list or a row of share buttons, whatever their neighbours.
DEFAULT_MENU_RUN = 3


@dataclass(frozen=True)
class PageTextConfig:
    """Page-text mode: whole-page text (menus, banners, lists, footers) reduced to the article body."""

    mode: Literal["auto", "on", "off"] = field(
        default="auto",
        metadata=doc("on = every document is page text; auto = documents with many short non-sentence lines; off"),
    )
    min_lines: int = field(default=DEFAULT_PAGE_MIN_LINES, metadata=doc("auto: fewer lines is never page text"))
    min_short_share: float = field(
        default=DEFAULT_PAGE_MIN_SHORT_SHARE,
        metadata=doc("auto: share of lines that are short (<= short_words words) without sentence punctuation"),
    )
    short_words: int = field(
        default=DEFAULT_SHORT_WORDS,
        metadata=doc("a line of at most this many words without sentence punctuation is menu-like"),
    )
    menu_run: int = field(
        default=DEFAULT_MENU_RUN, metadata=doc("this many menu-like lines in a row are dropped as a menu")
    )
    length_low: int = field(
        default=DEFAULT_LENGTH_LOW, metadata=doc("shorter lines (characters) are judged by their neighbours")
    )
    length_high: int = field(
        default=DEFAULT_LENGTH_HIGH, metadata=doc("longer stopword-dense lines are body even without a full stop")
    )
    stopwords_low: float = field(
        default=DEFAULT_STOPWORDS_LOW, metadata=doc("lines with a lower stopword share are not prose")
    )
    stopwords_high: float = field(
        default=DEFAULT_STOPWORDS_HIGH, metadata=doc("lines with at least this stopword share can be body on their own")
    )
    sentence_min_words: int = field(
        default=DEFAULT_SENTENCE_MIN_WORDS,
        metadata=doc("a line ending in sentence punctuation with this many words is judged on its own"),
    )
    max_link_words: int = field(
        default=DEFAULT_MAX_LINK_WORDS,
        metadata=doc("link-like lines (URL, e-mail, @handle) up to this long are dropped"),
    )
    gap_penalty: int = field(
        default=DEFAULT_GAP_PENALTY,
        metadata=doc("characters of body one dropped line costs when choosing the one article region of a page"),
    )

    def __post_init__(self) -> None:
        if not 0 <= self.length_low <= self.length_high:
            raise ValueError(
                f"page_text.length_low ({self.length_low}) must be >= 0 and <= length_high ({self.length_high})"
            )
        if not 0.0 <= self.stopwords_low <= self.stopwords_high <= 1.0:
            raise ValueError(
                f"page_text.stopwords_low ({self.stopwords_low}) and stopwords_high ({self.stopwords_high}) must "
                "satisfy 0 <= low <= high <= 1: use e.g. 0.30 and 0.32"
            )
        if not 0.0 < self.min_short_share <= 1.0:
            raise ValueError(f"page_text.min_short_share must be in (0, 1], got {self.min_short_share}: use e.g. 0.4")
        for name in ("min_lines", "short_words", "menu_run", "sentence_min_words", "max_link_words", "gap_penalty"):
            if getattr(self, name) < 0:
                raise ValueError(f"page_text.{name} must be >= 0, got {getattr(self, name)}")

    def settings(self) -> PageTextSettings:
        """The thresholds as the pure page-mode functions take them."""
        return PageTextSettings(
            length_low=self.length_low,
            length_high=self.length_high,
            stopwords_low=self.stopwords_low,
            stopwords_high=self.stopwords_high,
            sentence_min_words=self.sentence_min_words,
            max_link_words=self.max_link_words,
            gap_penalty=self.gap_penalty,
            min_lines=self.min_lines,
            min_short_share=self.min_short_share,
            short_words=self.short_words,
            menu_run=self.menu_run,
        )


# Learned boilerplate thresholds (measured on bbc_republished by benchmarks/boilerplate_aeb.py --learned-sweep; see
# the README's Cleaning section): a line is a site's boilerplate when it occurs in at least this many distinct
# articles (exact-duplicate copies count once) ...
DEFAULT_LEARNED_MIN_ARTICLES = 5
# ... and in at least this share of the site's distinct articles.
DEFAULT_LEARNED_MIN_SHARE = 0.05
# Without a site the share test compares one site's lines with the whole run; instead a short non-sentence line is
# learned from this many different stories (twice min_articles: measured on benchmarks/generalise.py text only and
# bbc_republished without source, see the README).
DEFAULT_UNSITED_MIN_STORIES = 10
# Articles with no site are grouped by the chrome they share (pipeline/text/sitegroups.py): a line links articles
# when it recurs in this many different stories (min_articles: a line that could be learned in a site links it) ...
DEFAULT_INFER_MIN_STORIES = 5
# ... and in at most this share of the unsited articles: a line on most of a run's pages is generic, or the run is
# one site (then its always-present lines link nothing and its variant lines, each on a part of it, still link).
DEFAULT_INFER_MAX_SHARE = 0.5


@dataclass(frozen=True)
class LearnedConfig:
    """Boilerplate learned per site from the corpus: lines that recur across a site's articles."""

    enabled: bool = field(default=True, metadata=doc("learn each site's repeated lines and remove them"))
    min_articles: int = field(
        default=DEFAULT_LEARNED_MIN_ARTICLES,
        metadata=doc("a line is boilerplate when it occurs in at least this many of a site's distinct articles"),
    )
    min_share: float = field(
        default=DEFAULT_LEARNED_MIN_SHARE,
        metadata=doc("... and in at least this share of them (exact-duplicate copies count once)"),
    )
    unsited_min_stories: int = field(
        default=DEFAULT_UNSITED_MIN_STORIES,
        metadata=doc(
            "articles with no site (no source, no URL): a short line that does not end like a sentence is also "
            "learned when it recurs in this many different stories, whatever its share (0: off)"
        ),
    )
    infer_min_stories: int = field(
        default=DEFAULT_INFER_MIN_STORIES,
        metadata=doc(
            "articles with no site: group them into inferred sites by the chrome they share, linking articles by "
            "pairs of short lines that recur in at least this many different stories; each group's lines are then "
            "learned with min_articles and min_share like a site's (0: off)"
        ),
    )
    infer_max_share: float = field(
        default=DEFAULT_INFER_MAX_SHARE,
        metadata=doc("... a line in more than this share of the articles with no site links nothing"),
    )
    load_dir: str | None = field(
        default=None, metadata=doc("directory of per-site files from earlier runs whose counts are added to today's")
    )
    save_dir: str | None = field(
        default=None, metadata=doc("directory to write this run's per-site files to (one JSON file per site)")
    )

    def __post_init__(self) -> None:
        if self.min_articles < 2:
            raise ValueError(
                f"learned.min_articles must be >= 2 (a line in one article is not repeated), got {self.min_articles}"
            )
        if self.unsited_min_stories < 0:
            raise ValueError(
                f"learned.unsited_min_stories must be >= 0 (0 turns it off), got {self.unsited_min_stories}"
            )
        if not 0.0 <= self.min_share <= 1.0:
            raise ValueError(f"learned.min_share must be between 0 and 1, got {self.min_share}: use e.g. 0.05")
        if self.infer_min_stories < 0:
            raise ValueError(
                f"learned.infer_min_stories must be >= 0 (0 turns site inference off), got {self.infer_min_stories}"
            )
        if not 0.0 < self.infer_max_share <= 1.0:
            raise ValueError(
                f"learned.infer_max_share must be above 0 and at most 1, got {self.infer_max_share}: use e.g. 0.5"
            )


@dataclass(frozen=True)
class CleaningConfig:
    """How article text is normalized and stripped of boilerplate."""

    min_words: int = field(default=5, metadata=doc("articles with fewer words after cleaning are rejected as empty"))
    rules: tuple[str, ...] = field(
        default=DEFAULT_RULES,
        metadata=doc("boilerplate line rules to apply, by registry name, tried in this order"),
    )
    normalize: NormalizeConfig = field(default_factory=NormalizeConfig)
    paragraphs: ParagraphConfig = field(default_factory=ParagraphConfig)
    headline: HeadlineConfig = field(default_factory=HeadlineConfig)
    page_text: PageTextConfig = field(default_factory=PageTextConfig)
    learned: LearnedConfig = field(default_factory=LearnedConfig)
    ledger: bool = field(
        default=False, metadata=doc("write removed-lines-*.jsonl: every removed line with its article id and rule")
    )

    def __post_init__(self) -> None:
        if self.min_words < 0:
            raise ValueError(f"min_words must be >= 0, got {self.min_words}: use 0 to keep every article")
        duplicates = sorted({name for name in self.rules if self.rules.count(name) > 1})
        if duplicates:
            raise ValueError(f"rules lists {', '.join(duplicates)} more than once: list each rule once")
        resolve_rules(self.rules)  # raises UnknownRuleError (a ValueError) naming the bad name and the known ones
