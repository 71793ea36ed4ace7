"""Session limits: an idle session ends after ``CTAI_SESSION_IDLE_SECONDS`` without a request.

The absolute limit is ``SESSION_COOKIE_AGE`` (the session is not extended by activity). The
last activity is written at most once a minute: a session write on every request would cost
a database commit each time.
"""

import logging
import time

from django.conf import settings
from django.contrib.auth import logout

logger = logging.getLogger("ctai.security")
LAST_SEEN = "ctai_last_seen"
RESOLUTION_SECONDS = 60


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > settings.CTAI_SESSION_IDLE_SECONDS:
                logger.info("session expirée par inactivité (utilisateur n° %s)", user.pk)
                logout(request)
            elif now - last_seen >= RESOLUTION_SECONDS or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
