"""Shared fixtures: an application on a migrated database, clients and demo data.

The database is SQLite in a temporary folder, or a database of its own on the PostgreSQL
server named by RISKASSESS_TEST_DATABASE_URL (the test command starts one and runs the suite
again on it). Under pytest-xdist each worker has its own database (file, or
`<name>_gw0`, `<name>_gw1`… on the shared server).

The schema is migrated once per worker and the demo seeded once per worker; both states are
saved (tests/dbstate.py), and every test that uses the application starts from an exact copy
of one of them: the demo when it asks for `demo` (directly or through another fixture), else
the empty schema. Passwords are hashed with a cheap method here (PASSWORD_HASH_METHOD);
production keeps scrypt, which tests/web/test_security.py checks.
"""

from __future__ import annotations

import os
import re
import tempfile

import pytest
from flask_migrate import upgrade

from riskassess import create_app, unit_of_work
from riskassess.extensions import db
from tests.dbstate import database_states

TEST_DATABASE_URL = os.environ.get("RISKASSESS_TEST_DATABASE_URL")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
PASSWORD = "riskassess-demo"
# One iteration of PBKDF2: what the tests need of a hash (it verifies the right password and
# no other) without the deliberate cost of scrypt, paid on every login and user creation.
TEST_PASSWORD_HASH = "pbkdf2:sha256:1"
# the audit keyring (core/audit_keys.py), fixed so that saved database states stay valid
TEST_AUDIT_KEYS = "test-old " + "11" * 32 + "\ntest-now " + "22" * 32 + "\n"
TEST_CONFIG = {
    "TESTING": True, "SECRET_KEY": "test-secret-key", "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH,
    # Every profile served from the per-process memo is computed again and compared: a test
    # that reads a profile twice checks the content generations saw what changed in between.
    "PROFILE_MEMO_VERIFY": True,
    "AUDIT_KEYS": TEST_AUDIT_KEYS,
    # the editions of an approved report built right after the decision, through the same
    # code as the worker's (tests/web/test_report_builds.py runs them through the worker)
    "REPORTS_BUILT_IN_REQUEST": True,
    # without the `smtp` fixture, mail goes to files here rather than into instance/
    "MAIL_OUTBOX_DIR": os.path.join(tempfile.gettempdir(), f"riskassess-test-outbox-{WORKER}"),
}


@pytest.fixture(scope="session")
def _database(tmp_path_factory):
    """The application and the saved states of its database ("empty", later "demo")."""
    holder: dict = {}

    def release() -> None:
        with holder["app"].app_context():
            db.session.remove()
            db.engine.dispose()

    states = database_states(TEST_DATABASE_URL, WORKER, tmp_path_factory.mktemp("db"), release)
    app = holder["app"] = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": states.url})
    with app.app_context():
        upgrade()
    states.save("empty")
    yield app, states
    MEMO_CHECKS["profiles"] += app.extensions["profile_memo"].hits
    states.close()


@pytest.fixture(scope="session")
def app(_database):
    return _database[0]


MEMO_CHECKS = {"profiles": 0}


