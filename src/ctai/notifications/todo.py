"""« Mes tâches » : what each person has to do next, per role, each item linked to the page
where it is done (contract pages for one programme year, ``?annee=YYYY``).

- operator: reports to fill and to correct (with the due date and the return's reason), then
  their sheets;
- coordinator: reports to review, findings of gravité « erreur », review items left by an
  import, programmations to validate, late reports (with « relancer »);
- State reviewer: submitted and validated reports they have not written on yet, evaluations;
- COPIL member: there is no meeting in CTAI yet: the contracts' dashboards and evaluations.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from ctai.accounts.permissions import memberships
from ctai.audit.stamps import stamps
from ctai.checks.enums import Severity
from ctai.checks.models import StoredFinding
from ctai.contracts.models import ActionSheet, AnnualEnvelope, Contract
from ctai.core.cache import CACHE_SECONDS
from ctai.core.cache import key as cache_key
from ctai.core.roles import Role
from ctai.documents.models import ReviewItem
from ctai.reporting.enums import ReportStatus
from ctai.reporting.models import OperatorReport, ReportComment, ReportingPeriod
from ctai.reporting.selectors import due_reports


@dataclass
class Task:
    label: str
    url: str
    detail: str = ""
    due: datetime.date | None = None
    late: bool = False
    remind_url: str = ""  # « relancer » (POST), for the coordination


@dataclass
class Section:
    key: str
    title: str
    empty: str
    items: list[Task] = field(default_factory=list)
    counted: bool = True  # part of the count in the navigation
    note: str = ""


def report_url(sheet: ActionSheet, period: ReportingPeriod) -> str:
    return reverse(
        "reporting:report", args=[sheet.contract_id, sheet.year, sheet.number, period.kind]
    )


def year_url(name: str, contract_id: int, year: int) -> str:
    return f"{reverse(name, args=[contract_id])}?annee={year}"


def _contracts(user, role: str) -> list[Contract]:
    ids = {m.contract_id for m in memberships(user) if m.role == role}
    return list(Contract.objects.filter(pk__in=ids).order_by("territory", "pk")) if ids else []


def _sheet_label(sheet: ActionSheet) -> str:
    return f"Fiche n° {sheet.number} ({sheet.year}) — {sheet.title}"


def operator_sections(user, today: datetime.date) -> list[Section]:
    mine = [m for m in memberships(user) if m.role == Role.OPERATOR]
    if not mine:
        return []
    scope = Q()
    for membership in mine:
        scope |= Q(contract=membership.contract_id, operator=membership.organisation_id)
    sheets = list(
        ActionSheet.objects.filter(scope).select_related("contract").order_by("year", "number")
    )
    periods = list(
        ReportingPeriod.objects.filter(contract__in={s.contract_id for s in sheets}).order_by(
            "due_date", "kind"
        )
    )
    reports = {
        (r.period_id, r.sheet_id): r
        for r in OperatorReport.objects.filter(sheet__in=sheets).prefetch_related("transitions")
    }
    to_fill = Section("a_remplir", "Bilans à remplir", "Aucun bilan à remplir.")
    to_fix = Section("a_corriger", "Bilans à corriger", "Aucun bilan renvoyé pour correction.")
    for period in periods:
        for sheet in sheets:
            if (sheet.contract_id, sheet.year) != (period.contract_id, period.year):
                continue
            report = reports.get((period.pk, sheet.pk))
            late = period.is_past_due(today)
            if report is None or report.status == ReportStatus.DRAFT:
                to_fill.items.append(
                    Task(
                        f"{period} — {_sheet_label(sheet)}",
                        report_url(sheet, period),
                        "Non commencé" if report is None else "Brouillon",
                        due=period.due_date,
                        late=late,
                    )
                )
            elif report.status == ReportStatus.RETURNED:
                returns = [t for t in report.transitions.all() if t.transition == "return"]
                to_fix.items.append(
                    Task(
                        f"{period} — {_sheet_label(sheet)}",
                        report_url(sheet, period),
                        f"Motif : {returns[-1].reason}" if returns else "",
                        due=period.due_date,
                        late=late,
                    )
                )
    own = Section("fiches", "Mes fiches action", "Aucune fiche.", counted=False)
    for sheet in sheets:
        own.items.append(
            Task(
                _sheet_label(sheet),
                reverse("contracts:sheet", args=[sheet.contract_id, sheet.year, sheet.number]),
                sheet.contract.territory,
            )
        )
    return [to_fix, to_fill, own]


def coordinator_sections(user, today: datetime.date) -> list[Section]:
    contracts = _contracts(user, Role.COORDINATOR)
    if not contracts:
        return []
    review = Section("a_examiner", "Bilans à examiner", "Aucun bilan soumis en attente.")
    submitted = (
        OperatorReport.objects.filter(period__contract__in=contracts, status=ReportStatus.SUBMITTED)
        .select_related("period", "sheet")
        .order_by("submitted_at", "pk")
    )
    for report in submitted:
        review.items.append(
            Task(
                f"{report.period} — {_sheet_label(report.sheet)}",
                report_url(report.sheet, report.period),
                f"Soumis le {timezone.localtime(report.submitted_at):%d/%m/%Y}"
                if report.submitted_at
                else "",
                due=report.period.due_date,
            )
        )
    errors = Section("constats", "Constats d'erreur à corriger", "Aucun constat d'erreur.")
    by_year = Counter(
        StoredFinding.objects.filter(contract__in=contracts, severity=Severity.ERREUR).values_list(
            "contract", "year"
        )
    )
    names = {c.pk: c.territory for c in contracts}
    for (contract_id, year), count in sorted(
        by_year.items(), key=lambda i: (i[0][0], i[0][1] or 0)
    ):
        where = f"programmation {year}" if year else "contrat"
        url = (
            year_url("contracts:programmation", contract_id, year)
            if year
            else reverse("contracts:dashboard", args=[contract_id])
        )
        errors.items.append(
            Task(
                f"{count} constat{'s' if count > 1 else ''} d'erreur — {where}",
                url,
                names[contract_id],
            )
        )
    items = Section("points", "Points à vérifier après import", "Aucun point à vérifier.")
    review_counts = Counter(
        ReviewItem.objects.filter(contract__in=contracts).values_list("contract", "action_number")
    )
    current = {c.pk: c.current_year(today) for c in contracts}
    current_sheets = set(
        ActionSheet.objects.filter(
            contract__in=contracts, number__in={n for _, n in review_counts if n}
        ).values_list("contract", "year", "number")
    )
    for (contract_id, number), count in sorted(review_counts.items(), key=lambda i: str(i[0])):
        year = current[contract_id]
        url = (
            reverse("contracts:sheet", args=[contract_id, year, number])
            if (contract_id, year, number) in current_sheets
            else year_url("contracts:dashboard", contract_id, year)
        )
        label = f"fiche n° {number}" if number else "contrat"
        items.items.append(
            Task(
                f"{count} point{'s' if count > 1 else ''} à vérifier — {label}",
                url,
                names[contract_id],
            )
        )
    to_validate = Section(
        "programmation", "Programmations à valider", "Aucune programmation à valider."
    )
    envelopes = AnnualEnvelope.objects.filter(
        contract__in=contracts, programmation_validated_at__isnull=True
    ).order_by("contract", "year")
    has_sheets = ActionSheet.objects.filter(contract=OuterRef("contract"), year=OuterRef("year"))
    for envelope in envelopes.annotate(has_sheets=Exists(has_sheets)).filter(has_sheets=True):
        to_validate.items.append(
            Task(
                f"Programmation {envelope.year}",
                year_url("contracts:programmation", envelope.contract_id, envelope.year),
                names[envelope.contract_id],
            )
        )
    late = Section("en_retard", "Porteurs en retard", "Aucun bilan en retard.")
    with_periods = set(
        ReportingPeriod.objects.filter(contract__in=contracts).values_list("contract", "year")
    )
    for contract in contracts:
        for year in sorted(y for c, y in with_periods if c == contract.pk):
            for due in due_reports(contract=contract, year=year, today=today):
                if not due.late:
                    continue
                operator = due.sheet.operator.name if due.sheet.operator else "porteur inconnu"
                late.items.append(
                    Task(
                        f"{due.period} — {_sheet_label(due.sheet)}",
                        report_url(due.sheet, due.period),
                        f"{operator} — {due.status_label}",
                        due=due.period.due_date,
                        late=True,
                        remind_url=reverse(
                            "notifications:remind",
                            args=[contract.pk, due.sheet.year, due.sheet.number, due.period.kind],
                        ),
                    )
                )
    return [review, late, to_validate, errors, items]


def state_sections(user, today: datetime.date) -> list[Section]:
    contracts = _contracts(user, Role.STATE_REVIEWER)
    if not contracts:
        return []
    to_read = Section(
        "a_lire", "Bilans à lire ou commenter", "Aucun bilan en attente de votre lecture."
    )
    written = ReportComment.objects.filter(report=OuterRef("pk"), author=user)
    reports = (
        OperatorReport.objects.filter(
            period__contract__in=contracts,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.VALIDATED],
        )
        .annotate(written=Exists(written))
        .filter(written=False)
        .select_related("period", "sheet")
        .order_by("period__due_date", "sheet__number")
    )
    for report in reports:
        to_read.items.append(
            Task(
                f"{report.period} — {_sheet_label(report.sheet)}",
                report_url(report.sheet, report.period),
                report.get_status_display(),
            )
        )
    evaluations = Section(
        "evaluations", "Évaluations", "Aucun bilan validé : pas encore d'évaluation.", counted=False
    )
    years = (
        OperatorReport.objects.filter(period__contract__in=contracts, status=ReportStatus.VALIDATED)
        .values_list("period__contract", "period__year")
        .distinct()
        .order_by("period__contract", "period__year")
    )
    names = {c.pk: c.territory for c in contracts}
    for contract_id, year in years:
        evaluations.items.append(
            Task(
                f"Évaluation {year}",
                year_url("reporting:evaluation", contract_id, year),
                names[contract_id],
            )
        )
        evaluations.items.append(
            Task(
                f"Évaluation contradictoire {year} : vos avis",
                year_url("reporting:contradictory", contract_id, year),
                names[contract_id],
            )
        )
    return [to_read, evaluations]


def copil_sections(user, today: datetime.date) -> list[Section]:
    contracts = _contracts(user, Role.COPIL)
    if not contracts:
        return []
    section = Section(
        "copil",
        "Documents du prochain comité de pilotage",
        "Aucun contrat.",
        counted=False,
        note="Les réunions du comité de pilotage ne sont pas encore enregistrées dans CTAI : "
        "voici, pour chaque contrat, le tableau de bord et l'évaluation de l'année en cours.",
    )
    for contract in contracts:
        year = contract.current_year(today)
        section.items.append(
            Task(
                f"Tableau de bord {year}",
                year_url("contracts:dashboard", contract.pk, year),
                contract.territory,
            )
        )
        section.items.append(
            Task(
                f"Évaluation {year}",
                year_url("reporting:evaluation", contract.pk, year),
                contract.territory,
            )
        )
    return [section]


@dataclass
class RoleTasks:
    role: str
    title: str
    sections: list[Section]


def tasks_for(user, today: datetime.date | None = None) -> list[RoleTasks]:
    """Everyone's tasks, one block per role they hold (a person may hold several)."""
    today = today or timezone.localdate()
    blocks = [
        RoleTasks(Role.COORDINATOR, "Coordination", coordinator_sections(user, today)),
        RoleTasks(Role.OPERATOR, "Porteur d'action", operator_sections(user, today)),
        RoleTasks(Role.STATE_REVIEWER, "Services de l'État", state_sections(user, today)),
        RoleTasks(Role.COPIL, "Comité de pilotage", copil_sections(user, today)),
    ]
    return [block for block in blocks if block.sections]


