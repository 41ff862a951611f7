"""Issue 14, point 3: logout, a password reset, deactivation and a role change end every
session of the user; a cookie captured before is replayed and gets nothing, neither a page
(also from the page cache) nor a write."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from riskassess.extensions import db
from riskassess.models import ReviewComment, User
from riskassess.services import admin
from tests.conftest import EMAILS, PASSWORD, csrf_token, login, post


def captured(app, email: str):
    """A logged-in client and a copy of its session cookie, as an attacker would take it."""
    client = app.test_client()
    login(client, email)
    cookie = client.get_cookie("session")
    assert cookie is not None
    return client, cookie.value


def replay(app, cookie: str):
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def comments(in_app) -> int:
    return in_app(lambda: db.session.scalar(select(func.count(ReviewComment.id))))


def assert_ended(app, in_app, cookie: str, submitted: int) -> None:
    thief = replay(app, cookie)
    page = thief.get(f"/assessments/{submitted}")  # twice: the cache must not serve it either
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    assert thief.get(f"/assessments/{submitted}").status_code == 302
    before = comments(in_app)
    token = csrf_token(thief)  # the session still signs a CSRF token...
    thief.post(f"/assessments/{submitted}/comments",
               data={"csrf_token": token, "target": "assessment", "body": "rejoué"})
    assert comments(in_app) == before  # ...but writes nothing as the user


def test_a_cookie_replayed_after_logout_is_refused(app, demo, in_app):
    submitted = demo["assessments"]["submitted"]
    client, cookie = captured(app, EMAILS["dpo"])
    assert replay(app, cookie).get(f"/assessments/{submitted}").status_code == 200
    other_device, _ = captured(app, EMAILS["dpo"])
    post(client, "/logout")
    assert_ended(app, in_app, cookie, submitted)
    # logout ends the user's other sessions too
    assert other_device.get(f"/assessments/{submitted}").status_code == 302
    login(app.test_client(), EMAILS["dpo"])  # and the user logs in again as usual


@pytest.mark.parametrize("change", ["password_reset", "deactivation", "role_change"])
def test_a_cookie_replayed_after_an_account_change_is_refused(app, demo, in_app, change):
    submitted = demo["assessments"]["submitted"]
    _client, cookie = captured(app, EMAILS["dpo"])
    assert replay(app, cookie).get(f"/assessments/{submitted}").status_code == 200

    def apply():
        administrator = db.session.scalar(select(User).where(User.email == EMAILS["admin"]))
        dpo_id = db.session.scalar(select(User.id).where(User.email == EMAILS["dpo"]))
        if change == "password_reset":
            admin.reset_password(administrator, dpo_id, "a-new-long-password-2027")
        elif change == "deactivation":
            admin.set_active(administrator, dpo_id, False)
        else:
            admin.set_role(administrator, dpo_id, "auditor")

    in_app(apply)
    assert_ended(app, in_app, cookie, submitted)


def test_other_users_keep_their_sessions(app, demo, in_app):
    submitted = demo["assessments"]["submitted"]
    owner, _ = captured(app, EMAILS["owner"])
    dpo, _ = captured(app, EMAILS["dpo"])
    post(dpo, "/logout")
    assert owner.get(f"/assessments/{submitted}").status_code == 200
    login(app.test_client(), EMAILS["dpo"], PASSWORD)  # the DPO logs in again as usual
