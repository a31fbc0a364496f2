"""Deduplicate as a TestPipeline: verification, containment, provenance, and both components paths."""

from __future__ import annotations

import json
from pathlib import Path

import apache_beam as beam
import numpy as np
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.utils.windowed_value import WindowedValue

import pipeline.beam.spill as spill_module
from pipeline.beam.bands import EXACT_BAND, pack, unpack
from pipeline.beam.dedup import Deduplicate
from pipeline.beam.dedup.regroup import RegroupFarMembers
from pipeline.beam.dedup.route import Route
from pipeline.beam.history import FingerprintStoreReads, write_fingerprint_shard
from pipeline.beam.match_history import (
    BUCKETS,
    KEYS,
    PRINTS,
    HistoryBuckets,
    MatchHistory,
    NewBuckets,
    NewBucketsFilter,
    VerifyAgainstHistory,
    verifiable_of,
)
from pipeline.beam.tags import STATS
from pipeline.beam.write import STATS_FILE, WriteShardedJsonl, WriteStats
from pipeline.core.record import Article, ArticleLine
from pipeline.dedup.bucket_filter import MIN_BITS_LOG2, BucketFilter
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.digest_set import DigestSet
from pipeline.dedup.minhash import MinHasher, is_empty_signature
from pipeline.dedup.verify import member_verdict, signature_and_shingle_set
from pipeline.history.store import HistoryPartition
from pipeline.io.jsonl import article_line, article_output, duplicate_to_dict
from pipeline.report.samples import SAMPLES, cluster_member_sample
from pipeline.work.tasks import FingerprintedArticle, Fingerprints, Outcome, RecordError, article_of
from tests.conftest import IN_MEMORY, transform_labels

# Two unrelated stories, each ~120 words, as literal sentences.
STORY_X = [
    "The city council voted on Tuesday to close the old harbour bridge for repairs next spring.",
    "Engineers found cracks in three of the steel supports during an inspection in August.",
    "The bridge carries about twelve thousand cars a day between the north and south districts.",
    "Drivers will be sent along the ring road while the work is done, adding some ten minutes to a trip.",
    "Shop owners near the bridge said they feared losing customers during the months of closure.",
    "The council promised a free shuttle bus for pedestrians and cyclists from the first day.",
    "Repairs are expected to cost four million pounds, paid from the regional transport fund.",
    "A final decision on the timetable will be taken at the next council meeting in January.",
    "Local residents have been invited to a public meeting at the town hall on Friday evening.",
    "The bridge was built in 1932 and was last strengthened more than forty years ago.",
]
STORY_Y = [
    "A rare white stork has been spotted nesting on a church roof in a small village this week.",
    "Bird watchers travelled from across the country to catch a glimpse of the unusual visitor.",
    "Experts believe the bird was blown off course during the storms at the end of last month.",
    "The vicar said the congregation had welcomed the stork and asked visitors to park considerately.",
    "Wildlife officers have put up signs asking people to keep a safe distance from the nest.",
    "Storks have not bred in the region for more than two hundred years, according to records.",
    "A local school has started a project to follow the bird with a camera mounted on the tower.",
    "The pair are expected to raise their young before flying south at the end of the summer.",
    "The village shop reported selling out of postcards and binoculars within two days.",
    "Conservation groups hope the birds will return to the same roof again next year.",
]
UNRELATED = (
    "Quarterly profits at the supermarket chain rose by eight percent, helped by strong sales of fresh food "
    "and a cold snap that lifted demand for soups. The chief executive said prices would stay flat."
)
INTRO = [
    "Our correspondent in the region sends this report, which we republish with permission from a partner site.",
    "Readers who want more local news can sign up to the weekly newsletter from our community desk today.",
    "Earlier this year our own reporters covered the festival, the floods and the election in the valley.",
    "Next week we will look at the schools budget, the new library and the plans for the market square.",
    "We also asked readers to send in pictures from the village fete and the summer carnival parade.",
    "The winners of the photo competition will be announced in the print edition on Saturday morning.",
    "The council has also confirmed that the bypass will reopen to lorries at the start of next month.",
    "Parking charges in the town centre will not change this year, the finance committee decided.",
    "Meanwhile, here is the story everyone in the area has been talking about this week in full.",
]


def _text(sentences: list[str]) -> str:
    return " ".join(sentences)


ARTICLES = [
    Article("x-origin", _text(STORY_X), published="2024-03-01T09:00:00Z"),
    Article("x-exact", _text(STORY_X), published="2024-03-01T12:00:00Z"),
    Article(
        "x-near",
        _text(STORY_X[:4] + ["Drivers will use the ring road instead during the works."] + STORY_X[5:]),
        published="2024-03-02",
    ),
    Article("x-truncated", _text(STORY_X[:5]) + " Read the rest on our partner site.", published="2024-03-01"),
    Article("y-origin", _text(STORY_Y), published="2024-04-01"),
    Article("y-with-intro", _text(INTRO + STORY_Y), published="2024-04-02"),
    Article("z", UNRELATED, published="2024-04-03"),
]


def run_dedup(
    articles: list,
    config: DedupConfig,
    directory: Path,
    spill_dir: str | None = None,
    line_spill_dir: str | None = None,
) -> dict[str, bytes]:
    """Runs Deduplicate and writes its outputs as the pipeline does; returns every file's bytes by name."""
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        deduplicate = Deduplicate(config, spill_dir=spill_dir, line_spill_dir=line_spill_dir)
        result = pipeline | beam.Create(articles) | deduplicate
        written = [
            result["kept"] | "WriteKept" >> WriteShardedJsonl(str(directory), "articles", article_output, 1000),
            result["duplicates"]
            | "WriteDuplicates" >> WriteShardedJsonl(str(directory), "duplicates", duplicate_to_dict, 1000),
        ]
        _ = (written + [result["stats"]]) | beam.Flatten() | WriteStats(str(directory))
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def lines(files: dict[str, bytes], prefix: str) -> list[dict]:
    return [json.loads(line) for name, data in files.items() if name.startswith(prefix) for line in data.splitlines()]


