"""Before a first authenticator is paired (enrôlement), the person proves it is them again:
their password, then a one-time code sent to their e-mail address. A stolen session, or a
password alone, cannot pair the thief's telephone.

The code (6 digits) is held in the session as its SHA-256, for ``CODE_SECONDS``, for at most
``CODE_TRIES`` tries; once given, the session may pair a device for ``CONFIRMED_SECONDS``.
"""

import hashlib
import secrets
import time

from django.core.mail import send_mail

CODE, CONFIRMED = "ctai_enrol_code", "ctai_enrol_confirmed"
CODE_SECONDS, CODE_TRIES, CONFIRMED_SECONDS = 10 * 60, 5, 15 * 60


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def is_confirmed(session) -> bool:
    return time.time() - session.get(CONFIRMED, 0) <= CONFIRMED_SECONDS


def code_pending(session) -> bool:
    pending = session.get(CODE)
    return bool(pending) and pending["expires"] >= time.time()


def send_code(session, user) -> None:
    """Mails a new code to ``user`` (raises if the mail cannot leave: the page says so)."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    send_mail(
        subject="[CTAI] Code de confirmation de la double authentification",
        message=(
            f"Bonjour,\n\nVoici le code à saisir pour activer la double authentification de "
            f"votre compte CTAI : {code}\n\nIl est valable 10 minutes. Si vous n'êtes pas à "
            f"l'origine de cette demande, changez votre mot de passe et prévenez "
            f"l'administration de la plateforme.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )
    session[CODE] = {"digest": _digest(code), "expires": time.time() + CODE_SECONDS, "tries": 0}


def check_code(session, code: str) -> bool:
    pending = session.get(CODE)
    if not code_pending(session):
        return False
    pending["tries"] += 1
    if secrets.compare_digest(pending["digest"], _digest(code)):
        del session[CODE]
        session[CONFIRMED] = time.time()
        return True
    if pending["tries"] >= CODE_TRIES:
        del session[CODE]
    else:
        session[CODE] = pending
    return False


def restart(session) -> None:
    session.pop(CODE, None)
