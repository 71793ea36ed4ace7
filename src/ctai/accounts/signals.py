"""Security log: logins, failed logins, logouts — ids only, never names or passwords.

Also: the login time stored in the session (absolute lifetime), and every session of a person
ended when their account is disabled or re-enabled (a session opened before never comes back).
"""

import hashlib
import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver

from ctai.accounts.middleware import mark_login
from ctai.accounts.services import end_sessions

logger = logging.getLogger("ctai.security")


def pseudonym(username: str) -> str:
    """A short, stable hash of a login name: failures can be counted without naming anyone."""
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:12]


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "?") if request is not None else "?"


@receiver(user_logged_in, dispatch_uid="ctai_security_login")
def on_login(sender, request, user, **kwargs) -> None:
    logger.info("connexion réussie : utilisateur n° %s depuis %s", user.pk, client_ip(request))
    if request is not None and hasattr(request, "session"):
        mark_login(request.session)


@receiver(user_logged_out, dispatch_uid="ctai_security_logout")
def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        logger.info("déconnexion : utilisateur n° %s", user.pk)


@receiver(user_login_failed, dispatch_uid="ctai_security_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    logger.warning(
        "échec de connexion : identifiant %s depuis %s",
        pseudonym(str(credentials.get("username", ""))),
        client_ip(request),
    )


@receiver(pre_save, sender=get_user_model(), dispatch_uid="ctai_sessions_end_on_active_change")
def on_active_change(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if (
        raw
        or instance.pk is None
        or (update_fields is not None and "is_active" not in update_fields)
    ):
        return
    before = sender.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    if before is not None and before != instance.is_active:
        ended = end_sessions(instance)
        logger.info(
            "compte %s : utilisateur n° %s, %s session(s) fermée(s)",
            "réactivé" if instance.is_active else "désactivé",
            instance.pk,
            ended,
        )
