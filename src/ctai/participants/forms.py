"""Forms of the register: a person, a result, an exit, an attendance sheet and its columns."""

import datetime

from django import forms

from ctai.core.forms import BootstrapForm
from ctai.participants.enums import CefrLevel, ExitKind, ProtectionStatus, ResultKind, Sex
from ctai.participants.imports import FIELDS, THEME_LENGTH
from ctai.participants.services import Identity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LEVELS = [("", "—"), *CefrLevel.choices]


class ParticipantForm(BootstrapForm):
    family_name = forms.CharField(label="Nom de famille", max_length=150)
    first_names = forms.CharField(label="Prénoms", max_length=150)
    birth_date = forms.DateField(label="Date de naissance", widget=DATE)
    sex = forms.ChoiceField(label="Sexe", choices=Sex.choices)
    status = forms.ChoiceField(label="Statut", choices=ProtectionStatus.choices)
    status_year = forms.IntegerField(
        label="Année d'obtention du statut",
        min_value=1950,
        max_value=2100,
        help_text="Pour un primo-arrivant : l'année du premier titre de séjour.",
    )
    arrival_year = forms.IntegerField(
        label="Année d'arrivée en France", min_value=1950, max_value=2100
    )
    french_level = forms.TypedChoiceField(
        label="Niveau de français à l'entrée",
        choices=LEVELS,
        coerce=int,
        empty_value=None,
        required=False,
    )
    third_country_national = forms.TypedChoiceField(
        label="Ressortissant d'un pays hors Union européenne",
        choices=[("oui", "Oui"), ("non", "Non")],
        coerce=lambda v: v == "oui",
        initial="oui",
    )
    residence_start = forms.DateField(
        label="Début du séjour régulier",
        widget=DATE,
        required=False,
        help_text="Obligatoire pour un primo-arrivant (moins de 5 ans, article 2).",
    )
    enrolled_on = forms.DateField(label="Inscrit à l'action le", widget=DATE)
    planned_hours = forms.DecimalField(
        label="Heures prévues de son parcours",
        min_value=0,
        max_digits=7,
        decimal_places=2,
        required=False,
        help_text="Vide : toutes les séances de l'action.",
    )

    def identity(self) -> Identity:
        data = self.cleaned_data
        return Identity(**{name: data[name] for name in Identity.__dataclass_fields__})

    def apply_errors(self, error) -> None:
        """A refusal of the register, on the fields it names."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class ResultForm(BootstrapForm):
    kind = forms.ChoiceField(label="Type", choices=ResultKind.choices)
    date = forms.DateField(label="Date", widget=DATE, initial=datetime.date.today)
    level = forms.TypedChoiceField(
        label="Niveau CECRL", choices=LEVELS, coerce=int, empty_value=None, required=False
    )
    tef_score = forms.IntegerField(
        label="Score TEF IRN", min_value=0, max_value=699, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("level") is None and data.get("tef_score") is None:
            raise forms.ValidationError("Indiquez un niveau CECRL ou un score TEF IRN.")
        return data


class ExitForm(BootstrapForm):
    kind = forms.ChoiceField(label="Type de sortie", choices=ExitKind.choices)
    date = forms.DateField(label="Date de sortie", widget=DATE)


class UploadForm(BootstrapForm):
    file = forms.FileField(
        label="Feuille de présence (XLSX, ODS ou CSV)",
        help_text="Une ligne par personne et par séance : nom, prénoms, date de naissance, "
        "date de la séance, durée, présent (oui/non).",
    )


class MappingForm(BootstrapForm):
    """Which column holds each field: guessed from the headers, corrected by the operator."""

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— aucune —")] + [
            (str(i), f"Colonne {i + 1} : {header or '(sans titre)'}")
            for i, header in enumerate(columns)
        ]
        for name, (label, required, _) in FIELDS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, empty_value=None, required=required
            )
            self.fields[name].widget.attrs["class"] = "form-select"

    def mapping(self) -> dict[str, int | None]:
        return {name: self.cleaned_data.get(name) for name in FIELDS}


class SessionForm(BootstrapForm):
    """A session typed by hand (for operators who keep no spreadsheet) and who was there."""

    date = forms.DateField(label="Date de la séance", widget=DATE)
    duration = forms.DecimalField(
        label="Durée (heures)",
        max_digits=5,
        decimal_places=2,
        localize=True,
        help_text="Par exemple 2,5 pour deux heures et demie.",
    )
    theme = forms.CharField(label="Thème", max_length=THEME_LENGTH, required=False)
    present = forms.TypedMultipleChoiceField(
        label="Personnes présentes",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les personnes inscrites non cochées sont notées absentes.",
    )

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = people
        self.fields["present"].widget.attrs.pop("class", None)

    def apply_errors(self, error) -> None:
        self.add_error(None, error.messages)
