"""Where a sentence ends: the marks the paragraph rebuilder and page-text mode both look for at a line's end.

One definition for both, so that a script added to one (CJK, Arabic, Devanagari) is never missing from the other.
"""

from __future__ import annotations

import re

# A sentence's last character: Latin . ! ? and the ellipsis, CJK 。！？, the Arabic question mark, the danda.
SENTENCE_END_MARKS = ".!?…。！？؟।"
# Closing quotes and brackets, which may follow the sentence's last mark.
CLOSING_MARKS = "\"'”’»)\\]"


def line_end_re(marks: str) -> re.Pattern[str]:
    """A pattern that finds one of ``marks`` at the end of a line, possibly followed by closing quotes or brackets.

    >>> ends = line_end_re(SENTENCE_END_MARKS)
    >>> bool(ends.search('He left."')), bool(ends.search("他走了。")), bool(ends.search("Read more:"))
    (True, True, False)
    """
    return re.compile(rf"[{marks}][{CLOSING_MARKS}]*$")


SENTENCE_END_RE = line_end_re(SENTENCE_END_MARKS)
