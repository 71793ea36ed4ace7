"""From the uploaded bytes to text: size limit, encoding, binary detection."""

from __future__ import annotations

import codecs
import re

from ctai.documents.reader.errors import ACCEPTED, ReadError

MAX_BYTES = 10 * 1024 * 1024
_MEGA = 1024 * 1024
# Control characters never found in a text export. Tab, line feed, carriage return,
# vertical tab and form feed are left out: office exports use the last two for manual
# line and page breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _megabytes(size: int) -> str:
    return f"{size / _MEGA:.1f}".replace(".", ",")


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise ReadError(
            f"Fichier trop volumineux : {_megabytes(size)} Mo (maximum {MAX_BYTES // _MEGA} Mo)."
        )


def _line_of(text: str, index: int) -> int:
    return (
        text.count("\n", 0, index) + text.count("\r", 0, index) - text.count("\r\n", 0, index) + 1
    )


def _decode_lines(data: bytes) -> tuple[str, list[int]]:
    """A UTF-8 text with stray bytes: each line decoded on its own, so that one bad byte
    does not turn the whole document into Windows-1252 (and its accents into noise).

    A line that is not UTF-8 keeps its readable characters, the bad bytes replaced by
    « � », and its number is returned for a review item. When no line with accents is UTF-8
    the document is an old Windows-1252 export: decoded as such, whole."""
    lines = data.split(b"\n")
    accented_utf8 = 0
    for line in lines:
        if not line.isascii():
            try:
                line.decode("utf-8")
                accented_utf8 += 1
            except UnicodeDecodeError:
                pass
    if not accented_utf8:
        try:
            return data.decode("cp1252"), []
        except UnicodeDecodeError:
            # Five byte values have no cp1252 meaning; Latin-1 gives every byte a character.
            return data.decode("latin-1"), []
    decoded, bad = [], []
    for number, line in enumerate(lines, start=1):
        try:
            decoded.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(line.decode("utf-8", errors="replace"))
            bad.append(number)
    return "\n".join(decoded).removeprefix("\ufeff"), bad


def _decode_bytes(data: bytes) -> tuple[str, list[int]]:
    """UTF-8 (with or without BOM) first, UTF-16 when it says so, then line by line."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise ReadError(
            f"Le fichier n'est pas un texte lisible (contenu binaire détecté ligne {line}). "
            f"{ACCEPTED}",
            line=line,
        )
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return _decode_lines(data)


def decode(data: bytes | str) -> str:
    """The text of an uploaded document, or a :class:`ReadError` saying why not."""
    return decode_with_bad_lines(data)[0]


def decode_with_bad_lines(data: bytes | str) -> tuple[str, list[int]]:
    """The text, and the numbers of the lines whose bytes were not UTF-8 (see
    :func:`_decode_lines`)."""
    bad: list[int] = []
    if isinstance(data, str):
        check_size(len(data.encode("utf-8", errors="replace")))
        text = data.removeprefix("\ufeff")
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        check_size(len(raw))
        text, bad = _decode_bytes(raw)
    else:
        raise ReadError("Le document doit être fourni sous forme de texte ou d'octets.")
    # An old DOS end-of-file mark is not content.
    text = text.rstrip("\x1a")
    control = _CONTROL.search(text)
    if control is not None:
        line = _line_of(text, control.start())
        raise ReadError(
            f"Le fichier n'est pas un texte lisible (contenu binaire détecté ligne {line}). "
            f"{ACCEPTED}",
            line=line,
        )
    if not text.strip():
        raise ReadError("Ligne 1 : le fichier est vide.", line=1)
    return text, bad
