"""Notifications: in the app (the bell, the list, opening one) and by e-mail through the
outbox, sent by the worker to a real SMTP server of the test run; a mail server outage loses
nothing and never fails a user's action; two workers never send a message twice."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select, update

from riskassess.extensions import db
from riskassess.models import Notification, OutboxMessage, ReviewComment, User, utcnow
from riskassess.services import notify
from tests.conftest import EMAILS, give_opinion, post, switch_to
from tests.mailserver import SmtpServer, body, link_in

DPO_NAME, OWNER_NAME = "Dominique Leroy", "Camille Martin"


def notifications_of(in_app, role, after: int = 0):
    """(kind, link, read) of the user's notifications with an id above `after`."""
    def load():
        user = db.session.scalar(select(User).where(User.email == EMAILS[role]))
        return [(n.kind, n.link, n.read_at is not None) for n in db.session.scalars(
            select(Notification).where(Notification.user_id == user.id,
                                       Notification.id > after).order_by(Notification.id))]

    return in_app(load)


def last_id(in_app) -> int:
    return in_app(lambda: db.session.scalar(select(func.max(Notification.id)))) or 0


def kinds(in_app, role, after):
    return [kind for kind, *_ in notifications_of(in_app, role, after)]


def outbox(in_app):
    return in_app(lambda: [(m.recipient, m.kind, m.lang, m.status) for m in db.session.scalars(
        select(OutboxMessage).order_by(OutboxMessage.id))])


def drain(in_app):
    from riskassess import jobs

    return in_app(jobs.send_mail)


def test_each_step_of_the_loop_tells_the_people_concerned(client, demo, in_app):
    """Submitted → the DPO; a remark → the owner; a reply → the DPO; sent back → the owner;
    the opinion → the owner and the decider; the decision → the owner and the DPO."""
    cv = demo["assessments"]["changes_requested"]
    start = last_id(in_app)  # the demo's own history told people already
    switch_to(client, "owner")
    assert post(client, f"/assessments/{cv}/submit").status_code == 302
    assert kinds(in_app, "dpo", start) == ["submitted"]

    switch_to(client, "dpo")
    unread = client.get("/notifications/unread.json").get_json()["unread"]
    assert unread >= 1
    post(client, f"/assessments/{cv}/comments",
         {"target": "question:ctx_retention", "body": "Quelle durée ?"})
    [(kind, link, read)] = notifications_of(in_app, "owner", start)
    assert kind == "remark_added" and not read
    assert link == f"/assessments/{cv}/modules/context#block-ctx_retention"
    post(client, f"/assessments/{cv}/opinion",
         {"action": "request_changes", "text": "Voir ma remarque."})

    switch_to(client, "owner")
    page = client.get("/notifications").get_data(as_text=True)
    assert f"{DPO_NAME} a fait une remarque sur" in page and "Quelle durée" in page
    assert f"{DPO_NAME} a renvoyé" in page
    before = client.get("/notifications/unread.json").get_json()["unread"]
    remark = in_app(lambda: db.session.scalar(select(Notification).where(
        Notification.kind == "remark_added", Notification.id > start)))
    assert set(remark.details["where"]) == {"fr", "en"}  # the question's text, both languages
    opened = post(client, f"/notifications/{remark.id}/open")
    assert opened.headers["Location"].endswith(f"/assessments/{cv}/modules/context"
                                               "#block-ctx_retention")
    assert client.get("/notifications/unread.json").get_json()["unread"] == before - 1
    root = in_app(lambda: db.session.scalar(select(ReviewComment.id).where(
        ReviewComment.assessment_id == cv, ReviewComment.body == "Quelle durée ?")))
    post(client, f"/assessments/{cv}/comments", {"parent_id": str(root), "body": "Treize mois."})
    post(client, f"/assessments/{cv}/submit")
    post(client, "/notifications/read")
    assert client.get("/notifications/unread.json").get_json() == {"unread": 0}

    assert kinds(in_app, "dpo", start) == ["submitted", "remark_answered", "submitted"]
    switch_to(client, "dpo")
    assert give_opinion(client, cv, "Avis favorable.",
                        justification="Réponse reçue.").status_code == 302
    assert kinds(in_app, "decider", start) == ["opinion_given"]
    switch_to(client, "decider")
    post(client, f"/assessments/{cv}/decision", {"action": "approve", "text": ""})
    assert kinds(in_app, "owner", start)[-2:] == ["opinion_given", "decided"]
    assert kinds(in_app, "dpo", start)[-1] == "decided"
    # nobody is told of their own act, and the auditor of nothing of the review
    assert kinds(in_app, "auditor", start) == []
    assert "opinion_given" not in kinds(in_app, "dpo", start)


