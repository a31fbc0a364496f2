"""LearnBoilerplate and its use by CleanArticles: per-site repeated lines, republished stories, saved files, ledger."""

import dataclasses
import json
import random
import textwrap

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

import pipeline.beam.spill as spill_module
from pipeline.beam.boilerplate import (
    LEARNED,
    LINE_SHARDS,
    TAUGHT,
    LearnBoilerplate,
    LearnFromLineKeys,
    check_learned_dir,
    loaded_lines,
)
from pipeline.beam.clean import LINE_KEYS, REMOVED_LINES, CleanArticles, NormalizeArticles
from pipeline.beam.stats import sum_counts
from pipeline.beam.tags import REJECTS, STATS
from pipeline.cli.commands import main
from pipeline.core.errors import UsageError
from pipeline.core.record import Article
from pipeline.report.samples import SAMPLES, is_sampled
from pipeline.text.clean import LedgerLine, unbatched
from pipeline.text.config import CleaningConfig, LearnedConfig
from pipeline.text.learned import GLOBAL_SITE, LEARNED_RULE, LearnedLine, SiteLines, file_stem, line_key, line_key_text
from pipeline.text.normalize import Normalizer
from tests import syndicated
from tests.conftest import IN_MEMORY, MULTI_PROCESSING

TOPICS = ["harbour", "library", "tram", "market", "school", "bridge", "museum", "stadium"]
TAGLINE = "Metro Digest - your city, your news"
FOLLOW = "Metro Digest is funded by its readers, thank you"


def body(topic: str) -> str:
    return f"The council has approved new plans for the {topic}, officials said on Monday evening."


def metro_article(index: int, topic: str) -> Article:
    text = f"{TAGLINE}\n\n{body(topic)}\n\nWork on the {topic} starts in spring.\n\n{FOLLOW}"
    return Article(f"metro-{index}", text, title=f"Plans for the {topic}", source="metro")


REPUBLISHED = (
    "The river festival returns this weekend with boats, music and food stalls along the quay.\n\n"
    "Organisers expect thirty thousand visitors over the two days, the tourist office said."
)


def republished_copies(n: int) -> list[Article]:
    text = f"{TAGLINE}\n\n{REPUBLISHED}\n\n{FOLLOW}"
    return [Article(f"festival-{i:02d}", text, title="Festival returns", source="metro") for i in range(n)]


OTHER_SITE = [
    Article("pulse-1", "Daily Pulse\n\nA story about one thing happened today in town.", source="pulse"),
    Article("pulse-2", "Daily Pulse\n\nA story about another thing happened today too.", source="pulse"),
]


def assert_learned(articles, config, expected):
    """Run LearnBoilerplate over ``articles`` and check its (site, keys) output."""
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        learned = pipeline | beam.Create(articles) | LearnBoilerplate(config)
        assert_that(learned[LEARNED], equal_to(expected))


def test_without_a_site_short_chrome_lines_are_learned_from_enough_stories_whatever_their_share():
    # 300 articles with no source or URL; 12 different stories carry an audio widget with another duration each:
    # 4% of the run, under min_share, but a short line that is not a sentence, in 12 stories (unsited_min_stories 10)
    rng = random.Random(3)
    widgets = [[f"Lyssna på artikeln ({i % 9 + 1} min)"] if i < 12 else [] for i in range(300)]
    articles = [Article(f"a{i:03d}", "\n\n".join(syndicated.body(rng, 3) + widgets[i])) for i in range(300)]
    widget = line_key("Lyssna på artikeln (3 min)")
    assert_learned(articles, CleaningConfig(), [(GLOBAL_SITE, frozenset({widget}))])
    assert_learned(articles, CleaningConfig(learned=LearnedConfig(unsited_min_stories=0)), [])
    assert_learned(articles, CleaningConfig(learned=LearnedConfig(unsited_min_stories=13)), [])


def test_lines_repeated_across_a_sites_articles_are_learned_per_site():
    articles = [metro_article(i, topic) for i, topic in enumerate(TOPICS)] + OTHER_SITE
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        learned = pipeline | beam.Create(articles) | LearnBoilerplate(CleaningConfig())
        # "Daily Pulse" is in both of pulse's articles, but two articles are below learned.min_articles (5)
        assert_that(learned[LEARNED], equal_to([("metro", frozenset({line_key(TAGLINE), line_key(FOLLOW)}))]))