def counters(files: dict[str, bytes]) -> dict[str, int]:
    stats: dict[str, int] = json.loads(files[STATS_FILE])
    return stats


# A crafted pair: the same opening, then different stories; real Jaccard ~0.3, far below the threshold.
SHARED_OPENING = [
    Article("opening-a", _text(STORY_X[:4] + STORY_Y[:6]), published="2024-05-01"),
    Article("opening-b", _text(STORY_X[:4] + INTRO[:6]), published="2024-05-02"),
]
# 8 bands of 1 value: any one equal signature value makes a pair a candidate.
COLLIDING = DedupConfig(num_perm=8, bands=8, rows=1)


def test_provenance_of_every_match_kind_is_pinned(tmp_path):
    files = run_dedup(ARTICLES, DedupConfig(), tmp_path)
    assert [a["id"] for a in lines(files, "articles")] == ["x-origin", "y-with-intro", "z"]
    assert files["duplicates-00000-of-00001.jsonl"].decode().splitlines() == [
        '{"id": "x-exact", "duplicate_of": "x-origin", "match": "exact", "similarity": 1.0, '
        '"estimated_similarity": 1.0, "containment": 1.0}',
        '{"id": "x-near", "duplicate_of": "x-origin", "match": "near", "similarity": 0.8012, '
        '"estimated_similarity": 0.8359, "containment": 0.9048}',
        '{"id": "x-truncated", "duplicate_of": "x-origin", "match": "containment", "similarity": 0.478, '
        '"estimated_similarity": 0.4766, "containment": 0.9157}',
        '{"id": "y-origin", "duplicate_of": "y-with-intro", "match": "containment", "similarity": 0.5016, '
        '"estimated_similarity": 0.5078, "containment": 1.0}',
    ]
    assert counters(files) == {
        # x-exact is an exact copy of x-origin: resolved by content hash, it never becomes an LSH candidate.
        "dedup:candidates-contained": 2,
        "dedup:candidates-verified": 3,
        "dedup:components-single-worker": 1,
        "dedup:exact-copies": 1,
        "dedup:fingerprinted": 7,
        "duplicates:containment": 2,
        "duplicates:exact": 1,
        "duplicates:near": 1,
        "kept:articles": 3,
        "written:articles": 3,
        "written:duplicates": 4,
    }


def test_truncated_copy_published_first_still_loses_to_its_container(tmp_path):
    # x-truncated has the best keep rank (earliest published), but it is contained in the full story: the
    # container is kept, and the truncated copy is a containment duplicate of it.
    articles = [a for a in ARTICLES if a.id in ("x-origin", "x-truncated")]
    assert articles[1].published < articles[0].published
    files = run_dedup(articles, DedupConfig(), tmp_path)
    assert [a["id"] for a in lines(files, "articles")] == ["x-origin"]
    assert [(d["id"], d["duplicate_of"], d["match"]) for d in lines(files, "duplicates")] == [
        ("x-truncated", "x-origin", "containment")
    ]


def test_exact_copies_of_a_partial_copy_lose_to_its_container_too(tmp_path):
    # Both truncated copies were published before the full story; an exact copy shares its text's contained flag,
    # so neither can be kept over the container.
    truncated = _text(STORY_X[:5]) + " Read the rest on our partner site."
    articles = [
        Article("t1", truncated, published="2024-03-01T08:00:00Z"),
        Article("t2", truncated, published="2024-03-01T08:30:00Z"),
        Article("full", _text(STORY_X), published="2024-03-02"),
    ]
    files = run_dedup(articles, DedupConfig(), tmp_path)
    assert [a["id"] for a in lines(files, "articles")] == ["full"]
    assert [(d["id"], d["duplicate_of"], d["match"]) for d in lines(files, "duplicates")] == [
        ("t1", "full", "containment"),
        ("t2", "full", "containment"),
    ]
    assert counters(files)["dedup:exact-copies"] == 1


def far_copies(copy_b: str = "exact") -> list[tuple[str, str, str]]:
    """``(id, text, published)`` of a group whose root is too far from two of its members: "copy-a" and "copy-b" are
    near copies of "member" (Jaccard 0.57), which is a near copy of "root" (0.60, all of it inside), so root is the
    group's root, and the copies are not similar enough to root (0.38, and 73% of them inside). ``copy_b``: "exact"
    (copy-a's text) or "commas" (copy-a's text without its commas: one shingle set, two content hashes)."""
    story = STORY_X + STORY_Y[:5]
    text = _text(story[:11] + STORY_Y[5:9])
    return [
        ("root", _text(story + INTRO), "2024-01-01"),
        ("member", _text(story), "2024-01-03"),
        ("copy-a", text, "2024-01-02"),
        ("copy-b", text if copy_b == "exact" else text.replace(",", ""), "2024-01-04"),
    ]


def test_an_exact_copy_whose_text_is_kept_after_verification_is_a_duplicate_of_its_representative(tmp_path):
    # The text of copy-a and copy-b is too far from root: its representative copy-a is kept, and copy-b, which
    # followed it to root, is its exact duplicate (both were kept at stop 41: found at 1M, 425 such pairs).
    articles = [Article(article_id, text, published=published) for article_id, text, published in far_copies()]
    files = run_dedup(articles, DedupConfig(), tmp_path)
    assert [a["id"] for a in lines(files, "articles")] == ["copy-a", "root"]
    assert [(d["id"], d["duplicate_of"], d["match"]) for d in lines(files, "duplicates")] == [
        ("copy-b", "copy-a", "exact"),
        ("member", "root", "near"),
    ]
    stats = counters(files)
    assert (stats["dedup:kept-after-verification"], stats["duplicates:exact"]) == (1, 1)


