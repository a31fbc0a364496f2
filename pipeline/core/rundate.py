"""The date a run is for, and ``{date}`` templates in paths, so daily jobs and backfills name their data exactly."""

from __future__ import annotations

import datetime as dt

from pipeline.core.errors import UsageError

DATE_FORMAT = "%Y-%m-%d"
DATE_FIELD = "{date}"


def resolve_run_date(value: str | None, today: dt.date | None = None) -> str:
    """``--run-date`` as ``YYYY-MM-DD``; without it, today's date in UTC.

    >>> resolve_run_date("2026-11-27")
    '2026-11-27'
    >>> resolve_run_date(None, today=dt.date(2026, 1, 2))
    '2026-01-02'
    >>> resolve_run_date("27/11/2026")
    Traceback (most recent call last):
    ...
    pipeline.core.errors.UsageError: --run-date must be a date like 2026-11-27, got '27/11/2026'
    """
    if value is None:
        return (today or dt.datetime.now(dt.UTC).date()).strftime(DATE_FORMAT)
    try:
        return dt.datetime.strptime(value, DATE_FORMAT).date().strftime(DATE_FORMAT)
    except ValueError:
        raise UsageError(f"--run-date must be a date like 2026-11-27, got {value!r}") from None


def expand_date(template: str, run_date: str) -> str:
    """Replace ``{date}`` in a path with the run date.

    >>> expand_date("clean/{date}", "2026-11-27"), expand_date("scrapes/{date}/*.jsonl", "2026-11-27")
    ('clean/2026-11-27', 'scrapes/2026-11-27/*.jsonl')
    """
    return template.replace(DATE_FIELD, run_date)
