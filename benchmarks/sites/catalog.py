"""Every site template, and the fixed split into the sites developers may tune on and the ones left out.

Templates are data: one YAML file per site, ``tune/*.yaml`` (developers improving the cleaner may read these
sites' pages, outputs and leftovers) and ``left_out/*.yaml`` (they do not: not the files, not the pages, not the
per-site leftovers, only the aggregate scores; a rule written from them would make the sites tuned, not left
out). ``site.py`` says what each field means.

Why this split: the left-out half has seven languages the tune half does not (pt, it, pl, sv, vi, cs, ro), so a
word list written for a tune site cannot carry over by accident, and one language the tune half does have as
another site (fr-CA beside fr), so a French rule has to work on a second French site to count. The tune half has
12 sites in 12 languages (fr, de, es, es-AR, id, sw, en-US, nl, tr, da, fi, hu: the last four added for issue 17's
second round, none of them a left-out language). Each layout trait is in both halves (tune / left out): no title
field (7 / 4), breadcrumb before the headline (5 / 4), masthead before the headline (4 / 2), hard-wrapped indented
wire copy (3 / 2), headline repeated with a site suffix (4 / 1), one newline between paragraphs (5 / 2), no-break
spaces (2 / 3), HTML entities (1 / 1), mojibake (1 / 1). Photo credits between paragraphs (the ``caption`` kind)
are on three tune sites only: the left-out templates were written before the kind existed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from benchmarks.sites.site import Calendar, Layout, Site

SITES_DIR = Path(__file__).resolve().parent


def load_site(path: Path) -> Site:
    """Build a site from its YAML file; a missing or unknown field is an error naming the file."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        calendar, chrome = data.pop("calendar"), data.pop("chrome")
        layout: dict[str, Any] = {key: tuple(v) if isinstance(v, list) else v for key, v in data.pop("layout").items()}
        site = Site(
            calendar=Calendar(
                months=_words(calendar.pop("months")),
                weekdays=_words(calendar.pop("weekdays")),
                **{key: tuple(value) for key, value in calendar.items()},
            ),
            layout=Layout(**layout),
            chrome={kind: tuple(entries) for kind, entries in chrome.items()},
            sections=tuple(data.pop("sections")),
            authors=tuple(data.pop("authors")),
            **data,
        )
    except (KeyError, TypeError) as error:
        raise ValueError(f"{path}: {error}; benchmarks/sites/site.py lists the fields a site template has") from None
    if site.name != path.stem:
        raise ValueError(f"{path}: name {site.name!r} differs from the file name; rename one of them")
    return site


def _words(value: str | list[str]) -> tuple[str, ...]:
    """Month or day names: a list, or one string of space-separated names when no name has a space."""
    return tuple(value.split() if isinstance(value, str) else value)


def load_sites(directory: Path) -> tuple[Site, ...]:
    return tuple(load_site(path) for path in sorted(directory.glob("*.yaml")))


TUNE: tuple[Site, ...] = load_sites(SITES_DIR / "tune")
LEFT_OUT: tuple[Site, ...] = load_sites(SITES_DIR / "left_out")
SITES: tuple[Site, ...] = TUNE + LEFT_OUT
BY_NAME: dict[str, Site] = {site.name: site for site in SITES}
LEFT_OUT_NAMES: frozenset[str] = frozenset(site.name for site in LEFT_OUT)

if len(BY_NAME) != len(SITES):
    raise ValueError("two site templates share a name: give each its own")
