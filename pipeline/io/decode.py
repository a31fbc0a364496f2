"""Turning the bytes of a scraped file into text, with a documented policy for bad encodings.

Policy: UTF-8 is expected. A UTF-8 byte-order mark is dropped; a UTF-16 byte-order mark selects UTF-16. Anything
else that is not valid UTF-8 is rejected with the byte offset of the first bad byte, never guessed at: a wrong guess
would silently change the text, and a reject tells the user exactly which file to re-encode.
"""

from __future__ import annotations

import codecs

# A NUL byte never occurs in text files (outside UTF-16, handled by its BOM): its presence means an image, a PDF or an
# archive was scraped by mistake.
BINARY_MARKER = b"\x00"
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class DecodeFailure(Exception):
    """Bytes that cannot become text; ``reason`` is the reject reason, ``detail`` says what to do."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def decode_text(data: bytes) -> str:
    """Decode scraped bytes as UTF-8 (or UTF-16 with a BOM) or raise :class:`DecodeFailure`.

    >>> decode_text("caf\\u00e9".encode("utf-8"))
    'café'
    >>> decode_text(codecs.BOM_UTF8 + b"hi")
    'hi'
    >>> decode_text("hi".encode("utf-16"))
    'hi'
    >>> decode_text(b"caf\\xe9 au lait")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pipeline.io.decode.DecodeFailure: invalid_utf8: byte 0xe9 at offset 3 is not UTF-8; ...
    """
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise DecodeFailure("invalid_utf16", f"UTF-16 file is damaged at byte {error.start}") from None
    if BINARY_MARKER in data:
        raise DecodeFailure("binary", "file contains NUL bytes, so it is not text; remove it from the input")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise DecodeFailure(
            "invalid_utf8",
            f"byte 0x{bad} at offset {error.start} is not UTF-8; re-encode the file as UTF-8 "
            "(iconv -f latin1 -t utf-8)",
        ) from None
