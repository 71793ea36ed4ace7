"""Editing a sheet's budget in the admin recomputes the contract's findings."""

import pytest

from ctai.checks.models import StoredFinding
from ctai.checks.services import refresh_findings
from tests.admin_forms import sheet_change_url, sheet_post_data
from tests.factories import contract_with_sheets

pytestmark = pytest.mark.django_db


def test_a_budget_saved_in_the_admin_refreshes_the_findings(admin_client):
    contract = contract_with_sheets(2)
    refresh_findings(contract=contract)
    assert not StoredFinding.objects.filter(code="budget.resources_total").exists()
    sheet = contract.actions.get(number=1)
    data = sheet_post_data(admin_client, sheet, total_cost="99000.00")
    response = admin_client.post(sheet_change_url(sheet), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    finding = StoredFinding.objects.get(code="budget.resources_total")
    assert finding.action_number == 1
