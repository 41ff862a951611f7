"""Issue 14, point 5: five wrong passwords from anywhere used to lock the account for everyone.
Now failed logins count per (address, account) pair with growing waits, and per address across
accounts (Flask-Limiter, riskassess/web/throttle.py): an attacker is slowed down, the owner
logs in from their own address; the counts are shared by app servers through Redis and follow
the client address given by the documented proxy set-up."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import types

import pytest
from limits.storage import memory

from riskassess import create_app
from riskassess.extensions import db
from riskassess.web import throttle
from tests.conftest import EMAILS, PASSWORD, TEST_CONFIG, post

ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"


def attempt(client, email: str, password: str, address: str, **kwargs):
    return post(client, "/login", {"email": email, "password": password},
                environ_base={"REMOTE_ADDR": address}, **kwargs)


def fail(client, email: str, address: str, times: int, **kwargs) -> None:
    for number in range(times):
        response = attempt(client, email, f"wrong-guess-{number}", address, **kwargs)
        assert response.status_code == 200, response.status_code
        assert "Adresse électronique inconnue ou mot de passe erroné" in \
            response.get_data(as_text=True)


@pytest.fixture
def clock(monkeypatch):
    """The limiter's clock (memory storage) and the login page's, moved by hand."""
    now = [time.time()]
    fake = types.SimpleNamespace(time=lambda: now[0])
    monkeypatch.setattr(memory, "time", fake)
    monkeypatch.setattr(throttle, "time", fake)

    def advance(seconds: float) -> None:
        now[0] += seconds

    return advance


def test_an_attacker_cannot_lock_the_owner_out(app, demo):
    attacker, owner = app.test_client(), app.test_client()
    fail(attacker, EMAILS["dpo"], ATTACKER, 3)
    refused = attempt(attacker, EMAILS["dpo"], PASSWORD, ATTACKER)
    assert refused.status_code == 429  # the attacker's address waits, even with the password
    assert refused.get_data(as_text=True).count("Trop de tentatives échouées") == 1
    assert 'value="dpo@demo.riskassess.test"' in refused.get_data(as_text=True)  # kept
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert attempt(owner, EMAILS["dpo"], PASSWORD, OWNER).status_code == 302  # the owner: in


def test_waits_grow_with_the_failures(app, demo, clock):
    client = app.test_client()
    waits = []
    for _ in range(4):  # 3 failures a minute, up to 10 in 15 minutes
        fail(client, EMAILS["dpo"], ATTACKER, 3 if len(waits) < 3 else 1)
        refused = attempt(client, EMAILS["dpo"], "another-guess", ATTACKER)
        assert refused.status_code == 429
        waits.append(int(refused.headers["Retry-After"]))
        clock(waits[-1] + 1)
    assert all(wait <= 60 for wait in waits[:3]), waits
    # the tenth failure within 15 minutes: wait until the first of them is 15 minutes old
    assert 5 * 60 < waits[3] <= 15 * 60
    client = app.test_client()
    assert attempt(client, EMAILS["dpo"], PASSWORD, ATTACKER).status_code == 302


def test_one_address_trying_many_accounts_is_slowed_down(app, demo):
    client = app.test_client()
    for number in range(20):
        fail(client, f"guess-{number}@demo.riskassess.test", ATTACKER, 1)
    assert attempt(client, "guess-20@demo.riskassess.test", "x" * 12, ATTACKER).status_code \
        == 429
    assert attempt(app.test_client(), EMAILS["owner"], PASSWORD, OWNER).status_code == 302


def test_a_right_password_is_not_counted(app, demo):
    client = app.test_client()
    for _ in range(5):
        assert attempt(client, EMAILS["dpo"], PASSWORD, OWNER).status_code == 302
        post(client, "/logout")


@pytest.fixture
def server(app):
    """Other app servers on the test database, each configured as given; their connections
    are closed at the end."""
    made = []

    def start(**config):
        made.append(create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI":
                                app.config["SQLALCHEMY_DATABASE_URI"], **config}))
        return made[-1]

    yield start
    for other in made:
        other.extensions["login_limiter"].reset()
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_behind_the_documented_proxy_the_client_address_counts(app, demo, server):
    """With RISKASSESS_PROXY_FIX=1 the proxy's X-Forwarded-For names the client; without it,
    a client's own X-Forwarded-For header changes nothing (no escape by spoofing)."""
    proxied = server(PROXY_FIX=True)
    proxy = "10.0.0.2"
    attacker = proxied.test_client()
    fail(attacker, EMAILS["dpo"], proxy, 3, headers={"X-Forwarded-For": ATTACKER})
    assert attempt(attacker, EMAILS["dpo"], PASSWORD, proxy,
                   headers={"X-Forwarded-For": ATTACKER}).status_code == 429
    assert attempt(proxied.test_client(), EMAILS["dpo"], PASSWORD, proxy,
                   headers={"X-Forwarded-For": OWNER}).status_code == 302

    direct = app.test_client()
    fail(direct, EMAILS["auditor"], ATTACKER, 3, headers={"X-Forwarded-For": "192.0.2.1"})
    assert attempt(direct, EMAILS["auditor"], PASSWORD, ATTACKER,
                   headers={"X-Forwarded-For": "192.0.2.99"}).status_code == 429


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A Redis server of this test run (Debian's redis-server, installed by the test command)
    on a free loopback port."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing: the test command installs Debian's redis-server"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    directory = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no", "--dir", str(directory)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            time.sleep(0.05)
    else:
        server.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


def test_app_servers_share_the_counts_through_redis(demo, server, redis_url):
    first, second = (server(RATELIMIT_STORAGE_URI=redis_url) for _ in range(2))
    first.extensions["login_limiter"].reset()
    fail(first.test_client(), EMAILS["dpo"], ATTACKER, 2)
    fail(second.test_client(), EMAILS["dpo"], ATTACKER, 1)  # the third, elsewhere
    assert attempt(first.test_client(), EMAILS["dpo"], PASSWORD, ATTACKER).status_code == 429
    assert attempt(second.test_client(), EMAILS["dpo"], PASSWORD, OWNER).status_code == 302
