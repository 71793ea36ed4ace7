"""Computing the data-heavy blocks of a page once per version of the contract's data.

The key is the contract's version stamp (``ctai.audit.stamps``: bumped in the transaction of
every write to the contract), plus what else the block depends on (year, query string, the
person's scope, today's date): a write changes the stamp, so a cached block is never stale and
needs no invalidation, in every worker process (each keeps its own local-memory cache:
docs/adr/0012-page-cache.md). Blocks are rendered without the request: no CSRF token or user
name can leak into them.
"""

from collections.abc import Callable
from typing import TypeVar

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from ctai.audit.stamps import stamp
from ctai.contracts.models import Contract
from ctai.core.cache import cached

# Put in a cached rendering in place of the CSRF token (``{% csrf_token %}`` reads
# ``csrf_token`` from the context) and replaced by the person's own token when served.
CSRF_PLACEHOLDER = "ctai-csrf-token-placeholder"
T = TypeVar("T")


def contract_version(contract: Contract) -> int:
    """The contract's stamp, read once per request (the view's contract instance keeps it)."""
    version = getattr(contract, "_ctai_version", None)
    if version is None:
        version = contract._ctai_version = stamp(contract.pk)
    return version


def cached_block(name: str, contract: Contract, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or its value for the same contract version and ``parts`` from the
    cache. The value is pickled: plain data, HTML, model instances."""
    return versioned_block(name, contract.pk, contract_version(contract), parts, compute)


def versioned_block(
    name: str, contract_id: int, version: int, parts: tuple, compute: Callable[[], T]
) -> T:
    """``cached_block`` for a contract known by its id and a stamp already read (before the
    data ``compute`` reads). ``compute`` may raise (an Http404): nothing is cached."""
    return cached(f"{name}:{contract_id}:{version}", parts, compute)


def cached_fragment(
    template: str, contract: Contract, parts: tuple, context: Callable[[], dict]
) -> SafeString:
    """``template`` rendered with ``context()``, or the same rendering from the cache."""
    html = cached_block(
        "fragment", contract, (template, *parts), lambda: render_to_string(template, context())
    )
    return mark_safe(html)
