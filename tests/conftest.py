"""Shared test settings: the Beam runner is always named explicitly (the default may try to download Prism)."""

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"
IN_MEMORY = ["--runner=DirectRunner", "--direct_running_mode=in_memory"]
MULTI_PROCESSING = ["--runner=DirectRunner", "--direct_running_mode=multi_processing", "--direct_num_workers=2"]


def transform_labels(pipeline) -> list[str]:
    """The full label of every transform of a built (not run) pipeline, composite or not, in the order Beam visits
    them: what a test of the pipeline's shape looks for."""
    from apache_beam.pipeline import PipelineVisitor

    labels: list[str] = []

    class Labels(PipelineVisitor):
        def enter_composite_transform(self, node) -> None:
            labels.append(node.full_label)

        def visit_transform(self, node) -> None:
            labels.append(node.full_label)

    pipeline.visit(Labels())
    return labels


@pytest.fixture
def beam_args() -> list[str]:
    return list(IN_MEMORY)
