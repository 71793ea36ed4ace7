"""Reading pages in the web tests."""

import html


def text(response) -> str:
    """The page as a person reads it: HTML entities decoded (``l&#x27;action`` → ``l'action``)."""
    return html.unescape(response.content.decode())
