"""What a site template is: its language's calendar, its chrome vocabulary and its page layout (data only).

A template never holds a finished line: every chrome entry is a format string whose fields (``{n}``, ``{date}``,
``{headline}``, ...) :class:`Filler` fills per article from a seeded generator, so one template yields varied
chrome (counts, dates, clocks, related headlines) the way a real CMS does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Literal, get_args

# The kinds of chrome a site can show. Names are what the leftover report groups by.
ChromeKind = Literal[
    "headline",  # the headline in the text (with the site's suffix): not body, whatever the title field says
    "masthead",
    "breadcrumb",
    "byline",
    "dateline",
    "audio",
    "counter",
    "ad",
    "related",
    "share",
    "newsletter",
    "cookie",
    "contact",
    "editor_note",
    "tags",
    "footer",
    "caption",  # a photo credit between paragraphs ("Foto: Name/Agency")
]
Damage = Literal["nbsp", "mojibake", "entities"]

MONTHS_PER_YEAR = 12
DAYS_PER_WEEK = 7
# Years the stories' fake publication dates fall in.
FIRST_YEAR, LAST_YEAR = 2019, 2026
# Counters: small ones ("7 comments") and large ones ("read 12,408 times").
SMALL_COUNT_MAX, LARGE_COUNT_MIN, LARGE_COUNT_MAX = 240, 1_000, 90_000
# Audio widgets announce 2-9 minutes.
AUDIO_MINUTES = (2, 9)


@dataclass(frozen=True)
class Calendar:
    """How a language writes dates: month and weekday names (Monday first) and the site's date formats.

    Formats use ``{weekday} {day} {day2} {month} {month_num} {month2} {year} {hour} {hour12} {minute} {ampm}
    {zone}``; ``{hour}`` is a two-digit 24-hour clock, ``{hour12}`` a 12-hour one without padding.
    """

    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    formats: tuple[str, ...]
    zones: tuple[str, ...] = ("",)
    am_pm: tuple[str, str] = ("am", "pm")

    def __post_init__(self) -> None:
        if len(self.months) != MONTHS_PER_YEAR or len(self.weekdays) != DAYS_PER_WEEK:
            raise ValueError(
                f"a calendar needs 12 months and 7 weekdays, got {len(self.months)} and {len(self.weekdays)}"
            )
        if not self.formats:
            raise ValueError("a calendar needs at least one date format")


@dataclass(frozen=True)
class Layout:
    """Where the chrome goes and how the page text is laid out.

    ``head`` kinds open the text, before the headline, on every page (a breadcrumb there is what a cleaner
    may take for the title); ``top`` kinds follow the headline, ``inline`` kinds are dropped between body
    paragraphs, ``bottom`` kinds close the page; each of those is shown with probability ``presence``.
    """

    title_field: bool  # the JSONL record carries the headline as `title`
    headline_in_body: bool  # the headline also opens the text (always true without a title field)
    head: tuple[ChromeKind, ...]
    top: tuple[ChromeKind, ...]
    inline: tuple[ChromeKind, ...]
    bottom: tuple[ChromeKind, ...]
    headline_suffix: str = ""  # e.g. " | Site": appended to the headline in the text
    inline_max: int = 2  # at most this many inline chrome blocks per article
    presence: float = 0.8
    blank_lines: bool = True  # paragraphs separated by a blank line (else by one newline)
    wrap: tuple[int, int] | None = None  # hard wrap body paragraphs at a width drawn from this range
    indent: str = ""  # paragraph-start indentation of wrapped copy
    wrap_chrome: bool = False  # the whole page went through the wrapper (an e-mail gateway), not just the wire copy
    damage: tuple[Damage, ...] = ()


@dataclass(frozen=True)
class Site:
    """One site template: name, language, calendar, number style, vocabulary and layout."""

    name: str
    language: str
    display: str  # the site's name as its pages print it
    calendar: Calendar
    thousands: str  # thousands separator of the language ("," "." " ")
    sections: tuple[str, ...]
    authors: tuple[str, ...]
    chrome: dict[ChromeKind, tuple[str, ...]]
    layout: Layout
    domain: str = ""
    notes: str = ""  # what is special about this site, for the README

    def __post_init__(self) -> None:
        used = {*self.layout.head, *self.layout.top, *self.layout.inline, *self.layout.bottom}
        unknown: list[str] = sorted({*used, *self.chrome} - set(get_args(ChromeKind)))
        unknown += sorted(set(self.layout.damage) - set(get_args(Damage)))
        if unknown:
            raise ValueError(f"site {self.name!r} names unknown kinds {unknown}: use those of ChromeKind and Damage")
        missing = sorted(kind for kind in used if not self.chrome.get(kind))
        if missing:
            raise ValueError(f"site {self.name!r} lays out {missing} but has no vocabulary for them: add it")
        if not self.layout.title_field and not self.layout.headline_in_body:
            raise ValueError(f"site {self.name!r} gives the headline nowhere: set title_field or headline_in_body")


@dataclass
class Filler(dict[str, str]):
    """The values of one article's chrome fields, drawn on first use and then fixed for the article.

    ``"{n} comments · {n} likes"`` gets one number twice, as a page's widgets would show one count.

    >>> from benchmarks.sites.catalog import SITES
    >>> filler = Filler(SITES[0], random.Random(1), ("Other story",))
    >>> "{related_headline}".format_map(filler)
    'Other story'
    >>> "{n}".format_map(filler) == "{n}".format_map(filler)
    True
    """

    site: Site
    rng: random.Random
    headlines: tuple[str, ...]
    drawn: dict[str, str] = field(default_factory=dict)

    def __missing__(self, key: str) -> str:
        if key not in self.drawn:
            self.drawn[key] = self._draw(key)
        return self.drawn[key]

    def _number(self, value: int) -> str:
        return f"{value:,}".replace(",", self.site.thousands)

    def _draw(self, key: str) -> str:
        rng, site, calendar = self.rng, self.site, self.site.calendar
        if key == "n":
            return str(rng.randint(2, SMALL_COUNT_MAX))
        if key == "big":
            return self._number(rng.randint(LARGE_COUNT_MIN, LARGE_COUNT_MAX))
        if key == "minutes":
            return str(rng.randint(*AUDIO_MINUTES))
        if key == "section":
            return rng.choice(site.sections)
        if key == "section2":
            return rng.choice([s for s in site.sections if s != self["section"]] or list(site.sections))
        if key == "author":
            return rng.choice(site.authors)
        if key == "related_headline":
            return rng.choice(self.headlines)
        if key == "site":
            return site.display
        if key == "domain":
            return site.domain or site.name.replace("_", "") + ".example"
        if key == "date":
            return rng.choice(calendar.formats).format_map(self)
        if key == "date2":  # an "updated" date: another draw of the same kind
            return rng.choice(calendar.formats).format_map(_DateOnly(self))
        return self._draw_date_part(key)

    def _draw_date_part(self, key: str) -> str:
        rng, calendar = self.rng, self.site.calendar
        if key == "year":
            return str(rng.randint(FIRST_YEAR, LAST_YEAR))
        if key in ("month", "month_num", "month2"):
            index = int(self.drawn.setdefault("_month", str(rng.randrange(MONTHS_PER_YEAR))))
            return {"month": calendar.months[index], "month_num": str(index + 1), "month2": f"{index + 1:02d}"}[key]
        if key in ("day", "day2"):
            day = int(self.drawn.setdefault("_day", str(rng.randint(1, 28))))
            return str(day) if key == "day" else f"{day:02d}"
        if key == "weekday":
            return rng.choice(calendar.weekdays)
        if key in ("hour", "hour12", "ampm"):
            hour = int(self.drawn.setdefault("_hour", str(rng.randrange(24))))
            twelve = hour % 12 or 12
            return {"hour": f"{hour:02d}", "hour12": str(twelve), "ampm": calendar.am_pm[hour >= 12]}[key]
        if key == "minute":
            return f"{rng.randrange(60):02d}"
        if key == "zone":
            return rng.choice(calendar.zones)
        raise KeyError(f"unknown chrome field {{{key}}} in a template of site {self.site.name!r}")


class _DateOnly(dict[str, str]):
    """A second date on the same page: fresh day, clock and minute, same year and month as the first."""

    def __init__(self, filler: Filler) -> None:
        super().__init__()
        self.filler = filler

    def __missing__(self, key: str) -> str:
        rng = self.filler.rng
        if key in ("day", "day2"):
            day = rng.randint(1, 28)
            return str(day) if key == "day" else f"{day:02d}"
        if key in ("hour", "minute"):
            return f"{rng.randrange(24 if key == 'hour' else 60):02d}"
        return self.filler[key]
