"""Invitations and memberships: who joins, who leaves, decided by the contract's coordinator."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ctai.accounts import permissions
from ctai.accounts.models import Invitation, Membership
from ctai.contracts.models import Contract, Organisation
from ctai.core.roles import Role

INVITATION_VALIDITY = timedelta(days=7)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    token: str  # only ever in the e-mail; not stored


def invitation_send(
    *,
    inviter,
    contract: Contract,
    email: str,
    organisation: Organisation,
    role: str,
    accept_url: str,
) -> SentInvitation:
    """``accept_url`` contains ``{token}``: the view builds it from the request's host."""
    if not permissions.is_coordinator(inviter, contract):
        raise PermissionDenied("Seule la coordination du contrat invite des personnes.")
    if role == Role.COORDINATOR and organisation.pk != contract.coordinator_id:
        raise ValidationError(
            {"organisation": "La coordination revient à l'organisation coordinatrice."}
        )
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email.strip().lower(),
            organisation=organisation,
            contract=contract,
            role=role,
            token_hash=token_hash(token),
            invited_by=inviter,
            expires_at=timezone.now() + INVITATION_VALIDITY,
        )
        link = accept_url.format(token=token)
        transaction.on_commit(
            lambda: send_mail(
                subject=f"Invitation à rejoindre le CTAI — {contract.territory}",
                message=(
                    f"Bonjour,\n\nVous êtes invité·e à rejoindre le contrat territorial "
                    f"d'accueil et d'intégration « {contract.territory} » en tant que "
                    f"{invitation.get_role_display().lower()} ({organisation.name}).\n\n"
                    f"Pour choisir votre mot de passe et accéder au contrat, ouvrez ce lien "
                    f"(valable 7 jours) :\n{link}\n\nSi vous n'attendiez pas ce message, "
                    f"ignorez-le.\n"
                ),
                from_email=None,
                recipient_list=[invitation.email],
            )
        )
    return SentInvitation(invitation=invitation, token=token)


def invitation_new_token(invitation: Invitation) -> str:
    """A new link token for ``invitation`` (the previous link stops working): minted when the
    e-mail leaves, so that the token is never stored, not even in the task queue."""
    token = secrets.token_urlsafe(32)
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash(token))
    invitation.token_hash = token_hash(token)
    return token


def invitation_for_token(token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("contract", "organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )
    return invitation if invitation and invitation.is_usable else None


DISABLED_ACCOUNT = (
    "Ce compte a été désactivé : seule l'administration de la plateforme peut le réactiver. "
    "Une invitation ne le fait pas ; le lien reste valable une fois le compte réactivé."
)
WRONG_CURRENT_PASSWORD = (
    "Mot de passe incorrect : saisissez le mot de passe de votre compte existant (une "
    "invitation ne le change pas ; en cas d'oubli, « Mot de passe oublié » sur la page de "
    "connexion)."
)


def existing_account(email: str):
    """The account already using this address as login name, if any (active or not)."""
    return get_user_model().objects.filter(username__iexact=email).first()


@transaction.atomic
def invitation_accept(*, token: str, password: str):
    """Grants the invitation's membership. A new person gets an account (login name: the
    e-mail address) with ``password``. An existing account is never re-enabled nor given a new
    password by an invitation (a platform admin decides those): ``password`` must be its
    current one, and a disabled account is refused."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError("Ce lien d'invitation n'est plus valable (expiré ou déjà utilisé).")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError("Ce lien d'invitation n'est plus valable (expiré ou déjà utilisé).")
    user = existing_account(invitation.email)
    if user is None:
        user = get_user_model()(username=invitation.email, email=invitation.email)
        validate_password(password, user)
        user.set_password(password)
        user.save()
    elif not user.is_active:
        raise ValidationError(DISABLED_ACCOUNT, code="disabled")
    elif not user.check_password(password):
        raise ValidationError(WRONG_CURRENT_PASSWORD, code="wrong_password")
    Membership.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        contract=invitation.contract,
        role=invitation.role,
        revoked_at=None,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


def end_sessions(user) -> int:
    """Deletes every database session of ``user``: their next request is anonymous."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> None:
    """Ends the membership at once; when it was the person's last one, their sessions too."""
    if not permissions.is_coordinator(actor, membership.contract):
        raise PermissionDenied("Seule la coordination du contrat retire un accès.")
    membership.revoke()
    if not Membership.objects.active().filter(user=membership.user).exists():
        end_sessions(membership.user)