def pytest_sessionfinish(session):
    """A pytest-xdist worker hands its count of kept profiles served to the controller."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["memo_profiles"] = MEMO_CHECKS["profiles"]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """The controller adds up what its workers counted (pytest-xdist hook)."""
    MEMO_CHECKS["profiles"] += getattr(node, "workeroutput", {}).get("memo_profiles", 0)


def pytest_terminal_summary(terminalreporter):
    """How many profiles came from the memo, each computed again and compared."""
    if MEMO_CHECKS["profiles"]:
        terminalreporter.write_line(
            f"profiles served from the per-process memo: {MEMO_CHECKS['profiles']}, each "
            "checked against a fresh computation (PROFILE_MEMO_VERIFY)")


@pytest.fixture(scope="session")
def _demo_ids(_database):
    """Seed the demo once per worker, save that state, and return the ids of its users by
    role and of its assessments by status."""
    from sqlalchemy import select

    from riskassess.jobs import seed_demo as seed
    from riskassess.models import Assessment, User

    app, states = _database
    states.restore("empty")
    with app.app_context():
        try:
            seed()
            users = {u.role: u.id for u in db.session.scalars(select(User))}
            by_status = {a.status: a.id for a in db.session.scalars(select(Assessment))}
        finally:
            db.session.remove()
    states.save("demo")
    return {"users": users, "assessments": by_status}


def _forget_kept(app) -> None:
    """Profiles kept per process are keyed on content generations, which a restored
    database brings back: forget them."""
    memo = app.extensions.get("profile_memo")
    if memo is not None:
        memo.clear()


@pytest.fixture(scope="session")
def _built_states():
    return {}


@pytest.fixture
def saved_state(_database, _demo_ids, _built_states):
    """Put the database in a state built on the demo by `build()`, built once per worker and
    restored on later calls: `ids = saved_state("name", build)` returns what `build` returned
    (it runs inside an application context)."""
    app, states = _database

    def use(name: str, build):
        if name not in _built_states:
            states.restore("demo")
            with app.app_context():
                try:
                    _built_states[name] = build()
                    unit_of_work.commit()
                finally:
                    db.session.remove()
            states.save(name)
        else:
            states.restore(name)
        _forget_kept(app)
        return _built_states[name]

    return use


@pytest.fixture(autouse=True)
def _fresh_database(request):
    """Before each test that uses the application: the demo's saved state if it asked for
    the demo, else the empty schema; and no page kept from an earlier test (the restored
    database has the same ids and generations as the one those pages were made from)."""
    if "app" not in request.fixturenames:
        return
    app, states = request.getfixturevalue("_database")
    if "demo" in request.fixturenames:
        request.getfixturevalue("_demo_ids")
        states.restore("demo")
    else:
        states.restore("empty")
    _forget_kept(app)
    app.extensions["login_limiter"].reset()  # no failed login of an earlier test counts


@pytest.fixture
def ctx(app):
    """An application context for tests that call services directly (not with the client:
    requests made inside it would share its session and cached locale)."""
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def in_app(app):
    """Run a function inside a fresh application context, as one unit of work committed at its
    end as a request's is (riskassess/unit_of_work.py): `in_app(lambda: ...)`."""

    def run(function):
        with app.app_context():
            try:
                result = function()
                db.session().expire_on_commit = False  # what it returns is read afterwards
                unit_of_work.commit()
                return result
            finally:
                db.session.remove()

    return run


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def demo(_demo_ids):
    """The demo organisation, users and assessments (restored before the test by
    _fresh_database): ids of users by role and of assessments by status."""
    return {"users": dict(_demo_ids["users"]), "assessments": dict(_demo_ids["assessments"])}


@pytest.fixture
def other_org(in_app, demo):
    """A second organisation with its own owner, DPO and auditor, and one submitted
    assessment."""
    from riskassess.services import assessments, users
    from riskassess.services.demo import FRAUD

    def load():
        owner = users.create_user("owner@other.test", "Olivia Other", "owner", "Autre SA",
                                  PASSWORD)
        users.create_user("dpo@other.test", "Dan Other", "dpo", "Autre SA", PASSWORD)
        users.create_user("auditor@other.test", "Ada Other", "auditor", "Autre SA", PASSWORD)
        assessment = assessments.create(owner, "Projet d'une autre organisation", "",
                                        "banking_finance", template_id="bank_fraud")
        assessments.import_answers(assessment, FRAUD)
        assessments.submit(owner, assessment)
        return assessment.id

    return {"assessment": in_app(load)}


def csrf_token(client) -> str:
    """The CSRF token of the client's session, read from a rendered page."""
    page = client.get("/login", follow_redirects=True).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, "no CSRF token on the login page"
    return match.group(1)


def post(client, url: str, data: dict | None = None, **kwargs):
    """POST a form with a valid CSRF token, as a browser would."""
    payload = {"csrf_token": csrf_token(client), **(data or {})}
    return client.post(url, data=payload, **kwargs)


