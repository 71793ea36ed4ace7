"""Importing a ctai/1 document into the database, in one transaction.

Decision (docs/adr/0002-reimport.md): a contract is identified by its territory and period.
Importing a document identical to what is stored writes nothing; a changed document is applied
in place (sheets matched by year and number, axes by number) and the report lists every value
that changed. Any invalid value refuses the whole import with French messages naming the sheet
and the field; nothing is half-written.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from ctai.audit.stamps import bump
from ctai.budget.models import LABELS as BUDGET_LABELS
from ctai.budget.models import Budget, BudgetExtraLine
from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.contracts.enums import OrganisationKind
from ctai.contracts.models import (
    ActionSheet,
    AnnualEnvelope,
    Axis,
    Contract,
    ContractParty,
    Organisation,
    Partner,
    Theme,
)
from ctai.documents.models import DocumentImport, ImportFingerprint, ReviewItem
from ctai.documents.reader.lines import norm
from ctai.documents.reader.parties import LOCAL_AUTHORITY
from ctai.exchange.export import FORMAT, contract_queryset, contract_to_document
from ctai.indicators.models import ActionIndicator, IndicatorDefinition
from ctai.programmation.guards import (
    EXTRA_LINES,
    P104,
    TARGETS,
    reason_context,
    recompute_carryover_fed,
    require_reason,
)


class DocumentImportError(Exception):
    """The document cannot be imported; ``errors`` are French messages saying where and why."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class ImportReport:
    contract: Contract
    created: bool
    changes: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not self.created and not self.changes


