"""``{% navigation %}``: the menu of the navigation bar (``base.html``), from the cache."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation(context) -> str:
    counts = context.get("nav_counts")
    if counts is None:  # not logged in
        return ""
    # The page's own token (the context's, already made for base.html's meta tag).
    token = context.get("csrf_token")
    return counts.header(context["request"], str(token) if token else None)
