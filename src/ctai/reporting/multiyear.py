"""The multi-year view (vue pluriannuelle): the programme years side by side.

The only place where figures of several programme years are added together, and the page
says so. Each year's figures come from the same functions as that year's dashboard
(``ctai.budget.figures.state_money``, ``ctai.reporting.carryover``). Four queries whatever
the number of years and sheets.
"""

from dataclasses import dataclass
from decimal import Decimal

from ctai.budget.figures import YearFigures, state_money
from ctai.contracts.models import Contract
from ctai.core.money import total
from ctai.reporting.carryover import ContractCarryover, carryover_by_year, p104_figures


@dataclass(frozen=True)
class YearColumn:
    money: YearFigures
    carryover: ContractCarryover  # sheets of the year with their validated final report

    @property
    def year(self) -> int:
        return self.money.year

    @property
    def sheets(self) -> int:
        return len(self.carryover.sheets)

    @property
    def validated_reports(self) -> int:
        return len(self.carryover.sheets) - len(self.carryover.pending)

    @property
    def p104_spent(self) -> Decimal:
        """P104 spent according to the validated final reports of the year."""
        return total(s.spent for s in self.carryover.sheets)

    @property
    def carried_over(self) -> Decimal:
        """Unspent P104 of the year's validated final reports (reliquats for the next year)."""
        return self.carryover.total


@dataclass(frozen=True)
class MultiYear:
    contract: Contract
    columns: list[YearColumn]

    def sum_of(self, name: str) -> Decimal:
        return total(_value(column, name) for column in self.columns)

    @property
    def totals(self) -> dict[str, Decimal]:
        """The period's totals: years added together (and labelled so on the page)."""
        names = ["envelope", "p104", "carryover", "p104_spent", "carried_over"]
        return {name: self.sum_of(name) for name in names}


def _value(column: YearColumn, name: str):
    return getattr(column.money, name) if hasattr(column.money, name) else getattr(column, name)


def multiyear(*, contract: Contract) -> MultiYear:
    envelopes = dict(contract.envelopes.values_list("year", "amount"))
    by_year = carryover_by_year(contract=contract)
    columns = []
    for year, carryover in by_year.items():
        money = [p104_figures(row.sheet) for row in carryover.sheets]
        columns.append(YearColumn(state_money(year, envelopes.get(year), money), carryover))
    return MultiYear(contract, columns)