def test_a_story_republished_twenty_times_keeps_its_body():
    articles = [metro_article(i, topic) for i, topic in enumerate(TOPICS[:4])] + republished_copies(20)
    expected_learned = [("metro", frozenset({line_key(TAGLINE), line_key(FOLLOW)}))]
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        created = pipeline | beam.Create(articles)
        learned = (created | "Learn" >> LearnBoilerplate(CleaningConfig()))[LEARNED]
        assert_that(learned, equal_to(expected_learned), label="Learned")
        cleaned = created | "Clean" >> CleanArticles(CleaningConfig(), learned=learned)
        texts = cleaned.articles | beam.Map(lambda article: (article.id, article.text))
        expected = [(f"festival-{i:02d}", REPUBLISHED) for i in range(20)] + [
            (f"metro-{i}", f"{body(topic)}\n\nWork on the {topic} starts in spring.")
            for i, topic in enumerate(TOPICS[:4])
        ]
        assert_that(texts, equal_to(expected), label="Texts")


def test_near_copies_of_one_story_count_once():
    # the same 24 articles with the copies made distinct (one extra line each): the body recurs in 20 articles, which
    # counting articles would learn; they are one story, so only the site's chrome is learned
    copies = [dataclasses.replace(a, text=a.text + f"\n\nCopy {chr(97 + i)}{chr(97 + i)}") for i, a in
              enumerate(republished_copies(20))]  # fmt: skip
    articles = [metro_article(i, topic) for i, topic in enumerate(TOPICS[:4])] + copies
    assert_learned(articles, CleaningConfig(), [("metro", frozenset({line_key(TAGLINE), line_key(FOLLOW)}))])


def test_learned_lines_are_saved_and_loaded(tmp_path):
    saved = tmp_path / "learned"
    config = CleaningConfig(learned=LearnedConfig(save_dir=str(saved)))
    articles = [metro_article(i, topic) for i, topic in enumerate(TOPICS)] + OTHER_SITE
    assert_learned(articles, config, [("metro", frozenset({line_key(TAGLINE), line_key(FOLLOW)}))])
    files = sorted(path.name for path in saved.iterdir())
    assert files == sorted([f"{file_stem('metro')}.json", f"{file_stem('pulse')}.json"])
    metro = json.loads((saved / f"{file_stem('metro')}.json").read_text(encoding="utf-8"))
    assert metro["site"] == "metro" and metro["articles"] == 8
    assert sorted((row["line"], row["articles"]) for row in metro["lines"]) == sorted([(FOLLOW, 8), (TAGLINE, 8)])
    pulse = json.loads((saved / f"{file_stem('pulse')}.json").read_text(encoding="utf-8"))
    assert pulse == {"format": "newsclean-learned-lines/1", "site": "pulse", "articles": 2, "lines": []}

    # a later run sees three metro articles: alone they teach nothing, with last run's counts the footer is known
    today = [metro_article(10 + i, topic) for i, topic in enumerate(["zoo", "park", "pier"])]
    assert_learned(today, CleaningConfig(), [])
    loaded = CleaningConfig(learned=LearnedConfig(load_dir=str(saved)))
    assert_learned(today, loaded, [("metro", frozenset({line_key(TAGLINE), line_key(FOLLOW)}))])


def test_saved_files_are_identical_for_any_input_order(tmp_path):
    articles = [metro_article(i, topic) for i, topic in enumerate(TOPICS)] + republished_copies(3) + OTHER_SITE
    contents = []
    for name, order in (("a", articles), ("b", list(reversed(articles)))):
        config = CleaningConfig(learned=LearnedConfig(save_dir=str(tmp_path / name)))
        assert_learned(order, config, [("metro", frozenset({line_key(TAGLINE), line_key(FOLLOW)}))])
        contents.append({path.name: path.read_bytes() for path in sorted((tmp_path / name).iterdir())})
    assert contents[0] == contents[1]


def test_the_ledger_lists_every_removed_line():
    article = Article("a1", "Plans for the tram\n\nThe tram will run from May.\n\nAdvertisement\n\n© 2024 Metro")
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        cleaned = pipeline | beam.Create([article]) | CleanArticles(CleaningConfig(ledger=True))
        assert_that(
            cleaned[REMOVED_LINES],
            equal_to([LedgerLine("a1", "Advertisement", "ad_marker"), LedgerLine("a1", "© 2024 Metro", "copyright")]),
        )


