"""The client's IP address, as far as it can be trusted (login throttling, security log).

Behind no proxy (``CTAI_TRUSTED_PROXY_COUNT = 0``), X-Forwarded-For is written by the client
and ignored: the address is ``REMOTE_ADDR``. Behind ``n`` trusted reverse proxies, each one
appends the address it received the connection from, so the client is the ``n``-th entry from
the right; whatever the client wrote itself stays further left and is never read.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "CTAI_TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote_addr
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    # Fewer entries than proxies: the request did not come through all of them.
    return forwarded[-proxies] if len(forwarded) >= proxies else remote_addr
