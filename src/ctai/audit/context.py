"""Who is acting and why, for the audit trail: set once per request or command.

Context variables, so threads and async tasks each keep their own.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.utils.functional import LazyObject, empty


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str  # "système" for commands and migrations


SYSTEM = Actor(None, "système")
_actor: ContextVar[Actor] = ContextVar("ctai_audit_actor", default=SYSTEM)
_reason: ContextVar[str] = ContextVar("ctai_audit_reason", default="")


def current_actor() -> Actor:
    return _actor.get()


def current_reason() -> str:
    return _reason.get()


@contextmanager
def acting_as(user, reason: str = "") -> Iterator[None]:
    actor = SYSTEM if user is None or not user.is_authenticated else Actor(user.pk, user.username)
    actor_token, reason_token = _actor.set(actor), _reason.set(reason)
    try:
        yield
    finally:
        _actor.reset(actor_token)
        _reason.reset(reason_token)


@contextmanager
def because(reason: str) -> Iterator[None]:
    token = _reason.set(reason)
    try:
        yield
    finally:
        _reason.reset(token)


class AuditActorMiddleware:
    """Every write made while serving a request is recorded as the request's user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if isinstance(user, LazyObject):
            # Read now (the trail needs it), then the person itself in place of the lazy
            # wrappers (authentication's, django-otp's): every later ``request.user.x``
            # went through two proxies, some 400 times a page.
            user = request.user = _unwrapped(user)
        with acting_as(user):
            return self.get_response(request)


def _unwrapped(user):
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user
