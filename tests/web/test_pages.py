"""The coordinator's pages render, in French, within the user's scope."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from ctai.contracts.models import Contract
from tests.web.pages import text

# The Metz document imported once for the module, each test in its own savepoint.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_metz_once")]


def page_urls(contract) -> list[str]:
    return [
        reverse("contracts:list"),
        reverse("contracts:dashboard", args=[contract.pk]),
        reverse("contracts:programmation", args=[contract.pk]),
        reverse("contracts:sheet", args=[contract.pk, 2026, 9]),
        reverse("contracts:sheet_edit", args=[contract.pk, 2026, 9, "budget"]),
        reverse("contracts:indicator_add", args=[contract.pk, 2026, 9]),
        reverse("contracts:extra_line_add", args=[contract.pk, 2026, 9]),
    ]


def test_every_page_renders_without_undefined_variables(client_in, metz):
    urls = page_urls(metz) + [
        reverse("contracts:sheet_edit", args=[metz.pk, 2026, 9, section])
        for section in (
            "identification",
            "description",
            "thematiques",
            "calendrier",
            "porteur",
            "partenaires",
            "indicateurs",
        )
    ]
    for url in urls:
        response = client_in.get(url)
        assert response.status_code == 200, url
        content = text(response)
        assert "INVALID" not in content, url
        assert '<html lang="fr">' in content
        assert 'href="#contenu"' in content  # skip link


def test_anonymous_users_are_sent_to_the_login_page(client, metz):
    for url in page_urls(metz):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_login_page_is_french_and_logs_in(client, coordinator):
    page = client.get(reverse("login"))
    assert "Connexion" in text(page)
    response = client.post(
        reverse("login"), {"username": "coordinatrice", "password": "mauvais mot de passe"}
    )
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in text(response)
    response = client.post(
        reverse("login"), {"username": "coordinatrice", "password": "ctai-demo-coord"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")  # « Mes tâches »


def test_root_is_my_tasks(client_in):
    response = client_in.get("/")
    assert response.status_code == 200
    assert "Mes tâches" in text(response)


def test_logout_is_a_post(client_in):
    assert client_in.get(reverse("logout")).status_code == 405
    assert client_in.post(reverse("logout")).status_code == 302
    assert client_in.get(reverse("contracts:list")).status_code == 302


def test_contract_list_counts_sheets_and_findings(client_in, metz):
    content = text(client_in.get(reverse("contracts:list")))
    assert "Ville de Metz" in content
    assert reverse("contracts:dashboard", args=[metz.pk]) in content
    assert "3 erreurs" in content


def test_dashboard_shows_money_axes_and_findings_linked_to_their_sheet(client_in, metz):
    content = text(client_in.get(reverse("contracts:dashboard", args=[metz.pk]), {"annee": 2026}))
    assert "170\u202f000,00\u202f€" in content  # the 2026 envelope
    assert "470\u202f000,00\u202f€" not in content  # never the three years added
    assert "169\u202f900,00\u202f€" in content  # P104 programmed in 2026
    assert "Reste disponible : 100,00\u202f€" in content
    assert "35\u202f775,00\u202f€" in content  # axis 3 declared
    assert content.count('role="img"') == 2  # two charts, each followed by its table
    assert content.count("<svg") >= 2
    sheet_9 = reverse("contracts:sheet", args=[metz.pk, 2026, 9])
    assert f'href="{sheet_9}#constats"' in content
    assert "Il manque 5\u202f000,00\u202f€ de ressources" in content


def test_sheet_page_is_laid_out_like_the_official_sheet(client_in, metz):
    content = text(client_in.get(reverse("contracts:sheet", args=[metz.pk, 2026, 9])))
    for heading in (
        "Description de l'action",
        "Thématiques",
        "Calendrier et territoire",
        "Porteur de l'action et modalités de sélection",
        "Partenaires mobilisés",
        "Budget prévisionnel",
        "Indicateurs et valeurs cibles",
        "Provenance des valeurs",
        "Points à vérifier de l'import",
    ):
        assert heading in content, heading
    assert "25\u202f775,00\u202f€" in content
    assert "Total des ressources" in content
    assert "20\u202f775,00\u202f€" in content  # resources as the checks count them
    assert 'data-source-line="3809"' in content  # total cost read on line 3809
    assert "inscrit cette fiche sous l'axe 3" in content
    assert "Les ressources ne couvrent pas le coût total" in content


def test_review_items_of_the_import_appear_on_their_sheet(client_in, metz):
    metz.review_items.create(
        action_number=9, line=3799, field="budget.local_contribution", text="4 155", reason="Doute"
    )
    content = text(client_in.get(reverse("contracts:sheet", args=[metz.pk, 2026, 9])))
    assert "Ligne 3799" in content
    assert "Doute" in content


def test_an_inactive_account_is_sent_back_to_the_login_page(client, metz, coordinator):
    client.force_login(coordinator)
    coordinator.is_active = False
    coordinator.save()
    response = client.get(reverse("contracts:dashboard", args=[metz.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_objects_outside_the_scope_are_404(client, metz, stranger):
    """Until roles exist (issue 6), a user who is not staff sees no contract at all."""
    client.force_login(stranger)
    assert "Ville de Metz" not in text(client.get(reverse("contracts:list")))
    for url in [
        *page_urls(metz)[1:],
        reverse("contracts:programmation_xlsx", args=[metz.pk]),
        reverse("contracts:programmation_csv", args=[metz.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Metz" not in text(response)
    response = client.post(
        reverse("contracts:extra_line_add", args=[metz.pk, 2026, 9]),
        {"label": "Intrusion", "amount": "1"},
    )
    assert response.status_code == 404


def test_unknown_identifiers_are_404(client_in, metz):
    for url in (
        reverse("contracts:dashboard", args=[metz.pk + 100]),
        reverse("contracts:sheet", args=[metz.pk, 2026, 99]),
        reverse("contracts:sheet", args=[metz.pk, 2031, 9]),
        reverse("contracts:sheet_edit", args=[metz.pk, 2026, 9, "inconnue"]),
        reverse("contracts:indicator_delete", args=[metz.pk, 2026, 9, 999999]),
    ):
        response = client_in.post(url) if "supprimer" in url else client_in.get(url)
        assert response.status_code == 404, url
        assert "Page introuvable" in text(response)


def test_a_sheet_of_another_contract_is_not_reachable_through_this_one(client_in, metz, synthetic):
    other = synthetic(3)
    assert Contract.objects.count() == 2
    response = client_in.get(reverse("contracts:sheet", args=[other.pk, 2026, 9]))
    assert response.status_code == 404


def test_error_pages_are_french(client, coordinator, metz):
    assert "Erreur du serveur" in render_to_string("500.html")
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(coordinator)
    response = csrf_client.post(reverse("contracts:refresh_checks", args=[metz.pk]))
    assert response.status_code == 403
    assert "Formulaire expiré" in text(response)
