"""What every page needs to know about the session: its idle limit (the warning of
``session.js`` comes two minutes before it)."""

from django.conf import settings


def session(request) -> dict:
    return {"session_idle_seconds": settings.CTAI_SESSION_IDLE_SECONDS}
