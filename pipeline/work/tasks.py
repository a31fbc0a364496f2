"""The per-record work that DoFns can hand to local worker processes (:mod:`pipeline.local.pool`): picklable tasks
over a chunk of records, without Beam, so that a worker process imports only the text and hashing code.

A task returns one :class:`Outcome` per record: its result, or the error it raised, and the counts it counted on
the way. The DoFn counts those and turns an error into the record's ``internal_error`` reject, exactly as when it
does the work itself (it runs the same task inline when there are no worker processes).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

from pipeline.core.counting import CountFn
from pipeline.core.pickled import Pickled, unpickled
from pipeline.core.record import Article
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.keep import Rank, normalized_completeness, ranked_with
from pipeline.dedup.minhash import MinHasher, hash_normalized, normalized_utf8
from pipeline.dedup.verify import signature_and_shingle_set
from pipeline.text.clean import ArticleCleaner, CleanedText, NormalizedText
from pipeline.text.config import CleaningConfig
from pipeline.text.learned import ShortLineKeys, keyed_paragraphs
from pipeline.text.packed_lines import PackedLines, pack_lines

R = TypeVar("R")

# What a bug in a text or hashing function can raise on one odd record. Such a record goes to rejects with the error,
# so one record cannot fail a whole job; run.max_error_share bounds how many may fail before the run does. Errors of
# the runner itself (I/O, memory, interrupts) are not in this list and still fail the bundle, which Beam retries.
RECORD_ERRORS: tuple[type[Exception], ...] = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    ArithmeticError,
    UnicodeError,
    RecursionError,
    AssertionError,
    re.error,
)
# Texts whose fingerprints a Fingerprints task remembers by content hash, so that exact copies are not hashed again
# (~2.5 KB each); bounded, so that memory does not grow with the input.
MAX_REMEMBERED = 4_000


@dataclass(frozen=True)
class RecordError:
    """An error one record raised, as data (an exception object may not survive pickling back from a worker)."""

    kind: str
    message: str

    @classmethod
    def of(cls, error: BaseException) -> RecordError:
        return cls(type(error).__name__, str(error))

    def describe(self, step: str) -> str:
        """The reject's detail.

        >>> RecordError("ValueError", "bad").describe("cleaning")
        'ValueError in cleaning: bad; please report it to newsclean with this record'
        """
        return f"{self.kind} in {step}: {self.message}; please report it to newsclean with this record"


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """One record's result, or its error; ``counts`` are the ``(name, n)`` it counted, in order."""

    result: R | None
    error: RecordError | None
    counts: tuple[tuple[str, int], ...]

    def __reduce__(self) -> tuple[type[Outcome[R]], tuple[Any, ...]]:
        # As the class and its field values (the default form pickles a field dict): it crosses to a worker and back.
        return Outcome, (self.result, self.error, self.counts)

    def replay(self, count: CountFn) -> None:
        """Count this record's counts on ``count``."""
        for name, n in self.counts:
            count(name, n)


def attempt(work: Callable[[CountFn], R]) -> Outcome[R]:
    """``work(count)`` as an Outcome, with the error when it raises one of :data:`RECORD_ERRORS`.

    >>> def work(count):
    ...     count("seen")
    ...     return 1 // 0
    >>> outcome = attempt(work)
    >>> outcome.result, outcome.error.kind, outcome.counts
    (None, 'ZeroDivisionError', (('seen', 1),))
    """
    counts: list[tuple[str, int]] = []

    def count(name: str, n: int = 1) -> None:
        counts.append((name, n))

    try:
        return Outcome(work(count), None, tuple(counts))
    except RECORD_ERRORS as error:
        return Outcome(None, RecordError.of(error), tuple(counts))


# An article's content key and its lines and story sketch (pipeline.text.learned.article_keys), the second packed
# (pipeline.text.packed_lines): what LearnBoilerplate counts of it, spilled as it is.
SplitKeys = tuple[int, PackedLines]
# A normalized text (pickled when the task pickles), and when learned boilerplate is on, its SplitKeys.
Normalized = tuple[NormalizedText | Pickled[NormalizedText], SplitKeys | None]


