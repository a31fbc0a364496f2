"""summary.json: the accounting check and the error-share limit fail a run loudly."""

import pytest

from pipeline.job.summary import AccountingError, TooManyErrors, build_summary, check_error_share


def test_a_record_read_but_never_written_fails_the_run():
    stats = {"read:records": 3, "written:articles": 1, "written:duplicates": 1, "written:rejects": 0}
    with pytest.raises(AccountingError, match="read 3 records but wrote 1 kept \\+ 1 duplicates \\+ 0 rejects"):
        build_summary(stats, {}, {})


def test_counts_are_grouped_by_kind_reason_and_rule():
    stats = {
        "read:records": 6,
        "written:articles": 2,
        "written:duplicates": 3,
        "written:rejects": 1,
        "duplicates:exact": 1,
        "duplicates:near": 1,
        "duplicates:containment": 1,
        "rejected:invalid_json": 1,
        "line-removed:ad_marker": 4,
        "normalize:ftfy": 2,
        "headline:detected": 2,
        "chars:input": 1000,
        "chars:cleaned": 800,
    }
    summary = build_summary(stats, {"dedup": {"threshold": 0.55}}, {"output": "out"})
    assert summary["counts"] == {
        "read": 6,
        "kept": 2,
        "duplicates": {"exact": 1, "near": 1, "containment": 1},
        "rejected": {"invalid_json": 1},
    }
    assert summary["lines_removed"] == {"ad_marker": 4}
    assert summary["normalization"] == {"ftfy": 2}
    assert summary["characters"] == {"input": 1000, "cleaned": 800}
    assert summary["config"] == {"dedup": {"threshold": 0.55}}


def test_error_share_limit():
    check_error_share({"counts": {"read": 10, "rejected": {"internal_error": 1}}}, 0.1)
    with pytest.raises(TooManyErrors):
        check_error_share({"counts": {"read": 10, "rejected": {"internal_error": 2}}}, 0.1)
