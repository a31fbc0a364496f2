"""MatchHistory: drop new articles that earlier runs already kept (the fingerprint store), before in-run dedup.

Older articles always win: a new article that is an exact, near or contained copy of a stored one goes to
duplicates with ``duplicate_of`` the stored id and ``duplicate_of_run_date`` its run date; everything else goes on
to in-run dedup. The candidates come from the same LSH bands as in-run dedup (plus the content hash), and every
match is verified on the real shingle sets, which the store keeps for that purpose.

1. ``NewBuckets`` / ``HistoryBuckets``: band keys of new and stored articles, batched per bundle by
   (band, partition) as numpy columns as in pipeline.beam.dedup.fingerprint, tagged new or stored; NewBuckets also
   gives each new article's fingerprint (``prints``). A new text that the store holds is bucketed by its content
   hash alone (see NewBuckets). HistoryBuckets keeps only the entries of buckets a new article may be in (a
   :class:`~pipeline.dedup.bucket_filter.BucketFilter` of NewBuckets' buckets, a side input): nearly every stored
   entry shares no bucket with a new article, and until stop 47 each waited in a spill file (~1.6 KB a stored
   fingerprint). The store is read for this without its shingle sets.
2. ``PairWithHistory``: buckets holding both kinds give (stored id, new id) candidate pairs; a bucket is read once
   per bundle (a copy shares a bucket with its stored original in nearly every band).
3. ``WaitingCandidates``: the stored fingerprints of candidates, and only those, read again whole (the ids of the
   candidates are a side input, and a store file none of whose ids is one is read no further), each with its
   signature and shingle set stashed.
4. ``AttachStored``: each pair meets its stored fingerprint, joined by the partition of the stored id
   (:func:`~pipeline.beam.bands.id_partition`), batched on both sides (a few batches per partition, not one element
   per row or pair).
5. ``VerifyAgainstHistory``: each new fingerprint meets its candidates (a join by new id); the earliest run date among
   the verified matches wins, then the highest similarity, then the smallest id.
6. ``SkipMatched``: the new articles go on unless their (id, content hash) was matched, a side input of keys. The
   texts skip the join of step 5, which on a day that repeats 10k stored texts pickled and grouped each of them.

The store is read three times (:class:`StoreReads`): its content hashes alone, for NewBuckets; its rows without
shingle sets, for HistoryBuckets; its candidates' rows whole, for WaitingCandidates. The stored content hashes that
step 1 looks new texts up in, and the candidates' ids of step 3, are one side-input value each, a
:class:`~pipeline.dedup.digest_set.DigestSet` (a sorted numpy array of 16 and 8 bytes a digest).

With a spill directory (every run has one), what waits between these steps waits on disk
(:mod:`pipeline.beam.spill`): the band batches until ``PairWithHistory``, each new article until ``SkipMatched`` (it
waits for the whole match), and the signatures and shingle sets of new articles and of stored candidates until
``VerifyAgainstHistory`` (a new article's are in its own stash: written once, read there only when it has a
candidate). Only ids, content hashes and spans wait in the runner, and nothing per stored fingerprint: held in it, a
100k-article day that repeated the day before peaked at 4.6 GB (stop 40), and until stop 46 each stored fingerprint
held ~1.1 KB of the runner's memory (its id and span in a join by stored id, its content hash in a side-input
dict) and ~2 KB of disk (its stashed signature and shingle set), whether a candidate or not.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

import apache_beam as beam
import numpy as np

from pipeline.beam.bands import (
    EXACT_BAND,
    BandColumns,
    ContentHashes,
    KeyedBatches,
    SentOnce,
    id_partition,
    unpack,
)
from pipeline.beam.combine import combined, merged_into_first
from pipeline.beam.dedup.shapes import MAX_PARTITIONS, MAX_SEEN_PAIRS, SIMILARITY_DIGITS
from pipeline.beam.history import StoredFingerprint
from pipeline.beam.spill import (
    DeleteSpillWhenDone,
    Span,
    SpillFile,
    close_spills,
    load_values,
    optional_spill,
    spilled,
    stashed,
    unspilled,
)
from pipeline.beam.stats import CountingDoFn
from pipeline.beam.tags import STATS
from pipeline.beam.windows import finished, in_global_window
from pipeline.core.record import Article, Duplicate
from pipeline.dedup.bucket_filter import DIGEST, BucketFilter, bitmap_bits_log2
from pipeline.dedup.buckets import shared_band_values
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.digest_set import ID_DIGEST_BYTES, DigestSet, DigestSetBuilder, id_digest
from pipeline.dedup.minhash import CONTENT_HASH_BYTES, estimate_jaccard
from pipeline.dedup.verify import classify, overlap
from pipeline.work.tasks import FingerprintedArticle, Fingerprints

NEW, STORED = "n", "s"
BUCKETS = "buckets"
KEYS = "keys"
PRINTS = "prints"
MATCHED = "matched"

# Spilled values loaded at a time (new articles in SkipMatched, fingerprints in VerifyAgainstHistory): each spill file
# is read in runs of up to ~1,000 values (a few MB), not opened once per value.
LOAD_BATCH = 1_000
# Stored fingerprints (~100 bytes each as they wait: id, run date, content hash, span) and candidate pairs a bundle
# buffers before sending them as one batch per partition of the stored id: with the few dozen partitions of a big
# store, batches of ~1,000 or more.
MAX_BUFFERED_STORED = 50_000
# Bytes of the store's Parquet files per partition of stored ids in the join with the candidates (~180k stored
# fingerprints of ~1.4 KB): what AttachStored holds of one partition (~100 bytes a fingerprint) stays near 20 MB.
STORE_BYTES_PER_PARTITION = 256 * 1024 * 1024

# What verification needs of a fingerprint, (signature, shingle set), stashed (pipeline.beam.spill.stashed): with a
# spill directory, the span of ~1.4 KB on disk (0.5 KB of signature, 0.9 KB of shingles for a 1.3 KB text). A new
# FingerprintedArticle's is the stash of the whole article, which holds them (verifiable_of).
Verifiable = bytes | Span
# A new article's fingerprint: (content_hash, verifiable).
NewFingerprint = tuple[bytes, Verifiable]
# A stored article's fingerprint as it waits for verification: (id, run_date, content_hash, verifiable).
WaitingStored = tuple[str, str, bytes, Verifiable]
# What SkipMatched knows a new article by: its id and content hash (b"" when it has no fingerprint). Two articles may
# share an id, and a verdict is one text's.
NewKey = tuple[str, bytes]


class _BucketBatcher(CountingDoFn):
    """Batches each article's band entries per bundle into a ``buckets`` output, valued ``(kind, id)`` (packed): its LSH
    bands as :class:`~pipeline.beam.bands.BandColumns` (numpy columns, as in-run dedup makes them) and its content
    hash under :data:`~pipeline.beam.bands.EXACT_BAND`, one ``(hash, value)`` tuple an article (texts without word
    tokens have no bands). With a spill directory each batch goes to the bundle's spill file, and its span goes on."""

    SPILL_PREFIX = ""  # the names of a subclass's spill files

    def __init__(self, config: DedupConfig, spill_dir: str | None = None) -> None:
        self._config = config
        self._spill_dir = spill_dir

    def setup(self) -> None:
        self._bands, self._rows = self._config.banding()

    def start_bundle(self) -> None:
        super().start_bundle()
        self._columns = BandColumns(self._bands, self._rows)
        self._exact = ContentHashes()  # full first when articles are not banded
        self._spill: SpillFile | None = optional_spill(self._spill_dir, self.SPILL_PREFIX)
        # The buckets whose entries are kept (HistoryBuckets'); None: all.
        self._only: BucketFilter | None = None

    def _add(self, kind: str, record_id: str, exact: bytes, signature: bytes, banded: bool = True) -> Iterator[Any]:
        full = self._exact.add(exact, (kind, record_id))
        if banded:
            full = self._columns.add(signature, (kind, record_id)) or full
        if full:
            yield from (beam.pvalue.TaggedOutput(tag, value) for tag, value in self._drain())

    def _drain(self) -> list[tuple[str, Any]]:
        """The buffered entries as ``(tag, value)`` outputs: their groups, under ``buckets``."""
        groups = self._exact.drain(self._only) + self._columns.drain(self._only)
        return [(BUCKETS, group) for group in spilled(groups, self._spill)]

    def finish_bundle(self) -> Iterator[Any]:
        for tag, value in self._drain():
            yield beam.pvalue.TaggedOutput(tag, in_global_window(value))
        close_spills(self._spill)
        yield from super().finish_bundle()