def test_near_copies_of_each_other_that_their_root_is_too_far_from_are_not_both_kept(tmp_path):
    # copy-b is copy-a without its commas: both are too far from root, and RegroupFarMembers finds copy-b a near copy
    # of copy-a, which ranks first (published first); copy-b's exact copy follows it. Both were kept before.
    articles = [Article(article_id, text, published=published) for article_id, text, published in far_copies("commas")]
    articles.append(Article("copy-b-exact", articles[-1].text, published="2024-01-05"))
    files = run_dedup(articles, DedupConfig(), tmp_path)
    assert [a["id"] for a in lines(files, "articles")] == ["copy-a", "root"]
    assert files["duplicates-00000-of-00001.jsonl"].decode().splitlines() == [
        '{"id": "copy-b", "duplicate_of": "copy-a", "match": "near", "similarity": 1.0, '
        '"estimated_similarity": 1.0, "containment": 1.0}',
        '{"id": "copy-b-exact", "duplicate_of": "copy-a", "match": "near", "similarity": 1.0, '
        '"estimated_similarity": 1.0, "containment": 1.0}',
        '{"id": "member", "duplicate_of": "root", "match": "near", "similarity": 0.6021, '
        '"estimated_similarity": 0.5391, "containment": 1.0}',
    ]
    stats = counters(files)
    assert (stats["dedup:kept-after-verification"], stats["dedup:far-members-regrouped"]) == (1, 1)


@pytest.mark.parametrize("verified_each, verifications", [(64, 4), (0, 1)])
def test_far_members_past_a_bound_are_verified_only_against_those_that_share_a_band(
    monkeypatch, verified_each, verifications
):
    config = DedupConfig()
    hasher = MinHasher.from_config(config)
    verified = []

    def counting_verdict(*args):
        verified.append(args)
        return member_verdict(*args)

    monkeypatch.setattr("pipeline.beam.dedup.regroup.member_verdict", counting_verdict)
    monkeypatch.setattr("pipeline.beam.dedup.regroup.MAX_VERIFIED_EACH", verified_each)
    texts = {"a": " ".join(STORY_X), "b": " ".join(STORY_Y), "c": UNRELATED, "d": " ".join(STORY_X[:9])}
    members = [
        ((rank,), key, None, ArticleLine(key, text.encode()), key.encode(), *signature_and_shingle_set(hasher, text, 5))
        for rank, (key, text) in enumerate(texts.items())
    ]
    regroup = RegroupFarMembers(config)
    regroup.setup()
    regroup.start_bundle()
    outputs = list(regroup.process(("root", members)))
    assert [output.id for output in outputs if isinstance(output, ArticleLine)] == ["a", "b", "c"]
    duplicates = [output.value for output in outputs if getattr(output, "tag", None) == RegroupFarMembers.DUPLICATES]
    assert [(duplicate.id, duplicate.duplicate_of) for duplicate in duplicates] == [("d", "a")]
    # All pairs: b-a, c-a, c-b, d-a (d's first). By band: d-a only, the one pair that shares a band.
    assert len(verified) == verifications


def test_without_containment_partial_copies_are_kept(tmp_path):
    files = run_dedup(ARTICLES, DedupConfig(containment_threshold=None), tmp_path)
    assert [a["id"] for a in lines(files, "articles")] == ["x-origin", "x-truncated", "y-origin", "y-with-intro", "z"]
    assert [(d["id"], d["match"]) for d in lines(files, "duplicates")] == [("x-exact", "exact"), ("x-near", "near")]
    # x-truncated vs x-origin and y-origin vs y-with-intro (x-exact is resolved as an exact copy, never a candidate)
    assert counters(files)["dedup:candidates-rejected"] == 2


def test_verification_rejects_a_colliding_candidate_and_counts_it(tmp_path):
    files = run_dedup(SHARED_OPENING, COLLIDING, tmp_path)
    assert [a["id"] for a in lines(files, "articles")] == ["opening-a", "opening-b"]
    assert lines(files, "duplicates") == []
    stats = counters(files)
    assert stats["dedup:candidates-verified"] == 1
    assert stats["dedup:candidates-rejected"] == 1
    assert "dedup:components-single-worker" not in stats  # no verified edge: nothing to resolve


@pytest.mark.parametrize("rounds", [1, 20])
def test_distributed_components_give_the_same_bytes_as_single_worker(tmp_path, rounds):
    articles = ARTICLES + SHARED_OPENING
    single = run_dedup(articles, DedupConfig(), tmp_path / "single")
    distributed = run_dedup(
        articles, DedupConfig(max_single_worker_articles=0, component_rounds=rounds), tmp_path / "distributed"
    )
    data = {name: value for name, value in single.items() if name != STATS_FILE}
    assert {name: value for name, value in distributed.items() if name != STATS_FILE} == data
    stats = counters(distributed)
    assert stats["dedup:components-distributed"] == 1
    assert "dedup:components-single-worker" not in stats
    assert counters(single)["dedup:components-single-worker"] == 1


def _label(number: int) -> tuple:
    return (0, (0, "", -1, f"n{number:03d}"))


def _pair(left: tuple, right: tuple) -> tuple:
    """A verified pair between two labelled nodes, as VerifiedPairs gives it."""
    return (left[1][-1], left, right[1][-1], right)


def _components(pairs: list[tuple], max_pairs: int, rounds: int, directory: Path) -> tuple[list[str], dict]:
    from pipeline.beam.dedup.components import DistributedComponents, SingleWorkerComponents

    directory.mkdir()
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        graph = pipeline | beam.Create([pairs[:5], pairs[5:]])  # verified pairs travel in lists
        count = beam.pvalue.AsSingleton(graph | "Count" >> beam.Map(len) | "Sum" >> beam.CombineGlobally(sum))
        single = graph | "Single" >> SingleWorkerComponents(max_pairs, count)
        distributed = graph | "Distributed" >> DistributedComponents(max_pairs, rounds, count)
        roots = (single.roots, distributed["roots"]) | "Roots" >> beam.Flatten()
        _ = (
            roots
            | "AsLine" >> beam.Map(lambda root: f"{root[0]} {root[1]}")
            | "OneFile" >> beam.combiners.ToList()
            | "Write" >> beam.Map(lambda found: (directory / "roots").write_text("\n".join(sorted(found))))
        )
        _ = (single[STATS], distributed["stats"]) | "Stats" >> beam.Flatten() | WriteStats(str(directory))
    return (directory / "roots").read_text().splitlines(), json.loads((directory / STATS_FILE).read_text())


