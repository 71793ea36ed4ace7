"""A large evaluation, programmation export or committee pack is prepared in the task queue:
the request answers at once with a page that refreshes itself, the worker writes the file, the
page becomes its download link and a notification says so; only the person who asked downloads
it, and it is deleted in time."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ctai.files.models import FileStatus, GeneratedFile
from ctai.governance.services import MeetingInput, meeting_save
from ctai.notifications.models import Notification
from tests.factories import grant
from tests.notifications.conftest import work_the_queue
from tests.web.pages import text

pytestmark = pytest.mark.django_db


def ask(client, contract, format: str):
    url = reverse("reporting:evaluation", args=[contract.pk])
    return client.get(url, {"annee": 2026, "format": format})


def test_a_large_evaluation_pdf_is_prepared_in_the_queue_then_downloaded(
    client_in, coordinator, synthetic, django_capture_on_commit_callbacks
):
    contract = synthetic(25, "Grand territoire")
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client_in, contract, "pdf")
    file = GeneratedFile.objects.get(owner=coordinator)
    assert response.status_code == 302 and response["Location"] == f"/fichiers/{file.pk}/"
    page = text(client_in.get(response["Location"]))
    assert "Préparation en cours" in page and 'hx-trigger="every 3s"' in page
    assert "Télécharger" not in page

    work_the_queue()
    file.refresh_from_db()
    assert file.status == FileStatus.READY
    page = text(client_in.get(f"/fichiers/{file.pk}/"))
    assert "Le fichier est prêt" in page and "hx-trigger" not in page
    download = client_in.get(f"/fichiers/{file.pk}/telecharger/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "evaluation-grand-territoire-2026.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    notification = Notification.objects.get(recipient=coordinator, kind="file_ready")
    assert notification.url == f"/fichiers/{file.pk}/"
    # Asked again before anything changed: the same file, not a second job.
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client_in, contract, "pdf")["Location"] == f"/fichiers/{file.pk}/"
    assert GeneratedFile.objects.count() == 1


def test_only_the_person_who_asked_downloads_and_files_expire(
    client_in, coordinator, synthetic, django_capture_on_commit_callbacks
):
    contract = synthetic(25, "Grand territoire")
    with django_capture_on_commit_callbacks(execute=True):
        ask(client_in, contract, "xlsx")
    work_the_queue()
    file = GeneratedFile.objects.get()
    assert file.status == FileStatus.READY and default_storage.exists(file.path)

    colleague = get_user_model().objects.create_user("coordinateur2")
    grant(colleague, contract)
    stranger = get_user_model().objects.create_user("passant")
    for user in (colleague, stranger):
        other = Client()
        other.force_login(user)
        for url in (f"/fichiers/{file.pk}/", f"/fichiers/{file.pk}/telecharger/"):
            assert other.get(url).status_code == 404
    # The asker who lost access to the contract loses the file too.
    coordinator.memberships.all().delete()
    assert client_in.get(f"/fichiers/{file.pk}/telecharger/").status_code == 404

    GeneratedFile.objects.filter(pk=file.pk).update(
        expires=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("notifications")
    assert not GeneratedFile.objects.exists() and not default_storage.exists(file.path)
    call_command("notifications")  # nothing left to delete: no error


def test_a_small_evaluation_still_downloads_at_once(client_in, synthetic):
    response = ask(client_in, synthetic(5, "Petit territoire"), "xlsx")
    assert response.status_code == 200
    assert not GeneratedFile.objects.exists()


def test_a_large_programmation_export_goes_through_the_same_queue_with_its_filters(
    client_in, coordinator, synthetic, django_capture_on_commit_callbacks
):
    contract = synthetic(25, "Grand territoire")
    url = reverse("contracts:programmation_xlsx", args=[contract.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_in.get(url, {"annee": 2026, "axis": 2})
    file = GeneratedFile.objects.get(owner=coordinator, kind="programmation")
    assert response["Location"] == f"/fichiers/{file.pk}/"
    assert file.params["filters"]["axis"] == 2
    assert "Préparation en cours" in text(client_in.get(response["Location"]))
    work_the_queue()
    download = client_in.get(f"/fichiers/{file.pk}/telecharger/")
    assert "programmation-2026-grand-territoire.xlsx" in download["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    axes = {row[1] for row in workbook["Programmation"].iter_rows(min_row=2, values_only=True)}
    assert {axis for axis in axes if axis} == {"Axe 2"}  # the page's filter kept
    # The CSV is a file of the same kind, prepared by the same job.
    with django_capture_on_commit_callbacks(execute=True):
        client_in.get(reverse("contracts:programmation_csv", args=[contract.pk]))
    work_the_queue()
    csv_file = GeneratedFile.objects.get(owner=coordinator, params__format="csv")
    content = b"".join(client_in.get(f"/fichiers/{csv_file.pk}/telecharger/").streaming_content)
    assert content.startswith("\ufeff".encode()) and "Action synthétique n° 25" in content.decode()


def test_a_large_committee_pack_goes_through_the_same_queue(
    client_in, coordinator, synthetic, django_capture_on_commit_callbacks
):
    contract = synthetic(25, "Grand territoire")
    meeting, _ = meeting_save(
        contract=contract,
        actor=coordinator,
        data=MeetingInput(
            date=datetime.date(2026, 12, 10),
            kind="december",
            place="Mairie",
            agenda="Point d'étape",
            members=tuple(contract.memberships.all()),
            guests=(),
        ),
    )
    url = reverse("governance:pack", args=[contract.pk, meeting.pk, "docx"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_in.get(url)
    file = GeneratedFile.objects.get(owner=coordinator, kind="copil")
    assert response["Location"] == f"/fichiers/{file.pk}/"
    work_the_queue()
    download = client_in.get(f"/fichiers/{file.pk}/telecharger/")
    assert "copil-grand-territoire-2026-12-10.docx" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"PK")
    assert Notification.objects.filter(recipient=coordinator, kind="file_ready").count() == 1
