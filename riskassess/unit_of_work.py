"""One unit of work per request, command and background job (issue 22).

Services change the session and write their audit events; they never commit. The boundary
that called them commits once at its end:

* a web or API request, in `_end_of_request`: committed when the response is a success or a
  redirect (status below 400), rolled back otherwise; an exception anywhere in the view rolls
  everything back (Flask-SQLAlchemy removes the session at the end of the app context);
* a command, once its work is done, before it says so (riskassess/cli/); an exception rolls
  back (the app context's end removes the session);
* a background job (riskassess/jobs.py, run by the worker and by commands), one item at a
  time.

Work that must only start once the change is durable (laying out a report in the request when
REPORTS_BUILT_IN_REQUEST is set, as Celery's "eager" mode) is registered with `on_commit` and
runs after the commit, as its own unit of work; a rollback drops it. This is Django's
`transaction.on_commit`, which neither Flask nor Flask-SQLAlchemy offers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from riskassess.extensions import db

if TYPE_CHECKING:
    from flask import Flask, Response

AFTER_COMMIT = "riskassess.after_commit"
logger = logging.getLogger("riskassess.unit_of_work")


def on_commit(callback: Callable[[], Any]) -> None:
    """Run `callback` once the current unit of work is committed; never if it is rolled
    back."""
    db.session.info.setdefault(AFTER_COMMIT, []).append(callback)


def commit() -> None:
    """Commit the unit of work, then run what waited for it."""
    db.session.commit()
    for callback in db.session.info.pop(AFTER_COMMIT, []):
        callback()


def rollback() -> None:
    """Undo the unit of work and forget what waited for it."""
    db.session.info.pop(AFTER_COMMIT, None)
    db.session.rollback()


def _end_of_request(response: Response) -> Response:
    if response.status_code < 400:
        commit()  # a failure here is the request's: Flask answers 500
    else:
        try:
            rollback()
        except SQLAlchemyError as error:  # e.g. the database is down (the health check's 503)
            logger.warning("rollback at the end of a failed request: %s", type(error).__name__)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_end_of_request)
