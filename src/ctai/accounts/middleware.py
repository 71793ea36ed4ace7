"""Session limits: an idle session ends after ``CTAI_SESSION_IDLE_SECONDS`` without a request.

The absolute limit is ``SESSION_COOKIE_AGE`` (the session is not extended by activity). The
last activity is written at most once a minute: a session write on every request would cost
a database commit each time.

A POST that finds its session expired keeps its form data for its person (``kept``, ADR 0010);
an htmx request (autosave, keep-alive) is answered 401 so that the page says the session
ended instead of swapping the login page into itself.
"""

import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse
from django.urls import Resolver404, resolve

from ctai.accounts import kept

logger = logging.getLogger("ctai.security")
LAST_SEEN = "ctai_last_seen"
RESOLUTION_SECONDS = 60


def touch(request) -> None:
    """Count this request as activity now (the keep-alive endpoint)."""
    request.session[LAST_SEEN] = int(time.time())


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
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > settings.CTAI_SESSION_IDLE_SECONDS:
                logger.info("session expirée par inactivité (utilisateur n° %s)", user.pk)
                expired_user = user
                logout(request)
            elif now - last_seen >= RESOLUTION_SECONDS or LAST_SEEN not in request.session:
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
