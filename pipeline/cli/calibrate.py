"""``newsclean calibrate``: choose dedup thresholds from your own labelled pairs.

Given articles (JSONL with id and text, the ``run`` input format) and labelled pairs (JSONL ``{"id1", "id2",
"label"}``, label 1/true = the two are copies of one another), it cleans and fingerprints every article exactly as
``run`` does and, for each threshold in a range, prints:

* the ``bands x rows`` that datasketch's optimiser picks for that Jaccard threshold (what ``dedup.bands`` and
  ``dedup.rows`` set to null would give), and the share of positive pairs that this banding makes LSH candidates;
* precision / recall / F1 of the pairs that ``run`` would drop as near duplicates at that threshold with that
  banding: a candidate whose verified Jaccard is at least the threshold;
* precision / recall / F1 with containment on at that value as ``dedup.containment_threshold`` (a candidate of the
  configured banding whose verified Jaccard is at least ``dedup.threshold``, or one of which is contained in the
  other at least that much).

A pair counts as found when the two articles would be matched directly; ``run`` also joins articles through
others (connected components) and then verifies each one against the kept article, so these figures are about
the thresholds, not the clustering. Precision is ``-`` when no pair is predicted at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pipeline.core.config import Config
from pipeline.core.errors import UsageError
from pipeline.dedup.config import DedupConfig, optimal_banding
from pipeline.dedup.minhash import MinHasher, band_keys, content_hash, is_empty_signature
from pipeline.dedup.verify import overlap, signature_and_shingle_set
from pipeline.text.clean import ArticleCleaner

# Default range: the S-curve optimiser is meaningful from ~0.3 (below, most unrelated news pairs share shingles of
# common phrases) to 0.95; 0.05 steps resolve the measured gap between copies and different stories.
DEFAULT_THRESHOLDS = tuple(round(0.30 + 0.05 * step, 2) for step in range(14))
# Labels accepted for a pair, as JSON values.
POSITIVE_LABELS: tuple[Any, ...] = (1, True, "1", "true", "yes")
NEGATIVE_LABELS: tuple[Any, ...] = (0, False, "0", "false", "no")
FIGURE_DIGITS = 4


@dataclass(frozen=True)
class PairFacts:
    """What the thresholds are tried against, for one labelled pair."""

    positive: bool
    exact: bool
    jaccard: float
    containment: float  # the larger of the two containments
    signatures: tuple[bytes, bytes]


@dataclass(frozen=True)
class Scores:
    precision: float | None
    recall: float | None
    f1: float | None


@dataclass(frozen=True)
class CalibrationRow:
    threshold: float
    bands: int
    rows: int
    candidate_recall: float | None
    near: Scores
    containment: Scores


def parse_thresholds(text: str) -> tuple[float, ...]:
    """``"0.5,0.6"`` -> ``(0.5, 0.6)``; every value in (0, 1].

    >>> parse_thresholds("0.5, 0.6")
    (0.5, 0.6)
    >>> parse_thresholds("0.5,x")
    Traceback (most recent call last):
    ...
    pipeline.core.errors.UsageError: --thresholds must be numbers in (0, 1] separated by commas, got 'x'
    """
    values = []
    for part in text.split(","):
        try:
            value = float(part)
        except ValueError:
            value = -1.0
        if not 0.0 < value <= 1.0:
            raise UsageError(f"--thresholds must be numbers in (0, 1] separated by commas, got {part.strip()!r}")
        values.append(value)
    return tuple(values)


def read_jsonl(path: Path, what: str) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot read {what} file {path}: {error.strerror}; pass an existing JSONL file") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise UsageError(f"{path}:{number} is not valid JSON ({error.msg}); fix or remove that line") from None
            if not isinstance(record, dict):
                raise UsageError(f"{path}:{number} is not a JSON object; each line must be one {what} object")
            yield number, record


def load_texts(path: Path, config: Config) -> dict[str, str]:
    """Cleaned body text by id, cleaned as ``run`` cleans it (an article cleaned to nothing keeps no text)."""
    cleaner = ArticleCleaner(config.cleaning)
    fields = config.input
    texts: dict[str, str] = {}
    for number, record in read_jsonl(path, "articles"):
        article_id, text = record.get(fields.id_field), record.get(fields.text_field)
        if not isinstance(article_id, str | int) or not isinstance(text, str):
            raise UsageError(
                f"{path}:{number} needs a string '{fields.id_field}' and a string '{fields.text_field}' "
                "(field names: input.id_field / input.text_field in the config)"
            )
        title = record.get(fields.title_field)
        texts[str(article_id)] = cleaner.clean_text(text, title if isinstance(title, str) else None).text
    return texts


def load_pairs(path: Path, texts: dict[str, str]) -> list[tuple[str, str, bool]]:
    pairs = []
    for number, record in read_jsonl(path, "pairs"):
        first, second, label = record.get("id1"), record.get("id2"), record.get("label")
        if label in POSITIVE_LABELS:
            positive = True
        elif label in NEGATIVE_LABELS:
            positive = False
        else:
            raise UsageError(f"{path}:{number}: label must be 1/0 or true/false, got {label!r}")
        for side in (first, second):
            if str(side) not in texts:
                raise UsageError(f"{path}:{number}: id {side!r} is not in the articles file; pass the matching one")
        pairs.append((str(first), str(second), positive))
    if not pairs:
        raise UsageError(f"{path} holds no labelled pairs; each line needs id1, id2 and label")
    return pairs


def pair_facts(texts: dict[str, str], pairs: Iterable[tuple[str, str, bool]], config: DedupConfig) -> list[PairFacts]:
    hasher = MinHasher.from_config(config)
    size = config.shingle_size
    parts = {i: signature_and_shingle_set(hasher, t, size) for i, t in texts.items()}
    signature = {i: signature_shingles[0] for i, signature_shingles in parts.items()}
    shingles = {i: signature_shingles[1] for i, signature_shingles in parts.items()}
    facts = []
    for first, second, positive in pairs:
        found = overlap(shingles[first], shingles[second])
        facts.append(
            PairFacts(
                positive,
                content_hash(texts[first]) == content_hash(texts[second]),
                found.jaccard,
                max(found.left_in_right, found.right_in_left),
                (signature[first], signature[second]),
            )
        )
    return facts


def is_candidate(facts: PairFacts, bands: int, rows: int) -> bool:
    """Whether LSH with this banding brings the pair together (exact copies always meet in the content band)."""
    if facts.exact:
        return True
    first, second = facts.signatures
    if is_empty_signature(first) or is_empty_signature(second):
        return False
    return any(a == b for a, b in zip(band_keys(first, bands, rows), band_keys(second, bands, rows), strict=True))


def scores(predicted: Sequence[bool], facts: Sequence[PairFacts]) -> Scores:
    """Precision, recall and F1 of ``predicted`` against the labels (``None`` where undefined).

    >>> f = PairFacts(True, False, 0.9, 0.9, (b"", b""))
    >>> g = PairFacts(False, False, 0.1, 0.1, (b"", b""))
    >>> scores([True, True], [f, g])
    Scores(precision=0.5, recall=1.0, f1=0.6667)
    """
    tp = sum(1 for p, f in zip(predicted, facts, strict=True) if p and f.positive)
    fp = sum(1 for p, f in zip(predicted, facts, strict=True) if p and not f.positive)
    positives = sum(1 for f in facts if f.positive)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / positives if positives else None
    f1 = None
    if precision is not None and recall is not None:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(*(None if v is None else round(v, FIGURE_DIGITS) for v in (precision, recall, f1)))


def calibrate(facts: Sequence[PairFacts], config: DedupConfig, thresholds: Sequence[float]) -> list[CalibrationRow]:
    configured = config.banding()
    configured_candidates = [is_candidate(f, *configured) for f in facts]
    positives = [f for f in facts if f.positive]
    rows = []
    for threshold in thresholds:
        bands, rows_per_band = optimal_banding(threshold, config.num_perm)
        candidates = [is_candidate(f, bands, rows_per_band) for f in facts]
        found = sum(1 for c, f in zip(candidates, facts, strict=True) if c and f.positive)
        near = [c and (f.exact or f.jaccard >= threshold) for c, f in zip(candidates, facts, strict=True)]
        contained = [
            c and (f.exact or f.jaccard >= config.threshold or f.containment >= threshold)
            for c, f in zip(configured_candidates, facts, strict=True)
        ]
        rows.append(
            CalibrationRow(
                threshold,
                bands,
                rows_per_band,
                round(found / len(positives), FIGURE_DIGITS) if positives else None,
                scores(near, facts),
                scores(contained, facts),
            )
        )
    return rows


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.{FIGURE_DIGITS}f}"


def render(rows: Sequence[CalibrationRow], facts: Sequence[PairFacts], config: DedupConfig, articles: int) -> str:
    positives = sum(1 for f in facts if f.positive)
    bands, rows_per_band = config.banding()
    lines = [
        f"{len(facts)} labelled pairs ({positives} positive, {len(facts) - positives} negative) over {articles} "
        f"articles; shingle_size {config.shingle_size}, num_perm {config.num_perm}, seed {config.seed}",
        f"containment columns: configured banding {bands} x {rows_per_band}, threshold {config.threshold}, "
        "containment_threshold = the row's value",
        "",
        f"{'threshold':>9}  {'bands x rows':>12}  {'candidates':>10}  {'near P':>6}  {'near R':>6}  {'near F1':>7}"
        f"  {'cont P':>6}  {'cont R':>6}  {'cont F1':>7}",
    ]
    for row in rows:
        banding = f"{row.bands} x {row.rows}"
        lines.append(
            f"{row.threshold:>9.2f}  {banding:>12}  {_fmt(row.candidate_recall):>10}  {_fmt(row.near.precision):>6}  "
            f"{_fmt(row.near.recall):>6}  {_fmt(row.near.f1):>7}  {_fmt(row.containment.precision):>6}  "
            f"{_fmt(row.containment.recall):>6}  {_fmt(row.containment.f1):>7}"
        )
    return "\n".join(lines)


def run_calibration(
    articles: Path, pairs: Path, config: Config, thresholds: Sequence[float], out: TextIO
) -> list[CalibrationRow]:
    """Load, fingerprint, score every threshold and print the table to ``out``."""
    texts = load_texts(articles, config)
    labelled = load_pairs(pairs, texts)
    facts = pair_facts(texts, labelled, config.dedup)
    rows = calibrate(facts, config.dedup, thresholds)
    print(render(rows, facts, config.dedup, len(texts)), file=out)
    return rows


def add_parser(commands: Any) -> None:
    """The ``calibrate`` subcommand, on the CLI's subparsers."""
    parser = commands.add_parser(
        "calibrate",
        help="precision/recall of dedup thresholds on your labelled pairs",
        description="Print, for a range of thresholds, the LSH bands x rows datasketch's optimiser picks and the "
        "precision/recall of near-duplicate and containment matching on labelled pairs, to choose dedup "
        "settings from your own data.",
    )
    parser.add_argument("--articles", required=True, type=Path, help="JSONL articles with id and text (run's input)")
    parser.add_argument(
        "--pairs", required=True, type=Path, help='JSONL pairs {"id1", "id2", "label"} (label 1 = copies)'
    )
    parser.add_argument("--config", default=None, help="YAML config (cleaning and dedup settings to calibrate)")
    parser.add_argument(
        "--thresholds",
        type=parse_thresholds,
        default=DEFAULT_THRESHOLDS,
        help="comma-separated thresholds (default: 0.30 to 0.95 by 0.05)",
    )


def command(args: Any, extra: Sequence[str]) -> int:
    """Run ``newsclean calibrate``; exit code 0."""
    import sys

    from pipeline.core.config import DEFAULT_CONFIG_PATH, load_config

    if extra:
        raise UsageError(f"unrecognized arguments: {' '.join(extra)} (see 'newsclean calibrate --help')")
    if args.config is not None:
        config = load_config(args.config)
    else:
        config = load_config(DEFAULT_CONFIG_PATH if DEFAULT_CONFIG_PATH.exists() else None)
    run_calibration(args.articles, args.pairs, config, args.thresholds, sys.stdout)
    return 0