class NewBuckets(_BucketBatcher):
    """Main output ``(new key, stashed element)``; ``prints``: ``(id, new fingerprint)``; ``buckets`` as in
    :class:`_BucketBatcher`. An element is an Article (fingerprinted here, as Deduplicate fingerprints it) or a
    FingerprintedArticle; each goes on as it came, pickled (:func:`pipeline.beam.spill.stashed`: with a spill
    directory, its span), for :class:`SkipMatched`. One whose fingerprinting failed has no fingerprint here and goes
    on, for Deduplicate to reject. In ``prints``, a FingerprintedArticle's fingerprint is that same stash (it holds
    the signature and shingle set: ~1.4 KB an article not written twice); a plain Article's are stashed apart.

    A text the store holds (its content hash is a side-input key) is bucketed by its content hash alone, not by its
    LSH bands: that stored copy was matched against everything older when it was stored, so the exact match is its
    match. A day that repeats its stored texts would otherwise pair each copy with its original in every band: at
    300k articles, 35 s of pairing and 200 MB of pairs for the join after it (a bundle remembers only
    :data:`MAX_SEEN_PAIRS` buckets), and at 1M a peak of 9.1 GB."""

    SPILL_PREFIX = "new"

    def setup(self) -> None:
        super().setup()
        self._fingerprints = Fingerprints(self._config)
        self._fingerprints.setup()

    def _drain(self) -> list[tuple[str, Any]]:
        """As :class:`_BucketBatcher`'s, and before the groups, their buckets' digests, for the filter of
        :class:`HistoryBuckets` (``keys``: a uint64 array's bytes)."""
        digests = np.concatenate((self._exact.digests(), self._columns.digests()))
        return [(KEYS, digests.tobytes()), *super()._drain()] if len(digests) else super()._drain()

    def process(self, element: Article | FingerprintedArticle, stored_hashes: DigestSet) -> Iterator[Any]:
        if isinstance(element, FingerprintedArticle):
            article, outcome = element.article, element.fingerprint
        else:
            article, outcome = element, self._fingerprints.one(element)
        if outcome.result is None:
            yield (article.id, b""), stashed(self._spill, element)
            return
        _, exact, signature, shingles = outcome.result
        stash = stashed(self._spill, element)
        verifiable = stash if isinstance(element, FingerprintedArticle) else stashed(self._spill, (signature, shingles))
        new: NewFingerprint = (exact, verifiable)
        yield from self._add(NEW, article.id, exact, signature, banded=exact not in stored_hashes)
        yield beam.pvalue.TaggedOutput(PRINTS, (article.id, new))
        yield (article.id, exact), stash


