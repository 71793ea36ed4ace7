"""The amendment's annex (annexe à l'avenant): the table of changes and the changed sheets as
they stand after the amendment, as DOCX (python-docx, editable in Word and LibreOffice) and
PDF (WeasyPrint, imported only when a PDF is asked for: it loads Pango)."""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string

from ctai.amendments.enums import ChangeKind
from ctai.amendments.models import Amendment, AmendmentChange
from ctai.amendments.values import budget_label, find_sheet, sheet_budget, shown, where
from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.core.money import euros


@dataclass
class AnnexSheet:
    heading: str
    facts: list[tuple[str, str]]
    budget: list[tuple[str, str, bool]]  # label, amount after the amendment, changed
    targets: list[tuple[str, str, bool]]


@dataclass
class Annex:
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    changes: list[tuple[str, str, str]]  # where, before, after
    sheets: list[AnnexSheet] = field(default_factory=list)


def _amount(value: str | Decimal | None) -> str:
    if value in (None, ""):
        return "(vide)"
    return euros(Decimal(value))


def _sheet(amendment: Amendment, year: int, number: int, lines: list[AmendmentChange]):
    sheet = find_sheet(amendment.contract, year, number)
    heading = f"Fiche action n° {number} ({year})"
    if sheet is None:
        added = next((c for c in lines if c.kind == ChangeKind.SHEET_ADDED), None)
        withdrawn = next((c for c in lines if c.kind == ChangeKind.SHEET_WITHDRAWN), None)
        if added is not None:
            return AnnexSheet(
                f"{heading} : {added.after} (ajoutée)",
                [("Porteur", added.details.get("operator") or "(non précisé)")],
                [(budget_label("p104_subsidy"), _amount(added.details.get("p104_subsidy")), True)],
                [],
            )
        title = withdrawn.label if withdrawn else ""
        return AnnexSheet(f"{heading} : {title} (retirée)", [], [], [])
    withdrawn = any(c.kind == ChangeKind.SHEET_WITHDRAWN for c in lines)
    budget = sheet_budget(sheet)
    new_amounts = {c.field: c.after for c in lines if c.kind == ChangeKind.BUDGET}
    rows = []
    for name in BUDGET_FIELDS:
        stored = getattr(budget, name) if budget else None
        value = new_amounts.get(name, stored)
        if value not in (None, "") or name in new_amounts:
            rows.append((budget_label(name), _amount(value), name in new_amounts))
    new_targets = {c.indicator_id: c.after for c in lines if c.kind == ChangeKind.TARGET}
    targets = [
        (
            indicator.display_label,
            new_targets.get(indicator.pk, indicator.target_text) or "(vide)",
            indicator.pk in new_targets,
        )
        for indicator in sheet.indicators.select_related("definition")
    ]
    facts = [
        ("Axe", str(sheet.axis) if sheet.axis else "(non rattachée)"),
        ("Porteur", sheet.operator.display_name if sheet.operator else "(non précisé)"),
    ]
    suffix = " (retirée par cet avenant)" if withdrawn else ""
    return AnnexSheet(f"{heading} : {sheet.title}{suffix}", facts, rows, targets)


def annex_data(amendment: Amendment) -> Annex:
    contract = amendment.contract
    lines = list(amendment.changes.select_related("indicator__definition"))
    facts = [("Objet", amendment.title)]
    if amendment.origin:
        facts.append(("Origine", amendment.origin))
    if amendment.is_draft:
        facts.append(("Statut", "Projet d'avenant (non signé) : le contrat n'est pas modifié"))
    else:
        facts.append(("Signé le", f"{amendment.signed_on:%d/%m/%Y}"))
        facts.append(("Signataires", amendment.signatories))
    annex = Annex(
        title=f"Annexe à l'avenant n° {amendment.number}",
        subtitle=f"{contract.title} — {contract.territory} ({contract.start.year}-"
        f"{contract.end.year})",
        facts=facts,
        changes=[(where(c), shown(c, c.before), shown(c, c.after)) for c in lines],
    )
    by_sheet: dict[tuple[int, int], list[AmendmentChange]] = {}
    for line in lines:
        if line.sheet_number is not None:
            by_sheet.setdefault((line.year, line.sheet_number), []).append(line)
    annex.sheets = [
        _sheet(amendment, year, number, by_sheet[(year, number)])
        for year, number in sorted(by_sheet)
    ]
    return annex


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text


def annex_docx(amendment: Amendment) -> bytes:
    from docx import Document

    annex = annex_data(amendment)
    document = Document()
    document.add_heading(annex.title, level=0)
    document.add_paragraph(annex.subtitle)
    for label, value in annex.facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label} : ").bold = True
        paragraph.add_run(value)
    document.add_heading("Tableau des modifications", level=1)
    _table(
        document,
        ["Élément", "Valeur actuelle", "Nouvelle valeur"],
        [list(row) for row in annex.changes],
    )
    if annex.sheets:
        document.add_heading("Fiches actions modifiées", level=1)
    for sheet in annex.sheets:
        document.add_heading(sheet.heading, level=2)
        for label, value in sheet.facts:
            document.add_paragraph(f"{label} : {value}")
        if sheet.budget:
            _table(
                document,
                ["Ligne du budget", "Montant après avenant", "Modifié"],
                [[a, b, "oui" if c else ""] for a, b, c in sheet.budget],
            )
        if sheet.targets:
            document.add_paragraph()
            _table(
                document,
                ["Indicateur", "Valeur cible après avenant", "Modifié"],
                [[a, b, "oui" if c else ""] for a, b, c in sheet.targets],
            )
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"Ressource externe refusée dans l'annexe : {url[:80]}")


def annex_html(amendment: Amendment) -> str:
    return render_to_string("amendments/annex.html", {"annex": annex_data(amendment)})


def annex_pdf(amendment: Amendment) -> bytes:
    from weasyprint import HTML

    return HTML(string=annex_html(amendment), url_fetcher=refuse_fetch, base_url=None).write_pdf()
