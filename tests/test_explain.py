"""``newsclean explain ID --output DIR`` on the seeds run."""

import json
import os
from pathlib import Path

import pytest

from pipeline.cli.commands import main
from pipeline.cli.explain import explain, txt_id
from tests.conftest import IN_MEMORY, PROJECT_ROOT


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory) -> Path:
    # Explain re-reads the run's inputs by the paths in summary.json (made absolute by the run); given relative here.
    output = tmp_path_factory.mktemp("explain") / "out"
    cwd = Path.cwd()
    try:
        os.chdir(PROJECT_ROOT)
        assert main(["run", "--input", "seeds", "--output", str(output), "--quiet", *IN_MEMORY]) == 0
    finally:
        os.chdir(cwd)
    return output


def _explain(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(PROJECT_ROOT)
    code = main(["explain", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_explain_lists_the_seed_articles_removed_lines_with_their_rules(seeds_run, capsys, monkeypatch):
    code, out, err = _explain(capsys, monkeypatch, "seed-article", "--output", str(seeds_run))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "seed-article"
    # the run makes its input paths absolute (workers may run elsewhere); explain names the file it read
    assert f"  input:      {PROJECT_ROOT / 'seeds' / 'seed-article.txt'}" in lines
    assert "  headline:   Kerry seeks to narrow divisions with Russia  (detected: the first paragraph)" in lines
    removed = lines[lines.index("  removed lines (3):") + 1 :]
    assert removed == [
        "    headline_repeat  Kerry seeks to narrow divisions with Russia",
        "    ad_marker        Advertisement",
        "    contact_footer   Connect With Us : 0242202447 | 0551484843 | 0266361755 | 059 199 7513 |",
    ]
    assert "  Unicode fixes (2):" in lines
    assert "    no-break spaces replaced by spaces  [nbsp]" in lines
    outcome = next(line for line in lines if line.startswith("  outcome:"))
    assert outcome.startswith("  outcome:    kept (in articles-00000-of-00001.jsonl); dropped as its duplicates: ")
    assert "feed/kerry-moscow-accra (near, similarity 0." in outcome


def test_explain_says_which_article_a_duplicate_duplicates_and_at_what_similarity(seeds_run, capsys, monkeypatch):
    code, out, _ = _explain(capsys, monkeypatch, "feed/kerry-moscow-accra", "--output", str(seeds_run))
    duplicates = [json.loads(line) for line in (seeds_run / "duplicates-00000-of-00001.jsonl").open()]
    similarity = next(d["similarity"] for d in duplicates if d["id"] == "feed/kerry-moscow-accra")
    assert code == 0
    assert f"  outcome:    dropped as a duplicate (near) of seed-article: similarity {similarity}" in out
    assert "  kept copy:  Kerry seeks to narrow divisions with Russia" in out
    assert "  headline:   Kerry seeks to narrow divisions with Russia  (from the title field)" in out
    assert "    mojibake, HTML entities or curly quotes repaired (ftfy)  [ftfy]" in out  # Syria&#39;s
    assert "    dateline         Updated: Dec. 15, 2015, 10:42 GMT" in out


def test_explain_says_why_a_record_was_rejected(seeds_run, capsys, monkeypatch):
    code, out, _ = _explain(capsys, monkeypatch, "feed/empty-after-cleaning", "--output", str(seeds_run))
    assert code == 0
    assert "  outcome:    rejected, empty_after_cleaning: 0 words left after cleaning" in out
    assert "    ad_marker     Advertisement" in out
    code, out, _ = _explain(capsys, monkeypatch, "feed.jsonl:4", "--output", str(seeds_run))
    assert code == 0
    assert "  outcome:    rejected, invalid_json: not valid JSON" in out


def test_an_unknown_id_is_one_line_and_exit_2(seeds_run, capsys, monkeypatch):
    code, out, err = _explain(capsys, monkeypatch, "no-such-article", "--output", str(seeds_run))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("newsclean: error: no record with id 'no-such-article' in the 6 input files of the run")


def test_a_directory_without_a_run_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    code, _, err = _explain(capsys, monkeypatch, "seed-article", "--output", str(tmp_path))
    assert code == 2
    assert err == (
        f"newsclean: error: {tmp_path} has no summary.json: pass --output with the directory of a finished newsclean "
        "run\n"
    )


def test_explain_rejects_unknown_flags(seeds_run, capsys, monkeypatch):
    code, _, err = _explain(capsys, monkeypatch, "seed-article", "--output", str(seeds_run), "--runner=DirectRunner")
    assert code == 2 and "unknown arguments for explain: --runner=DirectRunner" in err


def test_explain_cleans_exactly_as_the_run_did(seeds_run, monkeypatch):
    monkeypatch.chdir(PROJECT_ROOT)
    articles = {a["id"]: a for a in map(json.loads, (seeds_run / "articles-00000-of-00001.jsonl").open())}
    for article_id, written in articles.items():
        explanation = explain(article_id, str(seeds_run))
        assert explanation.outcome.kind == "kept"
        assert explanation.cleaned is not None
        assert (explanation.cleaned.title, explanation.cleaned.text) == (written["title"], written["text"])


def test_txt_ids_match_the_path_below_the_input_root():
    assert txt_id("in/world/kerry.txt", "world/kerry")
    assert txt_id("in/world/kerry.TXT.gz", "kerry")
    assert not txt_id("in/world/kerry.txt", "orld/kerry")
    assert not txt_id("in/world/kerry.jsonl", "world/kerry")


def test_explain_names_the_site_that_taught_a_line_by_its_shape(tmp_path, capsys, monkeypatch):
    # Twelve articles of one site, each crediting its graphics to another artist: one shape, one rule (a photo credit
    # is the chrome rule's).
    names = ["Anna Berg", "Ola Dahl", "Kari Lund", "Per Moen", "Lise Holm", "Jon Vik"] * 2
    topics = ["harbour", "railway", "school", "hospital", "bridge", "library", "stadium", "airport", "museum", "market"]
    records = [
        {
            "id": f"a{i}",
            "source": "fjord",
            "title": f"{topic.title()} costs rise",
            "text": f"The council said the {topic} project would cost more than planned, after a review.\n\n"
            f"Grafikk: {names[i]}/NTB\n\nResidents have asked for a meeting about the {topic}, delayed {i + 2} years.",
        }
        for i, topic in enumerate(topics)
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    output = tmp_path / "out"
    assert main(["run", "--input", str(feed), "--output", str(output), "--quiet", *IN_MEMORY]) == 0
    capsys.readouterr()
    code, out, _ = _explain(capsys, monkeypatch, "a3", "--output", str(output))
    assert code == 0
    lines = out.splitlines()
    removed = lines[lines.index("  removed lines (1):") + 1 :][:2]
    assert removed == [
        "    learned_boilerplate  Grafikk: Per Moen/NTB",
        "                           (learned by its shape, as in 'Grafikk: Anna Berg/NTB', from 10 articles"
        " (10 stories) of fjord)",
    ]
