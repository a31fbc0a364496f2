"""Turning the bytes of a scraped file into text, with a documented policy for bad encodings.

Policy (``input.decode_errors``):

* Always: a UTF-8 byte-order mark is dropped; a UTF-16 byte-order mark, or the zero bytes of UTF-16 text without
  one, select UTF-16; NUL bytes in anything else mean a binary file (rejected ``binary``).
* ``auto`` (default): valid UTF-8 is decoded as is. A file with no valid multi-byte UTF-8 sequence at all is a legacy
  8-bit file (Latin-1 / Windows-1252, the usual case for old CMSs) and is decoded as cp1252. A file that mixes valid
  UTF-8 with a few bad bytes (a truncated character, a pasted fragment) has the bad bytes replaced by U+FFFD, each
  counted; above ``input.max_replaced_share`` of its bytes it is rejected instead, because it is not UTF-8 at all.
* ``replace``: like ``auto`` without the cp1252 guess. ``strict``: any invalid byte rejects the file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
NUL = b"\x00"
# A valid UTF-8 multi-byte sequence (lead byte + continuation bytes): its presence means the file is UTF-8 with damage.
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# UTF-16 text of a Latin-script language has a zero byte in ~every other position; binary formats do not show this
# regular pattern. 0.4 leaves room for non-Latin characters while excluding e.g. images with zero padding.
UTF16_ZERO_SHARE = 0.4
DECODE_POLICIES = ("auto", "replace", "strict")


class DecodeFailure(Exception):
    """Bytes that cannot become text; ``reason`` is the reject reason, ``detail`` says what to do."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding actually used and the number of bytes replaced by U+FFFD."""

    text: str
    encoding: str
    replaced: int = 0


def decode_bytes(data: bytes, policy: str = "auto", max_replaced_share: float = 0.01) -> Decoded:
    """Decode scraped bytes by the policy above, or raise :class:`DecodeFailure`.

    >>> decode_bytes("café".encode("utf-8"))
    Decoded(text='café', encoding='utf-8', replaced=0)
    >>> decode_bytes(codecs.BOM_UTF8 + b"hi").text, decode_bytes("hi".encode("utf-16")).text
    ('hi', 'hi')
    >>> decode_bytes("hi there".encode("utf-16-le"))
    Decoded(text='hi there', encoding='utf-16-le', replaced=0)
    >>> decode_bytes(b"caf\\xe9 au lait \\x96 \\xa35")
    Decoded(text='café au lait – £5', encoding='cp1252', replaced=0)
    >>> damaged = decode_bytes("café ".encode() * 30 + b"\\xff")
    >>> damaged.text.endswith("café \\ufffd"), damaged.encoding, damaged.replaced
    (True, 'utf-8', 1)
    >>> decode_bytes(b"caf\\xe9", policy="strict")
    Traceback (most recent call last):
    ...
    pipeline.io.decode.DecodeFailure: invalid_utf8: byte 0xe9 at offset 3 is not UTF-8; ...
    """
    if data.startswith(UTF16_BOMS):
        return _decode_utf16(data, "utf-16")
    if NUL in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise DecodeFailure("binary", "file contains NUL bytes, so it is not text; remove it from the input")
        return _decode_utf16(data, utf16)
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    if policy == "strict":
        raise _invalid_utf8(data, first_bad, "or set input.decode_errors: auto")
    if policy == "auto" and not UTF8_MULTIBYTE.search(data):
        # cp1252 leaves 5 bytes undefined; those can only be Latin-1 C1 controls, which the cleaner removes anyway.
        return Decoded(data.decode("cp1252", errors="replace").replace("\ufffd", ""), "cp1252")
    text = data.decode("utf-8-sig", errors="replace")
    replaced = text.count("\ufffd") - data.decode("utf-8-sig", errors="ignore").count("\ufffd")
    if replaced > max_replaced_share * len(data):
        raise _invalid_utf8(data, first_bad, f"({replaced} bad bytes, over input.max_replaced_share)")
    return Decoded(text, "utf-8", replaced)


def decode_text(data: bytes) -> str:
    """Strict UTF-8 (or UTF-16 with a BOM) for places that must not guess, such as a JSON line."""
    return decode_bytes(data, policy="strict").text


def _invalid_utf8(data: bytes, offset: int, hint: str) -> DecodeFailure:
    return DecodeFailure(
        "invalid_utf8",
        f"byte 0x{data[offset:offset + 1].hex()} at offset {offset} is not UTF-8; re-encode the file as UTF-8 "
        f"(iconv -f latin1 -t utf-8) {hint}",
    )


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    half = max(1, len(sample) // 2)
    even_zeros = sample[0::2].count(0) / half
    odd_zeros = sample[1::2].count(0) / half
    if odd_zeros >= UTF16_ZERO_SHARE and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros >= UTF16_ZERO_SHARE and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, encoding: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as error:
        raise DecodeFailure(
            "invalid_utf16", f"UTF-16 file is damaged at byte {error.start}; re-export it as UTF-8"
        ) from None
