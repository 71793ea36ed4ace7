"""Opening an office file (a ZIP archive) without trusting it.

Sizes are checked from the archive's directory before anything is decompressed, and again
while decompressing (a directory can lie): a zip bomb, an archive of thousands of members,
an encrypted member or a macro-enabled document is refused with a French message. XML is
parsed without DTD, entities or network access, so an XML bomb expands nothing.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from lxml import etree

from ctai.documents.reader.errors import ReadError

MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 40 * 1024 * 1024
MAX_TOTAL_BYTES = 120 * 1024 * 1024
# Office XML compresses well (ratio 10 to 30); a bomb compresses a thousand times or more.
MAX_RATIO = 200
_CHUNK = 1024 * 1024
_MACRO_MEMBERS = ("vbaproject.bin", "vbadata.xml")
_MACRO_FOLDERS = ("basic/", "scripts/")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


class SafeArchive:
    """A ZIP archive whose members are read with size, ratio and macro checks."""

    def __init__(self, data: bytes, label: str) -> None:
        self.label = label
        try:
            self.zip = zipfile.ZipFile(BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise ReadError(f"{label} endommagé : l'archive ne peut pas être ouverte.") from error
        if len(infos) > MAX_MEMBERS:
            raise ReadError(f"{label} refusé : l'archive contient trop d'éléments ({len(infos)}).")
        total = 0
        for info in infos:
            name = info.filename.lower()
            if info.flag_bits & 0x1:
                raise ReadError(
                    f"{label} chiffré ou protégé par un mot de passe : enregistrez-le sans "
                    "mot de passe."
                )
            if name.rsplit("/", 1)[-1] in _MACRO_MEMBERS or name.startswith(_MACRO_FOLDERS):
                raise ReadError(
                    f"{label} refusé : il contient des macros. Enregistrez-le sans macros "
                    "(Word : « Document Word (*.docx) » ; LibreOffice : « Texte ODF (.odt) »)."
                )
            self._check_size(info.filename, info.file_size, info.compress_size)
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise ReadError(f"{label} refusé : son contenu décompressé est trop volumineux.")
        self.names = {info.filename for info in infos}

    def _check_size(self, name: str, size: int, compressed: int) -> None:
        if size > MAX_MEMBER_BYTES:
            raise ReadError(
                f"{self.label} refusé : l'élément « {name[:80]} » est trop volumineux "
                "une fois décompressé."
            )
        if size > _CHUNK and size > MAX_RATIO * max(compressed, 1):
            raise ReadError(
                f"{self.label} refusé : taux de compression anormal (archive piégée ?)."
            )

    def read(self, name: str) -> bytes:
        """Decompress one member, stopping as soon as it grows past what was announced."""
        if name not in self.names:
            raise ReadError(f"{self.label} incomplet : l'élément « {name} » manque.")
        info = self.zip.getinfo(name)
        limit = min(info.file_size, MAX_MEMBER_BYTES)
        parts, size = [], 0
        try:
            with self.zip.open(info) as member:
                while chunk := member.read(_CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise ReadError(
                            f"{self.label} refusé : l'élément « {name} » dépasse la taille "
                            "annoncée (archive piégée ?)."
                        )
                    parts.append(chunk)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as error:
            # RuntimeError: zipfile's own word for an encrypted member.
            raise ReadError(f"{self.label} endommagé : « {name} » illisible.") from error
        except NotImplementedError as error:
            raise ReadError(
                f"{self.label} : méthode de compression non prise en charge."
            ) from error
        return b"".join(parts)

    def xml(self, name: str) -> etree._Element:
        content = self.read(name)
        head = content[:4096]
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise ReadError(f"{self.label} refusé : déclaration XML non autorisée (DOCTYPE).")
        try:
            root = etree.fromstring(content, _parser())
        except etree.XMLSyntaxError as error:
            raise ReadError(f"{self.label} endommagé : XML illisible dans « {name} ».") from error
        if root.getroottree().docinfo.doctype:
            raise ReadError(f"{self.label} refusé : déclaration XML non autorisée (DOCTYPE).")
        return root


def local_name(element: etree._Element) -> str:
    """The tag of an XML element without its namespace ("" for comments and the like)."""
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def attribute(element: etree._Element, name: str) -> str | None:
    """An attribute of an element by its local name, whatever its namespace."""
    for key, value in element.attrib.items():
        if key.rpartition("}")[2] == name:
            return value
    return None
