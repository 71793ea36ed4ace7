"""The evaluation files (XLSX, ODS, PDF) of issue 13: contract-wide beneficiary totals, the
governance part, the axes' declared amounts, both opinions, and honest wording — on a generated
contract with a finished year and a running one, and on the real Metz contract."""

import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from ctai.accounts.models import Membership
from ctai.contracts.models import ActionSheet, Contract
from ctai.core.roles import Role
from ctai.reporting import opinions, services
from ctai.reporting.enums import Appraisal, EvaluationSide, PeriodKind, ReportStatus
from ctai.reporting.evaluation import render_evaluation
from ctai.reporting.evaluation.beneficiaries import beneficiary_totals
from ctai.reporting.evaluation.data import build_evaluation
from ctai.reporting.inputs import AchievementInput, SpendingInput
from ctai.reporting.opinions import GOVERNANCE, AnswerInput, OpinionInput
from tests.factories import (
    AnnualEnvelopeFactory,
    AxisFactory,
    ContractFactory,
    OrganisationFactory,
)
from tests.reporting.builders import COMPLETE_SPENDING, COMPLETE_VALUES, fill, sheet_with_indicators
from tests.reporting.factories import (
    MembershipFactory,
    ReportingPeriodFactory,
    UserFactory,
    advance,
)
from tests.reporting.readers import read_ods, read_pdf, read_xlsx, table_after

pytestmark = pytest.mark.django_db

METZ = Path(__file__).resolve().parents[2] / "src/ctai/documents/seeds/ctai-metz-2026-2028.txt"
GOVERNANCE_PART = {
    "meetings": [
        {"date": datetime.date(2026, 6, 18), "kind": "Évaluation de N-1", "status": "Tenue",
         "decisions": 2},
    ],
    "decisions": [
        {"text": "Renforcer les ateliers du soir", "kind": "Réorienter", "sheets": "1",
         "owner": "CCAS de Metz", "due_date": datetime.date(2026, 9, 30), "status": "En cours",
         "follow_up": "Deux groupes ouverts en septembre"},
    ],
}  # fmt: skip


def rows_of(table, heading):
    rows = table_after(table, heading)
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


@pytest.fixture
def two_years(db):
    """A generated contract over last year (finished) and this year (running): two axes with
    declared amounts, three sheets a year; last year sheet 1 validated below some targets,
    sheet 2 never reported; this year sheet 1's intermediate report validated."""
    this_year = timezone.localdate().year
    last_year = this_year - 1
    contract = ContractFactory(
        territory="Communauté des Rives",
        title="CTAI des Rives",
        start=datetime.date(last_year, 1, 1),
        end=datetime.date(this_year, 12, 31),
    )
    for year in (last_year, this_year):
        AnnualEnvelopeFactory(contract=contract, year=year, amount=Decimal("90000.00"))
    french = AxisFactory(
        contract=contract, number=1, title="Apprendre", declared_amount=Decimal("30000.00")
    )
    work = AxisFactory(
        contract=contract, number=2, title="Travailler", declared_amount=Decimal("12500.00")
    )
    operator = OrganisationFactory(name="Rives Solidaires")
    coord = MembershipFactory(contract=contract, user__username="coord_rives").user
    coord2 = MembershipFactory(contract=contract, user__username="coord_rives2").user
    op = MembershipFactory(
        contract=contract, operator=True, organisation=operator, user__username="op_rives"
    ).user
    state = MembershipFactory(contract=contract, state_reviewer=True, user__username="etat").user
    sheets = {}
    for year in (last_year, this_year):
        for number, axis in ((1, french), (2, french), (3, work)):
            sheets[year, number] = sheet_with_indicators(contract, number, operator, axis, year)
    final = ReportingPeriodFactory(
        contract=contract, year=last_year, due_date=datetime.date(this_year, 3, 31)
    )
    middle = ReportingPeriodFactory(
        contract=contract,
        year=this_year,
        kind=PeriodKind.INTERMEDIATE,
        due_date=datetime.date(this_year, 10, 15),
    )
    for period, number in ((final, 1), (final, 3), (middle, 1)):
        report = services.start_report(period=period, sheet=sheets[period.year, number], actor=op)
        values = dict(COMPLETE_VALUES, ben_total=Decimal("50") if number == 3 else Decimal("42"))
        fill(report, op, values=values, spending=COMPLETE_SPENDING)
        advance(report, ReportStatus.VALIDATED, operator=op, coordinator=coord)
    return {
        "contract": contract,
        "last": last_year,
        "this": this_year,
        "sheets": sheets,
        "coord": coord,
        "coord2": coord2,
        "state": state,
    }


