"""summary.json: what a run read, kept, dropped and why, built from the counts every step tallied."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline import __version__
from pipeline.core.errors import RunFailure


class AccountingError(RunFailure):
    """Records read != records written; a bug, never a user error: the run fails loudly instead of losing data."""


def _with_prefix(stats: Mapping[str, int], prefix: str) -> dict[str, int]:
    return {name[len(prefix) :]: n for name, n in sorted(stats.items()) if name.startswith(prefix)}


# Per-site removal counters (``line-removed-by-site:<site>:<rule>``, see pipeline/report/aggregates.py): bounded to
# the sites with most removals, the rest summed under one "(other sites)" entry.
BY_SITE_PREFIX = "line-removed-by-site:"


def _by_site(stats: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """``{site: {rule: lines}}`` from the per-site removal counters; rule names never contain ``:``.

    >>> _by_site({"line-removed-by-site:a.com:ad_marker": 2, "line-removed-by-site:a.com:learned_boilerplate": 5,
    ...           "line-removed:ad_marker": 2})
    {'a.com': {'ad_marker': 2, 'learned_boilerplate': 5}}
    """
    sites: dict[str, dict[str, int]] = {}
    for name, n in _with_prefix(stats, BY_SITE_PREFIX).items():
        site, _, rule = name.rpartition(":")
        sites.setdefault(site, {})[rule] = n
    return sites


def build_summary(stats: Mapping[str, int], config: dict[str, Any], run: dict[str, Any]) -> dict[str, Any]:
    """Assemble the summary and check that every record read was written exactly once.

    >>> stats = {"read:records": 4, "written:articles": 2, "written:duplicates": 1, "written:rejects": 1,
    ...          "duplicates:near": 1, "rejected:empty": 1, "line-removed:ad_marker": 3}
    >>> summary = build_summary(stats, {}, {})
    >>> summary["counts"]
    {'read': 4, 'kept': 2, 'duplicates': {'exact': 0, 'near': 1}, 'rejected': {'empty': 1}}
    >>> summary["lines_removed"], summary["accounting"]["balanced"]
    ({'ad_marker': 3}, True)
    """
    read = stats.get("read:records", 0)
    written = _with_prefix(stats, "written:")
    kept = written.get("articles", 0)
    duplicates = written.get("duplicates", 0)
    rejected = written.get("rejects", 0)
    balanced = read == kept + duplicates + rejected
    summary = {
        "newsclean_version": __version__,
        "counts": {
            "read": read,
            "kept": kept,
            # every match kind counted as duplicates:<kind>; exact and near always shown
            "duplicates": {"exact": 0, "near": 0, **_with_prefix(stats, "duplicates:")},
            "rejected": _with_prefix(stats, "rejected:"),
        },
        "lines_removed": _with_prefix(stats, "line-removed:"),
        "lines_removed_by_site": _by_site(stats),
        "normalization": _with_prefix(stats, "normalize:"),
        "headline": _with_prefix(stats, "headline:"),
        "characters": {
            "input": stats.get("chars:input", 0),
            "cleaned": stats.get("chars:cleaned", 0),
        },
        "accounting": {
            "read": read,
            "kept_plus_duplicates_plus_rejected": kept + duplicates + rejected,
            "balanced": balanced,
        },
        "counters": dict(sorted(stats.items())),
        "run": run,
        "config": config,
    }
    if not balanced:
        raise AccountingError(
            f"read {read} records but wrote {kept} kept + {duplicates} duplicates + {rejected} rejects; "
            "this is a newsclean bug, please report it with the summary counters"
        )
    return summary


class TooManyErrors(RunFailure):
    """More records raised errors than run.max_error_share allows: the run is failed and nothing is published."""


def check_error_share(summary: Mapping[str, Any], max_share: float) -> None:
    """Fail the run when too many records raised errors.

    >>> check_error_share({"counts": {"read": 1000, "rejected": {"internal_error": 1}}}, 0.001)
    >>> check_error_share({"counts": {"read": 1000, "rejected": {"internal_error": 2}}}, 0.001)
    Traceback (most recent call last):
    ...
    pipeline.job.summary.TooManyErrors: 2 of 1000 records raised errors, over run.max_error_share=0.001
    """
    errors = summary["counts"]["rejected"].get("internal_error", 0)
    read = summary["counts"]["read"]
    if errors > max_share * read:
        raise TooManyErrors(f"{errors} of {read} records raised errors, over run.max_error_share={max_share}")


def format_summary(summary: Mapping[str, Any]) -> str:
    """The few lines printed at the end of a run.

    >>> print(format_summary({"counts": {"read": 5, "kept": 3, "duplicates": {"exact": 1, "near": 0},
    ...     "rejected": {"empty": 1}}, "lines_removed": {"ad_marker": 2}, "characters": {"input": 100, "cleaned": 80},
    ...     "run": {"output": "out", "elapsed_seconds": 1.5}}))
    read 5 records: kept 3, duplicates 1 (exact 1, near 0), rejected 1 (empty 1)
    lines removed: 2 (ad_marker 2); characters 100 -> 80 (-20.0%)
    wrote out/ in 1.5 s
    """
    counts = summary["counts"]
    dups = counts["duplicates"]
    total_dups = sum(dups.values())
    rejected = counts["rejected"]
    removed = summary["lines_removed"]
    chars = summary["characters"]
    change = (chars["cleaned"] - chars["input"]) / chars["input"] * 100 if chars["input"] else 0.0
    return "\n".join(
        [
            f"read {counts['read']} records: kept {counts['kept']}, "
            f"duplicates {total_dups}{_breakdown(dups, keep_order=True)}, "
            f"rejected {sum(rejected.values())}{_breakdown(rejected)}",
            f"lines removed: {sum(removed.values())}{_breakdown(removed)}; "
            f"characters {chars['input']} -> {chars['cleaned']} ({change:+.1f}%)",
            f"wrote {summary['run'].get('output', '?')}/ in {summary['run'].get('elapsed_seconds', 0)} s",
        ]
    )


def _breakdown(counts: Mapping[str, int], keep_order: bool = False) -> str:
    if not counts:
        return ""
    items = counts.items() if keep_order else sorted(counts.items(), key=lambda kv: -kv[1])
    return " (" + ", ".join(f"{name} {n}" for name, n in items) + ")"