def guess_organisation_kind(name: str) -> str:
    lowered = name.lower()
    if "ccas" in lowered or "centre communal" in lowered or "action sociale" in lowered:
        return OrganisationKind.CCAS
    if LOCAL_AUTHORITY.match(norm(name)):
        # A commune, an EPCI, a département, or one of their directions.
        return OrganisationKind.COLLECTIVITE
    if "état" in lowered or "préfet" in lowered or "préfecture" in lowered:
        return OrganisationKind.ETAT
    if lowered.startswith("association"):
        return OrganisationKind.ASSOCIATION
    return OrganisationKind.AUTRE


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Path → leaf value; sheets keyed by number so a change names its sheet."""
    if isinstance(value, dict):
        items: dict[str, Any] = {}
        for key, sub in value.items():
            if key in ("sources", "review", "line"):
                continue  # where values came from is not a change of the contract
            items.update(flatten(sub, f"{prefix}.{key}" if prefix else key))
        return items
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        items = {}
        for index, sub in enumerate(value):
            key = sub.get("number", index + 1) if "number" in sub else index + 1
            items.update(flatten(sub, f"{prefix}[{key}]"))
        return items
    return {prefix: value}


def describe_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    old, new = flatten(before["contract"]), flatten(after["contract"])
    changes = []
    for path in sorted(old.keys() | new.keys()):
        if old.get(path) != new.get(path):
            changes.append(f"{path} : {old.get(path)!r} → {new.get(path)!r}")
    return changes


class _Importer:
    """Writes one document; collects every error before raising (the transaction rolls back)."""

    def __init__(self, document: dict[str, Any]):
        self.doc = document["contract"]
        self.errors: list[str] = []
        self.themes = {t.code: t for t in Theme.objects.all()}
        self.partners = {p.code: p for p in Partner.objects.all()}
        self.definitions = {d.code: d for d in IndicatorDefinition.objects.all()}
        self.organisations: dict[str, Organisation] = {}

    # -- helpers -------------------------------------------------------------------------
    def organisation(self, name: str) -> Organisation:
        name = name.strip()[:255]
        if name not in self.organisations:
            self.organisations[name], _ = Organisation.objects.get_or_create(
                name=name, defaults={"kind": guess_organisation_kind(name)}
            )
        return self.organisations[name]

    def amount(self, raw: Any, where: str) -> Decimal | None:
        if raw is None:
            return None
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            self.errors.append(f"{where} : « {raw} » n'est pas un montant.")
            return None
        if not value.is_finite():
            self.errors.append(f"{where} : « {raw} » n'est pas un montant.")
            return None
        return value

    def date(self, raw: Any, where: str) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(str(raw))
        except ValueError:
            self.errors.append(f"{where} : date « {raw} » illisible (AAAA-MM-JJ attendu).")
            return None

    def validate(self, instance, where: str, exclude: list[str] | None = None) -> bool:
        try:
            instance.full_clean(exclude=exclude)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                label = instance._meta.get_field(name).verbose_name if name != "__all__" else None
                for message in messages:
                    prefix = f"{where}, champ « {label} »" if label else where
                    self.errors.append(f"{prefix} : {message}")
            return False
        return True

    def replace(self, rows, where: str) -> bool:
        """Delete rows the document replaces, unless a report already holds values for them."""
        try:
            rows.delete()
        except (ProtectedError, RestrictedError):
            self.errors.append(
                f"{where} : des bilans contiennent déjà des valeurs déclarées pour ces lignes ; "
                "l'import ne peut pas les remplacer. Modifiez la fiche dans l'application."
            )
            return False
        return True

    # -- writing -------------------------------------------------------------------------
    def contract(self) -> tuple[Contract, bool]:
        doc = self.doc
        start = self.date(doc.get("start"), "Contrat, début")
        end = self.date(doc.get("end"), "Contrat, fin")
        if start is None or end is None:
            raise DocumentImportError(self.errors)
        contract = Contract.objects.filter(
            territory=doc.get("territory") or "", start=start, end=end
        ).first()
        created = contract is None
        contract = contract or Contract()
        account = doc.get("payment_account") or {}
        contract.title = doc.get("title") or ""
        contract.territory = doc.get("territory") or ""
        contract.start, contract.end = start, end
        # A missing coordinator is stored empty: the reader lists it among the points to
        # review, and validating a programmation requires it (contracts.validation).
        coordinator = doc.get("coordinator")
        contract.coordinator = self.organisation(coordinator) if coordinator else None
        contract.payment_holder = account.get("holder") or ""
        contract.iban = account.get("iban") or ""
        contract.bic = account.get("bic") or ""
        contract.governance = doc.get("governance") or ""
        contract.sources = doc.get("sources") or {}
        # An invalid account is kept as written; the checks report it (ADR 0002).
        if not self.validate(contract, "Contrat", exclude=["iban", "bic"]):
            raise DocumentImportError(self.errors)
        if not created:
            contract.version += 1
        contract.save()
        return contract, created

    def parties_and_envelopes(self, contract: Contract) -> None:
        contract.parties.all().delete()
        for position, party in enumerate(self.doc.get("parties") or []):
            ContractParty.objects.create(
                contract=contract,
                organisation=self.organisation(party["name"]),
                role=party.get("role") or "",
                representative=party.get("representative") or "",
                position=position,
            )
        # In place by year: a validated programmation stays validated across re-imports.
        existing = {envelope.year: envelope for envelope in contract.envelopes.all()}
        for data in self.doc.get("state_envelopes") or []:
            where = f"Enveloppe {data.get('year')}"
            envelope = existing.pop(data.get("year"), None) or AnnualEnvelope(contract=contract)
            envelope.year = data.get("year")
            envelope.amount = self.amount(data.get("amount"), where)
            if self.validate(envelope, where):
                envelope.save()
        for envelope in existing.values():
            envelope.delete()

    def axes(self, contract: Contract) -> dict[int, Axis]:
        existing = {axis.number: axis for axis in contract.axes.all()}
        axes = {}
        for data in self.doc.get("axes") or []:
            where = f"Axe {data.get('number')}"
            axis = existing.pop(data.get("number"), None) or Axis(contract=contract)
            axis.number = data.get("number")
            axis.title = data.get("title") or ""
            axis.declared_amount = self.amount(data.get("declared_amount"), where)
            axis.listed_actions = list(data.get("actions") or [])
            operators = data.get("operators") or {}
            axis.listed_operators = (
                {str(k): str(v) for k, v in operators.items()}
                if isinstance(operators, dict)
                else {}
            )
            if self.validate(axis, where):
                axis.save()
                axes[axis.number] = axis
        self.stale_axes = list(existing.values())
        return axes

    def actions(self, contract: Contract, axes: dict[int, Axis]) -> None:
        existing = {(a.year, a.number): a for a in contract.actions.all()}
        for data in self.doc.get("actions") or []:
            where = f"Fiche action n° {data.get('number')}"
            action = existing.pop((data.get("year"), data.get("number")), None)
            action = action or ActionSheet(contract=contract)
            self.action(action, data, axes, where)
        for action in existing.values():
            self.replace(
                ActionSheet.objects.filter(pk=action.pk), f"Fiche action n° {action.number}"
            )
        for axis in self.stale_axes:
            axis.delete()

    def action(self, action: ActionSheet, data: dict, axes: dict[int, Axis], where: str) -> None:
        action.year, action.number = data.get("year"), data.get("number")
        action.axis = axes.get(data.get("axis"))
        if data.get("axis") is not None and action.axis is None:
            self.errors.append(f"{where} : l'axe n° {data['axis']} n'existe pas dans le contrat.")
        action.axis_label = data.get("axis_label") or ""
        action.title = data.get("title") or ""
        action.operator = self.organisation(data["operator"]) if data.get("operator") else None
        for name in (
            "operator_kind",
            "operator_kind_detail",
            "selection_mode",
            "selection_detail",
            "partners_other",
            "calendar",
            "territory",
            "description",
            "refugies_info_url",
        ):
            setattr(action, name, data.get(name) or "")
        action.sources = data.get("sources") or {}
        if action.pk:
            action.version += 1
        if not self.validate(action, where):
            return
        action.save()
        self.m2m(action, data, where)
        self.budget(action, data.get("budget") or {}, where)
        self.indicators(action, data.get("indicators") or [], where)

    def m2m(self, action: ActionSheet, data: dict, where: str) -> None:
        for name, catalogue in (("themes", self.themes), ("partners", self.partners)):
            codes = data.get(name) or []
            unknown = [code for code in codes if code not in catalogue]
            if unknown:
                self.errors.append(f"{where} : code(s) inconnu(s) dans « {name} » : {unknown}.")
            getattr(action, name).set([catalogue[c] for c in codes if c in catalogue])

    def budget(self, action: ActionSheet, data: dict, where: str) -> None:
        budget = Budget.objects.filter(action=action).first() or Budget(action=action)
        for name in BUDGET_FIELDS:
            label = BUDGET_LABELS[name]
            setattr(budget, name, self.amount(data.get(name), f"{where}, « {label} »"))
        budget.unit_cost_text = data.get("unit_cost_text") or ""
        budget.comment = data.get("comment") or ""
        if not self.validate(budget, f"{where}, budget", exclude=["action"]):
            return
        budget.save()
        if not self.replace(budget.extra_lines.all(), f"{where}, lignes de budget"):
            return
        for position, line in enumerate(data.get("other_lines") or []):
            extra = BudgetExtraLine(
                budget=budget,
                label=line.get("label") or "",
                amount=self.amount(line.get("amount"), f"{where}, ligne « {line.get('label')} »"),
                position=position,
                source_line=line.get("line"),
            )
            if self.validate(extra, f"{where}, ligne de budget « {extra.label} »"):
                extra.save()

    def indicators(self, action: ActionSheet, rows: list[dict], where: str) -> None:
        if not self.replace(action.indicators.all(), f"{where}, indicateurs"):
            return
        for position, row in enumerate(rows):
            code = row.get("code")
            if code is not None and code not in self.definitions:
                self.errors.append(f"{where} : indicateur « {code} » absent du catalogue.")
                continue
            indicator = ActionIndicator(
                action=action,
                definition=self.definitions.get(code) if code else None,
                label=row.get("label") or "",
                section=row.get("section") or "autres",
                target=self.amount(row.get("target"), f"{where}, indicateur n° {position + 1}"),
                target_text=row.get("target_text") or "",
                source_line=row.get("line"),
                position=position,
            )
            if self.validate(indicator, f"{where}, indicateur « {indicator.label[:60]} »"):
                indicator.save()

    def review(self, contract: Contract) -> None:
        contract.review_items.all().delete()
        bump(contract.pk)  # bulk_create sends no signal
        ReviewItem.objects.bulk_create(
            ReviewItem(
                contract=contract,
                action_number=item.get("action"),
                field=item.get("field") or "",
                line=item.get("line"),
                text=item.get("text") or "",
                reason=item.get("reason") or "",
                position=position,
            )
            for position, item in enumerate(self.doc.get("review") or [])
        )


def _settled(contract: Contract, stored: dict, changed: dict, reason: str | None) -> list[str]:
    """Refuse settled changes without a reason; recompute the carry-overs they fed."""
    for key, fields in sorted(changed.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1] or 0)):
        if key in stored:
            require_reason(sheet=stored[key], reason=reason, fields_changed=fields)
    notes = []
    for key, fields in sorted(changed.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1] or 0)):
        sheet = contract.actions.filter(year=key[0], number=key[1]).first()
        if sheet is not None and fields & P104:
            following = recompute_carryover_fed(sheet=sheet, reason=reason)
            if following is not None:
                notes.append(
                    f"Fiche action n° {following.number} ({following.year}) : reliquat reporté "
                    f"recalculé après la modification du P104 {sheet.year}."
                )
    return notes


def check_format(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DocumentImportError([f"Ce n'est pas un document au format {FORMAT}."])
    if not isinstance(document.get("contract"), dict):
        raise DocumentImportError(["Le document ne contient pas de contrat."])


def find_existing(document: dict[str, Any]) -> Contract | None:
    doc = document["contract"]
    try:
        start = datetime.date.fromisoformat(str(doc.get("start")))
        end = datetime.date.fromisoformat(str(doc.get("end")))
    except ValueError:
        return None
    return (
        contract_queryset()
        .filter(territory=doc.get("territory") or "", start=start, end=end)
        .first()
    )


def _sheets_of(document: dict[str, Any] | None) -> dict[tuple, dict]:
    actions = (document or {}).get("contract", {}).get("actions") or []
    return {(a.get("year"), a.get("number")): a for a in actions}


def settled_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[tuple, set]:
    """(year, number) → the budget amounts, ``EXTRA_LINES`` and ``TARGETS`` an import changes,
    from the exports before and after (the same normalised form on both sides)."""
    old, new = _sheets_of(before), _sheets_of(after)
    result: dict[tuple, set] = {}
    for key in old.keys() | new.keys():
        a, b = old.get(key) or {}, new.get(key) or {}
        budget_a, budget_b = a.get("budget") or {}, b.get("budget") or {}
        changed = {n for n in BUDGET_FIELDS if budget_a.get(n) != budget_b.get(n)}
        if budget_a.get("other_lines") != budget_b.get("other_lines"):
            changed.add(EXTRA_LINES)
        targets = [
            [(i.get("target"), i.get("target_text")) for i in s.get("indicators") or []]
            for s in (a, b)
        ]
        if targets[0] != targets[1]:
            changed.add(TARGETS)
        if changed:
            result[key] = changed
    return result


def document_import(
    *,
    document: dict[str, Any],
    filename: str,
    content: bytes = b"",
    sha256: str | None = None,
    reason: str | None = None,
) -> ImportReport:
    """Store a ctai/1 document (as read from ``filename``) in one transaction.

    ``sha256`` is the file's fingerprint when the file itself is no longer at hand (an import
    confirmed in the browser, ``ctai.documents.pending``); otherwise it is computed from
    ``content``.

    The same document as the last one imported, onto a contract whose export has not changed
    since (``ImportFingerprint``), is answered "nothing changed" in a few queries. Otherwise
    the document is applied, then exported again: when that export equals the one before,
    the transaction is rolled back and nothing at all is written. Settled figures (a validated
    programmation or final report, ``ctai.programmation.guards``) change only with ``reason``;
    a changed settled P104 amount recomputes the carry-over it fed into the next year.
    """
    check_format(document)
    incoming = digest(document)
    existing = find_existing(document)
    before = contract_to_document(existing) if existing else None
    if existing and _unchanged(existing, incoming, before):
        return ImportReport(contract=existing, created=False)
    stored = {(s.year, s.number): s for s in existing.actions.all()} if existing else {}
    with transaction.atomic(), reason_context(reason):
        importer = _Importer(document)
        contract, created = importer.contract()
        importer.parties_and_envelopes(contract)
        axes = importer.axes(contract)
        importer.actions(contract, axes)
        importer.review(contract)
        if importer.errors:
            raise DocumentImportError(importer.errors)
        after = contract_to_document(contract_queryset().get(pk=contract.pk))
        unchanged = before == after
        if unchanged:
            transaction.set_rollback(True)
        else:
            changes = [] if before is None else describe_changes(before, after)
            changes += _settled(contract, stored, settled_changes(before, after), reason)
            DocumentImport.objects.create(
                contract=contract,
                filename=filename,
                sha256=sha256 or hashlib.sha256(content).hexdigest(),
                changes=changes,
            )
            _remember(contract, incoming, after)
    if unchanged:  # nothing written; remembered for the next time
        _remember(existing, incoming, after)
        return ImportReport(contract=existing, created=False)
    return ImportReport(contract=contract, created=created, changes=changes)


def digest(document: dict[str, Any]) -> str:
    """The SHA-256 of a ctai/1 document in a normal form (sorted keys, no spaces)."""
    text = json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _unchanged(contract: Contract, incoming: str, exported: dict[str, Any]) -> bool:
    """The same document as last time, onto a contract nobody changed since: importing it
    again would write nothing."""
    last = ImportFingerprint.objects.filter(contract=contract).values_list("document", "result")
    return last.first() == (incoming, digest(exported))


def _remember(contract: Contract, incoming: str, exported: dict[str, Any]) -> None:
    ImportFingerprint.objects.update_or_create(
        contract=contract, defaults={"document": incoming, "result": digest(exported)}
    )
