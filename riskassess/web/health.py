"""The health check for load balancers and monitoring: `GET /healthz`, no login, 200 when the
database answers a real query, 503 otherwise. It says nothing about versions or settings."""

from __future__ import annotations

import logging
from contextlib import suppress

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from riskassess.extensions import db

bp = Blueprint("health", __name__)
logger = logging.getLogger("riskassess.health")


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1")).scalar_one()
    except SQLAlchemyError as exc:
        with suppress(SQLAlchemyError):
            db.session.rollback()
        logger.warning("health check: database unavailable (%s)", type(exc).__name__)
        response = jsonify(status="error", database="unavailable")
        response.status_code = 503
    else:
        response = jsonify(status="ok", database="ok")
    response.headers["Cache-Control"] = "no-store"
    return response