def test_components_transforms_on_a_shuffled_chain_and_a_star(tmp_path):
    order = [7, 3, 11, 0, 9, 5, 1, 12, 4, 10, 2, 8, 6]  # a chain through the nodes in this order, and a star at 20
    chain = [_pair(_label(a), _label(b)) for a, b in zip(order, order[1:], strict=False)]
    star = [_pair(_label(n), _label(20)) for n in (21, 22, 23)]
    edges = chain + star
    expected = sorted(f"n{n:03d} n000" for n in order if n) + [f"n{n:03d} n020" for n in (21, 22, 23)]
    single, single_stats = _components(edges, max_pairs=100, rounds=1, directory=tmp_path / "single")
    assert single == expected
    assert single_stats == {"dedup:components-single-worker": 1}
    converged, stats = _components(edges, max_pairs=0, rounds=20, directory=tmp_path / "rounds")
    assert converged == expected
    assert stats == {"dedup:components-distributed": 1, "dedup:components-last-round-changes": 0}
    # One round does not converge on this chain: the remaining edges go through union-find, same result.
    fallback, stats = _components(edges, max_pairs=0, rounds=1, directory=tmp_path / "fallback")
    assert fallback == expected
    assert stats["dedup:components-unconverged"] == 1
    assert stats["dedup:components-last-round-changes"] > 0


def test_small_inputs_do_not_build_the_distributed_rounds():
    from pipeline.dedup.config import DedupConfig

    def labels(max_articles):
        pipeline = TestPipeline(argv=IN_MEMORY)
        _ = pipeline | beam.Create([]) | Deduplicate(DedupConfig(), max_articles=max_articles)
        return transform_labels(pipeline)

    # At most max_single_worker_articles (1 M) articles, however many pairs they make: one worker holds them.
    assert not any("DistributedComponents" in label for label in labels(1_000))
    assert not any("DistributedComponents" in label for label in labels(1_000_000))
    assert any("DistributedComponents" in label for label in labels(None))  # unknown size: both paths
    assert any("DistributedComponents" in label for label in labels(1_000_001))


class StoredRows:
    """Stored fingerprints given as rows, for MatchHistory (its StoreReads): each of the three reads is a Create of
    them (the candidates' read gives every row; MatchHistory uses only the candidates')."""

    def __init__(self, rows: list[tuple]) -> None:
        self._rows = rows

    def content_hashes(self) -> beam.PTransform:
        return beam.Create([row[2] for row in self._rows])

    def for_banding(self) -> beam.PTransform:
        return beam.Create(self._rows)

    def candidates(self, ids: beam.pvalue.AsSingleton) -> beam.PTransform:
        return beam.Create(self._rows)


def _fingerprinted(articles: list[Article], config: DedupConfig) -> list[FingerprintedArticle]:
    fingerprints = Fingerprints(config)
    fingerprints.setup()
    return [FingerprintedArticle(a, outcome) for a, outcome in zip(articles, fingerprints(articles), strict=True)]


def test_articles_fingerprinted_where_they_were_cleaned_give_the_same_bytes(tmp_path):
    articles = ARTICLES + SHARED_OPENING
    plain = run_dedup(articles, DedupConfig(), tmp_path / "plain")
    assert run_dedup(_fingerprinted(articles, DedupConfig()), DedupConfig(), tmp_path / "fingerprinted") == plain


FAILED = FingerprintedArticle(Article("odd", "text"), Outcome(None, RecordError("ValueError", "no shingles"), ()))


@pytest.mark.parametrize("with_history", [False, True])
def test_an_article_whose_fingerprinting_failed_is_rejected_with_that_error(with_history):
    config = DedupConfig()
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        articles = pipeline | beam.Create([*_fingerprinted(ARTICLES[:2], config), FAILED])
        if with_history:  # no stored fingerprints: MatchHistory passes every article on, the failed one too
            articles, _, _ = articles | MatchHistory(config, StoredRows([]))
        result = articles | Deduplicate(config)
        reasons = result["rejects"] | beam.Map(lambda reject: (reject.id, reject.reason, reject.detail))
        assert_that(
            reasons,
            equal_to(
                [
                    (
                        "odd",
                        "internal_error",
                        "ValueError in fingerprinting: no shingles; please report it to newsclean with this record",
                    )
                ]
            ),
        )
        kept = result["kept"] | "AllKept" >> beam.Flatten() | "KeptIds" >> beam.Map(lambda article: article.id)
        assert_that(kept, equal_to(["x-origin"]), label="Kept")


@pytest.mark.parametrize("fingerprinted", [False, True])
def test_match_history_finds_the_same_copies_in_articles_and_fingerprinted_articles(fingerprinted):
    config = DedupConfig()
    [stored] = _fingerprinted(ARTICLES[:1], config)
    _, exact, signature, shingles = stored.fingerprint.result
    new = ARTICLES[1:3] + ARTICLES[4:5]  # x-exact, x-near, y-origin
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        history = StoredRows([("old", "2026-11-26", exact, signature, shingles)])
        articles = pipeline | beam.Create(_fingerprinted(new, config) if fingerprinted else new)
        kept, duplicates, _ = articles | MatchHistory(config, history)
        found = duplicates | beam.Map(lambda d: (d.id, d.duplicate_of, d.match, d.duplicate_of_run_date))
        assert_that(
            found,
            equal_to([("x-exact", "old", "exact", "2026-11-26"), ("x-near", "old", "near", "2026-11-26")]),
        )
        ids = kept | "KeptIds" >> beam.Map(lambda element: (type(element).__name__, article_of(element).id))
        kind = "FingerprintedArticle" if fingerprinted else "Article"  # each goes on as it came
        assert_that(ids, equal_to([(kind, "y-origin")]), label="Kept")


