"""A read-through wrapper that hashes a file's bytes as they are read, so the manifest costs no second pass."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import IO


class HashingReader:
    """Wraps a binary stream; ``sha256`` and ``size`` cover every byte read through it.

    >>> import io
    >>> reader = HashingReader(io.BytesIO(b"one\\ntwo\\n"))
    >>> list(reader), reader.size, reader.hexdigest()[:12]
    ([b'one\\n', b'two\\n'], 8, 'c3f9c8c283a2')
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._hash = hashlib.sha256()
        self.size = 0

    def _seen(self, data: bytes) -> bytes:
        self._hash.update(data)
        self.size += len(data)
        return data

    def read(self, size: int = -1) -> bytes:
        return self._seen(self._raw.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._seen(self._raw.readline(size))

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.readline, b"")

    def drain(self) -> None:
        """Read to the end, so the digest covers the whole file even when the reader stopped early."""
        while self.read(1 << 20):
            pass

    def hexdigest(self) -> str:
        return self._hash.hexdigest()
