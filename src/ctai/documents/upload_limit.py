"""Refusing an oversized upload while it arrives, not after it has been stored.

Django streams a file above ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file, whatever its
size. ``SizeLimitUploadHandler`` goes first: past ``limit`` bytes of a file it stops the
upload (the rest of the body is consumed, not kept) and marks the request, so the form
answers « Fichier trop volumineux » in French.
"""

import functools

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.views.decorators.csrf import csrf_exempt, csrf_protect

TOO_LARGE = "ctai_upload_too_large"


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A body far larger than the cap is refused before a byte of it is parsed.
        if content_length and content_length > self.limit + 1024 * 1024:
            setattr(self.request, TOO_LARGE, True)

    def receive_data_chunk(self, raw_data, start):
        if getattr(self.request, TOO_LARGE, False) or start + len(raw_data) > self.limit:
            setattr(self.request, TOO_LARGE, True)
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_upload(limit: int):
    """Put ``SizeLimitUploadHandler`` first for this view. The handlers must be set before the
    body is read, and the CSRF check reads it: so CSRF is checked inside, as Django's
    documentation on upload handlers says."""

    def decorator(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            request.upload_handlers.insert(0, SizeLimitUploadHandler(request, limit))
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator
