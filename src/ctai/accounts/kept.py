"""No lost typing (ADR 0010): the form data of a POST that found its session expired is kept
server-side for the person whose session it was, and given back on the same page after they
log in again.

- Kept only when the person is known: the idle limit ends the session here, so we know whose
  it was. A request that comes with no session at all (absolute limit, cookie gone) is kept
  only into a row that the same browser's cookie already points to (same person).
- Never kept: passwords, tokens, the CSRF token, files; nothing over ``MAX_BYTES``.
- The browser holds a random token (cookie ``ctai_kept``, HttpOnly, SameSite=Lax, 24 h); the
  database holds its SHA-256, the user and the path. Giving back requires all three: the
  cookie, the same logged-in user, the same path. The row is deleted once given back, and
  rows older than 24 hours are deleted whenever a new one is written.
"""

import hashlib
import json
import secrets

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

from ctai.accounts.models import KeptForm

COOKIE = "ctai_kept"
MAX_BYTES = 200_000
SECRET_WORDS = ("password", "csrfmiddlewaretoken", "token", "otp")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def typed_data(post: QueryDict) -> dict[str, list[str]] | None:
    data = {
        key: post.getlist(key)
        for key in post
        if not any(word in key.lower() for word in SECRET_WORDS)
    }
    if not data or len(json.dumps(data)) > MAX_BYTES:
        return None
    return data


def keep(request, response, *, user) -> None:
    """Keep the POST of ``request`` (for ``user``, whose session just expired) and point the
    browser's cookie at it; with nothing to keep, the row waits for the next POST."""
    data = typed_data(request.POST) or {}
    KeptForm.objects.filter(created_at__lt=timezone.now() - KeptForm.LIFETIME).delete()
    token = secrets.token_urlsafe(32)
    KeptForm.objects.create(user=user, token_hash=_hash(token), path=request.path, data=data)
    set_cookie(response, token)


def keep_again(request) -> None:
    """A POST with no session from a browser whose cookie points at a kept row: the newer
    typing replaces the older, for the same person (the session ended on an earlier request,
    a keep-alive or an autosave)."""
    token = request.COOKIES.get(COOKIE)
    data = typed_data(request.POST) if token else None
    if data is not None:
        KeptForm.objects.fresh().filter(token_hash=_hash(token)).update(
            data=data, path=request.path
        )


def set_cookie(response, token: str) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(KeptForm.LIFETIME.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def take_back(request) -> QueryDict | None:
    """What this person typed on this page before their session expired, once; else None."""
    token = request.COOKIES.get(COOKIE)
    if not token or not request.user.is_authenticated:
        return None
    kept = (
        KeptForm.objects.fresh()
        .filter(token_hash=_hash(token), user=request.user, path=request.path)
        .first()
    )
    if kept is None or not kept.data:
        return None
    kept.delete()
    request.ctai_kept_taken = True  # the middleware then clears the cookie
    data = QueryDict(mutable=True)
    for key, values in kept.data.items():
        data.setlist(key, values)
    return data
