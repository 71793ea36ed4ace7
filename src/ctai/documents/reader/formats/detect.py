"""Detecting the kind of an uploaded file from its first bytes, and dispatching."""

from __future__ import annotations

import zipfile
from io import BytesIO

from ctai.documents.reader.decoding import check_size
from ctai.documents.reader.errors import ACCEPTED, ReadError
from ctai.documents.reader.formats.docx import read_docx
from ctai.documents.reader.formats.lines import Extracted
from ctai.documents.reader.formats.odt import read_odt
from ctai.documents.reader.formats.pdf import read_pdf

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (
    (b"\x89PNG", "une image PNG"),
    (b"\xff\xd8\xff", "une image JPEG"),
    (b"GIF8", "une image GIF"),
    (b"II*\x00", "une image TIFF"),
    (b"MM\x00*", "une image TIFF"),
    (b"BM", "une image BMP"),
)
_OTHER = (
    (b"{\\rtf", "un document RTF"),
    (b"Rar!", "une archive RAR"),
    (b"7z\xbc\xaf", "une archive 7z"),
    (b"\x1f\x8b", "une archive gzip"),
)


def _refuse_ole2() -> ReadError:
    return ReadError(
        "Ancien format Microsoft Office (.doc) ou document protégé par un mot de passe : "
        "ouvrez-le dans votre traitement de texte et enregistrez-le au format Word (.docx) "
        f"ou OpenDocument (.odt), sans mot de passe. {ACCEPTED}"
    )


def _zip_kind(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ReadError(
            f"Archive endommagée : le fichier ne peut pas être ouvert. {ACCEPTED}"
        ) from error
    if "word/document.xml" in names:
        return "docx"
    if "mimetype" in names:
        info = archive.getinfo("mimetype")
        if info.file_size <= 200:
            mimetype = archive.read("mimetype").strip()
            if mimetype == b"application/vnd.oasis.opendocument.text":
                return "odt"
            if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                raise ReadError(
                    "Ce fichier OpenDocument n'est pas un texte (tableur ou présentation ?) : "
                    f"enregistrez le contrat comme document texte. {ACCEPTED}"
                )
    if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        raise ReadError(
            "Ce fichier est un tableur ou une présentation Office, pas le document du contrat. "
            f"{ACCEPTED}"
        )
    raise ReadError(f"Ce fichier est une archive ZIP qui n'est pas un document texte. {ACCEPTED}")


def detect(data: bytes) -> str:
    """``docx``, ``odt``, ``pdf`` or ``text``; a :class:`ReadError` for anything refused."""
    head = data[:1024]
    if head.startswith(_OLE2):
        raise _refuse_ole2()
    if head.lstrip(b"\x00\t\n\r ").startswith(b"%PDF-") or head[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    for magic, name in (*_IMAGES, *_OTHER):
        if head.startswith(magic):
            raise ReadError(
                f"Ce fichier est {name}, pas un document : une image ou un scan ne peut pas "
                f"être lu. {ACCEPTED}"
            )
    return "text"


def extract(data: bytes | str) -> Extracted:
    """The text of any accepted document, or a :class:`ReadError` in French saying why not."""
    if isinstance(data, str):
        return Extracted("text", data)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ReadError("Le document doit être fourni sous forme de texte ou d'octets.")
    data = bytes(data)
    check_size(len(data))
    kind = detect(data)
    if kind == "text":
        return Extracted("text", data)
    if kind == "docx":
        return read_docx(data)
    if kind == "odt":
        return read_odt(data)
    return read_pdf(data)
