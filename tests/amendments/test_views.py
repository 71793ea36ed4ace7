"""The amendment pages: draft → State comment → signature with its PDF → the 2027 figures,
the sheet pages, the version difference and the annex (PDF and DOCX) reflect it."""

import io
import re
from decimal import Decimal

import docx
import pytest
from django.urls import reverse

from ctai.amendments.models import Amendment
from ctai.core.money import euros
from ctai.core.roles import Role
from tests.amendments.conftest import draft_p104, sheet, sign, signed_pdf
from tests.factories import grant
from tests.reporting.readers import read_pdf
from tests.web.pages import text


def plain(value: str) -> str:
    return value.replace("\u202f", " ").replace("\u00a0", " ")


def programmed_p104(content: str) -> str:
    """The dashboard's "Subventions P104 programmées" figure."""
    found = re.search(r"Subventions P104 programmées en \d{4}</p><p[^>]*>([^<]+)</p>", content)
    return found.group(1)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    content = plain(text(response))
    assert "INVALID" not in content, url
    return content


def test_draft_comment_sign_and_the_2027_figures_follow(client, metz):
    contract, people = metz
    old4 = sheet(contract, 2027, 4).budget.p104_subsidy
    old9 = sheet(contract, 2027, 9).budget.p104_subsidy
    new4, new9 = old4 + Decimal("6000"), old9 - Decimal("2000")
    dashboard = reverse("contracts:dashboard", args=[contract.pk]) + "?annee=2027"
    client.force_login(people.coordinator)
    total_before = programmed_p104(page(client, dashboard))

    response = client.post(
        reverse("amendments:new", args=[contract.pk]),
        {"title": "Réorientation vers le français", "origin": "COPIL du 12 juin 2027"},
    )
    amendment = Amendment.objects.get(contract=contract)
    assert response.status_code == 302 and amendment.number == 1
    lines = reverse("amendments:change_edit", args=[contract.pk, amendment.pk, "budget"])
    form = page(client, f"{lines}?fiche=2027-4")
    assert f"actuellement : {plain(euros(old4))}" in form
    for number, amount in ((4, new4), (9, new9)):
        response = client.post(
            f"{lines}?fiche=2027-{number}", {"p104_subsidy": plain(euros(amount))[:-2]}
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    assert programmed_p104(page(client, dashboard)) == total_before  # a draft changes nothing

    client.force_login(people.state)
    detail = reverse("amendments:detail", args=[contract.pk, amendment.pk])
    assert "Enregistrer la signature" not in page(client, detail)
    client.post(
        reverse("amendments:comment", args=[contract.pk, amendment.pk]),
        {"body": "La DDETS approuve le transfert."},
    )
    assert "La DDETS approuve le transfert." in page(client, detail)

    client.force_login(people.coordinator)
    response = client.post(
        reverse("amendments:sign", args=[contract.pk, amendment.pk]),
        {
            "signed_on": "2027-07-03",
            "signatories": "Le Préfet ; le Maire ; le Président du CCAS",
            "signed_file": signed_pdf(),
        },
    )
    assert response.status_code == 302
    shown = page(client, detail)
    assert "Signé et appliqué" in shown and "Signé le 03/07/2027" in shown

    programmation = page(
        client, reverse("contracts:programmation", args=[contract.pk]) + "?annee=2027"
    )
    assert plain(euros(new4)) in programmation and plain(euros(new9)) in programmation
    raised = Decimal(total_before.replace(" ", "").replace(",", ".")[:-1]) + 4000
    assert programmed_p104(page(client, dashboard)) == plain(euros(raised))
    sheet_page = page(client, reverse("contracts:sheet", args=[contract.pk, 2027, 4]))
    assert plain(euros(new4)) in sheet_page
    assert "Avenant n° 1 : Réorientation vers le français" in sheet_page

    versions = reverse("amendments:versions", args=[contract.pk])
    effect = page(client, f"{versions}?avenant=1")
    assert "Du « Avant avenant n° 1 » à la version « Après avenant n° 1 »" in effect
    rows = re.findall(
        r"<tr><th[^>]*>([^<]+)</th><td>([^<]+)</td><td[^>]*>([^<]+)</td></tr>", effect
    )
    label = "Montant de la subvention demandée sur les crédits de l'action 12 du programme 104"
    assert rows == [
        (label, plain(euros(old4)), plain(euros(new4))),
        (label, plain(euros(old9)), plain(euros(new9))),
    ]
    assert effect.index("Fiche n° 4 (2027)") < effect.index("Fiche n° 9 (2027)")
    # The signed contract had no 2027: from it, the 2027 sheets are added, as amended.
    since_signed = page(client, f"{versions}?de=0&a=1")
    assert f"ajoutée : {sheet(contract, 2027, 4).title} (subvention P104 : " in since_signed
    assert plain(euros(new4)) in since_signed
    history = page(client, reverse("audit:sheet", args=[contract.pk, 2027, 9]))
    assert "Avenant n° 1" in history


def test_the_annex_opens_as_pdf_and_docx(client, generated):
    contract, people = generated
    amendment = draft_p104(contract, people, {4: "9500.00", 9: "6500.00"})
    client.force_login(people.copil)
    pdf = client.get(reverse("amendments:annex_pdf", args=[contract.pk, amendment.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    content = read_pdf(pdf.content)
    assert "Annexe à l'avenant n° 1" in content
    assert "Fiche n° 4 (2027), subvention P104 (action 12)" in content
    assert "8 000,00 €" in content and "9 500,00 €" in content
    assert "Fiche action n° 9 (2027)" in content
    response = client.get(reverse("amendments:annex_docx", args=[contract.pk, amendment.pk]))
    document = docx.Document(io.BytesIO(response.content))
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "Fiche n° 9 (2027), subvention P104 (action 12)" in cells
    assert plain(euros(Decimal("6500"))) in map(plain, cells)
    assert any("Vallée de l'Orne" in p.text for p in document.paragraphs)


def test_an_operator_reads_only_the_amendments_and_lines_about_its_sheets(client, generated):
    contract, people = generated
    four = sheet(contract, 2027, 4)
    operator = people.coordinator.__class__.objects.create_user("porteur-4")
    grant(operator, contract, Role.OPERATOR, four.operator)
    mine = draft_p104(contract, people, {4: "9000.00", 6: "7000.00"}, title="Fiches 4 et 6")
    other = draft_p104(contract, people, {1: "9000.00"}, title="Autre porteur")
    client.force_login(operator)
    shown = page(client, reverse("amendments:detail", args=[contract.pk, mine.pk]))
    assert "Fiche n° 4 (2027)" in shown
    assert sheet(contract, 2027, 6).operator_id != four.operator_id
    assert "Fiche n° 6 (2027)" not in shown
    assert "Commentaires" not in shown and "Annexe" not in shown
    for url in (
        reverse("amendments:detail", args=[contract.pk, other.pk]),
        reverse("amendments:annex_pdf", args=[contract.pk, mine.pk]),
        reverse("amendments:versions", args=[contract.pk]),
        reverse("amendments:list", args=[contract.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert "Fiches 4 et 6" in page(client, reverse("contracts:sheet", args=[contract.pk, 2027, 4]))


def test_the_signed_pdf_is_downloaded_by_whole_contract_readers(client, generated):
    contract, people = generated
    amendment = sign(draft_p104(contract, people, {2: "8800.00"}), people)
    url = reverse("amendments:signed_file", args=[contract.pk, amendment.pk])
    client.force_login(people.copil)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "avenant-signe.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize("what", ["enveloppes", "axes", "budget", "cibles", "ajout", "retrait"])
def test_every_change_form_renders(client, generated, what):
    contract, people = generated
    amendment = draft_p104(contract, people, {1: "9000.00"})
    client.force_login(people.coordinator)
    url = reverse("amendments:change_edit", args=[contract.pk, amendment.pk, what])
    page(client, url)
    if what in ("budget", "cibles"):
        page(client, f"{url}?fiche=2027-3")


def test_a_conflict_is_shown_and_refused_with_the_sheet_and_field(client, generated):
    contract, people = generated
    first = draft_p104(contract, people, {5: "9000.00"}, title="Premier")
    second = draft_p104(contract, people, {5: "7000.00"}, title="Second")
    sign(first, people)
    client.force_login(people.coordinator)
    detail = page(client, reverse("amendments:detail", args=[contract.pk, second.pk]))
    assert "Fiche n° 5 (2027), subvention P104 (action 12) : la valeur a changé" in detail
    response = client.post(
        reverse("amendments:sign", args=[contract.pk, second.pk]),
        {"signed_on": "2027-09-01", "signatories": "Le Préfet", "signed_file": signed_pdf()},
    )
    assert response.status_code == 200
    assert "9 000,00 € alors" not in plain(text(response))
    assert "8 000,00 € alors, 9 000,00 € aujourd'hui" in plain(text(response))
    assert sheet(contract, 2027, 5).budget.p104_subsidy == Decimal("9000.00")


def test_bad_input_says_what_and_where_and_writes_nothing(client, generated):
    contract, people = generated
    amendment = draft_p104(contract, people, {1: "9000.00"})
    client.force_login(people.coordinator)
    url = reverse("amendments:change_edit", args=[contract.pk, amendment.pk, "enveloppes"])
    response = client.post(url, {"annee_2026": "80 000,00", "annee_2027": "cent mille"})
    assert response.status_code == 200
    content = plain(text(response))
    assert "Enveloppe de l'État 2027 — actuellement : 150 000,00 €" in content
    assert "rien n'a été enregistré" in content
    assert amendment.changes.count() == 1  # the valid 2026 line was not written either
    empty = client.post(url, {"annee_2026": "", "annee_2027": ""})
    assert "Saisissez au moins une nouvelle valeur" in plain(text(empty))
    added = reverse("amendments:change_edit", args=[contract.pk, amendment.pk, "ajout"])
    response = client.post(
        added, {"year": "2027", "number": "3", "axis": "1", "title": "Doublon", "operator": ""}
    )
    assert "Une fiche n° 3 existe déjà en 2027 : choisissez un autre numéro." in plain(
        text(response)
    )
    response = client.post(
        added,
        {
            "year": "2027",
            "number": "12",
            "axis": "1",
            "title": "Permanence numérique",
            "operator": "Médiathèque",
            "p104_subsidy": "3 500",
        },
    )
    assert response.status_code == 302
    withdraw = reverse("amendments:change_edit", args=[contract.pk, amendment.pk, "retrait"])
    assert client.post(withdraw, {"fiche": "2027-10"}).status_code == 302
    detail = page(client, reverse("amendments:detail", args=[contract.pk, amendment.pk]))
    assert "Fiche n° 12 (2027), ajoutée" in detail and "Permanence numérique" in detail
    assert "Fiche n° 10 (2027), retirée" in detail
    assert not contract.actions.filter(year=2027, number=12).exists()  # still a draft
