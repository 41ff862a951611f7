"""The health check, the production configuration and the gunicorn entry point."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from flask import Flask

from riskassess import audit_key_tool, create_app
from riskassess.config import configure
from tests.conftest import TEST_AUDIT_KEYS

STRONG_KEY = "k" * 40


def test_healthz_answers_without_login_and_says_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    assert client.post("/healthz").status_code == 405


@pytest.mark.parametrize("url", [
    "sqlite:///{tmp}/no-such-directory/riskassess.sqlite3",
    "postgresql+psycopg://riskassess@127.0.0.1:1/riskassess?connect_timeout=3",
])
def test_healthz_reports_an_unavailable_database(tmp_path, url):
    app = create_app({"TESTING": True, "AUDIT_KEYS": TEST_AUDIT_KEYS,
                      "SECRET_KEY": "test-secret-key",
                      "SQLALCHEMY_DATABASE_URI": url.format(tmp=tmp_path)})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unavailable"}
    assert "riskassess@" not in response.get_data(as_text=True)


def bare_configure(tmp_path, monkeypatch, env: dict[str, str], overrides=None) -> Flask:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))
    configure(app, overrides)
    return app


def test_production_refuses_to_start_without_a_shared_secret_key(tmp_path, monkeypatch):
    with pytest.raises(SystemExit, match="SECRET_KEY is not set"):
        bare_configure(tmp_path, monkeypatch, {"RISKASSESS_ENV": "production"})
    assert not (tmp_path / "instance" / "secret_key").exists()
    with pytest.raises(SystemExit, match="at least 32 characters"):
        bare_configure(tmp_path, monkeypatch,
                       {"RISKASSESS_ENV": "production", "SECRET_KEY": "short"})
    with pytest.raises(SystemExit, match="RISKASSESS_AUDIT_KEY_FILE is not set"):
        bare_configure(tmp_path, monkeypatch,
                       {"RISKASSESS_ENV": "production", "SECRET_KEY": STRONG_KEY})
    assert not (tmp_path / "instance" / "audit_keys").exists()
    keyring = tmp_path / "audit_keys"
    with pytest.raises(SystemExit, match="does not exist"):
        bare_configure(tmp_path, monkeypatch, {"RISKASSESS_ENV": "production",
                       "SECRET_KEY": STRONG_KEY, "RISKASSESS_AUDIT_KEY_FILE": str(keyring)})
    assert audit_key_tool.main([str(keyring)]) == 0
    app = bare_configure(tmp_path, monkeypatch, {"RISKASSESS_ENV": "production",
                         "SECRET_KEY": STRONG_KEY, "RISKASSESS_AUDIT_KEY_FILE": str(keyring)})
    assert app.config["SECRET_KEY"] == STRONG_KEY
    assert keyring.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert app.config["AUDIT_KEYRING"].current == keyring.read_text().split()[0]
    assert app.config["LOG_FORMAT"] == "json"


def test_development_generates_a_key_and_logs_text(tmp_path, monkeypatch):
    monkeypatch.delenv("RISKASSESS_ENV", raising=False)
    monkeypatch.delenv("RISKASSESS_LOG_FORMAT", raising=False)
    app = bare_configure(tmp_path, monkeypatch, {})
    assert app.config["SECRET_KEY"] == (tmp_path / "instance" / "secret_key").read_text()
    assert app.config["LOG_FORMAT"] == "text"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, headers: dict[str, str]):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers),  # noqa: S310
                                    timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def gunicorn_command(port: int) -> list[str]:
    command = [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind",
               f"127.0.0.1:{port}", "--error-logfile", "-"]
    version = subprocess.run([sys.executable, "-m", "gunicorn", "--help"], capture_output=True,
                             text=True, check=True).stdout
    if "--no-control-socket" in version:  # gunicorn ≥ 25: no socket in the home directory
        command.append("--no-control-socket")
    return [*command, "riskassess.wsgi:app"]


def test_gunicorn_serves_the_wsgi_entry_point(tmp_path):
    port = free_port()
    keyring = tmp_path / "audit_keys"
    keyring.write_text(TEST_AUDIT_KEYS, encoding="utf-8")
    env = {**os.environ, "SECRET_KEY": STRONG_KEY, "RISKASSESS_ENV": "production",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite3'}",
           "RISKASSESS_AUDIT_KEY_FILE": str(keyring)}
    server = subprocess.Popen(gunicorn_command(port), env=env, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline, answer = time.monotonic() + 30, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                answer = get(f"http://127.0.0.1:{port}/healthz", {"X-Request-ID": "probe-1"})
                break
            except OSError:
                time.sleep(0.2)
        assert answer is not None, "gunicorn did not answer"
        status, headers, body = answer
        assert status == 200 and json.loads(body) == {"status": "ok", "database": "ok"}
        assert headers["X-Request-ID"] == "probe-1"
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    lines = [json.loads(line) for line in errors.splitlines() if line.startswith("{")]
    assert any(line.get("path") == "/healthz" and line.get("request_id") == "probe-1"
               and line.get("status") == 200 for line in lines), errors
