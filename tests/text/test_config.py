"""CleaningConfig: defaults, documentation, validation, the YAML section."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.core.config import load_config
from pipeline.core.configtree import build, field_docs
from pipeline.core.errors import ConfigError
from pipeline.text.config import CleaningConfig, HeadlineConfig, NormalizeConfig, ParagraphConfig
from pipeline.text.rules import RULES

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_default_rules_are_every_registered_rule():
    assert set(CleaningConfig().rules) == set(RULES)


def test_every_field_is_documented():
    assert all(doc for _, _, doc in field_docs(CleaningConfig))


def test_normalize_option_names_are_ftfys_but_our_own_three():
    import ftfy

    ftfy_names = set(ftfy.TextFixerConfig._fields)
    ours = {f.name for f in dataclasses.fields(NormalizeConfig)} - {"fast_path", "strip_markup", "strip_markdown"}
    assert ours <= ftfy_names


def test_default_yaml_section_equals_the_defaults():
    assert load_config(PROJECT_ROOT / "configs" / "default.yaml").cleaning == CleaningConfig()


def test_unknown_rule_is_a_config_error_naming_it():
    with pytest.raises(ConfigError, match=r"unknown cleaning rule 'adverts' \(known: ad_marker, byline"):
        build(CleaningConfig, {"rules": ["ad_marker", "adverts"]}, "cleaning")


def test_duplicate_rule_is_an_error():
    with pytest.raises(ValueError, match="ad_marker more than once"):
        CleaningConfig(rules=("ad_marker", "ad_marker"))


def test_unknown_key_is_an_error():
    with pytest.raises(ConfigError, match="unknown config key 'cleaning.normalize.uncurl'"):
        build(CleaningConfig, {"normalize": {"uncurl": False}}, "cleaning")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: CleaningConfig(min_words=-1), "min_words must be >= 0, got -1"),
        (lambda: ParagraphConfig(min_wrap_width=100, max_wrap_width=80), "min_wrap_width \\(100\\)"),
        (lambda: ParagraphConfig(min_wrapped_share=1.5), "min_wrapped_share must be in \\(0, 1\\], got 1.5"),
        (lambda: HeadlineConfig(max_words=0), "max_words must be positive, got 0"),
    ],
)
def test_invalid_values(make, message: str):
    with pytest.raises(ValueError, match=message):
        make()


def test_nested_sections_from_yaml_data():
    config = build(CleaningConfig, {"normalize": {"uncurl_quotes": False}, "headline": {"max_words": 12}})
    assert config.normalize.uncurl_quotes is False
    assert config.headline.max_words == 12
    assert config.paragraphs == ParagraphConfig()
