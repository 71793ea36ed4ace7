"""Loading a document from disk: a CTAI text document (read by the reader) or ctai/1 JSON."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from ctai.contracts.models import Contract
from ctai.core.database import require_database
from ctai.documents.reader import ReadError, read_document
from ctai.documents.reader.review import coordinator_item
from ctai.documents.schema import SchemaError, load_ctai1

MAX_BYTES = 10 * 1024 * 1024


class Erreur(CommandError):
    """A command error; the class name is what Django prints before the message."""


def load_bytes(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise Erreur(f"Fichier introuvable : {path}")
    size = file.stat().st_size
    if size > MAX_BYTES:
        megabytes = f"{size / 1024 / 1024:.1f}".replace(".", ",")
        raise Erreur(
            f"{path} : fichier trop volumineux ({megabytes} Mo, "
            f"maximum {MAX_BYTES // 1024 // 1024} Mo)."
        )
    try:
        return file.read_bytes()
    except OSError as error:
        raise Erreur(f"{path} : lecture impossible ({error.strerror}).") from error


CTAI1_KIND = "ctai1"


def read_content(content: bytes) -> dict[str, Any]:
    """A ctai/1 JSON file (docs/exchange-format.md) is validated against its schema; anything
    else goes through the document reader. Raises ``SchemaError`` or ``ReadError``, whose
    messages are French and say what and where."""
    if content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        document = load_ctai1(content)
        # Where it came from, as the reader says it for an office file.
        document.setdefault("source", {"kind": CTAI1_KIND, "locations": None})
        contract = document["contract"]
        # The schema checked that the review is a list of objects.
        review = contract.setdefault("review", [])
        if not contract.get("coordinator") and all(i.get("field") != "coordinator" for i in review):
            # As the reader does: a coordinator to complete, never a silent gap.
            review.insert(0, coordinator_item())
        return document
    return read_document(content)


def parse_document(path: str, content: bytes) -> dict[str, Any]:
    """A ctai/1 JSON file or any document the reader reads, or a French error naming it."""
    try:
        return read_content(content)
    except (SchemaError, ReadError) as error:
        raise Erreur(f"{path} : {error}") from error


def load_document(path: str) -> tuple[dict[str, Any], bytes]:
    content = load_bytes(path)
    return parse_document(path, content), content


def find_contract(reference: str) -> Contract:
    """A contract by its number (id) or, failing that, by a unique part of its territory."""
    require_database()
    if reference.isdigit():
        contract = Contract.objects.filter(pk=int(reference)).first()
    else:
        matches = list(Contract.objects.filter(territory__icontains=reference)[:2])
        if len(matches) > 1:
            raise Erreur(f"Plusieurs contrats correspondent à « {reference} » : donnez son numéro.")
        contract = matches[0] if matches else None
    if contract is None:
        known = ", ".join(f"{c.pk} ({c.territory})" for c in Contract.objects.all()[:20])
        raise Erreur(
            f"Contrat « {reference} » introuvable. Contrats enregistrés : {known or 'aucun'}."
        )
    return contract
