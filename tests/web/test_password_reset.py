"""Forgotten passwords: a single-use link that expires, mailed through the outbox to a real
SMTP server; the same answer whether the address has an account or not; the new password
ends every session of the account."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from riskassess.extensions import db
from riskassess.models import OutboxMessage, PasswordReset, utcnow
from tests.conftest import EMAILS, PASSWORD, login, post
from tests.mailserver import link_in

NEW = "Un-nouveau-mot-de-passe-2027"


def ask(client, email):
    return post(client, "/password/forgot", {"email": email}, follow_redirects=True)


def send(in_app):
    from riskassess import jobs

    return in_app(jobs.send_mail)


def test_the_link_arrives_works_once_and_ends_the_old_sessions(app, client, demo, in_app,
                                                              smtp):
    elsewhere = app.test_client()  # the owner is logged in on another browser
    login(elsewhere, EMAILS["owner"])
    assert elsewhere.get("/assessments").status_code == 200
    page = client.get("/login").get_data(as_text=True)
    assert "/password/forgot" in page
    answer = ask(client, EMAILS["owner"]).get_data(as_text=True)
    unknown = ask(client, "personne@nulle-part.test").get_data(as_text=True)
    said = "Si un compte utilise cette adresse"
    assert said in answer and said in unknown  # nothing tells which address exists
    assert in_app(lambda: db.session.scalars(select(OutboxMessage.recipient)).all()) == [
        EMAILS["owner"]]
    assert send(in_app) == 1
    link = link_in(smtp.last_to(EMAILS["owner"]))
    assert link and link.startswith("/password/reset/")
    refused = post(client, link, {"password": "court", "confirm": "court"})
    assert refused.status_code == 200
    # why, in the page's language (it was English inside a French sentence)
    assert "Refusé : le mot de passe est trop court (au moins 12 caractères)." in \
        refused.get_data(as_text=True)
    done = post(client, link, {"password": NEW, "confirm": NEW})
    assert done.status_code == 302
    assert elsewhere.get("/assessments").status_code == 302  # that session has ended
    assert client.get(link).status_code == 404  # used up
    response = post(client, "/login", {"email": EMAILS["owner"], "password": PASSWORD})
    assert response.status_code == 200  # the old password is refused
    login(client, EMAILS["owner"], NEW)


def test_a_newer_link_replaces_the_older_and_links_expire(client, demo, in_app, smtp):
    ask(client, EMAILS["dpo"])
    ask(client, EMAILS["dpo"])
    assert send(in_app) == 2
    first, second = (link_in(m) for m in smtp.to(EMAILS["dpo"]))
    assert client.get(first).status_code == 404  # replaced
    assert client.get(second).status_code == 200

    def expire():
        db.session.execute(update(PasswordReset).values(
            expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()

    in_app(expire)
    assert client.get(second).status_code == 404
    assert client.get("/password/reset/" + "x" * 500).status_code == 404


def test_a_deactivated_account_gets_no_link(client, demo, in_app):
    from riskassess.models import User

    def deactivate():
        user = db.session.scalar(select(User).where(User.email == EMAILS["auditor"]))
        user.active = False
        db.session.commit()

    in_app(deactivate)
    ask(client, EMAILS["auditor"])
    assert in_app(lambda: db.session.scalars(select(OutboxMessage)).all()) == []


def test_requests_are_limited_per_address(client, demo, in_app):
    for _ in range(5):
        assert post(client, "/password/forgot", {"email": EMAILS["dpo"]}).status_code == 302
    refused = post(client, "/password/forgot", {"email": EMAILS["dpo"]})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Trop de demandes" in refused.get_data(as_text=True)
    assert len(in_app(lambda: db.session.scalars(select(OutboxMessage)).all())) == 5
