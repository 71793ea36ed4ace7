"""Issue 10, part 4: validating a year whose checks find errors asks for an explicit
confirmation and a reason, kept in the history; a refusal is a message, never a 500."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from ctai.audit.models import AuditEvent
from ctai.programmation.validation import OpenErrors, programmation_validate

# The Metz document imported once for the module, each test in its own savepoint.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_metz_once")]


def validated_at(contract, year: int):
    return contract.envelopes.get(year=year).programmation_validated_at


def test_service_refuses_open_errors_without_confirmation_and_reason(metz, coordinator):
    with pytest.raises(OpenErrors, match=r"2026 compte encore \d+ erreurs? de cohérence") as err:
        programmation_validate(actor=coordinator, contract=metz, year=2026)
    assert err.value.count >= 1  # sheet 9's axis, at least
    with pytest.raises(OpenErrors):
        programmation_validate(actor=coordinator, contract=metz, year=2026, confirm=True)
    with pytest.raises(OpenErrors):
        programmation_validate(actor=coordinator, contract=metz, year=2026, reason="COPIL")
    assert validated_at(metz, 2026) is None
    programmation_validate(
        actor=coordinator, contract=metz, year=2026, confirm=True, reason="Avenant prévu"
    )
    assert validated_at(metz, 2026) is not None
    event = AuditEvent.objects.get(model="contracts.AnnualEnvelope", action="update")
    assert event.reason == "Avenant prévu"


def test_a_year_without_errors_validates_without_confirmation(metz, coordinator):
    programmation_validate(actor=coordinator, contract=metz, year=2028)  # no sheet, no error
    assert validated_at(metz, 2028) is not None


def test_web_validation_with_errors_needs_the_box_and_a_reason(client_in, metz):
    dashboard = client_in.get(
        reverse("contracts:dashboard", args=[metz.pk]), {"annee": 2026}
    ).content.decode()
    assert 'name="confirmer"' in dashboard and 'name="motif"' in dashboard
    errors = metz.findings.filter(severity="erreur", year=2026).count()
    assert errors >= 1
    assert f"La programmation 2026 compte {errors} erreurs de cohérence" in dashboard
    assert "Valider la programmation 2026" in dashboard
    url = reverse("contracts:validate_programmation", args=[metz.pk])
    response = client_in.post(url, {"annee": 2026})
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "compte encore" in message and "motif" in message
    assert validated_at(metz, 2026) is None
    response = client_in.post(url, {"annee": 2026, "confirmer": "on", "motif": ""})
    assert response.status_code == 302 and validated_at(metz, 2026) is None
    response = client_in.post(
        url, {"annee": 2026, "confirmer": "on", "motif": "Axe de la fiche 9 corrigé par avenant"}
    )
    assert response.status_code == 302
    assert validated_at(metz, 2026) is not None
    history = client_in.get(reverse("audit:contract", args=[metz.pk])).content.decode()
    assert "Axe de la fiche 9 corrigé par avenant" in history
