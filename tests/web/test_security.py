"""HTTP hardening and password policy (login throttling:
tests/security/test_05_login_throttling.py)."""

from __future__ import annotations

import pytest

from riskassess.services import users
from tests.conftest import TEST_AUDIT_KEYS


def test_security_headers_on_every_page(client, demo):
    for url in ("/login", "/does-not-exist"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"


def test_no_inline_script_or_style_in_pages(as_role, demo):
    client = as_role("owner")
    for url in ("/assessments", f"/assessments/{demo['assessments']['approved']}",
                f"/assessments/{demo['assessments']['draft']}/modules/screening",
                "/assessments/new", "/knowledge-base"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>" not in page and " style=" not in page and "onclick" not in page, url


def test_session_cookie_flags(client):
    plain = client.get("/login").headers["Set-Cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    secure = client.get("/login", base_url="https://riskassess.example").headers["Set-Cookie"]
    assert "Secure" in secure


@pytest.mark.parametrize(
    ("password", "problem"),
    [("short-pass", "too short"), ("123456789012345", "too simple"),
     ("aaaaaaaaaaaaaaaa", "too simple"), ("motdepasse123", "too common"),
     ("nina.dupont-2026!", "must not contain the email")],
)
def test_password_policy(ctx, password, problem):
    with pytest.raises(users.UserError, match=problem):
        users.create_user("nina.dupont@example.org", "Nina", "owner", "ACME", password)


def test_production_hashes_passwords_with_scrypt(tmp_path):
    """The suite hashes with one round of PBKDF2 to stay fast (tests/conftest.py); an
    application configured as in production (no PASSWORD_HASH_METHOD given) uses scrypt, and
    an account it creates logs in with its password and no other."""
    from flask_migrate import upgrade

    from riskassess import create_app
    from riskassess.extensions import db

    app = create_app({"TESTING": True, "AUDIT_KEYS": TEST_AUDIT_KEYS,
                      "SECRET_KEY": "test-secret-key",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'scrypt.sqlite3'}"})
    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt"
    with app.app_context():
        try:
            upgrade()
            user = users.create_user("nina.dupont@example.org", "Nina", "owner", "ACME",
                                     "correct-horse-battery")
            assert user.password_hash.startswith("scrypt:")
            assert users.authenticate("nina.dupont@example.org", "correct-horse-battery") == user
            assert users.authenticate("nina.dupont@example.org", "wrong-horse-battery") is None
        finally:
            db.session.remove()
            db.engine.dispose()
