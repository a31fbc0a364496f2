"""Which copy of a duplicate group is kept: a rule on the article itself.

The kept article must not depend on input order, bundle order or runner, so it is chosen by a rank computed
from the article alone; the smallest rank in a group wins:

1. the earliest ``published`` time (the original usually predates its republications); times are compared as
   instants in UTC, a time without a zone is taken as UTC, a date alone as its midnight; a ``published`` value
   that is not ISO 8601 sorts after every parseable one (by its raw text), and a missing one after those;
2. then the most complete text: most non-whitespace characters (so re-wrapping or spacing does not count, but
   a truncated copy loses to the full one);
3. then the smallest ``id``, which makes every rank distinct.

Ranks are plain tuples of ``int`` and ``str``: picklable, comparable, and equal on every worker.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.core.record import Article

# First element of a rank: which kind of `published` value the article has. Smaller kinds win.
PUBLISHED_PARSED = 0
PUBLISHED_UNPARSEABLE = 1
PUBLISHED_MISSING = 2
# Sortable UTC form of a parsed `published` (fixed width, so string order is time order).
UTC_SORT_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"

Rank = tuple[int, str, int, str]


def keep_rank(article: Article) -> Rank:
    """The rank of ``article`` in its duplicate group; the smallest rank is kept.

    >>> def rank(published, text="x", id="a"):
    ...     return keep_rank(Article(id=id, text=text, published=published))
    >>> rank("2024-03-01T10:00:00+01:00")
    (0, '2024-03-01T09:00:00.000000', -1, 'a')
    >>> rank("2024-03-01T09:30:00Z") > rank("2024-03-01T10:00:00+01:00")   # 09:30 UTC is later than 09:00 UTC
    True
    >>> rank("2024-03-01") < rank("yesterday") < rank(None)
    True
    >>> rank(None, text="short body") > rank(None, text="a longer body")
    True
    >>> rank(None, text="a  b\\n c", id="b") > rank(None, text="a b c", id="a")   # whitespace does not count
    True
    """
    return ranked_with(article, completeness(article.text))


def completeness(text: str) -> int:
    """How complete a text is for :func:`keep_rank`: its non-whitespace characters.

    >>> completeness("a  b\\n c")
    3
    """
    return len("".join(text.split()))


def normalized_completeness(normalized: bytes) -> int:
    """:func:`completeness` of a text from its whitespace-normalized UTF-8
    (:func:`pipeline.dedup.minhash.normalized_utf8`, which hashing its content makes anyway): its characters less
    the single spaces between its words, without splitting the text into words again (~20 us a 3 KB article).

    >>> from pipeline.dedup.minhash import normalized_utf8
    >>> [normalized_completeness(normalized_utf8(text)) for text in ["a  b\\n c", " Café\\u00a0au lait ", ""]]
    [3, 10, 0]
    """
    characters = len(normalized) if normalized.isascii() else len(normalized.decode("utf-8"))
    return characters - normalized.count(b" ")


def ranked_with(article: Article, text_completeness: int) -> Rank:
    """:func:`keep_rank` of ``article`` whose text's :func:`completeness` is known (it is computed where the text is
    fingerprinted, and an exact copy's is the same)."""
    published = article.published
    if published is None or not published.strip():
        kind, published_key = PUBLISHED_MISSING, ""
    else:
        parsed = parse_published(published)
        if parsed is None:
            kind, published_key = PUBLISHED_UNPARSEABLE, published.strip()
        else:
            kind, published_key = PUBLISHED_PARSED, parsed
    return (kind, published_key, -text_completeness, article.id)


def parse_published(published: str) -> str | None:
    """``published`` as a sortable UTC timestamp string, or ``None`` if it is not ISO 8601.

    >>> parse_published("2024-03-01T10:00:00+01:00")
    '2024-03-01T09:00:00.000000'
    >>> parse_published("2024-03-01")
    '2024-03-01T00:00:00.000000'
    >>> parse_published("1 March 2024") is None
    True
    """
    try:
        moment = datetime.fromisoformat(published.strip())
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime(UTC_SORT_FORMAT)
