"""``newsclean explain ID --output DIR``: what a finished run did to one article.

It reads ``DIR/summary.json`` for the run's inputs and resolved config, finds the record in the inputs (a ``.txt``
file by its path; JSONL files are streamed and reading stops at the first match), cleans it again with the same
config and the lines the run learned as the article's site's boilerplate (``learned-lines-*.jsonl``). Cleaning is
deterministic, so this lists exactly the lines the run removed, the rule that removed each (for learned lines, which
sites taught them, from how many articles and stories), the Unicode fixes and the headline. It reads the one output
shard per kind that can hold the id (the shard follows from a hash of the id) to say whether the article was kept,
which article it duplicates at what similarity, or why it was rejected.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from pipeline.beam.write import shard_of
from pipeline.core.config import Config, InputConfig
from pipeline.core.configtree import build
from pipeline.core.counting import Tally
from pipeline.core.errors import UsageError
from pipeline.core.record import Article, Reject
from pipeline.io.decode import DecodeFailure
from pipeline.io.inputs import SUFFIX_KINDS, is_gzipped, kind_of
from pipeline.io.paths import unshown_path
from pipeline.io.publish import LEARNED_LINES_PREFIX, SHARD_PATTERN, SITE_GROUPS_FILE, SUMMARY_FILE, list_names
from pipeline.io.records import article_from_json_line, article_from_txt, decode
from pipeline.report.samples import fix_name, fixes_from_counts
from pipeline.text.clean import ArticleCleaner, CleanedText
from pipeline.text.learned import (
    GLOBAL_SITE,
    LEARNED_RULE,
    VETOED,
    VETOED_LINES,
    TaughtLine,
    line_key,
    shape_key,
    site_key,
)
from pipeline.text.sitegroups import learned_site

# Removed lines longer than this are shortened in the printout (the full line is in the input).
MAX_LINE_CHARS = 160
# Duplicates of a kept article listed by name; the rest are counted.
MAX_DUPLICATES_LISTED = 10
# The id of a JSONL line that had none: "path:line".
LINE_ID_RE = re.compile(r"^(?P<path>.+):(?P<line>\d+)$")
# A damaged input file (truncated or corrupt gzip, unreadable): the run rejected its records the same way.
READ_ERRORS = (OSError, EOFError, zlib.error)


@dataclass(frozen=True)
class Outcome:
    """What the run's outputs say about the id: ``kept``, ``duplicate``, ``rejected`` or ``missing``."""

    kind: str
    file: str = ""
    record: dict[str, Any] = field(default_factory=dict)
    duplicates_of_it: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Explanation:
    id: str
    origin: str
    outcome: Outcome
    article: Article | None = None  # None when the record never became an article (a read-time reject)
    cleaned: CleanedText | None = None
    counts: dict[str, int] = field(default_factory=dict)
    kept_title: str | None = None  # the headline of the kept copy, for a duplicate
    # For each line removed as learned boilerplate: the sites that learned it, with their counts.
    teachers: dict[str, tuple[TaughtLine, ...]] = field(default_factory=dict)


@contextmanager
def open_input(path: str) -> Iterator[IO[bytes]]:
    """An input file on any Beam filesystem, ``.gz`` decompressed, as the run read it."""
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as raw:
        if is_gzipped(path):
            with gzip.GzipFile(fileobj=raw) as unzipped:
                yield unzipped  # type: ignore[misc]
        else:
            yield raw


def load_run(output: str) -> tuple[dict[str, Any], Config]:
    """The summary of the run in ``output`` and its resolved config."""
    path = posixpath.join(output, SUMMARY_FILE)
    if not FileSystems.exists(path):
        raise UsageError(
            f"{output} has no {SUMMARY_FILE}: pass --output with the directory of a finished newsclean run"
        )
    with FileSystems.open(path) as handle:
        summary: dict[str, Any] = json.loads(handle.read().decode("utf-8"))
    return summary, build(Config, summary["config"])


def txt_id(path: str, article_id: str) -> bool:
    """Whether the ``.txt`` file at ``path`` holds the article ``article_id`` (its path below an input root, without
    the suffix).

    >>> txt_id("seeds/sites/metro-digest.txt", "sites/metro-digest"), txt_id("seeds/x/a.txt.gz", "a")
    (True, True)
    >>> txt_id("seeds/ba.txt", "a")
    False
    """
    lowered = path.lower()
    for suffix, kind in SUFFIX_KINDS:
        if kind == "txt" and lowered.endswith(suffix):
            stem = path[: -len(suffix)]
            return stem == article_id or stem.endswith("/" + article_id)
    return False


