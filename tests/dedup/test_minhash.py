"""Signatures, band keys, Jaccard estimates and content hashes: pinned values and datasketch equivalence."""

from __future__ import annotations

import hashlib
import pickle

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedup.config import DedupConfig
from pipeline.dedup.minhash import (
    ASCII_WHITESPACE,
    OTHER_WHITESPACE,
    SIGNATURE_BATCH,
    MinHasher,
    band_keys,
    content_hash,
    estimate_jaccard,
    is_empty_signature,
    normalize_whitespace,
    normalized_utf8,
    signature_values,
)
from pipeline.dedup.shingles import SHINGLE_HASH_NAME, SHINGLE_HASH_SEED, shingle_hashes

TEXTS = [
    "Comedian Chris Morris, who created controversial TV show Brass Eye, is to return to screens.",
    "The attorney general has again denied being \u201cleant on\u201d by Downing Street over Iraq.",
    "Short one.",
    "Caf\u00e9 owners in Z\u00fcrich said the new rules, announced on Tuesday, would cost 2,500 jobs " * 30,
    "x",
]
PARAMS = [(128, 1), (64, 42), (256, 7), (16, 0)]
# Property tests are derandomized: the same examples on every run (no unseeded randomness).
DETERMINISTIC = settings(derandomize=True, max_examples=60, deadline=None)


def _identity(value: int) -> int:
    return value


def datasketch_signature(hashes: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """datasketch 2.0's own MinHash over the same 32-bit values (hashfunc passes our hash through)."""
    minhash = MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity)
    minhash.update_batch([int(value) for value in hashes])
    assert minhash.scheme == "affine32"  # datasketch 2.0's default, the scheme we reproduce
    return minhash.hashvalues


@pytest.mark.parametrize(("num_perm", "seed"), PARAMS)
@pytest.mark.parametrize("text", TEXTS)
def test_signature_is_bit_identical_to_datasketch(text, num_perm, seed):
    hashes = shingle_hashes(text, 5)
    ours = MinHasher(num_perm, seed).signature(hashes)
    assert ours.dtype == np.uint32
    np.testing.assert_array_equal(ours, datasketch_signature(hashes, num_perm, seed))


@DETERMINISTIC
@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=1, max_size=300))
def test_signature_equals_datasketch_for_any_hash_values(values):
    hashes = np.array(values, dtype=np.uint32)
    np.testing.assert_array_equal(MinHasher(32, 3).signature(hashes), datasketch_signature(hashes, 32, 3))


@pytest.mark.parametrize("size", [10_000, 2 * SIGNATURE_BATCH, SIGNATURE_BATCH + 1])
def test_signature_of_a_long_document_is_computed_in_batches_and_still_identical(size):
    hashes = np.arange(size, dtype=np.uint32) * np.uint32(2654435761)  # more than one SIGNATURE_BATCH
    np.testing.assert_array_equal(MinHasher(128, 1).signature(hashes), datasketch_signature(hashes, 128, 1))


def test_one_hasher_reuses_its_buffer_across_documents_of_any_size():
    hasher = MinHasher(64, 2)
    for size in (SIGNATURE_BATCH + 7, 3, 0, 700, 1, 2 * SIGNATURE_BATCH):
        hashes = (np.arange(size, dtype=np.uint32) + np.uint32(size)) * np.uint32(2654435761)
        np.testing.assert_array_equal(hasher.signature(hashes), datasketch_signature(hashes, 64, 2))
    # Pickled as its parameters: the 64 x SIGNATURE_BATCH buffer (1 MiB) does not travel with it.
    assert len(pickle.dumps(hasher)) < 200


def test_signature_accepts_other_integer_dtypes_in_range():
    hashes = shingle_hashes(TEXTS[3], 5)
    hasher = MinHasher(64, 2)
    expected = hasher.signature(hashes)
    np.testing.assert_array_equal(hasher.signature(hashes.astype(np.uint64)), expected)
    np.testing.assert_array_equal(hasher.signature(hashes.astype(np.int64)), expected)
    np.testing.assert_array_equal(hasher.signature(hashes.astype(">u4")), expected)


def test_permutations_are_datasketchs():
    hasher, reference = MinHasher(128, 1), MinHash(num_perm=128, seed=1)
    np.testing.assert_array_equal(hasher.a, reference.permutations[0])
    np.testing.assert_array_equal(hasher.b, reference.permutations[1])


def test_pinned_signature_prefix():
    # Pinned: any change to tokenisation, shingle hashing or permutations changes these values.
    signature = MinHasher(128, 1).signature_bytes(TEXTS[0], 5)
    assert len(signature) == 512
    assert signature_values(signature)[:4].tolist() == [71704134, 25065548, 199934291, 881145254]


