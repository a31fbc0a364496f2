"""Build the generalisation corpus: BBC stories republished on 1-3 of the site templates, with gold.

Each chosen story (unique body, at least 60 words, text ftfy leaves unchanged, so the gold is what a perfect
cleaner can reach) is published on 1-3 distinct sites. A copy is either ``light`` (the story as it is, only
chrome and damage around it) or ``medium`` (like ``bbc_republished``: about one sentence in ten dropped, or the
tail cut keeping at least 75% of the body); the gold body carries the edits. Everything is drawn from
``random.Random`` seeded with strings, so a seed gives the same corpus on every machine and Python version.

    python -m benchmarks.sites.corpus OUT_DIR [--data DIR] [--stories N] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ftfy

from benchmarks.sites.catalog import LEFT_OUT_NAMES, SITES
from benchmarks.sites.render import Story, render
from benchmarks.sites.site import Site

DEFAULT_STORIES = 700
DEFAULT_SEED = 17
# Shorter stories are mostly chrome once dressed: bbc_republished uses the same floor.
MIN_WORDS = 60
# Copies per story and their weights: a third of stories on one site only (no duplicate pair), as in a crawl.
COPIES = (1, 2, 3)
COPY_WEIGHTS = (0.35, 0.4, 0.25)
MEDIUM_SHARE = 0.4  # share of copies with editorial edits
SENTENCES_PER_DROP = 10  # a medium copy drops one sentence per ten
TRUNCATE_KEEP = 0.75  # a truncated copy keeps at least this share of the body's characters
# A story with this share of its word 5-grams in an earlier story is a version of it, not another story.
NEAR_COPY_SHARE = 0.3
SHINGLE_WORDS = 5
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


@dataclass(frozen=True)
class Copy:
    """One republished article: what the CLI reads (``record``) and what it should give back (``gold``)."""

    record: dict[str, Any]
    gold: dict[str, Any]


def usable_stories(rows: Iterable[dict[str, Any]]) -> list[Story]:
    """The BBC rows a perfect cleaner can reproduce exactly and a perfect deduper keeps apart, sorted by id.

    Dropped: bodies that occur twice, bodies under 60 words, text ftfy would change (entities, mojibake: the
    gold would be unreachable), and stories that repeat an earlier one (same headline, or most of its word
    5-grams in an earlier kept story: BBC updated some stories under the same id range, and two such copies on
    two sites are a correct merge that the gold would count as wrong).

    >>> rows = [{"id": "a/1", "title": "T", "text": "word " * 70}, {"id": "a/2", "title": "T", "text": "short"}]
    >>> [story.id for story in usable_stories(rows)]
    ['a/1']
    """
    rows = sorted(rows, key=lambda row: row["id"])
    bodies = Counter(row["text"] for row in rows)
    stories: list[Story] = []
    titles: set[str] = set()
    postings: dict[int, list[int]] = {}
    for row in rows:
        text, title = row["text"], " ".join(row["title"].split())
        if bodies[text] > 1 or len(text.split()) < MIN_WORDS or "&" in text + title:
            continue
        if ftfy.fix_text(text) != text or ftfy.fix_text(title) != title or title.casefold() in titles:
            continue
        grams = shingles(text)
        shared = Counter(index for gram in grams for index in postings.get(gram, ()))
        if shared and max(shared.values()) >= NEAR_COPY_SHARE * len(grams):
            continue
        for gram in grams:
            postings.setdefault(gram, []).append(len(stories))
        titles.add(title.casefold())
        paragraphs = tuple(" ".join(p.split()) for p in text.split("\n") if p.strip())
        stories.append(Story(id=row["id"], title=title, paragraphs=paragraphs))
    return stories


def shingles(text: str) -> set[int]:
    """Hashes of the text's lower-cased word 5-grams (within one process: only compared with each other).

    >>> len(shingles("a b c d e f")), len(shingles("a b"))
    (2, 1)
    """
    words = text.lower().split()
    return {hash(tuple(words[i : i + SHINGLE_WORDS])) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}


def edit(story: Story, rng: random.Random) -> tuple[Story, str]:
    """A copy's body: unchanged (``light``) or edited (``medium``: sentences dropped or the tail truncated)."""
    if rng.random() >= MEDIUM_SHARE:
        return story, "light"
    edited = truncate(story) if len(story.paragraphs) > 2 and rng.random() < 0.5 else drop_sentences(story, rng)
    return edited, "light" if edited == story else "medium"


