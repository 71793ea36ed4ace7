"""Files that are not a readable contract: a French message, nothing else (SECURITY.md).

Encrypted or scanned PDF, macros, oversized files, zip and XML bombs, renamed images, old
binary Word files, and randomly damaged office files: ``read_document`` raises
``ReadError`` with a French message, quickly, and never anything else.
"""

import random
import time
import zipfile
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from ctai.documents.reader import ReadError, read_document
from tests.documents.corpus.writers import to_docx, to_odt, to_pdf

SMALL = (
    "Contrat territorial d'accueil et d'intégration\nDe la Ville de Test\n\n"
    "Fiche action n° 1 : Essai\n\nBudget prévisionnel\n"
    "Montant de la subvention demandée sur les crédits de l'action 12 du programme 104\t1 000\n"
    "Coût total de l'action\t1 000\n"
)


def refused(data: bytes, *words: str) -> str:
    start = time.perf_counter()
    with pytest.raises(ReadError) as error:
        read_document(data)
    assert time.perf_counter() - start < 5
    message = str(error.value)
    for word in words:
        assert word in message, message
    return message


def rezip(data: bytes, extra: dict[str, bytes], replace: dict[str, bytes] | None = None) -> bytes:
    replace = replace or {}
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info.filename))
            target.writestr(info.filename, content, compress_type=zipfile.ZIP_DEFLATED)
        for name, content in extra.items():
            target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.fixture(scope="module")
def small_docx() -> bytes:
    return to_docx(SMALL)


def test_small_files_of_every_kind_are_read(small_docx):
    for data in (small_docx, to_odt(SMALL), to_pdf(SMALL), SMALL.encode()):
        document = read_document(data)
        budget = document["contract"]["actions"][0]["budget"]
        assert budget["p104_subsidy"] == "1000.00"


def test_encrypted_pdf():
    writer = PdfWriter(clone_from=PdfReader(BytesIO(to_pdf(SMALL))))
    writer.encrypt("secret")
    out = BytesIO()
    writer.write(out)
    refused(out.getvalue(), "mot de passe")


def test_scanned_pdf_without_text():
    out = BytesIO()
    Image.new("RGB", (600, 800), "white").save(out, "PDF")
    refused(out.getvalue(), "ne contient pas de texte")


def test_damaged_pdf():
    data = to_pdf(SMALL)
    refused(data[: len(data) // 3], "PDF")


def test_docx_with_macros(small_docx):
    refused(rezip(small_docx, {"word/vbaProject.bin": b"\x00" * 100}), "macros")


def test_macro_enabled_content_type(small_docx):
    with zipfile.ZipFile(BytesIO(small_docx)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(
        b"</Types>",
        b'<Default Extension="bin" ContentType='
        b'"application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
    )
    refused(rezip(small_docx, {}, {"[Content_Types].xml": types}), "macros")


def test_oversized_file(small_docx):
    padding = random.Random(1).randbytes(11 * 1024 * 1024)
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("padding.bin", padding, compress_type=zipfile.ZIP_STORED)
    refused(out.getvalue(), "trop volumineux")


@pytest.mark.parametrize("size", [5 * 1024 * 1024, 45 * 1024 * 1024])
def test_zip_bomb_disguised_as_docx(size):
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * size)
    refused(out.getvalue(), "refusé")


def test_xml_bomb(small_docx):
    entities = "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + entities.encode()
        + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    refused(rezip(small_docx, {}, {"word/document.xml": bomb}), "DOCTYPE")


def test_renamed_image():
    out = BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, "PNG")
    refused(out.getvalue(), "image", ".docx")


def test_old_word_file():
    refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000, ".doc", ".docx", ".odt")


def test_spreadsheet_is_not_a_contract():
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    refused(out.getvalue(), "OpenDocument")


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_damaged_office_files_never_crash(kind, small_docx):
    data = small_docx if kind == "docx" else to_odt(SMALL)
    rng = random.Random(kind)
    for _ in range(60):
        mutated = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        if rng.random() < 0.3:
            mutated = mutated[: rng.randrange(len(mutated))]
        try:
            read_document(bytes(mutated))
        except ReadError as error:
            assert str(error)