def test_match_history_bands_without_shingle_sets_and_rereads_only_the_candidates_rows(tmp_path):
    # The store is read three ways: its content hashes alone; for banding, without its shingle sets (the largest
    # column); and again, whole, for the rows of candidates only: verification gets the real shingle sets, and no other
    # stored row waits for it.
    config = DedupConfig()
    stored = _fingerprinted([ARTICLES[0], ARTICLES[4]], config)  # x-origin (x-near is a near copy of it), y-origin
    rows = [(f"old-{a.article.id}", "2026-11-26", *a.fingerprint.result[1:]) for a in stored]
    write_fingerprint_shard(((0, 1), [(row[0], spill_module.stashed(None, row)) for row in rows]), str(tmp_path))
    store = FingerprintStoreReads(
        [HistoryPartition("2026-11-26", (str(tmp_path / "fingerprints-00000-of-00001.parquet"),))]
    )
    read: dict[str, beam.PCollection] = {}

    class Kept(beam.PTransform):  # one of the store's reads, its rows kept for the test to look at
        def __init__(self, name, transform):
            super().__init__()
            self._name, self._transform = name, transform

        def expand(self, pbegin):
            read[self._name] = pbegin | self._transform
            return read[self._name]

    class Reads:
        def content_hashes(self):
            return Kept("hashes", store.content_hashes())

        def for_banding(self):
            return Kept("banding", store.for_banding())

        def candidates(self, ids):
            return Kept("candidates", store.candidates(ids))

    with TestPipeline(argv=IN_MEMORY) as pipeline:
        articles = pipeline | beam.Create([ARTICLES[2], Article("new", "an unrelated story " * 20)])  # x-near
        _, duplicates, _ = articles | MatchHistory(config, Reads())
        found = duplicates | beam.Map(lambda d: (d.id, d.duplicate_of, d.match, d.similarity))
        assert_that(found, equal_to([("x-near", "old-x-origin", "near", 0.8012)]))
        assert_that(read["hashes"], equal_to([rows[0][2] + rows[1][2]]), label="Hashes")
        banded = read["banding"] | "BandedShingles" >> beam.Map(lambda row: (row[0], row[4]))
        assert_that(banded, equal_to([("old-x-origin", b""), ("old-y-origin", b"")]), label="Banding")
        reread_ids = read["candidates"] | "RereadIds" >> beam.Map(lambda row: row[0])
        assert_that(reread_ids, equal_to(["old-x-origin"]), label="Reread")


def test_match_history_waits_in_spill_files_with_the_same_outputs_and_deletes_them(tmp_path, monkeypatch):
    # Issue 18 (bounded memory with --history): the band batches wait for PairWithHistory, each new article for
    # SkipMatched, and each signature and shingle set (new and stored) for VerifyAgainstHistory, in spill files; only
    # keys and spans wait in the runner.
    config = DedupConfig()
    [stored] = _fingerprinted(ARTICLES[:1], config)
    _, exact, signature, shingles = stored.fingerprint.result

    def matched(spill_dir, directory, partitions=1):
        with TestPipeline(argv=IN_MEMORY) as pipeline:
            history = StoredRows([("old", "2026-11-26", exact, signature, shingles)])
            articles = pipeline | beam.Create(_fingerprinted(ARTICLES[1:], config))
            kept, duplicates, _ = articles | MatchHistory(config, history, spill_dir, partitions)
            kept_articles = kept | "Articles" >> beam.Map(article_of)
            _ = kept_articles | "WriteKept" >> WriteShardedJsonl(str(directory), "articles", article_output, 1000)
            _ = duplicates | "WriteDuplicates" >> WriteShardedJsonl(
                str(directory), "duplicates", duplicate_to_dict, 1000
            )
        return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}

    inline = matched(None, tmp_path / "inline")
    assert [entry["id"] for entry in lines(inline, "duplicates")] == ["x-exact", "x-near", "x-truncated"]
    assert len(lines(inline, "articles")) == len(ARTICLES) - 4
    assert matched(str(tmp_path / "history"), tmp_path / "spilled") == inline
    assert not (tmp_path / "history").exists()
    # The stored fingerprints and the candidate pairs meet by the partition of the stored id, however many there are.
    assert matched(str(tmp_path / "partitioned"), tmp_path / "partitioned-out", partitions=7) == inline
    with monkeypatch.context() as patched:  # kept: the spill files were written, by both kinds
        skipped, delete = str(tmp_path / "kept"), spill_module.delete_spill_dir
        patched.setattr(spill_module, "delete_spill_dir", lambda path: None if path == skipped else delete(path))
        assert matched(str(tmp_path / "kept"), tmp_path / "undeleted") == inline
    assert {path.name.split("-")[0] for path in (tmp_path / "kept").iterdir()} == {"new", "stored"}


def test_new_buckets_stashes_a_fingerprinted_article_once_for_both_skip_matched_and_verification(tmp_path):
    # A FingerprintedArticle holds its signature and shingle set: its one stash is both what SkipMatched passes on and
    # what VerifyAgainstHistory reads them from (before, they were stashed a second time, ~1.4 KB a new article). A
    # plain Article's fingerprint, made here, is stashed apart.
    config = DedupConfig()
    [fingerprinted] = _fingerprinted(ARTICLES[:1], config)
    _, exact, signature, shingles = fingerprinted.fingerprint.result
    buckets = NewBuckets(config, str(tmp_path))
    buckets.setup()

    def stashes(element):
        buckets.start_bundle()
        outputs = list(buckets.process(element, {}))
        list(buckets.finish_bundle())  # closes the bundle's spill file
        [main] = [out for out in outputs if not hasattr(out, "tag")]
        [prints] = [out.value for out in outputs if getattr(out, "tag", None) == PRINTS]
        return main, prints

    (key, stash), (prints_id, (prints_exact, verifiable)) = stashes(fingerprinted)
    (_, plain_stash), (_, (_, plain_verifiable)) = stashes(fingerprinted.article)
    assert key == (fingerprinted.article.id, exact) and (prints_id, prints_exact) == key
    assert verifiable == stash and plain_verifiable != plain_stash
    [loaded, plain_loaded] = spill_module.load_values([verifiable, plain_verifiable])
    assert verifiable_of(loaded) == verifiable_of(plain_loaded) == (signature, shingles)
    assert spill_module.load_values([plain_stash]) == [fingerprinted.article]  # each goes on as it came


