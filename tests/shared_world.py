"""Data built once per test module (and xdist worker) instead of once per test.

``built_once`` opens an outer transaction, builds, and rolls everything back after the
module's last test. Each test keeps its own ``django_db`` transaction, a savepoint inside the
outer one, so what a test writes is undone before the next test. Only for modules whose tests
are all plain ``django_db`` tests (no ``transaction=True``, no ``live_server``): a
transactional test cannot run inside an open transaction.
"""

from collections.abc import Callable, Iterator
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

T = TypeVar("T")


def built_once(django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """Use as ``yield from built_once(django_db_blocker, build)`` in a module-scoped fixture
    that depends on ``django_db_setup``."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build()
        except BaseException as error:
            outer.__exit__(type(error), error, error.__traceback__)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def clear_caches() -> None:
    """Every cache emptied: a contract stamp rolled back then bumped again by the next test
    must not find the page the previous test cached under it."""
    for alias in settings.CACHES:
        caches[alias].clear()
