"""Story sketches: which of the articles that share a line are copies of one story, for learned boilerplate.

Learned boilerplate counts, per site, in how many articles a line recurs. Copies of one story (a wire story
republished as briefs under other headlines, truncated, with a paragraph dropped or other chrome around it) repeat
their body lines just as often as a footer repeats, and must not teach them as boilerplate. So a line counts once per
**story** among the articles that carry it: two articles are one story when most of the smaller one's text is in the
larger one, the measure dedup's containment match uses, here estimated from a small MinHash sketch.

The sketch is taken over the article's sentences (a sentence edited in one copy changes one token, not a whole
paragraph), each weighted by its length (a 300-character sentence weighs as much as five 60-character ones), so it
measures how much of the *text* two articles share, not how many lines: a footer of two short lines on two different
stories is a small share of either, a three-paragraph brief under two headlines is nearly all of both.

Everything here is pure and deterministic: the hash constants come from xxhash of fixed strings, and
:func:`count_stories` depends only on the set of members it is given, never on their order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import xxhash

# MinHash values per sketch: 64 estimate a Jaccard of 0.3 within +-0.06 (one standard deviation), so the
# containment estimate of a brief a third the length of its story is above 0.7 about 85% of the time, and copies that
# keep three quarters of a story or more are recognised practically always. 128 values cost twice as much (~40 us
# per article) for briefs alone.
SKETCH_SIZE = 64
# Two articles are one story when at least this share of the smaller one's weighted sentences is in the larger one.
# Different stories of one site share only its chrome: a site whose chrome is 50% of an article's text gives 0.5,
# copies of a story with a new headline, other chrome and a dropped paragraph give 0.8 and more.
SAME_STORY_CONTAINMENT = 0.7
# A sentence weighs 1 + (its characters // this): about one unit per line of print.
CHARS_PER_WEIGHT = 64
# Seed of the sentence hashes and of the hash constants: part of the sketch's definition (sketches of one run are
# only ever compared with each other, but a changed seed would change which articles are sampled, see sampled).
STORY_SEED = 11
# Sentences are split at ". ", "! " and "? " (normalized text has single spaces). Scripts that end sentences
# without a space (Chinese, Japanese) keep whole paragraphs as tokens, still weighted by length. "! " and "? " are
# replaced by ". " only in the text that has a "!" or "?" (one byte is found with memchr; CPython's search for
# these two-byte needles is slow, ~4 us in a 2.5 kB article, a space being everywhere), and the split is a
# literal regular expression's, 3x faster than bytes.split here: a character class or a look-behind cost 5-10x more.
SENTENCE_ENDS = (b"! ", b"? ")
SENTENCE_BREAK = b". "
_SENTENCE_BREAK_RE = re.compile(re.escape(SENTENCE_BREAK))
# A line found in more articles than this is judged on a deterministic sample of about this many of them: enough to
# tell a story's copies (which then fill the sample) from a footer on different stories, and it bounds the work per
# line (up to STORY_SAMPLE**2 / 2 sketch comparisons, about 3 ms) and its memory whatever the size of the site.
STORY_SAMPLE = 200
# Members count_stories compares with all members at once: a block's temporary is this x members x SKETCH_SIZE bytes
# (1.6 MB for a line's ~200 sampled members).
SAME_STORY_BLOCK = 128
# Golden-ratio increment: the j-th weight unit of a sentence is its hash plus j times this (distinct tokens).
_WEIGHT_STEP = 0x9E3779B97F4A7C15
_MASK64 = (1 << 64) - 1
# Multiply-shift hashing: h_i(x) = (a_i * x + b_i) mod 2**64, top 32 bits; a_i odd.
_A = np.array([xxhash.xxh64_intdigest(b"a%d" % i, STORY_SEED) | 1 for i in range(SKETCH_SIZE)], dtype=np.uint64)
_B = np.array([xxhash.xxh64_intdigest(b"b%d" % i, STORY_SEED) for i in range(SKETCH_SIZE)], dtype=np.uint64)
_SHIFT = np.uint64(32)
# The same constants as rows, for :func:`sketch`'s tokens x SKETCH_SIZE products.
_A_ROW = _A[None, :].copy()
_B_ROW = _B[None, :].copy()


@dataclass(frozen=True)
class StorySketch:
    """An article's sketch: its weighted sentence count and ``SKETCH_SIZE`` MinHash values as uint32 bytes."""

    size: int
    signature: bytes

    def values(self) -> np.ndarray:
        return np.frombuffer(self.signature, dtype=np.uint32)


EMPTY_SKETCH = StorySketch(0, bytes(4 * SKETCH_SIZE))


