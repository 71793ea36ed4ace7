"""Forms of the coordinator's pages: programmation filters and sheet editing, section by section.

Each section form knows the one service that writes it (``save``), so a view only validates and
calls it. A section form carries the sheet's version and a signed snapshot of the values it
showed: the service compares them to refuse a conflicting edit (optimistic locking).
"""

from django import forms
from django.core import signing

from ctai.budget.models import LABELS as BUDGET_LABELS
from ctai.checks.enums import Severity
from ctai.contracts.catalogues import BUDGET_LINES, THEMES
from ctai.contracts.enums import OperatorKind, SelectionMode
from ctai.contracts.models import ActionSheet, Organisation, Partner, Theme
from ctai.core.forms import BootstrapForm, FrenchAmountField
from ctai.indicators.catalogue import SECTION_LABELS, SECTIONS
from ctai.indicators.models import IndicatorDefinition
from ctai.programmation import services
from ctai.programmation.selectors import SORTS, Overview, ProgrammationFilters, operators

SNAPSHOT_SALT = "ctai.contracts.sheet-edit"
NOT_FILLED = [("", "Non renseigné")]


class ProgrammationFilterForm(BootstrapForm):
    """The programmation's filters (a GET form); an invalid value is ignored and reported."""

    annee = forms.TypedChoiceField(
        label="Année de programmation", required=False, coerce=int, empty_value=None
    )
    axis = forms.TypedChoiceField(label="Axe", required=False, coerce=int, empty_value=None)
    theme = forms.ChoiceField(label="Thématique", required=False)
    operator = forms.TypedChoiceField(label="Porteur", required=False, coerce=int, empty_value=None)
    severity = forms.ChoiceField(
        label="Constats",
        required=False,
        choices=[
            ("", "Toutes les fiches"),
            (Severity.ERREUR, "Au moins une erreur"),
            (Severity.ALERTE, "Au moins une alerte ou une erreur"),
            (Severity.INFO, "Au moins un constat"),
        ],
    )
    sort = forms.ChoiceField(label="Trier par", required=False, choices=SORTS)

    def __init__(self, data, *, overview: Overview):
        if data is not None and not data.get("annee"):
            data = data.copy()
            data["annee"] = str(overview.year)
        super().__init__(data, initial={"annee": overview.year})
        # The year is read by the view (``get_year``): the field only switches years.
        self.fields["annee"].choices = [(y, str(y)) for y in overview.years]
        self.fields["axis"].choices = [("", "Tous")] + [
            (axis.number, f"Axe {axis.number} : {axis.title}") for axis in overview.axes
        ]
        self.fields["theme"].choices = [("", "Toutes"), *THEMES]
        self.fields["operator"].choices = [("", "Tous"), *operators(overview)]

    def filters(self) -> ProgrammationFilters:
        if not self.is_valid():
            return ProgrammationFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in ("", None) and k != "annee"}
        return ProgrammationFilters(**data)


# -- editing a sheet ----------------------------------------------------------------------


def reason_field() -> forms.CharField:
    """Why a budget line or a target changes: required once the year's programmation or the
    sheet's final report is validated (ctai.programmation.guards), kept in the history."""
    return forms.CharField(
        label="Motif de la modification",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Exigé après validation de la programmation de l'année ou du bilan final de "
        "la fiche ; conservé dans l'historique.",
    )


