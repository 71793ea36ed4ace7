"""The register's pages: the operator records, imports and sees; nobody else sees a name.

A crawler follows every link each role is shown (and opens the operator's register pages
directly) and searches every page and file for the names entered.
"""

import json
import logging
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ctai.audit.models import AuditEvent
from ctai.participants.models import IdentityView, Participant
from ctai.reporting.inputs import AchievementInput
from ctai.reporting.services import save_draft
from tests.participants import sheets
from tests.participants.builders import YEAR, filled_world, world

pytestmark = pytest.mark.django_db
NAMES = [
    "Haddad",
    "HADDAD",
    "Leïla",
    "Petrenko",
    "PETRENKO",
    "Olena",
    "Karimi",
    "1999-04-12",
    "12/04/1999",
]
HREF = re.compile(r'href="(/[^"#]*)')
SKIP = ("/admin/", "/static/", "/deconnexion/")


def register_url(sheet, *rest):
    return reverse(
        f"participants:{rest[0] if rest else 'register'}",
        args=[sheet.contract_id, sheet.year, sheet.number, *rest[1:]],
    )


def crawl(client, start):
    seen, queue = {}, list(start)
    while queue and len(seen) < 150:
        url = queue.pop(0)
        if url in seen or url.startswith(SKIP):
            continue
        response = client.get(url)
        body = response.content.decode(errors="replace")
        seen[url] = (response.status_code, body)
        if response.get("Content-Type", "").startswith("text/html"):
            queue += [unescape(h) for h in HREF.findall(body)]
    return seen


@pytest.mark.parametrize("role", ["op_b", "state", "copil", "coord"])
def test_nobody_but_the_operator_sees_a_name(client, role):
    w, _ = filled_world()
    client.force_login(w.users[role])
    own = [reverse("contracts:list"), "/", reverse("notifications:list")]
    sheets_ = [
        reverse("contracts:sheet", args=[w.contract.pk, YEAR, s.number])
        for s in (w.sheet_a, w.sheet_a2, w.sheet_b)
    ]
    reports = [reverse("reporting:report", args=[w.contract.pk, YEAR, w.sheet_a.number, "final"])]
    theirs = [
        register_url(w.sheet_a),
        register_url(w.sheet_a, "upload"),
        *[
            register_url(w.sheet_a, view, p.pk)
            for p in Participant.objects.filter(operator=w.sheet_a.operator)
            for view in ("participant", "export", "erase")
        ],
        reverse("participants:contract_counts", args=[w.contract.pk]) + f"?annee={YEAR}",
        reverse("reporting:evaluation", args=[w.contract.pk]) + f"?annee={YEAR}&format=xlsx",
    ]
    pages = crawl(client, own + sheets_ + reports + theirs)
    names = ["Haddad", "HADDAD", "Leïla", "Karimi", "1999-04-12", "12/04/1999"]
    if role != "op_b":
        names += ["Petrenko", "PETRENKO", "Olena"]
    leaks = {url: n for url, (_, body) in pages.items() for n in names if n in body}
    assert leaks == {}
    for url in theirs[:5]:
        assert pages[url][0] in (403, 404), url
    if role == "op_b":  # operator B sees its own register, and nothing of A's
        page = client.get(register_url(w.sheet_b)).content.decode()
        assert "PETRENKO Olena" in page


def test_the_operator_records_a_person_and_the_view_is_logged(client):
    w = world()
    client.force_login(w.users["op_a"])
    form = {
        "family_name": "Haddad",
        "first_names": "Leïla",
        "birth_date": "1999-04-12",
        "sex": "F",
        "status": "epa",
        "status_year": "2019",
        "arrival_year": "2019",
        "french_level": "1",
        "third_country_national": "oui",
        "residence_start": "2019-03-01",
        "enrolled_on": f"{YEAR}-02-01",
        "planned_hours": "",
    }
    refused = client.post(register_url(w.sheet_a), form)
    assert "non éligible (article 2 du contrat)" in refused.content.decode()
    assert not Participant.objects.exists()
    form.update(status="bpi", residence_start="")
    response = client.post(register_url(w.sheet_a), form, follow=True)
    body = response.content.decode()
    assert "Personne inscrite" in body and "HADDAD Leïla" in body
    view = IdentityView.objects.get()
    assert (view.viewer, view.what) == (w.users["op_a"], "registre")
    assert view.pseudonym == Participant.objects.get().pseudonym[:12]


