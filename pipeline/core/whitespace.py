"""The whitespace characters beyond ASCII, and a text's non-ASCII characters, for the text and dedup code that
tests for them.

``str.isspace()`` and ``str.split()`` take these 19 as whitespace (Unicode 14; the tests of their users check every
code point). Each is rare in news text, and a substring test per character finds them faster than a regular
expression scans a text. A Latin-script text's non-ASCII characters (:func:`non_ascii_chars`) are a few dozen: a
test on them alone is cheaper than a pass over the whole text.
"""

from __future__ import annotations

NON_ASCII_WHITESPACE = "\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
# The ASCII bytes, for bytes.translate to delete.
ASCII_BYTES = bytes(range(0x80))


def non_ascii_chars(utf8: bytes) -> str:
    """The non-ASCII characters of a UTF-8 text, in order: deleting its ASCII bytes leaves whole characters, without
    a Python loop.

    >>> non_ascii_chars("“Café” at 5\\u00a0pm".encode("utf-8"))
    '“é”\\xa0'
    """
    return utf8.translate(None, ASCII_BYTES).decode("utf-8")
