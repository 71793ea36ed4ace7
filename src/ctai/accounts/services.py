"""Invitations and memberships: who joins, who leaves, decided by the contract's coordinator."""

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ctai.accounts import permissions
from ctai.accounts.models import Invitation, InvitationEmail, Membership, token_hash
from ctai.accounts.tasks import enqueue_invitation_email
from ctai.contracts.models import Contract, Organisation
from ctai.core.roles import Role

INVITATION_VALIDITY = timedelta(days=7)


def invitation_send(
    *,
    inviter,
    contract: Contract,
    email: str,
    organisation: Organisation,
    role: str,
) -> tuple[Invitation, bool]:
    """Records the invitation and queues its e-mail (``ctai.accounts.tasks``): a mail server
    that is down never undoes nor breaks the action. The same invitation still pending
    (address, organisation, role) is sent again rather than duplicated: a coordinator who
    retries after a failed e-mail gets one invitation, with a new link and a new week.
    Returns the invitation and whether it was sent again."""
    if not permissions.is_coordinator(inviter, contract):
        raise PermissionDenied("Seule la coordination du contrat invite des personnes.")
    if role == Role.COORDINATOR and organisation.pk != contract.coordinator_id:
        raise ValidationError(
            {"organisation": "La coordination revient à l'organisation coordinatrice."}
        )
    email = email.strip().lower()
    with transaction.atomic():
        invitation = (
            Invitation.objects.pending()
            .select_for_update()
            .filter(contract=contract, organisation=organisation, role=role, email=email)
            .first()
        )
        again = invitation is not None
        if invitation is None:
            invitation = Invitation(
                email=email, organisation=organisation, contract=contract, role=role
            )
        # The token is minted when the e-mail leaves (never stored in clear, even queued).
        invitation.token_hash = token_hash(secrets.token_urlsafe(32))  # none sent yet
        invitation.invited_by = inviter
        invitation.expires_at = timezone.now() + INVITATION_VALIDITY
        invitation.email_state, invitation.email_attempts = InvitationEmail.PENDING, 0
        invitation.save()
        transaction.on_commit(lambda pk=invitation.pk: enqueue_invitation_email(pk), robust=True)
    return invitation, again


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
