"""Configuration of the cleaning stage (the `cleaning:` section of configs/*.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.configtree import doc


@dataclass(frozen=True)
class CleaningConfig:
    """How article text is normalized and stripped of boilerplate."""

    min_words: int = field(default=5, metadata=doc("articles with fewer words after cleaning are rejected as empty"))