def truncate(story: Story) -> Story:
    """Keep the fewest leading paragraphs that hold at least 75% of the body's characters.

    >>> truncate(Story("s", "T", ("a" * 50, "b" * 30, "c" * 20))).paragraphs == ("a" * 50, "b" * 30)
    True
    """
    total, kept = sum(map(len, story.paragraphs)), 0
    for count, paragraph in enumerate(story.paragraphs, 1):
        kept += len(paragraph)
        if kept >= TRUNCATE_KEEP * total:
            return Story(story.id, story.title, story.paragraphs[:count])
    return story


def drop_sentences(story: Story, rng: random.Random) -> Story:
    """Drop one sentence in ten (at least one), never a paragraph's first sentence."""
    split = [SENTENCE_END.split(paragraph) for paragraph in story.paragraphs]
    candidates = [(p, s) for p, sentences in enumerate(split) for s in range(1, len(sentences))]
    total = sum(map(len, split))
    if not candidates:
        return story
    dropped = set(rng.sample(candidates, min(len(candidates), max(1, total // SENTENCES_PER_DROP))))
    paragraphs = tuple(
        " ".join(s for index, s in enumerate(sentences) if (p, index) not in dropped)
        for p, sentences in enumerate(split)
    )
    return Story(story.id, story.title, paragraphs)


def republish(stories: Sequence[Story], count: int, seed: int, sites: Sequence[Site] = SITES) -> list[Copy]:
    """``count`` stories (drawn from ``stories``) on 1-3 sites each, in a shuffled order with opaque ids."""
    rng = random.Random(f"generalise:{seed}")
    if count > len(stories):
        raise ValueError(f"asked for {count} stories but only {len(stories)} are usable: lower --stories")
    chosen = rng.sample(list(stories), count)
    headlines = tuple(story.title for story in stories)
    placements = []
    for story in chosen:
        copies = rng.choices(COPIES, COPY_WEIGHTS)[0]
        for site in rng.sample(list(sites), copies):
            placements.append((story, site))
    rng.shuffle(placements)
    return [
        make_copy(f"gen{number:05d}", story, site, headlines, seed) for number, (story, site) in enumerate(placements)
    ]


def make_copy(article_id: str, story: Story, site: Site, headlines: tuple[str, ...], seed: int) -> Copy:
    """One story on one site; its randomness depends only on (seed, story, site), not on the rest of the corpus."""
    rng = random.Random(f"{seed}:{story.id}:{site.name}")
    edited, level = edit(story, rng)
    others = tuple(headline for headline in headlines if headline != story.title)
    page = render(site, edited, others, rng)
    record: dict[str, Any] = {"id": article_id, "text": page.text}
    if page.title is not None:
        record["title"] = page.title
    record.update(source=site.name, cluster=story.id)
    gold = {
        "id": article_id,
        "site": site.name,
        "language": site.language,
        "split": "left_out" if site.name in LEFT_OUT_NAMES else "tune",
        "cluster": story.id,
        "edit_level": level,
        "title": story.title,
        "clean_text": "\n".join(edited.paragraphs),
        "chrome": [list(item) for item in page.chrome],
    }
    return Copy(record, gold)


def write_corpus(copies: Sequence[Copy], out_dir: Path) -> dict[str, Path]:
    """Write articles.jsonl (with `source`), articles-text-only.jsonl (without) and gold.jsonl."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = corpus_paths(out_dir)
    rows = {
        "with_source": [c.record for c in copies],
        "text_only": [{k: v for k, v in c.record.items() if k != "source"} for c in copies],
        "gold": [c.gold for c in copies],
    }
    for key, path in paths.items():
        with path.open("w", encoding="utf-8") as handle:
            for row in rows[key]:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return paths


def corpus_paths(out_dir: Path) -> dict[str, Path]:
    """Where :func:`write_corpus` puts the two article files and the gold."""
    return {
        "with_source": out_dir / "articles.jsonl",
        "text_only": out_dir / "articles-text-only.jsonl",
        "gold": out_dir / "gold.jsonl",
    }


def load_stories(data_dir: Path) -> list[Story]:
    with (data_dir / "bbc_news" / "articles.jsonl").open(encoding="utf-8") as handle:
        return usable_stories(json.loads(line) for line in handle if line.strip())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "data")
    parser.add_argument("--stories", type=int, default=DEFAULT_STORIES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    copies = republish(load_stories(args.data), args.stories, args.seed)
    paths = write_corpus(copies, args.out_dir)
    print(f"{len(copies)} articles from {args.stories} stories on {len(SITES)} sites: {paths['with_source']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