def sentence_tokens(paragraphs: Iterable[bytes]) -> list[int]:
    """The weighted tokens of normalized paragraphs (UTF-8, as :func:`pipeline.text.learned.normalized_utf8` gives):
    each sentence's hash, and the hash plus ``j * _WEIGHT_STEP`` for each further weight unit.

    >>> len(sentence_tokens([b"one short sentence. another one."])), len(sentence_tokens([b"x" * 130]))
    (2, 3)
    >>> sorted(sentence_tokens([b"a b. c d."])) == sorted(sentence_tokens([b"c d.", b"a b."]))
    True
    >>> pieces = [b"a! b", b".", b"", b"c? d. e..", b". f"]
    >>> sentence_tokens(pieces) == sentence_tokens([b"a", b"b", b"c", b"d", b"e", b"f"])
    True
    """
    # One split of all paragraphs joined by the break: no sentence end can overlap a paragraph's own ends, so the
    # pieces are each paragraph's, in order, without a loop per paragraph.
    text = SENTENCE_BREAK.join(paragraphs)
    for end in SENTENCE_ENDS:
        if end[:1] in text:
            text = text.replace(end, SENTENCE_BREAK)
    tokens: list[int] = []
    hash64 = xxhash.xxh64_intdigest
    # The last sentence keeps its full stop; the ones split off lost theirs.
    for sentence in [piece.rstrip(b".!?") for piece in _SENTENCE_BREAK_RE.split(text)]:
        if not sentence:
            continue
        hashed = hash64(sentence, STORY_SEED)
        tokens.append(hashed)
        units = len(sentence) // CHARS_PER_WEIGHT
        if units:
            tokens += [(hashed + unit * _WEIGHT_STEP) & _MASK64 for unit in range(1, 1 + units)]
    return tokens


def sketch(tokens: list[int]) -> StorySketch:
    """The MinHash sketch of a set of tokens (duplicates count once).

    >>> a = sketch(sentence_tokens([b"the ferry will open next spring. the port agreed."]))
    >>> a == sketch(sentence_tokens([b"the port agreed.", b"the ferry will open next spring."])), a.size
    (True, 2)
    >>> sketch([]) == EMPTY_SKETCH
    True
    >>> a.values().tolist() == [min(((int(a_i) * t + int(b_i)) & _MASK64) >> 32 for t in set(sentence_tokens(
    ...     [b"the ferry will open next spring. the port agreed."]))) for a_i, b_i in zip(_A, _B)]
    True
    """
    if not tokens:
        return EMPTY_SKETCH
    # Repeated tokens do not change a minimum: only the size needs the distinct ones.
    # tokens x SKETCH_SIZE, added to in place, the minimum taken down the columns (numpy reduces contiguous rows
    # faster than along them), and the top 32 bits after the minimum: a shift does not change which value is least.
    with np.errstate(over="ignore"):
        hashed = np.array(tokens, dtype=np.uint64)[:, None] * _A_ROW
        hashed += _B_ROW
    minimum = hashed.min(axis=0)
    minimum >>= _SHIFT
    return StorySketch(len(set(tokens)), minimum.astype(np.uint32).tobytes())


def containment(a: StorySketch, b: StorySketch) -> float:
    """Estimated share of the smaller sketch's tokens that are in the larger one's: from the MinHash estimate J of
    their Jaccard, the intersection is J * (|a| + |b|) / (1 + J).

    >>> body = [f"sentence number {i} of the story.".encode() for i in range(40)]
    >>> story, brief = sketch(sentence_tokens(body)), sketch(sentence_tokens(body[:12] + [b"a headline"]))
    >>> other = sketch(sentence_tokens([f"sentence {i} of another story.".encode() for i in range(12)]))
    >>> round(containment(story, brief), 2), containment(story, other), containment(story, EMPTY_SKETCH)
    (0.77, 0.0, 0.0)
    """
    return float(_containments(a.values()[None, :], np.array([a.size]), b)[0])


def _containments(values: np.ndarray, sizes: np.ndarray, sketch: StorySketch) -> np.ndarray:
    """:func:`containment` of ``sketch`` with each row of ``values`` (sketches' values) of the given sizes."""
    if sketch.size == 0:
        return np.zeros(len(sizes))
    return _containment_of(np.count_nonzero(values == sketch.values(), axis=1), sizes, sketch.size)


def _containment_of(equal: np.ndarray, sizes: np.ndarray, other_sizes: np.ndarray | int) -> np.ndarray:
    """Containment from the number of ``equal`` sketch values of two sketches and their sizes (broadcast): the
    MinHash estimate J = equal / SKETCH_SIZE, the intersection J * (|a| + |b|) / (1 + J), over the smaller size."""
    jaccard = equal / SKETCH_SIZE
    shared = jaccard * (sizes + other_sizes) / (1.0 + jaccard)
    smaller = np.maximum(np.minimum(sizes, other_sizes), 1)
    return np.minimum(1.0, shared / smaller)


