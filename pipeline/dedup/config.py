"""Configuration of the dedup stage (the `dedup:` section of configs/*.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.configtree import doc


@dataclass(frozen=True)
class DedupConfig:
    """How articles are fingerprinted and which ones count as duplicates."""

    enabled: bool = field(default=True, metadata=doc("false: clean only, every valid article is kept"))
