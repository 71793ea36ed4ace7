"""A large evaluation asked in the browser: the PDF of a year above the queue threshold
(``CTAI_FILE_QUEUE_FROM``) is not written in the request; the person sees « Préparation en
cours », the task queue's worker writes it, the waiting page turns into the download link by
itself, the notification leads to it too, and the download is a real PDF of the contract."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from ctai.files.models import FileStatus, GeneratedFile
from tests.browser.conftest import PASSWORD, check_accessibility
from tests.browser.test_reporting_journey import log_in
from tests.factories import grant
from tests.notifications.conftest import work_the_queue
from tests.web.builders import synthetic_document
from tests.web.conftest import import_document

pytestmark = pytest.mark.browser
TERRITORY = "Communauté de Synthèse"


def test_a_large_evaluation_pdf_comes_back_as_a_ready_file(
    transactional_db, browser, live_server, settings
):
    settings.CTAI_FILE_QUEUE_FROM = 20  # 25 sheets: above the threshold
    contract = import_document(synthetic_document(25, TERRITORY))
    user = get_user_model().objects.create_user("coordinatrice", password=PASSWORD)
    grant(user, contract)
    page = log_in(browser, live_server, "coordinatrice")

    page.goto(f"{live_server.url}/contrats/{contract.pk}/?annee=2026")
    page.get_by_role("button", name="PDF", exact=True).click()
    page.wait_for_url(f"{live_server.url}/fichiers/*/")
    status = page.get_by_role("status")
    assert "Préparation en cours" in status.inner_text()
    assert page.get_by_role("link", name="Télécharger").count() == 0
    check_accessibility(page, "fichier-en-preparation")
    file = GeneratedFile.objects.get(owner=user)
    assert file.status == FileStatus.PENDING

    work_the_queue()  # the worker, as ``ctai db_worker`` runs it
    # The waiting page checks again every 3 s (htmx) and shows the link in place.
    page.get_by_text("Le fichier est prêt").wait_for()

    # The notification leads to the same file.
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_role("button", name=f"Fichier prêt : {file.filename}").click()
    page.wait_for_url(f"{live_server.url}/fichiers/{file.pk}/")
    with page.expect_download() as waiting:
        page.get_by_role("link", name=f"Télécharger {file.filename}").click()
    content = Path(waiting.value.path()).read_bytes()
    assert waiting.value.suggested_filename == "evaluation-communaute-de-synthese-2026.pdf"
    assert content.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert TERRITORY in text
    page.context.close()
