"""MinHash signatures, LSH band keys and content hashes, bit-identical to datasketch 2.0.

datasketch's ``affine32`` scheme (its default since 2.0) draws the permutations from
``numpy.random.RandomState(seed)``: first ``num_perm`` odd multipliers ``a = 2 * randint(0, 2**31) + 1``, then
``num_perm`` offsets ``b = randint(0, 2**32)``, both uint32. A shingle hash ``h`` is pre-mixed once with the
32-bit MurmurHash3 finalizer and then mapped to ``a * h + b mod 2**32`` (uint32 wraparound); the signature is
the minimum over all shingles, per permutation. :class:`MinHasher` does the same over all shingle hashes of a
document at once with numpy (one ``(shingles, num_perm)`` product), ~50x faster than ``MinHash.update`` per
shingle.

Signatures travel between pipeline steps as ``bytes``: ``num_perm`` little-endian uint32 values (512 bytes for
128 permutations), smaller than a pickled MinHash and with a fixed byte order on every platform. They carry no
record of the parameters that made them, so whatever stores them must also store
:meth:`MinHasher.fingerprint_spec`.
"""

from __future__ import annotations

import hashlib
import struct
from typing import TYPE_CHECKING

import numpy as np

from pipeline.core.whitespace import NON_ASCII_WHITESPACE
from pipeline.dedup.config import MAX_SEED, MIN_NUM_PERM, SUPPORTED_SCHEMES, DedupConfig
from pipeline.dedup.shingles import SHINGLE_HASH_NAME, SHINGLE_HASH_SEED, murmur_finalizer, shingle_hashes

if TYPE_CHECKING:
    from datasketch import LeanMinHash

# Signature values on the wire: little-endian uint32, whatever the platform.
SIGNATURE_DTYPE = np.dtype("<u4")
SIGNATURE_ITEM_BYTES = SIGNATURE_DTYPE.itemsize
# The value of a permutation that saw no shingle (datasketch's "empty" sentinel, 2**32 - 1).
EMPTY_VALUE = np.uint32(0xFFFFFFFF)
# MurmurHash3 fmix32 constants, as in datasketch.minhash._FMIX_CONSTANTS[32] (and the MurmurHash3 reference).
FMIX32_SHIFTS = (16, 13, 16)
FMIX32_MULTIPLIERS = (0x85EBCA6B, 0xC2B2AE35)
# Band index prefix of a band key: big-endian uint16, so bands never share a key (num_perm limits bands to <
# 2**16).
BAND_INDEX_FORMAT = ">H"
MAX_BANDS = 2**16 - 1
# 16 bytes of BLAKE2b: collision chance ~ n**2 / 2**129, nil for any corpus; half the size of a SHA-256 key.
CONTENT_HASH_BYTES = 16
# Shingle-hash batch size for :meth:`MinHasher.signature`: bounds its (num_perm, batch) uint32 buffer at
# 4096 * 128 * 4 B = 2 MiB, whatever the document length (a 3 KB article has ~400 shingles: one batch). With the
# buffer reused across batches, 512..4096 measured within ~10% of each other (4096 fastest) on 1,500..20,000
# shingles.
SIGNATURE_BATCH = 4096
# str.split()'s whitespace (str.isspace, Unicode 14; a test checks every code point): ASCII ones first, then the
# others, which content_hash replaces one by one (each is rare, and a `in` check is a fast scan).
ASCII_WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
OTHER_WHITESPACE = NON_ASCII_WHITESPACE
# ASCII whitespace bytes -> b" ", every other byte unchanged (UTF-8 of non-ASCII characters has no ASCII bytes).
_WHITESPACE_TO_SPACE = bytes.maketrans(ASCII_WHITESPACE.encode("ascii"), b" " * len(ASCII_WHITESPACE))


