from django.apps import AppConfig


def definition_contracts(definition) -> list[int]:
    """A catalogue indicator's label is shown on the pages of every contract with a sheet
    that measures it (the catalogue is edited in the administration)."""
    from ctai.indicators.models import ActionIndicator

    found = ActionIndicator._base_manager.filter(definition=definition.pk).order_by()
    return list(found.values_list("action__contract_id", flat=True).distinct())


class IndicatorsConfig(AppConfig):
    name = "ctai.indicators"
    verbose_name = "Indicateurs"

    def ready(self) -> None:
        from ctai.audit import stamps

        stamps.register("indicators.IndicatorDefinition", definition_contracts)
