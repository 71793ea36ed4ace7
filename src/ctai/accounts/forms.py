"""Forms of the access pages: invitations, choosing a password, two-factor codes."""

import logging
import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import Q

from ctai.accounts import throttle
from ctai.accounts.models import Invitation, Membership
from ctai.accounts.network import client_ip
from ctai.accounts.password_validation import RULE
from ctai.accounts.services import DISABLED_ACCOUNT, WRONG_CURRENT_PASSWORD, existing_account
from ctai.contracts.enums import OrganisationKind
from ctai.contracts.models import Contract, Organisation
from ctai.core.forms import BootstrapForm, LoginForm
from ctai.core.roles import Role

NEW_ORGANISATION = "nouvelle"
logger = logging.getLogger("ctai.security")


def contract_organisations(contract: Contract) -> list[tuple[str, list[tuple[str, str]]]]:
    """The organisations of a contract, grouped: coordinator, operators, the others (parties,
    organisations already holding a membership or an invitation)."""
    operators = Organisation.objects.filter(actions__contract=contract).exclude(
        pk=contract.coordinator_id
    )
    others = (
        Organisation.objects.of_contract(contract)
        .exclude(pk__in=operators)
        .exclude(pk=contract.coordinator_id)
    )
    groups = [
        ("Organisation coordinatrice", [contract.coordinator] if contract.coordinator else []),
        ("Porteurs d'actions", list(operators.distinct())),
        ("Autres organisations du contrat", list(others.distinct())),
    ]
    return [
        (label, [(str(o.pk), o.name) for o in organisations])
        for label, organisations in groups
        if organisations
    ]


class ThrottledLoginForm(LoginForm):
    """An address throttled across login names is refused before any password is checked."""

    def clean(self):
        if self.request is not None and throttle.address_throttled(client_ip(self.request)):
            logger.warning("connexion refusée : adresse %s suspendue", client_ip(self.request))
            raise ValidationError(throttle.throttled_message(), code="address_throttled")
        return super().clean()


class InvitationForm(BootstrapForm):
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text="L'invitation part à cette adresse ; elle servira d'identifiant de connexion.",
    )
    organisation = forms.ChoiceField(label="Organisation")
    new_organisation_name = forms.CharField(
        label="Nom de la nouvelle organisation",
        max_length=255,
        required=False,
        help_text="Seulement si vous avez choisi « Nouvelle organisation ».",
    )
    new_organisation_kind = forms.ChoiceField(
        label="Type de la nouvelle organisation",
        choices=OrganisationKind.choices,
        initial=OrganisationKind.ASSOCIATION,
        required=False,
    )
    role = forms.ChoiceField(label="Rôle", choices=Role.choices, initial=Role.OPERATOR)

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract = contract
        self.fields["organisation"].choices = [
            ("", "— Choisir —"),
            *contract_organisations(contract),
            ("Autre", [(NEW_ORGANISATION, "Nouvelle organisation…")]),
        ]

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        choice, role = data.get("organisation"), data.get("role")
        if choice == NEW_ORGANISATION:
            name = (data.get("new_organisation_name") or "").strip()
            if not name:
                self.add_error(
                    "new_organisation_name", "Indiquez le nom de la nouvelle organisation."
                )
                return data
            existing = Organisation.objects.filter(name__iexact=name).first()
            data["organisation_obj"] = existing or Organisation(
                name=name, kind=data.get("new_organisation_kind") or OrganisationKind.AUTRE
            )
        elif choice:
            data["organisation_obj"] = Organisation.objects.filter(pk=int(choice)).first()
        organisation = data.get("organisation_obj")
        if organisation is None or not role:
            return data
        if role == Role.COORDINATOR and organisation.pk != self.contract.coordinator_id:
            self.add_error(
                "organisation",
                "La coordination revient à l'organisation coordinatrice du contrat.",
            )
        elif organisation.pk and data.get("email"):
            self._refuse_duplicates(data["email"], organisation, role)
        return data

    def _refuse_duplicates(self, email: str, organisation: Organisation, role: str) -> None:
        same = Q(contract=self.contract, organisation=organisation, role=role)
        # A pending invitation for the same role is sent again (services.invitation_send).
        if Membership.objects.active().filter(same, user__username=email).exists():
            self.add_error("email", "Cette personne a déjà ce rôle pour cette organisation.")

    def organisation_to_invite(self) -> Organisation:
        """The chosen organisation; a new one is created here (call inside a transaction)."""
        organisation = self.cleaned_data["organisation_obj"]
        if organisation.pk is None:
            try:
                organisation.full_clean()
            except ValidationError as error:
                raise ValidationError({"new_organisation_name": error.messages}) from error
            organisation.save()
        return organisation


