"""The invitation e-mail, sent from the task queue like the notifications' (``ctai.core.
mailqueue``): a mail server that is down never breaks nor undoes the invitation; the e-mail is
tried again, and the members page says where it stands.

The link's token is minted when the e-mail leaves (``Invitation.new_token``): the queue holds
only the invitation's id, and each attempt sends a fresh link.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from ctai.accounts.models import Invitation, InvitationEmail
from ctai.core.mailqueue import after_send_failure, enqueue_or_log

logger = logging.getLogger("ctai.security")


def enqueue_invitation_email(invitation_id: int) -> None:
    enqueue_or_log(
        send_invitation_email,
        invitation_id,
        what=f"Courriel de l'invitation {invitation_id}",
        logger=logger,
    )


def invitation_message(invitation: Invitation, link: str) -> str:
    return (
        f"Bonjour,\n\nVous êtes invité·e à rejoindre le contrat territorial d'accueil et "
        f"d'intégration « {invitation.contract.territory} » en tant que "
        f"{invitation.get_role_display().lower()} ({invitation.organisation.name}).\n\n"
        f"Pour accéder au contrat, ouvrez ce lien (valable jusqu'au "
        f"{timezone.localtime(invitation.expires_at):%d/%m/%Y à %H:%M}) :\n{link}\n\n"
        f"Si vous n'attendiez pas ce message, ignorez-le.\n"
    )


@task()
def send_invitation_email(invitation_id: int) -> str:
    pending = Invitation.objects.pending().filter(
        pk=invitation_id, email_state=InvitationEmail.PENDING
    )
    invitation = pending.select_related("contract", "organisation").first()
    if invitation is None or not invitation.is_usable:
        return "rien à envoyer"
    token = invitation.new_token()
    link = settings.CTAI_SITE_URL.rstrip("/") + reverse("accounts:invitation_accept", args=[token])
    try:
        send_mail(
            subject=f"Invitation à rejoindre le CTAI — {invitation.contract.territory}",
            message=invitation_message(invitation, link),
            from_email=None,
            recipient_list=[invitation.email],
        )
    except Exception as error:
        after_send_failure(
            error=error,
            attempts=invitation.email_attempts + 1,
            pending=pending,
            failed={"email_state": InvitationEmail.FAILED},
            task=send_invitation_email,
            args=(invitation_id,),
            what=f"Courriel de l'invitation {invitation_id}",
            logger=logger,
        )
        raise
    pending.update(
        email_state=InvitationEmail.SENT,
        emailed_at=timezone.now(),
        email_attempts=invitation.email_attempts + 1,
    )
    logger.info("Courriel de l'invitation %s envoyé", invitation_id)
    return "envoyé"