def test_an_exact_copy_of_a_stored_text_is_matched_to_that_text_by_its_content_hash_alone():
    # A new text the store holds is not banded (at 1M a day of repeats paired each copy with its original in every
    # band): its duplicate_of is the stored copy of its text, even when an older stored text is a near copy of it.
    # With one config that older text cannot be there: the stored copy would have matched it on its own run date.
    config = DedupConfig()
    older, same = _fingerprinted([ARTICLES[2], ARTICLES[0]], config)  # x-near, x-origin
    history = [
        ("older", "2026-11-20", *older.fingerprint.result[1:]),
        ("same", "2026-11-26", *same.fingerprint.result[1:]),
    ]
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        new = [Article("copy", ARTICLES[0].text)]  # x-origin's text: a near copy of "older" too
        _, duplicates, _ = pipeline | beam.Create(new) | MatchHistory(config, StoredRows(history))
        found = duplicates | beam.Map(lambda d: (d.id, d.duplicate_of, d.match, d.duplicate_of_run_date))
        assert_that(found, equal_to([("copy", "same", "exact", "2026-11-26")]))


def test_verifying_a_copy_of_a_stored_text_loads_no_fingerprint_and_a_near_copy_loads_both():
    # A new text whose candidates all hold its text is an exact match of the earliest: its fingerprint and theirs are
    # never loaded (here they could not be: not pickles). Any other candidate is verified on both real fingerprints.
    config = DedupConfig()
    origin, near = (f.fingerprint.result for f in _fingerprinted([ARTICLES[0], ARTICLES[2]], config))
    unreadable = b"never loaded"
    copies = {
        "new": [(origin[1], unreadable)],
        "stored": [("s2", "2026-12-01", origin[1], unreadable), ("s1", "2026-11-30", origin[1], unreadable)],
    }
    near_copy = {
        "new": [(near[1], spill_module.stashed(None, near[2:]))],
        "stored": [("s1", "2026-11-30", origin[1], spill_module.stashed(None, origin[2:]))],
    }
    verify = VerifyAgainstHistory(config)
    verify.start_bundle()
    outputs = [*verify.process(("copy", copies)), *verify.process(("near", near_copy)), *verify.finish_bundle()]
    duplicates = [output.value for output in outputs if hasattr(output, "value") and hasattr(output.value, "match")]
    assert [
        (d.id, d.duplicate_of, d.match, d.similarity, d.estimated_similarity, d.containment) for d in duplicates
    ] == [
        ("copy", "s1", "exact", 1.0, 1.0, 1.0),
        ("near", "s1", "near", 0.8012, 0.8359, 0.9048),
    ]


def test_history_buckets_keep_only_the_entries_of_buckets_a_new_article_is_in():
    # Nearly every stored band entry shares no bucket with a new article; each waited in a spill file, ~1.6 KB a stored
    # fingerprint. Now HistoryBuckets keeps only those the new articles' BucketFilter may hold: x-origin (x-near is a
    # near copy of it) shares buckets with the new x-near; y-origin shares none.
    config = DedupConfig()
    new, near, other = _fingerprinted([ARTICLES[2], ARTICLES[0], ARTICLES[4]], config)
    new_buckets = NewBuckets(config)
    new_buckets.setup()
    new_buckets.start_bundle()
    outputs = [*new_buckets.process(new, DigestSet.of(16, [])), *new_buckets.finish_bundle()]
    keys = [out.value.value for out in outputs if getattr(out, "tag", None) == KEYS]
    filters = NewBucketsFilter(MIN_BITS_LOG2)
    only = filters.create_accumulator()
    for packed in keys:
        only = filters.add_input(only, packed)
    history_buckets = HistoryBuckets(config)
    history_buckets.setup()

    def entries(only):
        """Each stored id's entries among HistoryBuckets' groups: (bands, content hash)."""
        history_buckets.start_bundle()
        rows = [(f"old-{a.article.id}", "2026-11-26", *a.fingerprint.result[1:3], b"") for a in (near, other)]
        outputs = [out for row in rows for out in history_buckets.process(row, only)]
        outputs += history_buckets.finish_bundle()
        counts = {row[0]: [0, 0] for row in rows}
        for (band, _), packed in (out.value.value for out in outputs if out.tag == BUCKETS):
            if band == EXACT_BAND:
                for _, value in unpack(packed):
                    counts[unpack(value)[1]][1] += 1
            else:
                for value in unpack(packed)[1]:
                    counts[unpack(value)[1]][0] += 1
        return counts

    everything = BucketFilter(MIN_BITS_LOG2, np.full(1 << (MIN_BITS_LOG2 - 3), 255, dtype=np.uint8))
    assert entries(everything) == {"old-x-origin": [32, 1], "old-y-origin": [32, 1]}
    kept = entries(only)
    assert 0 < kept["old-x-origin"][0] < 32 and kept["old-y-origin"] == [0, 0]


def test_match_history_judges_each_text_of_a_shared_id_on_its_own():
    # Two new articles under one id, one a copy of a stored text and one not: MatchHistory's verdict is one text's
    # (its id and content hash), so the copy goes to duplicates and the other text goes on.
    config = DedupConfig()
    [stored] = _fingerprinted(ARTICLES[:1], config)
    _, exact, signature, shingles = stored.fingerprint.result
    copy, other = Article("shared", ARTICLES[1].text), Article("shared", ARTICLES[4].text)
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        history = StoredRows([("old", "2026-11-26", exact, signature, shingles)])
        kept, duplicates, _ = pipeline | beam.Create([copy, other]) | MatchHistory(config, history)
        found = duplicates | beam.Map(lambda d: (d.id, d.duplicate_of, d.match))
        assert_that(found, equal_to([("shared", "old", "exact")]))
        texts = kept | "KeptTexts" >> beam.Map(lambda element: article_of(element).text)
        assert_that(texts, equal_to([other.text]), label="Kept")


