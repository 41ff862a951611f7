"""A real SMTP server for the tests (aiosmtpd) on a loopback port: what the application sends
is received over SMTP and read back as e-mail messages."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Inbox:
    """aiosmtpd's handler: every message received, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 -- aiosmtpd's name
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content,
                                                policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def last_to(self, address: str) -> EmailMessage:
        received = self.to(address)
        assert received, f"no mail to {address} (received: {[m['To'] for m in self.messages]})"
        return received[-1]


def body(mail: EmailMessage) -> str:
    return mail.get_body(("plain",)).get_content()


def link_in(mail: EmailMessage) -> str | None:
    """The path of the first link of the application in the mail, if any."""
    found = re.search(r"https?://[^/\s]+(/\S+)", body(mail))
    return found.group(1) if found else None


class SmtpServer:
    def __init__(self, port: int | None = None, inbox: Inbox | None = None) -> None:
        """A server on a free port, or on `port` again (a server back after an outage)."""
        if port is None:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
        self.port = port
        self.inbox = inbox or Inbox()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
