"""Shared fixtures of the document reader tests (pure Python: no database, no Django)."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from ctai.contracts.catalogues import BUDGET_FIELDS, PARTNERS, THEMES
from ctai.documents.reader import read_document
from ctai.indicators.catalogue import INDICATOR_BY_CODE, SECTION_LABELS

METZ = Path(__file__).resolve().parents[2] / "src/ctai/documents/seeds/ctai-metz-2026-2028.txt"
AMOUNT = re.compile(r"^-?\d+\.\d{2}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ACTION_KEYS = {
    "number",
    "year",
    "axis",
    "axis_label",
    "title",
    "operator",
    "operator_kind",
    "operator_kind_detail",
    "selection_mode",
    "selection_detail",
    "themes",
    "partners",
    "partners_other",
    "calendar",
    "territory",
    "description",
    "refugies_info_url",
    "budget",
    "indicators",
    "sources",
}
BUDGET_KEYS = {*BUDGET_FIELDS, "other_lines", "unit_cost_text", "comment"}


@pytest.fixture(scope="session")
def metz_bytes() -> bytes:
    return METZ.read_bytes()


@pytest.fixture(scope="session")
def metz_lines(metz_bytes) -> list[str]:
    return metz_bytes.decode("utf-8").split("\n")


@pytest.fixture(scope="session")
def metz(metz_bytes) -> dict:
    return read_document(metz_bytes)


def _amount_or_none(value: object, where: str) -> None:
    assert value is None or (isinstance(value, str) and AMOUNT.match(value)), (where, value)


def check_document(doc: dict) -> None:
    """Every key of ctai/1 is present with the documented type."""
    assert doc["format"] == "ctai/1"
    contract = doc["contract"]
    expected = {
        "title",
        "territory",
        "start",
        "end",
        "coordinator",
        "parties",
        "state_envelopes",
        "payment_account",
        "governance",
        "axes",
        "actions",
        "sources",
        "review",
    }
    assert set(contract) == expected
    for key in ("start", "end"):
        assert contract[key] is None or DATE.match(contract[key])
    for party in contract["parties"]:
        assert set(party) == {"name", "role", "representative"}
    for envelope in contract["state_envelopes"]:
        assert isinstance(envelope["year"], int)
        _amount_or_none(envelope["amount"], "envelope")
    assert set(contract["payment_account"]) == {"holder", "iban", "bic"}
    for axis in contract["axes"]:
        assert set(axis) == {"number", "title", "declared_amount", "actions", "operators"}
        _amount_or_none(axis["declared_amount"], "axis")
        assert all(isinstance(n, int) for n in axis["actions"])
        assert all(
            isinstance(k, str) and k.isdigit() and isinstance(v, str)
            for k, v in axis["operators"].items()
        )
    for item in contract["review"]:
        assert set(item) == {"line", "action", "field", "text", "reason"}
        assert item["reason"]
    assert all(isinstance(v, int) for v in contract["sources"].values())
    themes, partners = {c for c, _ in THEMES}, {c for c, _ in PARTNERS}
    for action in contract["actions"]:
        assert set(action) == ACTION_KEYS
        assert set(action["budget"]) == BUDGET_KEYS
        assert isinstance(action["number"], int)
        assert action["year"] is None or isinstance(action["year"], int)
        assert action["axis"] is None or isinstance(action["axis"], int)
        assert set(action["themes"]) <= themes
        assert set(action["partners"]) <= partners
        assert action["operator_kind"] in (None, "collectivite", "ccas", "associatif", "autre")
        assert action["selection_mode"] in (None, "aap", "ami", "direct", "autre")
        budget = action["budget"]
        for field in BUDGET_FIELDS:
            _amount_or_none(budget[field], field)
        for line in budget["other_lines"]:
            assert set(line) == {"label", "amount", "line"}
            _amount_or_none(line["amount"], "other line")
        for row in action["indicators"]:
            assert set(row) == {"code", "label", "section", "target", "target_text", "line"}
            assert row["code"] is None or row["code"] in INDICATOR_BY_CODE
            assert row["section"] in SECTION_LABELS
            _amount_or_none(row["target"], "target")
            assert isinstance(row["line"], int)
        assert all(isinstance(v, int) for v in action["sources"].values())


@pytest.fixture(scope="session")
def valid_document() -> Callable[[dict], None]:
    return check_document