class HistoryBuckets(_BucketBatcher):
    """The ``buckets`` output of the stored fingerprints, as in :class:`_BucketBatcher` (no main output), but only
    the entries of buckets a new article may be in (``new_buckets``, a side input: :mod:`pipeline.dedup.bucket_filter`):
    the rest could pair with no new article. Their shingle sets are not read: a store read for banding leaves them
    out."""

    SPILL_PREFIX = "stored-bands"

    def process(self, stored: StoredFingerprint, new_buckets: BucketFilter) -> Iterator[Any]:
        self._only = new_buckets
        record_id, _, exact, signature, _ = stored
        yield from self._add(STORED, record_id, exact, signature)


class NewBucketsFilter(beam.CombineFn):
    """NewBuckets' ``keys`` outputs (64-bit digests' bytes) -> the :class:`BucketFilter` of all of them, of
    ``2^bits_log2`` bits; each bundle fills its own and they merge.

    >>> fn = NewBucketsFilter(16)
    >>> accumulator = fn.add_input(fn.create_accumulator(), np.array([7, 1 << 63], dtype=DIGEST).tobytes())
    >>> only = fn.extract_output(fn.merge_accumulators([accumulator, fn.create_accumulator()]))
    >>> only.may_hold(np.array([1 << 63, 7, 8], dtype=DIGEST)).tolist()
    [True, True, False]
    """

    def __init__(self, bits_log2: int) -> None:
        self._bits_log2 = bits_log2

    def create_accumulator(self) -> BucketFilter:
        return BucketFilter(self._bits_log2)

    def add_input(self, only: BucketFilter, packed: bytes) -> BucketFilter:
        only.add(np.frombuffer(packed, dtype=DIGEST))
        return only

    def merge_accumulators(self, accumulators: Iterable[BucketFilter]) -> BucketFilter:
        return merged_into_first(accumulators, self.create_accumulator, BucketFilter.merge)

    def extract_output(self, only: BucketFilter) -> BucketFilter:
        return only


