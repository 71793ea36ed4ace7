"""One way to keep a computed value in the cache: under a name and a digest of everything
the value depends on (docs/adr/0012-page-cache.md). A key that carries what the value was
computed from is never stale and needs no invalidation, in every worker process."""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

CACHE_SECONDS = 15 * 60
T = TypeVar("T")


def key(name: str, parts: tuple) -> str:
    """``ctai:<name>:<digest of parts>`` (``parts``: values whose ``repr`` is stable)."""
    return f"ctai:{name}:{hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()}"


def cached(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or its value for the same ``name`` and ``parts`` from the cache (pickled:
    plain data, HTML, model instances). ``compute`` may raise: nothing is kept."""
    found = key(name, parts)
    value = cache.get(found)
    if value is None:
        value = compute()
        cache.set(found, value, CACHE_SECONDS)
    return value
