"""One log record per request: method, path (never the query string), status, duration, the
logged-in user's id and a request id, taken from X-Request-ID when it looks like one (a
reverse proxy's) or generated, and echoed in the response. Bodies, headers, cookies and
passwords are never logged."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, g, request
from flask_login import AnonymousUserMixin
from sqlalchemy import inspect

HEADER = "X-Request-ID"
VALID_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
logger = logging.getLogger("riskassess.request")


def _start() -> None:
    g.request_started = time.perf_counter()
    given = request.headers.get(HEADER, "")
    g.request_id = given if VALID_ID.fullmatch(given) else uuid.uuid4().hex


def _user_id() -> int | None:
    """The logged-in user's id, without a query: only if Flask-Login loaded the user."""
    user = g.get("_login_user")
    if user is None or isinstance(user, AnonymousUserMixin):
        return None
    state = inspect(user, raiseerr=False)
    return state.identity[0] if state is not None and state.identity else None


def _log(response):
    if "request_id" not in g:  # a hook registered before ours failed
        _start()
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 1) if started else None
    fields = {"method": request.method, "path": request.path, "status": response.status_code,
              "duration_ms": duration, "user_id": _user_id()}
    logger.info("%s %s %s %sms user=%s", request.method, request.path, response.status_code,
                duration, fields["user_id"] or "-", extra={"fields": fields})
    response.headers[HEADER] = g.request_id
    return response


def register(app: Flask) -> None:
    # the first before-request hook, so that CSRF or login refusals are timed too, and the
    # last after-request hook, so that the final status is logged
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request_funcs.setdefault(None, []).insert(0, _log)
