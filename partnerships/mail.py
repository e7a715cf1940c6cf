"""Email that partnerships sends from a page: invitations, and the note to site staff
that sign-in domains wait. Sent once the change commits, so nobody is told of a change
that was rolled back. A mail server that is down, slow past EMAIL_TIMEOUT, or a message
the mail library refuses never answers 500 nor undoes the change: it is logged, and
`failed` records it where the admin will see it."""

import logging
from collections.abc import Callable

from django.core.mail import send_mail
from django.db import transaction

log = logging.getLogger(__name__)


def send_after_commit(
    *, subject: str, body: str, to: list[str], what: str, failed: Callable[[], None] | None = None
) -> None:
    # A line break in a header is refused by the mail library: names people typed may
    # hold one, so the subject is one line.
    subject = " ".join(subject.split())

    def send() -> None:
        try:
            send_mail(subject, body, None, to)
        except Exception as error:  # noqa: BLE001 - an SMTP fault or a refused message
            log.warning("%s not sent: %s: %s", what, type(error).__name__, error)
            if failed is None:
                return
            try:
                failed()
            except Exception:  # noqa: BLE001 - the change stands; the log says what failed
                log.exception("%s not sent, and that could not be recorded", what)

    transaction.on_commit(send)