class NormalizeTexts:
    """text -> :class:`NormalizedText` (:meth:`ArticleCleaner.normalize`) and, when ``cleaning.learned`` is on, the
    text's line keys (:func:`article_keys`), computed here so that they are hashed where the text is, and packed
    (:func:`~pipeline.text.packed_lines.pack_lines`) as learning spills them.

    With ``pickled``, the normalized text comes pickled (:class:`~pipeline.core.pickled.Pickled`; its size is its
    paragraphs' characters): for a caller that only passes it on, to a spill file or to :class:`CleanTexts`.
    """

    def __init__(self, config: CleaningConfig, pickled: bool = False) -> None:
        self._config = config
        self._pickled = pickled

    def setup(self) -> None:
        self._cleaner = ArticleCleaner(self._config)
        self._short_lines = ShortLineKeys()

    def __call__(self, texts: Sequence[str]) -> list[Outcome[Normalized]]:
        return [attempt(partial(self._normalize, text)) for text in texts]

    def _normalize(self, text: str, count: CountFn) -> Normalized:
        normalized = self._cleaner.normalize(text, count)
        keys: SplitKeys | None = None
        if self._config.learned.enabled:
            (content, lines, story), line_keys = keyed_paragraphs(normalized.paragraphs, self._short_lines)
            keys = (content, pack_lines(lines, story))
            # Cleaning matches the paragraphs against the learned lines by these keys, not hashing them again.
            normalized = dataclasses.replace(normalized, line_keys=line_keys)
        if not self._pickled:
            return normalized, keys
        return Pickled.of(normalized, size=paragraph_chars(normalized)), keys


def paragraph_chars(normalized: NormalizedText) -> int:
    """The characters of a normalized text's paragraphs: its size for chunking, which a pickled one carries.

    >>> paragraph_chars(NormalizedText(("One.", "Two two."), ()))
    12
    """
    return sum(map(len, normalized.paragraphs))


# What a text is cleaned from: the text (not read when its NormalizedText is given), the article's title, the keys of
# the lines learned as its site's boilerplate, and its NormalizedText (None: normalize the text). Nothing of the
# article besides: equal items clean to equal results, so exact copies can share one (pipeline.local.memo). The
# NormalizedText may come pickled, as NormalizeTexts(pickled=True) made it.
CleanItem = tuple[str, str | None, frozenset[str], NormalizedText | Pickled[NormalizedText] | None]


def clean_item_chars(item: CleanItem) -> int:
    """The characters of a CleanItem's text and normalized paragraphs: its size for chunking and remembering.

    >>> normalized = NormalizedText(("One.", "Two two."), ())
    >>> clean_item_chars(("", "Title", frozenset(), normalized)), clean_item_chars(("", None, frozenset(), None))
    (12, 0)
    >>> clean_item_chars(("Body", None, frozenset(), Pickled.of(normalized, size=12)))
    16
    """
    text, _, _, normalized = item
    if normalized is None:
        return len(text)
    if isinstance(normalized, Pickled):
        return len(text) + normalized.size
    return len(text) + paragraph_chars(normalized)


def article_chars(article: Article) -> int:
    """The characters of an article's text: its size for chunking.

    >>> article_chars(Article("a1", "Body."))
    5
    """
    return len(article.text)


# A cleaned text's content hash, packed signature, packed shingle set and completeness (pipeline.dedup.keep).
TextFingerprint = tuple[bytes, bytes, bytes, int]
# An article's keep rank, content hash, packed signature and packed shingle set.
Fingerprint = tuple[Rank, bytes, bytes, bytes]
# The cleaned text, and when fingerprinting is on and the text is long enough to be kept, its fingerprint.
Cleaned = tuple[CleanedText, Outcome[TextFingerprint] | None]


@dataclass(frozen=True)
class FingerprintedArticle:
    """A cleaned article with its fingerprint (or the error fingerprinting it raised), computed where it was cleaned:
    the dedup steps take it as they take a plain Article, without sending the text out to be hashed again."""

    article: Article
    fingerprint: Outcome[Fingerprint]

    def __reduce__(self) -> tuple[type[FingerprintedArticle], tuple[Any, ...]]:
        return FingerprintedArticle, (self.article, self.fingerprint)


