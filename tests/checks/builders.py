"""Small builders of ctai/1 dicts for the checks tests.

Every builder returns a *valid and fully consistent* piece (no erreur, no alerte) whose fields
can be overridden by keyword. Amounts are written as in the exchange format ("8000.00").
"""

from copy import deepcopy
from decimal import Decimal

from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.core.money import parse_amount

BUDGET_KEYS = BUDGET_FIELDS


def money(value: object) -> str | None:
    """8000 → "8000.00"; None stays None; strings are kept as they are (to test bad input)."""
    if value is None or isinstance(value, str):
        return value
    return f"{Decimal(value):.2f}"


def make_budget(**fields: object) -> dict:
    """Default: 8 000 P104 + 2 000 local = 10 000 total. ``other_lines`` is a list of
    ``(label, amount)`` or ``(label, amount, line)`` tuples, or of dicts."""
    values: dict = {"p104_subsidy": 8000, "local_contribution": 2000, "total_cost": 10000}
    values.update(fields)
    result = {key: money(values.get(key)) for key in BUDGET_KEYS}
    lines = []
    for entry in values.get("other_lines", []):
        if isinstance(entry, dict):
            lines.append(entry)
        else:
            label, amount, *line = entry
            lines.append(
                {"label": label, "amount": money(amount), "line": line[0] if line else None}
            )
    result.update(other_lines=lines, unit_cost_text=None, comment=values.get("comment"))
    return result


def make_indicator(
    code: str | None,
    target: object,
    *,
    label: str | None = None,
    section: str | None = None,
    target_text: str | None = None,
    line: int | None = None,
) -> dict:
    number = money(target) if not isinstance(target, str) else target
    return {
        "code": code,
        "label": label or code or "Indicateur de l'opérateur",
        "section": section or "beneficiaires",
        "target": number,
        "target_text": target_text
        if target_text is not None
        else (None if target is None else str(target)),
        "line": line,
    }


def default_indicators() -> list[dict]:
    return [
        make_indicator("ben_total", 20),
        make_indicator("ben_men", 8),
        make_indicator("ben_women", 12),
        make_indicator("ben_bpi", 10),
        make_indicator("fr_hours", 120, section="francais"),
    ]


def make_action(number: int = 1, **fields: object) -> dict:
    """A consistent sheet of axis 1, year 2026, French learning, 20 beneficiaries."""
    action = {
        "number": number,
        "year": 2026,
        "axis": 1,
        "axis_label": "Axe un",
        "title": f"Action {number}",
        "operator": "Association Exemple",
        "operator_kind": "associatif",
        "operator_kind_detail": None,
        "selection_mode": "direct",
        "selection_detail": None,
        "themes": ["francais"],
        "partners": [],
        "partners_other": None,
        "calendar": "2026",
        "territory": "Metz",
        "description": "…",
        "refugies_info_url": None,
        "budget": make_budget(),
        "indicators": default_indicators(),
        "sources": {},
    }
    action.update(deepcopy(fields))
    return action


def axes_for(actions: list[dict]) -> list[dict]:
    """Axes declared as Metz does: sum of P104 + local contribution of their sheets."""
    axes: dict[int, dict] = {}
    for action in actions:
        if not isinstance(action.get("axis"), int) or not isinstance(action.get("budget"), dict):
            continue
        axis = axes.setdefault(
            action["axis"],
            {
                "number": action["axis"],
                "title": action.get("axis_label") or f"Axe {action['axis']}",
                "declared": Decimal(0),
                "actions": [],
            },
        )
        budget = action["budget"]
        for key in ("p104_subsidy", "local_contribution"):
            axis["declared"] += parse_amount(budget[key]) or 0
        axis["actions"].append(action["number"])
    return [
        {
            "number": a["number"],
            "title": a["title"],
            "declared_amount": money(a["declared"]),
            "actions": a["actions"],
        }
        for _, a in sorted(axes.items())
    ]


def make_contract(actions: list[dict] | None = None, **fields: object) -> dict:
    """A whole ctai/1 document; axes and the 2026 envelope are derived from the actions so
    that everything reconciles (2027 and 2028 envelopes are fixed)."""
    actions = [make_action(1), make_action(2)] if actions is None else actions
    p104 = sum(parse_amount(a["budget"]["p104_subsidy"]) or 0 for a in actions if a["year"] == 2026)
    contract = {
        "title": "Contrat territorial d'accueil et d'intégration de Testville",
        "territory": "Testville",
        "start": "2026-01-01",
        "end": "2028-12-31",
        "coordinator": "CCAS de Testville",
        "parties": [{"name": "Ville de Testville", "role": "Collectivité", "representative": "X"}],
        "state_envelopes": [
            {"year": 2026, "amount": money(p104)},
            {"year": 2027, "amount": "150000.00"},
            {"year": 2028, "amount": "150000.00"},
        ],
        "payment_account": {
            "holder": "CCAS de Testville",
            "iban": "FR27 3000 1005 29C5 7000 0000 016",
            "bic": "BDFEFRPPCCT",
        },
        "governance": None,
        "axes": axes_for(actions),
        "actions": actions,
        "sources": {},
        "review": [],
    }
    contract.update(deepcopy(fields))
    return {"format": "ctai/1", "contract": contract}


def codes(findings: object) -> list[str]:
    return [f.code for f in findings]


def by_code(findings: object, code: str) -> list:
    return [f for f in findings if f.code == code]