def test_match_history_finds_an_exact_copy_of_a_text_without_tokens():
    # A text of only symbols has the "empty" signature, which is not banded (every such text shares it): its copy is
    # found by its content hash alone.
    config = DedupConfig()
    symbols = Article("symbols", "* * *\n\n+++")
    [stored] = _fingerprinted([symbols], config)
    _, exact, signature, shingles = stored.fingerprint.result
    assert is_empty_signature(signature)
    with TestPipeline(argv=IN_MEMORY) as pipeline:
        history = StoredRows([("old-symbols", "2026-11-26", exact, signature, shingles)])
        new = [Article("new-symbols", symbols.text), Article("other-symbols", "— — —")]
        kept, duplicates, _ = pipeline | beam.Create(new) | MatchHistory(config, history)
        found = duplicates | beam.Map(lambda d: (d.id, d.duplicate_of, d.match))
        assert_that(found, equal_to([("new-symbols", "old-symbols", "exact")]))
        ids = kept | "KeptIds" >> beam.Map(lambda element: article_of(element).id)
        assert_that(ids, equal_to(["other-symbols"]), label="Kept")


def test_batches_through_spill_files_give_the_same_outputs_and_each_spill_is_deleted(tmp_path, monkeypatch):
    # Issue 18: a run's node, text, band and fingerprint batches wait in spill files and cross the stages as spans;
    # Route reads the nodes back, ResolveCopies the texts, FindCandidates the bands, CandidateFingerprints the
    # fingerprints, and VerifyCandidates and Route the shingle sets they need (each article's, written once).
    config = DedupConfig()
    inline = run_dedup(ARTICLES + SHARED_OPENING, config, tmp_path / "inline")
    spill = tmp_path / "spill" / "dedup"
    assert run_dedup(ARTICLES + SHARED_OPENING, config, tmp_path / "spilled", str(spill)) == inline
    assert list(spill.rglob("*")) == []
    delete = spill_module.delete_spill_dir
    # Each spill was used (its files stay when nothing deletes it) and the other is deleted once its own reader is done.
    for kept in ("nodes", "texts", "bands", "fingerprints", "shingles"):
        kept_spill = tmp_path / f"spill-{kept}"
        with monkeypatch.context() as patched:
            skipped = str(kept_spill / kept)
            patched.setattr(
                spill_module, "delete_spill_dir", lambda path, skip=skipped: None if path == skip else delete(path)
            )
            assert run_dedup(ARTICLES + SHARED_OPENING, config, tmp_path / f"kept-{kept}", str(kept_spill)) == inline
        left = {(path.parent.name, path.suffix) for path in kept_spill.rglob("*") if path.is_file()}
        assert left == {(kept, ".spill")}


def test_with_a_line_spill_each_article_line_is_written_once_and_the_outputs_are_the_same(tmp_path):
    # The pipeline spills each article's output line where it is fingerprinted and passes its span on: kept by Route,
    # by RegroupFarMembers (copy-a: far from its root) or as the winner of two records with one id, the line written
    # is the one spilled, and the outputs are those of lines carried inline.
    far = [Article(article_id, text, published=published) for article_id, text, published in far_copies("commas")]
    same_id = [Article("z", "One text of z, with some words.", origin="b"), Article("z", "Another text.", origin="a")]
    articles = ARTICLES + SHARED_OPENING + far + same_id
    config = DedupConfig()
    inline = run_dedup(articles, config, tmp_path / "inline")
    line_spill = tmp_path / "lines"
    spilled = run_dedup(articles, config, tmp_path / "spilled", str(tmp_path / "spill"), str(line_spill))
    assert spilled == inline
    assert {"copy-a", "root", "z"} <= {article["id"] for article in lines(inline, "articles")}
    written = sorted(line for path in line_spill.iterdir() for line in path.read_bytes().splitlines())
    assert written == sorted(article_line(article) for article in articles)  # every article's line, once


def test_with_a_spill_each_shingle_set_is_written_once_and_the_node_and_fingerprint_carry_its_span(tmp_path):
    from pipeline.beam.dedup.fingerprint import FingerprintArticle
    from pipeline.beam.spill import load_values, unspilled

    config = DedupConfig()
    articles = _fingerprinted(ARTICLES, config)
    fingerprint = FingerprintArticle(config, partitions=1, spill_dir=str(tmp_path))
    fingerprint.setup()
    fingerprint.start_bundle()
    outputs = [output for article in articles for output in fingerprint.process(article)]
    outputs += list(fingerprint.finish_bundle())

    def values(tag):  # the (partition, span) batches of one output, from process and from finish_bundle
        found = []
        for output in outputs:
            value = output.value if isinstance(output, beam.pvalue.TaggedOutput) else output
            if getattr(output, "tag", None) == tag:
                found.append(value.value if isinstance(value, WindowedValue) else value)
        return [span for _, span in found]

    nodes = [node for batch in load_values(values(None)) for node in batch]
    entries = [entry for batch in load_values(values("fingerprints")) for entry in batch]
    expected = {item.article.id: item.fingerprint.result[3] for item in articles}
    assert sorted(node[0].id for node in nodes) == sorted(expected)
    for node in nodes:  # (article, (rank, hash), (signature, span of the shingle set))
        assert unspilled([node[2][1]]) == [expected[node[0].id]]
    assert {entry[0]: entry[1][2] for entry in entries} == {node[0].id: node[2][1] for node in nodes}  # one span
    written = sum(path.stat().st_size for path in (tmp_path / "shingles").iterdir())
    assert written == sum(len(shingles) + 1 for shingles in expected.values())  # each set once, a newline after it


