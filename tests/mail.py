"""A real SMTP server for tests: aiosmtpd listening on a free loopback port, keeping
every message it receives, parsed. Test modules import the fixtures they use."""

import email
import socket
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the server received: each message parsed, with its envelope recipients."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.envelopes: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(list(envelope.rcpt_tos))
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


class SMTPServer:
    def __init__(self):
        self.port = free_port()
        self.inbox = Inbox()
        self._controller = None

    def start(self):
        self._controller = Controller(
            self.inbox, hostname="127.0.0.1", port=self.port, ready_timeout=10
        )
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server, and Django's mail settings pointed at it."""
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = "https://workbench.example.org"
    yield server
    server.stop()
