"""The consistency rules, one module per family. Each rule is ``(contract) -> Iterable[Finding]``
where ``contract`` is the ``"contract"`` part of a ctai/1 document."""

from ctai.checks.rules import actions, axes, budget, contract, envelope, indicators
from ctai.checks.rules.common import Rule

RULES: list[Rule] = [
    *contract.RULES,
    *actions.RULES,
    *envelope.RULES,
    *axes.RULES,
    *budget.RULES,
    *indicators.RULES,
]

__all__ = ["RULES", "Rule"]
