"""Configuration: defaults, then environment overrides.

`DATABASE_URL` and `SECRET_KEY` are read as such; every other setting can be overridden by an
environment variable with the `RISKASSESS_` prefix (e.g. `RISKASSESS_QUESTIONNAIRES_DIR`).
The SQLite database, the generated secret key and the generated audit keyring live in the
instance folder.

`RISKASSESS_ENV=production` (docs/deployment.md) makes a missing or short `SECRET_KEY` a
start-up error, since a key generated into instance/ would differ on every app server, and
switches the logs to JSON lines. It also requires the audit keyring to be named
(`RISKASSESS_AUDIT_KEY_FILE`), for the same reason.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

from riskassess.core import audit_keys
from riskassess.core.audit_keys import Keyring

REPO_ROOT = Path(__file__).resolve().parent.parent


MIN_PRODUCTION_KEY = 32


class ConfigError(SystemExit):
    """A setting that makes the application unsafe or unusable: start-up stops, saying why."""

    def __init__(self, message: str) -> None:
        super().__init__(f"riskassess cannot start: {message}")


def _secret_key(instance: Path, production: bool) -> str:
    """The secret key from the environment, else (not in production) one generated once into
    instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if production:
        raise ConfigError(
            "SECRET_KEY is not set. In production (RISKASSESS_ENV=production) every app server "
            "must share the same key, from the environment; generate one with "
            "`python3 -c 'import secrets; print(secrets.token_hex(32))'`.")
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _audit_keyring(app: Flask, instance: Path, production: bool) -> Keyring:
    """The keyring that seals the audit chain (core/audit_keys.py): AUDIT_KEYS as text (tests),
    else the file AUDIT_KEY_FILE, else (not in production) one generated once into instance/."""
    if app.config.get("AUDIT_KEYS"):
        return audit_keys.parse(app.config["AUDIT_KEYS"])
    named = app.config.get("AUDIT_KEY_FILE")
    if production and not named:
        raise ConfigError(
            "RISKASSESS_AUDIT_KEY_FILE is not set. In production every app server must seal the "
            "audit trail with the same keys, kept outside the database: create the file once "
            "with `python -m riskassess.audit_key_tool PATH`, give it to every server and back it "
            "up apart from the database (docs/security.md).")
    path = Path(named) if named else instance / "audit_keys"
    if not path.exists():
        if named:
            raise ConfigError(f"the audit key file {path} does not exist; create it with "
                              f"`python -m riskassess.audit_key_tool {path}`.")
        path.write_text(audit_keys.new_line(), encoding="utf-8")
        path.chmod(0o600)
    try:
        return audit_keys.parse(path.read_text(encoding="utf-8"))
    except audit_keys.KeyringError as error:
        raise ConfigError(f"the audit key file {path} is not usable: {error}") from None


def database_url(instance: Path) -> str:
    """DATABASE_URL, defaulting to SQLite in instance/; plain postgres URLs use psycopg 3."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'riskassess.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def configure(app: Flask, overrides: dict | None = None) -> None:
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=database_url(instance),
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        QUESTIONNAIRES_DIR=str(REPO_ROOT / "questionnaires"),
        DEFAULT_QUESTIONNAIRE="aipd",
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,  # bounded request bodies (CSV samples)
        MAX_CSV_ROWS=500_000,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
        BABEL_DEFAULT_LOCALE="fr",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).parent / "translations"),
        LANGUAGES=("fr", "en"),
        ENV="development",  # RISKASSESS_ENV=production: see docs/deployment.md
        LOG_LEVEL="INFO",
        # werkzeug's method for new password hashes; the test suite alone sets a cheap one
        PASSWORD_HASH_METHOD="scrypt",  # noqa: S106 -- a method name, not a password
        PROFILE_MEMO_VERIFY=False,  # compute again and compare every profile kept
        # Mail (services/mail.py): an SMTP server, else messages written to instance/outbox/
        MAIL_SERVER=None,
        MAIL_PORT=25,
        MAIL_STARTTLS=False,
        MAIL_USERNAME=None,
        MAIL_PASSWORD=None,
        MAIL_SENDER="riskassess <no-reply@riskassess.invalid>",
        MAIL_OUTBOX_DIR=str(instance / "outbox"),
        INVITATION_DAYS=7,  # how long an invitation link stays valid
        RESET_MINUTES=60,  # how long a link to choose a new password stays valid
        # the address of the application in e-mail sent outside a request (the worker's)
        PUBLIC_URL="http://127.0.0.1:5000",
        WORKER_INTERVAL=2.0,  # seconds between two looks at the outbox (riskassess/worker.py)
        # the editions of an approved report are laid out by the worker; True: in the request,
        # right after the decision (the tests' default; services/report_builds.py)
        REPORTS_BUILT_IN_REQUEST=False,
        EVIDENCE_MAX_BYTES=10 * 1024 * 1024,  # one evidence file (services/attachments.py)
        # Single sign-on with OpenID Connect (web/sso.py), off while OIDC_ISSUER is empty:
        # RISKASSESS_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _ORGANISATION (whose users it
        # logs in), _CREATE_USERS (true: unknown addresses get an account), _DEFAULT_ROLE,
        # _NAME (shown on the login button).
        OIDC_ISSUER="", OIDC_CLIENT_ID="", OIDC_CLIENT_SECRET="", OIDC_ORGANISATION="",
        OIDC_CREATE_USERS=False, OIDC_DEFAULT_ROLE="owner", OIDC_NAME="SSO",
        MAIL_MAX_ATTEMPTS=12,  # then a message is marked failed, shown on the outbox page
    )
    app.config.from_prefixed_env("RISKASSESS")
    if overrides:
        app.config.update(overrides)
    if str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
        # a local file has no server to lose the connection to: no ping before each request
        options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "pool_pre_ping": False}
    production = is_production(app)
    app.config.setdefault("LOG_FORMAT", "json" if production else "text")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance, production)
        app.config["SECRET_KEY_FROM_INSTANCE"] = not os.environ.get("SECRET_KEY")
    if production and len(str(app.config["SECRET_KEY"])) < MIN_PRODUCTION_KEY:
        raise ConfigError(f"SECRET_KEY must be at least {MIN_PRODUCTION_KEY} characters long "
                          "in production.")
    app.config["AUDIT_KEYRING"] = _audit_keyring(app, instance, production)


def is_production(app: Flask) -> bool:
    return str(app.config.get("ENV", "")).lower() == "production"
