"""The whitespace characters beyond ASCII, for the text and dedup code that tests for them one by one.

``str.isspace()`` and ``str.split()`` take these 19 as whitespace (Unicode 14; the tests of their users check every
code point). Each is rare in news text, and a substring test per character finds them faster than a regular
expression scans a text.
"""

from __future__ import annotations

NON_ASCII_WHITESPACE = "\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
