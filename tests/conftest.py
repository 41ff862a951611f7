"""Shared fixtures: an application on a fresh, migrated database, clients and demo data.

The database is SQLite in a temporary folder, or the PostgreSQL server named by
RISKASSESS_TEST_DATABASE_URL (the test command starts one and runs the suite again on it).
The schema is built once per session through the migrations; every test then starts from
empty tables.
"""

from __future__ import annotations

import os
import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from riskassess import create_app
from riskassess.extensions import db

TEST_DATABASE_URL = os.environ.get("RISKASSESS_TEST_DATABASE_URL")
PASSWORD = "riskassess-demo"


def _reset_schema(url: str) -> None:
    """Drop everything in the PostgreSQL test database (SQLite starts from a new file)."""
    if url.startswith("postgresql"):
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = TEST_DATABASE_URL or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test-secret-key",
         # Every page served from the page cache is rendered again and compared: a test
         # that looks at a page twice checks the cache saw what changed in between.
         "PAGE_CACHE_VERIFY": True}
    )
    with app.app_context():
        _reset_schema(url)
        upgrade()
    yield app
    PAGE_CACHE_CHECKS["pages"] = app.extensions["page_cache"].hits
    with app.app_context():
        db.engine.dispose()  # close pooled connections before the interpreter exits


PAGE_CACHE_CHECKS = {"pages": 0}


def pytest_terminal_summary(terminalreporter):
    """How many pages came from the page cache, each rendered again and compared."""
    if PAGE_CACHE_CHECKS["pages"]:
        terminalreporter.write_line(
            f"page cache: {PAGE_CACHE_CHECKS['pages']} pages served from it, each checked "
            "against a fresh rendering (PAGE_CACHE_VERIFY)")


@pytest.fixture(autouse=True)
def _clean_tables(request):
    """Empty every table after each test that used the database."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def ctx(app):
    """An application context for tests that call services directly (not with the client:
    requests made inside it would share its session and cached locale)."""
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def in_app(app):
    """Run a function inside a fresh application context: `in_app(lambda: ...)`."""

    def run(function):
        with app.app_context():
            try:
                return function()
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
def demo(in_app):
    """The demo organisation, users and assessments: ids of users by role and of
    assessments by status."""
    from sqlalchemy import select

    from riskassess.models import Assessment, User
    from riskassess.services.demo import seed

    def load():
        seed()
        users = {u.role: u.id for u in db.session.scalars(select(User))}
        by_status = {a.status: a.id for a in db.session.scalars(select(Assessment))}
        return {"users": users, "assessments": by_status}

    return in_app(load)


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
    "auditor": "auditor@demo.riskassess.test",
    "admin": "admin@demo.riskassess.test",
}


@pytest.fixture
def as_role(client, demo):
    """Log the test client in as a demo role: `as_role("dpo")`."""

    def _login(role: str):
        login(client, EMAILS[role])
        return client

    return _login
