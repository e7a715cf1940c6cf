"""A request holding a NUL character gets the site's 400 page before any view reads it.

PostgreSQL cannot store or compare text with a NUL in it: a lookup by a public survey's
key, a query-string filter or a posted note holding one failed with a DataError, an
error page. No one types a NUL, so a request with one in its address, its query string
or a posted value (not an uploaded file's contents: each import reads those itself) is
refused whole, and nothing is read or saved.
"""

from django.core.exceptions import SuspiciousOperation

NUL = "\x00"


class NulCharacter(SuspiciousOperation):
    """Django answers a SuspiciousOperation with the 400 page (templates/400.html)."""


def nul_line(content: str | bytes) -> int | None:
    """The line of a file's text that holds its first NUL character, or None. The CSV
    readers let a NUL through, so each import refuses such a file, naming the line."""
    nul, newline = ("\x00", "\n") if isinstance(content, str) else (b"\x00", b"\n")
    at = content.find(nul)
    return None if at == -1 else content.count(newline, 0, at) + 1


def holds_nul(request) -> bool:
    if NUL in request.path_info or NUL in request.path:
        return True
    fields = [request.GET]
    if request.method == "POST":
        fields.append(request.POST)
    return any(
        NUL in key or any(NUL in value for value in values)
        for field in fields
        for key, values in field.lists()
    )


class RefuseNulCharacters:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_nul(request):
            raise NulCharacter("The request holds a NUL character.")
        return self.get_response(request)
