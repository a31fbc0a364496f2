"""The cleaning stage as one object: normalize, rebuild paragraphs, strip boilerplate, settle the headline.

:class:`ArticleCleaner` is what the Beam wrapper builds once per worker (in ``DoFn.setup()``) and calls per article.
It does not import Beam; counts go to the injected ``count`` callable.

Steps 1-3 are :meth:`ArticleCleaner.normalize`, whose result (:class:`NormalizedText`) the Beam pipeline computes
once per article and hands to both learned boilerplate and cleaning.

Order matters and is deliberate:

1. normalize the layout (line breaks, NBSP, zero-width and control characters, whitespace);
2. rebuild paragraphs (undo hard wraps): rules never judge a fragment of a sentence. This runs before the character
   repairs, since those change line lengths and wrapping is recognised by line length;
3. repair characters (ftfy: mojibake, entities, quotes; Unicode form): rules then see one canonical form;
4. strip boilerplate paragraphs with the configured rules, then the lines learned as the site's boilerplate
   (``pipeline/text/learned.py``; the keys arrive per article from ``LearnBoilerplate``), then, for whole-page text,
   everything outside the article body (``pipeline/text/pagetext.py``; lines rules removed count as bad context);
5. headline: the title field, else the first remaining paragraph if it looks like a headline; then remove repeats of
   it from the body. This runs after the rules so that a site's header row above the headline is gone first;
6. with the chrome rule on, chrome that only its place in the body gives away (``pipeline/text/neighbours.py``):
   short lines with a weak cue at the body's head and tail next to the lines steps 4-5 removed (after step 5: a
   teaser under a label in capitals, one of the cues, can look like the headline).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.core.counting import CountFn, no_count
from pipeline.core.pickled import Pickled
from pipeline.core.record import Article, Reject
from pipeline.core.scripts import count_words
from pipeline.text.boilerplate import LineMatcher, Removal, strip_boilerplate, strip_footer
from pipeline.text.config import CleaningConfig
from pipeline.text.headline import (
    HeadlineChoice,
    choose_headline,
    headline_above,
    is_repeat,
    looks_like_headline,
    name_suffixed_head,
    repeat_keys,
)
from pipeline.text.learned import (
    LEARNED_RULE,
    VETOED,
    VETOED_LINES,
    ParagraphLineKeys,
    erases_story,
    line_key,
    shape_key,
    suffix_key,
)
from pipeline.text.neighbours import REASON_PREFIX, body_chrome
from pipeline.text.normalize import Normalizer
from pipeline.text.own_story import own_story_lines
from pipeline.text.pagelanguage import page_stopwords
from pipeline.text.pagetext import RuleMarks, looks_like_page, select_body
from pipeline.text.paragraphs import split_paragraphs
from pipeline.text.rules import resolve_rules

HEADLINE_REPEAT_RULE = "headline_repeat"
# Counted for each learned line kept because it is about the article's own story (its headline or lede, which the
# site's other pages list as a teaser): pipeline/text/own_story.py.
OWN_STORY_COUNTER = "learned:own-story"
# Counted when a learned line is cut off the end of the body's last paragraph it was joined to (glued_tail).
GLUED_COUNTER = "learned:glued-tail"
# A sentence end (with closing quotes or brackets) and the space after it: where a glued line may begin.
SENTENCE_BREAK_RE = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
# The last sentences of a paragraph tried as a glued learned line (an editor's note is one or two sentences).
MAX_GLUED_SENTENCES = 2
# Chrome above the headline that no line rule knew (a breadcrumb, a section label, a masthead, a date or byline line):
# removed because it stands above the headline (pipeline/text/headline.py choose_headline).
HEADLINE_CHROME_RULE = "headline_chrome"
# Lines outside the article body of a page (page-text mode), when no line rule names them more precisely.
PAGE_TEXT_RULE = "page_text"
# Lines removed by these rules end an article on a page (share bars, copyright footers, tag and section lists,
# teasers below a story): page mode's article region does not extend across them. Ad markers, "read also" lines,
# datelines and bylines do occur inside articles.
PAGE_BREAK_RULES = frozenset({"share_prompt", "copyright", "site_navigation", "footer_teaser"})
# Ad markers, "read also" lines and calls to follow stand inside stories ("Advertisement" between a paragraph and its
# list, a related link between the lede and a table, "Join our WhatsApp channel" between two paragraphs): page mode
# looks past them for a short line's context. The ad_marker and read_more rules' lines, and the chrome scorer's ad,
# related and follow cues (chrome[ad/<language>], chrome[related/<language>]: "Lire aussi", "Читайте також", as
# read_more is English's "Also read"; chrome[follow/mul]).
IN_STORY_RULES = frozenset({"ad_marker", "read_more"})
# Of those, the ad markers stand inside stories only, and so does a "read also" line that names its story on the line;
# a "read also" label alone also heads a related list after the story's end. Page mode's region crosses the former
# for nothing, the latter at a line's cost.
AD_RULES = frozenset({"ad_marker"})
AD_CUE_PREFIXES = ("chrome[ad/",)
# A label, a separator, then a headline of three words or more: "Lees ook: Middelburg krijgt een pendelbus".
NAMES_ITS_STORY_RE = re.compile(r"[:：|»–—]\s*\S+(?:\s+\S+){2,}\s*$")
# Lines that stand right under a page's headline: bylines and datelines (the rules, and the chrome rule's cues).
BYLINE_RULES = frozenset({"byline"})
BYLINE_CUE_PREFIXES = ("chrome[byline/",)
DATELINE_RULES = frozenset({"dateline"})
DATELINE_CUE_PREFIXES = ("chrome[published/", "chrome[reading/")
# Photo credits (the chrome rule's credit cue): a caption sits over its credit.
CREDIT_CUE_PREFIXES = ("chrome[credit/",)
IN_STORY_CUE_PREFIXES = ("chrome[ad/", "chrome[related/", "chrome[follow/")


def stands_inside_story(rule: str) -> bool:
    """Whether a line removed under ``rule`` is one that stands inside stories: an ad marker, a "read also" line, a call
    to follow.

    >>> [stands_inside_story(rule) for rule in ("ad_marker", "read_more", "chrome[ad/es]", "chrome[related/uk]")]
    [True, True, True, True]
    >>> stands_inside_story("chrome[share/es]"), stands_inside_story("copyright"), stands_inside_story("chrome[follow/")
    (False, False, True)
    """
    return rule in IN_STORY_RULES or rule.startswith(IN_STORY_CUE_PREFIXES)


def stands_inside_story_only(removal: Removal) -> bool:
    """Whether a removed line stands inside stories and nowhere else: an ad marker ("Advertisement", "Publicidad"),
    or a "read also" line that names its story ("Lees ook: Middelburg krijgt een pendelbus"), not a label alone
    ("Related links:"), which also heads a list after the story's end.

    >>> stands_inside_story_only(Removal(3, "Publicidad", "chrome[ad/es]"))
    True
    >>> stands_inside_story_only(Removal(3, "Lees ook: Middelburg krijgt een pendelbus", "chrome[related/nl]"))
    True
    >>> stands_inside_story_only(Removal(3, "Related links:", "read_more"))
    False
    """
    if removal.rule in AD_RULES or removal.rule.startswith(AD_CUE_PREFIXES):
        return True
    return stands_inside_story(removal.rule) and NAMES_ITS_STORY_RE.search(removal.line) is not None


def _flagged(removals: Sequence[Removal], count: int, test: Callable[[Removal], bool]) -> list[bool]:
    """For each of ``count`` paragraphs, whether it is one of ``removals`` that ``test`` accepts.

    >>> removals = [Removal(1, "Share", "share_prompt"), Removal(2, "Ad", "ad_marker")]
    >>> _flagged(removals, 4, lambda removal: removal.rule in PAGE_BREAK_RULES)
    [False, True, False, False]
    """
    indices = {removal.index for removal in removals if test(removal)}
    return [index in indices for index in range(count)]


# The chrome scorer's rule; step 6 (pipeline/text/neighbours.py) removes lines under the same rule, reason
# chrome[neighbour/<cue>], counted both as line-removed:chrome and this counter.
CHROME_RULE = "chrome"
NEIGHBOUR_COUNTER = "chrome:neighbour"
PARAGRAPH_SEPARATOR = "\n\n"
EMPTY_REASON = "empty_after_cleaning"


@dataclass(frozen=True)
class RemovedLine:
    """A paragraph removed from the body, as it was after normalization, and the rule that removed it."""

    line: str
    rule: str

    def __reduce__(self) -> tuple[type[RemovedLine], tuple[str, str]]:
        # As the class and its field values, not the default form (a field dict each): an article's removed lines
        # (~3.5 on the distinct corpus) come back from the worker processes pickled with its cleaned text, and in that
        # form a result took 13.7 us to unpickle and 16.2 to pickle, against 10.7 and 10.7 (2,000 results).
        return RemovedLine, (self.line, self.rule)


def _rule_marks(removals: Sequence[Removal], count: int) -> RuleMarks:
    """What the line rules' ``removals`` tell page mode of ``count`` paragraphs (:class:`RuleMarks`).

    >>> removals = [Removal(1, "By Ann Lee", "byline"), Removal(2, "Foto: dpa", "chrome[credit/de]")]
    >>> marks = _rule_marks(removals + [Removal(3, "Share", "share_prompt")], 4)
    >>> marks.bylines, marks.credits, marks.breaks
    ([False, True, False, False], [False, False, True, False], [False, False, False, True])
    """
    return RuleMarks(
        breaks=_flagged(removals, count, lambda removal: removal.rule in PAGE_BREAK_RULES),
        markers=_flagged(removals, count, lambda removal: stands_inside_story(removal.rule)),
        free=_flagged(removals, count, stands_inside_story_only),
        bylines=_flagged(removals, count, lambda removal: is_byline_rule(removal.rule)),
        credits=_flagged(removals, count, lambda removal: removal.rule.startswith(CREDIT_CUE_PREFIXES)),
    )


def is_byline_rule(rule: str, dates: bool = True) -> bool:
    """Whether ``rule`` removes bylines (rule ``byline``, the chrome rule's byline cue) or, with ``dates``, datelines
    and reading times (rule ``dateline``, the chrome rule's published-date and reading-time cues).

    >>> is_byline_rule("chrome[byline/fr]"), is_byline_rule("dateline"), is_byline_rule("dateline", dates=False)
    (True, True, False)
    """
    rules = BYLINE_RULES | DATELINE_RULES if dates else BYLINE_RULES
    return rule in rules or rule.startswith(
        BYLINE_CUE_PREFIXES + DATELINE_CUE_PREFIXES if dates else BYLINE_CUE_PREFIXES
    )


def bylines_and_datelines(removed: Sequence[tuple[int, RemovedLine]], dates: bool = True) -> list[int]:
    """The positions, top down, of the lines a rule removed as bylines or, with ``dates``, as datelines or reading
    times (:func:`is_byline_rule`).

    >>> removed = [(0, RemovedLine("Menu", "site_navigation")), (2, RemovedLine("4 March 2026", "dateline"))]
    >>> removed.append((4, RemovedLine("By Ann Lee", "byline")))
    >>> bylines_and_datelines(removed), bylines_and_datelines(removed, dates=False)
    ([2, 4], [4])
    """
    return sorted(index for index, line in removed if is_byline_rule(line.rule, dates))


def first_byline(removed: Sequence[tuple[int, RemovedLine]], dates: bool = True) -> int | None:
    """The position of the first of :func:`bylines_and_datelines`, or None.

    >>> removed = [(0, RemovedLine("Menu", "site_navigation")), (2, RemovedLine("4 March 2026", "dateline"))]
    >>> removed.append((4, RemovedLine("By Ann Lee", "byline")))
    >>> first_byline(removed), first_byline(removed, dates=False)
    (2, 4)
    """
    return next(iter(bylines_and_datelines(removed, dates)), None)


def _kept_above_each(kept: Sequence[tuple[int, str]], indices: Sequence[int]) -> list[int]:
    """The positions in ``kept`` of the last paragraph above each of ``indices`` (top down), each once.

    >>> _kept_above_each([(0, "Site"), (2, "Headline"), (4, "Body")], [1, 3, 5])
    [0, 1, 2]
    >>> _kept_above_each([(2, "Headline")], [0, 3])
    [0]
    """
    kept_indices = [index for index, _ in kept]
    positions = (bisect.bisect_left(kept_indices, index) - 1 for index in indices)
    return sorted({position for position in positions if position >= 0})


@dataclass(frozen=True)
class CleanedText:
    """The result of cleaning one text.

    ``text`` is the body without the headline, paragraphs separated by exactly one blank line, no outer whitespace.
    """

    title: str | None
    text: str
    removed: tuple[RemovedLine, ...]

    def __reduce__(self) -> tuple[type[CleanedText], tuple[Any, ...]]:
        """Pickle as the class and its field values, as :class:`RemovedLine` does.

        >>> import pickle
        >>> cleaned = CleanedText("Title", "Body.", (RemovedLine("Share this", "line-removed:share_prompt"),))
        >>> pickle.loads(pickle.dumps(cleaned)) == cleaned
        True
        """
        return CleanedText, (self.title, self.text, self.removed)


@dataclass(frozen=True)
class NormalizedText:
    """A text after steps 1-3: its paragraphs, as the line rules judge them and learned boilerplate counts them, and
    the names of the counters normalizing it counted (``normalize:<fix>``, ``paragraphs:rejoined-wrapped``).

    ``line_keys``, when not empty, are the paragraphs' integer line keys, as learned boilerplate counted them
    (:func:`pipeline.text.learned.keyed_paragraphs`): cleaning matches the paragraphs against the learned lines by
    them instead of hashing each paragraph again."""

    paragraphs: tuple[str, ...]
    counts: tuple[str, ...]
    line_keys: tuple[int | None, ...] = ()

    def __reduce__(self) -> tuple[type[NormalizedText], tuple[Any, ...]]:
        # As the class and its field values (the default form pickles a field dict): it is pickled between stages.
        return NormalizedText, (self.paragraphs, self.counts, self.line_keys)


@dataclass(frozen=True)
class NormalizedArticle:
    """An article with its :class:`NormalizedText`, as the Beam pipeline passes it from normalization to learned
    boilerplate and cleaning.

    ``input_chars`` is the length of the article's text as read. The text itself is not needed after normalization
    and is the largest field, so a producer may drop it (``article.text`` is then ``""``) from articles it does not
    need for anything else. ``normalized`` may be pickled (:class:`~pipeline.core.pickled.Pickled`), as the local
    workers hand it over: the runner passes it on to cleaning without reading it.
    """

    article: Article
    input_chars: int
    normalized: NormalizedText | Pickled[NormalizedText]

    def __reduce__(self) -> tuple[type[NormalizedArticle], tuple[Any, ...]]:
        return NormalizedArticle, (self.article, self.input_chars, self.normalized)


@dataclass(frozen=True)
class NormalizedBatch:
    """NormalizedArticles as one element: how the Beam pipeline hands them from normalization to cleaning, whose
    learned side input makes that hand-over a stage boundary, where the runner encodes every element on its own."""

    articles: tuple[NormalizedArticle, ...]

    def __reduce__(self) -> tuple[type[NormalizedBatch], tuple[Any, ...]]:
        return NormalizedBatch, (self.articles,)


def unbatched(element: Any) -> tuple[Any, ...]:
    """The articles in ``element``: a :class:`NormalizedBatch`'s, or ``element`` itself.

    >>> unbatched(NormalizedBatch(("a", "b"))), unbatched("c")
    (('a', 'b'), ('c',))
    """
    return element.articles if isinstance(element, NormalizedBatch) else (element,)


@dataclass(frozen=True)
class LedgerLine:
    """One entry of the removal ledger (``removed-lines-*.jsonl``): an article's removed line and its rule."""

    id: str
    line: str
    rule: str


def ledger_line_to_dict(entry: LedgerLine) -> dict[str, str]:
    """The ledger's JSON object.

    >>> ledger_line_to_dict(LedgerLine("a1", "Advertisement", "ad_marker"))
    {'id': 'a1', 'line': 'Advertisement', 'rule': 'ad_marker'}
    """
    return {"id": entry.id, "line": entry.line, "rule": entry.rule}


def glued_tail(paragraph: str, learned: frozenset[str]) -> str | None:
    """The last one or two sentences of ``paragraph`` when they are, on their own, a line ``learned`` holds (by its
    line key or its shape key) and something is left before them; else None.

    >>> learned = frozenset({line_key("Dieser Artikel wurde aktualisiert.")})
    >>> glued_tail("Er sagte: «Wir sind bereit.» Dieser Artikel wurde aktualisiert.", learned)
    'Dieser Artikel wurde aktualisiert.'
    >>> glued_tail("Er sagte, der Artikel wurde aktualisiert.", learned) is None
    True
    """
    breaks = [match.end() for match in SENTENCE_BREAK_RE.finditer(paragraph)][-MAX_GLUED_SENTENCES:]
    for start in reversed(breaks):
        tail = paragraph[start:]
        if is_learned(tail, learned):
            return tail
    return None


def is_learned(line: str, learned: frozenset[str], key: str | None = None) -> bool:
    """Whether ``learned`` holds ``line``'s key (``key``, when the caller has it) or its shape's."""
    return (key if key is not None else line_key(line)) in learned or shape_key(line) in learned


class ArticleCleaner:
    """Cleans article text with one config; picklable, built once per Beam worker.

    >>> from pipeline.core.counting import Tally
    >>> cleaner = ArticleCleaner(CleaningConfig())
    >>> tally = Tally()
    >>> raw = "Home » News » Politics\\n\\nBig vote due - Daily Post\\n\\nBig vote due\\n\\n"
    >>> raw += "MPs vote today.\\n\\nADVERTISEMENT"
    >>> cleaned = cleaner.clean_text(raw, None, tally)
    >>> cleaned.title, cleaned.text
    ('Big vote due', 'MPs vote today.')
    >>> [(line.rule, line.line) for line in cleaned.removed]
    [('site_navigation', 'Home » News » Politics'), ('headline_repeat', 'Big vote due'), ('ad_marker', 'ADVERTISEMENT')]
    >>> sorted(tally.items())  # doctest: +NORMALIZE_WHITESPACE
    [('headline:detected', 1), ('headline:repeat-removed', 1), ('line-removed:ad_marker', 1),
     ('line-removed:headline_repeat', 1), ('line-removed:site_navigation', 1)]
    """

    def __init__(self, config: CleaningConfig) -> None:
        self.config = config
        self.rules = resolve_rules(config.rules)
        # Remembers the rule of each short line it has seen (boilerplate recurs across a site's articles).
        self._line_match = LineMatcher([rule for rule in self.rules if not rule.footer_only])
        self._footer_rules = [rule for rule in self.rules if rule.footer_only]
        self.normalizer = Normalizer(config.normalize)
        self.page_settings = config.page_text.settings()
        # Chrome judged by its place in the body (step 6) is part of the chrome scorer: on when the chrome rule is.
        self.chrome_in_body = CHROME_RULE in config.rules

    def normalize(self, text: str, count: CountFn = no_count) -> NormalizedText:
        """Steps 1-3: layout normalization, paragraph rebuilding and repairs. Each counter is counted on ``count``
        as soon as it is known (a caller still sees it if a later step raises) and recorded in the result.

        >>> normalized = ArticleCleaner(CleaningConfig()).normalize("Fish &amp; chips\\r\\n\\r\\nTwo  spaces")
        >>> normalized.paragraphs, normalized.counts
        (('Fish & chips', 'Two spaces'), ('normalize:ftfy', 'normalize:newlines', 'normalize:whitespace'))
        """
        counts: list[str] = []

        def record(name: str) -> None:
            counts.append(name)
            count(name)

        fixes: set[str] = set()
        layout = self.normalizer.layout(text, fixes)
        # Wrapping is judged on the text as it was wrapped, before repairs change line lengths ("&#233;" -> "é").
        split = split_paragraphs(layout, self.config.paragraphs)
        if split.rejoined:
            record("paragraphs:rejoined-wrapped")
        joined = "\n".join(split.paragraphs)
        repaired = self.normalizer.repair(joined, fixes)
        for fix in sorted(fixes):
            record(f"normalize:{fix}")
        if repaired == joined:
            # split_paragraphs' paragraphs are stripped and never empty
            return NormalizedText(split.paragraphs, tuple(counts))
        # A repair can empty a paragraph ("&nbsp;") or indent it; "\n" inside one came from an entity ("&#10;").
        paragraphs = tuple(stripped for paragraph in repaired.split("\n") if (stripped := paragraph.strip()))
        return NormalizedText(paragraphs, tuple(counts))

    def paragraphs(self, text: str, count: CountFn = no_count) -> list[str]:
        """The text's paragraphs after layout normalization, paragraph rebuilding and repairs: what the line rules
        judge, and what learned boilerplate is counted on (``pipeline/beam/boilerplate.py``)."""
        return list(self.normalize(text, count).paragraphs)

    def is_page(self, paragraphs: Sequence[str]) -> bool:
        """Whether page-text mode applies to a document whose paragraphs left after the line rules are these
        (``cleaning.page_text.mode``)."""
        mode = self.config.page_text.mode
        return mode == "on" or (mode == "auto" and looks_like_page(paragraphs, self.page_settings))

    def clean_text(
        self,
        text: str,
        title: str | None,
        count: CountFn = no_count,
        learned: frozenset[str] = frozenset(),
        normalized: NormalizedText | None = None,
    ) -> CleanedText:
        """Clean ``text``; ``title`` is the headline from the input record, if it has one; ``learned`` holds the
        keys (:func:`pipeline.text.learned.line_key`) of the lines learned as this article's site's boilerplate.

        ``normalized``, when given, is :meth:`normalize` of ``text`` done earlier: it is used instead of normalizing
        ``text`` again (which is then not read), and its counts are counted on ``count`` as if normalizing now.
        """
        if normalized is None:
            normalized = self.normalize(text, count)
        else:
            for name in normalized.counts:
                count(name)
        paragraphs = normalized.paragraphs
        stripped = strip_boilerplate(paragraphs, self.rules, count, self._line_match)
        removed = [(removal.index, RemovedLine(removal.line, removal.rule)) for removal in stripped.removed]
        kept = list(stripped.kept)
        if learned:
            line_keys = ParagraphLineKeys(paragraphs, normalized.line_keys)
            before = len(kept)
            kept = self._drop_learned(kept, removed, learned, count, title is None, line_keys)
            if len(kept) < before:
                kept = self._strip_footer_again(kept, removed, count)
        # Page text is recognised on what the rules left: an article's ad markers and share buttons between list
        # items do not make it a page.
        page_headline: int | None = None
        if self.is_page([paragraph for _, paragraph in kept]):
            count("page-text:documents")
            kept_indices = {index for index, _ in kept}
            gone = [index not in kept_indices for index in range(len(paragraphs))]
            stopwords = page_stopwords([paragraph for paragraph, out in zip(paragraphs, gone, strict=True) if not out])
            marks = _rule_marks(stripped.removed, len(paragraphs))
            body = select_body(paragraphs, gone, self.page_settings, marks, stopwords)
            if title is None and self.config.headline.detect and any(body):
                # The headline is short and sits among menus, bylines and share rows, so the region leaves it out:
                # it is offered to the headline step, and goes with the page's chrome if that does not take it.
                page_headline = headline_above(
                    paragraphs,
                    gone,
                    body.index(True),
                    self.config.headline.max_words,
                    first_byline(removed, dates=False),
                    body,
                    stopwords,
                )
                if page_headline is not None:
                    body[page_headline] = True
            kept = self._drop(kept, removed, lambda index, _: not body[index], PAGE_TEXT_RULE, count)

        chrome_lines = [line.line for _, line in removed]
        above_bylines = _kept_above_each(kept, bylines_and_datelines(removed))
        headline, body_paragraphs, headline_removed = self._settle_headline(
            title, kept, chrome_lines, count, learned, above_bylines
        )
        removed += headline_removed
        if page_headline is not None:
            not_taken = page_headline
            body_paragraphs = self._drop(
                body_paragraphs, removed, lambda index, _: index == not_taken, PAGE_TEXT_RULE, count
            )
        if self.chrome_in_body:
            body_paragraphs = self._drop_body_chrome(body_paragraphs, removed, count)
        removed.sort(key=lambda item: item[0])
        text = PARAGRAPH_SEPARATOR.join(paragraph for _, paragraph in body_paragraphs)
        return CleanedText(headline, text, tuple(line for _, line in removed))

    def _drop_body_chrome(
        self, body: list[tuple[int, str]], removed: list[tuple[int, RemovedLine]], count: CountFn
    ) -> list[tuple[int, str]]:
        """``body`` without the chrome its place gives away (:func:`pipeline.text.neighbours.body_chrome`): the short
        lines at its head and tail that touch chrome and have a weak cue of their own (``chrome[neighbour/<cue>]``),
        appended to ``removed``; all stay when
        removing them would leave fewer than ``min_words`` words (valid input keeps its story)."""
        chrome = {index for index, line in removed if line.rule != HEADLINE_REPEAT_RULE}
        found = body_chrome(body, chrome)
        if not found:
            return body
        survivors = [(index, paragraph) for index, paragraph in body if index not in found]
        if sum(count_words(paragraph, self.config.min_words) for _, paragraph in survivors) < self.config.min_words:
            return body
        for index, paragraph in body:
            if index in found:
                removed.append((index, RemovedLine(paragraph, f"{CHROME_RULE}[{found[index]}]")))
                count(f"line-removed:{CHROME_RULE}")
                if found[index].startswith(REASON_PREFIX):
                    count(NEIGHBOUR_COUNTER)
        return survivors

    def _drop_learned(
        self,
        kept: list[tuple[int, str]],
        removed: list[tuple[int, RemovedLine]],
        learned: frozenset[str],
        count: CountFn,
        no_title: bool,
        keys: ParagraphLineKeys,
    ) -> list[tuple[int, str]]:
        """``kept`` without the lines learned as the site's boilerplate, by their line or their shape
        (:func:`pipeline.text.learned.shape_key`), unless removing them would erase the story
        (:func:`pipeline.text.learned.erases_story`): then they all stay, and the veto is counted. Without a title
        field (``no_title``), the first line no line key removes is not removed for its shape when it looks like a
        headline: it is where the headline is looked for, and a site's headlines may share a shape ("Brexit: ...").
        A learned line about the story the article's other lines tell stays too
        (:func:`pipeline.text.own_story.own_story_lines`): the site's other pages list its headline as a teaser.
        ``keys`` gives the paragraphs' line keys."""
        kept = self._drop_glued_tail(kept, removed, learned, count, keys)
        hits = [keys(index, paragraph) in learned for index, paragraph in kept]
        # Only whole lines are a story's own: a shape is a template (a byline, "Foto: *", "* - Site").
        own = own_story_lines([paragraph for _, paragraph in kept], hits) if any(hits) else [False] * len(kept)
        if any(own):
            count(OWN_STORY_COUNTER, sum(own))
            hits = [hit and not is_own for hit, is_own in zip(hits, own, strict=True)]
        first = next((position for position, hit in enumerate(hits) if not hit), None)
        for position, (_, paragraph) in enumerate(kept):
            if hits[position] or own[position] or shape_key(paragraph) not in learned:
                continue
            headline_place = no_title and position == first
            if not (headline_place and looks_like_headline(paragraph, self.config.headline.max_words)):
                hits[position] = True
        if not any(hits):
            return kept
        if erases_story([paragraph for _, paragraph in kept], hits, self.config.min_words):
            count(VETOED)
            count(VETOED_LINES, sum(hits))
            return kept
        learned_indices = {index for (index, _), hit in zip(kept, hits, strict=True) if hit}
        return self._drop(kept, removed, lambda index, _: index in learned_indices, LEARNED_RULE, count)

    def _strip_footer_again(
        self, kept: list[tuple[int, str]], removed: list[tuple[int, RemovedLine]], count: CountFn
    ) -> list[tuple[int, str]]:
        """``kept`` after the footer-only rules ran again, now that learned lines are gone: a site's list heading
        ("Mehr aus der Region", learned from its pages) is chrome beside the teasers under it, which change from
        page to page and so are never learned themselves."""
        removals = [Removal(index, line.line, line.rule) for index, line in removed]
        still, after = strip_footer(kept, removals, self._footer_rules, count)
        if len(still) < len(kept):
            known = {index for index, _ in removed}
            removed.extend((r.index, RemovedLine(r.line, r.rule)) for r in after if r.index not in known)
        return still

    @staticmethod
    def _drop_glued_tail(
        kept: list[tuple[int, str]],
        removed: list[tuple[int, RemovedLine]],
        learned: frozenset[str],
        count: CountFn,
        keys: ParagraphLineKeys,
    ) -> list[tuple[int, str]]:
        """``kept`` with a learned line cut off the end of the story's last paragraph (the last one that is not a
        learned line itself, :func:`glued_tail`). Hard-wrapped copy whose last line is nearly full lets the chrome
        line below it pass the wrap test, and one ending with a full stop (an editor's note) is joined to the story
        ("... were junk. Correction: An earlier version of this story misstated a date.")."""
        last = next(
            (at for at in range(len(kept) - 1, -1, -1) if not is_learned(kept[at][1], learned, keys(*kept[at]))), None
        )
        if last is None:
            return kept
        index, paragraph = kept[last]
        tail = glued_tail(paragraph, learned)
        if tail is None:
            return kept
        removed.append((index, RemovedLine(tail, LEARNED_RULE)))
        count(f"line-removed:{LEARNED_RULE}")
        count(GLUED_COUNTER)
        return [*kept[:last], (index, paragraph[: len(paragraph) - len(tail)].rstrip()), *kept[last + 1 :]]

    @staticmethod
    def _drop(
        kept: list[tuple[int, str]],
        removed: list[tuple[int, RemovedLine]],
        drop: Callable[[int, str], bool],
        rule: str,
        count: CountFn,
    ) -> list[tuple[int, str]]:
        """``kept`` without the paragraphs ``drop`` selects, which are appended to ``removed`` under ``rule``."""
        survivors: list[tuple[int, str]] = []
        for index, paragraph in kept:
            if drop(index, paragraph):
                removed.append((index, RemovedLine(paragraph, rule)))
                count(f"line-removed:{rule}")
            else:
                survivors.append((index, paragraph))
        return survivors

    def _settle_headline(
        self,
        title: str | None,
        body: list[tuple[int, str]],
        chrome_lines: list[str],
        count: CountFn,
        learned: frozenset[str] = frozenset(),
        above_bylines: Sequence[int] = (),
    ) -> tuple[str | None, list[tuple[int, str]], list[tuple[int, RemovedLine]]]:
        """The headline (:func:`pipeline.text.headline.choose_headline`: the title field unless it is chrome, else
        the first headline-like paragraph after the chrome above it), the body without it, the chrome above it and
        its repeats, and those as removed lines; paragraphs carry their positions. ``chrome_lines`` are the lines the
        rules removed (they name the site: a masthead above the headline, a suffix after it); ``above_bylines`` the
        positions in ``body`` of the paragraphs right above the bylines and datelines, top down."""
        settings = self.config.headline
        field_title = self._title_from_field(title)
        choice = choose_headline(
            field_title,
            [paragraph for _, paragraph in body],
            settings.max_words,
            settings.detect,
            chrome_lines,
            above_bylines,
        )
        removed: list[tuple[int, RemovedLine]] = []
        for position in choice.chrome:
            index, paragraph = body[position]
            removed.append((index, RemovedLine(paragraph, HEADLINE_CHROME_RULE)))
            count(f"line-removed:{HEADLINE_CHROME_RULE}")
        if choice.taken is not None:
            count("headline:detected")
            choice = self._without_learned_suffix(choice, body[choice.taken][1], learned, count)
        elif choice.title is not None:
            count("headline:from-field")
        elif field_title is not None:
            count("headline:field-was-chrome")
        dropped = {*choice.chrome, *(() if choice.taken is None else (choice.taken,))}
        body = [item for position, item in enumerate(body) if position not in dropped]
        headline = choice.title
        if headline is None or not settings.remove_repeats:
            return headline, body, removed
        keys = repeat_keys(headline)
        kept: list[tuple[int, str]] = []
        for index, paragraph in body:
            if is_repeat(paragraph, keys):
                removed.append((index, RemovedLine(paragraph, HEADLINE_REPEAT_RULE)))
                count("headline:repeat-removed")
                count(f"line-removed:{HEADLINE_REPEAT_RULE}")
            else:
                kept.append((index, paragraph))
        return headline, kept, removed

    @staticmethod
    def _without_learned_suffix(
        choice: HeadlineChoice, line: str, learned: frozenset[str], count: CountFn
    ) -> HeadlineChoice:
        """``choice`` with its detected title cut before a site-name suffix the site learned (its suffix key is in
        ``learned``): a suffix no chrome line of the page names ("Headline - The Capitol Ledger" on a page without
        a footer) is still the site's when its pages share it."""
        if choice.title != line or not learned or suffix_key(line) not in learned:
            return choice
        head = name_suffixed_head(line)
        if head is None:
            return choice
        count("headline:learned-suffix")
        return dataclasses.replace(choice, title=head)

    def _title_from_field(self, title: str | None) -> str | None:
        if title is None:
            return None
        # Titles get the same repairs as the body (entities, mojibake, quotes) but must stay on one line.
        cleaned = " ".join(self.normalizer(title).split())
        return cleaned or None

    def __call__(
        self, article: Article, count: CountFn = no_count, learned: frozenset[str] = frozenset()
    ) -> Article | Reject:
        """Clean ``article``; reject it when fewer than ``config.min_words`` words are left.

        >>> cleaner = ArticleCleaner(CleaningConfig(min_words=3))
        >>> reject = cleaner(Article(id="a1", text="Title here\\n\\nTwo words\\n\\nAdvertisement"))
        >>> reject.id, reject.reason, reject.detail
        ('a1', 'empty_after_cleaning', '2 words left after cleaning (cleaning.min_words is 3), 1 paragraph removed as \
boilerplate: check the input text field or lower cleaning.min_words')
        >>> cleaner(Article(id="a2", text="Headline\\n\\nA body of five words.", title="Headline")).text
        'A body of five words.'
        """
        return self.clean(article, count, learned)[0]

    def clean(
        self,
        article: Article,
        count: CountFn = no_count,
        learned: frozenset[str] = frozenset(),
        normalized: NormalizedText | None = None,
    ) -> tuple[Article | Reject, tuple[RemovedLine, ...]]:
        """Like calling the cleaner, and also the removed lines (for the removal ledger); ``normalized`` as in
        :meth:`clean_text`."""
        cleaned = self.clean_text(article.text, article.title, count, learned, normalized)
        return self.settle(article, cleaned), cleaned.removed

    def settle(self, article: Article, cleaned: CleanedText) -> Article | Reject:
        """``article`` with its cleaned title and text, or its reject when fewer than ``config.min_words`` words are
        left: what cleaning ``article`` gives once its text is cleaned (:meth:`clean_text`)."""
        words = self._words_up_to_minimum(cleaned.text)
        if words < self.config.min_words:
            plural = "" if len(cleaned.removed) == 1 else "s"
            return Reject(
                article.id,
                EMPTY_REASON,
                f"{words} words left after cleaning (cleaning.min_words is {self.config.min_words}), "
                f"{len(cleaned.removed)} paragraph{plural} removed as boilerplate: "
                "check the input text field or lower cleaning.min_words",
            )
        return article.with_text(cleaned.text, cleaned.title)

    def long_enough(self, cleaned: CleanedText) -> bool:
        """Whether :meth:`settle` keeps an article with this cleaned text (it has ``config.min_words`` words)."""
        return self._words_up_to_minimum(cleaned.text) >= self.config.min_words

    def _words_up_to_minimum(self, text: str) -> int:
        # Exact below the minimum (the reject says how many); a long body is not split whole just to learn that it is
        # long enough. A letter of Chinese, Japanese or Thai is a word (pipeline.core.scripts).
        return count_words(text, self.config.min_words)