def test_a_finished_year_says_reached_or_not_and_a_sheet_without_report_says_so(two_years):
    contract, year = two_years["contract"], two_years["last"]
    tables = read_xlsx(render_evaluation(contract=contract, year=year, format="xlsx"))
    summary = tables["Synthèse"]
    sheets = rows_of(summary, "Fiches actions")
    assert "En bonne voie" not in sheets[0] and "En retard" not in sheets[0]
    # COMPLETE_VALUES: 3 indicators reached, hours at 93 % and structures at 60 %.
    assert (sheets[0]["Indicateurs atteints"], sheets[0]["Non atteints"]) == (3, 2)
    assert sheets[1]["Bilan"] == "Aucun bilan reçu"
    statuses = {
        row["Indicateur"]: row["Statut"] for row in rows_of(tables["Fiche 1"], "Indicateurs")
    }
    assert statuses["Nombre de structures mobilisées"] == "Non atteint"
    assert "En bonne voie" not in statuses.values()
    texts = [cell for row in tables["Fiche 2"] for cell in row if isinstance(cell, str)]
    assert "Aucun bilan reçu" in texts  # under spending and under the narrative
    assert "Rien à signaler." not in texts
    assert all(
        row["Statut"] == "aucun bilan reçu" for row in rows_of(tables["Fiche 2"], "Indicateurs")
    )
    pdf = read_pdf(render_evaluation(contract=contract, year=year, format="pdf"))
    assert "Rien à signaler" not in pdf and "En bonne voie" not in pdf
    assert "Non atteint" in pdf and "Aucun bilan reçu" in pdf
    assert f"Année {year} terminée" in pdf


def test_a_running_year_keeps_the_on_track_wording(two_years):
    contract, year = two_years["contract"], two_years["this"]
    tables = read_xlsx(render_evaluation(contract=contract, year=year, format="xlsx"))
    first = rows_of(tables["Synthèse"], "Fiches actions")[0]
    assert (first["Indicateurs atteints"], first["En bonne voie"], first["En retard"]) == (3, 1, 1)
    statuses = {
        row["Indicateur"]: row["Statut"] for row in rows_of(tables["Fiche 1"], "Indicateurs")
    }
    assert statuses["Nombre d'heures de formation dispensées"] == "En bonne voie"


