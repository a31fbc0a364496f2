"""Shared test settings: the Beam runner is always named explicitly (the default may try to download Prism)."""

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"
IN_MEMORY = ["--runner=DirectRunner", "--direct_running_mode=in_memory"]
MULTI_PROCESSING = ["--runner=DirectRunner", "--direct_running_mode=multi_processing", "--direct_num_workers=2"]


@pytest.fixture
def beam_args() -> list[str]:
    return list(IN_MEMORY)