class WaitingCandidates(beam.DoFn):
    """The stored fingerprints of candidates -> ``(partition of the stored id, packed batch of waiting stored
    fingerprints)``, each with its signature and shingle set stashed and the batches spilled (with a spill
    directory): only candidates wait for verification, not every stored fingerprint (~2 KB each on disk)."""

    def __init__(self, spill_dir: str | None = None, partitions: int = 1) -> None:
        self._spill_dir = spill_dir
        self._partitions = partitions

    def start_bundle(self) -> None:
        self._stored = KeyedBatches(MAX_BUFFERED_STORED)
        self._spill: SpillFile | None = optional_spill(self._spill_dir, "stored")

    def process(self, stored: StoredFingerprint) -> Iterator[tuple[int, bytes | Span]]:
        record_id, run_date, exact, signature, shingles = stored
        waiting: WaitingStored = (record_id, run_date, exact, stashed(self._spill, (signature, shingles)))
        if self._stored.add(id_partition(record_id, self._partitions), waiting):
            yield from spilled(self._stored.drain(), self._spill)

    def finish_bundle(self) -> Iterator[Any]:
        yield from map(in_global_window, spilled(self._stored.drain(), self._spill))
        close_spills(self._spill)


def history_buckets(group: tuple[tuple[int, int], Iterable[bytes]]) -> Iterator[list[bytes]]:
    """The members (packed ``(kind, id)`` values) of every bucket two or more articles share in one group: a
    content-hash group's packed ``(hash, value)`` batches, or a band's packed :class:`~pipeline.beam.bands.BandColumns`.

    >>> from pipeline.beam.bands import pack
    >>> new1, new2, old1 = pack(("n", "new1")), pack(("n", "new2")), pack(("s", "old1"))
    >>> group = ((EXACT_BAND, 3), [pack([(b"k", new1), (b"z", new2)]), pack([(b"k", old1)])])
    >>> [[unpack(value) for value in members] for members in history_buckets(group)]
    [[('n', 'new1'), ('s', 'old1')]]
    """
    (band, _), batches = group
    if band != EXACT_BAND:
        yield from shared_band_values(batches)
        return
    buckets: dict[bytes, list[bytes]] = defaultdict(list)
    for batch in batches:
        for key, value in unpack(batch):
            buckets[key].append(value)
    yield from (members for members in buckets.values() if len(members) > 1)