class SectionForm(BootstrapForm):
    """One section of the sheet, with the version and snapshot of what it showed."""

    section = ""
    heading = ""
    version = forms.IntegerField(widget=forms.HiddenInput)
    snapshot = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, action: ActionSheet):
        self.action = action
        initial = self.initial_values(action)
        initial["version"] = action.version
        initial["snapshot"] = signing.dumps(
            services.section_values(action, self.section), salt=SNAPSHOT_SALT
        )
        super().__init__(data, initial=initial)

    def initial_values(self, action: ActionSheet) -> dict:
        names = services.SECTION_FIELDS[self.section]
        return {name: getattr(action, name) for name in names if name in self.base_fields}

    def clean_snapshot(self) -> dict:
        try:
            return signing.loads(self.cleaned_data["snapshot"], salt=SNAPSHOT_SALT)
        except signing.BadSignature:
            return {}  # every stored value then counts as changed: safe, never a lost update

    def lock(self) -> dict:
        return {
            "action": self.action,
            "expected_version": self.cleaned_data["version"],
            "original": self.cleaned_data["snapshot"],
        }

    def refresh_after_conflict(self, conflict: services.EditConflict) -> None:
        """Keep what the user typed; the next submit, knowingly, replaces the stored values."""
        self.action.refresh_from_db()
        data = self.data.copy()
        data["version"] = conflict.version
        data["snapshot"] = signing.dumps(
            services.section_values(self.action, self.section), salt=SNAPSHOT_SALT
        )
        self.data = data

    def save(self) -> services.SaveResult:
        raise NotImplementedError


class IdentificationForm(SectionForm):
    section, heading = "identification", "Identification de l'action"
    title = forms.CharField(label="Intitulé de l'action", max_length=500)
    axis = forms.ModelChoiceField(
        label="Axe écrit sur la fiche", queryset=None, required=False, empty_label="Aucun"
    )
    axis_label = forms.CharField(label="Libellé de l'axe, tel qu'écrit", required=False)

    def __init__(self, data=None, *, action: ActionSheet):
        super().__init__(data, action=action)
        self.fields["axis"].queryset = action.contract.axes.all()

    def save(self) -> services.SaveResult:
        data = self.cleaned_data
        return services.action_sheet_update_identification(
            **self.lock(),
            title=data["title"],
            axis=data["axis"],
            axis_label=data["axis_label"],
        )


class DescriptionForm(SectionForm):
    section, heading = "description", "Description de l'action"
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 12})
    )

    def save(self) -> services.SaveResult:
        return services.action_sheet_update_description(
            **self.lock(), description=self.cleaned_data["description"]
        )