def test_beneficiary_totals_axes_amounts_and_both_opinions_in_the_three_files(two_years):
    contract, year = two_years["contract"], two_years["last"]
    sheets = two_years["sheets"]
    opinions.save_state_opinions(
        contract=contract,
        year=year,
        actor=two_years["state"],
        opinions=[
            OpinionInput(sheets[year, 1].pk, Appraisal.PARTLY, "Structures en deçà."),
            OpinionInput(sheets[year, 2].pk, Appraisal.NOT_ACHIEVED, "Aucun bilan transmis."),
            OpinionInput(sheets[year, 3].pk, Appraisal.ACHIEVED, ""),
            OpinionInput(GOVERNANCE, Appraisal.PARTLY, "Un seul comité réuni."),
        ],
    )
    opinions.save_answers(
        contract=contract,
        year=year,
        actor=two_years["coord"],
        answers=[AnswerInput(sheets[year, 2].pk, "Le porteur a changé de directeur.")],
    )
    opinions.sign_off(
        contract=contract, year=year, actor=two_years["state"], side=EvaluationSide.STATE
    )
    xlsx = read_xlsx(render_evaluation(contract=contract, year=year, format="xlsx"))
    ods = read_ods(render_evaluation(contract=contract, year=year, format="ods"))
    pdf = " ".join(read_pdf(render_evaluation(contract=contract, year=year, format="pdf")).split())
    for tables in (xlsx, ods):
        people = {
            row["Public"]: row
            for row in rows_of(
                tables["Synthèse"], "Bénéficiaires du contrat (indicateurs du catalogue)"
            )
        }
        total = people["Bénéficiaires éligibles (total)"]
        # Targets: 40 on each of the 3 sheets; achieved: 42 + 50 from the two validated reports.
        assert (total["Objectif"], total["Réalisé (bilans validés)"]) == (120, 92)
        assert total["Fiches renseignées"] == 2
        assert people["dont femmes"]["Réalisé (bilans validés)"] == 44
        assert people["dont BPI"]["Réalisé (bilans validés)"] is None  # no sheet counts them
        axes = {row["Axe"]: row for row in rows_of(tables["Synthèse"], "Par axe")}
        assert axes["Axe 1 : Apprendre"]["Montant déclaré (contrat)"] == 30000
        assert axes["Axe 1 : Apprendre"]["Fiches n°"] == "1, 2"
        assert axes["Axe 2 : Travailler"]["Montant déclaré (contrat)"] == 12500
        assert axes["Total du contrat"]["Montant déclaré (contrat)"] == 42500
        said = {
            row["Fiche action"]: row
            for row in rows_of(
                tables["Évaluation contradictoire"], "Avis de l'État et réponses de la coordination"
            )
        }
        assert (
            said["Action 2" if "Action 2" in said else "Français et numérique"][
                "Appréciation de l'État"
            ]
            == "Non atteint"
        )
        second = said["Français et numérique"]
        assert second["Avis de l'État"] == "Aucun bilan transmis."
        assert second["Réponse de la coordination"] == "Le porteur a changé de directeur."
        assert said["Gouvernance et mise en œuvre"]["Appréciation de l'État"] == (
            "Partiellement atteint"
        )
        governance = [cell for row in tables["Gouvernance"] for cell in row]
        assert "Aucune réunion du comité de pilotage enregistrée" in governance
        assert "Un seul comité réuni." in governance
    for text in (
        "Bénéficiaires éligibles (total)",
        "Montant déclaré (contrat)",
        "30 000,00 €",
        "Aucun bilan transmis.",
        "Le porteur a changé de directeur.",
        "Aucune réunion du comité de pilotage enregistrée",
        "Signée pour l'État par",
        "Signature pour la coordination : en attente.",
    ):
        assert text in pdf, text


def test_the_governance_part_given_by_the_caller(two_years):
    contract, year = two_years["contract"], two_years["last"]
    for format in ("xlsx", "ods"):
        content = render_evaluation(
            contract=contract, year=year, format=format, governance=GOVERNANCE_PART
        )
        tables = (read_xlsx if format == "xlsx" else read_ods)(content)
        meetings = rows_of(tables["Gouvernance"], "Réunions du comité de pilotage")
        meetings = [{k: v for k, v in row.items() if k} for row in meetings]
        assert meetings == [
            {"Date": "18/06/2026", "Type de réunion": "Évaluation de N-1", "Statut": "Tenue",
             "Décisions": 2}
        ]  # fmt: skip
        decision = rows_of(tables["Gouvernance"], "Décisions et leur suivi")[0]
        assert decision["Décision"] == "Renforcer les ateliers du soir"
        assert decision["Échéance"] == "30/09/2026"
        assert decision["Suivi"] == "Deux groupes ouverts en septembre"
        assert "Aucune réunion du comité de pilotage enregistrée" not in [
            cell for row in tables["Gouvernance"] for cell in row
        ]
    pdf = read_pdf(
        render_evaluation(contract=contract, year=year, format="pdf", governance=GOVERNANCE_PART)
    )
    assert "Renforcer les ateliers du soir" in pdf and "18/06/2026" in pdf
    empty = read_pdf(
        render_evaluation(
            contract=contract, year=year, format="pdf", governance={"meetings": [], "decisions": []}
        )
    )
    assert "Aucune réunion du comité de pilotage enregistrée" in empty


