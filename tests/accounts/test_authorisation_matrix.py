"""The authorisation matrix, generated from the URL router (SECURITY.md, "Access").

Every URL × every role × GET/POST answers the status listed in MATRIX; a URL the router
serves but MATRIX does not list fails ``test_every_url_is_in_the_matrix``, so a new page
cannot slip through. Then every object URL is tried with another contract's and another
operator's identifiers: 404, nothing of theirs in the body, nothing changed.

The world (contracts, users, reports...) is built once per module and xdist worker, in an
outer transaction rolled back at the end; each test runs in its own savepoint inside it, so
what a POST changes is undone before the next test (see ``world``).
"""

import datetime
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from ctai.accounts.services import invitation_send
from ctai.amendments.enums import ChangeKind
from ctai.amendments.services import Target, amendment_create, change_set
from ctai.audit.models import AuditEvent
from ctai.contracts.models import Organisation
from ctai.core.roles import Role
from ctai.documents.pending import pending_create
from ctai.exchange.export import contract_queryset, contract_to_document
from ctai.files.models import GeneratedFile
from ctai.governance.models import Decision, Meeting
from ctai.notifications.models import Notification
from ctai.participants.models import AttendanceUpload
from ctai.participants.services import Identity, participant_record
from ctai.reporting.models import ReportingPeriod
from ctai.reporting.services import (
    add_attachment,
    set_reporting_period,
    start_report,
    submit_report,
)
from tests.factories import (
    ActionIndicatorFactory,
    ActionSheetFactory,
    BudgetExtraLineFactory,
    BudgetFactory,
    ContractFactory,
    OrganisationFactory,
    grant,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ROLES = ["anonymous", "coordinator", "operator", "other_operator", "state", "copil", "outsider"]
PASSWORD = "Accueil-Metz-2026"

# Shorthands: one status for every logged-in role, or a default and the exceptions.
LOGGED = [role for role in ROLES if role != "anonymous"]


def every(status: int, anonymous: int = 302) -> dict[str, int]:
    return {"anonymous": anonymous, **dict.fromkeys(LOGGED, status)}


def per_role(default: int = 404, anonymous: int = 302, **statuses: int) -> dict[str, int]:
    return {**every(default, anonymous), **statuses}


WHOLE = {"coordinator": 200, "state": 200, "copil": 200}  # whole-contract readers
SHEET_READERS = {**WHOLE, "operator": 200}
EDIT_GET = {"coordinator": 200, "operator": 403, "state": 403, "copil": 403}
EDIT_POST = {"coordinator": 200, "operator": 403, "state": 403, "copil": 403}
DELETE_POST = {"coordinator": 302, "operator": 403, "state": 403, "copil": 403}

REPORT = "contrats/<int:contract>/fiches/<int:year>/<int:number>/bilans/<slug:kind>/"
OPERATOR_ONLY = {"coordinator": 403, "state": 403, "copil": 403}
COORDINATOR_ONLY = {"operator": 403, "state": 403, "copil": 403}
AMENDMENT = "contrats/<int:contract>/avenants/<int:amendment>/"
COPIL = "contrats/<int:contract>/copil/"
MEETING = COPIL + "<int:meeting>/"
# Committee pages are whole-contract pages: an operator gets a 404 even where others get 403.
COPIL_GET = {"coordinator": 200, "state": 403, "copil": 403}
COPIL_SAVED = {"coordinator": 302, "state": 403, "copil": 403}
PARTICIPANTS = "contrats/<int:contract>/fiches/<int:year>/<int:number>/participants/"
PERSON = PARTICIPANTS + "<int:participant>/"
OPERATOR_GET = {"operator": 200, **OPERATOR_ONLY}

MATRIX: dict[str, dict[str, dict[str, int]]] = {
    # « Mes tâches », everyone's landing page (issue 12).
    "": {"GET": every(200), "POST": every(405)},
    # A logged-in person is sent on to the contract list.
    "connexion/": {"GET": every(302, anonymous=200), "POST": every(302, anonymous=200)},
    "deconnexion/": {"GET": every(405), "POST": every(302)},
    "contrats/": {"GET": every(200), "POST": every(405)},
    "contrats/<int:contract>/": {"GET": per_role(**WHOLE), "POST": per_role(405)},
    "contrats/<int:contract>/controles/": {
        "GET": per_role(405),
        "POST": per_role(coordinator=302, state=403, copil=403),
    },
    "contrats/<int:contract>/programmation/": {"GET": per_role(**WHOLE), "POST": per_role(405)},
    "contrats/<int:contract>/programmation/valider/": {
        "GET": per_role(405),
        "POST": per_role(coordinator=302, state=403, copil=403),
    },
    "contrats/<int:contract>/programmation.xlsx": {
        "GET": per_role(**WHOLE),
        "POST": per_role(405),
    },
    "contrats/<int:contract>/programmation.csv": {
        "GET": per_role(**WHOLE),
        "POST": per_role(405),
    },
    "contrats/<int:contract>/fiches/<int:year>/<int:number>/": {
        "GET": per_role(**SHEET_READERS),
        "POST": per_role(405),
    },
    # Whoever reads the sheet writes in its conversation (an empty message: the page, 200).
    "contrats/<int:contract>/fiches/<int:year>/<int:number>/echanges/": {
        "GET": per_role(405),
        "POST": per_role(**SHEET_READERS),
    },
    "contrats/<int:contract>/fiches/<int:year>/<int:number>/modifier/<slug:section>/": {
        "GET": per_role(**EDIT_GET),
        "POST": per_role(**EDIT_POST),
    },
    "contrats/<int:contract>/fiches/<int:year>/<int:number>/indicateurs/ajouter/": {
        "GET": per_role(**EDIT_GET),
        "POST": per_role(**EDIT_POST),
    },
    "contrats/<int:contract>/fiches/<int:year>/<int:number>/indicateurs/<int:indicator>/"
    "supprimer/": {"GET": per_role(405), "POST": per_role(**DELETE_POST)},
    "contrats/<int:contract>/fiches/<int:year>/<int:number>/budget/lignes/ajouter/": {
        "GET": per_role(**EDIT_GET),
        "POST": per_role(**EDIT_POST),
    },
    "contrats/<int:contract>/fiches/<int:year>/<int:number>/budget/lignes/<int:line>/supprimer/": {
        "GET": per_role(405),
        "POST": per_role(**DELETE_POST),
    },
    "contrats/<int:contract>/membres/": {
        "GET": per_role(coordinator=200),
        "POST": per_role(405),
    },
    "contrats/<int:contract>/membres/inviter/": {
        "GET": per_role(coordinator=200),
        "POST": per_role(coordinator=200),
    },
    "contrats/<int:contract>/membres/<int:membership>/retirer/": {
        "GET": per_role(coordinator=200),
        "POST": per_role(coordinator=302),
    },
    "invitation/<str:token>/": {"GET": every(200, anonymous=200), "POST": every(200, 200)},
    "compte/double-authentification/": {"GET": every(200), "POST": every(200)},
    "compte/double-authentification/code/": {"GET": every(302), "POST": every(302)},
    # Mon compte (issue 12): everyone's own; recovery codes need an authenticator first.
    "compte/": {"GET": every(200), "POST": every(200)},
    "compte/mot-de-passe/": {"GET": every(200), "POST": every(200)},
    "compte/session/": {"GET": every(405), "POST": every(204)},
    "compte/double-authentification/codes-de-secours/": {
        "GET": every(302),
        "POST": every(302),
    },
    "mot-de-passe-oublie/": {"GET": every(200, 200), "POST": every(200, 200)},
    "mot-de-passe-oublie/envoye/": {"GET": every(200, 200), "POST": every(405, 405)},
    "mot-de-passe-oublie/<uidb64>/<token>/": {"GET": every(200, 200), "POST": every(200, 200)},
    "mot-de-passe-oublie/termine/": {"GET": every(200, 200), "POST": every(405, 405)},
    # The yearly cycle (issue 7). An empty POST by an allowed role gives the form back with
    # its errors (200) or redirects with a message (302); the world's report is submitted.
    "contrats/<int:contract>/bilans/": {
        "GET": per_role(**WHOLE),
        "POST": per_role(coordinator=200, state=403, copil=403),
    },
    "contrats/<int:contract>/evaluation/": {"GET": per_role(**WHOLE), "POST": per_role(405)},
    "contrats/<int:contract>/pluriannuel/": {"GET": per_role(**WHOLE), "POST": per_role(405)},
    # The contradictory evaluation (issue 13): the State gives its opinions, the coordination
    # answers, both sign; an empty form saves nothing and goes back to the page (302); a
    # reopening needs a reason (200, the form with its error).
    "contrats/<int:contract>/evaluation/contradictoire/": {
        "GET": per_role(**WHOLE),
        "POST": per_role(405),
    },
    "contrats/<int:contract>/evaluation/contradictoire/avis/": {
        "GET": per_role(405),
        "POST": per_role(state=302, coordinator=403, copil=403),
    },
    "contrats/<int:contract>/evaluation/contradictoire/reponses/": {
        "GET": per_role(405),
        "POST": per_role(coordinator=302, state=403, copil=403),
    },
    "contrats/<int:contract>/evaluation/contradictoire/signer/": {
        "GET": per_role(405),
        "POST": per_role(coordinator=302, state=302, copil=403),
    },
    "contrats/<int:contract>/evaluation/contradictoire/rouvrir/": {
        "GET": per_role(405),
        "POST": per_role(coordinator=200, state=403, copil=403),
    },
    "contrats/<int:contract>/programmation/suivante/": {
        "GET": per_role(coordinator=200, state=403, copil=403),
        "POST": per_role(coordinator=200, state=403, copil=403),
    },
    "contrats/<int:contract>/programmation/reliquats/": {
        "GET": per_role(405),
        "POST": per_role(coordinator=302, state=403, copil=403),
    },
    REPORT: {"GET": per_role(**SHEET_READERS), "POST": per_role(operator=200, **OPERATOR_ONLY)},
    REPORT + "commencer/": {
        "GET": per_role(405),
        "POST": per_role(operator=302, **OPERATOR_ONLY),
    },
    REPORT + "soumettre/": {
        "GET": per_role(405),
        "POST": per_role(operator=200, **OPERATOR_ONLY),
    },
    REPORT + "renvoyer/": {
        "GET": per_role(405),
        "POST": per_role(coordinator=200, **COORDINATOR_ONLY),
    },
    REPORT + "valider/": {
        "GET": per_role(405),
        "POST": per_role(coordinator=302, **COORDINATOR_ONLY),
    },
    # Whoever reads the report writes in its conversation; the COPIL reads validated ones.
    REPORT + "commenter/": {
        "GET": per_role(405),
        "POST": per_role(coordinator=200, state=200, operator=200),
    },
    # « Relancer » a late operator: the coordination only.
    REPORT + "relancer/": {
        "GET": per_role(405),
        "POST": per_role(coordinator=302, **COORDINATOR_ONLY),
    },
    # Notifications (issue 12): one's own only; the coordinator's is the world's submission.
    "notifications/": {"GET": every(200), "POST": every(302)},
    "notifications/<int:notification>/": {
        "GET": per_role(405),
        "POST": per_role(coordinator=302),
    },
    "notifications/preferences/": {"GET": every(200), "POST": every(200)},
    # A file prepared in the task queue (issue 15): the person who asked for it only.
    "fichiers/<int:file>/": {"GET": per_role(coordinator=200), "POST": per_role(405)},
    "fichiers/<int:file>/telecharger/": {
        "GET": per_role(coordinator=200),
        "POST": per_role(405),
    },
    REPORT + "pieces-jointes/": {
        "GET": per_role(405),
        "POST": per_role(operator=200, **OPERATOR_ONLY),
    },
    # The COPIL sees validated reports only: this one is submitted.
    REPORT + "pieces-jointes/<int:attachment>/": {
        "GET": per_role(coordinator=200, operator=200, state=200),
        "POST": per_role(405),
    },
    REPORT + "pieces-jointes/<int:attachment>/supprimer/": {
        "GET": per_role(405),
        "POST": per_role(operator=302, **OPERATOR_ONLY),
    },
    "contrats/<int:contract>/historique/": {
        "GET": per_role(coordinator=200, state=200),
        "POST": per_role(405),
    },
    "contrats/<int:contract>/fiches/<int:year>/<int:number>/historique/": {
        "GET": per_role(coordinator=200, state=200),
        "POST": per_role(405),
    },
    # Import in the browser (issue 11, ADR 0008): a new contract is for platform admins only
    # (test_platform_admin_on_the_import_pages); a new version for the contract's coordinator;
    # a pending import is its uploader's (the coordinator's here), a 404 for anyone else.
    "contrats/nouveau/": {"GET": every(403), "POST": every(403)},
    "contrats/nouveau/sans-document/": {"GET": every(403), "POST": every(403)},
    "contrats/<int:contract>/importer/": {
        "GET": per_role(coordinator=200, state=403, copil=403),
        "POST": per_role(coordinator=200, state=403, copil=403),
    },
    "imports/<int:pending>/": {"GET": per_role(coordinator=200), "POST": per_role(coordinator=302)},
    "imports/<int:pending>/fiches/": {"GET": per_role(405), "POST": per_role(coordinator=200)},
    "imports/<int:pending>/confirmer/": {
        "GET": per_role(405),
        "POST": per_role(coordinator=302),
    },
    "imports/<int:pending>/annuler/": {"GET": per_role(405), "POST": per_role(coordinator=302)},
    # Amendments (issue 13, part 4): the coordination drafts, edits and records the signature;
    # the State comments; the COPIL reads; an operator reads the amendments about its sheets
    # (the world's draft changes the operator's sheet), never their annex or the versions.
    "contrats/<int:contract>/avenants/": {"GET": per_role(**WHOLE), "POST": per_role(405)},
    "contrats/<int:contract>/avenants/nouveau/": {
        "GET": per_role(coordinator=200, state=403, copil=403),
        "POST": per_role(coordinator=200, state=403, copil=403),
    },
    AMENDMENT: {"GET": per_role(**SHEET_READERS), "POST": per_role(405)},
    AMENDMENT + "modifier/": {"GET": per_role(**EDIT_GET), "POST": per_role(**EDIT_POST)},
    AMENDMENT + "commenter/": {
        "GET": per_role(405),
        "POST": per_role(coordinator=200, state=200, operator=403, copil=403),
    },
    AMENDMENT + "lignes/<slug:what>/": {
        "GET": per_role(**EDIT_GET),
        "POST": per_role(**EDIT_POST),
    },
    AMENDMENT + "lignes/<int:change>/retirer/": {
        "GET": per_role(405),
        "POST": per_role(**DELETE_POST),
    },
    AMENDMENT + "signer/": {"GET": per_role(**EDIT_GET), "POST": per_role(**EDIT_POST)},
    AMENDMENT + "annexe.docx": {"GET": per_role(**WHOLE), "POST": per_role(405)},
    AMENDMENT + "annexe.pdf": {"GET": per_role(**WHOLE), "POST": per_role(405)},
    # The world's amendment is a draft: no signed file yet (tests/amendments/test_views.py
    # downloads a signed one).
    AMENDMENT + "avenant-signe.pdf": {"GET": per_role(404), "POST": per_role(405)},
    "contrats/<int:contract>/versions/": {"GET": per_role(**WHOLE), "POST": per_role(405)},
    # Steering committees (issue 13): the coordination, the State and the COPIL read meetings,
    # minutes, packs and decisions; only the coordination writes. An empty POST gives the form
    # back with its errors (200); the minutes form has no required field (saved: 302).
    COPIL: {"GET": per_role(**WHOLE), "POST": per_role(405)},
    COPIL + "nouveau/": {"GET": per_role(**COPIL_GET), "POST": per_role(**COPIL_GET)},
    MEETING: {"GET": per_role(**WHOLE), "POST": per_role(405)},
    MEETING + "modifier/": {"GET": per_role(**COPIL_GET), "POST": per_role(**COPIL_GET)},
    MEETING + "etape/<slug:transition>/": {"GET": per_role(405), "POST": per_role(**COPIL_SAVED)},
    MEETING + "compte-rendu/": {"GET": per_role(**COPIL_GET), "POST": per_role(**COPIL_SAVED)},
    MEETING + "compte-rendu/fichier/": {"GET": per_role(**WHOLE), "POST": per_role(405)},
    MEETING + "dossier/<slug:format>/": {"GET": per_role(**WHOLE), "POST": per_role(405)},
    MEETING + "decisions/ajouter/": {"GET": per_role(**COPIL_GET), "POST": per_role(**COPIL_GET)},
    MEETING + "decisions/<int:decision>/": {
        "GET": per_role(**COPIL_GET),
        "POST": per_role(**COPIL_GET),
    },
    # Deleting a decision: a confirmation page; an empty POST (box not ticked) gives it back.
    MEETING + "decisions/<int:decision>/supprimer/": {
        "GET": per_role(**COPIL_GET),
        "POST": per_role(**COPIL_GET),
    },
    MEETING + "decisions/<int:decision>/avenant/": {
        "GET": per_role(405),
        "POST": per_role(**COPIL_SAVED),
    },
    # The register of participants (issue 16): the operator's own; the coordination, the State
    # and the COPIL see the sheet (403) but never a participant; unique counts for them only.
    "contrats/<int:contract>/personnes/": {"GET": per_role(**WHOLE), "POST": per_role(405)},
    PARTICIPANTS: {"GET": per_role(**OPERATOR_GET), "POST": per_role(**OPERATOR_GET)},
    PARTICIPANTS + "seances/": {
        "GET": per_role(**OPERATOR_GET),
        "POST": per_role(**OPERATOR_GET),
    },
    PARTICIPANTS + "importer/": {
        "GET": per_role(**OPERATOR_GET),
        "POST": per_role(**OPERATOR_GET),
    },
    PARTICIPANTS + "importer/<int:upload>/": {
        "GET": per_role(**OPERATOR_GET),
        "POST": per_role(**OPERATOR_GET),
    },
    PARTICIPANTS + "importer/<int:upload>/confirmer/": {
        "GET": per_role(405),
        "POST": per_role(**OPERATOR_GET),
    },
    PERSON: {"GET": per_role(**OPERATOR_GET), "POST": per_role(405)},
    PERSON + "resultats/": {"GET": per_role(405), "POST": per_role(**OPERATOR_GET)},
    PERSON + "sortie/": {"GET": per_role(405), "POST": per_role(**OPERATOR_GET)},
    PERSON + "export.json": {"GET": per_role(**OPERATOR_GET), "POST": per_role(405)},
    PERSON + "effacer/": {
        "GET": per_role(**OPERATOR_GET),
        "POST": per_role(operator=302, **OPERATOR_ONLY),
    },
}

ADMIN_MATRIX = {
    "contrats/nouveau/": {"GET": 200, "POST": 200},
    "contrats/nouveau/sans-document/": {"GET": 200, "POST": 200},
    # Not a member of the contract: a platform admin does not import its new versions.
    "contrats/<int:contract>/importer/": {"GET": 404, "POST": 404},
    "imports/<int:pending>/": {"GET": 404, "POST": 404},
    "imports/<int:pending>/fiches/": {"GET": 405, "POST": 404},
}


def routes() -> list[str]:
    """Every route the router serves (the Django admin has its own staff-only gate)."""
    return [route for _, route in _named_patterns()]


def test_every_url_is_in_the_matrix():
    assert sorted(set(routes()) - set(MATRIX)) == []
    assert sorted(set(MATRIX) - set(routes())) == []


@dataclass
class World:
    users: dict[str, object]
    kwargs: dict[str, object]  # the URL arguments of the coordinator's own objects
    foreign: dict[str, dict[str, object]]  # the arguments of objects out of reach


def build_world() -> World:
    user_model = get_user_model()
    contract = ContractFactory()
    operator, other = OrganisationFactory(), OrganisationFactory()
    sheet = ActionSheetFactory(contract=contract, operator=operator, title="Fiche du porteur A")
    other_sheet = ActionSheetFactory(
        contract=contract, operator=other, axis=sheet.axis, title="Fiche secrète du porteur B"
    )
    for s in (sheet, other_sheet):
        BudgetFactory(action=s)
        BudgetExtraLineFactory(budget=s.budget, label=f"Ligne de {s.title}")
        ActionIndicatorFactory(action=s, label=f"Indicateur de {s.title}")
    elsewhere = ContractFactory(territory="Autre territoire", coordinator=OrganisationFactory())
    far_sheet = ActionSheetFactory(contract=elsewhere, title="Fiche d'un autre contrat")
    BudgetFactory(action=far_sheet)
    BudgetExtraLineFactory(budget=far_sheet.budget, label="Ligne d'un autre contrat")
    ActionIndicatorFactory(action=far_sheet, label="Indicateur d'un autre contrat")

    users = {role: user_model.objects.create_user(role, password=PASSWORD) for role in ROLES[1:]}
    grant(users["coordinator"], contract)
    operator_membership = grant(users["operator"], contract, Role.OPERATOR, operator)
    grant(users["other_operator"], contract, Role.OPERATOR, other)
    state = Organisation.objects.create(name="DDETS", kind="etat")
    grant(users["state"], contract, Role.STATE_REVIEWER, state)
    grant(users["copil"], contract, Role.COPIL, OrganisationFactory(name="Ville"))
    grant(users["outsider"], elsewhere)
    users["outsider_operator"] = user_model.objects.create_user("outsider_operator")
    grant(users["outsider_operator"], elsewhere, Role.OPERATOR, far_sheet.operator)
    reports = {
        s: submitted_report(s, users["coordinator"], users[owner])
        for s, owner in (
            (sheet, "operator"),
            (other_sheet, "other_operator"),
            (far_sheet, "outsider_operator"),
        )
    }
    token = invitation_send(
        inviter=users["coordinator"],
        contract=contract,
        email="nouvelle@asso.example",
        organisation=operator,
        role=Role.OPERATOR,
    )[0].new_token()

    # The operator's submission notified the coordination.
    notification = Notification.objects.get(
        recipient=users["coordinator"],
        kind="report_submitted",
        event_key__endswith=str(reports[sheet].transitions.get().pk),
    )

    amendments = {s: amendment_about(s) for s in (sheet, other_sheet, far_sheet)}
    meetings = {c: copil_meeting(c) for c in (contract, elsewhere)}
    # The coordinator's evaluation, prepared by the task queue.
    prepared = GeneratedFile.objects.create(
        owner=users["coordinator"],
        contract=contract,
        kind="evaluation",
        params={"year": 2026, "format": "xlsx"},
        status="pret",
        path=default_storage.save("fichiers/matrice/evaluation.xlsx", ContentFile(b"PK")),
        filename="evaluation.xlsx",
        content_type="application/octet-stream",
        # Built once for the whole module: still valid however long the module runs.
        expires=timezone.now() + datetime.timedelta(days=1),
    )

    def args(s, membership):
        meeting = meetings[s.contract]
        return {
            "amendment": amendments[s].pk,
            "change": amendments[s].changes.get().pk,
            "what": "enveloppes",
            "meeting": meeting.pk,
            "decision": meeting.decisions.get().pk,
            "transition": "tenir",
            "format": "docx",
            "contract": s.contract_id,
            "year": s.year,
            "number": s.number,
            "section": "identification",
            "indicator": s.indicators.get().pk,
            "line": s.budget.extra_lines.get().pk,
            "membership": membership.pk,
            "token": token,
            "uidb64": "MQ",
            "kind": "final",
            "attachment": reports[s].attachments.get().pk,
            "pending": pending.pk,
            "notification": notification.pk,
            "participant": people[s].participant_id,
            "upload": uploads[s].pk,
            "file": prepared.pk,
        }

    owners = {sheet: "operator", other_sheet: "other_operator", far_sheet: "outsider_operator"}
    people = {
        s: participant_record(
            sheet=s,
            actor=users[owner],
            identity=participant_identity(s),
            enrolled_on=datetime.date(s.year, 2, 1),
        )
        for s, owner in owners.items()
    }
    uploads = {
        s: AttendanceUpload.objects.create(
            sheet=s, uploaded_by=users[owner], filename="presences.csv", data=ATTENDANCE
        )
        for s, owner in owners.items()
    }
    pending = pending_create(
        user=users["coordinator"],
        document=contract_to_document(contract_queryset().get(pk=contract.pk)),
        filename="contrat.docx",
        sha256="0" * 64,
        contract=contract,
    )
    outsider_membership = users["outsider"].memberships.get()
    return World(
        users={"anonymous": None, **users},
        kwargs=args(sheet, operator_membership),
        foreign={
            "other_operator_sheet": args(other_sheet, operator_membership),
            "other_contract": args(far_sheet, outsider_membership),
        },
    )


def amendment_about(sheet):
    """A draft amendment of the sheet's contract with one line: the sheet's P104."""
    coordinator = sheet.contract.memberships.filter(role=Role.COORDINATOR).first().user
    amendment = amendment_create(contract=sheet.contract, actor=coordinator, title="Avenant")
    change_set(
        amendment=amendment,
        actor=coordinator,
        target=Target(
            ChangeKind.BUDGET, year=sheet.year, sheet_number=sheet.number, field="p104_subsidy"
        ),
        after="123.00",
    )
    return amendment


def copil_meeting(contract):
    """A planned June COPIL with its minutes attached and one decision on the first sheet."""
    meeting = Meeting.objects.create(
        contract=contract, date=datetime.date(2026, 6, 15), kind="june", agenda="Bilan"
    )
    meeting.minutes_file.save("cr.pdf", SimpleUploadedFile("cr.pdf", PDF), save=False)
    meeting.minutes_file_name, meeting.minutes_file_type = "cr.pdf", "application/pdf"
    meeting.save()
    decision = Decision.objects.create(meeting=meeting, text="Poursuivre", kind="continue")
    decision.sheets.set(contract.actions.all()[:1])
    return meeting


ATTENDANCE = "Nom;Prénoms;Date de naissance;Date séance;Durée\n".encode()


def participant_identity(sheet) -> Identity:
    """A participant per operator; the other operator's is named like a secret."""
    secret = "secrète" in sheet.title or sheet.contract.territory == "Autre territoire"
    return Identity(
        family_name="Personne-secrète" if secret else "Haddad",
        first_names="Leïla",
        birth_date=datetime.date(1999, 4, 12),
        sex="F",
        status="bpi",
        status_year=2024,
        arrival_year=2023,
        french_level=1,
        third_country_national=True,
        residence_start=None,
    )


def submitted_report(sheet, coordinator, operator):
    """A final report of ``sheet``, with a PDF attached, submitted by its operator."""
    period = ReportingPeriod.objects.filter(contract=sheet.contract, year=sheet.year).first()
    if period is None:
        coordinator_of_sheet = coordinator
        if not sheet.contract.memberships.filter(user=coordinator).exists():
            coordinator_of_sheet = sheet.contract.memberships.get(role=Role.COORDINATOR).user
        period = set_reporting_period(
            contract=sheet.contract,
            year=sheet.year,
            kind="final",
            due_date=datetime.date(sheet.year + 1, 3, 31),
            actor=coordinator_of_sheet,
        )
    report = start_report(period=period, sheet=sheet, actor=operator)
    add_attachment(
        report=report,
        actor=operator,
        upload=SimpleUploadedFile("bilan.pdf", PDF, content_type="application/pdf"),
    )
    return submit_report(report=report, actor=operator)


def url_for(route: str, kwargs: dict) -> str:
    name = next(p for p in _named_patterns() if p[1] == route)[0]
    needed = {k: v for k, v in kwargs.items() if f"{k}>" in route}
    return reverse(name, kwargs=needed) if name else "/"


def _named_patterns(patterns=None, prefix="", namespace=""):
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            ns = f"{namespace}:{pattern.namespace}" if namespace else (pattern.namespace or "")
            found += _named_patterns(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        else:
            name = f"{namespace}:{pattern.name}".strip(":") if pattern.name else None
            found.append((name, prefix + str(pattern.pattern)))
    return found


def request(client, user, method: str, url: str):
    if user is not None:
        client.force_login(user)
    return client.get(url) if method == "GET" else client.post(url, {})


CASES = [
    (route, method, role)
    for route, methods in MATRIX.items()
    for method in ("GET", "POST")
    for role in ROLES
]


def _stored_files(storage=default_storage, path="") -> set[str]:
    directories, files = storage.listdir(path)
    found = {f"{path}{name}" for name in files}
    for directory in directories:
        found |= _stored_files(storage, f"{path}{directory}/")
    return found


@pytest.fixture(scope="module")
def _built_world(django_db_setup, django_db_blocker):
    """The world, built once per module and worker in an outer transaction that is rolled back
    after the module's last test; with the files it stored, to put back what a test deleted
    (the in-memory storage is not transactional)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            before = _stored_files()
            built = build_world()
            files = {name: default_storage.open(name).read() for name in _stored_files() - before}
        except BaseException as error:
            outer.__exit__(type(error), error, error.__traceback__)
            raise
    yield built, files
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
        for name in files:
            default_storage.delete(name)


@pytest.fixture
def world(_built_world, db):
    """The shared world as each test finds it: every change of the previous test rolled back
    with its savepoint (``db``), caches emptied (a contract stamp rolled back and bumped again
    must not find the previous test's page), the stored files as they were built."""
    built, files = _built_world
    for alias in settings.CACHES:
        caches[alias].clear()
    yield built
    for alias in settings.CACHES:
        caches[alias].clear()
    for name, content in files.items():
        if not default_storage.exists(name) or default_storage.open(name).read() != content:
            default_storage.delete(name)
            assert default_storage.save(name, ContentFile(content)) == name


def user_of(world: World, role: str):
    """The role's user read again from the database: what a previous test did to the object
    (last login, second factor) is not carried over."""
    user = world.users[role]
    return None if user is None else get_user_model().objects.get(pk=user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method", "role"), CASES)
def test_each_url_role_and_method(client, world, route, method, role):
    response = request(client, user_of(world, role), method, url_for(route, world.kwargs))
    assert response.status_code == MATRIX[route][method][role]


OBJECT_ROUTES = [route for route in MATRIX if "<int:contract>" in route]
SECRET_WORDS = ["secrète", "autre contrat", "Autre territoire"]


@pytest.mark.django_db
@pytest.mark.parametrize("route", OBJECT_ROUTES)
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("operator", "other_operator_sheet"),
        ("coordinator", "other_contract"),
        ("state", "other_contract"),
        ("copil", "other_contract"),
        ("outsider", "other_operator_sheet"),
    ],
)
def test_other_identifiers_answer_404_show_nothing_and_change_nothing(
    client, world, route, method, role, target
):
    kwargs = world.foreign[target]
    events = AuditEvent.objects.count()
    response = request(client, user_of(world, role), method, url_for(route, kwargs))
    expected = 405 if MATRIX[route][method]["coordinator"] == 405 else 404
    assert response.status_code == expected
    body = response.content.decode()
    assert not any(word in body for word in SECRET_WORDS)
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
@pytest.mark.parametrize("route", ADMIN_MATRIX)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_platform_admin_on_the_import_pages(client, world, route, method):
    admin = get_user_model().objects.create_superuser("plateforme", password=PASSWORD)
    response = request(client, admin, method, url_for(route, world.kwargs))
    assert response.status_code == ADMIN_MATRIX[route][method]