def test_empty_text_gives_the_empty_signature():
    hasher = MinHasher(8, 1)
    assert hasher.signature(np.array([], dtype=np.uint32)).tolist() == [2**32 - 1] * 8
    assert is_empty_signature(hasher.signature_bytes("", 5))
    assert not is_empty_signature(hasher.signature_bytes("one word", 5))
    np.testing.assert_array_equal(
        hasher.signature(np.array([], dtype=np.uint32)), MinHash(num_perm=8, seed=1).hashvalues
    )


def test_signature_bytes_are_little_endian_uint32():
    hasher = MinHasher(128, 1)
    signature = hasher.signature_bytes(TEXTS[1], 5)
    expected = hasher.signature(shingle_hashes(TEXTS[1], 5)).astype("<u4").tobytes()
    assert signature == expected


def test_lean_minhash_round_trip():
    hasher = MinHasher(128, 1)
    signature = hasher.signature_bytes(TEXTS[0], 5)
    lean = hasher.to_lean_minhash(signature)
    assert isinstance(lean, LeanMinHash)
    assert (lean.seed, lean.scheme, len(lean)) == (1, "affine32", 128)
    assert lean.hashvalues.astype("<u4").tobytes() == signature
    reference = MinHash(num_perm=128, seed=1, hashfunc=_identity)
    reference.update_batch([int(v) for v in shingle_hashes(TEXTS[0], 5)])
    assert lean.jaccard(reference) == 1.0
    restored = pickle.loads(pickle.dumps(lean))
    assert restored == lean


def test_lean_minhash_refuses_a_signature_of_another_size():
    with pytest.raises(ValueError, match="signature has 64 values but this hasher has num_perm=128"):
        MinHasher(128, 1).to_lean_minhash(MinHasher(64, 1).signature_bytes("some text here", 5))


def test_minhasher_pickles_and_gives_the_same_signatures():
    hasher = MinHasher(128, 5)
    restored = pickle.loads(pickle.dumps(hasher))
    assert repr(restored) == "MinHasher(num_perm=128, seed=5, scheme='affine32')"
    for text in TEXTS:
        assert restored.signature_bytes(text, 5) == hasher.signature_bytes(text, 5)


def test_from_config():
    hasher = MinHasher.from_config(DedupConfig(num_perm=64, seed=9, bands=16, rows=4))
    assert (hasher.num_perm, hasher.seed, hasher.scheme) == (64, 9, "affine32")
    assert hasher.fingerprint_spec(5) == "affine32/xxh3-tokens-poly-fmix64-0/words-v2/shingle=5/num_perm=64/seed=9"


def test_the_spec_names_the_shingle_hash_so_old_stores_are_refused():
    # Stores written before shingles were hashed token by token carry "xxh32-0": their signatures hold other
    # values for the same text and must not be compared with new ones.
    spec = MinHasher(128, 1).fingerprint_spec(5)
    assert spec != "affine32/xxh32-0/words-v2/shingle=5/num_perm=128/seed=1"
    assert f"/{SHINGLE_HASH_NAME}-{SHINGLE_HASH_SEED}/" in spec


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"num_perm": 1, "seed": 1}, "num_perm must be an int >= 2, got 1"),
        ({"num_perm": 128, "seed": -1}, r"seed must be an int in \[0, 4294967295\], got -1"),
        ({"num_perm": 128, "seed": 1, "scheme": "affine64"}, "hash scheme 'affine64' is not supported"),
    ],
)
def test_minhasher_validates_its_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        MinHasher(**kwargs)


def test_signature_refuses_values_that_are_not_32_bit():
    with pytest.raises(ValueError, match="hashes must be unsigned 32-bit values"):
        MinHasher(8, 1).signature(np.array([2**40], dtype=np.uint64))
    with pytest.raises(ValueError, match="hashes must be unsigned 32-bit values"):
        MinHasher(8, 1).signature(np.array([0.5]))


@DETERMINISTIC
@given(st.text(min_size=1, max_size=400))
def test_identical_texts_have_jaccard_one(text):
    hasher = MinHasher(64, 1)
    assert estimate_jaccard(hasher.signature_bytes(text, 5), hasher.signature_bytes(text, 5)) == 1.0


@DETERMINISTIC
@given(st.text(max_size=300), st.text(max_size=300))
def test_jaccard_estimate_is_symmetric_and_in_range(left, right):
    hasher = MinHasher(32, 1)
    a, b = hasher.signature_bytes(left, 3), hasher.signature_bytes(right, 3)
    assert 0.0 <= estimate_jaccard(a, b) == estimate_jaccard(b, a) <= 1.0


