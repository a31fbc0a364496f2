"""Which articles the run report samples, and what a sample records (pure functions, no Beam).

An article is sampled when a stable hash of its id (xxhash with a fixed seed, never the per-process salted builtin
``hash()``) falls below ``rate``: the same ids are sampled on every runner, worker and rerun, and a duplicate
cluster is sampled as a whole by hashing its kept article's id. The launcher derives ``rate`` from the total input
size so that a run yields a few hundred samples whatever its size, and every article of a tiny run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import xxhash

from pipeline.core.record import Article
from pipeline.text.clean import CleanedText

# The seed of the sampling hash: changing it draws a different (equally uniform) sample.
SAMPLE_SEED = 8
HASH_RANGE = 2**64
# Samples aimed at per run. News articles average ~3 KB of input (the bbc_republished benchmark: 2.6 KB per line),
# so the rate is TARGET_SAMPLES * ASSUMED_BYTES_PER_ARTICLE / input bytes. Corpora of much longer or shorter
# documents land between ~1/3x and ~3x the target; the report shows at most MAX_SHOWN of them anyway.
TARGET_SAMPLES = 200
ASSUMED_BYTES_PER_ARTICLE = 3_000
# The tagged output that carries samples out of the Beam steps.
SAMPLES = "samples"
# Sample kinds (the "kind" field of a sample record).
CLEANING = "cleaning"
CLUSTER_MEMBER = "cluster_member"
MATCH = "match"
REJECT = "reject"
# Reject examples kept per reason (the smallest id hashes win, so they are deterministic too).
REJECT_EXAMPLES_PER_REASON = 3
# Characters of an original text kept in a sample; longer texts are cut (and marked as cut) to bound the report.
MAX_SAMPLE_CHARS = 20_000


def id_hash(record_id: str) -> int:
    """The stable 64-bit sampling hash of an id.

    >>> id_hash("seed-article") == id_hash("seed-article"), 0 <= id_hash("x") < HASH_RANGE
    (True, True)
    """
    return xxhash.xxh64_intdigest(record_id.encode("utf-8"), seed=SAMPLE_SEED)


def is_sampled(record_id: str, rate: float) -> bool:
    """Whether ``record_id`` is in the sample at ``rate`` (0 = none, 1 = all).

    >>> is_sampled("a", 1.0), is_sampled("a", 0.0)
    (True, False)
    >>> sum(is_sampled(f"doc{i}", 0.1) for i in range(10_000))  # about 1,000
    987
    """
    if rate >= 1.0:
        return True
    return id_hash(record_id) < rate * HASH_RANGE


def sample_rate(input_bytes: int, target: int = TARGET_SAMPLES) -> float:
    """The sampling rate for a run over ``input_bytes`` bytes of input: about ``target`` articles, all of a small run.

    >>> sample_rate(12_000), sample_rate(10_000_000), sample_rate(3_000_000_000)
    (1.0, 0.06, 0.0002)
    """
    if input_bytes <= 0:
        return 1.0
    return min(1.0, round(target * ASSUMED_BYTES_PER_ARTICLE / input_bytes, 8))


def cut(text: str, limit: int = MAX_SAMPLE_CHARS) -> str:
    """``text`` cut to ``limit`` characters, with a marker when it was longer.

    >>> cut("abcdef", 3)
    'abc […3 more characters]'
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]} […{len(text) - limit} more characters]"


def site_of(article: Article) -> str:
    """The site an article came from: its ``source`` field, else its URL's host, else ``(unknown)``.

    >>> site_of(Article(id="a", text="x", url="https://www.example.com/news/1"))
    'example.com'
    >>> site_of(Article(id="a", text="x", source="Daily Pulse")), site_of(Article(id="a", text="x"))
    ('Daily Pulse', '(unknown)')
    """
    if article.source:
        return article.source
    if article.url and "://" in article.url:
        host = article.url.split("://", 1)[1].split("/", 1)[0].split("@")[-1].split(":")[0].lower()
        return host.removeprefix("www.") or "(unknown)"
    return "(unknown)"


TITLE_MARK = "(title)"
# Readable names of the fixes the cleaner counts per article (normalize:<fix>, paragraphs:rejoined-wrapped).
FIX_NAMES = {
    "newlines": "line breaks normalized (CRLF, CR, Unicode separators -> LF)",
    "markup": "HTML tags left by the scraper taken out",
    "markdown": "Markdown marks (headings, links, bold) turned into plain text",
    "control-chars": "control characters and terminal escape codes removed",
    "zero-width": "zero-width and invisible characters removed",
    "nbsp": "no-break spaces replaced by spaces",
    "whitespace": "runs of spaces and blank lines collapsed",
    "ftfy": "mojibake, HTML entities or curly quotes repaired (ftfy)",
    "unicode-form": "Unicode normal form applied",
    "rejoined-wrapped": "hard-wrapped lines rejoined into paragraphs",
}


