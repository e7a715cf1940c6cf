"""Logging filters the settings attach."""

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """A 403 is the product saying no to a role, not a fault: Django logs it with the
    PermissionDenied traceback, which buries the server's real errors. The warning line
    (path and status) stays; the traceback goes. A 500 keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
