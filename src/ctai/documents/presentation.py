"""What the preview page shows of a pending import: the contract's figures, each sheet, the
review items with their place in the original file, the findings and the changes."""

from __future__ import annotations

from typing import Any

from ctai.checks.enums import SEVERITY_LABELS
from ctai.core.money import parse_amount
from ctai.documents.corrections import Correctable
from ctai.documents.models import PendingImport

KINDS = {
    "docx": "Word (.docx)",
    "odt": "OpenDocument (.odt)",
    "pdf": "PDF",
    "text": "texte exporté",
    "ctai1": "fichier d'échange ctai/1",
}


def _where(item: dict, locations: dict) -> str:
    line = item.get("line")
    if not line:
        return "tout le document"
    place = locations.get(str(line))
    return f"{place} (ligne {line})" if place else f"ligne {line}"


def preview_context(pending: PendingImport, preview, items: list[Correctable]) -> dict[str, Any]:
    document = pending.document
    doc = document.get("contract") or {}
    source = document.get("source") or {}
    locations = source.get("locations") or {}
    fields = {item.index: f"point_{item.index}" for item in items}
    sheets = [
        {
            "number": a.get("number"),
            "year": a.get("year"),
            "title": a.get("title") or "",
            "axis": a.get("axis"),
            "operator": a.get("operator") or "",
            "p104": parse_amount((a.get("budget") or {}).get("p104_subsidy")),
            "total": parse_amount((a.get("budget") or {}).get("total_cost")),
        }
        for a in doc.get("actions") or []
    ]
    review = [
        {
            "where": _where(item, locations),
            "sheet": item.get("action"),
            "field": item.get("field") or "",
            "text": (item.get("text") or "").strip()[:300],
            "reason": item.get("read_reason") or item.get("reason") or "",
            "corrected": item.get("corrected"),
            "input": fields.get(index),
        }
        for index, item in enumerate(doc.get("review") or [])
    ]
    findings = [
        {
            "severity": finding.severity,
            "label": SEVERITY_LABELS[finding.severity],
            "sheet": finding.action,
            "year": finding.year,
            "message": finding.message,
        }
        for finding in preview.findings
    ]
    return {
        "pending": pending,
        "contract": pending.contract,
        "doc": doc,
        "kind": KINDS.get(source.get("kind"), ""),
        "coordinator_missing": not doc.get("coordinator"),
        "envelopes": [
            (e.get("year"), parse_amount(e.get("amount"))) for e in doc.get("state_envelopes") or []
        ],
        "axes": [
            (a.get("number"), a.get("title") or "", parse_amount(a.get("declared_amount")))
            for a in doc.get("axes") or []
        ],
        "sheets": sheets,
        "review": review,
        "findings": findings,
        "preview": preview,
    }


def format_review(document: dict) -> str:
    """The review items as the commands print them (``ctai read/import --review``)."""
    items = document["contract"].get("review") or []
    if not items:
        return "Aucun point à vérifier : toutes les valeurs lues ont été placées."
    locations = (document.get("source") or {}).get("locations") or {}
    lines = [f"{len(items)} point(s) à vérifier :"]
    for item in items:
        where = _where(item, locations) if item.get("line") else "sans ligne"
        sheet = f", fiche {item['action']}" if item.get("action") is not None else ""
        field = f", {item['field']}" if item.get("field") else ""
        lines.append(f"- {where}{sheet}{field} : {item['reason']}")
        if item.get("text"):
            lines.append(f"    texte lu : « {item['text'].strip()[:200]} »")
    return "\n".join(lines)
