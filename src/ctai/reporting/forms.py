"""Forms of the reporting pages: French numbers in, service inputs out.

A view binds a form, and when it is valid calls one service with ``form.inputs()``; a
``ReportError`` from the service goes back into the form with ``form.add_report_error()``.
Field names are the ones the services use in ``field_errors`` (``indicator_<id>``,
``line_<code>``, ``extra_<id>``, ``reason``, ``body``, ``file``).
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from ctai.core.forms import BootstrapForm, FrenchAmountField, FrenchAmountInput
from ctai.core.money import count
from ctai.reporting.attachments import ALLOWED, max_bytes, megabytes, validate_attachment
from ctai.reporting.enums import Appraisal, EvaluationSide, PeriodKind
from ctai.reporting.errors import ReportError
from ctai.reporting.inputs import (
    AchievementInput,
    Narrative,
    SpendingInput,
    ValueKind,
    kind_of,
    read_achieved,
)
from ctai.reporting.models import SPENDING_LINES, OperatorReport
from ctai.reporting.opinions import GOVERNANCE, AnswerInput, OpinionInput
from ctai.reporting.selectors import sheet_budget


class QuantityInput(FrenchAmountInput):
    """An achieved value shown as a person reads it: "45" for a count, "12,50" otherwise."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return count(value)
        return super().format_value(value)


KIND_HELP = {
    ValueKind.WHOLE: "Nombre entier, par exemple 12.",
    ValueKind.PERCENT: "Pourcentage entre 0 et 100, par exemple 72 ou 72,5 %.",
    ValueKind.NUMBER: "Nombre, par exemple 12 ou 1 234,5.",
}


class AchievedValueField(forms.Field):
    """The achieved value of one indicator, by its kind (``inputs.ValueKind``); empty = None.
    What is accepted is ``inputs.read_achieved``: the same rule as the service."""

    widget = QuantityInput

    def __init__(self, *args, kind: ValueKind, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)
        self.widget.attrs["inputmode"] = "numeric" if kind == ValueKind.WHOLE else "decimal"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return read_achieved(value, str(self.label), self.kind)
        except ValueError as refused:
            raise ValidationError(str(refused), code="invalid") from refused


class ReportFormMixin:
    def add_report_error(self, error: ReportError) -> None:
        """Put a service's refusal next to its fields (or at the top of the form)."""
        for name, messages in error.field_errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        if not error.field_errors:
            for message in error.messages:
                self.add_error(None, message)


class ReportForm(ReportFormMixin, BootstrapForm):
    """The operator's report: narrative, one value and comment per indicator, spending."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    done = forms.CharField(label="Actions réalisées", widget=forms.Textarea, required=False)
    changes = forms.CharField(
        label="Évolutions par rapport au prévisionnel", widget=forms.Textarea, required=False
    )
    difficulties = forms.CharField(
        label="Difficultés rencontrées", widget=forms.Textarea, required=False
    )

    def __init__(self, *args, report: OperatorReport, **kwargs):
        self.report = report
        initial = {
            "version": report.version,
            "done": report.done,
            "changes": report.changes,
            "difficulties": report.difficulties,
        }
        achieved = {a.indicator_id: a for a in report.achievements.all()}
        spent = {(s.budget_line, s.extra_line_id): s.amount for s in report.spending_lines.all()}
        super().__init__(*args, initial=initial, **kwargs)
        self.indicator_ids: list[int] = []
        self.text_ids: set[int] = set()
        for indicator in report.sheet.indicators.select_related("definition"):
            name, label = f"indicator_{indicator.pk}", indicator.display_label
            target = indicator.target_text or "—"
            kind = kind_of(indicator)
            if kind == ValueKind.TEXT:
                # Qualitative: the words are the achieved value (stored as its comment).
                self.text_ids.add(indicator.pk)
                comment_label = f"{label} — ce qui a été réalisé"
            else:
                self.fields[name] = AchievedValueField(
                    label=label,
                    required=False,
                    kind=kind,
                    help_text=f"{KIND_HELP[kind]} Objectif : {target}",
                )
                comment_label = f"Commentaire — {label}"
            self.fields[f"comment_{indicator.pk}"] = forms.CharField(
                label=comment_label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=f"Objectif : {target}" if kind == ValueKind.TEXT else "",
            )
            if indicator.pk in achieved:
                self.initial[name] = achieved[indicator.pk].value
                self.initial[f"comment_{indicator.pk}"] = achieved[indicator.pk].comment
            self.indicator_ids.append(indicator.pk)
        for code, label in SPENDING_LINES:
            self.fields[f"line_{code}"] = FrenchAmountField(label=label, required=False)
            self.initial[f"line_{code}"] = spent.get((code, None))
        budget = sheet_budget(report.sheet)
        self.extra_ids = [line.pk for line in budget.extra_lines.all()] if budget else []
        for line in budget.extra_lines.all() if budget else []:
            self.fields[f"extra_{line.pk}"] = FrenchAmountField(
                label=line.label or "Ligne ajoutée", required=False
            )
            self.initial[f"extra_{line.pk}"] = spent.get(("", line.pk))
        for name in self.dynamic_fields():
            # BootstrapForm styled the declared fields; these were added after it ran.
            self.fields[name].widget.attrs.setdefault("class", "form-control")

    def dynamic_fields(self) -> list[str]:
        return [name for name in self.fields if name not in self.base_fields]

    def inputs(self) -> dict:
        """Keyword arguments for ``services.save_draft`` (with ``report`` and ``actor``)."""
        data = self.cleaned_data
        return {
            "version": data["version"],
            "narrative": Narrative(data["done"], data["changes"], data["difficulties"]),
            "achievements": [
                AchievementInput(pk, data.get(f"indicator_{pk}"), data[f"comment_{pk}"])
                for pk in self.indicator_ids
            ],
            "spending": [
                SpendingInput(amount=data[f"line_{code}"], budget_line=code)
                for code, _ in SPENDING_LINES
            ]
            + [
                SpendingInput(amount=data[f"extra_{pk}"], extra_line_id=pk) for pk in self.extra_ids
            ],
        }


class ReturnForm(ReportFormMixin, BootstrapForm):
    reason = forms.CharField(
        label="Motif du renvoi",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce que le porteur doit corriger ; il le lira avec le bilan.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(ReportFormMixin, BootstrapForm):
    """A message in the report's conversation; ``reply_to``: the message answered, if any."""

    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 3}))
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AttachmentForm(ReportFormMixin, BootstrapForm):
    file = forms.FileField(label="Pièce jointe", validators=[validate_attachment])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"{ALLOWED}, {megabytes(max_bytes())} Mo au plus."


