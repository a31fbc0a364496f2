"""A day of news with one story syndicated k times, as JSONL records: the fixture of tests/test_syndication.py.

Everything is made here from a seed (no shared data): ordinary articles of random sentences, one wire story and its
copies with other headlines, other sites' chrome around them, cut short or with a paragraph dropped, and a site whose
20 different stories share a footer. The texts are what the tests compare the outputs with.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

WORDS = (
    "council minister police river school market bank court energy price winter museum station harbour airport "
    "village report budget hospital teacher farmer student driver company union election festival bridge railway "
    "forest coast island factory library league match season coach player striker goal final record crowd stadium "
    "storm flood rain snow wind bridge road traffic tunnel ferry port cargo ship engine fuel oil gas solar wind "
    "tax rate loan debt growth trade export import tariff deal talks summit treaty border army navy pilot mission "
    "said announced warned agreed rejected approved opened closed raised cut signed visited praised blamed "
    "new old local national regional major small large early late senior junior public private rural urban "
    "after before during while since until across near inside outside between under over about against"
).split()
CHROME = (
    "Share this article",
    "Follow us for more stories like this",
    "Subscribe to our morning briefing",
    "Photo: handout",
    "This story first appeared on our partner site.",
    "Comments are closed for this story",
    "Sign up for breaking news alerts",
    "More from the newsroom",
)
FOOTER = ("The Harbour Courier is published by Harbour Media Group.", "Our journalism is funded by readers like you.")
FOOTER_SITE = "harbour-courier"


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 18))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def headline(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 8))).capitalize()


def body(rng: random.Random, paragraphs: int) -> list[str]:
    return [paragraph(rng) for _ in range(paragraphs)]


@dataclass
class Day:
    records: list[dict] = field(default_factory=list)
    # id -> the body paragraphs a perfect cleaner leaves
    bodies: dict[str, list[str]] = field(default_factory=dict)
    story_id: str = ""
    copy_ids: list[str] = field(default_factory=list)
    footer_ids: list[str] = field(default_factory=list)

    def add(self, record_id: str, title: str, paragraphs: list[str], text: list[str], **fields: str) -> None:
        self.records.append({"id": record_id, "title": title, "text": "\n\n".join(text), **fields})
        self.bodies[record_id] = paragraphs


def syndicated_day(copies: int, seed: int, ordinary: int = 30) -> Day:
    """``ordinary`` articles, a story plus ``copies - 1`` edited copies of it (the original published first), and
    20 different stories of one site that end with the same two-line footer."""
    rng = random.Random(seed)
    day = Day()
    for index in range(ordinary):
        paragraphs = body(rng, rng.randint(3, 7))
        day.add(f"day-{index:03d}", headline(rng), paragraphs, paragraphs, published=f"2026-12-03T{index % 24:02d}:00Z")
    story = body(rng, rng.randint(6, 9))
    day.story_id = "story-000"
    day.add(day.story_id, headline(rng), story, story, published="2026-12-03T06:00:00Z")
    for index in range(1, copies):
        kept = story[: rng.randint(max(5, len(story) - 3), len(story))]  # cut short: at least 5 paragraphs
        if len(kept) > 5 and rng.random() < 0.4:
            del kept[rng.randint(1, len(kept) - 2)]  # a paragraph dropped from the middle
        title = headline(rng)
        top = rng.sample(CHROME, rng.randint(0, 2))
        bottom = rng.sample(CHROME, rng.randint(0, 2))
        repeated = [title] if rng.random() < 0.5 else []  # scrapers repeat the headline at the top of the body
        copy_id = f"story-{index:03d}"
        day.add(copy_id, title, kept, top + repeated + kept + bottom, published=f"2026-12-03T{7 + index % 12:02d}:30Z")
        day.copy_ids.append(copy_id)
    for index in range(20):
        paragraphs = body(rng, rng.randint(3, 6))
        record_id = f"courier-{index:03d}"
        day.add(record_id, headline(rng), paragraphs, [*paragraphs, *FOOTER], source=FOOTER_SITE)
        day.footer_ids.append(record_id)
    rng.shuffle(day.records)
    return day