def test_jaccard_estimate_equals_datasketchs():
    hasher = MinHasher(128, 1)
    a, b = hasher.signature_bytes(TEXTS[0], 3), hasher.signature_bytes(TEXTS[0] + " And more words follow.", 3)
    expected = hasher.to_lean_minhash(a).jaccard(hasher.to_lean_minhash(b))
    assert estimate_jaccard(a, b) == expected
    assert 0.5 < expected < 1.0


def test_copies_differing_only_in_quotes_case_and_punctuation_match_exactly():
    hasher = MinHasher(128, 1)
    original = "\u201cWe\u2019re not leaving,\u201d the minister said \u2014 again."
    copy = '"WE\'RE not leaving", the minister said - again!'
    assert hasher.signature_bytes(original, 5) == hasher.signature_bytes(copy, 5)


def test_jaccard_refuses_signatures_of_different_sizes():
    with pytest.raises(ValueError, match="signatures of different sizes"):
        estimate_jaccard(bytes(8), bytes(12))


def test_band_keys_pinned():
    signature = bytes(range(24))
    assert band_keys(signature, 3, 2) == [
        b"\x00\x00" + bytes(range(0, 8)),
        b"\x00\x01" + bytes(range(8, 16)),
        b"\x00\x02" + bytes(range(16, 24)),
    ]


def test_band_keys_are_deterministic_and_distinct_across_bands():
    hasher = MinHasher(128, 1)
    signature = hasher.signature_bytes(TEXTS[3], 5)
    keys = band_keys(signature, 32, 4)
    assert keys == band_keys(pickle.loads(pickle.dumps(signature)), 32, 4)
    assert len(keys) == 32 and all(len(key) == 2 + 4 * 4 for key in keys)
    # An all-equal signature has equal band values in every band; the band index still keeps the keys apart.
    constant = band_keys(bytes(512), 32, 4)
    assert len(set(constant)) == 32


def test_band_keys_unused_tail_and_validation():
    assert band_keys(bytes(range(20)), 2, 2) == [b"\x00\x00" + bytes(range(8)), b"\x00\x01" + bytes(range(8, 16))]
    with pytest.raises(ValueError, match="bands \\* rows = 12 exceeds the signature's 5 values"):
        band_keys(bytes(20), 3, 4)
    with pytest.raises(ValueError, match="a signature is a non-empty multiple of 4 bytes, got 6 bytes"):
        band_keys(bytes(6), 1, 1)


def test_near_duplicates_share_a_band_and_unrelated_texts_do_not():
    hasher = MinHasher(128, 1)
    story = " ".join(f"word{i} of the story number {i % 7}" for i in range(120))
    edited = story.replace("word5 ", "changed ").replace("word77 ", "edited ")
    other = " ".join(f"token{i} in another report {i % 5}" for i in range(120))
    keys = set(band_keys(hasher.signature_bytes(story, 5), 32, 4))
    assert keys & set(band_keys(hasher.signature_bytes(edited, 5), 32, 4))
    assert not keys & set(band_keys(hasher.signature_bytes(other, 5), 32, 4))


def test_content_hash_invariants():
    body = "First paragraph.\nSecond  paragraph."
    assert len(content_hash(body)) == 16
    assert content_hash(body) == content_hash("  First paragraph. Second\u00a0paragraph.\n")  # whitespace only
    assert content_hash(body) != content_hash(body.lower())
    assert content_hash(body) != content_hash(body.replace(".", "!"))
    assert content_hash(body) == content_hash(body)
    assert content_hash("") == content_hash(" \n\t ")
    # Pinned: 16-byte BLAKE2b of the UTF-8 text.
    assert content_hash("Hello, world").hex() == "eb705831f5b26d41a3691e4566f197a4"


def test_whitespace_constants_are_exactly_what_str_split_splits_on():
    every = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    assert sorted(ASCII_WHITESPACE + OTHER_WHITESPACE) == sorted(every)
    assert ASCII_WHITESPACE.isascii() and not any(c.isascii() for c in OTHER_WHITESPACE)


WHITESPACE_HEAVY = st.text(
    alphabet=st.sampled_from(list(ASCII_WHITESPACE + OTHER_WHITESPACE) + ["a", "\u00e9", "\u65e5", "\U0001f600", "."]),
    max_size=80,
)


@DETERMINISTIC
@given(st.one_of(WHITESPACE_HEAVY, st.text(max_size=200)))
def test_content_hash_is_blake2b_of_the_whitespace_normalised_text(text):
    assert normalized_utf8(text) == normalize_whitespace(text).encode("utf-8")
    expected = hashlib.blake2b(" ".join(text.split()).encode("utf-8"), digest_size=16).digest()
    assert content_hash(text) == expected


def test_long_runs_of_whitespace_collapse():
    text = "a" + " " * 1000 + "b\n\n\n" + "\u00a0" * 33 + "c \t"
    assert normalized_utf8(text) == b"a b c"