class PeriodForm(ReportFormMixin, BootstrapForm):
    """A period of one of the contract's years: the year is chosen, never typed."""

    year = forms.TypedChoiceField(label="Année de programmation", coerce=int, choices=[])
    kind = forms.ChoiceField(label="Bilan", choices=PeriodKind.choices)
    due_date = forms.DateField(
        label="Date limite de remise", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


class NextProgrammationForm(ReportFormMixin, BootstrapForm):
    keep_targets = forms.TypedChoiceField(
        label="Valeurs-cibles des indicateurs",
        choices=[("oui", "Les reprendre telles quelles"), ("non", "Les laisser vides")],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
        initial="oui",
    )


# -- the contradictory evaluation -------------------------------------------------------------

APPRAISAL_CHOICES = [("", "— pas encore d'avis —"), *Appraisal.choices]


def _textarea(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class OpinionsForm(ReportFormMixin, BootstrapForm):
    """The State's opinions: an appraisal and a comment per sheet, then on the governance.
    Field names are the service's: ``appraisal_<sheet id>``, ``comment_<sheet id>``,
    ``governance_appraisal``, ``governance_comment``."""

    def __init__(self, *args, sheets, evaluation, opinions, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet_ids = [sheet.pk for sheet in sheets]
        for sheet in sheets:
            opinion = opinions.get(sheet.pk)
            self.fields[f"appraisal_{sheet.pk}"] = forms.ChoiceField(
                label=f"Appréciation de l'État — fiche n° {sheet.number}",
                choices=APPRAISAL_CHOICES,
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"comment_{sheet.pk}"] = _textarea(
                f"Avis de l'État — fiche n° {sheet.number}"
            )
            if opinion is not None:
                self.initial[f"appraisal_{sheet.pk}"] = opinion.appraisal
                self.initial[f"comment_{sheet.pk}"] = opinion.comment
        self.fields["governance_appraisal"] = forms.ChoiceField(
            label="Appréciation de l'État — gouvernance et mise en œuvre",
            choices=APPRAISAL_CHOICES,
            required=False,
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.fields["governance_comment"] = _textarea(
            "Avis de l'État — gouvernance et mise en œuvre"
        )
        self.initial["governance_appraisal"] = evaluation.governance_appraisal
        self.initial["governance_comment"] = evaluation.governance_comment

    def inputs(self) -> list[OpinionInput]:
        data = self.cleaned_data
        return [
            *(
                OpinionInput(pk, data[f"appraisal_{pk}"], data[f"comment_{pk}"])
                for pk in self.sheet_ids
            ),
            OpinionInput(GOVERNANCE, data["governance_appraisal"], data["governance_comment"]),
        ]


class AnswersForm(ReportFormMixin, BootstrapForm):
    """The coordination's answers, one per State opinion (``answer_<sheet id>``,
    ``governance_answer``)."""

    def __init__(self, *args, sheets, evaluation, opinions, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet_ids = []
        for sheet in sheets:
            opinion = opinions.get(sheet.pk)
            if opinion is None:
                continue
            self.sheet_ids.append(sheet.pk)
            self.fields[f"answer_{sheet.pk}"] = _textarea(
                f"Réponse de la coordination — fiche n° {sheet.number}"
            )
            self.initial[f"answer_{sheet.pk}"] = opinion.answer
        self.governance = bool(evaluation.governance_appraisal)
        if self.governance:
            self.fields["governance_answer"] = _textarea(
                "Réponse de la coordination — gouvernance et mise en œuvre"
            )
            self.initial["governance_answer"] = evaluation.governance_answer

    def inputs(self) -> list[AnswerInput]:
        data = self.cleaned_data
        answers = [AnswerInput(pk, data[f"answer_{pk}"]) for pk in self.sheet_ids]
        if self.governance:
            answers.append(AnswerInput(GOVERNANCE, data["governance_answer"]))
        return answers


class SignOffForm(BootstrapForm):
    side = forms.ChoiceField(label="Signer pour", choices=EvaluationSide.choices)


class ReopenForm(ReportFormMixin, BootstrapForm):
    reason = forms.CharField(
        label="Motif de la réouverture",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Conservé dans l'historique du contrat ; les deux signatures seront à redonner.",
    )
