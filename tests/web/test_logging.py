"""Structured logs: one JSON line per request with its id, echoed in the response; never a
password, a CSRF token or a form body."""

from __future__ import annotations

import json
import logging
import re

import pytest
from flask import g

from riskassess.logging_setup import configure_logging
from tests.conftest import EMAILS, PASSWORD, csrf_token


@pytest.fixture
def json_logs(app, capsys):
    """The app logs JSON lines for the test; returns a function reading the lines logged."""
    app.config["LOG_FORMAT"] = "json"
    configure_logging(app)
    capsys.readouterr()

    def read() -> tuple[list[dict], str]:
        err = capsys.readouterr().err
        return [json.loads(line) for line in err.splitlines() if line.strip()], err

    yield read
    app.config["LOG_FORMAT"] = "text"
    configure_logging(app)


def test_one_json_line_per_request_with_the_request_id_echoed(client, json_logs):
    given = client.get("/healthz", headers={"X-Request-ID": "edge-42.a"})
    generated = client.get("/healthz")
    forged = client.get("/healthz", headers={"X-Request-ID": "bad id {\"level\": \"fake\"}"})
    lines, _ = json_logs()
    assert given.headers["X-Request-ID"] == "edge-42.a"
    assert re.fullmatch(r"[0-9a-f]{32}", generated.headers["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["X-Request-ID"])
    requests = [line for line in lines if line["logger"] == "riskassess.request"]
    assert [line["request_id"] for line in requests] == [
        "edge-42.a", generated.headers["X-Request-ID"], forged.headers["X-Request-ID"]]
    first = requests[0]
    assert {"time", "level", "method", "path", "status", "duration_ms", "user_id"} <= set(first)
    assert (first["level"], first["method"], first["path"], first["status"]) == (
        "INFO", "GET", "/healthz", 200)
    assert first["duration_ms"] >= 0 and first["user_id"] is None


def test_login_is_logged_with_the_user_but_never_the_password(app, client, demo, json_logs):
    token = csrf_token(client)
    response = client.post("/login?next=/assessments", data={
        "csrf_token": token, "email": EMAILS["owner"], "password": PASSWORD})
    assert response.status_code == 302
    client.get("/assessments")
    other = app.test_client()
    failed = other.post("/login", data={"csrf_token": csrf_token(other), "email": EMAILS["dpo"],
                                        "password": "wrong-password-123"})
    assert failed.status_code == 200
    lines, raw = json_logs()
    assert PASSWORD not in raw and "wrong-password-123" not in raw and token not in raw
    assert EMAILS["owner"] not in raw and EMAILS["dpo"] not in raw
    posts = [line for line in lines if line.get("path") == "/login"
             and line["method"] == "POST"]
    assert [(line["status"], line["user_id"]) for line in posts] == [
        (302, demo["users"]["owner"]), (200, None)]
    assert all("?" not in line.get("path", "") for line in lines)
    listing = next(line for line in lines if line.get("path") == "/assessments")
    assert listing["user_id"] == demo["users"]["owner"]


def test_application_records_carry_the_request_id(app, json_logs):
    with app.test_request_context("/"):
        g.request_id = "req-7"
        logging.getLogger("riskassess.something").warning("a %s event", "notable")
    logging.getLogger("riskassess.something").error("outside any request")
    lines, _ = json_logs()
    inside, outside = lines[-2:]
    assert (inside["message"], inside["level"], inside["request_id"]) == (
        "a notable event", "WARNING", "req-7")
    assert outside["message"] == "outside any request" and "request_id" not in outside
