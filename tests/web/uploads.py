"""Files for the import in the browser: a territory's contract written as Word, OpenDocument,
PDF or text (``tests.documents.corpus``), with points to review, and files to refuse."""

import zipfile
from io import BytesIO

from PIL import Image
from pypdf import PdfReader, PdfWriter

from tests.documents.corpus.territories import TERRITORIES, Territory, text
from tests.documents.corpus.writers import to_docx, to_odt, to_pdf

MONTCLAIR: Territory = TERRITORIES[1]  # Ville de Montclair, 2027-2029, 5 sheets
# The sheet whose P104 amount ``doubtful_p104`` makes doubtful: the first template table.
DOUBTFUL_SHEET = next(
    sheet.number
    for sheet in MONTCLAIR.sheets
    if sheet.budget_layout == "template" and not sheet.one_cell_per_line
)
WRITERS = {"docx": to_docx, "odt": to_odt, "pdf": to_pdf, "txt": lambda t: t.encode()}


def contract_text(
    territory: Territory = MONTCLAIR, *, coordinator: bool = True, doubtful_p104: bool = False
) -> str:
    """The territory's document; without its coordinator's name (a point to review); with the
    first P104 amount followed by a word (a doubtful amount, kept and listed for review)."""
    lines = text(territory).split("\n")
    if not coordinator:
        lines = [line for line in lines if territory.coordinator not in line]
    if doubtful_p104:
        index = next(i for i, line in enumerate(lines) if "programme 104" in line and "\t" in line)
        lines[index] += " environ"
    return "\n".join(lines)


def contract_file(kind: str = "docx", **options) -> bytes:
    return WRITERS[kind](contract_text(**options))


def changed_text(territory: Territory = MONTCLAIR) -> str:
    """The same contract with the first sheet's title changed: a new version."""
    first = territory.sheets[0].title
    return text(territory).replace(first, f"{first} renforcés", 2)


def _zip(members: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def renamed_png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (40, 40), "white").save(out, "PNG")
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * 50_000_000})


def macro_docx() -> bytes:
    data = contract_file("docx")
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(to_pdf("Contrat\nFiche action n° 1"))))
    writer.encrypt("secret")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned_pdf() -> bytes:
    out = BytesIO()
    Image.new("RGB", (300, 400), "white").save(out, "PDF")
    return out.getvalue()


def oversized() -> bytes:
    return b"Contrat territorial\n" + b"x" * (11 * 1024 * 1024)
