"""Accounts by invitation: the link works once, expires, is replaced by a newer invitation, and
a refused password keeps it usable; the mail is read from a real SMTP server."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from riskassess.extensions import db
from riskassess.models import AuditEvent, Invitation, User, utcnow
from riskassess.services import users
from tests.conftest import EMAILS, login, post, post_to
from tests.mailserver import body, link_in

EMAIL = "nouvelle@demo.riskassess.test"
GOOD = "une-phrase-solide-2026"


def invite(app, smtp, email: str = EMAIL, role: str = "auditor") -> str:
    admin = app.test_client()
    login(admin, EMAILS["admin"])
    response = post(admin, "/admin/users", {"email": email, "name": "Nina Nouvelle",
                                            "role": role}, follow_redirects=True)
    assert "Invitation envoyée à nouvelle@demo.riskassess.test" in \
        response.get_data(as_text=True) or email != EMAIL
    return link_in(smtp.last_to(email))


def accept(app, link: str, password: str = GOOD, confirm: str | None = None):
    return post_to(app.test_client(), link, {"name": "Nina N.", "password": password,
                                             "confirm": confirm or password})


def test_the_invitee_sets_a_password_once_and_logs_in(app, demo, smtp, in_app):
    link = invite(app, smtp)
    mail = smtp.last_to(EMAIL)
    assert mail["Subject"].startswith("Invitation à riskassess de la part de ")
    assert "utilisable une fois" in body(mail)
    page = app.test_client().get(link).get_data(as_text=True)
    assert EMAIL in page and "Auditeur" in page
    assert accept(app, link, "court").status_code == 200  # refused, the link stays usable
    assert "différents" in accept(app, link, GOOD, "autre-phrase-2026").get_data(as_text=True)
    response = accept(app, link)
    assert response.status_code == 302
    user = in_app(lambda: db.session.scalar(select(User).where(User.email == EMAIL)))
    assert user.role == "auditor" and user.name == "Nina N."
    again = app.test_client()
    assert again.get(link).status_code == 404  # used
    assert "ne peut plus être utilisé" in again.get(link).get_data(as_text=True)
    login(again, EMAIL, GOOD)
    actions = in_app(lambda: list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.in_(("user.invited", "invitation.accepted", "user.created")))
        .order_by(AuditEvent.seq))))
    assert actions[-3:] == ["user.invited", "invitation.accepted", "user.created"]


def test_an_expired_or_replaced_link_opens_nothing(app, demo, smtp, in_app):
    first = invite(app, smtp)
    second = invite(app, smtp)  # invited again: only the newest link works
    assert first != second
    assert app.test_client().get(first).status_code == 404

    def expire():
        db.session.execute(update(Invitation).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()

    in_app(expire)
    assert app.test_client().get(second).status_code == 404
    assert accept(app, second).status_code == 404
    admin = app.test_client()
    login(admin, EMAILS["admin"])
    assert "expirée\u00a0: invitez de nouveau" in admin.get("/admin/users").get_data(as_text=True)


def test_unknown_and_oversized_tokens_are_not_found(app, demo):
    client = app.test_client()
    assert client.get("/invitation/not-a-token").status_code == 404
    assert client.get("/invitation/" + "a" * 5000).status_code == 404


def test_an_address_that_got_an_account_meanwhile_cannot_accept(app, demo, smtp, in_app):
    link = invite(app, smtp, "shared@elsewhere.test")
    in_app(lambda: users.create_user("shared@elsewhere.test", "Sam", "owner", "Autre SA", GOOD))
    assert accept(app, link).status_code == 404
    assert in_app(lambda: db.session.scalar(select(User.role).where(
        User.email == "shared@elsewhere.test"))) == "owner"  # the other account is untouched


def test_the_invitation_leaves_through_the_outbox(app, demo, smtp, in_app):
    """Recorded with its message in one transaction; the worker sends it (a mail server away
    at that moment delays the message, never the invitation)."""
    from riskassess.models import OutboxMessage

    admin = app.test_client()
    login(admin, EMAILS["admin"])
    post(admin, "/admin/users", {"email": EMAIL, "name": "Nina Nouvelle", "role": "auditor"})
    assert smtp.inbox.to(EMAIL) == []  # nothing sent inside the request
    assert in_app(lambda: [(m.kind, m.status) for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == EMAIL))]) == [
        ("invitation", "pending")]
    assert smtp.deliver() == 1
    assert link_in(smtp.inbox.last_to(EMAIL)).startswith("/invitation/")