def count_stories(members: Iterable[tuple[int, StorySketch]], enough: int | None = None) -> int:
    """How many stories a set of ``(article key, sketch)`` members holds. Members are taken in key order, so the
    count depends only on the set; each is either the same story as an earlier story's first member
    (:data:`SAME_STORY_CONTAINMENT`) or a new story. With ``enough``, counting stops once that many stories are found
    (whether a line is in at least so many stories needs no more).

    >>> body = [f"sentence number {i} of the wire story.".encode() for i in range(30)]
    >>> copies = [(k, sketch(sentence_tokens([f"headline {k}".encode()] + body[: 30 - k]))) for k in range(6)]
    >>> others = [(100 + k, sketch(sentence_tokens([f"story {k} sentence {i}.".encode() for i in range(20)])))
    ...           for k in range(5)]
    >>> count_stories(copies), count_stories(others), count_stories(reversed(copies + others))
    (1, 5, 6)
    >>> count_stories(copies + others, enough=3), count_stories(copies, enough=3)
    (3, 1)
    """
    # By key, then by sketch: two members under one key (a collision of the 64-bit content key) must not count
    # differently in another order.
    ordered = sorted(members, key=lambda item: (item[0], item[1].size, item[1].signature))
    sketches = [member for _, member in ordered]
    # Which earlier members each member is the same story as, a block of members at a time (a few numpy calls per
    # block, where comparing each member with the stories found so far took ~11 calls a member), as bit masks.
    firsts = stories = 0
    for position, (member, same) in enumerate(zip(sketches, _same_story_masks(sketches), strict=True)):
        if member.size == 0 or not same & firsts:
            firsts |= 1 << position
            stories += 1
            if stories == enough:
                break
    return stories


def _same_story_masks(sketches: Sequence[StorySketch]) -> Iterator[int]:
    """For each sketch in order, the members up to its block's end it is the same story as (:func:`containment` at
    least :data:`SAME_STORY_CONTAINMENT`, by the same :func:`_containment_of` as :func:`_containments`), as a bit mask
    (bit ``j`` for ``sketches[j]``). A block of :data:`SAME_STORY_BLOCK` rows is compared only when it is reached,
    and only with the members before its end: the greedy rule looks at earlier members only, and a count that stops
    at ``enough`` computes no further blocks."""
    if not sketches:
        return
    values = np.frombuffer(b"".join(member.signature for member in sketches), dtype=np.uint32)
    values = values.reshape(len(sketches), SKETCH_SIZE)
    sizes = np.array([member.size for member in sketches], dtype=np.float64)
    for start in range(0, len(sketches), SAME_STORY_BLOCK):
        end = min(start + SAME_STORY_BLOCK, len(sketches))
        equal = np.count_nonzero(values[start:end, None, :] == values[None, :end, :], axis=2)
        same = _containment_of(equal, sizes[None, :end], sizes[start:end, None]) >= SAME_STORY_CONTAINMENT
        packed = np.packbits(same, axis=1, bitorder="little")
        yield from (int.from_bytes(row.tobytes(), "little") for row in packed)


def sample_rate(articles: int) -> float:
    """The share of a line's articles whose stories are counted.

    >>> sample_rate(20), sample_rate(800)
    (1.0, 0.25)
    """
    return 1.0 if articles <= STORY_SAMPLE else STORY_SAMPLE / articles


def sampled(article: int, line: int, rate: float) -> bool:
    """Whether an article (its 64-bit content key) is in the sample of a line (its 64-bit key) taken at ``rate``:
    a hash of both below ``rate``, so the sample depends on neither order nor bundling.

    >>> sampled(7, 9, 1.0), sum(sampled(article, 9, 0.25) for article in range(4000))
    (True, 1014)
    """
    if rate >= 1.0:
        return True
    mixed = xxhash.xxh64_intdigest(article.to_bytes(8, "little") + line.to_bytes(8, "little"), STORY_SEED)
    return mixed < rate * 2.0**64


def stories_among(members: Sequence[tuple[int, StorySketch]], articles: int) -> int:
    """How many stories the ``articles`` that carry a line come from, judged from the sampled ``members``
    (``(content key, sketch)``, taken at :func:`sample_rate` of ``articles``): ``articles`` less the members that
    are copies of an earlier member's story, scaled up by the sample rate. Articles not in ``members`` (a line's
    counts loaded from earlier runs) count as they were saved.

    >>> body = [f"sentence number {i} of the wire story.".encode() for i in range(30)]
    >>> copies = [(k, sketch(sentence_tokens([f"headline {k}".encode()] + body[: 30 - k]))) for k in range(6)]
    >>> stories_among(copies, 6), stories_among(copies, 6 + 10)  # 10 more counted by earlier runs
    (1, 11)
    """
    copies = len(members) - count_stories(members)
    return articles - round(copies / sample_rate(articles))
