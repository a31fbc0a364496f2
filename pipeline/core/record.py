"""The records that flow through the pipeline.

An :class:`Article` is immutable: every stage returns a changed copy with :func:`dataclasses.replace`, never mutates
its input (Beam forbids mutating elements, and the DirectRunner checks).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields
from typing import Any

from pipeline.core.spans import Span


@dataclass(frozen=True)
class Article:
    """One article as read from the input, or after a cleaning stage.

    ``extra`` holds every input field that newsclean does not interpret; it is written back out untouched.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Where the record came from (the input file's full path, and ``:line`` in a JSONL file): for its reject (see
    # pipeline.io.origin) and for messages, never part of the output identity.
    origin: str = ""

    def __reduce__(self) -> tuple[type[Article], tuple[Any, ...]]:
        """Pickle as the class and its field values: Beam encodes articles with pickle between stages, and this form
        encodes and decodes in ~13 us instead of ~30 us for a 3 KB article (the default form pickles a field dict).

        >>> import pickle
        >>> article = Article("a1", "Body.", title="Title", extra={"lang": "en"})
        >>> pickle.loads(pickle.dumps(article)) == article
        True
        """
        return Article, _article_values(self)

    def with_text(self, text: str, title: str | None) -> Article:
        """This article with another text and title, as :func:`dataclasses.replace` would make it: built from the
        field values in order, ~0.8 us instead of replace's ~1.6 (it looks up every field by name), and the runner's
        thread makes one per article twice (normalized, then cleaned).

        >>> Article("a1", "Body.", title="Title", source="BBC").with_text("New body.", None)
        Article(id='a1', text='New body.', title=None, url=None, source='BBC', published=None, extra={}, origin='')
        """
        return Article(self.id, text, title, *_article_values(self)[3:])


# All of an Article's field values, in declaration order (what the constructor takes positionally).
_article_values = operator.attrgetter(*(f.name for f in fields(Article)))


@dataclass(frozen=True)
class ArticleLine:
    """An article as dedup carries it to the output: its id, its output line (``articles-*.jsonl``), as bytes or as
    the span of the spill file it was written to, and its :attr:`Article.origin` (for the reject of a record that
    lost its id to another).

    The line is made where the article is fingerprinted, and dedup's steps pass it on by reference. They did pickle
    the whole article into each node and out again, and the kept ones were then turned into JSON and spilled once
    more, all on the runner's one thread.

    >>> import pickle
    >>> pickle.loads(pickle.dumps(ArticleLine("a1", ("articles-1.spill", 0, 42), "in.jsonl:3")))
    ArticleLine(id='a1', line=('articles-1.spill', 0, 42), origin='in.jsonl:3')
    """

    id: str
    line: bytes | Span
    origin: str = ""

    def __reduce__(self) -> tuple[type[ArticleLine], tuple[Any, ...]]:
        """Pickle as the class and its field values (see :meth:`Article.__reduce__`)."""
        return ArticleLine, (self.id, self.line, self.origin)


@dataclass(frozen=True)
class Source:
    """Where a rejected record came from and what it was, so that it can be recovered (written with the reject).

    ``file`` is the input file's path relative to its input root (as in ids), ``line`` the record's 1-based line in
    a JSONL file (None for a ``.txt`` file, which is one record). At most one of ``text`` (the record as the reader
    decoded it: the JSON line without its line end, or the whole ``.txt`` file) and ``base64`` (the bytes of a
    record that could not be decoded) is set; ``omitted`` says why neither is, when the text was asked for.
    """

    file: str
    line: int | None
    text: str | None = None
    base64: str | None = None
    omitted: str | None = None


@dataclass(frozen=True)
class Reject:
    """Input that could not become an article, and why.

    ``reason`` is a short stable identifier (it is also the counter name); ``detail`` says what was wrong and, where a
    user can fix it, what to do. ``origin`` is the record's :attr:`Article.origin` (its file's full path, and
    ``:line`` in a JSONL file); from it ``source`` is filled in just before the reject is written.
    """

    id: str
    reason: str
    detail: str
    origin: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class Duplicate:
    """An article dropped because another, kept article has the same, nearly the same or a containing text.

    ``similarity`` is the verified Jaccard of the two articles' word-shingle sets, ``estimated_similarity`` the
    MinHash estimate that made them candidates, ``containment`` the verified share of this article's shingles
    that are in the kept one (all 1.0 for an exact match).
    """

    id: str
    duplicate_of: str
    match: str  # "exact" | "near" | "containment"
    similarity: float
    estimated_similarity: float
    containment: float
    # Set when the kept article is from an earlier run (the fingerprint store): the run date it was kept on.
    duplicate_of_run_date: str | None = None
