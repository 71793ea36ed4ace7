from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ctai.budget.figures import from_stored
from ctai.budget.models import Budget
from tests.factories import ActionSheetFactory, BudgetExtraLineFactory, BudgetFactory

pytestmark = pytest.mark.django_db


def test_null_means_not_filled_and_zero_is_kept_apart():
    budget = BudgetFactory(p104_carryover=None, other_funders=Decimal("0"))
    budget.refresh_from_db()
    assert budget.p104_carryover is None
    assert budget.other_funders == Decimal("0.00")
    assert from_stored(budget).resources == Decimal("10000.00")


@pytest.mark.parametrize("field", ["p104_subsidy", "local_in_kind", "fami", "total_cost"])
def test_a_negative_budget_line_is_refused_in_french(field):
    budget = BudgetFactory.build(action=ActionSheetFactory(), **{field: Decimal("-0.01")})
    with pytest.raises(ValidationError) as error:
        budget.full_clean()
    assert error.value.message_dict[field] == ["Le montant ne peut pas être négatif."]
    with pytest.raises(IntegrityError), transaction.atomic():
        budget.save()
    assert not Budget.objects.exists()


def test_a_negative_extra_line_is_refused():
    line = BudgetExtraLineFactory.build(budget=BudgetFactory(), amount=Decimal("-5"))
    with pytest.raises(ValidationError):
        line.full_clean()


def test_amounts_are_exact_decimals():
    budget = BudgetFactory(p104_subsidy=Decimal("0.10"), local_contribution=Decimal("0.20"))
    budget.refresh_from_db()
    assert budget.p104_subsidy + budget.local_contribution == Decimal("0.30")