def fixes_from_counts(counts: Mapping[str, int]) -> list[str]:
    """The fixes an article's cleaning counted, by name, in a stable order.

    >>> fixes_from_counts({"normalize:nbsp": 1, "paragraphs:rejoined-wrapped": 1, "line-removed:ad_marker": 2})
    ['nbsp', 'rejoined-wrapped']
    """
    names = [name.split(":", 1)[1] for name in counts if name.startswith("normalize:")]
    if counts.get("paragraphs:rejoined-wrapped"):
        names.append("rejoined-wrapped")
    return sorted(names)


def fix_name(fix: str) -> str:
    """The readable name of a fix.

    >>> fix_name("nbsp"), fix_name("something-new")
    ('no-break spaces replaced by spaces', 'something-new')
    """
    return FIX_NAMES.get(fix, fix)


def mark_lines(
    original: str, removed: list[tuple[str, str]], title: str | None, normalize: Callable[[str], str]
) -> tuple[list[tuple[str, str | None]], list[tuple[str, str]]]:
    r"""Each non-blank line of ``original`` with the rule that removed it (or TITLE_MARK for the line that became
    the title, or None when kept), and the removed lines that match no single original line (parts of rejoined
    hard-wrapped paragraphs, or of lines the markup and Markdown steps changed). Lines are compared after
    ``normalize``, as the rules saw them; a run of blank lines becomes one ``("", None)``.

    >>> lines, unmatched = mark_lines("Big news\n\nBig news\n\nBody.\nADVERT", [("Big news", "headline_repeat"),
    ...     ("ADVERT", "ad_marker"), ("Share this", "share_prompt")], "Big news", str.strip)
    >>> lines  # doctest: +NORMALIZE_WHITESPACE
    [('Big news', '(title)'), ('', None), ('Big news', 'headline_repeat'), ('', None), ('Body.', None),
     ('ADVERT', 'ad_marker')]
    >>> unmatched
    [('Share this', 'share_prompt')]
    """
    pending = list(removed)
    title_seen = title is None
    marked: list[tuple[str, str | None]] = []
    for line in original.split("\n"):
        if not line.strip():
            if marked and marked[-1][0]:
                marked.append(("", None))
            continue
        normalized = " ".join(normalize(line).split())
        rule = None
        if not title_seen and title is not None and normalized.startswith(title):  # a site suffix may follow
            rule, title_seen = TITLE_MARK, True
        else:
            for index, (removed_line, removed_rule) in enumerate(pending):
                if removed_line == normalized:
                    rule = removed_rule
                    del pending[index]
                    break
        marked.append((line, rule))
    return marked, pending


def cleaning_sample(
    article: Article,
    cleaned: CleanedText,
    fixes: list[str],
    outcome: str,
    normalize: Callable[[str], str],
) -> dict[str, Any]:
    """What the report shows of one sampled article: its input lines marked with the rule that removed each, and
    its cleaned title and text. ``outcome`` is ``cleaned`` or the reason it was rejected after cleaning."""
    removed = [(line.line, line.rule) for line in cleaned.removed]
    # A headline taken from the body is marked where it was; one from the title field has no line of its own.
    detected = cleaned.title if article.title is None else None
    lines, unmatched = mark_lines(cut(article.text), removed, detected, normalize)
    return {
        "kind": CLEANING,
        "id": article.id,
        "hash": id_hash(article.id),
        "site": site_of(article),
        "outcome": outcome,
        "original_chars": len(article.text),
        "input_title": article.title,
        "lines": [[line, rule] for line, rule in lines],
        "unmatched": [[line, rule] for line, rule in unmatched],
        "removed_rules": [rule for _, rule in removed],
        "title": cleaned.title,
        "text": cut(cleaned.text),
        "cleaned_chars": len(cleaned.text),
        "fixes": fixes,
    }


def cluster_member_sample(article: Article, root_id: str) -> dict[str, Any]:
    """The cleaned text of one member of a sampled duplicate cluster (sampled by its kept article's id)."""
    return {
        "kind": CLUSTER_MEMBER,
        "id": article.id,
        "root": root_id,
        "hash": id_hash(root_id),
        "site": site_of(article),
        "title": article.title,
        "text": cut(article.text),
    }


def match_sample(duplicate: dict[str, Any]) -> dict[str, Any]:
    """The duplicates record (as written to duplicates-*.jsonl) of a member of a sampled cluster.

    >>> sample = match_sample({"id": "b", "duplicate_of": "a", "match": "near", "similarity": 0.9})
    >>> sample["kind"], sample["root"], sample["record"]["similarity"]
    ('match', 'a', 0.9)
    """
    root = duplicate["duplicate_of"]
    return {"kind": MATCH, "id": duplicate["id"], "root": root, "hash": id_hash(root), "record": duplicate}


def reject_sample(record_id: str, reason: str, detail: str) -> dict[str, Any]:
    """An example reject for the report.

    >>> reject_sample("a.jsonl:9", "invalid_json", "not valid JSON")["reason"]
    'invalid_json'
    """
    return {"kind": REJECT, "id": record_id, "hash": id_hash(record_id), "reason": reason, "detail": detail}


def sample_sort_key(sample: Mapping[str, Any]) -> tuple[str, int, str]:
    """Samples are stored and shown in this order: by kind, then hash (a uniform, seeded order), then id."""
    return sample["kind"], sample["hash"], sample["id"]
