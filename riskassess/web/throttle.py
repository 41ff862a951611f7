"""Login throttling with Flask-Limiter: failed logins are counted per (address, account) pair
with growing waits, and per address across accounts; a right password is never refused
because someone else failed elsewhere, so nobody can lock an account out from another address.

Counts live in the limiter's storage (RISKASSESS_RATELIMIT_STORAGE_URI): `memory://` by
default, which is per process; several app servers (or gunicorn workers) share one Redis, see
docs/deployment.md. The address is `request.remote_addr`, which the documented proxy set-up
(RISKASSESS_PROXY_FIX=1, werkzeug's ProxyFix) takes from the proxy's X-Forwarded-For; without
it, a client's own X-Forwarded-For header is ignored."""

from __future__ import annotations

import hashlib
import math
import time

from flask import Flask, flash, g, make_response, render_template, request
from flask_babel import gettext as _
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address

from riskassess.config import is_production

# Growing waits for one account from one address: after 3 failures within a minute, wait for
# the minute to pass; after 10 within 15 minutes, up to 15 minutes; after 30 in a day, a day.
PAIR_LIMITS = "3 per minute; 10 per 15 minutes; 30 per day"
# One address trying many accounts (password spraying, credential stuffing).
ADDRESS_LIMITS = "20 per minute; 100 per hour"
RESET_LIMITS = "5 per 15 minutes; 20 per day"  # links to choose a new password, per address



def install(app: Flask) -> Limiter:
    """A limiter of this application's own (its storage comes from its configuration), and
    the login limits on the login view; called once its blueprints are registered."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    # Retry-After is set by _refused, from the window of the limit reached (the extension's
    # headers would describe the first limit of the view, not always the one reached)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "riskassess")
    # A Redis that stops answering must not stop logins: counts go on in memory meanwhile.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    limiter = Limiter(key_func=get_remote_address, app=app)
    if is_production(app) and app.config["RATELIMIT_STORAGE_URI"].startswith("memory:"):
        app.logger.warning(
            "login limits are counted in each process's memory: with several gunicorn workers "
            "or app servers an attacker gets that many times the attempts; set "
            "RISKASSESS_RATELIMIT_STORAGE_URI=redis://… (docs/deployment.md)")
    view = app.view_functions["auth.login"]
    for limits, key in ((PAIR_LIMITS, account_key), (ADDRESS_LIMITS, get_remote_address)):
        view = limiter.limit(limits, key_func=key, methods=["POST"], deduct_when=failed_login,
                             on_breach=_refused, scope=f"login-{key.__name__}")(view)
    app.view_functions["auth.login"] = view
    # Forgotten passwords: each request queues a mail, so requests are limited per address.
    app.view_functions["password.forgot"] = limiter.limit(
        RESET_LIMITS, methods=["POST"], on_breach=_too_many_requests,
        scope="password-forgot")(app.view_functions["password.forgot"])
    app.extensions["login_limiter"] = limiter
    return limiter


def account_key() -> str:
    """The address and the account tried; the address alone when no e-mail was sent. The
    e-mail is hashed: bounded keys, and no addresses in the limiter's storage."""
    email = (request.form.get("email") or "")[:254].strip().lower()
    digest = hashlib.sha256(email.encode("utf-8", "replace")).hexdigest()[:32]
    return f"{get_remote_address()}|{digest}"


def failed_login(_response) -> bool:
    """Only failures count: the view sets g.login_failed on a wrong password or account."""
    return bool(g.get("login_failed"))


def _wait_page(limit: RequestLimit, template: str, form, message: str):
    """`template` again with `form` and the wait `message` (its `minutes` filled in), as a
    429 with Retry-After."""
    seconds = max(1, math.ceil(limit.window.reset_time - time.time()))
    flash(message % {"minutes": math.ceil(seconds / 60)}, "error")
    response = make_response(render_template(template, form=form), 429)
    response.headers["Retry-After"] = str(seconds)
    return response


def _refused(limit: RequestLimit):
    """The login page again, with how long to wait."""
    from riskassess.web.forms import LoginForm

    return _wait_page(limit, "auth/login.html", LoginForm(), _(
        "Too many failed attempts: wait %(minutes)d minutes before trying again."))


def _too_many_requests(limit: RequestLimit):
    """The forgotten-password page again, with how long to wait."""
    from riskassess.web.password import ForgotForm

    return _wait_page(limit, "auth/forgot.html", ForgotForm(), _(
        "Too many requests: wait %(minutes)d minutes before asking again."))
