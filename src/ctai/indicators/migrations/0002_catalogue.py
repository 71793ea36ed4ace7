"""Load the standard indicators of the template (idempotent: update_or_create by code)."""

from django.db import migrations

from ctai.indicators.catalogue import INDICATORS


def load(apps, schema_editor):
    definition_model = apps.get_model("indicators", "IndicatorDefinition")
    by_code = {}
    for position, item in enumerate(INDICATORS, start=1):
        by_code[item.code], _ = definition_model.objects.update_or_create(
            code=item.code,
            defaults={
                "section": item.section,
                "label": item.label,
                "unit": item.unit,
                "parent": by_code.get(item.parent),
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
