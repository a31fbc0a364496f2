"""Dedup in Beam: exact, near-duplicate and partial-copy removal with MinHash LSH, as Beam joins.

pipeline.dedup does the maths; this package only moves data, in batches: Beam costs a few microseconds per element
per step, so per-article elements are avoided wherever a join allows it. Shape (see docs/dedup.md):

1. ``Fingerprint``: each article -> its keep rank, content hash, MinHash signature and shingle set (computed here,
   or where it was cleaned: a ``FingerprintedArticle`` from CleanArticles). The article with its fingerprint (a
   *node*) is batched per bundle by the partition of its id (:func:`node_partitions` partitions); ``(content hash,
   rank, signature)`` is batched by the partition of the content hash.
2. ``ResolveCopies``: the articles of one content hash are exact copies: the best-ranked one (the
   *representative*) stands for the text from here on, the others are exact duplicates of it. Only
   representatives get LSH band entries, batched by (band, partition).
3. ``FindCandidates``: within each band group, texts sharing a band key form a bucket; every member is linked to
   the bucket's best-ranked member (a star: a bucket of k members gives k-1 edges, not k^2). Pairs are batched by
   the partition of the member and made distinct per partition: one pair is found in every band it shares.
4. ``VerifyCandidates``: each pair meets both shingle sets (``CandidateFingerprints`` takes just those articles'
   fingerprints out of the fingerprint batches, through a side input of their ids) and is kept if its real Jaccard is
   >= ``threshold`` (near) or one side is contained in the other >= ``containment_threshold``; the others are
   counted (``dedup:candidates-rejected``) and dropped.
5. Components: each text of a verified pair gets the label ``(contained, keep rank)``: a text contained in another
   one (a partial copy) can never be the kept one of its group. Connected components over the verified pairs; the
   smallest label of each is kept. When the pairs can touch at most ``max_single_worker_articles`` articles,
   labels and union-find on one worker, streaming the pairs (a run of unknown size decides by its pair count);
   past it, per-element label joins and unrolled large-star/small-star rounds (``component_rounds``), with
   ``dedup:components-unconverged`` counting a last round that still changed the graph (its edges then go
   through union-find, so the result is right either way).
6. ``ResolveRoots``: a representative's exact copies follow it: to its group's root, or to it when it is kept.
7. ``Route``: the node batches of each partition meet their members' roots. A member with its root's content is
   an exact duplicate; any other is verified against the root's shingle set (``RootFingerprints``; a component
   can link texts that are only similar through others): it becomes a duplicate (near or containment, with the
   verified and estimated similarity) or, failing that, goes on to step 8 (an exact copy with its representative).
   Several records with one id are resolved by the same keep rule.
8. ``RegroupFarMembers``: the members each root is too far from, grouped by root (few: 49 of 100k articles), meet
   each other in keep-rank order: each is a duplicate of the first one kept before it that it is near to or
   contained in, or is kept. Its outputs stay collections of their own beside Route's (``pipeline.beam.parts``).

Modules: ``fingerprint`` (steps 1-2), ``candidates`` (3-4), ``components`` (5), ``route`` (6-7), ``regroup`` (8),
``deduplicate`` (the composite that wires them), ``shapes`` (partition sizes and the element shapes that travel
between steps).

Memory: a worker holds one bundle's batches while fingerprinting, one partition of nodes in ``Route`` (see
:data:`BYTES_PER_PARTITION`), and, as side inputs, the ids of the texts in candidate pairs and of the roots that
members are verified against; the single-worker components hold one entry per article in a verified pair, at most
``max_single_worker_articles``. With a ``spill_dir`` (a run has one), node, text, band and fingerprint batches and
every article's shingle set (once: its node and fingerprint carry its span) wait for their readers in spill files
(``pipeline.beam.spill``), not in the runner: only their spans cross the stage boundaries.
"""

from pipeline.beam.dedup.deduplicate import Deduplicate
from pipeline.beam.dedup.shapes import SIMILARITY_DIGITS, node_partitions, single_worker_pair_limit

__all__ = ["SIMILARITY_DIGITS", "Deduplicate", "node_partitions", "single_worker_pair_limit"]
