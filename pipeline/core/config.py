"""The one typed config tree, loaded from configs/*.yaml and validated before any work starts.

Each stage receives only its own section: readers get ``input``, the cleaner ``cleaning``, the deduplicator
``dedup``, the writers ``output``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from pipeline.core.configtree import build, doc
from pipeline.core.errors import ConfigError
from pipeline.dedup.config import DedupConfig
from pipeline.text.config import CleaningConfig

DEFAULT_CONFIG_PATH = Path("configs/default.yaml")

# Larger documents are rejected, not cleaned: a multi-megabyte "article" is a scraper error (a whole site dump, a
# binary), and holding it would cost one worker seconds of ftfy time. 1 M characters is ~150x a long news story.
DEFAULT_MAX_CHARS = 1_000_000
# One bad byte in a hundred: a damaged UTF-8 file has a handful (a cut multi-byte character); a file in another
# encoding that happens to contain some UTF-8 has far more, and replacing them would silently mangle it.
DEFAULT_MAX_REPLACED_SHARE = 0.01
# Rejects keep their text up to twice the default input.max_chars: every too_large record of a default run up to that
# size still has it (the ones a user may re-run with a higher limit). Bigger ones are scraper errors (site dumps,
# binaries) that would make one reject line megabytes long, while a shard's lines are held in memory to be sorted.
DEFAULT_REJECT_TEXT_MAX_CHARS = 2 * DEFAULT_MAX_CHARS
# A bug that hits one record in a thousand is worth a reject and a report; one that hits more is a broken run.
DEFAULT_MAX_ERROR_SHARE = 0.001


@dataclass(frozen=True)
class InputConfig:
    """How input files become articles."""

    id_field: str = field(default="id", metadata=doc("JSONL field holding the article id"))
    text_field: str = field(default="text", metadata=doc("JSONL field holding the article text"))
    title_field: str = field(default="title", metadata=doc("JSONL field holding the headline, if any"))
    url_field: str = field(default="url", metadata=doc("JSONL field holding the article URL, if any"))
    source_field: str = field(default="source", metadata=doc("JSONL field naming the site, if any"))
    published_field: str = field(
        default="published", metadata=doc("JSONL field holding the publication time (ISO 8601 sorts correctly)")
    )
    max_chars: int = field(
        default=DEFAULT_MAX_CHARS, metadata=doc("longer documents are rejected with reason too_large")
    )
    decode_errors: Literal["auto", "replace", "strict"] = field(
        default="auto",
        metadata=doc(
            "bytes that are not UTF-8: auto = legacy 8-bit files as cp1252, stray bad bytes replaced; "
            "replace = only replace; strict = reject the file"
        ),
    )
    max_replaced_share: float = field(
        default=DEFAULT_MAX_REPLACED_SHARE,
        metadata=doc("a file with a larger share of bad UTF-8 bytes is rejected (invalid_utf8), not repaired"),
    )

    def __post_init__(self) -> None:
        if self.max_chars < 1:
            raise ValueError(f"max_chars must be positive, got {self.max_chars}")
        if not 0 <= self.max_replaced_share <= 1:
            raise ValueError(f"max_replaced_share must be between 0 and 1, got {self.max_replaced_share}")


@dataclass(frozen=True)
class OutputConfig:
    """How results are written."""

    records_per_shard: int = field(
        default=100_000,
        metadata=doc("each output file holds at most this many records; the shard count follows from the data"),
    )
    reject_text: bool = field(
        default=True,
        metadata=doc(
            "each reject keeps its record as read (source_text: the JSONL line or the .txt file's text; source_base64: "
            "bytes that could not be decoded), read again from the input file; false = only source_file and "
            "source_line, for huge runs"
        ),
    )
    reject_text_max_chars: int = field(
        default=DEFAULT_REJECT_TEXT_MAX_CHARS,
        metadata=doc("a reject's longer text (or base64) is left out, and source_omitted says so"),
    )

    def __post_init__(self) -> None:
        if self.records_per_shard < 1:
            raise ValueError(f"records_per_shard must be positive, got {self.records_per_shard}")
        if self.reject_text_max_chars < 0:
            raise ValueError(f"reject_text_max_chars must be 0 or more, got {self.reject_text_max_chars}")


@dataclass(frozen=True)
class RunConfig:
    """Limits of a whole run."""

    max_error_share: float = field(
        default=DEFAULT_MAX_ERROR_SHARE,
        metadata=doc(
            "records whose processing raised an error go to rejects (internal_error); above this share of all "
            "records the run fails instead and publishes nothing"
        ),
    )

    local_processes: int | None = field(
        default=None,
        metadata=doc(
            "worker processes for normalizing, cleaning and fingerprinting when Beam's local runner (the default "
            "FnApiRunner, or the DirectRunner) runs in_memory, on one thread; null = one per usable core (none on "
            "one core), 0 = all work inline. Other runners and running modes run a worker per core themselves, and "
            "the work stays inline there"
        ),
    )

    def __post_init__(self) -> None:
        if not 0 <= self.max_error_share <= 1:
            raise ValueError(f"max_error_share must be between 0 and 1, got {self.max_error_share}")
        if self.local_processes is not None and self.local_processes < 0:
            raise ValueError(f"local_processes must be 0 or more (null: one per core), got {self.local_processes}")


@dataclass(frozen=True)
class Config:
    """The whole configuration of one run."""

    input: InputConfig = field(default_factory=InputConfig)
    cleaning: CleaningConfig = field(default_factory=CleaningConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    run: RunConfig = field(default_factory=RunConfig)


def load_config(path: str | Path | None) -> Config:
    """Load and validate a YAML config; ``None`` gives the built-in defaults."""
    if path is None:
        return Config()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist: pass --config with an existing YAML file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read config file {path}: {error}") from None
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"config file {path} is not valid YAML: {str(error).splitlines()[0]}") from None
    return build(Config, data or {})