def fmix32(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finalizer, element-wise (datasketch's pre-mix for ``affine32``).

    >>> fmix32(np.array([0, 1, 2**32 - 1], dtype=np.uint32)).tolist()
    [0, 1364076727, 2180083513]
    """
    return murmur_finalizer(values, np.uint32, FMIX32_SHIFTS, FMIX32_MULTIPLIERS)


class MinHasher:
    """Shingle hashes -> MinHash signatures, with datasketch's permutations for ``(num_perm, seed, scheme)``.

    Picklable (as its parameters). :meth:`signature` reuses a buffer the hasher keeps, so a hasher serves one thread
    at a time: build one per worker, e.g. in ``DoFn.setup`` (a DoFn instance runs one bundle at a time).

    >>> hasher = MinHasher(num_perm=4, seed=1)
    >>> hasher.signature(np.array([1, 2, 3], dtype=np.uint32)).tolist()
    [63217260, 131247162, 308645290, 1412089388]
    >>> sig = hasher.signature_bytes("The cat sat on the mat.", shingle_size=5)
    >>> len(sig), hasher.fingerprint_spec(5)
    (16, 'affine32/xxh3-tokens-poly-fmix64-0/words-v2/shingle=5/num_perm=4/seed=1')
    >>> MinHasher(num_perm=128, seed=1, scheme="legacy")
    Traceback (most recent call last):
    ...
    ValueError: hash scheme 'legacy' is not supported: use one of affine32
    """

    def __init__(self, num_perm: int, seed: int, scheme: str = "affine32") -> None:
        if scheme not in SUPPORTED_SCHEMES:
            raise ValueError(f"hash scheme {scheme!r} is not supported: use one of {', '.join(SUPPORTED_SCHEMES)}")
        if isinstance(num_perm, bool) or not isinstance(num_perm, int) or num_perm < MIN_NUM_PERM:
            raise ValueError(f"num_perm must be an int >= {MIN_NUM_PERM}, got {num_perm!r}: use e.g. 128")
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
            raise ValueError(f"seed must be an int in [0, {MAX_SEED}], got {seed!r}: use e.g. 1 (datasketch's default)")
        self.num_perm = num_perm
        self.seed = seed
        self.scheme = scheme
        # Same draws, in the same order, as datasketch.MinHash._init_permutations for affine32.
        gen = np.random.RandomState(seed)
        self.a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
        self.b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
        # As columns, for signature's (permutation, shingle) layout.
        self._a_column, self._b_column = self.a[:, np.newaxis], self.b[:, np.newaxis]
        # signature's buffer, made on first use, grown to the largest batch seen (up to SIGNATURE_BATCH columns) and
        # reused: a fresh one per document made glibc map and unmap it for the longer ones (page faults).
        self._buffer = np.empty(0, dtype=np.uint32)

    def __reduce__(self) -> tuple[type[MinHasher], tuple[int, int, str]]:
        # As its parameters (the permutations follow from them), not its arrays or buffer.
        return MinHasher, (self.num_perm, self.seed, self.scheme)

    @classmethod
    def from_config(cls, config: DedupConfig) -> MinHasher:
        """The hasher for a dedup config."""
        return cls(num_perm=config.num_perm, seed=config.seed, scheme=config.hash_scheme)

    def __repr__(self) -> str:
        return f"MinHasher(num_perm={self.num_perm}, seed={self.seed}, scheme={self.scheme!r})"

    def fingerprint_spec(self, shingle_size: int) -> str:
        """Everything that determines a signature, as one string to store with signatures and check on load.

        Two signatures are comparable only if their specs are equal. ``xxh3-tokens-poly-fmix64-0`` names the
        shingle hash and its seed (:data:`pipeline.dedup.shingles.SHINGLE_HASH_NAME`; stores written with the
        earlier ``xxh32-0``, xxHash32 of the joined shingle string, are refused); ``words-v2`` names the
        tokenisation of :func:`pipeline.dedup.shingles.fingerprint_tokens` (bump it when that changes; v2 made each
        letter of Chinese, Japanese and Thai a token of its own).
        """
        return (
            f"{self.scheme}/{SHINGLE_HASH_NAME}-{SHINGLE_HASH_SEED}/words-v2/shingle={shingle_size}"
            f"/num_perm={self.num_perm}/seed={self.seed}"
        )

    def signature(self, hashes: np.ndarray) -> np.ndarray:
        """The ``uint32[num_perm]`` MinHash of a set of 32-bit hash values (empty set: all ``2**32 - 1``).

        Equal to ``datasketch.MinHash(num_perm, seed)`` updated with the same values (through a ``hashfunc``
        that returns them); duplicates in ``hashes`` do not matter.
        """
        values = np.asarray(hashes)
        if values.ndim != 1:
            raise ValueError(f"hashes must be a 1-d array, got shape {values.shape}")
        # uint32 (what shingle_hashes gives) is in range by its type: the min/max scans are for other dtypes.
        if (
            values.size
            and values.dtype != np.uint32
            and (values.dtype.kind not in "ui" or int(values.min()) < 0 or int(values.max()) > 0xFFFFFFFF)
        ):
            raise ValueError(
                f"hashes must be unsigned 32-bit values, got dtype {values.dtype}: "
                "use shingle_hashes() or mask to 32 bits"
            )
        result = np.full(self.num_perm, EMPTY_VALUE, dtype=np.uint32)
        needed = self.num_perm * min(values.size, SIGNATURE_BATCH)
        if self._buffer.size < needed:
            self._buffer = np.empty(needed, dtype=np.uint32)
        for start in range(0, values.size, SIGNATURE_BATCH):
            mixed = fmix32(values[start : start + SIGNATURE_BATCH])
            # One row per permutation: a * h + b for each shingle, in place (uint32 wraparound is the scheme's mod
            # 2**32), then each row's minimum, a reduction along contiguous memory. The (shingle, permutation)
            # layout reduced across rows instead: 10-15% slower a document (1,500 articles of the distinct corpus).
            permuted = self._buffer[: self.num_perm * mixed.size].reshape(self.num_perm, mixed.size)
            np.multiply(self._a_column, mixed, out=permuted)
            permuted += self._b_column
            np.minimum(result, permuted.min(axis=1), out=result)
        return result

    def signature_bytes(self, text: str, shingle_size: int) -> bytes:
        """Shingles of ``text`` -> signature -> ``num_perm * 4`` little-endian bytes."""
        return self.packed_signature(shingle_hashes(text, shingle_size))

    def packed_signature(self, hashes: np.ndarray) -> bytes:
        """:meth:`signature` in its wire form: ``num_perm * 4`` little-endian bytes."""
        return self.signature(hashes).astype(SIGNATURE_DTYPE).tobytes()

    def to_lean_minhash(self, signature: bytes) -> LeanMinHash:
        """The signature as a ``datasketch.LeanMinHash`` (e.g. for ``MinHashLSH``)."""
        from datasketch import LeanMinHash

        values = signature_values(signature)
        if values.size != self.num_perm:
            raise ValueError(
                f"signature has {values.size} values but this hasher has num_perm={self.num_perm}: "
                "it was made with other parameters"
            )
        return LeanMinHash(seed=self.seed, hashvalues=values, scheme=self.scheme)


def signature_values(signature: bytes) -> np.ndarray:
    """The uint32 values of a signature in bytes form (a read-only view, no copy).

    >>> signature_values(bytes([1, 0, 0, 0, 0, 1, 0, 0])).tolist()
    [1, 256]
    """
    if len(signature) == 0 or len(signature) % SIGNATURE_ITEM_BYTES:
        raise ValueError(
            f"a signature is a non-empty multiple of {SIGNATURE_ITEM_BYTES} bytes, "
            f"got {len(signature)} bytes: "
            "pass the output of MinHasher.signature_bytes"
        )
    return np.frombuffer(signature, dtype=SIGNATURE_DTYPE)


def is_empty_signature(signature: bytes) -> bool:
    """True for the signature of a document without tokens (all values ``2**32 - 1``).

    Such documents all have "Jaccard 1.0" with each other, so callers should not band them.

    >>> is_empty_signature(MinHasher(4, 1).signature_bytes("...", 5))
    True
    >>> is_empty_signature(MinHasher(4, 1).signature_bytes("one two three four five", 5))
    False
    """
    if len(signature) == 0 or len(signature) % SIGNATURE_ITEM_BYTES:
        signature_values(signature)  # raises the ValueError that says what a signature is
    # Every value 2**32 - 1 is every byte 0xff: counted without building an array (this runs once per article on the
    # runner's thread, where the array cost 8 us).
    return signature.count(0xFF) == len(signature)


def band_keys(signature: bytes, bands: int, rows: int) -> list[bytes]:
    """One key per LSH band: the band index (2 bytes, big-endian) followed by the band's ``rows`` values.

    Keys are the raw band bytes, not a hash of them, so two documents share a key exactly when their band
    values are equal; the index prefix keeps equal values in different bands apart. Values past ``bands *
    rows`` are unused (as in datasketch's ``MinHashLSH``).

    >>> band_keys(bytes(range(16)), bands=2, rows=2)
    [b'\\x00\\x00\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07', b'\\x00\\x01\\x08\\t\\n\\x0b\\x0c\\r\\x0e\\x0f']
    """
    signature_values(signature)  # validates the length
    width = band_width(len(signature) // SIGNATURE_ITEM_BYTES, bands, rows)
    return [struct.pack(BAND_INDEX_FORMAT, i) + signature[i * width : (i + 1) * width] for i in range(bands)]


def band_values(signatures: list[bytes], bands: int, rows: int) -> np.ndarray:
    """The bytes of every band of every signature, ``(signatures, bands, rows * 4)`` uint8: row ``i``, band ``b``
    is :func:`band_keys` ``(signatures[i], bands, rows)[b]`` without its band index (for many texts at once).

    >>> band_values([bytes(range(16))], bands=2, rows=2)[0, 1].tobytes() == band_keys(bytes(range(16)), 2, 2)[1][2:]
    True
    """
    if not signatures:
        raise ValueError("band_values needs at least one signature")
    size = len(signatures[0])
    signature_values(signatures[0])  # validates the length
    if any(len(signature) != size for signature in signatures):
        raise ValueError("signatures of different sizes cannot be banded together: all must come from one MinHasher")
    width = band_width(size // SIGNATURE_ITEM_BYTES, bands, rows)
    matrix = np.frombuffer(b"".join(signatures), dtype=np.uint8).reshape(len(signatures), size)
    return matrix[:, : bands * width].reshape(len(signatures), bands, width)


def band_width(num_perm: int, bands: int, rows: int) -> int:
    """The bytes of one band's values in a signature of ``num_perm`` values, after checking the banding fits it.

    >>> band_width(128, 32, 4)
    16
    """
    if bands < 1 or rows < 1 or bands > MAX_BANDS:
        raise ValueError(f"need 1 <= bands <= {MAX_BANDS} and rows >= 1, got bands={bands} rows={rows}")
    if bands * rows > num_perm:
        raise ValueError(
            f"bands * rows = {bands * rows} exceeds the signature's {num_perm} values: use DedupConfig.banding()"
        )
    return rows * SIGNATURE_ITEM_BYTES


def estimate_jaccard(a: bytes, b: bytes) -> float:
    """The fraction of equal signature values: datasketch's ``MinHash.jaccard`` estimate.

    >>> hasher = MinHasher(num_perm=128, seed=1)
    >>> text = "Comedian Chris Morris is to return to screens with a new sitcom about a spoof media worker."
    >>> estimate_jaccard(hasher.signature_bytes(text, 5), hasher.signature_bytes(text.upper(), 5))
    1.0
    >>> estimate_jaccard(hasher.signature_bytes(text, 5), hasher.signature_bytes("Something else.", 5))
    0.0
    """
    if len(a) != len(b):
        raise ValueError(
            f"signatures of different sizes ({len(a)} and {len(b)} bytes) cannot be compared: "
            "both must come from the same MinHasher"
        )
    va, vb = signature_values(a), signature_values(b)
    return float(np.count_nonzero(va == vb)) / float(va.size)


def normalize_whitespace(text: str) -> str:
    """Runs of whitespace as one space, no leading or trailing whitespace.

    >>> normalize_whitespace("  a\\u00a0 b\\n\\nc ")
    'a b c'
    """
    return " ".join(text.split())


def content_hash(text: str) -> bytes:
    """The exact-duplicate key of a cleaned body: 16-byte BLAKE2b of the whitespace-normalised UTF-8 text.

    Only whitespace is normalised (wrapping, indentation, no-break spaces): any other difference, case or
    punctuation included, gives another key; near duplicates are MinHash's job.

    >>> content_hash("Hello,\\n  world") == content_hash("Hello, world ")
    True
    >>> content_hash("Hello, world") == content_hash("hello, world")
    False
    >>> content_hash("").hex()
    'cae66941d9efbd404e4d88758ea67670'
    """
    return hash_normalized(normalized_utf8(text))


def hash_normalized(normalized: bytes) -> bytes:
    """:func:`content_hash` of a text from its :func:`normalized_utf8`, for a caller that needs those bytes too.

    >>> hash_normalized(normalized_utf8("Hello,\\n  world")) == content_hash("Hello, world")
    True
    """
    return hashlib.blake2b(normalized, digest_size=CONTENT_HASH_BYTES).digest()


def normalized_utf8(text: str) -> bytes:
    """``normalize_whitespace(text).encode("utf-8")``, faster (8 us instead of 17 for a 3 KB ASCII article, 16
    instead of 23 with other characters): whitespace becomes spaces in the UTF-8 bytes, then runs of spaces are
    halved until none is left, instead of making a string object per word.

    >>> normalized_utf8(" a\\u00a0 b\\n\\n\\tc\\u3000")
    b'a b c'
    """
    if not text.isascii():
        for char in OTHER_WHITESPACE:
            if char in text:
                text = text.replace(char, " ")
    raw = text.encode("utf-8").translate(_WHITESPACE_TO_SPACE)
    # Each pass at least halves every run of spaces: log2(longest run) passes, each a C-speed scan.
    while b"  " in raw:
        raw = raw.replace(b"  ", b" ")
    return raw.strip(b" ")
