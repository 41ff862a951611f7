"""The application factory: configuration, extensions, catalogue, blueprints, commands; and
the lighter application a database command runs in (issue 20: start-up)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext

from riskassess import sqlite_setup
from riskassess.config import REPO_ROOT, configure
from riskassess.extensions import babel, csrf, db, login_manager


def create_app(config: dict | None = None, *, web: bool = True) -> Flask:
    """Application factory. `config` overrides the defaults and the environment (tests).

    `web=False` is the application of a command that works on the database alone
    (`riskassess list-assessments`, cli/main.py): the same configuration, database, session
    hooks and translations, but no pages, API, login limits or migrations, and the
    questionnaire files read when the command first needs them. Start-up is then about half.
    """
    app = Flask(
        __name__,
        instance_path=str(REPO_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(REPO_ROOT / "templates"),
    )
    configure(app, config)
    if not web:
        from riskassess.logging_setup import configure_logging

        configure_logging(app)
        register_extensions(app)
        return app  # the catalogue is read when first needed (services/catalogue.py)
    register_operations(app)
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    register_extensions(app)
    register_sessions(app)
    register_migrations(app)
    register_catalogue(app)
    register_blueprints(app)
    from riskassess.web import throttle

    throttle.install(app)  # login limits (Flask-Limiter) on the registered login view
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """What every application needs, a command's too: the database and its session hooks,
    the units of work, the jobs and the translations."""
    from riskassess import content_generation, jobs, labels, unit_of_work
    from riskassess.services import outcomes, profile_memo

    db.init_app(app)
    unit_of_work.init_app(app)  # one commit per request, at its end
    jobs.init_app(app)  # the reports' editions laid out after the decision's commit (tests)
    content_generation.install(db.session)  # content generations keying the page cache
    outcomes.install(db.session)  # what each assessment concludes, for lists and dashboard
    profile_memo.install(app)  # profiles keyed on the same content generations
    with app.app_context():  # WAL and a busy timeout on SQLite (riskassess/sqlite_setup.py)
        for engine in db.engines.values():
            sqlite_setup.install(engine)
    babel.init_app(app, locale_selector=labels.select_locale)


def register_sessions(app: Flask) -> None:
    """Requests: CSRF, logged-in users, the translations looked up once per request."""
    from riskassess.web import translations

    csrf.init_app(app)
    translations.install(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.login_message = lazy_gettext("Please log in to access this page.")

    from sqlalchemy.orm import joinedload

    from riskassess.models import User
    from riskassess.services.users import parse_session_id, same_token

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        # "id.token" (User.get_id): a session made before the user's token changed (logout,
        # password reset, deactivation, role change) no longer loads anyone.
        user_id, token = parse_session_id(session_id)
        if user_id is None:
            return None
        # With the organisation every page shows (and the page cache keys on): one query.
        user = db.session.get(User, user_id, options=[joinedload(User.organisation)])
        if user is None or not user.active or not same_token(user.session_token, token):
            return None
        return user


def register_migrations(app: Flask) -> None:
    """Flask-Migrate (Alembic): `flask db …`, `init-db` and the backups' schema revision."""
    from flask_migrate import Migrate

    Migrate(app, db, directory=str(REPO_ROOT / "migrations"), render_as_batch=True)


def register_catalogue(app: Flask) -> None:
    """Load and validate the questionnaire files; any problem stops the start-up, listed."""
    from riskassess.services.catalogue import load_or_exit

    load_or_exit(app)


def register_blueprints(app: Flask) -> None:
    from riskassess.web import converters

    converters.install(app)  # before the rules: every <int:…> id is bounded

    from riskassess import api
    from riskassess.web import (
        account,
        actions,
        admin,
        assessments,
        attachments,
        audit,
        auth,
        custom_measures,
        dashboard,
        errors,
        evidence,
        guide,
        invitations,
        living,
        notifications,
        organisation,
        password,
        portability,
        register,
        register_io,
        reports,
        review,
        security,
        sso,
        wizard,
    )

    for module in (auth, invitations, assessments, wizard, evidence, review, reports, audit,
                   admin, portability, notifications, password, dashboard, attachments, actions,
                   sso, register, register_io, living, custom_measures, organisation,
                   guide):
        app.register_blueprint(module.bp)
    app.register_blueprint(account.bp)
    api.register(app)
    errors.register(app)
    security.register(app)


def register_template_helpers(app: Flask) -> None:
    from riskassess.web import template_helpers

    template_helpers.register(app)


def register_commands(app: Flask) -> None:
    from riskassess import cli

    cli.register(app)


def register_operations(app: Flask) -> None:
    """Production plumbing (docs/deployment.md): logs, the request log, the health check."""
    from riskassess.logging_setup import configure_logging
    from riskassess.web import health, request_log

    configure_logging(app)
    request_log.register(app)
    app.register_blueprint(health.bp)
