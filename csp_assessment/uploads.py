"""The size limit on every upload, enforced while the request streams in.

Django passes each chunk of a multipart request to its upload handlers as it reads
it. `BoundedUpload` comes first and counts the bytes actually received, whatever the
request declares; once they pass UPLOAD_MAX_BYTES it stops the upload, Django reads
and discards the rest without keeping it, and the page says why in a sentence. Files
under the limit go on to Django's own handlers (memory when small, a temporary file on
disk otherwise). Each form still applies its own smaller limit after this.

The reverse proxy should refuse larger bodies before they reach us: see
docs/operations.md (client_max_body_size).
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.forms import Form
from django.http import HttpRequest

REFUSED = "upload_refused"


def other_format(data: bytes) -> str | None:
    """What a file that should be CSV text is instead, by the signature its first bytes
    carry (never by its name); None when it carries none."""
    if data.startswith(b"PK\x03\x04"):
        return "a zip file or an Excel workbook"
    if data.startswith(b"%PDF"):
        return "a PDF"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text (Excel's Unicode text)"
    return None


def looks_binary(data: bytes) -> str | None:
    """`other_format`, or "a binary file" when a NUL stands in the first 4 KB."""
    return other_format(data) or ("a binary file" if b"\x00" in data[:4096] else None)


def limit() -> int:
    return settings.UPLOAD_MAX_BYTES


def size_text(count: int) -> str:
    if count >= 1048576:
        return f"{count / 1048576:,.0f} MB"
    return f"{max(count // 1024, 1):,} KB"


def refusal(limit_bytes: int) -> str:
    return (
        f"The upload is larger than {size_text(limit_bytes)}, so it was not read. "
        "Upload fewer or smaller files at a time."
    )


class BoundedUpload(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        # A declared length over the limit is refused at once; a declared length under
        # it is not believed, and the bytes are counted as they come.
        self.over = bool(content_length and content_length > limit())
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.over or self.received > limit():
            setattr(self.request, REFUSED, refusal(limit()))
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def refused(request: HttpRequest, form: Form | None = None) -> bool:
    """True if the request's upload was stopped; the reason goes on the form."""
    message = getattr(request, REFUSED, "")
    if message and form is not None:
        form.add_error(None, message)
    return bool(message)