class InvitationAcceptForm(BootstrapForm):
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=RULE,
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Saisissez le même mot de passe une seconde fois.",
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.account = existing_account(invitation.email)
        if self.account is not None:
            # An existing account keeps its password: it is asked, not chosen.
            del self.fields["password2"]
            self.fields["password1"].label = "Mot de passe de votre compte"
            self.fields["password1"].widget.attrs["autocomplete"] = "current-password"
            self.fields["password1"].help_text = (
                "Vous avez déjà un compte sur la plateforme : l'invitation s'y ajoute, votre "
                "mot de passe ne change pas."
            )

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if self.account is not None:
            if not self.account.is_active:
                raise ValidationError(DISABLED_ACCOUNT)
            if password1 and not self.account.check_password(password1):
                self.add_error("password1", WRONG_CURRENT_PASSWORD)
            return data
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        if password1:
            email = self.invitation.email
            # The validators compare the password with the login name and e-mail.
            try:
                validate_password(password1, get_user_model()(username=email, email=email))
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class TokenForm(BootstrapForm):
    """A six-digit code from an authenticator application (TOTP)."""

    token = forms.CharField(
        label="Code à 6 chiffres",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text="Le code affiché par votre application d'authentification ; il change "
        "toutes les 30 secondes.",
    )

    def clean_token(self) -> str:
        token = re.sub(r"\s", "", self.cleaned_data["token"])
        if not re.fullmatch(r"\d{6}", token):
            raise ValidationError("Saisissez les 6 chiffres affichés par votre application.")
        return token


class ReauthenticationForm(BootstrapForm):
    """Before pairing a first authenticator: the account's password again."""

    password = forms.CharField(
        label="Votre mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        help_text="Celui de votre compte : nous vérifions que c'est bien vous.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("Mot de passe incorrect.")
        return password


class EmailedCodeForm(TokenForm):
    """The six-digit code sent by e-mail at the first pairing."""

    token = forms.CharField(
        label="Code reçu par courriel",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text="Les 6 chiffres du courriel que nous venons de vous envoyer (valable 10 "
        "minutes).",
    )

    def clean_token(self) -> str:
        token = re.sub(r"\s", "", self.cleaned_data["token"])
        if not re.fullmatch(r"\d{6}", token):
            raise ValidationError("Saisissez les 6 chiffres reçus par courriel.")
        return token


class SecondFactorForm(TokenForm):
    """At the prompt: the six-digit code, or one of the recovery codes (codes de secours)."""

    token = forms.CharField(
        label="Code à 6 chiffres ou code de secours",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text="Le code affiché par votre application d'authentification (il change toutes "
        "les 30 secondes), ou, sans votre téléphone, l'un de vos codes de secours.",
    )

    def clean_token(self) -> str:
        token = re.sub(r"[\s-]", "", self.cleaned_data["token"]).lower()
        if not re.fullmatch(r"\d{6}|[a-z2-7]{8}", token):
            raise ValidationError(
                "Saisissez les 6 chiffres affichés par votre application, ou un code de secours "
                "de 8 caractères."
            )
        return token

    @property
    def is_recovery_code(self) -> bool:
        return not self.cleaned_data["token"].isdigit()


class ProfileForm(BootstrapForm):
    """What a person may change about themselves (profil)."""

    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        help_text="Les messages de la plateforme et le lien « mot de passe oublié » partent à "
        "cette adresse. Votre identifiant de connexion ne change pas.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        others = get_user_model().objects.exclude(pk=self.user.pk)
        if others.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            raise ValidationError(
                "Cette adresse est déjà celle d'un autre compte : choisissez-en une autre."
            )
        return email
