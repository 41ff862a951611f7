"""Browser journeys: the app served on a loopback port, driven in Debian's Chromium."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


class InFlight:
    """WSGI wrapper counting the requests the live server is still answering. A page's
    background request (the bell's count, fetched after each load) may still be running when
    its test ends: the next test restores the database only once it is done, so that no
    request holds a connection of the pool the restore replaces."""

    def __init__(self, app) -> None:
        self.app = app
        self.active = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.active += 1
        try:
            result = self.app(environ, start_response)
            try:
                return [b"".join(result)]
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()  # Flask's teardown: the session and its connection are released
        finally:
            with self.lock:
                self.active -= 1

    def wait_idle(self, seconds: float = 10) -> None:
        deadline = time.monotonic() + seconds
        while self.active and time.monotonic() < deadline:
            time.sleep(0.02)


@pytest.fixture(scope="session")
def _in_flight(app):
    return InFlight(app)


@pytest.fixture(autouse=True)
def _server_idle_after_each_test(_in_flight):
    yield
    _in_flight.wait_idle()


@pytest.fixture(scope="session")
def live_server(app, _in_flight):
    server = make_server("127.0.0.1", 0, _in_flight, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the test command installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, accept_downloads=True, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    """A real OpenID provider (node-oidc-provider) run by this test run, knowing the app under
    test as its one client; yields its issuer."""
    import socket
    import subprocess
    import time
    from pathlib import Path

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = Path(__file__).parent
    process = subprocess.Popen(
        ["node", str(folder / "oidc_provider.mjs"), str(port),
         f"{live_server}/login/sso/callback", OIDC_SECRET],
        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None:
                output = process.stdout.read()
                process.stdout.close()
                raise RuntimeError(f"the OpenID provider stopped: {output}") from None
            time.sleep(0.2)
    else:
        process.kill()
        process.stdout.close()
        raise RuntimeError("the OpenID provider did not start")
    yield f"http://localhost:{port}"
    process.terminate()
    process.wait(timeout=10)
    process.stdout.close()


OIDC_SECRET = "riskassess-test-client-secret"  # noqa: S105 -- the test provider's client


@pytest.fixture
def sso(app, oidc_provider):
    """The app configured for single sign-on with the test run's provider, for one test."""
    settings = {"OIDC_ISSUER": oidc_provider, "OIDC_CLIENT_ID": "riskassess",
                "OIDC_CLIENT_SECRET": OIDC_SECRET, "OIDC_ORGANISATION": "Démo Banque & Santé",
                "OIDC_NAME": "Test IdP", "OIDC_CREATE_USERS": False}
    saved = {key: app.config[key] for key in settings}
    app.config.update(settings)
    yield app.config
    app.config.update(saved)