def test_the_page_and_the_files_share_one_definition_of_the_totals(client, two_years):
    contract, year = two_years["contract"], two_years["last"]
    evaluation = build_evaluation(contract=contract, year=year)
    assert evaluation.beneficiaries == beneficiary_totals(
        (row.indicators, row.report is not None) for row in evaluation.rows
    )
    client.force_login(two_years["state"])
    page = client.get(f"/contrats/{contract.pk}/evaluation/contradictoire/?annee={year}")
    body = page.content.decode()
    assert "Bénéficiaires éligibles (total)" in body
    assert ">120<" in body and ">92<" in body


def test_primo_arrivants_are_the_total_less_bpi_bpt_and_other_publics():
    from ctai.reporting.checks import IndicatorFigures

    def figures(code, value):
        return IndicatorFigures(1, code, code, "beneficiaires", "count", value, "", value, "")

    sheet = [figures("ben_total", Decimal(50)), figures("ben_bpi", Decimal(10)),
             figures("ben_bpt", Decimal(5)), figures("ben_non_epa", Decimal(3))]  # fmt: skip
    no_total = [figures("ben_bpi", Decimal(4))]
    totals = {t.code: t for t in beneficiary_totals([(sheet, True), (no_total, True)])}
    assert totals["primo_arrivants"].achieved == 32
    assert totals["primo_arrivants"].sheets_with_value == 1
    assert totals["ben_bpi"].achieved == 14


def test_metz_2026_files_show_totals_governance_opinions_and_no_report_wording():
    call_command("import", str(METZ), stdout=StringIO())
    contract = Contract.objects.get()
    sheets = list(
        ActionSheet.objects.filter(contract=contract, year=2026)
        .select_related("budget", "operator")
        .order_by("number")
    )
    coord, coord2 = UserFactory(username="claire"), UserFactory(username="paul")
    for user in (coord, coord2):
        Membership.objects.create(
            user=user, organisation=contract.coordinator, contract=contract, role=Role.COORDINATOR
        )
    period = services.set_reporting_period(
        contract=contract,
        year=2026,
        kind=PeriodKind.FINAL,
        due_date=datetime.date(2027, 3, 31),
        actor=coord,
    )
    expected_total = Decimal(0)
    for sheet in sheets[:3]:
        operator = UserFactory(username=f"porteur{sheet.number}")
        Membership.objects.create(
            user=operator, organisation=sheet.operator, contract=contract, role=Role.OPERATOR
        )
        report = services.start_report(period=period, sheet=sheet, actor=operator)
        total = sheet.indicators.filter(definition__code="ben_total").first()
        achievements = []
        if total is not None and total.target is not None:
            achievements.append(AchievementInput(total.pk, total.target, ""))
            expected_total += total.target
        services.save_draft(
            report=report,
            actor=operator,
            version=report.version,
            achievements=achievements,
            spending=[SpendingInput(amount=Decimal("100.00"), budget_line="p104_subsidy")],
        )
        advance(report, ReportStatus.VALIDATED, operator=operator, coordinator=coord2)
    tables = read_xlsx(
        render_evaluation(contract=contract, year=2026, format="xlsx", governance=GOVERNANCE_PART)
    )
    people = {
        row["Public"]: row
        for row in rows_of(
            tables["Synthèse"], "Bénéficiaires du contrat (indicateurs du catalogue)"
        )
    }
    assert people["Bénéficiaires éligibles (total)"]["Réalisé (bilans validés)"] == (
        expected_total or None
    )
    axes = rows_of(tables["Synthèse"], "Par axe")
    declared = {axis.number: axis.declared_amount for axis in contract.axes.all()}
    for row in axes[:-1]:
        number = int(row["Axe"].split(" ")[1])
        assert row["Montant déclaré (contrat)"] == declared[number]
    last = rows_of(tables["Synthèse"], "Fiches actions")[11]
    assert last["Bilan"] == "Aucun bilan reçu"
    assert "Aucun bilan reçu" in [cell for row in tables["Fiche 12"] for cell in row]
    meetings = rows_of(tables["Gouvernance"], "Réunions du comité de pilotage")
    assert meetings[0]["Type de réunion"] == "Évaluation de N-1"
