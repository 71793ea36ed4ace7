"""Load the official themes and partners lists (idempotent: update_or_create by code)."""

from django.db import migrations

from ctai.contracts.catalogues import PARTNERS, THEMES


def load(apps, schema_editor):
    for model_name, rows in (("Theme", THEMES), ("Partner", PARTNERS)):
        model = apps.get_model("contracts", model_name)
        for position, (code, label) in enumerate(rows, start=1):
            model.objects.update_or_create(
                code=code, defaults={"label": label, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