def test_mail_waits_in_the_outbox_and_the_worker_sends_it(client, demo, in_app, smtp):
    """Written with the event, sent by the worker, in the recipient's language, plain text
    with an absolute link; someone who turned a kind off gets it in the app only."""
    submitted = demo["assessments"]["submitted"]
    start = last_id(in_app)
    switch_to(client, "owner")
    post(client, "/language", {"lang": "en"})  # the owner reads English now
    post(client, "/account/notifications",
         {"mail": [k for k in notify.KINDS if k != "changes_requested"]})
    switch_to(client, "dpo")
    post(client, f"/assessments/{submitted}/comments",
         {"target": "question:ctx_retention", "body": "Which period exactly?"})
    post(client, f"/assessments/{submitted}/opinion",
         {"action": "request_changes", "text": "See my remark."})
    assert smtp.messages == []  # nothing is sent inside the request
    assert outbox(in_app) == [(EMAILS["owner"], "remark_added", "en", "pending")]
    assert kinds(in_app, "owner", start) == [
        "remark_added", "changes_requested"]  # the app still tells both

    assert drain(in_app) == 1
    mail = smtp.last_to(EMAILS["owner"])
    text = body(mail)
    assert mail["Subject"].startswith(f"riskassess: {DPO_NAME} made a remark on")
    assert "Which period exactly?" in text
    assert link_in(mail) == f"/assessments/{submitted}/modules/context#block-ctx_retention"
    assert mail.get_body(("html",)) is None  # plain text only: nothing interpreted
    assert outbox(in_app)[0][3] == "sent"
    assert drain(in_app) == 0  # sent once


def test_an_smtp_outage_loses_nothing_and_fails_no_action(app, client, demo, in_app):
    """The server stops mid-run: the actions still succeed, the worker retries, and once the
    server is back every message is delivered once."""
    server = SmtpServer().start()
    saved = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    try:
        submitted = demo["assessments"]["submitted"]
        switch_to(client, "dpo")
        post(client, f"/assessments/{submitted}/comments",
             {"target": "question:ctx_purposes", "body": "Première remarque."})
        assert drain(in_app) == 1 and len(server.inbox.messages) == 1
        server.stop()  # the outage
        for n in range(3):
            response = post(client, f"/assessments/{submitted}/comments",
                            {"target": "question:ctx_retention", "body": f"Remarque {n}."})
            assert response.status_code == 302  # the user's action is not failed
        assert drain(in_app) == 3  # three attempts, three failures
        waiting = in_app(lambda: [(m.status, m.attempts, bool(m.last_error))
                                  for m in db.session.scalars(select(OutboxMessage)
                                                              .order_by(OutboxMessage.id))])
        assert waiting == [("sent", 0, False)] + [("pending", 1, True)] * 3
        assert drain(in_app) == 0  # not before their next attempt is due
        back = SmtpServer(port=server.port, inbox=server.inbox).start()
        try:
            def due_now():  # the retry delay elapsed
                db.session.execute(update(OutboxMessage).values(
                    next_attempt_at=utcnow() - timedelta(seconds=1)))
                db.session.commit()

            in_app(due_now)
            assert drain(in_app) == 3
        finally:
            back.stop()
        texts = [body(m) for m in server.inbox.messages]
        assert len(texts) == 4
        for said in ("Première remarque.", "Remarque 0.", "Remarque 1.", "Remarque 2."):
            assert sum(f"«\u00a0{said}\u00a0»" in text for text in texts) == 1, said
        assert {m[3] for m in outbox(in_app)} == {"sent"}
    finally:
        app.config.update(saved)


def test_two_workers_never_send_a_message_twice(app, demo, in_app, smtp):
    """Two workers drain the same outbox at once (on PostgreSQL with FOR UPDATE SKIP
    LOCKED; on both, a claim only one can win): every message arrives exactly once."""

    def fill():
        owner = db.session.scalar(select(User).where(User.email == EMAILS["owner"]))
        for n in range(30):
            db.session.add(OutboxMessage(organisation_id=owner.organisation_id,
                                         recipient=f"person{n}@example.org", kind="submitted",
                                         lang="fr", subject=f"Message {n}", body=f"Corps {n}"))
        db.session.commit()

    in_app(fill)
    errors = []

    def work():
        try:
            drain(in_app)
        except Exception as error:  # noqa: BLE001 -- reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    drain(in_app)  # anything a claim race left for the next pass
    assert errors == []
    received = sorted(m["To"] for m in smtp.messages)
    assert received == sorted(f"person{n}@example.org" for n in range(30))


def test_without_a_mail_server_messages_are_kept_for_the_administrators(client, demo,
                                                                       in_app):
    submitted = demo["assessments"]["submitted"]
    switch_to(client, "dpo")
    post(client, f"/assessments/{submitted}/comments",
         {"target": "assessment:", "body": "Remarque <b>générale</b>."})
    assert drain(in_app) == 1
    assert outbox(in_app) == [(EMAILS["owner"], "remark_added", "fr", "kept")]
    switch_to(client, "admin")
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert EMAILS["owner"] in page and "conservé (aucun serveur de courrier)" in page
    assert "Remarque &lt;b&gt;générale&lt;/b&gt;." in page  # escaped


def test_french_mail_keeps_french_spacing_in_its_subject(demo, ctx):
    """« riskassess : Dominique Leroy a fait une remarque sur « … » », the non-breaking spaces
    kept when the subject is put on one line (they used to be turned into plain ones)."""
    owner = db.session.scalar(select(User).where(User.email == EMAILS["owner"]))
    owner.lang = "fr"
    message = notify.message_for(owner, "remark_added", {
        "title": "Titre\n  sur deux lignes", "actor": "Dominique Leroy", "where": "Contexte"},
        "/assessments/1")
    assert message.subject.startswith("riskassess\u00a0: Dominique Leroy a fait une remarque "
                                      "sur «\u00a0Titre sur deux lignes\u00a0»")
    assert "\n" not in message.subject
