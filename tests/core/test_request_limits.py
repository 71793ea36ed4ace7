"""Oversized request bodies are refused before they are read (413, in French)."""

import contextlib
import io
import select
import socket
import time
from urllib.parse import urlsplit

import pytest
from django.test import RequestFactory
from django.urls import reverse

from ctai.core.middleware import BoundedRequestBodyMiddleware

HUNDRED_MB = 100 * 1024 * 1024


def _post_huge_body(url: str, path: str, total: int) -> tuple[int, bytes, float]:
    """Send ``total`` bytes of body from a raw socket, stopping as soon as the server answers;
    return (bytes the socket accepted, the answer's first bytes, seconds taken)."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    sock.sendall(
        (
            f"POST {path} HTTP/1.1\r\nHost: {parts.hostname}\r\n"
            "Content-Type: multipart/form-data; boundary=ctai\r\n"
            f"Content-Length: {total}\r\nConnection: close\r\n\r\n"
        ).encode()
    )
    chunk = b"a" * 65536
    sent, start, answer = 0, time.monotonic(), b""
    try:
        while sent < total:
            readable, writable, _ = select.select([sock], [sock], [], 10)
            if readable:
                break
            if writable:
                sent += sock.send(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
    with contextlib.suppress(ConnectionResetError):
        answer = sock.recv(4096)
    sock.close()
    return sent, answer, time.monotonic() - start


@pytest.mark.django_db(transaction=True)
def test_a_200_mb_anonymous_post_is_refused_before_it_is_read(live_server):
    sent, answer, seconds = _post_huge_body(live_server.url, reverse("login"), 2 * HUNDRED_MB)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    # What the socket accepted is only what kernel buffers hold, far below 200 MB.
    assert sent < 20 * 1024 * 1024, sent
    assert seconds < 20


def _request(**extra):
    return RequestFactory().post("/connexion/", data=b"", content_type="text/plain", **extra)


def test_an_announced_length_over_the_limit_answers_413_in_french(settings):
    settings.CTAI_MAX_REQUEST_BYTES = 1000
    request = _request()
    request.META["CONTENT_LENGTH"] = "1001"
    response = BoundedRequestBodyMiddleware(lambda r: pytest.fail("body read"))(request)
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.content.decode()


def test_uploads_have_their_own_larger_limit(settings):
    settings.CTAI_MAX_REQUEST_BYTES = 1000
    settings.CTAI_MAX_UPLOAD_BYTES = 5000
    request = _request()
    request.META.update(CONTENT_LENGTH="4000", CONTENT_TYPE="multipart/form-data; boundary=x")
    response = BoundedRequestBodyMiddleware(lambda r: "passed")(request)
    assert response == "passed"


class Endless(io.RawIOBase):
    """A chunked body that never ends: counts what was read from it."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        size = 65536 if size is None or size < 0 else size
        self.read_bytes += size
        return b"x" * size


def test_a_chunked_body_is_counted_while_it_streams(settings):
    settings.CTAI_MAX_REQUEST_BYTES = 100_000
    stream = Endless()
    request = _request(HTTP_TRANSFER_ENCODING="chunked")
    request.META.pop("CONTENT_LENGTH", None)
    request.META.update({"wsgi.input": stream, "wsgi.input_terminated": True})
    response = BoundedRequestBodyMiddleware(lambda r: pytest.fail("body read"))(request)
    assert response.status_code == 413
    assert stream.read_bytes < 200_000


def test_a_small_chunked_body_reaches_the_view(settings):
    request = _request(HTTP_TRANSFER_ENCODING="chunked")
    request.META.pop("CONTENT_LENGTH", None)
    request.META.update({"wsgi.input": io.BytesIO(b"a=1&b=2"), "wsgi.input_terminated": True})
    response = BoundedRequestBodyMiddleware(lambda r: r.body)(request)
    assert response == b"a=1&b=2"
