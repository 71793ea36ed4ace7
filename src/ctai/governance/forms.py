"""Forms of the governance pages: typed values in, service inputs out.

A view binds a form and, when it is valid, calls one service with ``form.inputs()``; a
``GovernanceError`` goes back into the form with ``form.add_governance_error()``."""

from django import forms

from ctai.accounts.models import Membership
from ctai.core.forms import BootstrapForm
from ctai.governance.enums import DecisionKind, FollowUp, MeetingKind
from ctai.governance.errors import GovernanceError
from ctai.governance.models import Decision, Meeting
from ctai.governance.services import (
    DecisionInput,
    Guest,
    MeetingInput,
    member_name,
    parse_sheet_numbers,
)
from ctai.reporting.attachments import ALLOWED, max_bytes, megabytes

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GovernanceFormMixin:
    def add_governance_error(self, error: GovernanceError) -> None:
        for name, messages in error.field_errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        if not error.field_errors:
            for message in error.messages:
                self.add_error(None, message)


def parse_guests(text: str) -> tuple[Guest, ...]:
    """One guest a line: "Nom ; Organisation" (the organisation may be left out)."""
    guests = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, organisation = line.partition(";")
        guests.append(Guest(name.strip(), organisation.strip()))
    return tuple(guests)


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, membership: Membership) -> str:
        return (
            f"{member_name(membership)} — {membership.organisation.display_name} "
            f"({membership.get_role_display().lower()})"
        )


class MeetingForm(GovernanceFormMixin, BootstrapForm):
    date = forms.DateField(label="Date", widget=DATE)
    kind = forms.ChoiceField(label="Type de comité", choices=MeetingKind.choices)
    place = forms.CharField(label="Lieu", max_length=255, required=False)
    agenda = forms.CharField(
        label="Ordre du jour", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    members = MemberChoiceField(
        label="Membres du contrat invités",
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    guests = forms.CharField(
        label="Autres invités",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Un invité par ligne : « Nom ; Organisation », par exemple "
        "« Jeanne Dupont ; OFII ».",
    )

    def __init__(self, *args, contract, meeting: Meeting | None = None, **kwargs):
        if meeting is not None and "initial" not in kwargs:
            participants = list(meeting.participants.all())
            kwargs["initial"] = {
                "date": meeting.date,
                "kind": meeting.kind,
                "place": meeting.place,
                "agenda": meeting.agenda,
                "members": [p.membership_id for p in participants if p.membership_id],
                "guests": "\n".join(
                    f"{p.name} ; {p.organisation}" if p.organisation else p.name
                    for p in participants
                    if p.is_guest
                ),
            }
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            Membership.objects.active()
            .filter(contract=contract)
            .select_related("user", "organisation")
            .order_by("role", "organisation__name", "user__last_name", "pk")
        )

    def inputs(self) -> MeetingInput:
        data = self.cleaned_data
        return MeetingInput(
            date=data["date"],
            kind=data["kind"],
            place=data["place"],
            agenda=data["agenda"],
            members=tuple(data["members"]),
            guests=parse_guests(data["guests"]),
        )


class MinutesForm(GovernanceFormMixin, BootstrapForm):
    minutes = forms.CharField(
        label="Compte rendu", widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    file = forms.FileField(label="Compte rendu (fichier joint)", required=False)
    remove_file = forms.BooleanField(label="Retirer le fichier joint", required=False)
    present = forms.TypedMultipleChoiceField(
        label="Présents", coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        participants = list(meeting.participants.all())
        kwargs.setdefault(
            "initial",
            {"minutes": meeting.minutes, "present": [p.pk for p in participants if p.attended]},
        )
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(p.pk, str(p)) for p in participants]
        self.fields["file"].help_text = f"{ALLOWED}, {megabytes(max_bytes())} Mo au plus."
        if not meeting.minutes_file:
            del self.fields["remove_file"]


class DecisionForm(GovernanceFormMixin, BootstrapForm):
    text = forms.CharField(label="Décision", widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label="Nature", choices=DecisionKind.choices)
    year = forms.TypedChoiceField(label="Programmation concernée", coerce=int, choices=[])
    sheets = forms.CharField(
        label="Fiches concernées",
        required=False,
        help_text="Numéros des fiches séparés par des virgules, par exemple « 4, 9 ».",
    )
    owner = forms.CharField(label="Responsable", max_length=255, required=False)
    due_date = forms.DateField(label="Échéance", widget=DATE, required=False)
    follow_up = forms.ChoiceField(label="Suivi", choices=FollowUp.choices)
    follow_up_notes = forms.CharField(
        label="Notes de suivi", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, meeting: Meeting, decision: Decision | None = None, **kwargs):
        if decision is not None and "initial" not in kwargs:
            sheets = list(decision.sheets.all())
            kwargs["initial"] = {
                "text": decision.text,
                "kind": decision.kind,
                "year": sheets[0].year if sheets else meeting.years[0],
                "sheets": decision.sheet_numbers(),
                "owner": decision.owner,
                "due_date": decision.due_date,
                "follow_up": decision.follow_up,
                "follow_up_notes": decision.follow_up_notes,
            }
        else:
            kwargs.setdefault("initial", {"year": meeting.years[0]})
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in meeting.contract.years]

    def clean_sheets(self) -> tuple[int, ...]:
        try:
            return parse_sheet_numbers(self.cleaned_data["sheets"])
        except GovernanceError as error:
            raise forms.ValidationError(error.messages) from error

    def inputs(self) -> DecisionInput:
        data = self.cleaned_data
        return DecisionInput(
            text=data["text"],
            kind=data["kind"],
            year=data["year"],
            sheet_numbers=data["sheets"],
            owner=data["owner"],
            due_date=data["due_date"],
            follow_up=data["follow_up"],
            follow_up_notes=data["follow_up_notes"],
        )
