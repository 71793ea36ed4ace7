"""``{% asset %}`` and ``{% fixed_url %}``: ``{% static %}`` and ``{% url %}`` (without
arguments) for what every page shows the same — the base template's style sheets, scripts and
links —, computed once per process and configuration rather than on each page
(docs/adr/0012-page-cache.md, point 12)."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@lru_cache(maxsize=128)
def _asset(path: str, static_url: str) -> str:
    return static(path)


@lru_cache(maxsize=128)
def _url(name: str, prefix: str, urlconf) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def asset(path: str) -> str:
    """The URL of a static file (as ``{% static path %}``)."""
    return _asset(path, settings.STATIC_URL)


@register.simple_tag
def fixed_url(name: str) -> str:
    """The URL of a view without arguments (as ``{% url name %}``)."""
    return _url(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
