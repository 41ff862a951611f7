"""Sending e-mail: through the SMTP server of the configuration (MAIL_SERVER, MAIL_PORT,
MAIL_STARTTLS, MAIL_USERNAME, MAIL_PASSWORD, MAIL_SENDER), with the standard library's smtplib
and email packages; without a server (the embedded default), each message is written as an
.eml file into MAIL_OUTBOX_DIR, where a developer can open it."""

from __future__ import annotations

import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

from riskassess.models import OutboxMessage, utcnow


class MailError(RuntimeError):
    """The message could not be handed to the mail server."""


def message(to: str, subject: str, body: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = current_app.config["MAIL_SENDER"]
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    mail["Message-ID"] = make_msgid(domain="riskassess")
    mail.set_content(body)  # plain text: nothing of a user's input is ever interpreted
    return mail


def send(to: str, subject: str, body: str) -> None:
    mail = message(to, subject, body)
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        outbox = Path(config["MAIL_OUTBOX_DIR"])
        outbox.mkdir(parents=True, exist_ok=True)
        (outbox / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(mail))
        current_app.logger.info("mail to %s written to %s (no MAIL_SERVER)", to, outbox)
        return
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=30) as smtp:
            if config.get("MAIL_STARTTLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.error("mail to %s not sent: %s", to, error)
        raise MailError(str(error)) from error


def deliver(outbox_message: OutboxMessage) -> None:
    """Send (or keep, without a mail server) a message of the outbox, claimed by the worker,
    and note the result on it: sent, or a failure retried later with a growing delay, up to
    MAIL_MAX_ATTEMPTS."""
    from riskassess.services.claims import retry_delay

    config = current_app.config
    try:
        send(outbox_message.recipient, outbox_message.subject, outbox_message.body)
    except MailError as error:
        outbox_message.attempts += 1
        outbox_message.last_error = str(error)[:500]
        outbox_message.next_attempt_at = utcnow() + retry_delay(outbox_message.attempts)
        if outbox_message.attempts >= int(config["MAIL_MAX_ATTEMPTS"]):
            outbox_message.status = "failed"
    else:
        outbox_message.status = "sent" if config.get("MAIL_SERVER") else "kept"
        outbox_message.sent_at = utcnow()
    outbox_message.claimed_until = None
