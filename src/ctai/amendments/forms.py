"""The amendment forms: each lists the contract's current values beside a field for the new
one (current → new), a blank field leaving the value as it is."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms

from ctai.amendments.enums import ChangeKind
from ctai.amendments.models import Amendment, AmendmentChange
from ctai.amendments.services import Target
from ctai.amendments.values import as_text, budget_label, sheet_budget
from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.contracts.models import ActionSheet, Contract
from ctai.core.forms import BootstrapForm, FrenchAmountField, FrenchAmountInput
from ctai.core.money import euros


class AmendmentForm(BootstrapForm):
    title = forms.CharField(label="Objet de l'avenant", max_length=500)
    origin = forms.CharField(
        label="Origine",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Facultatif : par exemple, la décision du comité de pilotage du 12 juin 2027.",
    )


class CommentForm(BootstrapForm):
    body = forms.CharField(label="Votre commentaire", widget=forms.Textarea(attrs={"rows": 3}))


class SignForm(BootstrapForm):
    signed_on = forms.DateField(
        label="Date de signature", widget=forms.DateInput(attrs={"type": "date"})
    )
    signatories = forms.CharField(
        label="Signataires",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Les personnes qui ont signé, avec leur qualité (le Préfet, le Maire…).",
    )
    signed_file = forms.FileField(
        label="Avenant signé (PDF)", help_text="Le PDF de l'avenant signé, 10 Mo au plus."
    )


# -- current → new -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    current: str  # as the page writes it
    stored: str  # as the amendment line keeps it
    target: Target
    amount: bool = True


def _shown(value: str, amount: bool) -> str:
    if value == "":
        return "(vide)"
    return euros(Decimal(value)) if amount else value


def _row(key: str, label: str, stored: str, target: Target, amount: bool = True) -> Row:
    return Row(key, label, _shown(stored, amount), stored, target, amount)


def envelope_rows(contract: Contract) -> list[Row]:
    amounts = {e.year: e.amount for e in contract.envelopes.all()}
    return [
        _row(
            f"annee_{year}",
            f"Enveloppe de l'État {year}",
            as_text(amounts.get(year)),
            Target(ChangeKind.ENVELOPE, year=year),
        )
        for year in contract.years
    ]


def axis_rows(contract: Contract) -> list[Row]:
    return [
        _row(
            f"axe_{axis.number}",
            f"Axe {axis.number} : {axis.title}",
            as_text(axis.declared_amount),
            Target(ChangeKind.AXIS, axis_number=axis.number),
        )
        for axis in contract.axes.all()
    ]


def budget_rows(sheet: ActionSheet) -> list[Row]:
    budget = sheet_budget(sheet)
    return [
        _row(
            name,
            budget_label(name)[:1].upper() + budget_label(name)[1:],
            as_text(getattr(budget, name) if budget else None),
            Target(ChangeKind.BUDGET, year=sheet.year, sheet_number=sheet.number, field=name),
        )
        for name in BUDGET_FIELDS
    ]


def target_rows(sheet: ActionSheet) -> list[Row]:
    return [
        _row(
            f"indicateur_{indicator.pk}",
            indicator.display_label,
            indicator.target_text,
            Target(
                ChangeKind.TARGET, year=sheet.year, sheet_number=sheet.number, indicator=indicator
            ),
            amount=False,
        )
        for indicator in sheet.indicators.select_related("definition")
    ]


def _same(line: AmendmentChange, target: Target) -> bool:
    return (
        line.kind == target.kind
        and line.year == target.year
        and line.sheet_number == target.sheet_number
        and line.axis_number == target.axis_number
        and line.field == target.field
        and line.indicator_id == (target.indicator.pk if target.indicator else None)
    )


class ChangesForm(BootstrapForm):
    """One field per value: its label says the current value; blank leaves it unchanged."""

    def __init__(self, data=None, *, rows: list[Row], amendment: Amendment):
        super().__init__(data)
        self.rows = rows
        lines = list(amendment.changes.all())
        self.drafted: dict[str, AmendmentChange] = {}
        for row in rows:
            drafted = next((line for line in lines if _same(line, row.target)), None)
            if drafted is not None:
                self.drafted[row.key] = drafted
            field_class = FrenchAmountField if row.amount else forms.CharField
            self.fields[row.key] = field_class(
                label=f"{row.label} — actuellement : {row.current}",
                required=False,
                help_text="Laissez vide pour ne pas modifier cette valeur.",
                widget=(FrenchAmountInput if row.amount else forms.TextInput)(
                    attrs={"class": "form-control", "autocomplete": "off"}
                ),
            )
            if drafted is not None:
                after = drafted.after
                self.initial[row.key] = Decimal(after) if row.amount and after else after

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(row.key) not in (None, "") for row in self.rows):
            raise forms.ValidationError(
                "Saisissez au moins une nouvelle valeur (les champs laissés vides ne changent "
                "rien)."
            )
        return cleaned

    def wanted(self) -> list[tuple[Row, str]]:
        """The rows given a value, as the amendment line keeps it."""
        found = []
        for row in self.rows:
            value = self.cleaned_data.get(row.key)
            if value in (None, ""):
                continue
            found.append((row, as_text(value) if row.amount else value.strip()))
        return found


def sheet_choices(contract: Contract) -> list[tuple[str, str]]:
    return [
        (f"{s.year}-{s.number}", f"Fiche n° {s.number} ({s.year}) : {s.title}")
        for s in contract.actions.order_by("year", "number")
    ]


class SheetChoiceForm(BootstrapForm):
    fiche = forms.ChoiceField(label="Fiche action")

    def __init__(self, data=None, *, contract: Contract, label: str = "Fiche action"):
        super().__init__(data)
        self.fields["fiche"].choices = [("", "— choisir une fiche —"), *sheet_choices(contract)]
        self.fields["fiche"].label = label

    def chosen(self) -> tuple[int, int]:
        year, number = self.cleaned_data["fiche"].split("-")
        return int(year), int(number)


class SheetAddForm(BootstrapForm):
    year = forms.TypedChoiceField(label="Année de programmation", coerce=int)
    number = forms.IntegerField(label="Numéro de la fiche", min_value=1, max_value=999)
    axis = forms.TypedChoiceField(label="Axe", coerce=int)
    title = forms.CharField(label="Intitulé de l'action", max_length=500)
    operator = forms.CharField(label="Porteur", max_length=255, required=False)
    p104_subsidy = FrenchAmountField(label="Subvention P104 demandée", required=False)

    def __init__(self, data=None, *, contract: Contract):
        super().__init__(data)
        self.fields["year"].choices = [(y, str(y)) for y in contract.years]
        self.fields["axis"].choices = [
            (a.number, f"Axe {a.number} : {a.title}") for a in contract.axes.all()
        ]
