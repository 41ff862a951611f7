"""Logging: the `riskassess` logger (the app's and every module's) writes to stderr, as JSON
lines (`LOG_FORMAT=json`, the default in production) or as plain text (the default otherwise).

Records may carry structured `fields` (`extra={"fields": {...}}`); inside a request they also
carry its request id. Callers never put passwords, tokens or form bodies in a record.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from flask import Flask, g, has_request_context

LOGGER = "riskassess"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record is emitted (gunicorn workers, test
    capture), like logging's last-resort handler."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # StreamHandler.setStream; the stream is always stderr
        pass


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to every record logged while serving it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id") if has_request_context() else None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, the fields."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        entry = {
            "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "request_id", None):
            entry["request_id"] = record.request_id
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(app: Flask) -> logging.Logger:
    """(Re)configure the `riskassess` logger from LOG_FORMAT and LOG_LEVEL; idempotent."""
    log_format = str(app.config.get("LOG_FORMAT", "text")).lower()
    if log_format not in ("json", "text"):
        raise SystemExit(f"riskassess cannot start: LOG_FORMAT must be json or text, "
                         f"not {log_format!r}")
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if isinstance(h, StderrHandler)]:
        logger.removeHandler(handler)
    handler = StderrHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if log_format == "json" else
                         logging.Formatter(TEXT_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(str(app.config.get("LOG_LEVEL", "INFO")).upper())
    logger.propagate = False  # one line per record, whatever the root logger does
    if app.config.get("SECRET_KEY_FROM_INSTANCE") and not str(
            app.config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        logger.warning("SECRET_KEY is not set: using instance/secret_key, which differs on "
                       "every app server; set SECRET_KEY when running several of them")
    return logger
