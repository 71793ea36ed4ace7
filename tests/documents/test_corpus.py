"""Six territories the reader never saw, each written its own way (``corpus.territories``),
as text, Word, OpenDocument and PDF: every amount, envelope, axis amount and sampled target
is read exactly, none invented, and the planted inconsistencies are found with their
figures. Each document also imports into a fresh database."""

from decimal import Decimal

import pytest

from ctai.checks.engine import run_checks
from ctai.documents.reader import read_document
from ctai.documents.services import document_import
from tests.documents.corpus.territories import TERRITORIES, text
from tests.documents.corpus.writers import WRITERS

FORMATS = ["txt", "docx", "odt", "pdf"]
CASES = [(t.seed, kind) for t in TERRITORIES for kind in FORMATS]


def amount(value: Decimal) -> str:
    return f"{value:.2f}"


@pytest.fixture(scope="module")
def documents() -> dict[tuple[int, str], dict]:
    read = {}
    for territory in TERRITORIES:
        source = text(territory)
        read[(territory.seed, "txt")] = read_document(source.encode("utf-8"))
        for kind, write in WRITERS.items():
            read[(territory.seed, kind)] = read_document(write(source))
    return read


def test_the_corpus_varies_what_the_issue_lists():
    sheets = [sheet for territory in TERRITORIES for sheet in territory.sheets]
    assert {s.budget_layout for s in sheets} == {
        "template",
        "markdown",
        "cofunders",
        "two_columns",
        "horizontal",
    }
    assert len({s.heading for s in sheets}) == 3
    assert len({s.axis_line for s in sheets}) == 3
    copied = {s.budget_layout for s in sheets if s.one_cell_per_line}
    assert copied == {"template", "cofunders", "horizontal"}
    assert len({t.envelope_title for t in TERRITORIES}) == 3
    # Article 3 as prose, and as a table copied one cell per line (a row or a column a year).
    assert {t.envelope_layout for t in TERRITORIES} == {"prose", "down", "across"}
    assert len({t.spelling for t in TERRITORIES}) == 5


@pytest.mark.parametrize(("seed", "kind"), CASES)
def test_every_value_is_the_truth(documents, seed, kind, valid_document):
    territory = TERRITORIES[seed]
    document = documents[(seed, kind)]
    valid_document(document)
    contract = document["contract"]
    assert contract["territory"] == territory.name
    assert contract["coordinator"] == territory.coordinator
    assert contract["state_envelopes"] == [
        {"year": year, "amount": amount(value)}
        for year, value in sorted(territory.envelopes.items())
    ]
    assert contract["axes"] == [
        {
            "number": axis,
            "title": title,
            "declared_amount": amount(territory.axis_amount(axis)),
            "actions": [s.number for s in territory.sheets if s.axis == axis],
            "operators": {},  # the corpus's article 1 names no operator after its sheets
        }
        for axis, title in territory.axes.items()
    ]
    actions = contract["actions"]
    assert [a["number"] for a in actions] == [s.number for s in territory.sheets]
    for action, sheet in zip(actions, territory.sheets, strict=True):
        budget = action["budget"]
        assert action["year"] == territory.first_year
        assert action["axis"] == sheet.axis, (sheet.number, sheet.axis_line)
        assert action["operator"] == "Association Horizons"
        assert budget["p104_subsidy"] == amount(sheet.p104), sheet.budget_layout
        assert budget["local_contribution"] == amount(sheet.local), sheet.budget_layout
        assert budget["total_cost"] == amount(sheet.total), sheet.budget_layout
        others = [(line["label"], line["amount"]) for line in budget["other_lines"]]
        if sheet.budget_layout == "cofunders":
            assert others == [(label, amount(value)) for label, value in sheet.cofunders]
        else:
            assert others == []
            expected = amount(sheet.others) if sheet.others else None
            assert budget["other_funders"] == expected, sheet.budget_layout
        targets = {row["code"]: row["target"] for row in action["indicators"]}
        assert targets == {
            "ben_total": amount(Decimal(sheet.beneficiaries)),
            "ben_women": amount(Decimal(sheet.women)),
        }
    # Nothing was left unplaced: a review item here would be a value the reader lost.
    assert contract["review"] == []


@pytest.mark.parametrize(("seed", "kind"), CASES)
def test_planted_inconsistencies_are_found_with_their_figures(documents, seed, kind):
    territory = TERRITORIES[seed]
    findings = run_checks(documents[(seed, kind)])
    errors = {f.code: f for f in findings if str(f.severity) == "erreur"}
    assert set(errors) == territory.planted
    if "envelope.exceeded" in errors:
        assert errors["envelope.exceeded"].figures["difference"] == "7000.00"
        assert "dépassement de 7 000" in errors["envelope.exceeded"].message.replace("\u202f", " ")
    else:
        assert not any(f.code == "envelope.exceeded" for f in findings)
    if "budget.resources_total" in errors:
        found = errors["budget.resources_total"]
        assert (found.action, found.figures["difference"]) == (
            territory.sheets[0].number,
            "1500.00",
        )


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [t.seed for t in TERRITORIES])
def test_imports_into_a_fresh_database(documents, seed):
    territory = TERRITORIES[seed]
    report = document_import(document=documents[(seed, "docx")], filename="c.docx", content=b"")
    contract = report.contract
    assert report.created
    assert contract.coordinator.name == territory.coordinator
    assert contract.actions.count() == len(territory.sheets)
    assert not contract.review_items.exists()