def test_cli_ledger_and_per_site_summary(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    articles = [metro_article(i, topic) for i, topic in enumerate(TOPICS)]
    records = [
        {"id": a.id, "text": a.text, "title": a.title, "url": f"https://www.metro.example/{a.id}"} for a in articles
    ]
    (source / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    output = tmp_path / "out"
    assert main(["run", "--input", str(source), "--output", str(output), "--ledger", "--quiet", *IN_MEMORY]) == 0
    ledger = [json.loads(line) for line in (output / "removed-lines-00000-of-00001.jsonl").read_text().splitlines()]
    assert len(ledger) == 16
    assert {(entry["line"], entry["rule"]) for entry in ledger} == {(TAGLINE, LEARNED_RULE), (FOLLOW, LEARNED_RULE)}
    assert [entry["id"] for entry in ledger] == sorted(entry["id"] for entry in ledger)
    summary = json.loads((output / "summary.json").read_text())
    assert summary["lines_removed"][LEARNED_RULE] == 16
    assert summary["lines_removed_by_site"] == {"metro.example": {LEARNED_RULE: 16}}
    assert summary["counters"]["learned:lines"] == 2
    kept = [json.loads(line) for line in (output / "articles-00000-of-00001.jsonl").read_text().splitlines()]
    assert kept[0]["text"] == f"{body(TOPICS[0])}\n\nWork on the {TOPICS[0]} starts in spring."


def test_learned_cleaning_and_ledger_are_identical_across_runners_and_input_orders(tmp_path):
    articles = [metro_article(i, topic) for i, topic in enumerate(TOPICS)] + republished_copies(6) + OTHER_SITE
    records = [{"id": a.id, "text": a.text, "title": a.title, "source": a.source} for a in articles]
    outputs = []
    for name, order, runner in (("a", records, IN_MEMORY), ("b", records[::-1], MULTI_PROCESSING)):
        source = tmp_path / f"in-{name}"
        source.mkdir()
        for part in range(2):
            lines = "".join(json.dumps(r) + "\n" for r in order[part::2])
            (source / f"part{part}.jsonl").write_text(lines, encoding="utf-8")
        output = tmp_path / f"out-{name}"
        args = ["run", "--input", str(source), "--output", str(output), "--ledger", "--no-dedup", "--quiet"]
        assert main([*args, *runner]) == 0
        outputs.append({p.name: p.read_bytes() for p in sorted(output.glob("*.jsonl"))})
    assert outputs[0] == outputs[1]
    assert b"learned_boilerplate" in outputs[0]["removed-lines-00000-of-00001.jsonl"]


def test_a_damaged_learned_file_is_a_one_line_usage_error(tmp_path, capsys):
    learned = tmp_path / "learned"
    learned.mkdir()
    (learned / "site.json").write_text('{"format": "something else"}', encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(f"cleaning:\n  learned:\n    load_dir: {learned}\n", encoding="utf-8")
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text("A headline\n\nA body of more than five words here.", encoding="utf-8")
    args = ["run", "--input", str(source), "--output", str(tmp_path / "out"), "--config", str(config), "--quiet"]
    assert main([*args, *IN_MEMORY]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"newsclean: error: {learned}/site.json is not a newsclean learned-lines file (format 'something else', "
        "expected 'newsclean-learned-lines/1'): remove it from cleaning.learned.load_dir"
    ]
    assert not (tmp_path / "out").exists()


# --- Normalizing once (NormalizeArticles) gives what normalizing in each step gave ---------------------------------


# Outputs gathered by _collect: Beam pickles the functions it runs, so a result must be stored in module state (the
# in-memory runner runs them in this process).
_COLLECTED: dict[str, list] = {}


def _store(values, label):
    _COLLECTED[label] = sorted(values, key=repr)


def _collect(pcoll, label):
    _ = pcoll | f"{label}ToList" >> beam.combiners.ToList() | f"{label}Store" >> beam.Map(_store, label)


def _cleaning_outputs(articles, config, normalize_once, sample_rate, spill_dir=None, keys_spill_dir=None):
    """Cleaned articles, rejects, samples, summed stats and learned lines of LearnBoilerplate + CleanArticles, fed
    with the articles themselves or with NormalizeArticles' output (spilled to ``spill_dir`` when given, learning
    then from its line keys, as a run does, with the keys spilled to ``keys_spill_dir``)."""
    _COLLECTED.clear()
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        created = pipeline | beam.Create(articles)
        stats, rejects = [], []
        if normalize_once:
            normalized = created | "Normalize" >> NormalizeArticles(config, sample_rate, spill_dir=spill_dir)
            created = normalized.articles
            stats.append(normalized[STATS])
            rejects.append(normalized[REJECTS])
        if spill_dir:
            learning = normalized[LINE_KEYS] | "Learn" >> LearnFromLineKeys(config, keys_spill_dir)
        else:
            learning = created | "Learn" >> LearnBoilerplate(config)
        cleaned = created | "Clean" >> CleanArticles(config, sample_rate, learned=learning[LEARNED])
        stats += [learning[STATS], cleaned[STATS]]
        rejects.append(cleaned[REJECTS])
        _collect(cleaned.articles, "articles")
        _collect(rejects | "FlattenRejects" >> beam.Flatten(), "rejects")
        _collect(cleaned[SAMPLES], "samples")
        _collect(cleaned[REMOVED_LINES], "ledger")
        _collect(stats | "FlattenStats" >> beam.Flatten(), "stats")
        _collect(learning[LEARNED], "learned")
    return {**_COLLECTED, "stats": sum_counts(_COLLECTED["stats"])}


def test_normalizing_once_gives_the_same_articles_rejects_samples_and_counts(tmp_path, monkeypatch):
    # hard-wrapped, so that normalizing it counts paragraphs:rejoined-wrapped before the repair raises
    wrapped = textwrap.fill("CRASH " + " ".join(["the council met again on Monday evening"] * 6), 50)
    crashing = Article("crash-1", f"{TAGLINE}\n\n{wrapped}\n\n{FOLLOW}", source="metro")
    articles = (
        [metro_article(i, topic) for i, topic in enumerate(TOPICS)]
        + republished_copies(3)
        + OTHER_SITE
        + [Article("empty-1", "Advertisement\n\nShare on Facebook", source="metro"), crashing]
        + [Article("wrapped", "Caf\u00e9 &amp; bar\r\n\r\n\u00a0Two  spaces here, and a body of words.", source="x")]
    )
    config = CleaningConfig(ledger=True)
    with _crash_on_repair("CRASH"):
        each = _cleaning_outputs(articles, config, normalize_once=False, sample_rate=0.5)
        once = _cleaning_outputs(articles, config, normalize_once=True, sample_rate=0.5)
        spilled = _cleaning_outputs(
            articles, config, True, 0.5, spill_dir=str(tmp_path / "spill"), keys_spill_dir=str(tmp_path / "keys")
        )
    assert once == each
    # Normalized batches through spill files (issue 18: what a run does while cleaning waits for the learned lines),
    # and the line keys while learning picks one copy of each text; the keys' spill is deleted once learning is done.
    assert spilled == each and [p.suffix for p in (tmp_path / "spill").iterdir()] == [".spill"]
    assert not (tmp_path / "keys").exists()
    with monkeypatch.context() as patched:  # the same run, with nothing deleted: the keys went to the spill
        patched.setattr(spill_module, "delete_spill_dir", lambda path: None)
        kept = _cleaning_outputs(articles, config, True, 0.5, str(tmp_path / "spill2"), str(tmp_path / "keys2"))
    assert kept["learned"] == each["learned"] and [p.suffix for p in (tmp_path / "keys2").iterdir()] == [".spill"]
    crashed = [reject for reject in once["rejects"] if reject.reason == "internal_error"]
    assert [reject.id for reject in crashed] == ["crash-1"]
    assert "ValueError in cleaning: crashed on purpose" in crashed[0].detail
    assert once["stats"]["learned:articles-skipped"] == 1 and once["stats"]["paragraphs:rejoined-wrapped"] == 1
    assert once["learned"] == [("metro", frozenset({line_key(TAGLINE), line_key(FOLLOW)}))]
    assert once["samples"] and once["ledger"]


class _crash_on_repair:
    """Normalizer.repair raises ValueError on text containing ``marker``, as a bug on odd input would."""

    def __init__(self, marker):
        self._marker = marker

    def __enter__(self):
        self._original = Normalizer.repair
        marker, original = self._marker, self._original

        def repair(normalizer, text, fixes):
            if marker in text:
                raise ValueError("crashed on purpose")
            return original(normalizer, text, fixes)

        Normalizer.repair = repair

    def __exit__(self, *exc):
        Normalizer.repair = self._original


def test_normalized_articles_drop_their_text_unless_sampled():
    articles = [metro_article(i, topic) for i, topic in enumerate(TOPICS)]
    expected = [(a.id, a.text if is_sampled(a.id, 0.5) else "", len(a.text)) for a in articles]
    assert {text for _, text, _ in expected} > {""}
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        normalized = pipeline | beam.Create(articles) | NormalizeArticles(CleaningConfig(), sample_rate=0.5)
        items = normalized.articles | beam.FlatMap(unbatched)
        texts = items | beam.Map(lambda item: (item.article.id, item.article.text, item.input_chars))
        assert_that(texts, equal_to(expected))


def test_line_tallies_emitted_before_a_bundle_ends_add_up_the_same(tmp_path, monkeypatch):
    articles = [metro_article(i, topic) for i, topic in enumerate(TOPICS)] + republished_copies(3) + OTHER_SITE
    contents = []
    for name, batch in (("whole", 20_000), ("batches", 3)):
        monkeypatch.setattr("pipeline.beam.boilerplate.MAX_TALLIED_ARTICLES", batch)
        config = CleaningConfig(learned=LearnedConfig(save_dir=str(tmp_path / name)))
        assert_learned(articles, config, [("metro", frozenset({line_key(TAGLINE), line_key(FOLLOW)}))])
        contents.append({path.name: path.read_bytes() for path in sorted((tmp_path / name).iterdir())})
    assert contents[0] == contents[1]


def test_a_learned_file_whose_keys_newsclean_did_not_write_is_refused(tmp_path):
    learned = tmp_path / "learned"
    learned.mkdir()
    (learned / "site.json").write_text(
        '{"format": "newsclean-learned-lines/1", "site": "s", "articles": 9, "lines": [\n'
        '{"key": "k1", "articles": 9, "line": "Share"}\n]}',
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match=r"site.json has line key 'k1', not the 16 hex digits newsclean writes"):
        check_learned_dir(LearnedConfig(load_dir=str(learned)))


def test_loaded_lines_keep_their_counts_and_examples_per_shard():
    lines = tuple(LearnedLine(line_key(f"Footer line {word}"), 7, f"Footer line {word}") for word in "abcdefghij")
    site = SiteLines("metro", 40, tuple(sorted(lines, key=lambda line: line.key)))
    tallies = dict(loaded_lines(site))
    assert {shard for _, shard in tallies} <= set(range(LINE_SHARDS))
    for (_, shard), counts in tallies.items():
        assert all(key % LINE_SHARDS == shard for key, _ in counts.counted())
        assert set(counts.examples) == {key for key, _ in counts.counted()}
    merged = {
        line_key_text(key): (articles, counts.examples[key])
        for counts in tallies.values()
        for key, articles in counts.counted()
    }
    assert merged == {line.key: (7, line.line) for line in lines}


def updated_articles(hours: list[int]) -> list[Article]:
    """Articles of one site, each its own story, with an "Updated N hours ago" line (one line key for every N)."""
    rng = random.Random(5)
    return [
        Article(f"u{i:03d}", "\n\n".join([*syndicated.body(rng, 3), f"Updated {n} hours ago"]), source="metro")
        for i, n in enumerate(hours)
    ]


def test_a_learned_lines_example_is_its_smallest_text_in_all_its_articles_and_saved_counts(tmp_path):
    # 300 carriers: only about STORY_SAMPLE of them are sampled for stories, yet the one article with the smallest
    # text of the line (hour 0, the last) gives the example
    hours = [i % 9 + 1 for i in range(299)] + [0]
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        taught = (pipeline | beam.Create(updated_articles(hours)) | LearnBoilerplate(CleaningConfig()))[TAUGHT]
        found = (
            taught
            | beam.Filter(lambda line: line.line.startswith("Updated"))
            | beam.Map(lambda line: (line.line, line.articles))
        )
        assert_that(found, equal_to([("Updated 0 hours ago", 300)]))

    # saved by a run whose smallest text was hour 0, loaded by a run whose smallest is hour 1
    saved = str(tmp_path / "learned")
    assert_learned(updated_articles([0] * 10), CleaningConfig(learned=LearnedConfig(save_dir=saved)),
                   [("metro", frozenset({line_key("Updated 0 hours ago")}))])  # fmt: skip
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        today = updated_articles([i % 9 + 1 for i in range(20)])
        taught = (
            pipeline | beam.Create(today) | LearnBoilerplate(CleaningConfig(learned=LearnedConfig(load_dir=saved)))
        )[TAUGHT]
        found = (
            taught
            | beam.Filter(lambda line: line.line.startswith("Updated"))
            | beam.Map(lambda line: (line.line, line.articles))
        )
        assert_that(found, equal_to([("Updated 0 hours ago", 30)]))
