"""Files attached to a report: PDF, XLSX, ODS, DOCX, ODT, PNG, JPEG only, checked by content
and size.

The extension says what the file claims to be; its first bytes (and, for the zipped office
formats, the names inside the archive) say what it is. Both must agree: a renamed executable,
a file with macros (``.xlsm`` or ``.docm`` renamed, VBA or LibreOffice Basic inside) or a file
over the size cap is refused with a French message. A zipped office file (workbook or text
document: associations write their bilans in Word) is refused when it has too many members, when
its members would expand past ``MAX_UNCOMPRESSED_BYTES`` or compress suspiciously well (a zip
bomb: judged from the archive's directory, then enforced while reading), or when its XML
declares entities (billion laughs, external entities: parsed with defusedxml).
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("pdf", "PDF", "application/pdf", (".pdf",))
XLSX = FileKind(
    "xlsx",
    "classeur Excel (XLSX)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
ODS = FileKind(
    "ods",
    "classeur OpenDocument (ODS)",
    "application/vnd.oasis.opendocument.spreadsheet",
    (".ods",),
)
DOCX = FileKind(
    "docx",
    "document Word (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
ODT = FileKind(
    "odt",
    "document OpenDocument (ODT)",
    "application/vnd.oasis.opendocument.text",
    (".odt",),
)
PNG = FileKind("png", "image PNG", "image/png", (".png",))
JPEG = FileKind("jpeg", "image JPEG", "image/jpeg", (".jpg", ".jpeg"))
KINDS = (PDF, XLSX, ODS, DOCX, ODT, PNG, JPEG)
BY_EXTENSION = {extension: kind for kind in KINDS for extension in kind.extensions}
ALLOWED = "PDF, XLSX, ODS, DOCX, ODT, PNG ou JPEG"
ZIPPED = (XLSX, ODS, DOCX, ODT)
# OOXML: the main part of each kind; OpenDocument: the ``mimetype`` member.
OOXML_PARTS = {"xl/workbook.xml": XLSX, "word/document.xml": DOCX}
ODF_TYPES = {kind.content_type.encode(): kind for kind in (ODS, ODT)}
# Macros: VBA in OOXML (also declared in [Content_Types].xml), Basic or scripts in ODF.
MACRO_MEMBERS = ("vbaproject.bin", "vbadata.xml")
MACRO_FOLDERS = ("basic/", "scripts/")

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for members over RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
HEAD_BYTES = 16


def max_bytes() -> int:
    return int(getattr(settings, "CTAI_REPORT_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _has_macros(archive: zipfile.ZipFile, names: set[str]) -> bool:
    lowered = {name.lower() for name in names}
    if any(n.rsplit("/", 1)[-1] in MACRO_MEMBERS or n.startswith(MACRO_FOLDERS) for n in lowered):
        return True
    types = next((i for i in archive.infolist() if i.filename == "[Content_Types].xml"), None)
    if types is None or types.file_size > 1024 * 1024:
        return False
    return b"macroEnabled" in archive.read(types)


def _zip_kind(file: IO[bytes]) -> FileKind | None:
    """XLSX, ODS, DOCX or ODT from the names inside the archive; ``None`` for any other zip
    and for an office file carrying macros (even when named .xlsx or .docx)."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return None
            names = {info.filename for info in infos}
            kind = None
            if "[Content_Types].xml" in names:
                kind = next((k for part, k in OOXML_PARTS.items() if part in names), None)
            mimetype = next((i for i in infos if i.filename == "mimetype"), None)
            if kind is None and mimetype is not None and mimetype.file_size <= 100:
                kind = ODF_TYPES.get(archive.read(mimetype).strip())
            if kind is not None and _has_macros(archive, names):
                return None
            return kind
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return None


def sniff(file: IO[bytes]) -> FileKind | None:
    """What the content is, among the accepted kinds; ``None`` when it is none of them."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    return None


def _archive_problem(file: IO[bytes]) -> str:
    """Why a zipped workbook is dangerous to open, or ``""``."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return f"il contient trop de fichiers internes ({len(infos)})"
            total = sum(info.file_size for info in infos)
            if total > MAX_UNCOMPRESSED_BYTES:
                return (
                    f"une fois décompressé il occuperait {megabytes(total)} Mo "
                    "(archive piégée, « bombe zip »)"
                )
            for info in infos:
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
                    return "il est anormalement compressé (archive piégée, « bombe zip »)"
            budget = MAX_UNCOMPRESSED_BYTES
            for info in infos:
                if not info.filename.lower().endswith((".xml", ".rels")):
                    continue
                with archive.open(info) as member:
                    # Never trust the directory's sizes: read at most what is left.
                    data = member.read(budget + 1)
                budget -= len(data)
                if budget < 0:
                    return "une fois décompressé il dépasse la taille permise (« bombe zip »)"
                fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        return "son XML déclare des entités (expansion d'entités XML refusée)"
    except ParseError:
        return "son XML est illisible"
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return "l'archive est illisible"
    finally:
        file.seek(0)
    return ""


def check_upload(name: str, size: int, file: IO[bytes]) -> FileKind:
    """The kind of an uploaded file, or a ``ValidationError`` saying in French what to do."""
    display = PurePath(name or "").name or "(sans nom)"
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            f"« {display} » est trop volumineux ({megabytes(size)} Mo) : "
            f"{megabytes(limit)} Mo au plus. Réduisez-le ou scindez-le.",
            code="file_too_large",
        )
    if size == 0:
        raise ValidationError(f"« {display} » est vide.", code="empty_file")
    extension = PurePath(display).suffix.lower()
    claimed = BY_EXTENSION.get(extension)
    if claimed is None:
        raise ValidationError(
            f"« {display} » : type de fichier non accepté. Joignez un fichier {ALLOWED}.",
            code="file_type",
        )
    actual = sniff(file)
    if actual != claimed:
        found = f"un fichier {actual.label}" if actual else "un fichier d'un autre type"
        raise ValidationError(
            f"« {display} » porte l'extension {extension} mais son contenu est {found} : "
            f"joignez un vrai fichier {claimed.label} (types acceptés : {ALLOWED}, sans macros).",
            code="file_content",
        )
    if actual in ZIPPED:
        problem = _archive_problem(file)
        if problem:
            software = "traitement de texte" if actual in (DOCX, ODT) else "tableur"
            raise ValidationError(
                f"« {display} » est refusé : {problem}. Enregistrez à nouveau le fichier "
                f"depuis votre {software}, puis joignez-le.",
                code="file_unsafe",
            )
    return actual


def validate_attachment(file) -> None:
    """Field validator for a Django ``File`` / ``UploadedFile``."""
    check_upload(getattr(file, "name", ""), file.size, file)
