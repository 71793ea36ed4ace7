"""The steering committees' pages, as the coordination and the COPIL use them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ctai.audit.models import AuditEvent
from ctai.governance.models import Decision, Meeting

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.django_db
def test_plan_hold_minutes_and_decide_through_the_pages(client, metz, coordinator, copil_member):
    client.force_login(coordinator)
    members = list(metz.memberships.values_list("pk", flat=True))
    response = client.post(
        reverse("governance:meeting_new", args=[metz.pk]),
        {
            "date": "2026-06-20",
            "kind": "june",
            "place": "Hôtel de ville",
            "agenda": "Bilan 2025",
            "members": members,
            "guests": "Jeanne Dupont ; OFII\nMarc Durand",
        },
    )
    meeting = Meeting.objects.get(contract=metz)
    assert response.status_code == 302
    assert [p.name for p in meeting.participants.all()][-2:] == ["Jeanne Dupont", "Marc Durand"]
    page = client.get(reverse("governance:meeting", args=[metz.pk, meeting.pk])).content.decode()
    assert "Jeanne Dupont" in page and "OFII" in page

    client.post(reverse("governance:transition", args=[metz.pk, meeting.pk, "tenir"]))
    refused = client.post(
        reverse("governance:transition", args=[metz.pk, meeting.pk, "approuver"]), follow=True
    )
    assert "Écrivez ou joignez le compte rendu" in refused.content.decode()
    guest = meeting.participants.get(name="Jeanne Dupont")
    client.post(
        reverse("governance:minutes", args=[metz.pk, meeting.pk]),
        {
            "minutes": "Le comité a examiné les bilans.",
            "present": [guest.pk],
            "file": SimpleUploadedFile("cr.pdf", PDF, content_type="application/pdf"),
        },
    )
    client.post(reverse("governance:transition", args=[metz.pk, meeting.pk, "approuver"]))
    meeting.refresh_from_db()
    assert meeting.status == "minutes_approved"
    assert meeting.participants.get(pk=guest.pk).attended
    download = client.get(reverse("governance:minutes_file", args=[metz.pk, meeting.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    bad = client.post(
        reverse("governance:decision_add", args=[metz.pk, meeting.pk]),
        {
            "text": "Réduire",
            "kind": "reduce",
            "year": "2026",
            "sheets": "4, 99",
            "follow_up": "todo",
        },
    )
    assert "La programmation 2026 n&#x27;a pas de fiche n° 99" in bad.content.decode()
    assert not Decision.objects.exists()
    client.post(
        reverse("governance:decision_add", args=[metz.pk, meeting.pk]),
        {
            "text": "Réduire l'action de 10 %",
            "kind": "reduce",
            "year": "2026",
            "sheets": "4, 9",
            "owner": "CCAS",
            "due_date": "2026-12-31",
            "follow_up": "todo",
        },
    )
    decision = Decision.objects.get()
    assert decision.sheet_numbers() == "4, 9"
    assert AuditEvent.objects.filter(model="governance.Decision").exists()
    assert AuditEvent.objects.filter(model="governance.Meeting", action="update").exists()

    # The COPIL member reads the sheet page, the dashboard and the pack; edits nothing.
    client.force_login(copil_member)
    sheet = client.get(reverse("contracts:sheet", args=[metz.pk, 2026, 4])).content.decode()
    assert "Réduire l&#x27;action de 10 %" in sheet
    dashboard = client.get(reverse("contracts:dashboard", args=[metz.pk])).content.decode()
    assert "Décisions à suivre : 1" in dashboard
    pack = client.get(reverse("governance:pack", args=[metz.pk, meeting.pk, "docx"]))
    assert pack.status_code == 200
    assert pack["Content-Disposition"].endswith('copil-ville-de-metz-2026-06-20.docx"')
    assert client.post(reverse("governance:meeting_new", args=[metz.pk]), {}).status_code == 403
    listing = client.get(reverse("governance:meetings", args=[metz.pk])).content.decode()
    assert "20/06/2026" in listing
    assert datetime.date(2026, 6, 20) == meeting.date
