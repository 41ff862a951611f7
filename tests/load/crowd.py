"""Many simulated users at once: logged in together, then saving together until a deadline
(or until the server is killed under them), one thread each."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from tests.load.client import Browser, ServerGone
from tests.load.store import PASSWORD, Seeded
from tests.load.wizard_user import Ledger, WizardUser


def log_in_all(port: int, seeded: Seeded, ledger: Ledger) -> list[Browser]:
    """A logged-in browser per user (in parallel: password hashing is slow on purpose)."""
    browsers = [Browser(port) for _ in seeded.emails]

    def log_in(browser: Browser, email: str) -> None:
        try:
            browser.login(email, PASSWORD)
        except (AssertionError, ServerGone) as exc:
            ledger.fail(f"login of {email}: {exc}")

    _run_all([threading.Thread(target=log_in, args=pair)
              for pair in zip(browsers, seeded.emails, strict=True)])
    return browsers


def users_for(browsers: list[Browser], seeded: Seeded, ledger: Ledger,
              autosave_share: float = 0.7) -> list[WizardUser]:
    return [WizardUser(number, browser, seeded.assessment_of[number], seeded.modules, ledger,
                       autosave_share)
            for number, browser in enumerate(browsers)]


def save_until(users: list[WizardUser], seconds: float,
               meanwhile: Callable[[], None] | None = None) -> float:
    """Every user saves for `seconds` from the same start, while `meanwhile` runs (e.g. kills
    the server); returns the time it all took."""
    started = time.monotonic()
    stop_at = started + seconds

    def work(user: WizardUser) -> None:
        try:
            user.run(stop_at)
        except Exception as exc:  # any surprise fails the test
            user.ledger.fail(f"user {user.number}: {type(exc).__name__}: {exc}")

    _run_all([threading.Thread(target=work, args=(user,)) for user in users], meanwhile)
    return time.monotonic() - started


def _run_all(threads: list[threading.Thread],
             meanwhile: Callable[[], None] | None = None) -> None:
    for thread in threads:
        thread.start()
    try:
        if meanwhile is not None:
            meanwhile()
    finally:
        for thread in threads:
            thread.join()
