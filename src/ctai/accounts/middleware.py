"""Session limits: an idle session ends after ``CTAI_SESSION_IDLE_SECONDS`` without a request,
and any session ``SESSION_COOKIE_AGE`` seconds after its login (absolute limit).

The login time is stored in the session at login (``LOGGED_IN_AT``) and never moved: every
session write (the "last seen" below) re-dates the session's own expiry, so that expiry alone
would let a session with one request a minute live for ever. The last activity is written at
most once a minute: a session write on every request would cost a database commit each time.

A POST that finds its session expired keeps its form data for its person (``kept``, ADR 0010);
an htmx request (autosave, keep-alive) is answered 401 so that the page says the session
ended instead of swapping the login page into itself.
"""

import logging
import time

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import logout
from django.contrib.auth import middleware as auth_middleware
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.functional import SimpleLazyObject

from ctai.accounts import backends, kept, sessions

logger = logging.getLogger("ctai.security")
LAST_SEEN = "ctai_last_seen"
LOGGED_IN_AT = "ctai_logged_in_at"
RESOLUTION_SECONDS = 60


def touch(request) -> None:
    """Count this request as activity now (the keep-alive endpoint)."""
    request.session[LAST_SEEN] = int(time.time())


def mark_login(session) -> None:
    """Start of the absolute lifetime (called at login)."""
    session[LOGGED_IN_AT] = int(time.time())


def expiry_reason(session, now: int) -> str | None:
    if now - session.get(LOGGED_IN_AT, now) > settings.SESSION_COOKIE_AGE:
        return "durée maximale atteinte"
    if now - session.get(LAST_SEEN, now) > settings.CTAI_SESSION_IDLE_SECONDS:
        return "inactivité"
    return None


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's (``request.user``, read when first asked for), letting the authentication
    backend take the person read with the session (``sessions``) rather than read them again,
    and teaching this process whose session it was. Django's ``get_user`` decides as before:
    the session's person, their backend, their password hash."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _person(request))


def _person(request):
    if not hasattr(request, "_cached_user"):
        session = request.session
        token = backends.READ_WITH_SESSION.set(session)
        try:
            user = auth.get_user(request)
        finally:
            backends.READ_WITH_SESSION.reset(token)
        hint = getattr(session, "ctai_hint", None)
        if user.is_authenticated and session.session_key and hint != user.pk:
            sessions.remember(session.session_key, user.pk)
        request._cached_user = user
    return request._cached_user


def needs_login(path: str) -> bool:
    """A page behind the login (not the login page, a reset or an invitation)."""
    try:
        return getattr(resolve(path).func, "login_required", True)
    except Resolver404:
        return False


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        expired_user = None
        if user is not None and user.is_authenticated:
            now = int(time.time())
            reason = expiry_reason(request.session, now)
            if reason is not None:
                logger.info("session expirée (%s) : utilisateur n° %s", reason, user.pk)
                expired_user = user
                logout(request)
            else:
                if LOGGED_IN_AT not in request.session:  # a session older than this rule
                    mark_login(request.session)
                if now - request.session.get(LAST_SEEN, 0) >= RESOLUTION_SECONDS:
                    request.session[LAST_SEEN] = now
        posted_without_session = (
            request.method == "POST"
            and not request.user.is_authenticated
            and needs_login(request.path_info)
        )
        if posted_without_session and request.headers.get("HX-Request"):
            response = HttpResponse("Session expirée", status=401, content_type="text/plain")
        else:
            response = self.get_response(request)
        if posted_without_session:
            if expired_user is not None:
                kept.keep(request, response, user=expired_user)
            else:
                kept.keep_again(request)
        if getattr(request, "ctai_kept_taken", False):
            response.delete_cookie(kept.COOKIE, samesite="Lax")
        return response


class RefusedAccessLogMiddleware:
    """A refusal (403, or the 404 that hides what exists) of a logged-in person is logged
    with their id, the method and the path — never the query string nor the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code in (403, 404) and user is not None and user.is_authenticated:
            logger.warning(
                "accès refusé (%s) : utilisateur n° %s, %s %s",
                response.status_code,
                user.pk,
                request.method,
                request.path,
            )
        return response
