"""A value kept pickled while it only passes through.

Some values go from the local worker process that makes them to the one that uses them, and the runner's thread in
between only passes them on: a normalized text goes from the normalizing worker to a spill file, and from there to
the cleaning worker (an article's line keys take the same way packed, :mod:`pipeline.text.packed_lines`).
Unpickled there, the runner's one thread would unpickle a normalized text and pickle it again twice (~30 us an
article, measured on the distinct-text benchmark's articles, in the stages where both cores are busy); as
:class:`Pickled` bytes, it copies them.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Pickled(Generic[T]):
    """A value as its pickled bytes, with ``size``: what the value measures for chunking (e.g. characters), known
    without unpickling it. Equal bytes are equal values; equal values usually pickle to equal bytes, but not always
    (pickle records which objects are shared), so a cache keyed on them may miss, never give a wrong value.

    >>> packed = Pickled.of(("One.", "Two."), size=8)
    >>> packed.load(), packed.size, packed == Pickled.of(("One.", "Two."), size=8)
    (('One.', 'Two.'), 8, True)
    """

    data: bytes
    size: int = 0

    @classmethod
    def of(cls, value: T, size: int = 0) -> Pickled[T]:
        return cls(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), size)

    def load(self) -> T:
        value: T = pickle.loads(self.data)
        return value

    def __reduce__(self) -> tuple[type[Pickled[T]], tuple[Any, ...]]:
        # As the class and its field values (the default form pickles a field dict): it crosses between processes.
        return Pickled, (self.data, self.size)


def unpickled(value: T | Pickled[T]) -> T:
    """``value``, unpickled if it is :class:`Pickled`.

    >>> unpickled(Pickled.of([1, 2])), unpickled([1, 2])
    ([1, 2], [1, 2])
    """
    return value.load() if isinstance(value, Pickled) else value
