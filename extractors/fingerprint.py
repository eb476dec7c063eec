"""Near-duplicate fingerprints of article text: 64-bit SimHash from trafilatura.

The same story syndicated by two outlets, or re-published with a corrected paragraph, gets
fingerprints a few bits apart; unrelated articles differ in about half of the 64 bits.
Fingerprints are stored as 16 lower-case hex digits (zero-padded, so they sort and compare
as plain strings).
"""

from __future__ import annotations

from trafilatura.deduplication import Simhash

FINGERPRINT_BITS = 64
# Measured on the corpus pages (tests/test_articles.py): one edited or added paragraph moves
# a long article by 0-6 bits; distinct articles sit at 20-45 bits.
NEAR_DUPLICATE_MAX_BITS = 8


def text_fingerprint(text: str) -> str:
    """The SimHash of ``text`` as 16 hex digits."""
    return f"{Simhash(text, length=FINGERPRINT_BITS).hash:016x}"


def fingerprint_distance(a: str, b: str) -> int:
    """Hamming distance in bits between two fingerprints.

    Raises ``ValueError`` naming the value when one is not a hex fingerprint.
    """
    return (_as_int(a) ^ _as_int(b)).bit_count()


def is_near_duplicate(a: str, b: str, *, max_bits: int = NEAR_DUPLICATE_MAX_BITS) -> bool:
    """True when the texts behind fingerprints ``a`` and ``b`` are near-duplicates."""
    return fingerprint_distance(a, b) <= max_bits


def _as_int(fingerprint: str) -> int:
    try:
        value = int(fingerprint, 16)
    except (TypeError, ValueError):
        raise ValueError(
            f"fingerprint {fingerprint!r} is not a hex SimHash; use text_fingerprint() output"
        ) from None
    if not 0 <= value < 1 << FINGERPRINT_BITS:
        raise ValueError(f"fingerprint {fingerprint!r} is wider than {FINGERPRINT_BITS} bits")
    return value