def test_export_and_erasure_on_request(client):
    w, _ = filled_world()
    client.force_login(w.users["op_a"])
    person = Participant.objects.get(family_name="Haddad")
    exported = client.get(register_url(w.sheet_a, "export", person.pk))
    data = json.loads(exported.content)
    assert data["nom"] == "Haddad" and data["inscriptions"][0]["inscrit_le"] == f"{YEAR}-02-01"
    assert "attachment" in exported["Content-Disposition"]
    assert IdentityView.objects.filter(what="export").count() == 1
    erased = client.post(register_url(w.sheet_a, "erase", person.pk), follow=True)
    assert "ont été effacés" in erased.content.decode()
    assert not Participant.objects.filter(pk=person.pk).exists()
    trail = json.dumps(
        [[e.object_repr, e.changes] for e in AuditEvent.objects.all()], ensure_ascii=False
    )
    assert not any(n in trail for n in NAMES)


def test_an_operator_cannot_reach_a_participant_of_another_operator(client):
    w, _ = filled_world()
    olena = Participant.objects.get(family_name="Petrenko")
    client.force_login(w.users["op_a"])
    for view in ("participant", "export", "erase"):
        response = client.get(register_url(w.sheet_a, view, olena.pk))
        assert response.status_code == 404
        assert "Petrenko" not in response.content.decode()


def test_import_with_bad_rows_then_corrected_then_indicators_in_the_report(client, caplog):
    caplog.set_level(logging.DEBUG)
    w, report = filled_world()
    client.force_login(w.users["op_a"])
    bad = sheets.xlsx(
        [
            ["Haddad", "Leïla Noor", "12/04/1999", f"03/03/{YEAR}", "3", "oui"],
            ["Inconnue", "Marie", "01/01/1990", f"03/03/{YEAR}", "3", "oui"],
        ]
    )
    upload = client.post(
        register_url(w.sheet_a, "upload"),
        {"file": SimpleUploadedFile("presences.xlsx", bad)},
    )
    assert upload.status_code == 302
    mapping_url = upload["Location"]
    preview = client.post(
        mapping_url,
        {
            "family_name": 0,
            "first_names": 1,
            "birth_date": 2,
            "date": 3,
            "duration": 4,
            "present": 5,
        },
    )
    body = preview.content.decode()
    assert "Rien n'a été enregistré" in body and "absente du registre" in body
    good = sheets.xlsx([["Haddad", "Leïla Noor", "12/04/1999", f"03/03/{YEAR}", "3", "oui"]])
    upload = client.post(
        register_url(w.sheet_a, "upload"), {"file": SimpleUploadedFile("presences.xlsx", good)}
    )
    mapping = {
        "family_name": 0,
        "first_names": 1,
        "birth_date": 2,
        "date": 3,
        "duration": 4,
        "present": 5,
    }
    checked = client.post(upload["Location"], mapping).content.decode()
    assert "Importer les 1 lignes" in checked, checked[checked.find("<main") :]
    done = client.post(upload["Location"] + "confirmer/", mapping, follow=True)
    assert "1 ligne importée" in done.content.decode()
    # The report: declared 3 people, the register says 2 — a finding.
    total = w.sheet_a.indicators.get(definition__code="ben_total")
    save_draft(
        report=report,
        actor=w.users["op_a"],
        version=report.version,
        achievements=[AchievementInput(total.pk, Decimal(3))],
    )
    page = client.get(
        reverse("reporting:report", args=[w.contract.pk, YEAR, w.sheet_a.number, "final"])
    ).content.decode()
    assert "1 valeur déclarée diffère du registre" in page
    assert "déclaré 3, registre 2" in page
    # No identity in the logs nor in the e-mails.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    outbox = "\n".join(m.body + m.subject for m in mail.outbox)
    assert not any(n in logged or n in outbox for n in NAMES)


def test_contract_counts_suppress_small_cells(client):
    w, _ = filled_world()
    client.force_login(w.users["state"])
    page = client.get(
        reverse("participants:contract_counts", args=[w.contract.pk]) + f"?annee={YEAR}"
    ).content.decode()
    assert "&lt; 5" in page
    assert not re.search(r'<td class="text-end">[1-4]</td>', page)
