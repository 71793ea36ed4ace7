"""What the action-sheet page shows, laid out like the official template (fiche action)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist

from ctai.budget.figures import PARTS_OF, BudgetFigures, from_stored
from ctai.budget.models import LABELS as BUDGET_LABELS
from ctai.budget.models import Budget
from ctai.checks.models import StoredFinding
from ctai.checks.rules.axes import axis_of_sheet, listed_under
from ctai.contracts.catalogues import (
    BUDGET_LINES,
    OPERATOR_KINDS,
    PARTNER_LABELS,
    PARTNERS,
    SELECTION_MODES,
    THEME_LABELS,
    THEMES,
)
from ctai.contracts.models import ActionSheet
from ctai.core.money import add
from ctai.documents.models import DocumentImport, ReviewItem
from ctai.indicators.catalogue import INDICATOR_BY_CODE, SECTION_LABELS, SECTIONS
from ctai.programmation.services import sheet_budget

FIELD_LABELS = {
    "number": "Numéro de la fiche",
    "title": "Intitulé",
    "axis": "Axe",
    "year": "Année de programmation",
    "description": "Description",
    "themes": "Thématiques",
    "calendar": "Calendrier prévisionnel",
    "territory": "Territoire de déploiement",
    "operator": "Porteur",
    "operator_kind": "Portage de l'action",
    "selection_mode": "Modalités de sélection",
    "partners": "Partenaires mobilisés",
    "partners_other": "Autres partenaires",
    "operator_kind_detail": "Portage de l'action, précision",
    "selection_detail": "Modalités de sélection, précision",
    "refugies_info_url": "Lien refugies.info",
    "indicators": "Indicateurs",
    "budget.other_lines": "Autres lignes de budget",
    "budget.comment": "Commentaires du budget",
}
# "themes.coordination" → "Thématique « Coordination »": a key's prefix and its catalogue.
LISTED_KEYS = {
    "themes": ("Thématique", THEME_LABELS),
    "partners": ("Partenaire", PARTNER_LABELS),
    "indicators": ("Indicateur", {code: d.label for code, d in INDICATOR_BY_CODE.items()}),
}


@dataclass(frozen=True)
class BudgetLine:
    field: str
    label: str
    value: Decimal | None
    is_part: bool
    source_key: str


@dataclass(frozen=True)
class Check:
    """A computed total of the budget table set against the declared figure."""

    label: str
    computed: Decimal | None
    declared: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        if self.computed is None or self.declared is None:
            return None
        return self.declared - self.computed


def _verbose_name(model, name: str) -> str | None:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:
        return None


def source_label(key: str) -> str:
    """The French label of a field path of ctai/1 ("budget.total_cost" → "Coût total de
    l'action", "themes.coordination" → "Thématique « Coordination »"), as the provenance
    panel and the review items show it: never the key itself."""
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    prefix, _, name = key.partition(".")
    if prefix == "budget" and name:
        return BUDGET_LABELS.get(name) or _verbose_name(Budget, name) or "Budget"
    if prefix in LISTED_KEYS:
        kind, labels = LISTED_KEYS[prefix]
        label = labels.get(name)
        return f"{kind} « {label} »" if label else f"{kind} « {name.replace('_', ' ')} »"
    return _verbose_name(ActionSheet, key) or "Autre valeur de la fiche"


PART_CHECKS = {
    "local_contribution": "Parts « dont » de la collectivité",
    "other_funders": "Parts « dont » des autres financeurs",
}


def budget_checks(budget, financing: BudgetFigures) -> list[Check]:
    if budget is None:
        return []
    checks = []
    for whole, label in PART_CHECKS.items():
        parts = add(term.amount for term in financing.present(PARTS_OF[whole]))
        if parts is not None and financing.value(whole) is not None:
            checks.append(Check(label, parts, financing.value(whole)))
    checks.append(Check("Total des ressources", financing.resources, financing.total_cost))
    return checks


def sheet_findings(sheet: ActionSheet) -> list[StoredFinding]:
    return list(StoredFinding.objects.filter(sheet=sheet))


def indicator_groups(sheet: ActionSheet) -> list[tuple[str, list]]:
    indicators = list(sheet.indicators.select_related("definition"))
    order = {code: position for position, (code, _) in enumerate(SECTIONS)}
    sections = sorted({i.section for i in indicators}, key=lambda s: order.get(s, len(order)))
    return [
        (SECTION_LABELS.get(section, section), [i for i in indicators if i.section == section])
        for section in sections
    ]


def ticks(options: list[tuple[str, str]], ticked: set[str]) -> list[tuple[str, bool]]:
    """Every option of a list of the template, ticked or not, as the official sheet shows."""
    return [(label, code in ticked) for code, label in options]


def sheet_context(sheet: ActionSheet) -> dict:
    budget = sheet_budget(sheet)
    extra_lines = list(budget.extra_lines.all()) if budget else []
    financing = from_stored(budget, [(line.label, line.amount) for line in extra_lines])
    budget_lines = [
        BudgetLine(
            field=name,
            label=label,
            value=getattr(budget, name) if budget else None,
            is_part=parent is not None,
            source_key=f"budget.{name}",
        )
        for name, label, parent in BUDGET_LINES
        if name not in ("total_cost", "unit_cost")
    ]
    findings = sheet_findings(sheet)
    groups = indicator_groups(sheet)
    provenance = [(source_label(k), line) for k, line in (sheet.sources or {}).items()]
    provenance += [(f"Ligne de budget « {e.label} »", e.source_line) for e in extra_lines]
    provenance += [
        (f"Indicateur « {i.display_label} »", i.source_line) for _, items in groups for i in items
    ]
    themes, partners = list(sheet.themes.all()), list(sheet.partners.all())
    under = listed_under((axis, axis.listed_actions or []) for axis in sheet.contract.axes.all())
    listed_axis = axis_of_sheet(sheet.number, None, under)  # None: article 1 does not list it
    return {
        "sheet": sheet,
        "contract": sheet.contract,
        "theme_options": ticks(THEMES, {theme.code for theme in themes}),
        "partner_options": ticks(PARTNERS, {partner.code for partner in partners}),
        "operator_kind_options": ticks(OPERATOR_KINDS, {sheet.operator_kind}),
        "selection_options": ticks(SELECTION_MODES, {sheet.selection_mode}),
        "budget": {
            name: getattr(budget, name) if budget else None
            for name in ("total_cost", "unit_cost", "unit_cost_text", "comment")
        },
        "budget_lines": budget_lines,
        "extra_lines": extra_lines,
        "financing": financing,
        "budget_checks": budget_checks(budget, financing),
        "indicator_groups": groups,
        "findings": findings,
        "budget_findings": [f for f in findings if f.code.startswith("budget.")],
        "review_items": [
            (item, source_label(item.field) if item.field else None)
            for item in ReviewItem.objects.filter(
                contract=sheet.contract_id, action_number=sheet.number
            )
        ],
        "provenance": sorted(
            [(label, line) for label, line in provenance if isinstance(line, int)],
            key=lambda item: item[1],
        ),
        "last_import": DocumentImport.objects.filter(contract=sheet.contract_id).first(),
        "listed_axis": listed_axis,
    }
