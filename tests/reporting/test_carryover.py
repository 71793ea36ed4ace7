"""Carry-over (reliquats) from validated final reports, and next year's programmation."""

from decimal import Decimal

import pytest

from ctai.budget.models import Budget
from ctai.checks.models import StoredFinding
from ctai.contracts.models import ActionSheet, Partner
from ctai.programmation import nextyear
from ctai.reporting import services
from ctai.reporting.carryover import SheetCarryover, contract_carryover
from ctai.reporting.enums import ReportStatus
from ctai.reporting.errors import NotAllowed, ReportError, ReportInvalid
from ctai.reporting.models import OperatorReport
from tests.reporting.builders import COMPLETE_VALUES, fill
from tests.reporting.factories import advance

pytestmark = pytest.mark.django_db
D = Decimal


def final_report(world, sheet, actor, spending, status=ReportStatus.VALIDATED, period=None):
    report = services.start_report(period=period or world.final, sheet=sheet, actor=actor)
    fill(report, actor, values=COMPLETE_VALUES, spending=spending)
    return advance(report, status, operator=actor, coordinator=world.people.coord)


@pytest.fixture
def reported(world):
    """Sheet 1: final validated, 6 500 € of 8 000 € spent. Sheet 2: final only submitted."""
    final_report(world, world.sheet_a, world.people.op_a, {"p104_subsidy": D("6500")})
    final_report(
        world, world.sheet_b, world.people.op_b, {"p104_subsidy": D("7000")}, ReportStatus.SUBMITTED
    )
    return world


# -- carry-over ---------------------------------------------------------------------------


def test_unspent_p104_of_validated_final_reports(reported):
    carryover = contract_carryover(contract=reported.contract, year=2026)
    first, second = carryover.sheets
    assert (first.available, first.spent, first.unspent) == (D("8000"), D("6500"), D("1500"))
    assert second.pending and second.unspent is None
    assert carryover.total == D("1500.00")
    assert not carryover.complete
    assert [s.sheet.number for s in carryover.pending] == [2]
    assert carryover.of(1) is first


def test_carry_over_received_from_n_minus_1_counts_as_granted(world):
    Budget.objects.filter(action=world.sheet_a).update(p104_carryover=D("500.00"))
    final_report(
        world,
        world.sheet_a,
        world.people.op_a,
        {"p104_subsidy": D("8000"), "p104_carryover": D("200")},
    )
    [row, _] = contract_carryover(contract=world.contract, year=2026).sheets
    assert (row.available, row.spent, row.unspent) == (D("8500"), D("8200"), D("300"))


def test_a_validated_intermediate_report_gives_no_carry_over(world):
    final_report(
        world, world.sheet_a, world.people.op_a, {"p104_subsidy": 100}, period=world.intermediate
    )
    carryover = contract_carryover(contract=world.contract, year=2026)
    assert carryover.total == 0
    assert len(carryover.pending) == 2


def test_carry_over_is_never_negative_and_nothing_spent_means_all_carried(world):
    assert SheetCarryover(world.sheet_a, D("100"), D("150"), object()).unspent == 0
    final_report(world, world.sheet_a, world.people.op_a, {"total_cost": D("9000")})
    assert contract_carryover(contract=world.contract, year=2026).total == D("8000")


# -- next year's programmation ------------------------------------------------------------


def test_next_year_copies_every_sheet_with_the_carry_over(reported):
    world = reported
    world.sheet_a.partners.set(Partner.objects.filter(code__in=["ofii", "caf"]))
    result = nextyear.create_next_programmation(
        contract=world.contract, from_year=2026, keep_targets=True, actor=world.people.coord
    )
    assert result.year == 2027
    assert [s.number for s in result.sheets] == [1, 2]
    assert result.applied == {1: D("1500.00")}
    assert result.pending_numbers == [2]
    for original in (world.sheet_a, world.sheet_b):
        copy = ActionSheet.objects.get(contract=world.contract, year=2027, number=original.number)
        for field in ("title", "operator_id", "axis_id", "selection_mode", "description"):
            assert getattr(copy, field) == getattr(original, field)
        assert set(copy.themes.all()) == set(original.themes.all())
        assert set(copy.partners.all()) == set(original.partners.all())
        assert copy.sources == {}
        old, new = original.budget, copy.budget
        for field in ("p104_subsidy", "local_contribution", "total_cost", "comment"):
            assert getattr(new, field) == getattr(old, field)
        assert [(line.label, line.amount) for line in new.extra_lines.all()] == [
            (line.label, line.amount) for line in old.extra_lines.all()
        ]
        assert [
            (i.definition_id, i.label, i.target, i.target_text) for i in copy.indicators.all()
        ] == [
            (i.definition_id, i.label, i.target, i.target_text) for i in original.indicators.all()
        ]
        assert not OperatorReport.objects.filter(sheet=copy).exists()
    copies = ActionSheet.objects.filter(year=2027).order_by("number")
    assert [c.budget.p104_carryover for c in copies] == [D("1500.00"), None]


