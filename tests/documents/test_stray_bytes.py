"""A document with stray bytes is still read: each non-UTF-8 line is decoded on its own and
named in a review item; numbers too long to hold are unreadable, never an internal error."""

import os
import random
import time

import pytest

from ctai.documents.reader.document import read_document
from ctai.documents.reader.errors import ReadError

NO_SHEET = "Aucune fiche action trouvée"


def _with_stray_bytes(data: bytes, rng: random.Random, count: int) -> bytes:
    mutated = bytearray(data)
    for _ in range(count):
        mutated.insert(rng.randrange(len(mutated) + 1), rng.randrange(0x80, 0x100))
    return bytes(mutated)


def test_one_stray_byte_no_longer_loses_the_document(metz_bytes, metz):
    at = metz_bytes.index("Coût total de l'action".encode())
    document = read_document(metz_bytes[:at] + b"\xff" + metz_bytes[at:])
    assert len(document["contract"]["actions"]) == len(metz["contract"]["actions"])
    line = metz_bytes.count(b"\n", 0, at) + 1
    items = [i for i in document["contract"]["review"] if i["line"] == line]
    assert any("octets illisibles" in i["reason"] and f"Ligne {line}" in i["reason"] for i in items)
    # Accents elsewhere are intact (not the whole document decoded as Windows-1252).
    assert document["contract"]["title"] == metz["contract"]["title"]


def test_an_old_windows_1252_export_is_still_read_whole(metz_bytes, metz):
    legacy = metz_bytes.decode("utf-8").encode("cp1252", errors="replace")
    document = read_document(legacy)
    assert document["contract"]["title"] == metz["contract"]["title"]
    assert not [i for i in document["contract"]["review"] if "octets illisibles" in i["reason"]]


@pytest.mark.parametrize("digits", [29, 40, 400])
def test_a_number_too_long_to_hold_is_unreadable_not_an_internal_error(metz_bytes, digits):
    original = "Coût total de l'action\t70 000".encode()
    assert original in metz_bytes
    document = read_document(
        metz_bytes.replace(original, "Coût total de l'action\t".encode() + b"9" * digits, 1)
    )
    line = metz_bytes.count(b"\n", 0, metz_bytes.index(original)) + 1
    assert [i for i in document["contract"]["review"] if i["line"] == line]


@pytest.mark.slow
def test_fuzz_stray_bytes_never_crash_nor_lose_the_sheets(metz_bytes):
    """Seeded: CTAI_FUZZ_CASES documents, each with 1 to 8 stray bytes. Reading the Metz
    document takes ~0,25 s on the shared test machine: 2 000 cases take ~8 min, so the default
    is 240 (~60 s); CI sets CTAI_FUZZ_CASES=2000."""
    cases = int(os.environ.get("CTAI_FUZZ_CASES", "240"))
    rng = random.Random(20261128)
    failures = []
    start = time.monotonic()
    for case in range(cases):
        data = _with_stray_bytes(metz_bytes, rng, rng.randint(1, 8))
        try:
            read_document(data)
        except ReadError as error:
            if NO_SHEET in str(error) or "erreur interne" in str(error):
                failures.append((case, str(error)))
    assert not failures, failures[:5]
    print(f"{cases} documents in {time.monotonic() - start:.1f} s")
