"""Building the POST data of the admin's action-sheet change form, as a browser would send it."""

from django.urls import reverse


def sheet_change_url(sheet) -> str:
    return reverse("admin:contracts_actionsheet_change", args=[sheet.pk])


def sheet_post_data(client, sheet, **budget: str) -> dict:
    form = client.get(sheet_change_url(sheet)).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "contract": sheet.contract_id,
            "axis": sheet.axis_id,
            "operator": sheet.operator_id,
            "themes": [t.pk for t in sheet.themes.all()],
            "budget-TOTAL_FORMS": 1,
            "budget-INITIAL_FORMS": 1,
            "budget-0-id": sheet.budget.pk,
            "budget-0-action": sheet.pk,
            "indicators-TOTAL_FORMS": 0,
            "indicators-INITIAL_FORMS": 0,
        }
    )
    for name in ("p104_subsidy", "local_contribution", "total_cost"):
        value = getattr(sheet.budget, name)
        data[f"budget-0-{name}"] = "" if value is None else str(value)
    data.update({f"budget-0-{name}": value for name, value in budget.items()})
    return data