def article_of(element: Article | FingerprintedArticle) -> Article:
    """The article of a dedup step's input element.

    >>> article_of(FingerprintedArticle(Article("a1", "x"), Outcome(None, None, ()))).id
    'a1'
    """
    return element.article if isinstance(element, FingerprintedArticle) else element


class CleanTexts:
    """(text, title, learned lines, normalized) -> (:class:`CleanedText`, its fingerprint), by
    :meth:`ArticleCleaner.clean_text`; the fingerprint (:meth:`Fingerprints.text`) only with a ``dedup`` config and
    for a text :meth:`ArticleCleaner.settle` keeps, else None. The caller settles each article with its result."""

    def __init__(self, config: CleaningConfig, dedup: DedupConfig | None = None) -> None:
        self._config = config
        self._dedup = dedup

    def setup(self) -> None:
        self._cleaner = ArticleCleaner(self._config)
        self._fingerprints = Fingerprints(self._dedup) if self._dedup is not None else None
        if self._fingerprints is not None:
            self._fingerprints.setup()

    def __call__(self, items: Sequence[CleanItem]) -> list[Outcome[Cleaned]]:
        return [attempt(partial(self._clean, *item)) for item in items]

    def _clean(
        self,
        text: str,
        title: str | None,
        learned: frozenset[str],
        normalized: NormalizedText | Pickled[NormalizedText] | None,
        count: CountFn,
    ) -> Cleaned:
        given = None if normalized is None else unpickled(normalized)
        cleaned = self._cleaner.clean_text(text, title, count, learned, given)
        if self._fingerprints is None or not self._cleaner.long_enough(cleaned):
            return cleaned, None
        # An outcome of its own: an error here is the record's fingerprinting error, not a cleaning one.
        return cleaned, self._fingerprints.text(cleaned.text)


class Fingerprints:
    """article -> (keep rank, content hash, MinHash signature, shingle set), the last two packed; exact copies are
    hashed once (up to :data:`MAX_REMEMBERED` texts are remembered)."""

    def __init__(self, config: DedupConfig) -> None:
        self._config = config

    def setup(self) -> None:
        self._hasher = MinHasher.from_config(self._config)
        self._by_content: dict[bytes, tuple[bytes, bytes]] = {}

    def __call__(self, articles: Sequence[Article]) -> list[Outcome[Fingerprint]]:
        return [self.one(article) for article in articles]

    def one(self, article: Article) -> Outcome[Fingerprint]:
        return ranked(article, self.text(article.text))

    def text(self, text: str) -> Outcome[TextFingerprint]:
        """The fingerprint of a text, for :func:`ranked` to make an article's."""
        return attempt(partial(self._fingerprint, text))

    def _fingerprint(self, text: str, count: CountFn) -> TextFingerprint:
        normalized = normalized_utf8(text)
        exact = hash_normalized(normalized)
        # An exact copy (same text apart from whitespace, so the same tokens) has the same signature and shingles:
        # syndicated and re-scraped copies are hashed once.
        known = self._by_content.get(exact)
        if known is None:
            known = signature_and_shingle_set(self._hasher, text, self._config.shingle_size)
            if len(self._by_content) >= MAX_REMEMBERED:
                self._by_content.clear()
            self._by_content[exact] = known
        signature, shingles = known
        return exact, signature, shingles, normalized_completeness(normalized)


def ranked(article: Article, text: Outcome[TextFingerprint]) -> Outcome[Fingerprint]:
    """The fingerprint of ``article`` from its text's (:meth:`Fingerprints.text`): with its keep rank, or the text's
    error.

    >>> fingerprint = ranked(Article("a1", "x y"), Outcome((b"h", b"s", b"t", 2), None, ()))
    >>> fingerprint.result
    ((2, '', -2, 'a1'), b'h', b's', b't')
    """
    if text.result is None:
        return Outcome(None, text.error, text.counts)
    exact, signature, shingles, text_completeness = text.result

    def rank(count: CountFn) -> Fingerprint:
        text.replay(count)
        return ranked_with(article, text_completeness), exact, signature, shingles

    # A published time can raise (one that overflows when moved to UTC): the record's fingerprinting error.
    return attempt(rank)