def _needles(article_id: str) -> tuple[bytes, ...]:
    """Byte strings one of which a JSONL line holding this id must contain (raw, JSON-escaped, '/' escaped)."""
    escaped = json.dumps(article_id)[1:-1]
    return tuple({article_id.encode("utf-8"), escaped.encode("ascii"), escaped.replace("/", "\\/").encode("ascii")})


def find_record(article_id: str, inputs: list[str], config: InputConfig) -> tuple[Article | Reject, str] | None:
    """The first input record with this id (an Article, or the Reject it became when read) and where it is."""
    line_id = LINE_ID_RE.match(article_id)
    for path in inputs:
        # A name that is not UTF-8 is in the summary as shown (its bytes as \xNN).
        opened = path if FileSystems.exists(path) else unshown_path(path)
        if not FileSystems.exists(opened):
            raise UsageError(
                f"input {path} of that run no longer exists: run explain where the run was started, with its inputs"
            )
        kind = kind_of(path)
        if txt_id(path, article_id):
            try:
                with open_input(opened) as handle:
                    data = handle.read()
            except READ_ERRORS:
                return None  # the run could not read it either: its reject says why
            return article_from_txt(article_id, data, config, origin=path), path
        if kind == "jsonl":
            # A "file:line" id names the file relative to its input root (the run's ids do not depend on where the
            # data lives), so it matches the end of the input path.
            same_file = line_id is not None and (path == line_id["path"] or path.endswith("/" + line_id["path"]))
            wanted_line = int(line_id["line"]) if line_id and same_file else None
            found = _find_in_jsonl(path, opened, article_id, config, wanted_line)
            if found is not None:
                return found
    return None


def _find_in_jsonl(
    path: str, opened: str, article_id: str, config: InputConfig, wanted_line: int | None
) -> tuple[Article | Reject, str] | None:
    """The record with this id in the JSONL input ``path`` (opened by ``opened``) and its origin."""
    needles = _needles(article_id)
    try:
        with open_input(opened) as handle:
            for number, raw in enumerate(handle, start=1):
                if wanted_line is not None and number != wanted_line:
                    continue
                if wanted_line is None and not any(needle in raw for needle in needles):
                    continue
                origin = f"{path}:{number}"
                try:
                    line = decode(raw, config)
                except DecodeFailure as failure:
                    return Reject(origin, failure.reason, failure.detail), origin
                record = article_from_json_line(line, origin, config)
                if wanted_line is not None or record.id == article_id:
                    return record, origin
    except READ_ERRORS:
        pass  # the rest of the file could not be read in the run either: its reject says why
    return None


def _shards(output: str) -> dict[str, list[str]]:
    shards: dict[str, list[str]] = {}
    for name in list_names(output):
        match = SHARD_PATTERN.match(name)
        if match:
            shards.setdefault(match["prefix"], []).append(name)
    return shards


def _lines(path: str) -> Iterator[str]:
    with FileSystems.open(path) as handle:
        for raw in handle:
            yield raw.decode("utf-8")


def _find_in_shard(output: str, names: list[str], article_id: str) -> tuple[str, dict[str, Any]] | None:
    """The record with this id in the one shard of ``names`` that can hold it."""
    if not names:
        return None
    name = sorted(names)[shard_of(article_id, len(names))]
    prefix = '{"id": ' + json.dumps(article_id, ensure_ascii=False) + ","
    for line in _lines(posixpath.join(output, name)):
        if line.startswith(prefix):
            return name, json.loads(line)
    return None


def find_outcome(output: str, article_id: str) -> Outcome:
    """Where the run put this id: kept (with the duplicates that point at it), duplicate, rejected or nowhere."""
    shards = _shards(output)
    for prefix, kind in (("articles", "kept"), ("duplicates", "duplicate"), ("rejects", "rejected")):
        found = _find_in_shard(output, shards.get(prefix, []), article_id)
        if found is None:
            continue
        name, record = found
        if kind != "kept":
            return Outcome(kind, name, record)
        needle = '"duplicate_of": ' + json.dumps(article_id, ensure_ascii=False) + ","
        copies = []
        for duplicates in sorted(shards.get("duplicates", [])):
            copies += [json.loads(line) for line in _lines(posixpath.join(output, duplicates)) if needle in line]
        copies = [c for c in copies if c["id"] != article_id]
        return Outcome(kind, name, record, tuple(sorted(copies, key=lambda c: c["id"])))
    return Outcome("missing")


