"""Security log: logins, failed logins, logouts — ids only, never names or passwords."""

import hashlib
import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("ctai.security")


def pseudonym(username: str) -> str:
    """A short, stable hash of a login name: failures can be counted without naming anyone."""
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:12]


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "?") if request is not None else "?"


@receiver(user_logged_in, dispatch_uid="ctai_security_login")
def on_login(sender, request, user, **kwargs) -> None:
    logger.info("connexion réussie : utilisateur n° %s depuis %s", user.pk, client_ip(request))


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