class ThemesForm(SectionForm):
    section, heading = "thematiques", "Thématiques"
    themes = forms.ModelMultipleChoiceField(
        label="Thématiques de l'action",
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def initial_values(self, action: ActionSheet) -> dict:
        return {"themes": list(action.themes.all())}

    def save(self) -> services.SaveResult:
        return services.action_sheet_update_themes(
            **self.lock(), themes=list(self.cleaned_data["themes"])
        )


class CalendarForm(SectionForm):
    section, heading = "calendrier", "Calendrier et territoire"
    calendar = forms.CharField(
        label="Calendrier prévisionnel", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    territory = forms.CharField(
        label="Territoire de déploiement", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def save(self) -> services.SaveResult:
        return services.action_sheet_update_calendar(**self.lock(), **self._data())

    def _data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("calendar", "territory")}


class OperatorForm(SectionForm):
    section, heading = "porteur", "Porteur de l'action et modalités de sélection"
    operator = forms.ModelChoiceField(
        label="Porteur", queryset=Organisation.objects.none(), required=False, empty_label="Aucun"
    )
    new_operator_name = forms.CharField(
        label="Ou nouveau porteur",
        required=False,
        max_length=255,
        help_text="Nom d'une organisation absente de la liste ; elle sera créée.",
    )
    operator_kind = forms.ChoiceField(
        label="Portage de l'action",
        choices=NOT_FILLED + OperatorKind.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    operator_kind_detail = forms.CharField(label="Portage : précisez", required=False)
    selection_mode = forms.ChoiceField(
        label="Modalités de sélection du porteur",
        choices=NOT_FILLED + SelectionMode.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    selection_detail = forms.CharField(
        label="Sélection : précisez",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data=None, *, action: ActionSheet):
        super().__init__(data, action=action)
        self.fields["operator"].queryset = Organisation.objects.of_contract(action.contract)

    def clean(self):
        data = super().clean()
        if data.get("operator") and data.get("new_operator_name"):
            self.add_error(
                "new_operator_name",
                "Choisissez un porteur dans la liste ou saisissez-en un nouveau, pas les deux.",
            )
        return data

    def save(self) -> services.SaveResult:
        data = self.cleaned_data
        names = [name for name in services.SECTION_FIELDS["porteur"] if name != "operator"]
        return services.action_sheet_update_operator(
            **self.lock(),
            operator=data["operator"],
            new_operator_name=data["new_operator_name"],
            **{name: data[name] for name in names},
        )


class PartnersForm(SectionForm):
    section, heading = "partenaires", "Partenaires mobilisés"
    partners = forms.ModelMultipleChoiceField(
        label="Partenaires mobilisés",
        queryset=Partner.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners_other = forms.CharField(
        label="Autres partenaires (précisez)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    refugies_info_url = forms.URLField(
        label="Adresse de l'action sur Réfugiés.info", required=False, assume_scheme="https"
    )

    def initial_values(self, action: ActionSheet) -> dict:
        values = super().initial_values(action)
        values["partners"] = list(action.partners.all())
        return values

    def save(self) -> services.SaveResult:
        data = self.cleaned_data
        return services.action_sheet_update_partners(
            **self.lock(),
            partners=list(data["partners"]),
            partners_other=data["partners_other"],
            refugies_info_url=data["refugies_info_url"],
        )


class BudgetForm(SectionForm):
    motif = reason_field()
    section, heading = "budget", "Budget prévisionnel"
    unit_cost_text = forms.CharField(
        label="Coût unitaire, tel qu'écrit", required=False, max_length=500
    )
    comment = forms.CharField(
        label="Commentaires", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, data=None, *, action: ActionSheet):
        amounts = {
            name: FrenchAmountField(label=label, required=False, help_text="")
            for name, label, _ in BUDGET_LINES
        }
        self.base_fields = {**amounts, **type(self).base_fields}
        super().__init__(data, action=action)
        for name in amounts:
            self.fields[name].widget.attrs["class"] += " ctai-amount"

    def amount_rows(self) -> list[tuple[forms.BoundField, bool]]:
        """Each amount field, and whether it is a "dont" part of the line above."""
        return [(self[name], parent is not None) for name, _, parent in BUDGET_LINES]

    def initial_values(self, action: ActionSheet) -> dict:
        budget = services.sheet_budget(action)
        names = [name for name, _, _ in BUDGET_LINES] + ["unit_cost_text", "comment"]
        return {name: getattr(budget, name) for name in names} if budget else {}

    def save(self) -> services.SaveResult:
        data = self.cleaned_data
        return services.budget_update(
            **self.lock(),
            amounts={name: data[name] for name in BUDGET_LABELS},
            unit_cost_text=data["unit_cost_text"],
            comment=data["comment"],
            reason=data.get("motif"),
        )


class IndicatorTargetsForm(SectionForm):
    motif = reason_field()
    section, heading = "indicateurs", "Indicateurs : valeurs cibles"

    def __init__(self, data=None, *, action: ActionSheet):
        self.indicators = list(action.indicators.select_related("definition"))
        self.base_fields = {
            f"target_{indicator.pk}": forms.CharField(
                label=indicator.display_label,
                required=False,
                max_length=500,
                help_text=SECTION_LABELS.get(indicator.section, ""),
            )
            for indicator in self.indicators
        } | dict(type(self).base_fields)
        super().__init__(data, action=action)

    def initial_values(self, action: ActionSheet) -> dict:
        return {f"target_{i.pk}": i.target_text for i in self.indicators}

    def save(self) -> services.SaveResult:
        targets = {i.pk: self.cleaned_data[f"target_{i.pk}"] for i in self.indicators}
        return services.indicator_targets_update(
            **self.lock(), targets=targets, reason=self.cleaned_data.get("motif")
        )


SECTION_FORMS: dict[str, type[SectionForm]] = {
    form.section: form
    for form in (
        IdentificationForm,
        DescriptionForm,
        ThemesForm,
        CalendarForm,
        OperatorForm,
        PartnersForm,
        BudgetForm,
        IndicatorTargetsForm,
    )
}


def definition_choices() -> list:
    grouped: dict[str, list] = {code: [] for code, _ in SECTIONS}
    for definition in IndicatorDefinition.objects.all():
        grouped.setdefault(definition.section, []).append((definition.pk, definition.label))
    return [("", "Aucun : indicateur propre à l'action (libellé ci-dessous)")] + [
        (SECTION_LABELS.get(code, code), items) for code, items in grouped.items() if items
    ]


class IndicatorAddForm(BootstrapForm):
    motif = reason_field()
    definition = forms.TypedChoiceField(
        label="Indicateur du catalogue", required=False, coerce=int, empty_value=None
    )
    label = forms.CharField(
        label="Ou libellé d'un indicateur propre à l'action", required=False, max_length=1000
    )
    section = forms.ChoiceField(
        label="Section (indicateur propre)",
        choices=SECTIONS,
        initial="autres",
        help_text="Un indicateur du catalogue garde sa propre section.",
    )
    target_text = forms.CharField(
        label="Objectif / valeur cible, tel qu'écrit",
        required=False,
        max_length=500,
        help_text="Par exemple « 15 », « 80 % », « 9 mois » ou « 15 en moyenne ».",
    )

    def __init__(self, *args, action: ActionSheet, **kwargs):
        self.action = action
        super().__init__(*args, **kwargs)
        self.fields["definition"].choices = definition_choices()

    def clean(self):
        data = super().clean()
        code = data.get("definition")
        if code is not None:
            data["definition"] = IndicatorDefinition.objects.filter(pk=code).first()
        if data.get("definition") and data.get("label"):
            self.add_error(
                "label", "Choisissez un indicateur du catalogue ou un libellé, pas les deux."
            )
        elif not data.get("definition") and not data.get("label"):
            self.add_error(
                "label", "Choisissez un indicateur du catalogue ou saisissez un libellé."
            )
        return data

    def save(self) -> services.SaveResult:
        data = self.cleaned_data
        return services.indicator_add(
            action=self.action,
            definition=data["definition"],
            label=data["label"],
            section=data["section"],
            target_text=data["target_text"],
            reason=data.get("motif"),
        )


class ExtraLineForm(BootstrapForm):
    motif = reason_field()
    label = forms.CharField(
        label="Libellé de la ligne",
        max_length=500,
        help_text="Par exemple « Autofinancement » ou « Recherche de financement en cours ».",
    )
    amount = FrenchAmountField(label="Montant")

    def __init__(self, *args, action: ActionSheet, **kwargs):
        self.action = action
        super().__init__(*args, **kwargs)

    def save(self) -> services.SaveResult:
        return services.budget_extra_line_add(
            action=self.action,
            label=self.cleaned_data["label"],
            amount=self.cleaned_data["amount"],
            reason=self.cleaned_data.get("motif"),
        )


class ProgrammationValidationForm(BootstrapForm):
    """The year to validate; with open errors, an explicit confirmation and a reason."""

    annee = forms.TypedChoiceField(label="Année", coerce=int)
    confirmer = forms.BooleanField(
        label="Valider malgré les erreurs de cohérence ouvertes", required=False
    )
    motif = forms.CharField(
        label="Motif",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Exigé pour valider une année qui compte des erreurs ; conservé dans "
        "l'historique.",
    )

    def __init__(self, *args, envelopes, errors: dict[int, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [
            (envelope.year, str(envelope.year))
            for envelope in envelopes
            if envelope.programmation_validated_at is None
        ]
        # year -> number of erreur findings, for the years that can still be validated
        self.open_errors = {
            year: count
            for year, count in (errors or {}).items()
            if count and any(year == choice for choice, _ in self.fields["annee"].choices)
        }
