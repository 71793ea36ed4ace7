"""The navigation of every logged-in page: unread notifications (the bell) and tasks (« Mes
tâches »), and the header that shows them.

The counts are read once per request and only when a page shows them: the stamps of the
person's contracts and the unread count in one query (the one the view of a contract page
already made for its contract's stamp: ``ctai.audit.stamps.read_for_person``), the task
count from the cache while nothing it reads has changed (``todo.cached_count``). The header's
HTML is kept per person and what it shows (name, counts, current entry), with a placeholder
where each page puts the person's CSRF token (docs/adr/0012-page-cache.md)."""

from functools import cached_property

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe

from ctai.audit.stamps import read_for_person, remembered_for_person
from ctai.core.cache import cached
from ctai.notifications import todo
from ctai.notifications.models import Notification

CSRF_PLACEHOLDER = "ctai-nav-csrf-placeholder"


def unread_sql(user_id: int) -> tuple[str, list]:
    """``Notification.objects.for_user(user).unread().count()`` as SQL (written once: an ORM
    query costs more to build than to run, and this one runs on every page)."""
    meta = Notification._meta
    recipient, read_at = (meta.get_field(name).column for name in ("recipient", "read_at"))
    sql = f"SELECT COUNT(*) FROM {meta.db_table} WHERE {recipient} = %s AND {read_at} IS NULL"
    return sql, [user_id]


class NavigationCounts:
    def __init__(self, user):
        self.user = user

    @cached_property
    def _read(self) -> tuple[int, int]:
        # Read by the page's view with its contract's stamp, or here.
        read = remembered_for_person(self.user) or read_for_person(
            self.user, todo.contracts_of(self.user)
        )
        return read.counts["unread"], todo.cached_count(self.user, read.versions)

    @property
    def unread(self) -> int:
        return self._read[0]

    @property
    def tasks(self) -> int:
        return self._read[1]

    def header(self, request, token: str | None = None) -> str:
        """The navigation bar's menu for this person (``includes/navigation.html``), with the
        page's CSRF ``token`` (one is made when not given: each costs 64 random draws)."""
        user, match = self.user, request.resolver_match
        current = (
            "home"
            if match is not None and match.url_name == "home"
            else "contracts"
            if match is not None and (match.namespace, match.url_name) == ("contracts", "list")
            else ""
        )
        parts = (
            user.pk,
            user.get_full_name(),
            user.get_username(),
            user.is_staff,
            self.tasks,
            self.unread,
            current,
            get_script_prefix(),
        )
        context = {
            "user": user,
            "nav_counts": self,
            "current": current,
            "csrf_token": CSRF_PLACEHOLDER,
        }
        html = cached(
            f"nav:{user.pk}",
            parts,
            lambda: render_to_string("includes/navigation.html", context),
        )
        return mark_safe(html.replace(CSRF_PLACEHOLDER, token or get_token(request)))


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_counts": NavigationCounts(user)}