def login(client, email: str, password: str = PASSWORD):
    response = post(client, "/login", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


EMAILS = {
    "owner": "owner@demo.riskassess.test",
    "dpo": "dpo@demo.riskassess.test",
    "decider": "decider@demo.riskassess.test",
    "auditor": "auditor@demo.riskassess.test",
    "admin": "admin@demo.riskassess.test",
}


def switch_to(client, role: str):
    """Log the client out, then in as a demo role."""
    post(client, "/logout")
    login(client, EMAILS[role])
    return client


def give_opinion(dpo, assessment_id: int, text: str = "Avis favorable.",
                 opinion: str = "favourable", follow_redirects: bool = False, **extra):
    """The DPO's client gives the opinion (`extra`: more form fields)."""
    return post(dpo, f"/assessments/{assessment_id}/opinion",
                {"action": "give_opinion", "opinion": opinion, "text": text, **extra},
                follow_redirects=follow_redirects)


def decide_as(decider, assessment_id: int, action: str = "approve", text: str = ""):
    """The decider's client decides."""
    return post(decider, f"/assessments/{assessment_id}/decision",
                {"action": action, "text": text})


def opinion_then_decision(client, assessment_id: int, text: str = "Avis favorable.",
                          opinion: str = "favourable", decision: str = "approve",
                          reasons: str = "", justification: str = ""):
    """The DPO gives the opinion, then the decider decides (the client ends logged in as
    the decider); returns the decision's response."""
    switch_to(client, "dpo")
    given = post(client, f"/assessments/{assessment_id}/opinion",
                 {"action": "give_opinion", "opinion": opinion, "text": text,
                  "justification": justification})
    assert given.status_code == 302, given.get_data(as_text=True)[:300]
    switch_to(client, "decider")
    return post(client, f"/assessments/{assessment_id}/decision",
                {"action": decision, "text": reasons})


@pytest.fixture
def as_role(client, demo):
    """Log the test client in as a demo role: `as_role("dpo")` (out first, if it was in)."""
    state = {"in": False}

    def _login(role: str):
        if state["in"]:
            post(client, "/logout")
        login(client, EMAILS[role])
        state["in"] = True
        return client

    return _login


@pytest.fixture(scope="session")
def _smtp_server():
    from tests.mailserver import SmtpServer

    server = SmtpServer().start()
    yield server
    server.stop()


class DeliveredInbox:
    """The test SMTP server's inbox, read once the worker's job (riskassess/jobs.py, as the
    background worker runs it) has sent what the outbox holds."""

    def __init__(self, inbox, app) -> None:
        self.inbox, self.app = inbox, app

    def deliver(self) -> int:
        from riskassess import jobs

        with self.app.app_context():
            try:
                return jobs.send_mail()
            finally:
                db.session.remove()

    def to(self, address: str):
        self.deliver()
        return self.inbox.to(address)

    def last_to(self, address: str):
        self.deliver()
        return self.inbox.last_to(address)

    def __getattr__(self, name: str):
        return getattr(self.inbox, name)


@pytest.fixture
def smtp(app, _smtp_server):
    """The application sends its mail to a real SMTP server of this test run; the fixture is
    its inbox (emptied for each test), read after the outbox was sent."""
    saved = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_smtp_server.port)
    _smtp_server.inbox.messages.clear()
    yield DeliveredInbox(_smtp_server.inbox, app)
    app.config.update(saved)


def invite_and_accept(admin, inbox, email: str, name: str, role: str,
                      password: str = PASSWORD) -> None:
    """An administrator's client invites `email`; the invitee follows the mailed link in a
    browser of their own and chooses `password`."""
    from tests.mailserver import link_in

    response = post(admin, "/admin/users", {"email": email, "name": name, "role": role})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    link = link_in(inbox.last_to(email))
    assert link and link.startswith("/invitation/")
    invitee = admin.application.test_client()
    accepted = post_to(invitee, link, {"name": name, "password": password,
                                       "confirm": password})
    assert accepted.status_code == 302, accepted.get_data(as_text=True)[:800]


def post_to(client, url: str, data: dict):
    """POST a form to a page with the CSRF token read from that page."""
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, f"no CSRF token on {url}"
    return client.post(url, data={"csrf_token": match.group(1), **data})
