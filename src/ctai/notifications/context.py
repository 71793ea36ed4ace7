"""The counts in the navigation: unread notifications (the bell) and tasks (« Mes tâches »).

Computed only when a page shows them (logged-in pages), once per request; the tasks from the
cache while nothing they read has changed (``todo.cached_tasks``)."""

from functools import cached_property

from ctai.notifications import todo
from ctai.notifications.models import Notification


class NavigationCounts:
    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        return Notification.objects.for_user(self.user).unread().count()

    @cached_property
    def tasks(self) -> int:
        return todo.count(todo.cached_tasks(self.user))


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_counts": NavigationCounts(user)}
