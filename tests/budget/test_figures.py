"""One budget reading (ctai.budget.figures): the same figures from a document and from a row."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ctai.budget.figures import EMPTY, from_action, from_stored, p104_spent
from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.core.money import amount_to_str

D = Decimal


def stored(**amounts):
    return {name: D(value) for name, value in amounts.items()}


def test_sheet_9_of_metz():
    money = from_stored(
        stored(
            p104_subsidy=16620,
            p104_carryover=0,
            local_contribution=4155,
            local_in_kind=5000,
            total_cost=25775,
        )
    )
    assert (money.subsidy, money.local, money.resources, money.gap) == (16620, 4155, 20775, 5000)
    assert money.available_p104 == 16620
    # In kind can never exceed the declared whole in the chart: the whole is what counts.
    assert (money.sources["local_direct"], money.sources["local_in_kind"]) == (0, 4155)
    # The in-kind 5 000 € is read but not counted: it details the local contribution.
    assert [(t.field, t.amount) for t in money.uncounted] == [("local_in_kind", 5000)]


def test_extra_lines_count_on_top_when_the_parts_make_up_other_funders():
    # Metz sheet 8: other funders 3 600 = private 3 600, then 5 000 + 6 400 of added lines.
    money = from_stored(
        stored(
            p104_subsidy=12000,
            local_contribution=3000,
            other_funders=3600,
            private=3600,
            total_cost=30000,
        ),
        [("Autofinancement", D(5000)), ("Recherche de financement en cours", D(6400))],
    )
    assert money.other == 15000
    assert money.resources == 30000 and money.gap == 0
    assert (money.sources["private"], money.sources["other"]) == (3600, 11400)
    assert money.notes  # the reading is explained in the messages


def test_added_lines_detail_declared_other_funders():
    money = from_stored(stored(other_funders=8000, total_cost=8000), [("Fondation", D(8000))])
    assert money.other == 8000 and money.resources == 8000
    declared, detail = money.other_funders_detail()
    assert declared.amount == 8000 and [t.amount for t in detail] == [8000]


def test_undetailed_other_funders_and_missing_values():
    money = from_stored(stored(other_funders=8000, fami=3000, total_cost=8000))
    assert (money.other, money.sources["fami"], money.sources["other"]) == (8000, 3000, 5000)
    assert money.subsidy is None and money.local is None and money.p104_plus_local is None
    assert from_stored(None) is EMPTY
    assert EMPTY.resources is None and EMPTY.gap is None and EMPTY.available_p104 == 0


def test_local_parts_count_when_the_whole_is_not_given():
    money = from_stored(stored(p104_subsidy=1000, local_direct=300, local_in_kind=200))
    assert money.local == 500 and money.p104_plus_local == 1500 and money.resources == 1500


def test_execution_and_unspent_never_negative():
    money = from_stored(stored(p104_subsidy=8000, p104_carryover=2120))
    assert money.execution({"p104_subsidy": D(6000)}).unspent == 4120
    assert money.execution({"p104_subsidy": D(9000), "p104_carryover": D(2000)}).unspent == 0
    assert money.execution({"total_cost": D(1)}).spent is None
    assert p104_spent({}) is None
    assert p104_spent({"p104_carryover": D(0)}) == 0


def test_an_added_line_without_amount_makes_the_document_incomplete():
    action = {"budget": {"total_cost": "100.00", "other_lines": [{"label": "CAF", "amount": "?"}]}}
    money = from_action(action)
    assert money.incomplete and money.extra[0].raw == "?"
    assert from_action({"budget": {"p104_subsidy": "12 00x"}}).incomplete


amounts = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=300, deadline=None)
@given(
    values=st.fixed_dictionaries({name: amounts for name in BUDGET_FIELDS}),
    extra=st.lists(st.tuples(st.one_of(st.none(), st.text(min_size=1, max_size=8)), amounts)),
)
def test_a_document_and_a_stored_row_give_the_same_figures(values, extra):
    """The checks read documents, the pages read rows: they must never disagree."""
    document = {
        "budget": {
            **{name: amount_to_str(value) for name, value in values.items()},
            "other_lines": [
                {"label": label, "amount": amount_to_str(amount)} for label, amount in extra
            ],
        }
    }
    labels = [(label.strip() or None) if label else None for label, _ in extra]
    row = from_stored(
        values, [(label, amount) for label, (_, amount) in zip(labels, extra, strict=True)]
    )
    read = from_action(document)
    for name in (
        "subsidy",
        "carryover",
        "available_p104",
        "local",
        "other",
        "resources",
        "total_cost",
        "gap",
        "p104_plus_local",
        "incomplete",
        "sources",
    ):
        assert getattr(read, name) == getattr(row, name), name
    assert [t.amount for t in read.terms] == [t.amount for t in row.terms]
    assert [t.amount for t in read.uncounted] == [t.amount for t in row.uncounted]
    # Exact sums: the resources are the plain sum of the counted terms, no float anywhere.
    if row.resources is not None:
        assert row.resources == sum((t.amount for t in row.terms), D(0))
        assert isinstance(row.resources, Decimal)
