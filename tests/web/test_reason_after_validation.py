"""In the browser's forms: once the programmation is validated, a budget change needs a reason,
and the history shows before, after, who, when and why."""

import pytest
from django.urls import reverse

from ctai.audit.models import AuditEvent
from ctai.budget.models import Budget

pytestmark = pytest.mark.django_db


def budget_form(client, metz):
    url = reverse("contracts:sheet_edit", args=[metz.pk, 2026, 9, "budget"])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    return url, {k: ("" if v is None else v) for k, v in data.items()}


def test_validating_then_changing_a_budget_asks_for_the_reason(client_in, metz):
    response = client_in.post(
        reverse("contracts:validate_programmation", args=[metz.pk]),
        {"annee": 2026, "confirmer": "on", "motif": "Erreurs d'axe à corriger par avenant"},
    )
    assert response.status_code == 302
    assert metz.envelopes.get(year=2026).programmation_validated_at is not None
    url, data = budget_form(client_in, metz)
    data["total_cost"] = "20 775,00"
    response = client_in.post(url, data)
    assert response.status_code == 200
    assert "indiquez le motif" in response.content.decode()
    budget = Budget.objects.get(action__contract=metz, action__number=9)
    assert str(budget.total_cost) == "25775.00"
    url, data = budget_form(client_in, metz)
    data.update(total_cost="20 775,00", motif="Erreur de saisie du porteur")
    response = client_in.post(url, data)
    assert response.status_code == 302
    budget.refresh_from_db()
    assert str(budget.total_cost) == "20775.00"
    event = AuditEvent.objects.filter(model="budget.Budget", action="update").latest("id")
    assert event.changes["total_cost"] == ["25775.00", "20775.00"]
    assert (event.actor_username, event.reason) == ("coordinatrice", "Erreur de saisie du porteur")
    history = client_in.get(reverse("audit:sheet", args=[metz.pk, 2026, 9])).content.decode()
    assert "Erreur de saisie du porteur" in history
