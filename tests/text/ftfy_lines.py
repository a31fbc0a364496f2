"""Lines for checking code that stands in for ftfy against ftfy itself: generated from the pieces that matter to ftfy,
and the real lines of the seeds and golden cases that ftfy could change."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import strategies as st

from pipeline.text.config import NormalizeConfig
from pipeline.text.normalize import MOJIBAKE_FREE_CURRENCY, MOJIBAKE_FREE_PUNCTUATION, ftfy_cannot_change

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Lines built from what matters to ftfy: ASCII, "&" and entities, the mojibake-free characters (SAFE_PIECES), and
# characters and sequences its detector does match: accented letters, C1 controls, mojibake, Greek and Cyrillic
# letters, box drawing, numeric signs... Half of the lines are made of safe pieces only, where the detector is skipped
# unless an entity unescapes to something unsafe ("&Atilde;&copy;" is "Ã©").
# fmt: off
SAFE_PIECES = [
    *"aZ09 .,;'\"-&#|", *MOJIBAKE_FREE_PUNCTUATION, *MOJIBAKE_FREE_CURRENCY, "&amp;", "&amp;amp;", "&#8217;",
    "&#x201C;", "&pound;", "&nbsp;", "&lt;", "&Atilde;&copy;", "&eacute;", "&#27;",
]
UNSAFE_PIECES = [
    "\x1b[31m", "é", "Â", "Ã", "â", "Œ", "œ", "×", "²", "°", "µ", "±", "Ø", "В", "Г", "Ρ", "│", "\x9d", "\x80",
    "\u0301", "Ａ", "ﬁ", "â€™", "â€œ", "Ã©", "Â£", "Ã‚Â", "√", "≈", "‚Ä", "вЂ", "\ufffd", "¦", "ƒ",
]
# fmt: on
FTFY_PIECES = SAFE_PIECES + UNSAFE_PIECES
ftfy_lines = st.one_of(
    st.lists(st.sampled_from(SAFE_PIECES), max_size=30).map("".join),
    st.lists(st.sampled_from(FTFY_PIECES), max_size=30).map("".join),
)
CONFIGS = [
    NormalizeConfig(),
    NormalizeConfig(normalization="NFKC"),
    NormalizeConfig(uncurl_quotes=False),
    NormalizeConfig(unescape_html=False),
    NormalizeConfig(fix_encoding=False),
]


def _real_lines() -> list[str]:
    """Lines of the seeds and golden cases that ftfy could change."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((PROJECT_ROOT / "seeds").rglob("*.txt"))]
    texts += (PROJECT_ROOT / "seeds" / "feed.jsonl").read_text(encoding="utf-8").splitlines()  # JSON-escaped too
    golden = json.loads((Path(__file__).parent / "cases" / "golden.json").read_text(encoding="utf-8"))
    texts += [case["text"] for case in golden]
    return sorted({line for text in texts for line in text.split("\n") if not ftfy_cannot_change(line)})


REAL_LINES = _real_lines()
