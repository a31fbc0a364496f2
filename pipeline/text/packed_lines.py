"""An article's line keys, example lines and story sketch (:data:`pipeline.text.learned.LinesAndStory`) as one bytes
value: what learning spills for each article and reads back in several passes (issue 18).

The passes need different parts. Counting lines per site needs only the keys, and only for the articles with no site
their example lines; picking a candidate line's story members needs the keys, and the lines and the sketch of the
articles that carry a candidate. As one pickle, every pass unpickled every article's lines and sketch (~8 us an
article, most of a pass). Here the keys are a little-endian ``uint64`` array that reads as a numpy view, and the lines
and the sketch are unpacked only when a pass asks for them:

``header (lines, story size, signature bytes: 3 x uint32) | story signature | keys (lines x uint64) | pickled lines``

The lines are a pickled tuple of ``str``: pickle reads a tuple of strings faster than Python code can split a
buffer, and any character may occur in a line.
"""

from __future__ import annotations

import pickle
import struct

import numpy as np

from pipeline.text.learned import LinesAndStory
from pipeline.text.line_counts import KEY_DTYPE
from pipeline.text.stories import StorySketch

PackedLines = bytes
_HEADER = struct.Struct("<III")
# The keys' byte order on the wire, whatever the platform's (KEY_DTYPE is the native uint64 the counts use).
_WIRE_KEY_DTYPE = np.dtype(KEY_DTYPE).newbyteorder("<")
_KEY_BYTES = _WIRE_KEY_DTYPE.itemsize


def pack_lines(lines: tuple[tuple[int, str], ...], story: StorySketch) -> PackedLines:
    """An article's ``(key, example line)`` pairs and story sketch as one value.

    >>> from pipeline.text.stories import EMPTY_SKETCH
    >>> packed = pack_lines(((7, "Share"), (9, "Menu")), EMPTY_SKETCH)
    >>> line_keys(packed).tolist(), example_lines(packed), story_of(packed) == EMPTY_SKETCH
    ([7, 9], ('Share', 'Menu'), True)
    >>> unpack_lines(packed) == (((7, "Share"), (9, "Menu")), EMPTY_SKETCH)
    True
    """
    keys = np.array([key for key, _ in lines], dtype=_WIRE_KEY_DTYPE)
    texts = pickle.dumps(tuple(line for _, line in lines), protocol=pickle.HIGHEST_PROTOCOL)
    signature = story.signature
    return b"".join((_HEADER.pack(len(lines), story.size, len(signature)), signature, keys.tobytes(), texts))


def _layout(packed: PackedLines) -> tuple[int, int, int, int]:
    """``(lines, story size, where the signature starts, where the keys start)``."""
    lines, size, signature_bytes = _HEADER.unpack_from(packed)
    return lines, size, _HEADER.size, _HEADER.size + signature_bytes


def key_bytes(packed: PackedLines) -> bytes:
    """The keys as their ``uint64`` bytes: many articles' join into one array (:func:`keys_from_bytes`).

    >>> from pipeline.text.stories import EMPTY_SKETCH
    >>> keys_from_bytes([key_bytes(pack_lines(((7, "a"),), EMPTY_SKETCH)), key_bytes(pack_lines((), EMPTY_SKETCH))])
    array([7], dtype=uint64)
    """
    lines, _, _, keys_at = _layout(packed)
    return packed[keys_at : keys_at + lines * _KEY_BYTES]


def keys_from_bytes(parts: list[bytes]) -> np.ndarray:
    """The keys of several :func:`key_bytes`, in order, as one native ``KEY_DTYPE`` array."""
    return np.frombuffer(b"".join(parts), dtype=_WIRE_KEY_DTYPE).astype(KEY_DTYPE, copy=False)


def line_keys(packed: PackedLines) -> np.ndarray:
    """The article's line keys, sorted as :func:`pipeline.text.learned.article_keys` gave them."""
    return keys_from_bytes([key_bytes(packed)])


def example_lines(packed: PackedLines) -> tuple[str, ...]:
    """The example line of each key, in the keys' order."""
    lines, _, _, keys_at = _layout(packed)
    texts: tuple[str, ...] = pickle.loads(packed[keys_at + lines * _KEY_BYTES :])  # noqa: S301 (this run's own)
    return texts


def story_of(packed: PackedLines) -> StorySketch:
    """The article's story sketch."""
    _, size, signature_at, keys_at = _layout(packed)
    return StorySketch(size, packed[signature_at:keys_at])


def unpack_lines(packed: PackedLines) -> LinesAndStory:
    """The value :func:`pack_lines` packed: ``((key, example line), ...)`` and the story sketch."""
    return tuple(zip(line_keys(packed).tolist(), example_lines(packed), strict=True)), story_of(packed)
