"""The configuration reference table of docs/configuration.md, generated from the config dataclasses' field docs.

    python -m pipeline.core.configdoc   # prints the markdown table (tests/test_docs.py checks the doc has this table)
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.core.config import Config
from pipeline.core.configtree import field_docs


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "`" + ", ".join(map(str, value)) + "`" if value else "`[]`"
    return f"`{json.dumps(value)}`"


def reference_table() -> str:
    """One row per leaf config key: ``| `key` | `default` | meaning |``."""
    rows = ["| key | default | meaning |", "|---|---|---|"]
    rows += [f"| `{key}` | {_value(default)} | {text} |" for key, default, text in field_docs(Config)]
    return "\n".join(rows)


if __name__ == "__main__":
    print(reference_table())