def test_targets_can_be_emptied(reported):
    nextyear.create_next_programmation(
        contract=reported.contract, from_year=2026, keep_targets=False, actor=reported.people.coord
    )
    copies = ActionSheet.objects.filter(year=2027)
    indicators = [i for sheet in copies for i in sheet.indicators.all()]
    assert indicators and all(i.target is None and i.target_text == "" for i in indicators)


def test_the_checks_run_again_with_the_carry_over(reported):
    nextyear.create_next_programmation(
        contract=reported.contract, from_year=2026, keep_targets=True, actor=reported.people.coord
    )
    envelope = StoredFinding.objects.get(
        contract=reported.contract, code="envelope.unallocated", year=2027
    )
    assert envelope.figures["carryover"] == "1500.00"
    assert envelope.figures["available"] == "151500.00"


@pytest.mark.parametrize("who", ["op_a", "state", "copil", "stranger"])
def test_only_the_coordination_prepares_next_year(reported, who):
    with pytest.raises(NotAllowed):
        nextyear.create_next_programmation(
            contract=reported.contract,
            from_year=2026,
            keep_targets=True,
            actor=getattr(reported.people, who),
        )
    assert not ActionSheet.objects.filter(year=2027).exists()


def test_a_year_outside_the_contract_or_already_programmed_is_refused(reported):
    coord, contract = reported.people.coord, reported.contract
    with pytest.raises(ReportInvalid) as refused:
        nextyear.create_next_programmation(
            contract=contract, from_year=2028, keep_targets=True, actor=coord
        )
    assert str(refused.value) == (
        "L'année 2029 est hors de la période du contrat (2026-2028) : pas de programmation "
        "2029 à préparer."
    )
    nextyear.create_next_programmation(
        contract=contract, from_year=2026, keep_targets=True, actor=coord
    )
    with pytest.raises(ReportError) as refused:
        nextyear.create_next_programmation(
            contract=contract, from_year=2026, keep_targets=False, actor=coord
        )
    assert str(refused.value) == (
        "La programmation 2027 existe déjà (2 fiches) : modifiez-la plutôt que de la recréer."
    )
    assert ActionSheet.objects.filter(year=2027).count() == 2
    with pytest.raises(ReportError, match="Aucune fiche action en 2027"):
        ActionSheet.objects.filter(year=2027).delete()
        nextyear.create_next_programmation(
            contract=contract, from_year=2027, keep_targets=True, actor=coord
        )


def test_a_failed_copy_writes_nothing(reported, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr(nextyear, "refresh_findings", broken)
    with pytest.raises(RuntimeError):
        nextyear.create_next_programmation(
            contract=reported.contract,
            from_year=2026,
            keep_targets=True,
            actor=reported.people.coord,
        )
    assert not ActionSheet.objects.filter(year=2027).exists()


def test_carry_over_validated_later_is_applied_on_request(reported):
    world = reported
    coord = world.people.coord
    with pytest.raises(ReportError, match="La programmation 2027 n'existe pas encore"):
        nextyear.apply_carryover(contract=world.contract, from_year=2026, actor=coord)
    nextyear.create_next_programmation(
        contract=world.contract, from_year=2026, keep_targets=True, actor=coord
    )
    late = OperatorReport.objects.get(period=world.final, sheet=world.sheet_b)
    services.validate_report(report=late, actor=coord)
    result = nextyear.apply_carryover(contract=world.contract, from_year=2026, actor=coord)
    assert result.applied == {1: D("1500.00"), 2: D("1000.00")}
    copy = ActionSheet.objects.get(year=2027, number=2)
    assert copy.budget.p104_carryover == D("1000.00")
    with pytest.raises(NotAllowed):
        nextyear.apply_carryover(contract=world.contract, from_year=2026, actor=world.people.op_b)
