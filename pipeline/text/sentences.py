"""Where a sentence ends: the marks the paragraph rebuilder and page-text mode both look for at a line's end.

One definition for both, so that a script added to one (CJK, Arabic, Devanagari) is never missing from the other.
"""

from __future__ import annotations

import re

# The full stops of scripts that have their own, from Unicode's Sentence_Terminal property (PropList.txt) for the
# scripts of living languages: CJK 。 and its half- and fullwidth forms, the Devanagari (and Bengali) danda and double
# danda, the Arabic full stop of Urdu, Ethiopic, Myanmar, Armenian and Khmer full stops.
SCRIPT_FULL_STOPS = "。｡．।॥۔።။։។"
# A sentence's last character: Latin . ! ? and the ellipsis, CJK ！？, the Arabic question mark, the script full stops.
SENTENCE_END_MARKS = ".!?…！？؟" + SCRIPT_FULL_STOPS
# Closing quotes and brackets, which may follow the sentence's last mark.
CLOSING_MARKS = "\"'”’»)\\]"


def line_end_re(marks: str) -> re.Pattern[str]:
    """A pattern that finds one of ``marks`` at the end of a line, possibly followed by closing quotes or brackets.

    >>> ends = line_end_re(SENTENCE_END_MARKS)
    >>> bool(ends.search('He left."')), bool(ends.search("他走了。")), bool(ends.search("Read more:"))
    (True, True, False)
    >>> bool(ends.search("حکومت نے منصوبے کا اعلان کیا۔")), bool(ends.search("তিনি বলেন।"))
    (True, True)
    """
    return re.compile(rf"[{marks}][{CLOSING_MARKS}]*$")


SENTENCE_END_RE = line_end_re(SENTENCE_END_MARKS)
# A clause's last character, where a sentence goes on past the line: a list item that ends with a semicolon or a
# comma ("...; and"), Latin, CJK fullwidth and Arabic.
CLAUSE_END_RE = line_end_re(";,；，؛،")
# A colon at a line's end, ASCII or fullwidth: the line announces what follows (a list, a quote, a timetable).
COLONS = (":", "：")


def ends_with_colon(line: str) -> bool:
    """Whether ``line`` ends with a colon (trailing spaces aside): it announces what follows.

    >>> ends_with_colon("The council listed the works: "), ends_with_colon("予定は次の通り："), ends_with_colon("Done.")
    (True, True, False)
    """
    return line.rstrip().endswith(COLONS)