def test_route_verifies_a_member_by_the_fingerprint_its_node_carries_not_by_hashing_its_text_again():
    config = DedupConfig()
    hasher = MinHasher.from_config(config)
    root_text = " ".join(STORY_X)
    root = signature_and_shingle_set(hasher, root_text, config.shingle_size)
    # The node's fingerprint is the one fingerprinting made of the member's cleaned text; here it is a copy of most of
    # the root's story while the article holds an unrelated text, so a verdict from the text would keep it.
    member_fingerprint = signature_and_shingle_set(hasher, " ".join(STORY_X[:9]), config.shingle_size)
    member = ArticleLine("m1", article_line(Article("m1", UNRELATED)))
    node = (member, ((1, "", 0, "m1"), b"member-hash"), member_fingerprint)
    route = Route(config)
    route.setup()
    route.start_bundle()
    roots = [pack([("m1", "r1", ((0,), b"root-hash", root[1]), None)])]
    outputs = [
        *route.process((0, {"nodes": [pack([node])], "exact": [], "other": roots})),
        *route.finish_bundle(),
    ]
    duplicates = [output.value for output in outputs if getattr(output, "tag", None) == Route.DUPLICATES]
    kind, found, estimated = member_verdict(*member_fingerprint, root[1], root[0], config)
    assert kind == "near"
    assert [(d.id, d.duplicate_of, d.match, d.similarity, d.estimated_similarity) for d in duplicates] == [
        ("m1", "r1", "near", round(found.jaccard, 4), round(estimated, 4))
    ]


def _spilled_lines(directory: Path, articles: list[Article]) -> list[ArticleLine]:
    """The articles' lines as FingerprintArticle spills them with a line spill directory."""
    spill = spill_module.SpillFile(str(directory), "articles")
    lines = [ArticleLine(a.id, spill.append(article_line(a)), a.origin) for a in articles]
    spill.close()
    return lines


def _route_outputs(route: Route, joined: tuple[int, dict]) -> dict[str | None, list]:
    route.setup()
    route.start_bundle()
    found: dict[str | None, list] = {}
    for output in [*route.process(joined), *route.finish_bundle()]:
        found.setdefault(getattr(output, "tag", None), []).append(getattr(output, "value", output))
    return found


@pytest.mark.parametrize("spill", [False, True])
def test_route_orders_records_with_one_id_and_one_content_hash_by_their_texts_read_from_their_lines(tmp_path, spill):
    # Same id, rank and content hash (the texts differ only in spacing): the text decides which record's line is kept,
    # read back from the line (spilled, or inline).
    articles = [Article("a", "Body text.", origin="in.jsonl:1"), Article("a", "Body  text.", origin="in.jsonl:2")]
    lines = (
        _spilled_lines(tmp_path, articles)
        if spill
        else [ArticleLine(a.id, article_line(a), a.origin) for a in articles]
    )
    nodes = [(line, ((0, "", 0, "a"), b"same-hash"), (b"sig", b"set")) for line in lines]
    outputs = _route_outputs(Route(DedupConfig()), (0, {"nodes": [pack(nodes)], "exact": [], "other": []}))
    assert outputs[None] == [lines[1]]  # "Body  text." < "Body text."
    [duplicate] = outputs[Route.DUPLICATES]
    assert (duplicate.id, duplicate.duplicate_of, duplicate.match) == ("a", "a", "exact")


def test_route_samples_a_cluster_member_with_the_article_read_back_from_its_spilled_line(tmp_path):
    member = Article("m1", "The member's text.", title="Member", source="example.com")
    [line] = _spilled_lines(tmp_path, [member])
    node = (line, ((1, "", 0, "m1"), b"m1-hash"), (b"sig", b"set"))
    joined = (0, {"nodes": [pack([node])], "exact": [pack([("m1", "r1", None, None)])], "other": []})
    outputs = _route_outputs(Route(DedupConfig(), sample_rate=1.0), joined)
    [sample] = outputs[SAMPLES]
    assert sample == cluster_member_sample(member, "r1")
    assert (sample["title"], sample["text"], sample["site"]) == ("Member", "The member's text.", "example.com")


@pytest.mark.parametrize("store", [False, True])
def test_route_gives_kept_fingerprints_as_nodes_carry_them_and_a_far_member_its_read_set(tmp_path, store):
    config = DedupConfig()
    hasher = MinHasher.from_config(config)
    texts = {"k1": " ".join(STORY_X), "m1": " ".join(STORY_X[:9]), "m2": UNRELATED}
    fingerprints = {key: signature_and_shingle_set(hasher, text, config.shingle_size) for key, text in texts.items()}
    # k1's shingle set spilled (its node and its members' roots refer to it by span), the others' inline.
    spill = spill_module.SpillFile(str(tmp_path), "shingles")
    k1_set = spill.append(fingerprints["k1"][1])
    spill.close()
    references = {"k1": k1_set, "m1": fingerprints["m1"][1], "m2": fingerprints["m2"][1]}
    nodes = [
        (
            ArticleLine(key, article_line(Article(key, text))),
            ((0, "", 0, key), f"{key}-hash".encode()),
            (fingerprints[key][0], references[key]),
        )
        for key, text in texts.items()
    ]
    # Both members have k1, of other content, as their root: m1 is verified a near copy, m2 is too far from it and goes
    # on to RegroupFarMembers with its fingerprint (its shingle set read, not its reference).
    roots = [pack([(member, "k1", ((0, "", 0, "k1"), b"k1-hash", k1_set), None) for member in ("m1", "m2")])]
    route = Route(config, store=store)
    route.setup()
    route.start_bundle()
    outputs = [
        *route.process((0, {"nodes": [pack(nodes)], "exact": [], "other": roots})),
        *route.finish_bundle(),
    ]
    kept = [output.id for output in outputs if isinstance(output, ArticleLine)]
    stored = [output.value for output in outputs if getattr(output, "tag", None) == Route.STORED]
    far = [output.value for output in outputs if getattr(output, "tag", None) == Route.FAR]
    assert kept == ["k1"]
    assert stored == [(key, f"{key}-hash".encode(), *fingerprints[key]) for key in kept if store]
    assert [(root, member[1:3], member[4:]) for root, member in far] == [
        ("k1", ("m2", None), (b"m2-hash", *fingerprints["m2"]))
    ]
