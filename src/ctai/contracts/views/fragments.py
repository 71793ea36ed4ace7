"""Rendering the data-heavy part of a page once per state of the data (fragment cache).

The key is the overview's fingerprint — a digest of every value the fragment shows — plus the
contract and the query string: when anything changes, the key changes, so a cached fragment
is never stale and needs no invalidation, in every worker process (each keeps its own cache).
Fragments are rendered without the request: no CSRF token or user name can leak into them.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from ctai.programmation.selectors import Overview

CACHE_SECONDS = 15 * 60


def cached_fragment(
    template: str, overview: Overview, variant: str, context: Callable[[], dict]
) -> SafeString:
    """``template`` rendered with ``context()``, or the same rendering from the cache."""
    digest = hashlib.blake2b(
        f"{template}|{overview.contract.pk}|{overview.fingerprint}|{variant}".encode(),
        digest_size=16,
    ).hexdigest()
    key = f"ctai:fragment:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, context())
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)