def explain(article_id: str, output: str) -> Explanation:
    """Everything ``newsclean explain`` prints about one id."""
    summary, config = load_run(output)
    inputs = list(summary.get("run", {}).get("inputs", []))
    outcome = find_outcome(output, article_id)
    found = find_record(article_id, inputs, config.input)
    if found is None:
        if outcome.kind == "rejected":  # e.g. an unreadable file or the unread rest of one
            return Explanation(article_id, "", outcome)
        raise UsageError(
            f"no record with id {article_id!r} in the {len(inputs)} input files of the run in {output}: "
            "check the id (ids are in the articles-, duplicates- and rejects-*.jsonl files there)"
        )
    record, origin = found
    if isinstance(record, Reject):
        return Explanation(article_id, origin, outcome)
    counts = Tally()
    taught = load_taught(output)
    cleaner = ArticleCleaner(config.cleaning)
    cleaned = cleaner.clean_text(record.text, record.title, counts, learned_keys(record, taught, cleaner, output))
    kept_title = None
    if outcome.kind == "duplicate":
        kept = find_outcome(output, outcome.record["duplicate_of"])
        kept_title = kept.record.get("title") if kept.kind == "kept" else None
    teachers = {
        removed.line: taught_for(taught, removed.line) for removed in cleaned.removed if removed.rule == LEARNED_RULE
    }
    return Explanation(article_id, origin, outcome, record, cleaned, dict(counts), kept_title, teachers)


def load_taught(output: str) -> dict[str, dict[str, TaughtLine]]:
    """The run's learned lines (``learned-lines-*.jsonl``) as ``{site: {line key: TaughtLine}}``; empty when the
    run learned nothing or had learning off."""
    taught: dict[str, dict[str, TaughtLine]] = {}
    for name in sorted(_shards(output).get(LEARNED_LINES_PREFIX, [])):
        for line in _lines(posixpath.join(output, name)):
            row = json.loads(line)
            taught.setdefault(row["site"], {})[row["key"]] = TaughtLine(**row)
    return taught


def load_site_groups(output: str) -> dict[int, str]:
    """The site groups the run inferred for articles without a site (``site-groups.json``, ``{line key: group}``);
    empty when it inferred none."""
    path = posixpath.join(output, SITE_GROUPS_FILE)
    if not FileSystems.exists(path):
        return {}
    with FileSystems.open(path) as handle:
        return {int(key): group for key, group in json.loads(handle.read().decode("utf-8")).items()}


def learned_keys(
    article: Article, taught: dict[str, dict[str, TaughtLine]], cleaner: ArticleCleaner, output: str
) -> frozenset[str]:
    """The keys of the lines learned for this article's site, as the run's cleaner had them: its site's, or for an
    article without one, its inferred group's and the unsited group's (the group is found from its normalized
    lines, as the run found it), else the unsited group's."""
    site = site_key(article)
    keys = frozenset(taught.get(site, {}))
    groups = load_site_groups(output) if site == GLOBAL_SITE else {}
    if not groups:
        return keys
    group = learned_site(article, cleaner.normalize(article.text).paragraphs, groups)
    return keys | frozenset(taught.get(group, {})) if group != site else keys


def taught_by(taught: dict[str, dict[str, TaughtLine]], key: str) -> tuple[TaughtLine, ...]:
    """Every site's entry for a line key, most stories first.

    >>> taught = {"a": {"k": TaughtLine("a", "k", "Share", 9, 7)}, "b": {"k": TaughtLine("b", "k", "share", 30, 30)}}
    >>> [line.site for line in taught_by(taught, "k")], taught_by(taught, "other")
    (['b', 'a'], ())
    """
    found = [lines[key] for lines in taught.values() if key in lines]
    return tuple(sorted(found, key=lambda line: (-line.stories, line.site)))


def taught_for(taught: dict[str, dict[str, TaughtLine]], line: str) -> tuple[TaughtLine, ...]:
    """The sites' entries that taught a removed line: under its own key, else under its shape's (a line whose
    headline or name varies, learned as one rule: :func:`pipeline.text.learned.shape_key`).

    >>> taught = {"a": {shape_key("Foto: Anna Berg/NTB"): TaughtLine("a", "k", "Foto: Anna Berg/NTB", 9, 7)}}
    >>> [entry.site for entry in taught_for(taught, "Foto: Ola Nordmann/NTB")], taught_for(taught, "Other text")
    (['a'], ())
    """
    for key in (line_key(line), shape_key(line)):
        if key is not None and (found := taught_by(taught, key)):
            return found
    return ()


