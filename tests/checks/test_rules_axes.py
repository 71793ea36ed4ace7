from ctai.checks.enums import Severity
from ctai.checks.rules.axes import check_axis_mismatch, check_declared_amount

from .builders import make_action, make_budget, make_contract

AXES = [
    {"number": 1, "title": "Pilotage", "declared_amount": "10000.00", "actions": [1]},
    {
        "number": 2,
        "title": "Logement et intégration",
        "declared_amount": "10000.00",
        "actions": [2],
    },
]


def sheets(**second) -> list[dict]:
    fields = {"axis": 2, "axis_label": "Logement et intégration", **second}
    return [make_action(1), make_action(2, **fields)]


def test_declared_amounts_matching_p104_plus_local_are_fine():
    doc = make_contract(sheets(), axes=AXES)
    assert list(check_declared_amount(doc["contract"])) == []


def test_declared_amount_differs():
    axes = [AXES[0], {**AXES[1], "declared_amount": "12000.00"}]
    doc = make_contract(sheets(), axes=axes, sources={"axes.2.declared_amount": 140})
    [finding] = check_declared_amount(doc["contract"])
    assert (finding.code, finding.severity) == ("axis.declared_amount", Severity.ALERTE)
    assert finding.figures["difference"] == "2000.00"
    assert "subvention P104 + contribution de la collectivité" in finding.message
    assert "L'axe 2 « Logement et intégration »" in finding.message
    assert finding.lines == (140,)


def test_other_conventions_match_without_finding():
    budget = make_budget(other_funders=5000, private=5000, total_cost=15000)
    for declared in ("8000.00", "15000.00"):  # P104 only, total cost
        axes = [AXES[0], {**AXES[1], "declared_amount": declared}]
        doc = make_contract(sheets(budget=budget), axes=axes)
        assert list(check_declared_amount(doc["contract"])) == [], declared


def test_falls_back_on_the_axis_written_on_sheets():
    axes = [{**a, "actions": []} for a in AXES]
    assert list(check_declared_amount(make_contract(sheets(), axes=axes)["contract"])) == []
    axes[1]["declared_amount"] = "9000.00"
    assert len(list(check_declared_amount(make_contract(sheets(), axes=axes)["contract"]))) == 1


def test_missing_figures_say_nothing():
    budget = make_budget(p104_subsidy=None, local_contribution=None)
    doc = make_contract(sheets(budget=budget), axes=AXES)
    assert list(check_declared_amount(doc["contract"])) == []
    axes = [AXES[0], {**AXES[1], "declared_amount": None}]
    assert list(check_declared_amount(make_contract(sheets(), axes=axes)["contract"])) == []


def test_consistent_axes_have_no_mismatch():
    assert list(check_axis_mismatch(make_contract(sheets(), axes=AXES)["contract"])) == []


def test_axis_written_on_sheet_differs_from_listing():
    # Metz sheet 9: "Axe 2 : Logement et intégration" but listed under axis 3
    actions = sheets(axis=1, axis_label="Logement et intégration", sources={"axis": 3658})
    [finding] = check_axis_mismatch(make_contract(actions, axes=AXES)["contract"])
    assert (finding.code, finding.severity, finding.action) == ("axis.mismatch", Severity.ERREUR, 2)
    assert "seul le numéro est erroné" in finding.message
    assert finding.lines == (3658,)


def test_sheet_under_no_axis_and_listed_sheet_missing():
    axes = [{**AXES[0], "actions": [1, 7]}, {**AXES[1], "actions": []}]
    found = list(check_axis_mismatch(make_contract(sheets(), axes=axes)["contract"]))
    assert [(f.code, f.severity, f.action) for f in found] == [
        ("axis.unknown_action", Severity.ALERTE, 2),
        ("axis.unknown_action", Severity.ALERTE, None),
    ]
    assert "n° 7" in found[1].message


def test_sheet_listed_twice_or_naming_an_unknown_axis():
    axes = [{**AXES[0], "actions": [1, 2]}, AXES[1]]
    [finding] = check_axis_mismatch(make_contract(sheets(), axes=axes)["contract"])
    assert "axes 1 et 2" in finding.message
    axes = [{**a, "actions": []} for a in AXES]
    [finding] = check_axis_mismatch(make_contract(sheets(axis=5), axes=axes)["contract"])
    assert "l'axe 5, qui n'existe pas" in finding.message


def test_no_axes_or_no_written_axis_say_nothing():
    assert list(check_axis_mismatch(make_contract(sheets(), axes=[])["contract"])) == []
    assert list(check_axis_mismatch(make_contract(sheets(axis=None), axes=AXES)["contract"])) == []


def test_article_1_list_holds_for_every_programme_year():
    """A later year's copy of a sheet keeps its axis: the rule runs on each year."""
    actions = [*sheets(), make_action(1, year=2027, axis=2), make_action(2, year=2027, axis=2)]
    doc = make_contract(actions, axes=AXES)
    [finding] = check_axis_mismatch(doc["contract"])
    assert (finding.code, finding.action, finding.year) == ("axis.mismatch", 1, 2027)
    assert finding.to_dict()["year"] == 2027


def test_same_mistake_in_two_years_gives_one_finding_per_year():
    wrong = {"axis": 1, "axis_label": "Pilotage"}
    actions = [*sheets(**wrong), make_action(1, year=2027), make_action(2, year=2027, **wrong)]
    found = list(check_axis_mismatch(make_contract(actions, axes=AXES)["contract"]))
    assert [(f.code, f.action, f.year) for f in found] == [
        ("axis.mismatch", 2, 2026),
        ("axis.mismatch", 2, 2027),
    ]


def test_a_listed_sheet_missing_from_a_year_is_reported_for_that_year():
    actions = [*sheets(), make_action(1, year=2027)]
    [finding] = check_axis_mismatch(make_contract(actions, axes=AXES)["contract"])
    assert (finding.code, finding.action, finding.year) == ("axis.unknown_action", None, 2027)
    assert "absente en 2027" in finding.message


def test_declared_amounts_describe_the_annexed_programmation_only():
    """Axis amounts of article 1 describe the first programme year: later years add nothing."""
    actions = [*sheets(), make_action(1, year=2027), make_action(2, year=2027, axis=2)]
    doc = make_contract(actions, axes=AXES)
    assert list(check_declared_amount(doc["contract"])) == []
    axes = [AXES[0], {**AXES[1], "declared_amount": "12000.00"}]
    [finding] = check_declared_amount(make_contract(actions, axes=axes)["contract"])
    assert finding.year == 2026
    assert "programmation 2026 annexée au contrat" in finding.message
