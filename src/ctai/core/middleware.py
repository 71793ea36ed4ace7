"""Request and response hygiene: bounded request bodies, no caching behind login.

``BoundedRequestBodyMiddleware`` comes first: a body announced larger than the limit is refused
(413) before anything reads it; a body read without a length (chunked) is counted as it streams
and refused past the same limit. File uploads (multipart) get the larger upload limit.
``NoStoreForUsersMiddleware`` keeps the pages, exports and attachments served to a logged-in
person out of browser and proxy caches (shared CCAS workstations).
"""

from io import BytesIO

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024
DEFAULT_MAX_UPLOAD_BYTES = 12 * 1024 * 1024


def body_limit(content_type: str) -> int:
    if content_type.startswith("multipart/form-data"):
        return int(getattr(settings, "CTAI_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))
    return int(getattr(settings, "CTAI_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES))


def _read_chunked(stream, limit: int) -> bytes | None:
    """The body of a chunked request, counted as it streams; ``None`` past ``limit``."""
    chunks, count = [], 0
    while True:
        chunk = stream.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        count += len(chunk)
        if count > limit:
            return None
        chunks.append(chunk)


def too_large(limit: int) -> HttpResponse:
    # The WSGI server closes the connection itself when the body was not read.
    return HttpResponse(
        render_to_string("413.html", {"limit_mb": f"{limit / 1024 / 1024:.0f}"}), status=413
    )


class BoundedRequestBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = body_limit(request.META.get("CONTENT_TYPE", ""))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return too_large(limit)
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not length and chunked and request.META.get("wsgi.input_terminated"):
            # A server that decodes chunked bodies (gunicorn) gives no length: Django would
            # read nothing; count it here instead, and stop reading past the limit.
            body = _read_chunked(request.META["wsgi.input"], limit)
            if body is None:
                return too_large(limit)
            request.META["CONTENT_LENGTH"] = str(len(body))
            request._stream = LimitedStream(BytesIO(body), len(body))
        return self.get_response(request)


class NoStoreForUsersMiddleware:
    """``Cache-Control: no-store`` (and ``Pragma: no-cache``) on every answer to a logged-in
    person: pages, exports, attachments."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response["Pragma"] = "no-cache"
        return response
