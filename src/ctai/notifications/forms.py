from django import forms

from ctai.core.forms import BootstrapForm
from ctai.notifications.enums import MANDATORY, Delivery
from ctai.notifications.services import preferences


class PreferencesForm(BootstrapForm):
    """One choice per kind of notification; mandatory kinds are shown, not offered."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = preferences(user)
        for row in self.rows:
            if row["mandatory"]:
                continue
            self.fields[row["kind"]] = forms.ChoiceField(
                label=row["label"],
                choices=Delivery.choices,
                initial=row["delivery"],
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if k not in MANDATORY}

    def bound_rows(self) -> list[dict]:
        return [
            {**row, "field": None if row["mandatory"] else self[row["kind"]]} for row in self.rows
        ]
