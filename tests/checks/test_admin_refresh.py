"""Editing a sheet's budget in the admin recomputes the contract's findings."""

import pytest
from django.urls import reverse

from ctai.checks.models import StoredFinding
from ctai.checks.services import refresh_findings
from tests.factories import contract_with_sheets

pytestmark = pytest.mark.django_db


def test_a_budget_saved_in_the_admin_refreshes_the_findings(admin_client):
    contract = contract_with_sheets(2)
    refresh_findings(contract=contract)
    assert not StoredFinding.objects.filter(code="budget.resources_total").exists()
    sheet = contract.actions.get(number=1)
    url = reverse("admin:contracts_actionsheet_change", args=[sheet.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "contract": contract.pk,
            "axis": sheet.axis_id,
            "operator": sheet.operator_id,
            "themes": [t.pk for t in sheet.themes.all()],
            "budget-TOTAL_FORMS": 1,
            "budget-INITIAL_FORMS": 1,
            "budget-0-id": sheet.budget.pk,
            "budget-0-action": sheet.pk,
            "budget-0-p104_subsidy": "8000.00",
            "budget-0-local_contribution": "2000.00",
            "budget-0-total_cost": "99000.00",
            "indicators-TOTAL_FORMS": 0,
            "indicators-INITIAL_FORMS": 0,
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    finding = StoredFinding.objects.get(code="budget.resources_total")
    assert finding.action_number == 1
