"""DedupConfig: defaults, banding, validation errors, strict YAML loading."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.core.config import Config, load_config
from pipeline.core.configtree import build
from pipeline.core.errors import ConfigError
from pipeline.dedup.config import DedupConfig, optimal_banding

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_defaults():
    config = DedupConfig()
    assert (config.enabled, config.shingle_size, config.num_perm, config.seed) == (True, 5, 128, 1)
    assert (config.threshold, config.hash_scheme) == (0.55, "affine32")
    assert config.banding() == (32, 4)


def test_every_field_is_documented():
    assert all(field.metadata.get("doc") for field in dataclasses.fields(DedupConfig))


def test_banding_from_datasketchs_optimiser_when_bands_and_rows_are_null():
    from datasketch import MinHashLSH

    for threshold in (0.5, 0.55, 0.7, 0.9):
        config = DedupConfig(threshold=threshold, bands=None, rows=None)
        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        assert config.banding() == (lsh.b, lsh.r) == optimal_banding(threshold, 128)
    assert DedupConfig(threshold=0.55, bands=None, rows=None).banding() == (21, 6)


def test_explicit_banding():
    assert DedupConfig(bands=16, rows=8).banding() == (16, 8)
    assert DedupConfig(bands=10, rows=10).banding() == (10, 10)  # leaving 28 values unused is allowed


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bands": 20, "rows": 8}, "bands \\* rows = 20 \\* 8 = 160 exceeds num_perm 128: lower bands or rows"),
        ({"num_perm": 64}, "bands \\* rows = 32 \\* 4 = 128 exceeds num_perm 64"),
        ({"bands": 16, "rows": None}, "bands and rows must be set together or both left null"),
        ({"bands": None, "rows": 4}, "bands and rows must be set together or both left null"),
        ({"bands": 1, "rows": 4}, "need bands >= 2 and rows >= 1, got bands=1 rows=4"),
        ({"threshold": 0.0}, "threshold must be in \\(0, 1\\], got 0.0"),
        ({"threshold": 1.2}, "threshold must be in \\(0, 1\\], got 1.2"),
        ({"threshold": -0.5}, "threshold must be in \\(0, 1\\], got -0.5"),
        ({"hash_scheme": "legacy"}, "hash_scheme 'legacy' is not supported: use one of affine32"),
        ({"hash_scheme": "affine64"}, "hash_scheme 'affine64' is not supported"),
        ({"shingle_size": 0}, "shingle_size must be at least 1, got 0"),
        ({"num_perm": 1}, "num_perm must be at least 2, got 1"),
        ({"seed": -3}, "seed must be in \\[0, 4294967295\\]"),
        ({"threshold": 0.99, "num_perm": 8, "bands": None, "rows": None}, "fewer than 2 LSH bands"),
        ({"containment_threshold": 0.0}, "containment_threshold must be in \\(0, 1\\] or null, got 0.0: use e.g. 0.8"),
        ({"containment_threshold": 1.5}, "containment_threshold must be in \\(0, 1\\] or null, got 1.5"),
        ({"max_single_worker_articles": -1}, "max_single_worker_articles must be >= 0, got -1"),
        ({"component_rounds": 0}, "component_rounds must be at least 1, got 0"),
    ],
)
def test_validation_names_the_value_and_the_fix(kwargs, message):
    with pytest.raises(ValueError, match=message):
        DedupConfig(**kwargs)


def test_threshold_one_is_allowed():
    assert DedupConfig(threshold=1.0).threshold == 1.0


def test_containment_can_be_turned_off_from_yaml():
    assert build(DedupConfig, {"containment_threshold": None}).containment_threshold is None
    assert build(DedupConfig, {"containment_threshold": 1}).containment_threshold == 1.0


def test_built_strictly_from_yaml_data():
    config = build(DedupConfig, {"threshold": 1, "seed": 7})
    assert (config.threshold, config.seed, config.banding()) == (1.0, 7, (32, 4))
    assert build(DedupConfig, {"bands": None, "rows": None}).banding() == optimal_banding(0.55, 128)
    with pytest.raises(ConfigError, match="unknown config key 'dedup.treshold'"):
        build(Config, {"dedup": {"treshold": 0.5}})
    with pytest.raises(ConfigError, match="config key 'dedup.hash_scheme' must be one of 'affine32', got 'legacy'"):
        build(Config, {"dedup": {"hash_scheme": "legacy"}})
    with pytest.raises(ConfigError, match="config section 'dedup': bands \\* rows = 64 \\* 4"):
        build(Config, {"dedup": {"bands": 64, "rows": 4}})


def test_default_yaml_dedup_section_equals_the_code_defaults():
    assert load_config(PROJECT_ROOT / "configs" / "default.yaml").dedup == DedupConfig()


def test_a_retired_key_says_what_to_set_instead():
    with pytest.raises(
        ConfigError, match="'dedup.max_single_worker_edges' was retired: set max_single_worker_articles instead"
    ):
        build(DedupConfig, {"max_single_worker_edges": 1_000_000}, "dedup")