def _mine(user) -> list[tuple[int, str, int]]:
    return sorted((m.contract_id, m.role, m.organisation_id or 0) for m in memberships(user))


def _key(user, mine, versions: dict[int, int], today: datetime.date) -> str:
    return cache_key(f"tasks:{user.pk}", (mine, sorted(versions.items()), today.isoformat()))


def cached_tasks(user, today: datetime.date | None = None) -> list[RoleTasks]:
    """``tasks_for``, computed once per state of what it reads: the person's memberships, the
    version stamps of their contracts (``ctai.audit.stamps``: every write to a contract's
    reports, findings, review items, envelopes or periods moves it, and so does a comment the
    person writes) and today's date (what is late). A hit costs the memberships and one query
    for the stamps (docs/adr/0012-page-cache.md)."""
    today = today or timezone.localdate()
    mine = _mine(user)
    if not mine:
        return []
    key = _key(user, mine, stamps({contract_id for contract_id, _, _ in mine}), today)
    blocks = cache.get(key)
    if blocks is None:
        blocks = tasks_for(user, today)
        cache.set(key, blocks, CACHE_SECONDS)
        cache.set(f"{key}:count", count(blocks), CACHE_SECONDS)
    return blocks


def contracts_of(user) -> set[int]:
    """The contracts whose stamps decide the person's tasks."""
    return {contract_id for contract_id, _, _ in _mine(user)}


def cached_count(user, versions: dict[int, int], today: datetime.date | None = None) -> int:
    """The number of tasks (« Mes tâches (n) » on every page), for the stamps ``versions`` of
    ``contracts_of(user)`` read by the caller: the same key as ``cached_tasks``, but a hit
    reads one integer instead of every task."""
    today = today or timezone.localdate()
    mine = _mine(user)
    if not mine:
        return 0
    key = f"{_key(user, mine, versions, today)}:count"
    number = cache.get(key)
    if number is None:
        # Newer data under these stamps at worst (read after them), never older.
        number = count(cached_tasks(user, today))
        cache.set(key, number, CACHE_SECONDS)
    return number


def count(blocks: list[RoleTasks]) -> int:
    return sum(len(s.items) for block in blocks for s in block.sections if s.counted)
