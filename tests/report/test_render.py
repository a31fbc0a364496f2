"""Rendering report.html from a summary and samples, without running a pipeline."""

from pipeline.report.data import clusters, funnel, word_diff
from pipeline.report.render import colours, render_report
from pipeline.text.clean import HEADLINE_CHROME_RULE, HEADLINE_REPEAT_RULE, PAGE_TEXT_RULE
from pipeline.text.learned import LEARNED_RULE
from pipeline.text.rules import RULES

CONFIG = {"cleaning": {"rules": ["ad_marker", "byline"]}, "dedup": {"enabled": True, "threshold": 0.55}}


def _summary(**counts):
    base = {
        "newsclean_version": "1.0.0",
        "counts": {"read": 5, "kept": 2, "duplicates": {"exact": 1, "near": 1}, "rejected": {"empty": 1}},
        "lines_removed": {"ad_marker": 3},
        "normalization": {"nbsp": 2},
        "characters": {"input": 100, "cleaned": 80},
        "accounting": {"balanced": True},
        "counters": {
            "cleaned:articles": 4,
            "hist:chars-removed:1": 4,
            "hist:similarity:near:0.90": 1,
            "line-removed-by-site:<b>evil</b>:ad_marker": 3,
        },
        "config": CONFIG,
    }
    base.update(counts)
    return base


def test_text_from_the_data_is_escaped():
    samples = [
        {
            "kind": "cleaning",
            "id": "<script>x</script>",
            "hash": 1,
            "site": "s",
            "outcome": "cleaned",
            "original_chars": 20,
            "cleaned_chars": 10,
            "input_title": None,
            "lines": [["<img src=x>", "ad_marker"], ["Body & more", None]],
            "unmatched": [],
            "removed_rules": ["ad_marker"],
            "title": None,
            "text": "Body & more",
            "fixes": [],
        },
        {"kind": "reject", "id": "r<1>", "hash": 2, "reason": "empty", "detail": 'a "quoted" <detail>'},
    ]
    page = render_report(_summary(), samples, 1.0)
    assert "<script>" not in page and "<img" not in page and "<b>evil</b>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<s>&lt;img src=x&gt;</s>" in page
    assert "&lt;b&gt;evil&lt;/b&gt;" in page
    assert "a &quot;quoted&quot; &lt;detail&gt;" in page


def test_a_run_without_dedup_or_samples_still_renders():
    summary = _summary(config={**CONFIG, "dedup": {"enabled": False, "threshold": 0.55}})
    page = render_report(summary, [], 0.5)
    assert "Dedup was off for this run." in page
    assert "No sampled article has duplicates." in page
    assert "sampling rate 50.00% of articles (0 articles sampled, 0 shown)" in page


def test_an_empty_run_renders():
    summary = _summary(
        counts={"read": 0, "kept": 0, "duplicates": {"exact": 0, "near": 0}, "rejected": {}},
        lines_removed={},
        normalization={},
        characters={"input": 0, "cleaned": 0},
        counters={},
    )
    page = render_report(summary, [], 1.0)
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")


def test_the_funnel_counts_what_dedup_rejected_by_id():
    summary = {
        "counts": {
            "read": 10,
            "kept": 5,
            "duplicates": {"exact": 1, "near": 2},
            "rejected": {"x": 1, "duplicate_id": 1},
        },
        "counters": {"cleaned:articles": 9},
    }
    assert [(s.key, s.value, s.drop) for s in funnel(summary)] == [
        ("read", 10, False),
        ("rejected", 1, True),
        ("cleaned", 9, False),
        ("exact", 1, True),
        ("near", 2, True),
        ("rejected-dedup", 1, True),
        ("kept", 5, False),
    ]


def test_clusters_put_duplicates_before_members_kept_after_verification():
    samples = [
        {"kind": "cleaning", "id": "root", "hash": 7, "site": "a", "title": "T", "text": "one two three"},
        {"kind": "cluster_member", "id": "m1", "root": "root", "hash": 7, "site": "b", "title": None, "text": "x"},
        {"kind": "cluster_member", "id": "m2", "root": "root", "hash": 7, "site": "c", "title": None, "text": "y"},
        {"kind": "match", "id": "m2", "root": "root", "hash": 7, "record": {"match": "near", "similarity": 0.8}},
        {
            "kind": "cluster_member",
            "id": "orphan",
            "root": "unsampled",
            "hash": 9,
            "site": "d",
            "title": None,
            "text": "",
        },
    ]
    [cluster] = clusters(samples)
    assert [(m.id, m.match, m.similarity) for m in cluster.members] == [("m2", "near", 0.8), ("m1", "kept", None)]


def test_word_diff_marks_words_only_in_one_text():
    left, right = word_diff("The minister said on Monday", "The minister said on Tuesday night")
    assert [w for w, differs in left if differs] == ["Monday"]
    assert [w for w, differs in right if differs] == ["Tuesday", "night"]


def test_every_removal_label_a_run_can_have_gets_a_colour_of_its_own():
    # The stacked bars of "Lines removed per site" tell rules apart by colour alone: with a palette shorter than the
    # labels, a run that removed lines by 16 of them drew ad_marker and site_navigation alike.
    labels = [*RULES, HEADLINE_REPEAT_RULE, HEADLINE_CHROME_RULE, PAGE_TEXT_RULE, LEARNED_RULE]
    colour_of = colours(labels)
    assert len(set(colour_of.values())) == len(set(labels)) == 17
