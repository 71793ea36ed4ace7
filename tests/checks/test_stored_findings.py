"""Findings of a stored contract: computed in a constant number of queries, stored, diffed."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ctai.budget.models import Budget
from ctai.checks.models import StoredFinding
from ctai.checks.services import check_contract, refresh_findings
from tests.factories import contract_with_sheets

pytestmark = pytest.mark.django_db


def queries_for_checks(contract_id: int) -> int:
    with CaptureQueriesContext(connection) as context:
        check_contract(contract_id)
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_sheets():
    small = contract_with_sheets(12)
    large = contract_with_sheets(200)
    assert queries_for_checks(small.pk) == queries_for_checks(large.pk)


def test_refresh_stores_findings_and_says_which_appeared_and_disappeared():
    contract = contract_with_sheets(3)
    first = refresh_findings(contract=contract)
    codes = {f.code for f in first.appeared}
    assert "budget.resources_total" not in codes
    budget = Budget.objects.get(action__number=2)
    budget.total_cost = Decimal("15000.00")
    budget.save()
    delta = refresh_findings(contract=contract)
    assert [(f.code, f.action_number) for f in delta.appeared] == [("budget.resources_total", 2)]
    assert delta.disappeared == []
    stored = StoredFinding.objects.get(code="budget.resources_total")
    assert stored.severity == "erreur"
    assert stored.figures["total_cost"] == "15000.00"
    budget.total_cost = Decimal("11000.00")
    budget.save()
    delta = refresh_findings(contract=contract)
    assert [(f.code, f.action_number) for f in delta.disappeared] == [("budget.resources_total", 2)]
    assert not StoredFinding.objects.filter(code="budget.resources_total").exists()