def _teachers(lines: tuple[TaughtLine, ...], removed: str = "") -> str:
    """Who taught a learned line, for the printout; a line learned by its shape names the example the run kept.

    >>> _teachers((TaughtLine("metro", "k", "Share", 9, 7),), "Share")
    'learned from 9 articles (7 stories) of metro'
    >>> _teachers((TaughtLine("", "k", "Share", 9, 7), TaughtLine("b", "k", "Share", 5, 5)), "SHARE")
    'learned from 9 articles (7 stories) of the articles without a site; also on b'
    >>> _teachers((TaughtLine("a", "k", "Foto: Anna Berg/NTB", 9, 7),), "Foto: Ola Nordmann/NTB")
    "learned by its shape, as in 'Foto: Anna Berg/NTB', from 9 articles (7 stories) of a"
    """
    if not lines:
        return "learned"
    first = lines[0]
    site = first.site or "the articles without a site"
    shape = "" if line_key(first.line) == line_key(removed) else f" by its shape, as in {_short(first.line)!r},"
    text = f"learned{shape} from {first.articles} articles ({first.stories} stories) of {site}"
    others = [line.site or "(no site)" for line in lines[1:]]
    if others:
        shown = ", ".join(others[:MAX_DUPLICATES_LISTED])
        more = f" and {len(others) - MAX_DUPLICATES_LISTED} more" if len(others) > MAX_DUPLICATES_LISTED else ""
        text += f"; also on {shown}{more}"
    return text


def _short(line: str) -> str:
    return line if len(line) <= MAX_LINE_CHARS else line[: MAX_LINE_CHARS - 1] + "…"


def _match_details(record: dict[str, Any]) -> str:
    """The similarity figures of a duplicates record, whatever fields the deduplicator wrote.

    >>> _match_details({"id": "b", "duplicate_of": "a", "match": "near", "similarity": 0.9, "containment": 0.95})
    'similarity 0.9, containment 0.95'
    """
    skip = {"id", "duplicate_of", "match"}
    return ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in record.items() if key not in skip)


def format_explanation(explanation: Explanation) -> str:
    """The text ``newsclean explain`` prints."""
    outcome = explanation.outcome
    lines = [explanation.id]
    if explanation.origin:
        lines.append(f"  input:      {explanation.origin}")
    if outcome.kind == "kept":
        text = f"kept (in {outcome.file})"
        copies = outcome.duplicates_of_it
        if copies:
            listed = ", ".join(f"{c['id']} ({c['match']}, {_match_details(c)})" for c in copies[:MAX_DUPLICATES_LISTED])
            more = f" and {len(copies) - MAX_DUPLICATES_LISTED} more" if len(copies) > MAX_DUPLICATES_LISTED else ""
            text += f"; dropped as its duplicates: {listed}{more}"
        lines.append(f"  outcome:    {text}")
    elif outcome.kind == "duplicate":
        record = outcome.record
        lines.append(
            f"  outcome:    dropped as a duplicate ({record['match']}) of {record['duplicate_of']}: "
            f"{_match_details(record)} (in {outcome.file})"
        )
        if explanation.kept_title:
            lines.append(f"  kept copy:  {explanation.kept_title}")
    elif outcome.kind == "rejected":
        record = outcome.record
        lines.append(f"  outcome:    rejected, {record['reason']}: {record['detail']} (in {outcome.file})")
    else:
        lines.append("  outcome:    not in this run's outputs (the input changed since the run?)")
    article, cleaned = explanation.article, explanation.cleaned
    if article is None or cleaned is None:
        return "\n".join(lines)
    counts = explanation.counts
    if cleaned.title is None:
        source = "none found"
    elif counts.get("headline:from-field"):
        source = "from the title field"
    else:
        source = "detected: the first paragraph"
    lines.append(f"  headline:   {cleaned.title or '-'}  ({source})")
    before, after = len(article.text), len(cleaned.text)
    change = (after - before) / before * 100 if before else 0.0
    lines.append(f"  characters: {before:,} -> {after:,} ({change:+.1f}%)")
    if outcome.kind == "kept" and outcome.record.get("text") not in (None, cleaned.text):
        lines.append(
            "  note:       cleaning it again gives another text than the run wrote: the input or newsclean changed"
        )
    fixes = fixes_from_counts(counts)
    lines.append(f"  Unicode fixes ({len(fixes)}):" if fixes else "  Unicode fixes: none")
    lines += [f"    {fix_name(fix)}  [{fix}]" for fix in fixes]
    lines.append(f"  removed lines ({len(cleaned.removed)}):" if cleaned.removed else "  removed lines: none")
    width = max((len(removed.rule) for removed in cleaned.removed), default=0)
    for removed in cleaned.removed:
        lines.append(f"    {removed.rule:<{width}}  {_short(removed.line)}")
        if removed.rule == LEARNED_RULE:
            lines.append(
                f"    {'':<{width}}    ({_teachers(explanation.teachers.get(removed.line, ()), removed.line)})"
            )
    if counts.get(VETOED):
        lines.append(
            f"  kept:       {counts.get(VETOED_LINES, 0)} line(s) learned as the site's boilerplate, because removing "
            "them would have erased most of the story (the learned-lines veto)"
        )
    return "\n".join(lines)
