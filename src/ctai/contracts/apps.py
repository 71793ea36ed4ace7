from django.apps import AppConfig
from django.db.models import Q


def organisation_contracts(organisation) -> list[int]:
    """An organisation's name is shown on every page of the contracts it coordinates or
    carries a sheet of."""
    from ctai.contracts.models import Contract

    carried = Q(coordinator=organisation.pk) | Q(actions__operator=organisation.pk)
    found = Contract._base_manager.filter(carried).order_by().values_list("pk", flat=True)
    return list(found.distinct())


class ContractsConfig(AppConfig):
    name = "ctai.contracts"
    verbose_name = "Contrats"

    def ready(self) -> None:
        from ctai.audit import stamps

        stamps.register("contracts.Organisation", organisation_contracts)