def bucket_pairs(members: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """``(stored id, new id)`` for every stored and every new member of one bucket (``(kind, id)`` values).

    >>> list(bucket_pairs([("n", "new1"), ("s", "old1"), ("n", "new0")]))
    [('old1', 'new0'), ('old1', 'new1')]
    """
    kinds: dict[str, set[str]] = {NEW: set(), STORED: set()}
    for kind, record_id in members:
        kinds[kind].add(record_id)
    for stored_id in sorted(kinds[STORED]):
        for new_id in sorted(kinds[NEW]):
            yield stored_id, new_id


class PairWithHistory(beam.DoFn):
    """Band groups -> ``(stored id, new id)`` pairs of every bucket that holds both kinds, sent as packed batches keyed
    by the partition of the stored id (of ``partitions``), for the join with the stored fingerprints. A bucket whose
    members the bundle has seen in another group is skipped before its values are unpickled (while the buckets seen
    fit :data:`MAX_SEEN_PAIRS`): a copy of a stored article shares its bucket in nearly every band and its content
    hash.
    A day that repeated the 10k stored texts of the distinct benchmark had 248,851 shared buckets, 9,250 of them with
    other members, which sent 12,161 pairs; reading every bucket sent 313,954, of which 10,098 distinct.

    >>> from pipeline.beam.bands import pack
    >>> pairs = PairWithHistory()
    >>> pairs.start_bundle()
    >>> bucket = [pack([(b"k", pack(("n", "new1"))), (b"k", pack(("s", "old1")))])]
    >>> [pair for _ in range(2) for pair in pairs.process(((EXACT_BAND, 3), bucket))]
    []
    >>> [(partition, unpack(batch)) for partition, batch in (out.value for out in pairs.finish_bundle())]
    [(0, [('old1', 'new1')])]
    """

    def __init__(self, partitions: int = 1) -> None:
        self._partitions = partitions

    def start_bundle(self) -> None:
        self._seen = SentOnce(MAX_SEEN_PAIRS)
        self._pairs = KeyedBatches(MAX_BUFFERED_STORED)

    def process(self, group: tuple[tuple[int, int], Iterable[bytes | Span]]) -> Iterator[tuple[int, bytes]]:
        key, batches = group
        for members in history_buckets((key, unspilled(batches))):
            if self._seen.first(tuple(sorted(members))):
                for stored_id, new_id in bucket_pairs(map(unpack, members)):
                    if self._pairs.add(id_partition(stored_id, self._partitions), (stored_id, new_id)):
                        yield from self._pairs.drain()

    def finish_bundle(self) -> Iterator[Any]:
        self._seen.clear()
        yield from map(in_global_window, self._pairs.drain())


def attach_stored(joined: tuple[int, dict[str, list]]) -> Iterator[tuple[str, WaitingStored]]:
    """For one partition of stored ids: ``(new id, stored fingerprint)`` for each candidate pair, from the packed
    batches of pairs and of waiting stored fingerprints (spans of spilled ones); only the candidates' rows are kept.

    >>> from pipeline.beam.bands import pack
    >>> stored = [pack([("s1", "2026-11-26", b"h1", b"x"), ("s2", "2026-11-26", b"h2", b"y")]),
    ...           pack([("s1", "2026-11-20", b"h1", b"z")])]
    >>> list(attach_stored((0, {"stored": stored, "pairs": [pack([("s1", "n2"), ("s1", "n1"), ("s1", "n2")])]})))
    [('n1', ('s1', '2026-11-20', b'h1', b'z')), ('n2', ('s1', '2026-11-20', b'h1', b'z'))]
    """
    _, groups = joined
    new_ids: dict[str, set[str]] = defaultdict(set)
    for batch in groups["pairs"]:
        for stored_id, new_id in unpack(batch):
            new_ids[stored_id].add(new_id)
    if not new_ids:
        return
    found: dict[str, WaitingStored] = {}
    for batch in unspilled(groups["stored"]):
        for waiting in unpack(batch):
            stored_id = waiting[0]
            if stored_id in new_ids:
                found[stored_id] = min(waiting, found.get(stored_id, waiting))  # stored on two dates: the older
    for stored_id in sorted(found):
        for new_id in sorted(new_ids[stored_id]):
            yield new_id, found[stored_id]


class VerifyAgainstHistory(CountingDoFn):
    """Main output: a Duplicate for each new fingerprint an older article already covers; ``matched``: its new key,
    as a side-input dict entry. The joined groups wait until :data:`LOAD_BATCH` fingerprints are to be loaded (their
    signatures and shingle sets), and those are read in one pass."""

    def __init__(self, config: DedupConfig) -> None:
        self._threshold = config.threshold
        self._containment_threshold = config.containment_threshold

    def start_bundle(self) -> None:
        super().start_bundle()
        self._waiting: list[tuple[str, list[NewFingerprint], list[WaitingStored]]] = []
        self._waiting_fingerprints = 0

    def process(self, joined: tuple[str, dict[str, list]]) -> Iterator[Any]:
        new_id, groups = joined
        if not groups["stored"]:
            return
        new, stored = list(groups["new"]), list(groups["stored"])
        self._waiting.append((new_id, new, stored))
        self._waiting_fingerprints += len(new) + len(stored)
        if self._waiting_fingerprints >= LOAD_BATCH:
            yield from self._verify_waiting()

    def finish_bundle(self) -> Iterator[Any]:
        yield from map(finished, self._verify_waiting())
        yield from super().finish_bundle()

    def _verify_waiting(self) -> Iterator[Any]:
        waiting, self._waiting, self._waiting_fingerprints = self._waiting, [], 0
        # A new text whose every candidate holds its text (the store's copy of a text it holds is its only candidate,
        # see NewBuckets) is an exact match whatever the sets hold: nothing of it is loaded.
        to_load = [not only_same_content(new, stored) for _, new, stored in waiting]
        references: list[Verifiable] = []
        for (_, new, stored), load in zip(waiting, to_load, strict=True):
            if load:
                references += [verifiable for _, verifiable in new]
                references += [verifiable for *_, verifiable in stored]
        loaded = iter(load_values(references))  # each one's stash, in the same order
        for (new_id, new, stored), load in zip(waiting, to_load, strict=True):
            if not load:
                yield from self._verify(new_id, new, stored)
                continue
            # The new ones' first, then the stored ones', as they were listed.
            loaded_new = [(exact, verifiable_of(next(loaded))) for exact, _ in new]
            loaded_stored = [(stored_id, date, exact, next(loaded)) for stored_id, date, exact, _ in stored]
            yield from self._verify(new_id, loaded_new, loaded_stored)

    def _verify(self, new_id: str, new: list[tuple], stored: list[tuple]) -> Iterator[Any]:
        """Each new text's best match among ``stored``, its candidates; a fingerprint is (signature, shingle set), or
        still the stash of one when every candidate has the new text's content hash."""
        for exact, fingerprint in new:
            matches: list[tuple[str, float, str, str, float, float]] = []
            for stored_id, run_date, stored_exact, stored_fingerprint in stored:
                if exact == stored_exact:
                    # Equal content hashes: the same words, so equal signatures and shingle sets.
                    matches.append((run_date, -1.0, stored_id, "exact", 1.0, 1.0))
                    continue
                (signature, shingles), (stored_signature, stored_shingles) = fingerprint, stored_fingerprint
                found = overlap(shingles, stored_shingles)
                match = classify(False, found, self._threshold, self._containment_threshold)
                if match is None:
                    self.count("history:rejected-by-verification")
                    continue
                estimate = round(estimate_jaccard(signature, stored_signature), SIMILARITY_DIGITS)
                similarity = round(found.jaccard, SIMILARITY_DIGITS)
                containment = round(found.left_in_right, SIMILARITY_DIGITS)
                matches.append((run_date, -similarity, stored_id, match, estimate, containment))
            if not matches:
                continue
            run_date, negative_similarity, stored_id, kind, estimate, containment = min(matches)
            self.count(f"duplicates:{kind}")
            self.count("history:matched")
            yield beam.pvalue.TaggedOutput(MATCHED, ((new_id, exact), None))
            yield Duplicate(
                new_id,
                stored_id,
                kind,
                -negative_similarity,
                estimate,
                containment,
                duplicate_of_run_date=run_date,
            )


def verifiable_of(value: FingerprintedArticle | tuple[bytes, bytes]) -> tuple[bytes, bytes]:
    """(signature, shingle set) of a loaded new stash: a FingerprintedArticle's, or the pair stashed for an Article.

    >>> from pipeline.work.tasks import Outcome
    >>> article = FingerprintedArticle(Article("a1", "x"), Outcome((None, b"h", b"sig", b"set"), None, ()))
    >>> verifiable_of(article), verifiable_of((b"sig", b"set"))
    ((b'sig', b'set'), (b'sig', b'set'))
    """
    if isinstance(value, FingerprintedArticle):
        assert value.fingerprint.result is not None  # only fingerprinted articles are verified
        _, _, signature, shingles = value.fingerprint.result
        return signature, shingles
    return value


def only_same_content(new: list[NewFingerprint], stored: list[WaitingStored]) -> bool:
    """Whether every new text and every candidate of a new id have one content hash.

    >>> only_same_content([(b"h", b"")], [("s1", "2026-11-30", b"h", b""), ("s2", "2026-12-01", b"h", b"")])
    True
    >>> only_same_content([(b"h", b"")], [("s1", "2026-11-30", b"h", b""), ("s2", "2026-12-01", b"g", b"")])
    False
    """
    return len({exact for exact, _ in new} | {exact for _, _, exact, _ in stored}) == 1


class SkipMatched(beam.DoFn):
    """``(new key, stashed element)`` -> the element, unless its key was matched (a side-input dict). The elements go
    on :data:`LOAD_BATCH` at a time, each spill file read in one pass.

    >>> skip = SkipMatched(); skip.start_bundle()
    >>> matched = {("a1", b"x"): None}
    >>> [*skip.process((("a1", b"h"), stashed(None, "kept")), matched)]
    []
    >>> [*skip.process((("a1", b"x"), stashed(None, "gone")), matched)], [w.value for w in skip.finish_bundle()]
    ([], ['kept'])
    """

    def start_bundle(self) -> None:
        self._waiting: list[bytes | Span] = []

    def process(self, keyed: tuple[NewKey, bytes | Span], matched: dict[NewKey, None]) -> Iterator[Any]:
        key, element = keyed
        if key in matched:
            return
        self._waiting.append(element)
        if len(self._waiting) >= LOAD_BATCH:
            yield from self._load()

    def finish_bundle(self) -> Iterator[Any]:
        yield from map(in_global_window, self._load())

    def _load(self) -> list[Any]:
        waiting, self._waiting = self._waiting, []
        return load_values(waiting)


class CollectDigests(beam.CombineFn):
    """Elements -> the :class:`DigestSet` of the ``width``-byte digests ``digests_of`` gives of each (a picklable
    function giving them packed, back to back): the stored content hashes (each element one or more of them already)
    and the candidates' ids (:func:`candidate_ids`).

    >>> fn = CollectDigests(16)
    >>> builder = fn.add_input(fn.create_accumulator(), b"h" * 16 + b"i" * 16)
    >>> hashes = fn.extract_output(fn.merge_accumulators([builder, fn.create_accumulator()]))
    >>> len(hashes), b"h" * 16 in hashes
    (2, True)
    """

    def __init__(self, width: int, digests_of: Callable[[Any], bytes] | None = None) -> None:
        self._width = width
        self._digests_of = digests_of

    def create_accumulator(self) -> DigestSetBuilder:
        return DigestSetBuilder(self._width)

    def add_input(self, builder: DigestSetBuilder, element: Any) -> DigestSetBuilder:
        builder.add_packed(element if self._digests_of is None else self._digests_of(element))
        return builder

    def merge_accumulators(self, builders: Iterable[DigestSetBuilder]) -> DigestSetBuilder:
        return merged_into_first(builders, self.create_accumulator, DigestSetBuilder.merge)

    def extract_output(self, builder: DigestSetBuilder) -> DigestSet:
        return builder.build()


def candidate_ids(keyed: tuple[int, bytes]) -> bytes:
    """The :func:`~pipeline.dedup.digest_set.id_digest` of the stored id of each pair in a packed batch of
    :class:`PairWithHistory`'s, back to back, for :class:`CollectDigests`.

    >>> from pipeline.beam.bands import pack
    >>> candidate_ids((0, pack([("s1", "n1"), ("s1", "n2")]))) == id_digest("s1") * 2
    True
    """
    return b"".join(id_digest(stored_id) for stored_id, _ in unpack(keyed[1]))


class StoreReads(Protocol):
    """How :class:`MatchHistory` reads the stored fingerprints of its window: three reads, each a PTransform of the
    pipeline's root (:class:`pipeline.beam.history.FingerprintStoreReads` reads them from the store's files).

    Three reads, not one collection used three times: the read for banding waits for the new articles' buckets (a
    side input, :class:`HistoryBuckets`), and those wait for the stored content hashes (:class:`NewBuckets`), so a
    stage that read both would wait for itself; and each read takes only the columns it needs."""

    def content_hashes(self) -> beam.PTransform:
        """The stored content hashes: ``bytes`` elements, each one or more hashes back to back."""
        ...

    def for_banding(self) -> beam.PTransform:
        """The stored fingerprints (:data:`~pipeline.beam.history.StoredFingerprint`); shingle sets may be b""."""
        ...

    def candidates(self, ids: beam.pvalue.AsSingleton) -> beam.PTransform:
        """The whole stored fingerprints whose id's :func:`~pipeline.dedup.digest_set.id_digest` ``ids`` (a
        :class:`DigestSet`) holds; others may come too, and are not used."""
        ...


def store_partitions(store_bytes: int) -> int:
    """How many partitions of stored ids the join with the candidates uses for a store of ``store_bytes`` in its
    window (:data:`STORE_BYTES_PER_PARTITION` each).

    >>> store_partitions(0), store_partitions(7 * 10**9), store_partitions(10**15)
    (1, 27, 4096)
    """
    return max(1, min(MAX_PARTITIONS, math.ceil(store_bytes / STORE_BYTES_PER_PARTITION)))


class MatchHistory(beam.PTransform):
    """Outputs: main (articles for in-run dedup), ``duplicates`` (Duplicate of a stored article), ``stats``. The
    stored fingerprints come from ``store``'s three reads (:class:`StoreReads`)."""

    def __init__(
        self,
        config: DedupConfig,
        store: StoreReads,
        spill_dir: str | None = None,
        partitions: int = 1,
        input_bytes: int = 0,
    ) -> None:
        super().__init__()
        self._config = config
        self._store = store
        self._spill_dir = spill_dir  # deleted once SkipMatched, the last reader, is done; None: all in the runner
        self._partitions = partitions  # of the stored ids, for the join with the candidates (store_partitions)
        self._input_bytes = input_bytes  # of the new articles, uncompressed (about): sizes the bucket filter

    def expand(self, articles: beam.PCollection) -> tuple[beam.PCollection, beam.PCollection, beam.PCollection]:
        config, spill_dir, partitions, root = self._config, self._spill_dir, self._partitions, articles.pipeline
        stored_hashes = beam.pvalue.AsSingleton(
            root
            | "ReadStoredHashes" >> self._store.content_hashes()
            | "StoredHashes" >> combined(CollectDigests(CONTENT_HASH_BYTES)),
            default_value=DigestSet.of(CONTENT_HASH_BYTES, []),
        )
        new_buckets = NewBuckets(config, spill_dir)
        new = articles | "NewBuckets" >> beam.ParDo(new_buckets, stored_hashes).with_outputs(
            BUCKETS, KEYS, PRINTS, STATS, main="new"
        )
        bits_log2 = bitmap_bits_log2(self._input_bytes, config.banding()[0] + 1)  # the bands and the content hash
        only = beam.pvalue.AsSingleton(
            new[KEYS] | "NewBucketsFilter" >> combined(NewBucketsFilter(bits_log2)),
            default_value=BucketFilter(bits_log2),
        )
        history_buckets = HistoryBuckets(config, spill_dir)
        stored = (
            root
            | "ReadStoreForBanding" >> self._store.for_banding()
            | "HistoryBuckets" >> beam.ParDo(history_buckets, only).with_outputs(BUCKETS, STATS)
        )
        pairs = (
            (new[BUCKETS], stored[BUCKETS])
            | "FlattenBuckets" >> beam.Flatten()
            | "GroupBuckets" >> beam.GroupByKey()
            | "PairWithHistory" >> beam.ParDo(PairWithHistory(partitions))
        )
        ids = beam.pvalue.AsSingleton(
            pairs | "CandidateIds" >> combined(CollectDigests(ID_DIGEST_BYTES, candidate_ids)),
            default_value=DigestSet.of(ID_DIGEST_BYTES, []),
        )
        rows = root | "ReadCandidates" >> self._store.candidates(ids)
        waiting = rows | "WaitingCandidates" >> beam.ParDo(WaitingCandidates(spill_dir, partitions))
        candidates = (
            {"stored": waiting, "pairs": pairs}
            | "JoinStored" >> beam.CoGroupByKey()
            | "AttachStored" >> beam.FlatMap(attach_stored)
        )
        verified = (
            {"new": new[PRINTS], "stored": candidates}
            | "JoinNew" >> beam.CoGroupByKey()
            | "VerifyAgainstHistory"
            >> beam.ParDo(VerifyAgainstHistory(config)).with_outputs(MATCHED, STATS, main="duplicates")
        )
        articles = new.new | "SkipMatched" >> beam.ParDo(SkipMatched(), beam.pvalue.AsDict(verified[MATCHED]))
        if spill_dir:
            _ = articles | "DeleteHistorySpill" >> DeleteSpillWhenDone(spill_dir)
        stats = (new[STATS], stored[STATS], verified[STATS]) | "FlattenHistoryStats" >> beam.Flatten()
        return articles, verified.duplicates, stats
